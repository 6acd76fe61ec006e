"""`oor data build / stats / show / augment / import-tracks` end to end on a few bundled contexts."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import yaml
from PIL import Image
from test_cli import run

from oorkit.data.format import read_info, read_prompts, read_samples


@pytest.fixture(scope="module")
def small_dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import subprocess
    import sys

    out = tmp_path_factory.mktemp("data") / "d"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "oorkit.cli.main",
            "data",
            "build",
            "--out",
            str(out),
            "--samples",
            "20",
            "--prompts",
            "50",
            "--seed",
            "0",
            "--workers",
            "1",
            "--only",
            "teacup_on_table",
            "--only",
            "teapot_pours_into_teacup",
        ],
        check=True,
        capture_output=True,
    )
    return out


def test_build_writes_samples_prompts_and_report(small_dataset: Path) -> None:
    samples = read_samples(small_dataset).to_pydict()
    assert sorted(set(samples["context_id"])) == ["teacup_on_table", "teapot_pours_into_teacup"]
    assert all(sum(c == cid for c in samples["context_id"]) == 20 for cid in set(samples["context_id"]))
    assert set(samples["source"]) == {"procedural"}
    phi = np.asarray(samples["phi"])
    assert phi.shape == (40, 15) and np.isfinite(phi).all() and (phi[:, 9:] > 0).all()
    prompts = read_prompts(small_dataset).to_pydict()
    per_context = {
        c: sum(
            x == c and s != "substitution"
            for x, s in zip(prompts["context_id"], prompts["source"], strict=True)
        )
        for c in set(prompts["context_id"])
    }
    assert min(per_context.values()) >= 50
    assert any(prompts["held_out"]) and not all(prompts["held_out"])
    report = json.loads((small_dataset / "build_report.json").read_text())
    assert {r["context_id"] for r in report["contexts"] if r["kept"]} == set(samples["context_id"])
    assert report["summary"]["contexts"] == len(set(samples["context_id"]))
    assert read_info(small_dataset).made_by["seed"] == 0


def test_build_is_reproducible(small_dataset: Path, tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run(
        monkeypatch,
        capsys,
        "data",
        "build",
        "--out",
        str(tmp_path / "again"),
        "--samples",
        "20",
        "--prompts",
        "50",
        "--seed",
        "0",
        "--workers",
        "1",
        "--only",
        "teacup_on_table",
        "--only",
        "teapot_pours_into_teacup",
    )
    assert code == 0, err
    np.testing.assert_array_equal(
        np.asarray(read_samples(small_dataset).column("phi").to_pylist()),
        np.asarray(read_samples(tmp_path / "again").column("phi").to_pylist()),
    )


def test_stats_show_and_augment(small_dataset: Path, tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run(
        monkeypatch, capsys, "data", "stats", str(small_dataset), "--out", str(tmp_path / "plots")
    )
    assert code == 0, err
    assert "teacup_on_table" in out and list((tmp_path / "plots").glob("*.png"))
    png = tmp_path / "show.png"
    code, _, err = run(
        monkeypatch,
        capsys,
        "data",
        "show",
        "teapot_pours_into_teacup",
        "--out",
        str(png),
        "-n",
        "2",
        "--views",
        "2",
        "--resolution",
        "64",
    )
    assert code == 0, err
    assert (np.asarray(Image.open(png)) < 250).any()
    before = read_prompts(small_dataset).num_rows
    code, out, err = run(
        monkeypatch, capsys, "data", "augment", str(small_dataset), "--n", "70", "--seed", "1"
    )
    assert code == 0, err
    assert read_prompts(small_dataset).num_rows > before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["data", "build", "--only", "no_such_context", "--out", "x"], "unknown context id"),
        (["data", "show", "no_such_context"], "no_such_context"),
        (["data", "stats", "missing_dir"], "missing_dir"),
        (["data", "augment", "missing_dir", "--base-url", "http://127.0.0.1:9"], "--base-url and --model"),
    ],
)
def test_user_errors(args: list[str], message: str, monkeypatch, capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    code, _, err = run(monkeypatch, capsys, *args)
    assert code == 2 and message in err and "Traceback" not in err, err


def test_malformed_catalogue_entry_is_one_line(tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "contexts.yaml"
    bad.write_text(
        yaml.safe_dump(
            {
                "contexts": [
                    {
                        "id": "x",
                        "text": "A cup on a table",
                        "base": "table",
                        "target": "spaceship",
                        "relation": "on",
                    }
                ]
            }
        )
    )
    code, _, err = run(
        monkeypatch, capsys, "data", "build", "--contexts", str(bad), "--out", str(tmp_path / "o")
    )
    assert code == 2 and "spaceship" in err and len(err.strip().splitlines()) == 1

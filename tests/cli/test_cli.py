"""The `oor` command end to end: outputs exist and make sense; user mistakes are one-line errors."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from oorkit.cli.main import main


def run(monkeypatch, capsys, *args: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(sys, "argv", ["oor", *args])
    code = 0
    try:
        main()
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_assets_list(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(monkeypatch, capsys, "assets", "list", "--json")
    assert code == 0
    records = json.loads(out)
    assert len(records) >= 80
    assert any(r["category"] == "teapot" and "teapot/panda3d" in r["templates"] for r in records)


def test_assets_show(monkeypatch, capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out_png = tmp_path / "teapot.png"
    code, out, err = run(
        monkeypatch,
        capsys,
        "assets",
        "show",
        "teapot",
        "--out",
        str(out_png),
        "--views",
        "2",
        "--resolution",
        "64",
    )
    assert code == 0, err
    image = np.asarray(Image.open(out_png))
    assert image.shape[0] >= 64 and (image < 250).any()  # something non-white was drawn
    assert "licence" in out


def test_demo_then_render(monkeypatch, capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    demo_dir = tmp_path / "demo"
    code, _, err = run(
        monkeypatch, capsys, "demo", "--out", str(demo_dir), "--views", "2", "--resolution", "96"
    )
    assert code == 0, err
    for name in ("scene.json", "oor_samples.json", "scene.glb", "render_rgb.png", "render_mask.png"):
        assert (demo_dir / name).is_file(), name
    masks = np.load(demo_dir / "render.npz")["instance"]
    assert {0, 1, 2} <= set(np.unique(masks).tolist())  # table, teacup and teapot all visible
    code, out, err = run(
        monkeypatch,
        capsys,
        "render",
        str(demo_dir / "scene.json"),
        "--out",
        str(tmp_path / "r"),
        "--views",
        "1",
        "--resolution",
        "64",
        "--ply",
    )
    assert code == 0, err
    assert (tmp_path / "r" / "scene.ply").is_file()
    assert "scene.glb" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["assets", "show", "teapt", "--out", "x.png"], "unknown category 'teapt'; did you mean"),
        (["assets", "list", "--group", "garage"], "unknown group 'garage'"),
        (["render", "missing.json"], "no such file"),
    ],
)
def test_errors_are_one_line(monkeypatch, capsys, tmp_path, args, message) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    code, _, err = run(monkeypatch, capsys, *args)
    assert code == 2
    assert err.strip().startswith("error:") and message in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_render_errors_on_bad_files(monkeypatch, capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "bad.json").write_text("{ not json")
    code, _, err = run(monkeypatch, capsys, "render", str(tmp_path / "bad.json"))
    assert code == 2 and "not valid JSON" in err
    (tmp_path / "broken.obj").write_text("v 0 0\nf 1 2 3 4 5\n")
    scene = {
        "format": "oorkit.scene",
        "version": 1,
        "objects": [
            {
                "id": "a",
                "category": "thing",
                "mesh": "broken.obj",
                "pose": np.eye(4).tolist(),
                "size": [1, 1, 1],
            }
        ],
    }
    (tmp_path / "scene.json").write_text(json.dumps(scene))
    code, _, err = run(
        monkeypatch, capsys, "render", str(tmp_path / "scene.json"), "--out", str(tmp_path / "o")
    )
    assert code == 2 and "broken.obj" in err and "Traceback" not in err


def test_no_third_party_progress_bars_unless_verbose(tmp_path: Path) -> None:
    """A fresh process: loading the text encoder prints no progress bar of its own by default."""
    import subprocess

    args = ["sample", "A teacup on a table", "-n", "1", "--render", "0", "--out", str(tmp_path)]
    entry = "from oorkit.cli.main import main; main()"
    quiet = subprocess.run([sys.executable, "-c", entry, *args], capture_output=True, text=True, timeout=300)
    assert quiet.returncode == 0, quiet.stderr
    assert "Loading weights" not in quiet.stderr and (tmp_path / "samples.json").is_file()
    loud = subprocess.run(
        [sys.executable, "-c", entry, "--verbose", *args], capture_output=True, text=True, timeout=300
    )
    assert loud.returncode == 0 and "Loading weights" in loud.stderr

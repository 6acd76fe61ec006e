"""`oor train` → `oor sample` end to end on a tiny model, the Python API, and finding base/target in text."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from test_cli import run

from oorkit import oor
from oorkit.assets import canonical_extents
from oorkit.errors import OORKitError
from oorkit.scene.file import canonical_mesh
from oorkit.text.categories import find_base_target, find_mentions


def test_train_writes_a_resumable_model(tiny_model: Path) -> None:
    for name in ("model.safetensors", "config.json", "stats.json", "history.json", "checkpoint/state.json"):
        assert (tiny_model / name).is_file(), name
    config = json.loads((tiny_model / "config.json").read_text())
    assert config["text_encoder"] == "hash:32" and ["table", "teacup"] in config["known_pairs"]
    assert config["training"]["recipe"]["epochs"] == 40


def test_sample_command_writes_json_glb_and_renders(
    monkeypatch, capsys, tiny_model: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "s"
    code, _, err = run(
        monkeypatch,
        capsys,
        "sample",
        "A teacup on a table",
        "-n",
        "5",
        "--seed",
        "3",
        "--model",
        str(tiny_model),
        "--out",
        str(out),
        "--render",
        "2",
        "--views",
        "2",
        "--resolution",
        "64",
    )
    assert code == 0, err
    assert "base: table, target: teacup" in err
    doc = json.loads((out / "samples.json").read_text())
    assert doc["base"] == "table" and doc["target"] == "teacup" and len(doc["samples"]) == 5
    first = doc["samples"][0]
    phi = np.array(first["phi"])
    np.testing.assert_allclose(np.array(first["rotation"]), oor.unpack(phi).rotation, atol=1e-9)
    assert sorted(p.name for p in out.glob("sample_*")) == [
        "sample_000.glb",
        "sample_000.png",
        "sample_001.glb",
        "sample_001.png",
    ]
    import trimesh

    nodes = trimesh.load(out / "sample_000.glb").graph.nodes_geometry
    assert set(nodes) == {"base_table", "target_teacup"}
    # Same seed, same samples.
    code, _, _ = run(
        monkeypatch,
        capsys,
        "sample",
        "A teacup on a table",
        "-n",
        "5",
        "--seed",
        "3",
        "--model",
        str(tiny_model),
        "--out",
        str(tmp_path / "t"),
        "--render",
        "0",
    )
    again = json.loads((tmp_path / "t" / "samples.json").read_text())
    assert again["samples"] == doc["samples"]


def test_sample_command_user_errors(monkeypatch, capsys, tiny_model: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cases = [
        (("A teacup on a spaceship",), "only 'teacup'"),
        (("A teacup on a table", "--base", "spaceship"), "spaceship"),
        (("  ",), "empty"),
        (("A teacup on a table", "--solver", "rk4"), "unknown solver"),
    ]
    for args, message in cases:
        code, _, err = run(
            monkeypatch, capsys, "sample", *args, "--model", str(tiny_model), "--out", str(tmp_path)
        )
        assert code == 2 and message in err and "Traceback" not in err, (args, err)
    code, _, err = run(
        monkeypatch, capsys, "sample", "A teacup on a table", "--model", str(tmp_path / "none")
    )
    assert code == 2 and "not an OORKit model" in err


def test_python_api(tiny_model: Path) -> None:
    import oorkit

    result = oorkit.sample("The table holds a teacup", n=4, seed=1, model=tiny_model, steps=10)
    assert (result.base, result.target) == ("table", "teacup")  # the trained pair order wins
    assert result.phi.shape == (4, 15) and len(result.records()) == 4
    transforms = result.instance_transforms()
    assert transforms.shape == (4, 2, 4, 4)
    np.testing.assert_allclose(transforms[:, 0, 1, 3], transforms[:, 0, 1, 1] / 2)  # base stands on y = 0
    # By default both scales keep the drawn templates' aspects (Eq. 16) and the target moves with the
    # base's proportions (oor.keep_relation); the raw φ has the same rotations.
    raw = oorkit.sample(
        "The table holds a teacup", n=4, seed=1, model=tiny_model, steps=10, keep_aspects=False
    )
    np.testing.assert_allclose(raw.phi[:, :6], result.phi[:, :6])
    extents = [canonical_extents(canonical_mesh(c)) for c in ("table", "teacup")]
    np.testing.assert_allclose(result.phi, oor.keep_relation(raw.phi, *extents), atol=1e-6)
    for scales, category in ((result.phi[:, 9:12], "teacup"), (result.phi[:, 12:], "table")):
        template = canonical_extents(canonical_mesh(category))
        np.testing.assert_allclose(
            scales / scales.max(1, keepdims=True), np.tile(template / template.max(), (4, 1))
        )
    assert not np.allclose(raw.phi[:, 9:], result.phi[:, 9:])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A teapot pouring tea into a teacup", ("teacup", "teapot")),
        ("A teacup being filled with tea from a teapot", ("teacup", "teapot")),
        ("Apples in a bowl", ("bowl", "apple")),
        ("A pizza sliced by a pizza cutter", ("pizza", "pizza_cutter")),
        ("A chair tucked under a desk", ("desk", "chair")),
        ("Knives next to cutting boards", ("cutting_board", "knife")),
    ],
)
def test_find_base_target(text: str, expected: tuple[str, str]) -> None:
    assert find_base_target(text) == expected


def test_find_mentions_prefers_whole_longest_names() -> None:
    assert [m.category for m in find_mentions("A coffee table beside a table")] == ["coffee_table", "table"]
    assert [m.category for m in find_mentions("A teacup near a panel")] == ["teacup"]
    with pytest.raises(OORKitError, match="3 categories"):
        find_base_target("A teapot, a teacup and a table")
    assert find_base_target("A teacup on a table", known_pairs={("teacup", "table")}) == ("teacup", "table")


def test_eval_pairwise_command(monkeypatch, capsys, tiny_model: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = tiny_model.parent / "data"
    out = tmp_path / "eval"
    code, stdout, err = run(
        monkeypatch,
        capsys,
        "eval",
        "pairwise",
        "--data",
        str(data),
        "--model",
        str(tiny_model),
        "--split",
        "prompts",
        "--steps",
        "10",
        "--out",
        str(out),
        "--json",
        "--embeddings",
        str(tmp_path / "emb.safetensors"),
    )
    assert code == 0, err
    # The embedding cache now holds the held-out prompt, so later runs need no text encoder for it.
    from oorkit.text import read_embeddings

    assert "A teacup resting on the table" in read_embeddings(tmp_path / "emb.safetensors")[1]
    summary = json.loads(stdout)
    row = summary["held_out_prompts"]
    assert row["contexts"] == 1 and row["median_ratio"] > 0
    report = json.loads((out / "pairwise.json").read_text())
    case = report["cases"][0]
    assert case["prompts"] == ["A teacup resting on the table"] and case["n"] == 64
    assert "median FD ratio" in (out / "pairwise.md").read_text()
    # The per-group distances are parts of the full one: each is bounded by the 18-D FD.
    assert set(case["groups"]) == {"rotation", "translation", "target_scale", "base_scale"}
    assert all(0 <= g["fd"] <= case["fd"] + 1e-9 for g in case["groups"].values())
    assert case["learned_ratio"] == case["learned_fd"] / case["learned_noise_floor"] > 0
    assert row["median_learned_ratio"] == case["learned_ratio"]
    code, _, err = run(
        monkeypatch,
        capsys,
        "eval",
        "pairwise",
        "--data",
        str(data),
        "--model",
        str(tiny_model),
        "--split",
        "nope",
    )
    assert code == 2 and "split must be" in err


def test_project_scales_keeps_valid_samples_and_raises_degenerate_ones() -> None:
    """Scales under MIN_SCALE are raised to it; everything else is untouched."""
    from oorkit.diffusion.pipeline import MIN_SCALE, project_scales

    phi = np.tile(np.r_[1, 0, 0, 0, 1, 0, 0.1, 0.2, 0.3, 0.5, 0.4, 0.3, 1.0, 0.6, 0.5], (3, 1)).astype(float)
    phi[1, 10] = -0.2
    phi[2, 14] = 0.0
    out = project_scales(phi)
    assert np.array_equal(out[0], phi[0]) and out[1, 10] == MIN_SCALE and out[2, 14] == MIN_SCALE
    assert np.array_equal(np.delete(out[1], 10), np.delete(phi[1], 10))
    assert phi[1, 10] == -0.2  # the input is not modified

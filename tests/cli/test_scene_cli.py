"""`oor scene` and `oor edit` end to end on the tiny trained model: files, metrics, user errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import trimesh
import yaml
from test_cli import run

SPEC = {
    "name": "two cups",
    "objects": [
        {"id": "table", "category": "table"},
        {"id": "cup_a", "category": "teacup"},
        {"id": "cup_b", "category": "teacup"},
    ],
    "relations": [
        {"base": "table", "target": "cup_a", "context": "A teacup on a table"},
        {"base": "table", "target": "cup_b", "context": "A teacup on a table"},
    ],
}


def test_scene_then_edit(monkeypatch, capsys, tiny_model: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    spec = tmp_path / "spec.yaml"
    spec.write_text(yaml.safe_dump(SPEC))
    out = tmp_path / "scene"
    code, _, err = run(
        monkeypatch,
        capsys,
        "scene",
        str(spec),
        "--model",
        str(tiny_model),
        "-n",
        "3",
        "--out",
        str(out),
        "--views",
        "2",
        "--resolution",
        "64",
        "--steps",
        "20",
    )
    assert code == 0, err
    metrics = json.loads((out / "metrics.json").read_text())
    assert len(metrics["samples"]) == 3 and "colliding_pairs" in metrics["samples"][0]
    for i in range(3):
        for ext in ("json", "glb", "png"):
            assert (out / f"scene_{i:03d}.{ext}").is_file()
    scene = json.loads((out / "scene_000.json").read_text())
    assert {o["id"] for o in scene["objects"]} == {"table", "cup_a", "cup_b"}

    edited = tmp_path / "edit"
    code, _, err = run(
        monkeypatch,
        capsys,
        "edit",
        "rearrange",
        str(out / "scene_000.json"),
        "--perturb",
        "0.2",
        "--model",
        str(tiny_model),
        "--out",
        str(edited),
        "--resolution",
        "64",
        "--steps",
        "10",
    )
    assert code == 0, err
    for name in (
        "input.json",
        "scene.json",
        "scene.glb",
        "before_after.png",
        "trajectory.json",
        "trajectory.gif",
        "trajectory.glb",
    ):
        assert (edited / name).is_file(), name
    frames = json.loads((edited / "trajectory.json").read_text())["instance_transforms"]
    assert len(frames) == 11 and set(frames[0]["objects"]) == {"table", "cup_a", "cup_b"}
    # The animated GLB carries the same trajectory: one key per step, its last key the final pose.
    animated = trimesh.load(edited / "trajectory.glb", force="scene")
    assert set(animated.graph.nodes_geometry) >= {"table", "cup_a", "cup_b"}
    data = (edited / "trajectory.glb").read_bytes()
    gltf = json.loads(data[20 : 20 + int.from_bytes(data[12:16], "little")])
    (animation,) = gltf["animations"]
    times = gltf["accessors"][animation["samplers"][0]["input"]]
    assert times["count"] == 11 and times["max"][0] == pytest.approx(10 / 24)
    # --paper-constants starts from Eq. 13 as published: 50 steps (51 frames) unless --steps says otherwise.
    paper = tmp_path / "paper"
    args = ["edit", "rearrange", str(out / "scene_000.json"), "--paper-constants"]
    code, _, err = run(
        monkeypatch, capsys, *args, "--model", str(tiny_model), "--out", str(paper), "--resolution", "32"
    )
    assert code == 0, err
    assert len(json.loads((paper / "trajectory.json").read_text())["instance_transforms"]) == 51

    add = tmp_path / "add.yaml"
    add.write_text(
        yaml.safe_dump(
            {
                "objects": [{"id": "cup_c", "category": "teacup"}],
                "relations": [{"base": "table", "target": "cup_c", "context": "A teacup on a table"}],
            }
        )
    )
    code, _, err = run(
        monkeypatch,
        capsys,
        "edit",
        "insert",
        str(out / "scene_000.json"),
        "--spec",
        str(add),
        "--model",
        str(tiny_model),
        "--out",
        str(tmp_path / "ins"),
        "--resolution",
        "64",
    )
    assert code == 0, err
    inserted = json.loads((tmp_path / "ins" / "scene.json").read_text())
    assert [o["id"] for o in inserted["objects"]][-1] == "cup_c"


def test_scene_and_edit_user_errors(monkeypatch, capsys, tiny_model: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump({**SPEC, "relations": SPEC["relations"][:1]}))
    code, _, err = run(monkeypatch, capsys, "scene", str(bad), "--model", str(tiny_model))
    assert code == 2 and "cup_b" in err and "Traceback" not in err
    code, _, err = run(
        monkeypatch, capsys, "scene", str(tmp_path / "missing.yaml"), "--model", str(tiny_model)
    )
    assert code == 2 and "no such file" in err
    spec = tmp_path / "spec.yaml"
    spec.write_text(yaml.safe_dump(SPEC))
    run(
        monkeypatch,
        capsys,
        "scene",
        str(spec),
        "--model",
        str(tiny_model),
        "-n",
        "1",
        "--out",
        str(tmp_path / "s"),
        "--no-render",
        "--steps",
        "5",
    )
    code, _, err = run(
        monkeypatch,
        capsys,
        "edit",
        "twist",
        str(tmp_path / "s" / "scene_000.json"),
        "--model",
        str(tiny_model),
    )
    assert code == 2 and "No such command 'twist'" in err
    code, _, err = run(
        monkeypatch,
        capsys,
        "edit",
        "recontext",
        str(tmp_path / "s" / "scene_000.json"),
        "--model",
        str(tiny_model),
    )
    assert code == 2 and "Missing option '--base'" in err

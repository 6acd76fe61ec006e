"""The top-level Python API: what `help(oorkit)` lists, scenes that export themselves, `oor --version`."""

from __future__ import annotations

import json
import pydoc
from pathlib import Path

import numpy as np
import pytest
import trimesh

import oorkit
from oorkit.cli.main import run
from oorkit.errors import OORKitError

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parents[1]


def test_help_lists_the_public_api() -> None:
    text = pydoc.render_doc(oorkit, renderer=pydoc.plaintext)
    for name in ("sample", "sample_scene", "rearrange", "recontext", "insert", "solve_layout", "plan_room"):
        assert f"\n    {name}(" in text, name
    assert set(oorkit.__all__) <= set(dir(oorkit))


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"oorkit {oorkit.__version__}"


def test_pair_sample_to_scene_exports_by_suffix(tmp_path: Path) -> None:
    pairs = oorkit.sample("A teacup on a table", n=2, seed=0)
    scene = pairs.to_scene(1)
    assert [o.id for o in scene.objects] == ["base", "target"]
    np.testing.assert_allclose(
        np.stack([o.instance_transform() for o in scene.objects]), pairs.instance_transforms()[1], atol=1e-9
    )
    glb = trimesh.load(scene.export(tmp_path / "pair.glb"))
    assert {"base", "target"} <= set(glb.graph.nodes)
    assert oorkit.load_scene(scene.export(tmp_path / "pair.json")).objects[1].category == "teacup"
    assert (tmp_path / "pair.ply").exists() is False and scene.export(
        tmp_path / "pair.ply"
    ).stat().st_size > 0
    assert scene.export(tmp_path / "pair.usda").read_text().startswith("#usda")
    bounds = scene.to_trimesh().bounds
    assert np.isfinite(bounds).all() and bounds[1, 1] > bounds[0, 1]
    with pytest.raises(OORKitError, match=r"cannot export a scene as \.obj"):
        scene.export(tmp_path / "pair.obj")
    with pytest.raises(OORKitError, match="sample 5 does not exist"):
        pairs.to_scene(5)


def test_scene_edit_and_layout_from_files(tmp_path: Path) -> None:
    arrangement = oorkit.sample_scene(ROOT / "examples" / "scenes" / "tea_time.yaml", n=1, seed=0, steps=6)
    scene = arrangement.scenes[0]
    edited = oorkit.rearrange(scene).scene
    assert [o.id for o in edited.objects] == [o.id for o in scene.objects]
    moved = oorkit.recontext(scene, "cup", "pot", "A teapot next to a teacup").scene
    assert not np.allclose(moved.objects[2].pose, scene.objects[2].pose)
    layout = oorkit.solve_layout(ROOT / "examples" / "layouts" / "bedroom_0.yaml", restarts=2, steps=100)
    assert len(layout.result.poses) == len(layout.spec.floor_assets())
    assert json.loads(json.dumps(layout.result.poses.tolist()))

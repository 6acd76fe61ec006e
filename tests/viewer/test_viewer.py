"""`oor view`: the plain parts (objects, rooms, sources, exports, edits) and an end-to-end run in Chromium.

The browser test starts the viewer in-process, opens it in the Debian `chromium` (software WebGL, driven over
the DevTools protocol by `oorkit.viewer.browser`), types the prompt into the panel's text box, clicks Sample
and checks on screenshots that the sampled objects are drawn.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import trimesh
import yaml

from oorkit import oor
from oorkit.edit import perturb_poses as perturb_scene
from oorkit.errors import OORKitError
from oorkit.geometry import axis_angle_to_matrix
from oorkit.layout.spec import spec_from_dict
from oorkit.scene import Scene, SceneObject, load_scene, pair_transforms
from oorkit.scene.spec import Relation
from oorkit.viewer import bbox_segments, detect_kind, framing, load_source, sample_objects
from oorkit.viewer.browser import find_chromium
from oorkit.viewer.edits import new_object_id, scene_relations, with_relation
from oorkit.viewer.export import export_objects_glb, pair_sample_doc, scene_doc, slug
from oorkit.viewer.objects import pose_wxyz, rigid_poses, split_transform
from oorkit.viewer.room import room_shell

PROMPT = "A teapot pouring tea into a teacup"
HAS_VISER = importlib.util.find_spec("viser") is not None
needs_viser = pytest.mark.skipif(not HAS_VISER, reason="viser not installed: pip install 'oorkit[viewer]'")


def _phi() -> np.ndarray:
    rotation = axis_angle_to_matrix(np.array([0.2, 0.5, -0.1]))
    return np.asarray(
        oor.pack(rotation, np.array([0.3, 0.8, -0.2]), np.array([0.6, 0.5, 0.6]), np.ones(3) * 0.9)
    )


def _scene() -> Scene:
    pose = np.eye(4)
    cup = np.eye(4)
    cup[:3, 3] = [0.1, 0.8, 0.0]
    meta = {"relations": [{"base": "table", "target": "cup", "context": "A teacup on a table"}]}
    return Scene(
        (
            SceneObject("table", "table", pose, np.array([1.2, 0.75, 0.8])),
            SceneObject("cup", "teacup", cup, np.array([0.1, 0.07, 0.1])),
        ),
        meta,
    )


# ------------------------------------------------------------------------------------------------------------
# plain functions (no browser, no viser)


def test_sample_objects_are_the_pair_instance_transforms() -> None:
    phi = _phi()
    objects = sample_objects(phi, "teacup", "teapot")
    assert [o.name for o in objects] == ["base_teacup", "target_teapot"]
    expected = pair_transforms(phi, "teacup")
    for obj, transform in zip(objects, expected, strict=True):
        np.testing.assert_allclose(obj.instance_transform(), transform, atol=1e-9)
        # Rigid pose + size; the mesh is scale-normalised (unit bbox, centred).
        np.testing.assert_allclose(obj.pose[:3, :3] @ obj.pose[:3, :3].T, np.eye(3), atol=1e-9)
        np.testing.assert_allclose(obj.mesh.bounds[1] - obj.mesh.bounds[0], np.ones(3), atol=1e-6)
    pose, size = split_transform(expected[1])
    np.testing.assert_allclose(pose @ np.diag([*size, 1.0]), expected[1], atol=1e-9)
    np.testing.assert_allclose(rigid_poses(expected[None])[0, 1], pose, atol=1e-9)


def test_bbox_quaternion_and_framing() -> None:
    segments = bbox_segments(np.array([1.0, 2.0, 3.0]))
    assert segments.shape == (12, 2, 3)
    lengths = sorted(np.round(np.linalg.norm(segments[:, 1] - segments[:, 0], axis=-1), 6))
    assert lengths == [1.0] * 4 + [2.0] * 4 + [3.0] * 4
    turn = np.eye(4)
    turn[:3, :3] = axis_angle_to_matrix(np.array([0.0, np.pi / 2, 0.0]))
    w, x, y, z = pose_wxyz(turn)
    np.testing.assert_allclose([w, x, y, z], [np.cos(np.pi / 4), 0, np.sin(np.pi / 4), 0], atol=1e-9)
    objects = sample_objects(_phi(), "teacup", "teapot")
    position, look_at = framing(objects)
    # The camera looks at the pair from outside its bounding sphere, from above.
    assert position[1] > look_at[1]
    assert np.linalg.norm(position - look_at) > 0.1


def test_room_shell_floor_and_walls() -> None:
    spec = spec_from_dict({"room": {"size": [5, 4, 2.7]}, "assets": [{"id": "bed", "category": "bed"}]})
    shell = room_shell(spec)
    floor, walls = shell[0], shell[1:]
    assert floor.name == "floor" and len(walls) == 4
    top = floor.pose[1, 3] + floor.size[1] / 2
    assert abs(top) < 1e-9  # the floor's top is y = 0
    np.testing.assert_allclose(sorted(np.round(floor.size, 6)), [0.05, 4.0, 5.0])
    for wall in walls:
        assert wall.size[1] == pytest.approx(2.7)
        # Each wall stands just outside the floor (plan x in [0, 5], world z in [-4, 0]).
        x, z = wall.pose[0, 3], wall.pose[2, 3]
        assert x < 0 or x > 5 or z > 0 or z < -4


def test_detect_and_load_sources(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        yaml.safe_dump(
            {
                "objects": [{"id": "t", "category": "table"}, {"id": "c", "category": "teacup"}],
                "relations": [{"base": "t", "target": "c", "context": "A teacup on a table"}],
            }
        )
    )
    assert detect_kind(spec) == "spec"
    assert load_source(spec).spec is not None
    scene_file = tmp_path / "scene.json"
    scene_file.write_text(json.dumps(scene_doc(_scene())))
    assert detect_kind(scene_file) == "scene"
    assert detect_kind(tmp_path) == "scene"  # a folder with a scene.json
    source = load_source(scene_file)
    assert source.scene is not None and [o.id for o in source.scene.objects] == ["table", "cup"]
    layout_spec = tmp_path / "room.yaml"
    layout_spec.write_text(yaml.safe_dump({"room": {"size": [4, 3]}, "assets": []}))
    with pytest.raises(OORKitError, match="oor layout"):
        detect_kind(layout_spec)
    (tmp_path / "other.json").write_text("[1, 2]")
    with pytest.raises(OORKitError, match="not a scene spec"):
        detect_kind(tmp_path / "other.json")
    with pytest.raises(OORKitError, match="no such file"):
        load_source(tmp_path / "missing.yaml")


def test_layout_source_shows_room(tmp_path: Path) -> None:
    from oorkit.layout import solve_layout
    from oorkit.layout.export import write_outputs

    spec = spec_from_dict(
        {
            "room": {"size": [4, 3, 2.6]},
            "assets": [
                {"id": "bed", "category": "bed"},
                {"id": "box", "footprint": [0.5, 0.5], "height": 0.4},
            ],
        }
    )
    layout = solve_layout(spec, restarts=2, steps=50)
    write_outputs(layout.spec, layout.result, tmp_path, glb=False)
    assert detect_kind(tmp_path) == "layout"
    room = load_source(tmp_path).room
    assert room is not None
    names = [o.name for o in room.objects]
    assert names[0] == "floor" and sum(n.startswith("wall_") for n in names) == 4
    assert {"bed", "box"} <= set(names)


def test_exports_round_trip(tmp_path: Path) -> None:
    from oorkit.api import PairSamples

    objects = sample_objects(_phi(), "teacup", "teapot")
    path = export_objects_glb(objects, tmp_path / "pair.glb")
    loaded = trimesh.load(path, force="scene")
    assert {"base_teacup", "target_teapot"} <= set(loaded.graph.nodes_geometry)
    doc = pair_sample_doc(PairSamples(PROMPT, "teacup", "teapot", _phi()[None]), 0, {"seed": 3})
    assert doc["base"] == "teacup" and len(doc["sample"]["phi"]) == 15 and doc["settings"]["seed"] == 3
    scene_path = tmp_path / "scene.json"
    scene_path.write_text(json.dumps(scene_doc(_scene(), objects)))
    assert [o.id for o in load_scene(scene_path).objects] == ["table", "cup"]
    assert slug("A teapot, pouring!") == "a_teapot_pouring"


def test_edit_helpers() -> None:
    scene = _scene()
    relations = scene_relations(scene)
    assert relations == [Relation("table", "cup", "A teacup on a table")]
    replaced = with_relation(relations, Relation("table", "cup", "A teacup next to a table"))
    assert [r.context for r in replaced] == ["A teacup next to a table"]
    added = with_relation(relations, Relation("cup", "spoon", "A spoon in a teacup"))
    assert len(added) == 2
    assert new_object_id(scene, "cup") == "cup_0"
    moved = perturb_scene(scene, {"cup"}, 0.3, seed=0)
    assert np.allclose(moved.objects[0].pose, scene.objects[0].pose)
    assert not np.allclose(moved.objects[1].pose, scene.objects[1].pose)


def test_view_without_viser_prints_install_hint(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    from oorkit.cli.main import main

    monkeypatch.setitem(sys.modules, "viser", None)  # `import viser` now raises ImportError
    monkeypatch.setattr(sys, "argv", ["oor", "view"])
    with pytest.raises(SystemExit) as exc:
        main()
    assert exc.value.code == 2
    err = capsys.readouterr().err.strip()
    assert err == "error: the viewer needs viser: pip install 'oorkit[viewer]'"


# ------------------------------------------------------------------------------------------------------------
# the browser


def _viewport(image: np.ndarray) -> np.ndarray:
    """The 3D view without the control panel (right) and viser's notification (top left)."""
    h, w = image.shape[:2]
    return image[int(0.25 * h) : int(0.95 * h), int(0.05 * w) : int(0.68 * w)].astype(np.int16)


def _changed(a: np.ndarray, b: np.ndarray) -> float:
    """Fraction of viewport pixels whose colour differs noticeably."""
    return float((np.abs(_viewport(a) - _viewport(b)).sum(axis=-1) > 40).mean())


@pytest.mark.slow
@needs_viser
@pytest.mark.skipif(
    find_chromium() is None,
    reason="chromium not installed (Debian: apt-get install chromium; .ci/run does it)",
)
def test_browser_types_prompt_samples_and_shows_objects(tmp_path: Path) -> None:
    from oorkit.viewer.app import ViewerApp, ViewerConfig
    from oorkit.viewer.browser import Browser

    # No HDRI lighting: its first frame costs ~10 s in software WebGL (the objects are drawn all the same).
    app = ViewerApp(ViewerConfig(port=0, out=tmp_path, n=4, steps=20, hdri=False))
    try:
        with Browser(width=1280, height=800) as browser:
            browser.goto(app.url)
            browser.wait_until(lambda: browser.locate("Sample"), 30, "the viewer's panel")
            browser.wait_until(
                lambda: browser.evaluate("document.querySelectorAll('canvas').length"), 30, "canvas"
            )
            time.sleep(1.0)  # the first WebGL frames
            empty = browser.screenshot()

            # Typed into the text box in the browser; the server sees what was typed.
            browser.type_into("Prompt", PROMPT)
            browser.wait_until(lambda: app.gui.prompt.value == PROMPT, 10, "the typed prompt on the server")
            browser.click("Sample")
            browser.wait_until(lambda: app.status.startswith(("base:", "error")), 90, "sampling")
            assert app.status.startswith("base: teacup, target: teapot"), app.status
            assert app.pair is not None and app.pair.phi.shape == (4, 15)

            # The GLBs load asynchronously in the page: wait for the view to change.
            browser.wait_until(
                lambda: _changed(empty, browser.screenshot()) > 0.01, 30, "the sampled objects on screen"
            )
            time.sleep(1.0)
            shown = browser.screenshot()
            assert _changed(empty, shown) > 0.01

            # Hiding the meshes (the checkbox, clicked in the page) removes pixels: the objects were drawn.
            browser.click("Meshes", "input")
            browser.wait_until(lambda: not app.view.show_meshes, 10, "meshes hidden")
            time.sleep(1.0)
            hidden = browser.screenshot()
            assert _changed(shown, hidden) > 0.005, "the meshes made no visible difference"
            browser.click("Meshes", "input")
            browser.wait_until(lambda: app.view.show_meshes, 10, "meshes shown")

            # Step to the next sample and export it as GLB, both from the page.
            browser.click("Next ▶")
            browser.wait_until(lambda: app.index == 1, 10, "sample 1")
            browser.click("Export GLB")
            glb = browser.wait_until(
                lambda: next(tmp_path.glob("*_sample001.glb"), None), 20, "the GLB export"
            )
            assert "wrote" in app.gui.exported.content
            nodes = trimesh.load(glb, force="scene").graph.nodes_geometry
            assert {"base_teacup", "target_teapot"} <= set(nodes)
    finally:
        app.stop()

"""Scene files: schema validation, round trips, mesh placement."""

from __future__ import annotations

import json

import numpy as np
import pytest

from oorkit.errors import InvalidFileError, UnknownCategoryError
from oorkit.geometry import axis_angle_to_matrix, make_transform
from oorkit.scene import (
    Scene,
    load_scene,
    object_from_instance_transform,
    save_scene,
    scene_meshes,
    scene_to_dict,
)


def two_object_scene() -> Scene:
    table = make_transform(np.eye(3), np.array([0.0, 0.375, 0.0]), np.array([1.6, 0.75, 0.9]))
    mug = make_transform(
        axis_angle_to_matrix(np.array([0.0, 0.5, 0.0])),
        np.array([0.1, 0.8, 0.0]),
        np.array([0.12, 0.1, 0.085]),
    )
    return Scene(
        (
            object_from_instance_transform("table", "table", table),
            object_from_instance_transform("mug", "mug", mug, template="mug/procedural"),
        )
    )


def test_round_trip_and_placement(tmp_path) -> None:  # type: ignore[no-untyped-def]
    scene = two_object_scene()
    path = save_scene(scene, tmp_path / "s.json")
    back = load_scene(path)
    assert [o.id for o in back.objects] == ["table", "mug"]
    assert back.objects[1].template == "mug/procedural"
    names, meshes, transforms = scene_meshes(back)
    assert names == ["table", "mug"]
    # Scale-normalised meshes placed by pose·diag(size) have the object's size and position in the world.
    for obj, mesh, transform in zip(back.objects, meshes, transforms, strict=True):
        np.testing.assert_allclose(mesh.bounds, [[-0.5] * 3, [0.5] * 3], atol=1e-9)
        placed = mesh.copy().apply_transform(transform)
        local = (placed.vertices - obj.pose[:3, 3]) @ obj.pose[:3, :3]  # back into the object's frame
        np.testing.assert_allclose(local.max(0) - local.min(0), obj.size, rtol=1e-9)
        np.testing.assert_allclose((local.max(0) + local.min(0)) / 2, 0.0, atol=1e-9)


def test_user_mesh_relative_to_scene_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import trimesh

    trimesh.creation.box(extents=[1, 2, 3]).export(tmp_path / "thing.obj")
    doc = scene_to_dict(two_object_scene())
    doc["objects"][1].update(mesh="thing.obj", mesh_up="+z", mesh_front="-y", category="gadget")
    (tmp_path / "s.json").write_text(json.dumps(doc))
    _, meshes, _ = scene_meshes(load_scene(tmp_path / "s.json"))
    np.testing.assert_allclose(meshes[1].extents, 1.0)


@pytest.mark.parametrize(
    ("mutate", "error", "message"),
    [
        (lambda d: d.pop("objects"), InvalidFileError, "'objects' is a required property"),
        (lambda d: d["objects"][0].pop("size"), InvalidFileError, r"objects\[0\]: 'size' is a required"),
        (lambda d: d["objects"][0].update(size=[1, -1, 1]), InvalidFileError, r"objects\[0\]\.size\[1\]"),
        (lambda d: d["objects"][1].update(id="table"), InvalidFileError, "duplicate id 'table'"),
        (lambda d: d["objects"][0].update(category="tabel"), UnknownCategoryError, "did you mean table"),
        (lambda d: d["objects"][0]["pose"][0].__setitem__(0, 3.0), InvalidFileError, "must be a rotation"),
        (lambda d: d.update(version=2), InvalidFileError, "version"),
    ],
)
def test_invalid_scenes(tmp_path, mutate, error, message) -> None:  # type: ignore[no-untyped-def]
    doc = scene_to_dict(two_object_scene())
    mutate(doc)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc))
    with pytest.raises(error, match=message):
        load_scene(path)


def test_malformed_json_and_missing_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "bad.json").write_text("{ nope")
    with pytest.raises(InvalidFileError, match="not valid JSON"):
        load_scene(tmp_path / "bad.json")
    with pytest.raises(InvalidFileError, match="no such file"):
        load_scene(tmp_path / "missing.json")

"""Animated GLB export of trajectories: structure, exact keyframes, and what glTF cannot hold."""

from __future__ import annotations

import json
import struct

import numpy as np
import pytest
import trimesh
from scipy.spatial.transform import Rotation

from oorkit.render.animation import decompose_trs, export_animated_glb


def _trajectory(frames: int = 6) -> np.ndarray:
    out = np.zeros((frames, 2, 4, 4))
    for f in range(frames):
        for j in range(2):
            angle = 0.4 * f + j
            rotation = Rotation.from_rotvec([0.3 * j, angle, 0.1 * f]).as_matrix()
            out[f, j, :3, :3] = rotation * np.array([0.2 + 0.1 * j, 0.5, 0.3])  # R·diag(s)
            out[f, j, :3, 3] = [0.1 * f, 0.02 * j, -0.05 * f]
            out[f, j, 3, 3] = 1
    return out


def _accessor(gltf: dict, binary: bytes, index: int) -> np.ndarray:
    accessor = gltf["accessors"][index]
    view = gltf["bufferViews"][accessor["bufferView"]]
    width = {"SCALAR": 1, "VEC3": 3, "VEC4": 4}[accessor["type"]]
    start = view.get("byteOffset", 0) + accessor.get("byteOffset", 0)
    data = np.frombuffer(binary, "<f4", accessor["count"] * width, start)
    return data.reshape(accessor["count"], width)


def _read(path) -> tuple[dict, bytes]:  # type: ignore[no-untyped-def]
    data = path.read_bytes()
    assert struct.unpack_from("<I", data, 0)[0] == 0x46546C67 and struct.unpack_from("<I", data, 8)[0] == len(
        data
    )
    json_len = struct.unpack_from("<I", data, 12)[0]
    gltf = json.loads(data[20 : 20 + json_len])
    bin_len = struct.unpack_from("<I", data, 20 + json_len)[0]
    return gltf, data[28 + json_len : 28 + json_len + bin_len]


def test_animated_glb_keys_reproduce_every_frame(tmp_path) -> None:  # type: ignore[no-untyped-def]
    frames = _trajectory()
    meshes = [trimesh.creation.box(), trimesh.creation.icosphere(subdivisions=1)]
    path = export_animated_glb(
        ["teapot", "teacup"], meshes, frames, tmp_path / "t.glb", seconds_per_frame=0.5
    )
    gltf, binary = _read(path)
    (animation,) = gltf["animations"]
    assert len(animation["channels"]) == 6  # T, R, S for two objects
    nodes = {node["name"]: i for i, node in enumerate(gltf["nodes"])}
    for j, name in enumerate(["teapot", "teacup"]):
        assert "matrix" not in gltf["nodes"][nodes[name]]
        parts = {}
        for channel in animation["channels"]:
            if channel["target"]["node"] == nodes[name]:
                sampler = animation["samplers"][channel["sampler"]]
                np.testing.assert_allclose(
                    _accessor(gltf, binary, sampler["input"])[:, 0], np.arange(6) * 0.5
                )
                parts[channel["target"]["path"]] = _accessor(gltf, binary, sampler["output"])
        rebuilt = np.zeros((6, 4, 4))
        rebuilt[:, :3, :3] = Rotation.from_quat(parts["rotation"]).as_matrix() * parts["scale"][:, None, :]
        rebuilt[:, :3, 3] = parts["translation"]
        rebuilt[:, 3, 3] = 1
        np.testing.assert_allclose(rebuilt, frames[:, j], atol=1e-5)
        # Consecutive keys lie in one hemisphere, so players interpolate the short way round.
        assert (np.sum(parts["rotation"][1:] * parts["rotation"][:-1], axis=1) > 0).all()
    # Any glTF reader still gets the geometry, posed at the first frame.
    scene = trimesh.load(path, force="scene")
    assert len(scene.geometry) == 2
    transform, _ = scene.graph["teapot"]
    np.testing.assert_allclose(transform, frames[0, 0], atol=1e-5)


def test_decompose_keeps_mirrors_and_refuses_shear() -> None:
    mirror = np.diag([-0.5, 0.2, 0.3, 1.0])
    _, q, s = decompose_trs(mirror)
    rebuilt = Rotation.from_quat(q).as_matrix() * s
    np.testing.assert_allclose(rebuilt, mirror[:3, :3], atol=1e-9)
    shear = np.eye(4)
    shear[0, 1] = 0.5
    with pytest.raises(ValueError, match="shear"):
        decompose_trs(shear)


def test_animated_glb_bad_inputs(tmp_path) -> None:  # type: ignore[no-untyped-def]
    box = [trimesh.creation.box()]
    with pytest.raises(ValueError, match="shape"):
        export_animated_glb(["a"], box, np.eye(4), tmp_path / "a.glb")
    with pytest.raises(ValueError, match="1 names"):
        export_animated_glb(["a"], box, _trajectory(), tmp_path / "a.glb")
    with pytest.raises(ValueError, match=r"must end in \.glb"):
        export_animated_glb(["a"], box, _trajectory()[:, :1], tmp_path / "a.gltf")

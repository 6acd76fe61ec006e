"""Animated GLB: an edit trajectory as a glTF 2.0 animation that Blender, three.js and glTF viewers play.

The scene is written by `export_glb` at the first frame; then every object node gets translation, rotation
and scale channels (glTF animates TRS, never matrices) sampled at one key per trajectory frame, with
linear interpolation (spherical for rotations). OORKit's instance transforms are [R·diag(s) | t], so the
TRS decomposition is exact; a transform with shear is refused rather than silently distorted.
"""

from __future__ import annotations

import json
import struct
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import trimesh
from scipy.spatial.transform import Rotation

from oorkit.files import write_bytes
from oorkit.render.export import export_glb

_FLOAT = 5126  # glTF componentType FLOAT
_UINT = 5125  # glTF componentType UNSIGNED_INT
_ARRAY_BUFFER, _ELEMENT_ARRAY_BUFFER = 34962, 34963
_GLB_MAGIC, _JSON_CHUNK, _BIN_CHUNK = 0x46546C67, 0x4E4F534A, 0x004E4942


def decompose_trs(transforms: np.ndarray, atol: float = 1e-5) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(…, 4, 4) transforms [R·diag(s) | t] → translations (…, 3), quaternions xyzw (…, 4), scales (…, 3)."""
    m = np.asarray(transforms, dtype=float)
    linear = m[..., :3, :3]
    scale = np.linalg.norm(linear, axis=-2)
    if np.any(scale <= 0):
        raise ValueError("a transform has a zero scale; it cannot be animated")
    rotation = linear / scale[..., None, :]
    det = np.linalg.det(rotation)
    # A mirror (det < 0) goes into the scale, so the rotation part stays a proper rotation.
    flip = det < 0
    scale[flip, 0] *= -1
    rotation[flip, :, 0] *= -1
    gram = np.swapaxes(rotation, -1, -2) @ rotation
    if not np.allclose(gram, np.eye(3), atol=atol):
        raise ValueError("a transform has shear: glTF animation channels (T, R, S) cannot represent it")
    quat = Rotation.from_matrix(rotation.reshape(-1, 3, 3)).as_quat().reshape(*rotation.shape[:-2], 4)
    return m[..., :3, 3], quat, scale


def _continuous(quat: np.ndarray) -> np.ndarray:
    """Flip signs along axis 0 so consecutive quaternions lie in one hemisphere (shortest slerp)."""
    out = quat.copy()
    for i in range(1, len(out)):
        if np.dot(out[i], out[i - 1]) < 0:
            out[i] = -out[i]
    return out


def _read_glb(data: bytes) -> tuple[dict, bytearray]:
    magic, _version, _length = struct.unpack_from("<III", data, 0)
    if magic != _GLB_MAGIC:
        raise ValueError("not a GLB file")
    json_len, json_type = struct.unpack_from("<II", data, 12)
    assert json_type == _JSON_CHUNK
    gltf = json.loads(data[20 : 20 + json_len])
    offset = 20 + json_len
    binary = bytearray()
    if offset < len(data):
        bin_len, bin_type = struct.unpack_from("<II", data, offset)
        assert bin_type == _BIN_CHUNK
        binary = bytearray(data[offset + 8 : offset + 8 + bin_len])
    return gltf, binary


def _write_glb(gltf: dict, binary: bytes | bytearray) -> bytes:
    text = json.dumps(gltf, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 4)
    binary = bytes(binary) + b"\0" * (-len(binary) % 4)
    length = 12 + 8 + len(text) + 8 + len(binary)
    return (
        struct.pack("<III", _GLB_MAGIC, 2, length)
        + struct.pack("<II", len(text), _JSON_CHUNK)
        + text
        + struct.pack("<II", len(binary), _BIN_CHUNK)
        + binary
    )


@dataclass(frozen=True)
class MorphMesh:
    """A mesh whose vertices move every frame (F, V, 3), written as one morph target per frame after the
    first (played by one-hot weights, linearly blended between keys), e.g. a posed body."""

    name: str
    vertices: np.ndarray
    faces: np.ndarray
    color: tuple[float, float, float, float] = (0.8, 0.62, 0.52, 1.0)
    extras: dict[str, Any] = field(default_factory=dict)


def export_animated_glb(
    names: Sequence[str],
    meshes: Sequence[trimesh.Trimesh],
    frames: np.ndarray,
    path: str | Path,
    seconds_per_frame: float = 1 / 24,
    animation_name: str = "trajectory",
    morph: MorphMesh | None = None,
) -> Path:
    """Write a GLB whose objects follow `frames` (F, N, 4, 4) instance transforms, one key per frame.

    With `morph`, that mesh is added as one more node, animated by morph-target weights on the same keys.
    """
    frames = np.asarray(frames, dtype=float)
    if frames.ndim != 4 or frames.shape[-2:] != (4, 4) or len(frames) < 1:
        raise ValueError(f"frames must have shape (F, N, 4, 4) with F ≥ 1, got {frames.shape}")
    if frames.shape[1] != len(names):
        raise ValueError(f"frames hold {frames.shape[1]} objects but {len(names)} names were given")
    if seconds_per_frame <= 0:
        raise ValueError("seconds_per_frame must be positive")
    translation, quaternion, scale = decompose_trs(frames)  # before writing anything
    out = export_glb(names, meshes, frames[0], path)
    gltf, binary = _read_glb(out.read_bytes())
    node_of = {node.get("name"): i for i, node in enumerate(gltf.get("nodes", []))}
    buffer_views, accessors = gltf.setdefault("bufferViews", []), gltf.setdefault("accessors", [])

    def add(values: np.ndarray, kind: str, bounds: bool = False, target: int | None = None) -> int:
        integer = kind == "INDICES"
        data = np.ascontiguousarray(values, dtype="<u4" if integer else "<f4")
        binary.extend(b"\0" * (-len(binary) % 4))
        view: dict[str, Any] = {"buffer": 0, "byteOffset": len(binary), "byteLength": data.nbytes}
        if target is not None:
            view["target"] = target
        buffer_views.append(view)
        binary.extend(data.tobytes())
        accessor: dict[str, Any] = {
            "bufferView": len(buffer_views) - 1,
            "componentType": _UINT if integer else _FLOAT,
            "count": data.size if integer else len(data),
            "type": "SCALAR" if integer else kind,
        }
        if bounds:
            axis = 0 if data.ndim > 1 else None
            accessor["min"] = np.atleast_1d(data.min(axis=axis)).astype(float).tolist()
            accessor["max"] = np.atleast_1d(data.max(axis=axis)).astype(float).tolist()
        accessors.append(accessor)
        return len(accessors) - 1

    times = add(np.arange(len(frames)) * seconds_per_frame, "SCALAR", bounds=True)
    samplers: list[dict] = []
    channels: list[dict] = []
    for j, name in enumerate(names):
        node = gltf["nodes"][node_of[name]]
        node.pop("matrix", None)  # an animated node must use TRS
        node["translation"] = translation[0, j].tolist()
        node["rotation"] = quaternion[0, j].tolist()
        node["scale"] = scale[0, j].tolist()
        for path_name, values, kind in (
            ("translation", translation[:, j], "VEC3"),
            ("rotation", _continuous(quaternion[:, j]), "VEC4"),
            ("scale", scale[:, j], "VEC3"),
        ):
            samplers.append({"input": times, "output": add(values, kind), "interpolation": "LINEAR"})
            channels.append(
                {"sampler": len(samplers) - 1, "target": {"node": node_of[name], "path": path_name}}
            )
    if morph is not None:
        _add_morph_mesh(gltf, morph, add, times, samplers, channels)
    gltf.setdefault("animations", []).append(
        {"name": animation_name, "samplers": samplers, "channels": channels}
    )
    if gltf.get("buffers"):
        gltf["buffers"][0]["byteLength"] = len(binary) + (-len(binary) % 4)
    else:
        gltf["buffers"] = [{"byteLength": len(binary) + (-len(binary) % 4)}]
    return write_bytes(out, _write_glb(gltf, binary))


def _add_morph_mesh(
    gltf: dict,
    morph: MorphMesh,
    add: Callable[..., int],
    times: int,
    samplers: list[dict],
    channels: list[dict],
) -> None:
    """Append `morph` as a mesh node with one POSITION target per later frame and a weights channel."""
    vertices = np.asarray(morph.vertices, dtype=float)
    if vertices.ndim != 3 or vertices.shape[-1] != 3:
        raise ValueError(f"morph vertices must have shape (F, V, 3), got {vertices.shape}")
    base = vertices[0]
    normals = trimesh.Trimesh(base, morph.faces, process=False).vertex_normals
    attributes = {
        "POSITION": add(base, "VEC3", bounds=True, target=_ARRAY_BUFFER),
        "NORMAL": add(normals, "VEC3", target=_ARRAY_BUFFER),
    }
    targets = [{"POSITION": add(v - base, "VEC3", bounds=True, target=_ARRAY_BUFFER)} for v in vertices[1:]]
    gltf.setdefault("materials", []).append(
        {
            "name": f"{morph.name}_material",
            "pbrMetallicRoughness": {
                "baseColorFactor": list(morph.color),
                "metallicFactor": 0.0,
                "roughnessFactor": 0.7,
            },
        }
    )
    primitive: dict[str, Any] = {
        "attributes": attributes,
        "indices": add(np.asarray(morph.faces).reshape(-1), "INDICES", target=_ELEMENT_ARRAY_BUFFER),
        "material": len(gltf["materials"]) - 1,
        "mode": 4,
    }
    if targets:
        primitive["targets"] = targets
    mesh: dict[str, Any] = {"name": morph.name, "primitives": [primitive]}
    if targets:
        mesh["weights"] = [0.0] * len(targets)
    gltf.setdefault("meshes", []).append(mesh)
    node: dict[str, Any] = {"name": morph.name, "mesh": len(gltf["meshes"]) - 1}
    if morph.extras:
        node["extras"] = morph.extras
    gltf["nodes"].append(node)
    node_index = len(gltf["nodes"]) - 1
    scene = gltf["scenes"][gltf.get("scene", 0)]
    scene["nodes"].append(node_index)
    if targets:
        # Key f shows frame f: weight 1 on target f - 1 (frame 0 is the base, all weights 0).
        weights = np.zeros((len(vertices), len(targets)))
        weights[np.arange(1, len(vertices)), np.arange(len(targets))] = 1.0
        samplers.append(
            {"input": times, "output": add(weights.reshape(-1), "SCALAR"), "interpolation": "LINEAR"}
        )
        channels.append({"sampler": len(samplers) - 1, "target": {"node": node_index, "path": "weights"}})

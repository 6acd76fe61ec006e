"""Scene files: objects with world poses and sizes, validated by `schemas/scene.schema.json`.

An object's world placement is its *instance transform* A = pose · diag(size): `pose` is a rigid 4x4 of
the object's bbox-centre frame (+y up, front +z) and `size` its bbox extents in metres, so A maps the
scale-normalised template (unit cube) into the world — the same convention as `oorkit.oor`.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import trimesh

from oorkit.assets import (
    Catalogue,
    canonicalize,
    get_category,
    get_template,
    load_mesh_file,
    load_template_mesh,
)
from oorkit.assets.canonical import scale_normalize
from oorkit.errors import InvalidFileError, OORKitError
from oorkit.files import check_document, check_schema, read_document, write_json
from oorkit.geometry import decompose_transform, make_transform

FORMAT = "oorkit.scene"
VERSION = 1
EXPORT_USD_SUFFIXES = (".usd", ".usda", ".usdc", ".usdz")
MAX_OBJECTS = 512  # a scene file or spec with more objects is a mistake, not a scene


@dataclass(frozen=True)
class SceneObject:
    """One placed object: rigid `pose` (4, 4) of its bbox centre frame and bbox `size` (3,) in metres."""

    id: str
    category: str
    pose: np.ndarray
    size: np.ndarray
    template: str | None = None
    mesh: str | None = None
    mesh_up: str = "+y"
    mesh_front: str = "+z"
    meta: dict[str, Any] = field(default_factory=dict)

    def instance_transform(self) -> np.ndarray:
        """A = pose · diag(size): scale-normalised template → world."""
        return self.pose @ np.diag([*self.size, 1.0])


@dataclass(frozen=True)
class Scene:
    """Objects in one world (metres, +y up)."""

    objects: tuple[SceneObject, ...]
    meta: dict[str, Any] = field(default_factory=dict)

    def to_trimesh(self, catalogue: Catalogue | None = None) -> trimesh.Scene:
        """The objects as one trimesh.Scene, a node per object named by its id (metres, +y up)."""
        names, meshes, transforms = scene_meshes(self, catalogue)
        out = trimesh.Scene()
        for name, mesh, transform in zip(names, meshes, transforms, strict=True):
            out.add_geometry(mesh, node_name=name, geom_name=name, transform=transform)
        return out

    def export(self, path: str | Path, catalogue: Catalogue | None = None) -> Path:
        """Write the scene in the format of the path's suffix: .json (scene file), .glb, .usd(a/c/z), .ply."""
        path = Path(path)
        suffix = path.suffix.lower()
        if suffix == ".json":
            return save_scene(self, path)
        from oorkit.render import export_glb, export_ply, export_usd

        writers = {".glb": export_glb, ".ply": export_ply} | dict.fromkeys(EXPORT_USD_SUFFIXES, export_usd)
        if suffix not in writers:
            known = ", ".join([".json", *writers])
            raise OORKitError(
                f"{path}: cannot export a scene as {suffix or 'a file without a suffix'}; use {known}"
            )
        return writers[suffix](*scene_meshes(self, catalogue), path)


def object_from_instance_transform(
    object_id: str, category: str, transform: np.ndarray, **kwargs: Any
) -> SceneObject:
    """A SceneObject from an instance transform [[R·diag(S), t], [0, 1]]."""
    r, t, s = decompose_transform(np.asarray(transform, dtype=np.float64))
    return SceneObject(object_id, category, make_transform(r, t), np.asarray(s), **kwargs)


@functools.cache
def scene_schema() -> dict[str, Any]:
    """The JSON Schema of scene files."""
    text = (resources.files("oorkit.scene") / "schemas" / "scene.schema.json").read_text()
    return dict(json.loads(text))


def scene_to_dict(scene: Scene) -> dict[str, Any]:
    """A JSON-ready dict of a scene."""
    objects = []
    for o in scene.objects:
        d: dict[str, Any] = {
            "id": o.id,
            "category": o.category,
            "pose": np.asarray(o.pose).tolist(),
            "size": np.asarray(o.size).tolist(),
        }
        if o.template:
            d["template"] = o.template
        if o.mesh:
            d.update(mesh=o.mesh, mesh_up=o.mesh_up, mesh_front=o.mesh_front)
        if o.meta:
            d["meta"] = o.meta
        objects.append(d)
    out: dict[str, Any] = {"format": FORMAT, "version": VERSION, "units": "m", "up": "+y", "objects": objects}
    if scene.meta:
        out["meta"] = scene.meta
    return out


def scene_from_dict(doc: Any, where: str = "scene", catalogue: Catalogue | None = None) -> Scene:
    """Validate a scene dict against the schema and build a Scene; errors name the offending field."""
    check_document(doc, where, {"objects": MAX_OBJECTS})
    check_schema(scene_schema(), doc, where)
    objects = []
    seen: set[str] = set()
    for i, d in enumerate(doc["objects"]):
        if d["id"] in seen:
            raise InvalidFileError(f"{where}: objects[{i}]: duplicate id {d['id']!r}")
        seen.add(d["id"])
        pose = np.asarray(d["pose"], dtype=np.float64)
        _check_rigid(pose, f"{where}: objects[{i}].pose")
        if not d.get("mesh"):
            # Unknown categories fail here, at load time, with suggestions — not later in rendering.
            get_category(d["category"], catalogue)
        objects.append(
            SceneObject(
                d["id"],
                d["category"],
                pose,
                np.asarray(d["size"], dtype=np.float64),
                d.get("template"),
                d.get("mesh"),
                d.get("mesh_up", "+y"),
                d.get("mesh_front", "+z"),
                dict(d.get("meta", {})),
            )
        )
    return Scene(tuple(objects), dict(doc.get("meta", {})))


def save_scene(scene: Scene, path: str | Path) -> Path:
    """Write a scene JSON file (creating parent directories)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_json(path, scene_to_dict(scene))
    return path


def load_scene(path: str | Path, catalogue: Catalogue | None = None) -> Scene:
    """Read and validate a scene JSON file; relative mesh paths are resolved against its folder."""
    path = Path(path)
    scene = scene_from_dict(read_document(path, "scene file", fmt="json"), str(path), catalogue)
    resolved = tuple(
        o
        if not o.mesh or Path(o.mesh).is_absolute()
        else SceneObject(
            o.id,
            o.category,
            o.pose,
            o.size,
            o.template,
            str((path.parent / o.mesh).resolve()),
            o.mesh_up,
            o.mesh_front,
            o.meta,
        )
        for o in scene.objects
    )
    return Scene(resolved, scene.meta)


def canonical_mesh(
    category: str,
    mesh: str | None = None,
    mesh_up: str = "+y",
    mesh_front: str = "+z",
    template: str | None = None,
    catalogue: Catalogue | None = None,
) -> trimesh.Trimesh:
    """An object's mesh in its instance canonical space: its own mesh file, its template or its category's."""
    if mesh:
        return canonicalize(load_mesh_file(mesh), mesh_up, mesh_front)[0]
    if template:
        return load_template_mesh(get_template(template, catalogue))
    return load_template_mesh(get_category(category, catalogue).name, catalogue)


def object_mesh(obj: SceneObject, catalogue: Catalogue | None = None) -> trimesh.Trimesh:
    """The object's mesh in scale-normalised space (place it with `obj.instance_transform()`)."""
    return scale_normalize(
        canonical_mesh(obj.category, obj.mesh, obj.mesh_up, obj.mesh_front, obj.template, catalogue)
    )


def scene_meshes(
    scene: Scene, catalogue: Catalogue | None = None
) -> tuple[list[str], list[trimesh.Trimesh], np.ndarray]:
    """Names, scale-normalised meshes and instance transforms (N, 4, 4) of every object, ready to render."""
    names = [o.id for o in scene.objects]
    meshes = [object_mesh(o, catalogue) for o in scene.objects]
    transforms = np.stack([o.instance_transform() for o in scene.objects])
    return names, meshes, transforms


def _check_rigid(pose: np.ndarray, where: str) -> None:
    rotation = pose[:3, :3]
    if not np.allclose(pose[3], [0, 0, 0, 1], atol=1e-6):
        raise InvalidFileError(f"{where}: last row must be [0, 0, 0, 1]")
    if not np.allclose(rotation.T @ rotation, np.eye(3), atol=1e-4) or np.linalg.det(rotation) < 0:
        raise InvalidFileError(
            f"{where}: the 3x3 part must be a rotation (put the size in 'size', not in the pose)"
        )

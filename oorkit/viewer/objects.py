"""What the viewer shows, as plain data: posed objects (mesh, rigid pose, bbox size), boxes, camera framing.

Every object is a scale-normalised mesh (bbox = unit cube) in its bbox-centre frame, a rigid world pose
and its bbox extents in metres, i.e. the instance transform pose · diag(size) of `oorkit.scene`. Keeping
pose and size apart lets the viewer animate an edit trajectory by moving rigid frames only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import trimesh

from oorkit.assets import Catalogue
from oorkit.geometry import decompose_transform, make_transform, matrix_to_quat
from oorkit.scene.file import Scene, object_mesh
from oorkit.scene.pairs import pair_scene

#: Edges of a box as pairs of corner indices (corners ordered by the bits x, y, z of their index).
_BOX_EDGES = ((0, 1), (2, 3), (4, 5), (6, 7), (0, 2), (1, 3), (4, 6), (5, 7), (0, 4), (1, 5), (2, 6), (3, 7))


@dataclass(frozen=True)
class ViewObject:
    """A shown object: unit-bbox `mesh`, rigid world `pose` (4, 4) of its bbox centre, `size` (3,) in m."""

    name: str
    category: str
    mesh: trimesh.Trimesh
    pose: np.ndarray
    size: np.ndarray
    role: str = "object"  # "object" (from the model or a scene file) or "room" (floor, walls)

    def instance_transform(self) -> np.ndarray:
        """pose · diag(size): unit-bbox mesh → world."""
        return np.asarray(self.pose) @ np.diag([*np.asarray(self.size, dtype=np.float64), 1.0])


def split_transform(transform: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(rigid pose (4, 4), size (3,)) of an instance transform [[R·diag(s), t], [0, 1]]."""
    rotation, translation, size = decompose_transform(np.asarray(transform, dtype=np.float64))
    return np.asarray(make_transform(rotation, translation)), np.asarray(size)


def rigid_poses(transforms: np.ndarray) -> np.ndarray:
    """Rigid poses (..., 4, 4) of instance transforms (..., 4, 4): the per-axis scale removed."""
    rotation, translation, _ = decompose_transform(np.asarray(transforms, dtype=np.float64))
    return np.asarray(make_transform(rotation, translation))


def pose_wxyz(pose: np.ndarray) -> tuple[float, float, float, float]:
    """The rotation of a rigid 4x4 as a (w, x, y, z) quaternion (viser's convention)."""
    x, y, z, w = (float(v) for v in matrix_to_quat(np.asarray(pose, dtype=np.float64)[:3, :3]))
    return w, x, y, z


def scene_objects(scene: Scene, catalogue: Catalogue | None = None) -> list[ViewObject]:
    """The objects of a scene, named by their ids."""
    return [
        ViewObject(o.id, o.category, object_mesh(o, catalogue), np.asarray(o.pose), np.asarray(o.size))
        for o in scene.objects
    ]


def sample_objects(
    phi: np.ndarray, base: str, target: str, catalogue: Catalogue | None = None
) -> list[ViewObject]:
    """Base and target of one OOR sample φ (15,), the base on the floor at the origin (real size)."""
    scene = pair_scene(np.asarray(phi), base, target, catalogue=catalogue)
    return [
        ViewObject(f"{role}_{v.category}", v.category, v.mesh, v.pose, v.size)
        for role, v in zip(("base", "target"), scene_objects(scene, catalogue), strict=True)
    ]


def world_mesh_object(name: str, category: str, mesh: trimesh.Trimesh, role: str = "room") -> ViewObject:
    """A ViewObject of a mesh given in world coordinates (axis-aligned pose at its bbox centre)."""
    lo, hi = mesh.bounds
    size = np.maximum(hi - lo, 1e-6)
    centre = (lo + hi) / 2
    unit = mesh.copy()
    unit.apply_translation(-centre)
    unit.apply_transform(np.diag([*(1.0 / size), 1.0]))
    pose = np.eye(4)
    pose[:3, 3] = centre
    return ViewObject(name, category, unit, pose, size, role)


def box_object(
    name: str, pose: np.ndarray, size: Sequence[float] | np.ndarray, color: Sequence[int], role: str = "room"
) -> ViewObject:
    """A coloured box (RGBA 0–255; alpha < 255 is see-through) at a rigid pose with bbox `size`."""
    mesh = trimesh.creation.box(extents=(1.0, 1.0, 1.0))
    mesh.visual.face_colors = np.asarray(color, dtype=np.uint8)
    return ViewObject(name, name, mesh, np.asarray(pose, dtype=np.float64), np.asarray(size, float), role)


def box_corners_local(size: np.ndarray) -> np.ndarray:
    """The 8 corners (8, 3) of a box of extents `size` centred at the origin."""
    bits = np.array([[(i >> 0) & 1, (i >> 1) & 1, (i >> 2) & 1] for i in range(8)], dtype=np.float64)
    return (bits - 0.5) * np.asarray(size, dtype=np.float64)


def bbox_segments(size: np.ndarray) -> np.ndarray:
    """The 12 edges (12, 2, 3) of a bounding box of extents `size` in its own (centre) frame."""
    corners = box_corners_local(size)
    return np.stack([corners[list(edge)] for edge in _BOX_EDGES])


def world_corners(objects: Sequence[ViewObject]) -> np.ndarray:
    """All bbox corners (8·N, 3) of the objects in the world (empty (0, 3) for no objects)."""
    if not objects:
        return np.zeros((0, 3))
    out = []
    for o in objects:
        corners = box_corners_local(o.size)
        out.append(corners @ np.asarray(o.pose)[:3, :3].T + np.asarray(o.pose)[:3, 3])
    return np.concatenate(out)


def framing(objects: Sequence[ViewObject], fov_deg: float = 50.0) -> tuple[np.ndarray, np.ndarray]:
    """(camera position, look-at point) that frames the objects from the front-right, above (+y up)."""
    corners = world_corners(objects)
    if len(corners) == 0:
        return np.array([1.0, 1.0, 1.0]), np.zeros(3)
    lo, hi = corners.min(axis=0), corners.max(axis=0)
    centre = (lo + hi) / 2
    radius = max(float(np.linalg.norm(hi - lo)) / 2, 0.05)
    distance = radius / np.sin(np.radians(fov_deg) / 2) * 1.1
    direction = np.array([0.75, 0.55, 1.0])
    return centre + direction / np.linalg.norm(direction) * distance, centre


def scene_extent(objects: Sequence[ViewObject]) -> float:
    """Largest horizontal extent (metres) of the objects' world bboxes; 1 for no objects."""
    corners = world_corners(objects)
    if len(corners) == 0:
        return 1.0
    span = corners.max(axis=0) - corners.min(axis=0)
    return float(max(span[0], span[2], 1e-3))

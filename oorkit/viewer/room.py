"""Layouts (`oor layout` output) as viewer objects: floor slab, walls as thin see-through boxes, furniture."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import trimesh
from shapely.geometry import Polygon

from oorkit.errors import InvalidFileError
from oorkit.files import read_document
from oorkit.geometry import make_transform
from oorkit.layout.export import layout_scene, world_transforms
from oorkit.layout.furniture import OnPlacement
from oorkit.layout.spec import LayoutSpec, spec_from_dict
from oorkit.scene.file import Scene
from oorkit.viewer.objects import ViewObject, box_object, scene_objects, world_mesh_object

FLOOR_COLOR = (205, 200, 190, 255)
WALL_COLOR = (150, 160, 175, 90)
BOX_COLOR = (170, 150, 120, 255)
FLOOR_THICKNESS = 0.05
WALL_THICKNESS = 0.08


@dataclass(frozen=True)
class Room:
    """A solved layout: its spec, the catalogue objects as a Scene and every object to show."""

    spec: LayoutSpec
    scene: Scene
    objects: list[ViewObject]
    path: Path


def layout_file(path: Path) -> Path:
    """The layout.json of a layout output folder (or the file itself)."""
    return path / "layout.json" if path.is_dir() else path


def load_room(path: str | Path) -> Room:
    """Read a layout.json (or its folder) written by `oor layout` and build the room to show."""
    file = layout_file(Path(path))
    return room_from_dict(read_document(file, "layout.json", fmt="json"), file)


def room_from_dict(doc: Any, path: Path) -> Room:
    """Build a Room from a parsed layout.json document."""
    if not isinstance(doc, dict) or doc.get("format") != "oorkit.layout":
        raise InvalidFileError(f"{path}: not a layout file (format 'oorkit.layout')")
    spec = spec_from_dict(doc["spec"], f"{path}.spec")
    placed = {str(o["id"]): (float(o["x"]), float(o["y"]), float(o["rz"])) for o in doc.get("objects", [])}
    missing = [a.id for a in spec.floor_assets() if a.id not in placed]
    if missing:
        raise InvalidFileError(f"{path}: no pose for floor objects {', '.join(missing)}")
    poses = np.array([placed[a.id] for a in spec.floor_assets()], dtype=np.float64).reshape(-1, 3)
    on = [_on_placement(d) for d in doc.get("on_furniture", [])]
    scene = layout_scene(spec, poses, on)
    objects = [*room_shell(spec), *scene_objects(scene)]
    for a, (pose, size) in zip(spec.floor_assets(), world_transforms(spec, poses), strict=True):
        if not a.category:
            objects.append(box_object(a.id, pose, size, BOX_COLOR, role="object"))
    return Room(spec, scene, objects, path)


def _on_placement(d: dict[str, Any]) -> OnPlacement:
    pose = np.asarray(d["pose"], dtype=np.float64) if "pose" in d else None
    size = np.asarray(d["size"], dtype=np.float64) if "size" in d else None
    return OnPlacement(str(d["id"]), str(d["on"]), str(d.get("prompt", "")), str(d["status"]), pose, size)


def outline(spec: LayoutSpec) -> list[tuple[float, float]]:
    """The floor outline in plan coordinates, counter-clockwise."""
    length, width = spec.size[0], spec.size[1]
    points = list(spec.polygon or ((0.0, 0.0), (length, 0.0), (length, width), (0.0, width)))
    if not Polygon(points).exterior.is_ccw:
        points.reverse()
    return points


def room_shell(spec: LayoutSpec) -> list[ViewObject]:
    """Floor slab (top at y = 0) and one thin wall box per outline edge, just outside the floor."""
    points = outline(spec)
    # Plan (x, y) → world (x, −y): extrude in the plan, then rotate the slab so its top is y = 0.
    slab = trimesh.creation.extrude_polygon(Polygon(points), FLOOR_THICKNESS)
    slab.apply_transform(np.array([[1, 0, 0, 0], [0, 0, 1, 0], [0, -1, 0, 0], [0, 0, 0, 1.0]]))
    slab.apply_translation([0.0, -FLOOR_THICKNESS, 0.0])
    slab.visual = trimesh.visual.ColorVisuals(slab, face_colors=np.asarray(FLOOR_COLOR, dtype=np.uint8))
    shell = [world_mesh_object("floor", "floor", slab)]
    height = spec.size[2]
    for i, (p, q) in enumerate(zip(points, [*points[1:], points[0]], strict=True)):
        dx, dy = q[0] - p[0], q[1] - p[1]
        length = float(np.hypot(dx, dy))
        if length < 1e-6:
            continue
        # Outward normal of a counter-clockwise outline is the edge direction turned clockwise.
        nx, ny = dy / length, -dx / length
        cx = (p[0] + q[0]) / 2 + nx * WALL_THICKNESS / 2
        cy = (p[1] + q[1]) / 2 + ny * WALL_THICKNESS / 2
        angle = np.arctan2(dy, dx)  # R_y(angle) maps local +x onto the world direction (dx, 0, −dy)
        c, s = np.cos(angle), np.sin(angle)
        rotation = np.array([[c, 0, s], [0, 1, 0], [-s, 0, c]])
        pose = np.asarray(make_transform(rotation, np.array([cx, height / 2, -cy])))
        size = (length + WALL_THICKNESS, height, WALL_THICKNESS)
        shell.append(box_object(f"wall_{i}", pose, size, WALL_COLOR))
    return shell

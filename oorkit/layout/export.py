"""Layout outputs: layout JSON, metrics, the 3D scene (template meshes) and its GLB.

Floor plan → world: room (x, y) maps to world (x, h/2, −y) with +y up, so looking down from +y the plan
appears as drawn (x right, y up) and the plan's counter-clockwise yaw rz is a rotation by rz about +y.
An object's canonical front (+z) faces the plan's +y at rz = 0, i.e. its world rotation is R_y(rz + π).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import trimesh

from oorkit.files import write_json
from oorkit.geometry import make_transform
from oorkit.layout.furniture import OnPlacement, furniture_pairs
from oorkit.layout.r3l import export_pose
from oorkit.layout.solver import SolveResult
from oorkit.layout.spec import LayoutSpec, spec_to_dict
from oorkit.layout.verify import COLLISION_AREA, OOB_DISTANCE


def metrics(result: SolveResult) -> dict[str, Any]:
    """Collision rate, out-of-bounds rate (% of objects), relation satisfaction (%) and solve time."""
    n = max(len(result.ids), 1)
    return {
        "objects": len(result.ids),
        "relations": len(result.relations),
        "collision_rate": 100.0 * len(result.verification.colliding()) / n,
        "out_of_bounds_rate": 100.0 * len(result.verification.outside) / n,
        "satisfaction": 100.0 * float(np.mean(result.satisfied)) if len(result.satisfied) else 100.0,
        "solve_seconds": round(result.seconds, 3),
        "feasible": result.feasible,
        "definitions": {
            "collision": f"footprint overlaps another's by more than {COLLISION_AREA * 1e4:g} cm²",
            "out_of_bounds": f"more than {OOB_DISTANCE * 100:g} cm outside the floor",
            "satisfied": "every position residual ≤ 5 cm and every angle ≤ 5°",
        },
    }


def layout_dict(
    spec: LayoutSpec, result: SolveResult, log: list[str] | None = None, on: list[OnPlacement] | None = None
) -> dict[str, Any]:
    """The layout file: spec (revised relations), poses per object, R3L `pose` block and the report."""
    if on is None:
        note = "pending: objects on furniture were not sampled (run `oor layout` to place them)"
        on = [OnPlacement(o.id, b.id, text, "pending", note=note) for o, b, text in furniture_pairs(spec)]
    return {
        "format": "oorkit.layout",
        "version": 1,
        "conventions": "origin bottom-left, x in [0, L], y in [0, W], rz radians, 0 faces +y, CCW positive",
        "spec": spec_to_dict(spec),
        "objects": [
            {"id": i, "x": float(p[0]), "y": float(p[1]), "rz": float(p[2])}
            for i, p in zip(result.ids, result.poses, strict=True)
        ],
        "r3l": export_pose(result.ids, result.poses),
        "report": result.report(),
        "imagination_log": log or [],
        "on_furniture": [p.to_dict() for p in on],
    }


def world_transforms(spec: LayoutSpec, poses: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """(rigid pose 4x4, bbox size (3,)) of each floor object in the world (+y up), see module docstring."""
    out = []
    for a, (x, y, rz) in zip(spec.floor_assets(), poses, strict=True):
        angle = rz + np.pi
        c, s = np.cos(angle), np.sin(angle)
        rot = np.array([[c, 0, s], [0, 1, 0], [-s, 0, c]])
        size = np.array([a.footprint[0], a.height, a.footprint[1]])
        out.append((np.asarray(make_transform(rot, np.array([x, a.height / 2, -y]))), size))
    return out


def layout_scene(spec: LayoutSpec, poses: np.ndarray, on: list[OnPlacement] | None = None) -> Any:
    """An oorkit Scene of the catalogue objects (items without a category are left to the GLB as boxes)."""
    from oorkit.scene import Scene, SceneObject

    objs = []
    for a, (pose, size) in zip(spec.floor_assets(), world_transforms(spec, poses), strict=True):
        if a.category:
            objs.append(SceneObject(a.id, a.category, pose, size))
    category = {a.id: a.category for a in spec.assets}
    for p in on or []:
        if p.status == "placed" and p.pose is not None and p.size is not None and category.get(p.id):
            objs.append(SceneObject(p.id, str(category[p.id]), p.pose, p.size, meta={"on": p.on}))
    return Scene(tuple(objs), {"room_size": list(spec.size), "source": "oorkit.layout"})


def export_room_glb(
    spec: LayoutSpec, poses: np.ndarray, path: str | Path, on: list[OnPlacement] | None = None
) -> Path:
    """GLB of the room: floor slab, template meshes for catalogue objects, plain boxes for the rest."""
    from oorkit.render import export_glb
    from oorkit.scene import scene_meshes

    scene = layout_scene(spec, poses, on)
    names, meshes, transforms = scene_meshes(scene) if scene.objects else ([], [], np.zeros((0, 4, 4)))
    names, meshes, mats = list(names), list(meshes), list(transforms)
    for a, (pose, size) in zip(spec.floor_assets(), world_transforms(spec, poses), strict=True):
        if not a.category:
            box = trimesh.creation.box(extents=(1.0, 1.0, 1.0))
            box.visual.face_colors = [170, 150, 120, 255]
            names.append(a.id)
            meshes.append(box)
            mats.append(pose @ np.diag([*size, 1.0]))
    length, width = spec.size[0], spec.size[1]
    floor = trimesh.creation.box(extents=(1.0, 1.0, 1.0))
    floor.visual.face_colors = [205, 200, 190, 255]
    names.append("floor")
    meshes.append(floor)
    mats.append(
        np.asarray(make_transform(np.eye(3), np.array([length / 2, -0.025, -width / 2])))
        @ np.diag([length, 0.05, width, 1.0])
    )
    return export_glb(names, meshes, np.stack(mats), path)


def write_outputs(
    spec: LayoutSpec,
    result: SolveResult,
    out: str | Path,
    log: list[str] | None = None,
    glb: bool = True,
    on: list[OnPlacement] | None = None,
) -> dict[str, Path]:
    """layout.json, plan.png, metrics.json and (optionally) room.glb + scene.json into `out`."""
    from oorkit.layout.plot import draw_plan

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    paths = {"layout": out / "layout.json", "plan": out / "plan.png", "metrics": out / "metrics.json"}
    write_json(paths["layout"], layout_dict(spec, result, log, on))
    write_json(paths["metrics"], metrics(result))
    status = "feasible" if result.feasible else "INFEASIBLE"
    title = f"{spec.name or 'layout'}  {spec.size[0]:g} x {spec.size[1]:g} m  ({status})"
    draw_plan(spec, result.poses, paths["plan"], verification=result.verification, title=title)
    if glb:
        from oorkit.scene import save_scene

        paths["scene"] = save_scene(layout_scene(spec, result.poses, on), out / "scene.json")
        paths["glb"] = export_room_glb(spec, result.poses, out / "room.glb", on)
    return paths

"""R3L interop: import its parsed constraint JSON (`constr_json` + objects/bbox/room_size) as a LayoutSpec,
export solved layouts in its `pose` format ({x: [...], y: [...], rz: [...]}, radians, object order).

R3L's floor conventions are ours (origin bottom-left, rz = 0 faces +y, CCW positive, walls L/R/T/B), so
poses carry over unchanged. Its `bbox.x/y/z` are footprint width, footprint depth and height.
"""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np

from oorkit.assets import get_category
from oorkit.errors import InvalidFileError, OORKitError
from oorkit.layout.spec import Asset, LayoutSpec, Relation, Unit

# R3L's around centerline names: the unit direction (sin c, cos c) in the target's frame.
_CENTERLINE_RAD = {
    "T": 0.0,
    "B": math.pi,
    "L": math.pi / 2,
    "R": -math.pi / 2,
    "TL": math.pi / 4,
    "TR": -math.pi / 4,
    "BL": 3 * math.pi / 4,
    "BR": -3 * math.pi / 4,
}


def _category(object_id: str) -> str | None:
    """Our catalogue category of an R3L object id such as 'office-chair-0', if there is one."""
    name = re.sub(r"[-_]?\d+$", "", object_id).replace("-", "_")
    try:
        return get_category(name).name
    except OORKitError:
        return None


def import_r3l(doc: dict[str, Any], name: str = "", where: str = "") -> LayoutSpec:
    """A LayoutSpec from an R3L fixture dict (keys constr_json, objects, bbox, room_size)."""
    try:
        return _import(doc, name)
    except KeyError as exc:
        raise InvalidFileError(
            f"{where or name or 'R3L file'}: not an R3L constraint file (no {exc})"
        ) from None
    except (TypeError, IndexError, ValueError) as exc:
        problem = " ".join(str(exc).split())
        raise InvalidFileError(
            f"{where or name or 'R3L file'}: not an R3L constraint file ({problem})"
        ) from None


def _import(doc: dict[str, Any], name: str) -> LayoutSpec:
    objects = list(doc["objects"])
    bbox = doc["bbox"]
    assets = tuple(
        Asset(
            o,
            (float(bbox["x"][i]), float(bbox["y"][i])),
            float(bbox["z"][i]),
            _category(o),
            re.sub(r"[-_]?\d+$", "", o).replace("-", " "),
        )
        for i, o in enumerate(objects)
    )
    constr = doc["constr_json"]
    clusters = constr["scene_entities"].get("clusters", [])
    anchors = {c["cluster_id"]: c["anchor"]["anchor_object_id"] for c in clusters}
    units = tuple(
        Unit(
            c["cluster_id"],
            anchors[c["cluster_id"]],
            tuple(dict.fromkeys([anchors[c["cluster_id"]], *c["members"]])),
        )
        for c in clusters
    )
    blocks = constr["constraints"]
    relations: list[Relation] = []
    comp = blocks.get("composition", {})
    for it in comp.get("against_wall", []):
        relations.append(Relation("against_wall", it["src_id"], wall=it["wall"]))
    for it in comp.get("corner", []):
        relations.append(Relation("corner", it["src_id"], corner=it["corner"], wall=it["wall"]))
    for it in comp.get("horizontal", []):
        relations.append(Relation("horizontal", it["src_id"], x=it.get("x"), percentile=it.get("percentile")))
    for it in comp.get("vertical", []):
        relations.append(Relation("vertical", it["src_id"], y=it.get("y"), percentile=it.get("percentile")))
    for cid, rules in blocks.get("cluster_internal", {}).items():
        relations += _relational(rules, anchors.get(cid))
    relations += _relational(blocks.get("scene_relational", {}), None)
    size = [float(v) for v in doc["room_size"]]
    height = max(3.0, float(np.max(bbox["z"])) + 0.2)
    return LayoutSpec((size[0], size[1], height), assets, units, tuple(relations), name=name, room_type="r3l")


def _relational(rules: dict[str, Any], anchor: str | None) -> list[Relation]:
    def ref(kind: str, value: str) -> str:
        if kind == "anchor":
            if anchor is None:
                raise ValueError("'anchor' endpoint outside a cluster")
            return anchor
        return value

    out = []
    for it in rules.get("facing", []):
        src = ref(it["src_kind"], it["src_id"])
        if it["tar_kind"] == "wall":
            out.append(Relation("facing", src, wall=it["tar_id"], mode="wall"))
        else:
            tgt = ref(it["tar_kind"], it["tar_id"])
            out.append(
                Relation("facing", src, tgt, mode=it.get("mode", "radial"), mutual=bool(it.get("mutual")))
            )
    for kind in ("left_of", "right_of", "in_front_of", "behind_of"):
        for it in rules.get(kind, []):
            out.append(
                Relation(
                    kind,
                    ref(it["src_kind"], it["src_id"]),
                    ref(it["tar_kind"], it["tar_id"]),
                    clearance=float(it.get("clearance", 0.0)),
                    percentile=float(it.get("percentile", 0.5)),
                )
            )
    for it in rules.get("around", []):
        # R3L measures its centreline clockwise from the front (sin c, cos c); ours is counter-clockwise.
        centre = _CENTERLINE_RAD[it.get("centerline", "T")]
        out.append(
            Relation(
                "around",
                target=ref(it["tar_kind"], it["tar_id"]),
                sources=tuple(ref(s["src_kind"], s["src_id"]) for s in it["src"]),
                distance=float(it["distance"]),
                sweep=float(it["sweep_deg"]),
                centerline=-math.degrees(centre),
            )
        )
    for it in rules.get("angle", []):
        out.append(
            Relation(
                "align",
                ref(it["src_kind"], it["src_id"]),
                ref(it["tar_kind"], it["tar_id"]),
                angle=float(it["angle"]),
            )
        )
    return out


def r3l_poses(doc: dict[str, Any]) -> np.ndarray:
    """The (N, 3) x, y, rz layout saved in an R3L file (R3L's own solution), in object order."""
    pose = doc["pose"]
    return np.stack([np.asarray(pose[k], dtype=np.float64) for k in ("x", "y", "rz")], -1)


def export_pose(ids: tuple[str, ...] | list[str], poses: np.ndarray) -> dict[str, Any]:
    """R3L's `pose` block of a layout: {'objects': ids, 'pose': {'x', 'y', 'rz'}} (metres, radians)."""
    poses = np.asarray(poses, dtype=np.float64)
    return {
        "objects": list(ids),
        "pose": {"x": poses[:, 0].tolist(), "y": poses[:, 1].tolist(), "rz": poses[:, 2].tolist()},
    }

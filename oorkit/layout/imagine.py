"""Consistent spatial imagination, programmatic (R3L Sec. 3.2): lay the relations out on cognitive maps,
find conflicts as AABB overlaps, revise relations hierarchically and log every revision.

Local maps hold each unit's members in its anchor's frame (anchor at the origin, facing +y); the global
map holds unit boxes and independent objects in the room. A member that overlaps another member in its
local map gets its *intra-unit* relation revised (other side-alignment percentile, then more clearance);
an entity that overlaps another in the global map, or pokes out of the room, gets its *inter-unit*
relation revised (percentile/clearance, or its horizontal/vertical coordinate slid to the nearest free
spot). The imagined poses seed the solver's first restart.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np

from oorkit.layout.penalties import WALL_INWARD, WALL_OUTWARD
from oorkit.layout.spec import DIRECTIONAL, LayoutSpec, Relation, with_relations

_DIR = {"left_of": (0, -1.0), "right_of": (0, 1.0), "in_front_of": (1, 1.0), "behind_of": (1, -1.0)}
GAP = 0.05  # metres added beyond an overlap when a revision moves something


@dataclass
class Box:
    """A box on a cognitive map: centre, yaw, half-extents in its own frame."""

    x: float
    y: float
    rz: float
    hw: float
    hd: float

    def aabb(self) -> tuple[float, float, float, float]:
        """(xmin, ymin, xmax, ymax) of the yaw-rotated footprint (R3L's e^x, e^y)."""
        c, s = abs(math.cos(self.rz)), abs(math.sin(self.rz))
        ex, ey = self.hw * c + self.hd * s, self.hw * s + self.hd * c
        return self.x - ex, self.y - ey, self.x + ex, self.y + ey


def overlap(a: Box, b: Box) -> float:
    """Smaller of the two AABB interval overlaps (> 0: the boxes collide on the map)."""
    ax0, ay0, ax1, ay1 = a.aabb()
    bx0, by0, bx1, by1 = b.aabb()
    return min(min(ax1, bx1) - max(ax0, bx0), min(ay1, by1) - max(ay0, by0))


def _rot(v: tuple[float, float], rz: float) -> tuple[float, float]:
    c, s = math.cos(rz), math.sin(rz)
    return c * v[0] - s * v[1], s * v[0] + c * v[1]


def place_directional(r: Relation, target: Box, hw: float, hd: float, rz: float) -> tuple[float, float]:
    """Where a directional relation puts a box of half-extents (hw, hd) and yaw rz next to `target`."""
    axis, side = _DIR[r.type]
    phi = rz - target.rz
    c, s = abs(math.cos(phi)), abs(math.sin(phi))
    spans = (hw * c + hd * s, hw * s + hd * c)
    half = (target.hw, target.hd)
    pct = 0.5 if r.percentile is None else r.percentile
    off = [0.0, 0.0]
    off[axis] = side * (half[axis] + spans[axis] + r.clearance)
    other = 1 - axis
    off[other] = (2 * pct - 1) * (half[other] - spans[other])
    dx, dy = _rot((off[0], off[1]), target.rz)
    return target.x + dx, target.y + dy


@dataclass
class Imagination:
    """The revised spec, the imagined global poses (N, 3) in floor-object order and the revision log."""

    spec: LayoutSpec
    poses: np.ndarray
    log: list[str] = field(default_factory=list)


def _revise_directional(
    r: Relation,
    target: Box,
    hw: float,
    hd: float,
    rz: float,
    others: list[Box],
    inside: Callable[[Box], bool],
) -> tuple[Relation, Box]:
    """Try other percentiles, then larger clearances, until the box is free; the best effort otherwise."""
    tries = [replace(r, percentile=p) for p in (0.5, 0.0, 1.0) if p != r.percentile]
    for extra in (0.1, 0.25, 0.5, 1.0):
        tries.append(replace(r, clearance=round(r.clearance + extra, 3)))
    for cand in tries:
        box = Box(*place_directional(cand, target, hw, hd, rz), rz, hw, hd)
        if all(overlap(box, o) <= 0 for o in others) and inside(box):
            return cand, box
    return r, Box(*place_directional(r, target, hw, hd, rz), rz, hw, hd)


def imagine(spec: LayoutSpec, rounds: int = 3) -> Imagination:
    """Imagine the layout on local and global AABB maps, revising conflicting relations (logged)."""
    log: list[str] = []
    relations = list(spec.relations)
    floor = {a.id: a for a in spec.floor_assets()}
    unit_of = spec.unit_of()
    length, width = spec.size[0], spec.size[1]

    # ---- local maps: members in the anchor frame ------------------------------------------------
    local: dict[str, dict[str, Box]] = {}
    for u in spec.units:
        a = floor[u.anchor]
        boxes = {u.anchor: Box(0.0, 0.0, 0.0, a.footprint[0] / 2, a.footprint[1] / 2)}
        pending = [m for m in u.members if m != u.anchor]
        for _ in range(len(pending) + 1):
            for m in list(pending):
                hw, hd = floor[m].footprint[0] / 2, floor[m].footprint[1] / 2
                rz = 0.0
                for r in relations:
                    if r.type == "align" and r.source == m and r.target in boxes:
                        rz = boxes[r.target].rz + math.radians(r.angle)
                idx = next(
                    (
                        i
                        for i, r in enumerate(relations)
                        if r.type in DIRECTIONAL and r.source == m and r.target in boxes
                    ),
                    None,
                )
                if idx is None:
                    continue
                r = relations[idx]
                tb = boxes[r.target or ""]
                box = Box(*place_directional(r, tb, hw, hd, rz), rz, hw, hd)
                clash = [o for k, o in boxes.items() if overlap(box, o) > 1e-6]
                if clash:
                    new, box = _revise_directional(r, tb, hw, hd, rz, list(boxes.values()), lambda b: True)
                    if new != r:
                        log.append(f"intra-unit {u.id}: {m} overlapped on the local map; {_diff(r, new)}")
                        relations[idx] = new
                    else:
                        log.append(f"intra-unit {u.id}: {m} overlaps on the local map; no revision found")
                boxes[m] = box
                pending.remove(m)
        for m in pending:  # members no directional relation places: beside the anchor, on the right
            hw, hd = floor[m].footprint[0] / 2, floor[m].footprint[1] / 2
            right = max(b.aabb()[2] for b in boxes.values())
            boxes[m] = Box(right + hw + 0.1, 0.0, 0.0, hw, hd)
        for m, b in boxes.items():
            if m != u.anchor:
                for r in relations:
                    if r.type == "facing" and r.source == m and r.target in boxes and r.mode == "radial":
                        t = boxes[r.target]
                        b.rz = math.atan2(-(t.x - b.x), t.y - b.y)
        local[u.id] = boxes

    # ---- global map: unit boxes and independent objects -----------------------------------------
    ents: dict[str, tuple[float, float, float, float]] = {}  # id → (hw, hd, mid_x, mid_y) in own frame
    for u in spec.units:
        x0 = min(b.aabb()[0] for b in local[u.id].values())
        y0 = min(b.aabb()[1] for b in local[u.id].values())
        x1 = max(b.aabb()[2] for b in local[u.id].values())
        y1 = max(b.aabb()[3] for b in local[u.id].values())
        ents[u.id] = ((x1 - x0) / 2, (y1 - y0) / 2, (x0 + x1) / 2, (y0 + y1) / 2)
    for a in floor.values():
        if a.id not in unit_of:
            ents[a.id] = (a.footprint[0] / 2, a.footprint[1] / 2, 0.0, 0.0)
    alias = {a: unit_of[a] for a in floor if a in unit_of}

    def gid(ref: str | None) -> str | None:
        return alias.get(ref, ref) if ref else ref

    def inside(b: Box) -> bool:
        x0, y0, x1, y1 = b.aabb()
        return x0 >= -1e-6 and y0 >= -1e-6 and x1 <= length + 1e-6 and y1 <= width + 1e-6

    placed: dict[str, Box] = {}
    order = sorted(ents, key=lambda e: _priority(e, relations))
    for _ in range(rounds):
        for e in order:
            if e in placed:
                continue
            own = [
                (i, r)
                for i, r in enumerate(relations)
                if gid(r.source) == e and r.source in (e, _anchor(spec, e))
            ]
            found = _place_global(e, own, ents[e], placed, gid, length, width, relations, log, inside)
            if found is not None:
                placed[e] = found
    for e in order:
        if e not in placed:
            hw, hd, _, _ = ents[e]
            placed[e] = Box(length / 2, width / 2, 0.0, hw, hd)

    # ---- object poses from the maps -------------------------------------------------------------
    ids = [a.id for a in spec.floor_assets()]
    poses = np.zeros((len(ids), 3))
    for i, o in enumerate(ids):
        if o in unit_of:
            uid = unit_of[o]
            ub = placed[uid]
            _, _, mx, my = ents[uid]
            anchor_xy = np.array([ub.x, ub.y]) - np.array(_rot((mx, my), ub.rz))
            lb = local[uid][o]
            off = _rot((lb.x, lb.y), ub.rz)
            poses[i] = [anchor_xy[0] + off[0], anchor_xy[1] + off[1], ub.rz + lb.rz]
        else:
            b = placed[o]
            poses[i] = [b.x, b.y, b.rz]
    return Imagination(with_relations(spec, relations), poses, log)


def _anchor(spec: LayoutSpec, e: str) -> str:
    return next((u.anchor for u in spec.units if u.id == e), e)


def _priority(e: str, relations: list[Relation]) -> tuple[int, int]:
    kinds = {r.type for r in relations if r.source == e}
    if "corner" in kinds:
        return (0, 0)
    if "against_wall" in kinds:
        return (1, 0)
    if kinds & {"horizontal", "vertical"}:
        return (2, 0)
    return (3, 0)


def _diff(old: Relation, new: Relation) -> str:
    changes = [
        f"{k} {getattr(old, k)} → {getattr(new, k)}"
        for k in ("percentile", "clearance", "x", "y")
        if getattr(old, k) != getattr(new, k)
    ]
    return f"revised `{old.describe()}`: " + ", ".join(changes)


def _place_global(e, own, ent, placed, gid, length, width, relations, log, inside) -> Box | None:
    """Place one global entity from its own relations; None when it depends on an unplaced target."""
    hw, hd, _, _ = ent
    rz, x, y = 0.0, None, None
    placer = None
    for _, r in own:
        if r.type in ("against_wall", "corner"):
            rz = WALL_INWARD[r.wall or "B"]
        elif r.type == "facing" and (r.mode == "wall" or r.wall):
            rz = WALL_OUTWARD[r.wall or "B"]
        elif r.type == "align" and gid(r.target) in placed:
            rz = placed[gid(r.target)].rz + math.radians(r.angle)
    c, s = abs(math.cos(rz)), abs(math.sin(rz))
    ex, ey = hw * c + hd * s, hw * s + hd * c
    for i, r in own:
        if r.type == "corner":
            x = ex if "L" in (r.corner or "BL") else length - ex
            y = ey if "B" in (r.corner or "BL") else width - ey
        elif r.type == "against_wall":
            if r.wall in ("L", "R"):
                x = ex if r.wall == "L" else length - ex
            else:
                y = ey if r.wall == "B" else width - ey
        elif r.type == "horizontal" and x is None:
            x = r.x if r.x is not None else ex + (r.percentile or 0.0) * (length - 2 * ex)
            placer = placer or i
        elif r.type == "vertical" and y is None:
            y = r.y if r.y is not None else ey + (r.percentile or 0.0) * (width - 2 * ey)
            placer = placer if placer is not None else i
    box = None
    if x is None or y is None:
        for i, r in own:
            if r.type in DIRECTIONAL and gid(r.target) in placed and gid(r.target) != e:
                box = Box(*place_directional(r, placed[gid(r.target)], hw, hd, rz), rz, hw, hd)
                others = list(placed.values())
                if any(overlap(box, o) > 1e-6 for o in others) or not inside(box):
                    new, box = _revise_directional(r, placed[gid(r.target)], hw, hd, rz, others, inside)
                    if new != r:
                        log.append(f"inter-unit: {e} conflicted on the global map; {_diff(r, new)}")
                        relations[i] = new
                break
            if r.type == "around" and gid(r.target) in placed:
                t = placed[gid(r.target)]
                k = (
                    r.sources.index(next(s for s in r.sources if gid(s) == e))
                    if e in map(gid, r.sources)
                    else 0
                )
                n = len(r.sources)
                sweep = min(math.radians(r.sweep), 2 * math.pi * (n - 1) / n) if n > 1 else 0.0
                ang = t.rz + math.radians(r.centerline) + (sweep * (k / (n - 1) - 0.5) if n > 1 else 0.0)
                box = Box(t.x - r.distance * math.sin(ang), t.y + r.distance * math.cos(ang), rz, hw, hd)
                break
        if box is None:
            if any(r.type in (*DIRECTIONAL, "around") for _, r in own) and x is None and y is None:
                return None
            box = Box(length / 2 if x is None else x, width / 2 if y is None else y, rz, hw, hd)
    else:
        box = Box(x, y, rz, hw, hd)
    box = _slide_free(e, box, placed, length, width, relations, own, log)
    for _, r in own:
        if r.type == "facing" and r.mode != "wall" and not r.wall and gid(r.target) in placed:
            t = placed[gid(r.target)]
            box.rz = math.atan2(-(t.x - box.x), t.y - box.y) if r.mode == "radial" else box.rz
    return box


def _slide_free(e, box, placed, length, width, relations, own, log) -> Box:
    """Clamp into the room and slide along the free axis off overlapping entities; revise x/y relations."""
    x0, y0, x1, y1 = box.aabb()
    ex, ey = (x1 - x0) / 2, (y1 - y0) / 2
    nx = min(max(box.x, ex), length - ex)
    ny = min(max(box.y, ey), width - ey)
    fixed_x = any(
        r.type in ("against_wall", "corner") and (r.wall in ("L", "R") or r.type == "corner") for _, r in own
    )
    fixed_y = any(
        r.type in ("against_wall", "corner") and (r.wall in ("T", "B") or r.type == "corner") for _, r in own
    )
    cand = Box(nx, ny, box.rz, box.hw, box.hd)
    clash = [o for o in placed.values() if overlap(cand, o) > 1e-6]
    if clash:
        options = []
        for o in clash:
            ox0, oy0, ox1, oy1 = o.aabb()
            if not fixed_x or fixed_y:
                options += [(ox0 - ex - GAP, cand.y), (ox1 + ex + GAP, cand.y)]
            if not fixed_y or fixed_x:
                options += [(cand.x, oy0 - ey - GAP), (cand.x, oy1 + ey + GAP)]
        options.sort(key=lambda p: (p[0] - cand.x) ** 2 + (p[1] - cand.y) ** 2)
        for px, py in options:
            trial = Box(px, py, box.rz, box.hw, box.hd)
            tx0, ty0, tx1, ty1 = trial.aabb()
            if tx0 < 0 or ty0 < 0 or tx1 > length or ty1 > width:
                continue
            if all(overlap(trial, o) <= 1e-6 for o in placed.values()):
                cand = trial
                break
        else:
            log.append(f"inter-unit: {e} overlaps on the global map; no free spot found (left to the solver)")
    if abs(cand.x - box.x) > 1e-6 or abs(cand.y - box.y) > 1e-6:
        for i, r in own:
            if r.type == "horizontal" and r.x is not None and abs(cand.x - box.x) > 1e-6:
                new = replace(r, x=round(cand.x, 3))
                log.append(f"inter-unit: {e} conflicted on the global map; {_diff(r, new)}")
                relations[i] = new
            if r.type == "vertical" and r.y is not None and abs(cand.y - box.y) > 1e-6:
                new = replace(r, y=round(cand.y, 3))
                log.append(f"inter-unit: {e} conflicted on the global map; {_diff(r, new)}")
                relations[i] = new
    return cand

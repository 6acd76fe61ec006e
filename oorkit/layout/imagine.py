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
import shapely

from oorkit.layout.consistency import revise_to_maps
from oorkit.layout.penalties import WALL_INWARD, WALL_OUTWARD
from oorkit.layout.spec import DIRECTIONAL, Asset, LayoutSpec, Relation, Unit, with_relations
from oorkit.layout.verify import footprint_corners, room_polygon

MAX_GRID_SPOTS = 40_000  # a 20 m x 20 m room at 10 cm; the overlap test is (spots x placed boxes)

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
    """Smallest overlap over the separating axes of the two footprints (> 0: they collide on the map).

    For axis-aligned boxes this is R3L's AABB test; turned boxes are tested on their own edge normals
    (SAT), since the AABB of a turned unit would report conflicts that are not there.
    """
    d = (b.x - a.x, b.y - a.y)
    best = math.inf
    for own, other in ((a, b), (b, a)):
        for k in (0, 1):
            ang = own.rz + k * math.pi / 2
            axis = (math.cos(ang), math.sin(ang))
            r_own = own.hw if k == 0 else own.hd
            phi = other.rz - own.rz
            c, s = abs(math.cos(phi)), abs(math.sin(phi))
            r_other = (other.hw * c + other.hd * s) if k == 0 else (other.hw * s + other.hd * c)
            best = min(best, r_own + r_other - abs(axis[0] * d[0] + axis[1] * d[1]))
    return best


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
    """The smallest change of percentile and clearance that frees the box; the best effort otherwise."""
    pct0 = 0.5 if r.percentile is None else r.percentile
    tries = []
    for extra in (0.0, 0.1, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0):
        for p in (pct0, 0.5, 0.25, 0.75, 0.0, 1.0):
            cost = extra + abs(p - pct0)
            tries.append((cost, replace(r, percentile=p, clearance=round(r.clearance + extra, 3))))
    tries.sort(key=lambda t: t[0])
    for _, cand in tries:
        box = Box(*place_directional(cand, target, hw, hd, rz), rz, hw, hd)
        if all(overlap(box, o) <= 0 for o in others) and inside(box):
            return cand, box
    return r, Box(*place_directional(r, target, hw, hd, rz), rz, hw, hd)


def imagine(spec: LayoutSpec, rounds: int = 3) -> Imagination:
    """Imagine the layout on local and global AABB maps, revising conflicting relations (logged)."""
    log: list[str] = []
    relations = list(spec.relations)  # revisions replace entries in place
    floor = {a.id: a for a in spec.floor_assets()}
    local = {u.id: _local_map(u, floor, relations, log) for u in spec.units}
    world = _GlobalMap(spec, local, relations)
    world.place_all(rounds, log)
    poses = world.object_poses()
    revised = revise_to_maps(with_relations(spec, relations), poses, log)
    return Imagination(revised, poses, log)


def _local_map(u: Unit, floor: dict[str, Asset], relations: list[Relation], log: list[str]) -> dict[str, Box]:
    """A unit's members in its anchor's frame: placed by their directional relations, then turned to face."""
    a = floor[u.anchor]
    boxes = {u.anchor: Box(0.0, 0.0, 0.0, a.footprint[0] / 2, a.footprint[1] / 2)}
    pending = [m for m in u.members if m != u.anchor]
    for _ in range(len(pending) + 1):
        for m in list(pending):
            box = _place_member(u, m, floor, boxes, relations, log)
            if box is not None:
                boxes[m] = box
                pending.remove(m)
    for m in pending:  # members no directional relation places: beside the anchor, on the right
        hw, hd = floor[m].footprint[0] / 2, floor[m].footprint[1] / 2
        right = max(b.aabb()[2] for b in boxes.values())
        boxes[m] = Box(right + hw + 0.1, 0.0, 0.0, hw, hd)
    for m, b in boxes.items():
        if m != u.anchor:
            _face_member(b, m, boxes, relations)
    return boxes


def _place_member(
    u: Unit, m: str, floor: dict[str, Asset], boxes: dict[str, Box], relations: list[Relation], log: list[str]
) -> Box | None:
    """Member m's box by its first directional relation to a placed member (revised on overlap), or None."""
    hw, hd = floor[m].footprint[0] / 2, floor[m].footprint[1] / 2
    rz = 0.0
    for r in relations:
        if r.type == "align" and r.source == m and r.target in boxes:
            rz = boxes[r.target].rz + math.radians(r.angle)
    idx = next(
        (i for i, r in enumerate(relations) if r.type in DIRECTIONAL and r.source == m and r.target in boxes),
        None,
    )
    if idx is None:
        return None
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
    return box


def _face_member(b: Box, m: str, boxes: dict[str, Box], relations: list[Relation]) -> None:
    """Turn member m's box as its facing relations to other members say (radial or square to a side)."""
    for r in relations:
        if r.type == "facing" and r.source == m and r.target in boxes and r.mode == "radial":
            t = boxes[r.target]
            b.rz = math.atan2(-(t.x - b.x), t.y - b.y)
        elif r.type == "facing" and r.source == m and r.target in boxes and r.mode == "ortho":
            t = boxes[r.target]  # face the target's nearest side, square to it
            lx, ly = _rot((b.x - t.x, b.y - t.y), -t.rz)
            side = (
                (-math.pi / 2 if lx < 0 else math.pi / 2)
                if abs(lx) > abs(ly)
                else (0.0 if ly < 0 else math.pi)
            )
            b.rz = t.rz + side


class _GlobalMap:
    """The room's map: each unit as one box (its local map's bounds) and each independent object."""

    def __init__(self, spec: LayoutSpec, local: dict[str, dict[str, Box]], relations: list[Relation]):
        self.spec, self.local, self.relations = spec, local, relations
        self.length, self.width = spec.size[0], spec.size[1]
        self.unit_of = spec.unit_of()
        # id → (hw, hd, mid_x, mid_y) in the entity's own frame
        self.ents: dict[str, tuple[float, float, float, float]] = {}
        for u in spec.units:
            x0 = min(b.aabb()[0] for b in local[u.id].values())
            y0 = min(b.aabb()[1] for b in local[u.id].values())
            x1 = max(b.aabb()[2] for b in local[u.id].values())
            y1 = max(b.aabb()[3] for b in local[u.id].values())
            self.ents[u.id] = ((x1 - x0) / 2, (y1 - y0) / 2, (x0 + x1) / 2, (y0 + y1) / 2)
        floor = {a.id: a for a in spec.floor_assets()}
        for a in floor.values():
            if a.id not in self.unit_of:
                self.ents[a.id] = (a.footprint[0] / 2, a.footprint[1] / 2, 0.0, 0.0)
        self.alias = {a: self.unit_of[a] for a in floor if a in self.unit_of}
        self.outline = room_polygon(spec.size, spec.polygon).buffer(1e-6) if spec.polygon else None
        self.placed: dict[str, Box] = {}

    def gid(self, ref: str | None) -> str | None:
        """The global-map entity of an asset or unit id (a unit member's unit)."""
        return self.alias.get(ref, ref) if ref else ref

    def inside(self, b: Box) -> bool:
        """Whether a box lies on the floor."""
        x0, y0, x1, y1 = b.aabb()
        if self.outline is not None:  # a non-rectangular floor: the footprint itself must lie on it
            corners = footprint_corners(np.array([[b.x, b.y, b.rz]]), np.array([[2 * b.hw, 2 * b.hd]]))
            return bool(self.outline.covers(shapely.polygons(corners)[0]))
        return x0 >= -1e-6 and y0 >= -1e-6 and x1 <= self.length + 1e-6 and y1 <= self.width + 1e-6

    def lookup(self, ref: str | None) -> Box | None:
        """The box of a placed entity, or of an object inside a placed unit (its own box, not the unit's)."""
        g = self.gid(ref)
        if not ref or g not in self.placed:
            return None
        if ref == g:
            return self.placed[g]
        return self._member_box(g, ref)

    def _member_box(self, unit: str, member: str) -> Box:
        ub, (_, _, mx, my) = self.placed[unit], self.ents[unit]
        ax, ay = np.array([ub.x, ub.y]) - np.array(_rot((mx, my), ub.rz))
        lb = self.local[unit][member]
        off = _rot((lb.x, lb.y), ub.rz)
        return Box(float(ax + off[0]), float(ay + off[1]), ub.rz + lb.rz, lb.hw, lb.hd)

    def place_all(self, rounds: int, log: list[str]) -> None:
        """Place every entity in priority order, each once what it relates to is placed (forced if stuck)."""
        order = sorted(self.ents, key=lambda e: _priority(e, self.relations))
        force = False  # after a round without progress, place entities whose targets are still missing
        for _ in range(max(rounds, 2 * len(order))):
            before = len(self.placed)
            for e in order:
                if e not in self.placed and self._place(e, force, log):
                    force = False
                    break  # re-scan in priority order: what waited on this entity may go now
            if len(self.placed) == len(order):
                break
            if len(self.placed) == before:
                if force:
                    break
                force = True
        for e in order:
            if e not in self.placed:
                hw, hd, _, _ = self.ents[e]
                self.placed[e] = Box(self.length / 2, self.width / 2, 0.0, hw, hd)

    def _place(self, e: str, force: bool, log: list[str]) -> bool:
        """Place entity e by its relations unless it waits on an unplaced target; whether it was placed."""
        own = [
            (i, r)
            for i, r in enumerate(self.relations)
            if (self.gid(r.source) == e and r.source in (e, _anchor(self.spec, e)))
            or (r.type == "around" and e in map(self.gid, r.sources))
        ]
        waits = any(
            r.type in (*DIRECTIONAL, "around", "facing", "align")
            and r.target
            and self.gid(r.target) not in self.placed
            and self.gid(r.target) != e
            for _, r in own
        )
        if waits and not force:
            return False
        found = _place_global(
            e,
            own,
            self.ents[e],
            self.placed,
            self.gid,
            self.lookup,
            self.length,
            self.width,
            self.relations,
            log,
            self.inside,
        )
        if found is None:
            return False
        self.placed[e] = found
        return True

    def object_poses(self) -> np.ndarray:
        """(N, 3) x, y, rz of every floor asset, in the spec's order."""
        ids = [a.id for a in self.spec.floor_assets()]
        poses = np.zeros((len(ids), 3))
        for i, o in enumerate(ids):
            if o in self.unit_of:
                b = self._member_box(self.unit_of[o], o)
                poses[i] = [b.x, b.y, b.rz]
            else:
                b = self.placed[o]
                poses[i] = [b.x, b.y, b.rz]
        return poses


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
        for k in ("percentile", "clearance", "x", "y", "distance")
        if getattr(old, k) != getattr(new, k)
    ]
    return f"revised `{old.describe()}`: " + ", ".join(changes)


def _place_global(
    e: str,
    own: list[tuple[int, Relation]],
    ent: tuple[float, float, float, float],
    placed: dict[str, Box],
    gid: Callable[[str | None], str | None],
    lookup: Callable[[str | None], Box | None],
    length: float,
    width: float,
    relations: list[Relation],
    log: list[str],
    inside: Callable[[Box], bool],
) -> Box | None:
    """Place one global entity from its own relations; None when it depends on an unplaced target.

    Walls and corners fix their axes first; a relational placement (directional, around) sets the rest;
    absolute coordinates (horizontal/vertical) only fill axes nothing else fixed (they are revised later
    if the map contradicts them).
    """
    hw, hd, _, _ = ent
    rz, oriented = 0.0, False
    for _, r in own:
        if r.type in ("against_wall", "corner"):
            rz, oriented = WALL_INWARD[r.wall or "B"], True
        elif r.type == "facing" and (r.mode == "wall" or r.wall) and not oriented:
            rz, oriented = WALL_OUTWARD[r.wall or "B"], True
        elif r.type == "align" and lookup(r.target) is not None and not oriented:
            rz, oriented = lookup(r.target).rz + math.radians(r.angle), True  # type: ignore[union-attr]
    c, s = abs(math.cos(rz)), abs(math.sin(rz))
    ex, ey = hw * c + hd * s, hw * s + hd * c
    wall_x: float | None = None
    wall_y: float | None = None
    for _, r in own:
        if r.type == "corner":
            wall_x = ex if "L" in (r.corner or "BL") else length - ex
            wall_y = ey if "B" in (r.corner or "BL") else width - ey
        elif r.type == "against_wall":
            if r.wall in ("L", "R"):
                wall_x = ex if r.wall == "L" else length - ex
            else:
                wall_y = ey if r.wall == "B" else width - ey
    x, y = wall_x, wall_y
    for _, r in own:
        if r.type == "horizontal" and x is None:
            x = r.x if r.x is not None else ex + (r.percentile or 0.0) * (length - 2 * ex)
        elif r.type == "vertical" and y is None:
            y = r.y if r.y is not None else ey + (r.percentile or 0.0) * (width - 2 * ey)
    box = None
    relational = [(i, r) for i, r in own if r.type in (*DIRECTIONAL, "around")]
    if relational and (wall_x is None or wall_y is None):
        for i, r in relational:
            t = lookup(r.target)
            if t is None or gid(r.target) == e:
                continue
            if r.type == "around":
                box = _around_box(e, i, r, t, hw, hd, rz, placed, gid, relations, log)
                break
            box = Box(*place_directional(r, t, hw, hd, rz), rz, hw, hd)
            box = Box(box.x if wall_x is None else wall_x, box.y if wall_y is None else wall_y, rz, hw, hd)
            others = list(placed.values())
            if (
                (any(overlap(box, o) > 1e-6 for o in others) or not inside(box))
                and wall_x is None
                and wall_y is None
            ):
                new, box = _revise_directional(r, t, hw, hd, rz, others, inside)
                if new != r:
                    log.append(f"inter-unit: {e} conflicted on the global map; {_diff(r, new)}")
                    relations[i] = new
            break
        if box is None and x is None and y is None:
            return None
    if box is None:
        box = Box(length / 2 if x is None else x, width / 2 if y is None else y, rz, hw, hd)
    if not oriented:  # turn first, so the free spot is sought for the turned footprint
        box.rz = _face(box, own, lookup)
    quiet: list[str] = []
    box = _slide_free(e, box, placed, length, width, relations, own, quiet, inside)
    if quiet:
        box = _other_wall(e, box, own, placed, length, width, relations, log) or box
        if not _free(box, placed):
            log += quiet
    for _ in range(3 if not oriented else 0):  # re-aim after the move, move again if that collides
        turned = Box(box.x, box.y, _face(box, own, lookup), box.hw, box.hd)
        if abs(turned.rz - box.rz) < 1e-4:
            break
        box = (
            turned
            if _free(turned, placed) and inside(turned)
            else _slide_free(e, turned, placed, length, width, relations, own, [], inside)
        )
    return box


def _face(box: Box, own: list[tuple[int, Relation]], lookup: Callable[[str | None], Box | None]) -> float:
    """The yaw a radial facing relation asks for (the box's own yaw when it has none)."""
    for _, r in own:
        t = lookup(r.target)
        if r.type == "facing" and r.mode == "radial" and not r.wall and t is not None:
            return math.atan2(-(t.x - box.x), t.y - box.y)
    return box.rz


def _around_box(
    e: str,
    i: int,
    r: Relation,
    t: Box,
    hw: float,
    hd: float,
    rz: float,
    placed: dict[str, Box],
    gid: Callable[[str | None], str | None],
    relations: list[Relation],
    log: list[str],
) -> Box:
    """The slot of entity e on the arc; the first source widens the arc's radius so slots do not touch."""
    k = next((j for j, src in enumerate(r.sources) if gid(src) == e), 0)
    n = len(r.sources)
    sweep = min(math.radians(r.sweep), 2 * math.pi * (n - 1) / n) if n > 1 else 0.0
    if n > 1 and not any(gid(src) in placed for src in r.sources):
        # Neighbouring slots are a chord 2·d·sin(step/2) apart: it must clear the entity's diagonal,
        # and the arc must clear the target itself.
        step = sweep / (n - 1)
        reach = math.hypot(hw, hd)
        need = max(
            (2 * reach + GAP) / max(2 * math.sin(step / 2), 1e-6), math.hypot(t.hw, t.hd) + reach + GAP
        )
        if r.distance < need:
            new = replace(r, distance=round(need, 3))
            log.append(f"inter-unit: slots around {r.target} overlapped on the global map; {_diff(r, new)}")
            relations[i] = r = new
    ang = t.rz + math.radians(r.centerline) + (sweep * (k / (n - 1) - 0.5) if n > 1 else 0.0)
    return Box(t.x - r.distance * math.sin(ang), t.y + r.distance * math.cos(ang), rz, hw, hd)


def _slide_free(
    e: str,
    box: Box,
    placed: dict[str, Box],
    length: float,
    width: float,
    relations: list[Relation],
    own: list[tuple[int, Relation]],
    log: list[str],
    inside: Callable[[Box], bool] | None = None,
) -> Box:
    """Clamp into the room and move to the nearest free spot along the axes walls leave free.

    Coordinates it changes leave horizontal/vertical relations inconsistent: the revise pass fixes them.
    """
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
        options += _grid_spots(
            cand, ex, ey, fixed_x and not fixed_y, fixed_y and not fixed_x, length, width, placed
        )
        for px, py in options:
            trial = Box(px, py, box.rz, box.hw, box.hd)
            tx0, ty0, tx1, ty1 = trial.aabb()
            if tx0 < -1e-9 or ty0 < -1e-9 or tx1 > length + 1e-9 or ty1 > width + 1e-9:
                continue
            if inside is not None and not inside(trial):
                continue
            if _free(trial, placed):
                cand = trial
                break
        else:
            log.append(f"inter-unit: {e} overlaps on the global map; no free spot found (left to the solver)")
    return cand


def _free(box: Box, placed: dict[str, Box]) -> bool:
    return all(overlap(box, o) <= 1e-6 for o in placed.values())


def _grid_spots(
    box: Box,
    ex: float,
    ey: float,
    keep_x: bool,
    keep_y: bool,
    length: float,
    width: float,
    placed: dict[str, Box],
) -> list[tuple[float, float]]:
    """The 200 nearest free spots every 5 cm along the free axes (10 cm on a 2D grid), vectorised.

    Rooms over 20 m a side get a coarser 2D grid, so that it never holds more than `MAX_GRID_SPOTS`.
    """
    step = 0.05 if keep_x or keep_y else max(0.1, math.sqrt(length * width / MAX_GRID_SPOTS))
    xs = np.array([box.x]) if keep_x else np.append(np.arange(ex, length - ex + 1e-9, step), length - ex)
    ys = np.array([box.y]) if keep_y else np.append(np.arange(ey, width - ey + 1e-9, step), width - ey)
    spots = np.stack(np.meshgrid(xs, ys, indexing="ij"), -1).reshape(-1, 2)
    if placed:
        others = np.array([(o.x, o.y, o.rz, o.hw, o.hd) for o in placed.values()])  # (P, 5)
        spots = spots[(_sat(spots, box, others) <= 1e-6).all(1)]
    if not len(spots):
        return []
    nearest = spots[np.argsort(((spots - (box.x, box.y)) ** 2).sum(1))[:200]]
    return [(float(x), float(y)) for x, y in nearest]


def _sat(spots: np.ndarray, box: Box, others: np.ndarray) -> np.ndarray:
    """`overlap` of `box` moved to each spot (S, 2) with each other box (P, 5: x, y, rz, hw, hd): (S, P)."""
    d = others[None, :, :2] - spots[:, None, :]  # (S, P, 2)
    phi = others[:, 2] - box.rz
    c, s = np.abs(np.cos(phi)), np.abs(np.sin(phi))
    hw, hd = others[:, 3], others[:, 4]
    out = np.full(d.shape[:2], np.inf)
    for k in (0, 1):  # the box's own axes
        ang = box.rz + k * math.pi / 2
        proj = np.abs(d[..., 0] * math.cos(ang) + d[..., 1] * math.sin(ang))
        r_other = hw * c + hd * s if k == 0 else hw * s + hd * c
        out = np.minimum(out, (box.hw if k == 0 else box.hd) + r_other - proj)
    for k in (0, 1):  # the other boxes' axes
        angs = others[:, 2] + k * math.pi / 2
        proj = np.abs(d[..., 0] * np.cos(angs) + d[..., 1] * np.sin(angs))
        r_box = box.hw * c + box.hd * s if k == 0 else box.hw * s + box.hd * c
        out = np.minimum(out, (hw if k == 0 else hd) + r_box - proj)
    return out


def _other_wall(
    e: str,
    box: Box,
    own: list[tuple[int, Relation]],
    placed: dict[str, Box],
    length: float,
    width: float,
    relations: list[Relation],
    log: list[str],
) -> Box | None:
    """A free spot against another wall for an entity whose own wall is full; revises its against_wall."""
    i, r = next(((i, r) for i, r in own if r.type == "against_wall"), (-1, None))
    if r is None:
        return None
    for wall in sorted(WALL_INWARD, key=lambda w: (w in "LR") != (r.wall in ("L", "R"))):
        if wall == r.wall:
            continue
        rz = WALL_INWARD[wall]
        c, s = abs(math.cos(rz)), abs(math.sin(rz))
        ex, ey = box.hw * c + box.hd * s, box.hw * s + box.hd * c
        x = {"L": ex, "R": length - ex}.get(wall, min(max(box.x, ex), length - ex))
        y = {"B": ey, "T": width - ey}.get(wall, min(max(box.y, ey), width - ey))
        moved = replace(r, wall=wall)
        trial_own = [(j, moved if j == i else q) for j, q in own]
        quiet: list[str] = []
        cand = _slide_free(
            e, Box(x, y, rz, box.hw, box.hd), placed, length, width, relations, trial_own, quiet
        )
        if not quiet:
            log.append(
                f"inter-unit: {e} found no room on wall {r.wall}; revised `{r.describe()}`: wall → {wall}"
            )
            relations[i] = moved
            return cand
    return None

"""Offline planner: units and relations for common room types, no LLM needed.

Each room type is a small program over the room size: it picks assets (catalogue categories for sizes and
meshes; a few items the catalogue lacks get explicit footprints), groups them into frame-invariant units
(bed + nightstands, desk + chair, table + chairs ...) and writes R3L-style relations: composition
(walls, corners, percentiles) for units, directional relations inside them. The seed mirrors the room
and jitters placements, so different seeds give different but sensible rooms.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from oorkit.errors import OORKitError
from oorkit.layout.spec import MAX_ROOM_SIDE, LayoutSpec, spec_from_dict

ROOM_TYPES = (
    "bedroom",
    "living_room",
    "office",
    "dining_room",
    "kitchen",
    "classroom",
    "library",
    "music_room",
)
_MIRROR = {"L": "R", "R": "L", "BL": "BR", "BR": "BL", "TL": "TR", "TR": "TL"}

# Items the catalogue does not have: footprint [width, depth] and height in metres.
_EXTRA = {
    "whiteboard": ([1.8, 0.1], 1.2),
    "piano": ([1.5, 0.6], 1.25),
    "fridge": ([0.7, 0.7], 1.8),
    "stove": ([0.6, 0.6], 0.9),
    "counter": ([1.2, 0.6], 0.9),
    "music_stand": ([0.5, 0.4], 1.2),
    "drum_kit": ([1.6, 1.3], 1.0),
    "reading_table": ([1.8, 0.9], 0.75),
}


@dataclass
class _Room:
    length: float
    width: float
    rng: random.Random
    mirror: bool
    assets: list[dict[str, Any]] = field(default_factory=list)
    units: list[dict[str, Any]] = field(default_factory=list)
    relations: list[dict[str, Any]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str) -> str:
        """A new asset of a catalogue category (or an extra item); returns its id."""
        k = self.counts.get(kind, 0)
        self.counts[kind] = k + 1
        aid = f"{kind}_{k}"
        if kind in _EXTRA:
            fp, h = _EXTRA[kind]
            self.assets.append(
                {"id": aid, "description": kind.replace("_", " "), "footprint": fp, "height": h}
            )
        else:
            self.assets.append({"id": aid, "category": kind})
        return aid

    def unit(self, uid: str, anchor: str, members: list[str]) -> str:
        self.units.append({"id": uid, "anchor": anchor, "members": [anchor, *members]})
        return uid

    def rel(self, kind: str, source: str, **kw: Any) -> None:
        if self.mirror:
            for key in ("wall", "corner"):
                if key in kw:
                    kw[key] = _MIRROR.get(kw[key], kw[key])
            if kind == "horizontal" and "percentile" in kw:
                kw["percentile"] = 1.0 - kw["percentile"]
            if kind in ("left_of", "right_of") and kw.pop("mirror_side", True):
                kind = "right_of" if kind == "left_of" else "left_of"
        kw.pop("mirror_side", None)
        self.relations.append({"type": kind, "source": source, **kw})

    def jitter(self, value: float, amount: float = 0.04) -> float:
        return round(min(max(value + self.rng.uniform(-amount, amount), 0.0), 1.0), 3)


def _bedroom(r: _Room) -> None:
    bed, ns0, ns1 = r.add("bed"), r.add("nightstand"), r.add("nightstand")
    sleep = r.unit("sleeping", bed, [ns0, ns1])
    r.rel("against_wall", sleep, wall="T")
    r.rel("horizontal", sleep, percentile=r.jitter(0.45))
    r.rel("left_of", ns0, target=bed, clearance=0.05, percentile=0.0, mirror_side=False)
    r.rel("right_of", ns1, target=bed, clearance=0.05, percentile=0.0, mirror_side=False)
    r.rel("align", ns0, target=bed)
    r.rel("align", ns1, target=bed)
    wardrobe = r.add("wardrobe")
    r.rel("against_wall", wardrobe, wall="L")
    r.rel("vertical", wardrobe, percentile=r.jitter(0.2))
    desk, chair = r.add("desk"), r.add("office_chair")
    work = r.unit("work", desk, [chair])
    r.rel("corner", work, corner="BR", wall="B")
    r.rel("in_front_of", chair, target=desk, clearance=-0.0 + 0.05, percentile=0.5)
    r.rel("facing", chair, target=desk, mode="radial")
    if r.length * r.width >= 18:
        dresser = r.add("dresser")
        r.rel("against_wall", dresser, wall="B")
        r.rel("horizontal", dresser, percentile=r.jitter(0.3))
    if r.length * r.width >= 24:
        arm, lamp = r.add("armchair"), r.add("floor_lamp")
        read = r.unit("reading", arm, [lamp])
        r.rel("against_wall", read, wall="R")
        r.rel("vertical", read, percentile=r.jitter(0.55))
        r.rel("left_of", lamp, target=arm, clearance=0.05, percentile=0.0)
    plant = r.add("potted_plant")
    r.rel("corner", plant, corner="BL", wall="B")
    bin_ = r.add("trash_can")
    r.rel("left_of", bin_, target=desk, clearance=0.05, percentile=0.0)


def _living_room(r: _Room) -> None:
    sofa, table = r.add("sofa"), r.add("coffee_table")
    a0, a1 = r.add("armchair"), r.add("armchair")
    s0, s1 = r.add("side_table"), r.add("side_table")
    lounge = r.unit("lounge", sofa, [table, a0, a1, s0, s1])
    r.rel("against_wall", lounge, wall="B")
    r.rel("horizontal", lounge, percentile=r.jitter(0.5))
    r.rel("in_front_of", table, target=sofa, clearance=0.4, percentile=0.5)
    r.rel("align", table, target=sofa)
    r.rel("left_of", s0, target=sofa, clearance=0.05, percentile=0.0, mirror_side=False)
    r.rel("right_of", s1, target=sofa, clearance=0.05, percentile=0.0, mirror_side=False)
    r.rel("left_of", a0, target=table, clearance=0.45, percentile=0.5, mirror_side=False)
    r.rel("right_of", a1, target=table, clearance=0.45, percentile=0.5, mirror_side=False)
    r.rel("facing", a0, target=table, mode="ortho")
    r.rel("facing", a1, target=table, mode="ortho")
    tvs, tv = r.add("tv_stand"), r.add("potted_plant")
    media = r.unit("media", tvs, [tv])
    r.rel("against_wall", media, wall="T")
    r.rel("horizontal", media, percentile=r.jitter(0.5))
    r.rel("left_of", tv, target=tvs, clearance=0.3, percentile=0.0)
    shelf = r.add("bookshelf")
    r.rel("against_wall", shelf, wall="L")
    r.rel("vertical", shelf, percentile=r.jitter(0.6))
    lamp = r.add("floor_lamp")
    r.rel("corner", lamp, corner="TR", wall="T")
    if r.length * r.width >= 30:
        shelf2 = r.add("bookshelf")
        r.rel("against_wall", shelf2, wall="R")
        r.rel("vertical", shelf2, percentile=r.jitter(0.6))
        plant = r.add("potted_plant")
        r.rel("corner", plant, corner="BR", wall="B")


def _office(r: _Room) -> None:
    # A workstation (desk 1.4 x 0.7 + chair 0.62 behind it) is 1.4 m wide and 1.37 m deep; rows need a
    # 0.7 m aisle behind each chair, columns 0.6 m between desks, and 1 m stays free along the top wall
    # (shelves) and 0.5 m along the others (corner items).
    depth, wide = 1.37, 1.4
    cols = max(1, min(3, int((r.length - 1.0 + 0.6) / (wide + 0.6))))
    rows = max(1, min(4, int((r.width - 1.5 + 0.7) / (depth + 0.7))))
    n = max(1, min(8, int(r.length * r.width / 6), rows * cols))
    rows = (n + cols - 1) // cols
    xs = _spread(0.5 + wide / 2, r.length - 0.5 - wide / 2, cols)
    ys = _spread(0.5 + depth / 2, r.width - 1.0 - depth / 2, rows)
    for k in range(n):
        desk, chair = r.add("desk"), r.add("office_chair")
        u = r.unit(f"workstation_{k}", desk, [chair])
        col, row = k % cols, k // cols
        x = xs[col] if not r.mirror else r.length - xs[col]
        r.rel("horizontal", u, x=round(x, 3))
        r.rel("vertical", u, y=round(ys[row], 3))
        r.rel("facing", u, wall="T")
        r.rel("in_front_of", chair, target=desk, clearance=0.05, percentile=0.5)
        r.rel("facing", chair, target=desk, mode="radial")
    for k in range(2):
        shelf = r.add("bookshelf")
        r.rel("against_wall", shelf, wall="T")
        r.rel("horizontal", shelf, percentile=round(0.55 + 0.3 * k, 3))
    printer = r.add("printer")
    r.rel("corner", printer, corner="TL", wall="L")
    plant = r.add("potted_plant")
    r.rel("corner", plant, corner="BR", wall="B")
    bin_ = r.add("trash_can")
    r.rel("corner", bin_, corner="BL", wall="L")


def _dining_room(r: _Room) -> None:
    table = r.add("table")
    chairs = [r.add("chair") for _ in range(6)]
    dining = r.unit("dining", table, chairs)
    r.rel("horizontal", dining, percentile=r.jitter(0.5))
    r.rel("vertical", dining, percentile=r.jitter(0.45))
    for k, c in enumerate(chairs[:4]):
        side = "in_front_of" if k < 2 else "behind_of"
        r.rel(side, c, target=table, clearance=0.05, percentile=0.2 if k % 2 == 0 else 0.8, mirror_side=False)
        r.rel("facing", c, target=table, mode="ortho")
    r.rel("left_of", chairs[4], target=table, clearance=0.05, percentile=0.5, mirror_side=False)
    r.rel("right_of", chairs[5], target=table, clearance=0.05, percentile=0.5, mirror_side=False)
    for c in chairs[4:]:
        r.rel("facing", c, target=table, mode="ortho")
    side = r.add("dresser")
    r.rel("against_wall", side, wall="T")
    r.rel("horizontal", side, percentile=0.5)
    for corner, wall in (("BL", "B"), ("BR", "B")):
        p = r.add("potted_plant")
        r.rel("corner", p, corner=corner, wall=wall)


def _kitchen(r: _Room) -> None:
    counters = [r.add("counter") for _ in range(2)]
    stove, fridge = r.add("stove"), r.add("fridge")
    line = r.unit("cooking_line", stove, [*counters])
    r.rel("against_wall", line, wall="T")
    r.rel("horizontal", line, percentile=r.jitter(0.45))
    r.rel("left_of", counters[0], target=stove, clearance=0.0, percentile=0.0, mirror_side=False)
    r.rel("right_of", counters[1], target=stove, clearance=0.0, percentile=0.0, mirror_side=False)
    r.rel("corner", fridge, corner="TR", wall="T")
    table = r.add("table")
    chairs = [r.add("chair") for _ in range(4)]
    eat = r.unit("eating", table, chairs)
    r.rel("vertical", eat, percentile=0.25)
    r.rel("horizontal", eat, percentile=0.45)
    for k, c in enumerate(chairs):
        r.rel(
            "in_front_of" if k < 2 else "behind_of",
            c,
            target=table,
            clearance=0.05,
            percentile=0.2 if k % 2 == 0 else 0.8,
            mirror_side=False,
        )
        r.rel("facing", c, target=table, mode="ortho")
    bin_ = r.add("trash_can")
    r.rel("corner", bin_, corner="BL", wall="L")


def _classroom(r: _Room) -> None:
    teacher, tchair = r.add("desk"), r.add("office_chair")
    front = r.unit("teacher", teacher, [tchair])
    r.rel("vertical", front, percentile=0.93)
    r.rel("horizontal", front, percentile=0.5)
    r.rel("facing", front, wall="B")
    r.rel("behind_of", tchair, target=teacher, clearance=0.05, percentile=0.5)
    r.rel("facing", tchair, wall="B")
    board = r.add("whiteboard")
    r.rel("against_wall", board, wall="T")
    r.rel("horizontal", board, percentile=0.25)
    cols = max(2, min(5, int((r.length - 1.0) / 1.5)))
    rows = max(2, min(5, int((r.width - 3.2) / 1.25)))
    for row in range(rows):
        for col in range(cols):
            desk, chair = r.add("desk"), r.add("chair")
            u = r.unit(f"seat_{row}_{col}", desk, [chair])
            r.rel("horizontal", u, percentile=round(0.05 + 0.9 * col / (cols - 1), 3))
            r.rel("vertical", u, percentile=round(0.62 - 0.6 * row / max(rows - 1, 1), 3))
            r.rel("facing", u, wall="T")
            r.rel("in_front_of", chair, target=desk, clearance=-0.0 + 0.02, percentile=0.5)
            r.rel("facing", chair, target=desk, mode="radial")
    shelf = r.add("bookshelf")
    r.rel("corner", shelf, corner="BL", wall="B")
    bin_ = r.add("trash_can")
    r.rel("corner", bin_, corner="BR", wall="R")


def _library(r: _Room) -> None:
    n = max(3, int(r.length / 1.0))
    for k in range(n):
        s = r.add("bookshelf")
        r.rel("against_wall", s, wall="T")
        r.rel("horizontal", s, percentile=round(k / (n - 1), 3))
    for k in range(max(1, int(r.width / 2.5))):
        s = r.add("bookshelf")
        r.rel("against_wall", s, wall="L")
        r.rel("vertical", s, percentile=round(0.15 + 0.5 * k / max(int(r.width / 2.5) - 1, 1), 3))
    tables = 2 if r.length * r.width >= 30 else 1
    for t in range(tables):
        table = r.add("reading_table")
        chairs = [r.add("chair") for _ in range(4)]
        u = r.unit(f"reading_{t}", table, chairs)
        r.rel("horizontal", u, percentile=round(0.35 + 0.5 * t, 3) if tables > 1 else 0.55)
        r.rel("vertical", u, percentile=0.4)
        for k, c in enumerate(chairs):
            r.rel(
                "in_front_of" if k < 2 else "behind_of",
                c,
                target=table,
                clearance=0.05,
                percentile=0.25 if k % 2 == 0 else 0.75,
                mirror_side=False,
            )
            r.rel("facing", c, target=table, mode="ortho")
    arm = r.add("armchair")
    r.rel("corner", arm, corner="BR", wall="B")


def _music_room(r: _Room) -> None:
    piano, stool = r.add("piano"), r.add("stool")
    p = r.unit("piano_corner", piano, [stool])
    r.rel("against_wall", p, wall="T")
    r.rel("horizontal", p, percentile=0.4)
    r.rel("in_front_of", stool, target=piano, clearance=0.05, percentile=0.5)
    drums, dstool = r.add("drum_kit"), r.add("stool")
    d = r.unit("drums", drums, [dstool])
    r.rel("corner", d, corner="TR", wall="T")
    r.rel("behind_of", dstool, target=drums, clearance=0.02, percentile=0.5)
    # The players sit on an arc in front of the piano, each facing it (the imagination widens the arc
    # when the seats would touch).
    n = max(3, min(7, int(r.length / 1.4)))
    players = []
    for k in range(n):
        chair, stand = r.add("chair"), r.add("music_stand")
        players.append(r.unit(f"player_{k}", chair, [stand]))
        r.rel("in_front_of", stand, target=chair, clearance=0.1, percentile=0.5)
        r.rel("facing", stand, target=chair, mode="radial")
    r.relations.append(
        {
            "type": "around",
            "sources": players,
            "target": piano,
            "distance": round(min(r.width * 0.45, 2.6), 2),
            "sweep": 150.0,
            "centerline": 0.0,
        }
    )
    for u in players:
        r.rel("facing", u, target=piano, mode="radial")
    for k in range(2):
        g = r.add("guitar")
        r.rel("against_wall", g, wall="L")
        r.rel("vertical", g, percentile=round(0.55 + 0.25 * k, 3))
    sofa = r.add("sofa")
    r.rel("against_wall", sofa, wall="B")
    r.rel("horizontal", sofa, percentile=0.5)


def _spread(lo: float, hi: float, n: int) -> list[float]:
    """n evenly spaced centres from lo to hi (their middle when n is 1 or the span is too short)."""
    if n == 1 or hi <= lo:
        return [(lo + hi) / 2] * n
    return [lo + (hi - lo) * k / (n - 1) for k in range(n)]


_PLANNERS: dict[str, Callable[[_Room], None]] = {
    "bedroom": _bedroom,
    "living_room": _living_room,
    "office": _office,
    "dining_room": _dining_room,
    "kitchen": _kitchen,
    "classroom": _classroom,
    "library": _library,
    "music_room": _music_room,
}


def plan_room(room_type: str, size: tuple[float, float], seed: int = 0, height: float = 2.8) -> LayoutSpec:
    """Units and relations of a `room_type` room of `size` (L, W) metres; the seed mirrors and jitters."""
    key = room_type.strip().lower().replace(" ", "_").replace("-", "_")
    if key not in _PLANNERS:
        raise OORKitError(f"unknown room type {room_type!r}; choose one of {', '.join(ROOM_TYPES)}")
    if min(size) < 2.0:
        raise OORKitError(f"room size {size[0]:g}x{size[1]:g} m is too small for a {key} (min 2 m a side)")
    rng = random.Random(seed)
    room = _Room(float(size[0]), float(size[1]), rng, mirror=bool(rng.random() < 0.5))
    _PLANNERS[key](room)
    doc = {
        "name": f"{key}_{size[0]:g}x{size[1]:g}_s{seed}",
        "room_type": key,
        "room": {"size": [float(size[0]), float(size[1]), height]},
        "assets": room.assets,
        "units": room.units,
        "relations": room.relations,
    }
    return spec_from_dict(doc, f"planner({key})")


def parse_size(text: str) -> tuple[float, float]:
    """'5x4' or '5,4' (metres) → (5.0, 4.0)."""
    parts = text.lower().replace(",", "x").replace("*", "x").split("x")
    try:
        values = tuple(float(p) for p in parts)
    except ValueError:
        raise OORKitError(f"--size must look like 5x4 (metres), got {text!r}") from None
    if len(values) != 2 or not all(math.isfinite(v) and v > 0 for v in values):
        raise OORKitError(f"--size must look like 5x4 (metres), got {text!r}")
    if max(values) > MAX_ROOM_SIDE:
        raise OORKitError(f"--size {text}: a room is at most {MAX_ROOM_SIDE:g} m a side")
    return values[0], values[1]

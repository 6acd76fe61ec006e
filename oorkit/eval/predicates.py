"""Geometric predicates per relation: does an OOR sample φ do what its relation promises?

Each predicate is judged on the *boxes* φ decodes to, in the base's instance space (base units: the
base's longest edge is 1; +y up, front +z): the base box is [-s^B/2, s^B/2], the target box has its
centre at t, its axes the columns of R and its extents s^{T→B}. Tolerances are in metres and turned into
base units with the base category's size prior (`oorkit.assets.get_category(base).size`, longest edge).

They are the box-level analogue of the mesh-level checks that validate the training data
(`oorkit.relations.checks`), and agree with what the relation library generates: the dataset's own φ
pass them (see `ground_truth_rates`; docs/eval_predicates.md lists every check and why its tolerance is
what it is). `evaluate_predicates` samples a model on held-out contexts and held-out prompts and reports
the share of samples that pass, per relation and overall.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from oorkit import oor
from oorkit.assets import get_category
from oorkit.errors import OORKitError
from oorkit.oor import PHI_DIM
from oorkit.relations.primitives import PRIMITIVES
from oorkit.sampling import PAIR_SAMPLING
from oorkit.scene.pairs import template_aspects

# Tolerances (metres unless named otherwise); docs/eval_predicates.md says why each is what it is.
CONTACT_TOL = 0.02  # resting contact: the target's bottom within this of a support level of the base
FLOOR_TOL = 0.02  # "same floor": the two bottoms within this of each other
DISJOINT_TOL = 0.02  # boxes may overlap this deep and still count as disjoint …
DISJOINT_REL = 0.2  # … plus this share of the smaller object's narrowest horizontal extent
TOUCH_TOL = 0.02  # "touching": boxes at most this far apart
GAP_SLACK = 0.05  # a generated gap may exceed the relation's largest gap by this (plus GAP_SLACK_REL)
GAP_SLACK_REL = 0.25  # … and by this share of that largest gap
UPRIGHT_DEG = 20.0  # stacked: the target's up axis within this of vertical
FACING_COS = float(np.cos(np.radians(45.0)))  # facing: the front within 45° of the direction to the base
TILT_MARGIN_DEG = 10.0  # pour_into: tilted at least (the relation's smallest tilt − this)
LEAN_MIN_DEG = 2.0  # leaning_against: tilted at least this, toward the base
UNDER_FRACTION = 0.15  # under: at least this share of the target's footprint over the base's
OVERHANG_TOL = 0.01  # a centre may lie this far outside the footprint it must be over


@dataclass(frozen=True)
class Boxes:
    """φ decoded: the base box and the target's oriented box in the base's instance space (base units)."""

    rotation: np.ndarray  # (N, 3, 3) target axes as columns
    centre: np.ndarray  # (N, 3) target box centre
    size: np.ndarray  # (N, 3) target box extents
    base: np.ndarray  # (N, 3) base box extents (the base box is centred at the origin)
    unit: float  # metres per base unit (the base category's longest prior edge)
    finite: np.ndarray  # (N,) rows whose φ was finite (the others fail every predicate)

    @property
    def half(self) -> np.ndarray:
        """Half extents (N, 3) of the target box along its own axes."""
        return self.size / 2

    @property
    def base_half(self) -> np.ndarray:
        """Half extents (N, 3) of the base box."""
        return self.base / 2

    @property
    def extent(self) -> np.ndarray:
        """Half extents (N, 3) of the target's axis-aligned bounding box in the base frame."""
        return np.einsum("nij,nj->ni", np.abs(self.rotation), self.half)

    @property
    def bottom(self) -> np.ndarray:
        """Lowest height (N,) of the target box."""
        return self.centre[:, 1] - self.extent[:, 1]

    @property
    def top(self) -> np.ndarray:
        """Highest height (N,) of the target box."""
        return self.centre[:, 1] + self.extent[:, 1]

    def metres(self, x: float) -> float:
        """A length in metres, in base units."""
        return x / self.unit

    def point(self, local: Sequence[float] | np.ndarray) -> np.ndarray:
        """Points (N, 3) of the target box given as fractions of its extents (the box is [-½, ½]³)."""
        frac = np.asarray(local, dtype=np.float64)
        return self.centre + np.einsum("nij,nj->ni", self.rotation, self.size * frac)


def decode(phi: np.ndarray, base: str) -> Boxes:
    """Decode φ (N, 15) into boxes; the base category gives the metres per base unit."""
    p = np.asarray(phi, dtype=np.float64).reshape(-1, PHI_DIM)
    finite = np.asarray(np.isfinite(p).all(1), dtype=bool)
    safe = np.where(finite[:, None], p, _IDENTITY_PHI)
    parts = oor.unpack(safe)
    unit = float(max(get_category(base).size))
    return Boxes(
        np.asarray(parts.rotation),
        np.asarray(parts.translation),
        np.abs(np.asarray(parts.target_scale)),
        np.abs(np.asarray(parts.base_scale)),
        unit,
        finite,
    )


_IDENTITY_PHI = np.array([1.0, 0, 0, 0, 1, 0, 0, 0, 0, 0.1, 0.1, 0.1, 1, 1, 1])


# ------------------------------------------------------------------------------------ box geometry


def box_separation(
    boxes: Boxes, offset: Sequence[float] = (0.0, 0.0, 0.0), half: Sequence[float] = (0.5, 0.5, 0.5)
) -> np.ndarray:
    """Signed distance (N,) between the base box and (part of) the target box by separating axes.

    `offset` and `half` pick a sub-box of the target in fractions of its extents (the whole box by
    default). Positive: the boxes are at least this far apart; negative: they overlap this deep (the
    shortest push along a tested axis that separates them). Base units.
    """
    c = boxes.point(offset)
    h = boxes.size * np.asarray(half, dtype=np.float64)
    r = boxes.rotation
    eye = np.broadcast_to(np.eye(3), r.shape)
    axes = [eye[:, :, i] for i in range(3)] + [r[:, :, j] for j in range(3)]
    axes += [np.cross(eye[:, :, i], r[:, :, j]) for i in range(3) for j in range(3)]
    best = np.full(len(c), -np.inf)
    for ax in axes:
        norm = np.linalg.norm(ax, axis=1)
        ok = norm > 1e-6
        u = ax / np.where(ok, norm, 1.0)[:, None]
        r_base = (boxes.base_half * np.abs(u)).sum(1)
        r_target = (h * np.abs(np.einsum("ni,nij->nj", u, r))).sum(1)
        sep = np.abs((c * u).sum(1)) - r_base - r_target
        best = np.where(ok, np.maximum(best, sep), best)
    return best


def footprint_gap(boxes: Boxes) -> np.ndarray:
    """Signed horizontal (xz) gap (N,) between the footprints of the two boxes, base units (SAT in 2D)."""
    c = boxes.centre[:, [0, 2]]
    u = boxes.rotation[:, [0, 2], :]  # (N, 2, 3): projected target axes as columns
    normals = [np.broadcast_to(np.array([1.0, 0.0]), c.shape), np.broadcast_to(np.array([0.0, 1.0]), c.shape)]
    normals += [np.stack([-u[:, 1, j], u[:, 0, j]], 1) for j in range(3)]
    best = np.full(len(c), -np.inf)
    for n in normals:
        norm = np.linalg.norm(n, axis=1)
        ok = norm > 1e-6
        n = n / np.where(ok, norm, 1.0)[:, None]
        r_base = (boxes.base_half[:, [0, 2]] * np.abs(n)).sum(1)
        r_target = (boxes.half * np.abs(np.einsum("ni,nij->nj", n, u))).sum(1)
        sep = np.abs((c * n).sum(1)) - r_base - r_target
        best = np.where(ok, np.maximum(best, sep), best)
    return best


def footprint_overlap(boxes: Boxes, grid: int = 5) -> np.ndarray:
    """Share (N,) of the target box (a grid of points in it) whose xz lies over the base's footprint."""
    g = (np.arange(grid) + 0.5) / grid - 0.5
    local = np.stack(np.meshgrid(g, g, g, indexing="ij"), -1).reshape(-1, 3)
    pts = boxes.centre[:, None, :] + np.einsum("nij,nkj->nki", boxes.rotation, boxes.size[:, None, :] * local)
    bh = boxes.base_half[:, None, :]
    inside = (np.abs(pts[..., 0]) <= bh[..., 0]) & (np.abs(pts[..., 2]) <= bh[..., 2])
    return np.asarray(inside.mean(1))


def side_separation(boxes: Boxes, axis: int) -> np.ndarray:
    """Gap (N,) between the boxes' extents along one base axis (negative where they overlap on it)."""
    return np.abs(boxes.centre[:, axis]) - boxes.base_half[:, axis] - boxes.extent[:, axis]


def horizontal_cos(direction: np.ndarray, towards: np.ndarray) -> np.ndarray:
    """Cosine (N,) between the horizontal (xz) parts of two directions (N, 3); 0 where one is vertical."""
    a, b = direction[:, [0, 2]], towards[:, [0, 2]]
    na, nb = np.linalg.norm(a, axis=1), np.linalg.norm(b, axis=1)
    ok = (na > 1e-9) & (nb > 1e-9)
    return np.where(ok, (a * b).sum(1) / np.where(ok, na * nb, 1.0), 0.0)


@functools.cache
def support_levels(category: str, surface: str = "any") -> tuple[tuple[float, float], ...]:
    """Heights things rest at on a category: (low, high) bands, fractions of its height from the bottom.

    The top of its box always counts. The upward-facing free regions of each template the data is drawn
    with add theirs (seats, shelves, a sink's rim, the inside of a plate) with at least 2 % of the
    longest edge free above them; with surface="top" only the biggest region's height (a sofa's seat, a
    bed's mattress, a table's top), as the `on` primitive's default does.
    """
    from oorkit.relations.space import instance_templates, make_placed, support_surfaces, template_geometry

    bands = {(1.0, 1.0)}
    for t in instance_templates(get_category(category).name):
        ext = template_geometry(t.id).extents
        found = [s for s in support_surfaces(make_placed(category, t.id, ext)) if s.clearance >= 0.02]
        if surface == "top" and found:
            biggest = max(found, key=lambda s: s.area)
            found = [s for s in found if abs(s.height - biggest.height) <= 0.03 * ext[1]]
        for s in found:
            lo, hi = (float(y + ext[1] / 2) / float(ext[1]) for y in (s.y_min, s.y_max))
            bands.add((round(lo, 4), round(hi, 4)))
    return tuple(sorted(bands))


# --------------------------------------------------------------------------------------- predicates

Checks = dict[str, np.ndarray]


def _range(args: Mapping[str, Any], key: str, default: tuple[float, float]) -> tuple[float, float]:
    spec = args.get(key, default)
    if isinstance(spec, int | float):
        return float(spec), float(spec)
    lo, hi = spec
    return float(lo), float(hi)


def _rests_on_support(b: Boxes, base: str, surface: str) -> np.ndarray:
    """The target's bottom within CONTACT_TOL of one of the base's support levels."""
    tol = b.metres(CONTACT_TOL)
    height = b.base[:, 1]
    floor = -b.base_half[:, 1]
    ok = np.zeros(len(height), dtype=bool)
    for lo, hi in support_levels(base, surface):
        ok |= (b.bottom >= floor + lo * height - tol) & (b.bottom <= floor + hi * height + tol)
    return ok


def _over_footprint(b: Boxes, point: np.ndarray | None = None) -> np.ndarray:
    p = b.centre if point is None else point
    tol = b.metres(OVERHANG_TOL)
    return (np.abs(p[:, 0]) <= b.base_half[:, 0] + tol) & (np.abs(p[:, 2]) <= b.base_half[:, 2] + tol)


def _same_floor(b: Boxes, args: Mapping[str, Any]) -> np.ndarray:
    if not bool(args.get("floor", True)):
        return np.abs(b.centre[:, 1]) <= b.metres(FLOOR_TOL)  # level with the base's centre instead
    return np.abs(b.bottom + b.base_half[:, 1]) <= b.metres(FLOOR_TOL)


def _disjoint(b: Boxes) -> np.ndarray:
    """Boxes apart, up to what the box corners of round objects stick out ((√2 − 1)/2 of a diameter)."""
    narrow = np.minimum(b.extent[:, [0, 2]].min(1) * 2, b.base[:, [0, 2]].min(1))
    return box_separation(b) >= -(b.metres(DISJOINT_TOL) + DISJOINT_REL * narrow)


def _near(b: Boxes, largest_gap: float) -> np.ndarray:
    cap = largest_gap * (1 + GAP_SLACK_REL) + GAP_SLACK
    return footprint_gap(b) <= b.metres(cap)


_SIDE_AXIS = {"front": (2, 1.0), "back": (2, -1.0), "left": (0, -1.0), "right": (0, 1.0)}


def _on_side(b: Boxes, side: str) -> np.ndarray:
    """The target's centre on the named side: measured in the base's half extents, further out that way
    than sideways (a quadrant of the base's footprint, stretched to its aspect)."""
    axis, sign = _SIDE_AXIS[side]
    other = 2 - axis
    u = sign * b.centre[:, axis] / b.base_half[:, axis]
    return (u > 0) & (u >= np.abs(b.centre[:, other]) / b.base_half[:, other])


def _up(b: Boxes) -> np.ndarray:
    return b.rotation[:, :, 1]


def _tilt_deg(b: Boxes) -> np.ndarray:
    """Angle (N,) of the target's up axis from vertical, degrees."""
    return np.degrees(np.arccos(np.clip(_up(b)[:, 1], -1.0, 1.0)))


def _support(relation: str) -> Callable[[Boxes, str, str, Mapping[str, Any]], Checks]:
    def check(b: Boxes, base: str, target: str, args: Mapping[str, Any]) -> Checks:
        surface = "any" if relation == "stacked" else str(args.get("surface", "top"))
        out = {"contact": _rests_on_support(b, base, surface), "over_footprint": _over_footprint(b)}
        if relation == "stacked":
            out["upright"] = _tilt_deg(b) <= UPRIGHT_DEG
        return out

    return check


def _in(b: Boxes, base: str, target: str, args: Mapping[str, Any]) -> Checks:
    floor = -b.base_half[:, 1]
    return {
        "centre_over_footprint": _over_footprint(b),
        "above_floor": b.bottom >= floor - b.metres(CONTACT_TOL),
        "below_top": b.bottom < b.base_half[:, 1],
    }


def _lower_end(b: Boxes) -> np.ndarray:
    """Centre (N, 3) of the target box's lowest face: the end that goes in first."""
    vertical = np.abs(b.rotation[:, 1, :]) * b.size  # each axis' share of the box's height
    k = np.argmax(vertical, axis=1)
    idx = np.arange(len(k))
    sign = np.sign(b.rotation[idx, 1, k])
    axis = b.rotation[idx, :, k]
    return b.centre - (sign * b.size[idx, k] / 2)[:, None] * axis


def _insert(b: Boxes, base: str, target: str, args: Mapping[str, Any]) -> Checks:
    end = _lower_end(b)
    floor = -b.base_half[:, 1]
    return {
        "centre_over_footprint": _over_footprint(b),
        "end_in_opening": _over_footprint(b, end),
        "end_below_top": end[:, 1] < b.base_half[:, 1],
        "above_floor": end[:, 1] >= floor - b.metres(CONTACT_TOL),
        "sticks_out": b.top > b.base_half[:, 1],
    }


def _stir(b: Boxes, base: str, target: str, args: Mapping[str, Any]) -> Checks:
    tip = b.point((0.5, 0.0, 0.0))  # the working end: +x
    handle = b.point((-0.5, 0.0, 0.0))
    floor = -b.base_half[:, 1]
    return {
        "end_over_footprint": _over_footprint(b, tip),
        "end_below_top": tip[:, 1] < b.base_half[:, 1],
        "above_floor": tip[:, 1] >= floor - b.metres(CONTACT_TOL),
        "handle_above_top": handle[:, 1] > b.base_half[:, 1],
    }


def _under(b: Boxes, base: str, target: str, args: Mapping[str, Any]) -> Checks:
    return {
        "centre_below_top": b.centre[:, 1] < b.base_half[:, 1],
        "under_footprint": footprint_overlap(b) >= UNDER_FRACTION,
        "same_floor": _same_floor(b, args),
    }


_GAP_ARG = {"next_to": "gap", "around": "radius", "in_front_of": "gap", "behind": "gap"}
_GAP_DEFAULT = {
    "next_to": (0.02, 0.15),
    "around": (0.05, 0.3),
    "in_front_of": (0.05, 0.4),
    "behind": (0.05, 0.4),
}


def _beside(relation: str) -> Callable[[Boxes, str, str, Mapping[str, Any]], Checks]:
    def check(b: Boxes, base: str, target: str, args: Mapping[str, Any]) -> Checks:
        out = {"disjoint": _disjoint(b), "same_floor": _same_floor(b, args)}
        if relation in ("next_to", "around"):
            _, hi = _range(args, _GAP_ARG[relation], _GAP_DEFAULT[relation])
            out["near"] = _near(b, hi)
        side = {"in_front_of": "front", "behind": "back"}.get(relation, str(args.get("side", "any")))
        if side in _SIDE_AXIS:
            out[f"{side}_side"] = _on_side(b, side)
        if relation == "around":
            cos = horizontal_cos(b.rotation[:, :, 2], -b.centre)
            out["faces_" + str(args.get("facing", "center"))] = (
                cos >= FACING_COS if args.get("facing", "center") == "center" else cos <= -FACING_COS
            )
        return out

    return check


def _facing(b: Boxes, base: str, target: str, args: Mapping[str, Any]) -> Checks:
    out = {
        "faces_base": horizontal_cos(b.rotation[:, :, 2], -b.centre) >= FACING_COS,
        "disjoint": _disjoint(b),
        "same_floor": _same_floor(b, args),
    }
    if args.get("side", "front") == "front":
        out["front_side"] = b.centre[:, 2] > 0
    return out


def _pour(b: Boxes, base: str, target: str, args: Mapping[str, Any]) -> Checks:
    spout = str(args.get("spout", "x"))
    lo, _ = _range(args, "tilt", (30.0, 60.0))
    least = max(lo - TILT_MARGIN_DEG, 15.0)
    if spout == "x":
        tip = b.point((0.5, 0.3, 0.0))  # the +x end of the upper half
        tilt = np.degrees(np.arcsin(np.clip(-b.rotation[:, 1, 0], -1.0, 1.0)))  # how far +x dips
    else:
        tip = b.point((0.0, 0.5, 0.0))  # the top centre
        tilt = _tilt_deg(b)
    return {
        "spout_above_top": tip[:, 1] >= b.base_half[:, 1] - b.metres(CONTACT_TOL),
        "tilted": tilt >= least,
        "spout_over_footprint": _over_footprint(b, tip),
    }


def _cut(b: Boxes, base: str, target: str, args: Mapping[str, Any]) -> Checks:
    working = box_separation(b, (0.25, 0.0, 0.0), (0.25, 0.5, 0.5))  # the +x half
    return {
        "working_end_in_base": working <= 0.0,
        "centre_above_base_bottom": b.centre[:, 1] > -b.base_half[:, 1],
    }


def _hit(b: Boxes, base: str, target: str, args: Mapping[str, Any]) -> Checks:
    _, hi = _range(args, "gap", (0.0, 0.01))
    working = box_separation(b, (0.35, 0.0, 0.0), (0.15, 0.5, 0.5))  # the +x 30 %
    return {"working_end_touches": working <= b.metres(hi + TOUCH_TOL)}


def _leaning(b: Boxes, base: str, target: str, args: Mapping[str, Any]) -> Checks:
    # No side check: "leaning against the sofa" names no side, whichever one the context's data uses.
    return {
        "touches_base": box_separation(b) <= b.metres(TOUCH_TOL),
        "on_floor": (b.bottom <= -b.base_half[:, 1] + b.metres(FLOOR_TOL))
        & (b.bottom >= -b.base_half[:, 1] - 0.1 * b.size.max(1)),
        "leans_toward_base": (_tilt_deg(b) >= LEAN_MIN_DEG) & (horizontal_cos(_up(b), -b.centre) > 0),
    }


def _hanging(b: Boxes, base: str, target: str, args: Mapping[str, Any]) -> Checks:
    top = b.base_half[:, 1]
    return {
        "off_floor": b.centre[:, 1] > -top,
        "touches_base": box_separation(b) <= b.metres(TOUCH_TOL),
        "over_the_edge": (b.top >= top - 0.2 * b.base[:, 1]) & (b.centre[:, 1] < top),
    }


PREDICATES: dict[str, Callable[[Boxes, str, str, Mapping[str, Any]], Checks]] = {
    "on": _support("on"),
    "stacked": _support("stacked"),
    "in": _in,
    "insert": _insert,
    "stir": _stir,
    "under": _under,
    "next_to": _beside("next_to"),
    "around": _beside("around"),
    "in_front_of": _beside("in_front_of"),
    "behind": _beside("behind"),
    "facing": _facing,
    "pour_into": _pour,
    "cut": _cut,
    "hit": _hit,
    "leaning_against": _leaning,
    "hanging_on": _hanging,
}
assert set(PREDICATES) == set(PRIMITIVES), "every relation primitive needs a predicate"


def predicate_checks(
    relation: str, phi: np.ndarray, base: str, target: str, args: Mapping[str, Any] | None = None
) -> dict[str, np.ndarray]:
    """Each named check of a relation's predicate on φ (N, 15): booleans (N,) per check."""
    try:
        fn = PREDICATES[relation]
    except KeyError:
        known = ", ".join(sorted(PREDICATES))
        raise OORKitError(f"no predicate for relation {relation!r}; known: {known}") from None
    b = decode(phi, base)
    return {
        name: np.asarray(ok, dtype=bool) & b.finite for name, ok in fn(b, base, target, args or {}).items()
    }


def judge(
    relation: str, phi: np.ndarray, base: str, target: str, args: Mapping[str, Any] | None = None
) -> np.ndarray:
    """Whether each φ (N, 15) satisfies its relation's predicate (every check passes): booleans (N,)."""
    checks = predicate_checks(relation, phi, base, target, args)
    n = len(np.asarray(phi).reshape(-1, PHI_DIM))
    return np.logical_and.reduce(list(checks.values()), initial=True) if checks else np.ones(n, dtype=bool)


def failure_reasons(
    relation: str, phi: np.ndarray, base: str, target: str, args: Mapping[str, Any] | None = None
) -> list[list[str]]:
    """Per φ the names of the checks it fails (empty where it passes)."""
    checks = predicate_checks(relation, phi, base, target, args)
    n = len(np.asarray(phi).reshape(-1, PHI_DIM))
    return [[name for name, ok in checks.items() if not ok[i]] for i in range(n)]


# ---------------------------------------------------------------------------------------- evaluation

SPLIT_KINDS = ("held_out_context", "held_out_prompts")


def context_index(contexts: str | Path | None = None) -> dict[str, Any]:
    """Contexts by id: a contexts YAML (the one the dataset was built from) or the built-in ones."""
    from oorkit.relations.compose import catalogue_contexts

    return {c.id: c for c in catalogue_contexts(contexts)}


def _tally(rows: list[dict[str, Any]], key: str = "pass_rate") -> dict[str, Any]:
    """Pooled pass rates over rows with `samples` and `passed` (and, where present, the aspect variant)."""
    samples = sum(r["samples"] for r in rows)
    out: dict[str, Any] = {"contexts": len(rows), "samples": samples}
    out["passed"] = sum(r["passed"] for r in rows)
    out["pass_rate"] = out["passed"] / samples if samples else float("nan")
    if rows and "passed_template_aspects" in rows[0]:
        passed = sum(r["passed_template_aspects"] for r in rows)
        out["pass_rate_template_aspects"] = passed / samples if samples else float("nan")
    if rows and "reference_samples" in rows[0]:
        ref = sum(r["reference_samples"] for r in rows)
        out["reference_pass_rate"] = sum(r["reference_passed"] for r in rows) / ref if ref else float("nan")
    return out


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Pass rates per relation, pooled over all samples ("overall") and averaged over relations."""
    relations = sorted({r["relation"] for r in rows})
    per = {rel: _tally([r for r in rows if r["relation"] == rel]) for rel in relations}
    rates = [v["pass_rate"] for v in per.values() if np.isfinite(v["pass_rate"])]
    return {
        "relations": per,
        "overall": _tally(rows),
        "relation_mean": float(np.mean(rates)) if rates else float("nan"),
    }


def _check_rates(checks: Mapping[str, np.ndarray]) -> dict[str, float]:
    return {name: float(np.mean(ok)) if len(ok) else float("nan") for name, ok in checks.items()}


def ground_truth_rates(
    data: str | Path, split: str = "train", contexts: str | Path | None = None
) -> dict[str, Any]:
    """Pass rates of the dataset's own φ (one split: train, val, test or all), per relation and overall."""
    from oorkit.data.format import read_info, read_samples

    info = read_info(data)
    if split != "all" and split not in info.splits:
        raise OORKitError(f"split must be one of {', '.join([*info.splits, 'all'])}, got {split!r}")
    keep = None if split == "all" else set(info.splits[split])
    index = context_index(contexts)
    table = read_samples(data).select(["context_id", "base", "target", "phi"]).to_pydict()
    groups: dict[str, tuple[str, str, list[list[float]]]] = {}
    for cid, base, target, phi in zip(
        table["context_id"], table["base"], table["target"], table["phi"], strict=True
    ):
        if keep is None or cid in keep:
            groups.setdefault(cid, (base, target, []))[2].append(phi)
    rows, skipped = [], []
    for cid, (base, target, phis) in sorted(groups.items()):
        ctx = index.get(cid)
        if ctx is None:
            skipped.append(cid)
            continue
        checks = predicate_checks(ctx.relation, np.asarray(phis), base, target, ctx.args)
        ok = np.logical_and.reduce(list(checks.values()))
        rows.append(
            {
                "context_id": cid,
                "relation": ctx.relation,
                "samples": len(ok),
                "passed": int(ok.sum()),
                "pass_rate": float(ok.mean()),
                "checks": _check_rates(checks),
            }
        )
    return {"split": split, **summarise(rows), "contexts": rows, "skipped": skipped}


def evaluate_predicates(
    pipeline: Any,
    data: str | Path,
    split: str = "both",
    n: int = 8,
    seed: int = 0,
    solver: str = PAIR_SAMPLING.solver,
    steps: int = PAIR_SAMPLING.steps,
    max_prompts: int = 4,
    contexts: str | Path | None = None,
    precision: str = "fp32",
    batch: int = 512,
    progress: bool = True,
    max_contexts: int | None = None,
) -> dict[str, Any]:
    """Sample the model on held-out contexts and prompts; pass rates of the predicates per relation.

    Each case (a held-out context, or a training context's held-out prompts) draws `n` samples per prompt
    (at most `max_prompts` prompts). Rates are judged on the model's φ as sampled ("pass_rate") and with
    the categories' template aspects (Eq. 16, as `oor sample` shows them: "pass_rate_template_aspects");
    "reference_pass_rate" is the same predicates on the case's own dataset φ.
    """
    from tqdm import tqdm

    from oorkit.diffusion.pipeline import Condition
    from oorkit.eval.pairwise import pairwise_cases

    cases = pairwise_cases(data, split, max_prompts, max_contexts)
    if not cases:
        raise OORKitError(f"{data}: no evaluation cases for split {split!r}")
    index = context_index(contexts)
    judged = [c for c in cases if c.context_id in index]
    skipped = sorted({c.context_id for c in cases if c.context_id not in index})
    conditions = [(i, Condition(p, c.base, c.target)) for i, c in enumerate(judged) for p in c.prompts]
    per_call = max(1, batch // max(n, 1))
    drawn: dict[int, list[np.ndarray]] = {}
    bar = tqdm(total=len(conditions), desc="eval predicates", unit="prompt", disable=not progress)
    for start in range(0, len(conditions), per_call):
        chunk = conditions[start : start + per_call]
        phi = pipeline.sample(
            [c for _, c in chunk], n=n, seed=seed + start, solver=solver, steps=steps, precision=precision
        )
        for (i, _), p in zip(chunk, phi, strict=True):
            drawn.setdefault(i, []).append(p)
        bar.update(len(chunk))
    bar.close()
    rows = [
        _judge_case(case, index[case.context_id], np.concatenate(drawn[i])) for i, case in enumerate(judged)
    ]
    summary = {kind: summarise([r for r in rows if r["kind"] == kind]) for kind in SPLIT_KINDS}
    return {
        "summary": {kind: s for kind, s in summary.items() if s["overall"]["samples"]},
        "cases": rows,
        "skipped": skipped,
        "settings": {
            "n_per_prompt": n,
            "max_prompts": max_prompts,
            "seed": seed,
            "solver": solver,
            "steps": steps,
            "precision": precision,
            "contexts": str(contexts) if contexts is not None else "bundled",
        },
    }


def _judge_case(case: Any, ctx: Any, phi: np.ndarray) -> dict[str, Any]:
    """One case's generated φ judged raw and with template aspects, and its reference φ."""
    checks = predicate_checks(ctx.relation, phi, case.base, case.target, ctx.args)
    ok = np.logical_and.reduce(list(checks.values()))
    aspects = judge(
        ctx.relation, template_aspects(phi, case.base, case.target), case.base, case.target, ctx.args
    )
    ref = judge(ctx.relation, case.reference, case.base, case.target, ctx.args)
    return {
        "context_id": case.context_id,
        "kind": case.kind,
        "relation": ctx.relation,
        "base": case.base,
        "target": case.target,
        "prompts": case.prompts,
        "samples": len(ok),
        "passed": int(ok.sum()),
        "pass_rate": float(ok.mean()),
        "passed_template_aspects": int(aspects.sum()),
        "pass_rate_template_aspects": float(aspects.mean()),
        "reference_samples": len(ref),
        "reference_passed": int(ref.sum()),
        "checks": _check_rates(checks),
    }


def _cell(row: Mapping[str, Any] | None, key: str = "pass_rate") -> str:
    if row is None or key not in row or not np.isfinite(row[key]):
        return "—"
    return f"{100 * row[key]:.1f} % ({row['samples']})"


def predicates_table(report: Mapping[str, Any]) -> str:
    """Pass rates per relation and overall as a Markdown table: both held-out splits and the training φ."""
    summary = report.get("summary", {})
    truth = report.get("ground_truth")
    relations = sorted(
        {rel for s in summary.values() for rel in s["relations"]} | set((truth or {}).get("relations", {}))
    )
    head = ["relation"]
    for kind in SPLIT_KINDS:
        name = kind.replace("_", " ")
        head += [f"{name}", f"{name}, template aspects"]
    head.append(f"dataset φ ({truth['split']})" if truth else "dataset φ")
    lines = ["| " + " | ".join(head) + " |", "|---|" + "---:|" * (len(head) - 1)]
    for rel in [*relations, "overall"]:
        cells = [f"**{rel}**" if rel == "overall" else rel]
        for kind in SPLIT_KINDS:
            s = summary.get(kind)
            row = None if s is None else (s["overall"] if rel == "overall" else s["relations"].get(rel))
            cells += [_cell(row), _cell(row, "pass_rate_template_aspects")]
        trow = (
            None if truth is None else (truth["overall"] if rel == "overall" else truth["relations"].get(rel))
        )
        cells.append(_cell(trow))
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    lines.append("Pass rate in % of samples (samples judged); the dataset column judges its own φ.")
    return "\n".join(lines)

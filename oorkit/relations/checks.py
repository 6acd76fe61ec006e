"""Geometric checks of a sampled relation: interpenetration, support contact, containment, gaps.

Interpenetration is measured point-wise: surface samples of each object that lie inside the other (by
line casting against its closed parts, see `space.inside_depth`) and how deep they lie, i.e. the
shortest way out along the other object's axes. Thin walls hide deep crossings (a point inside a 3 mm
wall is at most 1.5 mm deep), which is the known limit of a depth measure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.spatial import cKDTree
from shapely.geometry import Polygon

from oorkit.relations._common import UP, bounds, spout_tip, working_end_tip
from oorkit.relations.functional import top_height
from oorkit.relations.proximity import footprint, footprint_gap
from oorkit.relations.space import (
    Placed,
    first_contact,
    floor_height,
    grid_contains,
    inside_depth,
    opening,
    posed_points,
    posed_vertices,
    samples_m,
    sweep_distance,
)

PENETRATION_TOL = 0.003  # metres
CONTAINER_TOL = 0.005  # thin container walls and tools resting on rims
CONTACT_TOL = 0.005  # resting: lowest point within this of the surface under it
FLOOR_LEVEL = ("next_to", "in_front_of", "behind", "facing", "around", "under", "leaning_against")
NO_PENETRATION_CHECK = ("cut", "hanging_on")
_DOWN = -UP


@dataclass(frozen=True)
class CheckResult:
    """Whether a sample passed, why not, and the measurements behind it."""

    ok: bool
    reasons: tuple[str, ...] = ()
    metrics: dict[str, float] = field(default_factory=dict)


def penetration(base: Placed, target: Placed, pose: np.ndarray) -> tuple[float, float]:
    """(deepest interpenetration in metres, fraction of target samples inside the base)."""
    r, p = pose[:3, :3], pose[:3, 3]
    tp = posed_points(target, pose)
    half_b = base.size / 2 + 1e-3
    in_box = np.all(np.abs(tp) <= half_b, axis=1)
    d1 = inside_depth(base, tp[in_box])
    bp = samples_m(base)
    local = (bp - p) @ r
    near = np.all(np.abs(local) <= target.size / 2 + 1e-3, axis=1)
    d2 = inside_depth(target, local[near])
    depth = float(max(d1.max(initial=0.0), d2.max(initial=0.0)))
    return depth, float((d1 > 1e-3).sum() / max(len(tp), 1))


def _tol(relation: str) -> float:
    return (
        CONTAINER_TOL if relation in ("in", "insert", "stir", "leaning_against", "hit") else PENETRATION_TOL
    )


def _mm(x: float) -> str:
    return f"{1000 * x:.1f} mm"


def check_sample(relation: str, base: Placed, target: Placed, pose: np.ndarray, **args: Any) -> CheckResult:
    """Check a target pose (base frame) against the promise of a relation; reasons say what failed."""
    reasons: list[str] = []
    metrics: dict[str, float] = {}
    if relation not in NO_PENETRATION_CHECK:
        depth, frac = penetration(base, target, pose)
        metrics["penetration"] = depth
        metrics["overlap_fraction"] = frac
        tol = _tol(relation)
        if depth > tol:
            reasons.append(f"penetration {_mm(depth)} > {_mm(tol)}")
    fn = _CHECKS.get(relation)
    if fn is not None:
        fn(base, target, pose, args, reasons, metrics)
    pen = metrics.get("penetration", 0.0) / _tol(relation)
    gap = metrics.get("rest_gap", metrics.get("contact_gap", 0.0)) / CONTACT_TOL
    metrics["quality"] = float(np.clip(1.0 - 0.5 * min(pen, 1.0) - 0.5 * min(gap, 1.0), 0.0, 1.0))
    return CheckResult(not reasons, tuple(reasons), metrics)


# ----------------------------------------------------------------------------------- per relation


def _support(
    base: Placed,
    target: Placed,
    pose: np.ndarray,
    args: dict[str, Any],
    reasons: list[str],
    m: dict[str, float],
) -> None:
    rest = sweep_distance(base, target, pose, _DOWN)
    m["rest_gap"] = float(rest) if np.isfinite(rest) else 1.0
    if not np.isfinite(rest):
        reasons.append("nothing under the target")
        return
    if rest > CONTACT_TOL:
        reasons.append(f"floating {_mm(rest)} above the support > {_mm(CONTACT_TOL)}")
    bottom = float(posed_vertices(target, pose)[:, 1].min())
    centre = np.array([[pose[0, 3], bottom + 1e-3, pose[2, 3]]])
    below = float(first_contact(base, centre, _DOWN)[0])
    m["centre_support_gap"] = below if np.isfinite(below) else 1.0
    if below > max(0.02, 0.5 * float(target.size[1])):
        reasons.append("footprint centre not over the support")


def _contained_point(
    base: Placed,
    point: np.ndarray,
    what: str,
    reasons: list[str],
    m: dict[str, float],
    below_rim: bool = True,
) -> None:
    mouth = opening(base)
    if mouth is None:
        reasons.append(f"the {base.category} has no opening")
        return
    inside = bool(grid_contains(mouth.mask, mouth.origin, mouth.step, point[[0, 2]][None])[0])
    m[f"{what}_in_opening"] = float(inside)
    if not inside:
        reasons.append(f"{what} not inside the opening footprint")
    if below_rim:
        m[f"{what}_below_rim"] = mouth.rim_height - float(point[1])
        if point[1] >= mouth.rim_height:
            reasons.append(f"{what} not below the rim")


def _in(
    base: Placed,
    target: Placed,
    pose: np.ndarray,
    args: dict[str, Any],
    reasons: list[str],
    m: dict[str, float],
) -> None:
    v = posed_vertices(target, pose)
    low = v[int(np.argmin(v[:, 1]))]
    _contained_point(base, pose[:3, 3], "target centre", reasons, m, below_rim=False)
    _contained_point(base, low, "target bottom", reasons, m)
    mouth = opening(base)
    if mouth is not None and low[1] < mouth.floor_height - CONTAINER_TOL:
        reasons.append("target below the inner floor")


def _insert(
    base: Placed,
    target: Placed,
    pose: np.ndarray,
    args: dict[str, Any],
    reasons: list[str],
    m: dict[str, float],
) -> None:
    v = posed_vertices(target, pose)
    length = float(np.ptp(v[:, 1]))
    low = v[v[:, 1] < v[:, 1].min() + 0.05 * length].mean(0)
    _contained_point(base, low, "inserted end", reasons, m)
    top = v[:, 1].max()
    mouth = opening(base)
    if mouth is not None and top <= mouth.rim_height:
        reasons.append("target does not stick out of the opening")


def _stir(
    base: Placed,
    target: Placed,
    pose: np.ndarray,
    args: dict[str, Any],
    reasons: list[str],
    m: dict[str, float],
) -> None:
    tip = pose[:3, :3] @ working_end_tip(target) + pose[:3, 3]
    _contained_point(base, tip, "working end", reasons, m)
    handle = (
        pose[:3, :3] @ np.asarray(target.mesh.vertices)[int(np.argmin(target.mesh.vertices[:, 0]))]
        + pose[:3, 3]
    )
    mouth = opening(base)
    if mouth is not None and handle[1] <= mouth.rim_height:
        reasons.append("handle does not rise above the rim")


def _pour(
    base: Placed,
    target: Placed,
    pose: np.ndarray,
    args: dict[str, Any],
    reasons: list[str],
    m: dict[str, float],
) -> None:
    spout = str(args.get("spout", "x"))
    tip = pose[:3, :3] @ spout_tip(target, spout) + pose[:3, 3]
    _contained_point(base, tip, "spout tip", reasons, m, below_rim=False)
    mouth = opening(base)
    if mouth is not None:
        lo, hi = bounds(args.get("height", (0.01, 0.06)), "height")
        above = float(tip[1]) - mouth.rim_height
        m["spout_height"] = above
        if not lo - 0.002 <= above <= hi + 0.002:
            reasons.append(f"spout tip {_mm(above)} above the rim, outside [{_mm(lo)}, {_mm(hi)}]")
    r = pose[:3, :3]
    if spout == "x":
        tilt = float(np.degrees(np.arcsin(np.clip(-(r @ np.array([1.0, 0, 0]))[1], -1, 1))))
    else:
        tilt = float(np.degrees(np.arccos(np.clip((r @ UP)[1], -1, 1))))
    m["tilt_deg"] = tilt
    lo, hi = bounds(args.get("tilt", (30, 60)), "tilt")
    if not lo - 1.0 <= tilt <= hi + 1.0:
        reasons.append(f"tilt {tilt:.1f}° outside [{lo:g}°, {hi:g}°]")


def _cut(
    base: Placed,
    target: Placed,
    pose: np.ndarray,
    args: dict[str, Any],
    reasons: list[str],
    m: dict[str, float],
) -> None:
    pts = samples_m(target)
    work = pts[:, 0] > pts[:, 0].max() - 0.5 * float(target.size[0])
    depth = inside_depth(base, posed_points(target, pose, pts[work]))
    m["cut_depth"] = float(depth.max(initial=0.0))
    m["cut_fraction"] = float((depth > 0).mean()) if len(depth) else 0.0
    if m["cut_depth"] < 0.002:
        reasons.append("the working end does not go into the base")
    # The base rests on something (a pizza on a table, a loaf on a board): no part of the tool goes below it.
    m["below_base"] = floor_height(base) - float(posed_vertices(target, pose)[:, 1].min())
    if m["below_base"] > CONTACT_TOL:
        reasons.append(f"the tool reaches {_mm(m['below_base'])} below the base's bottom")


def _hit(
    base: Placed,
    target: Placed,
    pose: np.ndarray,
    args: dict[str, Any],
    reasons: list[str],
    m: dict[str, float],
) -> None:
    pts = samples_m(target)
    work = pts[:, 0] > pts[:, 0].max() - 0.3 * float(target.size[0])
    tree = cKDTree(samples_m(base))
    d_all, _ = tree.query(posed_points(target, pose, pts))
    d_work = float(d_all[work].min())
    spacing = float(np.sqrt(base.mesh.area / len(samples_m(base))))
    gap = max(d_work - spacing, 0.0)
    m["contact_gap"] = gap
    _, hi = bounds(args.get("gap", (0.0, 0.01)), "gap")
    if gap > hi + CONTACT_TOL:
        reasons.append(f"working end {_mm(gap)} from the base > {_mm(hi + CONTACT_TOL)}")
    if float(d_all.min()) < d_work - spacing - 1e-3:
        reasons.append("the base is touched by the handle, not the working end")


def _hanging(
    base: Placed,
    target: Placed,
    pose: np.ndarray,
    args: dict[str, Any],
    reasons: list[str],
    m: dict[str, float],
) -> None:
    v = posed_vertices(target, pose)
    edge = top_height(base, pose[[0, 2], 3])
    if not np.isfinite(edge):
        reasons.append("nothing of the base under the hanging target")
        return
    m["drape"] = (edge - float(pose[1, 3])) / max(float(np.ptp(v[:, 1])), 1e-6)
    if pose[1, 3] >= edge:
        reasons.append("centre not below the edge")
    if v[:, 1].max() <= edge:
        reasons.append("target does not reach over the edge")


def _floor_level(relation: str) -> Any:
    def check(
        base: Placed,
        target: Placed,
        pose: np.ndarray,
        args: dict[str, Any],
        reasons: list[str],
        m: dict[str, float],
    ) -> None:
        floor = bool(args.get("floor", True))
        bottom = float(posed_vertices(target, pose)[:, 1].min())
        if floor:
            m["floor_gap"] = bottom - floor_height(base)
            if abs(m["floor_gap"]) > CONTACT_TOL:
                reasons.append(f"not on the floor ({_mm(m['floor_gap'])} off)")
        key = {"facing": "distance", "around": "radius"}.get(relation, "gap")
        if relation in ("next_to", "in_front_of", "behind", "facing", "around"):
            default = {"next_to": (0.02, 0.15), "facing": (0.3, 1.5), "around": (0.05, 0.3)}.get(
                relation, (0.05, 0.4)
            )
            lo, hi = bounds(args.get(key, default), key)
            gap = footprint_gap(base, target, pose)
            m["gap"] = gap
            if not lo - 0.002 <= gap <= hi + 0.002:
                reasons.append(f"gap {_mm(gap)} outside [{_mm(lo)}, {_mm(hi)}]")
        if relation == "under":
            b = Polygon(footprint(base))
            t = Polygon(footprint(target, pose[:3, :3]) + pose[[0, 2], 3])
            m["under_fraction"] = float(b.intersection(t).area / max(t.area, 1e-12))
            if m["under_fraction"] < 0.15:
                reasons.append(f"only {100 * m['under_fraction']:.0f}% of the target is under the base")
        if relation == "leaning_against":
            c = pose[[0, 2], 3] / np.maximum(base.size[[0, 2]], 1e-6)
            v = np.zeros(3)
            axis = 0 if abs(c[0]) >= abs(c[1]) else 2
            v[axis] = -np.sign(c[0 if axis == 0 else 1])
            d = sweep_distance(base, target, pose, v)
            m["contact_gap"] = float(d) if np.isfinite(d) else 1.0
            if not d <= 0.01:
                reasons.append(f"not touching the base ({_mm(m['contact_gap'])} away)")

    return check


_CHECKS = {
    "on": _support,
    "stacked": _support,
    "in": _in,
    "insert": _insert,
    "stir": _stir,
    "pour_into": _pour,
    "cut": _cut,
    "hit": _hit,
    "hanging_on": _hanging,
    **{r: _floor_level(r) for r in FLOOR_LEVEL},
}

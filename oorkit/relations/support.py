"""Support and containment primitives: on, stacked, in, under.

Each returns the target's rigid pose (4x4: rotation + bbox-centre position) in the base frame.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from matplotlib.path import Path

from oorkit.relations._common import (
    SIDES,
    axis_angle,
    choice,
    jitter_deg,
    pick_side,
    uniform,
    yaw,
    yaw_toward,
)
from oorkit.relations.space import (
    Placed,
    RelationFailed,
    Surface,
    drop_onto,
    floor_height,
    grid_contains,
    grid_points,
    lift_to,
    line_hits,
    opening,
    posed_vertices,
    rigid,
    support_surfaces,
    sweep_distance,
)

REGIONS = ("any", "center", "front", "back", "left", "right", "edge")
_TRIES = 24


def _footprint(target: Placed, rotation: np.ndarray) -> np.ndarray:
    """xz outline of a rotated target around its centre (convex-hull vertices, (K, 2))."""
    from scipy.spatial import ConvexHull

    v = (np.asarray(target.mesh.vertices) @ rotation.T)[:, [0, 2]]
    try:
        return np.asarray(v[ConvexHull(v).vertices])
    except Exception:  # a degenerate (flat) outline: its bbox corners will do
        lo, hi = v.min(0), v.max(0)
        return np.array([[lo[0], lo[1]], [hi[0], lo[1]], [hi[0], hi[1]], [lo[0], hi[1]]])


def usable_surfaces(base: Placed, target: Placed, rotation: np.ndarray, surface: str) -> list[Surface]:
    """Support surfaces with room for the target (free height above, area for its footprint)."""
    hull = _footprint(target, rotation)
    height = float(np.ptp(posed_vertices(target, rigid(rotation, np.zeros(3)))[:, 1]))
    out = [
        s
        for s in support_surfaces(base)
        if s.clearance >= 0.9 * height and s.area >= 0.3 * poly_area(hull) and s.area > 4 * s.step.prod()
    ]
    if not out:
        raise RelationFailed(f"no support surface on the {base.category} fits the {target.category}")
    if surface == "top":
        biggest = max(out, key=lambda s: s.area)
        # The main top is the biggest free region; cushions or shelves at its height belong to it.
        return [s for s in out if abs(s.height - biggest.height) < 0.02]
    return out


def _region_ok(surface: Surface, xz: np.ndarray, region: str) -> bool:
    pts = grid_points(surface.mask, surface.origin, surface.step)
    lo, hi = pts.min(0), pts.max(0)
    centre, half = (lo + hi) / 2, np.maximum((hi - lo) / 2, 1e-6)
    u, v = (xz - centre) / half
    if region == "any":
        return True
    if region == "center":
        return abs(u) < 0.4 and abs(v) < 0.4
    if region == "front":
        return v > 0.3
    if region == "back":
        return v < -0.3
    if region == "left":
        return u < -0.3
    if region == "right":
        return u > 0.3
    return max(abs(u), abs(v)) > 0.65  # edge


def _fits(surface: Surface, hull: np.ndarray, xz: np.ndarray, clearance: float) -> bool:
    """Whether a footprint at xz lies over the surface: wholly when it could, mostly when it is bigger."""
    if not grid_contains(surface.mask, surface.origin, surface.step, xz[None])[0]:
        return False
    poly = Path(hull)
    if poly_area(hull) <= 0.8 * surface.area:
        r = np.linalg.norm(hull, axis=1, keepdims=True)
        grown = hull * (1.0 + clearance / np.maximum(r, 1e-6))
        return bool(grid_contains(surface.mask, surface.origin, surface.step, xz + grown).all())
    # A cushion on a small seat overhangs it; most of it must still be supported.
    lo, hi = hull.min(0), hull.max(0)
    g = np.stack(np.meshgrid(np.linspace(lo[0], hi[0], 9), np.linspace(lo[1], hi[1], 9)), -1).reshape(-1, 2)
    g = g[poly.contains_points(g)]
    if len(g) == 0:
        return True
    return bool(grid_contains(surface.mask, surface.origin, surface.step, xz + g).mean() >= 0.6)


def poly_area(hull: np.ndarray) -> float:
    """Area of a simple polygon (K, 2) (shoelace)."""
    x, y = hull[:, 0], hull[:, 1]
    return 0.5 * abs(float(x @ np.roll(y, 1) - y @ np.roll(x, 1)))


def place_on_surface(
    base: Placed,
    target: Placed,
    rng: np.random.Generator,
    rotations: Callable[[], np.ndarray],
    surfaces: list[Surface],
    region: str = "any",
    clearance: float = 0.01,
) -> np.ndarray:
    """Rest a target on one of the surfaces (rotation drawn per try), its footprint inside the region."""
    weights = np.array([s.area for s in surfaces])
    for _ in range(_TRIES):
        rotation = rotations()
        hull = _footprint(target, rotation)
        s = surfaces[int(rng.choice(len(surfaces), p=weights / weights.sum()))]
        cells = grid_points(s.mask, s.origin, s.step)
        xz = cells[int(rng.integers(len(cells)))] + rng.uniform(-0.5, 0.5, 2) * s.step
        if not _region_ok(s, xz, region) or not _fits(s, hull, xz, clearance):
            continue
        pose = rigid(rotation, np.array([xz[0], 0.0, xz[1]]))
        pose = lift_to(target, pose, s.y_max + 0.003)
        return drop_onto(base, target, pose)
    raise RelationFailed(f"the {target.category} does not fit on the {base.category} ({region})")


def _yaw_mode(mode: str, rng: np.random.Generator) -> float:
    choice(mode, ("any", "aligned", "toward_front"), "yaw")
    if mode == "any":
        return float(rng.uniform(-np.pi, np.pi))
    if mode == "aligned":
        return jitter_deg(rng, 4.0)
    return jitter_deg(rng, 20.0)


def on(
    base: Placed,
    target: Placed,
    rng: np.random.Generator,
    region: str = "any",
    yaw: str = "any",
    surface: str = "top",
    clearance: float = 0.01,
) -> np.ndarray:
    """The target rests on a support surface of the base (top or any shelf/seat), footprint inside it."""
    choice(region, REGIONS, "region")
    choice(surface, ("top", "any"), "surface")
    choice(yaw, ("any", "aligned", "toward_front"), "yaw")
    surfaces = usable_surfaces(base, target, _rot_y(_yaw_mode(yaw, rng)), surface)
    return place_on_surface(
        base, target, rng, lambda: _rot_y(_yaw_mode(yaw, rng)), surfaces, region, float(clearance)
    )


def _rot_y(angle: float) -> np.ndarray:
    return yaw(angle)


def stacked(
    base: Placed,
    target: Placed,
    rng: np.random.Generator,
    offset: float = 0.02,
    yaw_jitter_deg: float = 10.0,
) -> np.ndarray:
    """The target on top of the base, roughly centred and aligned (books, plates, boxes in a pile)."""
    rotation = _rot_y(jitter_deg(rng, float(yaw_jitter_deg)) + np.pi * int(rng.integers(2)))
    r = float(offset) * np.sqrt(rng.uniform())
    a = rng.uniform(0, 2 * np.pi)
    xz = np.array([r * np.cos(a), r * np.sin(a)])
    pose = rigid(rotation, np.array([xz[0], 0.0, xz[1]]))
    pose = lift_to(target, pose, 0.5 * float(base.size[1]) + 0.003)
    return drop_onto(base, target, pose)


def in_(
    base: Placed,
    target: Placed,
    rng: np.random.Generator,
    tilt_max_deg: float = 0.0,
    pile: bool = True,
) -> np.ndarray:
    """The target inside the base's opening, resting on its inner floor (or wherever it settles)."""
    del pile  # content piles up on the floor of the opening; resting on the floor covers it
    mouth = opening(base)
    if mouth is None:
        raise RelationFailed(f"the {base.category} has no opening")
    tilt = np.radians(rng.uniform(0.0, float(tilt_max_deg)))
    lean = rng.uniform(0, 2 * np.pi)
    tilt_axis = np.array([np.cos(lean), 0.0, np.sin(lean)])
    rotation = _rot_y(rng.uniform(-np.pi, np.pi)) @ axis_angle(tilt_axis, tilt)
    hull = _footprint(target, rotation)
    reach = float(np.linalg.norm(hull, axis=1).max())
    cells = grid_points(mouth.mask, mouth.origin, mouth.step)
    # Spots where the target's footprint fits; a target wider than the mouth settles at its middle.
    spread = max(mouth.radius - reach, 0.0)
    d = rng.uniform(0, 2 * np.pi)
    xz = mouth.center + spread * np.sqrt(rng.uniform()) * np.array([np.cos(d), np.sin(d)])
    if not grid_contains(mouth.mask, mouth.origin, mouth.step, xz[None])[0]:
        xz = cells[int(rng.integers(len(cells)))]
    pose = rigid(rotation, np.array([xz[0], 0.0, xz[1]]))
    pose = lift_to(target, pose, mouth.rim_height + 0.01)
    return drop_onto(base, target, pose)


def _underside(base: Placed, xz: np.ndarray) -> np.ndarray:
    """Height of the first thing above the floor at each xz (inf where nothing is above)."""
    y0 = floor_height(base) + 1e-4
    pts = np.stack([xz[:, 0], np.full(len(xz), y0), xz[:, 1]], -1)
    h = line_hits(base, pts, np.array([0.0, 1.0, 0.0]))
    out = np.full(len(xz), np.inf)
    ok = h.t > 0
    np.minimum.at(out, h.query[ok], h.t[ok] + y0)
    return out


def under(
    base: Placed,
    target: Placed,
    rng: np.random.Generator,
    side: str = "center",
    tucked: Any = (0.3, 0.8),
    floor: bool = True,
) -> np.ndarray:
    """The target below the base's underside: fully under it ('center') or tucked in from a side."""
    side = choice(side, ("center", "front", "back", "left", "right", "any"), "side")
    if side == "any":
        side = pick_side("any", rng)
    hb = floor_height(base)
    if side == "center":
        rotation = _rot_y(rng.uniform(-np.pi, np.pi))
    else:
        # Tucked in from a side it faces the base (a chair under a desk faces the desk).
        rotation = _rot_y(yaw_toward(-SIDES[side]) + jitter_deg(rng, 5.0))
    v = np.asarray(target.mesh.vertices) @ rotation.T
    lo, hi = v.min(0), v.max(0)
    half = base.size / 2
    for _ in range(_TRIES):
        if side == "center":
            room = np.maximum(half[[0, 2]] - (hi - lo)[[0, 2]] / 2, 0.0)
            xz = rng.uniform(-1, 1, 2) * room * 0.8
        else:
            n = SIDES[side]
            axis = 0 if n[0] != 0 else 2
            other = 2 - axis
            depth = float(hi[axis] - lo[axis])
            edge = float(half[axis])
            inside = uniform(rng, tucked, "tucked") * depth  # how much of the target is under the base
            # Start just outside the footprint; slide in by `inside` unless something stops it sooner.
            c = edge - float(lo[axis]) if n[axis] > 0 else -edge - float(hi[axis])
            room = max(float(half[other] - (hi[other] - lo[other]) / 2), 0.0)
            best, best_free = np.zeros(2), -np.inf
            # Try a few spots along the side: drawers or a pedestal block part of the knee space.
            for _ in range(6):
                xz = np.zeros(2)
                xz[axis // 2] = c + 0.01 * n[axis]
                xz[other // 2] = rng.uniform(-0.7, 0.7) * room
                start = lift_to(target, rigid(rotation, np.array([xz[0], 0.0, xz[1]])), hb + 1e-3)
                free = sweep_distance(base, target, start, -n)
                if free > best_free:
                    best, best_free = xz, free
                if free >= inside + 0.01:
                    break
            xz = best
            xz[axis // 2] -= n[axis] * min(inside + 0.01, best_free - 0.003)
        pose = rigid(rotation, np.array([xz[0], 0.0, xz[1]]))
        if floor:
            pose = lift_to(target, pose, hb)
        else:
            ceiling = _underside(base, np.array([xz]))[0]
            if not np.isfinite(ceiling):
                continue
            pose = lift_to(target, pose, hb)
            pose[1, 3] += ceiling - hb - float(hi[1] - lo[1]) - rng.uniform(0.005, 0.03)
        return pose
    raise RelationFailed(f"no room under the {base.category}")

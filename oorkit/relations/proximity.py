"""Floor-level proximity primitives: next_to, in_front_of, behind, facing, around, leaning_against.

Gaps are measured between the objects' footprints (convex hulls of their xz projections), which is what
"20 cm to the left of the sofa" means to a person; leaning_against uses real 3D contact instead.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
from scipy.spatial import ConvexHull
from shapely.geometry import Polygon

from oorkit.relations._common import (
    SIDES,
    UP,
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
    floor_height,
    lift_to,
    posed_vertices,
    rigid,
    sweep_distance,
    template_geometry,
)


@functools.lru_cache(maxsize=512)
def _canonical_hull(template_id: str) -> np.ndarray:
    v = np.asarray(template_geometry(template_id).mesh.vertices)[:, [0, 2]]
    return np.asarray(v[ConvexHull(v).vertices])


def footprint(placed: Placed, rotation: np.ndarray | None = None) -> np.ndarray:
    """xz convex hull (K, 2) of an instance (optionally rotated), around its bbox centre."""
    if rotation is None or np.allclose(rotation, np.eye(3)):
        return _canonical_hull(placed.template_id) * placed.scale[[0, 2]]
    v = (np.asarray(placed.mesh.vertices) @ np.asarray(rotation).T)[:, [0, 2]]
    return np.asarray(v[ConvexHull(v).vertices])


def footprint_gap(base: Placed, target: Placed, pose: np.ndarray) -> float:
    """Distance between the footprints of the base (at the origin) and a posed target (0 if they overlap)."""
    b = Polygon(footprint(base))
    t = Polygon(footprint(target, pose[:3, :3]) + pose[[0, 2], 3])
    return float(b.distance(t))


def _slide_to_gap(
    base_hull: np.ndarray, target_hull: np.ndarray, c0: np.ndarray, v: np.ndarray, gap: float
) -> np.ndarray:
    """xz centre c0 + s·v (s ≥ 0) at which the target footprint is `gap` away from the base's."""
    b = Polygon(base_hull)

    def dist(s: float) -> float:
        return float(b.distance(Polygon(target_hull + c0 + s * v)))

    lo, hi = 0.0, float(np.ptp(base_hull, axis=0).sum() + np.ptp(target_hull, axis=0).sum() + gap + 1.0)
    if dist(lo) >= gap:
        return c0
    for _ in range(40):
        mid = 0.5 * (lo + hi)
        if dist(mid) < gap:
            lo = mid
        else:
            hi = mid
    return c0 + hi * v


def _yaw_for(mode: str, v: np.ndarray, rng: np.random.Generator) -> float:
    """Yaw modes relative to the base: same orientation, facing it, facing away, or any."""
    if mode == "same":
        return jitter_deg(rng, 5.0)
    if mode == "toward":
        return yaw_toward(-v) + jitter_deg(rng, 10.0)
    if mode == "away":
        return yaw_toward(v) + jitter_deg(rng, 10.0)
    if mode == "any":
        return float(rng.uniform(-np.pi, np.pi))
    raise ValueError(f"yaw must be one of same, toward, away, any; got {mode!r}")


def _beside(
    base: Placed,
    target: Placed,
    v3: np.ndarray,
    rotation: np.ndarray,
    lateral: float,
    gap: float,
    floor: bool,
) -> np.ndarray:
    v = v3[[0, 2]] / np.linalg.norm(v3[[0, 2]])
    w = np.array([v[1], -v[0]])
    c = _slide_to_gap(footprint(base), footprint(target, rotation), lateral * w, v, gap)
    pose = rigid(rotation, np.array([c[0], 0.0, c[1]]))
    if floor:
        return lift_to(target, pose, floor_height(base))
    return pose  # same centre height as the base


def next_to(
    base: Placed,
    target: Placed,
    rng: np.random.Generator,
    side: str = "any",
    gap: Any = (0.02, 0.15),
    align: str = "center",
    yaw: str = "same",
    floor: bool = True,
) -> np.ndarray:
    """The target beside the base on one side, a footprint gap apart, optionally front-aligned."""
    name = pick_side(side, rng)
    choice(align, ("front", "center", "none"), "align")
    v = SIDES[name]
    rotation = _yaw(_yaw_for(yaw, v, rng))
    lateral_axis = 2 if name in ("left", "right") else 0
    half = 0.5 * float(base.size[lateral_axis])
    tv = np.asarray(target.mesh.vertices) @ rotation.T
    # Lateral coordinate along w = (v_z, −v_x): for left/right sides that is ∓z.
    w3 = np.array([v[2], 0.0, -v[0]])
    if align == "front" and name in ("left", "right"):
        # Fronts flush (a nightstand beside a bed): target's front face at the base's front face.
        z = 0.5 * float(base.size[2]) - float(tv[:, 2].max()) - rng.uniform(0.0, 0.03)
        lateral = z / w3[2]
    elif align == "none":
        lateral = rng.uniform(-0.8, 0.8) * half
    else:
        lateral = rng.uniform(-0.1, 0.1) * half
    return _beside(base, target, v, rotation, lateral, uniform(rng, gap, "gap"), bool(floor))


def _yaw(angle: float) -> np.ndarray:
    return yaw(angle)


def in_front_of(
    base: Placed,
    target: Placed,
    rng: np.random.Generator,
    gap: Any = (0.05, 0.4),
    yaw: str = "same",
    floor: bool = True,
) -> np.ndarray:
    """The target in front of the base (+z side), a footprint gap away."""
    return _front_or_back("front", base, target, rng, gap, yaw, floor)


def behind(
    base: Placed,
    target: Placed,
    rng: np.random.Generator,
    gap: Any = (0.05, 0.4),
    yaw: str = "same",
    floor: bool = True,
) -> np.ndarray:
    """The target behind the base (−z side), a footprint gap away."""
    return _front_or_back("back", base, target, rng, gap, yaw, floor)


def _front_or_back(
    side: str, base: Placed, target: Placed, rng: np.random.Generator, gap: Any, yaw: str, floor: bool
) -> np.ndarray:
    """The target on the base's front or back side, shifted sideways by up to a quarter of its width."""
    v = SIDES[side]
    rotation = _yaw(_yaw_for(yaw, v, rng))
    lateral = rng.uniform(-0.25, 0.25) * 0.5 * float(base.size[0])
    return _beside(base, target, v, rotation, lateral, uniform(rng, gap, "gap"), bool(floor))


def facing(
    base: Placed,
    target: Placed,
    rng: np.random.Generator,
    distance: Any = (0.3, 1.5),
    side: str = "front",
    floor: bool = True,
) -> np.ndarray:
    """The target at a distance from the base with its front (+z) turned toward the base."""
    choice(side, ("front", "any"), "side")
    spread = np.radians(25.0) if side == "front" else np.pi
    a = rng.uniform(-spread, spread)
    v = np.array([np.sin(a), 0.0, np.cos(a)])
    rotation = _yaw(yaw_toward(-v) + jitter_deg(rng, 5.0))
    return _beside(base, target, v, rotation, 0.0, uniform(rng, distance, "distance"), bool(floor))


def around(
    base: Placed,
    target: Placed,
    rng: np.random.Generator,
    k: int = 4,
    radius: Any = (0.05, 0.3),
    facing: str = "center",
    floor: bool = True,
) -> np.ndarray:
    """The target in one of k slots evenly around the base (slot 0 in front), a footprint gap out."""
    choice(facing, ("center", "out"), "facing")
    if int(k) < 1:
        raise ValueError("k must be at least 1")
    slot = int(rng.integers(int(k)))
    a = 2 * np.pi * slot / int(k) + jitter_deg(rng, 3.0)
    v = np.array([np.sin(a), 0.0, np.cos(a)])
    turn = yaw_toward(-v) if facing == "center" else yaw_toward(v)
    rotation = _yaw(turn + jitter_deg(rng, 5.0))
    lateral = rng.uniform(-0.02, 0.02)
    return _beside(base, target, v, rotation, lateral, uniform(rng, radius, "radius"), bool(floor))


def leaning_against(
    base: Placed,
    target: Placed,
    rng: np.random.Generator,
    side: str = "front",
    tilt: Any = (5, 20),
) -> np.ndarray:
    """The target stands on the floor, tilted so that its top rests against one side of the base."""
    name = pick_side(side, rng)
    v = SIDES[name]
    # The target's back goes to the base (a guitar leans on its back); the top tips toward the base.
    upright = _yaw(yaw_toward(v) + jitter_deg(rng, 10.0))
    axis = np.cross(UP, v)  # rotating about it by −tilt tips +y toward −v
    rotation = axis_angle(axis, -np.radians(uniform(rng, tilt, "tilt"))) @ upright
    other = 2 if name in ("left", "right") else 0
    lateral = rng.uniform(-0.35, 0.35) * float(base.size[other])
    c = np.zeros(3)
    c[other] = lateral
    far = float(np.linalg.norm(base.size)) + float(np.linalg.norm(target.size))
    pose = rigid(rotation, c + far * v)
    pose = lift_to(target, pose, floor_height(base))
    d = sweep_distance(base, target, pose, -v)
    if not np.isfinite(d):
        raise RelationFailed(f"the {target.category} would not touch the {base.category} from the {name}")
    pose[:3, 3] -= (d - 0.001) * v
    top = posed_vertices(target, pose)[:, 1].max()
    if top < floor_height(base) + 0.1 * float(base.size[1]):
        raise RelationFailed("the target is too short to lean on the base")
    return pose

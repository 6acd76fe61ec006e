"""Small helpers shared by the primitives: argument ranges, rotations, sides, working ends."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from oorkit.relations.space import Placed, RelationFailed

# Sides in the base frame. Left/right are as seen by a viewer facing the base's front (+z): left = −x.
SIDES = {
    "front": np.array([0.0, 0.0, 1.0]),
    "back": np.array([0.0, 0.0, -1.0]),
    "left": np.array([-1.0, 0.0, 0.0]),
    "right": np.array([1.0, 0.0, 0.0]),
}
UP = np.array([0.0, 1.0, 0.0])


def uniform(rng: np.random.Generator, spec: Any, name: str = "value") -> float:
    """Draw from a range argument: a number or a (low, high) pair."""
    if isinstance(spec, int | float):
        return float(spec)
    if isinstance(spec, Sequence) and len(spec) == 2:
        lo, hi = float(spec[0]), float(spec[1])
        if hi < lo:
            raise ValueError(f"{name}: range ({lo}, {hi}) has high < low")
        return float(rng.uniform(lo, hi))
    raise ValueError(f"{name}: expected a number or a (low, high) pair, got {spec!r}")


def bounds(spec: Any, name: str = "value") -> tuple[float, float]:
    """(low, high) of a range argument (a number n gives (n, n))."""
    if isinstance(spec, int | float):
        return float(spec), float(spec)
    if isinstance(spec, Sequence) and len(spec) == 2:
        return float(spec[0]), float(spec[1])
    raise ValueError(f"{name}: expected a number or a (low, high) pair, got {spec!r}")


def choice(value: str, allowed: Sequence[str], name: str) -> str:
    """Validate a string option."""
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(allowed)}; got {value!r}")
    return value


def pick_side(side: str, rng: np.random.Generator, allowed: Sequence[str] = tuple(SIDES)) -> str:
    """A named side, or a random one for 'any'."""
    if side == "any":
        return str(allowed[int(rng.integers(len(allowed)))])
    return choice(side, tuple(allowed), "side")


def axis_angle(axis: np.ndarray, angle: float) -> np.ndarray:
    """Rotation matrix about a unit axis (Rodrigues)."""
    a = np.asarray(axis, dtype=np.float64)
    a = a / np.linalg.norm(a)
    k = np.array([[0, -a[2], a[1]], [a[2], 0, -a[0]], [-a[1], a[0], 0]])
    return np.eye(3) + np.sin(angle) * k + (1 - np.cos(angle)) * (k @ k)


def yaw(angle: float) -> np.ndarray:
    """Rotation about +y (angle 0: the front stays +z)."""
    return axis_angle(UP, angle)


def yaw_toward(direction: np.ndarray) -> float:
    """The yaw that turns an object's front (+z) toward a horizontal direction."""
    return float(np.arctan2(direction[0], direction[2]))


def jitter_deg(rng: np.random.Generator, deg: float) -> float:
    """A small random angle in radians, uniform in ±deg."""
    return float(np.radians(rng.uniform(-deg, deg)))


def local_extreme(placed: Placed, axis: int, sign: float = 1.0, frac: float = 0.15) -> np.ndarray:
    """Centroid of the instance's vertices within `frac` of its extent from one end along an axis."""
    v = np.asarray(placed.mesh.vertices)
    c = v[:, axis] * sign
    near = c >= c.max() - frac * placed.size[axis]
    return np.asarray(v[near].mean(0))


def working_end_tip(placed: Placed) -> np.ndarray:
    """The tip of a tool's working end: the vertex furthest along +x (handle at −x, per the conventions)."""
    v = np.asarray(placed.mesh.vertices)
    return np.asarray(v[int(np.argmax(v[:, 0]))])


def spout_tip(placed: Placed, spout: str) -> np.ndarray:
    """Where a pourer's liquid leaves: the +x extreme of the upper half, or the top centre."""
    v = np.asarray(placed.mesh.vertices)
    if spout == "x":
        upper = v[v[:, 1] >= 0.0]
        if len(upper) == 0:
            raise RelationFailed("pourer has no upper half")
        return np.asarray(upper[int(np.argmax(upper[:, 0]))])
    top = v[v[:, 1] >= v[:, 1].max() - 0.05 * placed.size[1]]
    return np.array([top[:, 0].mean(), v[:, 1].max(), top[:, 2].mean()])


def elongated_up(placed: Placed) -> np.ndarray:
    """Rotation standing an object up along its long axis: +x → +y for objects lying along x."""
    if placed.size[0] > 1.2 * placed.size[1] and placed.size[0] >= placed.size[2]:
        return axis_angle(np.array([0.0, 0.0, 1.0]), np.pi / 2)
    return np.eye(3)


def rotation_angle_deg(a: np.ndarray, b: np.ndarray) -> float:
    """Angle between two unit vectors in degrees."""
    return float(np.degrees(np.arccos(np.clip(float(a @ b), -1.0, 1.0))))

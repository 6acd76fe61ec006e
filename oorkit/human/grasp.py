"""Where a hand takes an object, and where the body stands to reach it.

Our templates put a handle at the object's -x end (a teapot's or mug's loop, a knife's or hammer's grip;
`tests/assets/test_affordances.py` checks the tools' orientation). A grasp is a point on the surface, the
direction from the palm into the object, and the axis the fingers close around: a loop handle is taken
from outside its bar with the thumb up, a tool's grip from above along its length, anything else from
above near its -x end (a steadying hand on a loaf).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from oorkit.assets.catalogue import get_category
from oorkit.human.contact import ObjectSurface

SHOULDER_OFFSET = 0.19  # metres from the body's midline to a shoulder
STAND_OFF = 0.24  # metres from the support's edge to the pelvis
SHOULDER_HEIGHT = 1.36


@dataclass(frozen=True)
class Grasp:
    """A grasp in the object's scale-normalised space: surface point, approach (palm → object), bar axis."""

    kind: str
    point: np.ndarray
    approach: np.ndarray
    axis: np.ndarray

    def world(self, transform: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Point, unit approach and unit axis under an instance transform."""
        linear = transform[:3, :3]
        rotation = linear / np.linalg.norm(linear, axis=0)
        return (
            transform[:3, :3] @ self.point + transform[:3, 3],
            rotation @ self.approach,
            rotation @ self.axis,
        )


def grasp_kind(category: str) -> str:
    """'loop' for handled pourers and cups, 'tool' for blades, stirrers and strikers, else 'top'."""
    tags = set(get_category(category).affords)
    if tags & {"blade", "stirrer", "striker"}:
        return "tool"
    if "handle" in tags and tags & {"pourer", "container"}:
        return "loop"
    return "top"


def find_grasp(category: str, surface: ObjectSurface) -> Grasp:
    """The grasp of an object from its category's affordances and its surface samples."""
    kind = grasp_kind(category)
    p = surface.points
    lo, hi = p.min(0), p.max(0)
    width = hi[0] - lo[0]
    if kind == "loop":
        region = p[p[:, 0] < lo[0] + 0.2 * width]
        goal = np.array([lo[0], np.median(region[:, 1]), np.median(region[:, 2])])
        approach, axis = np.array([1.0, 0, 0]), np.array([0, 1.0, 0])
    elif kind == "tool":
        region = p[p[:, 0] < lo[0] + 0.3 * width]
        goal = np.array([region[:, 0].mean(), region[:, 1].max(), np.median(region[:, 2])])
        approach, axis = np.array([0, -1.0, 0]), np.array([1.0, 0, 0])
    else:
        goal = np.array([lo[0] + 0.25 * width, hi[1], 0.5 * (lo[2] + hi[2])])
        approach, axis = np.array([0, -1.0, 0]), np.array([1.0, 0, 0])
    point = p[np.argmin(np.linalg.norm(p - goal, axis=1))]
    return Grasp(kind, point, approach, axis)


def _yaw_frame(forward: np.ndarray) -> np.ndarray:
    """Body-frame → world rotation for a body facing horizontal `forward` (body +z), +y up."""
    f = np.array([forward[0], 0.0, forward[2]])
    f /= np.linalg.norm(f)
    up = np.array([0.0, 1.0, 0.0])
    left = np.cross(up, f)
    return np.stack([left, up, f], axis=1)


def preferred_approach(kind: str, side: str, frame: np.ndarray) -> np.ndarray:
    """The comfortable palm → object direction (world) for a body frame: thumb up and palm inward for a
    loop handle, palm down otherwise."""
    if kind != "loop":
        return np.array([0.0, -1.0, 0.0])
    left, forward = frame[:, 0], frame[:, 2]
    inward = left if side == "R" else -left
    return (inward + 0.5 * forward) / np.linalg.norm(inward + 0.5 * forward)


def stand(
    support_pose: np.ndarray,
    support_size: np.ndarray,
    floor: float,
    reach: dict[str, list[np.ndarray]],
    approach: dict[str, tuple[str, list[np.ndarray]]] | None = None,
) -> tuple[np.ndarray, float, float]:
    """Body → world transform standing at the support's side that best reaches each hand's points.

    `reach` maps a hand ("R"/"L") to the world points it must reach (grasp points along the motion);
    `approach` to its grasp kind and world approach directions, scored against `preferred_approach`.
    Returns the transform, its cost and the farthest shoulder → point distance from there.
    """
    centre, rotation = support_pose[:3, 3], support_pose[:3, :3]
    best, best_cost, best_far = np.eye(4), np.inf, np.inf
    for axis in (0, 2):
        for sign in (-1.0, 1.0):
            outward = sign * rotation[:, axis]
            tangent = rotation[:, 2 - axis]
            half_along = support_size[2 - axis] / 2
            edge = centre + outward * support_size[axis] / 2
            frame = _yaw_frame(-outward)
            right = -frame[:, 0]
            along = []
            for side, points in reach.items():
                shoulder = -SHOULDER_OFFSET if side == "L" else SHOULDER_OFFSET
                along += [np.dot(q - edge, tangent) - shoulder * np.dot(right, tangent) for q in points[:1]]
            s = float(np.clip(np.mean(along), -half_along - 0.2, half_along + 0.2))
            position = edge + tangent * s + outward * STAND_OFF
            position[1] = floor
            cost, far = 0.0, 0.0
            for side, points in reach.items():
                shoulder = position + right * (SHOULDER_OFFSET if side == "R" else -SHOULDER_OFFSET)
                shoulder = shoulder + np.array([0.0, SHOULDER_HEIGHT, 0.0])
                distances = [float(np.linalg.norm(q - shoulder)) for q in points]
                cost += sum(distances)
                far = max(far, *distances)
            for side, (kind, directions) in (approach or {}).items():
                preferred = preferred_approach(kind, side, frame)
                cost += sum(0.3 * (1.0 - float(np.dot(d, preferred))) for d in directions)
            if cost < best_cost:
                best_cost, best_far = cost, far
                best = np.eye(4)
                best[:3, :3], best[:3, 3] = frame, position
    return best, best_cost, best_far

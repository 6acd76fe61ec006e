"""Functional primitives: pour_into, cut, stir, hit, insert, hanging_on.

Tools follow the catalogue's conventions: elongated items lie along x with the handle at −x, so the
working end (blade, spoon bowl, bat barrel, hammer head) is the +x end; spouts point +x.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from oorkit.relations._common import (
    UP,
    axis_angle,
    choice,
    elongated_up,
    jitter_deg,
    spout_tip,
    uniform,
    working_end_tip,
    yaw,
)
from oorkit.relations.space import (
    Opening,
    Placed,
    RelationFailed,
    floor_height,
    grid_contains,
    line_hits,
    opening,
    rigid,
    sweep_distance,
)

X, Y, Z = np.eye(3)
# The local axis a tool strikes along (its face normal); default +z.
STRIKE_AXIS = {"tennis_racket": Y, "hammer": Z, "baseball_bat": Z, "golf_club": Z}


def _mouth(base: Placed) -> Opening:
    mouth = opening(base)
    if mouth is None:
        raise RelationFailed(f"the {base.category} has no opening")
    return mouth


def _spot_in(mouth: Opening, rng: np.random.Generator, frac: float = 0.5) -> np.ndarray:
    """A random xz inside the opening, within `frac` of its inner radius around the centre."""
    d = rng.uniform(0, 2 * np.pi)
    xz = mouth.center + frac * mouth.radius * np.sqrt(rng.uniform()) * np.array([np.cos(d), np.sin(d)])
    if grid_contains(mouth.mask, mouth.origin, mouth.step, xz[None])[0]:
        return xz
    return np.asarray(mouth.center, dtype=np.float64)


def top_height(base: Placed, xz: np.ndarray) -> float:
    """Height of the base's topmost surface above an xz point (−inf if nothing is there)."""
    p = np.array([[xz[0], 0.0, xz[1]]])
    h = line_hits(base, p, UP)
    return float(h.t.max()) if len(h.t) else -np.inf


def pour_into(
    base: Placed,
    target: Placed,
    rng: np.random.Generator,
    tilt: Any = (30, 60),
    spout: str = "x",
    height: Any = (0.01, 0.06),
) -> np.ndarray:
    """The pourer above the base's opening, tilted so its spout tip is over the mouth at `height`."""
    choice(spout, ("x", "top"), "spout")
    mouth = _mouth(base)
    tip = spout_tip(target, spout)
    angle = np.radians(uniform(rng, tilt, "tilt"))
    # Tilting about local z lowers +x (spout x) or swings the top (+y) over toward +x (spout top).
    tilt_r = axis_angle(Z, -angle)
    rotation = yaw(rng.uniform(-np.pi, np.pi)) @ tilt_r
    xz = _spot_in(mouth, rng, 0.4)
    goal = np.array([xz[0], mouth.rim_height + uniform(rng, height, "height"), xz[1]])
    return rigid(rotation, goal - rotation @ tip)


def _edge_side(target: Placed) -> float:
    """Which local z side a blade's cutting edge is on: where the blade reaches furthest from the handle."""
    v = np.asarray(target.mesh.vertices)
    length = float(target.size[0])
    handle = v[v[:, 0] < v[:, 0].min() + 0.3 * length]
    blade = v[v[:, 0] > v[:, 0].max() - 0.5 * length]
    zc = float(handle[:, 2].mean()) if len(handle) else 0.0
    return -1.0 if zc - blade[:, 2].min() >= blade[:, 2].max() - zc else 1.0


# How far a pizza cutter (wheel on the base) and scissors (lower blade under it) raise their handles.
_HANDLE_RAISE_DEG = {"rolling": (25.0, 45.0), "sliding": (10.0, 25.0)}


def cut(
    base: Placed,
    target: Placed,
    rng: np.random.Generator,
    depth: Any = (0.2, 0.6),
    blade: str = "vertical",
) -> np.ndarray:
    """The tool's working end through the base: blade plane vertical, edge `depth`·height below its top.

    `rolling` (a pizza cutter) and `sliding` (scissors through a flat base) raise the handle behind the
    working end; `sliding` puts the tool's lowest point on the base's bottom, the lower blade under it.
    """
    choice(blade, ("vertical", "rolling", "sliding"), "blade")
    side = _edge_side(target)
    # Rotate about x so that the edge side (±z) points down: the blade plane (x, z) becomes vertical.
    stand = axis_angle(X, side * np.pi / 2)
    if blade in _HANDLE_RAISE_DEG:
        # The working end is +x: turning about z by a negative angle lowers it and raises the handle behind.
        stand = axis_angle(Z, -np.radians(rng.uniform(*_HANDLE_RAISE_DEG[blade]))) @ stand
    else:
        stand = axis_angle(Z, jitter_deg(rng, 8.0)) @ stand
    rotation = yaw(rng.uniform(-np.pi, np.pi)) @ stand
    v = np.asarray(target.mesh.vertices)
    length = float(target.size[0])
    work = v[v[:, 0] > v[:, 0].max() - (0.25 if blade == "rolling" else 0.45) * length]
    posed = work @ rotation.T
    # The middle of the working end goes over a spot near the middle of the base.
    mid = posed.mean(0)
    xz = rng.uniform(-0.2, 0.2, 2) * base.size[[0, 2]]
    top = top_height(base, xz)
    if not np.isfinite(top):
        raise RelationFailed(f"nothing of the {base.category} under the cut")
    if blade == "sliding":
        edge = floor_height(base) + rng.uniform(0.0, 0.002)
        lowest = float((v @ rotation.T)[:, 1].min())
    else:
        edge = top - uniform(rng, depth, "depth") * float(base.size[1])
        lowest = float(posed[:, 1].min())
    return rigid(rotation, np.array([xz[0] - mid[0], edge - lowest, xz[1] - mid[2]]))


def stir(
    base: Placed,
    target: Placed,
    rng: np.random.Generator,
    tilt: Any = (10, 35),
) -> np.ndarray:
    """The tool's working end inside the base's opening, the handle rising over the rim at `tilt`."""
    mouth = _mouth(base)
    angle = np.radians(uniform(rng, tilt, "tilt"))
    lean = rng.uniform(0, 2 * np.pi)
    u = np.array([np.cos(lean), 0.0, np.sin(lean)])  # the handle leans out this way
    # +x (working end) straight down, then the top (handle, −x) tipped toward u.
    down = axis_angle(Z, -np.pi / 2)
    rotation = axis_angle(np.cross(UP, u), angle) @ yaw(rng.uniform(-np.pi, np.pi)) @ down
    tip = rotation @ working_end_tip(target)
    depth_in = mouth.rim_height - mouth.floor_height
    tip_y = mouth.floor_height + rng.uniform(0.05, 0.35) * depth_in
    # The shaft passes near the middle of the mouth at rim height; the tip sits on the far side.
    at_rim = _spot_in(mouth, rng, 0.25)
    tip_xz = at_rim - (mouth.rim_height - tip_y) * np.tan(angle) * u[[0, 2]]
    goal = np.array([tip_xz[0], tip_y, tip_xz[1]])
    return rigid(rotation, goal - tip)


def hit(
    base: Placed,
    target: Placed,
    rng: np.random.Generator,
    gap: Any = (0.0, 0.01),
    approach: str = "auto",
) -> np.ndarray:
    """The tool's working end (+x end) touching the base, striking along its face normal.

    approach: 'side' (a bat meets a ball), 'above' (a hammer comes down on a nail) or 'auto' (above for
    hammers, side otherwise).
    """
    choice(approach, ("auto", "side", "above"), "approach")
    if approach == "auto":
        approach = "above" if target.category == "hammer" else "side"
    strike = STRIKE_AXIS.get(target.category, Z)
    if approach == "above":
        v = UP.copy()
    else:
        a = rng.uniform(0, 2 * np.pi)
        v = np.array([np.cos(a), 0.0, np.sin(a)])
    # The strike axis points at the base (along −v); the handle stays roughly level / behind.
    roll = rng.uniform(-np.pi, np.pi) if approach == "above" else jitter_deg(rng, 15.0)
    rotation = _align(strike, -v, roll)
    v_local = np.asarray(target.mesh.vertices)
    length = float(target.size[0])
    end = v_local[v_local[:, 0] > v_local[:, 0].max() - 0.25 * length]
    face = end.mean(0) @ rotation.T
    far = float(np.linalg.norm(base.size) + np.linalg.norm(target.size))
    offset = rng.uniform(-0.25, 0.25, 3) * base.size
    offset -= (offset @ v) * v
    pose = rigid(rotation, offset + far * v - face)
    d = sweep_distance(base, target, pose, -v)
    if not np.isfinite(d):
        raise RelationFailed(f"the {target.category} would miss the {base.category}")
    pose[:3, 3] -= (d - uniform(rng, gap, "gap")) * v
    return pose


def _align(local_axis: np.ndarray, world_dir: np.ndarray, roll: float) -> np.ndarray:
    """A rotation taking a local axis onto a world direction, then rolled about that direction."""
    a = np.asarray(local_axis, dtype=np.float64)
    b = np.asarray(world_dir, dtype=np.float64) / np.linalg.norm(world_dir)
    c = np.cross(a, b)
    s = float(np.linalg.norm(c))
    if s < 1e-9:
        base = np.eye(3) if a @ b > 0 else axis_angle(np.cross(a, X if abs(a[0]) < 0.9 else Y), np.pi)
    else:
        base = axis_angle(c / s, float(np.arctan2(s, a @ b)))
    # Keep the tool's long axis (x) as level as possible before the roll.
    x = base @ X
    level = x - (x @ b) * b
    if np.linalg.norm(level) > 1e-9:
        horizontal = np.cross(UP, b) if abs(b @ UP) < 0.99 else np.cross(X, b)
        if np.linalg.norm(horizontal) > 1e-9:
            h = horizontal / np.linalg.norm(horizontal)
            ang = np.arctan2(np.cross(level, h) @ b, level @ h)
            base = axis_angle(b, float(-ang)) @ base
    return np.asarray(axis_angle(b, roll) @ base)


def insert(
    base: Placed,
    target: Placed,
    rng: np.random.Generator,
    depth: Any = (0.3, 0.7),
    tilt_max_deg: float = 8.0,
) -> np.ndarray:
    """The target standing along its long axis, partly inside the base's opening (`depth` of its length)."""
    mouth = _mouth(base)
    lean = rng.uniform(0, 2 * np.pi)
    tilt = axis_angle(
        np.array([np.cos(lean), 0.0, np.sin(lean)]), np.radians(rng.uniform(0, float(tilt_max_deg)))
    )
    rotation = tilt @ yaw(rng.uniform(-np.pi, np.pi)) @ elongated_up(target)
    v = np.asarray(target.mesh.vertices) @ rotation.T
    length = float(np.ptp(v[:, 1]))
    bottom = max(mouth.rim_height - uniform(rng, depth, "depth") * length, mouth.floor_height + 0.002)
    # The lowest part of the target goes in: centre the bottom end over the mouth.
    low = v[v[:, 1] < v[:, 1].min() + 0.1 * length]
    xz = _spot_in(mouth, rng, 0.3) - low[:, [0, 2]].mean(0)
    return rigid(rotation, np.array([xz[0], bottom - float(v[:, 1].min()), xz[1]]))


def hanging_on(
    base: Placed,
    target: Placed,
    rng: np.random.Generator,
    part: str = "top_edge",
    drape: Any = (0.3, 0.7),
) -> np.ndarray:
    """The target (a towel, as a box) hangs from the base's top edge: a vertical sheet straddling it.

    part: 'top_edge' (the front rim: a bathtub, a sink) or 'back' (the top of a chair back).
    drape: how far the sheet's centre hangs below the edge, in units of half its length.
    """
    choice(part, ("top_edge", "back"), "part")
    x = rng.uniform(-0.25, 0.25) * float(base.size[0])
    zs = np.linspace(-0.5, 0.5, 97) * float(base.size[2])
    pts = np.stack([np.full_like(zs, x), np.zeros_like(zs), zs], -1)
    h = line_hits(base, pts, UP)
    tops = np.full(len(zs), -np.inf)
    np.maximum.at(tops, h.query, h.t)
    if not np.isfinite(tops).any():
        raise RelationFailed(f"no edge on the {base.category} to hang from")
    high = tops >= np.nanmax(tops[np.isfinite(tops)]) - 0.15 * float(base.size[1])
    idx = np.flatnonzero(high)
    # 'back': the highest part at the back (a chair's backrest); 'top_edge': the frontmost high rim.
    i = int(idx.min()) if part == "back" else int(idx.max())
    if part == "back":
        run = idx[idx - i < 6]
        i = int(run[np.argmax(tops[run])])
    edge = np.array([x, tops[i], zs[i]])
    # Sheet vertical: the towel's long axis (x) hangs down, its thin axis (y) faces out (+z).
    sheet = np.column_stack([-UP, np.array([0.0, 0.0, 1.0]), np.array([-1.0, 0.0, 0.0])])
    rotation = yaw(jitter_deg(rng, 4.0)) @ sheet
    length = float(target.size[0])
    centre_y = edge[1] - uniform(rng, drape, "drape") * length / 2
    return rigid(rotation, np.array([edge[0], centre_y, edge[2]]))

"""Boxes of transformed boxes and box–box overlap.

A box is given by its extents (full edge lengths, (..., 3)) and is centred at the origin of its own
frame; a transform (..., 4, 4) of the form [[R·diag(s), t], [0, 1]] places it. Axis-aligned boxes are
(min, max) corner pairs. Torch functions are differentiable (used as collision losses); NumPy input
returns NumPy.
"""

from __future__ import annotations

import itertools

import numpy as np
import torch
from scipy.spatial import ConvexHull, HalfspaceIntersection, QhullError

from oorkit.geometry._backend import Array, as_tensor, like

_CORNER_SIGNS = torch.tensor(list(itertools.product((-1.0, 1.0), repeat=3)), dtype=torch.float64)


def box_corners(extents: Array, transform: Array | None = None) -> Array:
    """The 8 corners (..., 8, 3) of boxes with `extents`, optionally placed by `transform`."""
    e = as_tensor(extents)
    corners = 0.5 * e.unsqueeze(-2) * _CORNER_SIGNS.to(e.dtype)
    if transform is not None:
        m = as_tensor(transform).to(e.dtype)
        corners = corners @ m[..., :3, :3].transpose(-1, -2) + m[..., None, :3, 3]
    return like(corners, extents)


def transformed_box_aabb(extents: Array, transform: Array) -> tuple[Array, Array]:
    """Axis-aligned (min, max) of boxes with `extents` placed by `transform` (exact, differentiable)."""
    e = as_tensor(extents)
    m = as_tensor(transform).to(e.dtype)
    center = m[..., :3, 3]
    # Half-extent of a linearly mapped box along each world axis: Σ_j |A_ij| h_j.
    half = (m[..., :3, :3].abs() @ (0.5 * e).unsqueeze(-1)).squeeze(-1)
    return like(center - half, extents), like(center + half, extents)


def transformed_box_obb(extents: Array, transform: Array) -> tuple[Array, Array, Array]:
    """Oriented box (center (..., 3), axes (..., 3, 3) as columns, extents (..., 3)) of a placed box."""
    e = as_tensor(extents)
    m = as_tensor(transform).to(e.dtype)
    linear = m[..., :3, :3]
    scale = linear.norm(dim=-2)
    axes = linear / scale.unsqueeze(-2)
    return like(m[..., :3, 3], extents), like(axes, extents), like(e * scale, extents)


def fibonacci_directions(n: int) -> np.ndarray:
    """n unit vectors (n, 3) spread evenly over the sphere (Fibonacci lattice)."""
    i = np.arange(n) + 0.5
    z = 1.0 - 2.0 * i / n
    azimuth = np.pi * (1.0 + 5**0.5) * i
    r = np.sqrt(1.0 - z**2)
    return np.stack([r * np.cos(azimuth), r * np.sin(azimuth), z], axis=-1)


def support_points(points: np.ndarray, directions: int = 512) -> np.ndarray:
    """The points (M ≤ directions, 3) extreme along `directions` evenly spread unit vectors.

    A point set's axis-aligned box under any linear map is set by its support points, so these few stand in
    for a mesh's thousands of vertices in a differentiable box of the placed mesh (`points_aabb`).
    """
    pts = np.asarray(points, dtype=float)
    if pts.ndim != 2 or pts.shape[1] != 3 or len(pts) == 0:
        raise ValueError(f"support_points expects a non-empty (V, 3) array, got shape {pts.shape}")
    best = np.unique(np.argmax(pts @ fibonacci_directions(directions).T, axis=0))
    return pts[best]


def points_aabb(points: Array, transform: Array) -> tuple[Array, Array]:
    """Axis-aligned (min, max) of point sets (..., V, 3) placed by `transform` (..., 4, 4), differentiable."""
    p = as_tensor(points)
    m = as_tensor(transform).to(p.dtype)
    placed = p @ m[..., :3, :3].transpose(-1, -2) + m[..., None, :3, 3]
    return like(placed.amin(-2), points), like(placed.amax(-2), points)


def aabb_overlap_volume(min_a: Array, max_a: Array, min_b: Array, max_b: Array) -> Array:
    """Intersection volume of axis-aligned boxes, batched and differentiable (0 when apart)."""
    lo = torch.maximum(as_tensor(min_a), as_tensor(min_b))
    hi = torch.minimum(as_tensor(max_a), as_tensor(max_b))
    return like((hi - lo).clamp_min(0.0).prod(-1), min_a)


def aabb_volume(min_corner: Array, max_corner: Array) -> Array:
    """Volume of axis-aligned boxes."""
    return like((as_tensor(max_corner) - as_tensor(min_corner)).clamp_min(0.0).prod(-1), min_corner)


def obb_intersects(
    center_a: np.ndarray,
    axes_a: np.ndarray,
    extents_a: np.ndarray,
    center_b: np.ndarray,
    axes_b: np.ndarray,
    extents_b: np.ndarray,
    tol: float = 1e-9,
) -> bool:
    """Separating-axis test for two oriented boxes (touching counts as not intersecting)."""
    ca, cb = np.asarray(center_a, float), np.asarray(center_b, float)
    aa, ab = np.asarray(axes_a, float), np.asarray(axes_b, float)
    ha, hb = 0.5 * np.asarray(extents_a, float), 0.5 * np.asarray(extents_b, float)
    candidates = [aa[:, i] for i in range(3)] + [ab[:, i] for i in range(3)]
    candidates += [np.cross(aa[:, i], ab[:, j]) for i in range(3) for j in range(3)]
    d = cb - ca
    for axis in candidates:
        norm = np.linalg.norm(axis)
        if norm < 1e-12:
            continue
        axis = axis / norm
        ra = np.sum(ha * np.abs(aa.T @ axis))
        rb = np.sum(hb * np.abs(ab.T @ axis))
        if abs(d @ axis) >= ra + rb - tol:
            return False
    return True


def obb_overlap_volume(
    center_a: np.ndarray,
    axes_a: np.ndarray,
    extents_a: np.ndarray,
    center_b: np.ndarray,
    axes_b: np.ndarray,
    extents_b: np.ndarray,
) -> float:
    """Exact intersection volume of two oriented boxes (convex polytope intersection, NumPy)."""
    if not obb_intersects(center_a, axes_a, extents_a, center_b, axes_b, extents_b):
        return 0.0
    halfspaces = np.concatenate(
        [
            _box_halfspaces(center_a, axes_a, extents_a),
            _box_halfspaces(center_b, axes_b, extents_b),
        ]
    )
    interior = _interior_point(halfspaces)
    if interior is None:
        return 0.0
    try:
        vertices = HalfspaceIntersection(halfspaces, interior).intersections
        return float(ConvexHull(vertices).volume)
    except QhullError:
        # Degenerate (flat) intersections have no volume.
        return 0.0


def _box_halfspaces(center: np.ndarray, axes: np.ndarray, extents: np.ndarray) -> np.ndarray:
    """Rows [n, -d] with n·x - d <= 0 for the 6 faces of an oriented box (scipy's convention)."""
    c, a, h = np.asarray(center, float), np.asarray(axes, float), 0.5 * np.asarray(extents, float)
    rows = []
    for i in range(3):
        n = a[:, i]
        rows.append(np.append(n, -(n @ c + h[i])))
        rows.append(np.append(-n, -(-n @ c + h[i])))
    return np.asarray(rows)


def _interior_point(halfspaces: np.ndarray) -> np.ndarray | None:
    """Chebyshev centre of the halfspace intersection, or None if it has no interior."""
    from scipy.optimize import linprog

    normals, offsets = halfspaces[:, :3], halfspaces[:, 3]
    norms = np.linalg.norm(normals, axis=1, keepdims=True)
    cost = np.zeros(4)
    cost[-1] = -1.0
    result = linprog(
        cost,
        A_ub=np.hstack([normals, norms]),
        b_ub=-offsets,
        bounds=[(None, None)] * 3 + [(0, None)],
        method="highs",
    )
    if not result.success or result.x[-1] < 1e-9:
        return None
    return np.asarray(result.x[:3])

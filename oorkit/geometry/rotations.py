"""Rotation representations: 6D (Zhou et al. 2019) ↔ matrix ↔ quaternion ↔ axis-angle.

All functions are batched over leading dimensions and accept NumPy arrays or torch tensors,
returning the same type. The torch path uses `roma`; NumPy input goes through it in float64.

Conventions
-----------
* 6D: the first two columns of R, concatenated column by column: [R00, R10, R20, R01, R11, R21].
  Back to a matrix by Gram–Schmidt (roma.special_gramschmidt), so any non-degenerate 6-vector is valid.
* Quaternions are (x, y, z, w), scalar last (roma and scipy's convention).
* Axis-angle is a rotation vector: unit axis times angle in radians.
"""

from __future__ import annotations

import roma
import torch

from oorkit.geometry._backend import Array, as_tensor, like


def matrix_to_rot6d(matrix: Array) -> Array:
    """First two columns of rotation matrices (..., 3, 3) → 6D vectors (..., 6)."""
    m = as_tensor(matrix)
    return like(m[..., :, :2].transpose(-1, -2).reshape(*m.shape[:-2], 6), matrix)


def rot6d_to_matrix(rot6d: Array) -> Array:
    """6D vectors (..., 6) → rotation matrices (..., 3, 3) by Gram–Schmidt."""
    r = as_tensor(rot6d)
    columns = r.reshape(*r.shape[:-1], 2, 3).transpose(-1, -2)
    return like(roma.special_gramschmidt(columns), rot6d)


def matrix_to_quat(matrix: Array) -> Array:
    """Rotation matrices (..., 3, 3) → unit quaternions (..., 4), xyzw."""
    return like(roma.rotmat_to_unitquat(as_tensor(matrix)), matrix)


def quat_to_matrix(quat: Array) -> Array:
    """Quaternions (..., 4), xyzw (normalised here) → rotation matrices (..., 3, 3)."""
    q = as_tensor(quat)
    return like(roma.unitquat_to_rotmat(roma.quat_normalize(q)), quat)


def matrix_to_axis_angle(matrix: Array) -> Array:
    """Rotation matrices (..., 3, 3) → rotation vectors (..., 3)."""
    return like(roma.rotmat_to_rotvec(as_tensor(matrix)), matrix)


def axis_angle_to_matrix(rotvec: Array) -> Array:
    """Rotation vectors (..., 3) → rotation matrices (..., 3, 3)."""
    return like(roma.rotvec_to_rotmat(as_tensor(rotvec)), rotvec)


def geodesic_distance(r1: Array, r2: Array) -> Array:
    """Angle in radians between rotation matrices (..., 3, 3)."""
    return like(roma.rotmat_geodesic_distance(as_tensor(r1), as_tensor(r2)), r1)


def random_rotation(
    n: int, generator: torch.Generator | None = None, dtype: torch.dtype = torch.float64
) -> torch.Tensor:
    """`n` rotation matrices drawn uniformly from SO(3)."""
    q = torch.randn(n, 4, generator=generator, dtype=dtype)
    return roma.unitquat_to_rotmat(q / q.norm(dim=-1, keepdim=True))


def rot6d_tangent_step(matrix: Array, step6d: Array, scale: Array | None = None) -> Array:
    """Rotations (..., 3, 3) moved by the tangent part of a 6D step (..., 6), staying on SO(3).

    `step6d` is a displacement of the 6D vector in coordinates divided by `scale` (6,), e.g. a
    standardised φ. It is split into the least-squares rotation increment ω (metric of those
    coordinates) and R ← exp([ω]×)·R. Unlike adding the step and re-orthonormalising by Gram–Schmidt,
    which is not an orthogonal projection, a step normal to SO(3) does not turn the rotation: with a
    score that is steep across the manifold, Gram–Schmidt lets it drift along it.
    """
    r, s = as_tensor(matrix), as_tensor(step6d)
    w = torch.ones(6).to(r) if scale is None else as_tensor(scale).to(r)
    axes = torch.eye(3).to(r).expand(*r.shape[:-2], 3, 3)
    first, second = r[..., None, :, 0], r[..., None, :, 1]
    # Row a: d(6D)/dω_a of exp([ω]×)·R at ω = 0, i.e. e_a × each of the first two columns of R.
    rows = torch.cat([torch.linalg.cross(axes, first), torch.linalg.cross(axes, second)], -1) / w
    omega = torch.linalg.solve(rows @ rows.transpose(-1, -2), rows @ s.to(r)[..., None])[..., 0]
    return like(roma.rotvec_to_rotmat(omega) @ r, matrix)

"""Similarity and scaled-rotation transforms as plain 4x4 matrices.

OORKit places objects with transforms of the form  x ↦ R·(s ⊙ x) + t  (rotation R, per-axis scale s,
translation t), i.e. the 4x4 matrix [[R·diag(s), t], [0, 1]]. With an isotropic s this is a similarity
transform (the paper's Eq. 4). Every function is batched over leading dimensions and accepts NumPy
arrays or torch tensors, returning the same type.
"""

from __future__ import annotations

import torch

from oorkit.geometry._backend import Array, as_tensor, like


def make_transform(rotation: Array, translation: Array, scale: Array | float | None = None) -> Array:
    """Build (..., 4, 4) matrices [[R·diag(s), t], [0, 1]] from R, t and s ((..., 3) or a float)."""
    r = as_tensor(rotation)
    t = as_tensor(translation).to(r.dtype)
    linear = r
    if isinstance(scale, int | float):
        linear = r * float(scale)
    elif scale is not None:
        # Per-axis scale multiplies the columns of R: R·diag(s).
        linear = r * as_tensor(scale).to(r.dtype).unsqueeze(-2)
    batch = torch.broadcast_shapes(linear.shape[:-2], t.shape[:-1])
    m = torch.zeros(*batch, 4, 4, dtype=r.dtype, device=r.device)
    m[..., :3, :3] = linear
    m[..., :3, 3] = t
    m[..., 3, 3] = 1.0
    return like(m, rotation)


def decompose_transform(matrix: Array) -> tuple[Array, Array, Array]:
    """Split [[R·diag(s), t], [0, 1]] into (R, t, s) with s > 0 (column norms) and det R = +1."""
    m = as_tensor(matrix)
    linear = m[..., :3, :3]
    s = linear.norm(dim=-2)
    r = linear / s.unsqueeze(-2)
    # A reflection cannot be a rotation; fold it into a negative x-scale so callers see it.
    flip = torch.linalg.det(r) < 0
    if bool(flip.any()):
        sign = torch.where(flip, -1.0, 1.0).to(m.dtype)
        r = r.clone()
        r[..., :, 0] = r[..., :, 0] * sign.unsqueeze(-1)
        s = s.clone()
        s[..., 0] = s[..., 0] * sign
    return like(r, matrix), like(m[..., :3, 3].clone(), matrix), like(s, matrix)


def compose(*matrices: Array) -> Array:
    """Compose transforms right to left: compose(A, B)(x) = A(B(x)), batched."""
    if not matrices:
        raise ValueError("compose needs at least one transform")
    out = as_tensor(matrices[0])
    for m in matrices[1:]:
        out = out @ as_tensor(m).to(out.dtype)
    return like(out, matrices[0])


def invert(matrix: Array) -> Array:
    """Inverse of affine (..., 4, 4) transforms."""
    m = as_tensor(matrix)
    linear_inv = torch.linalg.inv(m[..., :3, :3])
    out = torch.zeros_like(m)
    out[..., :3, :3] = linear_inv
    out[..., :3, 3] = -(linear_inv @ m[..., :3, 3].unsqueeze(-1)).squeeze(-1)
    out[..., 3, 3] = 1.0
    return like(out, matrix)


def apply(matrix: Array, points: Array) -> Array:
    """Apply (..., 4, 4) transforms to points (..., N, 3)."""
    m = as_tensor(matrix)
    p = as_tensor(points).to(m.dtype)
    return like(p @ m[..., :3, :3].transpose(-1, -2) + m[..., None, :3, 3], points)


def apply_vectors(matrix: Array, vectors: Array) -> Array:
    """Apply only the linear part of (..., 4, 4) transforms to direction vectors (..., N, 3)."""
    m = as_tensor(matrix)
    v = as_tensor(vectors).to(m.dtype)
    return like(v @ m[..., :3, :3].transpose(-1, -2), vectors)


def similarity_scale(matrix: Array, atol: float = 1e-6) -> Array:
    """Isotropic scale of similarity transforms (..., 4, 4); raises if the scale is not isotropic."""
    _, _, s = decompose_transform(as_tensor(matrix))
    s_t = as_tensor(s)
    if bool(
        (
            (s_t - s_t.mean(-1, keepdim=True)).abs() > atol * s_t.abs().mean(-1, keepdim=True).clamp_min(1.0)
        ).any()
    ):
        raise ValueError("transform is not a similarity (its scale is anisotropic)")
    return like(s_t.mean(-1), matrix)

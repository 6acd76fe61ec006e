"""Oriented floor boxes in PyTorch: corners, rotated spans, SAT penetration depth, room boundary.

A box is a centre (x, y), a yaw rz (CCW, rz = 0 faces +y) and half-extents (hw, hd): hw across the
object's front (its local x), hd along it (its local y). Everything is batched over leading dimensions.
"""

from __future__ import annotations

import torch

Tensor = torch.Tensor


def front(rz: Tensor) -> Tensor:
    """Unit front vectors (..., 2): rz = 0 faces +y, counter-clockwise positive."""
    return torch.stack([-torch.sin(rz), torch.cos(rz)], dim=-1)


def rotate(v: Tensor, rz: Tensor) -> Tensor:
    """Rotate 2-vectors (..., 2) counter-clockwise by rz (...)."""
    c, s = torch.cos(rz), torch.sin(rz)
    return torch.stack([c * v[..., 0] - s * v[..., 1], s * v[..., 0] + c * v[..., 1]], dim=-1)


def spans(rz: Tensor, hw: Tensor, hd: Tensor) -> tuple[Tensor, Tensor]:
    """Half-extents of the axis-aligned box around a rotated box (R3L's e^x, e^y halved)."""
    c, s = torch.cos(rz).abs(), torch.sin(rz).abs()
    return hw * c + hd * s, hw * s + hd * c


def corners(pose: Tensor, half: Tensor) -> Tensor:
    """Corners (..., 4, 2) counter-clockwise from back-left of boxes pose (..., 3), half (..., 2)."""
    signs = torch.tensor([[-1.0, -1.0], [1.0, -1.0], [1.0, 1.0], [-1.0, 1.0]], dtype=pose.dtype)
    local = signs * half.unsqueeze(-2)
    return rotate(local, pose[..., 2:3].expand(local.shape[:-1])) + pose[..., None, :2]


def penetration(pa: Tensor, ha: Tensor, pb: Tensor, hb: Tensor) -> Tensor:
    """Signed SAT depth of box pairs (...): > 0 is the overlap to undo (the MTV length), < 0 a gap.

    For two rectangles the separating axes are their four edge normals; the minimum overlap over them is
    the penetration depth when they intersect and a lower bound of the distance when they do not.
    Written out element-wise (no small matmuls): the backward pass is what the solver spends time on.
    """
    ca, sa, cb, sb = (
        torch.cos(pa[..., 2]),
        torch.sin(pa[..., 2]),
        torch.cos(pb[..., 2]),
        torch.sin(pb[..., 2]),
    )
    c = (ca * cb + sa * sb).abs()  # |cos(ta - tb)|
    s = (sa * cb - ca * sb).abs()  # |sin(ta - tb)|
    dx, dy = pb[..., 0] - pa[..., 0], pb[..., 1] - pa[..., 1]
    a0, a1, b0, b1 = ha[..., 0], ha[..., 1], hb[..., 0], hb[..., 1]
    overlaps = torch.stack(
        [
            a0 + b0 * c + b1 * s - (dx * ca + dy * sa).abs(),
            a1 + b0 * s + b1 * c - (-dx * sa + dy * ca).abs(),
            b0 + a0 * c + a1 * s - (dx * cb + dy * sb).abs(),
            b1 + a0 * s + a1 * c - (-dx * sb + dy * cb).abs(),
        ],
        -1,
    )
    return overlaps.min(dim=-1).values


def _axes(rz: Tensor) -> Tensor:
    """The box's local x and y axes in the world (..., 2, 2), one per row."""
    c, s = torch.cos(rz), torch.sin(rz)
    return torch.stack([torch.stack([c, s], -1), torch.stack([-s, c], -1)], dim=-2)


def outside(pose: Tensor, half: Tensor, size: tuple[float, float]) -> Tensor:
    """How far each box pokes out of the room [0, L] x [0, W] (...,): the largest corner excess, ≥ 0."""
    sx, sy = spans(pose[..., 2], half[..., 0], half[..., 1])
    excess = torch.stack(
        [sx - pose[..., 0], pose[..., 0] + sx - size[0], sy - pose[..., 1], pose[..., 1] + sy - size[1]], -1
    )
    return excess.clamp(min=0).amax(dim=-1)


def boundary_loss(pose: Tensor, half: Tensor, size: tuple[float, float], margin: float) -> Tensor:
    """Squared corner excess past the walls (minus a safety margin), summed per batch row (B,)."""
    sx, sy = spans(pose[..., 2], half[..., 0], half[..., 1])
    m = margin
    excess = torch.stack(
        [
            sx + m - pose[..., 0],
            pose[..., 0] + sx + m - size[0],
            sy + m - pose[..., 1],
            pose[..., 1] + sy + m - size[1],
        ],
        -1,
    )
    return excess.clamp(min=0).square().sum(dim=(-1, -2))


def wrap(angle: Tensor) -> Tensor:
    """Angles wrapped to (−π, π]."""
    return torch.atan2(torch.sin(angle), torch.cos(angle))


def chord(angle: Tensor) -> Tensor:
    """2·sin(Δ/2): a smooth signed angle residual whose square is 2(1 − cos Δ)."""
    return 2.0 * torch.sin(wrap(angle) / 2.0)


def polygon_signed_distance(points: Tensor, polygon: Tensor) -> Tensor:
    """Signed distance (...,) of points (..., 2) to a simple polygon (P, 2): > 0 outside, < 0 inside.

    The magnitude is the distance to the nearest edge (differentiable almost everywhere); the sign comes
    from an even-odd crossing test, which is piecewise constant and needs no gradient.
    """
    a, b = polygon, torch.roll(polygon, -1, 0)  # edges a → b, (P, 2)
    ab = b - a
    ap = points[..., None, :] - a  # (..., P, 2)
    t = ((ap * ab).sum(-1) / (ab * ab).sum(-1).clamp(min=1e-12)).clamp(0.0, 1.0)
    dist = (ap - t[..., None] * ab).norm(dim=-1).amin(-1)
    with torch.no_grad():
        px, py = points[..., None, 0], points[..., None, 1]
        crosses = ((a[:, 1] > py) != (b[:, 1] > py)) & (
            px < a[:, 0] + (py - a[:, 1]) * ab[:, 0] / torch.where(ab[:, 1] == 0, 1e-12, ab[:, 1])
        )
        inside = crosses.sum(-1) % 2 == 1
    return torch.where(inside, -dist, dist)


def reflex_vertices(polygon: Tensor) -> Tensor:
    """The polygon's inward-pointing corners (R, 2): the ones that can poke into a footprint."""
    prev, nxt = torch.roll(polygon, 1, 0), torch.roll(polygon, -1, 0)
    e0, e1 = polygon - prev, nxt - polygon
    turn = e0[:, 0] * e1[:, 1] - e0[:, 1] * e1[:, 0]
    area = (polygon[:, 0] * nxt[:, 1] - nxt[:, 0] * polygon[:, 1]).sum()
    return polygon[turn * area < 0]


def polygon_boundary_loss(pose: Tensor, half: Tensor, polygon: Tensor, margin: float) -> Tensor:
    """Wall term of a floor polygon per row (B,): footprint corners past its edges, reflex corners inside.

    Corners outside cover convex rooms; in an L-shaped room the inner corner can cut into a footprint whose
    corners are all inside, so its depth inside each footprint (plus the margin) is penalised too.
    """
    polygon = polygon.to(pose.dtype)
    excess = polygon_signed_distance(corners(pose, half), polygon) + margin
    loss = excess.clamp(min=0).square().sum(dim=(-1, -2))
    reflex = reflex_vertices(polygon)
    if len(reflex):
        local = rotate(
            reflex - pose[..., None, :2], -pose[..., None, 2].expand(*pose.shape[:-1], len(reflex))
        )
        depth = torch.minimum(
            half[..., None, 0] - local[..., 0].abs(), half[..., None, 1] - local[..., 1].abs()
        )
        loss = loss + (depth + margin).clamp(min=0).square().sum(dim=(-1, -2))
    return loss

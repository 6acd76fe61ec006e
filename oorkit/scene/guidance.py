"""Collision and inconsistency losses of multi-object OOR (the paper's Eq. 10 and Appendix B).

Both are per-sample losses (B,) of the edge samples φ (E, B, 15), differentiable, used as guidance in
the joint reverse ODE and as extra terms in scene editing.
"""

from __future__ import annotations

import numpy as np
import torch

from oorkit.geometry import points_aabb, support_points
from oorkit.oor import BASE_SCALE
from oorkit.scene.compose import GlobalStates, SceneGraph, aabb_half_extents, instance_transforms


def collision_shapes(vertex_sets: list[np.ndarray], directions: int = 512) -> torch.Tensor:
    """(N, V, 3) support points of each object's scale-normalised mesh, padded by repeating a point.

    With them `collision_loss` boxes the placed meshes rather than the rotated object boxes: a spatula
    tilted in a pan has a box corner well below its lowest vertex, and that corner reached into the table.
    """
    points = [support_points(v, directions) for v in vertex_sets]
    longest = max(len(p) for p in points)
    padded = [np.concatenate([p, np.repeat(p[:1], longest - len(p), axis=0)]) for p in points]
    return torch.as_tensor(np.stack(padded), dtype=torch.float32)


def object_aabbs(
    states: GlobalStates, shapes: torch.Tensor | None = None
) -> tuple[torch.Tensor, torch.Tensor]:
    """(min, max) (N, B, 3) of each placed object: of its mesh's support points, or of its rotated box."""
    if shapes is None:
        half = aabb_half_extents(states)
        return states.position - half, states.position + half
    points = shapes.to(states.position)[:, None]
    lo, hi = points_aabb(points, instance_transforms(states))
    return lo, hi


def collision_loss(
    states: GlobalStates,
    scene: SceneGraph,
    shapes: torch.Tensor | None = None,
    active: torch.Tensor | None = None,
) -> torch.Tensor:
    """Σ over unrelated pairs of the AABB overlap volume, as a fraction of the smaller box's volume (B,).

    The boxes are those of the placed meshes when `shapes` (`collision_shapes`) are given, else of the
    rotated object boxes. Nested boxes count the volume of the push-out extents instead, which keeps a
    gradient towards the exit. `active` (P,) or (P, B) weighs each pair of `scene.unrelated_pairs()`
    (the editor passes 1 where the meshes intersect, 0 elsewhere).

    Guidance passes states composed with `local=True`: each object then moves only through its own relation.
    Otherwise an apple in a bowl touching the table's box pulls on table → bowl and slides the bowl off.
    """
    pairs = scene.unrelated_pairs()
    batch = states.position.shape[1]
    if not pairs:
        return states.position.new_zeros(batch)
    a, b = (torch.tensor(x, device=states.position.device) for x in zip(*pairs, strict=True))
    lo, hi = object_aabbs(states, shapes)
    lo_a, hi_a, lo_b, hi_b = lo[a], hi[a], lo[b], hi[b]
    # Per axis, how far one box must move to clear the other: the overlap's extent for partial overlaps,
    # and still a way out (a non-zero gradient) for a box nested inside another.
    push = torch.minimum(hi_a - lo_b, hi_b - lo_a)
    overlap = torch.relu(push).prod(-1)
    # Relative to the smaller box so that a mouse inside a keyboard counts as much as a chair in a table;
    # detached so the loss cannot be lowered by growing the boxes.
    volume = (hi - lo).prod(-1).detach()
    smaller = torch.minimum(volume[a], volume[b]).clamp_min(1e-9)
    share = overlap / smaller
    if active is not None:
        weights = active.to(share)
        share = share * (weights[:, None] if weights.dim() == 1 else weights)
    return share.sum(0)


def inconsistency_parts(
    phi: torch.Tensor, states: GlobalStates, scene: SceneGraph, root_derived: bool = True
) -> dict[str, torch.Tensor]:
    """Appendix B's parts (B,) each; the multi-parent spread split into its pose and its size part.

    `root_aspect` (1), `pose_spread` + `size_spread` (2), `parent_aspect` (3). All but `pose_spread` compare
    ratios of sizes and do not change when everything is scaled together.
    """
    batch = phi.shape[1]
    zero = phi.new_zeros(batch)
    # (1) The global base's aspect ratio s^B must agree across all of its edges.
    root_edges = scene.outgoing(scene.root)
    part1 = phi[root_edges][..., BASE_SCALE].var(0, unbiased=False).sum(-1) if len(root_edges) > 1 else zero
    # (2) An object reached through several parents must get one pose and scale.
    poses, sizes = [], []
    for estimates in states.estimates.values():
        if len(estimates) > 1:
            # Positions in units of the object's (detached) size and log extents: plain variances of metric
            # quantities are minimised by shrinking everything, which the guidance then does.
            size = (
                torch.stack([s for _, _, s in estimates])
                .mean(0)
                .amax(-1, keepdim=True)
                .detach()
                .clamp_min(1e-4)
            )
            pose = torch.stack([torch.cat([r.flatten(-2), t / size], -1) for r, t, _ in estimates])
            log_size = torch.stack([torch.log(s.clamp_min(1e-4)) for _, _, s in estimates])
            poses.append(pose.var(0, unbiased=False).sum(-1))
            sizes.append(log_size.var(0, unbiased=False).sum(-1))
    pose_spread = torch.stack(poses).mean(0) if poses else zero
    size_spread = torch.stack(sizes).mean(0) if sizes else zero
    # (3) A non-root parent's global extents and the s^B of its child edges must be proportional. The root's
    # extents come from those s^B themselves unless its state is given (scene editing), then it counts too.
    ratios = []
    for e, (parent, _) in enumerate(scene.edges):
        if parent != scene.root or not root_derived:
            # The parent's extents are detached: this term reshapes the child edge's s^B to the parent's
            # aspect rather than resizing the parent.
            r = states.extents[parent].detach() / phi[e][..., BASE_SCALE].clamp_min(1e-4)
            ratios.append((r / r.mean(-1, keepdim=True)).var(-1, unbiased=False))
    part3 = torch.stack(ratios).mean(0) if ratios else zero
    return {
        "root_aspect": part1,
        "pose_spread": pose_spread,
        "size_spread": size_spread,
        "parent_aspect": part3,
    }


def inconsistency_loss(
    phi: torch.Tensor, states: GlobalStates, scene: SceneGraph, root_derived: bool = True
) -> torch.Tensor:
    """Mean of Appendix B's three parts (B,): root s^B spread, multi-parent spread, parent scale ratios."""
    p = inconsistency_parts(phi, states, scene, root_derived)
    return (p["root_aspect"] + p["pose_spread"] + p["size_spread"] + p["parent_aspect"]) / 3


def fixed_extent_loss(states: GlobalStates, fixed: dict[int, torch.Tensor]) -> torch.Tensor:
    """Σ‖S_i − S_i*‖² over objects whose extents are given (in global-base units) (B,)."""
    batch = states.position.shape[1]
    total = states.position.new_zeros(batch)
    for i, target in fixed.items():
        total = total + ((states.extents[i] - target) ** 2).sum(-1)
    return total


def collision_weight(t: float, scale: float = 100.0, cap: float = 1e4) -> float:
    """λ1(t) = min(100/t, 10⁴)."""
    return min(scale / max(t, 1e-12), cap)


def inconsistency_weight(t: float, scale: float = 100.0, cap: float = 1e5) -> float:
    """λ2(t) = min(100/t², 10⁵)."""
    return min(scale / max(t, 1e-12) ** 2, cap)

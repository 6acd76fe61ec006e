"""A spec compiled for solving: indices, the mixed pose representation and entity boxes.

Mixed poses (R3L's Support Spatial Optimization): independent objects and unit anchors carry global
poses (x, y, rz); the other unit members carry poses in their anchor's frame, so moving or turning a
unit never disturbs the relations inside it. Entities are the N floor objects followed by the K units;
a unit's box is the axis-aligned box of its members in the anchor frame, turned with the anchor.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from oorkit.layout.boxes import rotate, spans
from oorkit.layout.spec import LayoutSpec

Tensor = torch.Tensor


@dataclass(frozen=True)
class Problem:
    """Index structures of a spec: objects, units, who is global and who is local."""

    spec: LayoutSpec
    ids: tuple[str, ...]  # floor objects, spec order
    half: Tensor  # (N, 2) half footprint (width/2, depth/2)
    glob: Tensor  # (G,) object indices with global poses: independents and anchors
    local: Tensor  # (M,) object indices posed in their anchor's frame
    local_anchor: Tensor  # (M,) the anchor object index of each local member
    unit_ids: tuple[str, ...]
    unit_anchor: Tensor  # (K,) anchor object index
    unit_members: tuple[Tensor, ...]  # per unit, member object indices (anchor included)
    entity: dict[str, int]  # asset or unit id → entity index (units after objects)

    @property
    def n(self) -> int:
        """Number of floor objects."""
        return len(self.ids)

    @property
    def room(self) -> tuple[float, float]:
        """(L, W) in metres."""
        return (self.spec.size[0], self.spec.size[1])


def compile_problem(spec: LayoutSpec) -> Problem:
    """Index a spec's floor objects and units for the solver."""
    floor = spec.floor_assets()
    ids = tuple(a.id for a in floor)
    index = {a: i for i, a in enumerate(ids)}
    half = torch.tensor([[a.footprint[0] / 2, a.footprint[1] / 2] for a in floor], dtype=torch.float32)
    local, local_anchor, anchors, members = [], [], [], []
    for u in spec.units:
        anchors.append(index[u.anchor])
        members.append(torch.tensor([index[m] for m in u.members], dtype=torch.long))
        for m in u.members:
            if m != u.anchor:
                local.append(index[m])
                local_anchor.append(index[u.anchor])
    glob = [i for i in range(len(ids)) if i not in set(local)]
    entity = dict(index)
    entity.update({u.id: len(ids) + k for k, u in enumerate(spec.units)})
    return Problem(
        spec,
        ids,
        half,
        torch.tensor(glob, dtype=torch.long),
        torch.tensor(local, dtype=torch.long),
        torch.tensor(local_anchor, dtype=torch.long),
        tuple(u.id for u in spec.units),
        torch.tensor(anchors, dtype=torch.long),
        tuple(members),
        entity,
    )


def compose(problem: Problem, glob: Tensor, local: Tensor) -> Tensor:
    """Global object poses (B, N, 3) from global params (B, G, 3) and anchor-local params (B, M, 3)."""
    b = glob.shape[0]
    poses = glob.new_zeros(b, problem.n, 3)
    poses = poses.index_copy(1, problem.glob, glob)
    if problem.local.numel():
        anchor = poses[:, problem.local_anchor]
        xy = rotate(local[..., :2], anchor[..., 2]) + anchor[..., :2]
        poses = poses.index_copy(1, problem.local, torch.cat([xy, local[..., 2:] + anchor[..., 2:]], -1))
    return poses


def decompose(problem: Problem, poses: Tensor) -> tuple[Tensor, Tensor]:
    """Inverse of `compose`: global and anchor-local params from global object poses (B, N, 3)."""
    glob = poses[:, problem.glob].clone()
    anchor = poses[:, problem.local_anchor]
    member = poses[:, problem.local]
    xy = rotate(member[..., :2] - anchor[..., :2], -anchor[..., 2])
    return glob, torch.cat([xy, member[..., 2:] - anchor[..., 2:]], -1)


def entities(problem: Problem, poses: Tensor) -> tuple[Tensor, Tensor]:
    """Entity poses (B, N+K, 3) and half-sizes (B, N+K, 2): the objects, then each unit's box."""
    b = poses.shape[0]
    half = problem.half.expand(b, -1, -1)
    if not problem.unit_ids:
        return poses, half
    # Members padded with the anchor itself (a repeat changes no min/max), so all units go at once.
    width = max(len(m) for m in problem.unit_members)
    pad = torch.stack(
        [torch.cat([m, m[:1].expand(width - len(m))]) for m in problem.unit_members]
    )  # (K, width); the anchor is first
    a = poses[:, problem.unit_anchor]  # (B, K, 3)
    m = poses[:, pad]  # (B, K, width, 3)
    hm = half[:, pad]
    rel = m[..., 2] - a[..., None, 2]
    sx, sy = spans(rel, hm[..., 0], hm[..., 1])
    centre = rotate(m[..., :2] - a[..., None, :2], -a[..., None, 2].expand_as(rel))
    lo = torch.stack([(centre[..., 0] - sx).amin(-1), (centre[..., 1] - sy).amin(-1)], -1)
    hi = torch.stack([(centre[..., 0] + sx).amax(-1), (centre[..., 1] + sy).amax(-1)], -1)
    mid = rotate((lo + hi) / 2, a[..., 2]) + a[..., :2]
    return torch.cat([poses, torch.cat([mid, a[..., 2:]], -1)], 1), torch.cat([half, (hi - lo) / 2], 1)


def poses_to_numpy(poses: Tensor) -> np.ndarray:
    """(N, 3) float64 array of one layout, rz wrapped to [0, 2π)."""
    out = poses.detach().double().numpy().copy()
    out[:, 2] = np.mod(out[:, 2], 2 * np.pi)
    return out

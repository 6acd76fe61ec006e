"""Composing pairwise OOR samples along a scene DAG into one global frame (the global base's instance space).

Every object gets a global state (R, t, S): rotation, bbox-centre position and bbox extents, in units of
the global base's longest edge. The root is (I, 0, s^B of its edges). An edge parent → child with sample φ
gives the child R_P·R_φ, t_P + m_P·R_P·t_φ and m_P·s^{T→B}_φ, where m_P = max(S_P) is the parent's
longest edge (φ lives in the parent's instance space, longest edge 1). An object with several parents gets
one estimate per incoming edge; its state is their mean (rotation re-orthonormalised). Batched over
samples and differentiable, so the guidance losses can use it inside the ODE.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

from oorkit.geometry.rotations import matrix_to_rot6d, rot6d_to_matrix
from oorkit.oor import BASE_SCALE, ROT6D, TARGET_SCALE, TRANSLATION


@dataclass(frozen=True)
class SceneGraph:
    """Object indices 0..N−1 with `root`; `edges[e] = (parent, child)`; `order` topological."""

    n_objects: int
    root: int
    edges: tuple[tuple[int, int], ...]
    order: tuple[int, ...]

    def incoming(self, child: int) -> list[int]:
        """Edge indices whose target is `child`."""
        return [e for e, (_, c) in enumerate(self.edges) if c == child]

    def outgoing(self, parent: int) -> list[int]:
        """Edge indices whose base is `parent`."""
        return [e for e, (p, _) in enumerate(self.edges) if p == parent]

    def unrelated_pairs(self) -> list[tuple[int, int]]:
        """Object pairs without a relation between them (where collisions are penalised)."""
        related = {frozenset(e) for e in self.edges}
        n = self.n_objects
        return [(a, b) for a in range(n) for b in range(a + 1, n) if frozenset((a, b)) not in related]


@dataclass(frozen=True)
class GlobalStates:
    """Per object (N, B, …): rotation, position, extents; `estimates[i]` holds one (R, t, S) per parent."""

    rotation: torch.Tensor
    position: torch.Tensor
    extents: torch.Tensor
    estimates: dict[int, list[tuple[torch.Tensor, torch.Tensor, torch.Tensor]]]


def _mean_rotation(rotations: list[torch.Tensor]) -> torch.Tensor:
    if len(rotations) == 1:
        return rotations[0]
    return rot6d_to_matrix(matrix_to_rot6d(torch.stack(rotations).mean(0)))


State = tuple[torch.Tensor, torch.Tensor, torch.Tensor]


def compose(
    phi: torch.Tensor, scene: SceneGraph, given: dict[int, State] | None = None, local: bool = False
) -> GlobalStates:
    """Global states of every object from edge samples φ (E, B, 15) (de-normalised).

    `given` fixes the states (R (3, 3), t (3,), S (3,), any length unit) of some objects, e.g. the
    untouched objects of a scene being edited; the others follow from their incoming edges. With `local`,
    the values are the same but gradients reach only each object's own incoming edges (parents detached).
    """
    rot = rot6d_to_matrix(phi[..., ROT6D])
    batch = phi.shape[1]
    states: dict[int, State] = {}
    for node, (r, t, s) in (given or {}).items():
        states[node] = (
            r.to(phi).expand(batch, 3, 3),
            t.to(phi).expand(batch, 3),
            s.to(phi).expand(batch, 3),
        )
    if scene.root not in states:
        eye = torch.eye(3, dtype=phi.dtype, device=phi.device).expand(batch, 3, 3)
        origin = torch.zeros(batch, 3, dtype=phi.dtype, device=phi.device)
        states[scene.root] = (eye, origin, phi[scene.outgoing(scene.root)][..., BASE_SCALE].mean(0))
    estimates: dict[int, list[State]] = {}
    for node in scene.order:
        if node in states:
            continue
        found = []
        for e in scene.incoming(node):
            r_p, t_p, s_p = states[scene.edges[e][0]]
            if local:
                r_p, t_p, s_p = r_p.detach(), t_p.detach(), s_p.detach()
            unit = s_p.amax(-1, keepdim=True)
            r = r_p @ rot[e]
            t = t_p + unit * (r_p @ phi[e][..., TRANSLATION, None]).squeeze(-1)
            found.append((r, t, unit * phi[e][..., TARGET_SCALE]))
        estimates[node] = found
        states[node] = (
            _mean_rotation([f[0] for f in found]),
            torch.stack([f[1] for f in found]).mean(0),
            torch.stack([f[2] for f in found]).mean(0),
        )
    ordered = [states[i] for i in range(scene.n_objects)]
    return GlobalStates(
        torch.stack([s[0] for s in ordered]),
        torch.stack([s[1] for s in ordered]),
        torch.stack([s[2] for s in ordered]),
        estimates,
    )


def edge_samples(
    states: GlobalStates, edges: list[tuple[int, int]], base_fixed: bool = False
) -> torch.Tensor:
    """φ (E, B, 15) of each (parent, child) as the composed states place them (Eqs. 5–6), differentiable.

    With `base_fixed`, gradients reach only the children's states (the parents' are detached).
    """
    p, c = (torch.tensor(x, device=states.position.device) for x in zip(*edges, strict=True))
    r_p, t_p, s_p = states.rotation[p], states.position[p], states.extents[p]
    if base_fixed:
        r_p, t_p, s_p = r_p.detach(), t_p.detach(), s_p.detach()
    unit = s_p.amax(-1, keepdim=True)
    rotation = r_p.transpose(-1, -2) @ states.rotation[c]
    offset = (r_p.transpose(-1, -2) @ (states.position[c] - t_p)[..., None]).squeeze(-1)
    parts = (matrix_to_rot6d(rotation), offset / unit, states.extents[c] / unit, s_p / unit)
    return torch.cat(parts, dim=-1)


def instance_transforms(states: GlobalStates, unit: torch.Tensor | float = 1.0) -> torch.Tensor:
    """(N, B, 4, 4) instance transforms [R·diag(S), t] with lengths multiplied by `unit` (e.g. metres)."""
    n, b = states.position.shape[:2]
    out = torch.zeros(n, b, 4, 4, dtype=states.position.dtype, device=states.position.device)
    out[..., :3, :3] = states.rotation * (states.extents * unit)[..., None, :]
    out[..., :3, 3] = states.position * unit
    out[..., 3, 3] = 1.0
    return out


def aabb_half_extents(states: GlobalStates) -> torch.Tensor:
    """(N, B, 3) half extents of the axis-aligned boxes of the rotated object boxes."""
    return 0.5 * (states.rotation.abs() @ states.extents[..., None]).squeeze(-1)

"""Joint sampling of every pairwise relation of a scene in one batched reverse ODE (the paper's Eq. 10).

All E edges × n samples share one ODE; from t = `start_t` on, the drift of each edge also descends
λ1(t)·C(Φ) + λ2(t)·I(Φ), computed on the scene composed from all edges. Then the edges are composed
along the DAG into one global frame and scaled to metres.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch

from oorkit.assets import Catalogue, canonical_extents, get_category, scale_normalize
from oorkit.diffusion.pipeline import Condition, OORPipeline
from oorkit.diffusion.sampler import Guidance
from oorkit.oor import PHI_DIM, ROT6D, TRANSLATION, keep_mesh_aspects
from oorkit.sampling import PAIR_SAMPLING
from oorkit.scene.compose import GlobalStates, SceneGraph, State, compose, instance_transforms
from oorkit.scene.file import Scene, canonical_mesh, object_from_instance_transform
from oorkit.scene.guidance import (
    collision_loss,
    collision_shapes,
    fixed_extent_loss,
    inconsistency_loss,
    inconsistency_parts,
)
from oorkit.scene.spec import SceneSpec


@dataclass(frozen=True)
class JointOptions:
    """Guidance settings; defaults are the paper's (λ1 = min(100/t, 1e4), λ2 = min(100/t², 1e5), t ≤ 0.5)."""

    collision: bool = True
    inconsistency: bool = True
    start_t: float = 0.5
    collision_scale: float = 100.0
    collision_cap: float = 1e4
    inconsistency_scale: float = 100.0
    inconsistency_cap: float = 1e5
    # Fixed-step solvers cannot follow a drift of 10⁵·∇I; the guidance drift is clipped per sample so a
    # step moves a sample by at most max_drift·Δt standard deviations (adaptive solvers rarely hit it).
    max_drift: float = 40.0
    # Under λ2 up to 10⁵ the inconsistency drift is stiff; a fixed step is capped at the Polyak step, which
    # cannot overshoot the loss's zero. Off: the plain clipped drift.
    linear_cap: bool = True
    # Box each placed mesh (its support points): a tilted object's rotated bbox reaches far past its mesh.
    # Off: the boxes of the rotated object boxes.
    mesh_boxes: bool = True


@dataclass(frozen=True)
class SceneSamples:
    """n sampled arrangements of a spec: scenes in metres, edge samples φ (E, n, 15) as drawn, metrics."""

    spec: SceneSpec
    scenes: list[Scene]
    phi: np.ndarray
    metrics: list[dict[str, Any]] = field(default_factory=list)


def scene_graph(spec: SceneSpec) -> tuple[SceneGraph, list[str]]:
    """Index form of a spec's DAG and the object ids by index."""
    ids = [o.id for o in spec.objects]
    index = {oid: i for i, oid in enumerate(ids)}
    edges = tuple((index[r.base], index[r.target]) for r in spec.relations)
    order = tuple(index[oid] for oid in spec.order())
    return SceneGraph(len(ids), index[spec.root], edges, order), ids


def metres_per_unit(spec: SceneSpec, catalogue: Catalogue | None = None) -> float:
    """Metres per global-base unit: the root's longest edge (its fixed size, else its category prior)."""
    root = spec.object(spec.root)
    size = root.size if root.size is not None else np.asarray(get_category(root.category, catalogue).size)
    return float(np.max(size))


def mesh_aspects(spec: SceneSpec, catalogue: Catalogue | None = None) -> np.ndarray:
    """(N, 3) canonical bbox extents of what each object is drawn with: its fixed size, mesh or template."""
    out = []
    for o in spec.objects:
        if o.size is not None:
            extents = np.asarray(o.size, dtype=float)
        else:
            extents = canonical_extents(
                canonical_mesh(o.category, o.mesh, o.mesh_up, o.mesh_front, None, catalogue)
            )
        out.append(extents / extents.max())
    return np.stack(out)


def mesh_shapes(spec: SceneSpec, catalogue: Catalogue | None = None) -> torch.Tensor:
    """(N, V, 3) collision support points of what each object is drawn with (`collision_shapes`)."""
    meshes = [
        canonical_mesh(o.category, o.mesh, o.mesh_up, o.mesh_front, None, catalogue) for o in spec.objects
    ]
    return collision_shapes([np.asarray(scale_normalize(m).vertices) for m in meshes])


def edge_aspects(graph: SceneGraph, aspects: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Per edge, the base's and the target's mesh aspect (E, 1, 3) each, from the objects' (N, 3).

    A scene draws each object with one mesh, so its scale keeps that mesh's aspect in all of its edges, as
    base and as target (Eq. 16 on both ends, `oor.keep_mesh_aspects`). Sampled aspects of thin or small
    objects are noisy (a nail's width is a few thousandths of a table), and two edges of one object would
    otherwise disagree on its shape.
    """
    ends = torch.as_tensor(graph.edges, device=aspects.device)
    return aspects[ends[:, :1]], aspects[ends[:, 1:]]


def fixed_extents(spec: SceneSpec, unit: float) -> dict[int, torch.Tensor]:
    """Objects with a fixed size: their extents in global-base units."""
    return {
        i: torch.as_tensor(o.size / unit, dtype=torch.float32)
        for i, o in enumerate(spec.objects)
        if o.size is not None
    }


def scene_losses(
    phi: torch.Tensor,
    graph: SceneGraph,
    fixed: dict[int, torch.Tensor],
    given: dict[int, State] | None = None,
    shapes: torch.Tensor | None = None,
) -> tuple[GlobalStates, torch.Tensor, torch.Tensor]:
    """Composed states, collision loss (B,) and inconsistency (+ fixed-size) loss (B,) of φ (E, B, 15)."""
    states = compose(phi, graph, given)
    fixed = {i: v.to(phi) for i, v in fixed.items()}
    inconsistency = inconsistency_loss(phi, states, graph, root_derived=not given)
    return states, collision_loss(states, graph, shapes), inconsistency + fixed_extent_loss(states, fixed)


def joint_guidance(
    pipeline: OORPipeline,
    graph: SceneGraph,
    n: int,
    fixed: dict[int, torch.Tensor],
    options: JointOptions,
    given: dict[int, State] | None = None,
    aspects: torch.Tensor | None = None,
    step: float | None = None,
    shapes: torch.Tensor | None = None,
) -> Guidance:
    """The Eq. 10 guidance drift for a batch laid out edge-major (E·n, 15) in normalised φ.

    `given` fixes the world states of objects that are not sampled (scene insertion); `aspects` (N, 3) are
    the drawn meshes' aspects, so that the losses see the scene as `sample_scene` will compose it; `step`
    is a fixed-step solver's Δt (for `JointOptions.linear_cap`); `shapes` (N, V, 3) are the meshes'
    collision support points (`mesh_shapes`), without which the collision boxes are the rotated bboxes.
    """
    shapes = None if shapes is None else shapes.to(pipeline.device)
    bboxes = None if aspects is None else edge_aspects(graph, aspects.float().to(pipeline.device))
    mean, std = pipeline.normalisation()
    n_edges = len(graph.edges)
    pose_mask = torch.zeros(PHI_DIM, device=pipeline.device)
    pose_mask[ROT6D] = 1.0
    pose_mask[TRANSLATION] = 1.0

    def guidance(z: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
        with torch.enable_grad():
            zr = z.detach().requires_grad_(True)
            phi = (zr * std + mean).view(n_edges, n, PHI_DIM)
            if bboxes is not None:
                phi = torch.as_tensor(keep_mesh_aspects(phi, *bboxes))
            states = compose(phi, graph, given)
            collision = collision_loss(compose(phi, graph, given, local=True), graph, shapes)
            parts = inconsistency_parts(phi, states, graph, root_derived=not given)
            sizes = fixed_extent_loss(states, {i: v.to(phi) for i, v in fixed.items()})
            # Weights as tensors: no host synchronisation inside the ODE loop.
            lam1 = torch.clamp(options.collision_scale / t, max=options.collision_cap) * float(
                options.collision
            )
            lam2 = torch.clamp(options.inconsistency_scale / t**2, max=options.inconsistency_cap) * float(
                options.inconsistency
            )
            pose_spread = lam2 * parts["pose_spread"] / 3
            ratios = lam2 * (
                (parts["root_aspect"] + parts["size_spread"] + parts["parent_aspect"]) / 3 + sizes
            )
            grad_c = _grad((lam1 * collision).sum(), zr)
            grad_i = _grad(pose_spread.sum(), zr) * pose_mask + _grad(ratios.sum(), zr)
        # Collision and the pose spread move and turn objects but do not resize them: a parent's size scales
        # its children's offsets and variances shrink with scale, so scale gradients of these terms inflate or
        # collapse objects under the large weights. The other inconsistency parts compare ratios of sizes
        # (unchanged by scaling everything) and move scales too, as does the fixed-size term.
        if options.linear_cap and step is not None:
            cap = (pose_spread + ratios).detach() / (_sample_norm(grad_i, n_edges) ** 2 * step)
            grad_i = grad_i * _per_row(cap, n_edges)
        grad = grad_c * pose_mask + grad_i
        clip = options.max_drift / _sample_norm(grad, n_edges)
        return torch.where(t <= options.start_t, grad * _per_row(clip, n_edges), torch.zeros_like(grad))

    return guidance


def _sample_norm(x: torch.Tensor, n_edges: int) -> torch.Tensor:
    """Norm over all edges of each sample (n,) of an edge-major batch (E·n, 15)."""
    return x.view(n_edges, -1, x.shape[-1]).norm(dim=(0, 2)).clamp_min(1e-12)


def _per_row(factor: torch.Tensor, n_edges: int) -> torch.Tensor:
    """A per-sample factor (n,), at most 1, laid out for an edge-major batch (E·n, 1)."""
    return torch.clamp(factor, max=1.0).repeat(n_edges)[:, None]


def _grad(loss: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
    """∂loss/∂x, zeros when the loss does not depend on x (no unrelated pairs, no fixed sizes)."""
    if not loss.requires_grad:
        return torch.zeros_like(x)
    (grad,) = torch.autograd.grad(loss, x, retain_graph=True, allow_unused=True)
    return torch.zeros_like(x) if grad is None else grad


def sample_scene(
    pipeline: OORPipeline,
    spec: SceneSpec,
    n: int = 4,
    seed: int = 0,
    solver: str = PAIR_SAMPLING.solver,
    steps: int = PAIR_SAMPLING.steps,
    options: JointOptions | None = None,
    catalogue: Catalogue | None = None,
) -> SceneSamples:
    """Sample n arrangements of a scene spec jointly, composed into world scenes (metres, root on y = 0)."""
    options = options or JointOptions()
    graph, _ = scene_graph(spec)
    unit = metres_per_unit(spec, catalogue)
    fixed = fixed_extents(spec, unit)
    conditions = [
        Condition(r.context, spec.object(r.base).category, spec.object(r.target).category)
        for r in spec.relations
    ]
    aspects = torch.as_tensor(mesh_aspects(spec, catalogue))
    step = None if solver == "dopri5" else (1.0 - pipeline.schedule.eps) / steps
    shapes = mesh_shapes(spec, catalogue) if options.mesh_boxes else None
    guide = joint_guidance(pipeline, graph, n, fixed, options, aspects=aspects, step=step, shapes=shapes)
    phi = pipeline.sample(conditions, n=n, seed=seed, solver=solver, steps=steps, guidance=[guide])
    phi_t = torch.as_tensor(
        keep_mesh_aspects(torch.as_tensor(phi, dtype=torch.float64), *edge_aspects(graph, aspects))
    )
    fixed64 = {k: v.double() for k, v in fixed.items()}
    states, collision, inconsistency = scene_losses(phi_t, graph, fixed64, shapes=shapes)
    scenes = compose_scenes(spec, states, unit)
    metrics = [
        {"collision_loss": float(collision[b]), "inconsistency_loss": float(inconsistency[b])}
        for b in range(n)
    ]
    return SceneSamples(spec, scenes, phi_t.numpy(), metrics)


def compose_scenes(spec: SceneSpec, states: GlobalStates, unit: float) -> list[Scene]:
    """World scenes from composed states, objects with a fixed size at exactly that size."""
    extents = states.extents.clone()
    for i, obj in enumerate(spec.objects):
        if obj.size is not None:
            extents[i] = torch.as_tensor(obj.size / unit, dtype=extents.dtype)
    fixed_states = GlobalStates(states.rotation, states.position, extents, states.estimates)
    transforms = instance_transforms(fixed_states, unit).numpy()
    root = [o.id for o in spec.objects].index(spec.root)
    scenes = []
    for b in range(transforms.shape[1]):
        lift = np.eye(4)
        # The global base stands on the floor: its bbox bottom at y = 0.
        lift[1, 3] = float(extents[root, b, 1]) * unit / 2 - transforms[root, b, 1, 3]
        objects = tuple(
            object_from_instance_transform(
                o.id,
                o.category,
                lift @ transforms[i, b],
                mesh=o.mesh,
                mesh_up=o.mesh_up,
                mesh_front=o.mesh_front,
            )
            for i, o in enumerate(spec.objects)
        )
        scenes.append(Scene(objects, {"spec": spec.name, "relations": [r.__dict__ for r in spec.relations]}))
    return scenes

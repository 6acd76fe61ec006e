"""Scene editing with the OOR score (the paper's Sec. 4.3, Eqs. 11–13).

`rearrange` projects a given arrangement onto plausible OORs; `recontext` does the same with a new
context text for a relation; `insert` adds objects with new relations while the existing OORs stay.
Each edited relation's φ follows  φ ← φ − η[(φ − φ0) − λ Ψθ(φ, σ)]  on its pose part (scales fixed),
in the model's standardised φ space, plus a collision gradient in multi-object scenes. An object with
several parents moves through one relation and the others pull on it through the scene, so it keeps one
pose (the joint sampler needs Appendix B's inconsistency loss for this; the editor does not).
Rotations move on SO(3) by the least-squares rotation increment of the step's 6D part.
Objects that are not the target of an edited relation keep their world pose.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import torch
from tqdm import tqdm

from oorkit import oor
from oorkit.assets import Catalogue, get_category
from oorkit.data.stats import denormalize, normalize
from oorkit.diffusion.pipeline import Condition, OORPipeline
from oorkit.errors import OORKitError
from oorkit.geometry import (
    axis_angle_to_matrix,
    decompose_transform,
    matrix_to_rot6d,
    rot6d_tangent_step,
    support_points,
)
from oorkit.oor import PHI_DIM, ROT6D, TRANSLATION
from oorkit.sampling import SCENE_SAMPLING
from oorkit.scene.compose import SceneGraph, State, compose, edge_samples, instance_transforms
from oorkit.scene.contacts import collision_objects, hull_halfspaces, near_pairs
from oorkit.scene.file import Scene, SceneObject, object_from_instance_transform, object_mesh
from oorkit.scene.guidance import collision_loss, collision_shapes
from oorkit.scene.spec import Relation, SpecObject, check_graph


@dataclass(frozen=True)
class EditOptions:
    """Eq. 13's step size η and score weight λ (paper: 0.01, 0.01, 50 steps), plus the scene terms.

    `sigma` is the noise level at which the score is read (default: the schedule's σ_min, as in the paper);
    a larger one smooths the density for arrangements far from any plausible one. With `sigma_start`, σ
    falls geometrically from it to `sigma` over the steps and λ follows σ² (so that λΨ stays a fixed share
    of the way to the denoised φ, as in annealed Langevin dynamics); with `eta_end`, η falls geometrically
    to it, and `max_step` with it, so that the last steps settle instead of hopping across a contact. With
    `collision_sigma`, the collision term acts only once σ has fallen to it: while the density is smoothed,
    objects may pass through each other to reach their relation's mode (a knife noised under its board
    otherwise stays there, held by the board's box).
    """

    steps: int = 50
    eta: float = 0.01
    lam: float = 0.01
    sigma: float | None = None
    collision_weight: float = 1.0
    max_step: float = 0.25  # largest move per step, in standard deviations of φ
    sigma_start: float | None = None
    eta_end: float | None = None
    collision_sigma: float | None = None
    mesh_boxes: bool = True  # collision boxes of the placed meshes, else of the rotated object boxes
    # The collision term acts on a pair only while its meshes are closer than this many metres (FCL, every
    # step): boxes also overlap around meshes that are apart (a spatula tilted in a pan over a salt
    # shaker). A margin rather than contact: FCL sees a grazing contact on some steps and not on others, and
    # the score pulled a kettle back onto its counter whenever the term let go. None: every pair, always.
    contact_margin: float | None = 0.01

    def __post_init__(self) -> None:
        positive = {"eta": self.eta, "sigma": self.sigma, "sigma_start": self.sigma_start}
        positive |= {"collision_sigma": self.collision_sigma, "contact_margin": self.contact_margin}
        positive |= {"eta_end": self.eta_end, "max_step": self.max_step}
        bad = [f"{k} = {v}" for k, v in positive.items() if v is not None and not v > 0]
        bad += [
            f"{k} = {v}"
            for k, v in (("lam", self.lam), ("collision_weight", self.collision_weight))
            if not v >= 0
        ]
        if self.steps < 0:
            bad.append(f"steps = {self.steps}")
        if self.sigma_start is not None and self.sigma is not None and self.sigma_start < self.sigma:
            bad.append(f"sigma_start = {self.sigma_start} is below sigma = {self.sigma}")
        if bad:
            raise OORKitError(f"invalid edit options: {'; '.join(bad)}")


def edit_schedule(options: EditOptions, sigma_min: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per step: the σ at which the score is read, the score weight λ and the step size η."""
    steps = max(options.steps, 1)
    sigma_end = options.sigma or sigma_min
    sigmas = np.geomspace(options.sigma_start or sigma_end, sigma_end, steps)
    lams = options.lam * (sigmas / sigma_end) ** 2
    etas = np.geomspace(options.eta, options.eta_end or options.eta, steps)
    return sigmas, lams, etas


# A new context puts the target in another mode, where the score at σ_min carries no signal: read it at 0.5.
RECONTEXT_OPTIONS = EditOptions(sigma=0.5, lam=5.0)
# The paper's η and λ, annealed from a σ the network knows for noised scenes; collisions act late, once the
# relations have pulled objects through each other (measurements: docs/results.md, "Scene editing").
REARRANGE_OPTIONS = EditOptions(
    steps=300, collision_weight=100.0, sigma_start=0.2, eta_end=0.001, collision_sigma=0.1
)
EDIT_DEFAULTS = {"rearrange": REARRANGE_OPTIONS, "recontext": RECONTEXT_OPTIONS}


@dataclass(frozen=True)
class EditResult:
    """The edited scene, the world instance transforms at every step (S+1, N, 4, 4), and φ before/after."""

    scene: Scene
    trajectory: np.ndarray
    phi_before: np.ndarray
    phi_after: np.ndarray
    relations: list[Relation]
    meta: dict[str, Any] = field(default_factory=dict)


def _state(obj: SceneObject) -> State:
    r, t, s = decompose_transform(obj.instance_transform())
    return torch.as_tensor(r), torch.as_tensor(t), torch.as_tensor(s)


def edit_graph(objects: list[SceneObject], relations: list[Relation]) -> tuple[SceneGraph, dict[int, State]]:
    """The DAG of edited relations over all scene objects, and the fixed states of untouched objects."""
    ids = [o.id for o in objects]
    index = {oid: i for i, oid in enumerate(ids)}
    unknown = sorted({x for r in relations for x in (r.base, r.target)} - set(ids))
    if unknown:
        raise OORKitError(f"relations name objects that are not in the scene: {', '.join(unknown)}")
    targets = [r.target for r in relations]
    import networkx as nx

    g = nx.DiGraph()
    g.add_nodes_from(range(len(ids)))
    g.add_edges_from((index[r.base], index[r.target]) for r in relations)
    if not nx.is_directed_acyclic_graph(g):
        raise OORKitError("the relations to edit form a cycle")
    given = {i: _state(o) for i, o in enumerate(objects) if o.id not in set(targets)}
    order = tuple(nx.lexicographical_topological_sort(g))
    edges = tuple((index[r.base], index[r.target]) for r in relations)
    return SceneGraph(len(ids), next(iter(given)), edges, order), given


def relation_phi(objects: list[SceneObject], relations: list[Relation]) -> np.ndarray:
    """φ (E, 15) of each relation as the scene has it (Eqs. 5–6 from world instance transforms)."""
    by_id = {o.id: o for o in objects}
    return np.stack(
        [
            oor.from_instance_transforms(
                by_id[r.base].instance_transform(), by_id[r.target].instance_transform()
            )
            for r in relations
        ]
    )


def pose_edges(graph: SceneGraph) -> list[int]:
    """The edges that carry the edited objects' poses: each target's first incoming relation."""
    return sorted({graph.incoming(child)[0] for _, child in graph.edges})


def optimize_relations(
    pipeline: OORPipeline,
    objects: list[SceneObject],
    relations: list[Relation],
    options: EditOptions | None = None,
    progress: bool = True,
    catalogue: Catalogue | None = None,
) -> EditResult:
    """Run Eq. 13 on the φ of `relations` (their contexts may differ from what the scene shows).

    An object that is the target of several relations moves through the first of them only; the φ of the
    others are read from the scene and pull on it through the composition, so every object keeps one pose
    and no inconsistency term is needed.
    """
    options = options or EditOptions()
    if not relations:
        raise OORKitError("nothing to edit: give at least one relation")
    problem = _EditProblem(pipeline, objects, relations)
    sigmas, lams, etas = edit_schedule(options, pipeline.schedule.sigma_min)
    collision_sigma = float(sigmas[0]) if options.collision_sigma is None else options.collision_sigma
    if collision_sigma < sigmas[-1] and options.collision_weight > 0:
        raise OORKitError(
            f"collision_sigma = {collision_sigma} is below the last step's σ = {sigmas[-1]:g}: "
            "the collision term would never act"
        )
    shapes, contacts = _collision_setup(objects, problem.graph, options, pipeline.device, catalogue)
    zt = problem.z0[problem.tree].clone()
    frames = [problem.world(zt)]
    for k in tqdm(range(options.steps), desc="edit", unit="step", disable=not progress):
        weight = options.collision_weight * float(sigmas[k] <= collision_sigma)
        active = None
        if contacts is not None and weight > 0:
            near = near_pairs(*contacts, frames[-1], problem.unrelated, float(options.contact_margin or 0.0))
            active = torch.as_tensor(near, dtype=torch.float32, device=pipeline.device)
        zt = problem.step(
            zt,
            float(sigmas[k]),
            float(lams[k]),
            float(etas[k] / etas[0]),
            float(etas[k]),
            weight,
            shapes,
            active,
            options.max_step,
        )
        frames.append(problem.world(zt))
    z = problem.all_z(zt, problem.derived_z(zt) if problem.derived else None)
    phi_after = denormalize(z.double().cpu(), pipeline.stats).numpy()
    trajectory = np.stack(frames)
    return EditResult(
        _edited_scene(objects, trajectory[-1], relations),
        trajectory,
        problem.phi0,
        phi_after,
        list(relations),
    )


def _collision_setup(
    objects: list[SceneObject],
    graph: SceneGraph,
    options: EditOptions,
    device: torch.device,
    catalogue: Catalogue | None,
) -> tuple[Any, tuple[Any, list[Any], list[np.ndarray]] | None]:
    """The meshes' collision boxes (with `mesh_boxes`) and what the contact gate measures (with a margin)."""
    shapes, contacts = None, None
    if options.collision_weight > 0 and graph.unrelated_pairs():
        meshes = [object_mesh(o, catalogue) for o in objects]
        # Reduced once: the support points of support points are the same points.
        support = [support_points(np.asarray(m.vertices)) for m in meshes]
        if options.mesh_boxes:
            shapes = collision_shapes(support).to(device)
        if options.contact_margin is not None:
            # Hulls of the support points: nearly the meshes' hulls, with far fewer faces.
            contacts = (
                collision_objects(meshes, np.stack([o.size for o in objects])),
                [hull_halfspaces(p) for p in support],
                support,
            )
    return shapes, contacts


class _EditProblem:
    """Eq. 13's variables: the standardised φ of the relations that carry a pose (`tree`), and the rest."""

    def __init__(self, pipeline: OORPipeline, objects: list[SceneObject], relations: list[Relation]):
        self.graph, given = edit_graph(objects, relations)
        self.unrelated = self.graph.unrelated_pairs()
        self.tree = pose_edges(self.graph)
        self.derived = [e for e in range(len(relations)) if e not in self.tree]
        graph = self.graph
        self.tree_graph = SceneGraph(
            graph.n_objects, graph.root, tuple(graph.edges[e] for e in self.tree), graph.order
        )
        self.phi0 = relation_phi(objects, relations)
        device = self.device = pipeline.device
        self.z0 = torch.as_tensor(normalize(self.phi0, pipeline.stats), dtype=torch.float32, device=device)
        cond = pipeline.condition(
            [
                Condition(r.context, objects[graph.edges[e][0]].category, objects[graph.edges[e][1]].category)
                for e, r in enumerate(relations)
            ]
        )
        self.score = pipeline.score_fn(cond)
        self.n_relations = len(relations)
        self.pose = torch.zeros(PHI_DIM, dtype=torch.bool, device=device)
        self.pose[ROT6D] = True
        self.pose[TRANSLATION] = True
        self.mean, self.std = pipeline.normalisation()
        self.given: dict[int, State] = {
            k: (v[0].float().to(device), v[1].float().to(device), v[2].float().to(device))
            for k, v in given.items()
        }

    def derived_z(self, zt: torch.Tensor) -> torch.Tensor:
        """The standardised φ of the relations without a pose of their own, read from the composed scene."""
        states = compose((zt * self.std + self.mean)[:, None], self.tree_graph, self.given)
        # A relation places its target relative to its base: it moves the keyboard, never the monitor.
        edges = [self.graph.edges[e] for e in self.derived]
        return (edge_samples(states, edges, base_fixed=True)[:, 0] - self.mean) / self.std

    def all_z(self, zt: torch.Tensor, zd: torch.Tensor | None) -> torch.Tensor:
        """Every relation's standardised φ, in the order of the relations."""
        z = zt.new_empty(self.z0.shape)
        z[self.tree] = zt
        if zd is not None:
            z[self.derived] = zd.detach()
        return z

    def world(self, zt: torch.Tensor) -> np.ndarray:
        """(N, 4, 4) world instance transforms of every object."""
        return _world(zt, self.std, self.mean, self.tree_graph, self.given)

    def step(
        self,
        zt: torch.Tensor,
        sigma: float,
        lam: float,
        eta_share: float,
        eta: float,
        weight: float,
        shapes: Any,
        active: torch.Tensor | None,
        max_step: float,
    ) -> torch.Tensor:
        """One step of Eq. 13 with the scene's collision term; rotations move on SO(3)."""
        std, mean, z0t = self.std, self.mean, self.z0[self.tree]
        zr = zt.detach().requires_grad_(True)
        zd = self.derived_z(zr) if self.derived else None
        with torch.no_grad():
            psi = self.score(self.all_z(zt, zd), torch.full((self.n_relations,), sigma, device=self.device))
        local = compose((zr * std + mean)[:, None], self.tree_graph, self.given, local=True)
        extra = weight * collision_loss(local, self.graph, shapes, active).sum()
        if zd is not None:
            # Eq. 13's energy of the relations that do not carry a pose, through the composed scene; the
            # score enters as a fixed vector, whose gradient is the score's pull on those φ' targets.
            extra = extra + (0.5 * (zd - self.z0[self.derived]).square() - lam * psi[self.derived] * zd).sum()
        (grad,) = torch.autograd.grad(extra, zr) if extra.requires_grad else (torch.zeros_like(zt),)
        step = eta * ((zt - z0t) - lam * psi[self.tree] + grad)
        # The cap shrinks with η, so that a collision term switching on late cannot kick an object far.
        cap = max_step * eta_share
        step = step * torch.clamp(cap / step.norm(dim=-1, keepdim=True).clamp_min(1e-12), max=1.0)
        # Translations move by the step; rotations by its tangent part only, so that they stay rigid and
        # the score's steep pull across the 6D manifold cannot turn them (see rot6d_tangent_step).
        rotation = oor.unpack(zt * std + mean).rotation
        raw = torch.where(self.pose, zt - step, z0t) * std + mean
        raw[:, ROT6D] = matrix_to_rot6d(rot6d_tangent_step(rotation, -step[:, ROT6D], std[ROT6D]))
        return ((raw - mean) / std).detach()


def _edited_scene(objects: list[SceneObject], transforms: np.ndarray, relations: list[Relation]) -> Scene:
    """The objects at their final instance transforms, the edited relations recorded in the scene."""
    return Scene(
        tuple(
            object_from_instance_transform(
                o.id,
                o.category,
                transforms[i],
                template=o.template,
                mesh=o.mesh,
                mesh_up=o.mesh_up,
                mesh_front=o.mesh_front,
                meta=o.meta,
            )
            for i, o in enumerate(objects)
        ),
        {"relations": [r.__dict__ for r in relations]},
    )


def _world(
    z: torch.Tensor, std: torch.Tensor, mean: torch.Tensor, graph: SceneGraph, given: dict
) -> np.ndarray:
    with torch.no_grad():
        states = compose((z * std + mean)[:, None], graph, given)
        return instance_transforms(states)[:, 0].double().cpu().numpy()


def rearrange(
    pipeline: OORPipeline, scene: Scene, relations: list[Relation], options: EditOptions | None = None
) -> EditResult:
    """Project a (noisy) arrangement onto plausible OORs of its relations."""
    return optimize_relations(pipeline, list(scene.objects), relations, options or REARRANGE_OPTIONS)


def recontext(
    pipeline: OORPipeline,
    scene: Scene,
    base: str,
    target: str,
    context: str,
    options: EditOptions | None = None,
) -> EditResult:
    """Re-pose `target` relative to `base` for a new context text; the rest of the scene stays."""
    return optimize_relations(
        pipeline, list(scene.objects), [Relation(base, target, context)], options or RECONTEXT_OPTIONS
    )


def insert(
    pipeline: OORPipeline,
    scene: Scene,
    new_objects: list[SpecObject],
    relations: list[Relation],
    n: int = 1,
    seed: int = 0,
    steps: int = SCENE_SAMPLING.steps,
    catalogue: Catalogue | None = None,
) -> list[Scene]:
    """Add objects related to the scene (or to each other): existing OORs and the new objects' sizes stay."""
    from oorkit.scene.joint import JointOptions, joint_guidance

    ids = {o.id for o in scene.objects}
    clash = sorted(ids & {o.id for o in new_objects})
    if clash:
        raise OORKitError(f"inserted object ids already exist in the scene: {', '.join(clash)}")
    new_ids = {o.id for o in new_objects}
    for r in relations:
        if r.target not in new_ids:
            raise OORKitError(f"relation {r.base} → {r.target}: the target must be a newly inserted object")
    # Reuse the spec checks for the new part (one parent chain, no cycles) with the scene as one root.
    check_graph(
        [SpecObject("__scene__", "table"), *new_objects],
        [Relation("__scene__" if r.base in ids else r.base, r.target, r.context) for r in relations],
        "insert",
    )
    sized = [
        o if o.size is not None else replace(o, size=np.asarray(get_category(o.category, catalogue).size))
        for o in new_objects
    ]
    placeholder = [
        SceneObject(
            o.id,
            o.category,
            np.eye(4),
            np.asarray(o.size),
            mesh=o.mesh,
            mesh_up=o.mesh_up,
            mesh_front=o.mesh_front,
        )
        for o in sized
    ]
    objects = [*scene.objects, *placeholder]
    graph, given = edit_graph(objects, relations)
    fixed = {
        len(scene.objects) + i: torch.as_tensor(o.size, dtype=torch.float32) for i, o in enumerate(sized)
    }
    options = JointOptions()
    shapes = None
    if options.mesh_boxes:
        shapes = collision_shapes([np.asarray(object_mesh(o, catalogue).vertices) for o in objects])
    guide = joint_guidance(pipeline, graph, n, fixed, options, given, shapes=shapes)
    index = {o.id: i for i, o in enumerate(objects)}
    phi = pipeline.sample(
        [
            Condition(r.context, objects[index[r.base]].category, objects[index[r.target]].category)
            for r in relations
        ],
        n=n,
        seed=seed,
        steps=steps,
        guidance=[guide],
    )
    states = compose(torch.as_tensor(phi), graph, given)
    transforms = instance_transforms(states).numpy()
    scenes = []
    for b in range(n):
        added = []
        for i, o in enumerate(sized):
            k = len(scene.objects) + i
            r, t, _ = decompose_transform(transforms[k, b])
            added.append(
                SceneObject(
                    o.id,
                    o.category,
                    oor_pose(r, t),
                    np.asarray(o.size),
                    mesh=o.mesh,
                    mesh_up=o.mesh_up,
                    mesh_front=o.mesh_front,
                )
            )
        scenes.append(Scene((*scene.objects, *added), {**scene.meta, "inserted": sorted(new_ids)}))
    return scenes


def oor_pose(rotation: np.ndarray, translation: np.ndarray) -> np.ndarray:
    """A rigid 4x4 from R and t."""
    pose = np.eye(4)
    pose[:3, :3], pose[:3, 3] = rotation, translation
    return pose


def perturb_poses(scene: Scene, moved: set[str], amount: float, seed: int) -> Scene:
    """Pose noise on the `moved` objects (rotation ~ amount rad, translation ~ amount × size), for demos."""
    rng = np.random.default_rng(seed)
    objects = []
    for o in scene.objects:
        if o.id in moved and amount > 0:
            pose = o.pose.copy()
            pose[:3, :3] = axis_angle_to_matrix(rng.normal(size=3) * amount) @ pose[:3, :3]
            pose[:3, 3] += rng.normal(size=3) * amount * float(np.max(o.size))
            o = SceneObject(
                o.id, o.category, pose, o.size, o.template, o.mesh, o.mesh_up, o.mesh_front, o.meta
            )
        objects.append(o)
    return Scene(tuple(objects), scene.meta)

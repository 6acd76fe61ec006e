"""Human motion for two-object interaction (paper Sec. 5, Fig. 9): a body carries out an OOR trajectory.

Eq. 13 re-poses the held object (target) relative to the base for the context; the trajectory is resampled
to evenly spaced frames. The body stands at the support, takes the object (`grasp_pose`), and then, frame by
frame and warm-started from the previous one, minimises the paper's objective with our prior in place of
VPoser's: contact consistency (the N nearest body ↔ object vertex pairs keep their first-frame distances,
for every object involved), joint limits (projected, exact), the rest-pose prior, balance, no penetration
of the body into the objects and the support, and temporal smoothness. Legs and root are not driven.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch
from scipy.spatial.transform import Rotation, Slerp

from oorkit.errors import OORKitError
from oorkit.human.body import JOINTS, Body, check_phenotype, load_body
from oorkit.human.contact import (
    SURFACE_SAMPLES,
    ContactPairs,
    ObjectSurface,
    PlacedSurface,
    max_depth,
    nearest_pairs,
    object_surface,
    pair_distances,
    penetration_depth,
    penetration_loss,
    place,
    placed,
    surface_distance,
)
from oorkit.human.grasp import Grasp, find_grasp, stand
from oorkit.human.prior import (
    balance,
    hand_frame,
    limit_violations,
    project_to_limits,
    rest_prior,
    support_polygon,
)
from oorkit.scene.file import Scene, object_mesh

REACH = 0.5  # metres from the shoulder's skin to a grasp that a bent arm reaches comfortably
MAX_YAW = np.radians(40)  # and turn it by this much
FREE_ARM = 20.0  # rest-prior weight of an arm that holds nothing, relative to the others
MAX_REACH = 1.0  # metres from the standing shoulder to a grasp: farther is refused as out of reach
MAX_SHIFT = 0.3  # metres the grasp may move the stand point from where `stand` put it


@dataclass(frozen=True)
class MotionOptions:
    """Frames, optimiser steps and the weights of the per-frame objective (defaults: the shipped recipe)."""

    frames: int = 60
    grasp_steps: int = 250
    frame_steps: int = 25
    momentum: float = 0.5  # share of the last frame's change added before optimising the next
    max_blocks: int = 3  # up to this many rounds of frame_steps while a contact drifts more than tolerance
    tolerance: float = 0.005
    depth_tolerance: float = 0.003  # … or while a body vertex sits deeper than this in an object
    lr: float = 0.02
    contact_pairs: int = 50
    w_contact: float = 2e4
    proximity_weight: float = 0.05  # kept pairs that do not touch (body ↔ base) hold the body loosely
    w_rest: float = 0.05
    w_balance: float = 1e3
    w_penetration: float = 1e5
    w_smooth: float = 2.0
    w_grasp: float = 2e3
    seed: int = 0
    phenotype: tuple[tuple[str, float], ...] = ()  # e.g. (("height", 0.8),): see body.check_phenotype

    def __post_init__(self) -> None:
        check_phenotype(dict(self.phenotype))
        if self.frames < 2:
            raise OORKitError(f"a motion needs at least 2 frames, got {self.frames}")
        if (
            self.grasp_steps < 0
            or self.frame_steps < 1
            or self.max_blocks < 1
            or not self.lr > 0
            or self.contact_pairs < 1
        ):
            raise OORKitError("motion options: steps must be ≥ 1, lr > 0 and contact_pairs ≥ 1")


@dataclass
class MotionResult:
    """Per-frame body vertices and object transforms in the world (metres, +y up), and the metrics."""

    scene: Scene
    object_ids: list[str]
    object_frames: np.ndarray  # (F, N, 4, 4) instance transforms
    body_vertices: np.ndarray  # (F, V, 3)
    body_faces: np.ndarray  # (T, 3)
    body_transform: np.ndarray  # (4, 4) body frame → world
    angles: np.ndarray  # (F, J, 3) radians
    grips: np.ndarray  # (F, 2) right, left
    held: str
    steady: str | None
    context: str
    phenotype: tuple[tuple[str, float], ...] = ()
    metrics: dict[str, Any] = field(default_factory=dict)
    pairs: list[ContactPairs] = field(default_factory=list)  # the kept (body vertex, object sample) pairs
    drift: np.ndarray = field(default_factory=lambda: np.zeros(0))  # (F,) largest touching-pair change


def resample(trajectory: np.ndarray, frames: int) -> np.ndarray:
    """Resample (S, N, 4, 4) instance transforms to `frames` evenly spaced by path length (slerp + lerp)."""
    from oorkit.geometry import decompose_transform, make_transform

    moving = np.linalg.norm(trajectory[1:, :, :3, 3] - trajectory[:-1, :, :3, 3], axis=-1).sum(1)
    step = moving + 0.1 * np.array(
        [np.abs(trajectory[i + 1, :, :3, :3] - trajectory[i, :, :3, :3]).sum() for i in range(len(moving))]
    )
    s = np.concatenate([[0.0], np.cumsum(step)])
    if s[-1] <= 0:
        return np.repeat(trajectory[:1], frames, axis=0)
    s /= s[-1]
    u = np.linspace(0.0, 1.0, frames)
    out = np.empty((frames, *trajectory.shape[1:]))
    for j in range(trajectory.shape[1]):
        parts = [decompose_transform(t) for t in trajectory[:, j]]
        rot = Rotation.from_matrix(np.stack([p[0] for p in parts]))
        keep = np.concatenate([[True], np.diff(s) > 1e-12])
        slerp = Slerp(s[keep], rot[np.flatnonzero(keep)])
        r = slerp(u).as_matrix()
        t = np.stack(
            [np.interp(u, s[keep], np.stack([p[1] for p in parts])[keep][:, k]) for k in range(3)], 1
        )
        sc = np.stack([p[2] for p in parts])[0]
        out[:, j] = [make_transform(r[f], t[f]) @ np.diag([*sc, 1.0]) for f in range(frames)]
    return out


def stand_transform(world: torch.Tensor, shift: torch.Tensor) -> torch.Tensor:
    """The body → world transform moved by (dx, dz) in the body's own axes and turned by yaw about +y."""
    c, s = torch.cos(shift[2]), torch.sin(shift[2])
    zero, one = torch.zeros_like(c), torch.ones_like(c)
    yaw = torch.stack([torch.stack([c, zero, s]), torch.stack([zero, one, zero]), torch.stack([-s, zero, c])])
    out = world.clone()
    out[:3, :3] = world[:3, :3] @ yaw
    out[:3, 3] = world[:3, 3] + world[:3, 0] * shift[0] + world[:3, 2] * shift[1]
    return out


@dataclass
class _Problem:
    body: Body
    world: torch.Tensor  # body → world (4, 4)
    surfaces: list[ObjectSurface]
    polygon: tuple[torch.Tensor, torch.Tensor]
    hands: dict[str, int]  # side -> object index held or steadied

    def vertices(
        self, angles: torch.Tensor, grip: torch.Tensor, shift: torch.Tensor | None = None
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """World and body-frame vertices; `shift` (3,) moves the stand point (body x, z) and yaws it."""
        v = self.body.pose(angles, grip)
        world = self.world if shift is None else stand_transform(self.world, shift)
        return v @ world[:3, :3].T + world[:3, 3], v

    def penetration(self, v: torch.Tensor, targets: list[PlacedSurface]) -> torch.Tensor:
        """Σ over the objects of the squared depths of body vertices inside them."""
        total = v.new_zeros(())
        for target in targets:
            total = total + penetration_loss(v, target)
        return total

    def place(self, transforms: np.ndarray) -> list[PlacedSurface]:
        """Every object's surface placed at one frame's instance transforms."""
        return [place(surface, transforms[i]) for i, surface in enumerate(self.surfaces)]

    def prior(self, body_v: torch.Tensor, angles: torch.Tensor, options: MotionOptions) -> torch.Tensor:
        """Rest prior (an arm that holds nothing is held FREE_ARM times harder: it hangs) and balance."""
        scale = torch.ones(self.body.joint_count, 1, dtype=angles.dtype)
        for i, joint in enumerate(JOINTS):
            side = joint.bone.rsplit(".", 1)[-1]
            if "." in joint.bone and side not in self.hands:
                scale[i] = FREE_ARM
        return (
            options.w_rest * rest_prior(self.body, angles * scale.sqrt()).sum()
            + options.w_balance * balance(self.body, body_v, self.polygon).sum()
        )


def _optimise(
    loss_fn: Callable[[torch.Tensor, torch.Tensor, torch.Tensor], torch.Tensor],
    body: Body,
    angles: torch.Tensor,
    grip: torch.Tensor,
    steps: int,
    lr: float,
    shift: torch.Tensor | None = None,
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Projected Adam over joint angles, grips and (when given) the stand shift."""
    angles = angles.clone().requires_grad_(True)
    grip = grip.clone().requires_grad_(True)
    params = [angles, grip]
    moving = shift is not None
    offset = (shift if shift is not None else torch.zeros(3, dtype=angles.dtype)).clone()
    offset.requires_grad_(moving)
    if moving:
        params.append(offset)
    optimiser = torch.optim.Adam(params, lr=lr)
    for _ in range(steps):
        optimiser.zero_grad()
        loss_fn(angles, grip, offset).backward()
        optimiser.step()
        project_to_limits(body, angles, grip)
        with torch.no_grad():
            offset[:2].clamp_(-MAX_SHIFT, MAX_SHIFT)
            offset[2].clamp_(-MAX_YAW, MAX_YAW)
    return angles.detach(), grip.detach(), offset.detach()


@dataclass(frozen=True)
class StartPose:
    """A body pose to start from: joint angles (J, 3) in radians (body.JOINTS order) and grips (2,)."""

    angles: np.ndarray
    grip: np.ndarray

    def __post_init__(self) -> None:
        a, g = np.asarray(self.angles, dtype=float), np.asarray(self.grip, dtype=float)
        if (
            a.shape != (len(JOINTS), 3)
            or g.shape != (2,)
            or not (np.isfinite(a).all() and np.isfinite(g).all())
        ):
            raise OORKitError(
                f"a start pose needs {len(JOINTS)} × 3 finite joint angles and 2 grips, "
                f"got {a.shape} and {g.shape}"
            )


def grasp_pose(
    problem: _Problem,
    grasps: dict[str, Grasp],
    frames: np.ndarray,
    options: MotionOptions,
    start: StartPose | None = None,
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Reach each hand to its grasp and close it: palm on the point, facing in, fingers around the axis.

    The stand point moves too, so that the shoulder stays within reach of the grasp in every later frame.
    """
    body = problem.body
    transforms = frames[0]
    first = problem.place(transforms)
    targets, later = {}, {}
    for side, grasp in grasps.items():
        point, approach, axis = grasp.world(transforms[problem.hands[side]])
        targets[side] = [torch.as_tensor(x) for x in (point - 0.005 * approach, approach, axis)]
        later[side] = torch.as_tensor(np.stack([grasp.world(t[problem.hands[side]])[0] for t in frames[::4]]))

    def loss(angles: torch.Tensor, grip: torch.Tensor, shift: torch.Tensor) -> torch.Tensor:
        v, body_v = problem.vertices(angles, grip, shift)
        total = problem.prior(body_v, angles, options)
        for side, (point, approach, axis) in targets.items():
            shoulder = v[0, body.regions[f"shoulder.{side}"]].mean(dim=0)
            too_far = ((later[side] - shoulder).norm(dim=-1) - REACH).clamp(min=0)
            total = total + options.w_grasp * 10 * too_far.square().sum()
            palm, normal, across = hand_frame(body, v, side)
            total = total + options.w_grasp * (
                (palm[0] - point).square().sum() * 10
                + 0.02 * (1 - (normal[0] * approach).sum())
                + 0.02 * (1 - (across[0] * axis).sum())
            )
            tips = surface_distance(v[0, body.regions[f"tips.{side}"]], first[problem.hands[side]])
            total = total + options.w_grasp * (tips - 0.004).clamp(min=0).square().mean()
        return total + options.w_penetration * problem.penetration(v[0], first)

    angles, grip = body.rest_angles()
    if start is not None:  # the user's pose, within the limits, refined by the same steps
        angles, grip = torch.as_tensor(start.angles)[None].clone(), torch.as_tensor(start.grip)[None].clone()
        project_to_limits(body, angles, grip)
    # Reach first with an open hand (the stand point may move), then close the hand on the object.
    shift = torch.zeros(3, dtype=torch.float64)
    angles, _, shift = _optimise(loss, body, angles, grip, options.grasp_steps, 2 * options.lr, shift)
    closing = grip if start is not None else grip + 0.3
    return _optimise(loss, body, angles, closing, options.grasp_steps // 2, options.lr, shift)


def _contacts(
    problem: _Problem, v: np.ndarray, transforms: np.ndarray, involved: list[int], n: int
) -> list[ContactPairs]:
    """The kept pairs: a holding hand with its object; the torso, head and legs with the others."""
    body = problem.body
    arms = np.concatenate([body.regions["arm.R"], body.regions["arm.L"]])
    free = np.setdiff1d(np.arange(len(v)), arms)
    pairs = []
    for i in involved:
        held_by = [s for s, j in problem.hands.items() if j == i]
        candidates = body.regions[f"hand.{held_by[0]}"] if held_by else free
        points, _ = placed(problem.surfaces[i], transforms[i])
        pairs.append(nearest_pairs(v, candidates, points, n, i))
    return pairs


def _drift(
    problem: _Problem,
    pairs: list[ContactPairs],
    placed_points: list[np.ndarray],
    a: torch.Tensor,
    g: torch.Tensor,
) -> float:
    """The largest change (m) of a kept pair's distance at the current pose."""
    with torch.no_grad():
        v = problem.vertices(a, g)[0][0]
        return max(
            (
                float((pair_distances(v, pts, p) - torch.as_tensor(p.distances))[p.touching].abs().max())
                for p, pts in zip(pairs, placed_points, strict=True)
                if p.touching.any()
            ),
            default=0.0,
        )


def _grasps(scene: Scene, surfaces: list[ObjectSurface], hands: dict[str, int]) -> dict[str, Grasp]:
    return {side: find_grasp(scene.objects[i].category, surfaces[i]) for side, i in hands.items()}


def _placement(
    scene: Scene, frames: np.ndarray, surfaces: list[ObjectSurface], hands: dict[str, int], support: int
) -> tuple[np.ndarray, float, float]:
    """Where the body stands (body → world), its cost and farthest reach, from the first and last frames."""
    grasps = _grasps(scene, surfaces, hands)
    reach = {side: [g.world(frames[f, hands[side]])[0] for f in (0, -1)] for side, g in grasps.items()}
    approach = {
        side: (g.kind, [g.world(frames[f, hands[side]])[1] for f in (0, -1)]) for side, g in grasps.items()
    }
    obj = scene.objects[support]
    floor = float(obj.pose[1, 3] - 0.5 * abs(obj.pose[1, :3] @ obj.size))
    return stand(obj.pose, obj.size, floor, reach, approach)


def reach_cost(
    scene: Scene, trajectory: np.ndarray, held: str, steady: str | None = None, support: str | None = None
) -> float:
    """How hard a start scene and trajectory are to carry out: the summed shoulder → grasp distances (m)."""
    h = _object_index(scene, held, "held object")
    sup = _object_index(scene, support, "support") if support else support_of(scene, h)
    hands = {"R": h} | ({"L": _object_index(scene, steady, "steadied object")} if steady else {})
    surfaces = [
        object_surface(o.id, object_mesh(o))
        if i in hands.values()
        else ObjectSurface(o.id, object_mesh(o), np.zeros((1, 3)), np.zeros((1, 3)))
        for i, o in enumerate(scene.objects)
    ]
    return _placement(scene, np.asarray(trajectory), surfaces, hands, sup)[1]


def _frame_loss(
    problem: _Problem,
    pairs: list[ContactPairs],
    placed_points: list[np.ndarray],
    targets: list[PlacedSurface],
    previous: tuple[torch.Tensor, torch.Tensor],
    angles: torch.Tensor,
    grip: torch.Tensor,
    options: MotionOptions,
) -> torch.Tensor:
    """The paper's per-state objective with our prior, penetration and temporal smoothness."""
    v, body_v = problem.vertices(angles, grip)
    contact = sum(
        (
            (pair_distances(v[0], pts, p) - torch.as_tensor(p.distances)).square()
            * torch.as_tensor(np.where(p.touching, 1.0, options.proximity_weight))
        ).sum()
        for p, pts in zip(pairs, placed_points, strict=True)
    )
    smooth = (angles - previous[0]).square().sum() + (grip - previous[1]).square().sum()
    return (
        options.w_contact * contact
        + problem.prior(body_v, angles, options)
        + options.w_penetration * problem.penetration(v[0], targets)
        + options.w_smooth * smooth
    )


def _object_index(scene: Scene, object_id: str, what: str) -> int:
    ids = [o.id for o in scene.objects]
    if object_id not in ids:
        raise OORKitError(f"{what} {object_id!r} is not in the scene (objects: {', '.join(ids)})")
    return ids.index(object_id)


def support_of(scene: Scene, held: int) -> int:
    """The largest object whose top lies below the held object's centre: what the body stands at."""
    centre = scene.objects[held].pose[:3, 3]
    best, area = -1, 0.0
    for i, o in enumerate(scene.objects):
        if i == held:
            continue
        top = o.pose[1, 3] + 0.5 * abs(o.pose[1, :3] @ o.size)
        footprint = o.size[0] * o.size[2]
        if top <= centre[1] + 1e-3 and footprint > area:
            best, area = i, footprint
    if best < 0:
        raise OORKitError(f"nothing in the scene supports {scene.objects[held].id!r}: give --support")
    return best


def synthesize_motion(
    scene: Scene,
    trajectory: np.ndarray,
    held: str,
    base: str,
    context: str,
    steady: str | None = None,
    support: str | None = None,
    options: MotionOptions | None = None,
    progress: Callable[[int, int], None] | None = None,
    start_pose: StartPose | None = None,
) -> MotionResult:
    """Body motion that carries `held` along an object trajectory (S, N, 4, 4) with contact consistency.

    `start_pose` starts the grasp from a given pose instead of the rest pose (grasp_steps=0 keeps it).
    """
    options = options or MotionOptions()
    start = time.perf_counter()
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # one body, small tensors: more threads only add overhead (measured)
    try:
        return _synthesize(
            scene, trajectory, held, base, context, steady, support, options, progress, start, start_pose
        )
    finally:
        torch.set_num_threads(threads)


def _synthesize(
    scene: Scene,
    trajectory: np.ndarray,
    held: str,
    base: str,
    context: str,
    steady: str | None,
    support: str | None,
    options: MotionOptions,
    progress: Callable[[int, int], None] | None,
    start: float,
    start_pose: StartPose | None = None,
) -> MotionResult:
    h = _object_index(scene, held, "held object")
    b = _object_index(scene, base, "base object")
    s_ = _object_index(scene, steady, "steadied object") if steady else None
    sup = _object_index(scene, support, "support") if support else support_of(scene, h)
    if h == b or sup in (h, b) or s_ in (h, sup):
        raise OORKitError("the held object, the base (or steadied object) and the support must differ")
    frames = resample(np.asarray(trajectory, dtype=float), options.frames)
    body = load_body(check_phenotype(dict(options.phenotype)))
    hands = {"R": h} | ({"L": s_} if s_ is not None else {})
    # A held object is touched closely: four times the samples (about 2 mm apart on a teapot's handle).
    surfaces = [
        object_surface(
            o.id, object_mesh(o), options.seed, SURFACE_SAMPLES * (4 if i in hands.values() else 1)
        )
        for i, o in enumerate(scene.objects)
    ]
    world, _, far = _placement(scene, frames, surfaces, hands, sup)
    if far > MAX_REACH:
        raise OORKitError(
            f"{scene.objects[h].id!r} is out of reach along its motion ({far:.2f} m from the shoulder, "
            f"at most {MAX_REACH} m) from every side of {scene.objects[sup].id!r}: move it closer to an edge"
        )
    grasps = _grasps(scene, surfaces, hands)
    problem = _Problem(body, torch.as_tensor(world), surfaces, support_polygon(body), hands)

    angles, grip, shift = grasp_pose(problem, grasps, frames, options, start_pose)
    problem.world = stand_transform(problem.world, shift)
    world = problem.world.numpy()
    with torch.no_grad():
        v0 = problem.vertices(angles, grip)[0][0].numpy()
    involved = sorted({h, b} | ({s_} if s_ is not None else set()))
    pairs = _contacts(problem, v0, frames[0], involved, options.contact_pairs)

    all_vertices, all_angles, all_grips = _track(problem, pairs, frames, angles, grip, options, progress)
    result = MotionResult(
        scene=scene,
        object_ids=[o.id for o in scene.objects],
        object_frames=frames,
        body_vertices=all_vertices.astype(np.float32),
        body_faces=body.faces,
        body_transform=world,
        angles=all_angles,
        grips=all_grips,
        held=held,
        steady=steady,
        context=context,
        phenotype=options.phenotype,
        pairs=pairs,
    )
    result.metrics = motion_metrics(result, body, surfaces, pairs, sup)
    result.metrics["seconds"] = round(time.perf_counter() - start, 2)
    return result


def _track(
    problem: _Problem,
    pairs: list[ContactPairs],
    frames: np.ndarray,
    angles: torch.Tensor,
    grip: torch.Tensor,
    options: MotionOptions,
    progress: Callable[[int, int], None] | None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Frame by frame from the grasp: vertices (F, V, 3), joint angles (F, J, 3) and grips (F, 2)."""
    body = problem.body
    with torch.no_grad():
        all_vertices = [problem.vertices(angles, grip)[0][0].numpy()]
    all_angles, all_grips = [angles[0].numpy()], [grip[0].numpy()]
    # One Adam for the whole motion: its moment estimates carry over, so a frame that is already right is
    # not shaken by a fresh optimiser's first steps of size lr in every parameter.
    a = angles.clone().requires_grad_(True)
    g = grip.clone().requires_grad_(True)
    optimiser = torch.optim.Adam([a, g], lr=options.lr)
    velocity = torch.zeros_like(a)
    for f in range(1, len(frames)):
        previous = (a.detach().clone(), g.detach().clone())
        with torch.no_grad():
            a += velocity  # a damped constant-velocity warm start
            project_to_limits(body, a, g)
        targets = problem.place(frames[f])
        placed_points = [targets[p.object_index].points for p in pairs]
        for block in range(options.max_blocks):
            for _ in range(options.frame_steps):
                optimiser.zero_grad()
                _frame_loss(problem, pairs, placed_points, targets, previous, a, g, options).backward()
                optimiser.step()
                project_to_limits(body, a, g)
            # A frame whose contacts still drift, or whose hand sinks in, gets more steps (few frames do).
            if block + 1 == options.max_blocks:
                break
            if _drift(problem, pairs, placed_points, a, g) <= options.tolerance:
                with torch.no_grad():
                    v = problem.vertices(a, g)[0][0]
                if max(max_depth(v, t) for t in targets) <= options.depth_tolerance:
                    break
        velocity = options.momentum * (a.detach() - previous[0])
        with torch.no_grad():
            all_vertices.append(problem.vertices(a, g)[0][0].numpy())
        all_angles.append(a.detach()[0].numpy().copy())
        all_grips.append(g.detach()[0].numpy().copy())
        if progress:
            progress(f, len(frames) - 1)
    return np.stack(all_vertices), np.stack(all_angles), np.stack(all_grips)


def motion_metrics(
    result: MotionResult, body: Body, surfaces: list[ObjectSurface], pairs: list[ContactPairs], support: int
) -> dict[str, Any]:
    """contact_drift_max_m, penetration_max_m, foot_slide_max_m, joint_limit_violations, frames."""
    drift, proximity, drift_by_object = 0.0, 0.0, {}
    result.drift = np.zeros(len(result.object_frames))
    for p in pairs:
        change = np.zeros(len(p.vertices))
        for f in range(len(result.object_frames)):
            pts, _ = placed(surfaces[p.object_index], result.object_frames[f, p.object_index])
            d = np.abs(
                np.linalg.norm(result.body_vertices[f, p.vertices] - pts[p.samples], axis=1) - p.distances
            )
            change = np.maximum(change, d)
            if p.touching.any():
                result.drift[f] = max(result.drift[f], float(d[p.touching].max()))
        touching = float(change[p.touching].max()) if p.touching.any() else 0.0
        near = float(change[~p.touching].max()) if (~p.touching).any() else 0.0
        drift_by_object[result.object_ids[p.object_index]] = round(touching if p.touching.any() else near, 5)
        drift, proximity = max(drift, touching), max(proximity, near)
    penetration, per_object = 0.0, {}
    for i, surface in enumerate(surfaces):
        deepest = max(
            penetration_depth(result.body_vertices[f].astype(float), surface.mesh, result.object_frames[f, i])
            for f in range(len(result.object_frames))
        )
        per_object[result.object_ids[i]] = round(deepest, 5)
        penetration = max(penetration, deepest)
    soles = body.regions["soles"]
    slide = np.linalg.norm(result.body_vertices[:, soles] - result.body_vertices[:1, soles], axis=-1).max()
    lift = np.abs(result.body_vertices[:, soles, 1].min(axis=1) - result.body_transform[1, 3]).max()
    return {
        "frames": len(result.object_frames),
        "contact_drift_max_m": round(drift, 5),
        "contact_drift_by_object_m": drift_by_object,
        "proximity_drift_max_m": round(proximity, 5),
        "penetration_max_m": round(penetration, 5),
        "penetration_by_object_m": per_object,
        "foot_slide_max_m": round(float(slide), 5),
        "feet_off_floor_max_m": round(float(lift), 5),
        "joint_limit_violations": limit_violations(body, result.angles),
        "contact_pairs": {result.object_ids[p.object_index]: int(p.touching.sum()) for p in pairs},
        "proximity_pairs": {result.object_ids[p.object_index]: int((~p.touching).sum()) for p in pairs},
        "support": result.object_ids[support],
    }

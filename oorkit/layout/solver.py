"""The floor-layout solver: staged gradient descent on the mixed pose representation, batched random
restarts keeping the best, then exact verification and a repair loop that reports honestly.

Schedule (per restart, all restarts in one batch): relations alone first, so units settle into the
arrangement the relations describe; then collision (SAT penetration of oriented footprints) and the
room boundary are ramped up geometrically until they dominate. The best restart is checked with exact
polygons (shapely); if anything collides or pokes out, local moves push the offenders apart along the
minimum translation axis and the layout is re-optimised with strong physical terms, until it is feasible
or the repair budget is spent. An infeasible result says so and lists what is wrong.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch

from oorkit.layout.boxes import boundary_loss, chord, penetration, polygon_boundary_loss
from oorkit.layout.penalties import CompiledRelations, compile_relations, evaluate
from oorkit.layout.problem import Problem, compile_problem, compose, decompose, entities, poses_to_numpy
from oorkit.layout.spec import LayoutSpec
from oorkit.layout.verify import Verification, room_polygon, verify

Tensor = torch.Tensor
MARGIN = 0.01  # metres of clearance the optimiser keeps, so exact checks pass with room to spare


@dataclass
class SolveResult:
    """A solved layout: global poses (N, 3) [x, y, rz] of the floor objects, in `ids` order."""

    ids: tuple[str, ...]
    poses: np.ndarray
    feasible: bool
    satisfied: np.ndarray  # (R,) bool per evaluated relation
    errors: np.ndarray  # (R,) worst residual / tolerance per relation
    relations: tuple[Any, ...]
    verification: Verification
    seconds: float
    log: list[str] = field(default_factory=list)

    def report(self) -> dict[str, Any]:
        """JSON-ready summary: feasibility, problems and unsatisfied relations."""
        return {
            "feasible": self.feasible,
            "collisions": [
                {"a": self.ids[i], "b": self.ids[j], "overlap_cm2": round(a * 1e4, 2)}
                for i, j, a in self.verification.pairs
            ],
            "out_of_bounds": [
                {"object": self.ids[i], "outside_cm": round(d * 100, 2)}
                for i, d in self.verification.outside.items()
            ],
            "unsatisfied": [
                {"relation": r.describe(), "error_over_tolerance": round(float(e), 2)}
                for r, e, ok in zip(self.relations, self.errors, self.satisfied, strict=True)
                if not ok
            ],
            "seconds": round(self.seconds, 3),
            "log": self.log,
        }


def _pairs(n: int) -> tuple[Tensor, Tensor]:
    i, j = torch.triu_indices(n, n, 1)
    return i, j


def _free_rotation(problem: Problem, comp: CompiledRelations) -> Tensor:
    """Objects no relation orients: they are nudged to multiples of 90° (tidy rooms, as R3L's aesthetics)."""
    oriented: set[str] = set()
    unit_members = {u.id: u.members for u in problem.spec.units}
    for r in comp.relations:
        if r.type in ("against_wall", "corner", "facing", "align"):
            oriented.update(unit_members.get(r.source, (r.source,)))
            if r.type == "facing" and r.mutual and r.target:
                oriented.update(unit_members.get(r.target, (r.target,)))
    return torch.tensor([i not in oriented for i in problem.ids], dtype=torch.bool)


@dataclass
class _Objective:
    problem: Problem
    comp: CompiledRelations
    pi: Tensor
    pj: Tensor
    free: Tensor
    polygon: Tensor | None = None  # floor outline (P, 2) when the room is not its bounding rectangle

    def boundary(self, poses: Tensor, half: Tensor, margin: float) -> Tensor:
        """Wall term per restart: the rectangle's, or signed distances to the polygon's edges."""
        if self.polygon is not None:
            return polygon_boundary_loss(poses, half, self.polygon, margin)
        return boundary_loss(poses, half, self.problem.room, margin)

    def __call__(self, glob: Tensor, local: Tensor, wc: float, wb: float, ws: float) -> tuple[Tensor, Tensor]:
        poses = compose(self.problem, glob, local)
        ep, eh = entities(self.problem, poses)
        rel_loss, _ = evaluate(self.comp, ep, eh, self.problem.room)
        total = (rel_loss * self.comp.weight).sum(-1)
        half = self.problem.half.expand(poses.shape[0], -1, -1)
        if wc > 0 and self.pi.numel():
            total = total + wc * self.collision(poses, half)
        if wb > 0:
            total = total + wb * self.boundary(poses, half, MARGIN)
        if ws > 0 and self.free.any():
            total = total + ws * chord(4 * poses[:, self.free, 2]).square().sum(-1) / 16
        return total, poses

    def collision(self, poses: Tensor, half: Tensor) -> Tensor:
        """Sum of squared SAT penetrations (plus margin) per restart, over pairs near enough to touch."""
        b, n = poses.shape[:2]
        with torch.no_grad():  # broad phase on circumscribed circles: most pairs are far apart
            reach = half.norm(dim=-1)
            d = (poses[:, self.pi, :2] - poses[:, self.pj, :2]).norm(dim=-1)
            rows, cols = torch.nonzero(d < reach[:, self.pi] + reach[:, self.pj] + 2 * MARGIN, as_tuple=True)
        flat_p, flat_h = poses.reshape(b * n, 3), half.reshape(b * n, 2)
        i, j = rows * n + self.pi[cols], rows * n + self.pj[cols]
        pen = penetration(flat_p[i], flat_h[i], flat_p[j], flat_h[j])
        return poses.new_zeros(b).index_add(0, rows, (pen + MARGIN).clamp(min=0).square())


@dataclass(frozen=True)
class SolverWeights:
    """The solver's schedule and weights (the shipped values): relations first, then physics ramped in."""

    lr: float = 0.05  # Adam's step on the first solve
    repair_lr: float = 0.01  # and on each repair round
    relations_only: float = 0.25  # share of the steps with the relation terms alone
    ramp: float = 0.55  # share of the steps over which the collision and wall weights grow
    physics_start: float = 0.3  # collision and wall weight when the ramp begins
    physics_growth: float = 1000.0  # their growth over the ramp
    repair_physics: float = 300.0  # collision and wall weight in repair rounds
    rotation_snap: float = 0.02  # pull of free rotations towards multiples of 90°
    lr_floor: float = 0.1  # the cosine learning-rate schedule ends at this share of lr
    penetration: float = 0.002  # metres of overlap that count as a collision when ranking restarts
    bad_rank: float = 1000.0  # ranking cost of a collision or an object outside
    unsatisfied_rank: float = 10.0  # ranking cost of an unsatisfied relation


WEIGHTS = SolverWeights()


def _optimise(
    obj: _Objective,
    glob: Tensor,
    local: Tensor,
    steps: int,
    lr: float,
    phases: str,
    w: SolverWeights = WEIGHTS,
) -> tuple[Tensor, Tensor]:
    """Adam on (glob, local); phases 'full' runs relations → ramp → hold, 'repair' holds strong physics."""
    glob = glob.clone().requires_grad_(True)
    local = local.clone().requires_grad_(True)
    opt = torch.optim.Adam([glob, local], lr=lr)
    for step in range(steps):
        t = step / max(steps - 1, 1)
        if phases == "full":
            ramp = min(max((t - w.relations_only) / w.ramp, 0.0), 1.0)
            wc = 0.0 if t < w.relations_only else w.physics_start * w.physics_growth**ramp
            wb = 0.0 if t < w.relations_only else w.physics_start * w.physics_growth**ramp
            ws = 0.0 if t < w.relations_only else w.rotation_snap
        else:
            wc, wb, ws = w.repair_physics, w.repair_physics, w.rotation_snap
        for group in opt.param_groups:
            group["lr"] = lr * (w.lr_floor + (1 - w.lr_floor) * 0.5 * (1 + math.cos(math.pi * t)))
        opt.zero_grad(set_to_none=True)
        loss, _ = obj(glob, local, wc, wb, ws)
        # The zero terms keep a graph when no term touches the params (e.g. no relations, physics off).
        (loss.sum() + 0 * glob.sum() + 0 * local.sum()).backward()
        opt.step()
    return glob.detach(), local.detach()


def _score(obj: _Objective, glob: Tensor, local: Tensor, w: SolverWeights = WEIGHTS) -> tuple[Tensor, Tensor]:
    """Per-restart ranking key (lower is better) and the composed poses."""
    with torch.no_grad():
        poses = compose(obj.problem, glob, local)
        ep, eh = entities(obj.problem, poses)
        rel_loss, err = evaluate(obj.comp, ep, eh, obj.problem.room)
        half = obj.problem.half.expand(poses.shape[0], -1, -1)
        bad = torch.zeros(poses.shape[0])
        if obj.pi.numel():
            pen = penetration(poses[:, obj.pi], half[:, obj.pi], poses[:, obj.pj], half[:, obj.pj])
            bad = bad + (pen > w.penetration).sum(-1)
        bad = bad + (obj.boundary(poses, half, -0.005) > 0).float()
        unsat = (err > 1).sum(-1).float()
        return bad * w.bad_rank + unsat * w.unsatisfied_rank + (rel_loss * obj.comp.weight).sum(-1), poses


def random_init(problem: Problem, base: np.ndarray | None, batch: int, gen: torch.Generator) -> Tensor:
    """(B, N, 3) starting poses: restart 0 is `base` (imagined), the rest perturb or resample it."""
    n = problem.n
    room = torch.tensor(problem.room)
    if base is None:
        base_t = torch.cat([torch.rand(1, n, 2, generator=gen) * room, torch.zeros(1, n, 1)], -1)
    else:
        base_t = torch.as_tensor(base, dtype=torch.float32)[None]
    glob0, local0 = decompose(problem, base_t)
    globs, locals_ = [glob0], [local0]
    for b in range(1, batch):
        g = glob0.clone()
        g_n = g.shape[1]
        if b % 2 == 1:  # perturbed imagination: keeps its structure, explores nearby
            g[..., :2] += 0.4 * torch.randn(1, g_n, 2, generator=gen)
        else:  # fresh sample: anywhere in the room, any cardinal orientation
            g[..., :2] = torch.rand(1, g_n, 2, generator=gen) * room
            g[..., 2] = torch.randint(0, 4, (1, g_n), generator=gen).float() * (math.pi / 2)
        g[..., 2] += 0.05 * torch.randn(1, g_n, generator=gen)
        loc = local0 + 0.02 * torch.randn(local0.shape, generator=gen)
        globs.append(g)
        locals_.append(loc)
    return compose(problem, torch.cat(globs), torch.cat(locals_))


def _local_moves(problem: Problem, poses: np.ndarray, ver: Verification, nrel: np.ndarray) -> np.ndarray:
    """Push colliding pairs apart along the SAT axis and pull out-of-bounds objects back in."""
    poses = poses.copy()
    half = problem.half.double()
    for i, j, _ in ver.pairs:
        pi, pj = torch.tensor(poses[i]), torch.tensor(poses[j])
        axes = []
        for rz in (pi[2], pj[2]):
            c, s = torch.cos(rz), torch.sin(rz)
            axes += [torch.stack([c, s]), torch.stack([-s, c])]
        best, best_axis = math.inf, axes[0]
        d = pj[:2] - pi[:2]
        for a in axes:
            ri = (half[i] * torch.stack([(a @ axes[0]).abs(), (a @ axes[1]).abs()])).sum()
            rj = (half[j] * torch.stack([(a @ axes[2]).abs(), (a @ axes[3]).abs()])).sum()
            overlap = float(ri + rj - (a @ d).abs())
            if overlap < best:
                best, best_axis = overlap, a * (1.0 if float(a @ d) >= 0 else -1.0)
        push = (best + 2 * MARGIN) * best_axis.numpy()
        # The less constrained object moves more: it costs fewer relations.
        wi = nrel[j] / max(nrel[i] + nrel[j], 1)
        poses[i, :2] -= push * (wi if nrel[i] + nrel[j] else 0.5)
        poses[j, :2] += push * ((1 - wi) if nrel[i] + nrel[j] else 0.5)
    return poses


def _clamp_inside(problem: Problem, poses: np.ndarray) -> np.ndarray:
    poses = poses.copy()
    h = problem.half.double().numpy()
    c, s = np.abs(np.cos(poses[:, 2])), np.abs(np.sin(poses[:, 2]))
    sx, sy = h[:, 0] * c + h[:, 1] * s, h[:, 0] * s + h[:, 1] * c
    length, width = problem.room
    poses[:, 0] = np.clip(poses[:, 0], sx + MARGIN, np.maximum(length - sx - MARGIN, sx + MARGIN))
    poses[:, 1] = np.clip(poses[:, 1], sy + MARGIN, np.maximum(width - sy - MARGIN, sy + MARGIN))
    return poses


def solve(
    spec: LayoutSpec,
    seed: int = 0,
    restarts: int = 8,
    steps: int = 500,
    init: np.ndarray | None = None,
    repair_rounds: int = 4,
    progress: bool = False,
) -> SolveResult:
    """Solve a spec's floor layout; `init` (N, 3) seeds restart 0 (e.g. the imagined layout)."""
    start = time.perf_counter()
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # tiny tensors: extra threads only add overhead on a shared CPU
    try:
        return _solve(spec, seed, restarts, steps, init, repair_rounds, progress, start)
    finally:
        torch.set_num_threads(threads)


def _solve(
    spec: LayoutSpec,
    seed: int,
    restarts: int,
    steps: int,
    init: np.ndarray | None,
    repair_rounds: int,
    progress: bool,
    start: float,
) -> SolveResult:
    from tqdm import tqdm

    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed)
    problem = compile_problem(spec)
    comp = compile_relations(problem)
    pi, pj = _pairs(problem.n)
    polygon = torch.tensor(spec.polygon, dtype=torch.float32) if spec.polygon else None
    obj = _Objective(problem, comp, pi, pj, _free_rotation(problem, comp), polygon)
    footprints = np.array([a.footprint for a in spec.floor_assets()])
    room = room_polygon(spec.size, spec.polygon)
    log: list[str] = []
    area = float(footprints.prod(-1).sum())
    if area > room.area:
        log.append(f"footprints cover {area:.2f} m² but the floor is {room.area:.2f} m²: cannot be feasible")

    bar = tqdm(total=1 + repair_rounds, desc="layout", disable=not progress, leave=False)
    poses0 = random_init(problem, init, restarts, gen)
    glob, local = decompose(problem, poses0)
    glob, local = _optimise(obj, glob, local, steps, WEIGHTS.lr, "full")
    bar.update(1)
    if init is not None:
        # The imagined layout competes as it is: when it is already consistent and collision-free,
        # Adam's normalised steps on near-zero gradients would only shake it.
        g0, l0 = decompose(problem, poses0[:1])
        glob, local = torch.cat([glob, g0]), torch.cat([local, l0])
    score, poses = _score(obj, glob, local)
    order = score.argsort().tolist()
    best = poses_to_numpy(poses[order[0]])
    ver = verify(best, footprints, room)
    for b in order[1:]:
        if ver.feasible or score[b] >= WEIGHTS.bad_rank:
            break
        log.append(f"restart {order[0]} failed exact verification; trying restart {b}")
        cand = poses_to_numpy(poses[b])
        cand_ver = verify(cand, footprints, room)
        if cand_ver.feasible:
            best, ver = cand, cand_ver
    nrel = np.zeros(problem.n)
    for r in comp.relations:
        for e in r.endpoints():
            if e in problem.entity and problem.entity[e] < problem.n:
                nrel[problem.entity[e]] += 1
    for rnd in range(repair_rounds):
        if ver.feasible:
            break
        log.append(
            f"repair {rnd + 1}: {len(ver.pairs)} colliding pairs, {len(ver.outside)} objects out of bounds"
        )
        moved = _clamp_inside(problem, _local_moves(problem, best, ver, nrel))
        batch = torch.as_tensor(moved, dtype=torch.float32)[None].repeat(restarts, 1, 1)
        batch[1:, :, :2] += 0.03 * torch.randn(restarts - 1, problem.n, 2, generator=gen)
        glob, local = decompose(problem, batch)
        glob, local = _optimise(obj, glob, local, max(steps // 3, 50), WEIGHTS.repair_lr, "repair")
        score, poses = _score(obj, glob, local)
        for b in score.argsort().tolist():
            cand = poses_to_numpy(poses[b])
            cand_ver = verify(cand, footprints, room)
            if cand_ver.feasible or b == int(score.argmin()):
                best, ver = cand, cand_ver
            if cand_ver.feasible:
                break
        bar.update(1)
    bar.close()
    with torch.no_grad():
        ep, eh = entities(problem, torch.as_tensor(best, dtype=torch.float32)[None])
        _, err = evaluate(comp, ep, eh, problem.room)
    errors = err[0].numpy()
    if not ver.feasible:
        log.append("infeasible: the repair budget is spent and collisions or out-of-bounds objects remain")
    return SolveResult(
        problem.ids,
        best,
        ver.feasible,
        errors <= 1.0,
        errors,
        comp.relations,
        ver,
        time.perf_counter() - start,
        log,
    )

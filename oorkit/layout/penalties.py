"""Differentiable penalties of every relation, batched over restarts and vectorised per relation type.

Each relation yields residuals in natural units — metres for positions, the chord 2·sin(Δ/2) for angles
— whose squares sum to its loss. It is *satisfied* when every position residual is within POS_TOL and
every angle within ANG_TOL; `err` is the largest residual over its tolerance (≤ 1: satisfied).
Semantics follow R3L: directional relations live in the target's frame (its front is +y, its left −x),
`percentile` slides the source along the target's side (0: the −end, 0.5: centred, 1: the +end) and
`clearance` is the edge-to-edge gap; against_wall/corner put the back to the wall, facing the room.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

import torch

from oorkit.layout.boxes import chord, front, rotate, spans, wrap
from oorkit.layout.problem import Problem
from oorkit.layout.spec import Relation

Tensor = torch.Tensor
POS_TOL = 0.05  # metres
ANG_TOL = math.radians(5.0)

WALL_INWARD = {"L": -math.pi / 2, "R": math.pi / 2, "T": math.pi, "B": 0.0}  # back to the wall
WALL_OUTWARD = {w: a + math.pi for w, a in WALL_INWARD.items()}  # front to the wall
_DIRECTION = {"left_of": (0, -1.0), "right_of": (0, 1.0), "in_front_of": (1, 1.0), "behind_of": (1, -1.0)}
_CORNER = {"BL": (-1.0, -1.0), "BR": (1.0, -1.0), "TR": (1.0, 1.0), "TL": (-1.0, 1.0)}


@dataclass(frozen=True)
class Group:
    """Rows of one evaluator: relation index per row and the tensors the evaluator needs."""

    kind: str
    rel: Tensor  # (n,) index into the evaluated relations
    data: dict[str, Tensor]


@dataclass(frozen=True)
class CompiledRelations:
    """Relations evaluated on the floor (all but `on`), grouped for vectorised evaluation."""

    relations: tuple[Relation, ...]
    spec_index: tuple[int, ...]  # position of each evaluated relation in spec.relations
    groups: tuple[Group, ...]
    weight: Tensor  # (R,)


def compile_relations(problem: Problem, relations: tuple[Relation, ...] | None = None) -> CompiledRelations:
    """Group a spec's floor relations by evaluator, resolving ids to entity indices."""
    relations = problem.spec.relations if relations is None else relations
    rows: dict[str, list[dict[str, float]]] = defaultdict(list)
    kept: list[Relation] = []
    where: list[int] = []
    ent = problem.entity
    for i, r in enumerate(relations):
        if r.type == "on" or any(e not in ent for e in r.endpoints()):
            continue  # `on` is resolved by the OOR model; endpoints standing on furniture are not floor
        k = len(kept)
        kept.append(r)
        where.append(i)
        src = ent[r.source] if r.source else -1
        tgt = ent[r.target] if r.target else -1
        if r.type in _DIRECTION:
            axis, side = _DIRECTION[r.type]
            pct = 0.5 if r.percentile is None else r.percentile
            rows["directional"].append(
                dict(rel=k, src=src, tgt=tgt, axis=axis, side=side, clearance=r.clearance, pct=pct)
            )
        elif r.type == "against_wall":
            rows["wall"].append(dict(rel=k, src=src, wall="LRTB".index(r.wall or "B")))
        elif r.type == "corner":
            sx, sy = _CORNER[r.corner or "BL"]
            rows["corner"].append(dict(rel=k, src=src, sx=sx, sy=sy, wall="LRTB".index(r.wall or "B")))
        elif r.type in ("horizontal", "vertical"):
            value = r.x if r.type == "horizontal" else r.y
            rows["position"].append(
                dict(
                    rel=k,
                    src=src,
                    axis=0 if r.type == "horizontal" else 1,
                    value=0.0 if value is None else value,
                    pct=-1.0 if value is not None else float(r.percentile or 0.0),
                )
            )
        elif r.type == "facing":
            if r.mode == "wall" or r.wall:
                rows["facing_wall"].append(dict(rel=k, src=src, wall="LRTB".index(r.wall or "B")))
                continue
            kind = "facing_ortho" if r.mode == "ortho" else "facing_radial"
            rows[kind].append(dict(rel=k, src=src, tgt=tgt))
            if r.mutual:
                rows[kind].append(dict(rel=k, src=tgt, tgt=src))
        elif r.type == "align":
            rows["align"].append(dict(rel=k, src=src, tgt=tgt, angle=math.radians(r.angle)))
        elif r.type == "around":
            rows[f"around:{k}"].append(
                dict(
                    rel=k,
                    tgt=tgt,
                    distance=r.distance,
                    sweep=math.radians(r.sweep),
                    centerline=math.radians(r.centerline),
                )
            )
            for s in r.sources:
                rows[f"around:{k}"].append(dict(rel=k, src=ent[s]))
    groups = []
    for kind, rs in rows.items():
        if kind.startswith("around:"):
            head, srcs = rs[0], [row["src"] for row in rs[1:]]
            data = {key: torch.tensor([float(v)]) for key, v in head.items() if key != "rel"}
            data["srcs"] = torch.tensor(srcs, dtype=torch.long)
            groups.append(Group("around", torch.tensor([head["rel"]], dtype=torch.long), data))
            continue
        keys = [key for key in rs[0] if key != "rel"]
        data = {
            key: torch.tensor([row[key] for row in rs], dtype=torch.long if key in _INDEX else torch.float32)
            for key in keys
        }
        groups.append(Group(kind, torch.tensor([row["rel"] for row in rs], dtype=torch.long), data))
    weight = torch.tensor([r.weight for r in kept], dtype=torch.float32)
    return CompiledRelations(tuple(kept), tuple(where), tuple(groups), weight)


_INDEX = {"src", "tgt", "axis", "wall"}


def evaluate(
    comp: CompiledRelations, pose: Tensor, half: Tensor, room: tuple[float, float]
) -> tuple[Tensor, Tensor]:
    """Per-relation loss and normalised error (B, R) of entity poses (B, E, 3) and half-sizes (B, E, 2)."""
    b, r = pose.shape[0], len(comp.relations)
    loss = pose.new_zeros(b, r)
    err = pose.new_zeros(b, r)
    for g in comp.groups:
        rows_loss, rows_err = _EVALUATORS[g.kind](g.data, pose, half, room)
        idx = g.rel.expand(b, -1)
        loss = loss.scatter_add(1, idx, rows_loss)
        err = err.scatter_reduce(1, idx, rows_err, reduce="amax")
    return loss, err


def _out(pos: list[Tensor], ang: list[Tensor]) -> tuple[Tensor, Tensor]:
    """Loss = sum of squared residuals; err = worst residual over its tolerance."""
    loss = sum(p.square() for p in pos) + sum(a.square() for a in ang)
    errs = [p.abs() / POS_TOL for p in pos] + [
        2 * torch.asin((a.abs() / 2).clamp(max=1.0)) / ANG_TOL for a in ang
    ]
    return torch.as_tensor(loss), torch.stack(errs, -1).amax(-1)


def _directional(
    d: dict[str, Tensor], pose: Tensor, half: Tensor, room: tuple[float, float]
) -> tuple[Tensor, Tensor]:
    ps, pt, hs, ht = pose[:, d["src"]], pose[:, d["tgt"]], half[:, d["src"]], half[:, d["tgt"]]
    # The target's frame is detached: a relation never turns its reference (as in R3L).
    rt = pt[..., 2].detach()
    s = rotate(ps[..., :2] - pt[..., :2], -rt)
    rx, ry = spans((ps[..., 2] - rt).detach(), hs[..., 0], hs[..., 1])
    on_x = d["axis"] == 0
    gap_x = d["side"] * s[..., 0] - ht[..., 0] - rx
    gap_y = d["side"] * s[..., 1] - ht[..., 1] - ry
    align_x = s[..., 1] - (2 * d["pct"] - 1) * (ht[..., 1] - ry)
    align_y = s[..., 0] - (2 * d["pct"] - 1) * (ht[..., 0] - rx)
    gap = torch.where(on_x, gap_x, gap_y) - d["clearance"]
    align = torch.where(on_x, align_x, align_y)
    return _out([gap, align], [])


def _wall_offsets(p: Tensor, h: Tensor, room: tuple[float, float]) -> Tensor:
    """Signed distance of each side's extreme from walls L, R, T, B (B, n, 4); 0 = touching."""
    sx, sy = spans(p[..., 2].detach(), h[..., 0], h[..., 1])
    return torch.stack(
        [p[..., 0] - sx, room[0] - p[..., 0] - sx, room[1] - p[..., 1] - sy, p[..., 1] - sy], -1
    )


def _angle_table(table: dict[str, float], wall: Tensor) -> Tensor:
    return torch.tensor([table[w] for w in "LRTB"])[wall]


def _wall(
    d: dict[str, Tensor], pose: Tensor, half: Tensor, room: tuple[float, float]
) -> tuple[Tensor, Tensor]:
    p, h = pose[:, d["src"]], half[:, d["src"]]
    off = _wall_offsets(p, h, room).gather(-1, d["wall"].expand(p.shape[0], -1)[..., None])[..., 0]
    return _out([off], [chord(p[..., 2] - _angle_table(WALL_INWARD, d["wall"]))])


def _corner(
    d: dict[str, Tensor], pose: Tensor, half: Tensor, room: tuple[float, float]
) -> tuple[Tensor, Tensor]:
    p, h = pose[:, d["src"]], half[:, d["src"]]
    off = _wall_offsets(p, h, room)
    ox = torch.where(d["sx"] < 0, off[..., 0], off[..., 1])
    oy = torch.where(d["sy"] < 0, off[..., 3], off[..., 2])
    return _out([ox, oy], [chord(p[..., 2] - _angle_table(WALL_INWARD, d["wall"]))])


def _position(
    d: dict[str, Tensor], pose: Tensor, half: Tensor, room: tuple[float, float]
) -> tuple[Tensor, Tensor]:
    p, h = pose[:, d["src"]], half[:, d["src"]]
    sx, sy = spans(p[..., 2].detach(), h[..., 0], h[..., 1])
    on_x = d["axis"] == 0
    value = torch.where(on_x, p[..., 0], p[..., 1])
    span = torch.where(on_x, sx, sy)
    extent = torch.where(on_x, torch.tensor(room[0]), torch.tensor(room[1]))
    # percentile p puts the box p of the way between its left-most and right-most feasible centres.
    goal = torch.where(d["pct"] >= 0, span + d["pct"] * (extent - 2 * span), d["value"])
    return _out([value - goal], [])


def _facing_radial(
    d: dict[str, Tensor], pose: Tensor, half: Tensor, room: tuple[float, float]
) -> tuple[Tensor, Tensor]:
    ps, pt = pose[:, d["src"]], pose[:, d["tgt"]]
    # Positions are detached: facing turns the source, it does not move things.
    u = (pt[..., :2] - ps[..., :2]).detach()
    u = u / u.norm(dim=-1, keepdim=True).clamp(min=1e-6)
    diff = front(ps[..., 2]) - u
    cross = u[..., 0] * front(ps[..., 2])[..., 1] - u[..., 1] * front(ps[..., 2])[..., 0]
    # Signed chord: its square is |f − u|², its sign keeps the residual smooth through zero.
    return _out([], [diff.norm(dim=-1).clamp(min=1e-9) * torch.sign(cross + 1e-12)])


def _facing_ortho(
    d: dict[str, Tensor], pose: Tensor, half: Tensor, room: tuple[float, float]
) -> tuple[Tensor, Tensor]:
    ps, pt = pose[:, d["src"]], pose[:, d["tgt"]]
    rt = pt[..., 2].detach()
    s = rotate((ps[..., :2] - pt[..., :2]).detach(), -rt)
    side_x = s[..., 0].abs() > s[..., 1].abs()
    goal = torch.where(
        side_x,
        torch.where(s[..., 0] < 0, -math.pi / 2, math.pi / 2),
        torch.where(s[..., 1] < 0, 0.0, math.pi),
    )
    return _out([], [chord(ps[..., 2] - rt - goal)])


def _facing_wall(
    d: dict[str, Tensor], pose: Tensor, half: Tensor, room: tuple[float, float]
) -> tuple[Tensor, Tensor]:
    p = pose[:, d["src"]]
    return _out([], [chord(p[..., 2] - _angle_table(WALL_OUTWARD, d["wall"]))])


def _align(
    d: dict[str, Tensor], pose: Tensor, half: Tensor, room: tuple[float, float]
) -> tuple[Tensor, Tensor]:
    ps, pt = pose[:, d["src"]], pose[:, d["tgt"]]
    return _out([], [chord(ps[..., 2] - pt[..., 2].detach() - d["angle"])])


def around_slots(target: Tensor, n: int, distance: float, sweep: float, centerline: float) -> Tensor:
    """Evenly spaced slots (B, n, 2) on an arc of `sweep` rad centred on `centerline` (CCW from front)."""
    sweep = min(sweep, 2 * math.pi * (n - 1) / n) if n > 1 else 0.0
    offsets = torch.linspace(-sweep / 2, sweep / 2, n) if n > 1 else torch.zeros(1)
    angles = centerline + offsets + target[:, None, 2]
    return target[:, None, :2] + distance * front(angles)


def _around(
    d: dict[str, Tensor], pose: Tensor, half: Tensor, room: tuple[float, float]
) -> tuple[Tensor, Tensor]:
    pt = pose[:, int(d["tgt"])]
    ps = pose[:, d["srcs"]]
    n = ps.shape[1]
    slots = around_slots(pt.detach(), n, float(d["distance"]), float(d["sweep"]), float(d["centerline"]))
    # Assign sources to slots in angular order around the centreline, so nobody has to cross anybody.
    v = rotate((ps[..., :2] - pt[:, None, :2]).detach(), -pt[:, None, 2].detach().expand(-1, n))
    angle = wrap(torch.atan2(-v[..., 0], v[..., 1]) - float(d["centerline"]))
    order = angle.argsort(dim=1)
    assigned = torch.empty_like(slots).scatter_(1, order[..., None].expand(-1, -1, 2), slots)
    res = ps[..., :2] - assigned
    loss = res.square().sum((-1, -2))
    err = res.norm(dim=-1).amax(-1) / POS_TOL
    return loss[:, None], err[:, None]


_EVALUATORS: dict[
    str, Callable[[dict[str, Tensor], Tensor, Tensor, tuple[float, float]], tuple[Tensor, Tensor]]
]
_EVALUATORS = {
    "directional": _directional,
    "wall": _wall,
    "corner": _corner,
    "position": _position,
    "facing_radial": _facing_radial,
    "facing_ortho": _facing_ortho,
    "facing_wall": _facing_wall,
    "align": _align,
    "around": _around,
}

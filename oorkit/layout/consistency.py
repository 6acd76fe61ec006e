"""The revise half of imagine-and-revise: relations the imagined maps contradict are conflicts, revised
hierarchically to agree with the maps, every revision logged.

The maps are built from the higher-priority relations (walls and corners, then relational placements,
then absolute coordinates; inside units, the first directional relation of a member). Any relation the
maps then violate is in a mutually unsatisfiable set with those that built them, so the lower-priority
one is revised: its free parameters (percentile, clearance, coordinate, angle, facing wall or mode) are
measured on the map, or, for a directional relation whose source sits on another side of its target,
the side is changed. Relations inside a unit are revised as intra-unit revisions, the others as
inter-unit ones. What cannot be revised is logged as unresolved and left to the solver.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import torch

from oorkit.layout.penalties import WALL_OUTWARD, compile_relations, evaluate
from oorkit.layout.problem import compile_problem, entities
from oorkit.layout.spec import DIRECTIONAL, LayoutSpec, Relation, with_relations

_DIR = {"left_of": (0, -1.0), "right_of": (0, 1.0), "in_front_of": (1, 1.0), "behind_of": (1, -1.0)}


def relation_errors(spec: LayoutSpec, poses: np.ndarray) -> tuple[tuple[int, ...], np.ndarray]:
    """(spec index of each evaluated relation, its error over tolerance) for global poses (N, 3)."""
    prob = compile_problem(spec)
    comp = compile_relations(prob)
    with torch.no_grad():
        ep, eh = entities(prob, torch.as_tensor(poses, dtype=torch.float32)[None])
        _, err = evaluate(comp, ep, eh, prob.room)
    return comp.spec_index, err[0].numpy()


def _scope(spec: LayoutSpec, r: Relation) -> str:
    """'intra-unit <id>' when every endpoint is a member of one unit, else 'inter-unit'."""
    unit_of = spec.unit_of()
    owners = {unit_of.get(e, "") for e in r.endpoints()}
    return f"intra-unit {owners.pop()}" if len(owners) == 1 and "" not in owners else "inter-unit"


def _entity_boxes(spec: LayoutSpec, poses: np.ndarray) -> tuple[dict[str, int], np.ndarray, np.ndarray]:
    prob = compile_problem(spec)
    with torch.no_grad():
        ep, eh = entities(prob, torch.as_tensor(poses, dtype=torch.float32)[None])
    return prob.entity, ep[0].double().numpy(), eh[0].double().numpy()


def _spans(rz: float, hw: float, hd: float) -> tuple[float, float]:
    c, s = abs(math.cos(rz)), abs(math.sin(rz))
    return hw * c + hd * s, hw * s + hd * c


def _fit_directional(
    r: Relation, ps: np.ndarray, hs: np.ndarray, pt: np.ndarray, ht: np.ndarray
) -> Relation | None:
    """The directional relation (same side first) whose clearance and percentile the map satisfies."""
    c, s = math.cos(-pt[2]), math.sin(-pt[2])
    d = ps[:2] - pt[:2]
    local = (c * d[0] - s * d[1], s * d[0] + c * d[1])
    span = _spans(ps[2] - pt[2], hs[0], hs[1])
    for kind in (r.type, *(k for k in DIRECTIONAL if k != r.type)):
        axis, side = _DIR[kind]
        gap = side * local[axis] - ht[axis] - span[axis]
        if gap < -0.01:
            continue
        other = 1 - axis
        room = ht[other] - span[other]
        if abs(room) < 1e-6:
            if abs(local[other]) > 0.02:
                continue
            pct = 0.5
        else:
            pct = (local[other] / room + 1) / 2
            if not -0.005 <= pct <= 1.005:
                continue
        return replace(
            r, type=kind, clearance=round(max(gap, 0.0), 3), percentile=round(min(max(pct, 0), 1), 3)
        )
    return None


def _cardinal_wall(rz: float, table: dict[str, float]) -> str | None:
    for wall, angle in table.items():
        if abs(math.remainder(rz - angle, 2 * math.pi)) < math.radians(2):
            return wall
    return None


def fit_relation(
    r: Relation, ids: dict[str, int], pose: np.ndarray, half: np.ndarray, room: tuple[float, float]
) -> Relation | None:
    """`r` with parameters measured on the map (entity poses/half-sizes), or None if it has none to fit."""
    if r.type in ("horizontal", "vertical"):
        axis = 0 if r.type == "horizontal" else 1
        p, h = pose[ids[r.source]], half[ids[r.source]]
        span = _spans(p[2], h[0], h[1])[axis]
        value = float(p[axis])
        if (r.x if axis == 0 else r.y) is not None:
            return replace(r, x=round(value, 3)) if axis == 0 else replace(r, y=round(value, 3))
        free = room[axis] - 2 * span
        pct = 0.5 if free <= 1e-6 else (value - span) / free
        return replace(r, percentile=round(min(max(pct, 0.0), 1.0), 3))
    if r.type in DIRECTIONAL and r.target:
        s, t = ids[r.source], ids[r.target]
        return _fit_directional(r, pose[s], half[s], pose[t], half[t])
    if r.type == "align" and r.target:
        diff = math.degrees(math.remainder(pose[ids[r.source], 2] - pose[ids[r.target], 2], 2 * math.pi))
        return replace(r, angle=round(diff, 2))
    if r.type == "facing" and (r.mode == "wall" or r.wall):
        wall = _cardinal_wall(float(pose[ids[r.source], 2]), WALL_OUTWARD)
        return replace(r, wall=wall) if wall else None
    if r.type == "facing" and r.mode in ("radial", "ortho") and not r.mutual:
        return replace(r, mode="ortho" if r.mode == "radial" else "radial")
    return None


def _change(old: Relation, new: Relation) -> str:
    keys = ("type", "percentile", "clearance", "x", "y", "angle", "wall", "mode", "distance")
    return ", ".join(
        f"{k} {getattr(old, k)} → {getattr(new, k)}" for k in keys if getattr(old, k) != getattr(new, k)
    )


def revise_to_maps(spec: LayoutSpec, poses: np.ndarray, log: list[str]) -> LayoutSpec:
    """Revise the relations the imagined poses (N, 3) violate so they agree with the maps; log each."""
    where, err = relation_errors(spec, poses)
    if not len(err) or err.max() <= 1.0:
        return spec
    ids, pose, half = _entity_boxes(spec, poses)
    relations = list(spec.relations)
    tried: list[tuple[int, Relation, Relation]] = []
    for k, e in zip(where, err, strict=True):
        if e <= 1.0:
            continue
        old = relations[k]
        new = fit_relation(old, ids, pose, half, (spec.size[0], spec.size[1]))
        if new is not None and new != old:
            relations[k] = new
            tried.append((k, old, new))
        else:
            log.append(f"{_scope(spec, old)}: `{old.describe()}` conflicts on the map; no revision found")
    revised = with_relations(spec, relations)
    where2, err2 = relation_errors(revised, poses)
    bad = {k for k, e in zip(where2, err2, strict=True) if e > 1.0}
    for k, old, new in tried:
        if k in bad:  # the measured parameters do not satisfy it either: keep it as written
            relations[k] = old
            log.append(f"{_scope(spec, old)}: `{old.describe()}` conflicts on the map; no revision found")
        else:
            log.append(
                f"{_scope(spec, old)}: `{old.describe()}` conflicted on the map; revised {_change(old, new)}"
            )
    return with_relations(spec, relations)

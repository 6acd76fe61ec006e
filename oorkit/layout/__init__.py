"""Room layouts, R3L-style: specs, imagination (conflict revision), the solver, planner and outputs.

Relations come from a spec file, the offline planner or an LLM (`oorkit.layout.llm`). Objects standing
*on* furniture (asset `on:` or relation `on`) are not floor objects: after the floor is solved they are
placed with the OOR diffusion model (`oorkit.layout.furniture`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from oorkit.layout.imagine import Imagination, imagine
from oorkit.layout.io import load_spec, save_spec
from oorkit.layout.planner import ROOM_TYPES, parse_size, plan_room
from oorkit.layout.r3l import export_pose, import_r3l, r3l_poses
from oorkit.layout.solver import SolveResult, solve
from oorkit.layout.spec import (
    Asset,
    LayoutSpec,
    Relation,
    Unit,
    spec_from_dict,
    spec_to_dict,
)


@dataclass
class Layout:
    """A solved layout: the revised spec, the solver's result and the imagination's revision log."""

    spec: LayoutSpec
    result: SolveResult
    log: list[str]


def solve_layout(
    spec: LayoutSpec,
    seed: int = 0,
    restarts: int = 8,
    steps: int = 500,
    revise: bool = True,
    progress: bool = False,
) -> Layout:
    """Imagine (and, with `revise`, revise conflicting relations), then solve and verify the floor layout.

    The result's `seconds` covers all of it: imagination, solver and verification.
    """
    start = time.perf_counter()
    im = imagine(spec)
    used = im.spec if revise else spec
    imagined = time.perf_counter() - start
    result = solve(used, seed=seed, restarts=restarts, steps=steps, init=im.poses, progress=progress)
    result.seconds += imagined
    return Layout(used, result, im.log if revise else [])


__all__ = [
    "ROOM_TYPES",
    "Asset",
    "Imagination",
    "Layout",
    "LayoutSpec",
    "Relation",
    "SolveResult",
    "Unit",
    "export_pose",
    "imagine",
    "import_r3l",
    "load_spec",
    "parse_size",
    "plan_room",
    "r3l_poses",
    "save_spec",
    "solve",
    "solve_layout",
    "spec_from_dict",
    "spec_to_dict",
]

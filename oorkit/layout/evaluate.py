"""Layout metrics per case: collisions, out of bounds, relation satisfaction (revised and as written)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import torch
from tqdm import tqdm

from oorkit.errors import OORKitError
from oorkit.layout import load_spec, solve_layout
from oorkit.layout.export import metrics, write_outputs
from oorkit.layout.penalties import compile_relations, evaluate
from oorkit.layout.problem import compile_problem, entities


def layout_cases(paths: list[Path]) -> list[Path]:
    """Spec files among `paths` (files, or folders of .json/.yaml/.yml), sorted per folder."""
    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            files += sorted(q for q in p.iterdir() if q.suffix.lower() in (".json", ".yaml", ".yml"))
        elif p.exists():
            files.append(p)
        else:
            raise OORKitError(f"{p}: no such file or folder")
    if not files:
        raise OORKitError("no layout specs found")
    return files


def evaluate_layouts(
    paths: list[Path],
    out: Path,
    seed: int = 0,
    restarts: int = 8,
    steps: int = 500,
    progress: bool = True,
) -> list[dict[str, Any]]:
    """Solve every case and measure it; plans and layouts go to `out/<case>/`."""
    rows = []
    for path in tqdm(layout_cases(paths), desc="layouts", disable=not progress):
        spec = load_spec(path)
        res = solve_layout(spec, seed=seed, restarts=restarts, steps=steps)
        m = metrics(res.result)
        # Satisfaction of the relations as written, before the imagination's revisions.
        prob = compile_problem(spec)
        comp = compile_relations(prob)
        with torch.no_grad():
            ep, eh = entities(prob, torch.as_tensor(res.result.poses, dtype=torch.float32)[None])
            _, err = evaluate(comp, ep, eh, prob.room)
        m["satisfaction_original"] = (
            100.0 * float((err <= 1).float().mean()) if len(comp.relations) else 100.0
        )
        m["revisions"] = len(res.log)
        # R3L fixtures and our specs share names (bedroom_0): keep their outputs apart.
        m["case"] = f"r3l/{path.stem}" if spec.room_type == "r3l" else path.stem
        rows.append(m)
        write_outputs(res.spec, res.result, out / m["case"].replace("/", "_"), res.log, glb=False)
    return rows

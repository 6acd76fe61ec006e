"""Build the procedural OOR dataset: sample every context of the catalogue, augment its prompts, write it.

Each context gets its own seed derived from (seed, context id), so the dataset is identical whatever the
number of worker processes and whichever order they finish in. Each finished context is kept in
`OUT/parts/<id>.json`: an interrupted build run again with the same settings only builds what is missing.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from tqdm import tqdm

from oorkit.data.format import PromptRow, SampleRow, is_held_out_prompt, write_dataset
from oorkit.files import write_json
from oorkit.relations.context import Context


@dataclass
class ContextReport:
    """What building one context produced."""

    context_id: str
    accepted: int
    attempts: int
    rejected: dict[str, int] = field(default_factory=dict)
    prompts: int = 0
    seconds: float = 0.0
    relation: str = ""
    kept: bool = True  # False: too few samples passed the mesh checks, left out of the dataset


def context_seed(seed: int, context_id: str) -> int:
    """A per-context seed independent of processing order."""
    return int(hashlib.sha256(f"{seed}:{context_id}".encode()).hexdigest()[:16], 16)


def build_context(
    context: Context, samples: int, prompts: int, seed: int
) -> tuple[list[SampleRow], list[PromptRow], ContextReport]:
    """Samples and prompts of one context."""
    from oorkit.data.augment import augment_context
    from oorkit.relations.sampler import sample_context

    start = time.perf_counter()
    rng = np.random.default_rng(context_seed(seed, context.id))
    result = sample_context(context, samples, rng)
    rows = [
        SampleRow(
            context.id,
            context.text,
            context.base,
            context.target,
            s.phi,
            s.base_template,
            s.target_template,
            "procedural",
            float(s.quality),
        )
        for s in result.samples
    ]
    prompt_rows = []
    for p in augment_context(context, n=prompts, rng=rng):
        # The canonical text always stays in training; other prompts are held out deterministically.
        held = p.source != "canonical" and is_held_out_prompt(context.id, p.text)
        prompt_rows.append(PromptRow(context.id, p.text, p.base, p.target, p.source, held))
    rejected = dict(Counter(result.rejected))
    report = ContextReport(
        context.id,
        len(rows),
        len(rows) + sum(rejected.values()),
        rejected,
        len(prompt_rows),
        time.perf_counter() - start,
        context.relation,
    )
    return rows, prompt_rows, report


def build_dataset(
    out: str | Path,
    contexts: Sequence[Context],
    samples: int = 120,
    prompts: int = 60,
    seed: int = 0,
    workers: int = 1,
    progress: bool = True,
    min_accept: float = 0.5,
) -> list[ContextReport]:
    """Build and write the dataset of `contexts`; returns per-context reports (also in build_report.json).

    A context with fewer than `min_accept` · samples valid samples is left out (`kept` False): the
    geometry of its categories does not allow the relation often enough to learn it.
    """
    start = time.perf_counter()
    results: dict[str, tuple[list[SampleRow], list[PromptRow], ContextReport]] = {}
    parts = Path(out) / "parts"
    parts.mkdir(parents=True, exist_ok=True)
    settings = {"samples": samples, "prompts": prompts, "seed": seed}
    for c in contexts:
        done = load_part(parts, c, settings)
        if done is not None:
            results[c.id] = done
    todo = [c for c in contexts if c.id not in results]
    bar = tqdm(total=len(contexts), initial=len(results), desc="contexts", unit="ctx", disable=not progress)
    if workers <= 1:
        for c in todo:
            results[c.id] = save_part(parts, c, settings, build_context(c, samples, prompts, seed))
            bar.update()
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = {pool.submit(build_context, c, samples, prompts, seed): c for c in todo}
            for future in as_completed(futures):
                c = futures[future]
                results[c.id] = save_part(parts, c, settings, future.result())
                bar.update()
    bar.close()
    reports = [results[c.id][2] for c in contexts]
    for r in reports:
        r.kept = r.accepted >= max(1, min_accept * samples)
    kept = [c for c, r in zip(contexts, reports, strict=True) if r.kept]
    sample_rows = [r for c in kept for r in results[c.id][0]]
    prompt_rows = [p for c in kept for p in results[c.id][1]]
    seconds = round(time.perf_counter() - start, 1)
    made_by: dict[str, Any] = {
        "command": "oor data build",
        "seed": seed,
        "samples_per_context": samples,
        "prompts_per_context": prompts,
        "seconds": seconds,
    }
    pinned = {c.id: c.split for c in kept if c.split}
    write_dataset(out, sample_rows, prompt_rows, made_by, pinned)
    summary = build_summary(kept, reports, seconds)
    write_json(
        Path(out) / "build_report.json", {"summary": summary, "contexts": [r.__dict__ for r in reports]}
    )
    return reports


Part = tuple[list[SampleRow], list[PromptRow], ContextReport]


def save_part(parts: Path, context: Context, settings: dict[str, Any], part: Part) -> Part:
    """Write one built context to parts/<id>.json (so an interrupted build resumes) and return it."""
    rows, prompt_rows, report = part
    doc = {
        "settings": settings,
        "context": [context.base, context.target, context.relation, context.text],
        "samples": [{**r.__dict__, "phi": np.asarray(r.phi).tolist()} for r in rows],
        "prompts": [p.__dict__ for p in prompt_rows],
        "report": report.__dict__,
    }
    write_json(parts / f"{context.id}.json", doc)
    return part


def load_part(parts: Path, context: Context, settings: dict[str, Any]) -> Part | None:
    """A context built before with the same settings, or None (missing, other settings, other context)."""
    file = parts / f"{context.id}.json"
    if not file.is_file():
        return None
    try:
        doc = json.loads(file.read_text())
        if doc["settings"] != settings or doc["context"] != [
            context.base,
            context.target,
            context.relation,
            context.text,
        ]:
            return None
        rows = [SampleRow(**{**r, "phi": np.asarray(r["phi"], dtype=np.float64)}) for r in doc["samples"]]
        return rows, [PromptRow(**p) for p in doc["prompts"]], ContextReport(**doc["report"])
    except (ValueError, KeyError, TypeError):
        return None  # a part cut short by a crash: build it again


def _generic(reason: str) -> str:
    """A rejection reason without the category names in it ("the cup does not fit on the plate")."""
    reason = re.sub(
        r"\bthe [a-z_]+ does not fit on the [a-z_]+", "the target does not fit on the base", reason
    )
    return re.sub(r"\bthe [a-z_]+ has no", "the base has no", reason)


def build_summary(
    kept: Sequence[Context], reports: Sequence[ContextReport], seconds: float
) -> dict[str, Any]:
    """Contexts kept per primitive, categories covered, rejections per reason, contexts left out."""
    rejections: Counter[str] = Counter()
    for r in reports:
        for reason, count in r.rejected.items():
            rejections[_generic(reason)] += count
    return {
        "contexts_tried": len(reports),
        "contexts": len(kept),
        "categories": len({c.base for c in kept} | {c.target for c in kept}),
        "per_relation": dict(Counter(c.relation for c in kept).most_common()),
        "left_out": dict(Counter(r.relation for r in reports if not r.kept).most_common()),
        "samples": sum(r.accepted for r in reports if r.kept),
        "rejections": dict(rejections.most_common()),
        "seconds": seconds,
    }

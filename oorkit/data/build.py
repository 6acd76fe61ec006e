"""Build the procedural OOR dataset: sample every context of the catalogue, augment its prompts, write it.

Each context gets its own seed derived from (seed, context id), so the dataset is identical whatever the
number of worker processes and whichever order they finish in.
"""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

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
) -> list[ContextReport]:
    """Build and write the dataset of `contexts`; returns per-context reports (also in build_report.json)."""
    start = time.perf_counter()
    results: dict[str, tuple[list[SampleRow], list[PromptRow], ContextReport]] = {}
    bar = tqdm(total=len(contexts), desc="contexts", unit="ctx", disable=not progress)
    if workers <= 1:
        for c in contexts:
            results[c.id] = build_context(c, samples, prompts, seed)
            bar.update()
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = {c.id: pool.submit(build_context, c, samples, prompts, seed) for c in contexts}
            for cid, future in futures.items():
                results[cid] = future.result()
                bar.update()
    bar.close()
    sample_rows = [r for c in contexts for r in results[c.id][0]]
    prompt_rows = [p for c in contexts for p in results[c.id][1]]
    reports = [results[c.id][2] for c in contexts]
    made_by = {
        "command": "oor data build",
        "seed": seed,
        "samples_per_context": samples,
        "prompts_per_context": prompts,
        "seconds": round(time.perf_counter() - start, 1),
    }
    pinned = {c.id: c.split for c in contexts if c.split}
    write_dataset(out, sample_rows, prompt_rows, made_by, pinned)
    write_json(Path(out) / "build_report.json", [r.__dict__ for r in reports])
    return reports

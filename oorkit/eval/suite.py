"""`oor eval all`: every metric on one model, written as one JSON and one Markdown report.

Model-vs-data comparisons (CLIP, VLM, user study) pit the model's samples for the prompts of held-out
(test-split) contexts against samples of the same contexts from the dataset: a method as good as the data
ties. Metrics that need what is not available (a dataset, CLIP weights, a VLM endpoint) are listed as
skipped with the reason, never silently dropped.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from oorkit.data.format import read_info, read_samples
from oorkit.diffusion.pipeline import Condition, OORPipeline
from oorkit.eval.pairwise import pairwise_table
from oorkit.eval.scenes import scenes_table
from oorkit.eval.vlm import SampleSet
from oorkit.files import write_json, write_text


def data_and_model_sets(
    pipeline: OORPipeline, data: str | Path, prompts: int = 8, n: int = 4, seed: int = 0
) -> tuple[list[SampleSet], list[SampleSet]]:
    """(data, model) sample sets for the first `prompts` test-split contexts (else any), n samples each."""
    info = read_info(data)
    table = read_samples(data).to_pydict()
    test = (info.splits.get("test") or sorted(set(table["context_id"])))[:prompts]
    rng = np.random.default_rng(seed)
    data_sets, model_sets = [], []
    for cid in test:
        rows = [i for i, c in enumerate(table["context_id"]) if c == cid]
        if not rows:
            continue
        text, base, target = (table[k][rows[0]] for k in ("context_text", "base", "target"))
        chosen = rng.choice(rows, size=min(n, len(rows)), replace=False)
        phi = np.asarray([table["phi"][i] for i in chosen], dtype=np.float64)
        data_sets.append(SampleSet(Path(data) / cid, text, base, target, phi))
        generated = pipeline.sample([Condition(text, base, target)], n=n, seed=seed)[0]
        model_sets.append(SampleSet(Path("model") / cid, text, base, target, generated))
    return data_sets, model_sets


def run_suite(
    pipeline: OORPipeline,
    out: Path,
    data: Path | None,
    scenes: list[Path],
    layouts: list[Path],
    scene_n: int = 4,
    prompts: int = 8,
    seed: int = 0,
    clip_scorer: Any | None = None,
    judge: Callable[[list[dict[str, Any]]], str] | None = None,
    progress: bool = True,
) -> dict[str, Any]:
    """Run every metric that can run; returns {metric: result or {"skipped": reason}} with timings."""
    from oorkit.eval.clip_score import evaluate_clip
    from oorkit.eval.pairwise import evaluate_pairwise
    from oorkit.eval.scenes import evaluate_scenes
    from oorkit.eval.user_study import build_user_study
    from oorkit.eval.vlm import render_sample, view_grid, vlm_compare
    from oorkit.layout.evaluate import evaluate_layouts

    report: dict[str, Any] = {}
    have_data = data is not None and (data / "samples.parquet").is_file()
    no_data = f"no dataset at {data} (build one with `oor data build --out {data}`)"

    def timed(name: str, fn: Callable[[], Any]) -> None:
        start = time.perf_counter()
        report[name] = fn()
        if isinstance(report[name], dict) and "skipped" not in report[name]:
            report[name]["seconds"] = time.perf_counter() - start

    if have_data:
        assert data is not None
        timed("pairwise", lambda: evaluate_pairwise(pipeline, data, seed=seed, progress=progress))
        sets = data_and_model_sets(pipeline, data, prompts, seed=seed)
        rows = [list(pair) for pair in zip(sets[1], sets[0], strict=True)]  # (model, data) per prompt
    else:
        report["pairwise"] = {"skipped": no_data}
        rows = []
    timed("scenes", lambda: evaluate_scenes(pipeline, scenes, n=scene_n, seed=seed, progress=progress))
    timed(
        "layouts", lambda: {"cases": evaluate_layouts(layouts, out / "layouts", seed=seed, progress=progress)}
    )
    if not rows:
        for name in ("clip", "vlm", "user_study"):
            report[name] = {"skipped": no_data}
        return report
    if clip_scorer is None:
        report["clip"] = {"skipped": "no CLIP weights (pass --clip-weights FILE)"}
    else:
        timed(
            "clip",
            lambda: {
                "model": evaluate_clip([r[0] for r in rows], clip_scorer),
                "data": evaluate_clip([r[1] for r in rows], clip_scorer),
            },
        )
    if judge is None:
        report["vlm"] = {"skipped": "no VLM endpoint (pass --vlm-base-url URL --vlm-model NAME)"}
    else:
        timed("vlm", lambda: vlm_compare(rows, judge, seed=seed))

    def user_study() -> dict[str, Any]:
        questions = [
            (r[0].text, {"model": view_grid(render_sample(r[0])), "data": view_grid(render_sample(r[1]))})
            for r in rows
        ]
        written = build_user_study(questions, out / "user_study", seed=seed)
        return {"questions": len(questions), **{k: str(v) for k, v in written.items()}}

    timed("user_study", user_study)
    return report


def suite_markdown(report: dict[str, Any]) -> str:
    """One Markdown report: a section per metric, or the reason it was skipped."""
    parts = ["# OORKit evaluation", ""]
    for name, result in report.items():
        parts.append(f"## {name.replace('_', ' ')}")
        if "skipped" in result:
            parts += [f"skipped: {result['skipped']}", ""]
            continue
        if name == "pairwise":
            parts.append(pairwise_table(result["summary"]))
        elif name == "scenes":
            parts += scenes_table(result["summary"])
        elif name == "layouts":
            cases = result["cases"]
            parts += [
                "| cases | collision % (mean) | out of bounds % (mean) | satisfied % (mean) |",
                "|---:|---:|---:|---:|",
                f"| {len(cases)} | {np.mean([c['collision_rate'] for c in cases]):.1f} "
                f"| {np.mean([c['out_of_bounds_rate'] for c in cases]):.1f} "
                f"| {np.mean([c['satisfaction'] for c in cases]):.1f} |",
            ]
        elif name == "clip":
            parts += [
                "| samples | CLIP score (cosine) |",
                "|---|---:|",
                f"| model | {result['model']['summary']['mean']:.4f} |",
                f"| data | {result['data']['summary']['mean']:.4f} |",
            ]
        elif name == "vlm":
            s = result["summary"]
            parts.append(f"model vs data: win {s['win']:.1%}, tie {s['tie']:.1%}, loss {s['loss']:.1%}")
        elif name == "user_study":
            parts.append(f"{result['questions']} questions (model vs data): {result['page']}")
        if "seconds" in result:
            parts.append(f"\n{result['seconds']:.0f} s")
        parts.append("")
    return "\n".join(parts)


def write_suite(report: dict[str, Any], out: Path) -> tuple[Path, Path]:
    """Write all.json and all.md under `out`."""
    out.mkdir(parents=True, exist_ok=True)
    write_json(out / "all.json", report, non_finite="null")
    write_text(out / "all.md", suite_markdown(report))
    return out / "all.json", out / "all.md"

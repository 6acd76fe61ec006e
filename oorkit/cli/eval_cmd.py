"""`oor eval …`: quality metrics of the model and the solvers, as JSON and a Markdown table."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from oorkit.cli.options import ApiKeyEnv, BaseUrl, ChatModel
from oorkit.files import write_json, write_text
from oorkit.sampling import PAIR_SAMPLING, SCENE_SAMPLING

app = typer.Typer(help="Evaluate the model and the solvers.", no_args_is_help=True)


@app.command("pairwise")
def pairwise(
    data: Annotated[
        Path, typer.Option(help="Dataset directory (default: the one the model was trained on).")
    ] = Path("out/data"),
    model: Annotated[Path | None, typer.Option(help="Model directory (default: the embedded model).")] = None,
    split: Annotated[
        str, typer.Option(help="test (unseen contexts), prompts (unseen prompts) or both.")
    ] = "both",
    seed: Annotated[int, typer.Option(help="Seed of reference halves and samples.")] = 0,
    max_contexts: Annotated[
        int | None,
        typer.Option("--max-contexts", min=1, help="At most this many contexts per kind (a fixed subset)."),
    ] = None,
    steps: Annotated[int, typer.Option(min=1, help="Heun steps.")] = PAIR_SAMPLING.steps,
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Where to write pairwise.json and pairwise.md.")
    ] = Path("out/eval"),
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    device: Annotated[str, typer.Option(help="cpu or cuda.")] = "cpu",
    precision: Annotated[str, typer.Option(help="fp32, or bf16 matrix products (GPU).")] = "fp32",
    embeddings: Annotated[
        Path | None,
        typer.Option(
            help="Text-embedding cache file (from `oor train --embeddings`); missing texts are added."
        ),
    ] = None,
) -> None:
    """Fréchet distance of generated vs held-out samples per context, divided by the data's noise floor."""
    from oorkit.diffusion.pipeline import OORPipeline
    from oorkit.eval.pairwise import evaluate_pairwise, pairwise_table

    pipeline = OORPipeline.from_pretrained(model, device=device)
    if embeddings is not None:
        pipeline.use_embeddings(embeddings)
    report = evaluate_pairwise(
        pipeline, data, split=split, seed=seed, steps=steps, precision=precision, max_contexts=max_contexts
    )
    if embeddings is not None:
        from oorkit.text import save_embeddings

        save_embeddings(embeddings, pipeline.encoder)  # grows the cache by the held-out prompts
    out.mkdir(parents=True, exist_ok=True)
    write_json(out / "pairwise.json", report, non_finite="null")
    table = pairwise_table(report["summary"])
    write_text(out / "pairwise.md", table + "\n")
    typer.echo(json.dumps(report["summary"], indent=1) if as_json else table)
    typer.echo(f"wrote {out / 'pairwise.json'} and {out / 'pairwise.md'}", err=True)


@app.command("predicates")
def predicates(
    data: Annotated[
        Path, typer.Option(help="Dataset directory (default: the one the model was trained on).")
    ] = Path("out/data"),
    model: Annotated[Path | None, typer.Option(help="Model directory (default: the embedded model).")] = None,
    split: Annotated[
        str, typer.Option(help="test (unseen contexts), prompts (unseen prompts) or both.")
    ] = "both",
    n: Annotated[int, typer.Option("-n", "--n", min=1, help="Samples per prompt.")] = 8,
    prompts: Annotated[int, typer.Option(min=1, help="Prompts per context (at most).")] = 4,
    seed: Annotated[int, typer.Option(help="Seed of the samples.")] = 0,
    max_contexts: Annotated[
        int | None,
        typer.Option("--max-contexts", min=1, help="At most this many contexts per kind (a fixed subset)."),
    ] = None,
    steps: Annotated[int, typer.Option(min=1, help="Heun steps.")] = PAIR_SAMPLING.steps,
    contexts: Annotated[
        Path | None,
        typer.Option(help="Contexts YAML the dataset was built from (default: the bundled catalogue)."),
    ] = None,
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Where to write predicates.json and predicates.md.")
    ] = Path("out/eval"),
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    device: Annotated[str, typer.Option(help="cpu or cuda.")] = "cpu",
    precision: Annotated[str, typer.Option(help="fp32, or bf16 matrix products (GPU).")] = "fp32",
) -> None:
    """Geometric predicates per relation on generated samples: pass rates per relation and overall."""
    from oorkit.data.format import read_info
    from oorkit.errors import OORKitError

    if split not in ("test", "prompts", "both"):
        raise OORKitError(f"--split must be test, prompts or both, got {split!r}")
    read_info(data)  # a missing or foreign dataset fails before the model loads

    from oorkit.diffusion.pipeline import OORPipeline
    from oorkit.eval.predicates import (
        context_index,
        evaluate_predicates,
        ground_truth_rates,
        predicates_table,
    )

    context_index(contexts)  # so does a bad contexts file
    pipeline = OORPipeline.from_pretrained(model, device=device)
    report = evaluate_predicates(
        pipeline,
        data,
        split=split,
        n=n,
        seed=seed,
        steps=steps,
        max_prompts=prompts,
        contexts=contexts,
        precision=precision,
        max_contexts=max_contexts,
    )
    report["ground_truth"] = ground_truth_rates(data, "train", contexts)
    out.mkdir(parents=True, exist_ok=True)
    write_json(out / "predicates.json", report, non_finite="null")
    table = predicates_table(report)
    write_text(out / "predicates.md", table + "\n")
    summary = {
        **report["summary"],
        "ground_truth": {k: report["ground_truth"][k] for k in ("split", "relations", "overall")},
    }
    typer.echo(json.dumps(summary, indent=1) if as_json else table)
    typer.echo(f"wrote {out / 'predicates.json'} and {out / 'predicates.md'}", err=True)


@app.command("scenes")
def scenes(
    paths: Annotated[list[Path], typer.Argument(help="Scene spec files or folders of *.yaml specs.")],
    n: Annotated[int, typer.Option("-n", "--n", min=2, help="Arrangements per spec.")] = 10,
    seed: Annotated[int, typer.Option(help="Seed.")] = 0,
    steps: Annotated[int, typer.Option(min=1, help="Heun steps.")] = SCENE_SAMPLING.steps,
    model: Annotated[Path | None, typer.Option(help="Model directory (default: the embedded model).")] = None,
    rearrange: Annotated[
        bool, typer.Option(help="Also: noise of 10 cm / 20° per object, then `rearrange`.")
    ] = False,
    out: Annotated[Path, typer.Option("--out", "-o", help="Where to write scenes.json.")] = Path("out/eval"),
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Mesh collisions between unrelated objects and inconsistency, with and without guidance."""
    from oorkit.api import load_pipeline
    from oorkit.eval.scenes import evaluate_rearrange, evaluate_scenes, rearrange_table, scenes_table

    pipeline = load_pipeline(model)
    report = evaluate_scenes(pipeline, paths, n=n, seed=seed, steps=steps)
    if rearrange:
        report["rearrange"] = evaluate_rearrange(pipeline, paths, seed=seed)
    out.mkdir(parents=True, exist_ok=True)
    write_json(out / "scenes.json", report, non_finite="null")
    lines = scenes_table(report["summary"])
    if rearrange:
        lines += ["", *rearrange_table(report["rearrange"]["summary"])]
    write_text(out / "scenes.md", "\n".join(lines) + "\n")
    summary = {**report["summary"], **({"rearrange": report["rearrange"]["summary"]} if rearrange else {})}
    typer.echo(json.dumps(summary, indent=1) if as_json else "\n".join(lines))


def _method_names(paths: list[Path], names: str | None) -> list[str]:
    """Method names: --names a,b[,c] or the folder names (made unique by their position)."""
    from oorkit.errors import OORKitError

    given = [n.strip() for n in names.split(",")] if names else [p.resolve().name or str(p) for p in paths]
    if len(given) != len(paths):
        raise OORKitError(f"--names gives {len(given)} names for {len(paths)} sample folders")
    return given if len(set(given)) == len(given) else [f"{i + 1}:{n}" for i, n in enumerate(given)]


def _write_report(out: Path, stem: str, report: dict[str, Any], table: str) -> None:
    out.mkdir(parents=True, exist_ok=True)
    write_json(out / f"{stem}.json", report, non_finite="null")
    write_text(out / f"{stem}.md", table + "\n")
    typer.echo(table)
    typer.echo(f"wrote {out / f'{stem}.json'} and {out / f'{stem}.md'}", err=True)


SetsArg = Annotated[
    list[Path],
    typer.Argument(help="Per method: a folder written by `oor sample`, or a folder of such folders."),
]


@app.command("clip")
def clip(
    sets: SetsArg,
    clip_weights: Annotated[
        Path, typer.Option("--clip-weights", help="Local open_clip checkpoint file or model folder.")
    ],
    clip_model: Annotated[str, typer.Option("--clip-model", help="open_clip model name.")] = "ViT-B-32",
    clip_config: Annotated[
        Path | None, typer.Option("--clip-config", help="Custom open_clip model config JSON.")
    ] = None,
    names: Annotated[str | None, typer.Option(help="Method names, comma-separated.")] = None,
    samples: Annotated[int, typer.Option(min=1, help="Samples scored per prompt (the first N).")] = 1,
    views: Annotated[int, typer.Option(min=1, max=72, help="Rendered views per sample.")] = 10,
    resolution: Annotated[int, typer.Option(min=32, max=2048, help="Pixels per view side.")] = 224,
    device: Annotated[str, typer.Option(help="cpu or cuda.")] = "cpu",
    out: Annotated[Path, typer.Option("--out", "-o", help="Where to write clip.json and clip.md.")] = Path(
        "out/eval"
    ),
) -> None:
    """CLIP score: cosine of the prompt and each rendered view, mean over views (paper: ×100)."""
    from oorkit.eval.clip_score import evaluate_clip, load_clip
    from oorkit.eval.vlm import find_sample_sets

    methods = _method_names(sets, names)
    found = [find_sample_sets(p) for p in sets]
    scorer = load_clip(clip_weights, clip_model, clip_config, device)
    reports = {
        m: evaluate_clip(s, scorer, samples, views, resolution) for m, s in zip(methods, found, strict=True)
    }
    lines = ["| method | prompts | CLIP score (cosine) | ×100 |", "|---|---:|---:|---:|"]
    for m, r in reports.items():
        s = r["summary"]
        lines.append(f"| {m} | {s['prompts']} | {s['mean']:.4f} | {100 * s['mean']:.2f} |")
    settings = {"weights": str(clip_weights), "model": clip_model, "samples": samples, "views": views}
    _write_report(out, "clip", {"methods": reports, "settings": settings}, "\n".join(lines))


@app.command("vlm")
def vlm(
    first: Annotated[Path, typer.Argument(help="Method 1: an `oor sample` folder or a folder of them.")],
    second: Annotated[Path, typer.Argument(help="Method 2, matched to method 1 by prompt text.")],
    base_url: BaseUrl = None,
    model: ChatModel = "gpt-4o",
    api_key_env: ApiKeyEnv = "OPENAI_API_KEY",
    names: Annotated[str | None, typer.Option(help="Method names, comma-separated.")] = None,
    samples: Annotated[int, typer.Option(min=1, help="Questions per prompt (sample i vs sample i).")] = 1,
    views: Annotated[int, typer.Option(min=1, max=72, help="Rendered views per set (paper: 10).")] = 10,
    resolution: Annotated[int, typer.Option(min=32, max=2048, help="Pixels per view side.")] = 256,
    send: Annotated[str, typer.Option(help="grids (2 images) or views (2 × V images).")] = "grids",
    both_orders: Annotated[
        bool, typer.Option(help="Ask A/B and B/A; a disagreement counts as a tie.")
    ] = False,
    seed: Annotated[int, typer.Option(help="Seed of which method is shown as 'Method A'.")] = 0,
    timeout: Annotated[float, typer.Option(help="Seconds per request.")] = 120.0,
    out: Annotated[Path, typer.Option("--out", "-o", help="Where to write vlm.json and vlm.md.")] = Path(
        "out/eval"
    ),
) -> None:
    """VLM score (paper Fig. 15): a VLM picks the set showing the prompt's relation better, ties allowed."""
    from oorkit.data.llm import Endpoint
    from oorkit.errors import OORKitError
    from oorkit.eval.vlm import LAYOUTS, endpoint_judge, find_sample_sets, match_by_prompt, vlm_compare

    if not base_url or not model:
        raise OORKitError("oor eval vlm needs --base-url (and --model)")
    if send not in LAYOUTS:
        raise OORKitError(f"--send must be grids or views, got {send!r}")
    m1, m2 = _method_names([first, second], names)
    rows = match_by_prompt([find_sample_sets(first), find_sample_sets(second)])
    judge = endpoint_judge(Endpoint(base_url, model, api_key_env, timeout=timeout, retries=2))
    report = vlm_compare(rows, judge, samples, views, resolution, send, seed, both_orders)
    s = report["summary"]
    table = "\n".join(
        [
            f"| {m1} vs {m2} | questions | valid | win | tie | loss | VLM score {m1} | VLM score {m2} |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
            f"| {model} | {s['questions']} | {s['valid']} | {s['win']:.1%} | {s['tie']:.1%} "
            f"| {s['loss']:.1%} | {s['score_first']:.2f} | {s['score_second']:.2f} |",
        ]
    )
    report["settings"] = {
        "methods": [m1, m2],
        "base_url": base_url,
        "model": model,
        "send": send,
        "views": views,
        "samples": samples,
        "seed": seed,
        "both_orders": both_orders,
    }
    _write_report(out, "vlm", report, table)


@app.command("user-study")
def user_study(
    sets: SetsArg,
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder of the page, images and key.")] = Path(
        "out/user_study"
    ),
    names: Annotated[str | None, typer.Option(help="Method names, comma-separated.")] = None,
    index: Annotated[int, typer.Option(min=0, help="Which sample of each prompt is shown.")] = 0,
    views: Annotated[int, typer.Option(min=1, max=72, help="Rendered views per set.")] = 10,
    resolution: Annotated[int, typer.Option(min=32, max=2048, help="Pixels per view side.")] = 256,
    seed: Annotated[int, typer.Option(help="Seed of the A/B/C order of each question.")] = 0,
) -> None:
    """User-study page (paper Fig. 13): 2–3 methods per question in a seeded random A/B/C order."""
    from oorkit.errors import OORKitError
    from oorkit.eval.user_study import build_user_study
    from oorkit.eval.vlm import find_sample_sets, match_by_prompt, render_sample, view_grid

    if not 2 <= len(sets) <= 3:
        raise OORKitError(f"a user study compares 2 or 3 methods, got {len(sets)} sample folders")
    methods = _method_names(sets, names)
    rows = match_by_prompt([find_sample_sets(p) for p in sets])
    questions = [
        (
            row[0].text,
            {
                m: view_grid(render_sample(s, index, views, resolution))
                for m, s in zip(methods, row, strict=True)
            },
        )
        for row in rows
    ]
    written = build_user_study(questions, out, seed=seed)
    typer.echo(
        f"wrote {written['page']} ({len(questions)} questions), {written['key']}, {written['template']}"
    )


@app.command("user-study-summary")
def user_study_summary(
    answers: Annotated[list[Path], typer.Argument(help="Answer CSVs downloaded from the study page.")],
    key: Annotated[Path, typer.Option(help="key.json written next to the page.")],
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Where to write user_study.json and user_study.md.")
    ] = Path("out/eval"),
) -> None:
    """Preference rate of each method from collected answers and the study's key."""
    from oorkit.eval.user_study import summarize_user_study

    report = summarize_user_study(answers, key)
    lines = ["| method | preferred | votes |", "|---|---:|---:|"]
    lines += [f"| {m} | {r:.1%} | {report['votes'][m]} |" for m, r in report["preference"].items()]
    lines.append(
        f"\n{report['answers']} answers from {report['participants']} participants, "
        f"{report['skipped']} skipped"
    )
    _write_report(out, "user_study", report, "\n".join(lines))


@app.command("fd")
def fd(
    first: Annotated[Path, typer.Argument(help="Method 1: an `oor sample` folder or a folder of them.")],
    second: Annotated[Path, typer.Argument(help="Method 2 (or reference samples), matched by prompt.")],
    features: Annotated[
        str, typer.Option(help="learned (128-D encoder space) or fixed (18 numbers).")
    ] = "learned",
    out: Annotated[Path, typer.Option("--out", "-o", help="Where to write fd.json and fd.md.")] = Path(
        "out/eval"
    ),
) -> None:
    """Fréchet distance between the samples of two folders, per prompt (paper Appendix D)."""
    import numpy as np

    from oorkit.eval.fd import frechet_distance
    from oorkit.eval.learned_fd import pairwise_feature_fn
    from oorkit.eval.vlm import find_sample_sets, match_by_prompt

    rows = match_by_prompt([find_sample_sets(first), find_sample_sets(second)])
    reference = np.concatenate([r[1].phi for r in rows])
    feat = pairwise_feature_fn(features, reference)
    results: list[dict[str, Any]] = [
        {"prompt": a.text, "n": [len(a.phi), len(b.phi)], "fd": frechet_distance(feat(a.phi), feat(b.phi))}
        for a, b in rows
    ]
    lines = [f"| prompt | n | FD ({features}) |", "|---|---:|---:|"]
    lines += [f"| {r['prompt']} | {r['n'][0]}/{r['n'][1]} | {r['fd']:.4f} |" for r in results]
    _write_report(out, "fd", {"features": features, "prompts": results}, "\n".join(lines))


@app.command("all")
def eval_all(
    data: Annotated[
        Path, typer.Option(help="Dataset directory (pairwise FD; held-out contexts for the A/B metrics).")
    ] = Path("out/data"),
    model: Annotated[Path | None, typer.Option(help="Model directory (default: the embedded model).")] = None,
    scenes: Annotated[Path, typer.Option(help="Folder of scene specs.")] = Path("examples/scenes"),
    layouts: Annotated[
        list[Path] | None, typer.Option(help="Layout specs or folders (default: R3L fixtures + examples).")
    ] = None,
    n: Annotated[int, typer.Option("-n", "--n", min=2, help="Arrangements per scene spec.")] = 4,
    prompts: Annotated[int, typer.Option(min=1, help="Held-out contexts in the model-vs-data metrics.")] = 8,
    seed: Annotated[int, typer.Option(help="Seed.")] = 0,
    clip_weights: Annotated[
        Path | None, typer.Option("--clip-weights", help="Local open_clip checkpoint (else CLIP is skipped).")
    ] = None,
    clip_model: Annotated[str, typer.Option("--clip-model", help="open_clip model name.")] = "ViT-B-32",
    vlm_base_url: Annotated[
        str | None, typer.Option("--vlm-base-url", help="OpenAI-compatible API root (else VLM is skipped).")
    ] = None,
    vlm_model: Annotated[str, typer.Option("--vlm-model", help="VLM chat model name.")] = "gpt-4o",
    out: Annotated[Path, typer.Option("--out", "-o", help="Where to write all.json and all.md.")] = Path(
        "out/eval_all"
    ),
) -> None:
    """Every metric on one model: pairwise FD (fixed + learned), scenes, layouts, CLIP, VLM, user study."""
    from oorkit.api import load_pipeline
    from oorkit.errors import OORKitError
    from oorkit.eval.suite import run_suite, write_suite

    layout_paths = layouts or [
        p for p in (Path("tests/fixtures/r3l"), Path("examples/layouts")) if p.exists()
    ]
    if not layout_paths:
        raise OORKitError("no layout specs: pass --layouts FILE_OR_FOLDER")
    if not scenes.exists():
        raise OORKitError(f"{scenes}: no such folder of scene specs (pass --scenes)")
    scorer = None
    if clip_weights is not None:
        from oorkit.eval.clip_score import load_clip

        scorer = load_clip(clip_weights, clip_model, None, "cpu")
    judge = None
    if vlm_base_url is not None:
        from oorkit.data.llm import Endpoint
        from oorkit.eval.vlm import endpoint_judge

        judge = endpoint_judge(Endpoint(vlm_base_url, vlm_model, timeout=120.0, retries=2))
    pipeline = load_pipeline(model)
    report = run_suite(
        pipeline, out, data, [scenes], layout_paths, n, prompts, seed, clip_scorer=scorer, judge=judge
    )
    json_path, md_path = write_suite(report, out)
    typer.echo(md_path.read_text())
    typer.echo(f"wrote {json_path} and {md_path}", err=True)

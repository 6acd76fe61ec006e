"""`oor data …`: build, augment, import, inspect and show OOR datasets."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from oorkit.cli.options import ApiKeyEnv, BaseUrl, ChatModel
from oorkit.errors import OORKitError

app = typer.Typer(help="Build, augment, import and inspect OOR datasets.", no_args_is_help=True)

ContextsFile = Annotated[
    Path | None,
    typer.Option("--contexts", help="Contexts YAML (default: the hand-written and compositional contexts)."),
]


@app.command("build")
def build(
    out: Annotated[Path, typer.Option("--out", "-o", help="Dataset directory to write.")] = Path(
        "out/dataset"
    ),
    samples: Annotated[int, typer.Option(min=1, help="Valid samples per context.")] = 120,
    prompts: Annotated[int, typer.Option(min=1, help="Prompts per context (before substitution).")] = 60,
    seed: Annotated[int, typer.Option(help="Seed; the same seed gives the same dataset.")] = 0,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes.")] = os.cpu_count() or 1,
    contexts: ContextsFile = None,
    only: Annotated[list[str] | None, typer.Option("--only", help="Build only these context ids.")] = None,
) -> None:
    """Build the procedural dataset: sample every context, augment its prompts, write Parquet tables."""
    from oorkit.data.build import build_dataset
    from oorkit.relations.compose import catalogue_contexts

    chosen = catalogue_contexts(contexts)
    if only:
        known = {c.id for c in chosen}
        missing = [c for c in only if c not in known]
        if missing:
            raise OORKitError(f"unknown context id(s): {', '.join(missing)}")
        chosen = [c for c in chosen if c.id in set(only)]
    reports = build_dataset(out, chosen, samples=samples, prompts=prompts, seed=seed, workers=workers)
    short = [r.context_id for r in reports if r.accepted < samples]
    accepted = sum(r.accepted for r in reports)
    attempts = sum(r.attempts for r in reports)
    typer.echo(
        f"wrote {out}: {len(reports)} contexts, {accepted} samples "
        f"({attempts - accepted} rejected of {attempts} tries), {sum(r.prompts for r in reports)} prompts"
    )
    if short:
        typer.echo(
            f"warning: {len(short)} context(s) got fewer than {samples} samples: {', '.join(short[:10])}"
        )


@app.command("stats")
def stats(
    data: Annotated[Path, typer.Argument(help="Dataset directory.")],
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Folder for φ-marginal plots (PNG).")
    ] = None,
    context: Annotated[
        list[str] | None, typer.Option("--context", help="Plot only these context ids.")
    ] = None,
) -> None:
    """Per-context counts and rejection rates; φ marginals per context as PNG plots."""
    from oorkit.data.inspect import dataset_summary, plot_marginals

    rows = dataset_summary(data)
    typer.echo(f"{'context':<36} {'split':<6} {'samples':>7} {'prompts':>7} {'held-out':>8} {'rejected':>8}")
    for r in rows:
        rejected = "-" if r["rejection_rate"] is None else f"{100 * r['rejection_rate']:.0f}%"
        typer.echo(
            f"{r['context_id']:<36} {r['split']:<6} {r['samples']:>7} {r['prompts']:>7} "
            f"{r['held_out_prompts']:>8} {rejected:>8}"
        )
    typer.echo(f"{len(rows)} contexts, {sum(r['samples'] for r in rows)} samples")
    if out is not None:
        paths = plot_marginals(data, out, context)
        typer.echo(f"wrote {len(paths)} plot(s) to {out}")


@app.command("show")
def show(
    context: Annotated[str, typer.Argument(help="Context id (see `oor data stats` or contexts.yaml).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="PNG to write.")] = Path("context.png"),
    n: Annotated[int, typer.Option("-n", min=1, max=12, help="Samples to show (rows).")] = 3,
    views: Annotated[int, typer.Option(min=1, max=12, help="Views per sample (columns).")] = 4,
    seed: Annotated[int, typer.Option(help="Seed of the samples drawn.")] = 0,
    data: Annotated[
        Path | None, typer.Option("--data", help="Draw from this dataset instead of sampling.")
    ] = None,
    resolution: Annotated[int, typer.Option(min=32, max=1024, help="Pixels per view side.")] = 256,
    contexts: ContextsFile = None,
) -> None:
    """Render random samples of a context, one row per sample, to check it looks right."""
    from oorkit.cli.data_show import render_context_samples

    path = render_context_samples(
        context, out, n=n, views=views, seed=seed, data=data, resolution=resolution, contexts_file=contexts
    )
    typer.echo(f"wrote {path}")


@app.command("import-tracks")
def import_tracks(
    tracks: Annotated[Path, typer.Argument(help="Track file (.npz or .csv, see docs).")],
    base: Annotated[str, typer.Option(help="Base category.")],
    target: Annotated[str, typer.Option(help="Target category.")],
    text: Annotated[str, typer.Option(help="Context text, e.g. 'A teapot pouring tea into a teacup'.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Dataset directory to write.")],
    context_id: Annotated[
        str | None, typer.Option(help="Context id (default: from base and target).")
    ] = None,
    base_mesh: Annotated[Path | None, typer.Option(help="Base mesh in its tracked frame.")] = None,
    target_mesh: Annotated[Path | None, typer.Option(help="Target mesh in its tracked frame.")] = None,
    base_size: Annotated[str | None, typer.Option(help="Base bbox 'x,y,z' metres (without a mesh).")] = None,
    target_size: Annotated[
        str | None, typer.Option(help="Target bbox 'x,y,z' metres (without a mesh).")
    ] = None,
    up: Annotated[str, typer.Option(help="Meshes' up axis.")] = "+y",
    front: Annotated[str, typer.Option(help="Meshes' front axis.")] = "+z",
    units: Annotated[str, typer.Option(help="Meshes' units (m, cm, mm).")] = "m",
    keep_middle: Annotated[
        float, typer.Option(min=0.01, max=1.0, help="Keep the middle fraction of frames.")
    ] = 1.0,
    stride: Annotated[int, typer.Option(min=1, help="Keep every n-th frame.")] = 1,
) -> None:
    """Convert recorded world-pose tracks of two objects into OOR samples (Eqs. 5–6)."""
    from oorkit.assets import get_category
    from oorkit.data.format import PromptRow, write_dataset
    from oorkit.data.tracks import TrackedObject, read_tracks, tracks_to_samples

    b, t = get_category(base).name, get_category(target).name
    objects = [
        TrackedObject(cat, str(mesh) if mesh else None, up, front, units, _size(size, f"--{name}-size"))
        for cat, mesh, size, name in (
            (b, base_mesh, base_size, "base"),
            (t, target_mesh, target_size, "target"),
        )
    ]
    base_poses, target_poses = read_tracks(tracks)
    cid = context_id or f"{t}_{b}_imported"
    try:
        rows = tracks_to_samples(
            base_poses, target_poses, objects[0], objects[1], cid, text, keep_middle, stride
        )
    except ValueError as exc:
        raise OORKitError(str(exc)) from None
    write_dataset(
        out,
        rows,
        [PromptRow(cid, text, b, t, "canonical", False)],
        {"command": "oor data import-tracks", "tracks": str(tracks)},
    )
    typer.echo(f"wrote {out}: {len(rows)} samples of {cid!r}")


def _size(text: str | None, option: str) -> tuple[float, float, float] | None:
    if text is None:
        return None
    try:
        values = tuple(float(v) for v in text.split(","))
    except ValueError:
        raise OORKitError(f"{option} must be three numbers 'x,y,z'") from None
    if len(values) != 3 or min(values) <= 0:
        raise OORKitError(f"{option} must be three positive numbers 'x,y,z'")
    return (values[0], values[1], values[2])


@app.command("augment")
def augment(
    data: Annotated[Path, typer.Argument(help="Dataset directory (from `oor data build`).")],
    n: Annotated[int, typer.Option(min=1, max=10_000, help="Prompts to add per context.")] = 50,
    base_url: BaseUrl = None,
    model: ChatModel = None,
    api_key_env: ApiKeyEnv = "OPENAI_API_KEY",
    seed: Annotated[int, typer.Option(help="Seed of the offline augmenter.")] = 0,
    contexts: ContextsFile = None,
) -> None:
    """Add prompts to a dataset's prompts table (deduplicated; held-out flags are deterministic)."""
    import numpy as np
    import pyarrow.parquet as pq

    from oorkit.data.augment import augment_context
    from oorkit.data.format import PromptRow, is_held_out_prompt, prompts_table, read_prompts
    from oorkit.relations.compose import catalogue_contexts

    if (base_url is None) != (model is None):
        raise OORKitError(
            "give both --base-url and --model for the LLM backend, or neither for the offline one"
        )
    table = read_prompts(data).to_pylist()
    ids = {row["context_id"] for row in table}
    chosen = [c for c in catalogue_contexts(contexts) if c.id in ids]
    if not chosen:
        raise OORKitError(f"{data}: none of its contexts is in the contexts catalogue")
    seen = {(row["context_id"], row["prompt"].lower()) for row in table}
    added = 0
    from tqdm import tqdm

    for context in tqdm(chosen, desc="augment", unit="ctx"):
        if base_url is not None and model is not None:
            from oorkit.data.llm import Endpoint, llm_augment

            prompts = llm_augment(context, n, Endpoint(base_url, model, api_key_env))
        else:
            rng = np.random.default_rng([seed, len(context.id), *context.id.encode()])
            prompts = augment_context(context, n=n, rng=rng)
        for p in prompts:
            if (context.id, p.text.lower()) in seen:
                continue
            seen.add((context.id, p.text.lower()))
            held = is_held_out_prompt(context.id, p.text)
            table.append(PromptRow(context.id, p.text, p.base, p.target, p.source, held).__dict__)
            added += 1
    rows = [PromptRow(**row) for row in table]
    pq.write_table(prompts_table(rows), Path(data) / "prompts.parquet")
    typer.echo(f"added {added} prompts to {data} ({len(rows)} in all)")

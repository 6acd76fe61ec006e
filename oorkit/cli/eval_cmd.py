"""`oor eval …`: quality metrics of the model and the solvers, as JSON and a Markdown table."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

app = typer.Typer(help="Evaluate the model and the solvers.", no_args_is_help=True)


def markdown_table(summary: dict[str, Any]) -> str:
    """The per-kind summary of `evaluate_pairwise` as a Markdown table."""
    lines = ["| cases | contexts | median FD ratio | mean | worst |", "|---|---:|---:|---:|---:|"]
    for kind, row in summary.items():
        lines.append(
            f"| {kind.replace('_', ' ')} | {row['contexts']} | {row['median_ratio']:.2f} "
            f"| {row['mean_ratio']:.2f} | {row['worst']:.2f} |"
        )
    return "\n".join(lines)


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
    steps: Annotated[int, typer.Option(min=1, help="Heun steps.")] = 40,
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Where to write pairwise.json and pairwise.md.")
    ] = Path("out/eval"),
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    device: Annotated[str, typer.Option(help="cpu or cuda.")] = "cpu",
) -> None:
    """Fréchet distance of generated vs held-out samples per context, divided by the data's noise floor."""
    from oorkit.api import load_pipeline
    from oorkit.eval.pairwise import evaluate_pairwise

    pipeline = load_pipeline(model, device)
    report = evaluate_pairwise(pipeline, data, split=split, seed=seed, steps=steps)
    out.mkdir(parents=True, exist_ok=True)
    (out / "pairwise.json").write_text(json.dumps(report, indent=1))
    table = markdown_table(report["summary"])
    (out / "pairwise.md").write_text(table + "\n")
    typer.echo(json.dumps(report["summary"], indent=1) if as_json else table)
    typer.echo(f"wrote {out / 'pairwise.json'} and {out / 'pairwise.md'}", err=True)


@app.command("scenes")
def scenes(
    paths: Annotated[list[Path], typer.Argument(help="Scene spec files or folders of *.yaml specs.")],
    n: Annotated[int, typer.Option("-n", "--n", min=2, help="Arrangements per spec.")] = 10,
    seed: Annotated[int, typer.Option(help="Seed.")] = 0,
    steps: Annotated[int, typer.Option(min=1, help="Heun steps.")] = 60,
    model: Annotated[Path | None, typer.Option(help="Model directory (default: the embedded model).")] = None,
    rearrange: Annotated[
        bool, typer.Option(help="Also: noise of 10 cm / 20° per object, then `rearrange`.")
    ] = False,
    out: Annotated[Path, typer.Option("--out", "-o", help="Where to write scenes.json.")] = Path("out/eval"),
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Mesh collisions between unrelated objects and inconsistency, with and without guidance."""
    from oorkit.api import load_pipeline
    from oorkit.eval.scenes import evaluate_rearrange, evaluate_scenes

    pipeline = load_pipeline(model)
    report = evaluate_scenes(pipeline, paths, n=n, seed=seed, steps=steps)
    if rearrange:
        report["rearrange"] = evaluate_rearrange(pipeline, paths, seed=seed)
    out.mkdir(parents=True, exist_ok=True)
    (out / "scenes.json").write_text(json.dumps(report, indent=1))
    g, u = report["summary"]["guided"], report["summary"]["unguided"]
    lines = [
        "| guidance | mesh collisions (share of unrelated pairs) | inconsistency | s per spec |",
        "|---|---:|---:|---:|",
        f"| on | {g['collision_share']:.1%} ({g['colliding_pairs']}/{g['unrelated_pairs']}) "
        f"| {g['mean_inconsistency']:.2e} | {g['mean_seconds_per_spec']:.2f} |",
        f"| off | {u['collision_share']:.1%} ({u['colliding_pairs']}/{u['unrelated_pairs']}) "
        f"| {u['mean_inconsistency']:.2e} | {u['mean_seconds_per_spec']:.2f} |",
    ]
    (out / "scenes.md").write_text("\n".join(lines) + "\n")
    summary = {**report["summary"], **({"rearrange": report["rearrange"]["summary"]} if rearrange else {})}
    typer.echo(json.dumps(summary, indent=1) if as_json else "\n".join(lines))

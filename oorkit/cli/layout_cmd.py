"""`oor layout …` (solve a spec, an R3L file or a planned room) and `oor eval layouts` (the benchmark)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Annotated, Any

import typer

from oorkit.cli.options import ApiKeyEnv, BaseUrl, ChatModel
from oorkit.errors import OORKitError
from oorkit.files import write_json, write_text


def layout(
    spec: Annotated[
        Path | None, typer.Argument(help="Layout spec (YAML/JSON) or an R3L constraint JSON.")
    ] = None,
    room: Annotated[
        str | None,
        typer.Option(
            help="Plan a room type offline: bedroom, living_room, office, "
            "dining_room, kitchen, classroom, library, music_room."
        ),
    ] = None,
    size: Annotated[str, typer.Option(help="Room size LxW in metres for --room, e.g. 5x4.")] = "5x4",
    seed: Annotated[int, typer.Option(help="Seed of the planner and the solver's restarts.")] = 0,
    restarts: Annotated[int, typer.Option(min=1, max=256, help="Random restarts solved in one batch.")] = 8,
    steps: Annotated[int, typer.Option(min=10, max=100_000, help="Optimiser steps.")] = 500,
    no_revise: Annotated[
        bool, typer.Option("--no-revise", help="Keep conflicting relations as written.")
    ] = False,
    no_glb: Annotated[bool, typer.Option("--no-glb", help="Skip the GLB/scene export.")] = False,
    llm: Annotated[
        bool, typer.Option("--llm", help="Let an LLM write the units and relations (R3L's three steps).")
    ] = False,
    base_url: BaseUrl = None,
    model_name: ChatModel = None,
    api_key_env: ApiKeyEnv = "OPENAI_API_KEY",
    prompt: Annotated[str, typer.Option(help="Instruction for --llm, e.g. 'a cosy reading bedroom'.")] = "",
    assets: Annotated[
        str | None,
        typer.Option(help="Assets for --llm: categories with counts, e.g. 'bed, nightstand x2, desk'."),
    ] = None,
    oor_model: Annotated[
        Path | None,
        typer.Option(
            "--oor-model", help="OOR model directory for objects on furniture (default: the embedded one)."
        ),
    ] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("out/layout"),
) -> None:
    """Solve a floor layout: layout.json, plan.png, metrics.json, scene.json and room.glb in --out."""
    from oorkit.layout import load_spec, parse_size, plan_room, save_spec, solve_layout
    from oorkit.layout.export import metrics, write_outputs

    if llm:
        layout_spec = _llm_spec(room, size, seed, prompt, assets, base_url, model_name, api_key_env)
    elif (spec is None) == (room is None):
        raise OORKitError("give either a spec file or --room (not both), or --llm")
    else:
        layout_spec = load_spec(spec) if spec is not None else plan_room(room or "", parse_size(size), seed)
    result = solve_layout(
        layout_spec, seed=seed, restarts=restarts, steps=steps, revise=not no_revise, progress=True
    )
    from oorkit.layout.furniture import place_on_furniture

    on = place_on_furniture(result.spec, result.result.ids, result.result.poses, oor_model, seed=seed)
    for p in on:
        typer.echo(
            f"on furniture: {p.id} on {p.on}: {p.status}{' (' + p.note + ')' if p.note else ''}", err=True
        )
    paths = write_outputs(result.spec, result.result, out, result.log, glb=not no_glb, on=on)
    save_spec(result.spec, out / "spec.yaml")
    m = metrics(result.result)
    typer.echo(
        f"{'feasible' if m['feasible'] else 'INFEASIBLE'}: {m['objects']} objects, "
        f"collisions {m['collision_rate']:.1f}%, out of bounds {m['out_of_bounds_rate']:.1f}%, "
        f"relations satisfied {m['satisfaction']:.1f}%, {m['solve_seconds']:.1f} s"
    )
    for line in result.log:
        typer.echo(f"revision: {line}", err=True)
    typer.echo(f"wrote {', '.join(str(p) for p in paths.values())}", err=True)
    if not m["feasible"]:
        raise typer.Exit(1)


def parse_assets(text: str) -> list[dict[str, Any]]:
    """'bed, nightstand x2, desk' → asset dicts with ids bed_0, nightstand_0, nightstand_1, desk_0."""
    out: list[dict[str, Any]] = []
    counts: dict[str, int] = {}
    for item in (t.strip() for t in text.split(",")):
        if not item:
            continue
        match = re.fullmatch(r"(.+?)\s*(?:[x*]\s*(\d+))?", item)
        name = (match.group(1) if match else item).strip().replace(" ", "_")
        for _ in range(int(match.group(2)) if match and match.group(2) else 1):
            k = counts.get(name, 0)
            counts[name] = k + 1
            out.append({"id": f"{name}_{k}", "category": name})
    if not out:
        raise OORKitError(f"--assets lists no assets: {text!r}")
    return out


def _llm_spec(
    room: str | None,
    size: str,
    seed: int,
    prompt: str,
    assets: str | None,
    base_url: str | None,
    model_name: str | None,
    api_key_env: str,
) -> Any:
    from oorkit.data.llm import Endpoint
    from oorkit.layout import parse_size, plan_room, spec_to_dict
    from oorkit.layout.llm import llm_spec

    if not base_url or not model_name:
        raise OORKitError("--llm needs --base-url and --model")
    dims = parse_size(size)
    if assets:
        items = parse_assets(assets)
    elif room:
        items = spec_to_dict(plan_room(room, dims, seed))["assets"]
    else:
        raise OORKitError(
            "--llm needs --assets (e.g. 'bed, nightstand x2') or --room for the planner's assets"
        )
    spec, log = llm_spec(
        prompt or (room or "").replace("_", " "),
        dims,
        items,
        Endpoint(base_url, model_name, api_key_env, timeout=120.0),
    )
    for line in log:
        typer.echo(f"llm: {line}", err=True)
    return spec


def markdown_table(rows: list[dict[str, Any]]) -> str:
    """Per-case metrics as a Markdown table."""
    lines = [
        "| case | objects | relations | collision % | out of bounds % | satisfied % "
        "| satisfied % (as written) "
        "| revisions | solve s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['case']} | {r['objects']} | {r['relations']} | {r['collision_rate']:.1f} "
            f"| {r['out_of_bounds_rate']:.1f} | {r['satisfaction']:.1f} | {r['satisfaction_original']:.1f} "
            f"| {r['revisions']} | {r['solve_seconds']:.1f} |"
        )
    return "\n".join(lines)


def eval_layouts(
    paths: Annotated[list[Path], typer.Argument(help="Spec files or folders (R3L fixtures or our specs).")],
    seed: Annotated[int, typer.Option(help="Seed.")] = 0,
    restarts: Annotated[int, typer.Option(min=1, max=256, help="Random restarts.")] = 8,
    steps: Annotated[int, typer.Option(min=10, max=100_000, help="Optimiser steps.")] = 500,
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Where to write layouts.json/.md and plans.")
    ] = Path("out/eval_layouts"),
    as_json: Annotated[bool, typer.Option("--json", help="Print the rows as JSON.")] = False,
) -> None:
    """Collision / out-of-bounds rates, relation satisfaction and solve time on each layout case."""
    from oorkit.layout.evaluate import evaluate_layouts

    rows = evaluate_layouts(paths, out, seed=seed, restarts=restarts, steps=steps)
    out.mkdir(parents=True, exist_ok=True)
    write_json(out / "layouts.json", rows)
    table = markdown_table(rows)
    write_text(out / "layouts.md", table + "\n")
    typer.echo(json.dumps(rows, indent=1) if as_json else table)
    typer.echo(f"wrote {out / 'layouts.json'} and {out / 'layouts.md'}", err=True)

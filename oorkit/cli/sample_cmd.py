"""`oor sample TEXT`: OOR samples of a context text from the OOR diffusion model, as JSON, GLB and renders."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import numpy as np
import typer
from tqdm import tqdm

from oorkit.errors import OORKitError
from oorkit.files import write_json
from oorkit.sampling import PAIR_SAMPLING, SOLVERS

if TYPE_CHECKING:
    from oorkit.api import PairSamples


def sample(
    text: Annotated[str, typer.Argument(help='Context text, e.g. "A teapot pouring tea into a teacup".')],
    base: Annotated[str | None, typer.Option(help="Base category (default: found in the text).")] = None,
    target: Annotated[str | None, typer.Option(help="Target category (default: found in the text).")] = None,
    n: Annotated[int, typer.Option("-n", "--n", min=1, max=100000, help="Number of samples.")] = 8,
    seed: Annotated[int, typer.Option(help="Seed of the prior draw (same seed, same samples).")] = 0,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output directory.")] = Path("out/sample"),
    model: Annotated[Path | None, typer.Option(help="Model directory (default: the embedded model).")] = None,
    solver: Annotated[
        str, typer.Option(help="ODE solver: heun, euler (fixed steps) or dopri5.")
    ] = PAIR_SAMPLING.solver,
    steps: Annotated[
        int, typer.Option(min=1, max=2000, help="Steps of the fixed-step solvers.")
    ] = PAIR_SAMPLING.steps,
    rank: Annotated[bool, typer.Option(help="Order samples by model likelihood, most likely first.")] = False,
    device: Annotated[str, typer.Option(help="cpu or cuda.")] = "cpu",
    precision: Annotated[
        str, typer.Option(help="fp32, or bf16 matrix products (about 2x faster on GPUs; large batches).")
    ] = "fp32",
    raw_scales: Annotated[
        bool,
        typer.Option(
            "--raw-scales",
            help="Keep the model's sampled aspect ratios instead of the drawn templates' (Eq. 16).",
        ),
    ] = False,
    render: Annotated[int, typer.Option(min=0, help="Render and export GLBs of the first N samples.")] = 8,
    views: Annotated[int, typer.Option(min=1, max=72, help="Views per render grid.")] = 6,
    resolution: Annotated[int, typer.Option(min=32, max=2048, help="Pixels per view side.")] = 256,
) -> None:
    """Sample relative poses and scales of a target w.r.t. a base for a context text."""
    # Imported here so that `oor --help` and the other commands start without loading torch.
    from oorkit.api import load_pipeline, resolve_pair
    from oorkit.api import sample as sample_pairs
    from oorkit.text.nouns import UnknownNounNote

    if solver not in SOLVERS:
        raise OORKitError(f"unknown solver {solver!r}; choose one of {', '.join(SOLVERS)}")
    pipeline = load_pipeline(model, device)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", UnknownNounNote)
        base, target = resolve_pair(text, base, target, pipeline)
    for warning in caught:  # a noun that stands for its nearest category: one line each
        if issubclass(warning.category, UnknownNounNote):
            typer.echo(f"note: {warning.message}", err=True)
        else:
            warnings.showwarning(warning.message, warning.category, warning.filename, warning.lineno)
    if [base, target] not in pipeline.config.known_pairs:
        typer.echo(f"note: the model was not trained on ({base}, {target}); expect weaker samples", err=True)
    typer.echo(f"base: {base}, target: {target}", err=True)
    result = sample_pairs(
        text,
        base,
        target,
        n=n,
        seed=seed,
        model=pipeline,
        solver=solver,
        steps=steps,
        rank=rank,
        precision=precision,
        keep_aspects=not raw_scales,
    )
    out.mkdir(parents=True, exist_ok=True)
    doc = result.to_dict()
    doc["settings"] = {
        "n": n,
        "seed": seed,
        "solver": solver,
        "steps": steps,
        "rank": rank,
        "precision": precision,
        "scales": "raw" if raw_scales else "template aspects (Eq. 16)",
    }
    write_json(out / "samples.json", doc)
    typer.echo(f"wrote {out / 'samples.json'} ({n} samples)")
    if render:
        written = write_pair_outputs(result, out, render, views, resolution)
        typer.echo(f"wrote {len(written)} files (GLB + render grid per sample) to {out}")


def write_pair_outputs(result: PairSamples, out: Path, count: int, views: int, resolution: int) -> list[Path]:
    """GLB with named nodes and a multi-view PNG grid for each of the first `count` samples."""
    from oorkit.render import export_glb, image_grid, render_views, save_png
    from oorkit.scene import scene_meshes
    from oorkit.scene.pairs import pair_scene

    written: list[Path] = []
    for i in tqdm(range(min(count, len(result))), desc="render", unit="sample"):
        scene = pair_scene(result.phi[i], result.base, result.target)
        _, meshes, transforms = scene_meshes(scene)
        names = [f"base_{result.base}", f"target_{result.target}"]
        written.append(export_glb(names, meshes, transforms, out / f"sample_{i:03d}.glb"))
        views_rgb = render_views(meshes, transforms, n_views=views, resolution=(resolution, resolution)).rgb
        grid = image_grid(np.asarray(views_rgb), ncols=min(views, 3))
        written.append(save_png(grid, out / f"sample_{i:03d}.png"))
    return written

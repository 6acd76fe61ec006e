"""`oor lift CONFIG.yaml --out DIR`: lift contexts into a `lifted` OOR dataset (paper Sec. 3.2)."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Annotated

import typer


def lift(
    config_file: Annotated[Path, typer.Argument(help="Lift config (YAML): contexts and stage backends.")],
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Dataset directory (work files in DIR/lift).")
    ] = Path("out/lifted"),
    seed: Annotated[
        int | None, typer.Option(help="Seed (default: the config's; same seed, same dataset).")
    ] = None,
    workers: Annotated[int, typer.Option(min=1, max=512, help="Samples processed in parallel.")] = 1,
    ray_address: Annotated[
        str | None, typer.Option(help="Ray cluster address (default: a local Ray when workers > 1).")
    ] = None,
) -> None:
    """Generate, reconstruct, register and filter OOR samples; resumable (rerun to continue)."""
    from oorkit.lift.config import load_config
    from oorkit.lift.runner import run_lift

    config = load_config(config_file)
    if seed is not None:
        config = dataclasses.replace(config, seed=seed)
    report = run_lift(config, out, workers=workers, ray_address=ray_address)
    reasons = ", ".join(f"{k} {v}" for k, v in sorted(report.rejected.items())) or "none"
    typer.echo(
        f"{report.accepted}/{report.samples} samples accepted into {out} ({report.executor}; "
        f"{report.ran} processed in this run); removed by: {reasons}"
    )

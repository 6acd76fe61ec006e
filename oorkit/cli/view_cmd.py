"""`oor view [PATH]`: a local web viewer (viser) for OOR samples, scene specs, scene files and layouts."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Annotated

import typer

from oorkit.sampling import PAIR_SAMPLING


def view(
    path: Annotated[
        Path | None,
        typer.Argument(
            help="Scene spec (YAML/JSON), scene JSON, or layout.json / `oor layout` output folder."
        ),
    ] = None,
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port (the next free one if taken).")] = 8080,
    host: Annotated[str, typer.Option(help="Address to serve on (local only by default).")] = "127.0.0.1",
    seed: Annotated[int, typer.Option(help="Initial seed of the panel and of scene-spec sampling.")] = 0,
    n: Annotated[int, typer.Option("-n", "--n", min=1, max=256, help="Initial number of samples.")] = 8,
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the GLB / JSON exports.")] = Path(
        "out/view"
    ),
    model: Annotated[Path | None, typer.Option(help="Model directory (default: the embedded model).")] = None,
    steps: Annotated[int, typer.Option(min=1, max=2000, help="Sampler steps (heun).")] = PAIR_SAMPLING.steps,
    device: Annotated[str, typer.Option(help="cpu or cuda.")] = "cpu",
    hdri: Annotated[
        bool, typer.Option(help="Image-based lighting; --no-hdri is faster in browsers without a GPU.")
    ] = True,
) -> None:
    """Open a browser viewer: type a prompt, sample, step through samples, edit scenes, export."""
    from oorkit.viewer._viser import import_viser

    import_viser()  # a one-line install hint, before loading anything heavy
    from oorkit.viewer.app import ViewerApp, ViewerConfig

    config = ViewerConfig(
        path=path,
        host=host,
        port=port,
        out=out,
        seed=seed,
        n=n,
        steps=steps,
        model=model,
        device=device,
        hdri=hdri,
    )
    app = ViewerApp(config)
    typer.echo(f"OORKit viewer: {app.url}  (exports to {out}; Ctrl+C to stop)")
    try:
        while True:
            time.sleep(1.0)
    except KeyboardInterrupt:
        typer.echo("stopped", err=True)
    finally:
        app.stop()
        # A sampling job may still run in a worker thread; torch aborts if the interpreter shuts down
        # under it, so end the process here (exports are written synchronously, nothing is pending).
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)

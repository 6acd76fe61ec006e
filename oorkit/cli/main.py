"""The `oor` command."""

from __future__ import annotations

import os
import sys

import typer

from oorkit.cli import (
    assets_cmd,
    data_cmd,
    demo_cmd,
    edit_cmd,
    eval_cmd,
    layout_cmd,
    lift_cmd,
    render_cmd,
    sample_cmd,
    scene_cmd,
    train_cmd,
    view_cmd,
)
from oorkit.errors import OORKitError

app = typer.Typer(
    name="oor",
    help="OORKit: 3D object-object spatial relationships from text.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(assets_cmd.app, name="assets")
app.add_typer(data_cmd.app, name="data")
app.add_typer(eval_cmd.app, name="eval")
app.command("render")(render_cmd.render)
app.command("demo")(demo_cmd.demo)
app.command("sample")(sample_cmd.sample)
app.command("train")(train_cmd.train)
app.command("scene")(scene_cmd.scene)
app.command("edit")(edit_cmd.edit)
app.command("layout")(layout_cmd.layout)
app.command("lift")(lift_cmd.lift)
app.command("view")(view_cmd.view)
eval_cmd.app.command("layouts")(layout_cmd.eval_layouts)


def main() -> None:
    """Entry point: user mistakes become one-line errors with exit code 2, not tracebacks."""
    try:
        app()
    except OORKitError as exc:
        if os.environ.get("OORKIT_DEBUG"):  # developers: the full traceback of a user-facing error
            raise
        typer.echo(f"error: {exc}", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        sys.exit(130)


if __name__ == "__main__":
    main()

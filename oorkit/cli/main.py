"""The `oor` command."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Annotated

import typer

from oorkit import __version__
from oorkit.cli import (
    assets_cmd,
    data_cmd,
    demo_cmd,
    edit_cmd,
    eval_cmd,
    layout_cmd,
    lift_cmd,
    motion_cmd,
    render_cmd,
    sample_cmd,
    scene_cmd,
    train_cmd,
    view_cmd,
)
from oorkit.cli.options import checked
from oorkit.errors import OORKitError

try:  # typer ≥ 0.20 vendors click and raises its own copies of click's exceptions
    from typer._click import exceptions as click_errors
except ImportError:  # pragma: no cover - older typer on the real click
    from click import exceptions as click_errors  # type: ignore[no-redef]

app = typer.Typer(
    name="oor",
    help="OORKit: 3D object-object spatial relationships from text.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"oorkit {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_print_version, is_eager=True, help="Print the version and exit."),
    ] = False,
    verbose: Annotated[
        bool,
        typer.Option(
            "--verbose", help="Also show third-party progress bars (e.g. loading the text encoder)."
        ),
    ] = False,
) -> None:
    """OORKit: 3D object-object spatial relationships from text."""
    if verbose:
        os.environ["OORKIT_VERBOSE"] = "1"  # read where third-party libraries are loaded


app.add_typer(assets_cmd.app, name="assets")
app.add_typer(data_cmd.app, name="data")
app.add_typer(eval_cmd.app, name="eval")
app.add_typer(edit_cmd.app, name="edit")
app.command("render")(render_cmd.render)
app.command("demo")(demo_cmd.demo)
app.command("sample")(sample_cmd.sample)
app.command("train")(train_cmd.train)
app.command("scene")(scene_cmd.scene)
app.command("layout")(layout_cmd.layout)
app.command("lift")(lift_cmd.lift)
app.command("view")(view_cmd.view)
app.command("motion")(motion_cmd.motion)
eval_cmd.app.command("layouts")(layout_cmd.eval_layouts)


def _check_shared_options(group: typer.Typer) -> None:
    """Every command checks --seed, --device and --out before it starts (oorkit.cli.options)."""
    for info in group.registered_commands:
        if info.callback is not None:
            info.callback = checked(info.callback)
    for sub in group.registered_groups:
        if sub.typer_instance is not None:
            _check_shared_options(sub.typer_instance)


_check_shared_options(app)


def _error(message: str) -> int:
    typer.echo(f"error: {' '.join(message.split())}", err=True)
    return 2


def run(argv: Sequence[str] | None = None) -> int:
    """Run `oor` with these arguments, return the exit code; a user mistake is one `error:` line, code 2."""
    command = typer.main.get_command(app)
    try:
        code = command.main(list(argv) if argv is not None else None, prog_name="oor", standalone_mode=False)
    except click_errors.NoArgsIsHelpError as exc:
        exc.show()  # `oor` or `oor eval` alone: the help, as click does
        return 2
    except click_errors.UsageError as exc:
        where = exc.ctx.command_path if exc.ctx is not None else "oor"
        hint = f" (see '{where} --help')" if exc.ctx is not None else ""
        return _error(f"{where}: {exc.format_message()}{hint}")
    except click_errors.ClickException as exc:
        return _error(exc.format_message())
    except (typer.Abort, KeyboardInterrupt):
        typer.echo("interrupted", err=True)
        return 130
    except OORKitError as exc:
        if os.environ.get("OORKIT_DEBUG"):  # developers: the full traceback of a user-facing error
            raise
        return _error(str(exc))
    except (OSError, MemoryError) as exc:  # the machine said no (disk full, permissions): not a bug of ours
        if os.environ.get("OORKIT_DEBUG"):
            raise
        return _error(f"{type(exc).__name__}: {exc}")
    return code if isinstance(code, int) else 0


def main() -> None:
    """Entry point of the `oor` console script."""
    sys.exit(run())


if __name__ == "__main__":
    main()

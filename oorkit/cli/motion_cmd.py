"""`oor motion [SCENE] --context TEXT`: a body carrying out a two-object context (paper Sec. 5)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer


def _phenotype(text: str) -> tuple[tuple[str, float], ...]:
    """'height=0.8,gender=0.2' → (("gender", 0.2), ("height", 0.8)), checked."""
    from oorkit.errors import OORKitError
    from oorkit.human.body import check_phenotype

    values = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        name, _, value = item.partition("=")
        try:
            values[name.strip()] = float(value)
        except ValueError:
            raise OORKitError(f"--phenotype: {item!r} is not NAME=VALUE with a number") from None
    return check_phenotype(values)


def motion(
    scene_file: Annotated[
        Path | None,
        typer.Argument(help="Start scene JSON; without it, start scenes on a table are sampled."),
    ] = None,
    context: Annotated[str, typer.Option("--context", "-c", help="The context to carry out.")] = "",
    hold: Annotated[
        str | None, typer.Option(help="Object the right hand holds: id or category (default: the target).")
    ] = None,
    base: Annotated[str | None, typer.Option(help="Base object (default: the context's base).")] = None,
    steady: Annotated[
        str | None, typer.Option(help="Object the left hand holds still (default: what a blade cuts).")
    ] = None,
    one_hand: Annotated[bool, typer.Option("--one-hand", help="Never use the left hand.")] = False,
    support: Annotated[
        str, typer.Option(help="Support category for sampled start scenes, or the support's id.")
    ] = "table",
    phenotype: Annotated[
        str,
        typer.Option(help="Body shape, e.g. 'height=0.8,gender=0.2' (values in [0, 1]; 0.5 is average)."),
    ] = "",
    start_pose: Annotated[
        Path | None,
        typer.Option(
            help="Start the grasp from a body pose: a motion.json (first frame) or {joint_angles_rad, grip}."
        ),
    ] = None,
    frames: Annotated[int, typer.Option(min=2, max=600, help="Frames of the motion (24 fps).")] = 60,
    candidates: Annotated[
        int, typer.Option(min=1, max=64, help="Start scenes sampled; the easiest to reach is used.")
    ] = 8,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output directory.")] = Path("out/motion"),
    seed: Annotated[int, typer.Option(help="Seed (start scenes, surface samples).")] = 0,
    resolution: Annotated[int, typer.Option(min=32, max=2048, help="Pixels of the GIF and strip.")] = 320,
    model: Annotated[Path | None, typer.Option(help="Model directory (default: embedded).")] = None,
) -> None:
    """Move the held object along Eq. 13 towards the context, with a body that keeps its contacts.

    Writes scene.json (start), motion.json, motion.glb, motion.gif, motion.png and metrics.json.
    """
    from oorkit.errors import OORKitError

    if not context.strip():
        raise OORKitError("give the context: --context 'A teapot pouring tea into a teacup'")
    from oorkit.api import motion as run_motion
    from oorkit.human import MotionOptions
    from oorkit.human.export import read_start_pose, write_motion

    pose = read_start_pose(start_pose) if start_pose is not None else None

    def progress(done: int, total: int) -> None:
        if done == 1 or done == total or done % 10 == 0:
            print(f"motion: frame {done}/{total}", file=sys.stderr, flush=True)

    result = run_motion(
        context,
        scene=scene_file,
        hold=hold,
        base=base,
        steady=steady,
        one_hand=one_hand,
        support=support if scene_file is None else None,
        options=MotionOptions(frames=frames, seed=seed, phenotype=_phenotype(phenotype)),
        candidates=candidates,
        seed=seed,
        model=model,
        progress=progress,
        start_pose=pose,
    )
    write_motion(result, out, resolution)
    m = result.metrics
    typer.echo(
        f"{m['frames']} frames in {m['seconds']:.0f} s: "
        f"contact drift {100 * m['contact_drift_max_m']:.2f} cm, "
        f"penetration {1000 * m['penetration_max_m']:.1f} mm, "
        f"foot slide {100 * m['foot_slide_max_m']:.1f} cm, "
        f"{m['joint_limit_violations']} joint-limit violations"
    )
    typer.echo(f"wrote motion.glb, motion.json, motion.gif, motion.png, metrics.json and scene.json to {out}")

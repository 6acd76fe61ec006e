"""`oor demo`: the foundation end to end on embedded defaults.

Builds "a teapot pouring tea into a teacup on a table" from two hand-written OOR samples
(table → teacup, teacup → teapot), composes them into world poses, and writes the OOR samples,
the scene JSON, a 10-view render (RGB, depth, masks), a close-up of the pair and a GLB.
The learned model replaces the
hand-written samples once it exists; the composition and outputs stay the same.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import numpy as np
import typer

from oorkit import oor
from oorkit.assets import get_category
from oorkit.geometry import axis_angle_to_matrix, make_transform
from oorkit.scene import Scene, object_from_instance_transform, save_scene, scene_meshes


def demo_samples(seed: int = 0) -> list[oor.OORRecord]:
    """Two OOR samples: a teacup on a table, and a teapot pouring into the teacup (seeded variation)."""
    rng = np.random.default_rng(seed)
    table, cup, pot = (np.asarray(get_category(n).size) for n in ("table", "teacup", "teapot"))

    # Teacup resting on the table top, somewhere on its front half. Base units: the table's longest edge.
    unit = table.max()
    cup_center = np.array([rng.uniform(-0.3, 0.3), (table[1] + cup[1]) / 2, rng.uniform(0.0, 0.25)])
    cup_yaw = axis_angle_to_matrix(np.array([0.0, rng.uniform(-np.pi, np.pi), 0.0]))
    on_table = oor.pack(cup_yaw, cup_center / unit, cup / unit, table / unit)

    # Teapot tilted about its depth axis so the spout (+x) dips, the spout tip just above the cup's rim.
    unit = cup.max()
    tilt = np.deg2rad(rng.uniform(30.0, 45.0))
    rotation = axis_angle_to_matrix(np.array([0.0, 0.0, -tilt]))
    spout_tip = np.array([0.5, 0.2, 0.0]) * pot  # in the teapot's canonical frame, metres
    tip_target = np.array([-0.15 * cup[0], cup[1] / 2 + 0.02, 0.0])  # just inside the rim, above it
    pot_center = tip_target - rotation @ spout_tip
    pouring = oor.pack(rotation, pot_center / unit, pot / unit, cup / cup.max())

    return [
        oor.OORRecord("A teacup on a table", "table", "teacup", on_table, {"source": "hand-written demo"}),
        oor.OORRecord(
            "A teapot pouring tea into a teacup", "teacup", "teapot", pouring, {"source": "hand-written demo"}
        ),
    ]


def demo_scene(samples: list[oor.OORRecord]) -> Scene:
    """Compose the chain table → teacup → teapot into world instance transforms."""
    table = np.asarray(get_category("table").size)
    world = {"table": make_transform(np.eye(3), np.array([0.0, table[1] / 2, 0.0]), table)}
    for record in samples:
        world[record.target] = oor.target_instance_transform(record.phi, world[record.base])
    objects = tuple(object_from_instance_transform(name, name, a) for name, a in world.items())
    return Scene(objects, {"contexts": [r.context for r in samples]})


def demo(
    out: Annotated[Path, typer.Option("--out", "-o", help="Output directory.")] = Path("out/demo"),
    seed: Annotated[int, typer.Option(help="Seed of the sample variation.")] = 0,
    views: Annotated[int, typer.Option(min=1, max=72, help="Views on a circle.")] = 10,
    resolution: Annotated[int, typer.Option(min=32, max=2048, help="Pixels per view side.")] = 384,
) -> None:
    """Compose a teapot pouring into a teacup on a table from OOR samples; render and export it."""
    from oorkit.render import circle_cameras, export_glb, framing_radius, render_views, save_render

    samples = demo_samples(seed)
    scene = demo_scene(samples)
    written = [oor.save_records(samples, out / "oor_samples.json"), save_scene(scene, out / "scene.json")]
    names, meshes, transforms = scene_meshes(scene)
    result = render_views(meshes, transforms, n_views=views, resolution=(resolution, resolution))
    written += list(save_render(result, out, prefix="render").values())
    # The table dwarfs the pair the contexts are about: a second rig frames the teacup and the teapot.
    pair = np.concatenate(
        [m.copy().apply_transform(a).bounds for m, a in zip(meshes[1:], transforms[1:], strict=True)]
    )
    bounds = np.stack([pair.min(0), pair.max(0)])
    cameras = circle_cameras(
        bounds.mean(0), framing_radius(bounds, np.deg2rad(40.0)), views, elevation_deg=25.0
    )
    closeup = render_views(meshes, transforms, resolution=(resolution, resolution), cameras=cameras)
    written += list(save_render(closeup, out, prefix="closeup").values())
    written.append(export_glb(names, meshes, transforms, out / "scene.glb"))
    for path in written:
        typer.echo(f"wrote {path}")

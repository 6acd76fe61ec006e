"""`oor render SCENE.json`: multi-view renders and GLB/USD/PLY export of a scene file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def render(
    scene_file: Annotated[Path, typer.Argument(help="Scene JSON (format oorkit.scene).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output directory.")] = Path("out/render"),
    views: Annotated[int, typer.Option(min=1, max=72, help="Views on a circle around the scene.")] = 10,
    resolution: Annotated[int, typer.Option(min=32, max=2048, help="Pixels per view side.")] = 512,
    elevation: Annotated[
        float, typer.Option(min=-89.0, max=89.0, help="Camera elevation in degrees.")
    ] = 20.0,
    glb: Annotated[bool, typer.Option(help="Also export scene.glb.")] = True,
    usd: Annotated[bool, typer.Option(help="Also export scene.usda (needs oorkit[usd]).")] = False,
    usdz: Annotated[bool, typer.Option(help="Also export scene.usdz (packaged USD, oorkit[usd]).")] = False,
    ply: Annotated[bool, typer.Option(help="Also export a merged world-space scene.ply.")] = False,
    assets: Annotated[
        list[Path] | None, typer.Option("--assets", help="User asset directory (repeatable).")
    ] = None,
) -> None:
    """Render a scene from several views (RGB, depth, instance masks) and export it."""
    from oorkit.assets import load_catalogue
    from oorkit.render import export_glb, export_ply, export_usd, render_views, save_render
    from oorkit.scene import load_scene, scene_meshes

    catalogue = load_catalogue(assets or [])
    scene = load_scene(scene_file, catalogue)
    names, meshes, transforms = scene_meshes(scene, catalogue)
    result = render_views(
        meshes, transforms, n_views=views, resolution=(resolution, resolution), elevation_deg=elevation
    )
    written = list(save_render(result, out, prefix="render").values())
    if glb:
        written.append(export_glb(names, meshes, transforms, out / "scene.glb"))
    if usd:
        written.append(export_usd(names, meshes, transforms, out / "scene.usda"))
    if usdz:
        written.append(export_usd(names, meshes, transforms, out / "scene.usdz"))
    if ply:
        written.append(export_ply(names, meshes, transforms, out / "scene.ply"))
    for path in written:
        typer.echo(f"wrote {path}")

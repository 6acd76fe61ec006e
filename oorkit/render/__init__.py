"""Rendering and export of posed objects: multi-view RGB/depth/masks, PNG grids, GLB/USD/PLY files,
and animated GLB trajectories."""

from oorkit.render.animation import export_animated_glb
from oorkit.render.cameras import circle_cameras, framing_radius, look_at
from oorkit.render.export import export_glb, export_ply, export_usd
from oorkit.render.images import colorize_depth, colorize_instances, image_grid, save_png, save_render
from oorkit.render.renderer import RenderResult, intrinsics_matrix, render_views

__all__ = [
    "RenderResult",
    "circle_cameras",
    "colorize_depth",
    "colorize_instances",
    "export_animated_glb",
    "export_glb",
    "export_ply",
    "export_usd",
    "framing_radius",
    "image_grid",
    "intrinsics_matrix",
    "look_at",
    "render_views",
    "save_png",
    "save_render",
]

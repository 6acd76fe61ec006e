"""Small shared helpers for the office / bedroom procedural templates (rounded boxes, rods, key grids)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

import numpy as np
import trimesh
from shapely.geometry import box as shapely_box

from oorkit.assets.procedural.primitives import Color, assemble, box, colored, extrude

T = TypeVar("T")
Vec = Sequence[float] | np.ndarray


def pt(a: Vec) -> tuple[float, float, float]:
    """A 3-vector (list or array) as a plain float tuple."""
    return (float(a[0]), float(a[1]), float(a[2]))


def v(rng: np.random.Generator | None, x: float, rel: float = 0.15) -> float:
    """Return `x`, or `x` scaled by U(1-rel, 1+rel) when an rng is given."""
    return x if rng is None else float(x * rng.uniform(1.0 - rel, 1.0 + rel))


def pick(rng: np.random.Generator | None, options: Sequence[T], default: int = 0) -> T:
    """Return options[default], or a random option when an rng is given."""
    return options[default] if rng is None else options[int(rng.integers(len(options)))]


def rbox(
    size: Sequence[float],
    center: Sequence[float],
    color: Color,
    radius: float,
    axis: str = "y",
) -> trimesh.Trimesh:
    """Box of extents `size` whose edges parallel to `axis` are rounded by `radius`."""
    sx, sy, sz = size
    if axis == "y":
        a, b, d = sx, sz, sy
    elif axis == "z":
        a, b, d = sx, sy, sz
    else:
        a, b, d = sz, sy, sx
    r = min(radius, 0.49 * min(a, b))
    poly = shapely_box(-a / 2 + r, -b / 2 + r, a / 2 - r, b / 2 - r).buffer(r, quad_segs=5)
    return extrude(list(poly.exterior.coords)[:-1], d, center, color, axis)


def soft(
    size: Sequence[float],
    center: Sequence[float],
    color: Color,
    p: float = 0.3,
    subdivisions: int = 3,
) -> trimesh.Trimesh:
    """Cushion-like superellipsoid filling the box `size` (smaller `p` is boxier)."""
    mesh = trimesh.creation.icosphere(subdivisions=subdivisions)
    verts = np.sign(mesh.vertices) * np.abs(mesh.vertices) ** p
    mesh.vertices = verts * (np.asarray(size, dtype=float) / 2.0) + np.asarray(center, dtype=float)
    return colored(mesh, color)


def rod(p0: Vec, p1: Vec, radius: float, color: Color, sections: int = 16) -> trimesh.Trimesh:
    """Cylinder of `radius` from point p0 to point p1."""
    seg = np.asarray([p0, p1], dtype=float)
    return colored(trimesh.creation.cylinder(radius=radius, segment=seg, sections=sections), color)


def aim(mesh: trimesh.Trimesh, src: Vec, dst: Vec) -> trimesh.Trimesh:
    """Rotate `mesh` about the origin so direction `src` points along `dst`."""
    mesh.apply_transform(trimesh.geometry.align_vectors(np.asarray(src, float), np.asarray(dst, float)))
    return mesh


def shade_inside(
    mesh: trimesh.Trimesh, color: Color, axis_xz: Sequence[float] = (0.0, 0.0)
) -> trimesh.Trimesh:
    """Paint the faces of a revolved vessel that face its axis (its inner wall and floor) `color`."""
    c = mesh.triangles_center
    radial = c[:, [0, 2]] - np.asarray(axis_xz, dtype=float)
    n = mesh.face_normals
    inner = (np.einsum("ij,ij->i", radial, n[:, [0, 2]]) < -1e-9) | (n[:, 1] > 0.5)
    # Only floor faces below the rim count as inside; the rim top stays the outer colour.
    top = c[:, 1] > c[:, 1].max() - 1e-6
    inner &= ~top
    visual = mesh.visual
    assert isinstance(visual, trimesh.visual.ColorVisuals)
    fc = np.array(visual.face_colors)
    fc[inner] = np.asarray(color, dtype=np.uint8)
    visual.face_colors = fc
    return mesh


def key_rows(
    rows: Sequence[Sequence[float]],
    pitch: float,
    origin: Sequence[float],
    key_height: float,
    color: Color,
    gap: float = 0.15,
) -> list[trimesh.Trimesh]:
    """Keycaps from rows of widths in key units (negative = empty gap); row 0 at origin z, rows go +z."""
    x0, y0, z0 = origin
    keys: list[trimesh.Trimesh] = []
    for i, row in enumerate(rows):
        x = x0
        z = z0 + i * pitch
        for w in row:
            if w > 0:
                size = (w * pitch - gap * pitch, key_height, pitch * (1.0 - gap))
                keys.append(box(size, (x + w * pitch / 2, y0 + key_height / 2, z), color))
            x += abs(w) * pitch
    return keys


def flatten_below(mesh: trimesh.Trimesh, y0: float) -> trimesh.Trimesh:
    """Clamp vertices below height y0 up to y0, giving a flat bottom."""
    verts = np.array(mesh.vertices)
    verts[:, 1] = np.maximum(verts[:, 1], y0)
    mesh.vertices = verts
    return mesh


def settle(parts: Sequence[trimesh.Trimesh]) -> trimesh.Trimesh:
    """Assemble `parts` and lift the result so its lowest point rests on y = 0."""
    mesh = assemble(parts)
    mesh.apply_translation([0.0, -float(mesh.bounds[0, 1]), 0.0])
    return mesh

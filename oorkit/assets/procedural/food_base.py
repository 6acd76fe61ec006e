"""Small shared helpers for the food and tool templates (food.py, food_tools.py)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import trimesh
from scipy.spatial.transform import Rotation
from shapely import affinity
from shapely.geometry import Polygon

from oorkit.assets.procedural.primitives import Color, colored, sphere


def vary(rng: np.random.Generator | None, x: float, rel: float = 0.15) -> float:
    """Return `x` when `rng` is None, else `x` scaled by a uniform factor in [1 - rel, 1 + rel]."""
    if rng is None:
        return x
    return float(x * rng.uniform(1.0 - rel, 1.0 + rel))


def rotate(
    mesh: trimesh.Trimesh, euler_deg: Sequence[float], about: Sequence[float] = (0, 0, 0)
) -> trimesh.Trimesh:
    """Rotate `mesh` in place by xyz Euler angles (degrees) about the point `about`; returns it."""
    m = np.eye(4)
    m[:3, :3] = Rotation.from_euler("xyz", euler_deg, degrees=True).as_matrix()
    p = np.asarray(about, dtype=float)
    mesh.apply_translation(-p)
    mesh.apply_transform(m)
    mesh.apply_translation(p)
    return mesh


def ellipsoid(
    radii: Sequence[float],
    center: Sequence[float],
    color: Color,
    rotation: Sequence[float] | None = None,
    subdivisions: int = 2,
) -> trimesh.Trimesh:
    """Ellipsoid with semi-axes `radii`, optionally rotated (xyz Euler degrees) about its centre."""
    mesh = sphere(1.0, (0, 0, 0), color, scale=radii, subdivisions=subdivisions)
    if rotation is not None:
        rotate(mesh, rotation)
    mesh.apply_translation(np.asarray(center, dtype=float))
    return mesh


def sweep(
    path: np.ndarray,
    radii: np.ndarray | float,
    color: Color,
    sides: int = 16,
    flat: float = 1.0,
) -> trimesh.Trimesh:
    """Closed tube along a 3-D polyline with per-point radius; `flat` < 1 squashes the section along +y."""
    path = np.asarray(path, dtype=float)
    n = len(path)
    rad = np.broadcast_to(np.asarray(radii, dtype=float), (n,))
    tangents = np.gradient(path, axis=0)
    tangents /= np.linalg.norm(tangents, axis=1, keepdims=True)
    verts = []
    # Section axes: `up` is the component of +y normal to the tangent (or +z when the path runs along y).
    for p, t, r in zip(path, tangents, rad, strict=True):
        ref = np.array([0.0, 1.0, 0.0]) if abs(t[1]) < 0.9 else np.array([0.0, 0.0, 1.0])
        up = ref - t * np.dot(ref, t)
        up /= np.linalg.norm(up)
        side = np.cross(t, up)
        a = np.linspace(0, 2 * np.pi, sides, endpoint=False)
        ring = p + r * (np.cos(a)[:, None] * side + flat * np.sin(a)[:, None] * up)
        verts.append(ring)
    v = np.concatenate([*verts, path[:1], path[-1:]], axis=0)
    faces = []
    for i in range(n - 1):
        for j in range(sides):
            j2 = (j + 1) % sides
            a0, a1, b0, b1 = i * sides + j, i * sides + j2, (i + 1) * sides + j, (i + 1) * sides + j2
            faces += [[a0, b0, b1], [a0, b1, a1]]
    c0, c1 = n * sides, n * sides + 1
    last = (n - 1) * sides
    for j in range(sides):
        j2 = (j + 1) % sides
        faces += [[c0, j2, j], [c1, last + j, last + j2]]
    mesh = trimesh.Trimesh(v, np.asarray(faces), process=True)
    mesh.fix_normals()
    return colored(mesh, color)


def extrude_xz(shape: Polygon, y0: float, y1: float, color: Color) -> trimesh.Trimesh:
    """Prism from a shapely polygon drawn in the (x, z) plane (holes allowed), spanning y0..y1."""
    flipped = affinity.scale(shape, xfact=1.0, yfact=-1.0, origin=(0, 0))
    mesh = trimesh.creation.extrude_polygon(flipped, height=y1 - y0)
    m = np.eye(4)
    m[:3, :3] = Rotation.from_euler("x", -90, degrees=True).as_matrix()  # (x, -z) → (x, z); z → y
    mesh.apply_transform(m)
    mesh.apply_translation([0.0, y0, 0.0])
    return colored(mesh, color)


def superellipsoid(
    half: Sequence[float], exps: Sequence[float], color: Color, subdivisions: int = 4
) -> trimesh.Trimesh:
    """Rounded box: a unit sphere pushed toward a box by per-axis exponents (< 1 is boxier), centred at 0."""
    mesh = trimesh.creation.icosphere(subdivisions=subdivisions, radius=1.0)
    v = np.asarray(mesh.vertices)
    v = np.sign(v) * np.abs(v) ** np.asarray(exps, dtype=float) * np.asarray(half, dtype=float)
    mesh = trimesh.Trimesh(v, mesh.faces, process=False)
    return colored(mesh, color)

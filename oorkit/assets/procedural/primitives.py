"""Coloured building blocks for procedural template meshes.

Every generator builds its object from these parts in metres, in the canonical frame
(+y up, front facing +z), then `assemble` merges the parts into one coloured mesh.
Canonicalisation (centring, longest edge 1) happens later in `oorkit.assets.canonical`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import trimesh
from scipy.spatial.transform import Rotation

Color = Sequence[int]

# A small named palette so generators read like descriptions ("WOOD", "STEEL").
WOOD = (150, 105, 65, 255)
DARK_WOOD = (95, 62, 38, 255)
LIGHT_WOOD = (205, 170, 120, 255)
STEEL = (185, 188, 192, 255)
DARK_METAL = (70, 72, 78, 255)
BLACK = (30, 30, 32, 255)
WHITE = (240, 240, 236, 255)
CERAMIC = (232, 228, 218, 255)
GLASS = (190, 220, 235, 255)
RED = (200, 40, 35, 255)
GREEN = (60, 150, 60, 255)
DARK_GREEN = (35, 95, 40, 255)
YELLOW = (235, 200, 40, 255)
ORANGE = (240, 140, 30, 255)
BLUE = (50, 90, 180, 255)
BROWN = (120, 80, 45, 255)
FABRIC = (110, 120, 140, 255)
BEIGE = (215, 200, 170, 255)
PLASTIC_GREY = (120, 124, 130, 255)


def colored(mesh: trimesh.Trimesh, color: Color) -> trimesh.Trimesh:
    """Return `mesh` with every face painted `color` (RGBA 0-255)."""
    mesh.visual = trimesh.visual.ColorVisuals(
        mesh, face_colors=np.tile(np.asarray(color, dtype=np.uint8), (len(mesh.faces), 1))
    )
    return mesh


def _placed(
    mesh: trimesh.Trimesh, center: Sequence[float], rotation: Sequence[float] | None
) -> trimesh.Trimesh:
    if rotation is not None:
        m = np.eye(4)
        m[:3, :3] = Rotation.from_euler("xyz", rotation, degrees=True).as_matrix()
        mesh.apply_transform(m)
    mesh.apply_translation(np.asarray(center, dtype=float))
    return mesh


def box(
    size: Sequence[float],
    center: Sequence[float] = (0, 0, 0),
    color: Color = WHITE,
    rotation: Sequence[float] | None = None,
) -> trimesh.Trimesh:
    """Axis-aligned box of extents `size` (x, y, z) centred at `center`, optional xyz Euler (degrees)."""
    return colored(_placed(trimesh.creation.box(extents=size), center, rotation), color)


def cylinder(
    radius: float,
    height: float,
    center: Sequence[float] = (0, 0, 0),
    color: Color = WHITE,
    axis: str = "y",
    sections: int = 32,
    rotation: Sequence[float] | None = None,
) -> trimesh.Trimesh:
    """Cylinder along `axis` ('x', 'y' or 'z') centred at `center`."""
    mesh = trimesh.creation.cylinder(radius=radius, height=height, sections=sections)
    mesh.apply_transform(_axis_from_z(axis))
    return colored(_placed(mesh, center, rotation), color)


def cone(
    radius: float,
    height: float,
    center: Sequence[float] = (0, 0, 0),
    color: Color = WHITE,
    axis: str = "y",
    sections: int = 32,
    rotation: Sequence[float] | None = None,
) -> trimesh.Trimesh:
    """Cone along `axis`, base at center - height/2 and apex at center + height/2."""
    mesh = trimesh.creation.cone(radius=radius, height=height, sections=sections)
    mesh.apply_translation([0, 0, -height / 2])
    mesh.apply_transform(_axis_from_z(axis))
    return colored(_placed(mesh, center, rotation), color)


def sphere(
    radius: float,
    center: Sequence[float] = (0, 0, 0),
    color: Color = WHITE,
    scale: Sequence[float] = (1, 1, 1),
    subdivisions: int = 3,
) -> trimesh.Trimesh:
    """Sphere (or ellipsoid with per-axis `scale`) centred at `center`."""
    mesh = trimesh.creation.icosphere(subdivisions=subdivisions, radius=radius)
    mesh.apply_scale(np.asarray(scale, dtype=float))
    return colored(_placed(mesh, center, None), color)


def capsule(
    radius: float,
    length: float,
    center: Sequence[float] = (0, 0, 0),
    color: Color = WHITE,
    axis: str = "y",
    rotation: Sequence[float] | None = None,
) -> trimesh.Trimesh:
    """Capsule whose cylindrical part has `length`, along `axis`."""
    mesh = trimesh.creation.capsule(height=length, radius=radius, count=[24, 24])
    mesh.apply_transform(_axis_from_z(axis))
    return colored(_placed(mesh, center, rotation), color)


def torus(
    major_radius: float,
    minor_radius: float,
    center: Sequence[float] = (0, 0, 0),
    color: Color = WHITE,
    axis: str = "y",
    rotation: Sequence[float] | None = None,
    arc: float = 2 * np.pi,
) -> trimesh.Trimesh:
    """Torus (or a partial ring when `arc` < 2π, useful for handles) around `axis`."""
    mesh = _torus(major_radius, minor_radius, arc)
    mesh.apply_transform(_axis_from_z(axis))
    return colored(_placed(mesh, center, rotation), color)


def revolve(
    profile: Sequence[Sequence[float]],
    center: Sequence[float] = (0, 0, 0),
    color: Color = WHITE,
    sections: int = 48,
) -> trimesh.Trimesh:
    """Solid of revolution about +y from a (radius, height) profile listed bottom to top.

    A profile that starts and ends on the axis (radius 0) is closed; a cup-like profile that
    goes out, up, and back in on the inside gives a vessel with wall thickness.
    """
    mesh = trimesh.creation.revolve(np.asarray(profile, dtype=float), sections=sections)
    # trimesh revolves around +z; our up axis is +y.
    mesh.apply_transform(_axis_from_z("y"))
    return colored(_placed(mesh, center, None), color)


def extrude(
    polygon: Sequence[Sequence[float]],
    depth: float,
    center: Sequence[float] = (0, 0, 0),
    color: Color = WHITE,
    axis: str = "z",
    rotation: Sequence[float] | None = None,
) -> trimesh.Trimesh:
    """Prism from a 2-D polygon (x, y) extruded by `depth` along `axis`, centred on its depth."""
    from shapely.geometry import Polygon  # trimesh's own dependency for extrusion

    mesh = trimesh.creation.extrude_polygon(Polygon(np.asarray(polygon, dtype=float)), height=depth)
    mesh.apply_translation([0, 0, -depth / 2])
    if axis != "z":
        # Keep the polygon's y as world y where possible (e.g. axis "x": polygon drawn in the z-y plane).
        mesh.apply_transform(_axis_from_z(axis))
    return colored(_placed(mesh, center, rotation), color)


def assemble(parts: Sequence[trimesh.Trimesh]) -> trimesh.Trimesh:
    """Merge coloured parts into one mesh, keeping per-face colours."""
    mesh = trimesh.util.concatenate(list(parts))
    if not isinstance(mesh, trimesh.Trimesh) or len(mesh.faces) == 0:
        raise ValueError("a procedural mesh needs at least one non-empty part")
    return mesh


def _axis_from_z(axis: str) -> np.ndarray:
    """Rotation taking +z onto the named axis (homogeneous 4x4)."""
    m = np.eye(4)
    if axis == "z":
        return m
    if axis == "y":
        m[:3, :3] = Rotation.from_euler("x", -90, degrees=True).as_matrix()
        return m
    if axis == "x":
        m[:3, :3] = Rotation.from_euler("y", 90, degrees=True).as_matrix()
        return m
    raise ValueError(f"axis must be 'x', 'y' or 'z', got {axis!r}")


def _torus(major: float, minor: float, arc: float, n_major: int = 48, n_minor: int = 16) -> trimesh.Trimesh:
    closed = arc >= 2 * np.pi - 1e-9
    n_u = n_major if closed else n_major + 1
    u = np.linspace(0, arc, n_u, endpoint=not closed)
    v = np.linspace(0, 2 * np.pi, n_minor, endpoint=False)
    uu, vv = np.meshgrid(u, v, indexing="ij")
    x = (major + minor * np.cos(vv)) * np.cos(uu)
    y = (major + minor * np.cos(vv)) * np.sin(uu)
    z = minor * np.sin(vv)
    verts = np.stack([x, y, z], axis=-1).reshape(-1, 3)
    faces = []
    n_rows = n_u if closed else n_u - 1
    for i in range(n_rows):
        i2 = (i + 1) % n_u
        for j in range(n_minor):
            j2 = (j + 1) % n_minor
            a, b, c, d = i * n_minor + j, i2 * n_minor + j, i2 * n_minor + j2, i * n_minor + j2
            faces += [[a, b, c], [a, c, d]]
    mesh = trimesh.Trimesh(verts, np.asarray(faces), process=True)
    if not closed:
        # Cap the open tube ends so the handle renders solid from every side.
        caps = [
            trimesh.creation.icosphere(subdivisions=1, radius=minor).apply_translation(
                [major * np.cos(a), major * np.sin(a), 0.0]
            )
            for a in (0.0, arc)
        ]
        capped = trimesh.util.concatenate([mesh, *caps])
        assert isinstance(capped, trimesh.Trimesh)
        return capped
    return mesh

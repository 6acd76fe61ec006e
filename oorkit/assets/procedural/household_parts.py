"""Shared private-ish helpers for the household procedural templates (rounded cushions, slabs, lofts)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import trimesh
from scipy.spatial.transform import Rotation
from shapely.geometry import Polygon

from oorkit.assets.procedural.primitives import FABRIC, WHITE, Color, colored

# Extra household colours.
CREAM = (245, 236, 212, 255)
TERRACOTTA = (190, 95, 60, 255)
SOIL = (70, 48, 32, 255)
GOLD = (200, 160, 70, 255)
TEAL = (40, 130, 135, 255)
MUSTARD = (215, 165, 45, 255)
SCREEN = (22, 26, 38, 255)
MIRROR = (175, 200, 215, 255)
HIGHLIGHT = (228, 240, 246, 255)
SKY = (135, 190, 230, 255)
ROSE_RED = (185, 20, 45, 255)
LEAF_GREEN = (70, 140, 55, 255)
PINK = (235, 170, 180, 255)
LAVENDER = (190, 170, 215, 255)
TOWEL_BLUE = (95, 145, 195, 255)
RUG_RED = (150, 45, 45, 255)
NAVY = (40, 55, 100, 255)
SOFA_GREY = (128, 134, 145, 255)
SOFA_DARK = (98, 104, 115, 255)


def vary(rng: np.random.Generator | None, x: float, rel: float = 0.15) -> float:
    """Return `x` when `rng` is None, else `x` scaled by U(1 - rel, 1 + rel)."""
    if rng is None:
        return float(x)
    return float(x * rng.uniform(1.0 - rel, 1.0 + rel))


def vary_int(rng: np.random.Generator | None, n: int, lo: int, hi: int) -> int:
    """Return `n` when `rng` is None, else a random integer in [lo, hi]."""
    if rng is None:
        return n
    return int(rng.integers(lo, hi + 1))


def posed(
    mesh: trimesh.Trimesh,
    rotation: Sequence[float] | None = None,
    center: Sequence[float] = (0, 0, 0),
    order: str = "xyz",
) -> trimesh.Trimesh:
    """Rotate `mesh` about the origin by Euler angles (degrees, `order`), then translate it to `center`."""
    if rotation is not None:
        m = np.eye(4)
        m[:3, :3] = Rotation.from_euler(order, rotation, degrees=True).as_matrix()
        mesh.apply_transform(m)
    mesh.apply_translation(np.asarray(center, dtype=float))
    return mesh


def puffy(
    size: Sequence[float],
    center: Sequence[float] = (0, 0, 0),
    color: Color = FABRIC,
    edge: float = 0.3,
    edge_y: float | None = None,
    rotation: Sequence[float] | None = None,
    subdivisions: int = 3,
) -> trimesh.Trimesh:
    """Rounded box (superellipsoid) of extents `size`; smaller `edge` exponents give squarer sides."""
    m = trimesh.creation.icosphere(subdivisions=subdivisions, radius=1.0)
    v = np.array(m.vertices, dtype=float)
    exps = (edge, edge if edge_y is None else edge_y, edge)
    for k, e in enumerate(exps):
        v[:, k] = np.sign(v[:, k]) * np.abs(v[:, k]) ** e
    v *= np.asarray(size, dtype=float) / 2.0
    mesh = trimesh.Trimesh(v, np.array(m.faces), process=False)
    return colored(posed(mesh, rotation, center), color)


def rrect(w: float, d: float, r: float, n: int = 6) -> list[tuple[float, float]]:
    """Counter-clockwise rounded rectangle of size w x d centred at the origin, corner radius r."""
    r = min(r, w / 2 - 1e-6, d / 2 - 1e-6)
    pts: list[tuple[float, float]] = []
    corners = [
        (w / 2 - r, d / 2 - r, 0.0),
        (-w / 2 + r, d / 2 - r, 90.0),
        (-w / 2 + r, -d / 2 + r, 180.0),
        (w / 2 - r, -d / 2 + r, 270.0),
    ]
    for cx, cy, a0 in corners:
        for t in np.linspace(np.radians(a0), np.radians(a0 + 90), n):
            pts.append((cx + r * np.cos(t), cy + r * np.sin(t)))
    return pts


def ellipse(a: float, b: float, n: int = 48, cx: float = 0.0, cy: float = 0.0) -> list[tuple[float, float]]:
    """Counter-clockwise ellipse polygon with half-axes a, b."""
    t = np.linspace(0, 2 * np.pi, n, endpoint=False)
    return [(cx + a * np.cos(s), cy + b * np.sin(s)) for s in t]


def slab(
    outer: Sequence[Sequence[float]],
    thickness: float,
    center: Sequence[float] = (0, 0, 0),
    color: Color = WHITE,
    holes: Sequence[Sequence[Sequence[float]]] = (),
    plane: str = "xz",
) -> trimesh.Trimesh:
    """Prism from a 2-D outline (with optional holes), `thickness` thick, centred at `center`.

    plane "xz": the outline is drawn in (x, z) and extruded along +y (a horizontal slab);
    plane "xy": the outline is drawn in (x, y) and extruded along +z (an upright panel facing +z).
    """
    poly = Polygon(np.asarray(outer, dtype=float), [np.asarray(h, dtype=float) for h in holes])
    mesh = trimesh.creation.extrude_polygon(poly, height=thickness)
    mesh.apply_translation([0, 0, -thickness / 2])
    if plane == "xz":
        m = np.array([[1, 0, 0, 0], [0, 0, 1, 0], [0, 1, 0, 0], [0, 0, 0, 1]], dtype=float)
        mesh.apply_transform(m)  # (x, y, z) -> (x, z, y)
    elif plane != "xy":
        raise ValueError(f"plane must be 'xz' or 'xy', got {plane!r}")
    if mesh.volume < 0:
        mesh.invert()
    mesh.apply_translation(np.asarray(center, dtype=float))
    return colored(mesh, color)


def tube(
    profile: Sequence[Sequence[float]],
    center: Sequence[float] = (0, 0, 0),
    color: Color = WHITE,
    sections: int = 48,
    scale_z: float = 1.0,
) -> trimesh.Trimesh:
    """Solid of revolution about +y from a closed (radius, height) loop, e.g. an open lamp shade."""
    pts = np.asarray(profile, dtype=float)
    if not np.allclose(pts[0], pts[-1]):
        pts = np.vstack([pts, pts[:1]])
    mesh = trimesh.creation.revolve(pts, sections=sections)
    mesh.apply_transform(np.array([[1, 0, 0, 0], [0, 0, 1, 0], [0, -1, 0, 0], [0, 0, 0, 1]], dtype=float))
    if mesh.volume < 0:
        mesh.invert()
    mesh.apply_scale([1.0, 1.0, scale_z])
    mesh.apply_translation(np.asarray(center, dtype=float))
    return colored(mesh, color)


def loft_x(
    sections: Sequence[Sequence[float]],
    colors: Sequence[Color],
    n: int = 24,
) -> trimesh.Trimesh:
    """Closed loft along x through elliptical sections (x, centre_y, radius_y, radius_z), a colour per gap."""
    sec = np.asarray(sections, dtype=float)
    k = len(sec)
    t = np.linspace(0, 2 * np.pi, n, endpoint=False)
    verts = [np.stack([np.full(n, s[0]), s[1] + s[2] * np.sin(t), s[3] * np.cos(t)], axis=1) for s in sec]
    v = np.vstack([*verts, [sec[0, 0], sec[0, 1], 0.0], [sec[-1, 0], sec[-1, 1], 0.0]])
    c0, c1 = k * n, k * n + 1
    faces: list[list[int]] = []
    face_colors: list[Color] = []
    for j in range(k - 1):
        for i in range(n):
            a, b = j * n + i, j * n + (i + 1) % n
            faces += [[a, b + n, a + n], [a, b, b + n]]
            face_colors += [colors[j], colors[j]]
    for i in range(n):
        faces.append([c0, (i + 1) % n, i])
        faces.append([c1, (k - 1) * n + i, (k - 1) * n + (i + 1) % n])
        face_colors += [colors[0], colors[-1]]
    mesh = trimesh.Trimesh(v, np.asarray(faces), process=False)
    if mesh.volume < 0:
        mesh.invert()
    mesh.visual = trimesh.visual.ColorVisuals(mesh=mesh, face_colors=np.asarray(face_colors, dtype=np.uint8))
    return mesh


def beam(
    p0: Sequence[float],
    p1: Sequence[float],
    size: Sequence[float],
    color: Color = WHITE,
) -> trimesh.Trimesh:
    """Box running from point `p0` to point `p1` with cross-section `size` (width, thickness)."""
    a, b = np.asarray(p0, dtype=float), np.asarray(p1, dtype=float)
    d = b - a
    length = float(np.linalg.norm(d))
    mesh = trimesh.creation.box(extents=(size[0], length, size[1]))
    rot, _ = Rotation.align_vectors([d / length], [[0.0, 1.0, 0.0]])
    m = np.eye(4)
    m[:3, :3] = rot.as_matrix()
    mesh.apply_transform(m)
    mesh.apply_translation((a + b) / 2)
    return colored(mesh, color)


def grounded(mesh: trimesh.Trimesh) -> trimesh.Trimesh:
    """Shift `mesh` vertically so that its lowest point rests on y = 0."""
    mesh.apply_translation([0.0, -float(mesh.bounds[0, 1]), 0.0])
    return mesh

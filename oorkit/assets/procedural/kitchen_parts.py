"""Shared building helpers for the kitchen templates: swept tubes, hollow shells, flat cut-outs, paint.

Everything here returns closed, outward-facing, coloured parts in metres (+y up, front +z),
ready for `primitives.assemble`.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

import numpy as np
import trimesh
from shapely.geometry import LineString, MultiPolygon, Polygon
from shapely.geometry import box as shapely_box
from shapely.geometry.base import BaseGeometry
from trimesh.visual.color import ColorVisuals

from oorkit.assets.procedural.primitives import Color, colored, revolve, torus

Points = Sequence[Sequence[float]] | np.ndarray


def vary(rng: np.random.Generator | None, x: float, rel: float = 0.15) -> float:
    """`x` itself without an rng, else `x` scaled by U(1 - rel, 1 + rel)."""
    return float(x) if rng is None else float(x * rng.uniform(1.0 - rel, 1.0 + rel))


def outward(mesh: trimesh.Trimesh) -> trimesh.Trimesh:
    """Flip a closed part inside out if its winding gives a negative volume."""
    if mesh.volume < 0:
        mesh.invert()
    return mesh


def bezier(ctrl: Points, n: int = 24) -> np.ndarray:
    """`n` points on the Bézier curve with control points `ctrl` (any degree, any dimension)."""
    t = np.linspace(0.0, 1.0, n)[:, None, None]
    work = np.repeat(np.asarray(ctrl, dtype=float)[None], n, axis=0)
    while work.shape[1] > 1:
        work = (1 - t) * work[:, :-1] + t * work[:, 1:]
    return work[:, 0]


def smooth(points: Points, iterations: int = 3) -> np.ndarray:
    """Chaikin corner cutting of an open polyline (end points kept)."""
    p = np.asarray(points, dtype=float)
    for _ in range(iterations):
        mid = np.empty((2 * (len(p) - 1), p.shape[1]))
        mid[0::2] = 0.75 * p[:-1] + 0.25 * p[1:]
        mid[1::2] = 0.25 * p[:-1] + 0.75 * p[1:]
        p = np.vstack([p[:1], mid, p[-1:]])
    return p


def tube(
    points: Points,
    radius: float | Sequence[float] | np.ndarray,
    color: Color,
    sections: int = 12,
    normal_hint: Sequence[float] | None = None,
    aspect: float = 1.0,
) -> trimesh.Trimesh:
    """Capped tube swept along a 3-D polyline, radius per point; `aspect` squashes the section.

    The section is an ellipse with semi-axes radius (along the transported normal, seeded by
    `normal_hint`) and radius * aspect (along the binormal).
    """
    p = np.asarray(points, dtype=float)
    n = len(p)
    r = np.broadcast_to(np.asarray(radius, dtype=float), (n,))
    tang = np.gradient(p, axis=0)
    tang /= np.linalg.norm(tang, axis=1, keepdims=True)
    if normal_hint is None:
        hint = np.eye(3)[int(np.argmin(np.abs(tang[0])))]
    else:
        hint = np.asarray(normal_hint, dtype=float)
    normals = np.empty_like(p)
    prev = hint
    for i in range(n):  # parallel transport keeps the section from twisting
        v = prev - np.dot(prev, tang[i]) * tang[i]
        normals[i] = v / np.linalg.norm(v)
        prev = normals[i]
    binormals = np.cross(tang, normals)
    ang = 2 * np.pi * np.arange(sections) / sections
    rings = (
        p[:, None, :]
        + r[:, None, None] * np.cos(ang)[None, :, None] * normals[:, None, :]
        + aspect * r[:, None, None] * np.sin(ang)[None, :, None] * binormals[:, None, :]
    )
    verts = np.vstack([rings.reshape(-1, 3), p[0], p[-1]])
    ii, jj = np.meshgrid(np.arange(n - 1), np.arange(sections), indexing="ij")
    va, vb = ii * sections + jj, ii * sections + (jj + 1) % sections
    vc, vd = vb + sections, va + sections
    side = np.concatenate(
        [np.stack([va, vb, vc], -1).reshape(-1, 3), np.stack([va, vc, vd], -1).reshape(-1, 3)]
    )
    js = np.arange(sections)
    c0, c1, last = n * sections, n * sections + 1, (n - 1) * sections
    cap0 = np.stack([np.full(sections, c0), (js + 1) % sections, js], -1)
    cap1 = np.stack([np.full(sections, c1), last + js, last + (js + 1) % sections], -1)
    mesh = trimesh.Trimesh(verts, np.vstack([side, cap0, cap1]), process=False)
    return colored(outward(mesh), color)


def inner_wall(outer: Points, thickness: float) -> np.ndarray:
    """Offset an outer (radius, height) vessel profile inward by `thickness`; the rim stays level."""
    p = np.asarray(outer, dtype=float)
    seg = np.diff(p, axis=0)
    seg /= np.linalg.norm(seg, axis=1, keepdims=True)
    nrm = np.stack([-seg[:, 1], seg[:, 0]], axis=1)  # left normals point into the wall of a CCW profile
    out = np.empty_like(p)
    out[0] = p[0] + thickness * nrm[0]
    for k in range(1, len(p) - 1):
        m = nrm[k - 1] + nrm[k]
        m /= np.linalg.norm(m)
        out[k] = p[k] + m * thickness / max(float(np.dot(m, nrm[k])), 0.3)
    out[-1] = p[-1] + thickness * nrm[-1]
    if abs(seg[-1, 1]) > 1e-9:  # slide the last point along the wall back to rim height
        out[-1] += seg[-1] * (p[-1, 1] - out[-1, 1]) / seg[-1, 1]
    out[0, 0] = 0.0
    return out


def shell(
    outer: Points,
    thickness: float,
    color: Color,
    floor: float | None = None,
    center: Sequence[float] = (0, 0, 0),
    sections: int = 48,
) -> trimesh.Trimesh:
    """Open-topped vessel of revolution: outer profile from the axis (r=0) outward and up to the rim.

    `floor` raises the inside bottom (a thick glass base).
    """
    inner = inner_wall(outer, thickness)
    if floor is not None:
        inner[:, 1] = np.maximum(inner[:, 1], floor)
    profile = np.vstack([np.asarray(outer, dtype=float), inner[::-1]])
    return outward(revolve(profile.tolist(), center=center, color=color, sections=sections))


def split_at(profile: Points, heights: Sequence[float]) -> list[tuple[float, float]]:
    """Insert profile points where segments cross the given heights, so painted bands have clean edges."""
    p = [(float(q[0]), float(q[1])) for q in profile]
    out = [p[0]]
    for (r0, h0), (r1, h1) in itertools.pairwise(p):
        ts = sorted((c - h0) / (h1 - h0) for c in heights if h0 != h1 and 0 < (c - h0) / (h1 - h0) < 1)
        out += [(r0 + t * (r1 - r0), h0 + t * (h1 - h0)) for t in ts]
        out.append((r1, h1))
    return out


def rounded_rect(width: float, depth: float, radius: float, cx: float = 0.0, cz: float = 0.0) -> Polygon:
    """Rounded rectangle in the (x, z) plane, `width` along x and `depth` along z."""
    r = min(radius, width / 2 - 1e-6, depth / 2 - 1e-6)
    core = shapely_box(cx - width / 2 + r, cz - depth / 2 + r, cx + width / 2 - r, cz + depth / 2 - r)
    return core.buffer(r, quad_segs=8)


def slot(p0: Sequence[float], p1: Sequence[float], width: float) -> Polygon:
    """Stadium-shaped slot between two 2-D points."""
    return LineString([tuple(p0), tuple(p1)]).buffer(width / 2, quad_segs=6)


_PLANES = {
    # Columns are the world axes of local u, v, w (w = extrusion). 'xz' and 'zy' are reflections;
    # `outward` repairs their winding afterwards.
    "xz": np.array([[1, 0, 0], [0, 0, 1], [0, 1, 0]], dtype=float),  # u->x, v->z, w->y (flat on the table)
    "zy": np.array([[0, 0, 1], [0, 1, 0], [1, 0, 0]], dtype=float),  # u->z, v->y, w->x (a wall facing x)
    "xy": np.eye(3),  # u->x, v->y, w->z (a panel facing z)
}


def prism(
    shape: BaseGeometry,
    depth: float,
    color: Color,
    plane: str = "xz",
    start: float = 0.0,
    seg: float | None = None,
) -> trimesh.Trimesh:
    """Extrude a shapely (Multi)Polygon, holes allowed, drawn in `plane`, from `start` by `depth`.

    'xz': drawn in world (x, z), extruded up +y; 'zy': drawn in (z, y), along +x; 'xy': drawn in
    (x, y), along +z. `seg` densifies the outline (so the part can be bent afterwards).
    """
    geoms = list(shape.geoms) if isinstance(shape, MultiPolygon) else [shape]
    parts = []
    for g in geoms:
        if seg is not None:
            g = g.segmentize(seg)
        mesh = trimesh.creation.extrude_polygon(g, height=depth)
        mesh.apply_translation([0, 0, start])
        m = np.eye(4)
        m[:3, :3] = _PLANES[plane]  # columns: the world axes of local u, v, w
        mesh.apply_transform(m)
        parts.append(outward(mesh))
    merged = trimesh.util.concatenate(parts)
    if not isinstance(merged, trimesh.Trimesh):
        raise ValueError("prism needs a non-empty polygon")
    return colored(merged, color)


def bend(mesh: trimesh.Trimesh, lift: Callable[[np.ndarray], np.ndarray]) -> trimesh.Trimesh:
    """Raise every vertex by `lift(x)` (curving a flat utensil along its length)."""
    v = mesh.vertices.copy()
    v[:, 1] += lift(v[:, 0])
    mesh.vertices = v
    return mesh


def paint(
    mesh: trimesh.Trimesh, where: Callable[[np.ndarray, np.ndarray], np.ndarray], color: Color
) -> trimesh.Trimesh:
    """Repaint the faces for which `where(face_centres, face_normals)` is true."""
    mask = np.asarray(where(mesh.triangles_center, mesh.face_normals), dtype=bool)
    visual = mesh.visual
    if not isinstance(visual, ColorVisuals):
        raise TypeError("paint needs a mesh coloured with `primitives.colored`")
    fc = np.asarray(visual.face_colors).copy()
    fc[mask] = np.asarray(color, dtype=np.uint8)
    visual.face_colors = fc
    return mesh


def band(lo: float, hi: float) -> Callable[[np.ndarray, np.ndarray], np.ndarray]:
    """Face selector: centres with lo <= y < hi."""
    return lambda c, n: (c[:, 1] >= lo) & (c[:, 1] < hi)


def two_tone(mesh: trimesh.Trimesh, outside: Color, inside: Color) -> trimesh.Trimesh:
    """Paint a vessel of revolution (axis through its bounds centre): outer skin vs inside and rim."""
    c, n = mesh.triangles_center, mesh.face_normals
    axis = mesh.bounds.mean(axis=0)
    radial = c[:, [0, 2]] - axis[[0, 2]]
    radial /= np.maximum(np.linalg.norm(radial, axis=1, keepdims=True), 1e-9)
    out = ((n[:, [0, 2]] * radial).sum(axis=1) > 0.05) | (n[:, 1] < -0.5)
    colored(mesh, inside)
    return paint(mesh, lambda _c, _n: out, outside)


def loop_handle(
    center: Sequence[float],
    major: float,
    minor: float,
    start_deg: float,
    span_deg: float,
    color: Color,
    plane: str = "xy",
) -> trimesh.Trimesh:
    """Partial torus handle; 'xy': angles from +x to +y (a mug ear), 'xz': from +x to -z (pot lugs)."""
    arc = float(np.radians(span_deg))
    if plane == "xy":
        return torus(major, minor, center, color, axis="z", rotation=(0, 0, start_deg), arc=arc)
    return torus(major, minor, center, color, axis="y", rotation=(0, start_deg, 0), arc=arc)

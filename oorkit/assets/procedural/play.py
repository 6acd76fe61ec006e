"""Procedural templates for sports gear and toys (metres, +y up, front +z).

Sports gear lives here; toys and other play items are in `play_toys` and merged into `GENERATORS`.
Elongated hand-held gear lies flat along x with the grip at -x and the working end at +x.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import numpy as np
import trimesh
from scipy.spatial import ConvexHull, cKDTree
from shapely.geometry import LineString
from shapely.geometry import box as shapely_box

from oorkit.assets.procedural import play_toys
from oorkit.assets.procedural.play_parts import along_x, ball_seam, ellipse_points, pick, rotate, tube, vary
from oorkit.assets.procedural.primitives import (
    BLACK,
    DARK_METAL,
    LIGHT_WOOD,
    STEEL,
    WHITE,
    Color,
    assemble,
    box,
    cylinder,
    extrude,
    revolve,
    sphere,
    torus,
)

LEATHER_WHITE = (238, 234, 222, 255)
STITCH_RED = (200, 30, 30, 255)
BASKETBALL_ORANGE = (206, 96, 38, 255)
TENNIS_YELLOW = (205, 228, 60, 255)
RUBBER = (48, 48, 52, 255)
GRIP_TAPE = (28, 28, 30, 255)


def _lying_lathe(profile: list[tuple[float, float]], color: Color) -> trimesh.Trimesh:
    """Lathe a (radius, position) profile about +y, then lay it along +x."""
    return along_x(revolve(profile, color=color, sections=32))


def baseball_bat(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Wooden baseball bat lying along x: knob and taped handle at -x, barrel at +x."""
    length = vary(rng, 0.84, 0.1)
    rb = vary(rng, 0.0345, 0.1)
    rh = vary(rng, 0.0125, 0.1)
    s = length / 0.84
    prof = [
        (0.0, 0.0),
        (0.021, 0.0),
        (0.0235, 0.006),
        (0.02, 0.014),
        (rh, 0.022),
        (rh, 0.30 * s),
        (rh * 1.15, 0.38 * s),
        (rb * 0.6, 0.50 * s),
        (rb * 0.82, 0.62 * s),
        (rb * 0.96, 0.72 * s),
        (rb, 0.80 * s),
        (rb * 0.96, length - 0.01),
        (rb * 0.8, length - 0.002),
        (0.0, length),
    ]
    wood = pick(rng, [LIGHT_WOOD, (185, 135, 80, 255), (60, 45, 35, 255)])
    bat = _lying_lathe(prof, wood)
    tape = _lying_lathe(
        [(0.0, 0.024), (rh + 0.0012, 0.024), (rh + 0.0012, 0.27 * s), (0.0, 0.27 * s)], GRIP_TAPE
    )
    mesh = assemble([bat, tape])
    mesh.apply_translation([-length / 2, rb, 0])
    return mesh


def baseball(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """White leather baseball with red V-stitched figure-eight seams."""
    r = vary(rng, 0.0368, 0.05)
    parts = [sphere(r, color=LEATHER_WHITE, subdivisions=4)]
    pts, tan = ball_seam(r, b=0.3, n=216)
    stitch_r = r * 0.022
    for i in range(0, len(pts), 2):
        p, t = pts[i], tan[i]
        n = p / np.linalg.norm(p)
        side = np.cross(t, n)
        lift = n * r * 0.006
        for sgn in (1.0, -1.0):
            a = p + sgn * side * r * 0.13 - t * r * 0.035 + lift
            b = p + sgn * side * r * 0.03 + t * r * 0.035 + lift
            parts.append(tube([a, b], stitch_r, STITCH_RED, sections=6))
    return _rest_on_floor(assemble(parts))


def basketball(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Orange basketball with black channel lines (two great circles and two side circles)."""
    r = vary(rng, 0.12, 0.05)
    lw = r * 0.022
    d = r * 0.55
    rs = float(np.sqrt(r**2 - d**2))
    parts = [
        sphere(r, color=BASKETBALL_ORANGE, subdivisions=4),
        torus(r, lw, color=BLACK, axis="x"),
        torus(r, lw, color=BLACK, axis="y"),
        torus(rs, lw, center=(d, 0, 0), color=BLACK, axis="x"),
        torus(rs, lw, center=(-d, 0, 0), color=BLACK, axis="x"),
    ]
    mesh = assemble(parts)
    rotate(mesh, (20, 40, 0))
    return _rest_on_floor(mesh)


def _truncated_icosahedron() -> tuple[np.ndarray, np.ndarray]:
    """Vertices of a truncated icosahedron and unit directions of its 12 pentagon faces."""
    phi = (1 + np.sqrt(5)) / 2
    base = [(0.0, 1.0, 3 * phi), (1.0, 2 + phi, 2 * phi), (phi, 2.0, 2 * phi + 1)]
    verts = set()
    for b in base:
        for sx in (-1, 1):
            for sy in (-1, 1):
                for sz in (-1, 1):
                    v = (b[0] * sx, b[1] * sy, b[2] * sz)
                    for k in range(3):
                        verts.add(tuple(round(c, 9) for c in (v[k % 3], v[(k + 1) % 3], v[(k + 2) % 3])))
    ico = set()
    for sx in (-1, 1):
        for sy in (-1, 1):
            v = (0.0, 1.0 * sx, phi * sy)
            for k in range(3):
                ico.add((v[k % 3], v[(k + 1) % 3], v[(k + 2) % 3]))
    ico_arr = np.asarray(sorted(ico), dtype=float)
    return np.asarray(sorted(verts), dtype=float), ico_arr / np.linalg.norm(ico_arr, axis=1, keepdims=True)


def soccer_ball(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Classic soccer ball: white hexagons and black pentagons of a truncated icosahedron, on a sphere."""
    r = vary(rng, 0.11, 0.05)
    verts, pent_dirs = _truncated_icosahedron()
    hull = ConvexHull(verts)
    faces = hull.simplices.copy()
    # Orient every hull triangle outward.
    tri = verts[faces]
    nrm = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])
    flip = np.einsum("ij,ij->i", nrm, tri.mean(axis=1)) < 0
    faces[flip] = faces[flip][:, ::-1]
    nrm[flip] *= -1
    nrm /= np.linalg.norm(nrm, axis=1, keepdims=True)
    is_pent = np.max(nrm @ pent_dirs.T, axis=1) > 0.999
    v, f = verts, faces
    idx = np.arange(len(faces))
    for _ in range(3):
        v, f, sub = trimesh.remesh.subdivide(v, f, return_index=True)
        parent = np.empty(len(f), dtype=int)
        for old, new in sub.items():
            parent[new] = old
        idx = idx[parent]
    v = v / np.linalg.norm(v, axis=1, keepdims=True) * r
    mesh = trimesh.Trimesh(v, f, process=False)
    dark = pick(rng, [BLACK, (30, 60, 140, 255), (170, 30, 30, 255)])
    colors = np.where(is_pent[idx][:, None], np.asarray(dark), np.asarray(WHITE))
    _paint(mesh, colors)
    rotate(mesh, (0, 0, 32))  # a pentagon facing the viewer reads best
    return _rest_on_floor(mesh)


def tennis_racket(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Tennis racket lying flat: strung oval head at +x, open throat and wrapped grip at -x."""
    a = vary(rng, 0.165, 0.08)  # head semi-axis along x (outer frame centre line)
    b = vary(rng, 0.124, 0.08)  # head semi-axis along z
    handle_len = vary(rng, 0.20, 0.1)
    fr = 0.0105  # frame half-thickness (y)
    fw = 0.0065  # frame half-width (in-plane)
    xh = 0.34 - a - fw
    frame_col = pick(rng, [(35, 80, 170, 255), (190, 35, 35, 255), (40, 40, 44, 255), (235, 235, 235, 255)])
    parts = []
    head = ellipse_points(a, b, 96) + np.array([xh, 0.0, 0.0])
    parts.append(tube(head, fr, frame_col, closed=True, sections=10, up=(0, 1, 0), radius2=fw))
    # Throat: two arms from the head's lower flanks that meet at the top of the handle.
    x_top = xh - a - 0.145
    ang = np.deg2rad(148)
    for sgn in (1.0, -1.0):
        p0 = np.array([x_top, 0.0, sgn * 0.011])
        p2 = np.array([xh + a * np.cos(ang), 0.0, sgn * b * np.sin(ang)])
        p1 = np.array([x_top + 0.07, 0.0, sgn * 0.05])
        s = np.linspace(0, 1, 20)[:, None]
        arm = (1 - s) ** 2 * p0 + 2 * (1 - s) * s * p1 + s**2 * p2
        parts.append(tube(arm, fr, frame_col, sections=10, up=(0, 1, 0), radius2=fw))
    # Strings: mains along x, crosses along z, clipped to the inner oval.
    ai, bi = a - fw, b - fw
    sr = 0.0009
    for z in np.arange(-bi + 0.012, bi - 0.011, 0.0165):
        half = ai * np.sqrt(max(1 - (z / bi) ** 2, 0.0))
        parts.append(cylinder(sr, 2 * half, center=(xh, 0, z), color=WHITE, axis="x", sections=6))
    for x in np.arange(-ai + 0.012, ai - 0.011, 0.0175):
        half = bi * np.sqrt(max(1 - (x / ai) ** 2, 0.0))
        parts.append(cylinder(sr, 2 * half, center=(xh + x, 0, 0), color=WHITE, axis="z", sections=6))
    # Handle: octagonal grip with a collar and a butt cap.
    x_butt = x_top - handle_len
    grip = cylinder(
        0.0142,
        handle_len - 0.01,
        center=(x_butt + handle_len / 2, 0, 0),
        color=BLACK,
        axis="x",
        sections=8,
        rotation=(22.5, 0, 0),
    )
    parts += [
        grip,
        cylinder(
            0.0125, 0.03, center=(x_top, 0, 0), color=frame_col, axis="x", sections=8, rotation=(22.5, 0, 0)
        ),
        cylinder(
            0.0150,
            0.008,
            center=(x_butt + 0.004, 0, 0),
            color=frame_col,
            axis="x",
            sections=8,
            rotation=(22.5, 0, 0),
        ),
    ]
    mesh = assemble(parts)
    return _rest_on_floor(mesh)


def tennis_ball(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Fluorescent yellow tennis ball with its white curved seam."""
    r = vary(rng, 0.0335, 0.05)
    color = pick(rng, [TENNIS_YELLOW, (215, 235, 70, 255), (195, 220, 55, 255)])
    pts, _ = ball_seam(r * 0.998, b=0.27, n=200)
    mesh = assemble(
        [sphere(r, color=color, subdivisions=4), tube(pts, r * 0.04, WHITE, closed=True, sections=8)]
    )
    rotate(mesh, (0, 25, 0))
    return _rest_on_floor(mesh)


def golf_club(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Golf iron lying on its side along x: rubber grip at -x, steel shaft, blade head (toe up) at +x."""
    length = vary(rng, 1.0, 0.08)
    rg = 0.0135
    x0 = -length / 2
    grip_len = 0.27
    hosel_x = length / 2 - 0.035
    grip = _lying_lathe(
        [(0.0, 0.0), (rg, 0.0), (rg, 0.01), (rg * 0.93, 0.08), (rg * 0.8, grip_len), (0.0, grip_len)], BLACK
    )
    shaft_len = hosel_x - (x0 + grip_len) + 0.01
    shaft = _lying_lathe([(0.0, 0.0), (0.0074, 0.0), (0.0052, shaft_len), (0.0, shaft_len)], STEEL)
    shaft.apply_translation([grip_len - 0.01, 0, 0])
    hosel = _lying_lathe([(0.0, 0.0), (0.0066, 0.0), (0.0085, 0.05), (0.0, 0.05)], STEEL)
    hosel.apply_translation([hosel_x - (x0) - 0.05, 0, 0])
    ferrule = _lying_lathe([(0.0, 0.0), (0.0068, 0.0), (0.0068, 0.008), (0.0, 0.008)], BLACK)
    ferrule.apply_translation([hosel_x - x0 - 0.056, 0, 0])
    shaft_parts = assemble([grip, shaft, hosel, ferrule])
    shaft_parts.apply_translation([x0, 0, 0])

    # Head in its own frame: s along the sole (heel -> toe), u up the face, z out of the face.
    toe = vary(rng, 0.078, 0.1)
    height = vary(rng, 0.046, 0.1)
    outline = [
        (-0.004, 0.004),
        (0.0, -0.002),
        (toe * 0.75, -0.004),
        (toe * 0.95, 0.0),
        (toe, height * 0.3),
        (toe * 0.99, height * 0.65),
        (toe * 0.93, height * 0.95),
        (toe * 0.82, height),
        (0.012, height * 0.62),
        (0.0, height * 0.5),
        (-0.006, height * 0.35),
    ]
    blade = extrude(outline, 0.009, center=(0, 0, 0.0), color=STEEL)
    sole = [
        (0.0, -0.002),
        (toe * 0.75, -0.004),
        (toe * 0.95, 0.0),
        (toe * 0.98, height * 0.28),
        (toe * 0.5, height * 0.33),
        (0.005, height * 0.3),
    ]
    cavity = extrude(sole, 0.022, center=(0, 0, -0.014), color=STEEL)
    grooves = [
        box(
            (toe * 0.58, 0.0009, 0.0012),
            center=(toe * 0.56, height * (0.14 + 0.075 * k), 0.0048),
            color=DARK_METAL,
        )
        for k in range(8)
    ]
    head = assemble([blade, cavity, *grooves])
    rotate(head, (-vary(rng, 32.0, 0.12), 0, 0))  # loft: the top line leans back (-z)
    rotate(head, (0, 0, 62))  # lie angle: the sole rises away from the shaft, toe up
    head.apply_translation([hosel_x, 0, 0])
    mesh = assemble([shaft_parts, head])
    return _rest_on_floor(mesh)


def _geodesic_sphere(freq: int) -> trimesh.Trimesh:
    """Unit geodesic sphere: each icosahedron face split into freq² triangles, projected outward."""
    ico = trimesh.creation.icosahedron()
    verts: list[np.ndarray] = []
    faces: list[list[int]] = []
    index: dict[tuple[int, int], int] = {}
    for a, b, c in ico.vertices[ico.faces]:
        for i in range(freq + 1):
            for j in range(freq + 1 - i):
                index[(i, j)] = len(verts)
                verts.append(a + (b - a) * i / freq + (c - a) * j / freq)
        for i in range(freq):
            for j in range(freq - i):
                faces.append([index[(i, j)], index[(i + 1, j)], index[(i, j + 1)]])
                if i + j < freq - 1:
                    faces.append([index[(i + 1, j)], index[(i + 1, j + 1)], index[(i, j + 1)]])
        index.clear()
    v = np.asarray(verts)
    mesh = trimesh.Trimesh(v / np.linalg.norm(v, axis=1, keepdims=True), np.asarray(faces), process=True)
    mesh.fix_normals()
    return mesh


def golf_ball(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """White dimpled golf ball."""
    r = vary(rng, 0.02135, 0.03)
    mesh = _geodesic_sphere(28)
    centers = trimesh.creation.icosphere(subdivisions=2, radius=1.0).vertices
    dist, _ = cKDTree(centers).query(mesh.vertices)
    theta = 2 * np.arcsin(np.clip(dist / 2, 0, 1))
    rad = 0.12
    depth = 0.03 * np.clip(1 - (theta / rad) ** 2, 0, None)
    mesh.vertices = mesh.vertices * (1 - depth)[:, None] * r
    shade = np.clip(depth[mesh.faces].mean(axis=1) / 0.03, 0, 1)[:, None]
    cols = np.asarray(WHITE, dtype=float) * (1 - 0.14 * shade)
    cols[:, 3] = 255
    _paint(mesh, cols)
    return _rest_on_floor(mesh)


def dumbbell(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Hex dumbbell lying along x: black rubber hexagonal heads, chrome handle with knurled grip."""
    rc = vary(rng, 0.066, 0.12)
    head_len = vary(rng, 0.09, 0.12)
    handle_len = vary(rng, 0.15, 0.08)
    rh = 0.0165
    head_col = pick(rng, [RUBBER, (170, 35, 35, 255), (40, 70, 140, 255)])
    xi = handle_len / 2
    parts = [
        cylinder(rh, handle_len + 0.02, color=STEEL, axis="x"),
        cylinder(rh + 0.0012, handle_len * 0.72, color=DARK_METAL, axis="x", sections=16),
    ]
    for sgn in (1.0, -1.0):
        xc = sgn * (xi + head_len / 2)
        parts += [
            cylinder(rc, head_len, center=(xc, 0, 0), color=head_col, axis="x", sections=6),
            cylinder(0.026, 0.012, center=(sgn * (xi - 0.004), 0, 0), color=STEEL, axis="x"),
            cylinder(0.03, 0.006, center=(sgn * (xi + head_len + 0.002), 0, 0), color=STEEL, axis="x"),
        ]
    return _rest_on_floor(assemble(parts))


def skateboard(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Skateboard along x: kicked nose and tail, black grip tape on top, two trucks and four wheels."""
    length = vary(rng, 0.8, 0.08)
    width = vary(rng, 0.205, 0.08)
    th = 0.012
    wheel_r = vary(rng, 0.027, 0.1)
    wheel_w = 0.032
    wheel_col = pick(
        rng, [(240, 236, 220, 255), (230, 200, 60, 255), (220, 70, 60, 255), (80, 160, 220, 255)]
    )
    graphic = pick(rng, [(200, 60, 40, 255), (40, 90, 170, 255), (60, 150, 80, 255)])
    deck_y = wheel_r + 0.038
    # Deck: stadium outline, tessellated finely so it can be bent into the kicktails.
    poly = LineString([(-length / 2 + width / 2, 0), (length / 2 - width / 2, 0)]).buffer(
        width / 2, quad_segs=16
    )
    x0 = length / 2 - vary(rng, 0.115, 0.1)
    tail = np.append(np.arange(-length / 2 - 0.01, -x0, 0.01), -x0)
    cuts = np.unique(np.concatenate([tail, -tail]))
    slices = []
    for xa, xb in itertools.pairwise(cuts):
        piece = poly.intersection(shapely_box(xa, -width, xb, width))
        if piece.area > 1e-7:
            slices.append(trimesh.creation.extrude_polygon(piece, height=th))
    deck = assemble(slices)
    rotate(deck, (90, 0, 0))  # polygon y -> world z, thickness -> world -y
    deck.apply_translation([0, deck_y + th, 0])
    # Bend the nose and tail up into kicktails (slices keep the bend smooth).
    tan_a = np.tan(np.deg2rad(vary(rng, 17.0, 0.15)))
    c = 0.04
    d = np.abs(deck.vertices[:, 0]) - x0
    rise = np.where(d <= 0, 0.0, np.where(d < c, tan_a * d**2 / (2 * c), tan_a * (d - c / 2)))
    deck.vertices[:, 1] += rise
    ny = deck.face_normals[:, 1]
    cols = np.where(
        ny[:, None] > 0.5, np.asarray(GRIP_TAPE), np.where(ny[:, None] < -0.5, graphic, LIGHT_WOOD)
    )
    _paint(deck, cols)
    parts = [deck]
    truck_x = x0 - 0.07
    half_axle = width / 2 - wheel_w / 2
    for sgn in (1.0, -1.0):
        xt = sgn * truck_x
        parts += [
            box((0.065, 0.008, 0.055), center=(xt, deck_y - 0.004, 0), color=DARK_METAL),
            cylinder(0.011, 0.02, center=(xt - sgn * 0.008, deck_y - 0.016, 0), color=(230, 160, 40, 255)),
            extrude(
                [(-0.075, 0.0), (0.075, 0.0), (0.03, 0.02), (-0.03, 0.02)],
                0.024,
                center=(xt - sgn * 0.008, wheel_r - 0.006, 0),
                color=STEEL,
                axis="x",
            ),
            cylinder(
                0.004,
                2 * half_axle + wheel_w * 0.6,
                center=(xt - sgn * 0.008, wheel_r, 0),
                color=STEEL,
                axis="z",
            ),
        ]
        for zs in (1.0, -1.0):
            parts.append(
                cylinder(
                    wheel_r,
                    wheel_w,
                    center=(xt - sgn * 0.008, wheel_r, zs * half_axle),
                    color=wheel_col,
                    axis="z",
                    sections=28,
                )
            )
    return _rest_on_floor(assemble(parts))


def _paint(mesh: trimesh.Trimesh, colors: np.ndarray) -> None:
    """Set per-face RGBA colours (an (n_faces, 4) array) on `mesh`."""
    mesh.visual = trimesh.visual.ColorVisuals(mesh, face_colors=np.asarray(colors).astype(np.uint8))


def _rest_on_floor(mesh: trimesh.Trimesh) -> trimesh.Trimesh:
    """Shift `mesh` so that its lowest point sits on y = 0 (x, z untouched)."""
    mesh.apply_translation([0, -mesh.bounds[0, 1], 0])
    return mesh


GENERATORS: dict[str, Callable[[np.random.Generator | None], trimesh.Trimesh]] = {
    "baseball_bat": baseball_bat,
    "baseball": baseball,
    "basketball": basketball,
    "soccer_ball": soccer_ball,
    "tennis_racket": tennis_racket,
    "tennis_ball": tennis_ball,
    "golf_club": golf_club,
    "golf_ball": golf_ball,
    "dumbbell": dumbbell,
    "skateboard": skateboard,
    **play_toys.GENERATORS,
}

"""Procedural templates for toys and other play/leisure items (metres, +y up, front +z).

Merged into `play.GENERATORS`.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import trimesh
from shapely import affinity
from shapely.geometry import Point, Polygon
from shapely.geometry import box as shapely_box

from oorkit.assets.procedural.play_parts import capsule_between, ellipse_points, pick, rotate, tube, vary
from oorkit.assets.procedural.primitives import (
    BLACK,
    DARK_METAL,
    DARK_WOOD,
    LIGHT_WOOD,
    ORANGE,
    STEEL,
    WHITE,
    WOOD,
    assemble,
    box,
    cylinder,
    extrude,
    revolve,
    sphere,
    torus,
)

FUR = (168, 112, 62, 255)
FUR_LIGHT = (228, 196, 150, 255)
DUCK_YELLOW = (252, 212, 40, 255)
DUCK_WING = (238, 182, 30, 255)
KRAFT = (178, 128, 78, 255)
KRAFT_DARK = (130, 90, 52, 255)
TAPE = (214, 178, 124, 255)
CONE_ORANGE = (245, 100, 20, 255)
WICKER = (196, 150, 92, 255)
WICKER_DARK = (164, 118, 66, 255)
LEGO_RED = (201, 26, 9, 255)


def _rest(mesh: trimesh.Trimesh) -> trimesh.Trimesh:
    """Shift `mesh` so that its lowest point sits on y = 0."""
    mesh.apply_translation([0, -mesh.bounds[0, 1], 0])
    return mesh


def teddy_bear(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Sitting brown teddy bear facing +z: round head with ears and muzzle, arms forward, legs out front."""
    fur = pick(rng, [FUR, (196, 150, 96, 255), (120, 78, 48, 255), (232, 222, 205, 255)])
    light = FUR_LIGHT if fur != (232, 222, 205, 255) else (250, 245, 235, 255)
    hr = vary(rng, 0.085, 0.1)  # head radius
    bw = vary(rng, 0.105, 0.1)  # body half-width
    bh = vary(rng, 0.12, 0.08)  # body half-height
    hy = 2 * bh + hr * 0.6
    parts = [
        sphere(1.0, center=(0, bh, 0), color=fur, scale=(bw, bh, bw * 0.86)),
        sphere(0.06, center=(0, bh * 0.9, bw * 0.62), color=light, scale=(1.0, 1.15, 0.4)),
        sphere(hr, center=(0, hy, 0.01), color=fur),
        sphere(hr * 0.47, center=(0, hy - hr * 0.22, 0.01 + hr * 0.86), color=light, scale=(1.0, 0.78, 0.75)),
        sphere(
            hr * 0.16,
            center=(0, hy - hr * 0.05, 0.01 + hr * 1.2),
            color=BLACK,
            scale=(1.3, 0.9, 0.8),
            subdivisions=2,
        ),
    ]
    for sgn in (1.0, -1.0):
        ex, ey = sgn * hr * 0.78, hy + hr * 0.78
        parts += [
            sphere(hr * 0.4, center=(ex, ey, 0.0), color=fur, scale=(1.0, 1.0, 0.55)),
            sphere(
                hr * 0.25,
                center=(ex * 1.02, ey - 0.002, hr * 0.16),
                color=light,
                scale=(1.0, 1.0, 0.45),
                subdivisions=2,
            ),
            sphere(
                hr * 0.11,
                center=(sgn * hr * 0.38, hy + hr * 0.25, 0.01 + hr * 0.9),
                color=BLACK,
                subdivisions=2,
            ),
            # Arms reach forward and down; legs stick out in front with pale foot pads.
            capsule_between(
                (sgn * bw * 0.82, 2 * bh * 0.78, 0.01), (sgn * (bw + 0.03), bh * 0.85, 0.08), 0.032, fur
            ),
            capsule_between((sgn * bw * 0.5, 0.045, 0.02), (sgn * (bw * 0.72), 0.045, 0.12), 0.043, fur),
            sphere(
                0.032,
                center=(sgn * bw * 0.72, 0.047, 0.163),
                color=light,
                scale=(1.0, 1.0, 0.3),
                subdivisions=2,
            ),
        ]
    return _rest(assemble(parts))


def rubber_duck(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Yellow rubber duck facing +z: flat-bottomed body with a perky tail, round head, orange beak."""
    col = pick(rng, [DUCK_YELLOW, (250, 225, 70, 255), (245, 200, 30, 255)])
    bx = vary(rng, 0.045, 0.08)
    by = vary(rng, 0.033, 0.1)
    bz = vary(rng, 0.038, 0.08)
    body = sphere(1.0, color=col, scale=(bx, by, bz), subdivisions=4)
    v = body.vertices.copy()
    # Upturned tail at the back (-z), flat bottom.
    back = np.clip((-v[:, 2] - bz * 0.35) / (bz * 0.65), 0, 1)
    v[:, 1] += back**2 * (v[:, 1] + by) * 0.55
    v[:, 2] -= back**2 * (v[:, 1] + by) * 0.12
    v[:, 1] = np.maximum(v[:, 1], -by * 0.55)
    body.vertices = v
    body.apply_translation([0, by * 0.55, 0])
    hr = vary(rng, 0.029, 0.08)
    hy = by * 1.55 + hr * 0.75
    hz = bz * 0.45
    parts = [
        body,
        sphere(hr, center=(0, hy, hz), color=col),
        sphere(hr * 0.55, center=(0, hy - hr * 0.28, hz + hr * 0.9), color=ORANGE, scale=(1.05, 0.42, 1.0)),
    ]
    for sgn in (1.0, -1.0):
        parts += [
            sphere(
                hr * 0.17, center=(sgn * hr * 0.5, hy + hr * 0.3, hz + hr * 0.77), color=BLACK, subdivisions=2
            ),
            sphere(
                hr * 0.06,
                center=(sgn * hr * 0.52, hy + hr * 0.38, hz + hr * 0.92),
                color=WHITE,
                subdivisions=2,
            ),
            sphere(
                1.0,
                center=(sgn * bx * 0.83, by * 0.95, -bz * 0.1),
                color=DUCK_WING,
                scale=(bx * 0.3, by * 0.55, bz * 0.62),
            ),
        ]
    return _rest(assemble(parts))


def lego_brick(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Classic 2x4 toy brick: eight studs on top, open underside with hollow tubes."""
    col = pick(
        rng, [LEGO_RED, (0, 85, 191, 255), (245, 205, 47, 255), (35, 120, 65, 255), (242, 243, 242, 255)]
    )
    pitch = 0.008
    nx = 4
    nz = 2
    w, d, h = nx * pitch - 0.0002, nz * pitch - 0.0002, 0.0096
    wall = 0.0012
    parts = [
        box((w, 0.001, d), center=(0, h - 0.0005, 0), color=col),
        box((w, h, wall), center=(0, h / 2, d / 2 - wall / 2), color=col),
        box((w, h, wall), center=(0, h / 2, -d / 2 + wall / 2), color=col),
        box((wall, h, d), center=(w / 2 - wall / 2, h / 2, 0), color=col),
        box((wall, h, d), center=(-w / 2 + wall / 2, h / 2, 0), color=col),
    ]
    for i in range(nx):
        for j in range(nz):
            x, z = (i - (nx - 1) / 2) * pitch, (j - (nz - 1) / 2) * pitch
            parts.append(cylinder(0.0024, 0.0017, center=(x, h + 0.00085, z), color=col, sections=24))
    for i in range(nx - 1):
        x = (i - (nx - 2) / 2) * pitch
        tube_prof = [(0.0024, 0.0), (0.00325, 0.0), (0.00325, h), (0.0024, h)]
        parts.append(revolve([*tube_prof, tube_prof[0]], center=(x, 0, 0), color=col, sections=24))
    return _rest(assemble(parts))


def traffic_cone(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Orange traffic cone with two white reflective bands on a black square base."""
    base_w = vary(rng, 0.36, 0.08)
    height = vary(rng, 0.70, 0.12)
    rb = base_w * 0.36
    rt = 0.028
    base_h = 0.035

    def r_at(y: float) -> float:
        return rb + (rt - rb) * (y - base_h) / (height - base_h)

    outline = shapely_box(
        -base_w / 2 + 0.03, -base_w / 2 + 0.03, base_w / 2 - 0.03, base_w / 2 - 0.03
    ).buffer(0.03)
    base = extrude(
        list(outline.exterior.coords)[:-1], base_h, center=(0, base_h / 2, 0), color=BLACK, axis="y"
    )
    body = revolve(
        [
            (0.0, base_h),
            (rb + 0.01, base_h),
            (rb, base_h + 0.012),
            (rt, height - 0.008),
            (rt * 0.85, height),
            (0.0, height),
        ],
        color=CONE_ORANGE,
    )
    parts = [base, body, cylinder(rb + 0.02, 0.012, center=(0, base_h + 0.005, 0), color=BLACK)]
    for y0, y1 in ((0.58, 0.72), (0.36, 0.46)):
        a, b = base_h + y0 * (height - base_h), base_h + y1 * (height - base_h)
        parts.append(revolve([(0.0, a), (r_at(a) + 0.0025, a), (r_at(b) + 0.0025, b), (0.0, b)], color=WHITE))
    return _rest(assemble(parts))


def cardboard_box(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Closed cardboard shipping box, taped along the top seam, with a label and 'this way up' arrows."""
    w = vary(rng, 0.40, 0.15)
    h = vary(rng, 0.30, 0.15)
    d = vary(rng, 0.30, 0.15)
    tape_w = 0.05
    parts = [
        box((w, h, d), center=(0, h / 2, 0), color=KRAFT),
        box((w + 0.002, 0.0015, 0.003), center=(0, h + 0.0002, 0), color=KRAFT_DARK),  # flap seam
        box((w + 0.003, 0.002, tape_w), center=(0, h + 0.001, 0), color=TAPE),
    ]
    for sgn in (1.0, -1.0):
        parts.append(box((0.002, 0.07, tape_w), center=(sgn * (w / 2 + 0.001), h - 0.035, 0), color=TAPE))
    # Shipping label on the top, off the tape.
    lx, lz = w * 0.22, -d * 0.27
    parts += [
        box((0.11, 0.002, 0.075), center=(lx, h + 0.001, lz), color=WHITE),
        *[
            box(
                (0.07 - 0.015 * k, 0.0025, 0.005),
                center=(lx - 0.012 + 0.0075 * k, h + 0.001, lz - 0.02 + 0.015 * k),
                color=(60, 60, 60, 255),
            )
            for k in range(3)
        ],
    ]
    # Two "this way up" arrows printed on the front (+z).
    arrow = [
        (-0.006, 0.0),
        (0.006, 0.0),
        (0.006, 0.035),
        (0.016, 0.035),
        (0.0, 0.055),
        (-0.016, 0.035),
        (-0.006, 0.035),
    ]
    for dx in (-0.022, 0.022):
        parts.append(extrude(arrow, 0.002, center=(-w / 2 + 0.07 + dx, h - 0.09, d / 2), color=BLACK))
    parts.append(box((0.08, 0.004, 0.002), center=(-w / 2 + 0.07, h - 0.098, d / 2), color=BLACK))
    return _rest(assemble(parts))


def basket(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Oval wicker basket, open at the top, woven in stacked strands, with an arched handle."""
    a = vary(rng, 0.19, 0.1)  # half-length (x) at the rim
    b = vary(rng, 0.14, 0.1)  # half-width (z) at the rim
    body_h = vary(rng, 0.14, 0.15)
    handle_h = vary(rng, 0.10, 0.15)
    sr = 0.0085
    n_rows = max(4, round((body_h - 0.012) / (2 * sr * 0.95)))
    parts = []
    for k in range(n_rows):
        y = 0.012 + sr + k * (body_h - 0.012 - 2 * sr) / (n_rows - 1)
        s = 0.82 + 0.18 * y / body_h
        col = WICKER if k % 2 == 0 else WICKER_DARK
        parts.append(tube(ellipse_points(a * s, b * s, 72, y), sr, col, closed=True, sections=8))
    parts.append(tube(ellipse_points(a, b, 72, body_h + 0.006), 0.011, DARK_WOOD, closed=True, sections=10))
    parts.append(
        tube(ellipse_points(a * 0.82, b * 0.82, 72, 0.012), 0.011, WICKER_DARK, closed=True, sections=8)
    )
    floor = cylinder(1.0, 0.012, center=(0, 0.012, 0), color=WICKER_DARK, sections=48)
    floor.apply_scale([a * 0.82, 1.0, b * 0.82])
    parts.append(floor)
    # Vertical stakes on the outside give the weave its ribs.
    n_st = 20
    for t in np.linspace(0, 2 * np.pi, n_st, endpoint=False):
        ys = np.array([0.01, body_h])
        ss = 0.82 + 0.18 * ys / body_h
        pts = np.stack([a * ss * np.cos(t) * 1.04, ys, b * ss * np.sin(t) * 1.04], axis=1)
        parts.append(tube(pts, 0.004, WICKER_DARK, sections=6))
    # Handle arching over the long axis.
    ang = np.linspace(0, np.pi, 40)
    hp = np.stack([a * 0.98 * np.cos(ang), body_h + handle_h * np.sin(ang), np.zeros_like(ang)], axis=1)
    parts.append(tube(hp, 0.011, DARK_WOOD, sections=10))
    return _rest(assemble(parts))


def umbrella(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Closed umbrella standing on its tip: furled fluted canopy with a strap, J crook handle on top."""
    col = pick(rng, [(30, 40, 90, 255), BLACK, (170, 30, 40, 255), (40, 110, 70, 255)])
    height = vary(rng, 0.9, 0.08)
    s = height / 0.9
    rc = vary(rng, 0.03, 0.08)
    ferrule = revolve([(0.0, 0.0), (0.004, 0.002), (0.005, 0.05 * s), (0.0, 0.05 * s)], color=STEEL)
    c0, c1 = 0.045 * s, 0.70 * s
    prof = [
        (0.0, c0),
        (rc * 0.25, c0 + 0.01),
        (rc * 0.75, c0 + 0.12 * s),
        (rc, c0 + 0.3 * s),
        (rc * 0.92, c0 + 0.45 * s),
        (rc * 0.55, c1 - 0.03 * s),
        (rc * 0.3, c1),
        (0.0, c1 + 0.005),
    ]
    canopy = revolve(prof, color=col, sections=64)
    v = canopy.vertices
    theta = np.arctan2(v[:, 2], v[:, 0])
    fold = 1.0 + 0.16 * np.abs(np.cos(4 * theta)) - 0.08
    v[:, 0] *= fold
    v[:, 2] *= fold
    canopy.vertices = v
    strap_y = c0 + 0.38 * s
    parts = [
        ferrule,
        canopy,
        torus(rc * 1.02, 0.0035, center=(0, strap_y, 0), color=col),
        cylinder(0.006, 0.004, center=(0, strap_y, rc * 1.06), color=STEEL, axis="z"),
        cylinder(0.0045, 0.08 * s, center=(0, c1 + 0.03 * s, 0), color=DARK_METAL),
    ]
    for t in np.linspace(0, 2 * np.pi, 8, endpoint=False):
        parts.append(
            sphere(
                0.0028,
                center=(rc * 0.3 * np.cos(t), c1 - 0.005, rc * 0.3 * np.sin(t)),
                color=STEEL,
                subdivisions=1,
            )
        )
    handle_col = pick(rng, [DARK_WOOD, BLACK, WOOD])
    grip_y0 = c1 + 0.06 * s
    grip_y1 = height - 0.05
    hook = vary(rng, 0.02, 0.08)
    parts += [
        cylinder(0.0115, grip_y1 - grip_y0, center=(0, (grip_y0 + grip_y1) / 2, 0), color=handle_col),
        torus(
            hook,
            0.0105,
            center=(hook, grip_y1, 0),
            color=handle_col,
            axis="z",
            arc=np.pi * 1.15,
            rotation=(0, 0, -0.15 * 180),
        ),
    ]
    return _rest(assemble(parts))


def _guitar_outline(lower: float, upper: float, length: float) -> Polygon:
    """Figure-of-eight acoustic guitar body outline in the x-y plane, bottom at y = 0."""
    lh, uh = length * 0.29, length * 0.22
    low = affinity.scale(Point(0, lh).buffer(1.0, quad_segs=24), lower, lh)
    up = affinity.scale(Point(0, length - uh).buffer(1.0, quad_segs=24), upper, uh)
    waist = affinity.scale(Point(0, length * 0.58).buffer(1.0, quad_segs=16), lower * 0.6, length * 0.14)
    shape = low.union(up).union(waist).buffer(0.05, quad_segs=8).buffer(-0.05, quad_segs=8)
    return shape.simplify(0.0008)


def guitar(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Acoustic guitar standing upright, soundboard toward +z: figure-eight body, soundhole, neck, head."""
    lower = vary(rng, 0.19, 0.07)
    upper = vary(rng, 0.142, 0.07)
    blen = vary(rng, 0.50, 0.06)
    depth = vary(rng, 0.09, 0.1)
    top_col = pick(rng, [(222, 180, 120, 255), (190, 120, 60, 255), (60, 45, 40, 255)])
    side_col = pick(rng, [(120, 62, 30, 255), DARK_WOOD, (150, 90, 45, 255)])
    outline = _guitar_outline(lower, upper, blen)
    zt = depth / 2
    parts = [
        extrude(list(outline.exterior.coords)[:-1], depth, color=side_col),
        extrude(
            list(outline.buffer(-0.005).exterior.coords)[:-1],
            0.003,
            center=(0, 0, zt + 0.0005),
            color=top_col,
        ),
    ]
    # Soundhole with a rosette.
    hole_y = blen * 0.66
    parts += [
        cylinder(0.052, 0.002, center=(0, hole_y, zt + 0.0015), color=(70, 45, 30, 255), axis="z"),
        cylinder(0.047, 0.0025, center=(0, hole_y, zt + 0.002), color=(235, 225, 200, 255), axis="z"),
        cylinder(0.043, 0.003, center=(0, hole_y, zt + 0.0025), color=(20, 16, 14, 255), axis="z"),
    ]
    # Bridge with saddle.
    bridge_y = lower * 0.78
    parts += [
        box((0.15, 0.026, 0.008), center=(0, bridge_y, zt + 0.004), color=(45, 30, 22, 255)),
        box((0.075, 0.003, 0.004), center=(0, bridge_y + 0.005, zt + 0.009), color=(240, 236, 222, 255)),
    ]
    # Neck, fretboard and frets.
    scale_len = 0.645
    saddle_y = bridge_y + 0.005
    nut_y = saddle_y + scale_len
    neck_y0 = blen - 0.01
    fb_z = zt + 0.008
    neck = extrude(
        [(-0.028, neck_y0), (0.028, neck_y0), (0.0225, nut_y), (-0.0225, nut_y)],
        0.022,
        center=(0, 0, zt - 0.005),
        color=side_col,
    )
    fb_y0 = hole_y + 0.048
    fb = extrude(
        [(-0.0285, fb_y0), (0.0285, fb_y0), (0.0222, nut_y), (-0.0222, nut_y)],
        0.006,
        center=(0, 0, fb_z),
        color=(45, 32, 26, 255),
    )
    parts += [neck, fb, box((0.045, 0.004, 0.01), center=(0, nut_y + 0.002, fb_z + 0.001), color=WHITE)]
    for n in range(1, 21):
        fy = nut_y - scale_len * (1 - 2 ** (-n / 12))
        if fy < fb_y0 + 0.004:
            break
        half = 0.0222 + (0.0285 - 0.0222) * (nut_y - fy) / (nut_y - fb_y0)
        parts.append(box((2 * half, 0.0015, 0.0015), center=(0, fy, fb_z + 0.0035), color=STEEL))
    # Headstock, tilted back, with three tuners a side.
    hs_len = 0.18
    head = [
        extrude(
            [
                (-0.024, 0.0),
                (0.024, 0.0),
                (0.037, hs_len * 0.85),
                (0.03, hs_len),
                (-0.03, hs_len),
                (-0.037, hs_len * 0.85),
            ],
            0.016,
            color=side_col,
        ),
    ]
    for k in range(3):
        ty = hs_len * (0.28 + 0.25 * k)
        for sgn in (1.0, -1.0):
            head += [
                cylinder(0.003, 0.022, center=(sgn * 0.04, ty, 0), color=STEEL, axis="x"),
                box((0.006, 0.014, 0.008), center=(sgn * 0.052, ty, 0), color=(235, 230, 215, 255)),
                cylinder(0.005, 0.006, center=(sgn * 0.02, ty, 0.01), color=STEEL, axis="z"),
            ]
    hs = assemble(head)
    rotate(hs, (-12, 0, 0))
    hs.apply_translation([0, nut_y + 0.004, zt + 0.002])
    parts.append(hs)
    # Strings from the bridge to the nut.
    for k in range(6):
        xb = (k - 2.5) * 0.0105
        xn = (k - 2.5) * 0.0072
        parts.append(
            tube(
                [(xb, saddle_y, fb_z + 0.006), (xn, nut_y, fb_z + 0.005)],
                0.0007,
                (210, 210, 200, 255),
                sections=5,
            )
        )
    return _rest(assemble(parts))


def _rounded_outline(w: float, h: float, dome: float, corner: float) -> list[tuple[float, float]]:
    """Backpack-like outline in the x-y plane: straight sides, rounded bottom corners, domed top."""
    body = shapely_box(-w / 2, 0, w / 2, h - dome)
    top = affinity.scale(Point(0, h - dome).buffer(1.0, quad_segs=24), w / 2, dome)
    shape = body.union(top).buffer(-corner, quad_segs=8).buffer(corner, quad_segs=8)
    return [(float(x), float(y)) for x, y in list(shape.simplify(0.0005).exterior.coords)[:-1]]


def backpack(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Backpack standing upright: front pocket toward +z, shoulder straps at the back (-z), top loop."""
    col = pick(rng, [(40, 80, 160, 255), (190, 45, 45, 255), (60, 110, 70, 255), (70, 70, 75, 255)])
    trim = (35, 35, 40, 255)
    w = vary(rng, 0.30, 0.08)
    h = vary(rng, 0.43, 0.08)
    d = vary(rng, 0.12, 0.1)
    outline = _rounded_outline(w, h, w * 0.42, 0.04)
    parts = [extrude(outline, d, color=col)]
    # Piping along the front and back edges.
    ring = np.asarray([(x, y) for x, y in outline])
    for z in (d / 2, -d / 2):
        pts = np.column_stack([ring[:, 0], ring[:, 1], np.full(len(ring), z)])
        parts.append(tube(pts, 0.004, trim, closed=True, sections=6))
    # Main zipper over the dome, on the front face.
    top_pts = ring[ring[:, 1] > h * 0.55]
    top_pts = top_pts[np.argsort(top_pts[:, 0])] * [0.93, 1.0] + [0, -0.02]
    zip_pts = np.column_stack([top_pts[:, 0], top_pts[:, 1], np.full(len(top_pts), d / 2 + 0.001)])
    parts.append(tube(zip_pts, 0.003, DARK_METAL, sections=6))
    parts.append(
        box(
            (0.012, 0.03, 0.004),
            center=(zip_pts[-1][0] - 0.01, zip_pts[-1][1] - 0.02, d / 2 + 0.004),
            color=trim,
        )
    )
    # Front pocket.
    pw, ph, pd = w * 0.74, h * 0.42, vary(rng, 0.035, 0.15)
    pocket = _rounded_outline(pw, ph, pw * 0.3, 0.03)
    parts.append(extrude(pocket, pd, center=(0, h * 0.08, d / 2 + pd / 2), color=col))
    pr = np.asarray(pocket)
    ptop = pr[pr[:, 1] > ph * 0.45]
    ptop = ptop[np.argsort(ptop[:, 0])]
    parts.append(
        tube(
            np.column_stack(
                [ptop[:, 0] * 0.98, ptop[:, 1] + h * 0.08 - 0.004, np.full(len(ptop), d / 2 + pd)]
            ),
            0.003,
            DARK_METAL,
            sections=6,
        )
    )
    parts.append(
        box(
            (0.012, 0.03, 0.004),
            center=(ptop[-1][0] - 0.02, ph + h * 0.08 - 0.03, d / 2 + pd + 0.002),
            color=trim,
        )
    )
    # Bottom panel and top grab loop.
    parts.append(box((w * 0.96, 0.012, d + 0.004), center=(0, 0.006, 0), color=trim))
    parts.append(torus(0.035, 0.006, center=(0, h - 0.008, -d * 0.2), color=trim, axis="z", arc=np.pi))
    # Shoulder straps on the back.
    t = np.linspace(0, 1, 24)
    for sgn in (1.0, -1.0):
        xs = sgn * (0.045 + (w * 0.36 - 0.045) * t**0.7)
        ys = h * 0.88 - t * (h * 0.8)
        zs = -d / 2 - 0.006 - 0.028 * np.sin(np.pi * np.clip(t * 1.1, 0, 1))
        pts = np.column_stack([xs, ys, zs])
        parts.append(tube(pts, 0.005, trim, sections=10, up=(0, 0, 1), radius2=0.028))
    # Side bottle pockets.
    for sgn in (1.0, -1.0):
        parts.append(box((0.02, h * 0.25, d * 0.75), center=(sgn * (w / 2 + 0.008), h * 0.14, 0), color=trim))
    return _rest(assemble(parts))


def stool(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Wooden bar stool: round seat on four splayed legs with a steel footrest ring."""
    height = vary(rng, 0.65, 0.12)
    seat_r = vary(rng, 0.17, 0.1)
    foot_r = vary(rng, 0.2, 0.08)
    seat_t = 0.035
    top_r = seat_r * 0.62
    seat_col = pick(rng, [WOOD, LIGHT_WOOD, (40, 40, 44, 255)])
    leg_col = pick(rng, [DARK_WOOD, (40, 40, 44, 255), STEEL])
    seat = revolve(
        [
            (0.0, height - seat_t),
            (seat_r - 0.01, height - seat_t),
            (seat_r, height - seat_t + 0.01),
            (seat_r, height - 0.008),
            (seat_r - 0.008, height),
            (0.0, height),
        ],
        color=seat_col,
    )
    parts = [seat, cylinder(top_r + 0.02, 0.03, center=(0, height - seat_t - 0.015, 0), color=leg_col)]
    leg_r = 0.0145
    n_legs = 4
    ring_y = height * 0.33
    for k in range(n_legs):
        t = np.pi / 4 + 2 * np.pi * k / n_legs
        c, s = np.cos(t), np.sin(t)
        p0 = (top_r * c, height - seat_t - 0.01, top_r * s)
        p1 = (foot_r * c, leg_r, foot_r * s)
        parts.append(capsule_between(p0, p1, leg_r, leg_col))
    fr = foot_r + (top_r - foot_r) * (ring_y - leg_r) / (height - seat_t - 0.01 - leg_r)
    parts.append(torus(fr, 0.008, center=(0, ring_y, 0), color=STEEL))
    return _rest(assemble(parts))


GENERATORS: dict[str, Callable[[np.random.Generator | None], trimesh.Trimesh]] = {
    "teddy_bear": teddy_bear,
    "rubber_duck": rubber_duck,
    "lego_brick": lego_brick,
    "traffic_cone": traffic_cone,
    "cardboard_box": cardboard_box,
    "basket": basket,
    "umbrella": umbrella,
    "guitar": guitar,
    "backpack": backpack,
    "stool": stool,
}

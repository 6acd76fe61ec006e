"""Procedural templates for desk and office items (monitor, keyboard, pen, printer, ...).

Furniture and bedroom items live in `office_furniture`; both registries are merged into `GENERATORS`.
All objects are in metres, +y up, front (the side a user faces) toward +z; elongated hand-held
items lie flat along x with the working end at +x.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import trimesh

from oorkit.assets.procedural.office_furniture import GENERATORS as FURNITURE_GENERATORS
from oorkit.assets.procedural.office_parts import (
    aim,
    flatten_below,
    key_rows,
    pick,
    pt,
    rbox,
    rod,
    settle,
    shade_inside,
    v,
)
from oorkit.assets.procedural.primitives import (
    BLACK,
    BLUE,
    DARK_METAL,
    GREEN,
    ORANGE,
    PLASTIC_GREY,
    RED,
    STEEL,
    WHITE,
    YELLOW,
    box,
    colored,
    cone,
    cylinder,
    extrude,
    revolve,
    sphere,
    torus,
)

SCREEN = (32, 58, 102, 255)
SCREEN_DARK = (18, 22, 30, 255)
SILVER = (200, 203, 208, 255)
CHARCOAL = (55, 57, 63, 255)
PAPER = (250, 250, 246, 255)
CREAM = (238, 230, 205, 255)
GOLD = (212, 175, 55, 255)
PINK = (235, 140, 150, 255)
BULB = (255, 244, 190, 255)
ICON_COLORS = [
    (230, 80, 70, 255),
    (70, 170, 90, 255),
    (70, 130, 220, 255),
    (245, 190, 50, 255),
    (160, 90, 200, 255),
    (240, 240, 240, 255),
    (40, 180, 200, 255),
    (240, 120, 40, 255),
]
BOOK_COLORS = [
    (130, 30, 35, 255),
    (30, 60, 110, 255),
    (35, 90, 55, 255),
    (60, 45, 35, 255),
    (180, 140, 60, 255),
    (90, 40, 90, 255),
]


def monitor(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Flat-panel computer monitor on a stand, screen facing +z."""
    w = v(rng, 0.6)
    ph = v(rng, 0.355, 0.1)
    lift = v(rng, 0.09, 0.2)
    t = 0.022
    yc, zc = lift + ph / 2, 0.03
    front = zc + t / 2
    parts = [
        rbox((w, ph, t), (0, yc, zc), BLACK, 0.006, "z"),
        box((w - 0.018, ph - 0.032, 0.002), (0, yc + 0.007, front), SCREEN),
        box((w - 0.018, 0.012, 0.0024), (0, yc + 0.007 - (ph - 0.032) / 2 + 0.006, front), SCREEN_DARK),
        cylinder(0.0018, 0.002, (w / 2 - 0.03, lift + 0.008, front), (120, 220, 255, 255), axis="z"),
        rbox((w * 0.45, ph * 0.5, 0.03), (0, yc, zc - t / 2 - 0.012), CHARCOAL, 0.02, "z"),
        box((0.05, yc - 0.01, 0.02), (0, (yc - 0.01) / 2 + 0.01, zc - t / 2 - 0.034), CHARCOAL),
        rbox((v(rng, 0.26), 0.012, 0.19), (0, 0.006, -0.005), CHARCOAL, 0.05, "y"),
    ]
    return settle(parts)


def _keyboard_layout() -> tuple[list[list[float]], list[list[float]], list[list[float]]]:
    """Main block, navigation cluster and numeric pad rows (key units, negative = gap)."""
    main: list[list[float]] = [
        [1, -1, 1, 1, 1, 1, -0.5, 1, 1, 1, 1, -0.5, 1, 1, 1, 1],
        [1.0] * 13 + [2.0],
        [1.5] + [1] * 12 + [1.5],
        [1.75] + [1] * 11 + [2.25],
        [2.25] + [1] * 10 + [2.75],
        [1.25, 1.25, 1.25, 6.25, 1.25, 1.25, 1.25, 1.25],
    ]
    nav: list[list[float]] = [[1, 1, 1], [1, 1, 1], [1, 1, 1], [], [-1, 1], [1, 1, 1]]
    pad: list[list[float]] = [[], [1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1], [2, 1, 1]]
    return main, nav, pad


def keyboard(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Full-size computer keyboard with light keys on a dark base, typing side toward +z."""
    p = v(rng, 0.0185, 0.08)
    main, nav, pad = _keyboard_layout()
    units = 23.0
    width = units * p + 0.02
    depth = 6.3 * p + 0.025
    key_c = pick(rng, [(228, 228, 230, 255), (40, 40, 44, 255)])
    base_c = CHARCOAL if key_c[0] > 100 else PLASTIC_GREY
    parts = [rbox((width, 0.018, depth), (0, 0.009, 0), base_c, 0.008, "y")]
    x0 = -units * p / 2
    z_back = -depth / 2 + 0.0125 + p / 2
    for i in range(6):
        z = z_back + i * p + (0.0 if i == 0 else 0.3 * p)
        y = 0.018 - 0.0006 * i
        for row, dx in ((main, 0.0), (nav, 15.5), (pad, 19.0)):
            parts += key_rows([row[i]], p, (x0 + dx * p, y, z), 0.01, key_c)
    # slight wedge: rear feet lift the back
    parts.append(box((width * 0.9, 0.004, 0.02), (0, 0.002, -depth / 2 + 0.015), base_c))
    return settle(parts)


def mouse(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Computer mouse, buttons pointing away from the user (-z), palm end toward +z."""
    w, h, d = v(rng, 0.062, 0.1), v(rng, 0.038, 0.1), v(rng, 0.11, 0.1)
    body_c = pick(rng, [CHARCOAL, (235, 235, 238, 255), (40, 40, 44, 255)])
    shell = sphere(1.0, (0, 0, 0), body_c, scale=(w / 2, h * 1.25, d / 2), subdivisions=4)
    verts = np.array(shell.vertices)
    verts[:, 1] -= h * 0.25
    verts[:, 1] *= np.where(verts[:, 1] > 0, 1.0 + 0.18 * verts[:, 2] / (d / 2), 1.0)
    shell.vertices = verts
    flatten_below(shell, 0.002)

    def top_at(z: float) -> float:
        """Height of the shell's crest at depth z."""
        y = h * 1.25 * np.sqrt(max(1.0 - (z / (d / 2)) ** 2, 0.0)) - h * 0.25
        return y * (1.0 + 0.18 * z / (d / 2)) if y > 0 else y

    zw = -d * 0.27
    parts = [
        shell,
        rbox((w * 0.8, 0.003, d * 0.85), (0, 0.0015, 0), BLACK, 0.02, "y"),
        cylinder(0.0075, 0.0055, (0, top_at(zw) - 0.0035, zw), (110, 112, 118, 255), axis="x"),
    ]
    for z in np.linspace(-d * 0.36, -d * 0.04, 14):
        if abs(z - zw) > 0.009:
            parts.append(box((0.0012, 0.004, d * 0.026), (0, top_at(float(z)) - 0.0017, float(z)), BLACK))
    return settle(parts)


def laptop(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Open laptop: keyboard base toward the user (+z), screen lid hinged at the back facing +z."""
    w, d = v(rng, 0.34, 0.1), v(rng, 0.21, 0.1)
    lid_h = d * v(rng, 1.0, 0.05)
    tilt = v(rng, 10.0, 0.5)
    body_c = pick(rng, [SILVER, CHARCOAL, (215, 200, 190, 255)])
    bt = 0.016
    hinge_z = -d / 2
    parts = [rbox((w, bt, d), (0, bt / 2, 0), body_c, 0.01, "y")]
    p = 0.0185 * w / 0.34
    rows: list[list[float]] = [
        [1.0] * 14,
        [1.0] * 14,
        [1.5] + [1.0] * 11 + [1.5],
        [1.75] + [1] * 10 + [2.25],
        [2.25] + [1] * 9 + [2.75],
        [1, 1, 1, 1, 5, 1, 1, 1, 1, 1],
    ]
    parts += key_rows(rows, p, (-7 * p, bt - 0.001, hinge_z + 0.02), 0.0018, (35, 35, 38, 255))
    parts.append(
        box((0.32 * w, 0.001, 0.28 * d), (0, bt, hinge_z + 0.02 + 6 * p + 0.18 * d), (170, 173, 178, 255))
    )
    lt = 0.007
    lid = [
        rbox((w, lid_h, lt), (0, lid_h / 2, -lt / 2), body_c, 0.01, "z"),
        box((w - 0.012, lid_h - 0.012, 0.0012), (0, lid_h / 2, 0.0), BLACK),
        box((w - 0.024, lid_h - 0.03, 0.0016), (0, lid_h / 2 + 0.004, 0.0), SCREEN),
    ]
    rot = trimesh.transformations.rotation_matrix(np.radians(-tilt), [1, 0, 0])
    for m in lid:
        m.apply_transform(rot)
        m.apply_translation([0, bt, hinge_z + lt])
    parts += lid
    parts.append(cylinder(0.005, w * 0.8, (0, bt, hinge_z + 0.004), (80, 82, 88, 255), axis="x"))
    return settle(parts)


def desk_lamp(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Articulated desk lamp: round base at the back, arms up, shade hanging forward (+z) and down."""
    arm_c = pick(rng, [CHARCOAL, WHITE, (200, 50, 45, 255)])
    shade_c = arm_c
    base_r = v(rng, 0.09, 0.1)
    base_z = -0.06
    j0 = np.array([0.0, 0.035, base_z - 0.015])
    j1 = np.array([0.0, v(rng, 0.3, 0.1), base_z - v(rng, 0.05, 0.3)])
    j2 = np.array([0.0, j1[1] + v(rng, 0.1, 0.2), v(rng, 0.03, 0.3)])
    parts = [
        cylinder(base_r, 0.022, (0, 0.011, base_z), arm_c, sections=48),
        cylinder(base_r * 0.92, 0.004, (0, 0.023, base_z), (90, 92, 98, 255), sections=48),
        cylinder(0.008, 0.006, (0.045, 0.026, base_z + 0.03), BLACK),
        box((0.03, 0.03, 0.03), (0, 0.035, j0[2]), arm_c),
    ]
    for a, b in ((j0, j1), (j1, j2)):
        for dx in (-0.012, 0.012):
            parts.append(rod(a + np.array([dx, 0, 0]), b + np.array([dx, 0, 0]), 0.0045, arm_c))
    for j in (j0, j1, j2):
        parts.append(cylinder(0.011, 0.036, pt(j), STEEL, axis="x"))
    length, r_mouth, r_top, t = v(rng, 0.13, 0.1), v(rng, 0.078, 0.1), 0.022, 0.003
    profile = [
        (0, 0),
        (r_top, 0),
        (r_top + 0.012, 0.03),
        (r_mouth, length),
        (r_mouth - t, length),
        (r_top + 0.012 - t, 0.03 + t),
        (r_top - t, t),
        (0, t),
    ]
    shade = shade_inside(revolve(profile, (0, 0, 0), shade_c), (245, 240, 225, 255))
    bulb = sphere(0.025, (0, length * 0.6, 0), BULB)
    direction = np.array([0.0, -1.0, 0.5])
    direction /= np.linalg.norm(direction)
    for m in (shade, bulb):
        m.apply_translation([0, -0.005, 0])
        aim(m, (0, 1, 0), direction)
        m.apply_translation(j2)
    parts += [shade, bulb]
    return settle(parts)


def book(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Closed hardcover book lying flat, spine at -x, top edge away from the reader (-z)."""
    w, d, t = v(rng, 0.16), v(rng, 0.23), v(rng, 0.035, 0.2)
    cover_c = pick(rng, BOOK_COLORS)
    c = 0.0025
    parts = [
        box((w - 0.004, c, d), (0.002, c / 2, 0), cover_c),
        box((w - 0.004, c, d), (0.002, t - c / 2, 0), cover_c),
        box((w - 0.012, t - 2 * c, d - 0.008), (0.002, t / 2, 0), CREAM),
        box((0.09 * w / 0.16, 0.0006, 0.035), (0.006, t, -d * 0.22), GOLD),
        box((0.06 * w / 0.16, 0.0006, 0.006), (0.006, t, -d * 0.22 + 0.03), GOLD),
    ]
    spine = cylinder(t / 2, d, (0, 0, 0), cover_c, axis="z", sections=24)
    spine.apply_scale([0.28, 1, 1])
    spine.apply_translation([-w / 2 + 0.004, t / 2, 0])
    parts.append(spine)
    for zb in (-d * 0.4, d * 0.4):
        band = cylinder(t / 2 + 0.0004, 0.004, (0, 0, 0), GOLD, axis="z", sections=24)
        band.apply_scale([0.3, 1, 1])
        band.apply_translation([-w / 2 + 0.004, t / 2, zb])
        parts.append(band)
    return settle(parts)


def pen(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Click ballpoint pen lying along x, writing tip at +x, clip on top."""
    length, r = v(rng, 0.14, 0.1), v(rng, 0.0052, 0.08)
    body_c = pick(rng, [BLUE, BLACK, RED, WHITE, (40, 120, 80, 255)])
    x0 = -length / 2
    grip_a, grip_b = x0 + 0.72 * length, x0 + 0.9 * length
    tip_len = length - 0.9 * length - 0.004
    parts = [
        cylinder(r * 0.55, 0.009, (x0 + 0.0045, r, 0), STEEL, axis="x"),
        cylinder(r, grip_a - x0 - 0.008, ((x0 + 0.008 + grip_a) / 2, r, 0), body_c, axis="x"),
        cylinder(r * 1.05, grip_b - grip_a, ((grip_a + grip_b) / 2, r, 0), BLACK, axis="x"),
        cone(r, tip_len, (grip_b + tip_len / 2, r, 0), STEEL, axis="x"),
        sphere(0.0006, (grip_b + tip_len, r, 0), DARK_METAL, subdivisions=1),
        box((0.045, 0.0012, 0.0028), (x0 + 0.038, 2 * r + 0.0014, 0), STEEL),
        box((0.006, 0.0024, 0.0028), (x0 + 0.014, 2 * r + 0.0004, 0), STEEL),
        sphere(0.0012, (x0 + 0.059, 2 * r + 0.0006, 0), STEEL, subdivisions=1),
    ]
    return settle(parts)


def pencil(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Hexagonal wooden pencil lying along x: eraser at -x, sharpened graphite tip at +x."""
    length = v(rng, 0.18, 0.15)
    r = 0.0038
    body_c = pick(rng, [YELLOW, RED, GREEN, BLUE])
    x0 = -length / 2
    cone_len = 0.022
    body_a, body_b = x0 + 0.018, length / 2 - cone_len
    parts = [
        cylinder(0.0033, 0.009, (x0 + 0.0045, r, 0), PINK, axis="x"),
        cylinder(r * 1.03, 0.01, (x0 + 0.013, r, 0), STEEL, axis="x"),
        cylinder(r, body_b - body_a, ((body_a + body_b) / 2, r, 0), body_c, axis="x", sections=6),
        cone(r * 0.9, cone_len, (body_b + cone_len / 2, r, 0), (225, 190, 140, 255), axis="x", sections=24),
        cone(0.0011, 0.0068, (length / 2 - 0.0034 + 0.0006, r, 0), DARK_METAL, axis="x", sections=16),
    ]
    return settle(parts)


def notebook(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Closed spiral-bound notebook lying flat, coil along the left edge (-x)."""
    w, d, t = v(rng, 0.15), v(rng, 0.21), v(rng, 0.0095, 0.12)
    cover_c = pick(rng, [(45, 110, 160, 255), (200, 60, 50, 255), (60, 140, 80, 255), (40, 40, 44, 255)])
    c = 0.0012
    parts = [
        box((w, c, d), (0, c / 2, 0), (70, 70, 74, 255)),
        box((w - 0.003, t - 2 * c, d - 0.003), (0.0005, t / 2, 0), PAPER),
        box((w, c, d), (0, t - c / 2, 0), cover_c),
        box((0.07, 0.0005, 0.03), (0.01, t, -d * 0.25), WHITE),
        box((0.05, 0.0006, 0.0015), (0.01, t + 0.0001, -d * 0.25 - 0.004), (120, 120, 125, 255)),
        box((0.05, 0.0006, 0.0015), (0.01, t + 0.0001, -d * 0.25 + 0.004), (120, 120, 125, 255)),
    ]
    n = round(d / 0.0095)
    for i in range(n):
        z = (i - (n - 1) / 2) * 0.0095
        ring = trimesh.creation.torus(t / 2 + 0.0009, 0.0007, major_sections=14, minor_sections=6)
        ring.apply_translation([-w / 2 + 0.004, t / 2, z])
        parts.append(colored(ring, STEEL))
    return settle(parts)


def stapler(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Desk stapler lying along x: hinge at -x, stapling head at +x."""
    length, h, d = v(rng, 0.16, 0.1), v(rng, 0.058, 0.1), v(rng, 0.038, 0.1)
    arm_c = pick(rng, [(170, 35, 35, 255), BLACK, (50, 90, 170, 255)])
    hx = length / 2
    arm = [
        (-hx + 0.004, 0.022),
        (hx - 0.004, 0.022),
        (hx, 0.026),
        (hx - 0.002, h - 0.02),
        (hx - 0.03, h - 0.006),
        (-hx * 0.3, h),
        (-hx + 0.012, h - 0.004),
        (-hx + 0.002, h - 0.016),
    ]
    parts = [
        rbox((length, 0.012, d), (0, 0.006, 0), BLACK, 0.012, "y"),
        box((0.03, 0.0015, d * 0.5), (hx - 0.02, 0.0125, 0), STEEL),
        box((0.024, 0.016, d * 0.8), (-hx + 0.014, 0.02, 0), DARK_METAL),
        cylinder(0.004, d * 0.9, (-hx + 0.012, 0.026, 0), STEEL, axis="z"),
        box((length * 0.82, 0.008, d * 0.62), (0.0, 0.021, 0), STEEL),
        extrude(arm, d * 0.92, (0, 0, 0), arm_c, axis="z"),
        box((0.012, 0.01, d * 0.5), (hx - 0.012, 0.018, 0), DARK_METAL),
    ]
    return settle(parts)


def scissors(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Closed office scissors lying flat: finger loops at -x, pointed blades at +x."""
    handle_c = pick(rng, [(205, 45, 40, 255), ORANGE, BLACK, BLUE])
    blade_len = v(rng, 0.085, 0.1)
    pivot = np.array([0.012, 0.0, 0.0])
    spread = v(rng, 4.0, 0.5)
    bt = 0.0022
    parts = []
    for sign, layer in ((1, 0), (-1, 1)):
        blade = [
            (-0.03, -0.008 * sign),
            (0.0, -0.0095 * sign),
            (blade_len, -0.0006 * sign),
            (blade_len + 0.002, 0.0008 * sign),
            (0.0, 0.0055 * sign),
            (-0.03, 0.005 * sign),
        ]
        m = extrude(blade, bt, (0, 0, 0), STEEL, axis="y")
        m.apply_transform(trimesh.transformations.rotation_matrix(np.radians(sign * spread), [0, 1, 0]))
        m.apply_translation(pivot + np.array([0, 0.004 + bt * (layer + 0.5), 0]))
        parts.append(m)
        zc = 0.019 * sign
        loop = torus(0.0165, 0.0042, (0, 0, 0), handle_c, axis="y")
        loop.apply_scale([1.3, 1.0, 1.0])
        loop.apply_translation([-0.072, 0.0042, zc])
        parts.append(loop)
        parts.append(
            rod((-0.05, 0.0042, zc * 0.75), (-0.012, 0.0042 + bt * layer, 0.004 * sign), 0.004, handle_c)
        )
    parts.append(cylinder(0.0035, 0.008, pt(pivot + np.array([0, 0.0065, 0])), DARK_METAL))
    return settle(parts)


def smartphone(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Smartphone lying screen-up, top (camera) edge away from the user (-z), showing app icons."""
    w, d, t = v(rng, 0.075, 0.08), v(rng, 0.155, 0.08), v(rng, 0.0072, 0.08)
    frame_c = pick(rng, [(60, 62, 68, 255), SILVER, (200, 180, 150, 255)])
    parts = [
        rbox((w, t, d), (0, t / 2, 0), frame_c, 0.009, "y"),
        rbox((w - 0.003, 0.0008, d - 0.003), (0, t + 0.0002, 0), (12, 12, 16, 255), 0.008, "y"),
        rbox((w - 0.007, 0.0008, d - 0.011), (0, t + 0.0004, 0.0005), (45, 75, 140, 255), 0.006, "y"),
        cylinder(0.0018, 0.001, (0, t + 0.0006, -d / 2 + 0.007), BLACK),
        box((0.0012, 0.002, 0.018), (w / 2 + 0.0003, t / 2, -d * 0.18), frame_c),
        box((0.0012, 0.002, 0.012), (-w / 2 - 0.0003, t / 2, -d * 0.22), frame_c),
    ]
    icon, pitch = 0.0105 * w / 0.075, 0.0165 * w / 0.075
    k = 0
    for row in range(5):
        for col in range(4):
            x = (col - 1.5) * pitch
            z = -d / 2 + 0.024 + row * pitch * 1.15
            parts.append(rbox((icon, 0.0008, icon), (x, t + 0.0007, z), ICON_COLORS[k % 8], 0.0025, "y"))
            k += 3
    parts.append(
        rbox((w - 0.014, 0.0007, 0.018), (0, t + 0.0007, d / 2 - 0.017), (80, 110, 170, 255), 0.005, "y")
    )
    for col in range(4):
        x = (col - 1.5) * pitch
        parts.append(
            rbox(
                (icon, 0.0008, icon),
                (x, t + 0.0009, d / 2 - 0.017),
                ICON_COLORS[(col * 5 + 1) % 8],
                0.0025,
                "y",
            )
        )
    return settle(parts)


def trash_can(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Open-top tapered office wastebasket with a bag folded over the rim and paper inside."""
    r_top, r_bot, h = v(rng, 0.145, 0.1), v(rng, 0.115, 0.1), v(rng, 0.39, 0.1)
    body_c = pick(rng, [(70, 74, 82, 255), (60, 110, 160, 255), (190, 192, 196, 255)])
    t = 0.006
    profile = [(0, 0), (r_bot, 0), (r_top, h), (r_top - t, h), (r_bot - t, t), (0, t)]
    body = shade_inside(revolve(profile, (0, 0, 0), body_c, sections=48), (40, 42, 46, 255))
    parts = [
        body,
        torus(r_top - 0.001, 0.0055, (0, h, 0), (25, 25, 28, 255)),
        torus(r_bot + 0.002, 0.004, (0, 0.006, 0), (50, 52, 56, 255)),
    ]
    ball_rng = np.random.default_rng(5) if rng is None else rng
    for x, z in ((0.03, 0.02), (-0.045, -0.03)):
        ball = sphere(0.035, (0, 0, 0), PAPER, subdivisions=1)
        ball.vertices = np.asarray(ball.vertices) * ball_rng.uniform(0.8, 1.15, (len(ball.vertices), 1))
        ball.apply_translation([x, t + 0.03, z])
        parts.append(ball)
    return settle(parts)


def printer(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Inkjet/laser printer: paper feed at the back, output slot and tray toward the user (+z)."""
    w, h, d = v(rng, 0.45, 0.1), v(rng, 0.19, 0.1), v(rng, 0.34, 0.1)
    body_c = pick(rng, [(225, 226, 228, 255), (60, 62, 68, 255)])
    trim_c = (70, 72, 78, 255) if body_c[0] > 100 else (150, 152, 158, 255)
    front = d / 2
    parts = [
        rbox((w, h * 0.84, d), (0, h * 0.42, 0), body_c, 0.02, "y"),
        rbox((w, h * 0.16, d), (0, h * 0.92, 0), trim_c, 0.02, "y"),
        box((w * 0.66, 0.016, 0.004), (0, h * 0.5, front), BLACK),
        box((w * 0.62, 0.005, 0.05), (0, h * 0.46, front + 0.02), trim_c),
        box((0.21, 0.002, 0.03), (0, h * 0.5 - 0.004, front + 0.012), PAPER),
        box((w * 0.8, h * 0.25, 0.004), (0, h * 0.16, front), trim_c if body_c[0] > 100 else body_c),
        box((0.08, 0.012, 0.004), (0, h * 0.2, front + 0.002), BLACK),
        box((0.13, 0.006, 0.05), (w / 2 - 0.08, h, front - 0.04), (40, 42, 46, 255)),
        box((0.05, 0.002, 0.025), (w / 2 - 0.1, h + 0.003, front - 0.04), (120, 200, 230, 255)),
        cylinder(0.005, 0.004, (w / 2 - 0.045, h + 0.003, front - 0.04), GREEN),
    ]
    # paper feed tray rising from the back of the lid, with a stack of sheets
    tray = [
        (-d / 2 + 0.06, h * 0.96),
        (-d / 2 + 0.005, h + 0.06),
        (-d / 2 + 0.0, h + 0.055),
        (-d / 2 + 0.05, h * 0.96 - 0.006),
    ]
    tray_zy = [(-z, y) for z, y in tray]
    parts.append(extrude(tray_zy, w * 0.7, (0, 0, 0), trim_c, axis="x"))
    sheet = [
        (-d / 2 + 0.055, h * 0.96 + 0.004),
        (-d / 2 + 0.012, h + 0.052),
        (-d / 2 + 0.017, h + 0.055),
        (-d / 2 + 0.06, h * 0.96 + 0.009),
    ]
    parts.append(extrude([(-z, y) for z, y in sheet], 0.21, (0, 0, 0), PAPER, axis="x"))
    return settle(parts)


GENERATORS: dict[str, Callable[[np.random.Generator | None], trimesh.Trimesh]] = {
    "monitor": monitor,
    "keyboard": keyboard,
    "mouse": mouse,
    "laptop": laptop,
    "desk_lamp": desk_lamp,
    "book": book,
    "pen": pen,
    "pencil": pencil,
    "notebook": notebook,
    "stapler": stapler,
    "scissors": scissors,
    "smartphone": smartphone,
    "trash_can": trash_can,
    "printer": printer,
    **FURNITURE_GENERATORS,
}

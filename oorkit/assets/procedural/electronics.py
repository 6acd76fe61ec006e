"""Procedural templates: consumer electronics (tablet, speaker, camera, projector, desk fan, ...).

Metres, +y up, the side a user faces (screen, lens, speaker cone) toward +z, lowest point at y = 0.
Flat devices (tablet, e-reader, controller) lie face up.
"""

from __future__ import annotations

import numpy as np
import trimesh

from oorkit.assets.procedural import Generator
from oorkit.assets.procedural.household_parts import puffy
from oorkit.assets.procedural.office_parts import pick, rbox, rod, settle, v
from oorkit.assets.procedural.primitives import (
    BLACK,
    BLUE,
    DARK_METAL,
    GREEN,
    PLASTIC_GREY,
    RED,
    STEEL,
    WHITE,
    WOOD,
    YELLOW,
    box,
    capsule,
    cone,
    cylinder,
    revolve,
    sphere,
    torus,
)

Rng = np.random.Generator | None

SCREEN = (22, 26, 38, 255)
EINK = (205, 205, 198, 255)
CHARCOAL = (55, 57, 63, 255)
SILVER = (200, 202, 206, 255)
GRILLE = (45, 45, 50, 255)
LED = (80, 200, 255, 255)
FABRIC_GREY = (110, 112, 118, 255)
CASES = [BLACK, CHARCOAL, SILVER, WHITE]


def _slab_device(
    rng: Rng, w: float, h: float, d: float, screen: tuple[int, int, int, int], bezel: float
) -> trimesh.Trimesh:
    """A flat rounded slab lying face up with a screen inset on top (tablet, e-reader)."""
    w, h, d = v(rng, w, 0.12), v(rng, h, 0.15), v(rng, d, 0.12)
    body = pick(rng, CASES)
    parts = [
        rbox((w, h, d), (0, h / 2, 0), body, 0.012, "y"),
        box((w - 2 * bezel, 0.001, d - 2 * bezel), (0, h + 0.0005, 0), screen),
        cylinder(0.003, 0.001, (0, h + 0.0005, -d / 2 + bezel / 2), BLACK, sections=12),
    ]
    return settle(parts)


def tablet(rng: Rng = None) -> trimesh.Trimesh:
    """Tablet computer lying face up: thin rounded slab, black glass screen, front camera at -z."""
    return _slab_device(rng, 0.25, 0.008, 0.17, SCREEN, 0.012)


def e_reader(rng: Rng = None) -> trimesh.Trimesh:
    """E-book reader lying face up: thin slab with a matte grey e-ink screen and a wide bezel."""
    return _slab_device(rng, 0.115, 0.009, 0.16, EINK, 0.012)


def speaker(rng: Rng = None) -> trimesh.Trimesh:
    """Bookshelf loudspeaker: wooden or black cabinet, woofer and tweeter facing +z."""
    w, h, d = v(rng, 0.2, 0.12), v(rng, 0.32, 0.12), v(rng, 0.22, 0.12)
    cab = pick(rng, [BLACK, WOOD, WHITE, (90, 60, 40, 255)])
    fz = d / 2
    wr = 0.38 * w
    parts = [
        rbox((w, h, d), (0, h / 2, 0), cab, 0.008, "z"),
        cylinder(wr, 0.008, (0, 0.36 * h, fz + 0.004), GRILLE, axis="z"),
        cone(wr * 0.8, 0.02, (0, 0.36 * h, fz - 0.002), DARK_METAL, axis="z", sections=32),
        sphere(wr * 0.22, (0, 0.36 * h, fz + 0.006), CHARCOAL, scale=(1, 1, 0.5), subdivisions=2),
        cylinder(0.13 * w, 0.008, (0, 0.78 * h, fz + 0.004), GRILLE, axis="z", sections=24),
        sphere(0.07 * w, (0, 0.78 * h, fz + 0.008), SILVER, scale=(1, 1, 0.5), subdivisions=2),
        cylinder(0.02, 0.01, (0, 0.1 * h, fz + 0.005), GRILLE, axis="z", sections=16),
    ]
    return settle(parts)


def headphones(rng: Rng = None) -> trimesh.Trimesh:
    """Over-ear headphones standing on their ear cups: padded headband arching over the top."""
    w, h, d = v(rng, 0.18, 0.1), v(rng, 0.2, 0.1), v(rng, 0.09, 0.1)
    c = pick(rng, [BLACK, SILVER, WHITE, (40, 60, 110, 255)])
    pad = pick(rng, [CHARCOAL, BLACK, (120, 90, 70, 255)])
    cup_r = d / 2
    cup_w = 0.035
    cx = w / 2 - cup_w / 2
    r_band = cx
    band_y = h - r_band - 0.012
    band = torus(r_band, 0.012, (0, band_y, 0), c, axis="z", arc=np.pi)
    band.apply_scale([1.0, 1.0, 1.6])
    parts: list[trimesh.Trimesh] = [band]
    cushion = torus(r_band - 0.012, 0.007, (0, band_y - 0.008, 0), pad, axis="z", arc=np.pi)
    cushion.apply_transform(trimesh.transformations.rotation_matrix(np.radians(6), [0, 0, 1], [0, band_y, 0]))
    parts.append(cushion)
    for s in (-1, 1):
        parts += [
            rod((s * cx, band_y, 0), (s * cx, cup_r + 0.01, 0), 0.005, STEEL, sections=10),
            cylinder(cup_r, cup_w * 0.6, (s * (cx + cup_w * 0.2), cup_r, 0), c, axis="x", sections=32),
            cylinder(
                cup_r * 0.92, cup_w * 0.4, (s * (cx - cup_w * 0.3), cup_r, 0), pad, axis="x", sections=32
            ),
        ]
    return settle(parts)


def game_controller(rng: Rng = None) -> trimesh.Trimesh:
    """Gamepad lying face up: body with two grips toward +z, thumbsticks, d-pad and four face buttons."""
    w, h, d = v(rng, 0.16, 0.08), v(rng, 0.055, 0.1), v(rng, 0.1, 0.1)
    c = pick(rng, [BLACK, WHITE, CHARCOAL, (40, 60, 110, 255)])
    body_h = 0.6 * h
    parts = [
        puffy((w * 0.75, body_h, d * 0.6), (0, body_h / 2 + 0.004, -d * 0.15), c, edge=0.35, subdivisions=3)
    ]
    for s in (-1, 1):
        grip = puffy((w * 0.3, body_h * 0.9, d * 0.7), (0, 0, 0), c, edge=0.5, subdivisions=2)
        grip.apply_transform(trimesh.transformations.rotation_matrix(np.radians(-s * 25), [0, 1, 0]))
        grip.apply_translation([s * w * 0.34, body_h / 2, d * 0.1])
        parts.append(grip)
    top = body_h + 0.004
    for x, z in ((-0.2, -0.05), (0.12, 0.12)):
        parts.append(
            cylinder(0.006, h - top, (x * w, top + (h - top) / 2 - 0.002, z * d), DARK_METAL, sections=12)
        )
        parts.append(cylinder(0.011, 0.005, (x * w, h - 0.0025, z * d), CHARCOAL, sections=16))
    parts.append(box((0.028, 0.005, 0.009), (-w * 0.12, top, d * 0.12), CHARCOAL))
    parts.append(box((0.009, 0.005, 0.028), (-w * 0.12, top, d * 0.12), CHARCOAL))
    for (dx, dz), col in zip(((0, -1), (1, 0), (0, 1), (-1, 0)), (YELLOW, RED, GREEN, BLUE), strict=True):
        parts.append(
            cylinder(0.005, 0.006, (w * 0.22 + dx * 0.011, top, -d * 0.05 + dz * 0.011), col, sections=12)
        )
    return settle(parts)


def game_console(rng: Rng = None) -> trimesh.Trimesh:
    """Home video game console lying flat: slim box, disc slot, power light and ports at the front (+z)."""
    w, h, d = v(rng, 0.3, 0.12), v(rng, 0.06, 0.15), v(rng, 0.25, 0.12)
    c = pick(rng, [BLACK, WHITE, CHARCOAL, SILVER])
    fz = d / 2
    parts = [
        rbox((w, h * 0.85, d), (0, h * 0.425 + h * 0.15, 0), c, 0.01, "z"),
        box((w * 0.9, h * 0.15, d * 0.9), (0, h * 0.075, 0), BLACK),
        box((w * 0.45, 0.004, 0.004), (-w * 0.1, h * 0.62, fz + 0.001), BLACK),
        cylinder(0.004, 0.003, (w * 0.4, h * 0.62, fz + 0.001), LED, axis="z", sections=12),
        box((0.012, 0.006, 0.003), (w * 0.28, h * 0.4, fz + 0.001), BLACK),
        box((0.012, 0.006, 0.003), (w * 0.32, h * 0.4, fz + 0.001), BLACK),
    ]
    return settle(parts)


def camera(rng: Rng = None) -> trimesh.Trimesh:
    """DSLR camera: body with a hand grip and viewfinder hump, a lens pointing +z, shutter button on top."""
    w, h = v(rng, 0.13, 0.1), v(rng, 0.09, 0.1)
    lens_len = v(rng, 0.045, 0.2)
    c = pick(rng, [BLACK, CHARCOAL, SILVER])
    bd = 0.04
    body_h = 0.75 * h
    parts = [
        rbox((w, body_h, bd), (0, body_h / 2, 0), c, 0.008, "z"),
        rbox((0.035, body_h * 0.95, bd + 0.02), (-w / 2 + 0.02, body_h * 0.475, 0.008), BLACK, 0.01, "y"),
        box((0.04, h - body_h, 0.035), (0.005, body_h + (h - body_h) / 2, -0.002), c, rotation=(0, 0, 0)),
        cylinder(0.028, 0.008, (0.005, body_h * 0.48, bd / 2 + 0.004), SILVER, axis="z"),
        cylinder(0.03, lens_len, (0.005, body_h * 0.48, bd / 2 + 0.008 + lens_len / 2), BLACK, axis="z"),
        cylinder(
            0.022,
            0.003,
            (0.005, body_h * 0.48, bd / 2 + 0.008 + lens_len + 0.0015),
            (30, 40, 60, 255),
            axis="z",
        ),
        cylinder(0.006, 0.006, (-w / 2 + 0.02, body_h + 0.003, 0.01), SILVER, sections=12),
        cylinder(0.011, 0.006, (w / 2 - 0.03, body_h + 0.003, 0.0), CHARCOAL, sections=16),
    ]
    return settle(parts)


def router(rng: Rng = None) -> trimesh.Trimesh:
    """Wi-Fi router: flat box with status lights at +z and three upright antennas at the back."""
    w, d = v(rng, 0.22, 0.12), v(rng, 0.15, 0.12)
    ant = v(rng, 0.13, 0.15)
    c = pick(rng, [BLACK, WHITE, CHARCOAL])
    bh = 0.035
    parts = [
        rbox((w, bh, d), (0, bh / 2 + 0.005, 0), c, 0.012, "y"),
        *[
            cylinder(0.008, 0.005, (s * w * 0.35, 0.0025, s2 * d * 0.3), BLACK, sections=12)
            for s in (-1, 1)
            for s2 in (-1, 1)
        ],
    ]
    for i in range(5):
        parts.append(box((0.006, 0.003, 0.002), (-w * 0.3 + i * 0.02, bh * 0.6, d / 2 + 0.001), GREEN))
    for x in (-0.35, 0.0, 0.35):
        parts.append(cylinder(0.006, 0.02, (x * w, bh + 0.01, -d / 2 + 0.012), BLACK, sections=12))
        parts.append(cylinder(0.007, ant, (x * w, bh + 0.02 + ant / 2, -d / 2 + 0.012), c, sections=12))
    return settle(parts)


def projector(rng: Rng = None) -> trimesh.Trimesh:
    """Video projector: box housing with side vents, a lens at +z offset to one side, feet underneath."""
    w, h, d = v(rng, 0.3, 0.12), v(rng, 0.1, 0.12), v(rng, 0.22, 0.12)
    c = pick(rng, [WHITE, SILVER, BLACK, CHARCOAL])
    fz = d / 2
    feet = 0.01
    parts = [rbox((w, h - feet, d), (0, feet + (h - feet) / 2, 0), c, 0.015, "y")]
    parts += [
        cylinder(0.008, feet, (sx * w * 0.4, feet / 2, sz * d * 0.4), BLACK, sections=12)
        for sx in (-1, 1)
        for sz in (-1, 1)
    ]
    ly = feet + (h - feet) / 2
    parts += [
        cylinder(0.034, 0.012, (w * 0.22, ly, fz + 0.006), CHARCOAL, axis="z"),
        cylinder(0.025, 0.003, (w * 0.22, ly, fz + 0.0135), (40, 60, 90, 255), axis="z"),
    ]
    for k in range(5):
        parts.append(box((0.004, (h - feet) * 0.5, 0.012), (-w * 0.15 - k * 0.012, ly, fz + 0.001), GRILLE))
    return settle(parts)


def radio(rng: Rng = None) -> trimesh.Trimesh:
    """Portable radio: box with a round speaker grille and a tuning dial at +z, a carry handle on top."""
    w, h, d = v(rng, 0.3, 0.12), v(rng, 0.2, 0.1), v(rng, 0.1, 0.12)
    c = pick(rng, [(170, 40, 40, 255), (60, 90, 80, 255), (210, 200, 180, 255), BLACK])
    body_h = 0.7 * h
    fz = d / 2
    parts = [
        rbox((w, body_h, d), (0, body_h / 2, 0), c, 0.015, "z"),
        cylinder(0.3 * body_h, 0.004, (-w * 0.2, body_h * 0.5, fz + 0.002), GRILLE, axis="z"),
        box((w * 0.35, body_h * 0.3, 0.004), (w * 0.22, body_h * 0.65, fz + 0.002), (230, 220, 190, 255)),
        box((0.002, body_h * 0.25, 0.002), (w * 0.18, body_h * 0.65, fz + 0.005), RED),
        cylinder(0.014, 0.012, (w * 0.14, body_h * 0.25, fz + 0.006), SILVER, axis="z", sections=16),
        cylinder(0.014, 0.012, (w * 0.3, body_h * 0.25, fz + 0.006), SILVER, axis="z", sections=16),
    ]
    handle = torus(w * 0.3, 0.008, (0, 0, 0), DARK_METAL, axis="z", arc=np.pi)
    handle.apply_scale([1.0, (h - body_h - 0.008) / (w * 0.3), 1.0])
    handle.apply_translation([0, body_h, 0])
    parts.append(handle)
    return settle(parts)


def power_strip(rng: Rng = None) -> trimesh.Trimesh:
    """Power strip lying flat: long box with a row of sockets on top, a lit switch at +x, cord out at -x."""
    n = 5 if rng is None else int(rng.integers(4, 7))
    w = 0.055 * n + 0.05
    c = pick(rng, [WHITE, BLACK, (220, 218, 210, 255)])
    h, d = 0.04, 0.055
    parts = [rbox((w, h, d), (0, h / 2, 0), c, 0.008, "x")]
    for i in range(n):
        x = -w / 2 + 0.03 + 0.055 * (i + 0.5)
        parts.append(cylinder(0.016, 0.002, (x, h, 0), PLASTIC_GREY, sections=20))
        for dx in (-0.0045, 0.0045):
            parts.append(cylinder(0.0022, 0.0025, (x + dx, h + 0.0003, 0), BLACK, sections=8))
    parts.append(box((0.018, 0.008, 0.022), (w / 2 - 0.015, h + 0.002, 0), RED))
    parts.append(cylinder(0.004, 0.04, (-w / 2 - 0.018, h / 2, 0), BLACK, axis="x", sections=10))
    return settle(parts)


def webcam(rng: Rng = None) -> trimesh.Trimesh:
    """Webcam on a folding clip stand: rounded bar body with the lens at +z and two status lights."""
    w = v(rng, 0.095, 0.1)
    c = pick(rng, [BLACK, CHARCOAL, WHITE])
    body_h, bd = 0.03, 0.03
    y = 0.045
    parts = [
        rbox((w, body_h, bd), (0, y, 0), c, 0.014, "z"),
        cylinder(0.011, 0.004, (0, y, bd / 2 + 0.002), (30, 40, 60, 255), axis="z", sections=24),
        torus(0.011, 0.002, (0, y, bd / 2 + 0.002), DARK_METAL, axis="z"),
        cylinder(0.002, 0.002, (w * 0.3, y, bd / 2 + 0.001), LED, axis="z", sections=8),
        box((0.03, y - body_h / 2, 0.012), (0, (y - body_h / 2) / 2, -0.004), c),
        box((0.03, 0.008, 0.06), (0, 0.004, -0.012), c),
    ]
    return settle(parts)


def microphone(rng: Rng = None) -> trimesh.Trimesh:
    """Desk microphone on a round weighted base: a stem with a switch and a grille head, badge facing +z."""
    r, h = v(rng, 0.06, 0.12), v(rng, 0.25, 0.12)
    c = pick(rng, [BLACK, CHARCOAL, SILVER])
    head_r = 0.028
    head_len = 0.06
    head_y = h - head_len / 2 - head_r
    parts = [
        revolve([(0, 0), (r, 0), (r, 0.012), (0.8 * r, 0.022), (0, 0.022)], color=c, sections=36),
        cylinder(0.008, head_y - 0.022, (0, 0.022 + (head_y - 0.022) / 2, 0), DARK_METAL, sections=12),
        capsule(head_r, head_len, (0, head_y + head_r * 0.0, 0), GRILLE, axis="y"),
        torus(head_r + 0.001, 0.003, (0, head_y - head_len * 0.1, 0), SILVER),
        box((0.014, 0.02, 0.004), (0, head_y - head_len * 0.1, head_r + 0.002), SILVER),
        box((0.01, 0.016, 0.01), (0, 0.06, 0.008), BLACK),
    ]
    return settle(parts)


def desktop_computer(rng: Rng = None) -> trimesh.Trimesh:
    """Desktop PC tower: tall box with drive bay, power button and USB ports on the front (+z), vents."""
    w, h, d = v(rng, 0.2, 0.12), v(rng, 0.45, 0.12), v(rng, 0.45, 0.1)
    c = pick(rng, [BLACK, CHARCOAL, SILVER, WHITE])
    fz = d / 2
    feet = 0.012
    parts = [box((w, h - feet, d), (0, feet + (h - feet) / 2, 0), c)]
    parts += [
        box((0.03, feet, 0.05), (sx * w * 0.35, feet / 2, sz * d * 0.38), BLACK)
        for sx in (-1, 1)
        for sz in (-1, 1)
    ]
    parts += [
        box((w * 0.8, 0.04, 0.004), (0, h * 0.85, fz + 0.002), BLACK),
        cylinder(0.01, 0.004, (0, h * 0.72, fz + 0.002), SILVER, axis="z", sections=20),
        torus(0.01, 0.0015, (0, h * 0.72, fz + 0.004), LED, axis="z"),
    ]
    for x in (-0.02, 0.02):
        parts.append(box((0.013, 0.005, 0.003), (x, h * 0.64, fz + 0.0015), DARK_METAL))
    for k in range(8):
        parts.append(box((w * 0.6, 0.004, 0.002), (0, h * 0.15 + k * 0.02, fz + 0.001), GRILLE))
    return settle(parts)


def record_player(rng: Rng = None) -> trimesh.Trimesh:
    """Turntable: plinth, platter with a black record and label, tonearm on the right, control knob at +z."""
    w, d = v(rng, 0.42, 0.08), v(rng, 0.35, 0.08)
    plinth = pick(rng, [WOOD, BLACK, SILVER, (90, 60, 40, 255)])
    ph = 0.08
    pr = 0.155
    px = -w / 2 + pr + 0.03
    parts = [
        box((w, ph, d), (0, ph / 2 + 0.012, 0), plinth),
        *[
            cylinder(0.02, 0.012, (sx * (w / 2 - 0.04), 0.006, sz * (d / 2 - 0.04)), BLACK, sections=16)
            for sx in (-1, 1)
            for sz in (-1, 1)
        ],
        cylinder(pr, 0.012, (px, ph + 0.018, 0), SILVER, sections=48),
        cylinder(0.15, 0.002, (px, ph + 0.025, 0), BLACK, sections=48),
        cylinder(0.045, 0.0025, (px, ph + 0.026, 0), RED, sections=32),
        cylinder(0.003, 0.012, (px, ph + 0.03, 0), SILVER, sections=8),
    ]
    pivot = np.array([w / 2 - 0.05, ph + 0.035, -d / 2 + 0.06])
    tip = np.array([px + 0.11, ph + 0.032, 0.05])
    parts += [
        cylinder(0.015, 0.03, (pivot[0], ph + 0.027, pivot[2]), DARK_METAL, sections=16),
        rod(pivot, tip, 0.003, SILVER, sections=8),
        box((0.012, 0.008, 0.02), (tip[0], tip[1] - 0.002, tip[2]), BLACK),
        cylinder(0.012, 0.012, (w / 2 - 0.05, ph + 0.012, d / 2 - 0.04), SILVER, axis="y", sections=16),
    ]
    return settle(parts)


def fan(rng: Rng = None) -> trimesh.Trimesh:
    """Desk fan: round base, a stem, motor housing and three blades inside a wire cage facing +z."""
    r = v(rng, 0.16, 0.12)
    h = v(rng, 0.5, 0.1)
    c = pick(rng, [WHITE, BLACK, (120, 180, 200, 255), SILVER])
    cy = h - r - 0.01
    parts = [
        revolve([(0, 0), (0.12, 0), (0.12, 0.02), (0.09, 0.04), (0, 0.04)], color=c, sections=36),
        cylinder(0.013, cy - 0.04, (0, 0.04 + (cy - 0.04) / 2, -0.03), c, sections=16),
        capsule(0.045, 0.08, (0, cy, -0.06), c, axis="z"),
        sphere(0.025, (0, cy, 0.035), c, scale=(1, 1, 0.6), subdivisions=2),
    ]
    for k in range(3):
        blade = puffy((r * 0.85, 0.06, 0.006), (r * 0.45, 0, 0), (190, 220, 235, 255), 0.5, subdivisions=2)
        blade.apply_transform(trimesh.transformations.rotation_matrix(np.radians(120 * k), [0, 0, 1]))
        blade.apply_translation([0, cy, 0.03])
        parts.append(blade)
    for z in (-0.005, 0.065):
        parts.append(torus(r, 0.003, (0, cy, z), DARK_METAL if c == BLACK else STEEL, axis="z"))
    for k in range(12):
        a = np.radians(30 * k)
        p = (r * np.cos(a), cy + r * np.sin(a))
        parts.append(rod((p[0], p[1], -0.005), (p[0], p[1], 0.065), 0.002, STEEL, sections=6))
        parts.append(rod((p[0], p[1], 0.065), (0, cy, 0.085), 0.0015, STEEL, sections=6))
    return settle(parts)


def external_hard_drive(rng: Rng = None) -> trimesh.Trimesh:
    """Portable external hard drive lying flat: rounded slab with a status light and a USB port."""
    w, h, d = v(rng, 0.08, 0.1), v(rng, 0.015, 0.15), v(rng, 0.115, 0.1)
    c = pick(rng, [BLACK, SILVER, (40, 60, 110, 255), (150, 30, 30, 255)])
    parts = [
        rbox((w, h, d), (0, h / 2, 0), c, 0.01, "y"),
        cylinder(0.002, 0.001, (w * 0.35, h, d * 0.4), LED, sections=8),
        box((0.012, 0.005, 0.003), (0, h / 2, -d / 2 - 0.001), BLACK),
    ]
    return settle(parts)


GENERATORS: dict[str, Generator] = {
    "tablet": tablet,
    "e_reader": e_reader,
    "speaker": speaker,
    "headphones": headphones,
    "game_controller": game_controller,
    "game_console": game_console,
    "camera": camera,
    "router": router,
    "projector": projector,
    "radio": radio,
    "power_strip": power_strip,
    "webcam": webcam,
    "microphone": microphone,
    "desktop_computer": desktop_computer,
    "record_player": record_player,
    "fan": fan,
    "external_hard_drive": external_hard_drive,
}

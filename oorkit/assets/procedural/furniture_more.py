"""Procedural templates: more living-room, bedroom and office furniture and desk items.

Metres, +y up, the side a person uses faces +z, lowest point at y = 0. Containers are built with real
walls and an inner floor so that their opening is measurable.
"""

from __future__ import annotations

import numpy as np
import trimesh

from oorkit.assets.procedural import Generator
from oorkit.assets.procedural.household_parts import beam, puffy
from oorkit.assets.procedural.office_parts import pick, rbox, rod, settle, soft, v
from oorkit.assets.procedural.primitives import (
    BLACK,
    BLUE,
    BROWN,
    DARK_METAL,
    DARK_WOOD,
    GLASS,
    GREEN,
    LIGHT_WOOD,
    ORANGE,
    PLASTIC_GREY,
    RED,
    STEEL,
    WHITE,
    WOOD,
    YELLOW,
    Color,
    box,
    colored,
    cone,
    cylinder,
    extrude,
    revolve,
    sphere,
    torus,
)

Rng = np.random.Generator | None

BRASS = (190, 150, 70, 255)
BRICK = (150, 70, 50, 255)
SOOT = (35, 30, 28, 255)
LEATHER = (105, 60, 35, 255)
CREAM = (240, 232, 210, 255)
MANILA = (230, 200, 130, 255)
KRAFT = (200, 160, 110, 255)
MIRROR = (175, 200, 215, 255)
SCREEN = (40, 60, 50, 255)
OCEAN = (50, 110, 185, 255)
LAND = (95, 160, 80, 255)
UPHOLSTERY = [(120, 124, 135, 255), (60, 90, 130, 255), (150, 70, 60, 255), (190, 175, 150, 255)]
WOODS = [WOOD, DARK_WOOD, LIGHT_WOOD, (168, 120, 76, 255)]


def _open_box(
    w: float, h: float, d: float, t: float, color: Color, y0: float = 0.0, x0: float = 0.0, z0: float = 0.0
) -> list[trimesh.Trimesh]:
    """Open-top box: an inner floor and four walls `t` thick, outer extents w x h x d, bottom at y0."""
    return [
        box((w, t, d), (x0, y0 + t / 2, z0), color),
        box((w, h, t), (x0, y0 + h / 2, z0 + d / 2 - t / 2), color),
        box((w, h, t), (x0, y0 + h / 2, z0 - d / 2 + t / 2), color),
        box((t, h, d - 2 * t), (x0 + w / 2 - t / 2, y0 + h / 2, z0), color),
        box((t, h, d - 2 * t), (x0 - w / 2 + t / 2, y0 + h / 2, z0), color),
    ]


def _legs(w: float, d: float, h: float, s: float, color: Color, inset: float = 0.0) -> list[trimesh.Trimesh]:
    """Four square legs of side `s` and height `h` at the corners of a w x d footprint."""
    return [
        box((s, h, s), (sx * (w / 2 - s / 2 - inset), h / 2, sz * (d / 2 - s / 2 - inset)), color)
        for sx in (-1, 1)
        for sz in (-1, 1)
    ]


def _knob(x: float, y: float, z: float, color: Color, r: float = 0.012) -> trimesh.Trimesh:
    """A small round knob on a front face at z."""
    return sphere(r, (x, y, z + r * 0.6), color, scale=(1, 1, 0.7), subdivisions=1)


# ----------------------------------------------------------------------------------------- living room


def bench(rng: Rng = None) -> trimesh.Trimesh:
    """Wooden bench: a thick plank seat on two panel legs joined by a low stretcher."""
    w, h, d = v(rng, 1.2, 0.15), v(rng, 0.45, 0.1), v(rng, 0.38, 0.1)
    wood = pick(rng, WOODS)
    tt = 0.05
    lx = w / 2 - v(rng, 0.12, 0.3)
    parts = [rbox((w, tt, d), (0, h - tt / 2, 0), wood, 0.012, "y")]
    for s in (-1, 1):
        parts.append(box((0.05, h - tt, d - 0.04), (s * lx, (h - tt) / 2, 0), wood))
    parts.append(box((2 * lx, 0.05, 0.03), (0, 0.14, 0), wood))
    return settle(parts)


def ottoman(rng: Rng = None) -> trimesh.Trimesh:
    """Square upholstered ottoman (footstool) with button tufting on short wooden legs."""
    w, h, d = v(rng, 0.6, 0.15), v(rng, 0.42, 0.1), v(rng, 0.6, 0.15)
    fabric = pick(rng, UPHOLSTERY)
    leg = 0.06
    parts = [puffy((w, h - leg, d), (0, leg + (h - leg) / 2, 0), fabric, edge=0.2, subdivisions=3)]
    parts += _legs(w - 0.06, d - 0.06, leg + 0.01, 0.035, DARK_WOOD)
    for i in (-1, 1):
        for k in (-1, 1):
            parts.append(sphere(0.012, (i * w / 6, h - 0.006, k * d / 6), fabric, subdivisions=1))
    return settle(parts)


def bean_bag(rng: Rng = None) -> trimesh.Trimesh:
    """Slouchy pear-shaped bean bag chair with a flat bottom."""
    r, h = v(rng, 0.4, 0.1), v(rng, 0.7, 0.1)
    fabric = pick(rng, [(170, 60, 50, 255), (60, 90, 130, 255), (90, 95, 100, 255), (200, 160, 60, 255)])
    prof = [
        (0.0, 0.0),
        (0.8 * r, 0.0),
        (0.97 * r, 0.12 * h),
        (r, 0.3 * h),
        (0.9 * r, 0.55 * h),
        (0.65 * r, 0.8 * h),
        (0.35 * r, 0.96 * h),
        (0.0, h),
    ]
    mesh = revolve(prof, color=fabric, sections=40)
    # slump toward the back: the upper half leans to -z a little
    verts = np.array(mesh.vertices)
    verts[:, 2] -= 0.08 * r * (verts[:, 1] / h) ** 2
    mesh.vertices = verts
    return settle([mesh])


def recliner(rng: Rng = None) -> trimesh.Trimesh:
    """Padded leather recliner armchair: thick arms, tall reclined back, seat cushion and footrest panel."""
    w, d = v(rng, 0.9, 0.1), v(rng, 0.95, 0.1)
    color = pick(rng, [LEATHER, (60, 55, 52, 255), (120, 124, 135, 255), (150, 110, 80, 255)])
    aw = 0.18
    seat_y = v(rng, 0.45, 0.08)
    inner = w - 2 * aw
    parts = [
        box((inner, seat_y - 0.1, d - 0.28), (0, 0.05 + (seat_y - 0.1) / 2, 0.02), color),
        soft((inner + 0.02, 0.14, d - 0.3), (0, seat_y - 0.02, 0.05), color, p=0.35),
        soft(
            (inner - 0.02, seat_y - 0.12, 0.1), (0, 0.05 + (seat_y - 0.12) / 2, d / 2 - 0.07), color, p=0.35
        ),
    ]
    arm_h = seat_y + 0.2
    for s in (-1, 1):
        parts.append(
            soft(
                (aw, arm_h - 0.04, d - 0.1),
                (s * (w / 2 - aw / 2), 0.04 + (arm_h - 0.04) / 2, 0.02),
                color,
                0.3,
            )
        )
    back_h = v(rng, 0.72, 0.08)
    back = soft((inner + 0.06, back_h, 0.2), (0, back_h / 2, 0), color, p=0.3)
    back.apply_transform(trimesh.transformations.rotation_matrix(np.radians(-14), [1, 0, 0]))
    back.apply_translation([0, seat_y - 0.12, -d / 2 + 0.16])
    parts.append(back)
    parts += _legs(w - 0.04, d - 0.15, 0.05, 0.05, DARK_WOOD)
    return settle(parts)


def console_table(rng: Rng = None) -> trimesh.Trimesh:
    """Narrow hallway console table: slim top on four tall legs with a low shelf."""
    w, h, d = v(rng, 1.2, 0.15), v(rng, 0.8, 0.08), v(rng, 0.35, 0.12)
    wood = pick(rng, WOODS)
    tt = 0.03
    parts = [rbox((w, tt, d), (0, h - tt / 2, 0), wood, 0.008, "y")]
    parts += _legs(w - 0.04, d - 0.03, h - tt, 0.035, wood)
    parts.append(box((w - 0.1, 0.02, d - 0.06), (0, 0.17, 0), wood))
    parts.append(box((w - 0.1, 0.08, 0.02), (0, h - tt - 0.04, d / 2 - 0.04), wood))
    return settle(parts)


def cabinet(rng: Rng = None) -> trimesh.Trimesh:
    """Two-door storage cabinet on a plinth, flat top, round knobs on the doors at +z."""
    w, h, d = v(rng, 0.8, 0.15), v(rng, 0.9, 0.12), v(rng, 0.45, 0.1)
    body = pick(rng, [WHITE, WOOD, LIGHT_WOOD, (120, 130, 120, 255)])
    front = pick(rng, [CREAM, LIGHT_WOOD, DARK_WOOD, (160, 170, 160, 255)])
    plinth, top = 0.08, 0.025
    front_z = d / 2 - 0.03
    parts = [
        box((w - 0.04, plinth, d - 0.06), (0, plinth / 2, -0.02), DARK_WOOD),
        box((w - 0.02, h - plinth - top, d - 0.04), (0, plinth + (h - plinth - top) / 2, -0.02), body),
        box((w, top, d), (0, h - top / 2, 0), body),
    ]
    door_h = h - plinth - top - 0.02
    for s in (-1, 1):
        parts.append(
            box(
                (w / 2 - 0.025, door_h, 0.018),
                (s * (w / 4 - 0.002), plinth + 0.01 + door_h / 2, front_z + 0.009),
                front,
            )
        )
        parts.append(_knob(s * 0.05, plinth + 0.01 + door_h * 0.6, front_z + 0.018, BRASS))
    return settle(parts)


def wall_shelf(rng: Rng = None) -> trimesh.Trimesh:
    """Wall-mounted shelf: one board on two triangular brackets fixed to the wall at -z."""
    w, h, d = v(rng, 0.8, 0.2), v(rng, 0.2, 0.15), v(rng, 0.22, 0.15)
    wood = pick(rng, WOODS)
    metal = pick(rng, [BLACK, DARK_METAL, STEEL, WHITE])
    tt = 0.025
    parts = [box((w, tt, d), (0, h - tt / 2, 0), wood)]
    for s in (-1, 1):
        x = s * (w / 2 - 0.12)
        parts.append(box((0.025, h - tt, 0.008), (x, (h - tt) / 2, -d / 2 + 0.004), metal))
        parts.append(box((0.025, 0.008, d - 0.03), (x, h - tt - 0.004, -0.015), metal))
        parts.append(beam((x, 0.01, -d / 2 + 0.008), (x, h - tt - 0.008, d / 2 - 0.05), (0.02, 0.008), metal))
    return settle(parts)


def fireplace(rng: Rng = None) -> trimesh.Trimesh:
    """Fireplace surround: brick firebox opening with logs and flames, side pillars, mantel shelf, hearth."""
    w, h, d = v(rng, 1.4, 0.1), v(rng, 1.1, 0.08), v(rng, 0.4, 0.1)
    trim = pick(rng, [WHITE, CREAM, DARK_WOOD, (140, 140, 135, 255)])
    pw, hearth, mantel = 0.3, 0.05, 0.05
    op_w = w - 2 * pw
    op_h = 0.62 * h
    body_d = d - 0.06
    bz = -d / 2 + body_d / 2
    parts = [
        box((w, hearth, d), (0, hearth / 2, 0), (90, 90, 92, 255)),
        box((w, mantel, d), (0, h - mantel / 2, 0), trim),
        box((w - 0.04, h - hearth - mantel - op_h, body_d), (0, (h - mantel + hearth + op_h) / 2, bz), trim),
        box((op_w, op_h, 0.05), (0, hearth + op_h / 2, -d / 2 + 0.025), BRICK),
        box((op_w, 0.01, body_d - 0.05), (0, hearth + 0.005, bz + 0.025), SOOT),
    ]
    for s in (-1, 1):
        parts.append(box((pw, op_h, body_d), (s * (w / 2 - pw / 2 - 0.02), hearth + op_h / 2, bz), trim))
    logs_y = hearth + 0.06
    for k, z in enumerate((-0.04, 0.04)):
        parts.append(
            cylinder(
                0.045, op_w * 0.6, (0.03 * (-1) ** k, logs_y + 0.06 * k, bz + z), BROWN, axis="x", sections=12
            )
        )
    parts.append(cone(0.09, 0.22, (0, logs_y + 0.18, bz), ORANGE, sections=12))
    parts.append(cone(0.05, 0.14, (0.1, logs_y + 0.14, bz), YELLOW, sections=12))
    return settle(parts)


def piano(rng: Rng = None) -> trimesh.Trimesh:
    """Upright piano: tall case at the back, keyboard on a key bed at +z, cheeks, front legs and pedals."""
    w, h, d = v(rng, 1.5, 0.06), v(rng, 1.2, 0.08), v(rng, 0.6, 0.08)
    case = pick(rng, [BLACK, DARK_WOOD, WOOD, WHITE])
    body_d = 0.58 * d
    bz = -d / 2 + body_d / 2
    key_y = 0.6 * h
    front = bz + body_d / 2
    key_d = d / 2 - front - 0.04
    parts = [
        box((w, h, body_d), (0, h / 2, bz), case),
        box((w - 0.1, 0.08, key_d + 0.04), (0, key_y - 0.04, front + (key_d + 0.04) / 2), case),
        box((w - 0.2, 0.02, key_d * 0.9), (0, key_y + 0.01, front + key_d * 0.45), WHITE),
    ]
    # black keys: 5 in every 7 white keys
    n_white = 52
    kw = (w - 0.2) / n_white
    for i in range(n_white - 1):
        if i % 7 in (2, 6):
            continue
        x = -(w - 0.2) / 2 + (i + 1) * kw
        parts.append(box((kw * 0.55, 0.012, key_d * 0.55), (x, key_y + 0.026, front + key_d * 0.28), BLACK))
    for s in (-1, 1):
        parts.append(
            box((0.05, 0.2, d - body_d), (s * (w / 2 - 0.025), key_y + 0.02, front + (d - body_d) / 2), case)
        )
        parts.append(
            box((0.05, key_y - 0.08, 0.05), (s * (w / 2 - 0.025), (key_y - 0.08) / 2, d / 2 - 0.05), case)
        )
    parts.append(box((w - 0.3, 0.25, 0.02), (0, h - 0.35, front + 0.01), case))
    for x in (-0.05, 0.0, 0.05):
        parts.append(box((0.02, 0.01, 0.07), (x, 0.07, front + 0.035), BRASS))
    return settle(parts)


def grandfather_clock(rng: Rng = None) -> trimesh.Trimesh:
    """Longcase clock: plinth, narrow trunk with a pendulum window, hood with a round dial facing +z."""
    w, h, d = v(rng, 0.5, 0.08), v(rng, 2.0, 0.08), v(rng, 0.3, 0.08)
    wood = pick(rng, [DARK_WOOD, WOOD, BROWN, (80, 40, 30, 255)])
    base_h, hood_h, crown = 0.3 * h, 0.25 * h, 0.05 * h
    trunk_h = h - base_h - hood_h - crown
    parts = [
        box((w * 0.92, base_h, d * 0.92), (0, base_h / 2, 0), wood),
        box((w * 0.74, trunk_h, d * 0.8), (0, base_h + trunk_h / 2, 0), wood),
        box((w * 0.96, hood_h, d * 0.95), (0, base_h + trunk_h + hood_h / 2, 0), wood),
        box((w, crown, d), (0, h - crown / 2, 0), wood),
    ]
    dial_y = base_h + trunk_h + hood_h / 2
    fz = d * 0.475
    parts.append(cylinder(0.17 * w * 2 / 2, 0.01, (0, dial_y, fz + 0.005), CREAM, axis="z"))
    parts.append(torus(0.17 * w, 0.008, (0, dial_y, fz + 0.01), BRASS, axis="z"))
    parts.append(box((0.006, 0.11 * w * 1.2, 0.004), (0, dial_y + 0.05 * w, fz + 0.013), BLACK))
    parts.append(box((0.09 * w * 1.2, 0.006, 0.004), (0.045 * w, dial_y, fz + 0.013), BLACK))
    win_h = trunk_h * 0.7
    win_y = base_h + trunk_h * 0.55
    parts.append(box((w * 0.42, win_h, 0.006), (0, win_y, d * 0.4 + 0.003), GLASS))
    parts.append(box((0.008, win_h * 0.7, 0.004), (0, win_y + win_h * 0.12, d * 0.4 + 0.008), BRASS))
    parts.append(cylinder(0.06, 0.006, (0, win_y - win_h * 0.26, d * 0.4 + 0.009), BRASS, axis="z"))
    return settle(parts)


def aquarium(rng: Rng = None) -> trimesh.Trimesh:
    """Open-top glass fish tank on a black base, with a black rim, gravel floor and water plants."""
    w, h, d = v(rng, 0.6, 0.15), v(rng, 0.4, 0.12), v(rng, 0.3, 0.12)
    base, t, rim = 0.03, 0.008, 0.02
    parts = [box((w, base, d), (0, base / 2, 0), BLACK)]
    wall_h = h - base
    parts += [p for p in _open_box(w - 0.004, wall_h, d - 0.004, t, GLASS, y0=base)[1:]]
    parts += [
        box((w, rim, rim), (0, h - rim / 2, d / 2 - rim / 2), BLACK),
        box((w, rim, rim), (0, h - rim / 2, -d / 2 + rim / 2), BLACK),
        box((rim, rim, d - 2 * rim), (w / 2 - rim / 2, h - rim / 2, 0), BLACK),
        box((rim, rim, d - 2 * rim), (-w / 2 + rim / 2, h - rim / 2, 0), BLACK),
        box((w - 2 * t, 0.04, d - 2 * t), (0, base + 0.02, 0), (200, 180, 140, 255)),
    ]
    for x, ph in ((-0.3, 0.5), (-0.18, 0.35), (0.25, 0.45)):
        parts.append(
            cone(0.025, ph * wall_h, (x * w, base + 0.04 + ph * wall_h / 2, -0.25 * d), GREEN, sections=8)
        )
    parts.append(sphere(0.02, (0.05 * w, base + 0.055, 0.1 * d), (120, 120, 120, 255), subdivisions=1))
    return settle(parts)


def coat_rack(rng: Rng = None) -> trimesh.Trimesh:
    """Free-standing coat rack: a wooden pole on four splayed feet with hooks and a knob at the top."""
    w, h = v(rng, 0.5, 0.12), v(rng, 1.8, 0.08)
    wood = pick(rng, WOODS)
    r = w / 2
    parts = [cylinder(0.02, h - 0.04, (0, (h - 0.04) / 2, 0), wood, sections=16)]
    parts.append(sphere(0.03, (0, h - 0.03, 0), wood, subdivisions=2))
    for k in range(4):
        a = np.radians(90 * k)
        parts.append(rod((0, 0.3, 0), (r * np.cos(a), 0.015, r * np.sin(a)), 0.015, wood, sections=10))
        a2 = a + np.radians(45)
        tip = np.array([0.12 * np.cos(a2), h - 0.12, 0.12 * np.sin(a2)])
        parts.append(rod((0, h - 0.22, 0), tip, 0.009, wood, sections=10))
        parts.append(sphere(0.014, tuple(tip), wood, subdivisions=1))
    return settle(parts)


def magazine_rack(rng: Rng = None) -> trimesh.Trimesh:
    """Open-top wooden magazine rack with a central divider ending in a carrying handle, magazines inside."""
    w, h, d = v(rng, 0.4, 0.12), v(rng, 0.35, 0.1), v(rng, 0.25, 0.12)
    wood = pick(rng, WOODS)
    wall_h = 0.78 * h
    parts = _open_box(w, wall_h, d, 0.012, wood)
    parts.append(box((w - 0.024, h - 0.04, 0.012), (0, (h - 0.04) / 2, 0), wood))
    parts.append(cylinder(0.015, w * 0.5, (0, h - 0.015, 0), wood, axis="x", sections=12))
    for s, c in ((-1, RED), (1, BLUE)):
        parts.append(box((w * 0.8, wall_h * 0.7, 0.012), (0, 0.012 + wall_h * 0.35, s * d / 4), c))
    return settle(parts)


# ---------------------------------------------------------------------------------------------- bedroom


def crib(rng: Rng = None) -> trimesh.Trimesh:
    """Baby crib: corner posts, top and bottom rails, slatted sides and a mattress inside."""
    w, h, d = v(rng, 1.3, 0.08), v(rng, 1.0, 0.08), v(rng, 0.7, 0.08)
    wood = pick(rng, [WHITE, LIGHT_WOOD, WOOD, (200, 210, 220, 255)])
    post, rail = 0.05, 0.04
    low = 0.3
    parts = _legs(w, d, h, post, wood)
    for y in (low, h - rail / 2):
        for s in (-1, 1):
            parts.append(box((w - 2 * post, rail, rail), (0, y, s * (d / 2 - post / 2)), wood))
            parts.append(box((rail, rail, d - 2 * post), (s * (w / 2 - post / 2), y, 0), wood))
    slat_h = h - rail - low
    for s in (-1, 1):
        for x in np.arange(-w / 2 + post + 0.06, w / 2 - post - 0.02, 0.07):
            parts.append(box((0.02, slat_h, 0.02), (x, low + slat_h / 2, s * (d / 2 - post / 2)), wood))
        for z in np.arange(-d / 2 + post + 0.06, d / 2 - post - 0.02, 0.07):
            parts.append(box((0.02, slat_h, 0.02), (s * (w / 2 - post / 2), low + slat_h / 2, z), wood))
    parts.append(box((w - 2 * post, 0.02, d - 2 * post), (0, low + 0.01, 0), wood))
    parts.append(
        puffy(
            (w - 2 * post - 0.02, 0.1, d - 2 * post - 0.02), (0, low + 0.07, 0), WHITE, 0.15, subdivisions=2
        )
    )
    return settle(parts)


def vanity(rng: Rng = None) -> trimesh.Trimesh:
    """Dressing table: a top on four legs with a drawer, and a framed mirror standing at the back."""
    w, h, d = v(rng, 1.0, 0.12), v(rng, 1.4, 0.08), v(rng, 0.45, 0.1)
    wood = pick(rng, [WHITE, WOOD, LIGHT_WOOD, DARK_WOOD])
    top_y = 0.76
    tt = 0.03
    parts = [box((w, tt, d), (0, top_y - tt / 2, 0), wood)]
    parts += _legs(w - 0.02, d - 0.02, top_y - tt, 0.04, wood)
    parts.append(box((w - 0.1, 0.12, d - 0.06), (0, top_y - tt - 0.06, 0), wood))
    parts.append(box((0.4 * w, 0.09, 0.015), (0, top_y - tt - 0.06, d / 2 - 0.03), CREAM))
    parts.append(_knob(0, top_y - tt - 0.06, d / 2 - 0.02, BRASS))
    mw, mh = 0.62 * w, h - top_y
    mz = -d / 2 + 0.03
    parts.append(box((mw, mh, 0.03), (0, top_y + mh / 2, mz), wood))
    parts.append(box((mw - 0.08, mh - 0.08, 0.006), (0, top_y + mh / 2, mz + 0.017), MIRROR))
    return settle(parts)


def blanket(rng: Rng = None) -> trimesh.Trimesh:
    """Folded blanket: a soft stack of folded layers with a contrasting stripe."""
    w, h, d = v(rng, 0.45, 0.12), v(rng, 0.12, 0.2), v(rng, 0.35, 0.12)
    c = pick(rng, [(150, 60, 60, 255), (70, 100, 150, 255), (200, 190, 170, 255), (90, 120, 90, 255)])
    stripe = pick(rng, [CREAM, (60, 60, 70, 255)])
    n = 4
    lh = h / n
    parts = []
    for i in range(n):
        dx = 0.006 * (-1) ** i
        parts.append(
            puffy((w, lh * 1.05, d), (dx, lh * (i + 0.5), 0), c, edge=0.25, edge_y=0.6, subdivisions=2)
        )
    parts.append(box((w * 0.96, h * 0.9, 0.02), (0, h * 0.47, d * 0.3), stripe))
    return settle(parts)


def hat(rng: Rng = None) -> trimesh.Trimesh:
    """Felt fedora: wide brim, pinched crown and a ribbon band."""
    r, h = v(rng, 0.15, 0.1), v(rng, 0.14, 0.12)
    felt = pick(rng, [(90, 75, 60, 255), (40, 40, 45, 255), (180, 160, 120, 255), (110, 30, 35, 255)])
    band = pick(rng, [BLACK, (120, 30, 30, 255), CREAM])
    cr = 0.62 * r
    prof = [
        (0.0, 0.0),
        (r, 0.0),
        (r, 0.012),
        (cr + 0.01, 0.01),
        (cr, 0.02),
        (cr * 0.98, 0.7 * h),
        (cr * 0.85, 0.95 * h),
        (cr * 0.5, h),
        (0.0, 0.88 * h),
    ]
    parts = [revolve(prof, color=felt, sections=40)]
    parts.append(cylinder(cr + 0.003, 0.025, (0, 0.035, 0), band, sections=40))
    parts[0].apply_scale([1.0, 1.0, 0.93])
    parts[1].apply_scale([1.0, 1.0, 0.93])
    return settle(parts)


def shoes(rng: Rng = None) -> trimesh.Trimesh:
    """A pair of sneakers side by side, toes toward +z: rubber soles, padded uppers and laces."""
    length, h = v(rng, 0.29, 0.1), v(rng, 0.12, 0.12)
    sw = length * 0.32
    upper = pick(rng, [(220, 220, 225, 255), (40, 45, 60, 255), (170, 40, 40, 255), (80, 110, 160, 255)])
    sole_c = pick(rng, [WHITE, BLACK, (200, 180, 150, 255)])
    parts = []
    for s in (-1, 1):
        x = s * (sw / 2 + 0.01)
        parts.append(rbox((sw, 0.025, length), (x, 0.0125, 0), sole_c, sw * 0.45, "y"))
        parts.append(
            puffy(
                (sw * 0.95, h - 0.02, length * 0.62),
                (x, 0.02 + (h - 0.02) / 2, -length * 0.17),
                upper,
                0.4,
                subdivisions=2,
            )
        )
        parts.append(
            puffy((sw * 0.93, 0.06, length * 0.45), (x, 0.045, length * 0.25), upper, 0.45, subdivisions=2)
        )
        # the dark ankle opening on top of the heel part
        parts.append(
            puffy((sw * 0.62, 0.006, length * 0.3), (x, h - 0.002, -length * 0.2), (35, 35, 38, 255), 0.5, 2)
        )
        for k in range(3):
            parts.append(
                box(
                    (sw * 0.5, 0.006, 0.008),
                    (x, 0.062 + 0.012 * k, length * (0.14 - 0.05 * k)),
                    WHITE,
                    rotation=(-30, 0, 0),
                )
            )
    return settle(parts)


def shoe_rack(rng: Rng = None) -> trimesh.Trimesh:
    """Low shoe rack: two side panels, a solid top shelf and two slatted lower shelves."""
    w, h, d = v(rng, 0.8, 0.15), v(rng, 0.5, 0.12), v(rng, 0.3, 0.12)
    wood = pick(rng, WOODS)
    t = 0.02
    parts = [box((t, h - t, d), (s * (w / 2 - t / 2), (h - t) / 2, 0), wood) for s in (-1, 1)]
    parts.append(box((w, t, d), (0, h - t / 2, 0), wood))
    for y in (0.06, 0.06 + (h - 0.06) / 2):
        for k in range(3):
            parts.append(
                cylinder(
                    0.01, w - 2 * t, (0, y, -d / 2 + 0.04 + k * (d - 0.08) / 2), STEEL, axis="x", sections=10
                )
            )
    return settle(parts)


def bunk_bed(rng: Rng = None) -> trimesh.Trimesh:
    """Wooden bunk bed: four tall posts, two bed frames with mattresses, a guard rail and a ladder at +z."""
    w, h, d = v(rng, 1.0, 0.08), v(rng, 1.65, 0.08), v(rng, 2.0, 0.06)
    wood = pick(rng, WOODS)
    sheet = pick(rng, [WHITE, (150, 180, 210, 255), (200, 200, 190, 255)])
    post = 0.07
    parts = _legs(w, d, h, post, wood)
    for y in (0.25, 0.25 + 0.52 * h):
        for s in (-1, 1):
            parts.append(box((0.04, 0.14, d - 2 * post), (s * (w / 2 - post / 2), y, 0), wood))
            parts.append(box((w - 2 * post, 0.14, 0.04), (0, y, s * (d / 2 - post / 2)), wood))
        parts.append(box((w - 2 * post, 0.02, d - 2 * post), (0, y - 0.05, 0), wood))
        parts.append(
            puffy(
                (w - 2 * post - 0.02, 0.16, d - 2 * post - 0.02),
                (0, y + 0.04, 0),
                sheet,
                0.15,
                subdivisions=2,
            )
        )
    top_rail = h - 0.05
    for s in (-1, 1):
        parts.append(box((0.04, 0.06, d - 2 * post), (s * (w / 2 - post / 2), top_rail, 0), wood))
    parts.append(box((w - 2 * post, 0.06, 0.04), (0, top_rail, -d / 2 + post / 2), wood))
    lz = d / 2 + 0.0
    for x in (0.05, 0.35):
        parts.append(box((0.04, 0.25 + 0.52 * h, 0.04), (x * w, (0.25 + 0.52 * h) / 2, lz - 0.02), wood))
    for k in range(4):
        parts.append(
            cylinder(0.015, 0.3 * w, (0.2 * w, 0.3 + k * 0.2, lz - 0.02), wood, axis="x", sections=10)
        )
    return settle(parts)


# ----------------------------------------------------------------------------------------------- office


def filing_cabinet(rng: Rng = None) -> trimesh.Trimesh:
    """Steel three-drawer filing cabinet: drawer fronts with pull handles and label holders at +z."""
    w, h, d = v(rng, 0.4, 0.12), v(rng, 1.0, 0.25), v(rng, 0.6, 0.08)
    metal = pick(rng, [(190, 192, 195, 255), PLASTIC_GREY, (60, 62, 66, 255), WHITE])
    n = 3 if h < 1.15 else 4
    parts = [box((w, h, d - 0.02), (0, h / 2, -0.01), metal)]
    dh = (h - 0.04) / n
    fz = d / 2 - 0.01
    for i in range(n):
        y = 0.03 + dh * (i + 0.5)
        parts.append(box((w - 0.02, dh - 0.01, 0.015), (0, y, fz + 0.0075 - 0.005), metal))
        parts.append(box((0.12, 0.02, 0.02), (0, y + dh * 0.18, fz + 0.01), DARK_METAL))
        parts.append(box((0.07, 0.03, 0.004), (0, y + dh * 0.32, fz + 0.005), WHITE))
    return settle(parts)


def whiteboard(rng: Rng = None) -> trimesh.Trimesh:
    """Wall-mounted whiteboard: aluminium frame, white writing panel facing +z, marker tray with markers."""
    w, h = v(rng, 1.2, 0.2), v(rng, 0.9, 0.15)
    f = 0.02
    parts = [box((w - 2 * f, h - 2 * f, 0.015), (0, h / 2, -0.01), WHITE)]
    for s in (-1, 1):
        parts.append(box((w, f, 0.025), (0, h / 2 + s * (h / 2 - f / 2), -0.0075), STEEL))
        parts.append(box((f, h - 2 * f, 0.025), (s * (w / 2 - f / 2), h / 2, -0.0075), STEEL))
    parts.append(box((w * 0.6, 0.012, 0.05), (0, 0.006, 0.02), STEEL))
    parts.append(box((w * 0.6, 0.025, 0.006), (0, 0.0125, 0.042), STEEL))
    for x, c in ((-0.1, BLACK), (0.05, BLUE), (0.15, RED)):
        parts.append(cylinder(0.008, 0.13, (x * w, 0.02, 0.02), c, axis="x", sections=10))
    return settle(parts)


def desk_organizer(rng: Rng = None) -> trimesh.Trimesh:
    """Desk organiser tray: open compartments of several depths, a tall pen section at the back."""
    w, h, d = v(rng, 0.25, 0.12), v(rng, 0.12, 0.15), v(rng, 0.15, 0.12)
    c = pick(rng, [BLACK, WHITE, LIGHT_WOOD, (70, 110, 160, 255)])
    t = 0.005
    low = 0.5 * h
    parts = _open_box(w, low, d, t, c)
    # tall back-left pen cup and a divider
    parts += _open_box(w * 0.4, h, d * 0.5, t, c, x0=-w * 0.3, z0=-d * 0.25)
    parts.append(box((t, low, d - 2 * t), (w * 0.2, low / 2, 0), c))
    parts.append(box((w * 0.6 - t, low, t), (w * 0.2, low / 2, 0), c))
    parts.append(cylinder(0.005, h * 0.6, (-w * 0.35, h * 0.75, -d * 0.3), BLUE, sections=8))
    return settle(parts)


def paper_tray(rng: Rng = None) -> trimesh.Trimesh:
    """Stackable letter tray: base, full side and back walls, a low scooped front wall at +z, paper inside."""
    w, h, d = v(rng, 0.26, 0.08), v(rng, 0.07, 0.12), v(rng, 0.34, 0.08)
    c = pick(rng, [BLACK, (60, 62, 66, 255), WHITE, (80, 110, 160, 255)])
    t = 0.004
    parts = [
        box((w, t, d), (0, t / 2, 0), c),
        box((w, h, t), (0, h / 2, -d / 2 + t / 2), c),
        box((w, 0.45 * h, t), (0, 0.225 * h, d / 2 - t / 2), c),
        box((t, h, d - 2 * t), (w / 2 - t / 2, h / 2, 0), c),
        box((t, h, d - 2 * t), (-w / 2 + t / 2, h / 2, 0), c),
        box((0.21, 0.008, 0.297), (0, t + 0.004, -0.01), WHITE),
    ]
    return settle(parts)


def binder(rng: Rng = None) -> trimesh.Trimesh:
    """Ring binder lying flat: stiff covers, a spine at -x, paper in between and the ring mechanism."""
    w, h, d = v(rng, 0.29, 0.08), v(rng, 0.05, 0.2), v(rng, 0.32, 0.06)
    c = pick(rng, [BLUE, RED, BLACK, (60, 130, 80, 255)])
    t = 0.003
    parts = [
        box((w, t, d), (0, t / 2, 0), c),
        box((w, t, d), (0, h - t / 2, 0), c),
        box((t * 2, h, d), (-w / 2 + t, h / 2, 0), c),
        box((w * 0.8, h - 2 * t - 0.012, d - 0.02), (w * 0.07, h / 2, 0), WHITE),
        box((0.03, 0.008, d * 0.8), (-w / 2 + 0.03, t + 0.004, 0), STEEL),
        box((0.06, 0.004, 0.19), (-w / 2 + 0.04, h - t - 0.002 + t, 0), WHITE),
    ]
    return settle(parts)


def tape_dispenser(rng: Rng = None) -> trimesh.Trimesh:
    """Weighted desk tape dispenser, long along z: curved base, a roll of clear tape, the cutter at +z."""
    w, h, d = v(rng, 0.15, 0.1), v(rng, 0.07, 0.1), v(rng, 0.06, 0.1)
    c = pick(rng, [BLACK, (60, 62, 66, 255), RED, BLUE])
    poly = [
        (-w / 2, 0.0),
        (w / 2, 0.0),
        (w / 2, 0.025),
        (w / 2 - 0.012, 0.045),
        (w * 0.1, 0.03),
        (-w / 2 + 0.015, 0.028),
        (-w / 2, 0.018),
    ]
    parts = [
        extrude(poly, d, (0, 0, 0), c),
        box((0.01, 0.012, d * 0.7), (w / 2 - 0.006, 0.052, 0), c),
        box((0.004, 0.01, d * 0.7), (w / 2 - 0.001, 0.062, 0), STEEL),
        cylinder(0.025, 0.02, (-w * 0.12, h - 0.025, 0), (225, 225, 215, 255), axis="z", sections=24),
        cylinder(0.013, 0.022, (-w * 0.12, h - 0.025, 0), PLASTIC_GREY, axis="z", sections=16),
        box((w * 0.45, 0.002, 0.019), (w * 0.18, h - 0.03, 0), (225, 225, 215, 255), rotation=(0, 0, -12)),
    ]
    mesh = settle(parts)
    # built along x; turn it so the cutter faces the user (+x -> +z)
    mesh.apply_transform(trimesh.transformations.rotation_matrix(-np.pi / 2, [0, 1, 0]))
    return mesh


def calculator(rng: Rng = None) -> trimesh.Trimesh:
    """Pocket calculator lying flat: display at the far end (-z), a 4 x 5 grid of keys toward +z."""
    w, h, d = v(rng, 0.085, 0.1), v(rng, 0.015, 0.15), v(rng, 0.15, 0.1)
    body = pick(rng, [(60, 62, 66, 255), BLACK, WHITE, (40, 60, 100, 255)])
    parts = [rbox((w, h * 0.7, d), (0, h * 0.35, 0), body, 0.008, "y")]
    parts.append(box((w * 0.8, 0.002, d * 0.2), (0, h * 0.7 + 0.001, -d * 0.33), SCREEN))
    kw, kd = w * 0.8 / 4, d * 0.6 / 5
    for i in range(4):
        for j in range(5):
            key_c = ORANGE if (i == 3 and j == 4) else (PLASTIC_GREY if i < 3 else WHITE)
            x = -w * 0.4 + kw * (i + 0.5)
            z = -d * 0.15 + kd * (j + 0.5)
            parts.append(box((kw * 0.75, h * 0.3, kd * 0.7), (x, h * 0.85, z), key_c))
    return settle(parts)


def pencil_case(rng: Rng = None) -> trimesh.Trimesh:
    """Soft zipped pencil case along x with a zip running along the top and a pull tab."""
    w, h, d = v(rng, 0.21, 0.1), v(rng, 0.05, 0.15), v(rng, 0.08, 0.12)
    c = pick(rng, [(60, 90, 150, 255), BLACK, (200, 70, 90, 255), (90, 140, 90, 255)])
    parts = [
        puffy((w, h, d), (0, h / 2, 0), c, edge=0.3, edge_y=0.5, subdivisions=3),
        box((w * 0.85, 0.004, 0.008), (0, h - 0.001, 0), DARK_METAL),
        box((0.012, 0.004, 0.018), (w * 0.38, h + 0.001, 0.012), STEEL),
    ]
    return settle(parts)


def envelope(rng: Rng = None) -> trimesh.Trimesh:
    """Paper envelope lying flat, its triangular flap closed on top."""
    w, d = v(rng, 0.22, 0.1), v(rng, 0.11, 0.1)
    c = pick(rng, [WHITE, KRAFT, CREAM, (200, 220, 240, 255)])
    flap = [(-w / 2, -d / 2), (w / 2, -d / 2), (0.0, d * 0.15)]
    top = extrude(flap, 0.001, (0, 0, 0), (c[0] - 20, c[1] - 20, c[2] - 20, 255), axis="y")
    top.apply_translation([0, 0.0035, 0])
    parts = [box((w, 0.003, d), (0, 0.0015, 0), c), top]
    return settle(parts)


def folder(rng: Rng = None) -> trimesh.Trimesh:
    """Manila file folder lying flat with papers inside and an index tab at the back (-z)."""
    w, d = v(rng, 0.24, 0.06), v(rng, 0.31, 0.05)
    c = pick(rng, [MANILA, (80, 120, 180, 255), (200, 80, 70, 255), (120, 170, 100, 255)])
    t = 0.0015
    body_d = d - 0.015
    parts = [
        box((w, t, body_d), (0, t / 2, 0.0075), c),
        box((w - 0.01, 0.006, body_d - 0.012), (0, t + 0.003, 0.0075), WHITE),
        box((w, t, body_d), (0, t + 0.006 + t / 2, 0.0075), c),
        box((0.08, t, 0.016), (-w * 0.2, t + 0.006 + t / 2, -d / 2 + 0.008), c),
    ]
    return settle(parts)


def pen_holder(rng: Rng = None) -> trimesh.Trimesh:
    """Cylindrical desk pen cup, open at the top with a thick base."""
    r, h = v(rng, 0.04, 0.12), v(rng, 0.1, 0.12)
    c = pick(rng, [BLACK, STEEL, WHITE, (70, 110, 160, 255)])
    t = 0.003
    prof = [(0.0, 0.0), (r, 0.0), (r, h), (r - t, h), (r - t, 0.008), (0.0, 0.008)]
    return settle([revolve(prof, color=c, sections=40)])


def sticky_notes(rng: Rng = None) -> trimesh.Trimesh:
    """Square pad of sticky notes with a slightly lifted top sheet."""
    s, h = v(rng, 0.076, 0.05), v(rng, 0.03, 0.2)
    c = pick(rng, [YELLOW, (250, 160, 190, 255), (150, 220, 120, 255), (120, 200, 240, 255)])
    top = box((s, 0.001, s), (0, h - 0.0005, 0), c, rotation=(0, 0, 0))
    body = box((s, h - 0.001, s), (0, (h - 0.001) / 2, 0), c)
    colored(body, (max(c[0] - 15, 0), max(c[1] - 15, 0), max(c[2] - 15, 0), 255))
    return settle([body, top])


GENERATORS: dict[str, Generator] = {
    "bench": bench,
    "ottoman": ottoman,
    "bean_bag": bean_bag,
    "recliner": recliner,
    "console_table": console_table,
    "cabinet": cabinet,
    "wall_shelf": wall_shelf,
    "fireplace": fireplace,
    "piano": piano,
    "grandfather_clock": grandfather_clock,
    "aquarium": aquarium,
    "coat_rack": coat_rack,
    "magazine_rack": magazine_rack,
    "crib": crib,
    "vanity": vanity,
    "blanket": blanket,
    "hat": hat,
    "shoes": shoes,
    "shoe_rack": shoe_rack,
    "bunk_bed": bunk_bed,
    "filing_cabinet": filing_cabinet,
    "whiteboard": whiteboard,
    "desk_organizer": desk_organizer,
    "paper_tray": paper_tray,
    "binder": binder,
    "tape_dispenser": tape_dispenser,
    "calculator": calculator,
    "pencil_case": pencil_case,
    "envelope": envelope,
    "folder": folder,
    "pen_holder": pen_holder,
    "sticky_notes": sticky_notes,
}

"""Procedural templates for office and bedroom furniture (desk, chair, shelves, bed, ...) and bedside items.

Merged into `office.GENERATORS`. Metres, +y up, the side a person uses faces +z.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import trimesh

from oorkit.assets.procedural.office_parts import aim, pick, pt, rbox, rod, settle, soft, v
from oorkit.assets.procedural.primitives import (
    BEIGE,
    BLACK,
    DARK_METAL,
    DARK_WOOD,
    LIGHT_WOOD,
    RED,
    STEEL,
    WHITE,
    WOOD,
    Color,
    box,
    cylinder,
    revolve,
    sphere,
    torus,
)

CHARCOAL = (55, 57, 63, 255)
MID_WOOD = (168, 120, 76, 255)
BRASS = (190, 150, 70, 255)
LINEN = (242, 240, 234, 255)
SPINE_COLORS = [
    (130, 30, 35, 255),
    (30, 60, 110, 255),
    (35, 90, 55, 255),
    (60, 45, 35, 255),
    (190, 150, 70, 255),
    (90, 40, 90, 255),
    (210, 205, 190, 255),
    (170, 80, 40, 255),
    (40, 110, 120, 255),
    (25, 25, 30, 255),
]

WOOD_SCHEMES: list[tuple[Color, Color, Color]] = [
    # (carcass, fronts/top, accents)
    (DARK_WOOD, WOOD, STEEL),
    (WOOD, MID_WOOD, DARK_METAL),
    (LIGHT_WOOD, (222, 192, 146, 255), DARK_METAL),
    ((212, 212, 208, 255), (240, 240, 236, 255), DARK_METAL),
]


def _handle(
    x: float, y: float, z: float, length: float, color: Color, axis: str = "x"
) -> list[trimesh.Trimesh]:
    """Bar pull standing off a front face at z (bar along `axis`)."""
    off = np.array([length / 2 - 0.004, 0, 0] if axis == "x" else [0, length / 2 - 0.004, 0])
    c = np.array([x, y, z + 0.018])
    parts = [cylinder(0.0065, length, pt(c), color, axis=axis, sections=16)]
    for s in (-1, 1):
        parts.append(cylinder(0.004, 0.02, pt(c + s * off - [0, 0, 0.009]), color, axis="z", sections=12))
    return parts


def _knob(x: float, y: float, z: float, color: Color, r: float = 0.014) -> list[trimesh.Trimesh]:
    """Round drawer knob on a front face at z."""
    return [
        cylinder(r * 0.4, 0.018, (x, y, z + 0.009), color, axis="z", sections=12),
        sphere(r, (x, y, z + 0.02), color, scale=(1, 1, 0.7), subdivisions=2),
    ]


def desk(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Office desk: wooden top, drawer pedestal on the right, panel leg on the left; user sits at +z."""
    w, h, d = v(rng, 1.4, 0.1), v(rng, 0.75, 0.05), v(rng, 0.7, 0.1)
    carcass, top_c, metal = pick(rng, WOOD_SCHEMES)
    tt = 0.03
    ped_w = v(rng, 0.42, 0.1)
    front = d / 2 - 0.03
    ped_x = w / 2 - 0.02 - ped_w / 2
    parts = [
        rbox((w, tt, d), (0, h - tt / 2, 0), top_c, 0.01, "y"),
        box((ped_w, h - tt, d - 0.05), (ped_x, (h - tt) / 2, -0.005), carcass),
        box((0.035, h - tt, d - 0.05), (-w / 2 + 0.04, (h - tt) / 2, -0.005), carcass),
        box((0.05, 0.03, d - 0.05), (-w / 2 + 0.04, 0.015, -0.005), carcass),
        box((w - 0.1, 0.34, 0.018), (0, h - tt - 0.17, -d / 2 + 0.04), carcass),
    ]
    heights = [0.16, 0.22, h - tt - 0.03 - 0.38 - 0.02]
    y = h - tt - 0.01
    for dh in heights:
        parts.append(box((ped_w - 0.02, dh - 0.012, 0.018), (ped_x, y - dh / 2, front), top_c))
        parts += _handle(ped_x, y - min(0.04, dh / 4), front, 0.12, metal)
        y -= dh
    # shallow centre drawer under the top
    cx = (-w / 2 + 0.06 + ped_x - ped_w / 2) / 2
    parts.append(box((0.5, 0.07, 0.018), (cx, h - tt - 0.045, front), top_c))
    parts.append(box((0.52, 0.08, d - 0.1), (cx, h - tt - 0.045, -0.02), carcass))
    parts += _handle(cx, h - tt - 0.045, front, 0.14, metal)
    return settle(parts)


def office_chair(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Swivel office chair: five-star base on casters, gas lift, cushioned seat and backrest, armrests."""
    fabric = pick(rng, [(40, 42, 48, 255), (45, 70, 120, 255), (120, 40, 40, 255), (95, 98, 104, 255)])
    frame = pick(rng, [BLACK, DARK_METAL, STEEL])
    reach = v(rng, 0.28, 0.08)
    seat_y = v(rng, 0.47, 0.08)
    sw, sd = v(rng, 0.5, 0.08), v(rng, 0.48, 0.08)
    parts: list[trimesh.Trimesh] = []
    for k in range(5):
        a = np.radians(90 + 72 * k)
        tip = np.array([reach * np.cos(a), 0.075, reach * np.sin(a)])
        parts.append(rod((0, 0.085, 0), tip, 0.016, frame))
        parts.append(cylinder(0.02, 0.03, (tip[0], 0.06, tip[2]), frame, sections=12))
        wheel = cylinder(0.025, 0.022, (0, 0, 0), BLACK, axis="x", sections=20)
        wheel.apply_transform(trimesh.transformations.rotation_matrix(a, [0, 1, 0]))
        wheel.apply_translation([tip[0] * 1.05, 0.025, tip[2] * 1.05])
        parts.append(wheel)
    parts += [
        cylinder(0.04, 0.05, (0, 0.09, 0), frame),
        cylinder(0.028, seat_y - 0.18, (0, 0.1 + (seat_y - 0.18) / 2, 0), DARK_METAL),
        cylinder(0.02, 0.12, (0, seat_y - 0.12, 0), STEEL),
        box((0.2, 0.04, 0.22), (0, seat_y - 0.04, 0), BLACK),
        soft((sw, 0.085, sd), (0, seat_y + 0.02, 0.01), fabric, p=0.3),
    ]
    back_h = v(rng, 0.55, 0.1)
    back_bottom = seat_y + 0.1
    tilt = np.radians(v(rng, 10.0, 0.4))
    back = soft((sw * 0.94, back_h, 0.075), (0, back_h / 2, 0), fabric, p=0.3)
    back.apply_transform(trimesh.transformations.rotation_matrix(-tilt, [1, 0, 0]))
    back_z = -sd / 2 + 0.02
    back.apply_translation([0, back_bottom, back_z])
    parts.append(back)
    spine_top = np.array([0, back_bottom + 0.15, back_z - 0.045 - 0.15 * np.tan(tilt)])
    parts += [
        rod((0, seat_y - 0.04, -0.08), (0, seat_y - 0.04, back_z - 0.05), 0.018, BLACK),
        rod((0, seat_y - 0.04, back_z - 0.05), spine_top, 0.018, BLACK),
    ]
    ax = sw / 2 + 0.03
    arm_y = seat_y + v(rng, 0.22, 0.1)
    for s in (-1, 1):
        parts += [
            rod((s * (sw / 2 - 0.05), seat_y - 0.02, -0.02), (s * ax, seat_y + 0.03, -0.02), 0.012, frame),
            rod((s * ax, seat_y + 0.03, -0.02), (s * ax, arm_y, -0.02), 0.012, frame),
            rbox((0.07, 0.03, 0.26), (s * ax, arm_y + 0.012, 0.0), BLACK, 0.03, "y"),
        ]
    return settle(parts)


def bookshelf(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Open bookcase with fixed shelves filled with upright books, open front toward +z."""
    w, h, d = v(rng, 0.9, 0.1), v(rng, 1.8, 0.1), v(rng, 0.35, 0.1)
    carcass, _, _ = pick(rng, WOOD_SCHEMES)
    br = np.random.default_rng(11) if rng is None else rng
    n = 5 if rng is None else int(rng.integers(4, 7))
    t = 0.02
    parts = [
        box((t, h, d), (-w / 2 + t / 2, h / 2, 0), carcass),
        box((t, h, d), (w / 2 - t / 2, h / 2, 0), carcass),
        box((w, t, d), (0, h - t / 2, 0), carcass),
        box((w - 2 * t, 0.07, d - 0.02), (0, 0.035, -0.01), carcass),
        box((w - 2 * t, h - t, 0.008), (0, (h - t) / 2, -d / 2 + 0.004), _darker(carcass)),
    ]
    y0, y1 = 0.07, h - t
    pitch = (y1 - y0) / n
    inner_w = w - 2 * t
    for i in range(n):
        floor = y0 + i * pitch
        if i > 0:
            parts.append(box((inner_w, t, d - 0.01), (0, floor - t / 2 + t / 2, 0.0), carcass))
            floor += t / 2
        room = pitch - (t if i > 0 else 0) - 0.01
        x = -inner_w / 2 + 0.005
        limit = inner_w / 2 - (0.0 if i % 2 == 0 else inner_w * 0.35)
        while True:
            bw = float(br.uniform(0.02, 0.045))
            if x + bw > limit - 0.005:
                break
            bh = min(float(br.uniform(0.65, 0.95)) * room, 0.33)
            bd = float(br.uniform(0.17, 0.24))
            color = SPINE_COLORS[int(br.integers(len(SPINE_COLORS)))]
            parts.append(
                box((bw - 0.001, bh, bd), (x + bw / 2, floor + bh / 2, d / 2 - 0.03 - bd / 2), color)
            )
            x += bw
        if i % 2 == 1:
            sy = floor
            for _ in range(int(br.integers(2, 5))):
                bt = float(br.uniform(0.025, 0.04))
                color = SPINE_COLORS[int(br.integers(len(SPINE_COLORS)))]
                parts.append(box((0.24, bt, 0.18), (inner_w / 2 - 0.15, sy + bt / 2, 0.02), color))
                sy += bt
    return settle(parts)


def _darker(c: Color, f: float = 0.8) -> Color:
    """A darker shade of colour `c`."""
    return (int(c[0] * f), int(c[1] * f), int(c[2] * f), 255)


def bed(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Double bed: headboard at the back (-z), mattress with duvet and two pillows, foot toward +z."""
    w, length = v(rng, 1.6, 0.1), v(rng, 2.1, 0.07)
    frame_c, _, _ = pick(rng, WOOD_SCHEMES[:3])
    duvet_c = pick(rng, [(95, 125, 170, 255), (200, 195, 185, 255), (150, 60, 60, 255), (110, 140, 110, 255)])
    head_h = v(rng, 0.62, 0.05)
    rail_top = 0.3
    mat_t = 0.2
    parts = [
        box((w, 0.18, length - 0.1), (0, rail_top - 0.09, 0.0), frame_c),
        box((w, head_h, 0.06), (0, head_h / 2, -length / 2 + 0.03), frame_c),
        rbox(
            (w - 0.1, head_h - 0.38, 0.02),
            (0, head_h - 0.2, -length / 2 + 0.065),
            _darker(frame_c, 0.85),
            0.04,
            "z",
        ),
        box((w, 0.36, 0.05), (0, 0.18, length / 2 - 0.025), frame_c),
    ]
    for sx in (-1, 1):
        parts.append(box((0.07, 0.14, 0.07), (sx * (w / 2 - 0.035), 0.07, length / 2 - 0.06), frame_c))
    mat_y = rail_top + mat_t / 2 - 0.02
    parts.append(soft((w - 0.06, mat_t, length - 0.12), (0, mat_y, 0.0), LINEN, p=0.2))
    top = mat_y + mat_t / 2
    duvet_len = length * 0.66
    dz = length / 2 - 0.07 - duvet_len / 2
    parts.append(
        soft((w - 0.02, mat_t + 0.06, duvet_len), (0, top - (mat_t + 0.06) / 2 + 0.035, dz), duvet_c, p=0.15)
    )
    parts.append(cylinder(0.03, w - 0.02, (0, top + 0.01, dz - duvet_len / 2 + 0.03), LINEN, axis="x"))
    pz = -length / 2 + 0.32
    for sx in (-1, 1):
        parts.append(_pillow_mesh((0.66, 0.13, 0.42), (sx * (w / 4 - 0.02), top + 0.045, pz), LINEN, 3))
    return settle(parts)


def _pillow_mesh(
    size: tuple[float, float, float], center: tuple[float, float, float], color: Color, subdivisions: int = 4
) -> trimesh.Trimesh:
    """A plump pillow: squarish outline with thin pinched edges, flatter underneath."""
    mesh = trimesh.creation.icosphere(subdivisions=subdivisions)
    a = mesh.vertices
    x = np.sign(a[:, 0]) * np.abs(a[:, 0]) ** 0.55
    z = np.sign(a[:, 2]) * np.abs(a[:, 2]) ** 0.55
    y = a[:, 1] * np.where(a[:, 1] < 0, 0.55, 1.0)
    y = y * (0.35 + 0.65 * (1 - x**2) ** 0.5 * (1 - z**2) ** 0.5)
    verts = np.stack([x * size[0] / 2, y * size[1] / 1.55 + size[1] * 0.1, z * size[2] / 2], axis=1)
    mesh.vertices = verts + np.asarray(center)
    mesh.visual.face_colors = np.tile(np.asarray(color, dtype=np.uint8), (len(mesh.faces), 1))
    return mesh


def pillow(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Bed pillow resting flat, long side along x."""
    size = (v(rng, 0.65, 0.1), v(rng, 0.15, 0.15), v(rng, 0.45, 0.1))
    color = pick(rng, [LINEN, (190, 210, 230, 255), BEIGE, (225, 200, 205, 255)])
    return settle([_pillow_mesh(size, (0.0, 0.0, 0.0), color)])


def nightstand(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Bedside table on short legs: a drawer on top and an open shelf below, front toward +z."""
    w, h, d = v(rng, 0.5, 0.1), v(rng, 0.55, 0.1), v(rng, 0.4, 0.1)
    carcass, front_c, metal = pick(rng, WOOD_SCHEMES)
    leg = v(rng, 0.1, 0.2)
    t = 0.02
    cw = w - 0.02
    parts = [rbox((w, 0.025, d), (0, h - 0.0125, 0), front_c, 0.008, "y")]
    for sx in (-1, 1):
        for sz in (-1, 1):
            parts.append(
                box(
                    (0.035, leg + 0.01, 0.035),
                    (sx * (cw / 2 - 0.02), (leg + 0.01) / 2, sz * (d / 2 - 0.03)),
                    carcass,
                )
            )
        parts.append(
            box((t, h - 0.025 - leg, d - 0.02), (sx * (cw / 2 - t / 2), (h - 0.025 + leg) / 2, 0), carcass)
        )
    parts += [
        box((cw, t, d - 0.02), (0, leg + t / 2, 0), carcass),
        box((cw, h - 0.025 - leg, t), (0, (h - 0.025 + leg) / 2, -d / 2 + 0.01 + t / 2), _darker(carcass)),
    ]
    drawer_h = (h - 0.025 - leg) * 0.42
    shelf_y = h - 0.025 - drawer_h
    parts += [
        box((cw, t, d - 0.02), (0, shelf_y - t / 2, 0), carcass),
        box((cw - 2 * t, drawer_h - 0.01, d - 0.05), (0, shelf_y + drawer_h / 2, -0.01), carcass),
        box((cw - 0.012, drawer_h - 0.012, 0.02), (0, shelf_y + drawer_h / 2, d / 2 - 0.01), front_c),
    ]
    parts += _knob(0, shelf_y + drawer_h / 2, d / 2, metal)
    return settle(parts)


def wardrobe(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Two-door wardrobe with a pair of drawers below, on a plinth, doors facing +z."""
    w, h, d = v(rng, 1.2, 0.1), v(rng, 2.0, 0.07), v(rng, 0.6, 0.1)
    carcass, front_c, metal = pick(rng, WOOD_SCHEMES)
    plinth = 0.07
    front = d / 2 - 0.01
    parts = [
        box((w - 0.02, h - plinth - 0.03, d - 0.02), (0, plinth + (h - plinth - 0.03) / 2, -0.01), carcass),
        box((w - 0.06, plinth, d - 0.06), (0, plinth / 2, -0.02), _darker(carcass, 0.7)),
        box((w, 0.035, d), (0, h - 0.0175, 0), carcass),
    ]
    drawer_h = v(rng, 0.25, 0.15)
    door_bottom = plinth + drawer_h
    door_h = h - 0.035 - door_bottom - 0.01
    half = (w - 0.05) / 2
    for s in (-1, 1):
        cx = s * (half / 2 + 0.005)
        parts.append(box((half - 0.004, door_h, 0.02), (cx, door_bottom + door_h / 2, front), front_c))
        for py, ph in (
            (door_bottom + door_h * 0.72, door_h * 0.44),
            (door_bottom + door_h * 0.25, door_h * 0.36),
        ):
            parts.append(box((half - 0.1, ph, 0.008), (cx, py, front + 0.012), _darker(front_c, 0.9)))
        parts += _handle(s * 0.04, door_bottom + door_h * 0.5, front + 0.01, 0.22, metal, axis="y")
        parts.append(box((half - 0.004, drawer_h - 0.016, 0.02), (cx, plinth + drawer_h / 2, front), front_c))
        parts += _handle(cx, plinth + drawer_h / 2, front + 0.01, 0.14, metal)
    return settle(parts)


def dresser(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Chest of drawers: two small drawers over full-width drawers, on short legs, facing +z."""
    w, h, d = v(rng, 1.2, 0.1), v(rng, 0.8, 0.1), v(rng, 0.5, 0.1)
    carcass, front_c, metal = pick(rng, WOOD_SCHEMES)
    rows = 4 if rng is None else int(rng.integers(3, 5))
    leg = 0.07
    top_t = 0.03
    front = d / 2 - 0.02
    parts = [
        rbox((w, top_t, d), (0, h - top_t / 2, 0), front_c, 0.01, "y"),
        box((w - 0.04, h - top_t - leg, d - 0.04), (0, leg + (h - top_t - leg) / 2, -0.01), carcass),
    ]
    for sx in (-1, 1):
        for sz in (-1, 1):
            parts.append(
                rod(
                    (sx * (w / 2 - 0.06), leg + 0.005, sz * (d / 2 - 0.06)),
                    (sx * (w / 2 - 0.07), 0.0, sz * (d / 2 - 0.065)),
                    0.02,
                    carcass,
                )
            )
    span = h - top_t - leg - 0.02
    row_h = span / (rows - 0.4)
    y = h - top_t - 0.01
    for r in range(rows):
        dh = row_h * (0.6 if r == 0 else 1.0)
        yc = y - dh / 2
        if r == 0:
            for s in (-1, 1):
                cx = s * (w - 0.06) / 4
                parts.append(box(((w - 0.06) / 2 - 0.008, dh - 0.012, 0.02), (cx, yc, front), front_c))
                parts += _knob(cx, yc, front + 0.01, metal, 0.012)
        else:
            parts.append(box((w - 0.06, dh - 0.012, 0.02), (0, yc, front), front_c))
            for s in (-1, 1):
                parts += _handle(s * (w - 0.06) / 4, yc, front + 0.01, 0.11, metal)
        y -= dh
    return settle(parts)


def alarm_clock(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Twin-bell alarm clock on two feet, dial facing +z showing ten past ten."""
    body_c = pick(rng, [RED, (40, 110, 170, 255), (60, 150, 90, 255), (40, 40, 44, 255)])
    r = v(rng, 0.045, 0.1)
    dep = 0.04
    feet = 0.012
    cy = r + feet
    fz = dep / 2
    parts = [
        cylinder(r, dep, (0, cy, 0), body_c, axis="z", sections=48),
        torus(r - 0.002, 0.0045, (0, cy, fz), STEEL, axis="z"),
        cylinder(r - 0.004, 0.002, (0, cy, fz), WHITE, axis="z", sections=48),
        cylinder(r * 0.3, 0.008, (0, cy, -fz - 0.003), STEEL, axis="z"),
        cylinder(0.004, 0.016, (0.012, cy - 0.015, -fz - 0.008), STEEL, axis="z", sections=12),
        cylinder(0.0025, 0.003, (0, cy, fz + 0.0025), BLACK, axis="z", sections=16),
    ]
    for k in range(12):
        a = np.radians(90 - 30 * k)
        long = k % 3 == 0
        rr = r - (0.011 if long else 0.0095)
        tick = box(
            (0.002, 0.007 if long else 0.004, 0.0012), (0, 0, 0), BLACK, rotation=(0, 0, np.degrees(a) - 90)
        )
        tick.apply_translation([rr * np.cos(a), cy + rr * np.sin(a), fz + 0.0012])
        parts.append(tick)
    for ang_deg, ln, wd, color, dz in (
        (145, 0.024, 0.003, BLACK, 0.0016),
        (30, 0.034, 0.002, BLACK, 0.002),
        (260, 0.032, 0.0008, RED, 0.0024),
    ):
        a = np.radians(ang_deg)
        hand = box((wd, ln, 0.0008), (0, 0, 0), color, rotation=(0, 0, ang_deg - 90))
        off = ln / 2 - 0.004
        hand.apply_translation([off * np.cos(a), cy + off * np.sin(a), fz + dz])
        parts.append(hand)
    bell_profile = [(0, 0), (0.024, 0), (0.024, 0.003), (0.021, 0.012), (0.013, 0.02), (0, 0.0225)]
    for s in (-1, 1):
        a = np.radians(42)
        direction = np.array([s * np.sin(a), np.cos(a), 0])
        bell = revolve(bell_profile, (0, 0, 0), STEEL, sections=32)
        aim(bell, (0, 1, 0), direction)
        bell.apply_translation(np.array([0, cy, 0]) + direction * (r + 0.002))
        parts.append(bell)
        parts.append(rod((0, cy, 0), np.array([0, cy, 0]) + direction * (r + 0.004), 0.002, STEEL))
        foot_dir = np.array([s * np.sin(np.radians(40)), -np.cos(np.radians(40)), 0])
        foot_end = np.array([0, cy, 0]) + foot_dir * (r + 0.01)
        parts.append(rod(np.array([0, cy, 0]) + foot_dir * (r - 0.01), foot_end, 0.003, STEEL))
        parts.append(sphere(0.0055, pt(foot_end), STEEL, subdivisions=2))
    parts.append(rod((0, cy + r - 0.004, 0), (0, cy + r + 0.012, 0), 0.002, STEEL))
    parts.append(sphere(0.004, (0, cy + r + 0.013, 0), STEEL, subdivisions=2))
    return settle(parts)


GENERATORS: dict[str, Callable[[np.random.Generator | None], trimesh.Trimesh]] = {
    "desk": desk,
    "office_chair": office_chair,
    "bookshelf": bookshelf,
    "bed": bed,
    "nightstand": nightstand,
    "wardrobe": wardrobe,
    "dresser": dresser,
    "pillow": pillow,
    "alarm_clock": alarm_clock,
}

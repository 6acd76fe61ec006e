"""Procedural templates for living-room objects; bathroom and dining items live in household_*.py.

All objects are built in metres in the canonical frame: +y up, front facing +z, resting on y = 0.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import trimesh

from oorkit.assets.procedural.household_bath import GENERATORS as _BATH
from oorkit.assets.procedural.household_dining import GENERATORS as _DINING
from oorkit.assets.procedural.household_parts import (
    CREAM,
    GOLD,
    LEAF_GREEN,
    MUSTARD,
    NAVY,
    RUG_RED,
    SCREEN,
    SKY,
    SOFA_DARK,
    SOFA_GREY,
    SOIL,
    TERRACOTTA,
    beam,
    ellipse,
    grounded,
    posed,
    puffy,
    rrect,
    slab,
    tube,
    vary,
    vary_int,
)
from oorkit.assets.procedural.primitives import (
    BEIGE,
    BLACK,
    DARK_GREEN,
    DARK_METAL,
    DARK_WOOD,
    GREEN,
    LIGHT_WOOD,
    PLASTIC_GREY,
    RED,
    STEEL,
    WHITE,
    WOOD,
    YELLOW,
    Color,
    assemble,
    box,
    cylinder,
    revolve,
    sphere,
    torus,
)

Rng = np.random.Generator | None


def _upholstered(
    rng: Rng,
    width: float,
    depth: float,
    height: float,
    n_seats: int,
    arm_w: float,
    seat_h: float,
    leg_h: float,
    color: Color,
    dark: Color,
) -> trimesh.Trimesh:
    """Sofa-like seat: legs, base, two arms, back frame, seat and back cushions."""
    w, d, h = vary(rng, width, 0.1), vary(rng, depth, 0.1), vary(rng, height, 0.1)
    aw, sh, lh = vary(rng, arm_w), vary(rng, seat_h, 0.1), vary(rng, leg_h, 0.3)
    arm_top = sh + vary(rng, 0.17)
    back_d = 0.22 * d
    inner = w - 2 * aw
    base_top = sh - 0.13
    parts = []
    for sx in (-1, 1):
        for sz in (-1, 1):
            parts.append(
                cylinder(
                    0.022, lh, (sx * (w / 2 - 0.06), lh / 2, sz * (d / 2 - 0.07)), DARK_WOOD, sections=12
                )
            )
        parts.append(
            puffy(
                (aw, arm_top - lh, d),
                (sx * (w / 2 - aw / 2), (lh + arm_top) / 2, 0),
                color,
                edge=0.22,
                edge_y=0.3,
            )
        )
    parts.append(
        puffy((inner + 0.04, base_top - lh + 0.02, d - 0.01), (0, (lh + base_top) / 2, 0), dark, edge=0.15)
    )
    back_top = h - 0.06
    parts.append(
        puffy(
            (inner + 0.04, back_top - lh, back_d),
            (0, (lh + back_top) / 2, -d / 2 + back_d / 2),
            color,
            edge=0.2,
        )
    )
    cw = inner / n_seats
    seat_d = d - back_d + 0.01
    for i in range(n_seats):
        x = -inner / 2 + cw * (i + 0.5)
        seat_c = (x, base_top + 0.065, d / 2 - seat_d / 2 + 0.01)
        parts.append(puffy((cw - 0.006, 0.16, seat_d), seat_c, color, edge=0.25, edge_y=0.5))
        bh = h - sh + 0.02
        parts.append(
            puffy((cw - 0.01, bh, 0.17), (0, 0, 0), color, edge=0.28, edge_y=0.35, rotation=(-12, 0, 0))
        )
        parts[-1].apply_translation([x, sh + bh / 2 - 0.02, -d / 2 + back_d + 0.05])
    return grounded(assemble(parts))


def sofa(rng: Rng = None) -> trimesh.Trimesh:
    """Three-seat fabric sofa with arms, seat and back cushions, short wooden legs."""
    return _upholstered(rng, 2.0, 0.9, 0.85, vary_int(rng, 3, 2, 3), 0.2, 0.45, 0.08, SOFA_GREY, SOFA_DARK)


def armchair(rng: Rng = None) -> trimesh.Trimesh:
    """Upholstered armchair with thick arms, one seat cushion and a back cushion."""
    return _upholstered(rng, 0.85, 0.85, 0.9, 1, 0.16, 0.45, 0.12, (120, 90, 70, 255), (100, 74, 58, 255))


def _legged_table(
    rng: Rng,
    width: float,
    height: float,
    depth: float,
    leg: float,
    shelf: bool,
    drawer: bool,
) -> trimesh.Trimesh:
    """Wooden table: rounded top, apron, four legs, optional lower shelf and front drawer."""
    w, h, d = vary(rng, width, 0.1), vary(rng, height, 0.1), vary(rng, depth, 0.1)
    top_t = 0.035
    lx, lz = w / 2 - leg / 2 - 0.03, d / 2 - leg / 2 - 0.03
    parts = [slab(rrect(w, d, 0.03), top_t, (0, h - top_t / 2, 0), WOOD)]
    for sx in (-1, 1):
        for sz in (-1, 1):
            parts.append(box((leg, h - top_t, leg), (sx * lx, (h - top_t) / 2, sz * lz), DARK_WOOD))
    ap = 0.07
    ay = h - top_t - ap / 2
    parts.append(box((2 * lx, ap, 0.02), (0, ay, -lz), DARK_WOOD))
    parts += [box((0.02, ap, 2 * lz), (sx * lx, ay, 0), DARK_WOOD) for sx in (-1, 1)]
    if drawer:
        dh = 0.11
        dy = h - top_t - dh / 2
        parts.append(box((2 * lx - leg, dh, 2 * lz), (0, dy, 0), WOOD))
        parts.append(box((2 * lx - leg - 0.02, dh - 0.025, 0.015), (0, dy, lz + 0.005), LIGHT_WOOD))
        parts.append(sphere(0.011, (0, dy, lz + 0.02), GOLD, subdivisions=2))
    else:
        parts.append(box((2 * lx, ap, 0.02), (0, ay, lz), DARK_WOOD))
    if shelf:
        sy = vary(rng, 0.12)
        parts.append(box((2 * lx, 0.02, 2 * lz), (0, sy, 0), WOOD))
    return assemble(parts)


def coffee_table(rng: Rng = None) -> trimesh.Trimesh:
    """Low rectangular wooden coffee table with a lower shelf."""
    return _legged_table(rng, 1.1, 0.45, 0.6, 0.05, shelf=True, drawer=False)


def side_table(rng: Rng = None) -> trimesh.Trimesh:
    """Small square end table with a front drawer and a lower shelf."""
    return _legged_table(rng, 0.5, 0.55, 0.5, 0.04, shelf=True, drawer=True)


def tv(rng: Rng = None) -> trimesh.Trimesh:
    """Flat-screen television on a slim pedestal stand, screen facing +z."""
    w, h = vary(rng, 1.25, 0.12), vary(rng, 0.7, 0.1)
    foot_h, t = 0.05, 0.028
    y0 = foot_h
    cy = y0 + h / 2
    parts = [
        box((w, h, t), (0, cy, 0), BLACK),
        box((w - 0.03, h - 0.045, 0.004), (0, cy + 0.008, t / 2), SCREEN),
        box((w * 0.6, h * 0.6, 0.022), (0, cy, -t / 2 - 0.011), DARK_METAL),
        box((0.32, 0.012, 0.08), (0, 0.006, 0), DARK_METAL),
        box((0.08, foot_h + 0.06, 0.02), (0, (foot_h + 0.06) / 2, -0.025), DARK_METAL),
        box((0.05, 0.006, 0.004), (0, y0 + 0.0115, t / 2 + 0.001), (200, 200, 205, 255)),
        cylinder(
            0.003, 0.004, (w / 2 - 0.06, y0 + 0.0115, t / 2 + 0.001), (220, 40, 40, 255), axis="z", sections=8
        ),
    ]
    return assemble(parts)


def tv_stand(rng: Rng = None) -> trimesh.Trimesh:
    """Low media console: two doors with handles, an open middle shelf holding a console box."""
    w, d = vary(rng, 1.5, 0.1), vary(rng, 0.42, 0.1)
    lh = vary(rng, 0.08, 0.3)
    top = vary(rng, 0.5, 0.1)
    h = top - lh
    p = 0.02
    cy = lh + h / 2
    body = DARK_WOOD
    parts = [
        box((w, p, d), (0, top - p / 2, 0), body),
        box((w, p, d), (0, lh + p / 2, 0), body),
        box((w, h, p), (0, cy, -d / 2 + p / 2), body),
        box((w / 3, p, d - p), (0, cy, p / 2), body),
        box((0.26, 0.06, 0.2), (0, cy + p / 2 + 0.03, 0.0), BLACK),
        box((0.04, 0.006, 0.002), (0.08, cy + p / 2 + 0.03, 0.1), (60, 160, 230, 255)),
    ]
    for sx in (-1, 1):
        parts.append(box((p, h, d), (sx * (w / 2 - p / 2), cy, 0), body))
        parts.append(box((p, h, d), (sx * w / 6, cy, 0), body))
        dw = w / 3 - p - 0.006
        dx = sx * (w / 3)
        parts.append(box((dw, h - 2 * p - 0.006, 0.018), (dx, cy, d / 2 - 0.009), WOOD))
        parts.append(box((0.012, 0.1, 0.012), (dx - sx * (dw / 2 - 0.04), cy, d / 2 + 0.006), STEEL))
        for sz in (-1, 1):
            parts.append(
                cylinder(
                    0.018, lh, (sx * (w / 2 - 0.06), lh / 2, sz * (d / 2 - 0.06)), DARK_METAL, sections=12
                )
            )
    return assemble(parts)


def floor_lamp(rng: Rng = None) -> trimesh.Trimesh:
    """Standing lamp: round weighted base, thin pole and a flared fabric shade with a bulb."""
    h = vary(rng, 1.6, 0.1)
    r_bot, r_top = vary(rng, 0.2, 0.1), vary(rng, 0.15, 0.12)
    sh = vary(rng, 0.34, 0.15)
    y0 = h - sh
    parts = [
        revolve(
            [(0, 0), (0.16, 0), (0.16, 0.015), (0.12, 0.035), (0.03, 0.045), (0, 0.045)], color=DARK_METAL
        ),
        cylinder(0.012, y0 + 0.12, (0, (y0 + 0.12) / 2, 0), DARK_METAL, sections=16),
        tube([(r_bot, y0), (r_top, h), (r_top - 0.006, h), (r_bot - 0.006, y0)], color=CREAM),
        sphere(0.035, (0, y0 + 0.14, 0), (255, 244, 200, 255), scale=(1, 1.25, 1), subdivisions=2),
        cylinder(0.02, 0.04, (0, y0 + 0.1, 0), STEEL, sections=16),
    ]
    for a in (0, 120, 240):
        ang = np.radians(a)
        tip = ((r_top - 0.01) * np.cos(ang), h - 0.03, (r_top - 0.01) * np.sin(ang))
        parts.append(beam((0, y0 + 0.1, 0), tip, (0.005, 0.005), DARK_METAL))
    return assemble(parts)


def potted_plant(rng: Rng = None) -> trimesh.Trimesh:
    """Leafy houseplant in a terracotta pot with soil."""
    ph = vary(rng, 0.29, 0.1)
    pr = vary(rng, 0.14, 0.1)
    pot = [
        (0, 0),
        (pr * 0.72, 0),
        (pr * 0.9, ph * 0.83),
        (pr, ph * 0.85),
        (pr, ph),
        (pr - 0.014, ph),
        (pr - 0.02, ph * 0.86),
        (pr * 0.72 - 0.015, 0.02),
        (0, 0.02),
    ]
    parts = [revolve(pot, color=TERRACOTTA), cylinder(pr - 0.02, 0.02, (0, ph - 0.035, 0), SOIL)]
    base_y = ph - 0.03
    total = vary(rng, 0.8, 0.08) - base_y
    tiers = [(46, 0.47, vary_int(rng, 6, 5, 7)), (66, 0.72, vary_int(rng, 5, 4, 6)), (80, 1.0, 4)]
    greens = [GREEN, LEAF_GREEN, DARK_GREEN]
    k = 0
    for ti, (elev, frac, n) in enumerate(tiers):
        length = total * frac / np.sin(np.radians(elev)) * 0.93
        for i in range(n):
            az = 360.0 * i / n + 30 * ti + (0 if rng is None else rng.uniform(-8, 8))
            el = elev + (0 if rng is None else rng.uniform(-2, 6))
            leaf = sphere(1.0, color=greens[k % 3], scale=(length / 2, 0.005, length * 0.14), subdivisions=2)
            mid = (np.cos(np.radians(el)) * length / 2, np.sin(np.radians(el)) * length / 2, 0)
            posed(leaf, (0, 0, el), mid)
            posed(leaf, (0, az, 0), (0, base_y, 0))
            parts.append(leaf)
            k += 1
    return assemble(parts)


def cushion(rng: Rng = None) -> trimesh.Trimesh:
    """Square throw pillow, plump in the middle with a tufted button."""
    w = vary(rng, 0.45, 0.12)
    d = w * vary(rng, 1.0, 0.08)
    t = vary(rng, 0.15, 0.15)
    parts = [
        puffy((w, t, d), (0, t / 2, 0), MUSTARD, edge=0.3, edge_y=0.9, subdivisions=4),
        sphere(0.014, (0, t - 0.004, 0), (170, 125, 30, 255), scale=(1, 0.5, 1), subdivisions=2),
    ]
    return assemble(parts)


def remote_control(rng: Rng = None) -> trimesh.Trimesh:
    """TV remote lying flat, long along z, power button and IR end at -z, keypad toward the user at +z."""
    w, ln = vary(rng, 0.05, 0.1), vary(rng, 0.18, 0.1)
    th = 0.018
    top = th
    btn = (190, 192, 198, 255)
    parts = [
        puffy((w, th, ln), (0, th / 2, 0), (45, 46, 52, 255), edge=0.18, edge_y=0.45),
        box((w * 0.5, th * 0.5, 0.004), (0, th / 2, -ln / 2 + 0.001), (90, 20, 25, 255)),
        cylinder(0.0055, 0.004, (-w * 0.22, top, -ln * 0.4), RED, sections=16),
        cylinder(0.013, 0.003, (0, top, -ln * 0.18), btn, sections=24),
        cylinder(0.0055, 0.005, (0, top + 0.001, -ln * 0.18), PLASTIC_GREY, sections=16),
    ]
    for sx in (-1, 1):
        parts.append(box((0.009, 0.004, 0.026), (sx * w * 0.3, top, -ln * 0.02), btn))
    for r in range(4):
        for c in range(3):
            parts.append(box((0.009, 0.004, 0.007), ((c - 1) * w * 0.26, top, ln * (0.1 + 0.075 * r)), btn))
    return assemble(parts)


def picture_frame(rng: Rng = None) -> trimesh.Trimesh:
    """Standing photo frame with a landscape picture, leaning slightly back on a rear strut."""
    w, h = vary(rng, 0.25, 0.12), vary(rng, 0.3, 0.12)
    b, t = vary(rng, 0.025, 0.2), 0.013
    iw, ih = w - 2 * b, h - 2 * b
    rect = rrect(w, h, 0.004, 2)
    inner = [(-iw / 2, -ih / 2), (iw / 2, -ih / 2), (iw / 2, ih / 2), (-iw / 2, ih / 2)]
    pw, ph = iw - 0.03, ih - 0.04
    hill = [
        (-pw / 2, -ph / 2),
        (pw / 2, -ph / 2),
        (pw / 2, -ph * 0.05),
        (pw * 0.15, ph * 0.08),
        (-pw * 0.2, -ph * 0.02),
        (-pw / 2, ph * 0.06),
    ]
    parts = [
        slab(rect, t, (0, h / 2, 0), DARK_WOOD, holes=[inner], plane="xy"),
        box((iw + 0.004, ih + 0.004, 0.006), (0, h / 2, -0.002), WHITE),
        box((pw, ph, 0.002), (0, h / 2, 0.0015), SKY),
        slab(hill, 0.002, (0, h / 2, 0.0025), GREEN, plane="xy"),
        cylinder(ph * 0.08, 0.002, (pw * 0.22, h / 2 + ph * 0.3, 0.0025), YELLOW, axis="z", sections=20),
        box((w - 0.01, h - 0.01, 0.004), (0, h / 2, -t / 2 + 0.001), (120, 90, 60, 255)),
    ]
    frame = posed(assemble(parts), (-4, 0, 0))
    top_back = np.array([0.0, h * 0.62 * np.cos(np.radians(4)), -t / 2 - h * 0.62 * np.sin(np.radians(4))])
    foot = np.array([0.0, 0.0, top_back[2] - 0.008])
    strut = beam(top_back.tolist(), foot.tolist(), (0.03, 0.004), (120, 90, 60, 255))
    return grounded(assemble([frame, strut]))


def clock(rng: Rng = None) -> trimesh.Trimesh:
    """Round wall clock showing ten past ten: dark rim, white face, hour marks and hands."""
    r = vary(rng, 0.15, 0.12)
    c = np.array([0.0, r, 0.0])
    rim_color = BLACK if rng is None or rng.uniform() < 0.5 else DARK_WOOD
    parts = [
        cylinder(r * 0.98, 0.04, c + np.array([0, 0, -0.005]), rim_color, axis="z", sections=48),
        cylinder(r * 0.9, 0.004, c + np.array([0, 0, 0.016]), WHITE, axis="z", sections=48),
        torus(r * 0.93, r * 0.07, c + np.array([0, 0, 0.016]), rim_color, axis="z"),
        cylinder(0.007, 0.008, c + np.array([0, 0, 0.024]), BLACK, axis="z", sections=16),
    ]
    for i in range(12):
        a = 30.0 * i
        big = i % 3 == 0
        ln = r * (0.14 if big else 0.08)
        rr = r * 0.8 - ln / 2
        pos = c + np.array([rr * np.sin(np.radians(a)), rr * np.cos(np.radians(a)), 0.019])
        parts.append(posed(box((r * (0.045 if big else 0.025), ln, 0.003), color=BLACK), (0, 0, -a), pos))
    for a, ln, wd, z, col in (
        (300, 0.5, 0.06, 0.021, BLACK),
        (60, 0.72, 0.04, 0.023, BLACK),
        (200, 0.75, 0.012, 0.026, RED),
    ):
        pos = c + np.array([ln * r / 2 * np.sin(np.radians(a)), ln * r / 2 * np.cos(np.radians(a)), z])
        parts.append(posed(box((wd * r, ln * r, 0.002), color=col), (0, 0, -a), pos))
    return grounded(assemble(parts))


def rug(rng: Rng = None) -> trimesh.Trimesh:
    """Rectangular area rug: navy border, cream lines, red field, central medallion and end fringes."""
    w, d = vary(rng, 1.9, 0.12), vary(rng, 1.4, 0.12)
    field = RUG_RED if rng is None or rng.uniform() < 0.5 else (60, 110, 120, 255)
    parts = [
        box((w, 0.008, d), (0, 0.004, 0), NAVY),
        box((w - 0.16, 0.0085, d - 0.16), (0, 0.00425, 0), CREAM),
        box((w - 0.2, 0.009, d - 0.2), (0, 0.0045, 0), field),
        slab(ellipse(w * 0.22, d * 0.2, 40), 0.0095, (0, 0.00475, 0), CREAM),
        slab(ellipse(w * 0.13, d * 0.11, 32), 0.01, (0, 0.005, 0), NAVY),
    ]
    for sx in (-1, 1):
        for cx, cz in ((w / 2 - 0.3, d / 2 - 0.28), (w / 2 - 0.3, -d / 2 + 0.28)):
            parts.append(slab(ellipse(0.08, 0.06, 4), 0.0095, (sx * cx, 0.00475, cz), CREAM))
    n = int(d / 0.025)
    for sx in (-1, 1):
        for i in range(n):
            z = -d / 2 + (i + 0.5) * d / n
            parts.append(box((0.05, 0.003, 0.006), (sx * (w / 2 + 0.022), 0.0015, z), BEIGE))
    return assemble(parts)


GENERATORS: dict[str, Callable[[np.random.Generator | None], trimesh.Trimesh]] = {
    "sofa": sofa,
    "armchair": armchair,
    "coffee_table": coffee_table,
    "side_table": side_table,
    "tv": tv,
    "tv_stand": tv_stand,
    "floor_lamp": floor_lamp,
    "potted_plant": potted_plant,
    "cushion": cushion,
    "remote_control": remote_control,
    "picture_frame": picture_frame,
    "clock": clock,
    "rug": rug,
    **_BATH,
    **_DINING,
}

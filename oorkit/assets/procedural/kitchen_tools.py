"""Kitchen utensils, boards and appliances: knives to microwaves.

Conventions: metres, +y up, front +z, resting on y = 0. Hand-held tools lie flat along x with the
grip at -x and the working end at +x; appliances face the user at +z.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import trimesh
from shapely.geometry import Point, Polygon
from shapely.geometry import box as shapely_box
from shapely.ops import unary_union

from oorkit.assets.procedural.kitchen_parts import (
    bend,
    bezier,
    paint,
    prism,
    rounded_rect,
    shell,
    slot,
    smooth,
    tube,
    vary,
)
from oorkit.assets.procedural.primitives import (
    BLACK,
    DARK_METAL,
    DARK_WOOD,
    LIGHT_WOOD,
    RED,
    STEEL,
    WOOD,
    assemble,
    box,
    cylinder,
    sphere,
)

APPLIANCE_WHITE = (232, 232, 229, 255)
SMOKED_GLASS = (45, 52, 60, 255)
DISPLAY = (25, 45, 38, 255)
DIGITS = (90, 220, 140, 255)
BUTTON = (200, 202, 205, 255)
START_GREEN = (80, 165, 95, 255)


def _count(rng: np.random.Generator | None, default: int, lo: int, hi: int) -> int:
    return default if rng is None else int(rng.integers(lo, hi + 1))


def cutting_board(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Rounded wooden chopping board with a hanging hole at -x and a juice groove."""
    w, d, t = vary(rng, 0.4), vary(rng, 0.28), vary(rng, 0.02)
    outline = rounded_rect(w, d, 0.02).difference(Point(-w / 2 + 0.03, 0).buffer(0.012, quad_segs=8))
    board = prism(outline, t, LIGHT_WOOD)
    gx0, gx1 = -w / 2 + 0.058, w / 2 - 0.02
    groove_shape = rounded_rect(gx1 - gx0, d - 0.04, 0.02, cx=(gx0 + gx1) / 2).difference(
        rounded_rect(gx1 - gx0 - 0.012, d - 0.052, 0.015, cx=(gx0 + gx1) / 2)
    )
    groove = prism(groove_shape, 0.0008, WOOD, start=t - 0.0002)
    return assemble([board, groove])


def knife(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Chef's knife lying flat: black riveted handle at -x, steel blade with its tip at +x."""
    lh, lb, wb = vary(rng, 0.115), vary(rng, 0.185), vary(rng, 0.034)
    x0 = -(lh + lb) / 2
    xb, zs, zh = x0 + lh, 0.009, -0.002
    handle = prism(rounded_rect(lh, 0.022, 0.009, cx=x0 + lh / 2, cz=zh), 0.02, BLACK)
    rivets = [
        cylinder(0.0024, 0.002, center=(x0 + lh * f, 0.0201, zh), color=STEEL, sections=12)
        for f in (0.25, 0.5, 0.75)
    ]
    bolster = box((0.01, 0.016, 0.024), center=(xb, 0.01, zs - 0.012), color=STEEL)
    edge = bezier(
        [
            (xb + 0.45 * lb, zs - wb),
            (xb + 0.85 * lb, zs - wb + 0.002),
            (xb + lb, zs - 0.012),
            (xb + lb, zs - 0.002),
        ],
        16,
    )
    spine = bezier([(xb + lb, zs - 0.002), (xb + 0.85 * lb, zs), (xb + 0.6 * lb, zs)], 8)
    outline = Polygon([(xb - 0.002, zs), (xb - 0.002, zs - wb), *map(tuple, edge), *map(tuple, spine[1:])])
    blade = prism(outline, 0.0022, STEEL, start=0.0089)
    return assemble([handle, *rivets, bolster, blade])


def fork(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Dinner fork lying flat and gently arched: handle at -x, tines at +x."""
    length, hw = vary(rng, 0.2), vary(rng, 0.0235)
    n_tines = _count(rng, 4, 3, 4)
    x0, x1 = -length / 2, length / 2
    xn, xt = x0 + 0.55 * length, x1 - 0.045
    handle = Polygon(
        [(x0, -0.0075), (xn - 0.04, -0.006), (xn, -0.0025), (xn, 0.0025), (xn - 0.04, 0.006), (x0, 0.0075)]
    ).buffer(0.0015)
    head = Polygon(
        [
            (xn - 0.005, -0.0025),
            (xt - 0.015, -hw / 2 + 0.001),
            (xt + 0.003, -hw / 2),
            (xt + 0.003, hw / 2),
            (xt - 0.015, hw / 2 - 0.001),
            (xn - 0.005, 0.0025),
        ]
    )
    tw = hw / (n_tines + 0.7 * (n_tines - 1))
    tines = []
    for k in range(n_tines):
        z = -hw / 2 + tw / 2 + k * 1.7 * tw
        tines.append(
            Polygon(
                [
                    (xt, z - tw / 2),
                    (x1 - 0.003, z - tw / 2),
                    (x1, z),
                    (x1 - 0.003, z + tw / 2),
                    (xt, z + tw / 2),
                ]
            )
        )
    mesh = prism(unary_union([handle, head, *tines]), 0.0025, STEEL, seg=0.003)
    peak = 0.0105

    def lift(x: np.ndarray) -> np.ndarray:
        back = np.clip((x - xn) / (x0 - xn), 0, 1)
        front = np.clip((x - xn) / (x1 - xn), 0, 1)
        return np.where(x < xn, peak * (1 - back**2), peak - (peak - 0.002) * front**1.5)

    return assemble([bend(mesh, lift)])


def spoon(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Table spoon lying flat: oval bowl at +x, slender handle sloping down to its tip at -x."""
    length, bl, bw, depth = vary(rng, 0.19), vary(rng, 0.062), vary(rng, 0.04), vary(rng, 0.0165)
    x0, x1 = -length / 2, length / 2
    theta = np.radians(np.linspace(0, 68, 10))
    cup = shell(np.stack([np.sin(theta), 1 - np.cos(theta)], 1), 0.09, STEEL, sections=32)
    cup.apply_transform(
        np.diag(
            [bl / 2 / np.sin(theta[-1]), depth / (1 - np.cos(theta[-1])), bw / 2 / np.sin(theta[-1]), 1.0]
        )
    )
    cup.apply_translation([x1 - bl / 2, 0, 0])
    xj = x1 - bl + 0.004
    outline = Polygon(
        [
            (x0, -0.0065),
            (x0 + 0.06, -0.0055),
            (xj - 0.02, -0.003),
            (xj, -0.0035),
            (xj, 0.0035),
            (xj - 0.02, 0.003),
            (x0 + 0.06, 0.0055),
            (x0, 0.0065),
        ]
    ).buffer(0.0012)
    handle = prism(outline, 0.0022, STEEL, seg=0.003)
    top, hump = 0.92 * depth, 0.25 * depth  # the neck arches a little above the rim before dipping in

    def lift(x: np.ndarray) -> np.ndarray:
        arch = hump * np.exp(-(((x - xj + 0.022) / 0.016) ** 2))
        return top * np.clip((x - x0) / (xj - x0), 0, 1) ** 1.6 + arch

    bend(handle, lift)
    return assemble([cup, handle])


def pizza_cutter(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Pizza wheel lying flat: red handle at -x, steel cutting disc at +x."""
    length, rw = vary(rng, 0.22), vary(rng, 0.05)
    x0, x1 = -length / 2, length / 2
    xc = x1 - rw
    xh1 = xc - rw - 0.012
    xs = np.linspace(x0 + 0.006, xh1, 14)
    radii = np.interp(xs, [xs[0], xs[0] + 0.3 * (xh1 - xs[0]), xh1], [0.0085, 0.0105, 0.0088])
    handle = tube(np.stack([xs, np.full_like(xs, 0.0105), np.zeros_like(xs)], 1), radii, RED, sections=18)
    pommel = sphere(0.0085, center=(xs[0], 0.0105, 0), color=RED, subdivisions=2)
    ferrule = cylinder(0.0092, 0.012, center=(xh1, 0.0105, 0), color=STEEL, axis="x", sections=18)
    arm = tube(
        [(xh1, 0.0105, 0), (xc - 0.5 * rw, 0.009, 0), (xc, 0.0068, 0)],
        0.0045,
        STEEL,
        normal_hint=(0, 0, 1),
        aspect=0.6,
    )
    wheel = cylinder(rw, 0.0018, center=(xc, 0.0025, 0), color=STEEL, sections=48)
    hub = cylinder(0.011, 0.007, center=(xc, 0.004, 0), color=DARK_METAL, sections=24)
    return assemble([handle, pommel, ferrule, arm, wheel, hub])


def ladle(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Soup ladle lying on the table: deep round bowl at +x, long handle rising to a hook at -x."""
    length, rb = vary(rng, 0.32), vary(rng, 0.045)
    depth = 0.88 * rb
    big = (rb**2 + depth**2) / (2 * depth)
    theta = np.linspace(0, np.arcsin(rb / big), 14)
    x0, x1 = -length / 2, length / 2
    cup = shell(
        np.stack([big * np.sin(theta), big * (1 - np.cos(theta))], 1),
        0.0022,
        STEEL,
        center=(x1 - rb, 0, 0),
        sections=40,
    )
    hx = x1 - 2 * rb + 0.004
    top = vary(rng, 0.062)
    path = smooth(
        [
            (hx, depth - 0.002, 0),
            (hx - 0.02, depth + 0.004, 0),
            (hx - 0.06, depth + 0.014, 0),
            (x0 + 0.02, top, 0),
            (x0 + 0.004, top - 0.004, 0),
            (x0 + 0.002, top - 0.016, 0),
        ],
        3,
    )
    handle = tube(path, 0.0065, STEEL, normal_hint=(0, 0, 1), aspect=0.4)
    return assemble([cup, handle])


def spatula(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Slotted kitchen turner lying flat: steel blade at +x, black handle raised toward -x."""
    length, bw, bl = vary(rng, 0.32), vary(rng, 0.08), vary(rng, 0.11)
    n_slots = _count(rng, 4, 3, 5)
    x0, x1 = -length / 2, length / 2
    xb = x1 - bl
    outline = Polygon([(xb, -0.275 * bw), (x1, -bw / 2), (x1, bw / 2), (xb, 0.275 * bw)])
    outline = outline.buffer(-0.005).buffer(0.005)
    zs = np.linspace(-0.3 * bw, 0.3 * bw, n_slots)
    cuts = unary_union([slot((xb + 0.025, 0.6 * z), (x1 - 0.015, z), 0.006) for z in zs])
    blade = prism(outline.difference(cuts), 0.002, STEEL)
    xh = xb - 0.05
    neck = tube(
        smooth(
            [(xb + 0.012, 0.0022, 0), (xb - 0.02, 0.003, 0), (xb - 0.035, 0.012, 0), (xh - 0.005, 0.018, 0)],
            3,
        ),
        0.006,
        STEEL,
        normal_hint=(0, 0, 1),
        aspect=0.35,
    )
    xs = np.linspace(xh, x0 + 0.004, 10)
    handle = tube(
        np.stack([xs, np.interp(xs, [x0, xh], [0.0215, 0.0185]), np.zeros_like(xs)], 1),
        np.interp(xs, [x0, xh], [0.0135, 0.011]),
        BLACK,
        sections=18,
        normal_hint=(0, 0, 1),
        aspect=0.6,
    )
    hole = cylinder(0.004, 0.0166, center=(x0 + 0.022, 0.0215, 0), color=DARK_METAL, sections=16)
    return assemble([blade, neck, handle, hole])


def whisk(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Balloon whisk lying flat: black handle at -x, steel wire loops bulging toward +x."""
    length, rad = vary(rng, 0.28), vary(rng, 0.029)
    n_loops = _count(rng, 4, 3, 5)
    x0, x1 = -length / 2, length / 2
    xh, yc = x0 + 0.4 * length, rad + 0.0011
    xs = np.linspace(x0, xh, 12)
    radii = np.interp(xs, [x0, x0 + 0.25 * (xh - x0), xh], [0.0105, 0.0125, 0.0112])
    handle = tube(np.stack([xs, np.full_like(xs, yc), np.zeros_like(xs)], 1), radii, BLACK, sections=20)
    end_cap = sphere(0.0105, center=(x0, yc, 0), color=BLACK, subdivisions=2, scale=(0.5, 1, 1))
    ferrule = cylinder(0.0125, 0.018, center=(xh, yc, 0), color=STEEL, axis="x", sections=20)
    a, cx, k = (x1 - 0.0012 - xh) / 2, (x1 - 0.0012 + xh) / 2, 0.35
    tau = np.linspace(0.12, 2 * np.pi - 0.12, 64)
    shape = np.sin(tau) * (1 - k * np.cos(tau))
    rho = rad * shape / np.abs(shape).max()
    loop_x = np.concatenate([[xh - 0.006], cx - a * np.cos(tau), [xh - 0.006]])
    loop_r = np.concatenate([[0.004], rho, [-0.004]])
    wires = []
    for i in range(n_loops):
        phi = np.pi * i / n_loops
        pts = np.stack([loop_x, yc + loop_r * np.cos(phi), loop_r * np.sin(phi)], 1)
        wires.append(tube(pts, 0.0011, STEEL, sections=6))
    return assemble([handle, end_cap, ferrule, *wires])


def chopsticks(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """A pair of tapered wooden chopsticks lying side by side, red-lacquered thick ends at -x."""
    length, r0 = vary(rng, 0.24), vary(rng, 0.0045)
    x0, x1 = -length / 2, length / 2
    xs = np.unique(np.concatenate([np.linspace(x0, x1, 10), [x0 + 0.05]]))
    rs = np.interp(xs, [x0, x1], [r0, 0.45 * r0])
    sticks = []
    for s in (1, -1):
        zs = s * np.interp(xs, [x0, x1], [0.0105, 0.004])
        stick = tube(np.stack([xs, rs, zs], 1), rs, DARK_WOOD, sections=10)
        sticks.append(paint(stick, lambda c, n: c[:, 0] < x0 + 0.05, RED))
    return assemble(sticks)


def tray(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Rectangular wooden serving tray with a low rim and hand-hole slots in both short ends."""
    w, d, h = vary(rng, 0.45), vary(rng, 0.32), vary(rng, 0.04)
    wall, zc = 0.01, d / 2 - 0.035
    base = prism(rounded_rect(w, d, 0.03), 0.008, LIGHT_WOOD)
    ring = rounded_rect(w, d, 0.03).difference(rounded_rect(w - 2 * wall, d - 2 * wall, 0.022))
    ends = unary_union([shapely_box(w / 2 - 0.02, -zc, w, zc), shapely_box(-w, -zc, -w / 2 + 0.02, zc)])
    parts = [base, prism(ring.difference(ends), h, WOOD)]
    face = shapely_box(-zc - 0.001, 0, zc + 0.001, h).difference(
        slot((-0.045, 0.55 * h), (0.045, 0.55 * h), 0.4 * h)
    )
    for s in (1, -1):
        parts.append(prism(face, wall, WOOD, plane="zy", start=w / 2 - wall if s > 0 else -w / 2))
    return assemble(parts)


def toaster(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Two-slice steel toaster: bread slots on top, lever, track and browning knob on the front (+z)."""
    w, h, d = vary(rng, 0.28), vary(rng, 0.19), vary(rng, 0.15)
    foot, top_t = 0.012, 0.012
    slots = [slot((-0.36 * w, s * 0.2 * d), (0.36 * w, s * 0.2 * d), 0.028) for s in (1, -1)]
    parts = [
        prism(rounded_rect(w - 0.01, d - 0.01, 0.03), foot, BLACK),
        prism(rounded_rect(w, d, 0.035), h - foot - top_t, STEEL, start=foot),
        prism(rounded_rect(w, d, 0.035).difference(unary_union(slots)), top_t, STEEL, start=h - top_t),
    ]
    parts += [
        box((0.72 * w + 0.028, 0.02, 0.028), center=(0, h - top_t - 0.009, s * 0.2 * d), color=BLACK)
        for s in (1, -1)
    ]
    xc, zf = 0.34 * w, d / 2
    parts += [
        box((0.008, 0.45 * h, 0.003), center=(xc, foot + 0.5 * h, zf + 0.001), color=DARK_METAL),
        box((0.034, 0.014, 0.022), center=(xc, foot + 0.68 * h, zf + 0.011), color=BLACK),
        cylinder(0.012, 0.012, center=(xc, foot + 0.15 * h, zf + 0.006), color=BLACK, axis="z"),
        box((0.002, 0.012, 0.003), center=(xc, foot + 0.15 * h + 0.005, zf + 0.0125), color=STEEL),
    ]
    return assemble(parts)


def microwave(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Countertop microwave facing +z: white cabinet, black door with smoked window and handle, keypad."""
    w, h, d = vary(rng, 0.5), vary(rng, 0.29), vary(rng, 0.36)
    foot, zf = 0.01, d / 2
    yc = foot + h / 2
    panel_w = 0.26 * w
    door_w = w - panel_w - 0.01
    dx = -w / 2 + 0.005 + door_w / 2
    px = w / 2 - panel_w / 2
    parts = [
        box((w, h, d), center=(0, yc, 0), color=APPLIANCE_WHITE),
        box((door_w, h - 0.02, 0.01), center=(dx, yc, zf + 0.005), color=BLACK),
        box(
            (0.68 * door_w, 0.62 * (h - 0.02), 0.004),
            center=(dx - 0.06 * door_w, yc, zf + 0.011),
            color=SMOKED_GLASS,
        ),
        box((0.014, 0.6 * h, 0.014), center=(dx + door_w / 2 - 0.022, yc, zf + 0.017), color=STEEL),
        box((panel_w - 0.012, h - 0.02, 0.006), center=(px, yc, zf + 0.003), color=DARK_METAL),
        box((0.7 * panel_w, 0.032, 0.004), center=(px, foot + 0.84 * h, zf + 0.007), color=DISPLAY),
        box((0.42 * panel_w, 0.012, 0.002), center=(px, foot + 0.84 * h, zf + 0.0095), color=DIGITS),
        box((0.7 * panel_w, 0.022, 0.004), center=(px, foot + 0.1 * h, zf + 0.007), color=START_GREEN),
    ]
    for row in range(4):
        for col in range(3):
            parts.append(
                box(
                    (0.022, 0.014, 0.004),
                    center=(px + (col - 1) * 0.03, foot + (0.66 - 0.1 * row) * h, zf + 0.007),
                    color=BUTTON,
                )
            )
    for sx in (1, -1):
        for sz in (1, -1):
            parts.append(
                cylinder(
                    0.012,
                    foot,
                    center=(sx * (w / 2 - 0.04), foot / 2, sz * (d / 2 - 0.04)),
                    color=BLACK,
                    sections=16,
                )
            )
    return assemble(parts)


GENERATORS: dict[str, Callable[[np.random.Generator | None], trimesh.Trimesh]] = {
    "cutting_board": cutting_board,
    "knife": knife,
    "fork": fork,
    "spoon": spoon,
    "pizza_cutter": pizza_cutter,
    "ladle": ladle,
    "spatula": spatula,
    "whisk": whisk,
    "chopsticks": chopsticks,
    "tray": tray,
    "toaster": toaster,
    "microwave": microwave,
}

"""Procedural templates for food and packaged groceries (tools and containers live in food_tools.py).

Each generator builds its object in metres in the canonical frame: +y up, front toward +z, resting
with its lowest point at y = 0. Elongated items (banana, carrot) lie along x.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import trimesh
from shapely.geometry import Point, Polygon

from oorkit.assets.procedural.food_base import ellipsoid, extrude_xz, rotate, superellipsoid, sweep
from oorkit.assets.procedural.food_base import vary as _v
from oorkit.assets.procedural.food_tools import GENERATORS as _TOOL_GENERATORS
from oorkit.assets.procedural.primitives import (
    BLUE,
    DARK_GREEN,
    GREEN,
    ORANGE,
    RED,
    WHITE,
    YELLOW,
    assemble,
    box,
    colored,
    cylinder,
    extrude,
    revolve,
    sphere,
    torus,
)

CRUST = (175, 105, 40, 255)
CRUMB = (235, 205, 150, 255)
CHEESE = (245, 205, 80, 255)
LEMON_YELLOW = (245, 225, 60, 255)
BANANA_YELLOW = (240, 210, 70, 255)
CARROT_ORANGE = (235, 115, 25, 255)
DOUGH = (195, 130, 60, 255)
PINK = (240, 140, 175, 255)
FROSTING = (250, 242, 230, 255)
STEM_BROWN = (90, 60, 30, 255)


def _fixed(rng: np.random.Generator | None, seed: int) -> np.random.Generator:
    """Random source for decorative scatter: `rng` when given, else a fixed seed (deterministic default)."""
    return rng if rng is not None else np.random.default_rng(seed)


def apple(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Red apple with top and bottom dimples, a brown stem and a green leaf."""
    r, h = _v(rng, 0.04), _v(rng, 0.075)
    t = np.linspace(0, np.pi, 40)
    rad = r * np.sin(t) * (1 - 0.12 * np.cos(t)) / 1.02
    hh = (
        h / 2 * (1 - np.cos(t))
        - 0.11 * h * np.exp(-(((np.pi - t) / 0.45) ** 2))
        + 0.06 * h * np.exp(-((t / 0.35) ** 2))
    )
    hh -= hh.min()
    rad[0] = rad[-1] = 0.0
    body_color = RED if rng is None else [RED, (150, 190, 60, 255), (215, 60, 40, 255)][int(rng.integers(3))]
    body = revolve(np.stack([rad, hh], axis=1).tolist(), color=body_color, sections=48)
    top = float(hh[-1])
    stem_h = _v(rng, 0.018)
    stem = cylinder(0.0018, stem_h, (0.0, top + stem_h / 2 - 0.002, 0.0), STEM_BROWN, rotation=(0, 0, -12))
    leaf = ellipsoid(
        (0.016, 0.0012, 0.007), (0.012, top + stem_h * 0.55, 0.004), GREEN, rotation=(0, -25, 20)
    )
    return assemble([body, stem, leaf])


def banana(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Curved yellow banana lying on its side along x, with a stalk at -x and a dark tip at +x."""
    length, bend, thick = _v(rng, 0.19), _v(rng, 0.019), _v(rng, 0.016, 0.1)
    s = np.linspace(-1, 1, 40)
    path = np.stack([s * length / 2, np.zeros_like(s), bend * (1 - s**2) - bend / 2], axis=1)
    rad = thick * np.sqrt(np.clip(1 - np.abs(s) ** 3, 0.0, 1.0)) + 0.003
    body = sweep(path, rad, BANANA_YELLOW, sides=7, flat=0.95)
    stalk_dir = path[0] - path[2]
    stalk_dir /= np.linalg.norm(stalk_dir)
    stalk = sweep(
        np.stack([path[1] + stalk_dir * k for k in np.linspace(0, 0.022, 5)]), 0.0045, (120, 140, 60, 255), 8
    )
    tip = sphere(0.0045, path[-1], STEM_BROWN, subdivisions=1)
    stalk_end = sphere(0.005, path[1] + stalk_dir * 0.022, STEM_BROWN, scale=(1, 1, 1), subdivisions=1)
    mesh = assemble([body, stalk, tip, stalk_end])
    mesh.apply_translation([0, -mesh.bounds[0][1], 0])
    return mesh


def orange(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Round orange with a small green calyx on top."""
    r = _v(rng, 0.04, 0.1)
    sy = 0.95
    body = sphere(r, (0, r * sy, 0), ORANGE, scale=(1, sy, 1), subdivisions=4)
    calyx = ellipsoid((0.006, 0.0015, 0.006), (0, 2 * r * sy - 0.0004, 0), DARK_GREEN, subdivisions=1)
    nub = cylinder(0.0015, 0.004, (0, 2 * r * sy + 0.001, 0), STEM_BROWN, sections=8)
    return assemble([body, calyx, nub])


def lemon(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Yellow lemon lying along x with pointed nipples at both ends."""
    half_len, r = _v(rng, 0.038, 0.1), _v(rng, 0.03, 0.1)
    t = np.linspace(0.1 * np.pi, 0.9 * np.pi, 30)
    prof = [(0.0, -half_len - 0.008), (0.005, -half_len - 0.004)]
    prof += [(r * np.sin(a) ** 0.8, -half_len * np.cos(a)) for a in t]
    prof += [(0.005, half_len + 0.004), (0.0, half_len + 0.008)]
    body = revolve(prof, color=LEMON_YELLOW, sections=40)
    rotate(body, (0, 0, 90))
    tip = sphere(0.0025, (-half_len - 0.008, 0, 0), (170, 170, 50, 255), subdivisions=1)
    mesh = assemble([body, tip])
    mesh.apply_translation([0, -mesh.bounds[0][1], 0])
    return mesh


def bread(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Crusty loaf of bread along x with a flat bottom and lighter diagonal scores on top."""
    a, b, c = _v(rng, 0.14), _v(rng, 0.065), _v(rng, 0.065)
    ex, ey, ez = 0.55, 0.8, 0.7
    loaf = superellipsoid((a, b, c), (ex, ey, ez), CRUST, subdivisions=4)
    cut = -0.65 * b
    v = np.array(loaf.vertices)
    v[:, 1] = np.maximum(v[:, 1], cut)
    loaf = colored(trimesh.Trimesh(v, loaf.faces, process=False), CRUST)
    parts = [loaf]
    n_cuts = 4 if rng is None else int(rng.integers(3, 6))
    for k in range(n_cuts):
        x = (k - (n_cuts - 1) / 2) * (1.5 * a / n_cuts)
        val = 1 - abs(x / a) ** (2 / ex)
        y_top = b * max(val, 0.0) ** (ey / 2)
        parts.append(
            ellipsoid((0.7 * a / n_cuts + 0.01, 0.006, 0.008), (x, y_top - 0.003, 0), CRUMB, (0, 50, 0))
        )
    mesh = assemble(parts)
    mesh.apply_translation([0, -cut, 0])
    return mesh


def pizza(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Round pizza with a raised crust, tomato sauce, melted cheese, pepperoni and basil."""
    r = _v(rng, 0.16, 0.1)
    src = _fixed(rng, 3)
    parts = [
        cylinder(r - 0.004, 0.008, (0, 0.004, 0), CRUMB, sections=64),
        colored(torus(r - 0.012, 0.009, (0, 0.0, 0), CRUST).apply_scale([1, 0.9, 1]), CRUST),
        cylinder(r - 0.02, 0.003, (0, 0.0095, 0), (185, 45, 25, 255), sections=64),
    ]
    parts[1].apply_translation([0, 0.0095, 0])
    a = np.linspace(0, 2 * np.pi, 96, endpoint=False)
    rr = (r - 0.03) + 0.006 * np.sin(7 * a) + 0.004 * np.sin(13 * a + 1.0)
    melt = Polygon(np.stack([rr * np.cos(a), rr * np.sin(a)], axis=1))
    parts.append(extrude_xz(melt, 0.009, 0.0125, (248, 215, 110, 255)))
    spots = [(0.0, 0.0)] + [(0.06 * np.cos(k * 1.257), 0.06 * np.sin(k * 1.257)) for k in range(5)]
    spots += [(0.105 * np.cos(k * 0.785 + 0.4), 0.105 * np.sin(k * 0.785 + 0.4)) for k in range(8)]
    for x, z in spots:
        x, z = x * r / 0.16, z * r / 0.16
        parts.append(cylinder(_v(rng, 0.016, 0.1), 0.003, (x, 0.0135, z), (170, 40, 30, 255), sections=20))
    for _ in range(7):
        ang, d = src.uniform(0, 2 * np.pi), src.uniform(0.02, r - 0.05)
        pos = (d * np.cos(ang), 0.0135, d * np.sin(ang))
        parts.append(
            ellipsoid((0.009, 0.0015, 0.005), pos, (40, 120, 40, 255), (0, np.degrees(ang) + 40, 0), 1)
        )
    return assemble(parts)


def cake(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Round frosted birthday cake with piped pink borders and lit candles on top."""
    r, h = _v(rng, 0.105, 0.1), _v(rng, 0.058, 0.12)
    parts = [cylinder(r, h, (0, h / 2, 0), FROSTING, sections=64)]
    parts.append(cylinder(r - 0.004, 0.004, (0, h + 0.001, 0), PINK, sections=64))
    n_top, n_bot = 28, 32
    for k in range(n_top):
        ang = 2 * np.pi * k / n_top
        parts.append(
            sphere(0.0075, (0.92 * r * np.cos(ang), h + 0.004, 0.92 * r * np.sin(ang)), WHITE, subdivisions=1)
        )
    for k in range(n_bot):
        ang = 2 * np.pi * (k + 0.5) / n_bot
        parts.append(sphere(0.008, (r * np.cos(ang), 0.008, r * np.sin(ang)), PINK, subdivisions=1))
    n_candles = 5 if rng is None else int(rng.integers(3, 8))
    colours = [BLUE, (240, 90, 120, 255), YELLOW, GREEN, (150, 80, 200, 255)]
    ch = _v(rng, 0.026, 0.1)
    for k in range(n_candles):
        ang = 2 * np.pi * k / n_candles + np.pi / 2
        x, z = 0.45 * r * np.cos(ang), 0.45 * r * np.sin(ang)
        parts.append(cylinder(0.0035, ch, (x, h + ch / 2, z), colours[k % len(colours)], sections=12))
        parts.append(cylinder(0.0007, 0.004, (x, h + ch + 0.002, z), (40, 40, 40, 255), sections=6))
        parts.append(
            ellipsoid((0.003, 0.006, 0.003), (x, h + ch + 0.009, z), (255, 170, 40, 255), subdivisions=1)
        )
    return assemble(parts)


def egg(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Upright egg, broad end down, in a light brown shell."""
    h, r = _v(rng, 0.06, 0.1), _v(rng, 0.0225, 0.1)
    t = np.linspace(0, np.pi, 40)
    rad = np.sin(t) * (1 + 0.12 * np.cos(t))
    rad = r * rad / rad.max()
    rad[0] = rad[-1] = 0.0
    shell = (
        (225, 195, 155, 255)
        if rng is None
        else [(225, 195, 155, 255), (245, 240, 228, 255)][int(rng.integers(2))]
    )
    return revolve(np.stack([rad, h / 2 * (1 - np.cos(t))], axis=1).tolist(), color=shell, sections=40)


def carrot(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Orange carrot lying along x, tip at +x and a tuft of green leaves at -x."""
    length, r = _v(rng, 0.135), _v(rng, 0.015, 0.1)
    hh = np.linspace(0, length, 30)
    rad = r * (hh / length) ** 0.6
    prof = [(0.0, 0.0), *zip(rad[1:], hh[1:], strict=True), (r * 0.8, length + 0.003), (0.0, length + 0.004)]
    root = revolve(prof, color=CARROT_ORANGE, sections=24)
    rotate(root, (0, 0, 90))  # revolve axis +y → -x: tip at x = 0, crown at x = -length
    parts = [root]
    for f in (0.25, 0.42, 0.6, 0.78):
        rr = r * (1 - f) ** 0.6
        parts.append(torus(rr, 0.0009, (-length * (1 - f), 0, 0), (200, 90, 20, 255), axis="x"))
    leaf_len = _v(rng, 0.045)
    base = np.array([-length - 0.002, 0.0, 0.0])
    for k, ang in enumerate((-15, -8, -2, 4, 10, 16)):
        d = np.array([-np.cos(np.radians(ang)), 0.0, np.sin(np.radians(ang))])
        ln = leaf_len * (1.0 - 0.08 * abs(k - 2.5))
        stem_pts = np.stack([base + d * s for s in np.linspace(0, ln, 6)])
        parts.append(sweep(stem_pts, 0.0012, (90, 150, 60, 255), sides=6))
        for j, f in enumerate((0.45, 0.7, 0.95)):
            side = 1 if (j + k) % 2 else -1
            yaw = -ang + side * 35
            pos = base + d * (ln * f - 0.004) + np.array([0.0, 0.0, side * 0.002])
            parts.append(ellipsoid((0.007, 0.0015, 0.0035), pos, GREEN, (0, yaw, 0), 1))
    mesh = assemble(parts)
    mesh.apply_translation([0, -mesh.bounds[0][1], 0])
    return mesh


def donut(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Ring doughnut with pink icing and colourful sprinkles."""
    big, small = _v(rng, 0.0295, 0.1), _v(rng, 0.0148, 0.1)
    src = _fixed(rng, 7)
    dough = torus(big, small, (0, small, 0), DOUGH)
    icing_r, icing_sy, icing_y = small * 1.03, 0.75, small + 0.0045
    icing = colored(torus(big, icing_r, (0, 0, 0), PINK).apply_scale([1, icing_sy, 1]), PINK)
    icing.apply_translation([0, icing_y, 0])
    parts = [dough, icing]
    colours = [WHITE, YELLOW, BLUE, (120, 200, 90, 255), (250, 110, 60, 255)]
    n = 40 if rng is None else int(rng.integers(25, 50))
    for k in range(n):
        ang, d = src.uniform(0, 2 * np.pi), src.uniform(-0.75, 0.75) * icing_r
        y = icing_y + icing_sy * np.sqrt(icing_r**2 - d**2)
        pos = ((big + d) * np.cos(ang), y, (big + d) * np.sin(ang))
        yaw = (0, src.uniform(0, 180), 0)
        parts.append(
            cylinder(0.0011, 0.0055, pos, colours[k % len(colours)], axis="x", sections=6, rotation=yaw)
        )
    return assemble(parts)


def cheese(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Wedge of holey yellow cheese (a sector of a round) with its rind at -x and point at +x."""
    rad, half_ang, h = _v(rng, 0.12, 0.1), np.radians(_v(rng, 19.5, 0.12)), _v(rng, 0.058, 0.12)
    apex = np.array([rad / 2, 0.0])
    a = np.linspace(np.pi - half_ang, np.pi + half_ang, 24)
    sector = Polygon([tuple(apex), *[tuple(apex + rad * np.array([np.cos(t), np.sin(t)])) for t in a]])
    rind_outer = [tuple(apex + (rad + 0.004) * np.array([np.cos(t), np.sin(t)])) for t in a]
    rind_inner = [tuple(apex + (rad - 0.001) * np.array([np.cos(t), np.sin(t)])) for t in a[::-1]]
    parts = [
        extrude_xz(sector, 0.0, h, CHEESE),
        extrude_xz(Polygon(rind_outer + rind_inner), 0.0, h, (225, 160, 50, 255)),
    ]
    hole = (215, 165, 45, 255)
    src = _fixed(rng, 11)
    # Holes on the top face.
    for _ in range(5):
        s, f = src.uniform(0.25, 0.85), src.uniform(-0.55, 0.55)
        p = apex + s * rad * np.array([np.cos(np.pi + f * half_ang), np.sin(np.pi + f * half_ang)])
        hr = src.uniform(0.004, 0.008) * min(s * 1.3, 1.0)
        parts.append(ellipsoid((hr, 0.0015, hr), (p[0], h, p[1]), hole, subdivisions=1))
    # Holes on the two cut faces (front one faces +z).
    for side in (1, -1):
        ang = np.pi - side * half_ang
        d = np.array([np.cos(ang), np.sin(ang)])
        normal = np.array([d[1], -d[0]]) * -side
        for _ in range(5):
            s, y = src.uniform(0.3, 0.85), src.uniform(0.012, h - 0.012)
            p = apex + s * rad * d
            hr = src.uniform(0.004, 0.009) * min(s * 1.4, 1.0)
            yaw = np.degrees(np.arctan2(normal[0], normal[1]))
            parts.append(ellipsoid((hr, hr * 0.9, 0.0015), (p[0], y, p[1]), hole, (0, yaw, 0), 1))
    return assemble(parts)


def watermelon(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Whole oblong watermelon along x with dark green stripes, a pale field spot and a stem."""
    a, b = _v(rng, 0.15, 0.1), _v(rng, 0.108, 0.1)
    body = sphere(1.0, (0, 0, 0), GREEN, scale=(a, b, b), subdivisions=4)
    c = body.triangles_center
    phi = np.arctan2(c[:, 2], c[:, 1])
    stripe = np.sin(14 * phi + 0.8 * np.sin(25 * c[:, 0])) > -0.15
    colours = np.tile(np.array([125, 180, 80, 255], dtype=np.uint8), (len(c), 1))
    colours[stripe] = (35, 95, 40, 255)
    colours[(c[:, 1] < -0.93 * b) & (np.abs(c[:, 0]) < 0.5 * a)] = (215, 205, 120, 255)
    body.visual = trimesh.visual.ColorVisuals(body, face_colors=colours)
    body.apply_translation([0, b, 0])
    stem = cylinder(0.004, 0.015, (a + 0.004, b, 0), STEM_BROWN, axis="x", sections=10)
    return assemble([body, stem])


def milk_carton(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Gable-top milk carton: white box, blue roof and label, top fin and a screw cap."""
    w, hb, roof = _v(rng, 0.07, 0.1), _v(rng, 0.15, 0.12), _v(rng, 0.028, 0.1)
    fin_h = 0.018
    label_colour = (
        BLUE if rng is None else [BLUE, (230, 120, 30, 255), (60, 160, 70, 255)][int(rng.integers(3))]
    )
    body = box((w, hb, w), (0, hb / 2, 0), WHITE)
    gable = extrude([(-w / 2, hb), (w / 2, hb), (0, hb + roof)], w, (0, 0, 0), label_colour)
    fin = box((0.005, fin_h, w), (0, hb + roof + fin_h / 2 - 0.003, 0), WHITE)
    band = box((w + 0.002, 0.45 * hb, w + 0.002), (0, 0.3 * hb, 0), label_colour)
    drop = Polygon([(0.0, 0.03), (0.016, 0.0), (0.0, -0.012), (-0.016, 0.0)]).union(
        Point(0, -0.002).buffer(0.016)
    )
    drop_mesh = extrude(
        np.asarray(drop.exterior.coords)[:-1].tolist(), 0.002, (0, 0.3 * hb, w / 2 + 0.0015), WHITE
    )
    slope = np.degrees(np.arctan2(roof, w / 2))
    cap = cylinder(
        0.011, 0.012, (0, 0, 0), (240, 240, 240, 255) if label_colour != BLUE else (245, 200, 40, 255)
    )
    rotate(cap, (0, 0, -slope))
    cap.apply_translation([w / 4 + 0.003, hb + roof / 2 + 0.005, 0])
    return assemble([body, gable, fin, band, drop_mesh, cap])


def cereal_box(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Tall cereal box facing +z: bright body, title banner, and a bowl of cereal printed on the front."""
    w, h, d = _v(rng, 0.19, 0.1), _v(rng, 0.28, 0.1), _v(rng, 0.07, 0.12)
    main = (
        (215, 50, 40, 255)
        if rng is None
        else [(215, 50, 40, 255), (40, 110, 200, 255), (240, 170, 30, 255)][int(rng.integers(3))]
    )
    src = _fixed(rng, 5)
    zf = d / 2 + 0.001
    parts = [box((w, h, d), (0, h / 2, 0), main)]
    parts.append(box((w * 0.84, h * 0.2, 0.002), (0, h * 0.83, zf), YELLOW))
    for k in range(5):  # block "letters" of the title
        parts.append(box((w * 0.11, h * 0.1, 0.002), (w * (-0.3 + 0.15 * k), h * 0.83, zf + 0.001), main))
    bowl = [(w * 0.36 * np.cos(t), h * 0.3 - h * 0.16 * np.sin(t)) for t in np.linspace(0, np.pi, 24)]
    parts.append(extrude(bowl, 0.002, (0, 0, zf), WHITE))
    parts.append(box((w * 0.76, 0.006, 0.002), (0, h * 0.3 + 0.003, zf), (230, 230, 240, 255)))
    for _ in range(16):
        x, y = (
            src.uniform(-0.3, 0.3) * w,
            h * 0.3 + src.uniform(0.01, 0.05) * (1 - abs(src.uniform(-1, 1)) * 0.5),
        )
        parts.append(cylinder(0.009, 0.002, (x, y, zf + 0.001), (225, 160, 60, 255), axis="z", sections=10))
    spoon = box((0.012, h * 0.22, 0.002), (w * 0.25, h * 0.45, zf + 0.002), (200, 200, 205, 255), (0, 0, -25))
    parts.append(spoon)
    parts.append(box((0.002, h * 0.6, d * 0.8), (w / 2 + 0.001, h * 0.45, 0), WHITE))
    return assemble(parts)


GENERATORS: dict[str, Callable[[np.random.Generator | None], trimesh.Trimesh]] = {
    "apple": apple,
    "banana": banana,
    "orange": orange,
    "lemon": lemon,
    "bread": bread,
    "pizza": pizza,
    "cake": cake,
    "egg": egg,
    "carrot": carrot,
    "donut": donut,
    "cheese": cheese,
    "watermelon": watermelon,
    "milk_carton": milk_carton,
    "cereal_box": cereal_box,
    **_TOOL_GENERATORS,
}

"""Procedural templates: kitchen_more (kitchen appliances, cabinets, vessels and utensils).

Conventions: metres, +y up, front +z, resting on y = 0; spouts and working ends toward +x, handles
toward -x; appliances and cabinets face the user at +z.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import trimesh
from shapely.geometry import Polygon

from oorkit.assets.procedural import Generator
from oorkit.assets.procedural.kitchen_parts import (
    band,
    bezier,
    loop_handle,
    outward,
    paint,
    prism,
    rounded_rect,
    shell,
    tube,
    two_tone,
    vary,
)
from oorkit.assets.procedural.primitives import (
    BLACK,
    BLUE,
    CERAMIC,
    DARK_METAL,
    GLASS,
    LIGHT_WOOD,
    RED,
    STEEL,
    WHITE,
    WOOD,
    Color,
    assemble,
    box,
    cylinder,
    revolve,
    torus,
)

APPLIANCE = (234, 234, 230, 255)
INOX = (198, 200, 202, 255)
SMOKED = (40, 46, 54, 255)
STONE = (160, 155, 148, 255)
CABINET = (226, 220, 206, 255)
DISPLAY = (30, 60, 50, 255)
GLASS_IN = (212, 232, 242, 255)
PLASTIC_RED = (205, 55, 50, 255)
PLASTIC_BLUE = (80, 140, 200, 255)
LID_GREEN = (90, 170, 120, 255)
TERRA = (180, 90, 55, 255)
SPICE = (165, 75, 35, 255)
COFFEE = (60, 35, 20, 255)
TRAY_METAL = (170, 172, 176, 255)


def pull_spout(
    mesh: trimesh.Trimesh, top: float, reach: float, start: float, sharp: float = 6.0
) -> trimesh.Trimesh:
    """Pinch a vessel's rim into a pouring lip at +x: vertices above `start` move out toward +x."""
    v = np.asarray(mesh.vertices).copy()
    rise = np.clip((v[:, 1] - start) / max(top - start, 1e-9), 0.0, 1.0) ** 2
    theta = np.arctan2(v[:, 2], v[:, 0])
    v[:, 0] += reach * rise * np.clip(np.cos(theta), 0.0, 1.0) ** sharp
    v[:, 1] += 0.25 * reach * rise * np.clip(np.cos(theta), 0.0, 1.0) ** sharp
    mesh.vertices = v
    return mesh


def open_box(
    width: float,
    depth: float,
    height: float,
    wall: float,
    color: Color,
    radius: float = 0.01,
    floor: float | None = None,
    y0: float = 0.0,
) -> list[trimesh.Trimesh]:
    """Open-topped rounded box: a floor slab and a wall ring, `width` along x, `depth` along z."""
    outer = rounded_rect(width, depth, radius)
    inner = rounded_rect(width - 2 * wall, depth - 2 * wall, max(radius - wall, 0.002))
    base = prism(outer, floor if floor is not None else wall, color, start=y0)
    ring = prism(outer.difference(inner), height, color, start=y0)
    return [base, ring]


def grounded(mesh: trimesh.Trimesh) -> trimesh.Trimesh:
    """Shift `mesh` vertically so that its lowest point rests on y = 0."""
    mesh.apply_translation([0.0, -float(mesh.bounds[0, 1]), 0.0])
    return mesh


def _door_handle(x0: float, x1: float, y: float, z: float, color: Color = INOX) -> list[trimesh.Trimesh]:
    """A horizontal bar handle on two stand-offs, on a front face at depth `z`."""
    bar = cylinder(0.011, x1 - x0, ((x0 + x1) / 2, y, z + 0.04), color, axis="x", sections=16)
    posts = [
        cylinder(0.007, 0.04, (x, y, z + 0.02), color, axis="z", sections=12) for x in (x0 + 0.02, x1 - 0.02)
    ]
    return [bar, *posts]


def stove(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Freestanding kitchen range: white body, black cooktop with four burners, oven door facing +z."""
    w, h, d = vary(rng, 0.76, 0.06), vary(rng, 0.9, 0.04), vary(rng, 0.6, 0.06)
    parts = [
        box((w - 0.02, 0.08, d - 0.06), (0, 0.04, -0.02), BLACK),
        box((w, h - 0.11, d), (0, 0.08 + (h - 0.11) / 2, 0), APPLIANCE),
        box((w, 0.03, d), (0, h - 0.015, 0), BLACK),
    ]
    for sx, sz, r in ((-1, -1, 0.08), (1, -1, 0.065), (-1, 1, 0.065), (1, 1, 0.08)):
        c = (sx * w / 4, h + 0.004, sz * d / 4.4)
        parts.append(cylinder(r, 0.008, c, DARK_METAL, sections=24))
        parts.append(cylinder(0.035, 0.01, (c[0], h + 0.005, c[2]), BLACK, sections=16))
    zf = d / 2
    parts.append(box((w - 0.04, 0.07, 0.01), (0, h - 0.07, zf + 0.005), SMOKED))
    for i in range(4):
        parts.append(cylinder(0.018, 0.025, (-0.27 * w + i * 0.18 * w, h - 0.07, zf + 0.02), INOX, axis="z"))
    door_y0, door_y1 = 0.1, h - 0.13
    parts.append(
        box((w - 0.04, door_y1 - door_y0, 0.012), (0, (door_y0 + door_y1) / 2, zf + 0.006), APPLIANCE)
    )
    parts.append(
        box((w - 0.2, 0.5 * (door_y1 - door_y0), 0.004), (0, 0.5 * (door_y0 + door_y1), zf + 0.013), SMOKED)
    )
    parts += _door_handle(-w / 2 + 0.08, w / 2 - 0.08, door_y1 - 0.05, zf + 0.012)
    return assemble(parts)


def oven(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Built-in oven cabinet: stainless housing with a flat top, control strip and a glazed door at +z."""
    w, h, d = vary(rng, 0.6, 0.06), vary(rng, 0.88, 0.05), vary(rng, 0.56, 0.06)
    zf = d / 2
    parts = [
        box((w - 0.02, 0.1, d - 0.06), (0, 0.05, -0.03), BLACK),
        box((w, h - 0.1, d), (0, 0.1 + (h - 0.1) / 2, 0), INOX),
        box((w - 0.02, 0.1, 0.012), (0, h - 0.06, zf + 0.006), SMOKED),
        box((0.12, 0.035, 0.004), (0, h - 0.06, zf + 0.014), DISPLAY),
    ]
    for sx in (-1, 1):
        parts.append(cylinder(0.02, 0.025, (sx * 0.2 * w, h - 0.06, zf + 0.02), INOX, axis="z"))
    door_y0, door_y1 = 0.26, h - 0.12
    parts.append(box((w - 0.02, door_y1 - door_y0, 0.014), (0, (door_y0 + door_y1) / 2, zf + 0.007), SMOKED))
    parts.append(
        box(
            (w - 0.16, 0.55 * (door_y1 - door_y0), 0.004),
            (0, 0.48 * (door_y0 + door_y1), zf + 0.015),
            (20, 22, 26, 255),
        )
    )
    parts += _door_handle(-w / 2 + 0.06, w / 2 - 0.06, door_y1 - 0.04, zf + 0.014)
    parts.append(box((w - 0.02, 0.13, 0.012), (0, 0.185, zf + 0.006), INOX))
    parts += _door_handle(-0.15, 0.15, 0.215, zf + 0.012)
    return assemble(parts)


def fridge(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Tall fridge-freezer: white cabinet, freezer door on top and fridge door below, handles at +z."""
    w, h, d = vary(rng, 0.7, 0.08), vary(rng, 1.75, 0.08), vary(rng, 0.64, 0.06)
    zf = d / 2
    split = 0.66 * h
    parts = [
        box((w - 0.02, 0.06, d - 0.06), (0, 0.03, -0.02), DARK_METAL),
        box((w, h - 0.06, d), (0, 0.06 + (h - 0.06) / 2, 0), APPLIANCE),
        box((w - 0.01, split - 0.08, 0.03), (0, 0.07 + (split - 0.08) / 2, zf + 0.015), APPLIANCE),
        box((w - 0.01, h - split - 0.02, 0.03), (0, split + (h - split - 0.02) / 2, zf + 0.015), APPLIANCE),
        box((w - 0.01, 0.008, 0.028), (0, split - 0.005, zf + 0.014), DARK_METAL),
    ]
    xh = w / 2 - 0.06
    for y0, y1 in ((split - 0.45, split - 0.08), (split + 0.06, split + 0.3)):
        parts.append(cylinder(0.012, y1 - y0, (xh, (y0 + y1) / 2, zf + 0.055), INOX, sections=16))
        for y in (y0 + 0.02, y1 - 0.02):
            parts.append(cylinder(0.007, 0.03, (xh, y, zf + 0.04), INOX, axis="z", sections=12))
    parts.append(box((0.1, 0.06, 0.004), (-w / 4, split + 0.1, zf + 0.032), DISPLAY))
    return assemble(parts)


def _base_cabinet(w: float, h: float, d: float, doors: int) -> list[trimesh.Trimesh]:
    """A kitchen base cabinet carcass with a toe kick, `doors` door fronts and bar handles (front +z)."""
    zf = d / 2 - 0.03
    parts = [
        box((w - 0.01, 0.1, d - 0.12), (0, 0.05, -0.06), DARK_METAL),
        box((w, h - 0.1, d - 0.06), (0, 0.1 + (h - 0.1) / 2, -0.03), CABINET),
    ]
    dw = (w - 0.01) / doors
    for i in range(doors):
        cx = -w / 2 + 0.005 + dw * (i + 0.5)
        parts.append(box((dw - 0.006, h - 0.115, 0.018), (cx, 0.1 + (h - 0.1) / 2, zf + 0.009), WHITE))
        hx = cx + (0.35 if i % 2 == 0 else -0.35) * dw if doors > 1 else cx
        parts.append(box((0.014, 0.12, 0.02), (hx, h - 0.09, zf + 0.028), INOX))
    return parts


def counter(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Kitchen counter: a run of base cabinets under a stone worktop overhanging at the front (+z)."""
    w, h, d = vary(rng, 1.8, 0.2), vary(rng, 0.9, 0.04), vary(rng, 0.62, 0.05)
    n = max(2, round(w / 0.45))
    parts = _base_cabinet(w, h - 0.04, d - 0.02, n)
    for p in parts:
        p.apply_translation([0, 0, -0.01])
    parts.append(box((w, 0.04, d), (0, h - 0.02, 0), STONE))
    return assemble(parts)


def kitchen_sink(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Sink unit: base cabinet, worktop with a sunken steel basin and a gooseneck tap at the back."""
    w, d = vary(rng, 0.8, 0.12), vary(rng, 0.62, 0.05)
    top, depth = 0.9, vary(rng, 0.19, 0.12)
    bw, bd = 0.75 * w - 0.04, 0.42
    bz = 0.02
    parts = _base_cabinet(w, top - depth, d - 0.02, 2)
    for p in parts:
        p.apply_translation([0, 0, -0.01])
    hole = rounded_rect(bw, bd, 0.03, cz=bz)
    slab = rounded_rect(w, d, 0.005)
    parts.append(prism(slab.difference(hole), 0.04, STONE, start=top - 0.04))
    parts.append(
        prism(
            rounded_rect(w - 0.02, d - 0.04, 0.005).difference(hole), depth - 0.04, CABINET, start=top - depth
        )
    )
    parts.append(
        prism(
            hole.difference(rounded_rect(bw - 0.012, bd - 0.012, 0.024, cz=bz)),
            depth,
            STEEL,
            start=top - depth,
        )
    )
    parts.append(prism(rounded_rect(bw - 0.01, bd - 0.01, 0.024, cz=bz), 0.006, STEEL, start=top - depth))
    parts.append(cylinder(0.022, 0.006, (0.0, top - depth + 0.008, bz), DARK_METAL, sections=20))
    tz = bz - bd / 2 - 0.045
    neck = vary(rng, 0.25, 0.12)
    parts.append(cylinder(0.026, 0.02, (0, top + 0.01, tz), STEEL, sections=20))
    path = bezier(
        [
            (0, top + 0.01, tz),
            (0, top + neck + 0.03, tz),
            (0, top + neck + 0.02, tz + 0.2),
            (0, top + neck - 0.08, tz + 0.2),
        ],
        16,
    )
    parts.append(tube(path, 0.012, STEEL, sections=12, normal_hint=(1, 0, 0)))
    parts.append(box((0.06, 0.012, 0.012), (0.045, top + 0.06, tz), STEEL, rotation=(0, 0, 25)))
    return assemble(parts)


def dishwasher(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Freestanding dishwasher: steel box, control strip along the top and a full door with a bar handle."""
    w, h, d = vary(rng, 0.6, 0.05), vary(rng, 0.85, 0.04), vary(rng, 0.58, 0.05)
    zf = d / 2
    parts = [
        box((w - 0.02, 0.08, d - 0.06), (0, 0.04, -0.03), BLACK),
        box((w, h - 0.08, d), (0, 0.08 + (h - 0.08) / 2, 0), INOX),
        box((w - 0.01, 0.09, 0.012), (0, h - 0.05, zf + 0.006), DARK_METAL),
        box((0.14, 0.03, 0.004), (w / 4, h - 0.05, zf + 0.014), DISPLAY),
        box((w - 0.01, h - 0.2, 0.012), (0, 0.09 + (h - 0.2) / 2, zf + 0.006), INOX),
    ]
    for i in range(4):
        parts.append(
            cylinder(0.008, 0.006, (-w / 3 + i * 0.045, h - 0.05, zf + 0.015), STEEL, axis="z", sections=12)
        )
    parts += _door_handle(-w / 2 + 0.08, w / 2 - 0.08, h - 0.14, zf + 0.012)
    return assemble(parts)


def _lipped_vessel(
    r: float,
    h: float,
    profile: Sequence[tuple[float, float]],
    thick: float,
    color: Color,
    inside: Color,
    reach: float,
) -> trimesh.Trimesh:
    """A revolved open vessel (profile in units of r, h) with its rim pinched into a lip toward +x."""
    outer = [(a * r, b * h) for a, b in profile]
    body = two_tone(shell(outer, thick, color, sections=48), color, inside)
    return pull_spout(body, h, reach, 0.6 * h)


def pitcher(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Straight ceramic water pitcher: open top pinched into a spout at +x, loop handle at -x."""
    r, h = vary(rng, 0.058, 0.1), vary(rng, 0.21, 0.1)
    body = _lipped_vessel(
        r,
        h,
        [(0, 0), (0.9, 0), (1.0, 0.05), (1.02, 0.45), (0.95, 0.8), (1.05, 1.0)],
        0.004,
        CERAMIC,
        WHITE,
        0.032,
    )
    handle = tube(
        bezier(
            [
                (-0.9 * r, 0.85 * h, 0),
                (-r - 0.07, 0.85 * h, 0),
                (-r - 0.05, 0.15 * h, 0),
                (-0.95 * r, 0.25 * h, 0),
            ],
            20,
        ),
        0.008,
        CERAMIC,
        normal_hint=(0, 0, 1),
        aspect=0.7,
    )
    band_ring = torus(1.02 * r, 0.003, (0, 0.4 * h, 0), PLASTIC_BLUE, axis="y")
    return assemble([body, handle, band_ring])


def jug(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Glass water jug: round belly, narrow neck flaring into a lip that juts out at +x, handle at -x."""
    r, h = vary(rng, 0.068, 0.1), vary(rng, 0.26, 0.1)
    body = _lipped_vessel(
        r,
        h,
        [(0, 0), (0.75, 0), (0.95, 0.1), (1.0, 0.3), (0.85, 0.55), (0.55, 0.72), (0.55, 0.85), (0.72, 1.0)],
        0.003,
        GLASS,
        GLASS_IN,
        0.075,
    )
    handle = tube(
        bezier(
            [
                (-0.5 * r, 0.88 * h, 0),
                (-r - 0.06, 0.9 * h, 0),
                (-r - 0.02, 0.3 * h, 0),
                (-0.95 * r, 0.25 * h, 0),
            ],
            20,
        ),
        0.008,
        GLASS,
        normal_hint=(0, 0, 1),
    )
    water = revolve(
        [(0, 0.01), (0.92 * r, 0.01), (0.96 * r, 0.3 * h), (0.88 * r, 0.5 * h), (0, 0.5 * h)],
        color=(150, 195, 225, 255),
    )
    return assemble([body, handle, water])


def creamer(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Small porcelain cream jug: bellied body with a pouring lip at +x and an ear handle at -x."""
    r, h = vary(rng, 0.035, 0.1), vary(rng, 0.08, 0.1)
    body = _lipped_vessel(
        r,
        h,
        [(0, 0), (0.75, 0), (0.95, 0.15), (1.0, 0.4), (0.85, 0.7), (0.9, 1.0)],
        0.003,
        CERAMIC,
        WHITE,
        0.02,
    )
    handle = loop_handle((-0.9 * r, 0.55 * h, 0), 0.021, 0.0045, 72, 216, CERAMIC)
    return assemble([body, handle])


def measuring_cup(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Glass measuring jug with red graduations, a pouring spout at +x and a handle at -x."""
    r, h = vary(rng, 0.05, 0.1), vary(rng, 0.1, 0.1)
    body = _lipped_vessel(r, h, [(0, 0), (0.9, 0), (0.96, 0.04), (1.0, 1.0)], 0.003, GLASS, GLASS_IN, 0.018)
    marks = [
        box(
            (0.014 if k % 2 else 0.024, 0.0015, 0.002),
            (0, k * 0.16 * h, r * (0.96 + 0.04 * k * 0.16) + 0.0008),
            RED,
        )
        for k in range(1, 6)
    ]
    handle = tube(
        bezier(
            [
                (-0.96 * r, 0.9 * h, 0),
                (-r - 0.05, 0.92 * h, 0),
                (-r - 0.04, 0.15 * h, 0),
                (-0.92 * r, 0.2 * h, 0),
            ],
            18,
        ),
        0.008,
        GLASS,
        normal_hint=(0, 0, 1),
        aspect=0.6,
    )
    return assemble([body, handle, *marks])


def colander(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Steel colander: a round perforated bowl on a ring foot, with two side handles at -x and +x."""
    r, h = vary(rng, 0.11, 0.1), vary(rng, 0.1, 0.1)
    foot = 0.02
    outer = bezier([(0.55 * r, foot), (0.8 * r, foot), (r, foot + 0.3 * h), (r, h)], 12)
    bowl = shell([(0, foot), *map(tuple, outer)], 0.0025, STEEL)

    def perforated(c: np.ndarray, n: np.ndarray) -> np.ndarray:
        sector = np.floor((np.arctan2(c[:, 2], c[:, 0]) + np.pi) / (2 * np.pi) * 48).astype(int)
        row = np.floor((c[:, 1] - foot) / (h / 11)).astype(int)
        return ((sector + 2 * row) % 4 == 0) & (row % 2 == 1) & (c[:, 1] < h - 0.015)

    paint(bowl, perforated, DARK_METAL)
    ring = outward(
        revolve(
            [(0.45 * r, 0), (0.5 * r, 0), (0.5 * r, foot + 0.002), (0.45 * r, foot + 0.002), (0.45 * r, 0)],
            color=STEEL,
        )
    )
    handles = [
        loop_handle((s * r, h - 0.012, 0), 0.022, 0.004, -100 if s > 0 else 80, 200, STEEL, plane="xz")
        for s in (1, -1)
    ]
    return assemble([bowl, ring, *handles])


def mixing_bowl(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Deep stainless mixing bowl with a rolled rim."""
    r, h = vary(rng, 0.135, 0.12), vary(rng, 0.125, 0.12)
    body = shell(
        [(0, 0), (0.45 * r, 0), (0.7 * r, 0.2 * h), (0.92 * r, 0.6 * h), (r, h)], 0.003, STEEL, sections=64
    )
    rim = torus(r, 0.004, (0, h, 0), STEEL, axis="y")
    return assemble([two_tone(body, STEEL, (210, 212, 215, 255)), rim])


def wok(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Carbon-steel wok: deep round pan on a small flat base, long wooden handle at -x, ear at +x."""
    r, h = vary(rng, 0.175, 0.1), vary(rng, 0.1, 0.12)
    t = np.linspace(0, 1, 10)
    profile = [(0.0, 0.0)] + [(0.25 * r + 0.75 * r * s, h * s**1.8) for s in t]
    body = two_tone(shell(profile, 0.003, DARK_METAL), DARK_METAL, (55, 55, 58, 255))
    length = vary(rng, 0.2, 0.1)
    sleeve = tube(
        np.linspace([-r + 0.01, h - 0.02, 0], [-r - 0.05, h - 0.005, 0], 6), 0.011, DARK_METAL, sections=12
    )
    grip = tube(
        np.linspace([-r - 0.05, h - 0.005, 0], [-r - length, h + 0.012, 0], 10), 0.016, WOOD, sections=14
    )
    ear = loop_handle((r - 0.004, h - 0.01, 0), 0.03, 0.005, -100, 200, DARK_METAL, plane="xz")
    return assemble([body, sleeve, grip, ear])


def baking_tray(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Rimmed aluminium baking sheet with rolled edges."""
    w, d, h = vary(rng, 0.4, 0.1), vary(rng, 0.3, 0.1), vary(rng, 0.022, 0.15)
    parts = open_box(w, d, h, 0.004, TRAY_METAL, radius=0.012, floor=0.003)
    for s in (1, -1):
        parts.append(
            cylinder(0.003, w - 0.02, (0, h, s * (d / 2 - 0.002)), TRAY_METAL, axis="x", sections=10)
        )
        parts.append(
            cylinder(0.003, d - 0.02, (s * (w / 2 - 0.002), h, 0), TRAY_METAL, axis="z", sections=10)
        )
    return assemble(parts)


def rolling_pin(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Wooden rolling pin lying along x: a thick barrel with a turned handle at each end."""
    length, r = vary(rng, 0.28, 0.12), vary(rng, 0.029, 0.1)
    hl = vary(rng, 0.075, 0.12)
    y = r
    barrel = cylinder(r, length, (0, y, 0), LIGHT_WOOD, axis="x", sections=32)
    parts = [barrel]
    for s in (1, -1):
        x0 = s * length / 2
        prof = [
            (0, 0),
            (0.011, 0),
            (0.014, 0.01),
            (0.016, 0.4 * hl),
            (0.015, 0.85 * hl),
            (0.011, hl),
            (0, hl),
        ]
        hnd = revolve(prof, color=WOOD, sections=20)
        m = np.eye(4)
        m[:3, :3] = np.array([[0, s, 0], [-s, 0, 0], [0, 0, 1]], dtype=float)
        hnd.apply_transform(m)
        hnd.apply_translation([x0, y, 0])
        parts.append(hnd)
    return assemble(parts)


def cleaver(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Meat cleaver lying flat: wooden handle at -x, broad rectangular blade at +x with its edge at -z."""
    lh, lb, wb = vary(rng, 0.12, 0.1), vary(rng, 0.18, 0.1), vary(rng, 0.095, 0.1)
    x0 = -(lh + lb) / 2
    handle = prism(rounded_rect(lh, 0.026, 0.01, cx=x0 + lh / 2), 0.02, WOOD)
    rivets = [cylinder(0.003, 0.002, (x0 + lh * f, 0.0205, 0), STEEL, sections=10) for f in (0.3, 0.7)]
    xb = x0 + lh
    blade_shape = Polygon(
        [
            (xb - 0.005, 0.013),
            (xb + lb, 0.016),
            (xb + lb, 0.016 - wb),
            (xb + 0.015, 0.013 - wb),
            (xb - 0.005, -0.005),
        ]
    )
    blade_shape = blade_shape.difference(
        Polygon(
            [
                (xb + lb - 0.03 + 0.01 * np.cos(a), 0.002 + 0.01 * np.sin(a))
                for a in np.linspace(0, 2 * np.pi, 12, endpoint=False)
            ]
        )
    )
    blade = prism(blade_shape, 0.003, STEEL, start=0.0085)
    paint(blade, lambda c, n: c[:, 2] < 0.016 - wb + 0.008, (215, 218, 222, 255))
    return assemble([handle, *rivets, blade])


def peeler(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Swivel vegetable peeler lying flat: a chunky grip at -x, slotted steel blade frame at +x."""
    lh, lb = vary(rng, 0.11, 0.1), vary(rng, 0.065, 0.1)
    x0 = -(lh + lb) / 2
    grip = tube(
        np.linspace([x0, 0.011, 0], [x0 + lh, 0.011, 0], 8),
        np.array([0.009, 0.011, 0.012, 0.012, 0.012, 0.011, 0.009, 0.007]),
        BLACK,
        sections=14,
        normal_hint=(0, 1, 0),
        aspect=1.3,
    )
    xb = x0 + lh
    frame = rounded_rect(lb, 0.026, 0.008, cx=xb + lb / 2).difference(
        rounded_rect(lb - 0.01, 0.012, 0.004, cx=xb + lb / 2 + 0.002)
    )
    blade = rounded_rect(lb - 0.014, 0.008, 0.003, cx=xb + lb / 2 + 0.002)
    return grounded(
        assemble(
            [
                grip,
                prism(frame, 0.004, STEEL, start=0.009),
                prism(blade, 0.0015, (215, 218, 222, 255), start=0.0102),
            ]
        )
    )


def grater(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Four-sided stainless box grater, open top and bottom, rows of grating holes, loop handle on top."""
    w, d, h = vary(rng, 0.1, 0.1), vary(rng, 0.08, 0.1), vary(rng, 0.22, 0.1)
    taper = 0.012
    ring0 = rounded_rect(w, d, 0.006).difference(rounded_rect(w - 0.004, d - 0.004, 0.004))
    body = prism(ring0, h, STEEL)
    v = np.asarray(body.vertices).copy()
    k = 1 - taper * v[:, 1] / h / (w / 2)
    v[:, 0] *= k
    v[:, 2] *= k
    body.vertices = v
    parts = [body]
    lean = np.degrees(np.arctan(taper / h))
    for row in range(8):
        y = 0.03 + row * (h - 0.06) / 7
        kk = 1 - taper * y / h / (w / 2)
        for col in (-1, 0, 1):
            for s in (1, -1):
                z = s * (d / 2 * kk + 0.0005)
                parts.append(
                    box(
                        (0.016, 0.005, 0.002), (col * 0.026 * kk, y, z), DARK_METAL, rotation=(s * lean, 0, 0)
                    )
                )
            x = (w / 2 * kk + 0.0005) if col == 0 else None
            if x is not None:
                for s in (1, -1):
                    parts.append(
                        box((0.002, 0.004, 0.03), (s * x, y, 0), DARK_METAL, rotation=(0, 0, -s * lean))
                    )
    top = h - 0.004
    handle = tube(
        bezier(
            [(-0.3 * w, top, 0), (-0.3 * w, top + 0.04, 0), (0.3 * w, top + 0.04, 0), (0.3 * w, top, 0)], 16
        ),
        0.006,
        BLACK,
        normal_hint=(0, 0, 1),
        aspect=1.4,
    )
    return assemble([*parts, handle])


def tongs(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Steel kitchen tongs on their side: hinge and ring at -x, two arms opening toward the tips at +x."""
    length, spread = vary(rng, 0.29, 0.1), vary(rng, 0.036, 0.15)
    x0, x1 = -length / 2, length / 2
    parts = [cylinder(0.011, 0.022, (x0 + 0.012, 0.011, 0), STEEL, axis="z", sections=16)]
    for s in (1, -1):
        arm = Polygon(
            [
                (x0 + 0.01, s * 0.0015),
                (x1 - 0.04, s * (spread / 2 - 0.0015)),
                (x1, s * (spread / 2 - 0.004)),
                (x1, s * spread / 2),
                (x1 - 0.04, s * spread / 2),
                (x0 + 0.01, s * 0.0105),
            ]
        )
        parts.append(prism(arm.buffer(0), 0.02, STEEL, start=0.001))
        parts.append(prism(rounded_rect(0.08, 0.006, 0.002, cx=x0 + 0.07, cz=s * 0.0095), 0.022, BLACK))
    parts.append(torus(0.01, 0.002, (x0 - 0.006, 0.011, 0), STEEL, axis="z"))
    return grounded(assemble(parts))


def blender(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Countertop blender: motor base with buttons at +z, glass jar with a lid and a handle at -x."""
    bw, bh = vary(rng, 0.17, 0.08), vary(rng, 0.12, 0.1)
    jr, jh = vary(rng, 0.065, 0.08), vary(rng, 0.24, 0.1)
    base = prism(rounded_rect(bw, 0.9 * bw, 0.025), bh, BLACK)
    parts = [base, box((0.5 * bw, 0.03, 0.004), (0, 0.5 * bh, 0.45 * bw + 0.002), DARK_METAL)]
    for i, col in enumerate((STEEL, STEEL, RED)):
        parts.append(
            cylinder(
                0.008, 0.01, (-0.035 + 0.035 * i, 0.5 * bh, 0.45 * bw + 0.005), col, axis="z", sections=12
            )
        )
    jar = shell([(0, bh), (0.8 * jr, bh), (0.9 * jr, bh + 0.3 * jh), (jr, bh + jh)], 0.003, GLASS)
    lid = revolve(
        [
            (0, bh + jh - 0.004),
            (jr + 0.004, bh + jh - 0.004),
            (jr + 0.004, bh + jh + 0.018),
            (0.3 * jr, bh + jh + 0.022),
            (0, bh + jh + 0.025),
        ],
        color=BLACK,
    )
    cap = cylinder(0.02, 0.015, (0, bh + jh + 0.03, 0), BLACK, sections=16)
    handle = tube(
        bezier(
            [
                (-0.85 * jr, bh + 0.9 * jh, 0),
                (-jr - 0.06, bh + 0.9 * jh, 0),
                (-jr - 0.05, bh + 0.15 * jh, 0),
                (-0.85 * jr, bh + 0.12 * jh, 0),
            ],
            18,
        ),
        0.011,
        BLACK,
        normal_hint=(0, 0, 1),
        aspect=0.7,
    )
    blades = box((0.05, 0.004, 0.012), (0, bh + 0.025, 0), STEEL, rotation=(0, 30, 0))
    return assemble([*parts, jar, lid, cap, handle, blades])


def coffee_maker(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Drip coffee maker: back tower, filter head overhanging a glass carafe on a warming plate (+z)."""
    w, h, d = vary(rng, 0.22, 0.1), vary(rng, 0.34, 0.08), vary(rng, 0.25, 0.08)
    parts = [
        box((w, 0.04, d), (0, 0.02, 0), BLACK),
        box((w, h - 0.04, 0.09), (0, 0.04 + (h - 0.04) / 2, -d / 2 + 0.045), BLACK),
        box((w, 0.1, d - 0.09), (0, h - 0.05, 0.045), BLACK),
        box((0.06, 0.02, 0.004), (0, 0.02, d / 2 + 0.002), DISPLAY),
        cylinder(0.008, 0.006, (0.06, 0.02, d / 2 + 0.002), RED, axis="z", sections=12),
        cylinder(0.065, 0.006, (0, 0.043, 0.045), DARK_METAL, sections=24),
    ]
    cy0 = 0.046
    carafe = shell(
        [(0, cy0), (0.06, cy0), (0.066, cy0 + 0.04), (0.06, cy0 + 0.1), (0.045, cy0 + 0.13)], 0.0025, GLASS
    )
    coffee = revolve(
        [(0, cy0 + 0.003), (0.058, cy0 + 0.003), (0.062, cy0 + 0.06), (0, cy0 + 0.06)], color=COFFEE
    )
    grip = tube(
        bezier(
            [
                (-0.05, cy0 + 0.12, 0.045),
                (-0.1, cy0 + 0.12, 0.045),
                (-0.1, cy0 + 0.03, 0.045),
                (-0.06, cy0 + 0.03, 0.045),
            ],
            12,
        ),
        0.008,
        BLACK,
        normal_hint=(0, 0, 1),
    )
    carafe.apply_translation([0, 0, 0.045])
    coffee.apply_translation([0, 0, 0.045])
    parts += [carafe, coffee, grip]
    return assemble(parts)


def thermos(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Vacuum flask: steel cylinder with a grip band and a screw cup on top."""
    r, h = vary(rng, 0.038, 0.08), vary(rng, 0.28, 0.1)
    body = revolve([(0, 0), (r - 0.003, 0), (r, 0.004), (r, 0.8 * h), (0, 0.8 * h)], color=STEEL)
    grip = cylinder(r + 0.001, 0.12 * h, (0, 0.4 * h, 0), DARK_METAL, sections=32)
    cup = revolve(
        [(0, 0.8 * h - 0.002), (r + 0.002, 0.8 * h - 0.002), (r + 0.002, h - 0.004), (r - 0.002, h), (0, h)],
        color=BLUE,
    )
    return assemble([body, grip, cup])


def food_container(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Open plastic food storage box (lid off) with a coloured rim."""
    w, d, h = vary(rng, 0.18, 0.12), vary(rng, 0.13, 0.12), vary(rng, 0.07, 0.15)
    parts = open_box(w, d, h - 0.006, 0.003, (225, 232, 236, 255), radius=0.02)
    lip = rounded_rect(w, d, 0.02).difference(rounded_rect(w - 0.006, d - 0.006, 0.017))
    parts.append(prism(lip, 0.006, LID_GREEN, start=h - 0.006))
    return assemble(parts)


def spice_jar(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Small glass spice jar filled with ground spice, with a perforated shaker cap."""
    r, h = vary(rng, 0.022, 0.08), vary(rng, 0.1, 0.1)
    body = revolve(
        [(0, 0), (r - 0.002, 0), (r, 0.003), (r, 0.78 * h), (0.85 * r, 0.8 * h), (0, 0.8 * h)], color=GLASS
    )
    fill = revolve(
        [(0, 0.004), (r - 0.0015, 0.004), (r - 0.0015, 0.6 * h), (0, 0.6 * h)], color=SPICE, sections=32
    )
    cap = revolve(
        [(0, 0.79 * h), (0.92 * r, 0.79 * h), (0.92 * r, h - 0.003), (0.88 * r, h), (0, h)],
        color=BLACK,
        sections=32,
    )
    label = cylinder(r + 0.0005, 0.3 * h, (0, 0.35 * h, 0), (238, 228, 205, 255), sections=32)
    return assemble([body, fill, cap, label])


def dish_rack(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Plastic dish drainer: a slotted basket with plate dividers standing in a drip tray."""
    w, d, h = vary(rng, 0.44, 0.08), vary(rng, 0.32, 0.08), vary(rng, 0.14, 0.12)
    parts = open_box(w, d, 0.025, 0.004, (200, 205, 210, 255), radius=0.02)
    parts += open_box(w - 0.02, d - 0.02, h - 0.015, 0.005, WHITE, radius=0.015, floor=0.006, y0=0.015)
    lip = rounded_rect(w - 0.012, d - 0.012, 0.018).difference(rounded_rect(w - 0.045, d - 0.045, 0.01))
    parts.append(prism(lip, 0.006, WHITE, start=h - 0.006))
    for k in range(7):
        x = -w / 2 + 0.06 + k * 0.035
        parts.append(box((0.004, 0.09, d - 0.04), (x, 0.015 + 0.045, 0), WHITE))
    for i in range(6):
        y = 0.045 + i * (h - 0.07) / 5
        for s in (1, -1):
            parts.append(box((w - 0.06, 0.008, 0.002), (0, y, s * (d / 2 - 0.0095)), (170, 175, 182, 255)))
    return assemble(parts)


def sugar_bowl(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Open porcelain sugar bowl on a foot with two small ear handles at -x and +x, holding sugar."""
    r, h = vary(rng, 0.045, 0.1), vary(rng, 0.075, 0.1)
    body = shell(
        [(0, 0.008), (0.55 * r, 0.008), (0.85 * r, 0.25 * h), (r, 0.65 * h), (0.92 * r, h)], 0.003, CERAMIC
    )
    foot = revolve([(0, 0), (0.55 * r, 0), (0.5 * r, 0.009), (0, 0.009)], color=CERAMIC)
    sugar = revolve(
        [(0, 0.01), (0.7 * r, 0.01), (0.82 * r, 0.35 * h), (0.4 * r, 0.38 * h), (0, 0.39 * h)], color=WHITE
    )
    handles = [
        loop_handle((s * 0.97 * r, 0.6 * h, 0), 0.016, 0.004, -70 if s > 0 else 110, 140, CERAMIC)
        for s in (1, -1)
    ]
    paint(body, band(h - 0.004, 1.0), (205, 168, 80, 255))
    return assemble([body, foot, sugar, *handles])


def kitchen_scale(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Digital kitchen scale: low white body, flat steel weighing platform, display at +z."""
    w, d = vary(rng, 0.2, 0.1), vary(rng, 0.16, 0.1)
    body = prism(rounded_rect(w, d, 0.02), 0.025, WHITE)
    plate = prism(rounded_rect(w - 0.02, d - 0.04, 0.015, cz=-0.012), 0.006, STEEL, start=0.025)
    disp = box((0.06, 0.004, 0.02), (0, 0.0255, d / 2 - 0.015), DISPLAY)
    btns = [cylinder(0.005, 0.004, (x, 0.0255, d / 2 - 0.014), BLUE, sections=12) for x in (-0.06, 0.06)]
    feet = [
        cylinder(0.008, 0.003, (sx * (w / 2 - 0.02), 0.0, sz * (d / 2 - 0.02)), BLACK, sections=10)
        for sx in (1, -1)
        for sz in (1, -1)
    ]
    return grounded(assemble([body, plate, disp, *btns, *feet]))


def casserole_dish(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Rectangular ceramic baking dish, open, with moulded grip lugs at -x and +x."""
    w, d, h = vary(rng, 0.3, 0.1), vary(rng, 0.21, 0.1), vary(rng, 0.065, 0.12)
    parts = open_box(w, d, h, 0.008, TERRA, radius=0.03, floor=0.008)
    parts.append(prism(rounded_rect(w - 0.016, d - 0.016, 0.022), 0.001, CERAMIC, start=0.0075))
    for s in (1, -1):
        parts.append(
            prism(rounded_rect(0.04, 0.12, 0.015, cx=s * (w / 2 + 0.015)), 0.012, TERRA, start=h - 0.018)
        )
    return assemble(parts)


def range_hood(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Wall-mounted chimney cooker hood: a sloped steel canopy with a chimney stack, back at -z."""
    w, d, h = vary(rng, 0.75, 0.1), vary(rng, 0.48, 0.08), vary(rng, 0.55, 0.1)
    zb = -d / 2
    canopy = Polygon([(0, 0), (d, 0), (d, 0.06), (0.3 * d, 0.18), (0, 0.18)])
    hood = prism(canopy, w, INOX, plane="zy", start=-w / 2)
    hood.apply_translation([0, 0, zb])
    chimney = box((0.26, h - 0.17, 0.24), (0, 0.17 + (h - 0.17) / 2, zb + 0.12), INOX)
    strip = box((w - 0.02, 0.004, 0.3 * d), (0, -0.001, zb + 0.65 * d), DARK_METAL)
    lights = [
        cylinder(0.02, 0.004, (sx * w / 4, -0.002, zb + 0.6 * d), (250, 240, 200, 255), sections=16)
        for sx in (1, -1)
    ]
    mesh = assemble([hood, chimney, strip, *lights])
    mesh.apply_translation([0, -mesh.bounds[0][1], 0])
    return mesh


def funnel(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Plastic kitchen funnel standing on its narrow spout, wide cone open at the top."""
    r, h = vary(rng, 0.06, 0.1), vary(rng, 0.13, 0.1)
    stem = 0.4 * h
    outer = [(0.006, 0), (0.009, stem), (r, h)]
    inner = [(r - 0.003, h), (0.006, stem + 0.002), (0.0035, 0)]
    body = outward(revolve([*outer, *inner, (0.006, 0)], color=PLASTIC_RED))
    ring = torus(r, 0.003, (0, h, 0), PLASTIC_RED, axis="y")
    tab = loop_handle((-r, h - 0.006, 0), 0.014, 0.003, 100, 160, PLASTIC_RED, plane="xz")
    return assemble([body, ring, tab])


GENERATORS: dict[str, Generator] = {
    "stove": stove,
    "oven": oven,
    "fridge": fridge,
    "counter": counter,
    "kitchen_sink": kitchen_sink,
    "dishwasher": dishwasher,
    "pitcher": pitcher,
    "jug": jug,
    "creamer": creamer,
    "measuring_cup": measuring_cup,
    "colander": colander,
    "mixing_bowl": mixing_bowl,
    "wok": wok,
    "baking_tray": baking_tray,
    "rolling_pin": rolling_pin,
    "cleaver": cleaver,
    "peeler": peeler,
    "grater": grater,
    "tongs": tongs,
    "blender": blender,
    "coffee_maker": coffee_maker,
    "thermos": thermos,
    "food_container": food_container,
    "spice_jar": spice_jar,
    "dish_rack": dish_rack,
    "sugar_bowl": sugar_bowl,
    "kitchen_scale": kitchen_scale,
    "casserole_dish": casserole_dish,
    "range_hood": range_hood,
    "funnel": funnel,
}

"""Procedural templates for bathroom objects (merged into household.GENERATORS).

All objects are built in metres in the canonical frame: +y up, front facing +z, resting on y = 0.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import trimesh
from shapely.geometry import Polygon

from oorkit.assets.procedural.household_parts import (
    GOLD,
    HIGHLIGHT,
    LAVENDER,
    MIRROR,
    PINK,
    TOWEL_BLUE,
    beam,
    ellipse,
    loft_x,
    puffy,
    rrect,
    slab,
    vary,
    vary_int,
)
from oorkit.assets.procedural.primitives import (
    BLUE,
    CERAMIC,
    RED,
    STEEL,
    WHITE,
    Color,
    assemble,
    box,
    cylinder,
    revolve,
    torus,
)

Rng = np.random.Generator | None
WATER = (165, 205, 225, 255)


def _oval(mesh: trimesh.Trimesh, scale_z: float, z: float = 0.0) -> trimesh.Trimesh:
    """Stretch a revolved part along z into an oval and move it to depth `z`."""
    mesh.apply_scale([1.0, 1.0, scale_z])
    mesh.apply_translation([0.0, 0.0, z])
    return mesh


def toilet(rng: Rng = None) -> trimesh.Trimesh:
    """Floor toilet: tank at the back (-z), oval bowl and open seat ring facing +z."""
    rx, rz = vary(rng, 0.18, 0.08), vary(rng, 0.235, 0.08)
    sy = vary(rng, 0.41, 0.06)
    tw, td = vary(rng, 0.38, 0.05), vary(rng, 0.17, 0.1)
    top = vary(rng, 0.78, 0.05)
    back = -0.34
    bz = 0.335 - rz
    rim = sy - 0.025
    bowl = [
        (0, rim - 0.2),
        (0.5 * rx, rim - 0.2),
        (0.85 * rx, rim - 0.1),
        (rx, rim),
        (rx - 0.02, rim),
        (0.78 * rx, rim - 0.08),
        (0.3 * rx, rim - 0.16),
        (0, rim - 0.16),
    ]
    ped = [(0, 0), (0.12, 0), (0.105, 0.03), (0.085, 0.15), (0.1, rim - 0.15), (0, rim - 0.15)]
    parts = [
        _oval(revolve(ped, color=CERAMIC), 1.6, bz - 0.05),
        _oval(revolve(bowl, color=CERAMIC), rz / rx, bz),
        _oval(cylinder(0.3 * rx + 0.005, 0.004, (0, rim - 0.157, 0), WATER), rz / rx, bz),
        slab(
            ellipse(rx + 0.006, rz + 0.006),
            0.025,
            (0, sy - 0.0125, bz),
            WHITE,
            holes=[ellipse(rx * 0.62, rz * 0.66, cy=0.01)],
        ),
        puffy(
            (0.22, rim - 0.14, bz - back - 0.04),
            (0, (rim + 0.12) / 2, (back + 0.04 + bz) / 2),
            CERAMIC,
            edge=0.3,
        ),
        puffy(
            (tw, top - 0.03 - sy + 0.03, td),
            (0, (sy + top - 0.03) / 2, back + td / 2 + 0.005),
            CERAMIC,
            edge=0.1,
        ),
        puffy((tw + 0.015, 0.032, td + 0.015), (0, top - 0.016, back + td / 2 + 0.005), CERAMIC, edge=0.12),
        cylinder(0.02, 0.008, (0, top + 0.002, back + td / 2 + 0.005), STEEL, sections=24),
    ]
    for sx in (-1, 1):
        parts.append(
            cylinder(0.012, 0.03, (sx * 0.06, sy - 0.01, bz - rz - 0.005), STEEL, axis="x", sections=12)
        )
    return assemble(parts)


def sink(rng: Rng = None) -> trimesh.Trimesh:
    """Pedestal washbasin: oval bowl sunk in a rounded top, tap at the back pouring toward +z."""
    w, d = vary(rng, 0.6, 0.1), vary(rng, 0.48, 0.1)
    top = vary(rng, 0.78, 0.05)
    ax, az = w * 0.35, d * 0.31
    bz = d * 0.06
    bowl = [
        (0, top - 0.19),
        (0.1, top - 0.19),
        (0.2, top - 0.12),
        (ax + 0.02, top - 0.04),
        (ax + 0.02, top - 0.01),
        (ax - 0.003, top - 0.01),
        (ax - 0.012, top - 0.05),
        (0.17, top - 0.12),
        (0.08, top - 0.17),
        (0, top - 0.17),
    ]
    ped = [(0, 0), (0.13, 0), (0.12, 0.03), (0.075, 0.13), (0.065, 0.45), (0.1, top - 0.15), (0, top - 0.15)]
    fz = -d / 2 + 0.06
    spout_y = top + vary(rng, 0.065, 0.1)
    parts = [
        _oval(revolve(ped, color=CERAMIC), 0.8, -0.03),
        _oval(revolve(bowl, color=CERAMIC), az / ax, bz),
        slab(rrect(w, d, 0.06), 0.05, (0, top - 0.025, 0), CERAMIC, holes=[ellipse(ax, az, cy=bz)]),
        cylinder(0.018, 0.004, (0, top - 0.168, bz), STEEL, sections=20),
        cylinder(0.024, 0.015, (0, top + 0.0075, fz), STEEL, sections=24),
        cylinder(0.012, spout_y - top, (0, (top + spout_y) / 2, fz), STEEL, sections=16),
        torus(0.03, 0.012, (0, spout_y, fz + 0.03), STEEL, axis="x", arc=np.pi / 2),
        cylinder(0.012, 0.05, (0, spout_y + 0.03, fz + 0.055), STEEL, axis="z", sections=16),
        cylinder(0.013, 0.012, (0, spout_y + 0.021, fz + 0.08), STEEL, sections=16),
    ]
    for sx in (-1, 1):
        parts.append(cylinder(0.016, 0.03, (sx * 0.09, top + 0.015, fz), STEEL, sections=16))
        parts.append(box((0.05, 0.01, 0.01), (sx * 0.09, top + 0.032, fz), STEEL))
        dot: Color = BLUE if sx > 0 else RED
        parts.append(cylinder(0.006, 0.003, (sx * 0.09, top + 0.038, fz), dot, sections=12))
    return assemble(parts)


def bathtub(rng: Rng = None) -> trimesh.Trimesh:
    """Built-in rectangular bathtub with a hollow basin, sloped backrest and chrome tap at -x."""
    ln, wd, h = vary(rng, 1.7, 0.1), vary(rng, 0.75, 0.1), vary(rng, 0.56, 0.1)
    wall = 0.08
    inner = rrect(ln - 2 * wall, wd - 2 * wall, 0.18, 8)
    floor_y = 0.1
    lip = 0.035
    parts = [
        slab(rrect(ln - 0.016, wd - 0.016, 0.02), h - lip, (0, (h - lip) / 2, 0), WHITE, holes=[inner]),
        slab(rrect(ln, wd, 0.03), lip, (0, h - lip / 2, 0), CERAMIC, holes=[inner]),
        slab(
            rrect(ln - 2 * wall + 0.02, wd - 2 * wall + 0.02, 0.18, 8), floor_y, (0, floor_y / 2, 0), CERAMIC
        ),
        beam(
            (ln / 2 - wall - 0.02, floor_y, 0),
            (ln / 2 - wall - 0.28, h - 0.02, 0),
            (0.05, wd - 2 * wall),
            CERAMIC,
        ),
        cylinder(0.025, 0.004, (-ln / 2 + 0.25, floor_y + 0.002, 0), STEEL, sections=20),
        cylinder(0.04, 0.006, (-ln / 2 + wall + 0.003, h - 0.2, 0), STEEL, axis="x", sections=24),
    ]
    sx = -ln / 2 + wall
    spout_y = h - 0.08
    parts.append(cylinder(0.018, 0.14, (sx + 0.07, spout_y, 0), STEEL, axis="x", sections=16))
    parts.append(cylinder(0.016, 0.025, (sx + 0.13, spout_y - 0.02, 0), STEEL, sections=16))
    for sz in (-1, 1):
        parts.append(cylinder(0.022, 0.05, (sx + 0.025, spout_y, sz * 0.13), STEEL, axis="x", sections=16))
        knob: Color = BLUE if sz > 0 else RED
        parts.append(cylinder(0.008, 0.004, (sx + 0.051, spout_y, sz * 0.13), knob, axis="x", sections=12))
    return assemble(parts)


def toothbrush(rng: Rng = None) -> trimesh.Trimesh:
    """Toothbrush lying flat: handle at -x, bristle head at +x with bristles up."""
    ln = vary(rng, 0.19, 0.08)
    x0, x1 = -ln / 2, ln / 2
    choices: list[Color] = [BLUE, RED, (60, 170, 120, 255), (150, 80, 180, 255)]
    col = BLUE if rng is None else choices[int(rng.integers(4))]
    cy = 0.0062
    sec = [
        (x0, cy, 0.0035, 0.006),
        (x0 + 0.006, cy, 0.0058, 0.009),
        (x0 + 0.05, cy, 0.0062, 0.0095),
        (x0 + 0.075, cy, 0.0055, 0.0082),
        (x0 + 0.1, cy, 0.0045, 0.006),
        (x1 - 0.04, cy + 0.0005, 0.0032, 0.0038),
        (x1 - 0.029, cy + 0.001, 0.0035, 0.0062),
        (x1 - 0.004, cy + 0.001, 0.0035, 0.0066),
        (x1, cy + 0.001, 0.002, 0.0045),
    ]
    parts = [loft_x(sec, [col, WHITE, WHITE, col, col, col, col, col], n=20)]
    top = cy + 0.001 + 0.0032
    light = (170, 215, 240, 255)
    for i in range(7):
        for j in range(3):
            x = x1 - 0.0265 + i * 0.0038
            parts.append(
                cylinder(
                    0.0014,
                    0.011,
                    (x, top + 0.0055 - 0.001, (j - 1) * 0.0038),
                    WHITE if (i + j) % 2 else light,
                    sections=8,
                )
            )
    return assemble(parts)


def toothpaste(rng: Rng = None) -> trimesh.Trimesh:
    """Toothpaste tube lying flat: crimped flat end at -x, screw cap at +x."""
    ln = vary(rng, 0.19, 0.08)
    r, rzc = vary(rng, 0.0185, 0.08), vary(rng, 0.024, 0.08)
    cap_l = 0.022
    body_end = ln / 2 - cap_l - 0.008
    xs = np.linspace(0, 1, 9)
    sec = []
    for t in xs:
        ry = r * (0.1 + 0.9 * np.sqrt(t))
        sec.append((-ln / 2 + t * (body_end + ln / 2), ry, ry, rzc * (1 + 0.14 * (1 - t))))
    sec.append((body_end + 0.008, r, r * 0.45, r * 0.45))
    band: Color = RED if rng is None or rng.uniform() < 0.5 else (40, 120, 200, 255)
    colors = [WHITE, band, band, WHITE, WHITE, WHITE, band, band, WHITE]
    parts = [
        loft_x(sec, colors, n=28),
        cylinder(
            r * 0.92,
            cap_l,
            (ln / 2 - cap_l / 2, r, 0),
            WHITE if band == RED else (240, 240, 240, 255),
            axis="x",
            sections=28,
        ),
        box((0.008, 0.005, rzc * 2.2), (-ln / 2 + 0.004, 0.0025, 0), WHITE),
    ]
    return assemble(parts)


def towel(rng: Rng = None) -> trimesh.Trimesh:
    """Folded bath towel: stacked layers with rounded folds and two woven stripes."""
    w, d, h = vary(rng, 0.5, 0.12), vary(rng, 0.3, 0.12), vary(rng, 0.06, 0.15)
    n = vary_int(rng, 4, 3, 5)
    t = h / n
    base: Color = (
        TOWEL_BLUE
        if rng is None
        else [TOWEL_BLUE, (215, 120, 120, 255), (120, 170, 130, 255), (230, 220, 200, 255)][
            int(rng.integers(4))
        ]
    )
    xs = [-w / 2, -w / 2 + 0.05, -w / 2 + 0.075, w / 2 - 0.075, w / 2 - 0.05, w / 2]
    cols = [base, WHITE, base, WHITE, base]
    parts = []
    for x0, x1, c in zip(xs[:-1], xs[1:], cols, strict=True):
        sw, cx = x1 - x0, (x0 + x1) / 2
        for i in range(n):
            y = (i + 0.5) * t
            parts.append(box((sw, t * 0.96, d - t), (cx, y, 0), c))
            for sz in (-1, 1):
                parts.append(cylinder(t * 0.48, sw, (cx, y, sz * (d - t) / 2), c, axis="x", sections=16))
        for i in range(n - 1):
            sz = 1 if i % 2 == 0 else -1
            fold = (cx, (i + 1) * t, sz * (d / 2 - t))
            parts.append(cylinder(t * 0.98, sw, fold, c, axis="x", sections=20))
    return assemble(parts)


def soap(rng: Rng = None) -> trimesh.Trimesh:
    """Rounded bar of soap with an embossed oval on top."""
    w, h, d = vary(rng, 0.09, 0.12), vary(rng, 0.03, 0.15), vary(rng, 0.06, 0.12)
    col: Color = (
        PINK
        if rng is None
        else [PINK, LAVENDER, (240, 235, 200, 255), (170, 220, 200, 255)][int(rng.integers(4))]
    )
    light = (*(min(255, int(c * 1.06) + 8) for c in col[:3]), 255)
    parts = [
        puffy((w, h, d), (0, h / 2, 0), col, edge=0.4, edge_y=0.5, subdivisions=4),
        puffy((w * 0.5, h * 0.2, d * 0.45), (0, h * 0.97, 0), light, edge=0.6, edge_y=0.6),
    ]
    return assemble(parts)


def _arch(w: float, h: float, n: int = 24) -> list[tuple[float, float]]:
    """Counter-clockwise outline of a round-topped (arched) panel of width w, height h, bottom at y = 0."""
    r = w / 2
    pts = [(-r, 0.0), (r, 0.0)]
    pts += [(r * np.cos(a), h - r + r * np.sin(a)) for a in np.linspace(0, np.pi, n)]
    return pts


def mirror(rng: Rng = None) -> trimesh.Trimesh:
    """Arched wall mirror in a gilded frame; silvery glass with diagonal highlight streaks."""
    w, h = vary(rng, 0.6, 0.12), vary(rng, 0.8, 0.12)
    b, t = vary(rng, 0.045, 0.2), 0.03
    outer = _arch(w, h)
    inner = [(x * (w - 2 * b) / w, b + y * (h - 2 * b) / h) for x, y in outer]
    glass = Polygon(inner)
    parts = [
        slab(outer, t, (0, 0, 0), GOLD, holes=[inner], plane="xy"),
        slab(inner, 0.01, (0, 0, -0.004), MIRROR, plane="xy"),
    ]
    for x0, wd in ((-0.1, 0.06), (0.05, 0.03)):
        band = Polygon([(x0 - 1, -0.7), (x0 - 1 + wd, -0.7), (x0 + 1 + wd, 1.3), (x0 + 1, 1.3)])
        piece = glass.intersection(band)
        if isinstance(piece, Polygon) and not piece.is_empty:
            parts.append(slab(list(piece.exterior.coords)[:-1], 0.002, (0, 0, 0.0015), HIGHLIGHT, plane="xy"))
    return assemble(parts)


GENERATORS: dict[str, Callable[[np.random.Generator | None], trimesh.Trimesh]] = {
    "toilet": toilet,
    "sink": sink,
    "bathtub": bathtub,
    "toothbrush": toothbrush,
    "toothpaste": toothpaste,
    "towel": towel,
    "soap": soap,
    "mirror": mirror,
}

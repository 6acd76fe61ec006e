"""Procedural templates for dining-room and decor objects (merged into household.GENERATORS).

All objects are built in metres in the canonical frame: +y up, front facing +z, resting on y = 0.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import trimesh

from oorkit.assets.procedural.household_parts import (
    CREAM,
    LEAF_GREEN,
    ROSE_RED,
    beam,
    posed,
    puffy,
    rrect,
    slab,
    vary,
    vary_int,
)
from oorkit.assets.procedural.primitives import (
    BLACK,
    DARK_GREEN,
    DARK_WOOD,
    WOOD,
    Color,
    assemble,
    box,
    capsule,
    cylinder,
    revolve,
    sphere,
)

Rng = np.random.Generator | None


def table(rng: Rng = None) -> trimesh.Trimesh:
    """Rectangular wooden dining table with an apron and four darker legs."""
    w, h, d = vary(rng, 1.6, 0.12), vary(rng, 0.75, 0.06), vary(rng, 0.9, 0.12)
    leg, top_t = vary(rng, 0.07, 0.15), 0.04
    lx, lz = w / 2 - leg / 2 - 0.06, d / 2 - leg / 2 - 0.06
    ap = 0.09
    ay = h - top_t - ap / 2
    parts = [slab(rrect(w, d, 0.02), top_t, (0, h - top_t / 2, 0), WOOD)]
    for sx in (-1, 1):
        parts.append(box((0.025, ap, 2 * lz), (sx * lx, ay, 0), DARK_WOOD))
        for sz in (-1, 1):
            parts.append(box((leg, h - top_t, leg), (sx * lx, (h - top_t) / 2, sz * lz), DARK_WOOD))
    for sz in (-1, 1):
        parts.append(box((2 * lx, ap, 0.025), (0, ay, sz * lz), DARK_WOOD))
    return assemble(parts)


def chair(rng: Rng = None) -> trimesh.Trimesh:
    """Wooden dining chair with a padded seat; the backrest is at -z, the seat front faces +z."""
    sw, sd = vary(rng, 0.45, 0.08), vary(rng, 0.44, 0.08)
    sy, h = vary(rng, 0.46, 0.06), vary(rng, 0.9, 0.06)
    leg, lean = 0.035, vary(rng, 0.06, 0.3)
    lx = sw / 2 - leg / 2 - 0.005
    zb = -sd / 2 + leg / 2 + 0.005
    zf = sd / 2 - leg / 2 - 0.005

    def z_at(y: float) -> float:
        return zb - lean * max(0.0, y - sy) / (h - sy)

    parts = [
        box((sw, 0.035, sd), (0, sy - 0.0175, 0), WOOD),
        puffy((sw - 0.03, 0.035, sd - 0.04), (0, sy + 0.01, 0.01), (150, 60, 50, 255), edge=0.25, edge_y=0.5),
    ]
    for sx in (-1, 1):
        x = sx * lx
        parts.append(box((leg, sy - 0.035, leg), (x, (sy - 0.035) / 2, zf), DARK_WOOD))
        parts.append(box((leg, sy, leg), (x, sy / 2, zb), DARK_WOOD))
        parts.append(beam((x, sy - 0.01, zb), (x, h, z_at(h)), (leg, leg), DARK_WOOD))
        parts.append(box((0.02, 0.03, zf - zb), (x, 0.16, 0), DARK_WOOD))
    for y0, ht in ((h - 0.08, 0.08), (sy + 0.16, 0.04)):
        yc = y0 + ht / 2
        parts.append(beam((-lx, yc, z_at(yc)), (lx, yc, z_at(yc)), (ht, 0.022), DARK_WOOD))
    n = vary_int(rng, 3, 2, 4)
    for i in range(n):
        x = (i - (n - 1) / 2) * (2 * lx - leg) / (n + 1) * 1.1
        y0, y1 = sy + 0.18, h - 0.08
        parts.append(beam((x, y0, z_at(y0)), (x, y1, z_at(y1)), (0.035, 0.014), DARK_WOOD))
    return assemble(parts)


def candle(rng: Rng = None) -> trimesh.Trimesh:
    """Lit pillar candle: cream wax with drips, black wick and a teardrop flame."""
    r, h = vary(rng, 0.025, 0.12), vary(rng, 0.145, 0.12)
    wax = [(0, 0), (r, 0), (r, h), (r - 0.003, h), (r - 0.007, h - 0.005), (0, h - 0.005)]
    flame = [
        (0, h + 0.006),
        (0.0045, h + 0.011),
        (0.0065, h + 0.018),
        (0.005, h + 0.026),
        (0.002, h + 0.032),
        (0, h + 0.036),
    ]
    parts = [
        revolve(wax, color=CREAM),
        cylinder(0.0012, 0.016, (0, h + 0.003, 0), BLACK, sections=8),
        revolve(flame, color=(255, 190, 50, 255), sections=24),
        sphere(0.0032, (0, h + 0.011, 0.0), (255, 120, 30, 255), scale=(1, 1.4, 1), subdivisions=2),
    ]
    for i, a in enumerate((20, 150, 260)):
        dl = 0.012 + 0.008 * i
        ang = np.radians(a)
        pos = ((r - 0.001) * np.cos(ang), h - dl / 2 - 0.002, (r - 0.001) * np.sin(ang))
        parts.append(capsule(0.0032, dl, pos, CREAM))
    return assemble(parts)


def vase(rng: Rng = None) -> trimesh.Trimesh:
    """Glazed ceramic flower vase: round belly, narrow neck and a flared open lip."""
    h, rb = vary(rng, 0.3, 0.1), vary(rng, 0.068, 0.12)
    rn = vary(rng, 0.032, 0.12)
    col: Color = (
        (45, 90, 160, 255)
        if rng is None
        else [(45, 90, 160, 255), (200, 90, 60, 255), (70, 140, 120, 255), (230, 225, 215, 255)][
            int(rng.integers(4))
        ]
    )
    profile = [
        (0, 0),
        (rb * 0.62, 0),
        (rb * 0.92, h * 0.18),
        (rb, h * 0.38),
        (rb * 0.85, h * 0.6),
        (rn, h * 0.8),
        (rn * 0.95, h * 0.9),
        (rn * 1.35, h),
        (rn * 1.35 - 0.005, h),
        (rn * 0.95 - 0.005, h * 0.9),
        (rn - 0.005, h * 0.8),
        (rb * 0.85 - 0.005, h * 0.6),
        (rb - 0.005, h * 0.38),
        (rb * 0.92 - 0.006, h * 0.18),
        (rb * 0.62 - 0.006, 0.008),
        (0, 0.008),
    ]
    return assemble([revolve(profile, color=col, sections=48)])


def _petal(
    size: tuple[float, float, float], tilt: float, radius: float, azim: float, y: float, color: Color
) -> trimesh.Trimesh:
    """Flattened ellipsoid petal/leaf growing from the axis: tilted out by `tilt` deg, turned by `azim`."""
    w, ln, t = size
    m = sphere(1.0, (0, ln / 2 * 0.9, 0), color, scale=(w / 2, ln / 2, t / 2), subdivisions=2)
    posed(m, (tilt, 0, 0), (0, 0, radius))
    return posed(m, (0, azim, 0), (0, y, 0))


def flower(rng: Rng = None) -> trimesh.Trimesh:
    """Single red rose on a long green stem with two leaves, standing upright."""
    sh = vary(rng, 0.33, 0.1)
    bloom: Color = (
        ROSE_RED
        if rng is None
        else [ROSE_RED, (235, 120, 150, 255), (245, 215, 90, 255), (240, 240, 235, 255)][int(rng.integers(4))]
    )
    dark = (*(int(c * 0.82) for c in bloom[:3]), 255)
    parts = [
        cylinder(0.0028, sh, (0, sh / 2, 0), DARK_GREEN, sections=12),
        sphere(0.009, (0, sh + 0.002, 0), DARK_GREEN, scale=(1, 0.8, 1), subdivisions=2),
        sphere(0.013, (0, sh + 0.03, 0), dark, scale=(1, 1.5, 1), subdivisions=2),
    ]
    for i in range(5):
        parts.append(_petal((0.008, 0.022, 0.002), 120, 0.004, 72 * i + 36, sh + 0.004, DARK_GREEN))
    rings = [
        (5, 0.007, 6, (0.024, 0.04, 0.003)),
        (6, 0.013, 22, (0.032, 0.042, 0.003)),
        (7, 0.019, 45, (0.036, 0.038, 0.003)),
    ]
    for k, (n, rad, tilt, size) in enumerate(rings):
        for i in range(n):
            az = 360.0 * i / n + 25 * k
            parts.append(_petal(size, tilt, rad, az, sh + 0.006, bloom if (i + k) % 2 else dark))
    for y, az in ((sh * 0.42, 60), (sh * 0.62, 240)):
        parts.append(_petal((0.03, 0.065, 0.002), 65, 0.002, az, y, LEAF_GREEN))
    return assemble(parts)


GENERATORS: dict[str, Callable[[np.random.Generator | None], trimesh.Trimesh]] = {
    "table": table,
    "chair": chair,
    "candle": candle,
    "vase": vase,
    "flower": flower,
}

"""Procedural templates: bath_garden (table linen and serving ware, bathroom items, garden objects).

Conventions: metres, +y up, front +z, resting on y = 0; spouts and working ends toward +x, handles
toward -x; wall-mounted items have their back at -z.
"""

from __future__ import annotations

import numpy as np
import trimesh
from shapely.geometry import Polygon

from oorkit.assets.procedural import Generator
from oorkit.assets.procedural.food_base import ellipsoid
from oorkit.assets.procedural.kitchen_more import grounded, open_box, pull_spout
from oorkit.assets.procedural.kitchen_parts import (
    bezier,
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
    BROWN,
    CERAMIC,
    DARK_METAL,
    DARK_WOOD,
    GLASS,
    LIGHT_WOOD,
    RED,
    STEEL,
    WHITE,
    WOOD,
    Color,
    assemble,
    box,
    cone,
    cylinder,
    revolve,
    sphere,
    torus,
)

LINEN = (235, 230, 215, 255)
NAPKIN_RED = (175, 45, 55, 255)
MAT_WEAVE = (190, 160, 110, 255)
MAT_DARK = (150, 120, 80, 255)
BRASS = (200, 160, 70, 255)
PORCELAIN = (245, 243, 238, 255)
WICKER = (185, 140, 80, 255)
WICKER_DARK = (150, 105, 55, 255)
GLASS_IN = (212, 232, 242, 255)
SOAP_PINK = (235, 170, 190, 255)
TEAL = (40, 140, 150, 255)
BATH_BLUE = (110, 160, 205, 255)
CARDBOARD = (175, 135, 90, 255)
MIRROR = (175, 200, 215, 255)
RUBBER = (170, 30, 35, 255)
TERRACOTTA = (190, 95, 60, 255)
SOIL = (70, 48, 32, 255)
GALVANISED = (160, 168, 170, 255)
BARROW_GREEN = (45, 120, 70, 255)
TYRE = (35, 35, 38, 255)
MOWER_RED = (200, 45, 35, 255)
SKIN = (240, 195, 160, 255)
GNOME_BLUE = (50, 90, 170, 255)
PATIO_GREY = (90, 92, 96, 255)
WATER = (150, 200, 225, 255)


def _oval(mesh: trimesh.Trimesh, sx: float = 1.0, sz: float = 1.0) -> trimesh.Trimesh:
    """Stretch a part around the y axis into an oval."""
    mesh.apply_scale([sx, 1.0, sz])
    return mesh


def _ring(
    r_in: float, r_out: float, y0: float, y1: float, color: Color, sections: int = 48
) -> trimesh.Trimesh:
    """A closed tube of revolution (annulus between two radii, from height y0 to y1)."""
    loop = [(r_in, y0), (r_out, y0), (r_out, y1), (r_in, y1), (r_in, y0)]
    return outward(revolve(loop, color=color, sections=sections))


def _dish(r: float, h: float, color: Color, well: float = 0.6, sections: int = 56) -> trimesh.Trimesh:
    """A plate-like dish of radius `r` and height `h`: foot ring, flat well and a raised rim."""
    profile = [
        (0, 0.15 * h),
        (0.55 * r, 0.15 * h),
        (0.56 * r, 0),
        (0.62 * r, 0),
        (0.66 * r, 0.2 * h),
        (well * r + 0.1 * r, 0.3 * h),
        (0.96 * r, 0.9 * h),
        (r, h),
        (0.96 * r, h),
        (well * r + 0.08 * r, 0.55 * h),
        (well * r, 0.45 * h),
        (0, 0.45 * h),
    ]
    return outward(revolve(profile, color=color, sections=sections))


# ------------------------------------------------------------------------------------------ dining


def napkin(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Folded cloth napkin lying flat: a soft red rectangle with a pale hem and a fold line."""
    w, d, t = vary(rng, 0.2, 0.1), vary(rng, 0.12, 0.1), vary(rng, 0.01, 0.15)
    body = prism(rounded_rect(w, d, 0.006), t, NAPKIN_RED)
    hem = prism(
        rounded_rect(w, d, 0.006).difference(rounded_rect(w - 0.012, d - 0.012, 0.003)), 0.001, LINEN, start=t
    )
    fold = box((w - 0.01, 0.001, 0.002), (0, t + 0.0005, 0.0), (140, 30, 40, 255))
    return assemble([body, hem, fold])


def placemat(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Woven rectangular placemat with darker stripes and a bound edge."""
    w, d = vary(rng, 0.45, 0.08), vary(rng, 0.32, 0.08)
    mat = prism(rounded_rect(w, d, 0.015), 0.004, MAT_WEAVE)
    parts = [
        mat,
        prism(
            rounded_rect(w, d, 0.015).difference(rounded_rect(w - 0.02, d - 0.02, 0.008)),
            0.0012,
            MAT_DARK,
            start=0.004,
        ),
    ]
    for k in range(-6, 7):
        parts.append(box((0.006, 0.0006, d - 0.03), (k * w / 15, 0.0043, 0), MAT_DARK))
    return assemble(parts)


def candle_holder(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Brass pillar candlestick: round foot, turned stem and a wide empty cup for a pillar candle on top."""
    h, rb = vary(rng, 0.15, 0.12), vary(rng, 0.05, 0.1)
    rc = vary(rng, 0.036, 0.08)
    stem = [
        (0, 0),
        (rb, 0),
        (rb, 0.008),
        (0.6 * rb, 0.02),
        (0.016, 0.045),
        (0.011, 0.35 * h),
        (0.02, 0.42 * h),
        (0.011, 0.5 * h),
        (0.012, h - 0.035),
        (0, h - 0.035),
    ]
    body = outward(revolve(stem, color=BRASS, sections=32))
    cup = shell(
        [(0, h - 0.04), (0.5 * rc, h - 0.04), (0.9 * rc, h - 0.034), (rc, h - 0.02), (rc + 0.004, h)],
        0.003,
        BRASS,
    )
    rim = torus(rc + 0.004, 0.003, (0, h - 0.001, 0), BRASS, axis="y")
    return assemble([body, cup, rim])


def serving_bowl(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Large round serving bowl on a foot ring, teal glaze outside and white inside."""
    r, h = vary(rng, 0.13, 0.1), vary(rng, 0.1, 0.1)
    body = shell(
        [(0, 0.008), (0.45 * r, 0.008), (0.72 * r, 0.25 * h), (0.92 * r, 0.6 * h), (r, h)],
        0.005,
        TEAL,
        sections=64,
    )
    foot = _ring(0.38 * r, 0.45 * r, 0.0, 0.009, TEAL)
    return assemble([two_tone(body, TEAL, PORCELAIN), foot])


def platter(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Oval white serving platter with a raised rim."""
    r, h = vary(rng, 0.2, 0.1), vary(rng, 0.028, 0.12)
    dish = _oval(_dish(r, h, PORCELAIN, well=0.72), 1.0, vary(rng, 0.7, 0.08))
    paint(dish, lambda c, n: (np.hypot(c[:, 0] / r, c[:, 2] / (0.7 * r)) > 0.93) & (n[:, 1] > 0.3), BLUE)
    return assemble([dish])


def saucer(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Small porcelain saucer with a cup ring in its centre and a gold edge."""
    r, h = vary(rng, 0.075, 0.1), vary(rng, 0.018, 0.12)
    dish = _dish(r, h, PORCELAIN, well=0.45)
    paint(dish, lambda c, n: np.hypot(c[:, 0], c[:, 2]) > 0.97 * r, BRASS)
    ring = _ring(0.26 * r, 0.3 * r, 0.45 * h - 0.001, 0.45 * h + 0.002, (225, 222, 215, 255))
    return assemble([dish, ring])


def gravy_boat(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Porcelain gravy boat: an oval footed vessel with a long pouring lip at +x and a handle at -x."""
    r, h = vary(rng, 0.05, 0.1), vary(rng, 0.07, 0.1)
    body = shell(
        [(0, 0.012), (0.5 * r, 0.012), (0.85 * r, 0.3 * h), (r, 0.75 * h), (0.98 * r, h)], 0.003, PORCELAIN
    )
    body = _oval(body, 1.35, 0.9)
    pull_spout(body, h, vary(rng, 0.04, 0.15), 0.45 * h, sharp=4.0)
    foot = _oval(_ring(0.3 * r, 0.5 * r, 0.0, 0.013, PORCELAIN), 1.35, 0.9)
    handle = tube(
        bezier(
            [
                (-1.25 * r, 0.9 * h, 0),
                (-1.35 * r - 0.04, 1.1 * h, 0),
                (-1.35 * r - 0.03, 0.35 * h, 0),
                (-1.2 * r, 0.35 * h, 0),
            ],
            16,
        ),
        0.006,
        PORCELAIN,
        normal_hint=(0, 0, 1),
        aspect=0.7,
    )
    return assemble([body, foot, handle])


def ice_bucket(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Stainless ice bucket with a rolled rim and ring handles at -x and +x."""
    r, h = vary(rng, 0.09, 0.1), vary(rng, 0.2, 0.1)
    body = shell([(0, 0), (0.85 * r, 0), (0.88 * r, 0.01), (r, h)], 0.003, STEEL, sections=56)
    rim = torus(r, 0.004, (0, h, 0), STEEL, axis="y")
    parts = [two_tone(body, STEEL, (205, 208, 212, 255)), rim]
    for s in (1, -1):
        parts.append(
            cylinder(0.008, 0.01, (s * (0.97 * r + 0.004), 0.8 * h, 0), STEEL, axis="x", sections=12)
        )
        parts.append(torus(0.018, 0.003, (s * (0.97 * r + 0.01), 0.8 * h - 0.018, 0), STEEL, axis="x"))
    return assemble(parts)


def cake_stand(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Glass cake stand: a flat round plate on a flared pedestal."""
    r, h = vary(rng, 0.15, 0.1), vary(rng, 0.13, 0.12)
    plate = _ring(0.0, r, h - 0.012, h, GLASS, sections=64)
    lip = torus(r - 0.002, 0.004, (0, h - 0.002, 0), GLASS, axis="y")
    ped = outward(
        revolve(
            [
                (0, 0),
                (0.55 * r, 0),
                (0.5 * r, 0.01),
                (0.12 * r, 0.3 * h),
                (0.08 * r, 0.7 * h),
                (0.25 * r, h - 0.012),
                (0, h - 0.012),
            ],
            color=GLASS,
            sections=40,
        )
    )
    return assemble([plate, lip, ped])


def bread_basket(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Oval woven wicker bread basket, open at the top."""
    r, h = vary(rng, 0.15, 0.1), vary(rng, 0.09, 0.12)
    body = shell([(0, 0), (0.7 * r, 0), (0.85 * r, 0.3 * h), (r, h)], 0.006, WICKER, sections=48)
    _oval(body, 1.0, 0.68)
    paint(
        body,
        lambda c, n: (np.floor(c[:, 1] / 0.012) + np.floor(np.arctan2(c[:, 2], c[:, 0]) * 8)) % 2 == 0,
        WICKER_DARK,
    )
    rim = _oval(torus(r, 0.007, (0, h, 0), WICKER_DARK, axis="y"), 1.0, 0.68)
    return assemble([body, rim])


def carafe(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Straight glass water carafe with a pinched pouring lip at +x."""
    r, h = vary(rng, 0.045, 0.1), vary(rng, 0.24, 0.1)
    body = shell(
        [
            (0, 0),
            (0.9 * r, 0),
            (r, 0.02),
            (r, 0.6 * h),
            (0.8 * r, 0.8 * h),
            (0.72 * r, 0.9 * h),
            (0.8 * r, h),
        ],
        0.003,
        GLASS,
        sections=48,
    )
    body = two_tone(body, GLASS, GLASS_IN)
    pull_spout(body, h, 0.3 * r + 0.012, 0.82 * h)
    water = outward(
        revolve(
            [(0, 0.008), (0.95 * r, 0.008), (0.95 * r, 0.45 * h), (0, 0.45 * h)], color=WATER, sections=32
        )
    )
    return assemble([body, water])


# ---------------------------------------------------------------------------------------- bathroom


def soap_dispenser(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Ceramic liquid-soap dispenser: round bottle, chrome pump collar and a nozzle pointing +x."""
    r, h = vary(rng, 0.034, 0.1), vary(rng, 0.13, 0.1)
    bottle = outward(
        revolve(
            [(0, 0), (0.9 * r, 0), (r, 0.01), (r, 0.75 * h), (0.6 * r, 0.95 * h), (0.4 * r, h), (0, h)],
            color=CERAMIC,
        )
    )
    collar = cylinder(0.4 * r + 0.003, 0.012, (0, h + 0.004, 0), STEEL, sections=24)
    stem = cylinder(0.006, 0.03, (0, h + 0.025, 0), STEEL, sections=12)
    head = box((0.05, 0.016, 0.018), (0.012, h + 0.045, 0), STEEL)
    nozzle = cylinder(0.004, 0.02, (0.045, h + 0.042, 0), STEEL, axis="x", sections=10)
    return assemble([bottle, collar, stem, head, nozzle])


def toothbrush_holder(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Ceramic toothbrush cup with a wavy band, open at the top."""
    r, h = vary(rng, 0.037, 0.1), vary(rng, 0.11, 0.1)
    body = shell([(0, 0), (0.85 * r, 0), (0.9 * r, 0.01), (r, h)], 0.004, BATH_BLUE, floor=0.012)
    paint(
        body,
        lambda c, n: np.abs(c[:, 1] - 0.55 * h - 0.008 * np.sin(6 * np.arctan2(c[:, 2], c[:, 0]))) < 0.006,
        WHITE,
    )
    return assemble([two_tone(body, BATH_BLUE, CERAMIC)])


def shampoo_bottle(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Flattened oval plastic shampoo bottle with a label and a flip-top cap."""
    r, h = vary(rng, 0.034, 0.1), vary(rng, 0.18, 0.1)
    body = _oval(
        outward(
            revolve(
                [(0, 0), (0.9 * r, 0), (r, 0.01), (r, 0.8 * h), (0.85 * r, 0.95 * h), (0.5 * r, h), (0, h)],
                color=TEAL,
            )
        ),
        1.0,
        0.62,
    )
    paint(body, lambda c, n: (np.abs(c[:, 1] - 0.45 * h) < 0.2 * h) & (np.abs(n[:, 2]) > 0.5), WHITE)
    cap = _oval(
        outward(
            revolve(
                [(0, h - 0.002), (0.55 * r, h - 0.002), (0.55 * r, h + 0.025), (0, h + 0.028)], color=WHITE
            )
        ),
        1.0,
        0.9,
    )
    return assemble([body, cap])


def hair_dryer(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Hair dryer standing on its handle: barrel along x with the nozzle at +x, vent at -x."""
    length, r = vary(rng, 0.22, 0.1), vary(rng, 0.043, 0.1)
    hy = vary(rng, 0.16, 0.1)
    cy = hy + r - 0.01
    x0 = -0.4 * length
    barrel = outward(
        revolve(
            [
                (0, 0),
                (0.9 * r, 0),
                (r, 0.02),
                (r, 0.6 * length),
                (0.65 * r, 0.85 * length),
                (0.6 * r, length),
                (0, length),
            ],
            color=BLACK,
        )
    )
    barrel.apply_transform(trimesh.transformations.rotation_matrix(-np.pi / 2, [0, 0, 1]))
    barrel.apply_translation([x0, cy, 0])
    vent = cylinder(0.85 * r, 0.004, (x0 - 0.001, cy, 0), DARK_METAL, axis="x", sections=24)
    handle = tube(
        [(x0 + 0.07, 0.012, 0), (x0 + 0.055, hy / 2, 0), (x0 + 0.05, cy, 0)],
        0.02,
        BLACK,
        sections=16,
        normal_hint=(0, 0, 1),
        aspect=0.8,
    )
    foot = cylinder(0.02, 0.012, (x0 + 0.07, 0.006, 0), BLACK, sections=16)
    switch = box((0.012, 0.03, 0.006), (x0 + 0.06, 0.6 * hy, 0.016), RED)
    return grounded(assemble([barrel, vent, handle, foot, switch]))


def laundry_basket(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Rectangular plastic laundry basket with ventilation slots and hand holes at -x and +x."""
    w, d, h = vary(rng, 0.55, 0.08), vary(rng, 0.38, 0.08), vary(rng, 0.3, 0.1)
    parts = open_box(w, d, h, 0.01, WHITE, radius=0.04, floor=0.012)
    parts.append(
        prism(
            rounded_rect(w + 0.01, d + 0.01, 0.045).difference(rounded_rect(w - 0.02, d - 0.02, 0.03)),
            0.015,
            BATH_BLUE,
            start=h - 0.015,
        )
    )
    for row in range(3):
        y = 0.07 + row * 0.07 * h / 0.3
        for col in range(-3, 4):
            for s in (1, -1):
                parts.append(
                    box(
                        (0.045, 0.02, 0.004),
                        (col * 0.065 * w / 0.55, y, s * (d / 2 + 0.0015)),
                        (200, 205, 212, 255),
                    )
                )
    for s in (1, -1):
        parts.append(box((0.004, 0.03, 0.11), (s * (w / 2 + 0.0015), h - 0.05, 0), (120, 125, 135, 255)))
    return assemble(parts)


def bath_mat(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Soft rectangular bath mat lying on the floor, with a contrasting border."""
    w, d, t = vary(rng, 0.8, 0.1), vary(rng, 0.5, 0.1), vary(rng, 0.015, 0.15)
    outer = rounded_rect(w, d, 0.04)
    inner = rounded_rect(w - 0.08, d - 0.08, 0.02)
    return assemble(
        [prism(outer.difference(inner), t, BATH_BLUE), prism(inner, t * 0.97, (235, 235, 240, 255))]
    )


def toilet_paper(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Toilet paper roll standing on end: soft white paper around a brown cardboard core."""
    r, h = vary(rng, 0.055, 0.08), vary(rng, 0.1, 0.05)
    core = 0.022
    paper = _ring(core + 0.0015, r, 0.0, h, WHITE)
    tube_core = _ring(core, core + 0.0016, 0.0005, h - 0.0005, CARDBOARD)
    tail = box((0.04, 0.5 * h, 0.002), (0.01, 0.5 * h, r + 0.001), WHITE)
    return assemble([paper, tube_core, tail])


def towel_rail(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Chrome wall towel rail: two round wall plates at -z with posts holding a horizontal bar."""
    w = vary(rng, 0.6, 0.12)
    depth = vary(rng, 0.075, 0.1)
    rp = 0.032
    zb = -depth / 2
    parts = [cylinder(0.011, w - 0.02, (0, rp, zb + depth - 0.011), STEEL, axis="x", sections=20)]
    for s in (1, -1):
        x = s * (w / 2 - 0.03)
        parts.append(cylinder(rp, 0.008, (x, rp, zb + 0.004), STEEL, axis="z", sections=24))
        parts.append(
            cylinder(
                0.009, depth - 0.015, (x, rp, zb + (depth - 0.015) / 2 + 0.004), STEEL, axis="z", sections=16
            )
        )
        parts.append(sphere(0.013, (x, rp, zb + depth - 0.011), STEEL, subdivisions=2))
    return grounded(assemble(parts))


def bathroom_scale(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Flat digital bathroom scale: white base, glass platform and a small display near +z."""
    w, d = vary(rng, 0.3, 0.08), vary(rng, 0.3, 0.08)
    base = prism(rounded_rect(w, d, 0.03), 0.02, WHITE)
    top = prism(rounded_rect(w - 0.01, d - 0.01, 0.026), 0.006, (200, 222, 232, 255), start=0.02)
    disp = box((0.07, 0.002, 0.03), (0, 0.027, d / 2 - 0.045), (30, 60, 50, 255))
    pads = [box((0.08, 0.0015, 0.11), (s * 0.07, 0.0265, -0.03), (175, 195, 205, 255)) for s in (1, -1)]
    return assemble([base, top, disp, *pads])


def plunger(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Toilet plunger standing on its red rubber cup with a long wooden handle."""
    r, h = vary(rng, 0.07, 0.1), vary(rng, 0.45, 0.1)
    cup = outward(
        revolve(
            [(0, 0.0), (r, 0.0), (0.95 * r, 0.03), (0.7 * r, 0.065), (0.25 * r, 0.085), (0, 0.09)],
            color=RUBBER,
        )
    )
    stick = cylinder(0.013, h - 0.08, (0, 0.08 + (h - 0.08) / 2, 0), LIGHT_WOOD, sections=16)
    top = sphere(0.014, (0, h - 0.004, 0), LIGHT_WOOD, subdivisions=2)
    return grounded(assemble([cup, stick, top]))


def medicine_cabinet(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Wall-hung bathroom cabinet: white box with a mirrored door facing +z and a small knob."""
    w, h, d = vary(rng, 0.5, 0.1), vary(rng, 0.65, 0.1), vary(rng, 0.13, 0.12)
    body = box((w, h, d - 0.02), (0, h / 2, -0.01), WHITE)
    door = box((w - 0.01, h - 0.01, 0.018), (0, h / 2, d / 2 - 0.011), WHITE)
    glass = box((w - 0.05, h - 0.05, 0.003), (0, h / 2, d / 2 - 0.0005), MIRROR)
    knob = cylinder(0.006, 0.012, (w / 2 - 0.035, h / 2, d / 2 + 0.005), STEEL, axis="z", sections=12)
    return assemble([body, door, glass, knob])


def hairbrush(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Paddle hairbrush lying on its back along x: handle at -x, oval bristle pad facing up at +x."""
    lh, lb, wb = vary(rng, 0.11, 0.1), vary(rng, 0.11, 0.1), vary(rng, 0.07, 0.1)
    x0 = -(lh + lb) / 2
    head = Polygon(
        [
            (x0 + lh + lb / 2 + lb / 2 * np.cos(a), wb / 2 * np.sin(a))
            for a in np.linspace(0, 2 * np.pi, 40, endpoint=False)
        ]
    )
    body = prism(head.union(rounded_rect(lh + 0.02, 0.025, 0.012, cx=x0 + (lh + 0.02) / 2)), 0.014, DARK_WOOD)
    pad = prism(head.buffer(-0.006), 0.004, BLACK, start=0.014)
    parts = [body, pad]
    cx = x0 + lh + lb / 2
    for i in range(-3, 4):
        for j in range(-2, 3):
            x, z = cx + i * lb / 9, j * wb / 7
            if (x - cx) ** 2 / (lb / 2 - 0.01) ** 2 + z**2 / (wb / 2 - 0.01) ** 2 < 1:
                parts.append(cylinder(0.0015, 0.016, (x, 0.026, z), WHITE, sections=6))
    return assemble(parts)


# ------------------------------------------------------------------------------------------ garden


def watering_can(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Galvanised watering can: round body, long spout rising to a rose at +x, arched top handle."""
    r, h = vary(rng, 0.09, 0.1), vary(rng, 0.22, 0.1)
    cx = -0.05
    body = outward(revolve([(0, 0), (r, 0), (r, h), (0.55 * r, h + 0.015), (0, h + 0.015)], color=GALVANISED))
    body.apply_translation([cx, 0, 0])
    fill = _ring(0.03, 0.036, h + 0.01, h + 0.03, GALVANISED)
    fill.apply_translation([cx - 0.2 * r, 0, 0])
    reach = vary(rng, 0.2, 0.12)
    tip = np.array([cx + r + reach, h + 0.06, 0.0])
    spout = tube(
        np.linspace([cx + 0.7 * r, 0.04, 0.0], tip, 10),
        np.linspace(0.016, 0.009, 10),
        GALVANISED,
        sections=12,
    )
    d = tip - np.array([cx + 0.7 * r, 0.04, 0.0])
    d /= np.linalg.norm(d)
    rose = tube([tip - 0.005 * d, tip + 0.03 * d], [0.012, 0.026], GALVANISED, sections=16)
    handle = tube(
        bezier(
            [
                (cx - 0.9 * r, h - 0.02, 0),
                (cx - 0.9 * r, h + 0.09, 0),
                (cx + 0.5 * r, h + 0.09, 0),
                (cx + 0.75 * r, h + 0.005, 0),
            ],
            16,
        ),
        0.009,
        GALVANISED,
        normal_hint=(0, 0, 1),
        aspect=0.6,
    )
    back = tube(
        bezier(
            [
                (cx - 0.98 * r, 0.8 * h, 0),
                (cx - r - 0.05, 0.7 * h, 0),
                (cx - r - 0.04, 0.3 * h, 0),
                (cx - 0.98 * r, 0.25 * h, 0),
            ],
            12,
        ),
        0.008,
        GALVANISED,
        normal_hint=(0, 0, 1),
    )
    bands = [torus(r, 0.003, (cx, y, 0), (130, 138, 140, 255), axis="y") for y in (0.02, h - 0.01)]
    return assemble([body, fill, spout, rose, handle, back, *bands])


def flower_pot(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Terracotta flower pot with a thick rolled rim, partly filled with soil."""
    r, h = vary(rng, 0.1, 0.1), vary(rng, 0.18, 0.1)
    body = shell(
        [(0, 0), (0.7 * r, 0), (0.9 * r, 0.8 * h), (r, 0.8 * h), (r, h)], 0.008, TERRACOTTA, sections=48
    )
    soil = outward(
        revolve([(0, 0.006), (0.6 * r, 0.006), (0.68 * r, 0.45 * h), (0, 0.45 * h)], color=SOIL, sections=32)
    )
    return assemble([body, soil])


def shovel(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Garden spade lying flat: D-grip handle at -x, wooden shaft, pointed steel blade at +x."""
    length, wb = vary(rng, 1.15, 0.08), vary(rng, 0.22, 0.08)
    lb = 0.3 * length / 1.15
    x0, xb = -length / 2, length / 2 - lb
    y = 0.02
    shaft = cylinder(0.017, xb - x0 - 0.1, ((x0 + 0.1 + xb) / 2, y, 0), WOOD, axis="x", sections=16)
    grip = [
        cylinder(0.014, 0.1, (x0 + 0.012, y, 0), BLACK, axis="z", sections=12),
        tube([(x0 + 0.1, y, 0.012), (x0 + 0.03, y, 0.05), (x0 + 0.012, y, 0.05)], 0.01, BLACK, sections=10),
        tube(
            [(x0 + 0.1, y, -0.012), (x0 + 0.03, y, -0.05), (x0 + 0.012, y, -0.05)], 0.01, BLACK, sections=10
        ),
    ]
    outline = Polygon(
        [
            (xb - 0.02, -0.03),
            (xb + 0.04, -wb / 2),
            (xb + 0.8 * lb, -wb / 2),
            (xb + lb, 0),
            (xb + 0.8 * lb, wb / 2),
            (xb + 0.04, wb / 2),
            (xb - 0.02, 0.03),
        ]
    )
    blade = prism(outline, 0.004, GALVANISED, seg=0.02)
    v = np.asarray(blade.vertices).copy()
    v[:, 1] += 1.2 * v[:, 2] ** 2
    blade.vertices = v
    socket = tube([(xb - 0.09, y, 0), (xb + 0.05, 0.012, 0)], [0.02, 0.014], GALVANISED, sections=14)
    return grounded(assemble([shaft, *grip, blade, socket]))


def rake(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Bow rake lying on its back: long wooden handle along x, steel head with tines pointing up at +x."""
    length, wh = vary(rng, 1.45, 0.08), vary(rng, 0.4, 0.1)
    x0, x1 = -length / 2, length / 2
    r = 0.015
    handle = cylinder(r, length - 0.06, (-0.03, r, 0), WOOD, axis="x", sections=16)
    cap = sphere(0.017, (x0 + 0.01, r, 0), BLACK, subdivisions=2)
    head = box((0.02, 0.015, wh), (x1 - 0.01, 0.0075, 0), DARK_METAL)
    parts = [handle, cap, head]
    for s in (1, -1):
        parts.append(
            tube(
                [(x1 - 0.09, r, 0), (x1 - 0.04, 0.012, s * 0.1), (x1 - 0.015, 0.008, s * 0.16)],
                0.005,
                DARK_METAL,
                sections=8,
            )
        )
    n = 14
    for k in range(n):
        z = -wh / 2 + 0.012 + k * (wh - 0.024) / (n - 1)
        parts.append(
            tube(
                [(x1 - 0.01, 0.01, z), (x1 - 0.01, 0.06, z), (x1 - 0.022, 0.085, z)],
                0.0035,
                DARK_METAL,
                sections=6,
            )
        )
    return grounded(assemble(parts))


def wheelbarrow(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Garden wheelbarrow: green steel tray on a wheel at +x, two legs, handles reaching back to -x."""
    lt, wt, dt = vary(rng, 0.85, 0.08), vary(rng, 0.62, 0.08), vary(rng, 0.28, 0.1)
    y0 = 0.32
    cx = 0.05
    parts = open_box(lt, wt, dt, 0.012, BARROW_GREEN, radius=0.08, floor=0.012, y0=0.0)
    tray = assemble(parts)
    v = np.asarray(tray.vertices).copy()
    k = 0.65 + 0.35 * v[:, 1] / dt
    v[:, 0] *= k
    v[:, 2] *= 0.75 + 0.25 * v[:, 1] / dt
    v += np.array([cx, y0, 0.0])
    tray.vertices = v
    rim = prism(
        rounded_rect(lt + 0.02, wt + 0.02, 0.09).difference(rounded_rect(lt - 0.02, wt - 0.02, 0.07)),
        0.018,
        BARROW_GREEN,
        start=y0 + dt - 0.018,
    )
    rim.apply_translation([cx, 0, 0])
    rw = vary(rng, 0.19, 0.08)
    xw = cx + 0.55 * lt
    wheel = [
        torus(rw - 0.03, 0.03, (xw, rw, 0), TYRE, axis="z"),
        cylinder(rw - 0.03, 0.04, (xw, rw, 0), (200, 200, 200, 255), axis="z", sections=24),
    ]
    frame = []
    for s in (1, -1):
        z = s * 0.2
        frame.append(
            tube(
                [
                    (xw, rw, s * 0.035),
                    (xw - 0.2, y0 - 0.01, z),
                    (cx - 0.5 * lt, y0 + 0.03, z),
                    (cx - 0.5 * lt - 0.35, y0 + 0.2, z + s * 0.05),
                ],
                0.016,
                DARK_METAL,
                sections=10,
            )
        )
        frame.append(tube([(cx - 0.25 * lt, y0, z), (cx - 0.3 * lt, 0.0, z)], 0.014, DARK_METAL, sections=10))
        frame.append(
            cylinder(
                0.02,
                0.13,
                (cx - 0.5 * lt - 0.31, y0 + 0.18, z + s * 0.045),
                BLACK,
                axis="x",
                sections=12,
                rotation=(0, 0, 28),
            )
        )
    return grounded(assemble([tray, rim, *wheel, *frame]))


def garden_bench(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Slatted wooden garden bench with cast-iron ends and armrests, backrest at -z, facing +z."""
    w, d = vary(rng, 1.5, 0.1), vary(rng, 0.6, 0.08)
    hs, hb = vary(rng, 0.45, 0.06), vary(rng, 0.82, 0.06)
    parts = []
    for k in range(5):
        z = -d / 2 + 0.08 + k * (d - 0.14) / 4
        parts.append(box((w - 0.06, 0.025, 0.085), (0, hs, z), WOOD))
    for k in range(4):
        y = hs + 0.1 + k * (hb - hs - 0.13) / 3
        parts.append(
            box((w - 0.06, 0.08, 0.022), (0, y, -d / 2 + 0.03 - (y - hs) * 0.12), WOOD, rotation=(-7, 0, 0))
        )
    for s in (1, -1):
        x = s * (w / 2 - 0.02)
        parts.append(box((0.04, hs, 0.05), (x, hs / 2, d / 2 - 0.06), DARK_METAL))
        parts.append(box((0.04, hb, 0.05), (x, hb / 2, -d / 2 + 0.03), DARK_METAL, rotation=(-6, 0, 0)))
        parts.append(box((0.04, 0.04, d - 0.06), (x, hs - 0.03, 0), DARK_METAL))
        parts.append(box((0.06, 0.03, d - 0.05), (x, hs + 0.2, 0.0), DARK_WOOD))
        parts.append(box((0.035, 0.2, 0.035), (x, hs + 0.1, d / 2 - 0.06), DARK_METAL))
    return grounded(assemble(parts))


def lawn_mower(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Push lawn mower: red cutting deck on four wheels, engine on top, handle bar reaching back to -z."""
    w, dd = vary(rng, 0.5, 0.08), vary(rng, 0.55, 0.08)
    hh, reach = vary(rng, 1.0, 0.06), vary(rng, 0.55, 0.1)
    zf = 0.2
    deck = prism(rounded_rect(w, dd, 0.1, cz=zf - dd / 2), 0.12, MOWER_RED, start=0.07)
    parts = [deck]
    for sx in (1, -1):
        for zw in (zf - 0.08, zf - dd + 0.08):
            parts.append(cylinder(0.09, 0.045, (sx * (w / 2 + 0.01), 0.09, zw), TYRE, axis="x", sections=20))
            parts.append(
                cylinder(
                    0.04, 0.05, (sx * (w / 2 + 0.01), 0.09, zw), (190, 190, 190, 255), axis="x", sections=16
                )
            )
    parts.append(cylinder(0.13, 0.14, (0, 0.26, zf - dd / 2), DARK_METAL, sections=28))
    parts.append(cylinder(0.07, 0.04, (0, 0.35, zf - dd / 2), BLACK, sections=20))
    zb = zf - dd
    for s in (1, -1):
        parts.append(
            tube(
                [(s * 0.2, 0.18, zb + 0.05), (s * 0.2, 0.55, zb - 0.25), (s * 0.2, hh - 0.02, zb - reach)],
                0.012,
                DARK_METAL,
                sections=10,
            )
        )
    parts.append(cylinder(0.016, 0.44, (0, hh - 0.02, zb - reach), BLACK, axis="x", sections=12))
    parts.append(box((0.34, 0.28, 0.32), (0, 0.3, zb - 0.14), (70, 75, 80, 255)))
    return grounded(assemble(parts))


def bird_house(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Wooden bird house for hanging on a wall: pitched roof, round entrance and a perch facing +z."""
    w, h, d = vary(rng, 0.16, 0.1), vary(rng, 0.18, 0.1), vary(rng, 0.15, 0.1)
    body = box((w, h, d), (0, h / 2, 0), LIGHT_WOOD)
    gable = Polygon([(-w / 2, h), (w / 2, h), (0, h + 0.45 * w)])
    ends = prism(gable, d, LIGHT_WOOD, plane="xy", start=-d / 2)
    pitch = np.degrees(np.arctan2(0.45 * w, w / 2))
    slope = np.hypot(w / 2, 0.45 * w) + 0.03
    roof = [
        box(
            (slope, 0.014, d + 0.04),
            (s * w / 4 + s * 0.008, h + 0.225 * w + 0.009, 0),
            RED,
            rotation=(0, 0, -s * pitch),
        )
        for s in (1, -1)
    ]
    hole = cylinder(0.019, 0.004, (0, 0.62 * h, d / 2 + 0.001), (30, 22, 15, 255), axis="z", sections=24)
    perch = cylinder(0.005, 0.05, (0, 0.4 * h, d / 2 + 0.025), DARK_WOOD, axis="z", sections=10)
    base = box((w + 0.03, 0.012, d + 0.02), (0, 0.006, 0.01), DARK_WOOD)
    return grounded(assemble([body, ends, *roof, hole, perch, base]))


def planter_box(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Long wooden planter box on short feet, filled with soil below its rim."""
    w, d, h = vary(rng, 0.8, 0.1), vary(rng, 0.26, 0.1), vary(rng, 0.26, 0.1)
    feet = [
        box((0.05, 0.03, 0.05), (sx * (w / 2 - 0.04), 0.015, sz * (d / 2 - 0.04)), DARK_WOOD)
        for sx in (1, -1)
        for sz in (1, -1)
    ]
    parts = open_box(w, d, h - 0.03, 0.02, WOOD, radius=0.005, floor=0.02, y0=0.03)
    for k in range(1, 4):
        y = 0.03 + k * (h - 0.03) / 4
        for s in (1, -1):
            parts.append(box((w + 0.002, 0.004, 0.003), (0, y, s * (d / 2 + 0.001)), DARK_WOOD))
    soil = prism(rounded_rect(w - 0.03, d - 0.03, 0.004), 0.55 * h, SOIL, start=0.04)
    return assemble([*feet, *parts, soil])


def garden_gnome(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Garden gnome facing +z: blue coat, white beard, rosy face and a tall pointed red hat."""
    h = vary(rng, 0.35, 0.1)
    k = h / 0.35
    parts = [
        cylinder(0.07 * k, 0.02 * k, (0, 0.01 * k, 0), (120, 120, 115, 255), sections=24),
        cone(0.075 * k, 0.17 * k, (0, 0.02 * k + 0.085 * k, 0), GNOME_BLUE, sections=24),
        torus(0.05 * k, 0.008 * k, (0, 0.07 * k, 0), BROWN, axis="y"),
        sphere(0.048 * k, (0, 0.19 * k, 0), SKIN, subdivisions=2),
        cone(0.045 * k, 0.09 * k, (0, 0.145 * k, 0.03 * k), WHITE, sections=16, rotation=(180, 0, 0)),
        sphere(0.012 * k, (0, 0.19 * k, 0.048 * k), (235, 140, 130, 255), subdivisions=1),
        cone(
            0.05 * k, 0.13 * k, (0, 0.21 * k + 0.065 * k, -0.005 * k), RED, sections=20, rotation=(-8, 0, 0)
        ),
    ]
    for s in (1, -1):
        parts.append(
            ellipsoid(
                (0.02 * k, 0.012 * k, 0.03 * k), (s * 0.03 * k, 0.026 * k, 0.045 * k), BLACK, subdivisions=1
            )
        )
    return grounded(assemble(parts))


def lawn_chair(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """White plastic patio armchair: seat, slatted back at -z, armrests and four legs, facing +z."""
    w, d = vary(rng, 0.58, 0.06), vary(rng, 0.56, 0.06)
    hs, hb = vary(rng, 0.42, 0.06), vary(rng, 0.85, 0.06)
    seat = prism(rounded_rect(w - 0.04, d - 0.04, 0.05), 0.03, WHITE, start=hs - 0.03)
    parts = [seat]
    for s in (1, -1):
        parts.append(box((0.04, 0.03, d - 0.04), (s * (w / 2 - 0.02), hs + 0.2, 0.0), WHITE))
        for sz in (1, -1):
            zl = sz * (d / 2 - 0.04)
            top = hs + 0.2 if sz > 0 else hb
            parts.append(
                tube(
                    [(s * (w / 2 - 0.02), 0.0, zl + sz * 0.03), (s * (w / 2 - 0.02), top, zl)],
                    0.016,
                    WHITE,
                    sections=10,
                )
            )
    for k in range(5):
        x = -w / 2 + 0.1 + k * (w - 0.2) / 4
        parts.append(
            box((0.06, hb - hs - 0.05, 0.02), (x, (hb + hs) / 2, -d / 2 + 0.04), WHITE, rotation=(-8, 0, 0))
        )
    parts.append(box((w - 0.02, 0.06, 0.025), (0, hb - 0.03, -d / 2 + 0.01), WHITE, rotation=(-8, 0, 0)))
    return grounded(assemble(parts))


def trowel(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Hand trowel lying flat: wooden handle at -x, bent neck and a pointed dished blade at +x."""
    lh, lb, wb = vary(rng, 0.12, 0.1), vary(rng, 0.15, 0.1), vary(rng, 0.075, 0.1)
    x0 = -(lh + lb + 0.03) / 2
    handle = tube(
        np.linspace([x0, 0.017, 0], [x0 + lh, 0.017, 0], 8),
        np.array([0.012, 0.015, 0.016, 0.016, 0.015, 0.014, 0.013, 0.012]),
        LIGHT_WOOD,
        sections=14,
    )
    neck = tube(
        [(x0 + lh, 0.017, 0), (x0 + lh + 0.02, 0.012, 0), (x0 + lh + 0.03, 0.006, 0)],
        0.005,
        STEEL,
        sections=8,
    )
    xb = x0 + lh + 0.03
    outline = Polygon(
        [
            (xb, -0.6 * wb / 2),
            (xb + 0.15 * lb, -wb / 2),
            (xb + 0.6 * lb, -0.85 * wb / 2),
            (xb + lb, 0),
            (xb + 0.6 * lb, 0.85 * wb / 2),
            (xb + 0.15 * lb, wb / 2),
            (xb, 0.6 * wb / 2),
        ]
    )
    blade = prism(outline, 0.002, STEEL, seg=0.01)
    v = np.asarray(blade.vertices).copy()
    v[:, 1] += 16 * v[:, 2] ** 2
    blade.vertices = v
    return grounded(assemble([handle, neck, blade]))


def bird_bath(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Stone bird bath: a round shallow basin of water on a turned pedestal."""
    r, h = vary(rng, 0.25, 0.1), vary(rng, 0.7, 0.08)
    stone = (170, 168, 160, 255)
    ped = outward(
        revolve(
            [(0, 0), (0.18, 0), (0.17, 0.05), (0.08, 0.12), (0.06, 0.5 * h), (0.09, h - 0.12), (0, h - 0.12)],
            color=stone,
            sections=32,
        )
    )
    basin = shell([(0, h - 0.13), (0.4 * r, h - 0.13), (0.8 * r, h - 0.1), (r, h)], 0.025, stone, sections=48)
    water = outward(
        revolve(
            [(0, h - 0.12), (0.72 * r, h - 0.1), (0.78 * r, h - 0.085), (0, h - 0.085)],
            color=WATER,
            sections=32,
        )
    )
    return assemble([ped, basin, water])


def patio_table(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Round metal patio table: slatted-look top with a parasol hole, four splayed legs and a ring."""
    r, h = vary(rng, 0.45, 0.08), vary(rng, 0.72, 0.05)
    top = _ring(0.025, r, h - 0.025, h, PATIO_GREY, sections=56)
    paint(top, lambda c, n: (np.sin(c[:, 0] * 90) > 0.9) & (n[:, 1] > 0.5), (70, 72, 76, 255))
    parts = [top, torus(r, 0.012, (0, h - 0.013, 0), DARK_METAL, axis="y")]
    for k in range(4):
        a = np.pi / 4 + k * np.pi / 2
        parts.append(
            tube(
                [
                    (0.65 * r * np.cos(a), h - 0.03, 0.65 * r * np.sin(a)),
                    (0.85 * r * np.cos(a), 0.0, 0.85 * r * np.sin(a)),
                ],
                0.014,
                DARK_METAL,
                sections=10,
            )
        )
    parts.append(torus(0.72 * r, 0.008, (0, 0.25 * h, 0), DARK_METAL, axis="y"))
    return grounded(assemble(parts))


def barbecue(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Gas barbecue grill: cart with doors at +z, firebox with a rounded hood and two side shelves."""
    w, d = vary(rng, 0.62, 0.08), vary(rng, 0.5, 0.08)
    hc = vary(rng, 0.8, 0.05)
    shelf = vary(rng, 0.28, 0.12)
    zf = d / 2
    parts = [
        box((w, hc - 0.1, d), (0, 0.1 + (hc - 0.1) / 2, 0), BLACK),
        box((w - 0.02, hc - 0.16, 0.01), (0, 0.12 + (hc - 0.16) / 2, zf + 0.005), DARK_METAL),
        box((w, 0.16, d), (0, hc + 0.08, 0), STEEL),
        box((w - 0.04, 0.06, 0.01), (0, hc + 0.06, zf + 0.005), BLACK),
    ]
    hood = outward(revolve([(0, 0), (0.22, 0), (0.22, w), (0, w)], color=STEEL, sections=32))
    hood.apply_transform(trimesh.transformations.rotation_matrix(-np.pi / 2, [0, 0, 1]))
    hood.apply_scale([1.0, 0.7, d / 0.44])
    hood.apply_translation([-w / 2, hc + 0.16, 0])
    v = np.asarray(hood.vertices).copy()
    v[:, 1] = np.maximum(v[:, 1], hc + 0.16)
    hood.vertices = v
    parts.append(hood)
    parts.append(cylinder(0.012, w - 0.12, (0, hc + 0.22, zf + 0.05), STEEL, axis="x", sections=12))
    for x in (-w / 2 + 0.08, w / 2 - 0.08):
        parts.append(cylinder(0.008, 0.05, (x, hc + 0.2, zf + 0.025), STEEL, axis="z", rotation=(30, 0, 0)))
    for k in range(4):
        parts.append(
            cylinder(
                0.018, 0.02, (-0.2 * w + k * 0.13 * w, hc + 0.06, zf + 0.015), STEEL, axis="z", sections=16
            )
        )
    for s in (1, -1):
        parts.append(box((shelf, 0.03, d - 0.04), (s * (w / 2 + shelf / 2), hc + 0.145, 0), DARK_METAL))
        parts.append(cylinder(0.05, 0.04, (s * (w / 2 - 0.05), 0.05, zf - 0.08), TYRE, axis="x", sections=16))
        parts.append(box((0.04, 0.1, 0.04), (s * (w / 2 - 0.05), 0.05, -zf + 0.06), BLACK))
    return grounded(assemble(parts))


GENERATORS: dict[str, Generator] = {
    "napkin": napkin,
    "placemat": placemat,
    "candle_holder": candle_holder,
    "serving_bowl": serving_bowl,
    "platter": platter,
    "saucer": saucer,
    "gravy_boat": gravy_boat,
    "ice_bucket": ice_bucket,
    "cake_stand": cake_stand,
    "bread_basket": bread_basket,
    "carafe": carafe,
    "soap_dispenser": soap_dispenser,
    "toothbrush_holder": toothbrush_holder,
    "shampoo_bottle": shampoo_bottle,
    "hair_dryer": hair_dryer,
    "laundry_basket": laundry_basket,
    "bath_mat": bath_mat,
    "toilet_paper": toilet_paper,
    "towel_rail": towel_rail,
    "bathroom_scale": bathroom_scale,
    "plunger": plunger,
    "medicine_cabinet": medicine_cabinet,
    "hairbrush": hairbrush,
    "watering_can": watering_can,
    "flower_pot": flower_pot,
    "shovel": shovel,
    "rake": rake,
    "wheelbarrow": wheelbarrow,
    "garden_bench": garden_bench,
    "lawn_mower": lawn_mower,
    "bird_house": bird_house,
    "planter_box": planter_box,
    "garden_gnome": garden_gnome,
    "lawn_chair": lawn_chair,
    "trowel": trowel,
    "bird_bath": bird_bath,
    "patio_table": patio_table,
    "barbecue": barbecue,
}

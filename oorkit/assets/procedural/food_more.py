"""Procedural templates: food_more (vegetables, fruit, baked goods and cooked dishes).

Conventions: metres, +y up, front +z, resting with the lowest point on y = 0; elongated items (cucumber,
corn, fish) lie along x with their stalk or tail at -x.
"""

from __future__ import annotations

import numpy as np
import trimesh
from shapely.geometry import Point, Polygon

from oorkit.assets.procedural import Generator
from oorkit.assets.procedural.food_base import ellipsoid, extrude_xz, rotate, sweep
from oorkit.assets.procedural.kitchen_parts import bezier, outward, paint, tube, vary
from oorkit.assets.procedural.primitives import (
    DARK_GREEN,
    GREEN,
    Color,
    assemble,
    box,
    cylinder,
    revolve,
    sphere,
    torus,
)

TOMATO_RED = (215, 45, 35, 255)
ONION_SKIN = (190, 125, 60, 255)
CUKE_GREEN = (45, 105, 45, 255)
PEPPER_RED = (205, 30, 30, 255)
MELON_SKIN = (205, 190, 130, 255)
MELON_NET = (225, 215, 170, 255)
POTATO = (185, 145, 95, 255)
GARLIC = (240, 235, 220, 255)
GARLIC_STREAK = (200, 170, 200, 255)
BROCCOLI = (55, 115, 50, 255)
STALK = (140, 180, 95, 255)
LETTUCE = (150, 200, 95, 255)
LETTUCE_DARK = (95, 160, 70, 255)
PEAR_GREEN = (185, 200, 80, 255)
PEACH = (245, 165, 90, 255)
PEACH_RED = (225, 95, 70, 255)
GRAPE = (95, 45, 110, 255)
PINEAPPLE = (200, 150, 50, 255)
PINEAPPLE_DARK = (150, 100, 35, 255)
AVOCADO = (50, 70, 35, 255)
BERRY_RED = (215, 30, 45, 255)
SEED = (240, 215, 110, 255)
MUSHROOM = (235, 225, 205, 255)
GILLS = (160, 130, 100, 255)
AUBERGINE = (70, 30, 75, 255)
ZUCCHINI = (50, 95, 40, 255)
KERNEL = (245, 205, 70, 255)
HUSK = (180, 200, 110, 255)
BREAD = (240, 215, 165, 255)
CRUST = (185, 120, 55, 255)
HAM = (235, 150, 150, 255)
CHEESE = (248, 200, 70, 255)
PATTY = (100, 60, 35, 255)
BUN = (210, 140, 60, 255)
PIE_CRUST = (215, 160, 85, 255)
PIE_FILL = (165, 45, 55, 255)
LINER = (235, 120, 150, 255)
FROSTING = (250, 235, 240, 255)
CHOCOLATE = (75, 45, 25, 255)
COOKIE = (205, 150, 85, 255)
STEAK = (130, 55, 40, 255)
FAT = (235, 215, 190, 255)
GRILL = (50, 28, 20, 255)
FISH = (170, 180, 190, 255)
FISH_BACK = (70, 90, 110, 255)
ROAST = (190, 115, 45, 255)
ROAST_DARK = (150, 80, 30, 255)
SAUSAGE = (150, 75, 45, 255)
STEM = (90, 60, 30, 255)
BLACK_EYE = (20, 20, 25, 255)


def _fixed(rng: np.random.Generator | None, seed: int) -> np.random.Generator:
    """Random source for decorative scatter: `rng` when given, else a fixed seed (deterministic default)."""
    return rng if rng is not None else np.random.default_rng(seed)


def _grounded(mesh: trimesh.Trimesh) -> trimesh.Trimesh:
    """Shift `mesh` so that its lowest point rests on y = 0."""
    mesh.apply_translation([0.0, -float(mesh.bounds[0, 1]), 0.0])
    return mesh


def _lathe(radius: np.ndarray, height: np.ndarray, color: Color, sections: int = 40) -> trimesh.Trimesh:
    """Closed solid of revolution about +y from radii and heights listed bottom to top (ends on the axis)."""
    r = np.asarray(radius, dtype=float).copy()
    r[0] = r[-1] = 0.0
    return outward(revolve(np.stack([r, height], axis=1).tolist(), color=color, sections=sections))


def _lobed(mesh: trimesh.Trimesh, k: int, amp: float, phase: float = 0.0) -> trimesh.Trimesh:
    """Ribs around the y axis: scale each vertex's distance from the axis by 1 + amp·cos(k·θ)."""
    v = np.asarray(mesh.vertices).copy()
    f = 1 + amp * np.cos(k * np.arctan2(v[:, 2], v[:, 0]) + phase)
    v[:, 0] *= f
    v[:, 2] *= f
    mesh.vertices = v
    return mesh


def _lumpy(mesh: trimesh.Trimesh, amp: float, seed: int) -> trimesh.Trimesh:
    """Smooth random bumps: displace vertices along their direction from the centre."""
    src = np.random.default_rng(seed)
    v = np.asarray(mesh.vertices).copy()
    c = v.mean(0)
    d = v - c
    k = src.normal(size=(4, 3)) * 40
    ph = src.uniform(0, 2 * np.pi, 4)
    bump = sum(np.sin(d @ k[i] + ph[i]) for i in range(4)) / 4
    mesh.vertices = c + d * (1 + amp * bump)[:, None]
    return mesh


def _star(n: int, outer: float, inner: float, cx: float = 0.0, cz: float = 0.0) -> Polygon:
    """A star-shaped calyx outline with `n` points in the (x, z) plane."""
    a = np.linspace(0, 2 * np.pi, 2 * n, endpoint=False)
    r = np.where(np.arange(2 * n) % 2 == 0, outer, inner)
    return Polygon(np.stack([cx + r * np.cos(a), cz + r * np.sin(a)], axis=1))


def _along_x(mesh: trimesh.Trimesh, sign: float = 1.0) -> trimesh.Trimesh:
    """Lay a part built along +y down so that its +y end points to `sign`·x."""
    return rotate(mesh, (0, 0, -90 * sign))


def tomato(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Ripe round tomato, slightly ribbed, with a green star calyx and stem on top."""
    r, h = vary(rng, 0.035, 0.1), vary(rng, 0.055, 0.1)
    t = np.linspace(0, np.pi, 24)
    body = _lobed(_lathe(r * np.sin(t) ** 0.8, h / 2 * (1 - np.cos(t)), TOMATO_RED), 6, 0.035)
    calyx = extrude_xz(_star(5, 0.017, 0.005), h - 0.002, h + 0.0015, GREEN)
    stem = cylinder(0.0022, 0.008, (0, h + 0.004, 0), DARK_GREEN, sections=8)
    return assemble([body, calyx, stem])


def onion(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Brown onion: round bulb tapering into a dry pointed neck, with a root tuft underneath."""
    r, h = vary(rng, 0.04, 0.1), vary(rng, 0.085, 0.1)
    t = np.linspace(0, 1, 26)
    rad = r * np.sin(np.pi * np.clip(t / 0.82, 0, 1)) ** 0.7 * (1 - 0.25 * t)
    rad = np.where(t > 0.82, 0.006 * (1 - t) / 0.18 + 0.001, rad)
    body = _lathe(rad, 0.004 + t * (h - 0.004), ONION_SKIN)
    paint(body, lambda c, n: np.sin(np.arctan2(c[:, 2], c[:, 0]) * 9) > 0.85, (170, 100, 45, 255))
    roots = cylinder(0.008, 0.004, (0, 0.002, 0), (215, 195, 150, 255), sections=12)
    return assemble([body, roots])


def cucumber(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Dark green cucumber lying along x with small warts and a stalk end at -x."""
    length, r = vary(rng, 0.2, 0.12), vary(rng, 0.022, 0.1)
    s = np.linspace(-1, 1, 28)
    path = np.stack([s * length / 2, np.zeros_like(s), 0.006 * (1 - s**2)], axis=1)
    body = sweep(path, r * np.sqrt(np.clip(1 - np.abs(s) ** 5, 0, 1)) + 0.002, CUKE_GREEN, sides=16)
    src = np.random.default_rng(2)
    warts = []
    for _ in range(14):
        x, a = src.uniform(-0.38, 0.38) * length, src.uniform(0, 2 * np.pi)
        warts.append(
            sphere(0.0018, (x, r * np.sin(a), r * np.cos(a) + 0.005), (90, 140, 70, 255), subdivisions=1)
        )
    nub = cylinder(0.003, 0.008, (-length / 2 - 0.002, 0, 0.0), STEM, axis="x", sections=8)
    return _grounded(assemble([body, *warts, nub]))


def bell_pepper(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Red bell pepper: four-lobed blocky body, dimpled shoulders and a curved green stem."""
    r, h = vary(rng, 0.043, 0.1), vary(rng, 0.088, 0.1)
    t = np.linspace(0, 1, 24)
    rad = (
        r
        * (0.55 + 0.45 * np.sin(np.pi * np.clip(t * 1.4, 0, 1) / 2))
        * np.where(t > 0.85, 1 - (t - 0.85) * 4, 1)
    )
    y = h * t - 0.012 * np.clip((t - 0.9) / 0.1, 0, 1)
    prof_r = np.concatenate([[0.0, 0.5 * r], rad[1:], [0.15 * r, 0.0]])
    prof_y = np.concatenate([[0.006, 0.0], y[1:], [h - 0.014, h - 0.015]])
    body = _lobed(
        outward(revolve(np.stack([prof_r, prof_y], 1).tolist(), color=PEPPER_RED, sections=48)), 4, 0.09
    )
    stem = tube(
        bezier([(0, h - 0.016, 0), (0, h + 0.01, 0), (0.006, h + 0.016, 0), (0.014, h + 0.018, 0)], 8),
        0.0045,
        GREEN,
        sections=10,
    )
    cap = extrude_xz(_star(5, 0.013, 0.008), h - 0.016, h - 0.012, GREEN)
    return assemble([body, stem, cap])


def melon(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Round cantaloupe melon with a pale netted rind and a stem scar."""
    r = vary(rng, 0.075, 0.1)
    body = sphere(r, (0, 0.93 * r, 0), MELON_SKIN, scale=(1, 0.93, 1), subdivisions=4)

    def net(c: np.ndarray, n: np.ndarray) -> np.ndarray:
        k = 60.0
        return (np.abs(np.sin(k * c[:, 0]) + np.sin(k * c[:, 1] + 1) + np.sin(k * c[:, 2] + 2))) < 0.5

    paint(body, net, MELON_NET)
    paint(body, lambda c, n: np.cos(10 * np.arctan2(c[:, 2], c[:, 0])) > 0.93, (185, 175, 115, 255))
    stem = cylinder(0.006, 0.008, (0, 1.86 * r + 0.002, 0), STEM, sections=10)
    return assemble([body, stem])


def potato(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Lumpy brown potato lying along x, with a few dark eyes."""
    a, b, c = vary(rng, 0.05, 0.12), vary(rng, 0.027, 0.1), vary(rng, 0.033, 0.1)
    body = _lumpy(ellipsoid((a, b, c), (0, 0, 0), POTATO, subdivisions=3), 0.06, 4)
    eyes = [
        ellipsoid((0.003, 0.0015, 0.003), (x * a, y * b, z * c), (110, 80, 50, 255), subdivisions=1)
        for x, y, z in ((0.5, 0.82, 0.1), (-0.4, 0.7, -0.5), (0.75, 0.2, 0.62), (-0.7, 0.3, 0.6))
    ]
    return _grounded(assemble([body, *eyes]))


def garlic(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Garlic bulb: papery white cloves bulging around a pointed top, purple streaks and a root disc."""
    r, h = vary(rng, 0.03, 0.1), vary(rng, 0.06, 0.1)
    t = np.linspace(0, 1, 22)
    rad = r * np.sin(np.pi * np.clip(t / 0.8, 0, 1) * 0.92 + 0.15) ** 0.8
    rad = np.where(t > 0.78, r * 0.3 * (1 - t) / 0.22 + 0.0015, rad)
    body = _lobed(_lathe(rad, 0.003 + t * (h - 0.003), GARLIC, sections=56), 8, 0.07)
    paint(body, lambda c, n: np.cos(8 * np.arctan2(c[:, 2], c[:, 0])) < -0.8, GARLIC_STREAK)
    root = cylinder(0.01, 0.003, (0, 0.0015, 0), (200, 185, 150, 255), sections=12)
    return assemble([body, root])


def broccoli(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Broccoli head: a pale stalk branching into a dome of dark green florets."""
    h = vary(rng, 0.15, 0.1)
    stalk = cylinder(0.016, 0.08, (0, 0.04, 0), STALK, sections=16)
    parts = [stalk]
    src = np.random.default_rng(8)
    top = h - 0.03
    for k in range(11):
        if k == 0:
            d = np.array([0.0, 1.0, 0.0])
        else:
            a = 2 * np.pi * k / 10 + src.uniform(-0.2, 0.2)
            el = np.radians(35 if k % 2 else 60)
            d = np.array([np.cos(a) * np.cos(el), np.sin(el), np.sin(a) * np.cos(el)])
        c = np.array([0.0, top - 0.035, 0.0]) + d * 0.035
        rr = 0.026 if k == 0 else 0.022
        parts.append(tube([(0, 0.07, 0), tuple(c)], 0.006, STALK, sections=8))
        parts.append(_lumpy(sphere(rr, tuple(c), BROCCOLI, subdivisions=2), 0.05, k))
    return _grounded(assemble(parts))


def lettuce(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Head of lettuce: a pale round heart wrapped in darker cupped outer leaves."""
    r = vary(rng, 0.075, 0.1)
    heart = _lumpy(sphere(r, (0, 0.85 * r, 0), LETTUCE, scale=(1, 0.85, 1), subdivisions=3), 0.04, 3)
    parts = [heart]
    for k in range(7):
        a = 2 * np.pi * k / 7
        leaf = ellipsoid((0.72 * r, 0.72 * r, 0.1 * r), (0, 0, 0), LETTUCE_DARK, subdivisions=2)
        rotate(leaf, (-15, 0, 0))
        leaf.apply_translation([0, 0.75 * r, 0.82 * r])
        rotate(leaf, (0, np.degrees(a), 0))
        parts.append(leaf)
    return _grounded(assemble(parts))


def pear(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Yellow-green pear: round bottom, slender neck and a brown stem."""
    r, h = vary(rng, 0.037, 0.1), vary(rng, 0.1, 0.1)
    prof = bezier(
        [(0, 0), (0.9 * r, 0), (1.35 * r, 0.35 * h), (0.5 * r, 0.6 * h), (0.45 * r, 0.95 * h), (0, h)], 24
    )
    body = _lathe(prof[:, 0], prof[:, 1], PEAR_GREEN)
    top = float(prof[-1, 1])
    stem = tube(
        [(0, top - 0.004, 0), (0.002, top + 0.01, 0), (0.005, top + 0.018, 0)], 0.0018, STEM, sections=8
    )
    return assemble([body, stem])


def peach(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Round peach with a seam crease down one side, a blushing red top and a small leaf."""
    r = vary(rng, 0.036, 0.1)
    body = sphere(r, (0, 0, 0), PEACH, scale=(1, 0.96, 1), subdivisions=3)
    v = np.asarray(body.vertices).copy()
    crease = np.exp(-((v[:, 2] / (0.12 * r)) ** 2)) * (v[:, 0] > 0) * (v[:, 1] > -0.6 * r)
    body.vertices = v * (1 - 0.07 * crease)[:, None]
    paint(body, lambda c, n: c[:, 1] > 0.15 * r, PEACH_RED)
    body.apply_translation([0, -float(body.bounds[0, 1]), 0])
    top = float(body.bounds[1, 1])
    stem = cylinder(0.0015, 0.005, (0, top + 0.001, 0), STEM, sections=8)
    leaf = ellipsoid((0.014, 0.0012, 0.006), (0.01, top + 0.003, 0.002), GREEN, (0, -20, 15), 1)
    return assemble([body, stem, leaf])


def grapes(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Bunch of purple grapes lying along x: the stalk at -x, the bunch tapering to a point at +x."""
    length = vary(rng, 0.15, 0.12)
    src = np.random.default_rng(6)
    parts = []
    for u in np.linspace(0, 1, 44):
        x = -0.45 * length + 0.85 * length * u
        reach = 0.036 * (1 - u) ** 0.8 + 0.006
        a = src.uniform(0, 2 * np.pi)
        rho = reach * np.sqrt(src.uniform(0.1, 1))
        centre = (x, 0.7 * rho * np.sin(a), rho * np.cos(a))
        parts.append(sphere(0.0105, centre, GRAPE, scale=(1.1, 1, 1), subdivisions=1))
    stalk = tube(
        [(-0.58 * length, 0.012, 0), (-0.5 * length, 0.006, 0), (-0.42 * length, 0.0, 0)],
        0.002,
        STEM,
        sections=6,
    )
    return _grounded(assemble([*parts, stalk]))


def pineapple(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Pineapple: oval diamond-patterned fruit with a crown of spiky green leaves."""
    r, h = vary(rng, 0.06, 0.1), vary(rng, 0.18, 0.1)
    t = np.linspace(0, np.pi, 26)
    body = _lathe(r * np.sin(t) ** 0.75, h / 2 * (1 - np.cos(t)), PINEAPPLE, sections=36)

    def diamonds(c: np.ndarray, n: np.ndarray) -> np.ndarray:
        th = np.arctan2(c[:, 2], c[:, 0])
        return np.sin(9 * th + c[:, 1] * 110) * np.sin(9 * th - c[:, 1] * 110) > 0.35

    paint(body, diamonds, PINEAPPLE_DARK)
    parts = [body]
    length = vary(rng, 0.12, 0.12)
    for k in range(14):
        a = 2 * np.pi * k / 7 + (0.4 if k >= 7 else 0.0)
        tilt = np.radians(18 if k >= 7 else 38)
        ln = length * (1.0 if k >= 7 else 0.75)
        d = np.array([np.cos(a) * np.sin(tilt), np.cos(tilt), np.sin(a) * np.sin(tilt)])
        base = np.array([0.0, h - 0.008, 0.0])
        s = np.linspace(0, 1, 6)[:, None]
        path = base + s * ln * d - np.array([0, 1, 0]) * 0.15 * ln * s**2 * np.sin(tilt)
        parts.append(tube(path, np.linspace(0.009, 0.0012, 6), DARK_GREEN, sections=6, aspect=0.35))
    return assemble(parts)


def avocado(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Dark green pebbly avocado lying on its side along x, the narrow stem end at -x."""
    r, length = vary(rng, 0.035, 0.1), vary(rng, 0.11, 0.1)
    prof = bezier(
        [
            (0, 0),
            (0.9 * r, 0),
            (1.3 * r, 0.4 * length),
            (0.6 * r, 0.75 * length),
            (0.45 * r, length),
            (0, length),
        ],
        24,
    )
    body = _lumpy(_lathe(prof[:, 0], prof[:, 1], AVOCADO, sections=32), 0.015, 5)
    stem = cylinder(0.003, 0.006, (0, length + 0.002, 0), STEM, sections=8)
    mesh = assemble([body, stem])
    _along_x(mesh, -1.0)
    return _grounded(mesh)


def strawberry(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Red strawberry lying on its side: seeded cone body, tip at +x, green leafy calyx at -x."""
    r, length = vary(rng, 0.017, 0.1), vary(rng, 0.04, 0.1)
    prof = bezier(
        [
            (0, 0),
            (0.2 * r, 0),
            (0.9 * r, 0.35 * length),
            (1.15 * r, 0.85 * length),
            (0.7 * r, length),
            (0, length),
        ],
        20,
    )
    body = _lathe(prof[:, 0], prof[:, 1], BERRY_RED, sections=32)

    def seeds(c: np.ndarray, n: np.ndarray) -> np.ndarray:
        th = np.arctan2(c[:, 2], c[:, 0])
        row = np.floor(c[:, 1] / (length / 9)).astype(int)
        return (np.floor((th + np.pi) / (2 * np.pi) * 32).astype(int) + 2 * row) % 5 == 0

    paint(body, seeds, SEED)
    top = float(prof[-1, 1])
    calyx = extrude_xz(_star(6, 0.95 * r, 0.4 * r), top - 0.002, top + 0.0008, GREEN)
    stem = cylinder(0.0015, 0.008, (0, top + 0.004, 0), GREEN, sections=6)
    mesh = assemble([body, calyx, stem])
    _along_x(mesh, -1.0)
    return _grounded(mesh)


def mushroom(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Button mushroom: short white stem under a domed cap with brown gills underneath."""
    r, h = vary(rng, 0.03, 0.1), vary(rng, 0.055, 0.1)
    stem = cylinder(0.011, 0.55 * h, (0, 0.275 * h, 0), MUSHROOM, sections=20)
    y0 = 0.4 * h
    cap = _lathe(
        np.array([0, 0.9 * r, r, 0.95 * r, 0.75 * r, 0.4 * r, 0]),
        np.array(
            [y0 + 0.004, y0, y0 + 0.006, y0 + 0.3 * (h - y0), y0 + 0.65 * (h - y0), y0 + 0.93 * (h - y0), h]
        ),
        MUSHROOM,
    )
    paint(cap, lambda c, n: n[:, 1] < -0.5, GILLS)
    return assemble([stem, cap])


def eggplant(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Glossy purple eggplant lying along x: bulbous end at +x, green calyx and stem at -x."""
    length, r = vary(rng, 0.2, 0.1), vary(rng, 0.038, 0.1)
    s = np.linspace(0, 1, 26)
    path = np.stack([-length / 2 + s * length, 0.01 * np.sin(np.pi * s), np.zeros_like(s)], axis=1)
    rad = r * (0.45 + 0.55 * s**0.9) * np.sqrt(np.clip(1 - s**8, 0, 1)) + 0.004
    body = sweep(path, rad, AUBERGINE, sides=18)
    calyx = ellipsoid((0.02, 0.026, 0.026), (-length / 2 + 0.008, 0.0, 0.0), GREEN, subdivisions=2)
    stem = cylinder(0.005, 0.03, (-length / 2 - 0.018, 0, 0), GREEN, axis="x", sections=8)
    return _grounded(assemble([body, calyx, stem]))


def zucchini(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Zucchini lying along x: long dark green body with pale speckled stripes, stem at -x."""
    length, r = vary(rng, 0.2, 0.1), vary(rng, 0.022, 0.1)
    s = np.linspace(-1, 1, 26)
    path = np.stack([s * length / 2, np.zeros_like(s), np.zeros_like(s)], axis=1)
    rad = r * (0.85 + 0.15 * (s + 1) / 2) * np.sqrt(np.clip(1 - np.abs(s) ** 6, 0, 1)) + 0.002
    body = sweep(path, rad, ZUCCHINI, sides=16)
    paint(body, lambda c, n: np.sin(np.arctan2(c[:, 2], c[:, 1]) * 5) > 0.8, (110, 150, 80, 255))
    stem = cylinder(0.006, 0.014, (-length / 2 - 0.005, 0, 0), (120, 140, 80, 255), axis="x", sections=8)
    return _grounded(assemble([body, stem]))


def corn(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Corn on the cob lying along x: rows of yellow kernels, husk leaves peeled back at -x."""
    length, r = vary(rng, 0.18, 0.1), vary(rng, 0.024, 0.1)
    s = np.linspace(-1, 1, 30)
    path = np.stack([s * length / 2, np.zeros_like(s), np.zeros_like(s)], axis=1)
    rad = r * (1 - 0.3 * (s + 1) / 2) * np.sqrt(np.clip(1 - np.abs(s) ** 6, 0, 1)) + 0.003
    cob = sweep(path, rad, KERNEL, sides=20)

    def gaps(c: np.ndarray, n: np.ndarray) -> np.ndarray:
        return np.floor(c[:, 0] / 0.006).astype(int) % 3 == 0

    paint(cob, gaps, (225, 175, 45, 255))
    parts = [cob, cylinder(0.01, 0.025, (-length / 2 - 0.01, 0, 0), HUSK, axis="x", sections=10)]
    base = np.array([-length / 2 + 0.012, 0.0, 0.0])
    for k, side in enumerate((-1.0, 1.0, 0.0)):
        u = np.linspace(0, 1, 6)[:, None]
        leaf = base + u * np.array([-0.075, 0.0, 0.0]) + u**0.7 * np.array([0.0, 0.003 * k, 0.032 * side])
        parts.append(
            tube(leaf, np.linspace(0.013, 0.003, 6), HUSK, sections=8, normal_hint=(0, 0, 1), aspect=0.2)
        )
    return _grounded(assemble(parts))


def sandwich(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Square sandwich: two slices of white bread with lettuce, ham, cheese and tomato between them."""
    w = vary(rng, 0.11, 0.08)
    t = vary(rng, 0.013, 0.12)
    parts = [box((w, t, w), (0, t / 2, 0), BREAD)]
    y = t
    lettuce = Point(0, 0).buffer(w * 0.62, quad_segs=12)
    parts.append(
        extrude_xz(
            lettuce.intersection(Polygon([(-w, -w), (w, -w), (w, w), (-w, w)]).buffer(0)),
            y,
            y + 0.003,
            LETTUCE,
        )
    )
    y += 0.003
    parts.append(box((w - 0.004, 0.005, w - 0.004), (0, y + 0.0025, 0), HAM))
    y += 0.005
    parts.append(box((w - 0.01, 0.003, w - 0.01), (0, y + 0.0015, 0), CHEESE, rotation=(0, 12, 0)))
    y += 0.003
    for sx in (-1, 1):
        for sz in (-1, 1):
            parts.append(
                cylinder(0.022, 0.004, (sx * w * 0.24, y + 0.002, sz * w * 0.24), TOMATO_RED, sections=20)
            )
    y += 0.004
    parts.append(box((w, t, w), (0, y + t / 2, 0), BREAD))
    for face in (1, -1):
        parts.append(box((w + 0.002, t + 0.001, 0.003), (0, t / 2, face * w / 2), CRUST))
        parts.append(box((w + 0.002, t + 0.001, 0.003), (0, y + t / 2, face * w / 2), CRUST))
    return assemble(parts)


def burger(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Hamburger: sesame bun, beef patty, melted cheese, lettuce and tomato."""
    r = vary(rng, 0.052, 0.08)
    parts = [_lathe(np.array([0, 0.9 * r, r, r, 0]), np.array([0, 0, 0.006, 0.018, 0.018]), BUN)]
    parts.append(cylinder(r + 0.002, 0.014, (0, 0.025, 0), PATTY, sections=40))
    cheese = box((1.7 * r, 0.003, 1.7 * r), (0, 0.0335, 0), CHEESE, rotation=(0, 45, 0))
    parts.append(cheese)
    a = np.linspace(0, 2 * np.pi, 60, endpoint=False)
    rr = r + 0.006 + 0.004 * np.sin(9 * a)
    parts.append(extrude_xz(Polygon(np.stack([rr * np.cos(a), rr * np.sin(a)], 1)), 0.035, 0.039, LETTUCE))
    parts.append(cylinder(0.85 * r, 0.007, (0, 0.0425, 0), TOMATO_RED, sections=32))
    parts.append(_bun_top(r, 0.046, 0.042))
    src = np.random.default_rng(9)
    for _ in range(16):
        a0, u = src.uniform(0, 2 * np.pi), src.uniform(0.1, 0.75)
        x, z = u * r * np.cos(a0), u * r * np.sin(a0)
        y = 0.046 + 0.042 * np.sqrt(max(1 - u**2, 0.0))
        parts.append(
            ellipsoid((0.0035, 0.0012, 0.002), (x, y, z), (245, 235, 200, 255), (0, np.degrees(a0), 0), 1)
        )
    return assemble(parts)


def _bun_top(r: float, y0: float, height: float) -> trimesh.Trimesh:
    """Domed top bun of radius `r` sitting at `y0`."""
    t = np.linspace(0, np.pi / 2, 12)
    rad = np.concatenate([[0.0, r], (r * np.cos(t))[1:]])
    y = np.concatenate([[y0, y0], y0 + height * np.sin(t)[1:]])
    return _lathe(rad, y, BUN)


def pie(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Fruit pie in a tin: a crimped golden crust rim and a lattice top over red filling."""
    r, h = vary(rng, 0.115, 0.08), vary(rng, 0.045, 0.12)
    tin = _lathe(
        np.array([0, 0.85 * r, r, r, 0]), np.array([0, 0, 0.7 * h, 0.72 * h, 0.72 * h]), (170, 172, 176, 255)
    )
    fill = cylinder(0.95 * r, 0.004, (0, 0.72 * h + 0.002, 0), PIE_FILL, sections=48)
    rim = _lobed(torus(0.95 * r, 0.012, (0, 0.8 * h, 0), PIE_CRUST, axis="y"), 24, 0.012)
    parts = [tin, fill, rim]
    for k in range(-3, 4):
        off = k * 0.26 * r
        ln = 2 * np.sqrt(max((0.95 * r) ** 2 - off**2, 1e-6))
        parts.append(box((ln, 0.005, 0.016), (0, 0.72 * h + 0.006, off), PIE_CRUST))
        parts.append(box((0.016, 0.005, ln), (off, 0.72 * h + 0.011, 0), PIE_CRUST))
    return assemble(parts)


def cupcake(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Cupcake: a fluted pink paper liner, a muffin top, a swirl of white frosting and a cherry."""
    r, h = vary(rng, 0.026, 0.08), vary(rng, 0.035, 0.1)
    liner = _lobed(
        _lathe(np.array([0, 0.78 * r, r, 0]), np.array([0, 0, h, h]), LINER, sections=48), 16, 0.03
    )
    muffin = _lathe(
        np.array([0, 1.1 * r, 1.15 * r, 0.6 * r, 0]),
        np.array([h - 0.002, h - 0.002, h + 0.006, h + 0.014, h + 0.016]),
        (185, 120, 70, 255),
    )
    parts = [liner, muffin]
    y0, fh = h + 0.01, vary(rng, 0.04, 0.1)
    u = np.linspace(0, 1, 30)
    frost_r = 0.95 * r * (1 - u) ** 0.7 * (1 + 0.12 * np.sin(u * 5 * np.pi))
    parts.append(_lathe(frost_r, y0 + fh * u, FROSTING, sections=32))
    parts.append(sphere(0.008, (0, y0 + fh + 0.006, 0), (190, 20, 40, 255), subdivisions=2))
    return _grounded(assemble(parts))


def croissant(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Golden crescent-shaped croissant, horns bending toward -z, with rolled layers."""
    big, thick = vary(rng, 0.055, 0.1), vary(rng, 0.024, 0.1)
    a = np.linspace(-1.2, 1.2, 30)
    path = np.stack([big * np.sin(a), np.zeros_like(a), big * np.cos(a) - big * 0.7], axis=1)
    u = a / 1.2
    rad = thick * (1 - 0.75 * np.abs(u) ** 1.6) + 0.002
    body = sweep(path, rad, (215, 150, 60, 255), sides=16, flat=0.75)
    paint(body, lambda c, n: np.sin(np.arctan2(c[:, 0], c[:, 2] + big * 0.7) * 14) > 0.7, (175, 105, 40, 255))
    return _grounded(assemble([body]))


def cookie(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Round chocolate-chip cookie with a domed top."""
    r, h = vary(rng, 0.035, 0.1), vary(rng, 0.011, 0.12)
    body = _lathe(
        np.array([0, 0.95 * r, r, 0.92 * r, 0.5 * r, 0]), np.array([0, 0, 0.4 * h, 0.85 * h, h, h]), COOKIE
    )
    src = _fixed(rng, 12)
    chips = []
    for _ in range(9):
        a, u = src.uniform(0, 2 * np.pi), np.sqrt(src.uniform(0.02, 0.75))
        x, z = u * r * np.cos(a), u * r * np.sin(a)
        y = h if u < 0.5 else h - (u - 0.5) * 0.3 * h / 0.37
        chips.append(
            ellipsoid((0.004, 0.0022, 0.0035), (x, y - 0.0005, z), CHOCOLATE, (0, np.degrees(a), 0), 1)
        )
    return assemble([body, *chips])


def steak(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Grilled steak: an irregular brown slab with a pale fat edge and dark grill marks on top."""
    w, d, h = vary(rng, 0.19, 0.1), vary(rng, 0.12, 0.1), vary(rng, 0.026, 0.12)
    a = np.linspace(0, 2 * np.pi, 40, endpoint=False)
    rr = 1 + 0.08 * np.sin(3 * a + 0.5) + 0.05 * np.sin(5 * a)
    outline = Polygon(np.stack([w / 2 * rr * np.cos(a), d / 2 * rr * np.sin(a)], 1)).buffer(0)
    meat = outline.buffer(-0.006)
    parts = [extrude_xz(outline.difference(meat), 0.0, h - 0.002, FAT), extrude_xz(meat, 0.0, h, STEAK)]
    for k in range(-2, 3):
        parts.append(box((0.006, 0.0012, 0.5 * d), (k * 0.032, h, 0.0), GRILL, rotation=(0, 40, 0)))
    return assemble(parts)


def fish(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Whole fish lying on its side along x: head and eye at +x, forked tail at -x, dark back at +z."""
    length, depth = vary(rng, 0.24, 0.1), vary(rng, 0.042, 0.1)
    s = np.linspace(0, 1, 28)
    path = np.stack([-length / 2 + s * length, np.zeros_like(s), 0.004 * np.sin(np.pi * s)], axis=1)
    rad = depth * np.sin(np.pi * np.clip(s * 0.92 + 0.06, 0, 1)) ** 0.8 + 0.003
    rad = np.where(s < 0.15, depth * 0.35 + (rad - depth * 0.35) * s / 0.15, rad)
    body = sweep(path, rad, FISH, sides=16, flat=0.38)
    paint(body, lambda c, n: c[:, 2] > 0.45 * depth, FISH_BACK)
    x0 = -length / 2
    tail = Polygon([(x0 + 0.01, 0.0), (x0 - 0.055, 0.04), (x0 - 0.04, 0.0), (x0 - 0.055, -0.04)])
    fin = Polygon([(-0.03, depth * 0.8), (0.03, depth * 0.8), (-0.045, depth * 1.45)])
    parts = [
        body,
        extrude_xz(tail, -0.002, 0.002, FISH_BACK),
        extrude_xz(fin, -0.0015, 0.0015, FISH_BACK),
        sphere(0.0055, (length / 2 - 0.03, 0.38 * depth * 0.7, 0.004), BLACK_EYE, subdivisions=1),
    ]
    return _grounded(assemble(parts))


def roast_chicken(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Whole roast chicken: a golden-brown body, drumsticks with bone ends toward +z, tucked wings."""
    a, b, c = vary(rng, 0.085, 0.08), vary(rng, 0.058, 0.1), vary(rng, 0.1, 0.08)
    body = ellipsoid((a, b, c), (0, b, 0), ROAST, subdivisions=3)
    paint(body, lambda cc, n: n[:, 1] < -0.3, ROAST_DARK)
    parts = [body]
    for s in (1, -1):
        parts.append(ellipsoid((0.035, 0.032, 0.05), (s * 0.055, 0.045, 0.06), ROAST, (25, s * 10, 0)))
        parts.append(
            tube(
                [(s * 0.055, 0.06, 0.1), (s * 0.045, 0.07, 0.12), (s * 0.04, 0.074, 0.128)],
                0.006,
                FAT,
                sections=10,
            )
        )
        parts.append(sphere(0.009, (s * 0.04, 0.075, 0.13), FAT, subdivisions=1))
        parts.append(ellipsoid((0.022, 0.02, 0.05), (s * 0.08, 0.06, -0.02), ROAST_DARK, (0, s * 15, 0)))
    return _grounded(assemble(parts))


def sausage(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Browned sausage lying along x, slightly curved, with twisted ends."""
    length, r = vary(rng, 0.14, 0.1), vary(rng, 0.013, 0.1)
    s = np.linspace(-1, 1, 24)
    path = np.stack([s * length / 2, np.zeros_like(s), 0.012 * (1 - s**2)], axis=1)
    body = sweep(path, r * np.sqrt(np.clip(1 - np.abs(s) ** 8, 0, 1)) + 0.002, SAUSAGE, sides=16)
    paint(body, lambda c, n: (n[:, 1] > 0.6) & (np.sin(c[:, 0] * 220) > 0.7), (95, 45, 25, 255))
    ends = [
        sphere(0.0035, (sx * (length / 2 + 0.002), 0, 0), (110, 55, 30, 255), subdivisions=1)
        for sx in (1, -1)
    ]
    return _grounded(assemble([body, *ends]))


GENERATORS: dict[str, Generator] = {
    "tomato": tomato,
    "onion": onion,
    "cucumber": cucumber,
    "bell_pepper": bell_pepper,
    "melon": melon,
    "potato": potato,
    "garlic": garlic,
    "broccoli": broccoli,
    "lettuce": lettuce,
    "pear": pear,
    "peach": peach,
    "grapes": grapes,
    "pineapple": pineapple,
    "avocado": avocado,
    "strawberry": strawberry,
    "mushroom": mushroom,
    "eggplant": eggplant,
    "zucchini": zucchini,
    "corn": corn,
    "sandwich": sandwich,
    "burger": burger,
    "pie": pie,
    "cupcake": cupcake,
    "croissant": croissant,
    "cookie": cookie,
    "steak": steak,
    "fish": fish,
    "roast_chicken": roast_chicken,
    "sausage": sausage,
}

"""Procedural templates for hand tools, a toolbox and a bucket (merged into food.GENERATORS).

Hand tools lie flat on the surface with their long axis along x, grip at -x and working end at +x;
the lowest point is at y = 0.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import trimesh
from shapely import affinity
from shapely.geometry import Point, Polygon
from shapely.geometry import box as shp_box

from oorkit.assets.procedural.food_base import ellipsoid, extrude_xz, rotate, sweep
from oorkit.assets.procedural.food_base import vary as _v
from oorkit.assets.procedural.primitives import (
    BLACK,
    BLUE,
    DARK_METAL,
    RED,
    STEEL,
    WOOD,
    assemble,
    box,
    capsule,
    colored,
    cone,
    cylinder,
    extrude,
    revolve,
    torus,
)

BRASS = (200, 165, 70, 255)
TOOL_RED = (205, 45, 35, 255)


def _on_ground(mesh: trimesh.Trimesh) -> trimesh.Trimesh:
    """Translate `mesh` so its lowest point sits at y = 0."""
    mesh.apply_translation([0, -mesh.bounds[0][1], 0])
    return mesh


def hammer(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Claw hammer lying flat: wooden handle at -x, steel head at +x, striking face +z, claw -z."""
    length, head_r = _v(rng, 0.32), _v(rng, 0.0145, 0.1)
    hx = length / 2 - 0.01  # head centre x
    s = np.linspace(0, 1, 16)
    path = np.stack([-length / 2 + s * (hx + length / 2), np.zeros_like(s), np.zeros_like(s)], axis=1)
    rad = 0.016 - 0.003 * np.sin(np.pi * np.clip(s * 1.3, 0, 1)) + 0.002 * (s < 0.06)
    parts = [sweep(path, rad, WOOD, sides=16, flat=0.75)]
    parts.append(box((0.03, 2 * head_r * 0.95, 0.04), (hx, 0, 0), DARK_METAL))
    face_len = _v(rng, 0.045, 0.1)
    parts.append(cylinder(head_r * 0.85, face_len, (hx, 0, 0.02 + face_len / 2 - 0.01), STEEL, axis="z"))
    parts.append(cylinder(head_r, 0.012, (hx, 0, 0.02 + face_len - 0.006), STEEL, axis="z"))
    # Claw: a tapered, curved, split blade sweeping back toward -x.
    n = 14
    t = np.linspace(0, 1, n)
    cx = hx - 0.028 * t**2
    cz = -0.015 - 0.05 * t
    wid = 0.015 - 0.008 * t
    left = [(x - w, z) for x, z, w in zip(cx, cz, wid, strict=True)]
    right = [(x + w, z) for x, z, w in zip(cx, cz, wid, strict=True)]
    claw = Polygon(left + right[::-1]).buffer(0.001)
    notch = Polygon([(cx[-1] - 0.004, cz[-1] - 0.01), (cx[-1] + 0.004, cz[-1] - 0.01), (cx[5], cz[5])])
    claw = claw.difference(notch)
    parts.append(extrude_xz(claw, -head_r * 0.7, head_r * 0.7, STEEL))
    return _on_ground(assemble(parts))


def nail(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Steel nail lying along x: flat head at -x, point at +x."""
    length, head_r, shank_r = _v(rng, 0.06, 0.15), _v(rng, 0.004, 0.1), _v(rng, 0.0013, 0.1)
    tip = 0.2 * length / 1.0 * 0.1 + 0.004
    parts = [
        cylinder(head_r, 0.0012, (-length / 2 + 0.0006, 0, 0), STEEL, axis="x", sections=24),
        cylinder(
            shank_r,
            length - tip - 0.001,
            (-length / 2 + 0.001 + (length - tip - 0.001) / 2, 0, 0),
            STEEL,
            axis="x",
            sections=12,
        ),
        cone(shank_r, tip, (length / 2 - tip / 2, 0, 0), STEEL, axis="x", sections=12),
    ]
    return _on_ground(assemble(parts))


def screwdriver(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Flat-head screwdriver lying along x: red and black handle at -x, steel shaft and blade tip at +x."""
    hl, hr, sl = _v(rng, 0.1, 0.1), _v(rng, 0.015, 0.1), _v(rng, 0.11, 0.15)
    prof = [
        (0.0, 0.0),
        (0.7 * hr, 0.0),
        (0.95 * hr, 0.006),
        (hr, 0.02),
        (0.96 * hr, 0.6 * hl),
        (0.8 * hr, 0.85 * hl),
        (0.55 * hr, 0.97 * hl),
        (0.5 * hr, hl),
        (0.0, hl),
    ]
    handle = revolve(prof, color=TOOL_RED, sections=40)
    rotate(handle, (0, 0, -90))  # revolve axis +y → +x: butt at x = 0
    handle.apply_translation([-(hl + sl) / 2, 0, 0])
    x0 = -(hl + sl) / 2
    parts = [handle, ellipsoid((0.004, 0.7 * hr, 0.7 * hr), (x0 + 0.001, 0, 0), BLACK, subdivisions=2)]
    for k in range(6):  # black rubber grip ridges
        ang = np.radians(60 * k + 30)
        pos = (x0 + 0.45 * hl, 0.9 * hr * np.cos(ang), 0.9 * hr * np.sin(ang))
        parts.append(capsule(0.0025, 0.45 * hl, pos, BLACK, axis="x"))
    parts.append(cylinder(0.5 * hr + 0.001, 0.008, (x0 + hl, 0, 0), STEEL, axis="x", sections=20))
    sx0 = x0 + hl
    tip_len = 0.012
    parts.append(
        cylinder(0.003, sl - tip_len, (sx0 + (sl - tip_len) / 2, 0, 0), STEEL, axis="x", sections=16)
    )
    blade = [
        (0.0, -0.003),
        (tip_len * 0.6, -0.0035),
        (tip_len, -0.0034),
        (tip_len, 0.0034),
        (tip_len * 0.6, 0.0035),
        (0.0, 0.003),
    ]
    tipm = extrude(blade, 0.0012, (0, 0, 0), STEEL, axis="z")
    m = tipm.copy()
    rotate(m, (90, 0, 0))  # lay the flat blade horizontally (wide along z)
    m.apply_translation([sx0 + sl - tip_len, 0, 0])
    parts.append(m)
    parts.append(
        extrude(
            [(0.0, -0.003), (tip_len, -0.0007), (tip_len, 0.0007), (0.0, 0.003)],
            0.006,
            (sx0 + sl - tip_len, 0, 0),
            STEEL,
            axis="z",
        )
    )
    return _on_ground(assemble(parts))


def wrench(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Combination spanner lying flat: ring end at -x, open jaw end at +x."""
    length, open_r, ring_r = _v(rng, 0.21, 0.12), _v(rng, 0.027, 0.1), _v(rng, 0.021, 0.1)
    jaw = open_r * 0.72
    xo, xr = length / 2, -length / 2
    shaft = Polygon([(xr, -0.007), (xo, -0.009), (xo, 0.009), (xr, 0.007)])
    head_o = Point(xo, 0).buffer(open_r, 32)
    slot = shp_box(0, -jaw / 2, 0.06, jaw / 2).union(Point(0, 0).buffer(jaw / 2, 16))
    slot = affinity.translate(affinity.rotate(slot, 15, origin=(0, 0)), xo + 0.004, 0)
    head_r = Point(xr, 0).buffer(ring_r, 32)
    hole = Polygon(
        [
            (xr + 0.55 * ring_r * np.cos(a), 0.55 * ring_r * np.sin(a))
            for a in np.linspace(0, 2 * np.pi, 12, endpoint=False)
        ]
    )
    ring = head_r.difference(hole)
    thick = _v(rng, 0.0095, 0.1)
    body = extrude_xz(shaft.difference(head_o).difference(head_r), 0.001, thick - 0.001, STEEL)
    heads = extrude_xz(head_o.difference(slot), 0.0, thick, STEEL)
    ringm = extrude_xz(ring, 0.0, thick, STEEL)
    groove = extrude_xz(
        shp_box(xr + ring_r * 1.3, -0.003, xo - open_r * 1.3, 0.003),
        thick - 0.0012,
        thick - 0.0005,
        (150, 153, 158, 255),
    )
    return _on_ground(assemble([body, heads, ringm, groove]))


def saw(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Hand saw lying flat: wooden D-grip handle at -x, toothed steel blade to +x with teeth toward +z."""
    bl, root_w, tip_w = _v(rng, 0.44, 0.12), _v(rng, 0.125, 0.1), _v(rng, 0.045, 0.15)
    x0, x1, zt = -0.11, -0.11 + bl, root_w / 2
    pitch, depth = 0.006, 0.004
    n = int((x1 - x0 - 0.01) / pitch)
    teeth = []
    for k in range(n):
        xa = x1 - 0.005 - k * pitch
        teeth += [(xa, zt), (xa - pitch * 0.7, zt + depth)]
    blade = Polygon(
        [(x0, -root_w / 2), (x1 - 0.01, zt - tip_w), (x1, zt - tip_w + 0.01), (x1, zt), *teeth, (x0, zt)]
    )
    yb = 0.01
    parts = [extrude_xz(blade, yb - 0.0007, yb + 0.0007, STEEL)]
    outer = Polygon(
        [(-0.08, -0.07), (-0.08, 0.07), (-0.16, 0.072), (-0.21, 0.04), (-0.215, -0.02), (-0.185, -0.07)]
    ).buffer(0.006)
    hole = Polygon(
        [(-0.115, -0.045), (-0.115, 0.035), (-0.16, 0.045), (-0.19, 0.02), (-0.185, -0.03), (-0.155, -0.05)]
    ).buffer(0.004)
    grip_colour = WOOD if rng is None else [WOOD, TOOL_RED, (40, 90, 170, 255)][int(rng.integers(3))]
    parts.append(extrude_xz(outer.difference(hole), 0.0, 2 * yb, grip_colour))
    for x, z in [(-0.095, 0.05), (-0.095, -0.05), (-0.1, 0.0)]:
        parts.append(cylinder(0.0045, 2 * yb + 0.002, (x, yb, z), BRASS, sections=16))
    return _on_ground(assemble(parts))


def toolbox(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Red metal toolbox with a lid, front latches at +z and a black carry handle on top."""
    w, h, d = _v(rng, 0.45, 0.12), _v(rng, 0.13, 0.12), _v(rng, 0.2, 0.12)
    lid_h = 0.032
    colour = (
        TOOL_RED
        if rng is None
        else [TOOL_RED, BLUE, (50, 120, 60, 255), (40, 40, 45, 255)][int(rng.integers(4))]
    )
    parts = [
        box((w, h, d), (0, h / 2, 0), colour),
        box((w + 0.004, 0.006, d + 0.004), (0, h, 0), DARK_METAL),
        box((w + 0.006, lid_h, d + 0.006), (0, h + lid_h / 2 + 0.002, 0), colour),
    ]
    for x in (-0.32 * w, 0.32 * w):
        parts.append(box((0.035, 0.045, 0.008), (x, h, d / 2 + 0.006), STEEL))
        parts.append(box((0.02, 0.02, 0.006), (x, h - 0.006, d / 2 + 0.011), DARK_METAL))
    for x in (-0.3 * w, 0.3 * w):
        parts.append(cylinder(0.006, 0.05, (x, h + 0.002, -d / 2 - 0.004), DARK_METAL, axis="x", sections=12))
    top = h + lid_h + 0.002
    for x in (-0.2 * w, 0.2 * w):
        parts.append(box((0.016, 0.04, 0.022), (x, top + 0.018, 0), DARK_METAL))
    parts.append(capsule(0.012, 0.4 * w, (0, top + 0.042, 0), BLACK, axis="x"))
    parts.append(box((0.6 * w, 0.003, 0.6 * d), (0, top, 0), (235, 235, 235, 255)))
    return assemble(parts)


def bucket(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Open tapered pail with a rolled rim, side ridges and a wire bail handle with a black grip."""
    rb, rt, h, wall = _v(rng, 0.115, 0.1), _v(rng, 0.145, 0.1), _v(rng, 0.24, 0.12), 0.005
    colour = (
        BLUE if rng is None else [BLUE, RED, (160, 165, 170, 255), (240, 200, 40, 255)][int(rng.integers(4))]
    )
    prof = [(0.0, 0.0), (rb, 0.0), (rt, h), (rt - wall, h), (rb - wall, wall), (0.0, wall)]
    parts = [revolve(prof, color=colour, sections=64)]
    parts.append(torus(rt, 0.007, (0, h - 0.004, 0), colour))
    for f in (0.3, 0.6):
        parts.append(torus(rb + (rt - rb) * f + 0.001, 0.003, (0, h * f, 0), colour))
    ear_y = h - 0.03
    ear_x = rb + (rt - rb) * ear_y / h + 0.004
    for sgn in (-1, 1):
        parts.append(cylinder(0.014, 0.012, (sgn * ear_x, ear_y, 0), colour, axis="x"))
    bail = torus(ear_x + 0.006, 0.003, (0, 0, 0), STEEL, axis="z", arc=np.pi)
    rise = 0.45 if rng is None else rng.uniform(0.35, 0.5)
    bail = colored(bail.apply_scale([1, rise, 1]), STEEL)
    bail.apply_translation([0, ear_y, 0])
    parts.append(bail)
    grip_y = ear_y + (ear_x + 0.006) * rise
    parts.append(cylinder(0.01, 0.09, (0, grip_y, 0), BLACK, axis="x", sections=16))
    return assemble(parts)


GENERATORS: dict[str, Callable[[np.random.Generator | None], trimesh.Trimesh]] = {
    "hammer": hammer,
    "nail": nail,
    "screwdriver": screwdriver,
    "wrench": wrench,
    "saw": saw,
    "toolbox": toolbox,
    "bucket": bucket,
}

"""Procedural templates: workshop tools, sports gear and toys.

Metres, +y up, front toward +z, lowest point at y = 0. Hand tools lie along x with the handle at -x and
the working end (jaws, blade, head, bristles) at +x; vehicles and figures face +z.
"""

from __future__ import annotations

import numpy as np
import trimesh

from oorkit.assets.procedural import Generator
from oorkit.assets.procedural.household_parts import ellipse, puffy, slab
from oorkit.assets.procedural.office_parts import pick, rbox, rod, settle, v
from oorkit.assets.procedural.play_parts import tube
from oorkit.assets.procedural.primitives import (
    BLACK,
    BLUE,
    DARK_METAL,
    DARK_WOOD,
    GREEN,
    LIGHT_WOOD,
    ORANGE,
    RED,
    STEEL,
    WHITE,
    WOOD,
    YELLOW,
    Color,
    box,
    capsule,
    cone,
    cylinder,
    extrude,
    revolve,
    sphere,
    torus,
)

Rng = np.random.Generator | None

TOOL_COLORS = [YELLOW, (230, 90, 30, 255), (40, 120, 200, 255), (200, 30, 35, 255)]
RUBBER = (40, 40, 44, 255)
LEATHER = (140, 90, 50, 255)
SKIN = (240, 200, 170, 255)
PINK = (240, 150, 170, 255)
CUBE_COLORS = [WHITE, YELLOW, RED, ORANGE, BLUE, GREEN]
BRISTLE = (225, 205, 165, 255)


def _along_x(mesh: trimesh.Trimesh) -> trimesh.Trimesh:
    """Turn a mesh revolved about +y so that its axis runs along +x (the profile's top ends up at +x)."""
    mesh.apply_transform(trimesh.transformations.rotation_matrix(-np.pi / 2, [0, 0, 1]))
    return mesh


# ------------------------------------------------------------------------------------------------ tools


def drill(rng: Rng = None) -> trimesh.Trimesh:
    """Cordless drill standing on its battery: pistol grip, motor body along x, chuck and bit at +x."""
    c = pick(rng, TOOL_COLORS)
    body_len = v(rng, 0.17, 0.1)
    grip_h = v(rng, 0.12, 0.1)
    bat_h = 0.045
    body_y = bat_h + grip_h + 0.03
    bx = -0.1
    parts = [
        rbox((0.08, bat_h, 0.075), (bx + 0.01, bat_h / 2, 0), RUBBER, 0.01, "y"),
        rbox((0.04, grip_h + 0.02, 0.035), (bx + 0.02, bat_h + grip_h / 2, 0), RUBBER, 0.012, "z"),
        capsule(0.032, body_len - 0.064, (bx + body_len / 2 - 0.01, body_y, 0), c, axis="x"),
        box((0.012, 0.02, 0.012), (bx + 0.05, body_y - 0.04, 0), BLACK),
        cylinder(0.018, 0.04, (bx + body_len + 0.005, body_y, 0), DARK_METAL, axis="x", sections=16),
        cone(0.018, 0.015, (bx + body_len + 0.032, body_y, 0), DARK_METAL, axis="x", sections=16),
        cylinder(0.003, 0.05, (bx + body_len + 0.06, body_y, 0), STEEL, axis="x", sections=8),
    ]
    return settle(parts)


def pliers(rng: Rng = None) -> trimesh.Trimesh:
    """Combination pliers lying flat: two rubber-gripped handles at -x, pivot, serrated steel jaws at +x."""
    length = v(rng, 0.2, 0.1)
    grip = pick(rng, [RED, BLUE, YELLOW, (230, 90, 30, 255)])
    hl = 0.62 * length
    x0 = -length / 2
    px = x0 + hl
    parts = []
    for s in (-1, 1):
        parts.append(
            tube(
                [(x0, 0.006, s * 0.026), (x0 + hl * 0.5, 0.006, s * 0.016), (px, 0.006, s * 0.006)],
                0.0065,
                grip,
            )
        )
    parts += [
        cylinder(0.012, 0.012, (px, 0.006, 0), STEEL, sections=20),
        extrude(
            [(px, -0.011), (px + length * 0.38, -0.003), (px + length * 0.38, 0.003), (px, 0.011)],
            0.01,
            (0, 0.006, 0),
            STEEL,
            axis="y",
        ),
    ]
    return settle(parts)


def spirit_level(rng: Rng = None) -> trimesh.Trimesh:
    """Spirit level standing on its long edge: a bar with a hand hole and three bubble vials facing +z."""
    length, h = v(rng, 0.6, 0.15), v(rng, 0.06, 0.1)
    c = pick(rng, [YELLOW, (200, 30, 35, 255), (40, 120, 200, 255), STEEL])
    d = 0.025
    outline = [(-length / 2, 0.0), (length / 2, 0.0), (length / 2, h), (-length / 2, h)]
    hole = ellipse(0.07 * length, 0.22 * h, 24, 0.15 * length, 0.5 * h)[::-1]
    parts = [
        slab(outline, d, (0, 0, 0), c, holes=[hole], plane="xy"),
        box((0.03, h * 1.02, d * 1.05), (-length / 2 + 0.015, h / 2, 0), RUBBER),
        box((0.03, h * 1.02, d * 1.05), (length / 2 - 0.015, h / 2, 0), RUBBER),
    ]
    for x in (-0.3, 0.0, 0.36):
        parts.append(box((0.05, 0.022, 0.004), (x * length, h / 2, d / 2 + 0.001), BLACK))
        parts.append(
            cylinder(
                0.007, 0.035, (x * length, h / 2, d / 2 + 0.003), (150, 220, 80, 255), axis="x", sections=12
            )
        )
    return settle(parts)


def paintbrush(rng: Rng = None) -> trimesh.Trimesh:
    """Flat paintbrush lying along x: wooden handle at -x, metal ferrule, bristles at +x."""
    length = v(rng, 0.25, 0.12)
    width = v(rng, 0.05, 0.2)
    handle_c = pick(rng, [LIGHT_WOOD, RED, BLUE, BLACK])
    x0 = -length / 2
    hl = 0.55 * length
    prof = [(0, 0), (0.008, 0.004), (0.009, hl * 0.3), (0.007, hl * 0.7), (0.01, hl), (0, hl)]
    handle = _along_x(revolve(prof, color=handle_c, sections=16))
    handle.apply_scale([1.0, 1.0, 1.4])
    handle.apply_translation([x0, 0, 0])
    fl = 0.18 * length
    bl = length - hl - fl
    parts = [
        handle,
        rbox((fl, 0.014, width), (x0 + hl + fl / 2, 0, 0), STEEL, 0.006, "x"),
        extrude(
            [(0, -0.006), (bl, -0.002), (bl, 0.002), (0, 0.006)],
            width * 0.96,
            (x0 + hl + fl, 0, 0),
            BRISTLE,
            axis="z",
        ),
    ]
    return settle(parts)


def paint_can(rng: Rng = None) -> trimesh.Trimesh:
    """Open paint can: steel tin with a rolled rim, paint inside, a label band and a wire bail handle."""
    r, h = v(rng, 0.085, 0.1), v(rng, 0.19, 0.1)
    paint = pick(rng, [(60, 110, 190, 255), WHITE, (200, 40, 40, 255), (90, 160, 90, 255)])
    t = 0.003
    prof = [
        (0, 0),
        (r, 0),
        (r, h - 0.006),
        (r + 0.003, h - 0.003),
        (r, h),
        (r - t, h),
        (r - t, 0.006),
        (0, 0.006),
    ]
    label = [(r, h * 0.15), (r + 0.0015, h * 0.15), (r + 0.0015, h * 0.7), (r, h * 0.7), (r, h * 0.15)]
    parts = [
        revolve(prof, color=STEEL, sections=40),
        revolve(label, color=paint, sections=40),  # a label band: a thin shell around the wall
        cylinder(r - t - 0.0005, 0.004, (0, h * 0.7, 0), paint, sections=40),  # the paint inside
    ]
    bail = torus(r + 0.006, 0.002, (0, 0, 0), DARK_METAL, axis="z", arc=np.pi)
    bail.apply_translation([0, h * 0.75, 0])
    parts.append(bail)
    for s in (-1, 1):
        parts.append(cylinder(0.008, 0.004, (s * (r + 0.002), h * 0.75, 0), STEEL, axis="x", sections=12))
    return settle(parts)


def mallet(rng: Rng = None) -> trimesh.Trimesh:
    """Rubber mallet lying flat: wooden handle at -x, a cylindrical head across it (along z) at +x."""
    length = v(rng, 0.3, 0.1)
    head_r, head_l = v(rng, 0.035, 0.12), v(rng, 0.12, 0.1)
    head_c = pick(rng, [RUBBER, (230, 230, 225, 255), DARK_WOOD, (200, 40, 40, 255)])
    x0 = -length / 2
    hx = length / 2 - head_r
    parts = [
        cylinder(0.012, hx - x0, (x0 + (hx - x0) / 2, head_r, 0), LIGHT_WOOD, axis="x", sections=16),
        cylinder(head_r, head_l, (hx, head_r, 0), head_c, axis="z", sections=32),
    ]
    return settle(parts)


def chisel(rng: Rng = None) -> trimesh.Trimesh:
    """Wood chisel lying along x: wooden handle at -x, a flat steel blade bevelled to an edge at +x."""
    length = v(rng, 0.25, 0.12)
    handle_c = pick(rng, [WOOD, (230, 200, 40, 255), (40, 120, 200, 255), (200, 30, 35, 255)])
    bw = v(rng, 0.02, 0.3)
    x0 = -length / 2
    hl = 0.45 * length
    prof = [(0, 0), (0.012, 0.002), (0.015, hl * 0.5), (0.013, hl * 0.9), (0.008, hl), (0, hl)]
    handle = _along_x(revolve(prof, color=handle_c, sections=20))
    handle.apply_translation([x0, 0.015, 0])
    bl = length - hl - 0.01
    blade = extrude(
        [(0, 0.003), (bl * 0.85, 0.003), (bl, -0.003), (0, -0.003)],
        bw,
        (x0 + hl + 0.01, 0.015, 0),
        STEEL,
        axis="z",
    )
    parts = [handle, cylinder(0.006, 0.012, (x0 + hl + 0.004, 0.015, 0), STEEL, axis="x", sections=12), blade]
    return settle(parts)


def flashlight(rng: Rng = None) -> trimesh.Trimesh:
    """Torch lying along x: knurled tube body, a switch on top, the wider head with its lens at +x."""
    length = v(rng, 0.2, 0.15)
    c = pick(rng, [BLACK, (200, 30, 35, 255), (40, 120, 200, 255), STEEL])
    r = 0.014
    hr = 0.02
    prof = [(0, 0), (r, 0), (r, 0.7 * length), (hr, 0.8 * length), (hr, length), (0, length)]
    body = _along_x(revolve(prof, color=c, sections=24))
    body.apply_translation([-length / 2, hr, 0])
    parts = [
        body,
        cylinder(hr * 0.85, 0.002, (length / 2 + 0.001, hr, 0), (240, 240, 200, 255), axis="x", sections=24),
        box((0.015, 0.005, 0.008), (-length * 0.1, hr + r, 0), RUBBER),
    ]
    return settle(parts)


def ladder(rng: Rng = None) -> trimesh.Trimesh:
    """Aluminium A-frame step ladder standing open: front flight with flat steps, rear legs, top cap."""
    h = v(rng, 1.6, 0.12)
    w = v(rng, 0.5, 0.1)
    d = v(rng, 0.75, 0.1)
    rail = pick(rng, [STEEL, (210, 212, 215, 255), (200, 160, 60, 255)])
    top = np.array([0.0, h - 0.03, 0.0])
    parts = [box((w * 0.9, 0.04, 0.18), (0, h - 0.02, 0), (200, 60, 40, 255))]
    for s in (-1, 1):
        x = s * (w / 2 - 0.02)
        parts.append(rod((x * 0.9, top[1], 0.04), (x, 0.0, d / 2), 0.015, rail, sections=10))
        parts.append(rod((x * 0.9, top[1], -0.04), (x, 0.0, -d / 2), 0.015, rail, sections=10))
    n_steps = 4
    for k in range(1, n_steps + 1):
        f = k / (n_steps + 1)
        y = top[1] * (1 - f)
        z = 0.04 + (d / 2 - 0.04) * f
        parts.append(box((w * (0.88 + 0.1 * f), 0.02, 0.09), (0, y, z - 0.02), rail))
    parts.append(rod((-w / 2, 0.5, -d / 2 + 0.12), (w / 2, 0.5, -d / 2 + 0.12), 0.01, rail, sections=8))
    return settle(parts)


def workbench(rng: Rng = None) -> trimesh.Trimesh:
    """Workshop bench: thick wooden top on four square legs, a lower shelf and a vice at the front left."""
    w, h, d = v(rng, 1.5, 0.12), v(rng, 0.9, 0.06), v(rng, 0.65, 0.1)
    top_c = pick(rng, [LIGHT_WOOD, WOOD, (190, 160, 120, 255)])
    frame = pick(rng, [WOOD, DARK_METAL, (40, 90, 150, 255)])
    tt = 0.05
    parts = [box((w, tt, d - 0.06), (0, h - tt / 2, -0.03), top_c)]
    for sx in (-1, 1):
        for sz in (-1, 1):
            parts.append(
                box(
                    (0.07, h - tt, 0.07),
                    (sx * (w / 2 - 0.06), (h - tt) / 2, sz * (d / 2 - 0.09) - 0.03),
                    frame,
                )
            )
    parts.append(box((w - 0.12, 0.025, d - 0.15), (0, 0.18, -0.03), top_c))
    parts.append(box((w - 0.12, 0.08, 0.025), (0, h - tt - 0.04, d / 2 - 0.08), frame))
    vx = -w / 2 + 0.2
    parts += [
        box((0.18, 0.08, 0.04), (vx, h - 0.04, d / 2 - 0.02), DARK_METAL),
        cylinder(0.008, 0.08, (vx, h - 0.04, d / 2 + 0.0), STEEL, axis="z", sections=10),
        cylinder(0.006, 0.12, (vx, h - 0.04, d / 2 - 0.02), STEEL, axis="x", sections=8),
    ]
    return settle(parts)


def utility_knife(rng: Rng = None) -> trimesh.Trimesh:
    """Box cutter lying flat: ribbed plastic handle at -x, a thumb slider, the snap-off blade out at +x."""
    length = v(rng, 0.16, 0.1)
    c = pick(rng, [YELLOW, (230, 90, 30, 255), BLUE, BLACK])
    bl = 0.3 * length
    hl = length - bl
    x0 = -length / 2
    parts = [
        rbox((hl, 0.014, 0.026), (x0 + hl / 2, 0.007, 0), c, 0.008, "y"),
        box((hl * 0.5, 0.004, 0.01), (x0 + hl * 0.55, 0.015, 0), RUBBER),
        box((0.012, 0.006, 0.008), (x0 + hl * 0.7, 0.018, 0), DARK_METAL),
        extrude(
            [(0, -0.008), (bl, -0.002), (bl * 0.8, 0.009), (0, 0.009)],
            0.002,
            (x0 + hl, 0.007, 0),
            STEEL,
            axis="y",
        ),
    ]
    return settle(parts)


# ----------------------------------------------------------------------------------------------- sports


def hockey_stick(rng: Rng = None) -> trimesh.Trimesh:
    """Ice hockey stick lying flat: taped grip at -x, a long shaft, the blade at +x angled toward +z."""
    length = v(rng, 1.5, 0.08)
    c = pick(rng, [BLACK, (230, 230, 225, 255), (200, 30, 35, 255), (40, 90, 170, 255)])
    blade_l = v(rng, 0.3, 0.1)
    x0 = -length / 2
    shaft_end = length / 2 - blade_l * 0.7
    parts = [
        box((shaft_end - x0, 0.025, 0.03), ((shaft_end + x0) / 2, 0.015, 0), c),
        box((0.12, 0.027, 0.032), (x0 + 0.07, 0.015, 0), WHITE),
    ]
    blade = box((blade_l, 0.03, 0.018), (blade_l / 2, 0, 0), c)
    blade.apply_transform(trimesh.transformations.rotation_matrix(np.radians(-42), [0, 1, 0]))
    blade.apply_translation([shaft_end - 0.01, 0.015, 0])
    tape = box((blade_l * 0.6, 0.032, 0.02), (blade_l * 0.55, 0, 0), BLACK if c != BLACK else WHITE)
    tape.apply_transform(trimesh.transformations.rotation_matrix(np.radians(-42), [0, 1, 0]))
    tape.apply_translation([shaft_end - 0.01, 0.015, 0])
    parts += [blade, tape]
    return settle(parts)


def american_football(rng: Rng = None) -> trimesh.Trimesh:
    """American football: brown leather prolate ball along x with white laces on top."""
    length, r = v(rng, 0.28, 0.06), v(rng, 0.085, 0.06)
    c = pick(rng, [LEATHER, (120, 70, 40, 255)])
    prof = [(r * np.sin(np.pi * t) ** 0.85, length * t) for t in np.linspace(0, 1, 25)]
    prof[0] = (0.0, 0.0)
    prof[-1] = (0.0, length)
    ball = _along_x(revolve(prof, color=c, sections=32))
    ball.apply_translation([-length / 2, r, 0])
    parts = [ball, box((length * 0.3, 0.004, 0.006), (0, 2 * r - 0.0005, 0), WHITE)]
    for k in range(7):
        parts.append(box((0.004, 0.004, 0.02), (-length * 0.12 + k * length * 0.04, 2 * r, 0), WHITE))
    for s in (-1, 1):
        stripe = torus(r * np.sin(np.pi * 0.2) ** 0.85 + 0.001, 0.002, (0, 0, 0), WHITE, axis="x")
        stripe.apply_translation([s * length * 0.3, r, 0])
        parts.append(stripe)
    return settle(parts)


def volleyball(rng: Rng = None) -> trimesh.Trimesh:
    """Volleyball: a sphere in white, blue and yellow panel bands."""
    r = v(rng, 0.105, 0.05)
    colors = pick(rng, [(WHITE, BLUE, YELLOW), (WHITE, WHITE, WHITE), (WHITE, RED, (40, 90, 170, 255))])
    ball = sphere(r, (0, r, 0), WHITE, subdivisions=4)
    n = ball.face_normals
    # three sets of panels, one around each axis, alternating bands along the third coordinate
    ax = np.argmax(np.abs(n), axis=1)
    band = np.floor((n[np.arange(len(n)), (ax + 1) % 3] + 1) * 1.5).astype(int) % 3
    fc = np.zeros((len(ball.faces), 4), dtype=np.uint8)
    for k in range(3):
        fc[band == k] = colors[k]
    ball.visual = trimesh.visual.ColorVisuals(ball, face_colors=fc)
    return settle([ball])


def frisbee(rng: Rng = None) -> trimesh.Trimesh:
    """Flying disc: a shallow dome with a rolled rim, lying face up."""
    r, h = v(rng, 0.135, 0.08), v(rng, 0.03, 0.12)
    c = pick(rng, [ORANGE, (230, 230, 225, 255), (60, 140, 220, 255), (220, 40, 60, 255)])
    t = 0.002
    prof = [
        (r - 0.006, 0.0),
        (r, 0.004),
        (r, h * 0.8),
        (r * 0.75, h),
        (0.0, h),
        (0.0, h - t),
        (r * 0.75 - t, h - t),
        (r - 0.004, h * 0.8 - t),
        (r - 0.006, 0.006),
    ]
    disc = revolve([*prof, prof[0]], color=c, sections=48)
    return settle([disc])


def yoga_mat(rng: Rng = None) -> trimesh.Trimesh:
    """Rolled-up yoga mat lying along x: a foam cylinder with its spiral showing at the ends and a strap."""
    length, r = v(rng, 0.61, 0.08), v(rng, 0.065, 0.15)
    c = pick(rng, [(120, 80, 160, 255), (60, 150, 140, 255), (220, 100, 120, 255), (70, 90, 160, 255)])
    dark = (int(c[0] * 0.6), int(c[1] * 0.6), int(c[2] * 0.6), 255)
    parts = [cylinder(r, length, (0, r, 0), c, axis="x", sections=32)]
    for s in (-1, 1):
        for k, rr in enumerate((0.8, 0.55, 0.3)):
            col = dark if k % 2 == 0 else c
            parts.append(
                cylinder(
                    rr * r, 0.002, (s * (length / 2 + 0.001 * (k + 1)), r, 0), col, axis="x", sections=24
                )
            )
        parts.append(cylinder(r + 0.002, 0.025, (s * length * 0.3, r, 0), BLACK, axis="x", sections=32))
    return settle(parts)


def kettlebell(rng: Rng = None) -> trimesh.Trimesh:
    """Cast-iron kettlebell: a flat-bottomed ball with a thick arched handle on top (in the xy plane)."""
    r = v(rng, 0.1, 0.1)
    c = pick(rng, [RUBBER, DARK_METAL, (200, 60, 40, 255), (60, 110, 190, 255)])
    ball = sphere(r, (0, r * 0.95, 0), c, subdivisions=3)
    verts = np.array(ball.vertices)
    verts[:, 1] = np.maximum(verts[:, 1], r * 0.2)
    ball.vertices = verts
    handle = torus(r * 0.62, r * 0.14, (0, 0, 0), c, axis="z", arc=np.pi)
    handle.apply_scale([1.0, 0.9, 1.0])
    handle.apply_translation([0, r * 1.85, 0])
    parts = [ball, handle]
    for s in (-1, 1):
        parts.append(cylinder(r * 0.14, r * 0.3, (s * r * 0.62, r * 1.72, 0), c, sections=16))
    return settle(parts)


def jump_rope(rng: Rng = None) -> trimesh.Trimesh:
    """Skipping rope lying on the floor: two handles at -x and the rope looping out to +x."""
    length = v(rng, 0.35, 0.1)
    width = v(rng, 0.25, 0.12)
    c = pick(rng, [RED, BLUE, (240, 200, 40, 255), BLACK])
    rope_c = pick(rng, [(240, 240, 235, 255), BLACK, (60, 140, 220, 255)])
    r = 0.013
    x0 = -length / 2
    hl = 0.12
    parts = []
    for s in (-1, 1):
        z = s * 0.04
        parts.append(capsule(r, hl - 2 * r, (x0 + hl / 2, r, z), c, axis="x"))
    t = np.linspace(-np.pi / 2, np.pi / 2, 40)
    loop_r = width / 2
    cx = length / 2 - loop_r
    loop = [(cx + loop_r * np.cos(a), 0.005, loop_r * np.sin(a)) for a in t]
    path = [(x0 + hl, 0.005, -0.04), *loop, (x0 + hl, 0.005, 0.04)]
    parts.append(tube(path, 0.004, rope_c, sections=8))
    return settle(parts)


def helmet(rng: Rng = None) -> trimesh.Trimesh:
    """Bicycle helmet: a vented streamlined shell longer front-to-back, a small visor at +z, chin straps."""
    w, h, d = v(rng, 0.22, 0.06), v(rng, 0.15, 0.08), v(rng, 0.28, 0.06)
    c = pick(rng, [(200, 30, 35, 255), (40, 90, 170, 255), WHITE, BLACK])
    t = 0.02
    n = 24
    prof = [(w / 2 * np.cos(a), h * np.sin(a)) for a in np.linspace(0, np.pi / 2, n)]
    inner = [((w / 2 - t) * np.cos(a), (h - t) * np.sin(a)) for a in np.linspace(np.pi / 2, 0, n)]
    shell = revolve([*prof, *inner[1:], (w / 2 - t, 0.0)], color=c, sections=40)
    shell.apply_scale([1.0, 1.0, d / w])
    parts = [shell]
    for k in range(5):
        x = (k - 2) * w * 0.12
        parts.append(box((w * 0.06, 0.012, d * 0.35), (x, h * 0.93 - abs(k - 2) * h * 0.12, 0), BLACK))
    parts.append(box((w * 0.5, 0.005, 0.035), (0, h * 0.35, d / 2 + 0.006), BLACK, rotation=(15, 0, 0)))
    return settle(parts)


def boxing_glove(rng: Rng = None) -> trimesh.Trimesh:
    """Boxing glove lying on its palm: padded fist toward +z, thumb on the side, laced cuff at -z."""
    w, h, d = v(rng, 0.14, 0.08), v(rng, 0.15, 0.08), v(rng, 0.3, 0.06)
    c = pick(rng, [(200, 30, 35, 255), BLACK, (40, 90, 170, 255), (230, 230, 225, 255)])
    fist_d = 0.55 * d
    parts = [
        puffy((w, h, fist_d), (0, h / 2, d / 2 - fist_d / 2), c, edge=0.55, subdivisions=3),
        puffy((0.045, 0.06, 0.1), (w / 2 - 0.01, h * 0.45, d * 0.05), c, edge=0.6, subdivisions=2),
        cylinder(
            w * 0.4,
            d - fist_d + 0.03,
            (0, h * 0.45, -d / 2 + (d - fist_d + 0.03) / 2),
            c,
            axis="z",
            sections=28,
        ),
        torus(w * 0.4, 0.006, (0, h * 0.45, -d / 2 + 0.03), WHITE, axis="z"),
    ]
    return settle(parts)


def ping_pong_paddle(rng: Rng = None) -> trimesh.Trimesh:
    """Table tennis bat lying flat: flared wooden handle at -x, round rubber-faced blade at +x."""
    r = v(rng, 0.075, 0.08)
    hl = v(rng, 0.11, 0.1)
    faces = pick(rng, [(RED, BLACK), (BLACK, RED), (RED, RED)])
    x0 = -(hl + 2 * r) / 2
    cx = x0 + hl + r
    parts = [
        cylinder(r, 0.006, (cx, 0.009, 0), LIGHT_WOOD, sections=48),
        cylinder(r - 0.001, 0.002, (cx, 0.013, 0), faces[0], sections=48),
        cylinder(r - 0.001, 0.002, (cx, 0.005, 0), faces[1], sections=48),
        rbox((hl + 0.02, 0.022, 0.028), (x0 + (hl + 0.02) / 2, 0.011, 0), WOOD, 0.01, "x"),
    ]
    return settle(parts)


def hockey_puck(rng: Rng = None) -> trimesh.Trimesh:
    """Ice hockey puck: a black vulcanised rubber disc with a knurled edge."""
    r, h = v(rng, 0.038, 0.04), v(rng, 0.025, 0.06)
    parts = [cylinder(r, h, (0, h / 2, 0), RUBBER, sections=40)]
    parts.append(torus(r, 0.0015, (0, h / 2, 0), BLACK))
    return settle(parts)


def bowling_pin(rng: Rng = None) -> trimesh.Trimesh:
    """White bowling pin with two red neck stripes."""
    h = v(rng, 0.38, 0.05)
    rb = v(rng, 0.06, 0.05)
    prof = [
        (0.0, 0.0),
        (0.042 / 0.06 * rb, 0.0),
        (rb, 0.12 * h),
        (rb * 0.98, 0.3 * h),
        (rb * 0.55, 0.55 * h),
        (rb * 0.38, 0.65 * h),
        (rb * 0.42, 0.75 * h),
        (rb * 0.55, 0.88 * h),
        (rb * 0.4, 0.97 * h),
        (0.0, h),
    ]
    parts = [revolve(prof, color=WHITE, sections=36)]
    for y in (0.6, 0.66):
        r_at = float(np.interp(y * h, [p[1] for p in prof], [p[0] for p in prof]))
        parts.append(cylinder(r_at + 0.001, 0.01, (0, y * h, 0), RED, sections=36))
    return settle(parts)


def bowling_ball(rng: Rng = None) -> trimesh.Trimesh:
    """Glossy bowling ball with three finger holes on top."""
    r = v(rng, 0.109, 0.03)
    c = pick(rng, [(40, 60, 140, 255), BLACK, (150, 30, 60, 255), (40, 110, 80, 255)])
    parts = [sphere(r, (0, r, 0), c, subdivisions=4)]
    for x, z, hr in ((0.0, 0.03, 0.012), (-0.02, -0.025, 0.01), (0.02, -0.025, 0.01)):
        parts.append(cylinder(hr, 0.004, (x, 2 * r - 0.004, z), BLACK, sections=16))
    return settle(parts)


# ------------------------------------------------------------------------------------------------- toys


def toy_car(rng: Rng = None) -> trimesh.Trimesh:
    """Small toy car facing +z: painted body, glass cabin, four black wheels."""
    w, h, d = v(rng, 0.06, 0.1), v(rng, 0.045, 0.1), v(rng, 0.12, 0.1)
    c = pick(rng, [RED, BLUE, YELLOW, GREEN])
    wr = 0.012
    parts = [
        rbox((w * 0.92, h * 0.4, d), (0, wr + h * 0.15, 0), c, 0.008, "x"),
        rbox((w * 0.8, h * 0.4, d * 0.5), (0, wr + h * 0.5, -d * 0.05), (170, 210, 230, 255), 0.01, "x"),
        box((w * 0.82, 0.004, d * 0.46), (0, h - 0.002, -d * 0.05), c),
    ]
    for sx in (-1, 1):
        for sz in (-1, 1):
            parts.append(
                cylinder(wr, 0.01, (sx * (w / 2 - 0.005), wr, sz * d * 0.32), BLACK, axis="x", sections=16)
            )
    return settle(parts)


def toy_train(rng: Rng = None) -> trimesh.Trimesh:
    """Wooden toy train facing +z: a locomotive with boiler, cab and chimney pulling one open wagon."""
    w = v(rng, 0.07, 0.1)
    c = pick(rng, [RED, BLUE, GREEN, YELLOW])
    c2 = pick(rng, [YELLOW, RED, BLUE])
    wr = 0.012
    loco_l, wag_l = 0.14, 0.11
    z_loco = 0.14 - loco_l / 2
    z_wag = z_loco - loco_l / 2 - 0.015 - wag_l / 2
    base_y = wr + 0.004
    parts = [
        box((w * 0.85, 0.012, loco_l), (0, base_y, z_loco), c),
        cylinder(0.022, loco_l * 0.6, (0, base_y + 0.028, z_loco + loco_l * 0.18), c2, axis="z", sections=24),
        box((w * 0.85, 0.05, loco_l * 0.35), (0, base_y + 0.03, z_loco - loco_l * 0.32), c),
        box((w * 0.95, 0.008, loco_l * 0.42), (0, base_y + 0.059, z_loco - loco_l * 0.32), c2),
        cylinder(0.007, 0.025, (0, base_y + 0.06, z_loco + loco_l * 0.35), BLACK, sections=12),
        *_open_box_parts(w * 0.85, 0.03, wag_l, 0.004, c2, base_y - 0.006, z_wag),
        box((0.01, 0.006, 0.02), (0, base_y, z_loco - loco_l / 2 - 0.008), BLACK),
    ]
    for z0, length in ((z_loco, loco_l), (z_wag, wag_l)):
        for sz in (-1, 1):
            for sx in (-1, 1):
                parts.append(
                    cylinder(
                        wr,
                        0.008,
                        (sx * (w / 2 - 0.004), wr, z0 + sz * length * 0.3),
                        BLACK,
                        axis="x",
                        sections=16,
                    )
                )
    return settle(parts)


def _open_box_parts(
    w: float, h: float, d: float, t: float, c: Color, y0: float, z0: float
) -> list[trimesh.Trimesh]:
    """Floor and four walls of an open-top box (a wagon), bottom at y0, centred at z0."""
    return [
        box((w, t, d), (0, y0 + t / 2, z0), c),
        box((w, h, t), (0, y0 + h / 2, z0 + d / 2 - t / 2), c),
        box((w, h, t), (0, y0 + h / 2, z0 - d / 2 + t / 2), c),
        box((t, h, d), (w / 2 - t / 2, y0 + h / 2, z0), c),
        box((t, h, d), (-w / 2 + t / 2, y0 + h / 2, z0), c),
    ]


def doll(rng: Rng = None) -> trimesh.Trimesh:
    """Standing doll facing +z: head with hair, a bell-shaped dress, arms at its sides, legs and shoes."""
    h = v(rng, 0.3, 0.1)
    dress = pick(rng, [PINK, (120, 170, 230, 255), (240, 220, 80, 255), (180, 60, 80, 255)])
    hair = pick(rng, [(230, 200, 90, 255), (90, 55, 30, 255), BLACK, (180, 80, 40, 255)])
    s = h / 0.3
    parts = [
        cylinder(0.009 * s, 0.08 * s, (-0.018 * s, 0.04 * s, 0), SKIN, sections=12),
        cylinder(0.009 * s, 0.08 * s, (0.018 * s, 0.04 * s, 0), SKIN, sections=12),
        sphere(0.012 * s, (-0.018 * s, 0.008 * s, 0.006 * s), BLACK, scale=(1, 0.6, 1.4), subdivisions=1),
        sphere(0.012 * s, (0.018 * s, 0.008 * s, 0.006 * s), BLACK, scale=(1, 0.6, 1.4), subdivisions=1),
        revolve(
            [(0, 0.07 * s), (0.05 * s, 0.07 * s), (0.028 * s, 0.17 * s), (0.02 * s, 0.2 * s), (0, 0.2 * s)],
            color=dress,
            sections=28,
        ),
        cylinder(0.008 * s, 0.02 * s, (0, 0.21 * s, 0), SKIN, sections=12),
        sphere(0.042 * s, (0, 0.252 * s, 0), SKIN, subdivisions=2),
        sphere(0.045 * s, (0, 0.258 * s, -0.006 * s), hair, scale=(1, 1, 1), subdivisions=2),
    ]
    # the face: a skin cap in front of the hair
    parts.append(sphere(0.0415 * s, (0, 0.25 * s, 0.008 * s), SKIN, subdivisions=2))
    for x in (-0.013, 0.013):
        parts.append(sphere(0.005 * s, (x * s, 0.255 * s, 0.047 * s), BLACK, subdivisions=1))
    for sx in (-1, 1):
        parts.append(
            rod(
                (sx * 0.024 * s, 0.19 * s, 0),
                (sx * 0.04 * s, 0.12 * s, 0.005 * s),
                0.007 * s,
                SKIN,
                sections=10,
            )
        )
    return settle(parts)


def wooden_block(rng: Rng = None) -> trimesh.Trimesh:
    """Painted wooden toy building block, a cube with a raised letter panel on its front (+z)."""
    s = v(rng, 0.04, 0.1)
    c = pick(rng, [LIGHT_WOOD, RED, BLUE, YELLOW, GREEN])
    parts = [rbox((s, s, s), (0, s / 2, 0), c, 0.003, "y")]
    letter = pick(rng, [RED, BLUE, GREEN, DARK_WOOD])
    parts.append(box((s * 0.5, s * 0.12, 0.002), (0, s * 0.35, s / 2 + 0.001), letter))
    parts.append(
        box((s * 0.12, s * 0.6, 0.002), (-s * 0.15, s * 0.55, s / 2 + 0.001), letter, rotation=(0, 0, -15))
    )
    parts.append(
        box((s * 0.12, s * 0.6, 0.002), (s * 0.15, s * 0.55, s / 2 + 0.001), letter, rotation=(0, 0, 15))
    )
    return settle(parts)


def board_game(rng: Rng = None) -> trimesh.Trimesh:
    """Boxed board game lying flat: a printed lid over the box bottom."""
    w, h, d = v(rng, 0.4, 0.1), v(rng, 0.06, 0.15), v(rng, 0.27, 0.1)
    c = pick(rng, [(200, 40, 40, 255), (40, 90, 170, 255), (40, 130, 80, 255), (230, 180, 40, 255)])
    parts = [
        box((w - 0.004, h * 0.9, d - 0.004), (0, h * 0.45, 0), WHITE),
        box((w, h * 0.6, d), (0, h * 0.7, 0), c),
        box((w * 0.7, 0.002, d * 0.25), (0, h + 0.001, -d * 0.2), WHITE),
        box((w * 0.3, 0.002, d * 0.3), (-w * 0.15, h + 0.001, d * 0.2), YELLOW),
        box((w * 0.25, 0.002, d * 0.3), (w * 0.2, h + 0.001, d * 0.2), (60, 60, 60, 255)),
    ]
    return settle(parts)


def rubik_cube(rng: Rng = None) -> trimesh.Trimesh:
    """3 x 3 x 3 puzzle cube: black body with coloured stickers on all six faces, solved or scrambled."""
    s = v(rng, 0.057, 0.05)
    parts = [rbox((s, s, s), (0, s / 2, 0), BLACK, 0.003, "y")]
    cell = s / 3
    st = cell * 0.85
    faces = [(0, 1), (0, -1), (1, 1), (1, -1), (2, 1), (2, -1)]
    for f, (axis, sign) in enumerate(faces):
        for i in range(3):
            for j in range(3):
                col = CUBE_COLORS[f] if rng is None else CUBE_COLORS[int(rng.integers(6))]
                p = [0.0, 0.0, 0.0]
                a, b = [k for k in range(3) if k != axis]
                p[axis] = sign * (s / 2 + 0.0005)
                p[a] = (i - 1) * cell
                p[b] = (j - 1) * cell
                size = [st, st, st]
                size[axis] = 0.001
                parts.append(box(size, (p[0], p[1] + s / 2, p[2]), col))
    return settle(parts)


def dice(rng: Rng = None) -> trimesh.Trimesh:
    """A six-sided die with rounded edges and black pips (one on top, six at the bottom)."""
    s = v(rng, 0.016, 0.2)
    c = pick(rng, [WHITE, RED, (240, 230, 200, 255)])
    pip_c = WHITE if c == RED else BLACK
    parts = [rbox((s, s, s), (0, s / 2, 0), c, s * 0.15, "y")]
    q = s * 0.27
    layouts: dict[int, list[tuple[float, float]]] = {
        1: [(0, 0)],
        2: [(-q, -q), (q, q)],
        3: [(-q, -q), (0, 0), (q, q)],
        4: [(-q, -q), (-q, q), (q, -q), (q, q)],
        5: [(-q, -q), (-q, q), (q, -q), (q, q), (0, 0)],
        6: [(-q, -q), (-q, 0), (-q, q), (q, -q), (q, 0), (q, q)],
    }
    # opposite faces sum to 7: +y 1, -y 6, +z 2, -z 5, +x 3, -x 4
    sides: list[tuple[int, int, int]] = [(1, 1, 1), (6, 1, -1), (2, 2, 1), (5, 2, -1), (3, 0, 1), (4, 0, -1)]
    for n, axis, sign in sides:
        a, b = [k for k in range(3) if k != axis]
        for u, w in layouts[n]:
            p = [0.0, s / 2, 0.0]
            p[axis] += sign * s / 2
            p[a] += u
            p[b] += w
            size = [s * 0.16] * 3
            size[axis] = 0.0008
            parts.append(box(size, tuple(p), pip_c))
    return settle(parts)


def playing_cards(rng: Rng = None) -> trimesh.Trimesh:
    """Deck of playing cards lying face down: a neat stack with a patterned back on top."""
    w, h, d = v(rng, 0.064, 0.05), v(rng, 0.018, 0.15), v(rng, 0.089, 0.05)
    back = pick(rng, [(180, 30, 40, 255), (40, 70, 150, 255)])
    parts = [
        rbox((w, h - 0.0005, d), (0, (h - 0.0005) / 2, 0), WHITE, 0.004, "y"),
        rbox((w, 0.0005, d), (0, h - 0.00025, 0), back, 0.004, "y"),
        rbox((w * 0.8, 0.0004, d * 0.85), (0, h + 0.0002, 0), (240, 240, 240, 255), 0.003, "y"),
        rbox((w * 0.7, 0.0004, d * 0.77), (0, h + 0.0004, 0), back, 0.003, "y"),
    ]
    return settle(parts)


def piggy_bank(rng: Rng = None) -> trimesh.Trimesh:
    """Ceramic piggy bank facing +z: a round body with a snout, ears, four stubby legs and a coin slot."""
    w, h, d = v(rng, 0.1, 0.1), v(rng, 0.12, 0.1), v(rng, 0.16, 0.1)
    c = pick(rng, [PINK, (250, 180, 190, 255), (240, 230, 220, 255), (120, 180, 230, 255)])
    leg = 0.018
    by = leg + (h - leg - 0.012) / 2
    parts = [
        sphere(1.0, (0, by, -0.005), c, scale=(w / 2, (h - leg - 0.012) / 2, (d - 0.02) / 2), subdivisions=3)
    ]
    parts.append(cylinder(0.018, 0.02, (0, by, d / 2 - 0.01), c, axis="z", sections=20))
    for x in (-0.006, 0.006):
        parts.append(
            cylinder(0.003, 0.002, (x, by, d / 2 + 0.0005), (200, 100, 120, 255), axis="z", sections=8)
        )
        parts.append(sphere(0.004, (x * 3, by + 0.022, d / 2 - 0.03), BLACK, subdivisions=1))
    for sx in (-1, 1):
        parts.append(cone(0.014, 0.022, (sx * w * 0.25, h - 0.011, d * 0.2), c, sections=10))
        for sz in (-1, 1):
            parts.append(
                cylinder(0.011, leg + 0.01, (sx * w * 0.25, (leg + 0.01) / 2, sz * d * 0.22), c, sections=12)
            )
    parts.append(box((0.004, 0.004, 0.03), (0, h - 0.013, -d * 0.05), BLACK))
    return settle(parts)


GENERATORS: dict[str, Generator] = {
    "drill": drill,
    "pliers": pliers,
    "spirit_level": spirit_level,
    "paintbrush": paintbrush,
    "paint_can": paint_can,
    "mallet": mallet,
    "chisel": chisel,
    "flashlight": flashlight,
    "ladder": ladder,
    "workbench": workbench,
    "utility_knife": utility_knife,
    "hockey_stick": hockey_stick,
    "american_football": american_football,
    "volleyball": volleyball,
    "frisbee": frisbee,
    "yoga_mat": yoga_mat,
    "kettlebell": kettlebell,
    "jump_rope": jump_rope,
    "helmet": helmet,
    "boxing_glove": boxing_glove,
    "ping_pong_paddle": ping_pong_paddle,
    "hockey_puck": hockey_puck,
    "bowling_pin": bowling_pin,
    "bowling_ball": bowling_ball,
    "toy_car": toy_car,
    "toy_train": toy_train,
    "doll": doll,
    "wooden_block": wooden_block,
    "board_game": board_game,
    "rubik_cube": rubik_cube,
    "dice": dice,
    "playing_cards": playing_cards,
    "piggy_bank": piggy_bank,
}

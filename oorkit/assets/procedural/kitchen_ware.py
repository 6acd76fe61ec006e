"""Kitchen vessels and tableware: teapot, cups, cookware, plates, glasses, bottles, cans and jars.

Conventions: metres, +y up, front +z, resting on y = 0; spouts toward +x, handles toward -x.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import trimesh

from oorkit.assets.procedural.kitchen_parts import (
    band,
    bezier,
    inner_wall,
    loop_handle,
    outward,
    paint,
    shell,
    smooth,
    split_at,
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
    RED,
    STEEL,
    WHITE,
    assemble,
    box,
    cylinder,
    revolve,
    sphere,
    torus,
)

TEAPOT_BLUE = (62, 108, 140, 255)
BOWL_BLUE = (95, 145, 190, 255)
GOLD = (205, 168, 80, 255)
PAN_OUTSIDE = (88, 90, 96, 255)
PAN_INSIDE = (40, 40, 44, 255)
POT_INSIDE = (150, 153, 158, 255)
GLASS_INSIDE = (215, 235, 245, 255)
WATER_PLASTIC = (175, 215, 238, 255)
BOTTLE_GREEN = (35, 82, 48, 255)
FOIL_RED = (125, 25, 38, 255)
LABEL = (238, 228, 205, 255)
HONEY = (215, 150, 40, 255)


def _scaled(profile: list[tuple[float, float]], sr: float, sh: float) -> list[tuple[float, float]]:
    return [(r * sr, h * sh) for r, h in profile]


def teapot(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Round ceramic teapot with a lid and knob, spout toward +x and loop handle toward -x."""
    r, h = vary(rng, 0.08), vary(rng, 0.112)
    body = revolve(
        _scaled(
            [
                (0, 0),
                (0.62, 0),
                (0.82, 0.1),
                (0.97, 0.3),
                (1.0, 0.48),
                (0.94, 0.7),
                (0.78, 0.88),
                (0.62, 1.0),
                (0, 1.0),
            ],
            r,
            h,
        ),
        color=TEAPOT_BLUE,
    )
    lid = revolve(
        [
            (0, h - 0.002),
            (0.66 * r, h - 0.002),
            (0.64 * r, h + 0.005),
            (0.5 * r, h + 0.017),
            (0.2 * r, h + 0.026),
            (0, h + 0.028),
        ],
        color=TEAPOT_BLUE,
    )
    knob = sphere(0.011, center=(0, h + 0.034, 0), color=WHITE, scale=(1, 0.8, 1))
    spout_len = vary(rng, 0.05)
    spout = tube(
        bezier(
            [
                (0.75 * r, 0.3 * h, 0),
                (r + 0.025, 0.32 * h, 0),
                (r + 0.04, 0.75 * h, 0),
                (r + spout_len, 1.02 * h, 0),
            ],
            20,
        ),
        np.linspace(0.018, 0.0075, 20),
        TEAPOT_BLUE,
        sections=16,
    )
    handle = tube(
        bezier(
            [
                (-0.85 * r, 0.8 * h, 0),
                (-r - 0.06, 0.95 * h, 0),
                (-r - 0.06, 0.2 * h, 0),
                (-0.9 * r, 0.3 * h, 0),
            ],
            24,
        ),
        0.0085,
        TEAPOT_BLUE,
        normal_hint=(0, 0, 1),
        aspect=0.8,
    )
    return assemble([body, lid, knob, spout, handle])


def teacup(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Wide footed porcelain teacup with a gold rim and an ear handle toward -x."""
    r, h = vary(rng, 0.045), vary(rng, 0.062)
    cup = shell(
        [(0, 0.005), (0.5 * r, 0.005), (0.72 * r, 0.2 * h), (0.9 * r, 0.5 * h), (0.98 * r, 0.8 * h), (r, h)],
        0.0028,
        CERAMIC,
    )
    paint(cup, band(h - 0.0025, 1.0), GOLD)
    foot = cylinder(0.52 * r, 0.006, center=(0, 0.003, 0), color=CERAMIC)
    handle = loop_handle((-0.93 * r, 0.55 * h, 0), vary(rng, 0.016), 0.0042, 70, 220, CERAMIC)
    return assemble([cup, foot, handle])


def mug(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Straight-sided coffee mug, coloured outside and white inside, handle toward -x."""
    r, h = vary(rng, 0.0425), vary(rng, 0.1)
    body = two_tone(shell([(0, 0), (r - 0.003, 0), (r, 0.004), (r, h)], 0.0045, BLUE), BLUE, WHITE)
    handle = loop_handle((-r + 0.001, 0.52 * h, 0), vary(rng, 0.026), 0.0065, 72, 216, BLUE)
    return assemble([body, handle])


def kettle(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Electric kettle: steel tapered body on a black power base, black lid, spout +x, tall handle -x."""
    rb, h = vary(rng, 0.08), vary(rng, 0.185)
    top = 0.02 + h
    base = revolve([(0, 0), (rb + 0.006, 0), (rb + 0.004, 0.02), (0, 0.02)], color=BLACK)
    body = revolve([(0, 0.02), (rb, 0.02), (rb, 0.03), (0.84 * rb, top), (0, top)], color=STEEL)
    lid = revolve(
        [
            (0, top - 0.002),
            (0.78 * rb, top - 0.002),
            (0.72 * rb, top + 0.008),
            (0.4 * rb, top + 0.014),
            (0, top + 0.015),
        ],
        color=BLACK,
    )
    button = cylinder(0.011, 0.008, center=(-0.35 * rb, top + 0.014, 0), color=DARK_METAL)
    handle = tube(
        smooth(
            [
                (-0.7 * rb, top - 0.012, 0),
                (-rb - 0.03, top + 0.004, 0),
                (-rb - 0.046, top - 0.02, 0),
                (-rb - 0.05, 0.07, 0),
                (-rb - 0.04, 0.045, 0),
                (-0.9 * rb, 0.04, 0),
            ],
            4,
        ),
        0.011,
        BLACK,
        normal_hint=(0, 0, 1),
    )
    switch = box((0.014, 0.01, 0.02), center=(-rb - 0.03, 0.05, 0), color=BLUE)
    spout = tube(
        [
            (0.7 * rb, top - 0.035, 0),
            (0.84 * rb + 0.018, top - 0.014, 0),
            (0.84 * rb + 0.034, top + 0.002, 0),
        ],
        [0.026, 0.019, 0.012],
        STEEL,
        sections=16,
        normal_hint=(0, 0, 1),
        aspect=0.7,
    )
    window = box(
        (0.012, 0.5 * h, 0.006),
        center=(0, 0.02 + 0.45 * h, 0.93 * rb),
        color=DARK_METAL,
        rotation=(-np.degrees(np.arctan(0.16 * rb / h)), 0, 0),
    )
    return assemble([base, body, lid, button, handle, switch, spout, window])


def pan(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Frying pan: shallow dark non-stick skillet with a long black handle toward -x."""
    r, d = vary(rng, 0.14), vary(rng, 0.045)
    length = vary(rng, 0.2)
    body = two_tone(
        shell([(0, 0), (r - 0.025, 0), (r - 0.014, 0.006), (r, d)], 0.0045, PAN_OUTSIDE),
        PAN_OUTSIDE,
        PAN_INSIDE,
    )
    x0 = -r + 0.012
    handle = tube(
        np.linspace([x0 - 0.03, d - 0.008, 0], [x0 - length + 0.012, d + 0.006, 0], 12),
        np.linspace(0.011, 0.014, 12),
        BLACK,
        sections=16,
        normal_hint=(0, 0, 1),
        aspect=0.62,
    )
    bracket = box((0.05, 0.012, 0.022), center=(x0 - 0.016, d - 0.01, 0), color=STEEL, rotation=(0, 0, -4))
    ring = torus(0.007, 0.0022, center=(x0 - length + 0.01, d + 0.006, 0), color=STEEL, axis="y")
    return assemble([body, handle, bracket, ring])


def pot(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Open steel cooking pot with a rolled rim and two side loop handles (at -x and +x)."""
    r, h = vary(rng, 0.12), vary(rng, 0.165)
    body = two_tone(shell([(0, 0), (r - 0.006, 0), (r, 0.006), (r, h)], 0.004, STEEL), STEEL, POT_INSIDE)
    rim = torus(r, 0.003, center=(0, h, 0), color=STEEL, axis="y")
    lug = vary(rng, 0.034)
    handles = [
        loop_handle(
            (s * (r + 0.004), 0.82 * h, 0), lug, 0.0065, -110 if s > 0 else 70, 220, BLACK, plane="xz"
        )
        for s in (1, -1)
    ]
    return assemble([body, rim, *handles])


def plate(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Round white dinner plate with a foot ring, a sunken centre and a blue rim band."""
    sr, sh = vary(rng, 0.13) / 0.13, vary(rng, 0.025) / 0.025
    profile = [
        (0, 0.003),
        (0.07, 0.003),
        (0.072, 0),
        (0.08, 0),
        (0.085, 0.004),
        (0.095, 0.007),
        (0.125, 0.021),
        (0.13, 0.025),
        (0.124, 0.025),
        (0.094, 0.011),
        (0.088, 0.008),
        (0, 0.008),
    ]
    dish = outward(revolve(_scaled(profile, sr, sh), color=CERAMIC, sections=64))
    return assemble(
        [paint(dish, lambda c, n: (np.hypot(c[:, 0], c[:, 2]) > 0.117 * sr) & (n[:, 1] > 0.3), BOWL_BLUE)]
    )


def bowl(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Round ceramic bowl on a foot ring, blue outside and cream inside."""
    r, h = vary(rng, 0.08), vary(rng, 0.075)
    body = shell(
        [
            (0, 0.006),
            (0.45 * r, 0.006),
            (0.7 * r, 0.2 * h),
            (0.88 * r, 0.45 * h),
            (0.97 * r, 0.72 * h),
            (r, h),
        ],
        0.004,
        BOWL_BLUE,
        sections=64,
    )
    foot = cylinder(0.42 * r, 0.007, center=(0, 0.0035, 0), color=BOWL_BLUE, sections=48)
    return assemble([two_tone(body, BOWL_BLUE, CERAMIC), foot])


def glass(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Slightly flared drinking tumbler with a thick base."""
    r, h = vary(rng, 0.0375), vary(rng, 0.12)
    body = shell([(0, 0), (0.84 * r, 0), (0.86 * r, 0.01), (r, h)], 0.0022, GLASS, floor=0.011)
    return assemble([two_tone(body, GLASS, GLASS_INSIDE)])


def wine_glass(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Stemmed wine glass: round foot, thin stem and a tulip bowl open at the top."""
    sr, sh = vary(rng, 0.04) / 0.04, vary(rng, 0.2) / 0.2
    cup = bezier([(0, 0.095), (0.034, 0.095), (0.05, 0.145), (0.035, 0.2)], 18)
    stem: list[tuple[float, float]] = [
        (0, 0),
        (0.037, 0),
        (0.0375, 0.0025),
        (0.03, 0.0045),
        (0.012, 0.008),
        (0.005, 0.016),
        (0.0038, 0.08),
        (0.006, 0.09),
    ]
    profile = stem + [(float(a), float(b)) for a, b in np.vstack([cup[1:], inner_wall(cup, 0.002)[::-1]])]
    body = outward(revolve(_scaled(profile, sr, sh), color=GLASS, sections=48))
    return assemble([two_tone(body, GLASS, GLASS_INSIDE)])


def bottle(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Plastic water bottle: pale blue ribbed body with a label band and a blue screw cap."""
    sr, sh = vary(rng, 0.0375) / 0.0375, vary(rng, 0.28) / 0.28
    r = 0.0375
    profile = [
        (0, 0.004),
        (0.8 * r, 0),
        (r, 0.006),
        (r, 0.16),
        (0.93 * r, 0.168),
        (r, 0.176),
        (0.93 * r, 0.184),
        (r, 0.192),
        (0.9 * r, 0.205),
        (0.7 * r, 0.222),
        (0.45 * r, 0.238),
        (0.4 * r, 0.245),
        (0.4 * r, 0.262),
        (0, 0.262),
    ]
    body = outward(
        revolve(
            split_at(_scaled(profile, sr, sh), [h * sh for h in (0.07, 0.095, 0.115, 0.14)]),
            color=WATER_PLASTIC,
        )
    )
    paint(body, band(0.07 * sh, 0.14 * sh), WHITE)
    paint(body, band(0.095 * sh, 0.115 * sh), BLUE)
    cap = outward(
        revolve(
            _scaled([(0, 0.258), (0.44 * r, 0.258), (0.44 * r, 0.28), (0, 0.28)], sr, sh),
            color=BLUE,
            sections=24,
        )
    )
    collar = torus(0.42 * r * sr, 0.0018, center=(0, 0.249 * sh, 0), color=WATER_PLASTIC, axis="y")
    return assemble([body, cap, collar])


def wine_bottle(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Dark green wine bottle with a long neck, cream label and red foil capsule."""
    sr, sh = vary(rng, 0.04) / 0.04, vary(rng, 0.32) / 0.32
    r = 0.04
    profile = [
        (0, 0),
        (r - 0.003, 0),
        (r, 0.004),
        (r, 0.2),
        (0.96 * r, 0.218),
        (0.75 * r, 0.24),
        (0.5 * r, 0.257),
        (0.37 * r, 0.27),
        (0.35 * r, 0.305),
        (0.39 * r, 0.309),
        (0.39 * r, 0.32),
        (0, 0.32),
    ]
    body = outward(
        revolve(split_at(_scaled(profile, sr, sh), [h * sh for h in (0.06, 0.15, 0.275)]), color=BOTTLE_GREEN)
    )
    paint(body, band(0.06 * sh, 0.15 * sh), LABEL)
    paint(body, band(0.275 * sh, 1.0), FOIL_RED)
    return assemble([body])


def salt_shaker(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Glass salt shaker filled with white salt, domed steel cap with holes."""
    r, sh = vary(rng, 0.0215), vary(rng, 0.09) / 0.09
    body = outward(
        revolve(
            split_at(
                _scaled(
                    [(0, 0), (r - 0.002, 0), (r, 0.002), (r, 0.058), (0.93 * r, 0.064), (0, 0.064)], 1, sh
                ),
                [0.04 * sh],
            ),
            color=GLASS,
        )
    )
    paint(body, band(-1.0, 0.04 * sh), WHITE)
    cap = outward(
        revolve(
            _scaled(
                [
                    (0, 0.06),
                    (0.97 * r, 0.06),
                    (0.97 * r, 0.072),
                    (0.9 * r, 0.08),
                    (0.6 * r, 0.087),
                    (0, 0.089),
                ],
                1,
                sh,
            ),
            color=STEEL,
        )
    )
    holes = [
        cylinder(0.0012, 0.0016, center=(x, 0.088 * sh, z), color=BLACK, sections=8)
        for x, z in [
            (0, 0),
            *[(0.0055 * np.cos(a), 0.0055 * np.sin(a)) for a in np.arange(5) * 2 * np.pi / 5],
        ]
    ]
    return assemble([body, cap, *holes])


def can(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Red aluminium soda can with steel top and bottom, white band and a pull tab."""
    r, sh = vary(rng, 0.033), vary(rng, 0.12) / 0.12
    profile = [
        (0, 0.004),
        (0.76 * r, 0.004),
        (0.82 * r, 0),
        (0.91 * r, 0.002),
        (r, 0.012),
        (r, 0.105),
        (0.91 * r, 0.114),
        (0.82 * r, 0.118),
        (0.83 * r, 0.12),
        (0.79 * r, 0.12),
        (0.76 * r, 0.117),
        (0, 0.117),
    ]
    body = outward(revolve(split_at(_scaled(profile, 1, sh), [h * sh for h in (0.05, 0.064)]), color=RED))
    paint(body, lambda c, n: (c[:, 1] > 0.106 * sh) | (c[:, 1] < 0.011), STEEL)
    paint(body, band(0.05 * sh, 0.064 * sh), WHITE)
    top = 0.117 * sh
    tab = box((0.016, 0.0012, 0.009), center=(-0.004, top + 0.0006, 0), color=STEEL)
    mouth = box((0.012, 0.0006, 0.009), center=(0.011, top + 0.0003, 0), color=DARK_METAL)
    return assemble([body, tab, mouth])


def jar(rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Glass mason jar half full of honey with a ridged gold screw lid."""
    r, sh = vary(rng, 0.045), vary(rng, 0.13) / 0.13
    body = outward(
        revolve(
            split_at(
                _scaled(
                    [
                        (0, 0),
                        (r - 0.005, 0),
                        (r, 0.006),
                        (r, 0.088),
                        (0.9 * r, 0.098),
                        (0.82 * r, 0.104),
                        (0.82 * r, 0.112),
                        (0, 0.112),
                    ],
                    1,
                    sh,
                ),
                [0.07 * sh],
            ),
            color=GLASS,
        )
    )
    paint(body, band(-1.0, 0.07 * sh), HONEY)
    r0 = 0.82 * r + 0.002
    ridges = [(r0 + 0.0012 * (k % 2), 0.104 + 0.0025 * k) for k in range(9)]
    lid = outward(
        revolve(
            _scaled([(0, 0.104), *ridges, (r0, 0.126), (r0 - 0.002, 0.1285), (0, 0.1285)], 1, sh), color=GOLD
        )
    )
    return assemble([body, lid])


GENERATORS: dict[str, Callable[[np.random.Generator | None], trimesh.Trimesh]] = {
    "teapot": teapot,
    "teacup": teacup,
    "mug": mug,
    "kettle": kettle,
    "pan": pan,
    "pot": pot,
    "plate": plate,
    "bowl": bowl,
    "glass": glass,
    "wine_glass": wine_glass,
    "bottle": bottle,
    "wine_bottle": wine_bottle,
    "salt_shaker": salt_shaker,
    "can": can,
    "jar": jar,
}

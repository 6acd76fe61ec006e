"""Top-down PNG plans of floor layouts drawn with PIL: room, footprints, labels, facing arrows, units."""

from __future__ import annotations

import colorsys
import math
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from oorkit.files import atomic_output
from oorkit.layout.spec import LayoutSpec
from oorkit.layout.verify import Verification, footprint_corners


def _colour(k: int, n: int, light: float = 0.55) -> tuple[int, int, int]:
    r, g, b = colorsys.hls_to_rgb((k * 0.618034) % 1.0, light, 0.55)
    return int(r * 255), int(g * 255), int(b * 255)


def draw_plan(
    spec: LayoutSpec,
    poses: np.ndarray,
    path: str | Path | None = None,
    px_per_m: float = 120.0,
    verification: Verification | None = None,
    title: str = "",
) -> Image.Image:
    """Draw the plan (room y up, as R3L's plots); colliding/outside objects are outlined in red."""
    floor = spec.floor_assets()
    length, width = spec.size[0], spec.size[1]
    pad = 50
    # At least 60 px/m for small rooms, yet never more than 4000 px a side for large ones.
    scale = min(max(60.0, min(px_per_m, 1600.0 / max(length, width))), 4000.0 / max(length, width))
    w, h = int(length * scale) + 2 * pad, int(width * scale) + 2 * pad + 24
    img = Image.new("RGB", (w, h), (250, 250, 247))
    draw = ImageDraw.Draw(img)
    font = ImageFont.load_default(size=max(10, int(scale * 0.09)))
    small = ImageFont.load_default(size=12)

    def to_px(x: float, y: float) -> tuple[float, float]:
        return pad + x * scale, pad + 24 + (width - y) * scale

    outline = spec.polygon or ((0, 0), (length, 0), (length, width), (0, width))
    draw.polygon([to_px(*p) for p in outline], fill=(236, 233, 225), outline=(60, 60, 60), width=4)
    for m in range(int(length) + 1):  # metre grid
        draw.line([to_px(m, 0), to_px(m, width)], fill=(222, 219, 210), width=1)
    for m in range(int(width) + 1):
        draw.line([to_px(0, m), to_px(length, m)], fill=(222, 219, 210), width=1)
    for name, (x, y) in {
        "B": (length / 2, 0),
        "T": (length / 2, width),
        "L": (0, width / 2),
        "R": (length, width / 2),
    }.items():
        px, py = to_px(x, y)
        dx, dy = {"B": (0, 14), "T": (0, -14), "L": (-14, 0), "R": (14, 0)}[name]
        draw.text((px + dx, py + dy), name, fill=(90, 90, 90), font=small, anchor="mm")
    draw.text(
        (pad, 8),
        title or f"{spec.name or 'layout'}  {length:g} m × {width:g} m",
        fill=(30, 30, 30),
        font=small,
    )

    unit_of = spec.unit_of()
    unit_index = {u.id: k for k, u in enumerate(spec.units)}
    bad = set()
    if verification is not None:
        bad = verification.colliding() | set(verification.outside)
    corners = footprint_corners(poses, np.array([a.footprint for a in floor]))
    order = np.argsort([-(a.footprint[0] * a.footprint[1]) for a in floor])  # big first, small on top
    for i in order:
        a = floor[i]
        k = unit_index.get(unit_of.get(a.id, ""), len(spec.units) + i)
        fill = _colour(k, len(spec.units))
        pts = [to_px(*c) for c in corners[i]]
        draw.polygon(
            pts, fill=fill, outline=(200, 0, 0) if i in bad else (40, 40, 40), width=4 if i in bad else 2
        )
        x, y, rz = poses[i]
        reach = 0.45 * a.footprint[1]
        tip = (x - math.sin(rz) * reach, y + math.cos(rz) * reach)
        base = to_px(x, y)
        tip_px = to_px(*tip)
        draw.line([base, tip_px], fill=(20, 20, 20), width=3)
        ang = math.atan2(tip_px[1] - base[1], tip_px[0] - base[0])
        for da in (2.6, -2.6):
            draw.line(
                [tip_px, (tip_px[0] + 9 * math.cos(ang + da), tip_px[1] + 9 * math.sin(ang + da))],
                fill=(20, 20, 20),
                width=3,
            )
        label = a.id
        draw.text(
            (base[0], base[1] + 10),
            label,
            fill=(0, 0, 0),
            font=font,
            anchor="mt",
            stroke_width=2,
            stroke_fill=(255, 255, 255),
        )
    if path is not None:
        with atomic_output(path) as tmp:
            img.save(tmp)
    return img

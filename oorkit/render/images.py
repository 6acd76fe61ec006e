"""Turn render outputs into viewable images: grids, colourised masks and depth, PNG and NPZ files."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
from PIL import Image

from oorkit.files import atomic_output
from oorkit.render.renderer import RenderResult

# Control points of matplotlib's "inferno" map (dark purple → yellow): perceptually ordered, prints well
# in greyscale, and never reaches white, so it cannot be confused with the white background.
_INFERNO = np.array(
    [
        [0, 0, 4],
        [40, 11, 84],
        [101, 21, 110],
        [159, 42, 99],
        [212, 72, 66],
        [245, 125, 21],
        [250, 193, 39],
        [252, 255, 164],
    ],
    dtype=float,
)


def _grid_columns(n: int) -> int:
    """Columns for `n` tiles: near-square, preferring layouts without empty cells (10 → 5 x 2)."""
    base = math.ceil(math.sqrt(n))
    candidates = range(base, min(n, 2 * base) + 1)
    return min(candidates, key=lambda c: (-(-n // c) * c - n, c))


def image_grid(
    images: np.ndarray, ncols: int | None = None, pad: int = 4, pad_value: int = 255
) -> np.ndarray:
    """Tile (N, H, W[, C]) images row-major into one image, separated and framed by `pad` pixels."""
    arr = np.asarray(images)
    if arr.ndim not in (3, 4) or arr.shape[0] == 0:
        raise ValueError(f"image_grid expects (N, H, W) or (N, H, W, C) with N >= 1, got shape {arr.shape}")
    if pad < 0:
        raise ValueError(f"pad must be >= 0, got {pad}")
    n, h, w = arr.shape[:3]
    cols = _grid_columns(n) if ncols is None else int(ncols)
    if cols < 1:
        raise ValueError(f"ncols must be >= 1, got {ncols}")
    cols = min(cols, n)
    rows = -(-n // cols)
    out = np.full(
        (rows * h + (rows + 1) * pad, cols * w + (cols + 1) * pad, *arr.shape[3:]), pad_value, dtype=arr.dtype
    )
    for i in range(n):
        r, c = divmod(i, cols)
        y, x = pad + r * (h + pad), pad + c * (w + pad)
        out[y : y + h, x : x + w] = arr[i]
    return out


def _palette(n: int) -> np.ndarray:
    """`n` distinct, saturated sRGB colours: golden-ratio hue steps with alternating brightness."""
    i = np.arange(n)
    hue = (0.08 + i * 0.618033988749895) % 1.0
    sat = np.where(i % 3 == 2, 0.55, 0.8)
    val = np.where(i % 2 == 1, 0.72, 0.95)
    # HSV → RGB, vectorised.
    k = (np.array([5.0, 3.0, 1.0]) + hue[:, None] * 6.0) % 6.0
    rgb = val[:, None] - val[:, None] * sat[:, None] * np.clip(np.minimum(k, 4.0 - k), 0.0, 1.0)
    return np.round(rgb * 255.0).astype(np.uint8)


def colorize_instances(instance: np.ndarray) -> np.ndarray:
    """(…, 3) uint8 image with a distinct colour per object index and white where the index is negative."""
    ids = np.asarray(instance)
    if not np.issubdtype(ids.dtype, np.integer):
        raise ValueError(f"colorize_instances expects integer ids, got dtype {ids.dtype}")
    out = np.full((*ids.shape, 3), 255, dtype=np.uint8)
    valid = ids >= 0
    if np.any(valid):
        out[valid] = _palette(int(ids.max()) + 1)[ids[valid]]
    return out


def colorize_depth(depth: np.ndarray, vmin: float | None = None, vmax: float | None = None) -> np.ndarray:
    """(…, 3) uint8 image of depth: near bright, far dark, background (depth <= 0 or not finite) white.

    The range defaults to the valid depths of the whole array, so every view of a batch shares one scale.
    """
    d = np.asarray(depth, dtype=float)
    valid = np.isfinite(d) & (d > 0)
    out = np.full((*d.shape, 3), 255, dtype=np.uint8)
    if not np.any(valid):
        return out
    lo = float(d[valid].min()) if vmin is None else float(vmin)
    hi = float(d[valid].max()) if vmax is None else float(vmax)
    span = hi - lo if hi > lo else 1.0
    # 1 at the nearest depth, 0 at the farthest; keep off the map's black end so far surfaces still read.
    t = 1.0 - np.clip((d[valid] - lo) / span, 0.0, 1.0)
    t = 0.12 + 0.88 * t
    x = t * (len(_INFERNO) - 1)
    i0 = np.minimum(np.floor(x).astype(int), len(_INFERNO) - 2)
    frac = (x - i0)[:, None]
    out[valid] = np.round(_INFERNO[i0] * (1.0 - frac) + _INFERNO[i0 + 1] * frac).astype(np.uint8)
    return out


def save_png(image: np.ndarray, path: str | Path) -> Path:
    """Write a uint8 (H, W[, 3|4]), bool or uint16 (H, W) image as PNG, creating parent folders."""
    arr = np.asarray(image)
    if arr.dtype == bool:
        arr = arr.astype(np.uint8) * 255
    ok_shape = arr.ndim == 2 or (arr.ndim == 3 and arr.shape[2] in (1, 3, 4))
    ok_dtype = arr.dtype == np.uint8 or (arr.dtype == np.uint16 and arr.ndim == 2)
    if not (ok_shape and ok_dtype):
        raise ValueError(
            f"save_png expects uint8 (H, W[, 1|3|4]) or uint16 (H, W), got {arr.dtype} {arr.shape}; "
            "convert floats with (np.clip(x, 0, 1) * 255).astype(np.uint8)"
        )
    if arr.ndim == 3 and arr.shape[2] == 1:
        arr = arr[..., 0]
    out = Path(path)
    with atomic_output(out) as tmp:
        Image.fromarray(np.ascontiguousarray(arr)).save(tmp, format="PNG")
    return out


def save_render(result: RenderResult, out_dir: str | Path, prefix: str = "render") -> dict[str, Path]:
    """Write RGB, depth and mask grids as PNGs plus all arrays as `{prefix}.npz`; return the paths by kind."""
    directory = Path(out_dir)
    # Light grey gutters: with white backgrounds, white padding would merge the views into one picture.
    gutter = 225
    paths = {
        "rgb": save_png(image_grid(result.rgb, pad_value=gutter), directory / f"{prefix}_rgb.png"),
        "depth": save_png(
            image_grid(colorize_depth(result.depth), pad_value=gutter), directory / f"{prefix}_depth.png"
        ),
        "mask": save_png(
            image_grid(colorize_instances(result.instance), pad_value=gutter),
            directory / f"{prefix}_mask.png",
        ),
    }
    npz = directory / f"{prefix}.npz"
    with atomic_output(npz) as tmp, tmp.open("wb") as f:
        np.savez_compressed(
            f,
            rgb=result.rgb,
            depth=result.depth,
            instance=result.instance,
            cameras=result.cameras,
            intrinsics=result.intrinsics,
        )
    paths["npz"] = npz
    return paths

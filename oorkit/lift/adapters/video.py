"""Augmentation with video frames (paper App. A): an image-to-video model or user-provided videos.

Every frame becomes one more 2D sample; temporal order is ignored.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageSequence

from oorkit.errors import InvalidFileError
from oorkit.lift.adapters import require_package, require_path

WEIGHTS = (
    "an image-to-video model as a diffusers folder, e.g. Stable Video Diffusion "
    "(stabilityai/stable-video-diffusion-img2vid-xt)"
)


def frames_from_video(path: str | Path, every: int = 1, max_frames: int | None = None) -> np.ndarray:
    """(F, H, W, 3) uint8 frames of a user video (GIF/APNG/WebP by Pillow; MP4 etc. through imageio)."""
    p = Path(path)
    if not p.is_file():
        raise InvalidFileError(f"{p}: no such video")
    frames: list[np.ndarray] = []
    try:
        with Image.open(p) as im:
            frames = [np.asarray(f.convert("RGB")) for f in ImageSequence.Iterator(im)]
    except OSError:
        require_package("imageio", "imageio[pyav]", f"reading {p.suffix} videos")
        import imageio.v3 as iio

        frames = [np.asarray(f)[..., :3] for f in iio.imiter(p)]
    frames = frames[:: max(1, every)]
    if max_frames is not None:
        frames = frames[:max_frames]
    if not frames:
        raise InvalidFileError(f"{p}: no frames")
    return np.stack(frames)


def image_to_video(
    image: np.ndarray, model_path: str | Path, seed: int, n_frames: int = 14, device: str = "cuda"
) -> np.ndarray:
    """(F, H, W, 3) frames generated from one image by a local Stable Video Diffusion folder."""
    path = require_path(model_path, WEIGHTS)
    require_package("diffusers", "diffusers", "image-to-video augmentation")
    import torch
    from diffusers import StableVideoDiffusionPipeline

    pipe = StableVideoDiffusionPipeline.from_pretrained(
        str(path), torch_dtype=torch.float16, local_files_only=True
    ).to(device)
    generator = torch.Generator(device=device).manual_seed(seed)
    frames = pipe(Image.fromarray(image), num_frames=n_frames, generator=generator).frames[0]
    return np.stack([np.asarray(f.convert("RGB")) for f in frames])

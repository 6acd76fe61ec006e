"""Text-to-image with FLUX.1-dev through diffusers (the paper's image generator), local weights only."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from oorkit.lift.adapters import require_package, require_path

WEIGHTS = "FLUX.1-dev (Hugging Face black-forest-labs/FLUX.1-dev, a diffusers folder)"


def generate_images(
    prompt: str,
    model_path: str | Path,
    n: int,
    seed: int,
    size: int = 1024,
    steps: int = 28,
    device: str = "cuda",
) -> np.ndarray:
    """(n, size, size, 3) uint8 images of `prompt` from a local FLUX diffusers folder."""
    path = require_path(model_path, WEIGHTS)
    require_package("diffusers", "diffusers", "the FLUX source")
    import torch
    from diffusers import FluxPipeline

    pipe = FluxPipeline.from_pretrained(str(path), torch_dtype=torch.bfloat16, local_files_only=True)
    pipe = pipe.to(device)
    generator = torch.Generator(device=device).manual_seed(seed)
    images = pipe(
        prompt,
        num_images_per_prompt=n,
        height=size,
        width=size,
        num_inference_steps=steps,
        guidance_scale=3.5,
        generator=generator,
    ).images
    return np.stack([np.asarray(im.convert("RGB")) for im in images])

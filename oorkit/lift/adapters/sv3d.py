"""Pseudo multi-view generation with SV3D (paper Sec. 3.2): an orbit of views from one image.

SV3D ships with Stability AI's `generative-models` repository, not with diffusers. Point `repo` at a
checkout of it with the weights at `checkpoints/sv3d_p.safetensors`; the adapter runs its own sampling
script (`scripts/sampling/simple_video_sample.py --version sv3d_p`) and reads back the orbit video.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
from PIL import Image

from oorkit.lift.adapters import MissingWeights, require_path
from oorkit.lift.adapters.video import frames_from_video

WEIGHTS = "SV3D_p weights (stabilityai/sv3d: sv3d_p.safetensors) in <generative-models>/checkpoints/"


def sv3d_command(repo: Path, image: Path, out: Path, seed: int, elevation_deg: float) -> list[str]:
    """The generative-models command line that renders one orbit."""
    return [
        sys.executable,
        "scripts/sampling/simple_video_sample.py",
        "--input_path",
        str(image),
        "--version",
        "sv3d_p",
        "--elevations_deg",
        str(elevation_deg),
        "--seed",
        str(seed),
        "--output_folder",
        str(out),
    ]


def novel_views(image: np.ndarray, repo: str | Path, seed: int, elevation_deg: float = 10.0) -> np.ndarray:
    """(21, 576, 576, 3) uint8 orbit views of the object(s) in `image` (white background expected)."""
    root = require_path(repo, "a generative-models checkout (github.com/Stability-AI/generative-models)")
    require_path(root / "checkpoints" / "sv3d_p.safetensors", WEIGHTS)
    with tempfile.TemporaryDirectory(prefix="oorkit_sv3d_") as tmp:
        src, out = Path(tmp) / "input.png", Path(tmp) / "out"
        Image.fromarray(image).save(src)
        run = subprocess.run(
            sv3d_command(root, src, out, seed, elevation_deg), cwd=root, capture_output=True, text=True
        )
        videos = sorted(out.rglob("*.mp4"))
        if run.returncode != 0 or not videos:
            tail = (run.stderr or run.stdout).strip().splitlines()[-1:] or ["no output"]
            raise MissingWeights(f"SV3D failed in {root}: {tail[0]}")
        return frames_from_video(videos[0])

"""The viewer's settings."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from oorkit.sampling import PAIR_SAMPLING


@dataclass(frozen=True)
class ViewerConfig:
    """Server address, what to open, where exports go and the sampler settings."""

    path: Path | None = None
    host: str = "127.0.0.1"
    port: int = 8080
    out: Path = Path("out/view")
    seed: int = 0
    n: int = 8
    steps: int = PAIR_SAMPLING.steps
    model: Path | None = None
    device: str = "cpu"
    prompt: str = ""
    fps: float = 25.0
    # Image-based lighting (viser's HDRI); off is darker but much faster with software WebGL (headless).
    hdri: bool = True

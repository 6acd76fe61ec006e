"""Per-dimension normalisation of φ: the diffusion model works on (φ − mean) / std."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from oorkit.errors import InvalidFileError
from oorkit.files import write_json
from oorkit.geometry._backend import Array, as_tensor, like
from oorkit.oor import PHI_DIM

MIN_STD = 1e-3  # a dimension that never varies must not blow up when divided by its std


@dataclass(frozen=True)
class PhiStats:
    """Mean and standard deviation of each of φ's 15 dimensions."""

    mean: np.ndarray
    std: np.ndarray

    def save(self, path: str | Path) -> Path:
        """Write as JSON."""
        path = Path(path)
        write_json(path, {"mean": self.mean.tolist(), "std": self.std.tolist()})
        return path


def compute_stats(phi: np.ndarray) -> PhiStats:
    """Statistics of φ samples (N, 15)."""
    phi = np.asarray(phi, dtype=np.float64)
    if phi.ndim != 2 or phi.shape[1] != PHI_DIM or len(phi) == 0:
        raise ValueError(f"need φ samples of shape (N, {PHI_DIM}) with N ≥ 1, got {phi.shape}")
    return PhiStats(phi.mean(0), np.maximum(phi.std(0), MIN_STD))


def load_stats(path: str | Path) -> PhiStats:
    """Read statistics written by `PhiStats.save`."""
    try:
        doc = json.loads(Path(path).read_text())
        stats = PhiStats(np.asarray(doc["mean"], dtype=np.float64), np.asarray(doc["std"], dtype=np.float64))
    except FileNotFoundError:
        raise InvalidFileError(f"{path}: no such file") from None
    except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
        raise InvalidFileError(f"{path}: not valid φ statistics ({exc})") from None
    if stats.mean.shape != (PHI_DIM,) or stats.std.shape != (PHI_DIM,) or (stats.std <= 0).any():
        raise InvalidFileError(f"{path}: φ statistics need {PHI_DIM} means and {PHI_DIM} positive stds")
    return stats


def normalize(phi: Array, stats: PhiStats) -> Array:
    """(φ − mean) / std."""
    p = as_tensor(phi)
    mean = torch.as_tensor(stats.mean, dtype=p.dtype, device=p.device)
    std = torch.as_tensor(stats.std, dtype=p.dtype, device=p.device)
    return like((p - mean) / std, phi)


def denormalize(z: Array, stats: PhiStats) -> Array:
    """Inverse of `normalize`."""
    p = as_tensor(z)
    mean = torch.as_tensor(stats.mean, dtype=p.dtype, device=p.device)
    std = torch.as_tensor(stats.std, dtype=p.dtype, device=p.device)
    return like(p * std + mean, z)

"""Fréchet distance in a learned feature space (the OOR paper's Appendix D).

A 3-layer MLP encoder–decoder is trained once on millions of random relations and shipped in
`oorkit/eval/data/` (recipe: `scripts/train_fd_encoder.py`, documented in docs/evaluation.md). Its input
is the 18 relation features of `oorkit.eval.pairwise.relation_features` with the translation compressed
and the scales taken as logs: R as 9 numbers (row-major), asinh(t^{T→B} / 0.1), log s^{T→B}, log s^B.
Rotations, translations (base units) and scales thus land in one 128-D space where FD is comparable
across contexts of different units.
"""

from __future__ import annotations

import functools
import itertools
import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import torch
from safetensors.torch import load_file
from torch import nn

from oorkit.errors import InvalidFileError, OORKitError
from oorkit.eval.fd import frechet_distance, relation_features

DATA_DIR = Path(__file__).parent / "data"
DEFAULT_WEIGHTS = DATA_DIR / "fd_encoder.safetensors"
INPUT_DIM = 18
LATENT_DIM = 128
# Scales below this (degenerate boxes) are clamped before the log so features stay finite.
MIN_SCALE = 1e-4
# Translations enter as asinh(t / 0.1): linear within a tenth of the base size, logarithmic beyond, so a
# cup moved 20 cm across a table weighs as much as a visible tilt and far-away offsets do not dominate.
TRANSLATION_SCALE = 0.1


def encoder_inputs(phi: np.ndarray) -> np.ndarray:
    """(N, 18) encoder inputs of φ samples: R (9, row-major), asinh(t / 0.1), log s^{T→B}, log s^B."""
    f = relation_features(phi)
    f[:, 9:12] = np.arcsinh(f[:, 9:12] / TRANSLATION_SCALE)
    f[:, 12:] = np.log(np.maximum(f[:, 12:], MIN_SCALE))
    return f


def inputs_to_parts(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Encoder inputs (N, 18) back to (R (N, 3, 3) as given, t, s^{T→B}, s^B)."""
    x = np.asarray(x, dtype=np.float64)
    t = TRANSLATION_SCALE * np.sinh(x[:, 9:12])
    return x[:, :9].reshape(-1, 3, 3), t, np.exp(x[:, 12:15]), np.exp(x[:, 15:18])


def _mlp(dims: list[int]) -> nn.Sequential:
    layers: list[nn.Module] = []
    for i, (a, b) in enumerate(itertools.pairwise(dims)):
        layers.append(nn.Linear(a, b))
        if i < len(dims) - 2:
            layers.append(nn.SiLU())
    return nn.Sequential(*layers)


class RelationAutoencoder(nn.Module):
    """3-layer MLP encoder (18 → H → H → 128) and 3-layer MLP decoder (128 → H → H → 18)."""

    def __init__(self, hidden: int = 256, latent: int = LATENT_DIM) -> None:
        super().__init__()
        self.encoder = _mlp([INPUT_DIM, hidden, hidden, latent])
        self.decoder = _mlp([latent, hidden, hidden, INPUT_DIM])
        # Fixed input standardisation (statistics of the training distribution), saved with the weights.
        self.input_mean: torch.Tensor
        self.input_std: torch.Tensor
        self.register_buffer("input_mean", torch.zeros(INPUT_DIM))
        self.register_buffer("input_std", torch.ones(INPUT_DIM))

    def encode(self, x: torch.Tensor) -> torch.Tensor:
        """Latent codes (N, 128) of raw encoder inputs (N, 18)."""
        return self.encoder((x - self.input_mean) / self.input_std)

    def decode(self, z: torch.Tensor) -> torch.Tensor:
        """Raw encoder inputs (N, 18) reconstructed from latent codes."""
        return self.decoder(z) * self.input_std + self.input_mean


def random_rotations(n: int, generator: torch.Generator) -> torch.Tensor:
    """(n, 3, 3) rotations uniform on SO(3) (normalised Gaussian quaternions)."""
    q = torch.randn(n, 4, generator=generator)
    w, x, y, z = (q / q.norm(dim=1, keepdim=True)).unbind(1)
    return torch.stack(
        [
            1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y),
            2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x),
            2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y),
        ],
        dim=1,
    ).reshape(n, 3, 3)  # fmt: skip


def _log_uniform(n: int, lo: float, hi: float, generator: torch.Generator, dim: int = 1) -> torch.Tensor:
    u = torch.rand(n, dim, generator=generator)
    return torch.exp(math.log(lo) + u * (math.log(hi) - math.log(lo)))


def random_relations(n: int, generator: torch.Generator) -> torch.Tensor:
    """(n, 18) encoder inputs of random relations: the training distribution of the encoder.

    R uniform on SO(3); t = r·g with g ~ N(0, I₃) and r log-uniform in [0.03, 5] base units (touching
    neighbours to objects several base sizes away, and the large offsets of a small base); target size
    log-uniform in [0.01, 20] base units times an aspect ratio of three log-uniform [0.05, 1] extents
    (max 1); base aspect ratio likewise (max = 1, as in φ).
    """
    rotation = random_rotations(n, generator).reshape(n, 9)
    translation = torch.randn(n, 3, generator=generator) * _log_uniform(n, 0.03, 5.0, generator)
    aspect = _log_uniform(n, 0.05, 1.0, generator, 3)
    target = aspect / aspect.amax(1, keepdim=True) * _log_uniform(n, 0.01, 20.0, generator)
    base_aspect = _log_uniform(n, 0.05, 1.0, generator, 3)
    base = base_aspect / base_aspect.amax(1, keepdim=True)
    translation = torch.asinh(translation / TRANSLATION_SCALE)
    return torch.cat([rotation, translation, target.log(), base.log()], dim=1)


def load_autoencoder(weights: str | Path | None = None) -> RelationAutoencoder:
    """The autoencoder from a safetensors file and its JSON config beside it (default: the shipped one)."""
    return _load(str(Path(weights or DEFAULT_WEIGHTS).resolve()))


@functools.lru_cache(maxsize=2)
def _load(path: str) -> RelationAutoencoder:
    weights, config_path = Path(path), Path(path).with_suffix(".json")
    if not weights.is_file() or not config_path.is_file():
        raise OORKitError(f"FD encoder weights {weights} or its config {config_path.name} not found")
    try:
        config = json.loads(config_path.read_text())
        model = RelationAutoencoder(hidden=int(config["hidden"]), latent=int(config["latent"]))
        model.load_state_dict(load_file(str(weights)))
    except (KeyError, ValueError, RuntimeError) as exc:
        raise InvalidFileError(f"{weights}: not an FD encoder ({str(exc).splitlines()[0]})") from exc
    return model.eval()


def learned_features(phi: np.ndarray, weights: str | Path | None = None) -> np.ndarray:
    """(N, 128) learned features of φ samples (N, 15)."""
    model = load_autoencoder(weights)
    x = torch.as_tensor(encoder_inputs(phi), dtype=torch.float32)
    with torch.no_grad():
        return model.encode(x).double().numpy()


def learned_fd(phi_a: np.ndarray, phi_b: np.ndarray, weights: str | Path | None = None) -> float:
    """Fréchet distance between two sets of φ samples in the learned 128-D feature space."""
    return frechet_distance(learned_features(phi_a, weights), learned_features(phi_b, weights))


def reconstruct(phi: np.ndarray, weights: str | Path | None = None) -> np.ndarray:
    """(N, 18) decoder reconstructions of the encoder inputs of φ (for checking the shipped weights)."""
    model = load_autoencoder(weights)
    x = torch.as_tensor(encoder_inputs(phi), dtype=torch.float32)
    with torch.no_grad():
        return model.decode(model.encode(x)).double().numpy()


def pairwise_feature_fn(kind: str, reference_phi: np.ndarray | None = None) -> Callable[[np.ndarray], Any]:
    """φ (N, 15) → features for `evaluate_pairwise`: "fixed" (18 numbers standardised by the statistics
    of `reference_phi`, the existing behaviour) or "learned" (the 128-D encoder space, used as is)."""
    if kind == "learned":
        return learned_features
    if kind != "fixed":
        raise OORKitError(f"features must be fixed or learned, got {kind!r}")
    if reference_phi is None:
        raise OORKitError("fixed features need the reference samples for their standardisation")
    ref = relation_features(reference_phi)
    mean, std = ref.mean(0), np.maximum(ref.std(0), 1e-3)
    return lambda phi: (relation_features(phi) - mean) / std

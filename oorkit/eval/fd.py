"""Fréchet distance between feature sets, and the fixed relation features of φ it is measured on."""

from __future__ import annotations

import numpy as np
import scipy.linalg

from oorkit import oor

FEATURE_DIM = 18
# Feature groups for the per-group breakdown: which part of φ the model gets wrong.
FEATURE_GROUPS = {
    "rotation": slice(0, 9),
    "translation": slice(9, 12),
    "target_scale": slice(12, 15),
    "base_scale": slice(15, 18),
}


def relation_features(phi: np.ndarray) -> np.ndarray:
    """(N, 18) features of φ samples: R as 9 numbers (row-major), t, s^{T→B}, s^B."""
    phi = np.asarray(phi, dtype=np.float64).reshape(-1, 15)
    parts = oor.unpack(phi)
    return np.concatenate(
        [
            np.asarray(parts.rotation).reshape(-1, 9),
            np.asarray(parts.translation),
            np.asarray(parts.target_scale),
            np.asarray(parts.base_scale),
        ],
        axis=1,
    )


def frechet_distance(a: np.ndarray, b: np.ndarray, eps: float = 1e-6) -> float:
    """Fréchet distance between Gaussians fitted to feature sets a (N, D) and b (M, D)."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.ndim != 2 or a.shape[1:] != b.shape[1:] or len(a) < 2 or len(b) < 2:
        raise ValueError(f"need two feature sets (N≥2, D) of the same D, got {a.shape} and {b.shape}")
    mu_a, mu_b = a.mean(0), b.mean(0)
    # Features that never vary (e.g. an upright object's pitch) make the covariances singular.
    ridge = eps * np.eye(a.shape[1])
    cov_a, cov_b = np.cov(a, rowvar=False) + ridge, np.cov(b, rowvar=False) + ridge
    covmean = scipy.linalg.sqrtm(cov_a @ cov_b)
    covmean = np.real(covmean)
    value = float(((mu_a - mu_b) ** 2).sum() + np.trace(cov_a + cov_b - 2.0 * covmean))
    return max(value, 0.0)

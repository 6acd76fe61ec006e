"""Per-keypoint features, their PCA to F' = 15 dims and averaging per 3D point (paper Sec. 3.2).

The offline descriptor runs on the CPU with no weights: colours and mask occupancy on rings around the
keypoint whose radii are fractions of the object's size in that image, so the same surface point seen
at any distance gives a similar vector. Colours are normalised by the object's mean colour in the view,
which removes the scene's brightness and white balance. DINOv2 features are in `adapters.dinov2`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

#: Ring radii as fractions of the object's size in the image (sqrt of its mask area).
RING_RADII = (0.0, 0.03, 0.07, 0.13, 0.22)
RING_SAMPLES = 12
PCA_DIM = 15

#: (image (H, W, 3) uint8, object mask (H, W) bool, keypoints (K, 2) xy) → (K, D) descriptors.
Descriptor = Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray]


def offline_descriptor(image: np.ndarray, mask: np.ndarray, xy: np.ndarray) -> np.ndarray:
    """Colour + local-shape descriptor (K, 4·len(RING_RADII) − 1) at keypoints of one object in one view."""
    h, w = mask.shape
    area = float(mask.sum())
    if area == 0 or len(xy) == 0:
        return np.zeros((len(xy), 4 * len(RING_RADII) - 1))
    size = np.sqrt(area)
    rgb = image.astype(np.float64)
    # Gray-world on the object: divides out global gain and white balance (the scene's lighting).
    norm = rgb / np.maximum(rgb[mask].mean(axis=0), 1.0)
    angles = np.linspace(0, 2 * np.pi, RING_SAMPLES, endpoint=False)
    out = []
    for radius in RING_RADII:
        r = radius * size
        ring = np.stack([np.cos(angles), np.sin(angles)], axis=1)
        offsets = np.zeros((1, 2)) if r == 0 else r * ring
        px = np.rint(xy[:, None, :] + offsets[None]).astype(np.int64)
        inside = (px[..., 0] >= 0) & (px[..., 0] < w) & (px[..., 1] >= 0) & (px[..., 1] < h)
        px[..., 0] = np.clip(px[..., 0], 0, w - 1)
        px[..., 1] = np.clip(px[..., 1], 0, h - 1)
        on = inside & mask[px[..., 1], px[..., 0]]
        colours = norm[px[..., 1], px[..., 0]] * on[..., None]
        count = np.maximum(on.sum(axis=1, keepdims=True), 1)
        out.append(colours.sum(axis=1) / count)
        if r > 0:
            out.append(on.mean(axis=1, keepdims=True))
    return np.concatenate(out, axis=1)


@dataclass(frozen=True)
class Pca:
    """Principal axes fitted on features: project(x) = (x − mean) @ components.T, whitened by `scale`."""

    mean: np.ndarray  # (D,)
    components: np.ndarray  # (F', D)
    scale: np.ndarray  # (F',)

    def project(self, x: np.ndarray) -> np.ndarray:
        """(N, D) → (N, F')."""
        return (np.asarray(x, float) - self.mean) @ self.components.T / self.scale


def fit_pca(features: np.ndarray, dim: int = PCA_DIM) -> Pca:
    """PCA of all (scene and template) per-keypoint features; each feature standardised first."""
    x = np.asarray(features, float)
    mean = x.mean(axis=0)
    std = np.maximum(x.std(axis=0), 1e-8)
    z = (x - mean) / std
    _, s, vt = np.linalg.svd(z, full_matrices=False)
    k = min(dim, vt.shape[0])
    # Whitening keeps low-variance but distinctive directions in play for the cosine similarity.
    sigma = np.maximum(s[:k] / np.sqrt(max(len(x) - 1, 1)), 1e-8)
    components = vt[:k] / std[None]
    return Pca(mean, components, sigma)


def average_per_point(values: np.ndarray, point_index: np.ndarray, n_points: int) -> np.ndarray:
    """Mean of per-observation rows (K, F) per 3D point (n_points, F); points without observations get 0."""
    sums = np.zeros((n_points, values.shape[1]))
    np.add.at(sums, point_index, values)
    counts = np.bincount(point_index, minlength=n_points)[:, None]
    return sums / np.maximum(counts, 1)


def colour_histogram(image: np.ndarray, mask: np.ndarray, bins: int = 6) -> np.ndarray:
    """Global offline feature of one object in one view: its gray-world colour histogram (bins³,), L1 = 1.

    The offline counterpart of a DINO image feature for best-template selection (paper App. A): two
    templates of one category differ in texture and proportions, and so do their colour statistics.
    """
    pixels = image[mask].astype(np.float64)
    if len(pixels) == 0:
        return np.zeros(bins**3)
    norm = pixels / np.maximum(pixels.mean(axis=0), 1.0)
    idx = np.clip((norm / 2.0 * bins).astype(int), 0, bins - 1)
    flat = (idx[:, 0] * bins + idx[:, 1]) * bins + idx[:, 2]
    hist = np.bincount(flat, minlength=bins**3).astype(np.float64)
    return hist / hist.sum()


def mean_descriptor(descriptor: Descriptor, image: np.ndarray, mask: np.ndarray, step: int = 8) -> np.ndarray:
    """Global feature from a dense descriptor (e.g. DINOv2): its mean over a pixel grid inside the mask."""
    ys, xs = np.nonzero(mask[::step, ::step])
    xy = np.stack([xs * step, ys * step], axis=1).astype(np.float64)
    return descriptor(image, mask, xy).mean(axis=0) if len(xy) else descriptor(image, mask, xy[:1]).sum(0)

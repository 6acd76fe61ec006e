"""Automatic filters of lifted samples (paper App. A): point counts, Chamfer distance, feature agreement.

The VLM judge is in `oorkit.lift.adapters.vlm`. Every filter returns a number that goes to the sample's
manifest, so thresholds can be re-tuned without re-running anything upstream.
"""

from __future__ import annotations

import numpy as np
from scipy.spatial import cKDTree

from oorkit.lift.registration import Similarity


def chamfer_to_points(mesh_points: np.ndarray, transform: Similarity, points: np.ndarray) -> dict[str, float]:
    """Chamfer distance between a registered template (dense surface samples) and its scene points.

    Distances are divided by the registered template's size (its longest edge, = the scale s since the
    template's longest edge is 1), so one threshold fits every reconstruction scale. `mesh_to_points`
    is the paper's direction; it also counts template parts no view saw, so the filter thresholds the
    mean of both directions.
    """
    size = max(transform.scale, 1e-12)
    mesh = transform.apply(mesh_points)
    d_pm, _ = cKDTree(mesh).query(points)
    d_mp, _ = cKDTree(points).query(mesh)
    pm, mp = float(d_pm.mean() / size), float(d_mp.mean() / size)
    return {"points_to_mesh": pm, "mesh_to_points": mp, "chamfer": 0.5 * (pm + mp)}


def feature_agreement(
    points: np.ndarray,
    features: np.ndarray,
    template_points: np.ndarray,
    template_features: np.ndarray,
    transform: Similarity,
    similarity: float = 0.5,
) -> float:
    """Fraction of scene points whose feature matches that of the registered template point under them.

    A registration that fits the geometry with the wrong part of the template (upside down, mirrored,
    rotated about a symmetry axis) keeps a low Chamfer distance but disagrees in features.
    """
    if len(points) == 0 or len(template_points) == 0:
        return 0.0
    _, nn = cKDTree(transform.apply(template_points)).query(points)
    a = features / np.maximum(np.linalg.norm(features, axis=1, keepdims=True), 1e-12)
    b = template_features[nn]
    b = b / np.maximum(np.linalg.norm(b, axis=1, keepdims=True), 1e-12)
    return float(((a * b).sum(axis=1) > similarity).mean())

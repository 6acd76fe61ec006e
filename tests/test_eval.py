"""Evaluation metrics: the Fréchet distance and relation features behave as the definitions say."""

from __future__ import annotations

import numpy as np

from oorkit import oor
from oorkit.eval.pairwise import frechet_distance, relation_features
from oorkit.geometry import axis_angle_to_matrix


def test_frechet_distance_of_gaussians() -> None:
    rng = np.random.default_rng(0)
    a, b = rng.normal(size=(4000, 3)), rng.normal(size=(4000, 3))
    assert frechet_distance(a, b) < 0.02
    # Mean shift d adds |d|²; a std of 2 instead of 1 adds (2 − 1)² per dimension.
    assert abs(frechet_distance(a, b + np.array([2.0, 0.0, 0.0])) - 4.0) < 0.15
    assert abs(frechet_distance(a, 2.0 * b) - 3.0) < 0.25
    # Constant features (singular covariances) stay finite and symmetric.
    c = np.concatenate([a, np.zeros((4000, 1))], axis=1)
    d = np.concatenate([b, np.zeros((4000, 1))], axis=1)
    assert np.isfinite(frechet_distance(c, d)) and abs(frechet_distance(c, d) - frechet_distance(d, c)) < 1e-6


def test_relation_features_hold_rotation_translation_and_scales() -> None:
    r = axis_angle_to_matrix(np.array([0.1, 0.2, 0.3]))
    phi = oor.pack(r, np.array([1.0, 2.0, 3.0]), np.array([0.1, 0.2, 0.3]), np.array([1.0, 0.5, 0.25]))
    f = relation_features(phi[None])
    assert f.shape == (1, 18)
    np.testing.assert_allclose(f[0, :9], r.reshape(-1), atol=1e-9)
    np.testing.assert_allclose(f[0, 9:], [1, 2, 3, 0.1, 0.2, 0.3, 1, 0.5, 0.25])

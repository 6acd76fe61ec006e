"""The registration core on point sets with known similarity transforms, noise and outliers."""

from __future__ import annotations

import numpy as np
import pytest
import trimesh
from scipy.spatial.transform import Rotation

from oorkit.assets import load_template_mesh
from oorkit.lift.registration import (
    Similarity,
    cosine_correspondences,
    icp,
    ransac_similarity,
    register_template,
    rotation_error_deg,
    select_template,
    umeyama,
)


def _random_similarity(seed: int) -> Similarity:
    rng = np.random.default_rng(seed)
    return Similarity(
        float(rng.uniform(0.3, 5.0)), Rotation.random(random_state=seed).as_matrix(), rng.normal(0, 3, 3)
    )


def _errors(est: Similarity, gt: Similarity, size: float) -> tuple[float, float, float]:
    return (
        rotation_error_deg(est.rotation, gt.rotation),
        float(np.linalg.norm(est.translation - gt.translation) / (gt.scale * size)),
        abs(est.scale / gt.scale - 1.0),
    )


@pytest.fixture(scope="module")
def teapot() -> tuple[np.ndarray, np.ndarray]:
    mesh = load_template_mesh("teapot/procedural")
    points, faces = trimesh.sample.sample_surface_even(mesh, 2000, seed=0)
    return np.asarray(points), np.asarray(mesh.face_normals[faces])


def test_similarity_algebra() -> None:
    a, b = _random_similarity(1), _random_similarity(2)
    x = np.random.default_rng(0).normal(size=(10, 3))
    np.testing.assert_allclose(a.compose(b).apply(x), a.apply(b.apply(x)), atol=1e-9)
    np.testing.assert_allclose(a.inverse().apply(a.apply(x)), x, atol=1e-9)
    c = Similarity.from_matrix(a.matrix())
    assert c.scale == pytest.approx(a.scale)
    np.testing.assert_allclose(c.rotation, a.rotation, atol=1e-12)


@pytest.mark.parametrize("seed", range(5))
def test_umeyama_exact(seed: int) -> None:
    gt = _random_similarity(seed)
    src = np.random.default_rng(seed).normal(size=(50, 3))
    est = umeyama(src, gt.apply(src))
    assert max(_errors(est, gt, 1.0)) < 1e-8
    assert np.linalg.det(est.rotation) == pytest.approx(1.0)


def test_umeyama_never_returns_a_reflection() -> None:
    src = np.random.default_rng(0).normal(size=(30, 3))
    dst = src * np.array([1.0, 1.0, -1.0])  # a mirror: the best proper rotation is still a rotation
    assert np.linalg.det(umeyama(src, dst).rotation) == pytest.approx(1.0)


def test_cosine_correspondences_threshold() -> None:
    f = np.eye(4)
    pairs, _ = cosine_correspondences(f + 0.01, f, threshold=0.7)
    np.testing.assert_array_equal(pairs, np.stack([np.arange(4), np.arange(4)], 1))
    pairs, _ = cosine_correspondences(np.array([[1.0, 1.0, 0, 0]]), f, threshold=0.8)
    assert len(pairs) == 0  # cos 45° = 0.707 < 0.8


@pytest.mark.parametrize("seed", range(4))
def test_ransac_half_outliers(seed: int, teapot: tuple[np.ndarray, np.ndarray]) -> None:
    rng = np.random.default_rng(seed)
    points, _ = teapot
    gt = _random_similarity(seed)
    dst = gt.apply(points) + rng.normal(0, 0.003 * gt.scale, points.shape)
    wrong = rng.random(len(points)) < 0.5
    dst[wrong] = dst[rng.permutation(np.flatnonzero(wrong))]
    res = ransac_similarity(points, dst, 0.02 * gt.scale, rng)
    rot, trans, scale = _errors(res.transform, gt, 1.0)
    assert rot < 1.0 and trans < 0.01 and scale < 0.01
    assert abs(res.inlier_ratio - 0.5) < 0.05


@pytest.mark.parametrize("metric", ["point_to_point", "point_to_plane"])
def test_icp_refines_a_perturbed_start(metric: str, teapot: tuple[np.ndarray, np.ndarray]) -> None:
    points, normals = teapot
    gt = _random_similarity(7)
    rng = np.random.default_rng(0)
    # A partial, noisy scene: only the half facing +x, resampled (no point coincides with a template point).
    mesh = load_template_mesh("teapot/procedural")
    scene, _ = trimesh.sample.sample_surface(mesh, 3000, seed=1)
    scene = np.asarray(scene)[np.asarray(scene)[:, 0] > -0.1]
    scene = gt.apply(scene) + rng.normal(0, 0.002 * gt.scale, scene.shape)
    start = Similarity(1.05, Rotation.from_rotvec([0.08, -0.05, 0.06]).as_matrix(), np.array([0.03, 0, 0.02]))
    init = start.compose(gt.inverse())  # scene → template, off by ~6° / 5% / 3 cm
    res = icp(scene, points, init, metric=metric, target_normals=normals)  # type: ignore[arg-type]
    rot, trans, scale = _errors(res.transform.inverse(), gt, 1.0)
    assert rot < 1.5 and trans < 0.01 and scale < 0.01


def test_icp_rigid_keeps_scale(teapot: tuple[np.ndarray, np.ndarray]) -> None:
    points, _ = teapot
    gt = Similarity(2.0, Rotation.from_rotvec([0, 0.1, 0]).as_matrix(), np.zeros(3))
    res = icp(gt.apply(points), points, Similarity(0.5, np.eye(3), np.zeros(3)), with_scale=False)
    assert res.transform.scale == pytest.approx(0.5)


def test_register_template_with_features(teapot: tuple[np.ndarray, np.ndarray]) -> None:
    """Features: noisy copies for half the points, random for the rest (50% outlier correspondences)."""
    points, normals = teapot
    rng = np.random.default_rng(3)
    feats = rng.normal(size=(len(points), 15))
    gt = _random_similarity(3)
    keep = rng.random(len(points)) < 0.6  # partial scene
    scene = gt.apply(points[keep]) + rng.normal(0, 0.002 * gt.scale, (keep.sum(), 3))
    scene_f = feats[keep] + rng.normal(0, 0.3, (keep.sum(), 15))
    bad = rng.random(keep.sum()) < 0.5
    scene_f[bad] = feats[rng.integers(0, len(points), bad.sum())]
    reg = register_template(points, feats, scene, scene_f, rng, similarity_threshold=0.7)
    rot, trans, scale = _errors(reg.transform, gt, 1.0)
    assert rot < 1.0 and trans < 0.01 and scale < 0.01
    assert reg.correspondences > 0.8 * keep.sum()
    reg_plane = register_template(
        points, feats, scene, scene_f, rng, metric="point_to_plane", icp_normals=normals
    )
    assert max(_errors(reg_plane.transform, gt, 1.0)) < 1.0


def test_register_template_without_correspondences() -> None:
    rng = np.random.default_rng(0)
    reg = register_template(
        rng.normal(size=(10, 3)), np.eye(10, 4), rng.normal(size=(10, 3)), -np.eye(10, 4), rng
    )
    assert not reg.ok


def test_select_template_prefers_similar_views() -> None:
    rng = np.random.default_rng(0)
    truth = rng.normal(size=8)
    scene = truth + rng.normal(0, 0.2, (5, 8))
    candidates = [rng.normal(size=(6, 8)), truth + rng.normal(0, 0.2, (6, 8)), -scene[:3]]
    best, scores = select_template(scene, candidates)
    assert best == 1 and scores.shape == (3,)

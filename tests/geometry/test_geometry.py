"""Round trips and invariants of the batched geometry (NumPy and torch)."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from oorkit.geometry import (
    aabb_overlap_volume,
    apply,
    axis_angle_to_matrix,
    box_corners,
    compose,
    decompose_transform,
    geodesic_distance,
    invert,
    make_transform,
    matrix_to_axis_angle,
    matrix_to_quat,
    matrix_to_rot6d,
    obb_intersects,
    obb_overlap_volume,
    points_aabb,
    quat_to_matrix,
    rot6d_tangent_step,
    rot6d_to_matrix,
    support_points,
    transformed_box_aabb,
    transformed_box_obb,
)

finite = st.floats(-10, 10, allow_nan=False, allow_infinity=False)
quats = arrays(np.float64, (4,), elements=st.floats(-1, 1)).filter(lambda q: np.linalg.norm(q) > 0.1)
scales = arrays(np.float64, (3,), elements=st.floats(0.05, 5.0))
vec3 = arrays(np.float64, (3,), elements=finite)


def is_rotation(r: np.ndarray) -> bool:
    return np.allclose(r @ r.swapaxes(-1, -2), np.eye(3), atol=1e-9) and np.allclose(np.linalg.det(r), 1.0)


@given(quats)
def test_rot6d_round_trip(q: np.ndarray) -> None:
    r = quat_to_matrix(q)
    assert is_rotation(r)
    six = matrix_to_rot6d(r)
    assert six.shape == (6,)
    np.testing.assert_allclose(six, np.concatenate([r[:, 0], r[:, 1]]), atol=1e-12)
    np.testing.assert_allclose(rot6d_to_matrix(six), r, atol=1e-9)


@given(arrays(np.float64, (6,), elements=st.floats(-5, 5)))
def test_any_nondegenerate_6d_is_a_rotation(six: np.ndarray) -> None:
    a, b = six[:3], six[3:]
    if np.linalg.norm(a) < 1e-3 or np.linalg.norm(np.cross(a, b)) < 1e-3:
        return
    r = rot6d_to_matrix(six)
    assert is_rotation(r)
    # Gram–Schmidt keeps the direction of the first column.
    np.testing.assert_allclose(r[:, 0], a / np.linalg.norm(a), atol=1e-9)


@given(quats)
def test_quaternion_and_axis_angle_round_trips(q: np.ndarray) -> None:
    r = quat_to_matrix(q)
    np.testing.assert_allclose(quat_to_matrix(matrix_to_quat(r)), r, atol=1e-9)
    np.testing.assert_allclose(axis_angle_to_matrix(matrix_to_axis_angle(r)), r, atol=1e-8)
    qn = q / np.linalg.norm(q)
    back = matrix_to_quat(r)
    assert np.isclose(abs(back @ qn), 1.0, atol=1e-9)  # q and -q are the same rotation


def test_types_are_preserved_and_batched() -> None:
    r = torch.stack([torch.eye(3, dtype=torch.float32)] * 5).reshape(5, 1, 3, 3)
    six = matrix_to_rot6d(r)
    assert isinstance(six, torch.Tensor) and six.shape == (5, 1, 6) and six.dtype == torch.float32
    assert isinstance(rot6d_to_matrix(six.numpy()), np.ndarray)
    assert rot6d_to_matrix(six).shape == (5, 1, 3, 3)


def test_rot6d_is_differentiable() -> None:
    six = torch.randn(4, 6, dtype=torch.float64, requires_grad=True)
    assert torch.autograd.gradcheck(rot6d_to_matrix, (six,))


@given(quats, vec3)
def test_tangent_step_follows_a_rotation_increment_exactly(q: np.ndarray, omega: np.ndarray) -> None:
    r = quat_to_matrix(q)
    omega = omega / 100.0
    scale = np.array([0.5, 1.0, 2.0, 0.3, 0.7, 1.5])
    skew = np.array([[0, -omega[2], omega[1]], [omega[2], 0, -omega[0]], [-omega[1], omega[0], 0]])
    # d(6D) of exp([ω]×)·R to first order, in coordinates divided by `scale`.
    step = matrix_to_rot6d(skew @ r) / scale
    moved = rot6d_tangent_step(r, step, scale)
    assert is_rotation(moved)
    np.testing.assert_allclose(moved, axis_angle_to_matrix(omega) @ r, atol=1e-9)


def test_tangent_step_ignores_the_part_normal_to_so3() -> None:
    r = quat_to_matrix(np.array([0.3, -0.2, 0.5, 0.8]))
    c0, c1 = r[:, 0], r[:, 1]
    # Moving c0 towards c1 and c1 towards c0 by the same amount stretches the frame: no rotation in it.
    normal = 0.2 * np.concatenate([c1, c0])
    np.testing.assert_allclose(rot6d_tangent_step(r, normal), r, atol=1e-12)
    # Gram–Schmidt after adding that step turns the frame by ~0.2 rad about c2: the drift this avoids.
    assert np.degrees(geodesic_distance(rot6d_to_matrix(matrix_to_rot6d(r) + normal), r)) > 10
    tangential = 0.2 * np.concatenate([c1, -c0])
    np.testing.assert_allclose(rot6d_tangent_step(r, tangential + normal), rot6d_tangent_step(r, tangential))


def test_tangent_step_is_batched_and_keeps_types() -> None:
    r = torch.stack([torch.eye(3)] * 4).reshape(2, 2, 3, 3)
    out = rot6d_tangent_step(r, torch.randn(2, 2, 6), torch.ones(6))
    assert isinstance(out, torch.Tensor) and out.shape == (2, 2, 3, 3) and out.dtype == torch.float32
    m = out.double().numpy()
    np.testing.assert_allclose(m @ m.swapaxes(-1, -2), np.broadcast_to(np.eye(3), m.shape), atol=1e-5)


@given(quats, vec3, scales, vec3)
def test_transform_round_trips(q: np.ndarray, t: np.ndarray, s: np.ndarray, p: np.ndarray) -> None:
    m = make_transform(quat_to_matrix(q), t, s)
    r2, t2, s2 = decompose_transform(m)
    np.testing.assert_allclose(r2, quat_to_matrix(q), atol=1e-9)
    np.testing.assert_allclose(t2, t, atol=1e-12)
    np.testing.assert_allclose(s2, s, rtol=1e-9)
    np.testing.assert_allclose(compose(m, invert(m)), np.eye(4), atol=1e-8)
    points = p[None]
    np.testing.assert_allclose(apply(invert(m), apply(m, points)), points, atol=1e-8)
    np.testing.assert_allclose(apply(m, points)[0], quat_to_matrix(q) @ (s * p) + t, atol=1e-9)


def test_compose_order() -> None:
    a = make_transform(np.eye(3), np.array([1.0, 0, 0]), 2.0)
    b = make_transform(np.eye(3), np.array([0.0, 1, 0]))
    p = np.zeros((1, 3))
    np.testing.assert_allclose(apply(compose(a, b), p), apply(a, apply(b, p)))
    with pytest.raises(ValueError):
        compose()


@given(quats, vec3, scales, scales)
@settings(max_examples=50)
def test_aabb_of_transformed_box_is_tight(q: np.ndarray, t: np.ndarray, s: np.ndarray, e: np.ndarray) -> None:
    m = make_transform(quat_to_matrix(q), t, s)
    lo, hi = transformed_box_aabb(e, m)
    corners = box_corners(e, m)
    np.testing.assert_allclose(lo, corners.min(0), atol=1e-9)
    np.testing.assert_allclose(hi, corners.max(0), atol=1e-9)


def test_obb_of_transformed_box() -> None:
    r = axis_angle_to_matrix(np.array([0.0, 0.3, 0.0]))
    center, axes, extents = transformed_box_obb(
        np.array([1.0, 2.0, 3.0]), make_transform(r, np.ones(3), [2.0, 1, 1])
    )
    np.testing.assert_allclose(center, np.ones(3))
    np.testing.assert_allclose(axes, r, atol=1e-12)
    np.testing.assert_allclose(extents, [2.0, 2.0, 3.0])


def test_aabb_overlap_volume() -> None:
    lo, hi = np.zeros(3), np.ones(3)
    assert aabb_overlap_volume(lo, hi, lo + 0.5, hi + 0.5) == pytest.approx(0.125)
    assert aabb_overlap_volume(lo, hi, lo + 2, hi + 2) == 0.0
    a = torch.tensor([[0.0, 0, 0]], requires_grad=True)
    v = aabb_overlap_volume(a, a + 1, torch.full((1, 3), 0.5), torch.full((1, 3), 1.5))
    v.sum().backward()
    assert a.grad is not None and (a.grad > 0).all()  # moving a up increases overlap


@given(quats, vec3, scales)
@settings(max_examples=25, deadline=None)
def test_obb_overlap_matches_monte_carlo(q: np.ndarray, t: np.ndarray, e: np.ndarray) -> None:
    r = quat_to_matrix(q)
    t = t / 20  # keep the boxes near each other so the overlap is often non-zero
    exact = obb_overlap_volume(np.zeros(3), np.eye(3), np.ones(3), t, r, e)
    rng = np.random.default_rng(0)
    pts = rng.uniform(-0.5, 0.5, (20000, 3))
    local = (pts - t) @ r
    inside = (np.abs(local) <= e / 2).all(1)
    estimate = inside.mean()
    assert exact == pytest.approx(estimate, abs=0.02)
    assert exact == pytest.approx(obb_overlap_volume(t, r, e, np.zeros(3), np.eye(3), np.ones(3)), abs=1e-9)


def test_obb_intersection_and_self_overlap() -> None:
    r = axis_angle_to_matrix(np.array([0.0, 0.0, np.pi / 4]))
    assert obb_overlap_volume(np.zeros(3), r, np.ones(3), np.zeros(3), r, np.ones(3)) == pytest.approx(1.0)
    # Diamond vs square: separated along the x axis by SAT even though AABBs overlap.
    assert not obb_intersects(np.zeros(3), r, np.ones(3), np.array([1.25, 0, 0]), np.eye(3), np.ones(3))
    assert (
        obb_overlap_volume(np.zeros(3), r, np.ones(3), np.array([1.25, 0, 0]), np.eye(3), np.ones(3)) == 0.0
    )


@given(quats, vec3, scales, scales)
@settings(max_examples=30)
def test_points_aabb_of_box_corners_is_the_transformed_box_aabb(
    q: np.ndarray, t: np.ndarray, s: np.ndarray, e: np.ndarray
) -> None:
    m = make_transform(quat_to_matrix(q), t, s)
    lo, hi = points_aabb(box_corners(e), m)
    want_lo, want_hi = transformed_box_aabb(e, m)
    np.testing.assert_allclose(lo, want_lo, atol=1e-9)
    np.testing.assert_allclose(hi, want_hi, atol=1e-9)


def test_support_points_box_a_mesh_like_all_of_its_vertices() -> None:
    import trimesh

    # A capsule: thousands of vertices on curved caps, whose box depends on the direction of every axis.
    mesh = trimesh.creation.capsule(height=1.0, radius=0.2, count=[48, 48])
    vertices = np.asarray(mesh.vertices)
    points = support_points(vertices)
    assert len(points) < 0.25 * len(vertices)
    assert (points[:, None] == vertices[None]).all(-1).any(-1).all()  # a subset, not new points
    rng = np.random.default_rng(0)
    worst = 0.0
    for _ in range(200):
        m = make_transform(quat_to_matrix(rng.normal(size=4)), rng.normal(size=3), rng.uniform(0.05, 2, 3))
        lo, hi = points_aabb(vertices, m)
        lo_s, hi_s = points_aabb(points, m)
        assert (lo_s >= lo - 1e-12).all() and (hi_s <= hi + 1e-12).all()
        worst = max(worst, float(np.max(np.r_[lo_s - lo, hi - hi_s]) / np.max(hi - lo)))
    assert worst < 0.01
    # Differentiable: the box of placed points moves with the placement.
    shift = torch.zeros(3, dtype=torch.float64, requires_grad=True)
    transform = torch.eye(4, dtype=torch.float64).clone()
    transform[:3, 3] = shift
    lo_t, _ = points_aabb(torch.as_tensor(points), transform)
    lo_t.sum().backward()
    assert shift.grad is not None
    np.testing.assert_allclose(shift.grad.numpy(), np.ones(3))
    with pytest.raises(ValueError, match="non-empty"):
        support_points(np.zeros((0, 3)))

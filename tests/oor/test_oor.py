"""The OOR sample φ: Eqs. 1–3, 5–6 and 16 of the OOR paper, swapping, JSON."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from oorkit import oor
from oorkit.errors import InvalidFileError
from oorkit.geometry import apply, compose, invert, make_transform, quat_to_matrix

quats = arrays(np.float64, (4,), elements=st.floats(-1, 1)).filter(lambda q: np.linalg.norm(q) > 0.1)
scales = arrays(np.float64, (3,), elements=st.floats(0.02, 3.0))
positions = arrays(np.float64, (3,), elements=st.floats(-5, 5))


def instance(q: np.ndarray, t: np.ndarray, s: np.ndarray) -> np.ndarray:
    return make_transform(quat_to_matrix(q), t, s)


@given(quats, positions, scales, quats, positions, scales)
def test_phi_from_world_poses_reproduces_target(q1, t1, s1, q2, t2, s2) -> None:  # type: ignore[no-untyped-def]
    base, target = instance(q1, t1, s1), instance(q2, t2, s2)
    phi = oor.from_instance_transforms(base, target)
    assert phi.shape == (oor.PHI_DIM,)
    assert oor.unpack(phi).base_scale.max() == pytest.approx(1.0)
    np.testing.assert_allclose(oor.target_instance_transform(phi, base), target, atol=1e-5)


@given(quats, positions, scales, quats, positions, scales)
def test_swap_twice_is_identity_and_swaps_roles(q1, t1, s1, q2, t2, s2) -> None:  # type: ignore[no-untyped-def]
    base, target = instance(q1, t1, s1), instance(q2, t2, s2)
    phi = oor.from_instance_transforms(base, target)
    np.testing.assert_allclose(oor.swap(oor.swap(phi)), phi, atol=1e-9)
    np.testing.assert_allclose(oor.swap(phi), oor.from_instance_transforms(target, base), atol=1e-9)


@given(quats, positions, st.floats(0.1, 3), quats, positions, st.floats(0.1, 3), scales, scales)
@settings(max_examples=50)
def test_from_similarity_poses_matches_eq5(q1, t1, sb, q2, t2, st_, bbox_b, bbox_t) -> None:  # type: ignore[no-untyped-def]
    bbox_b, bbox_t = bbox_b / bbox_b.max(), bbox_t / bbox_t.max()  # template meshes: longest edge 1
    pose_b, pose_t = make_transform(quat_to_matrix(q1), t1, sb), make_transform(quat_to_matrix(q2), t2, st_)
    phi = oor.from_similarity_poses(pose_b, pose_t, bbox_b, bbox_t)
    parts = oor.unpack(phi)
    # Eq. 5: T_{T→B} = T_{P→B} ∘ T_{T→P}; Eq. 6: s^{T→B} = s_{T→B}·BBOX(T), s^B = BBOX(B).
    t_rel = compose(invert(pose_b), pose_t)
    np.testing.assert_allclose(parts.target_scale, (st_ / sb) * bbox_t, rtol=1e-9)
    np.testing.assert_allclose(parts.base_scale, bbox_b, rtol=1e-9)
    template_points = np.random.default_rng(0).uniform(-0.5, 0.5, (10, 3)) * bbox_t
    np.testing.assert_allclose(
        oor.place_target(phi, template_points / bbox_t), apply(t_rel, template_points), atol=1e-9
    )


def test_pack_unpack_and_place() -> None:
    r = quat_to_matrix(np.array([0.1, 0.2, 0.3, 0.9]))
    phi = oor.pack(r, np.array([0.1, 0.5, -0.2]), np.array([0.3, 0.2, 0.1]), np.array([1.0, 0.5, 0.6]))
    parts = oor.unpack(phi)
    np.testing.assert_allclose(parts.rotation, r, atol=1e-12)
    np.testing.assert_allclose(phi[oor.TRANSLATION], [0.1, 0.5, -0.2])
    np.testing.assert_allclose(phi[oor.TARGET_SCALE], [0.3, 0.2, 0.1])
    np.testing.assert_allclose(phi[oor.BASE_SCALE], [1.0, 0.5, 0.6])
    corners = np.array([[0.5, 0.5, 0.5], [-0.5, -0.5, -0.5]])
    np.testing.assert_allclose(
        oor.place_target(phi, corners), apply(oor.target_to_base_transform(phi), corners)
    )
    np.testing.assert_allclose(oor.base_instance_transform(phi)[:3, :3], np.diag([1.0, 0.5, 0.6]))
    with pytest.raises(ValueError, match="15 numbers"):
        oor.unpack(np.zeros(14))


def test_batched_torch_and_differentiable() -> None:
    phi = torch.randn(8, 3, 15, dtype=torch.float64)
    phi[..., 9:] = phi[..., 9:].abs() + 0.1
    phi.requires_grad_(True)
    base = torch.eye(4, dtype=torch.float64).expand(8, 3, 4, 4)
    out = oor.target_instance_transform(phi, base)
    assert isinstance(out, torch.Tensor) and out.shape == (8, 3, 4, 4)
    out.sum().backward()
    assert phi.grad is not None and torch.isfinite(phi.grad).all()


def test_instance_scale_for_unseen_mesh_eq16() -> None:
    s = np.array([0.2, 0.4, 0.3])
    bbox = np.array([1.0, 0.5, 0.5])
    s_new = oor.instance_scale_for_mesh(s, bbox)
    np.testing.assert_allclose(s_new / bbox, np.full(3, np.mean(s / bbox)))  # keeps the mesh's aspect ratio
    np.testing.assert_allclose(oor.instance_scale_for_mesh(bbox * 0.7, bbox), bbox * 0.7)  # fixed point
    with pytest.raises(ValueError):
        oor.instance_scale_for_mesh(s, np.array([1.0, 0.0, 1.0]))


def test_keep_mesh_aspects_applies_eq16_to_both_objects() -> None:
    rng = np.random.default_rng(0)
    phi = np.concatenate([rng.normal(size=(4, 9)), rng.uniform(0.1, 1.0, size=(4, 6))], axis=1)
    base, target = np.array([2.0, 1.0, 0.5]), np.array([0.2, 1.0, 0.4])
    out = oor.keep_mesh_aspects(phi, base, target)
    np.testing.assert_array_equal(out[:, :9], phi[:, :9])  # poses untouched
    np.testing.assert_allclose(out[:, 12:], np.tile([1.0, 0.5, 0.25], (4, 1)))  # s^B: the base's aspect
    np.testing.assert_allclose(out[:, 9:12], oor.instance_scale_for_mesh(phi[:, 9:12], target))
    batched = oor.keep_mesh_aspects(torch.as_tensor(phi), torch.as_tensor(base), torch.as_tensor(target))
    assert isinstance(batched, torch.Tensor)
    np.testing.assert_allclose(batched.numpy(), out)
    with pytest.raises(ValueError, match="15 numbers"):
        oor.keep_mesh_aspects(phi[:, :12], base, target)
    with pytest.raises(ValueError, match="positive"):
        oor.keep_mesh_aspects(phi, np.array([1.0, 0.0, 1.0]), target)


def test_json_round_trip(tmp_path) -> None:  # type: ignore[no-untyped-def]
    phi = oor.from_instance_transforms(
        make_transform(np.eye(3), np.zeros(3), np.array([1.6, 0.75, 0.9])),
        make_transform(
            quat_to_matrix(np.array([0, 0.3, 0, 1.0])), np.array([0.2, 0.41, 0.1]), [0.11, 0.065, 0.09]
        ),
    )
    rec = oor.OORRecord("A teacup on a table", "table", "teacup", phi, {"source": "test"})
    path = oor.save_records([rec], tmp_path / "s.json")
    (back,) = oor.load_records(path)
    assert (back.context, back.base, back.target, back.meta) == (
        rec.context,
        "table",
        "teacup",
        {"source": "test"},
    )
    np.testing.assert_allclose(back.phi, phi)
    # Parts only (hand-written) is accepted too.
    d = oor.record_to_dict(rec)
    del d["phi"]
    np.testing.assert_allclose(oor.record_from_dict(d).phi, phi, atol=1e-12)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON"),
        ('{"format": "other"}', "not an OORKit samples file"),
        ('{"format": "oorkit.oor_samples", "version": 9}', "unsupported version"),
        ('{"format": "oorkit.oor_samples", "version": 1, "samples": [{"base": "table"}]}', "target"),
        (
            '{"format": "oorkit.oor_samples", "version": 1, '
            '"samples": [{"base": "a", "target": "b", "phi": [1, 2]}]}',
            "shape",
        ),
        (
            '{"format": "oorkit.oor_samples", "version": 1, "samples": [{"base": "a", "target": "b"}]}',
            "needs 'phi'",
        ),
    ],
)
def test_malformed_sample_files(tmp_path, content: str, message: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(InvalidFileError, match=message):
        oor.load_records(path)


def test_negative_scale_rejected() -> None:
    d = {"base": "a", "target": "b", "phi": [1, 0, 0, 0, 1, 0, 0, 0, 0, -1, 1, 1, 1, 1, 1]}
    with pytest.raises(InvalidFileError, match="positive"):
        oor.record_from_dict(json.loads(json.dumps(d)))

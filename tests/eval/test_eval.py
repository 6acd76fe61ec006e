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


def test_rearrange_summary_uses_medians_and_the_ten_percent_rule() -> None:
    """One astronomically unlikely scene does not decide the summary; 'within 10 %' follows its definition."""
    from oorkit.eval.scenes import rearrange_summary, rearrange_table

    rows = [
        {
            "clean_collisions": 0,
            "noisy_collisions": 2,
            "rearranged_collisions": 0,
            "clean_log_prob": 100.0,
            "noisy_log_prob": -1e29,
            "rearranged_log_prob": 95.0,
        },
        {
            "clean_collisions": 1,
            "noisy_collisions": 1,
            "rearranged_collisions": 1,
            "clean_log_prob": -50.0,
            "noisy_log_prob": -80.0,
            "rearranged_log_prob": -56.0,
        },
        {
            "clean_collisions": 0,
            "noisy_collisions": 0,
            "rearranged_collisions": 0,
            "clean_log_prob": 10.0,
            "noisy_log_prob": 10.0,
            "rearranged_log_prob": 12.0,
        },
    ]
    out = rearrange_summary(rows)
    assert out["noisy_colliding_pairs"] == 3 and out["rearranged_colliding_pairs"] == 1
    assert out["median_noisy_log_prob"] == -80.0 and out["median_clean_log_prob"] == 10.0
    # 95 ≥ 100 − 10 ✓; −56 < −50 − 5 ✗; 12 ≥ 10 − 1 ✓
    assert out["rearranged_log_prob_within_10pct_share"] == 2 / 3
    assert out["noisy_log_prob_within_10pct_share"] == 1 / 3
    table = rearrange_table(out)
    assert table[0].startswith("| 3 arrangements") and "| rearranged | 1 |" in table[-1]


def test_held_out_contexts_are_told_apart_by_what_training_lacked() -> None:
    from oorkit.eval.pairwise import novelty

    trained = [("table", "mug"), ("bowl", "apple")]
    assert novelty(("table", "mug"), trained) == "context"  # another relation of a trained pair
    assert novelty(("mug", "table"), trained) == "context"
    assert novelty(("table", "apple"), trained) == "pair"
    assert novelty(("table", "pitcher"), trained) == "category"


def test_case_subsets_are_fixed_per_kind() -> None:
    import dataclasses

    from oorkit.eval.pairwise import PairwiseCase, _subset

    cases = [
        PairwiseCase(f"c{i}", kind, "table", "mug", ["A mug on a table"], np.zeros((2, 15)))
        for i in range(6)
        for kind in ("held_out_context", "held_out_prompts")
    ]
    kept = _subset(cases, 2)
    assert sorted(c.kind for c in kept) == ["held_out_context"] * 2 + ["held_out_prompts"] * 2
    assert [c.context_id for c in _subset(cases[::-1], 2)] == [c.context_id for c in kept][::-1]
    assert _subset(cases, 10) == cases and dataclasses.is_dataclass(kept[0])

"""Eq. 16 keeps relations: a base or target of other proportions still supports, contains, flanks."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from oorkit import oor
from oorkit.relations.checks import check_sample
from oorkit.relations.context import bundled_contexts
from oorkit.relations.sampler import sample_context
from oorkit.relations.space import make_placed


def _pass_rates(context_id: str, samples: int = 12) -> tuple[float, float]:
    """Mesh-level pass rates of library samples re-proportioned by ±13 %: (t kept, t re-anchored)."""
    context = next(c for c in bundled_contexts() if c.id == context_id)
    drawn = sample_context(context, samples, np.random.default_rng(0)).samples
    rng = np.random.default_rng(1)
    passed = {oor.keep_mesh_aspects: 0, oor.keep_relation: 0}
    for s in drawn:
        unit = float(max(s.base_size))
        base_bbox = s.base_size * rng.uniform(0.87, 1.15, 3)  # templates of other proportions
        target_bbox = s.target_size * rng.uniform(0.87, 1.15, 3)
        for fn in passed:
            parts = oor.unpack(np.asarray(fn(s.phi, base_bbox, target_bbox)))
            base = make_placed(context.base, s.base_template, parts.base_scale * unit)
            target = make_placed(context.target, s.target_template, parts.target_scale * unit)
            pose = np.eye(4)
            pose[:3, :3], pose[:3, 3] = parts.rotation, parts.translation * unit
            passed[fn] += check_sample(context.relation, base, target, pose, **context.args).ok
    return passed[oor.keep_mesh_aspects] / len(drawn), passed[oor.keep_relation] / len(drawn)


@pytest.mark.parametrize(
    ("context_id", "least"),
    [
        ("mug_on_desk", 1.0),  # on: resting, not floating or sunk
        ("egg_in_pot", 0.9),  # in: above the inner floor, inside the opening
        ("chair_under_table", 0.8),  # under: on the floor, below the top
        ("nightstand_next_to_bed", 1.0),  # next to: same floor, gap kept
    ],
)
def test_eq16_keeps_each_relation_kind(context_id: str, least: float) -> None:
    kept_t, reanchored = _pass_rates(context_id)
    assert reanchored >= least
    assert reanchored > kept_t  # keeping t as sampled breaks the relation: the check can fail


def test_keep_relation_is_the_identity_for_the_same_proportions_and_batches() -> None:
    context = next(c for c in bundled_contexts() if c.id == "teacup_on_table")
    s = sample_context(context, 2, np.random.default_rng(0)).samples[0]
    out = oor.keep_relation(s.phi, s.base_size, s.target_size)
    np.testing.assert_allclose(out, s.phi, atol=1e-9)
    batch = torch.as_tensor(np.stack([s.phi, s.phi]))
    bigger_base = torch.as_tensor(s.base_size * [1.0, 1.3, 1.0])
    moved = oor.keep_relation(batch, bigger_base, torch.as_tensor(s.target_size))
    assert isinstance(moved, torch.Tensor) and moved.shape == (2, 15)
    # a 30 % taller table: the cup rises with the top, by 0.3 of the table's half height in base units
    parts_before, parts_after = oor.unpack(s.phi), oor.unpack(moved[0].numpy())
    rise = parts_after.translation[1] - parts_before.translation[1]
    np.testing.assert_allclose(
        rise, parts_after.base_scale[1] / 2 - parts_before.base_scale[1] / 2, atol=1e-6
    )

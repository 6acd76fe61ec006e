"""Recontext with the embedded model: a teapot standing beside a teacup is re-posed to pour into it."""

from __future__ import annotations

import numpy as np
import pytest

from oorkit.diffusion import Condition
from oorkit.diffusion.pipeline import OORPipeline
from oorkit.edit import recontext
from oorkit.scene.file import Scene
from oorkit.scene.pairs import pair_scene

pytestmark = pytest.mark.model


def _pour_geometry(scene: Scene) -> tuple[float, float, float]:
    """(teapot tilt from upright in degrees, spout-to-cup-axis distance, spout height over the rim) in m."""
    objects = {o.id: o for o in scene.objects}
    cup, pot = objects["base"], objects["target"]
    pose, size = np.asarray(pot.pose), np.asarray(pot.size)
    tilt = float(np.degrees(np.arccos(np.clip(pose[1, 1], -1.0, 1.0))))
    # Spouts point +x in the canonical space (README, Conventions); the tip sits at the +x end, upper half.
    spout = pose @ np.r_[0.5 * size[0], 0.2 * size[1], 0.0, 1.0]
    cup_centre = np.asarray(cup.pose)[:3, 3]
    horizontal = float(np.linalg.norm((spout[:3] - cup_centre)[[0, 2]]))
    above_rim = float(spout[1] - (cup_centre[1] + 0.5 * np.asarray(cup.size)[1]))
    return tilt, horizontal, above_rim


def test_recontext_tilts_the_teapot_with_its_spout_over_the_cup() -> None:
    """Before: upright teapots a hand's width away. After: tilted, spout above the cup's opening."""
    pipeline = OORPipeline.from_pretrained()
    beside = pipeline.sample([Condition("A teapot next to a teacup", "teacup", "teapot")], n=3, seed=0)[0]
    before, after = [], []
    for phi in beside:
        scene = pair_scene(phi, "teacup", "teapot")
        before.append(_pour_geometry(scene))
        edited = recontext(pipeline, scene, "base", "target", "A teapot pouring tea into a teacup")
        after.append(_pour_geometry(edited.scene))
    tilt0, horizontal0, _ = np.median(before, axis=0)
    tilt1, horizontal1, above1 = np.median(after, axis=0)
    assert tilt0 < 10 and horizontal0 > 0.15  # the starting teapots stand upright beside the cup
    assert tilt1 > 25, after  # pouring: tilted towards the cup
    assert horizontal1 < 0.1, after  # the spout is over the cup (teapot ≈ 0.25 m wide, cup r ≈ 5 cm)
    assert -0.03 < above1 < 0.15, after  # at or above the rim, not through the table

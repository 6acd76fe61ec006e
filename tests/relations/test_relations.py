"""The procedural relation library: each primitive's geometric promise on real catalogue meshes."""

from __future__ import annotations

import numpy as np
import pytest
import trimesh

from oorkit import oor
from oorkit.relations import (
    Context,
    RelationFailed,
    apply_primitive,
    check_sample,
    inside_depth,
    opening,
    phi_of,
    place_instance,
    sample_context,
    support_surfaces,
)
from oorkit.relations._common import spout_tip, working_end_tip
from oorkit.relations.checks import penetration
from oorkit.relations.proximity import footprint_gap
from oorkit.relations.raycast import build_caster, cast, coverage
from oorkit.relations.space import (
    floor_height,
    grid_contains,
    posed_points,
    posed_vertices,
    samples_m,
)


def _pose(relation: str, base: str, target: str, seed: int = 0, **args: object):
    rng = np.random.default_rng(seed)
    b, t = place_instance(base, rng), place_instance(target, rng)
    return b, t, apply_primitive(relation, b, t, rng, args)


def _world(pose: np.ndarray, point: np.ndarray) -> np.ndarray:
    return pose[:3, :3] @ point + pose[:3, 3]


def test_line_caster_union_of_overlapping_parts() -> None:
    a, b = trimesh.creation.box([1, 1, 1]), trimesh.creation.box([1, 1, 1])
    b.apply_translation([0.5, 0, 0])
    mesh = trimesh.util.concatenate([a, b])
    part = trimesh.graph.connected_component_labels(mesh.face_adjacency, node_count=len(mesh.faces))
    caster = build_caster(mesh.vertices, mesh.faces, np.array([1.0, 0, 0]), part, mesh.face_normals)
    pts = np.array([[0.3, 0.1, 0.05], [1.2, 0.0, 0.0]])
    inside, fwd, bwd = coverage(cast(caster, pts), 2)
    # The overlap of two boxes is one solid from x = −0.5 to 1.0, not a hole.
    assert inside.tolist() == [True, False]
    assert fwd[0] == pytest.approx(0.7) and bwd[0] == pytest.approx(0.8)


@pytest.mark.parametrize("seed", range(4))
def test_on_rests_on_the_table_top(seed: int) -> None:
    table, cup, pose = _pose("on", "table", "teacup", seed)
    top = max(support_surfaces(table), key=lambda s: s.area)
    lowest = posed_vertices(cup, pose)[:, 1].min()
    assert abs(lowest - top.height) < 0.005
    assert grid_contains(top.mask, top.origin, top.step, pose[[0, 2], 3][None])[0]
    assert check_sample("on", table, cup, pose).ok


def test_on_any_surface_can_land_on_a_shelf() -> None:
    rng = np.random.default_rng(3)
    shelf = place_instance("bookshelf", rng)
    top = max(s.height for s in support_surfaces(shelf))
    heights = []
    for _ in range(25):
        book = place_instance("book", rng)
        try:
            pose = apply_primitive("on", shelf, book, rng, {"surface": "any"})
        except RelationFailed:
            continue
        heights.append(posed_vertices(book, pose)[:, 1].min())
    assert heights and min(heights) < top - 0.1


def test_in_apple_bowl() -> None:
    bowl, apple, pose = _pose("in", "bowl", "apple", 1)
    mouth = opening(bowl)
    assert mouth is not None
    assert grid_contains(mouth.mask, mouth.origin, mouth.step, pose[[0, 2], 3][None])[0]
    v = posed_vertices(apple, pose)
    assert mouth.floor_height - 0.003 <= v[:, 1].min() < mouth.rim_height
    assert check_sample("in", bowl, apple, pose).ok


def test_pour_into_teacup() -> None:
    cup, pot, pose = _pose("pour_into", "teacup", "teapot", 2, tilt=(30, 60), height=(0.01, 0.06))
    tilt = np.degrees(np.arcsin(-pose[1, 0]))  # how far the spout axis (+x) points down
    assert 30 - 1e-6 <= tilt <= 60 + 1e-6
    tip = _world(pose, spout_tip(pot, "x"))
    mouth = opening(cup)
    assert mouth is not None
    assert grid_contains(mouth.mask, mouth.origin, mouth.step, tip[[0, 2]][None])[0]
    assert 0.01 - 1e-6 <= tip[1] - mouth.rim_height <= 0.06 + 1e-6


def test_cut_knife_through_apple() -> None:
    apple, knife, pose = _pose("cut", "apple", "knife", 3)
    pts = samples_m(knife)
    blade = pts[pts[:, 0] > 0]
    assert inside_depth(apple, posed_points(knife, pose, blade)).max() > 0.005
    assert check_sample("cut", apple, knife, pose).ok


@pytest.mark.parametrize(("target", "blade"), [("pizza_cutter", "rolling"), ("scissors", "sliding")])
def test_cut_through_a_pizza_stays_above_the_table(target: str, blade: str) -> None:
    # A pizza lies on a table: the tool's handle rises behind the working end, nothing goes below the pizza.
    for seed in range(5):
        pizza, tool, pose = _pose("cut", "pizza", target, seed, blade=blade)
        v = posed_vertices(tool, pose)
        local = np.asarray(tool.mesh.vertices)
        handle = v[local[:, 0] < local[:, 0].min() + 0.2 * tool.size[0]]
        working_end = v[local[:, 0] > local[:, 0].max() - 0.2 * tool.size[0]]
        assert v[:, 1].min() >= floor_height(pizza) - 1e-6
        assert handle[:, 1].mean() > working_end[:, 1].mean() + 0.02
        assert check_sample("cut", pizza, tool, pose, blade=blade).ok


def test_cut_check_rejects_a_tool_below_the_base() -> None:
    pizza, cutter, pose = _pose("cut", "pizza", "pizza_cutter", 0, blade="rolling")
    lowered = pose.copy()
    lowered[1, 3] -= float(pizza.size[1])
    result = check_sample("cut", pizza, cutter, lowered, blade="rolling")
    assert not result.ok
    assert any("below the base" in r for r in result.reasons)


def test_under_chair_tucked_under_desk() -> None:
    desk, chair, pose = _pose("under", "desk", "chair", 4, side="front", tucked=(0.3, 0.6))
    v = posed_vertices(chair, pose)
    assert abs(v[:, 1].min() - floor_height(desk)) < 1e-6
    top = max(support_surfaces(desk), key=lambda s: s.area).height
    under = np.all(np.abs(v[:, [0, 2]]) < desk.size[[0, 2]] / 2, axis=1)
    assert under.any() and v[under, 1].max() < top
    assert penetration(desk, chair, pose)[0] <= 0.003


@pytest.mark.parametrize("side", ["left", "right", "front", "back"])
def test_next_to_gap_and_no_overlap(side: str) -> None:
    sofa, table, pose = _pose("next_to", "sofa", "side_table", 5, side=side, gap=(0.05, 0.1))
    assert 0.05 - 1e-3 <= footprint_gap(sofa, table, pose) <= 0.1 + 1e-3
    assert penetration(sofa, table, pose)[0] == 0.0
    direction = {"left": (0, -1), "right": (0, 1), "front": (1, 1), "back": (1, -1)}[side]
    assert np.sign(pose[[0, 2], 3][direction[0]]) == direction[1]


def test_around_uses_k_slots() -> None:
    rng = np.random.default_rng(6)
    table = place_instance("table", rng)
    angles = set()
    for _ in range(30):
        chair = place_instance("chair", rng)
        pose = apply_primitive("around", table, chair, rng, {"k": 4})
        assert check_sample("around", table, chair, pose, k=4).ok
        angles.add(round(np.degrees(np.arctan2(pose[0, 3], pose[2, 3])) / 90) % 4)
    assert angles == {0, 1, 2, 3}


def test_insert_flower_in_vase() -> None:
    vase, flower, pose = _pose("insert", "vase", "flower", 7)
    mouth = opening(vase)
    assert mouth is not None
    v = posed_vertices(flower, pose)
    low = v[np.argmin(v[:, 1])]
    assert grid_contains(mouth.mask, mouth.origin, mouth.step, low[[0, 2]][None])[0]
    assert low[1] < mouth.rim_height < v[:, 1].max()
    assert pose[1, 1] > np.cos(np.radians(10))  # standing up


def test_stir_spoon_in_teacup() -> None:
    cup, spoon, pose = _pose("stir", "teacup", "spoon", 8)
    mouth = opening(cup)
    assert mouth is not None
    tip = _world(pose, working_end_tip(spoon))
    assert grid_contains(mouth.mask, mouth.origin, mouth.step, tip[[0, 2]][None])[0]
    assert tip[1] < mouth.rim_height
    assert posed_vertices(spoon, pose)[:, 1].max() > mouth.rim_height
    assert check_sample("stir", cup, spoon, pose).ok


def test_hit_bat_touches_ball() -> None:
    ball, bat, pose = _pose("hit", "baseball", "baseball_bat", 9)
    result = check_sample("hit", ball, bat, pose)
    assert result.ok, result.reasons
    assert result.metrics["contact_gap"] <= 0.015


def test_check_rejects_a_sunk_and_a_floating_target() -> None:
    table, cup, pose = _pose("on", "table", "teacup", 10)
    sunk = pose.copy()
    sunk[1, 3] -= 0.03
    result = check_sample("on", table, cup, sunk)
    assert not result.ok and any(r.startswith("penetration") for r in result.reasons)
    assert result.metrics["penetration"] > 0.003
    floating = pose.copy()
    floating[1, 3] += 0.02
    result = check_sample("on", table, cup, floating)
    assert not result.ok and any(r.startswith("floating") for r in result.reasons)


def test_check_rejects_overlapping_neighbours() -> None:
    sofa, table, pose = _pose("next_to", "sofa", "side_table", 11, side="right")
    inside = pose.copy()
    inside[0, 3] -= 0.3
    result = check_sample("next_to", sofa, table, inside, side="right")
    assert not result.ok and any("penetration" in r or "gap" in r for r in result.reasons)


def test_sampler_is_deterministic_and_phi_round_trips() -> None:
    ctx = Context("teacup_on_table", "A teacup on a table", "table", "teacup", "on", {"region": "any"})
    a = sample_context(ctx, 8, np.random.default_rng(12))
    b = sample_context(ctx, 8, np.random.default_rng(12))
    assert len(a.samples) == 8
    assert np.array_equal(np.stack([s.phi for s in a.samples]), np.stack([s.phi for s in b.samples]))
    s = a.samples[0]
    a_base = np.diag([*s.base_size, 1.0])
    expected = s.pose @ np.diag([*s.target_size, 1.0])
    assert np.allclose(oor.target_instance_transform(s.phi, a_base), expected, atol=1e-9)
    assert 0.0 <= s.quality <= 1.0


def test_phi_of_matches_instance_transforms() -> None:
    table, cup, pose = _pose("on", "table", "teacup", 13)
    phi = phi_of(table, cup, pose)
    assert phi.shape == (15,)
    assert np.allclose(phi[12:15], table.size / table.size.max())


def test_unknown_argument_is_a_clear_error() -> None:
    ctx = Context("bad", "A teacup on a table", "table", "teacup", "on", {"colour": "red"})
    with pytest.raises(ValueError, match=r"unknown argument.*colour"):
        sample_context(ctx, 1, np.random.default_rng(0))


def test_relation_failed_without_an_opening() -> None:
    rng = np.random.default_rng(0)
    table, apple = place_instance("table", rng), place_instance("apple", rng)
    with pytest.raises(RelationFailed, match="no opening"):
        apply_primitive("in", table, apple, rng)

"""Scene specs (validation), composition along the DAG, joint sampling with guidance, and scene editing."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
import torch
import yaml

from oorkit import oor
from oorkit.data.stats import compute_stats
from oorkit.diffusion.model import ScoreNet, ScoreNetConfig
from oorkit.diffusion.pipeline import OORPipeline, PipelineConfig
from oorkit.diffusion.schedule import VESchedule
from oorkit.edit import EditOptions, insert, rearrange, recontext
from oorkit.edit.optimize import REARRANGE_OPTIONS, edit_schedule, relation_phi
from oorkit.errors import OORKitError
from oorkit.eval.scenes import mesh_collisions
from oorkit.geometry import (
    aabb_overlap_volume,
    axis_angle_to_matrix,
    decompose_transform,
    geodesic_distance,
    points_aabb,
)
from oorkit.scene.compose import GlobalStates, SceneGraph, compose, edge_samples
from oorkit.scene.contacts import collision_objects, hull_halfspaces, near_pairs
from oorkit.scene.file import Scene, SceneObject, object_mesh
from oorkit.scene.guidance import collision_loss, collision_shapes, inconsistency_loss
from oorkit.scene.joint import JointOptions, sample_scene
from oorkit.scene.spec import Relation, SpecObject, spec_from_dict
from oorkit.text import HashEncoder

DESK = {
    "objects": [
        {"id": "desk", "category": "desk"},
        {"id": "monitor", "category": "monitor"},
        {"id": "keyboard", "category": "keyboard"},
        {"id": "mouse", "category": "mouse", "size": [0.07, 0.04, 0.11]},
    ],
    "relations": [
        {"base": "desk", "target": "monitor", "context": "A monitor on a desk"},
        {"base": "desk", "target": "keyboard", "context": "A keyboard on a desk"},
        {"base": "monitor", "target": "keyboard", "context": "A keyboard in front of a monitor"},
        {"base": "desk", "target": "mouse", "context": "A mouse on a desk"},
    ],
}


@pytest.fixture(scope="module")
def random_pipeline() -> OORPipeline:
    """An untrained model with non-zero heads: enough to exercise the machinery, not the quality."""
    torch.manual_seed(0)
    cfg = ScoreNetConfig(text_dim=32, hidden=32, depth=1, conditioning="concat")
    model = ScoreNet(cfg)
    for head in model.heads.values():
        torch.nn.init.normal_(head[-1].weight, std=0.1)
    rng = np.random.default_rng(0)
    phi = rng.normal(size=(100, 15)) * 0.1
    phi[:, 0] += 1
    phi[:, 4] += 1
    phi[:, 9:] = np.abs(phi[:, 9:]) + 0.3
    config = PipelineConfig(cfg, VESchedule(0.01, 20.0), "hash:32")
    return OORPipeline(model, compute_stats(phi), config, HashEncoder(32))


def mutate(**changes: object) -> dict:  # type: ignore[type-arg]
    doc = {"objects": [dict(o) for o in DESK["objects"]], "relations": [dict(r) for r in DESK["relations"]]}
    doc.update(changes)
    return doc


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        (
            mutate(
                relations=[
                    *DESK["relations"],
                    {"base": "keyboard", "target": "mouse", "context": "x"},
                    {"base": "mouse", "target": "monitor", "context": "y"},
                ]
            ),
            "cycle",
        ),
        (mutate(relations=DESK["relations"][:3]), "not connected to the rest by any relation: mouse"),
        (
            mutate(relations=[*DESK["relations"], {"base": "desk", "target": "ghost", "context": "x"}]),
            "ghost",
        ),
        (mutate(objects=[*DESK["objects"], {"id": "cat", "category": "spaceship"}]), "spaceship"),
        (mutate(objects=[*DESK["objects"], {"id": "desk", "category": "desk"}]), "appears twice"),
        (
            mutate(
                relations=[
                    {"base": "desk", "target": "monitor", "context": "a"},
                    {"base": "mouse", "target": "keyboard", "context": "b"},
                    {"base": "mouse", "target": "monitor", "context": "c"},
                ]
            ),
            "exactly one global base",
        ),
        (mutate(relations=[]), "relations"),
        ({"objects": [], "relations": []}, "objects"),
    ],
)
def test_spec_errors_name_the_offending_ids(doc: dict, message: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(OORKitError, match=message):
        spec_from_dict(doc)


def test_spec_is_ordered_topologically() -> None:
    spec = spec_from_dict(DESK)
    assert spec.root == "desk" and spec.order()[0] == "desk"
    assert spec.order().index("monitor") < spec.order().index("keyboard")
    np.testing.assert_allclose(spec.object("mouse").size, [0.07, 0.04, 0.11])


def test_compose_follows_the_chain_and_losses_measure_what_they_say() -> None:
    # desk → cup (on top), cup → pot (beside): composing gives the pot relative to the desk.
    turn = axis_angle_to_matrix(np.array([0.0, np.pi / 2, 0.0]))
    on = oor.pack(turn, np.array([0.1, 0.25, 0.0]), np.array([0.1, 0.1, 0.1]), np.array([1.0, 0.6, 0.5]))
    beside = oor.pack(
        np.eye(3), np.array([1.0, 0.0, 0.0]), np.array([1.0, 1.0, 1.0]), np.array([1.0, 1.0, 1.0])
    )
    graph = SceneGraph(3, 0, ((0, 1), (1, 2)), (0, 1, 2))
    phi = torch.as_tensor(np.stack([on, beside]))[:, None]
    states = compose(phi, graph)
    # The pot is one cup-length (0.1) along the cup's turned +x, i.e. along the desk's −z.
    np.testing.assert_allclose(states.position[2, 0].numpy(), [0.1, 0.25, -0.1], atol=1e-9)
    np.testing.assert_allclose(states.extents[2, 0].numpy(), [0.1, 0.1, 0.1], atol=1e-9)
    # Desk and pot are unrelated and the pot lies inside the desk's box (x ±0.5, y ±0.3, z ±0.25): the loss
    # is the volume of the ways out per axis (0.45 along +x, 0.1 up, 0.2 along +z) over the pot's 0.001,
    # more than the 1.0 of a pot that only just fits.
    assert abs(collision_loss(states, graph).item() - 0.45 * 0.1 * 0.2 / 0.001) < 1e-9
    # Reading the edges' φ back from the composed states gives the samples (the 6D part re-orthonormalised).
    torch.testing.assert_close(edge_samples(states, list(graph.edges)), phi)
    # Composed locally, the same values, but the collision moves only the pot's own relation (cup → pot),
    # never desk → cup (which would slide the cup off the desk to free the pot).
    phi_grad = phi.clone().requires_grad_(True)
    local = compose(phi_grad, graph, local=True)
    torch.testing.assert_close(local.position, states.position)
    (grad,) = torch.autograd.grad(collision_loss(local, graph).sum(), phi_grad)
    # (Pose dims: the root's size comes from s^B of its edges, and the guidance leaves scales alone.)
    assert grad[0, :, :9].abs().max() == 0 and grad[1, :, :9].abs().max() > 0
    # The cup's s^B (1, 1, 1) is proportional to its global extents (0.1, 0.1, 0.1): consistent.
    assert inconsistency_loss(phi, states, graph).item() < 1e-12
    skewed = phi.clone()
    skewed[1, 0, 12:] = torch.tensor([1.0, 0.3, 1.0], dtype=phi.dtype)
    assert inconsistency_loss(skewed, compose(skewed, graph), graph).item() > 1e-3


def test_joint_guidance_removes_collisions_and_inconsistency(random_pipeline: OORPipeline) -> None:
    spec = spec_from_dict(DESK)
    off = sample_scene(
        random_pipeline, spec, n=16, seed=0, options=JointOptions(collision=False, inconsistency=False)
    )
    on = sample_scene(random_pipeline, spec, n=16, seed=0)
    mean = lambda r, k: float(np.mean([m[k] for m in r.metrics]))  # noqa: E731
    assert mean(on, "collision_loss") < 0.2 * mean(off, "collision_loss")
    # Only the pose parts of the inconsistency are guided (scales follow the model), so it drops less.
    assert mean(on, "inconsistency_loss") < 0.8 * mean(off, "inconsistency_loss")
    scene = on.scenes[0]
    desk = next(o for o in scene.objects if o.id == "desk")
    assert abs(desk.pose[1, 3] - desk.size[1] / 2) < 1e-9  # the global base stands on the floor
    mouse = next(o for o in scene.objects if o.id == "mouse")
    np.testing.assert_allclose(mouse.size, [0.07, 0.04, 0.11], atol=1e-9)  # fixed size kept
    again = sample_scene(random_pipeline, spec, n=16, seed=0)
    np.testing.assert_array_equal(on.phi, again.phi)


def test_sampled_scenes_keep_mesh_aspects_and_show_the_sampled_oors(random_pipeline: OORPipeline) -> None:
    from oorkit.assets import canonical_extents, load_template_mesh
    from oorkit.edit.optimize import relation_phi

    tree = {
        "objects": [
            {"id": "table", "category": "table"},
            {"id": "bowl", "category": "bowl"},
            {"id": "apple", "category": "apple"},
            {"id": "nail", "category": "nail"},
        ],
        "relations": [
            {"base": "table", "target": "bowl", "context": "A bowl on a table"},
            {"base": "bowl", "target": "apple", "context": "An apple in a bowl"},
            {"base": "table", "target": "nail", "context": "A nail on a table"},
        ],
    }
    spec = spec_from_dict(tree)
    result = sample_scene(random_pipeline, spec, n=4, seed=1)
    relations = list(spec.relations)
    for b, scene in enumerate(result.scenes):
        for o in scene.objects:
            mesh = canonical_extents(load_template_mesh(o.category))
            np.testing.assert_allclose(o.size / o.size.max(), mesh / mesh.max(), atol=1e-9)
        # The scene composes exactly the returned φ of every edge.
        shown = relation_phi(list(scene.objects), relations)
        for e in range(len(relations)):
            sampled = result.phi[e, b]
            assert geodesic_distance(oor.unpack(shown[e]).rotation, oor.unpack(sampled).rotation) < 1e-6
            np.testing.assert_allclose(shown[e, 6:], sampled[6:], atol=1e-6)


def test_editing_keeps_scales_and_untouched_objects(random_pipeline: OORPipeline) -> None:
    spec = spec_from_dict(DESK)
    scene = sample_scene(random_pipeline, spec, n=1, seed=3).scenes[0]
    result = rearrange(random_pipeline, scene, list(spec.relations), EditOptions(steps=50))
    assert result.trajectory.shape == (51, 4, 4, 4)
    np.testing.assert_allclose(result.phi_after[:, 9:], result.phi_before[:, 9:], atol=1e-5)
    before = {o.id: o for o in scene.objects}
    after = {o.id: o for o in result.scene.objects}
    np.testing.assert_allclose(after["desk"].pose, before["desk"].pose, atol=1e-6)
    for oid in before:
        np.testing.assert_allclose(after[oid].size, before[oid].size, rtol=1e-4)
    moved = recontext(random_pipeline, scene, "monitor", "keyboard", "A keyboard under a monitor")
    assert not np.allclose(moved.trajectory[-1, 2], moved.trajectory[0, 2])
    np.testing.assert_allclose(moved.trajectory[-1, 3], moved.trajectory[0, 3], atol=1e-6)  # mouse stays
    with pytest.raises(OORKitError, match="not in the scene"):
        recontext(random_pipeline, scene, "monitor", "cat", "A cat on a monitor")


def test_edited_objects_with_two_parents_keep_one_pose_that_shows_every_relation(
    random_pipeline: OORPipeline,
) -> None:
    """The keyboard (desk → keyboard, monitor → keyboard) moves once; the scene shows both edited φ."""
    spec = spec_from_dict(DESK)
    scene = sample_scene(random_pipeline, spec, n=1, seed=3).scenes[0]
    relations = list(spec.relations)
    # No collision term: without monitor → keyboard the two would become an unrelated, colliding pair.
    options = EditOptions(steps=30, eta=0.05, collision_weight=0.0)
    result = rearrange(random_pipeline, scene, relations, options)
    shown = relation_phi(list(result.scene.objects), relations)
    np.testing.assert_allclose(shown, result.phi_after, atol=1e-4)
    # monitor → keyboard carries no pose of its own, yet it pulls on the keyboard through the scene: without
    # it the keyboard ends elsewhere.
    tree = [r for r in relations if (r.base, r.target) != ("monitor", "keyboard")]
    alone = rearrange(random_pipeline, scene, tree, options)
    assert np.abs(alone.trajectory[-1, 2, :3, 3] - result.trajectory[-1, 2, :3, 3]).max() > 1e-4
    # It places the keyboard relative to the monitor and never moves the monitor.
    np.testing.assert_allclose(alone.trajectory[:, 1], result.trajectory[:, 1], atol=1e-6)


def _box_overlap(a: SceneObject, b: SceneObject) -> float:
    """Volume of the intersection of two objects' world AABBs (of their placed meshes)."""
    shapes = collision_shapes([np.asarray(object_mesh(o).vertices) for o in (a, b)]).double().numpy()
    boxes = [points_aabb(shapes[i], o.instance_transform()) for i, o in enumerate((a, b))]
    return float(aabb_overlap_volume(*boxes[0], *boxes[1]))


def _mouse_inside_keyboard(pipeline: OORPipeline) -> Scene:
    """A sampled desk scene with its mouse moved into the keyboard (they are unrelated objects)."""
    scene = sample_scene(pipeline, spec_from_dict(DESK), n=1, seed=3).scenes[0]
    by_id = {o.id: o for o in scene.objects}
    pose = by_id["mouse"].pose.copy()
    pose[:3, 3] = by_id["keyboard"].pose[:3, 3]
    return Scene(tuple(replace(o, pose=pose) if o.id == "mouse" else o for o in scene.objects), scene.meta)


def test_rearrange_defaults_push_colliding_objects_apart(random_pipeline: OORPipeline) -> None:
    """The rearrange defaults take a mouse out of the keyboard it was sunk into; without the term it stays."""
    spec = spec_from_dict(DESK)
    noisy = _mouse_inside_keyboard(random_pipeline)
    by_id = {o.id: o for o in noisy.objects}
    assert _meshes_meet(by_id["keyboard"], by_id["mouse"])
    assert _box_overlap(by_id["keyboard"], by_id["mouse"]) > 0
    meet = {}
    no_collision = replace(REARRANGE_OPTIONS, collision_weight=0.0)
    for name, options in (("no collision term", no_collision), ("default", REARRANGE_OPTIONS)):
        edited = {
            o.id: o for o in rearrange(random_pipeline, noisy, list(spec.relations), options).scene.objects
        }
        meet[name] = _meshes_meet(edited["keyboard"], edited["mouse"])
    assert meet == {"no collision term": True, "default": False}


def _meshes_meet(a: SceneObject, b: SceneObject) -> bool:
    """Whether two placed meshes intersect or one reaches into the other's convex hull."""
    meshes = [object_mesh(o) for o in (a, b)]
    vertices = [np.asarray(m.vertices) for m in meshes]
    found = near_pairs(
        collision_objects(meshes, np.stack([a.size, b.size])),
        [hull_halfspaces(v) for v in vertices],
        vertices,
        np.stack([a.instance_transform(), b.instance_transform()]),
        [(0, 1)],
        margin=1e-6,
    )
    return bool(found[0])


def test_annealed_edits_shrink_the_largest_move_with_the_step_size(random_pipeline: OORPipeline) -> None:
    """With `eta_end`, a step moves φ by at most max_step · η_k / η_0 (a late collision cannot kick)."""
    spec = spec_from_dict(DESK)
    noisy = _mouse_inside_keyboard(random_pipeline)
    options = replace(REARRANGE_OPTIONS, steps=60)
    result = rearrange(random_pipeline, noisy, list(spec.relations), options)
    ids = [o.id for o in noisy.objects]
    edges = [(ids.index(r.base), ids.index(r.target)) for r in spec.relations if r.target != "keyboard"]
    edges.append((ids.index("desk"), ids.index("keyboard")))  # the keyboard moves through its first relation
    phi = np.stack(
        [np.stack([oor.from_instance_transforms(f[b], f[t]) for b, t in edges]) for f in result.trajectory]
    )
    z = phi[:, :, 6:9] / random_pipeline.stats.std[6:9]
    moves = np.linalg.norm(np.diff(z, axis=0), axis=-1).max(-1)
    _, _, etas = edit_schedule(options, random_pipeline.schedule.sigma_min)
    caps = options.max_step * etas / etas[0]
    assert np.all(moves <= caps + 1e-4)
    assert moves[:5].max() > caps[-1]  # early steps move further than the last cap allows


def test_collision_term_acts_only_once_sigma_has_fallen_to_collision_sigma(
    random_pipeline: OORPipeline,
) -> None:
    """Above `collision_sigma` the edit is the one without a collision term; below, the mouse leaves."""
    spec = spec_from_dict(DESK)
    noisy = _mouse_inside_keyboard(random_pipeline)
    late = replace(REARRANGE_OPTIONS, steps=40, collision_sigma=0.05)
    never = replace(late, collision_weight=0.0)
    runs = [rearrange(random_pipeline, noisy, list(spec.relations), o).trajectory for o in (late, never)]
    sigmas, _, _ = edit_schedule(late, random_pipeline.schedule.sigma_min)
    off = int((sigmas > 0.05).sum())
    assert 0 < off < 40
    np.testing.assert_allclose(runs[0][: off + 1], runs[1][: off + 1], atol=1e-6)
    assert not np.allclose(runs[0][-1], runs[1][-1], atol=1e-4)
    with pytest.raises(OORKitError, match="would never act"):
        rearrange(random_pipeline, noisy, list(spec.relations), replace(late, collision_sigma=0.001))


def test_editing_turns_rotations_only_by_the_tangent_part_of_the_score(
    random_pipeline: OORPipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A score that pulls the 6D rotation straight off SO(3) (stretching the frame) must not turn it.

    Adding such a step and re-orthonormalising by Gram–Schmidt turned it: a trained score pulls this hard
    across the manifold at σ_min, and a bat on a ball lost 7–10 nats in `rearrange` that way.
    """
    from oorkit.scene.pairs import pair_scene

    rotation = axis_angle_to_matrix(np.array([0.4, -0.9, 0.3]))
    phi = oor.pack(rotation, np.array([0.2, 0.5, -0.1]), np.array([0.4, 0.3, 0.5]), np.array([1.0, 0.6, 0.8]))
    scene = pair_scene(phi, "table", "teacup")
    std = torch.as_tensor(random_pipeline.stats.std, dtype=torch.float32)
    mean = torch.as_tensor(random_pipeline.stats.mean, dtype=torch.float32)

    def stretching_score(cond: torch.Tensor) -> object:
        def score(z: torch.Tensor, sigma: torch.Tensor) -> torch.Tensor:
            r = oor.unpack(z * std + mean).rotation
            psi = torch.zeros_like(z)
            # (c1, c0): first column towards the second and back, the symmetric stretch normal to SO(3);
            # times std so that it is normal in the standardised coordinates the optimiser works in.
            psi[:, :6] = 1e3 * torch.cat([r[:, :, 1], r[:, :, 0]], -1) * std[:6]
            return psi

        return score

    monkeypatch.setattr(random_pipeline, "score_fn", stretching_score)
    relation = Relation("base", "target", "A teacup on a table")
    result = rearrange(random_pipeline, scene, [relation], EditOptions(steps=50))
    start = decompose_transform(result.trajectory[0, 1])[0]
    turned = [np.degrees(geodesic_distance(decompose_transform(f[1])[0], start)) for f in result.trajectory]
    assert max(turned) < 1e-3, max(turned)


def test_insert_adds_objects_and_keeps_the_scene(random_pipeline: OORPipeline) -> None:
    spec = spec_from_dict(DESK)
    scene = sample_scene(random_pipeline, spec, n=1, seed=3).scenes[0]
    out = insert(
        random_pipeline, scene, [SpecObject("mug", "mug")], [Relation("desk", "mug", "A mug on a desk")], n=2
    )
    assert len(out) == 2 and [o.id for o in out[0].objects][-1] == "mug"
    for before, after in zip(scene.objects, out[0].objects, strict=False):
        np.testing.assert_array_equal(before.pose, after.pose)
    np.testing.assert_allclose(out[0].objects[-1].size, [0.12, 0.10, 0.085])  # the category's size prior
    with pytest.raises(OORKitError, match="already exist"):
        insert(random_pipeline, scene, [SpecObject("desk", "desk")], [Relation("monitor", "desk", "x")])


def test_edit_schedule_is_the_papers_constant_one_unless_annealed() -> None:
    sigmas, lams, etas = edit_schedule(EditOptions(steps=50), 0.01)
    assert np.all(sigmas == 0.01) and np.all(lams == 0.01) and np.all(etas == 0.01)
    sigmas, lams, etas = edit_schedule(EditOptions(steps=5, sigma_start=0.1, eta_end=0.001), 0.01)
    np.testing.assert_allclose(sigmas, np.geomspace(0.1, 0.01, 5))
    np.testing.assert_allclose(lams / sigmas**2, np.full(5, 0.01 / 0.01**2))  # λ follows σ²
    np.testing.assert_allclose(etas, np.geomspace(0.01, 0.001, 5))
    bad_options = ({"eta": 0.0}, {"lam": -1.0}, {"sigma_start": 0.1, "sigma": 0.5}, {"eta_end": -0.1})
    for bad in (*bad_options, {"collision_sigma": 0.0}):
        with pytest.raises(OORKitError, match="invalid edit options"):
            EditOptions(**bad)  # type: ignore[arg-type]


def test_evaluate_rearrange_rows_and_batched_likelihood(random_pipeline: OORPipeline, tmp_path: Path) -> None:
    from oorkit.eval.scenes import evaluate_rearrange, relation_log_prob

    (tmp_path / "desk.yaml").write_text(yaml.safe_dump(DESK))
    report = evaluate_rearrange(
        random_pipeline, [tmp_path], n=2, progress=False, options=EditOptions(steps=5, sigma_start=0.1)
    )
    assert report["summary"]["arrangements"] == 2 and len(report["rows"]) == 2
    spec = spec_from_dict(DESK)
    scenes = sample_scene(random_pipeline, spec, n=2, seed=0).scenes
    batched = relation_log_prob(random_pipeline, scenes, spec)
    one_by_one = [relation_log_prob(random_pipeline, [s], spec)[0] for s in scenes]
    np.testing.assert_allclose(batched, one_by_one, rtol=1e-4)
    # The clean arrangements of the report are these samples (same seed): the same likelihoods.
    np.testing.assert_allclose([r["clean_log_prob"] for r in report["rows"]], batched, rtol=1e-4)


def test_collision_boxes_of_placed_meshes_ignore_the_corners_of_a_turned_bbox() -> None:
    """An ellipsoid turned 45° over a slab: its bbox's box dips into the slab, the mesh's own box does not."""
    import trimesh

    sphere = np.asarray(trimesh.creation.icosphere(subdivisions=3, radius=0.5).vertices)
    cube = np.asarray(trimesh.creation.box(extents=(1, 1, 1)).vertices)
    shapes = collision_shapes([cube, sphere])
    graph = SceneGraph(2, 0, (), (0, 1))  # no relation: the pair is checked
    turn = torch.as_tensor(axis_angle_to_matrix(np.array([0.0, 0.0, np.pi / 4])))

    def states(height: float) -> GlobalStates:
        rotation = torch.stack([torch.eye(3, dtype=torch.float64), turn])[:, None]
        position = torch.tensor([[[0.0, 0.0, 0.0]], [[0.0, 0.05 + height, 0.0]]], dtype=torch.float64)
        extents = torch.tensor([[[2.0, 0.1, 2.0]], [[0.4, 0.1, 0.1]]], dtype=torch.float64)
        return GlobalStates(rotation, position, extents, {})

    # The ellipsoid's lowest point is 0.146 below its centre, its turned bbox's lowest corner 0.177.
    above = states(0.16)
    assert collision_loss(above, graph).item() > 0
    assert collision_loss(above, graph, shapes).item() == 0
    assert collision_loss(states(0.13), graph, shapes).item() > 0
    # Pair weights switch a pair off (the editor's mesh gate).
    assert collision_loss(states(0.13), graph, shapes, torch.zeros(1)).item() == 0


def _balls_diagonally_apart() -> tuple[Scene, list[Relation]]:
    """Two balls on a table, unrelated, diagonal neighbours: their boxes overlap, their meshes do not."""
    table = SceneObject("table", "table", np.eye(4), np.array([1.2, 0.75, 0.8]))
    table.pose[1, 3] = 0.375
    balls = []
    for i, offset in enumerate((0.0, 0.19)):
        pose = np.eye(4)
        pose[:3, 3] = [offset, 0.75 + 0.11 + offset, 0.0]
        balls.append(SceneObject(f"ball{i}", "basketball", pose, np.full(3, 0.22)))
    relations = [Relation("table", b.id, "A basketball on a table") for b in balls]
    return Scene((table, *balls)), relations


def test_rearrange_pushes_only_pairs_whose_meshes_intersect(random_pipeline: OORPipeline) -> None:
    """Overlapping boxes around meshes further apart than the contact margin do not push; without it, do."""
    scene, relations = _balls_diagonally_apart()
    by_id = {o.id: o for o in scene.objects}
    assert _box_overlap(by_id["ball0"], by_id["ball1"]) > 0
    assert not mesh_collisions(scene, spec_from_dict(_spec_of(scene, relations)), tolerance=0.0)[0]
    options = EditOptions(steps=20, collision_weight=100.0)
    runs = {
        name: rearrange(random_pipeline, scene, relations, o).trajectory
        for name, o in (
            ("gate", options),
            ("no gate", replace(options, contact_margin=None)),
            ("no term", replace(options, collision_weight=0.0)),
        )
    }
    np.testing.assert_allclose(runs["gate"], runs["no term"], atol=1e-6)
    assert np.abs(runs["no gate"][-1] - runs["no term"][-1]).max() > 1e-3
    # Pushed into each other, the meshes intersect and the gated term pushes them apart.
    into = by_id["ball0"].pose.copy()
    into[:3, 3] += [0.03, 0.02, 0.01]
    inside = Scene(tuple(replace(o, pose=into) if o.id == "ball1" else o for o in scene.objects))
    pushed = rearrange(random_pipeline, inside, relations, options).trajectory
    kept = rearrange(random_pipeline, inside, relations, replace(options, collision_weight=0.0)).trajectory
    gap = lambda t: np.linalg.norm(t[-1, 1, :3, 3] - t[-1, 2, :3, 3])  # noqa: E731
    assert gap(pushed) > gap(kept) + 0.01


def _spec_of(scene: Scene, relations: list[Relation]) -> dict:  # type: ignore[type-arg]
    return {
        "objects": [{"id": o.id, "category": o.category} for o in scene.objects],
        "relations": [r.__dict__ for r in relations],
    }

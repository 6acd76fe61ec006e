"""Layout specs, R3L import/export, relation penalties, the solver's verification and the CLI errors."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
import torch

from oorkit.errors import OORKitError
from oorkit.layout import load_spec, plan_room, solve, spec_from_dict
from oorkit.layout.penalties import compile_relations, evaluate
from oorkit.layout.problem import compile_problem, entities
from oorkit.layout.r3l import export_pose, r3l_poses

# R3L's four solved cases (MIT, tests/fixtures/r3l/LICENSE), copied so a clean clone can test the importer.
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "r3l"
FIXTURE_NAMES = ["bedroom_0", "bedroom_1", "kitchen_12x9_detailed", "music_room_11x8-1"]


def _spec(relations: list[dict], assets: list[dict] | None = None, units: list[dict] | None = None) -> object:
    assets = assets or [
        {"id": "a", "footprint": [1.0, 0.5], "height": 0.8},
        {"id": "b", "footprint": [0.6, 0.4], "height": 0.8},
    ]
    return spec_from_dict(
        {"room": {"size": [6, 5]}, "assets": assets, "units": units or [], "relations": relations}
    )


# (relation, satisfying poses of a and b [x, y, rz]); b defaults to a far-away spot when unused.
CASES = [
    (
        {"type": "left_of", "source": "b", "target": "a", "clearance": 0.2, "percentile": 0.5},
        [[3, 2.5, 0], [3 - 0.5 - 0.2 - 0.3, 2.5, 0]],
    ),
    (
        {"type": "right_of", "source": "b", "target": "a", "clearance": 0.1, "percentile": 0.0},
        [[3, 2.5, 0], [3 + 0.5 + 0.1 + 0.3, 2.5 - 0.25 + 0.2, 0]],
    ),
    (
        {"type": "in_front_of", "source": "b", "target": "a", "clearance": 0.3},
        [[3, 2.5, math.pi], [3, 2.5 - 0.25 - 0.3 - 0.2, 0]],
    ),
    (
        {"type": "behind_of", "source": "b", "target": "a", "clearance": 0.0, "percentile": 1.0},
        [[3, 2.5, 0], [3 + 0.5 - 0.3, 2.5 - 0.25 - 0.2, 0]],
    ),
    ({"type": "against_wall", "source": "a", "wall": "T"}, [[2, 5 - 0.25, math.pi], [1, 1, 0]]),
    ({"type": "against_wall", "source": "a", "wall": "L"}, [[0.25, 2, -math.pi / 2], [3, 1, 0]]),
    (
        {"type": "corner", "source": "a", "corner": "BR", "wall": "R"},
        [[6 - 0.25, 0.5, math.pi / 2], [1, 1, 0]],
    ),
    ({"type": "horizontal", "source": "a", "x": 1.7}, [[1.7, 2, 0.3], [4, 1, 0]]),
    ({"type": "horizontal", "source": "a", "percentile": 1.0}, [[6 - 0.5, 2, 0], [2, 1, 0]]),
    ({"type": "vertical", "source": "a", "percentile": 0.5}, [[1, 2.5, 0], [4, 1, 0]]),
    ({"type": "vertical", "source": "a", "y": 4.0}, [[1, 4.0, 0], [4, 1, 0]]),
    ({"type": "facing", "source": "b", "target": "a", "mode": "radial"}, [[3, 3, 0], [2, 2, -math.pi / 4]]),
    (
        {"type": "facing", "source": "b", "target": "a", "mode": "ortho"},
        [[3, 3, 0.2], [1, 3.3, -math.pi / 2 + 0.2]],
    ),
    (
        {"type": "facing", "source": "b", "target": "a", "mode": "radial", "mutual": True},
        [[3, 3, math.pi / 2], [2, 3, -math.pi / 2]],
    ),
    ({"type": "facing", "source": "b", "wall": "R"}, [[1, 1, 0], [3, 3, -math.pi / 2]]),
    ({"type": "align", "source": "b", "target": "a", "angle": 90}, [[1, 1, 0.3], [3, 3, 0.3 + math.pi / 2]]),
]


def _eval(
    spec: object, poses: list[list[float]], grad: bool = False
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    prob = compile_problem(spec)  # type: ignore[arg-type]
    comp = compile_relations(prob)
    p = torch.tensor([poses], dtype=torch.float32, requires_grad=grad)
    ep, eh = entities(prob, p)
    loss, err = evaluate(comp, ep, eh, prob.room)
    return loss, err, p


@pytest.mark.parametrize(
    ("relation", "poses"), CASES, ids=[f"{c[0]['type']}-{i}" for i, c in enumerate(CASES)]
)
def test_penalty_zero_when_satisfied_positive_with_gradient_otherwise(relation: dict, poses: list) -> None:
    spec = _spec([relation])
    loss, err, _ = _eval(spec, poses)
    assert float(loss.sum()) < 1e-6 and float(err.max()) <= 1.0
    bad = np.array(poses) + np.array([[0.4, -0.3, 0.5], [-0.35, 0.45, -1.2]])
    loss, err, p = _eval(spec, bad.tolist(), grad=True)
    assert float(loss.detach().sum()) > 1e-3 and float(err.max()) > 1.0
    loss.sum().backward()
    g = p.grad
    assert g is not None and float(g.abs().sum()) > 1e-4
    # A small step against the gradient lowers the penalty: the gradient is useful.
    stepped = (p.detach() - 1e-3 * g / g.norm()).squeeze(0).tolist()
    assert float(_eval(spec, stepped)[0].sum()) < float(loss.sum())


def test_around_penalty() -> None:
    assets = [{"id": "t", "footprint": [1.0, 1.0], "height": 0.75}] + [
        {"id": f"c{i}", "footprint": [0.4, 0.4], "height": 0.9} for i in range(4)
    ]
    spec = _spec(
        [{"type": "around", "sources": ["c0", "c1", "c2", "c3"], "target": "t", "distance": 1.0}], assets
    )
    angles = [0, math.pi / 2, math.pi, 3 * math.pi / 2]  # sweep 270° over 4 chairs: 90° apart from −135°
    poses = [[3, 2.5, 0]] + [
        [3 - math.sin(a - 3 * math.pi / 4), 2.5 + math.cos(a - 3 * math.pi / 4), 0] for a in angles
    ]
    loss, err, _ = _eval(spec, poses)
    assert float(loss.sum()) < 1e-6
    poses[2][0] += 0.3
    loss, err, p = _eval(spec, poses, grad=True)
    loss.sum().backward()
    assert float(err.max()) > 1 and p.grad is not None and float(p.grad.abs().sum()) > 0


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_r3l_importer(name: str) -> None:
    doc = json.loads((FIXTURES / f"{name}.json").read_text())
    spec = load_spec(FIXTURES / f"{name}.json")
    assert [a.id for a in spec.assets] == doc["objects"]
    assert spec.size[:2] == tuple(doc["room_size"])
    n_rel = sum(len(v) for v in doc["constr_json"]["constraints"]["composition"].values())
    for block in [
        *doc["constr_json"]["constraints"]["cluster_internal"].values(),
        doc["constr_json"]["constraints"]["scene_relational"],
    ]:
        n_rel += sum(len(v) for v in block.values())
    assert len(spec.relations) == n_rel
    assert len(spec.units) == len(doc["constr_json"]["scene_entities"]["clusters"])
    poses = r3l_poses(doc)
    back = export_pose(doc["objects"], poses)
    assert np.allclose(back["pose"]["x"], doc["pose"]["x"]) and np.allclose(
        back["pose"]["rz"], doc["pose"]["rz"]
    )
    # R3L's own solution satisfies most of its relations under our penalties: the semantics agree.
    _, err, _ = _eval(spec, poses.tolist())
    assert float((err <= 1).float().mean()) >= 0.5


def test_solver_small_room_feasible() -> None:
    spec = plan_room("bedroom", (4.0, 3.5), seed=0)
    res = solve(spec, seed=0, restarts=4, steps=250)
    assert res.feasible and not res.verification.pairs and not res.verification.outside
    assert res.satisfied.mean() >= 0.9


def test_infeasible_spec_is_reported() -> None:
    assets = [{"id": f"w{i}", "category": "wardrobe"} for i in range(4)]
    spec = spec_from_dict({"room": {"size": [2.0, 2.0]}, "assets": assets})
    res = solve(spec, seed=0, restarts=2, steps=100, repair_rounds=1)
    assert not res.feasible
    report = res.report()
    assert report["collisions"] and any("infeasible" in line for line in report["log"])


def test_spec_errors_name_the_field() -> None:
    with pytest.raises(OORKitError, match="unknown asset or unit 'zzz'"):
        _spec([{"type": "left_of", "source": "a", "target": "zzz"}])
    with pytest.raises(OORKitError, match="relations"):
        _spec([{"type": "against_wall", "source": "a", "wall": "X"}])
    with pytest.raises(OORKitError, match="unknown room type"):
        plan_room("garage", (4, 4))


def test_cli_errors_are_one_line(tmp_path: Path) -> None:
    import typer
    from typer.testing import CliRunner

    from oorkit.cli import layout_cmd

    app = typer.Typer()
    app.command("layout")(layout_cmd.layout)
    app.command("eval-layouts")(layout_cmd.eval_layouts)
    bad = tmp_path / "bad.yaml"
    bad.write_text("room: {size: [4, 4]}\nassets: [{id: a, category: sofaa}]\n")
    for args in (
        ["layout", str(bad)],
        ["layout", "--room", "bedroom", "--size", "five"],
        ["layout"],
        ["layout", "--llm", "--assets", "bed"],
        ["layout", "--llm", "--base-url", "http://127.0.0.1:9/v1", "--model", "m"],
        ["eval-layouts", str(tmp_path / "missing")],
    ):
        result = CliRunner().invoke(app, args)
        # main() turns OORKitError into "error: <message>" and exit code 2: the message is one line.
        assert isinstance(result.exception, OORKitError), (args, result.output)
        assert "\n" not in str(result.exception) and str(result.exception)


L_ROOM = [[0, 0], [5, 0], [5, 2.5], [2.5, 2.5], [2.5, 4], [0, 4]]


def test_polygon_wall_terms_are_signed_and_differentiable() -> None:
    from oorkit.layout.boxes import polygon_boundary_loss, polygon_signed_distance

    poly = torch.tensor(L_ROOM, dtype=torch.float32)
    d = polygon_signed_distance(torch.tensor([[1.0, 1.0], [4.0, 3.5], [6.0, 1.0], [2.5, 1.0]]), poly)
    assert float(d[0]) == pytest.approx(-1.0) and float(d[1]) == pytest.approx(1.0)
    assert float(d[2]) == pytest.approx(1.0) and float(d[3]) == pytest.approx(-1.0)
    half = torch.tensor([[[0.5, 0.5]]])
    inside = torch.tensor([[[1.0, 1.0, 0.0]]])
    assert float(polygon_boundary_loss(inside, half, poly, 0.0)) == 0.0
    # Across the inner corner (2.5, 2.5): all four corners inside, the wall cuts the footprint.
    across = torch.tensor([[[2.3, 2.3, 0.0]]], requires_grad=True)
    corners_in = polygon_signed_distance(torch.tensor([[1.8, 1.8], [2.8, 1.8], [1.8, 2.8], [2.8, 2.6]]), poly)
    loss = polygon_boundary_loss(across, half, poly, 0.0)
    loss.sum().backward()
    assert float(loss) > 0 and across.grad is not None and float(across.grad[..., :2].abs().sum()) > 0
    outside = torch.tensor([[[4.0, 3.5, 0.3]]], requires_grad=True)
    loss = polygon_boundary_loss(outside, half, poly, 0.0)
    loss.sum().backward()
    assert float(loss) > 0 and outside.grad is not None
    assert float(corners_in[3]) > 0  # (2.8, 2.6) is past the inner wall


def test_solver_keeps_objects_inside_an_l_shaped_room() -> None:
    assets = [{"id": f"s{i}", "category": "armchair"} for i in range(4)]
    spec = spec_from_dict({"room": {"size": [5, 4], "polygon": L_ROOM}, "assets": assets})
    res = solve(spec, seed=0, restarts=4, steps=200)
    assert res.feasible and not res.verification.outside


def test_imagination_revises_intra_and_inter_unit_conflicts() -> None:
    from oorkit.layout import imagine
    from oorkit.layout.consistency import relation_errors

    assets = [
        {"id": "sofa", "category": "sofa"},
        {"id": "s0", "category": "side_table"},
        {"id": "s1", "category": "side_table"},
        {"id": "table", "category": "coffee_table"},
        {"id": "arm", "category": "armchair"},
    ]
    relations = [
        {"type": "against_wall", "source": "lounge", "wall": "B"},
        # Both side tables centred on the sofa's left: they cannot both be there (intra-unit conflict).
        {"type": "left_of", "source": "s0", "target": "sofa", "clearance": 0.05, "percentile": 0.5},
        {"type": "left_of", "source": "s1", "target": "sofa", "clearance": 0.05, "percentile": 0.5},
        # Coffee table and armchair both centred in front of the sofa (inter-unit conflict, as bedroom_0).
        {"type": "in_front_of", "source": "table", "target": "lounge", "clearance": 0.3},
        {"type": "in_front_of", "source": "arm", "target": "lounge", "clearance": 0.3},
    ]
    spec = spec_from_dict(
        {
            "room": {"size": [6, 5]},
            "assets": assets,
            "units": [{"id": "lounge", "anchor": "sofa", "members": ["sofa", "s0", "s1"]}],
            "relations": relations,
        }
    )
    im = imagine(spec)
    assert any(line.startswith("intra-unit lounge:") for line in im.log)
    assert any(line.startswith("inter-unit:") for line in im.log)
    changed = [i for i, (a, b) in enumerate(zip(spec.relations, im.spec.relations, strict=True)) if a != b]
    assert 1 in changed or 2 in changed  # an intra-unit relation was revised
    assert 3 in changed or 4 in changed  # an inter-unit relation was revised
    _, err = relation_errors(im.spec, im.poses)
    assert (err <= 1).all()  # the revised relations hold on the imagined maps
    res = solve(im.spec, seed=0, restarts=2, steps=150, init=im.poses)
    assert res.feasible and res.satisfied.all()


def test_planner_offices_and_music_arc_are_consistent() -> None:
    from oorkit.layout import imagine
    from oorkit.layout.consistency import relation_errors

    office = plan_room("office", (8.0, 6.0), seed=1)
    im = imagine(office)
    assert im.log == [] and (relation_errors(office, im.poses)[1] <= 1).all()
    music = plan_room("music_room", (9.0, 7.0), seed=0)
    im = imagine(music)
    _, err = relation_errors(im.spec, im.poses)
    assert (err <= 1).all()
    # The players' seats lie on one arc around the piano, each facing it.
    ids = [a.id for a in music.floor_assets()]
    piano = im.poses[ids.index("piano_0")]
    chairs = np.array([im.poses[i] for i, a in enumerate(ids) if a.startswith("chair_")])
    radii = np.linalg.norm(chairs[:, :2] - piano[:2], axis=1)
    assert len(chairs) >= 3 and radii.std() < 0.35 and len(set(np.round(chairs[:, 0], 1))) == len(chairs)

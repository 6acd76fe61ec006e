"""Geometric predicates: each passes a hand-made sample of its relation and fails one that breaks it;
the relation library's own samples pass; `oor eval predicates` runs end to end on the tiny model."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from oorkit import oor
from oorkit.assets import get_category
from oorkit.errors import OORKitError
from oorkit.eval.predicates import (
    PREDICATES,
    box_separation,
    decode,
    evaluate_predicates,
    failure_reasons,
    footprint_gap,
    ground_truth_rates,
    judge,
    predicate_checks,
    predicates_table,
)
from oorkit.geometry import axis_angle_to_matrix
from oorkit.relations.primitives import PRIMITIVES


def rot(axis: str, deg: float) -> np.ndarray:
    """Rotation about a base axis by degrees."""
    v = {"x": [1.0, 0, 0], "y": [0, 1.0, 0], "z": [0, 0, 1.0]}[axis]
    return np.asarray(axis_angle_to_matrix(np.radians(deg) * np.array(v)))


def place(base: str, target: str, centre_m: list[float], r: np.ndarray | None = None) -> np.ndarray:
    """φ (1, 15) of a target box (its prior size) centred at `centre_m` metres in the base frame."""
    b, t = size(base), size(target)
    unit = b.max()
    rotation = np.eye(3) if r is None else r
    return np.asarray(oor.pack(rotation, np.array(centre_m) / unit, t / unit, b / unit))[None]


def floor(base: str, target: str, r: np.ndarray | None = None) -> float:
    """Centre height (metres) at which the (rotated) target box stands on the base's floor."""
    return -size(base)[1] / 2 + extent(target, r)[1]


def size(category: str) -> np.ndarray:
    """The category's prior box extents (x, y, z) in metres."""
    return np.array(get_category(category).size, dtype=np.float64)


def extent(target: str, r: np.ndarray | None = None) -> np.ndarray:
    """Half extents (metres) of the (rotated) target box along the base's axes."""
    return np.abs(np.eye(3) if r is None else r) @ size(target) / 2


def top(base: str) -> float:
    """Height (metres) of the base's top in its own frame."""
    return float(size(base)[1] / 2)


def spout_at(goal: list[float], r: np.ndarray) -> list[float]:
    """The teapot centre that puts its box spout point (½, 0.3, 0) at `goal`."""
    return list(np.array(goal) - r @ (np.array([0.5, 0.3, 0.0]) * size("teapot")))


@dataclass
class Case:
    """A relation, its pair and args, a sample that satisfies it and one that fails the named check."""

    base: str
    target: str
    good: np.ndarray
    bad: np.ndarray
    fails: str
    args: dict[str, Any] = field(default_factory=dict)


FACE_MINUS_X = rot("y", -90)
ALONG_Z = rot("y", 90)
SHEET = np.column_stack([[0.0, -1, 0], [0.0, 0, 1], [-1.0, 0, 0]])  # a towel hanging: its x down
LEAN = rot("z", -15)  # the top tips toward +x
SPOUT_DOWN = rot("z", -45)  # +x (the spout) dips by 45°
CUP_RIM = [0.0, top("teacup") + 0.03, 0.0]
CHAIR_X = size("table")[0] / 2 + 0.1 + size("chair")[2] / 2  # a chair turned to face −x, 10 cm out
GUITAR_X = -(size("sofa")[0] / 2 + extent("guitar", LEAN)[0] - 0.04)  # its top against the sofa's side
FORK_X = -(size("plate")[0] / 2 + 0.03 + extent("fork", ALONG_Z)[0])  # 3 cm left of the plate

CASES: dict[str, Case] = {
    "on": Case(
        "table",
        "teacup",
        place("table", "teacup", [0.2, top("table") + extent("teacup")[1], 0.1]),
        place("table", "teacup", [0.2, top("table") + extent("teacup")[1] + 0.1, 0.1]),  # floating
        "contact",
    ),
    "stacked": Case(
        "book",
        "book",
        place("book", "book", [0.005, top("book") + extent("book")[1], 0.0]),
        place("book", "book", [0.005, top("book") + extent("book")[1], 0.0], rot("x", 60)),
        "upright",
    ),
    "in": Case(
        "bowl",
        "apple",
        place("bowl", "apple", [0.0, floor("bowl", "apple") + 0.005, 0.0]),
        place("bowl", "apple", [size("bowl")[0], floor("bowl", "apple") + 0.005, 0.0]),  # beside it
        "centre_over_footprint",
    ),
    "insert": Case(
        "mug",
        "pen",
        # Standing, its lower end 1 cm above the mug's floor.
        place("mug", "pen", [0.0, -top("mug") + 0.01 + size("pen")[0] / 2, 0.0], rot("z", 90)),
        place("mug", "pen", [0.0, top("mug") + extent("pen")[1] + 0.01, 0.0]),  # lying across the top
        "end_below_top",
    ),
    "stir": Case(
        "bowl",
        "spoon",
        # Its bowl (+x) down, 1 cm above the floor, the handle up; then upside down.
        place("bowl", "spoon", [0.0, -top("bowl") + 0.01 + size("spoon")[0] / 2, 0.0], rot("z", -90)),
        place("bowl", "spoon", [0.0, -top("bowl") + 0.01 + size("spoon")[0] / 2, 0.0], rot("z", 90)),
        "end_below_top",
    ),
    "under": Case(
        "table",
        "cardboard_box",
        place("table", "cardboard_box", [0.0, floor("table", "cardboard_box"), 0.0]),
        place("table", "cardboard_box", [0.0, top("table") + extent("cardboard_box")[1], 0.0]),  # on it
        "centre_below_top",
    ),
    "next_to": Case(
        "plate",
        "fork",
        place("plate", "fork", [FORK_X, floor("plate", "fork", ALONG_Z), 0.0], ALONG_Z),
        place("plate", "fork", [-FORK_X, floor("plate", "fork", ALONG_Z), 0.0], ALONG_Z),  # right
        "left_side",
        {"side": "left", "gap": [0.01, 0.06]},
    ),
    "in_front_of": Case(
        "sofa",
        "coffee_table",
        place("sofa", "coffee_table", [0.0, floor("sofa", "coffee_table"), 1.2]),
        place("sofa", "coffee_table", [0.0, floor("sofa", "coffee_table"), -1.2]),
        "front_side",
        {"gap": [0.3, 0.6]},
    ),
    "behind": Case(
        "sofa",
        "floor_lamp",
        place("sofa", "floor_lamp", [0.3, floor("sofa", "floor_lamp"), -1.0]),
        place("sofa", "floor_lamp", [0.3, floor("sofa", "floor_lamp"), 1.0]),
        "back_side",
    ),
    "facing": Case(
        "tv",
        "sofa",
        place("tv", "sofa", [0.0, floor("tv", "sofa"), 2.5], rot("y", 180)),
        place("tv", "sofa", [0.0, floor("tv", "sofa"), 2.5]),  # its back to the tv
        "faces_base",
        {"distance": [1.5, 3.0]},
    ),
    "around": Case(
        "table",
        "chair",
        place("table", "chair", [CHAIR_X, floor("table", "chair"), 0.0], FACE_MINUS_X),
        place("table", "chair", [0.3, floor("table", "chair"), 0.0], FACE_MINUS_X),  # inside the table
        "disjoint",
        {"k": 6, "radius": [0.05, 0.25]},
    ),
    "pour_into": Case(
        "teacup",
        "teapot",
        place("teacup", "teapot", spout_at(CUP_RIM, SPOUT_DOWN), SPOUT_DOWN),
        place("teacup", "teapot", spout_at(CUP_RIM, np.eye(3))),  # upright, spout at the same spot
        "tilted",
        {"spout": "x"},
    ),
    "cut": Case(
        "apple",
        "knife",
        place("apple", "knife", [-0.25 * size("knife")[0], 0.01, 0.0]),  # the blade (+x half) in it
        place("apple", "knife", [-0.5 - size("knife")[0], 0.01, 0.0]),
        "working_end_in_base",
    ),
    "hit": Case(
        "nail",
        "hammer",
        place("nail", "hammer", [-0.35 * size("hammer")[0], top("nail") + extent("hammer")[1], 0.0]),
        place("nail", "hammer", [0.35 * size("hammer")[0], top("nail") + extent("hammer")[1], 0.0]),
        "working_end_touches",  # the bad one touches the nail with the handle's end
    ),
    "leaning_against": Case(
        "sofa",
        "guitar",
        place("sofa", "guitar", [GUITAR_X, floor("sofa", "guitar", LEAN), 0.0], LEAN),
        place("sofa", "guitar", [-(size("sofa")[0] + size("guitar")[0]) / 2, floor("sofa", "guitar"), 0.0]),
        "leans_toward_base",  # the bad one stands upright against it
        {"side": "left"},
    ),
    "hanging_on": Case(
        "chair",
        "towel",
        place("chair", "towel", [0.0, top("chair") - 0.1, -size("chair")[2] / 2], SHEET),
        place("chair", "towel", [size("chair")[0], floor("chair", "towel"), 0.0]),  # on the floor
        "over_the_edge",
        {"part": "back"},
    ),
}


def test_every_relation_has_a_predicate_and_a_pass_and_a_fail_case() -> None:
    assert set(PREDICATES) == set(PRIMITIVES) == set(CASES)


@pytest.mark.parametrize("relation", sorted(CASES))
def test_predicate_passes_and_fails(relation: str) -> None:
    case = CASES[relation]
    good = predicate_checks(relation, case.good, case.base, case.target, case.args)
    assert all(bool(ok[0]) for ok in good.values()), {k: bool(v[0]) for k, v in good.items()}
    assert judge(relation, case.good, case.base, case.target, case.args).tolist() == [True]
    assert judge(relation, case.bad, case.base, case.target, case.args).tolist() == [False]
    assert case.fails in failure_reasons(relation, case.bad, case.base, case.target, case.args)[0]
    both = np.concatenate([case.good, case.bad])
    assert judge(relation, both, case.base, case.target, case.args).tolist() == [True, False]


def test_more_failures_each_predicate_catches() -> None:
    def reasons(relation: str, phi: np.ndarray, args: dict[str, Any] | None = None) -> list[str]:
        c = CASES[relation]
        return failure_reasons(relation, phi, c.base, c.target, c.args if args is None else args)[0]

    on_top = top("table") + extent("teacup")[1]
    assert "over_footprint" in reasons("on", place("table", "teacup", [size("table")[0], on_top, 0.1]))
    above = top("bowl") + extent("apple")[1] + 0.01
    assert "below_top" in reasons("in", place("bowl", "apple", [0.0, above, 0.0]))
    far = [FORK_X - 1.0, floor("plate", "fork", ALONG_Z), 0.0]
    assert "near" in reasons("next_to", place("plate", "fork", far, ALONG_Z))
    assert "same_floor" in reasons("under", place("table", "cardboard_box", [0.0, 0.0, 0.0]))
    chair = [CHAIR_X, floor("table", "chair"), 0.0]
    assert "faces_center" in reasons("around", place("table", "chair", chair))  # facing +z
    away = [GUITAR_X - 1.0, floor("sofa", "guitar", LEAN), 0.0]
    assert "touches_base" in reasons("leaning_against", place("sofa", "guitar", away, LEAN))
    behind = place("tv", "sofa", [0.0, floor("tv", "sofa"), -2.5])  # facing the tv's back
    assert "front_side" in reasons("facing", behind)
    beside = spout_at([size("teacup")[0] + 0.05, top("teacup") + 0.03, 0.0], SPOUT_DOWN)
    assert "spout_over_footprint" in reasons("pour_into", place("teacup", "teapot", beside, SPOUT_DOWN))


def test_non_finite_samples_fail_and_unknown_relations_are_refused() -> None:
    c = CASES["on"]
    phi = np.concatenate([c.good, c.good])
    phi[1, 7] = np.nan
    assert judge("on", phi, c.base, c.target).tolist() == [True, False]
    with pytest.raises(OORKitError, match="no predicate"):
        judge("levitating", c.good, c.base, c.target)


def test_box_distances() -> None:
    """Separating axes: a gap is its length, an overlap its depth, both in base units."""
    x = (size("table")[0] + size("cardboard_box")[0]) / 2
    b = decode(place("table", "cardboard_box", [x + 0.16, 0.0, 0.0]), "table")
    np.testing.assert_allclose(box_separation(b) * b.unit, 0.16, atol=1e-9)
    np.testing.assert_allclose(footprint_gap(b) * b.unit, 0.16, atol=1e-9)
    b = decode(place("table", "cardboard_box", [size("table")[0] / 2, 0.0, 0.0], rot("y", 30)), "table")
    assert box_separation(b) < 0 and footprint_gap(b) < 0


LIBRARY = (
    "teacup_on_table",
    "book_stacked_on_book",
    "apple_in_bowl",
    "pen_in_mug",
    "spoon_stirs_bowl",
    "cardboard_box_under_table",
    "fork_next_to_plate",
    "coffee_table_in_front_of_sofa",
    "floor_lamp_behind_sofa",
    "chair_facing_chair",
    "chair_around_table",
    "teapot_pours_into_teacup",
    "knife_cuts_apple",
    "hammer_hits_nail",
    "guitar_leaning_against_sofa",
    "towel_hangs_on_chair",
)


def test_the_relation_library_samples_pass() -> None:
    """Ground truth from the data generator (one context per relation) passes its predicate."""
    from oorkit.relations.context import bundled_contexts
    from oorkit.relations.sampler import sample_context

    contexts = {c.id: c for c in bundled_contexts()}
    assert {contexts[cid].relation for cid in LIBRARY} == set(PRIMITIVES)
    for cid in LIBRARY:
        c = contexts[cid]
        drawn = sample_context(c, 3, np.random.default_rng(0))
        phi = np.stack([s.phi for s in drawn.samples])
        assert len(phi) >= 2, cid
        reasons = failure_reasons(c.relation, phi, c.base, c.target, c.args)
        assert reasons == [[]] * len(phi), (cid, reasons)


def test_evaluate_predicates_end_to_end(tiny_model: Path) -> None:
    from oorkit.diffusion.pipeline import OORPipeline

    data = tiny_model.parent / "data"
    pipeline = OORPipeline.from_pretrained(tiny_model)
    report = evaluate_predicates(pipeline, data, n=3, steps=4, progress=False)
    prompts = report["summary"]["held_out_prompts"]
    assert set(prompts["relations"]) == {"on"}
    overall = prompts["overall"]
    assert overall["samples"] == 3 and 0.0 <= overall["pass_rate"] <= 1.0
    assert overall["reference_pass_rate"] == 1.0  # the fixture's cups rest on the table top
    case = report["cases"][0]
    assert case["relation"] == "on" and set(case["checks"]) == {"contact", "over_footprint"}
    truth = ground_truth_rates(data, "all")
    assert truth["overall"]["pass_rate"] == 1.0 and truth["relations"]["on"]["samples"] == 128
    report["ground_truth"] = truth
    table = predicates_table(report)
    assert "| on |" in table and "| **overall** |" in table and "100.0 % (128)" in table


def test_oor_eval_predicates_writes_its_report(tiny_model: Path, tmp_path: Path) -> None:
    from oorkit.cli.main import run

    data = tiny_model.parent / "data"
    args = ["eval", "predicates", "--data", str(data), "--model", str(tiny_model), "-n", "2"]
    assert run([*args, "--steps", "3", "--split", "prompts", "--out", str(tmp_path / "out")]) == 0
    report = json.loads((tmp_path / "out/predicates.json").read_text())
    assert report["ground_truth"]["split"] in ("train", "all")
    assert report["summary"]["held_out_prompts"]["overall"]["samples"] == 2
    assert "| **overall** |" in (tmp_path / "out/predicates.md").read_text()


def test_oor_eval_predicates_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A missing dataset or a bad split is one error line, before the model loads, and writes nothing."""
    from oorkit.cli.main import run

    for extra in (["--data", str(tmp_path / "nodata")], ["--split", "train"]):
        assert run(["eval", "predicates", *extra, "--out", str(tmp_path / "out")]) == 2
        err = capsys.readouterr().err
        assert len([line for line in err.splitlines() if line.startswith("error:")]) == 1, err
    assert not (tmp_path / "out").exists()

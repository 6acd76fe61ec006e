"""Lifting stages: config, prompts, crash-safe files, segmentation, and a resumable run on real renders."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow.parquet as pq
import pytest
import yaml

from oorkit.errors import InvalidFileError
from oorkit.lift import stages
from oorkit.lift.config import config_from_dict, load_config
from oorkit.lift.features import fit_pca, offline_descriptor
from oorkit.lift.lifting import segment_points
from oorkit.lift.prompts import WHITE_BACKGROUND, WIDE_VIEW, build_prompt
from oorkit.lift.runner import run_lift
from oorkit.lift.sfm import SfMResult
from oorkit.lift.store import atomic_write_json, read_json

CONTEXT = {"id": "mug_next_to_teapot", "text": "A mug next to a teapot", "base": "teapot", "target": "mug"}


def small_config(samples: int = 2, **extra: Any) -> dict[str, Any]:
    """A config cheap enough for the default suite: 8 views of 256 px, fixed templates."""
    return {
        "seed": 3,
        "contexts": [{**CONTEXT, "place": "next_to", "samples": samples}],
        "source": {"views": 12, "resolution": 384},
        "features": {"template_views": 8, "template_resolution": 192},
        "templates": {"teapot": ["teapot/procedural"], "mug": ["mug/procedural"]},
        "filters": {"min_points": 30},
        **extra,
    }


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        ({"contexts": []}, "non-empty list"),
        ({"contexts": [CONTEXT], "sfm": {"backend": "magic"}}, "sfm backend must be one of"),
        ({"contexts": [{**CONTEXT, "base": "teapott"}]}, "unknown category .teapott.; did you mean"),
        ({"contexts": [CONTEXT], "colour": 1}, "unknown key"),
        ({"contexts": [CONTEXT, CONTEXT]}, "duplicate"),
        ({"contexts": [{**CONTEXT, "inject": {"melt": 1}}]}, "inject keys"),
        ({"contexts": [CONTEXT], "templates": {"mug": ["mug/nope"]}}, "unknown template"),
    ],
)
def test_config_errors_are_one_line(doc: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidFileError, match=message) as err:
        config_from_dict(doc)
    assert "\n" not in str(err.value)


def test_config_yaml_on_is_a_placement(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("contexts:\n  - {id: a, text: A mug on a book, base: book, target: mug, place: on}\n")
    config = load_config(path)
    assert config.contexts[0].place == "on"
    assert config.candidates("mug")[0].startswith("mug/")
    assert config.fingerprint() == load_config(path).fingerprint()


def test_prompt_strategies() -> None:
    p = build_prompt("A teacup on a table", "table", "teacup", {"teacup": "a white porcelain teacup"})
    assert p.endswith(WHITE_BACKGROUND) and WIDE_VIEW in p and "The teacup is a white porcelain teacup." in p
    assert WIDE_VIEW not in build_prompt("A mug next to a teapot", "teapot", "mug")


def test_atomic_write_keeps_old_file_on_failure(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    atomic_write_json(path, {"a": 1})
    with pytest.raises(TypeError):
        atomic_write_json(path, {"a": object()})
    assert read_json(path) == {"a": 1}
    assert [p.name for p in tmp_path.iterdir()] == ["m.json"]


def test_segment_points_majority_vote() -> None:
    masks = np.full((2, 4, 4), -1, np.int16)
    masks[:, :, :2] = 0
    masks[:, :, 2:] = 1
    sfm = SfMResult(
        np.zeros((3, 3)),
        np.array([0, 0, 1, 1, 2, 2]),
        np.array([0, 1, 0, 1, 0, 1]),
        np.array([[0, 0], [1, 1], [3, 0], [3, 3], [0, 0], [3, 3]], float),
        2,
        "test",
    )
    np.testing.assert_array_equal(segment_points(sfm, masks), [0, 1, -1])


def test_offline_descriptor_is_scale_normalised() -> None:
    """The same pattern drawn at two sizes gives the same descriptor at corresponding keypoints."""
    rng = np.random.default_rng(0)
    small = rng.integers(0, 255, (20, 20, 3)).astype(np.uint8)
    big = np.kron(small, np.ones((3, 3, 1), np.uint8))
    d1 = offline_descriptor(small, np.ones((20, 20), bool), np.array([[10.0, 10.0]]))
    d2 = offline_descriptor(big, np.ones((60, 60), bool), np.array([[31.0, 31.0]]))
    assert np.corrcoef(d1[0], d2[0])[0, 1] > 0.9
    pca = fit_pca(rng.normal(size=(100, 19)), 15)
    assert pca.project(rng.normal(size=(4, 19))).shape == (4, 15)


def _dataset(root: Path) -> list[dict[str, Any]]:
    return pq.read_table(root / "samples.parquet").to_pylist()


def test_lift_resumes_after_a_crash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A crash in sample 1's registration loses nothing finished; the rerun redoes only what was left."""
    cfg = config_from_dict(small_config())
    real = stages._STAGE_FUNCTIONS["register"]

    def crash_on_second(job: stages.Job) -> Any:
        if job.spec.index == 1:
            raise RuntimeError("simulated crash")
        return real(job)

    monkeypatch.setitem(stages._STAGE_FUNCTIONS, "register", crash_on_second)
    with pytest.raises(RuntimeError, match="simulated crash"):
        run_lift(cfg, tmp_path / "out", progress=False)
    work = tmp_path / "out" / "lift" / "samples" / CONTEXT["id"]
    first = (work / "000" / "manifest.json").read_text()
    partial = json.loads((work / "001" / "manifest.json").read_text())
    assert json.loads(first)["status"] in ("accepted", "rejected")
    assert set(partial["stages"]) == {"image", "multiview", "sfm", "segment", "features"}
    monkeypatch.setitem(stages._STAGE_FUNCTIONS, "register", real)

    report = run_lift(cfg, tmp_path / "out", progress=False)
    assert report.ran == 1 and report.samples == 2
    assert (work / "000" / "manifest.json").read_text() == first  # untouched
    resumed = json.loads((work / "001" / "manifest.json").read_text())
    for name in partial["stages"]:
        assert resumed["stages"][name]["run"] == partial["stages"][name]["run"]
    assert resumed["stages"]["register"]["run"] != partial["stages"]["features"]["run"]
    assert report.accepted >= 1, report
    rows = _dataset(tmp_path / "out")
    assert {r["source"] for r in rows} == {"lifted"}
    for i in range(2):
        m = json.loads((work / f"{i:03d}" / "manifest.json").read_text())
        if "register" in m["stages"]:
            e = m["stages"]["register"]["info"]["error"]
            assert e["rotation_deg"] < 10 and e["translation"] < 0.05, e

    # A third run finds everything finished and rewrites the same dataset.
    again = run_lift(cfg, tmp_path / "out", progress=False)
    assert again.ran == 0 and _dataset(tmp_path / "out") == rows
    report_doc = json.loads((tmp_path / "out" / "lift_report.json").read_text())
    assert report_doc["accepted"] == report.accepted and report_doc["executor"] == "serial"


def test_lift_refuses_a_different_config_in_the_same_folder(tmp_path: Path) -> None:
    from oorkit.errors import OORKitError
    from oorkit.lift.runner import WORK

    (tmp_path / WORK).mkdir()
    atomic_write_json(tmp_path / WORK / "config.json", {"fingerprint": "something else"})
    with pytest.raises(OORKitError, match="different config"):
        run_lift(config_from_dict(small_config()), tmp_path, progress=False)


def test_cli_lift_command(tmp_path: Path) -> None:
    """`oor lift` through typer on a config whose samples all fail the point count (no rendering cost)."""
    import typer
    from typer.testing import CliRunner

    from oorkit.cli.lift_cmd import lift

    app = typer.Typer()
    app.command()(lift)
    app.command("noop")(lambda: None)  # two commands, so typer keeps `lift` as a subcommand
    config = tmp_path / "c.yaml"
    config.write_text(yaml.safe_dump({**small_config(1), "source": {"views": 4, "resolution": 96}}))
    result = CliRunner().invoke(app, ["lift", str(config), "--out", str(tmp_path / "o"), "--seed", "5"])
    assert result.exit_code == 0, result.output
    assert "samples accepted" in result.output and "removed by" in result.output
    assert read_json(tmp_path / "o" / "lift_report.json")["samples"] == 1


def test_ground_truth_from_the_relation_library() -> None:
    """A context naming a relation is placed by oorkit.relations; φ round-trips through the placement."""
    pytest.importorskip("oorkit.relations.sampler")
    from oorkit import oor
    from oorkit.lift.config import ContextSpec

    spec = ContextSpec("mug_on_book", "A mug on a book", "book", "mug", relation="on")
    placement = stages._ground_truth(spec, np.random.default_rng(0))
    phi = placement.phi()
    np.testing.assert_allclose(
        oor.target_instance_transform(phi, placement.base_instance), placement.target_instance, atol=1e-9
    )
    assert placement.base_template.startswith("book/") and placement.target_template.startswith("mug/")


def test_known_camera_fallback_lifts_points_onto_the_surface() -> None:
    """Without pycolmap: grid keypoints lifted by depth land on the mesh, with multi-view tracks."""
    import trimesh

    from oorkit.lift.offline import render_circle, textured_template
    from oorkit.lift.sfm import run_known_cameras

    mesh = textured_template("mug/procedural")
    views = render_circle([mesh], [np.eye(4)], 4, 128, 25.0)
    sfm = run_known_cameras(views.depth, views.cameras, views.intrinsics, step=4, voxel=0.01)
    assert sfm.backend == "known_cameras" and len(sfm.points) > 100
    assert np.bincount(sfm.obs_point).max() > 1  # some points are seen in several views
    _, dist, _ = trimesh.proximity.closest_point(mesh, sfm.points[:300])
    assert np.median(dist) < 0.01


def test_executor_choice() -> None:
    from oorkit.lift.runner import _executor

    assert _executor(1, None)[0] == "serial"
    name = _executor(2, None)[0]
    try:
        import ray  # noqa: F401

        assert name == "ray local"
    except ImportError:
        assert name == "process pool (ray not installed)"

"""`oor eval all`: every metric runs on one model, or is reported as skipped with its reason."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from oorkit.diffusion.pipeline import OORPipeline
from oorkit.eval.suite import run_suite, suite_markdown, write_suite

ROOT = Path(__file__).resolve().parents[2]


def test_suite_runs_every_metric_it_can(tiny_model: Path, tmp_path: Path) -> None:
    """Pairwise, scenes, layouts, VLM (a local judge) and the user study run; CLIP is skipped, with why."""
    scenes = tmp_path / "scenes"
    scenes.mkdir()
    shutil.copy(ROOT / "examples/scenes/tea_time.yaml", scenes)
    asked: list[Any] = []

    def judge(messages: list[dict[str, Any]]) -> str:
        asked.append(messages)
        return "Choose: Method A"

    pipeline = OORPipeline.from_pretrained(tiny_model)
    report = run_suite(
        pipeline,
        tmp_path / "out",
        tiny_model.parent / "data",
        [scenes],
        [ROOT / "tests/fixtures/r3l/bedroom_0.json"],
        scene_n=2,
        prompts=1,
        judge=judge,
        progress=False,
    )
    assert set(report) == {"pairwise", "scenes", "layouts", "clip", "vlm", "user_study"}
    assert report["clip"] == {"skipped": "no CLIP weights (pass --clip-weights FILE)"}
    assert report["pairwise"]["cases"] and report["pairwise"]["cases"][0]["learned_ratio"] > 0
    assert report["scenes"]["summary"]["guided"]["unrelated_pairs"] > 0
    assert report["layouts"]["cases"][0]["case"] == "r3l/bedroom_0"
    assert len(asked) == report["vlm"]["summary"]["questions"] == 1
    assert (tmp_path / "out/user_study/index.html").is_file() and report["user_study"]["questions"] == 1
    json_path, md_path = write_suite(report, tmp_path / "out")
    assert json.loads(json_path.read_text())["clip"]["skipped"].startswith("no CLIP weights")
    text = md_path.read_text()
    assert text == suite_markdown(report) and "## pairwise" in text and "skipped: no CLIP weights" in text


def test_suite_without_data_skips_what_needs_it(tiny_model: Path, tmp_path: Path) -> None:
    """No dataset: the data-based metrics say so and name the command that builds one."""
    scenes = tmp_path / "scenes"
    scenes.mkdir()
    shutil.copy(ROOT / "examples/scenes/tea_time.yaml", scenes)
    pipeline = OORPipeline.from_pretrained(tiny_model)
    report = run_suite(
        pipeline,
        tmp_path / "out",
        tmp_path / "missing",
        [scenes],
        [ROOT / "tests/fixtures/r3l/bedroom_0.json"],
        scene_n=2,
        progress=False,
    )
    for name in ("pairwise", "clip", "vlm", "user_study"):
        assert "oor data build" in report[name]["skipped"]
    assert "summary" in report["scenes"] and report["layouts"]["cases"]

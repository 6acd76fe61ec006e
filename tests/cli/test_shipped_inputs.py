"""Every input the project ships runs through its command: exit 0 and outputs that read back."""

from __future__ import annotations

import json
import math
import shlex
from pathlib import Path

import pytest

from oorkit.cli.main import run
from oorkit.layout import load_spec as load_layout_spec
from oorkit.lift.config import load_config
from oorkit.scene import load_scene

ROOT = Path(__file__).resolve().parents[2]
SCENES = sorted((ROOT / "examples" / "scenes").glob("*.yaml"))
LAYOUTS = sorted((ROOT / "examples" / "layouts").glob("*.yaml")) + sorted(
    (ROOT / "tests" / "fixtures" / "r3l").glob("*.json")
)
LIFT = sorted((ROOT / "examples" / "lift").glob("*.yaml"))
MOTION = sorted((ROOT / "examples" / "motion").glob("*.sh"))
MOTION_SCENES = sorted((ROOT / "examples" / "motion").glob("*.json"))  # run by tests/human/test_motion.py


def test_every_shipped_file_is_covered() -> None:
    shipped = {p for p in (ROOT / "examples").rglob("*") if p.is_file()}
    shipped |= {p for p in (ROOT / "tests" / "fixtures" / "r3l").rglob("*.json")}
    assert shipped == set(SCENES) | set(LAYOUTS) | set(LIFT) | set(MOTION) | set(MOTION_SCENES)


@pytest.mark.parametrize("spec", SCENES, ids=[p.stem for p in SCENES])
def test_scene_example(spec: Path, tmp_path: Path) -> None:
    # Few solver steps: this checks that the file runs through the command, not sample quality.
    assert run(["scene", str(spec), "-n", "1", "--steps", "6", "--no-render", "--out", str(tmp_path)]) == 0
    scene = load_scene(tmp_path / "scene_000.json")
    assert len(scene.objects) >= 2 and (tmp_path / "scene_000.glb").stat().st_size > 0
    metrics = json.loads((tmp_path / "metrics.json").read_text())
    assert metrics["n"] == 1 and len(metrics["samples"]) == 1


@pytest.mark.parametrize("spec", LAYOUTS, ids=[p.name for p in LAYOUTS])
def test_layout_example(spec: Path, tmp_path: Path) -> None:
    assert run(["layout", str(spec), "--no-glb", "--out", str(tmp_path)]) == 0
    layout = json.loads((tmp_path / "layout.json").read_text())
    metrics = json.loads((tmp_path / "metrics.json").read_text())
    assert metrics["feasible"] and all(math.isfinite(v) for v in metrics.values() if isinstance(v, float))
    assert len(layout["objects"]) == len(load_layout_spec(spec).floor_assets())
    # The written spec reads back (it once crashed on NumPy floats after the layout was written).
    assert load_layout_spec(tmp_path / "spec.yaml").size == pytest.approx(load_layout_spec(spec).size)
    assert (tmp_path / "plan.png").stat().st_size > 0


@pytest.mark.parametrize("config", LIFT, ids=[p.stem for p in LIFT])
def test_lift_example_config_is_valid(config: Path) -> None:
    # Running them takes minutes (offline.yaml: tests/lift/test_lift_e2e.py, opt-in) or model weights.
    assert load_config(config).contexts


def _motion_args(script: Path) -> list[str]:
    """The `oor motion` arguments of an example script, without its --out."""
    line = next(x for x in script.read_text().splitlines() if x.startswith("oor motion"))
    words = shlex.split(line)[1:]
    cut = words.index("--out")
    return words[:cut] + words[cut + 2 :]


@pytest.mark.parametrize("script", MOTION, ids=[p.stem for p in MOTION])
def test_motion_example(script: Path, tmp_path: Path) -> None:
    # Two frames: this checks that the example runs through the command (the full 60-frame pour is
    # tests/human/test_motion.py; all five are measured in docs/results.md).
    pytest.importorskip("anny")
    extra = ["--frames", "2", "--resolution", "32", "--out", str(tmp_path)]
    assert run([*_motion_args(script), *extra]) == 0
    metrics = json.loads((tmp_path / "metrics.json").read_text())
    assert metrics["frames"] == 2 and metrics["joint_limit_violations"] == 0
    assert (tmp_path / "motion.glb").stat().st_size > 0

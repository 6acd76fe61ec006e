"""Reading user documents and writing outputs (oorkit.files), and fuzzing of every spec loader."""

from __future__ import annotations

import copy
import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from oorkit.diffusion.train import TrainConfig
from oorkit.errors import InvalidFileError, OORKitError
from oorkit.files import atomic_output, parse_document, read_document, write_json
from oorkit.layout.spec import spec_from_dict as layout_from_dict
from oorkit.lift.config import config_from_dict as lift_from_dict
from oorkit.scene import Scene, SceneObject, load_scene, save_scene
from oorkit.scene.file import scene_from_dict
from oorkit.scene.spec import spec_from_dict as scene_spec_from_dict

ROOT = Path(__file__).resolve().parents[1]


def test_write_json_refuses_nan_and_leaves_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    write_json(path, {"x": [1.0, 2.0]})
    with pytest.raises(OORKitError, match=r"a\.json: objects\[1\]\.t\[2\] is NaN or infinite"):
        write_json(path, {"objects": [{}, {"t": np.array([0.0, 1.0, np.inf])}]})
    assert json.loads(path.read_text()) == {"x": [1.0, 2.0]}
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]  # no temporary file left behind
    write_json(path, {"median": float("nan")}, non_finite="null")
    assert json.loads(path.read_text()) == {"median": None}


def test_a_scene_with_nan_is_never_written(tmp_path: Path) -> None:
    pose = np.eye(4)
    pose[0, 3] = np.nan
    scene = Scene((SceneObject("cup", "teacup", pose, np.array([0.1, 0.1, 0.1])),))
    with pytest.raises(OORKitError, match="NaN"):
        save_scene(scene, tmp_path / "scene.json")
    assert not (tmp_path / "scene.json").exists()


def test_a_failed_write_keeps_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "plan.png"
    path.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_output(path) as tmp:
        tmp.write_bytes(b"half a fi")
        raise RuntimeError("killed mid-write")
    assert path.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["plan.png"]


def test_read_document_errors_name_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("objects:\n  - {id: a\n")
    with pytest.raises(InvalidFileError, match=r"s\.yaml: not valid YAML: line 3, column 1"):
        read_document(path)
    path.write_text("a: &x 1\nb: *x\n")
    with pytest.raises(InvalidFileError, match="aliases"):
        read_document(path)
    path.write_text("a: [1, .inf]\n")
    with pytest.raises(InvalidFileError, match=r"a\[1\]: NaN or infinity"):
        read_document(path)
    (tmp_path / "s.json").write_text('{"a": 1e400}')
    with pytest.raises(InvalidFileError, match=r"s\.json: a: NaN or infinity"):
        read_document(tmp_path / "s.json")


def test_typed_recipe_fields() -> None:
    assert TrainConfig.from_dict({"lr": 1, "model": {"hidden": 8}}).lr == 1
    for doc, message in (
        ({"epochs": True}, "epochs: expected int"),
        ({"lr": "fast"}, "lr: expected float"),
        ({"model": []}, "model: expected a mapping"),
        ({"model": {"conditioning": "cross"}}, "model.conditioning must be concat or film"),
        ({"ema_decay": 1.0}, r"ema_decay must be in \[0, 1\)"),
    ):
        with pytest.raises(OORKitError, match=message):
            TrainConfig.from_dict(doc)


# Fuzzing: random edits of valid documents give a valid result or a one-line OORKitError, nothing else.

LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.lists(st.integers(min_value=-3, max_value=3), max_size=4),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


def _paths(doc: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(doc, dict):
        for k, v in doc.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            out += _paths(v, (*prefix, i))
    return out


@st.composite
def mutated(draw: st.DrawFn, valid: Any) -> Any:
    """`valid` with 1-3 edits: a value replaced, a key or item deleted, or a list item duplicated."""
    doc = copy.deepcopy(valid)
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(doc)
        path = draw(st.sampled_from(paths))
        if not path:
            doc = draw(LEAVES) if draw(st.integers(0, 9)) == 0 else doc
            continue
        parent = doc
        for key in path[:-1]:
            parent = parent[key]
        action = draw(st.sampled_from(["replace", "delete", "duplicate"]))
        if action == "replace":
            parent[path[-1]] = draw(LEAVES)
        elif action == "delete":
            del parent[path[-1]]
        elif isinstance(parent, list):
            parent.append(copy.deepcopy(parent[path[-1]]))
    return doc


def _fuzz(loader: Callable[[Any], Any], valid: Any) -> Callable[[], None]:
    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(mutated(valid))
    def check(doc: Any) -> None:
        try:
            loader(doc)
        except OORKitError as exc:
            assert "\n" not in str(exc)

    return check


SCENE_SPEC = yaml.safe_load((ROOT / "examples" / "scenes" / "tea_time.yaml").read_text())
LAYOUT_SPEC = yaml.safe_load((ROOT / "examples" / "layouts" / "bedroom_0.yaml").read_text())
LIFT_CONFIG = yaml.safe_load((ROOT / "examples" / "lift" / "offline.yaml").read_text())


def _scene_file(tmp: Path) -> Any:
    pose = np.eye(4)
    pose[1, 3] = 0.8
    objects = (
        SceneObject("table", "table", np.eye(4), np.array([1.2, 0.75, 0.8])),
        SceneObject("cup", "teacup", pose, np.array([0.11, 0.065, 0.09])),
    )
    save_scene(Scene(objects), tmp / "scene.json")
    return json.loads((tmp / "scene.json").read_text())


test_fuzz_scene_spec = _fuzz(scene_spec_from_dict, SCENE_SPEC)
test_fuzz_layout_spec = _fuzz(layout_from_dict, LAYOUT_SPEC)
test_fuzz_lift_config = _fuzz(lift_from_dict, LIFT_CONFIG)
test_fuzz_training_recipe = _fuzz(TrainConfig.from_dict, TrainConfig().to_dict())


def test_fuzz_scene_file(tmp_path: Path) -> None:
    _fuzz(scene_from_dict, _scene_file(tmp_path))()


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=300))
def test_fuzz_yaml_text(text: str) -> None:
    """Any text is a parsed document or a one-line error; a spec loader then accepts it or says why."""
    try:
        doc = parse_document(text, "spec.yaml")
        scene_spec_from_dict(doc)
    except OORKitError as exc:
        assert "\n" not in str(exc)


def test_load_scene_round_trip_is_finite(tmp_path: Path) -> None:
    _scene_file(tmp_path)
    scene = load_scene(tmp_path / "scene.json")
    assert all(math.isfinite(v) for o in scene.objects for v in np.ravel(o.pose))


def test_the_recipe_defaults_are_the_shipped_recipe() -> None:
    """One source for every default: TrainConfig() is recipes/default_model.json and the embedded model's."""
    shipped = json.loads((ROOT / "recipes" / "default_model.json").read_text())
    assert TrainConfig.from_dict(shipped) == TrainConfig()
    embedded = json.loads((ROOT / "oorkit" / "models" / "default" / "config.json").read_text())
    assert TrainConfig.from_dict(embedded["training"]["recipe"]) == TrainConfig()

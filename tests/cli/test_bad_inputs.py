"""Bad input as users give it: each case is exit code 2, one `error:` line, no traceback, nothing written."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from oorkit.cli.main import run

SPEC = """objects:
- {id: table, category: table}
- {id: cup, category: teacup}
relations:
- {base: table, target: cup, context: A teacup on a table}
"""
SCENE = {
    "format": "oorkit.scene",
    "version": 1,
    "units": "m",
    "up": "+y",
    "objects": [
        {
            "id": "table",
            "category": "table",
            "pose": [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]],
            "size": [1.2, 0.75, 0.8],
        },
        {
            "id": "cup",
            "category": "teacup",
            "pose": [[1, 0, 0, 0], [0, 1, 0, 0.8], [0, 0, 1, 0], [0, 0, 0, 1]],
            "size": [0.11, 0.065, 0.09],
        },
    ],
    "meta": {"relations": [{"base": "table", "target": "cup", "context": "A teacup on a table"}]},
}
LAYOUT = """room: {size: [5, 4, 2.7]}
assets:
- {id: bed, category: bed}
- {id: nightstand, category: nightstand}
relations:
- {type: against_wall, source: bed, wall: T}
"""
LIFT = """contexts:
- {id: mug_next_to_teapot, text: A mug next to a teapot, base: teapot, target: mug, samples: 1}
"""
BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{k}: &{k} [{', '.join(['*' + p] * 9)}]\n" for p, k in zip("abcdefgh", "bcdefghi", strict=True)
)


def scene_with(**changes: object) -> str:
    """The valid scene above with the cup's fields changed."""
    doc = json.loads(json.dumps(SCENE))
    doc["objects"][1].update(changes)
    return json.dumps(doc)


@dataclass
class Case:
    """A command line ({tmp} stands for the test's folder) and the files it reads."""

    args: list[str]
    files: dict[str, str | bytes] = field(default_factory=dict)


def many_objects(n: int) -> str:
    objects = [{"id": f"o{i}", "category": "apple"} for i in range(n)]
    relations = [
        {"base": "o0", "target": f"o{i}", "context": "An apple next to an apple"} for i in range(1, n)
    ]
    return json.dumps({"objects": objects, "relations": relations})


CASES: dict[str, Case] = {
    # options and arguments, on every command
    "unknown-command": Case(["frobnicate"]),
    "sample-missing-text": Case(["sample", "--out", "{tmp}/out"]),
    "sample-n-zero": Case(["sample", "A mug on a table", "-n", "0", "--out", "{tmp}/out"]),
    "sample-n-negative": Case(["sample", "A mug on a table", "-n", "-1", "--out", "{tmp}/out"]),
    "sample-seed-not-int": Case(["sample", "A mug on a table", "--seed", "abc", "--out", "{tmp}/out"]),
    "sample-seed-huge": Case(["sample", "A mug on a table", "--seed", str(2**70), "--out", "{tmp}/out"]),
    "sample-seed-negative": Case(["sample", "A mug on a table", "--seed", "-1", "--out", "{tmp}/out"]),
    "sample-device-tpu": Case(["sample", "A mug on a table", "--device", "tpu9", "--out", "{tmp}/out"]),
    "sample-device-cuda-index": Case(
        ["sample", "A mug on a table", "--device", "cuda:99", "--out", "{tmp}/out"]
    ),
    "sample-out-is-file": Case(["sample", "A mug on a table", "--out", "{tmp}/file"], {"file": "x"}),
    "sample-out-under-file": Case(["sample", "A mug on a table", "--out", "{tmp}/file/out"], {"file": "x"}),
    "sample-solver": Case(["sample", "A mug on a table", "--solver", "rk4", "--out", "{tmp}/out"]),
    "sample-steps-zero": Case(["sample", "A mug on a table", "--steps", "0", "--out", "{tmp}/out"]),
    "sample-no-category": Case(["sample", "hello world", "--out", "{tmp}/out"]),
    "sample-unknown-base": Case(["sample", "A mug on a gizmo", "--base", "gizmo", "--out", "{tmp}/out"]),
    "sample-precision": Case(["sample", "A mug on a table", "--precision", "fp8", "--out", "{tmp}/out"]),
    "sample-resolution": Case(["sample", "A mug on a table", "--resolution", "5", "--out", "{tmp}/out"]),
    "sample-views-zero": Case(["sample", "A mug on a table", "--views", "0", "--out", "{tmp}/out"]),
    # scene specs
    "scene-missing": Case(["scene", "{tmp}/nope.yaml", "--out", "{tmp}/out"]),
    "scene-folder": Case(["scene", "{tmp}", "--out", "{tmp}/out"]),
    "scene-not-utf8": Case(
        ["scene", "{tmp}/s.yaml", "--out", "{tmp}/out"], {"s.yaml": b"objects: \xff\xfe\n"}
    ),
    "scene-yaml-syntax": Case(
        ["scene", "{tmp}/s.yaml", "--out", "{tmp}/out"], {"s.yaml": "objects: [a, b\n  c: ]"}
    ),
    "scene-alias-bomb": Case(["scene", "{tmp}/s.yaml", "--out", "{tmp}/out"], {"s.yaml": BOMB}),
    "scene-nan-size": Case(
        ["scene", "{tmp}/s.yaml", "--out", "{tmp}/out"],
        {"s.yaml": SPEC.replace("category: table}", "category: table, size: [.nan, .inf, 0.75]}")},
    ),
    "scene-inf-size": Case(
        ["scene", "{tmp}/s.yaml", "--out", "{tmp}/out"],
        {"s.yaml": SPEC.replace("category: teacup}", "category: teacup, size: [.inf, 1, 1]}")},
    ),
    "scene-huge-size": Case(
        ["scene", "{tmp}/s.yaml", "--out", "{tmp}/out"],
        {"s.yaml": SPEC.replace("category: table}", "category: table, size: [1000, 1, 1]}")},
    ),
    "scene-unknown-category": Case(
        ["scene", "{tmp}/s.yaml", "--out", "{tmp}/out"], {"s.yaml": SPEC.replace("teacup", "gizmo")}
    ),
    "scene-cycle": Case(
        ["scene", "{tmp}/s.yaml", "--out", "{tmp}/out"],
        {"s.yaml": SPEC + "- {base: cup, target: table, context: A table under a teacup}\n"},
    ),
    "scene-duplicate-id": Case(
        ["scene", "{tmp}/s.yaml", "--out", "{tmp}/out"], {"s.yaml": SPEC.replace("id: cup", "id: table")}
    ),
    "scene-unknown-id": Case(
        ["scene", "{tmp}/s.yaml", "--out", "{tmp}/out"],
        {"s.yaml": SPEC.replace("target: cup", "target: mug")},
    ),
    "scene-too-many-objects": Case(
        ["scene", "{tmp}/s.json", "--out", "{tmp}/out"], {"s.json": many_objects(20000)}
    ),
    "scene-too-large": Case(["scene", "{tmp}/s.yaml", "--out", "{tmp}/out"], {"s.yaml": "#" * (17 * 2**20)}),
    "scene-device-file": Case(["scene", "/dev/zero", "--out", "{tmp}/out"]),
    "scene-top-level-list": Case(["scene", "{tmp}/s.yaml", "--out", "{tmp}/out"], {"s.yaml": "- a\n- b\n"}),
    "scene-empty": Case(["scene", "{tmp}/s.yaml", "--out", "{tmp}/out"], {"s.yaml": ""}),
    "scene-deep": Case(
        ["scene", "{tmp}/s.json", "--out", "{tmp}/out"], {"s.json": "[" * 100000 + "]" * 100000}
    ),
    "scene-guidance-start": Case(
        ["scene", "{tmp}/s.yaml", "--guidance-start", "2", "--out", "{tmp}/out"], {"s.yaml": SPEC}
    ),
    "scene-python-tag": Case(
        ["scene", "{tmp}/s.yaml", "--out", "{tmp}/out"], {"s.yaml": "!!python/object/apply:os.system [ls]\n"}
    ),
    # scene files (edit, render)
    "edit-missing": Case(["edit", "rearrange", "{tmp}/nope.json", "--out", "{tmp}/out"]),
    "edit-nan-pose": Case(
        ["edit", "rearrange", "{tmp}/s.json", "--out", "{tmp}/out"],
        {
            "s.json": scene_with(pose=[[1, 0, 0, "NaN"], [0, 1, 0, 0.8], [0, 0, 1, 0], [0, 0, 0, 1]]).replace(
                '"NaN"', "NaN"
            )
        },
    ),
    "edit-not-rigid": Case(
        ["edit", "rearrange", "{tmp}/s.json", "--out", "{tmp}/out"],
        {"s.json": scene_with(pose=[[2, 0, 0, 0], [0, 1, 0, 0.8], [0, 0, 1, 0], [0, 0, 0, 1]])},
    ),
    "edit-json-syntax": Case(
        ["edit", "rearrange", "{tmp}/s.json", "--out", "{tmp}/out"], {"s.json": '{"objects": [}'}
    ),
    "edit-unknown-mode": Case(
        ["edit", "tidy", "{tmp}/s.json", "--out", "{tmp}/out"], {"s.json": scene_with()}
    ),
    "edit-recontext-no-base": Case(
        ["edit", "recontext", "{tmp}/s.json", "--out", "{tmp}/out"], {"s.json": scene_with()}
    ),
    "edit-recontext-unknown-id": Case(
        [
            "edit",
            "recontext",
            "{tmp}/s.json",
            "--base",
            "table",
            "--target",
            "mug",
            "--context",
            "A mug on a table",
            "--out",
            "{tmp}/out",
        ],
        {"s.json": scene_with()},
    ),
    "edit-eta-nan": Case(
        ["edit", "rearrange", "{tmp}/s.json", "--eta", "nan", "--out", "{tmp}/out"], {"s.json": scene_with()}
    ),
    "edit-insert-no-spec": Case(
        ["edit", "insert", "{tmp}/s.json", "--out", "{tmp}/out"], {"s.json": scene_with()}
    ),
    "edit-relations-missing": Case(
        ["edit", "rearrange", "{tmp}/s.json", "--relations", "{tmp}/nope.yaml", "--out", "{tmp}/out"],
        {"s.json": scene_with()},
    ),
    "edit-relations-wrong-type": Case(
        ["edit", "rearrange", "{tmp}/s.json", "--relations", "{tmp}/r.yaml", "--out", "{tmp}/out"],
        {"s.json": scene_with(), "r.yaml": "relations: [{base: 1, target: [2], context: {a: b}}]\n"},
    ),
    "render-missing": Case(["render", "{tmp}/nope.json", "--out", "{tmp}/out"]),
    "render-inf-size": Case(
        ["render", "{tmp}/s.json", "--out", "{tmp}/out"], {"s.json": scene_with(size=[1, 1, 1e400])}
    ),
    # layouts
    "layout-nothing": Case(["layout", "--out", "{tmp}/out"]),
    "layout-unknown-room": Case(["layout", "--room", "ballroom", "--out", "{tmp}/out"]),
    "layout-size-nan": Case(["layout", "--room", "bedroom", "--size", "nanx4", "--out", "{tmp}/out"]),
    "layout-size-huge": Case(["layout", "--room", "bedroom", "--size", "1000x1000", "--out", "{tmp}/out"]),
    "layout-size-garbled": Case(["layout", "--room", "bedroom", "--size", "5", "--out", "{tmp}/out"]),
    "layout-size-tiny": Case(["layout", "--room", "bedroom", "--size", "1x1", "--out", "{tmp}/out"]),
    "layout-spec-nan-room": Case(
        ["layout", "{tmp}/l.yaml", "--out", "{tmp}/out"],
        {"l.yaml": LAYOUT.replace("[5, 4, 2.7]", "[.nan, 4, 2.7]")},
    ),
    "layout-spec-huge-room": Case(
        ["layout", "{tmp}/l.yaml", "--out", "{tmp}/out"],
        {"l.yaml": LAYOUT.replace("[5, 4, 2.7]", "[1000, 1000]")},
    ),
    "layout-spec-yaml-syntax": Case(
        ["layout", "{tmp}/l.yaml", "--out", "{tmp}/out"], {"l.yaml": "room: {size: [5, 4\n"}
    ),
    "layout-spec-unknown-ref": Case(
        ["layout", "{tmp}/l.yaml", "--out", "{tmp}/out"],
        {"l.yaml": LAYOUT.replace("source: bed", "source: sofa")},
    ),
    "layout-spec-too-many": Case(
        ["layout", "{tmp}/l.json", "--out", "{tmp}/out"],
        {
            "l.json": json.dumps(
                {
                    "room": {"size": [9, 9]},
                    "assets": [{"id": f"a{i}", "footprint": [1, 1]} for i in range(101)],
                }
            )
        },
    ),
    "layout-spec-not-utf8": Case(
        ["layout", "{tmp}/l.yaml", "--out", "{tmp}/out"], {"l.yaml": "room: é".encode("latin-1")}
    ),
    "layout-r3l-broken": Case(
        ["layout", "{tmp}/r.json", "--out", "{tmp}/out"], {"r.json": '{"constr_json": {}, "objects": 3}'}
    ),
    "layout-r3l-nan": Case(
        ["layout", "{tmp}/r.json", "--out", "{tmp}/out"],
        {
            "r.json": '{"constr_json": {}, "objects": ["bed"], "bbox": {"x": [1], "y": [NaN], "z": [1]}, '
            '"room_size": [4, 4]}'
        },
    ),
    "layout-llm-no-endpoint": Case(["layout", "--llm", "--room", "bedroom", "--out", "{tmp}/out"]),
    "layout-steps": Case(["layout", "--room", "bedroom", "--steps", "3", "--out", "{tmp}/out"]),
    # training
    "train-missing-data": Case(["train", "--data", "{tmp}/nodata", "--out", "{tmp}/out"]),
    "train-recipe-unknown-key": Case(
        ["train", "--data", "{tmp}", "--config", "{tmp}/r.json", "--out", "{tmp}/out"],
        {"r.json": json.dumps({"model": {"widht": 3}})},
    ),
    "train-recipe-wrong-type": Case(
        ["train", "--data", "{tmp}", "--config", "{tmp}/r.json", "--out", "{tmp}/out"],
        {"r.json": '{"epochs": "ten"}'},
    ),
    "train-recipe-negative-lr": Case(
        ["train", "--data", "{tmp}", "--config", "{tmp}/r.json", "--out", "{tmp}/out"],
        {"r.json": '{"lr": -1}'},
    ),
    "train-recipe-bad-sigma": Case(
        ["train", "--data", "{tmp}", "--config", "{tmp}/r.json", "--out", "{tmp}/out"],
        {"r.json": '{"schedule": {"sigma_min": 5, "sigma_max": 1}}'},
    ),
    "train-recipe-not-json": Case(
        ["train", "--data", "{tmp}", "--config", "{tmp}/r.json", "--out", "{tmp}/out"],
        {"r.json": "epochs: 3"},
    ),
    "train-negative-lr-option": Case(["train", "--data", "{tmp}", "--lr", "-1", "--out", "{tmp}/out"]),
    "train-recipe-list": Case(
        ["train", "--data", "{tmp}", "--config", "{tmp}/r.json", "--out", "{tmp}/out"], {"r.json": "[1, 2]"}
    ),
    # lifting
    "lift-missing": Case(["lift", "{tmp}/nope.yaml", "--out", "{tmp}/out"]),
    "lift-views-text": Case(
        ["lift", "{tmp}/c.yaml", "--out", "{tmp}/out"], {"c.yaml": LIFT + "source: {views: abc}\n"}
    ),
    "lift-resolution-tiny": Case(
        ["lift", "{tmp}/c.yaml", "--out", "{tmp}/out"], {"c.yaml": LIFT + "source: {resolution: 4}\n"}
    ),
    "lift-not-utf8": Case(["lift", "{tmp}/c.yaml", "--out", "{tmp}/out"], {"c.yaml": b"\xfe\xff contexts"}),
    "lift-unknown-backend": Case(
        ["lift", "{tmp}/c.yaml", "--out", "{tmp}/out"], {"c.yaml": LIFT + "sfm: {backend: magic}\n"}
    ),
    "lift-samples-bool": Case(
        ["lift", "{tmp}/c.yaml", "--out", "{tmp}/out"],
        {"c.yaml": LIFT.replace("samples: 1", "samples: true")},
    ),
    "lift-workers-zero": Case(
        ["lift", "{tmp}/c.yaml", "--workers", "0", "--out", "{tmp}/out"], {"c.yaml": LIFT}
    ),
    # the rest
    "assets-unknown": Case(["assets", "show", "gizmo", "--out", "{tmp}/out.png"]),
    "assets-show-out-folder": Case(["assets", "show", "teapot", "--out", "{tmp}"]),
    "data-build-bad-contexts": Case(
        ["data", "build", "--contexts", "{tmp}/c.yaml", "--out", "{tmp}/out"], {"c.yaml": "contexts: 3\n"}
    ),
    "data-show-unknown": Case(["data", "show", "no_such_context", "--out", "{tmp}/out.png"]),
    "data-augment-n-huge": Case(["data", "augment", "{tmp}", "--n", "1000000000"]),
    "view-missing": Case(["view", "{tmp}/nope.json", "--out", "{tmp}/out"]),
    "render-assets-missing": Case(
        ["render", "{tmp}/s.json", "--assets", "{tmp}/noassets", "--out", "{tmp}/out"],
        {"s.json": scene_with()},
    ),
    "edit-steps-zero": Case(
        ["edit", "rearrange", "{tmp}/s.json", "--steps", "0", "--out", "{tmp}/out"], {"s.json": scene_with()}
    ),
    "eval-fd-missing": Case(["eval", "fd", "{tmp}/a", "{tmp}/b", "--out", "{tmp}/out"]),
    "eval-layouts-missing": Case(["eval", "layouts", "{tmp}/nope.yaml", "--out", "{tmp}/out"]),
    "eval-scenes-missing": Case(["eval", "scenes", "{tmp}/nope.yaml", "--out", "{tmp}/out"]),
    "eval-pairwise-no-model": Case(["eval", "pairwise", "--model", "{tmp}/nomodel", "--out", "{tmp}/out"]),
}


def invoke(capsys: pytest.CaptureFixture[str], args: list[str]) -> tuple[int, str]:
    code = run(args)
    return code, capsys.readouterr().err


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input_is_one_error_line(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = CASES[name]
    for file, content in case.files.items():
        (tmp_path / file).write_bytes(content.encode() if isinstance(content, str) else content)
    before = {p.name for p in tmp_path.iterdir()}
    code, err = invoke(capsys, [a.replace("{tmp}", str(tmp_path)) for a in case.args])
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert code == 2, err
    assert len(errors) == 1 and "Traceback" not in err, err
    assert len(errors[0]) < 400, errors[0]
    assert {p.name for p in tmp_path.iterdir()} == before, "the command left files behind"


def test_enough_cases_over_every_command() -> None:
    commands = {case.args[0] for case in CASES.values()}
    assert len(CASES) >= 60
    assert {
        "sample",
        "scene",
        "edit",
        "render",
        "layout",
        "train",
        "lift",
        "assets",
        "data",
        "eval",
    } <= commands


def test_the_console_script_prints_one_line(tmp_path: Path) -> None:
    """The real entry point, in its own process: the line and the exit code a user sees."""
    spec = tmp_path / "s.yaml"
    spec.write_text(BOMB)
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "from oorkit.cli.main import main; main()",
            "scene",
            str(spec),
            "--out",
            str(tmp_path / "o"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [proc.stderr.strip()]
    assert proc.stderr.startswith(f"error: {spec}: not valid YAML: line 2, column")
    assert "aliases" in proc.stderr and not (tmp_path / "o").exists()

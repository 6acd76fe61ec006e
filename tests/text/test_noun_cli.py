"""`oor sample` with a noun the catalogue lacks: one `note:` line, or one `error:` line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from noun_helpers import StubEncoder

from oorkit.cli.main import run
from oorkit.text import nouns


@pytest.fixture
def gizmo_is_a_teacup(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tiny model's encoder is a hash: unknown nouns use the default encoder, a stub here."""
    stub = StubEncoder([("gizmo", "teacup")])
    monkeypatch.setattr(nouns, "default_noun_encoder", lambda: stub)


def test_sample_prints_one_note(
    gizmo_is_a_teacup: None, tiny_model: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "s"
    args = ["sample", "A gizmo on a table", "--model", str(tiny_model), "-n", "2", "--steps", "2"]
    code = run([*args, "--render", "0", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 0, err
    notes = [line for line in err.splitlines() if line.startswith("note: 'gizmo'")]
    assert notes == [notes[0]] and "is not a category; using 'teacup' (similarity 0.9" in notes[0]
    assert "base: table, target: teacup" in err
    assert json.loads((out / "samples.json").read_text())["target"] == "teacup"


def test_sample_unknown_noun_is_one_error_line(
    gizmo_is_a_teacup: None, tiny_model: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run(
        ["sample", "A frobnicator on a table", "--model", str(tiny_model), "--out", str(tmp_path / "s")]
    )
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1, err
    assert err.startswith(
        "error: unknown object 'frobnicator' in 'A frobnicator on a table'; nearest categories: "
    )
    assert not (tmp_path / "s").exists()

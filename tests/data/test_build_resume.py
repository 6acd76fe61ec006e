"""An interrupted `oor data build` resumes: finished contexts are read back, the rest is built."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from oorkit.data import build
from oorkit.data.format import read_samples
from oorkit.relations.context import bundled_contexts


def test_build_resumes_from_its_parts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    contexts = [c for c in bundled_contexts() if c.id in ("teacup_on_table", "apple_in_bowl")]
    first = tmp_path / "first"
    build.build_dataset(first, contexts, samples=4, prompts=50, progress=False)
    (first / "parts" / "apple_in_bowl.json").unlink()  # as if the build had stopped before it
    (first / "parts" / "teacup_on_table.json").write_text('{"settings": ')  # cut short by a crash
    calls: list[str] = []
    real = build.build_context

    def counting(context, *args):  # type: ignore[no-untyped-def]
        calls.append(context.id)
        return real(context, *args)

    monkeypatch.setattr(build, "build_context", counting)
    build.build_dataset(first, contexts, samples=4, prompts=50, progress=False)
    assert sorted(calls) == ["apple_in_bowl", "teacup_on_table"]
    calls.clear()
    build.build_dataset(first, contexts, samples=4, prompts=50, progress=False)
    assert calls == []  # all parts there: nothing is sampled again
    fresh = tmp_path / "fresh"
    build.build_dataset(fresh, contexts, samples=4, prompts=50, progress=False)
    assert read_samples(first).equals(read_samples(fresh))
    calls.clear()
    build.build_dataset(first, contexts, samples=5, prompts=50, progress=False)  # other settings: rebuilt
    assert sorted(calls) == ["apple_in_bowl", "teacup_on_table"]
    summary = json.loads((first / "build_report.json").read_text())["summary"]
    assert summary["contexts"] == 2 and summary["samples"] == 10

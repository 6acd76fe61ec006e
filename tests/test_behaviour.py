"""Refactors keep behaviour: seeded jobs give the reference outputs (scripts/behaviour_snapshot.py)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parents[1]


def test_seeded_jobs_match_the_reference() -> None:
    spec = importlib.util.spec_from_file_location(
        "behaviour_snapshot", ROOT / "scripts" / "behaviour_snapshot.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    reference = json.loads((ROOT / "tests" / "fixtures" / "behaviour_reference.json").read_text())
    assert module.compare(reference, module.snapshot()) == []

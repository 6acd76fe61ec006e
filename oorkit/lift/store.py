"""Crash-safe files of the lifting pipeline: writes go through oorkit.files (temporary file, then rename)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from oorkit.files import atomic_output, write_json


def atomic_write_json(path: Path, doc: Any) -> None:
    """Write JSON atomically, with sorted keys so that resumed runs write identical bytes."""
    write_json(path, doc, sort_keys=True)


def atomic_savez(path: Path, **arrays: Any) -> None:
    """np.savez through a temporary file (np.savez would append '.npz' to a temporary name)."""
    with atomic_output(path) as tmp, tmp.open("wb") as f:
        np.savez(f, **arrays)


def read_json(path: Path, default: Any = None) -> Any:
    """Parsed JSON, or `default` when the file does not exist."""
    try:
        return json.loads(path.read_text())
    except FileNotFoundError:
        return default

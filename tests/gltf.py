"""The Khronos glTF-Validator (npm `gltf-validator`), installed once into the user cache for the tests."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from oorkit.files import cache_dir

VALIDATOR_VERSION = "2.0.0-dev.3.10"
SCRIPT = Path(__file__).parent / "tools" / "validate_gltf.mjs"


def validator_dir() -> Path:
    """The folder holding node_modules/gltf-validator; installs it with npm when it is missing."""
    folder = cache_dir() / "gltf-validator" / VALIDATOR_VERSION
    if (folder / "node_modules" / "gltf-validator").is_dir():
        return folder
    if shutil.which("npm") is None or shutil.which("node") is None:
        pytest.skip("the glTF-Validator needs node and npm")
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [
            "npm",
            "install",
            "--silent",
            "--no-audit",
            "--no-fund",
            "--prefix",
            str(folder),
            f"gltf-validator@{VALIDATOR_VERSION}",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode != 0:
        pytest.skip(f"npm could not install gltf-validator: {done.stderr.strip()[:200]}")
    return folder


def validate_glb(path: Path) -> dict[str, Any]:
    """The validator's report of a GLB (its `issues` hold numErrors, numWarnings and the messages)."""
    done = subprocess.run(
        ["node", str(SCRIPT), str(validator_dir()), str(path)], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)

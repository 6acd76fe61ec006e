"""Shared fixtures: a tiny model trained through the real `oor train` command (once per test session)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from oorkit import oor
from oorkit.data.format import PromptRow, SampleRow, write_dataset
from oorkit.geometry import axis_angle_to_matrix

RECIPE = {
    "text_encoder": "hash:32",
    "model": {"text_dim": 32, "hidden": 64, "depth": 1, "conditioning": "concat"},
    "schedule": {"sigma_min": 0.01, "sigma_max": 20.0},
    "epochs": 40,
    "batch_size": 64,
    "warmup_steps": 10,
    "checkpoint_every": 25,
    "noise_draws": 4,
}


def cup_on_table_dataset(path: Path) -> None:
    """A teacup resting on a table top at random spots and yaws (φ in the table's canonical space)."""
    rng = np.random.default_rng(0)
    table, cup = np.array([1.2, 0.75, 0.8]), np.array([0.11, 0.065, 0.09])
    rows = []
    for _ in range(128):
        yaw = axis_angle_to_matrix(np.array([0.0, rng.uniform(-np.pi, np.pi), 0.0]))
        t = np.array([rng.uniform(-0.4, 0.4), (table[1] + cup[1]) / 2, rng.uniform(-0.3, 0.3)]) / 1.2
        rows.append(
            SampleRow(
                "teacup_on_table",
                "A teacup on a table",
                "table",
                "teacup",
                oor.pack(yaw, t, cup / 1.2, table / 1.2),
            )
        )
    prompts = [
        PromptRow("teacup_on_table", p, "table", "teacup", "canonical")
        for p in ("A teacup on a table", "The table holds a teacup")
    ]
    prompts.append(
        PromptRow("teacup_on_table", "A teacup resting on the table", "table", "teacup", held_out=True)
    )
    write_dataset(path, rows, prompts)


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("tiny")
    cup_on_table_dataset(root / "data")
    (root / "recipe.json").write_text(json.dumps(RECIPE))

    # Through the real console entry point, as a user runs it.
    subprocess.run(
        [
            sys.executable,
            "-m",
            "oorkit.cli.main",
            "train",
            "--data",
            str(root / "data"),
            "--out",
            str(root / "model"),
            "--config",
            str(root / "recipe.json"),
        ],
        check=True,
        capture_output=True,
    )
    return root / "model"

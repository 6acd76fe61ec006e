"""JSON (de)serialisation of OOR samples.

A record names its context text, base and target categories and holds φ both as the 15-vector and,
for people reading the file, as its parts (rotation matrix, translation, scales). On reading, the
15-vector is authoritative; the parts are checked against it when both are present.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from oorkit.errors import InvalidFileError
from oorkit.files import write_json
from oorkit.oor.phi import PHI_DIM, pack, unpack

FORMAT = "oorkit.oor_samples"
VERSION = 1


@dataclass(frozen=True)
class OORRecord:
    """One OOR sample with its context: φ (15,) for `target` relative to `base` under `context`."""

    context: str
    base: str
    target: str
    phi: np.ndarray
    meta: dict[str, Any] = field(default_factory=dict)


def record_to_dict(record: OORRecord) -> dict[str, Any]:
    """A JSON-ready dict of one record."""
    phi = np.asarray(record.phi, dtype=np.float64)
    parts = unpack(phi)
    out: dict[str, Any] = {
        "context": record.context,
        "base": record.base,
        "target": record.target,
        "phi": phi.tolist(),
        "rotation": np.asarray(parts.rotation).tolist(),
        "translation": np.asarray(parts.translation).tolist(),
        "target_scale": np.asarray(parts.target_scale).tolist(),
        "base_scale": np.asarray(parts.base_scale).tolist(),
    }
    if record.meta:
        out["meta"] = record.meta
    return out


def record_from_dict(data: dict[str, Any], where: str = "record") -> OORRecord:
    """Parse one record dict (from `record_to_dict` or hand-written with parts only)."""
    if not isinstance(data, dict):
        raise InvalidFileError(f"{where}: an OOR sample must be a JSON object")
    for key in ("base", "target"):
        if not isinstance(data.get(key), str) or not data[key]:
            raise InvalidFileError(f"{where}: missing or empty {key!r}")
    if "phi" in data:
        phi = _floats(data["phi"], (PHI_DIM,), f"{where}.phi")
    else:
        try:
            phi = pack(
                _floats(data["rotation"], (3, 3), f"{where}.rotation"),
                _floats(data["translation"], (3,), f"{where}.translation"),
                _floats(data["target_scale"], (3,), f"{where}.target_scale"),
                _floats(data["base_scale"], (3,), f"{where}.base_scale"),
            )
        except KeyError as exc:
            raise InvalidFileError(
                f"{where}: needs 'phi' or all of rotation/translation/target_scale/base_scale "
                f"(missing {exc.args[0]!r})"
            ) from None
    if (phi[9:] <= 0).any():
        raise InvalidFileError(f"{where}: target_scale and base_scale must be positive")
    return OORRecord(
        str(data.get("context", "")), data["base"], data["target"], phi, dict(data.get("meta", {}))
    )


def save_records(records: list[OORRecord], path: str | Path) -> Path:
    """Write records to a JSON file (creating parent directories)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = {"format": FORMAT, "version": VERSION, "samples": [record_to_dict(r) for r in records]}
    write_json(path, doc)
    return path


def load_records(path: str | Path) -> list[OORRecord]:
    """Read records written by `save_records`; a clear InvalidFileError on anything malformed."""
    path = Path(path)
    try:
        doc = json.loads(path.read_text())
    except FileNotFoundError:
        raise InvalidFileError(f"{path}: no such file") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InvalidFileError(f"{path}: not valid JSON ({exc})") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise InvalidFileError(f"{path}: not an OORKit samples file (expected format {FORMAT!r})")
    if doc.get("version") != VERSION:
        raise InvalidFileError(
            f"{path}: unsupported version {doc.get('version')!r} (this OORKit reads {VERSION})"
        )
    return [record_from_dict(d, f"{path}: samples[{i}]") for i, d in enumerate(doc.get("samples", []))]


def _floats(value: Any, shape: tuple[int, ...], where: str) -> np.ndarray:
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise InvalidFileError(f"{where}: expected numbers") from None
    if arr.shape != shape:
        raise InvalidFileError(f"{where}: expected shape {shape}, got {arr.shape}")
    if not np.isfinite(arr).all():
        raise InvalidFileError(f"{where}: contains NaN or infinity")
    return arr

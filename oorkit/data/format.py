"""The OOR dataset on disk: Parquet tables with a versioned schema.

A dataset directory holds
    samples.parquet   one row per OOR sample (context, categories, φ, meshes, source, quality)
    prompts.parquet   augmented prompts per context (with a held-out flag per prompt)
    stats.json        φ normalisation statistics over the training split
    dataset.json      schema version, counts, splits by context, how it was made
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from oorkit.errors import InvalidFileError
from oorkit.files import write_json
from oorkit.oor import PHI_DIM

SCHEMA_VERSION = 1
SOURCES = ("procedural", "lifted", "imported")
SPLITS = ("train", "val", "test")

SAMPLE_SCHEMA = pa.schema(
    [
        pa.field("context_id", pa.string(), nullable=False),
        pa.field("context_text", pa.string(), nullable=False),
        pa.field("base", pa.string(), nullable=False),
        pa.field("target", pa.string(), nullable=False),
        pa.field("phi", pa.list_(pa.float64(), PHI_DIM), nullable=False),
        pa.field("base_mesh", pa.string()),
        pa.field("target_mesh", pa.string()),
        pa.field("source", pa.string(), nullable=False),
        pa.field("quality", pa.float32(), nullable=False),
    ],
    metadata={"oorkit.schema_version": str(SCHEMA_VERSION), "oorkit.table": "samples"},
)

PROMPT_SCHEMA = pa.schema(
    [
        pa.field("context_id", pa.string(), nullable=False),
        pa.field("prompt", pa.string(), nullable=False),
        pa.field("base", pa.string(), nullable=False),
        pa.field("target", pa.string(), nullable=False),
        pa.field("source", pa.string(), nullable=False),
        pa.field("held_out", pa.bool_(), nullable=False),
    ],
    metadata={"oorkit.schema_version": str(SCHEMA_VERSION), "oorkit.table": "prompts"},
)


@dataclass(frozen=True)
class SampleRow:
    """One OOR sample of a context."""

    context_id: str
    context_text: str
    base: str
    target: str
    phi: np.ndarray
    base_mesh: str | None = None
    target_mesh: str | None = None
    source: str = "procedural"
    quality: float = 1.0


@dataclass(frozen=True)
class PromptRow:
    """One prompt for a context; base/target are the categories it names (substitution may change them)."""

    context_id: str
    prompt: str
    base: str
    target: str
    source: str = "template"
    held_out: bool = False


@dataclass
class DatasetInfo:
    """dataset.json: what a dataset holds and how it was made."""

    schema_version: int = SCHEMA_VERSION
    splits: dict[str, list[str]] = field(default_factory=dict)
    counts: dict[str, Any] = field(default_factory=dict)
    made_by: dict[str, Any] = field(default_factory=dict)


def context_split(context_id: str, fractions: tuple[float, float] = (0.8, 0.9)) -> str:
    """Deterministic split of a context by a hash of its id: 80% train, 10% val, 10% test."""
    u = int(hashlib.sha1(context_id.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
    return "train" if u < fractions[0] else "val" if u < fractions[1] else "test"


def is_held_out_prompt(context_id: str, prompt: str, fraction: float = 0.1) -> bool:
    """Deterministic held-out flag for a prompt (the canonical text is never held out by the caller)."""
    u = int(hashlib.sha1(f"{context_id}\x00{prompt}".encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
    return u < fraction


def samples_table(rows: Sequence[SampleRow]) -> pa.Table:
    """Arrow table of sample rows, validated (φ shape, finite values, known source)."""
    for i, r in enumerate(rows):
        phi = np.asarray(r.phi, dtype=np.float64)
        if phi.shape != (PHI_DIM,) or not np.isfinite(phi).all():
            raise ValueError(f"sample {i} ({r.context_id}): φ must be {PHI_DIM} finite numbers")
        if r.source not in SOURCES:
            raise ValueError(
                f"sample {i} ({r.context_id}): source must be one of {SOURCES}, got {r.source!r}"
            )
    columns: dict[str, list[Any]] = {name: [] for name in SAMPLE_SCHEMA.names}
    for r in rows:
        columns["context_id"].append(r.context_id)
        columns["context_text"].append(r.context_text)
        columns["base"].append(r.base)
        columns["target"].append(r.target)
        columns["phi"].append(np.asarray(r.phi, dtype=np.float64).tolist())
        columns["base_mesh"].append(r.base_mesh)
        columns["target_mesh"].append(r.target_mesh)
        columns["source"].append(r.source)
        columns["quality"].append(float(r.quality))
    return pa.Table.from_pydict(columns, schema=SAMPLE_SCHEMA)


def prompts_table(rows: Sequence[PromptRow]) -> pa.Table:
    """Arrow table of prompt rows."""
    columns: dict[str, list[Any]] = {name: [getattr(r, name) for r in rows] for name in PROMPT_SCHEMA.names}
    return pa.Table.from_pydict(columns, schema=PROMPT_SCHEMA)


def write_dataset(
    directory: str | Path,
    samples: Sequence[SampleRow],
    prompts: Sequence[PromptRow],
    made_by: dict[str, Any] | None = None,
    pinned_splits: Mapping[str, str] | None = None,
) -> DatasetInfo:
    """Write a dataset directory (tables, splits by context, normalisation stats, dataset.json).

    A context's split is a hash of its id unless `pinned_splits` names it (the bundled catalogue pins
    the contexts the example scenes use to train, so the demos show learned relations).
    """
    from oorkit.data.stats import compute_stats

    root = Path(directory)
    root.mkdir(parents=True, exist_ok=True)
    table = samples_table(samples)
    pq.write_table(table, root / "samples.parquet")
    pq.write_table(prompts_table(prompts), root / "prompts.parquet")
    contexts = sorted({r.context_id for r in samples})
    pinned = dict(pinned_splits or {})
    bad = sorted(f"{c}: {s!r}" for c, s in pinned.items() if s not in SPLITS)
    if bad:
        raise InvalidFileError(f"pinned splits must be one of {', '.join(SPLITS)}: {', '.join(bad)}")
    split_of = {c: pinned.get(c) or context_split(c) for c in contexts}
    splits = {s: [c for c in contexts if split_of[c] == s] for s in SPLITS}
    train = set(splits["train"])
    phi = np.asarray([r.phi for r in samples if r.context_id in train] or [r.phi for r in samples])
    compute_stats(phi).save(root / "stats.json")
    info = DatasetInfo(
        splits=splits,
        counts={
            "samples": len(samples),
            "contexts": len(contexts),
            "categories": len({r.base for r in samples} | {r.target for r in samples}),
            "prompts": len(prompts),
            **{f"{s}_contexts": len(v) for s, v in splits.items()},
        },
        made_by=dict(made_by or {}),
    )
    write_json(root / "dataset.json", info.__dict__)
    return info


def read_info(directory: str | Path) -> DatasetInfo:
    """Read dataset.json, checking the schema version."""
    path = Path(directory) / "dataset.json"
    if not path.is_file():
        raise InvalidFileError(
            f"{directory}: not an OORKit dataset (no dataset.json); build one with `oor data build`"
        )
    try:
        doc = json.loads(path.read_text())
    except json.JSONDecodeError as exc:
        raise InvalidFileError(f"{path}: not valid JSON ({exc})") from None
    if doc.get("schema_version") != SCHEMA_VERSION:
        raise InvalidFileError(
            f"{path}: schema version {doc.get('schema_version')!r}, this OORKit reads {SCHEMA_VERSION}"
        )
    return DatasetInfo(**{k: doc[k] for k in ("schema_version", "splits", "counts", "made_by") if k in doc})


def read_samples(directory: str | Path) -> pa.Table:
    """The samples table (schema-checked)."""
    return _read(Path(directory) / "samples.parquet", SAMPLE_SCHEMA)


def read_prompts(directory: str | Path) -> pa.Table:
    """The prompts table (schema-checked)."""
    return _read(Path(directory) / "prompts.parquet", PROMPT_SCHEMA)


def _read(path: Path, schema: pa.Schema) -> pa.Table:
    if not path.is_file():
        raise InvalidFileError(f"{path}: missing dataset table")
    try:
        table = pq.read_table(path)
    except (pa.ArrowInvalid, OSError) as exc:
        raise InvalidFileError(f"{path}: not a readable Parquet file ({exc})") from None
    version = (table.schema.metadata or {}).get(b"oorkit.schema_version", b"?").decode()
    if version != str(SCHEMA_VERSION):
        raise InvalidFileError(f"{path}: schema version {version}, this OORKit reads {SCHEMA_VERSION}")
    missing = set(schema.names) - set(table.schema.names)
    if missing:
        raise InvalidFileError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
    return table

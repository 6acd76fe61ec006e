"""User documents in, output files out: one place that checks what is read and makes writes atomic.

Every YAML/JSON document a user gives (scene spec, scene file, layout spec, R3L file, lift config,
training recipe, asset manifest) is read by `read_document`: a size cap, UTF-8, no YAML aliases (no
"billion laughs"), one-line syntax errors with line and column, and finite numbers only. Every output
goes through `atomic_output`, so a failed command leaves the old file or none, never half of one, and
`write_json` refuses NaN and infinity.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import math
import os
import tempfile
import typing
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import jsonschema
import numpy as np
import yaml

from oorkit.errors import InvalidFileError, OORKitError

CACHE_DIR_ENV = "OORKIT_CACHE_DIR"
MAX_DOCUMENT_BYTES = 16 * 2**20  # larger specs are mistakes (a scene of 110k objects is 10 MB)
MAX_NESTING = 64  # deeper documents are refused before a recursive walk can overflow

T = TypeVar("T")


class _NoAliasLoader(yaml.SafeLoader):
    """yaml.SafeLoader without anchors and aliases: an alias bomb cannot expand."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "YAML aliases (*name) are not supported; write the value out", event.start_mark
            )
        return super().compose_node(parent, index)


def read_text(path: str | Path, what: str = "file", max_bytes: int = MAX_DOCUMENT_BYTES) -> str:
    """The UTF-8 text of a user file; a one-line error if it is missing, a folder, too large or not UTF-8."""
    path = Path(path)
    if not path.exists():
        raise InvalidFileError(f"{path}: no such file")
    if path.is_dir():
        raise InvalidFileError(f"{path}: is a folder, expected a {what}")
    if not path.is_file():  # a device or a pipe (/dev/zero) could be read forever
        raise InvalidFileError(f"{path}: not a regular file, expected a {what}")
    try:
        with path.open("rb") as f:
            data = f.read(max_bytes + 1)
    except OSError as exc:
        raise InvalidFileError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if len(data) > max_bytes:
        size = path.stat().st_size
        raise InvalidFileError(
            f"{path}: {size / 2**20:.1f} MiB is over the {max_bytes / 2**20:.0f} MiB limit for a {what}"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidFileError(
            f"{path}: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); expected a {what}"
        ) from None


def parse_document(text: str, where: str, fmt: str = "yaml") -> Any:
    """Parse YAML (`fmt="yaml"`, which also reads JSON) or strict JSON; checked for depth and finiteness."""
    try:
        doc = json.loads(text) if fmt == "json" else yaml.load(text, Loader=_NoAliasLoader)
    except json.JSONDecodeError as exc:
        raise InvalidFileError(
            f"{where}: not valid JSON: line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        at = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
        problem = " ".join(str(exc.problem or exc.context or "syntax error").split())
        raise InvalidFileError(f"{where}: not valid YAML: {at}{problem}") from None
    except yaml.YAMLError as exc:
        raise InvalidFileError(f"{where}: not valid YAML: {' '.join(str(exc).split())}") from None
    except RecursionError:
        raise InvalidFileError(f"{where}: nested deeper than {MAX_NESTING} levels") from None
    check_document(doc, where)
    return doc


def read_document(path: str | Path, what: str = "file", fmt: str | None = None) -> Any:
    """Read and parse a user's YAML/JSON file (JSON by the `.json` suffix unless `fmt` says)."""
    path = Path(path)
    text = read_text(path, what)
    return parse_document(text, str(path), fmt or ("json" if path.suffix.lower() == ".json" else "yaml"))


def non_finite_field(doc: Any, depth: int = 0) -> list[Any] | None:
    """The path (["objects", 2, "size", 0]) of the first NaN or infinite number in a document, else None."""
    if depth > MAX_NESTING:
        raise RecursionError
    if isinstance(doc, float | np.floating):
        return [] if not math.isfinite(float(doc)) else None
    if isinstance(doc, np.ndarray):
        if doc.dtype.kind in "fc" and not np.isfinite(doc).all():
            return [int(i) for i in np.argwhere(~np.isfinite(doc))[0]]
        return None
    if isinstance(doc, dict):
        items: Any = doc.items()
    elif isinstance(doc, list | tuple):
        items = enumerate(doc)
    else:
        return None
    for key, value in items:
        found = non_finite_field(value, depth + 1)
        if found is not None:
            return [key, *found]
    return None


def document_problem(doc: Any, limits: dict[str, int] | None = None) -> str | None:
    """Why a parsed document is refused before any work (too deep, NaN or infinity, a list over its limit)."""
    try:
        bad = non_finite_field(doc)
    except RecursionError:
        return f"nested deeper than {MAX_NESTING} levels"
    if bad is not None:
        return f"{field_path(bad) or '(top level)'}: NaN or infinity where a finite number is expected"
    for key, limit in (limits or {}).items():
        items = doc.get(key) if isinstance(doc, dict) else None
        if isinstance(items, list) and len(items) > limit:
            return f"{len(items)} {key}, more than the limit of {limit}"
    return None


def check_document(doc: Any, where: str, limits: dict[str, int] | None = None) -> None:
    """A one-line InvalidFileError naming `where` when `document_problem` finds one."""
    problem = document_problem(doc, limits)
    if problem is not None:
        raise InvalidFileError(f"{where}: {problem}")


@contextlib.contextmanager
def atomic_output(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside `path` (same suffix); on success it replaces `path`, on failure it goes.

    with atomic_output(out / "scene.glb") as tmp:
        mesh.export(tmp)
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=f".tmp{path.suffix}")
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_bytes(path: str | Path, data: bytes) -> Path:
    """Write `data` so that `path` is either the old file, absent, or the complete new file."""
    path = Path(path)
    with atomic_output(path) as tmp, tmp.open("wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    return path


def write_text(path: str | Path, text: str) -> Path:
    """`write_bytes` of UTF-8 text."""
    return write_bytes(path, text.encode())


def _json_default(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def to_builtin(doc: Any) -> Any:
    """The same document with NumPy scalars and arrays turned into Python numbers and lists."""
    return json.loads(json.dumps(doc, default=_json_default))


def _nulls_for_non_finite(doc: Any) -> Any:
    if isinstance(doc, float | np.floating):
        return float(doc) if math.isfinite(float(doc)) else None
    if isinstance(doc, dict):
        return {k: _nulls_for_non_finite(v) for k, v in doc.items()}
    if isinstance(doc, list | tuple | np.ndarray):
        return [_nulls_for_non_finite(v) for v in doc]
    return doc


def write_json(
    path: str | Path,
    doc: Any,
    indent: int | None = 1,
    sort_keys: bool = False,
    non_finite: str = "error",
) -> Path:
    """Write JSON atomically; NaN or infinity is an error naming the field (or null, `non_finite="null"`).

    Reports whose undefined figures are NaN (a median of nothing) use "null"; geometry never does.
    """
    if non_finite == "null":
        doc = _nulls_for_non_finite(doc)
    bad = non_finite_field(doc)
    if bad is not None:
        raise OORKitError(f"refusing to write {path}: {field_path(bad) or '(top level)'} is NaN or infinite")
    text = json.dumps(doc, indent=indent, sort_keys=sort_keys, default=_json_default, allow_nan=False)
    return write_text(path, text)


def field_path(parts: Iterable[Any]) -> str:
    """A document path as written in messages: objects[2].size (empty at the top level)."""
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in parts).lstrip(".")


def schema_errors(schema: dict[str, Any], doc: Any) -> list[str]:
    """JSON Schema violations as 'field: message', shortest field path first, each at most one short line."""
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(doc), key=lambda e: [str(p) for p in e.absolute_path])
    out = []
    for e in errors:
        message = " ".join(e.message.split())
        if len(message) > 160:  # the message repeats the offending value, which may be a whole list
            message = message[:150] + " … " + message[-40:]
        out.append(f"{field_path(e.absolute_path) or '(top level)'}: {message}")
    return out


def check_schema(schema: dict[str, Any], doc: Any, where: str) -> None:
    """A one-line InvalidFileError naming the first field that breaks the schema."""
    errors = schema_errors(schema, doc)
    if errors:
        raise InvalidFileError(f"{where}: {errors[0]}")


_SCALARS: dict[str, tuple[type, ...]] = {"int": (int,), "float": (int, float), "str": (str,), "bool": (bool,)}


def dataclass_from_dict(cls: type[T], doc: Any, where: str, prefix: str = "") -> T:
    """A dataclass from a document; unknown keys, wrong types and non-finite numbers are one-line errors.

    Fields typed int, float, str or bool are type-checked (an int is a float, a bool is no number); a field
    whose type is itself a dataclass is read from a nested mapping the same way.
    """
    if not isinstance(doc, dict):
        raise InvalidFileError(
            f"{where}: {prefix.rstrip('.') or '(top level)'}: expected a mapping of {cls.__name__} fields, "
            f"not {type(doc).__name__}"
        )
    known = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    unknown = sorted(set(map(str, doc)) - set(known))
    if unknown:
        raise InvalidFileError(
            f"{where}: {prefix.rstrip('.') or '(top level)'}: unknown field(s) {', '.join(unknown)}; "
            f"{cls.__name__} has {', '.join(known)}"
        )
    hints = typing.get_type_hints(cls)
    values: dict[str, Any] = {}
    for name, value in doc.items():
        kind = hints[name]
        if dataclasses.is_dataclass(kind):
            values[name] = dataclass_from_dict(kind, value, where, f"{prefix}{name}.")  # type: ignore[arg-type]
            continue
        allowed = _SCALARS.get(getattr(kind, "__name__", ""))
        is_bool_as_number = bool not in (allowed or ()) and isinstance(value, bool)
        if allowed is not None and (not isinstance(value, allowed) or is_bool_as_number):
            raise InvalidFileError(f"{where}: {prefix}{name}: expected {kind.__name__}, got {value!r}")
        if isinstance(value, float) and not math.isfinite(value):
            raise InvalidFileError(f"{where}: {prefix}{name}: expected a finite number, got {value}")
        values[name] = value
    return cls(**values)


def cache_dir() -> Path:
    """The user cache folder: $OORKIT_CACHE_DIR, else $XDG_CACHE_HOME/oorkit, else ~/.cache/oorkit."""
    if os.environ.get(CACHE_DIR_ENV):
        return Path(os.environ[CACHE_DIR_ENV])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "oorkit"

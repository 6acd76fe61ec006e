"""Layout spec files: read ours (YAML/JSON) or R3L's constraint JSON, validated alike; write ours."""

from __future__ import annotations

from pathlib import Path

import yaml

from oorkit.errors import InvalidFileError
from oorkit.files import read_document, to_builtin, write_json, write_text
from oorkit.layout.r3l import import_r3l
from oorkit.layout.spec import LayoutSpec, spec_from_dict, spec_to_dict, validation_errors


def load_spec(path: str | Path) -> LayoutSpec:
    """Read and validate a YAML or JSON layout spec."""
    path = Path(path)
    doc = read_document(path, "layout spec")
    if isinstance(doc, dict):
        # YAML 1.1 reads an unquoted `on:` key as the boolean True; the spec means the field `on`.
        assets = doc.get("assets")
        for item in assets if isinstance(assets, list) else []:
            if isinstance(item, dict) and True in item:
                item["on"] = item.pop(True)
    if isinstance(doc, dict) and "constr_json" in doc:
        spec = import_r3l(doc, name=path.stem, where=str(path))
        errors = validation_errors(spec_to_dict(spec))  # the same checks as our own specs
        if errors:
            raise InvalidFileError(f"{path}: {errors[0]}")
        return spec
    return spec_from_dict(doc, str(path))


def save_spec(spec: LayoutSpec, path: str | Path) -> Path:
    """Write a spec as JSON (.json) or YAML (anything else)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = spec_to_dict(spec)
    if path.suffix.lower() == ".json":
        write_json(path, doc)
    else:
        write_text(path, yaml.safe_dump(to_builtin(doc), sort_keys=False, width=120))
    return path

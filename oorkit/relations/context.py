"""Relation contexts: the declarative catalogue the procedural relation library samples from.

A context is one row of `data/contexts.yaml`:

    - id: teacup_on_table            # unique, snake_case
      text: A teacup on a table      # the canonical prompt (starts with A/An/The, names both objects)
      base: table                    # catalogue categories
      target: teacup
      relation: on                   # a primitive of oorkit.relations (on, in, under, next_to, ...)
      args: {region: any}            # keyword arguments of that primitive
      phrases:                       # optional extra prompt templates for text augmentation
        - "{A_target} resting on {a_base}"
      kind: support                  # support | containment | functional | proximity | arrangement
      split: train                   # optional: pins the data split (default: by a hash of the id)

Placeholders in phrases: {a_base}/{a_target} ("a teacup", "an apple"), {A_base}/{A_target} (capitalised),
{the_base}/{the_target}, {The_base}/{The_target}, {base}/{target} (bare names).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from oorkit.assets import Catalogue, builtin_catalogue, get_category
from oorkit.errors import InvalidFileError, OORKitError
from oorkit.files import read_document

KINDS = ("support", "containment", "functional", "proximity", "arrangement")
SPLITS = ("train", "val", "test")  # oorkit.data.format's; oorkit.data imports this package, not the reverse
_ID = re.compile(r"^[a-z0-9_]+$")
_PLACEHOLDERS = {
    "a_base",
    "a_target",
    "A_base",
    "A_target",
    "the_base",
    "the_target",
    "The_base",
    "The_target",
    "base",
    "target",
}


@dataclass(frozen=True)
class Context:
    """One OOR context: a text, a base and a target category, and the primitive that realises it."""

    id: str
    text: str
    base: str
    target: str
    relation: str
    args: dict[str, Any] = field(default_factory=dict)
    phrases: tuple[str, ...] = ()
    kind: str = "support"
    split: str | None = None


def context_from_dict(data: Any, where: str, catalogue: Catalogue | None = None) -> Context:
    """Validate one catalogue entry; errors name the entry and the field."""
    if not isinstance(data, dict):
        raise InvalidFileError(f"{where}: a context must be a mapping")
    missing = [k for k in ("id", "text", "base", "target", "relation") if not data.get(k)]
    if missing:
        raise InvalidFileError(f"{where}: missing {', '.join(missing)}")
    cid = str(data["id"])
    where = f"{where} ({cid})"
    if not _ID.match(cid):
        raise InvalidFileError(f"{where}: id must be snake_case letters, digits and underscores")
    unknown = set(data) - {"id", "text", "base", "target", "relation", "args", "phrases", "kind", "split"}
    if unknown:
        raise InvalidFileError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    try:
        base = get_category(str(data["base"]), catalogue).name
        target = get_category(str(data["target"]), catalogue).name
    except OORKitError as exc:
        raise InvalidFileError(f"{where}: {exc}") from None
    args = data.get("args") or {}
    if not isinstance(args, dict):
        raise InvalidFileError(f"{where}: args must be a mapping")
    phrases = data.get("phrases") or []
    if not isinstance(phrases, list) or not all(isinstance(p, str) for p in phrases):
        raise InvalidFileError(f"{where}: phrases must be a list of strings")
    for p in phrases:
        names = set(re.findall(r"\{(\w+)\}", p))
        if names - _PLACEHOLDERS:
            raise InvalidFileError(
                f"{where}: unknown placeholder(s) {sorted(names - _PLACEHOLDERS)} in {p!r}"
            )
        if not ({"base", "a_base", "A_base", "the_base", "The_base"} & names) or not (
            {"target", "a_target", "A_target", "the_target", "The_target"} & names
        ):
            raise InvalidFileError(f"{where}: phrase {p!r} must name both the base and the target")
    kind = str(data.get("kind", "support"))
    if kind not in KINDS:
        raise InvalidFileError(f"{where}: kind must be one of {', '.join(KINDS)}")
    split = data.get("split")
    if split is not None and split not in SPLITS:
        raise InvalidFileError(f"{where}: split must be one of {', '.join(SPLITS)}")
    text = str(data["text"]).strip()
    if not re.match(r"^(A|An|The) ", text):
        raise InvalidFileError(f"{where}: text must start with 'A', 'An' or 'The'")
    relation = data["relation"]
    if not isinstance(relation, str):
        # YAML reads a bare `on` as the boolean true.
        raise InvalidFileError(f'{where}: relation must be a string (write relation: "on" in YAML)')
    from oorkit.relations.primitives import validate_args  # the registry imports the geometry stack

    try:
        validate_args(relation, args)
    except ValueError as exc:
        raise InvalidFileError(f"{where}: {exc}") from None
    return Context(cid, text, base, target, relation, dict(args), tuple(phrases), kind, split)


def load_contexts(path: str | Path | None = None, catalogue: Catalogue | None = None) -> list[Context]:
    """Read a contexts YAML file (default: the bundled catalogue); ids must be unique."""
    if path is None:
        where = "contexts.yaml"
        doc = yaml.safe_load((resources.files("oorkit.relations") / "data" / "contexts.yaml").read_text())
    else:
        where = str(path)
        doc = read_document(path, "contexts file", fmt="yaml")
    entries = doc.get("contexts") if isinstance(doc, dict) else None
    if not isinstance(entries, list):
        raise InvalidFileError(f"{where}: expected a top-level 'contexts' list")
    catalogue = catalogue or builtin_catalogue()
    contexts = [context_from_dict(e, f"{where}: contexts[{i}]", catalogue) for i, e in enumerate(entries)]
    seen: set[str] = set()
    for c in contexts:
        if c.id in seen:
            raise InvalidFileError(f"{where}: duplicate context id {c.id!r}")
        seen.add(c.id)
    return contexts


@functools.cache
def bundled_contexts() -> tuple[Context, ...]:
    """The bundled context catalogue, cached."""
    return tuple(load_contexts())

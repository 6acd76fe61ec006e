"""Layout specs: a room, floor assets, units (anchor + members) and relations, validated by a JSON Schema.

    room: {size: [5, 4, 2.7]}
    assets:
      - {id: bed, category: bed}
      - {id: nightstand_l, category: nightstand}
    units:
      - {id: sleeping, anchor: bed, members: [bed, nightstand_l]}
    relations:
      - {type: against_wall, source: sleeping, wall: T}
      - {type: left_of, source: nightstand_l, target: bed, clearance: 0.05, percentile: 0.0}

Conventions (R3L's): origin at the room's bottom-left corner, x in [0, L], y in [0, W], rz = 0 faces +y,
counter-clockwise positive, walls L (x = 0), R (x = L), T (y = W), B (y = 0). "left of T" is T's own left
(−x in T's frame, where T faces +y). A relation endpoint is an asset id or a unit id (the unit's box).
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field, fields, replace
from importlib import resources
from typing import Any

from oorkit.assets import get_category
from oorkit.errors import InvalidFileError, OORKitError
from oorkit.files import (
    document_problem,
    schema_errors,
)

DIRECTIONAL = ("left_of", "right_of", "in_front_of", "behind_of")
WALLS = ("L", "R", "T", "B")
CORNERS = ("BL", "BR", "TR", "TL")
MAX_ROOM_SIDE = 100.0  # metres; the schema says the same
MAX_ASSETS = 100  # floor objects of one room (R3L's rooms hold under 30); placement grows with the square


@dataclass(frozen=True)
class Asset:
    """A floor object: footprint (width across its front, depth along it) and height, metres."""

    id: str
    footprint: tuple[float, float]
    height: float
    category: str | None = None
    description: str = ""
    on: str | None = None  # stands on this furniture (OOR model hook), not on the floor


@dataclass(frozen=True)
class Unit:
    """A frame-invariant group: members are posed in the anchor's frame (R3L's cluster)."""

    id: str
    anchor: str
    members: tuple[str, ...]


@dataclass(frozen=True)
class Relation:
    """One relation; which fields matter depends on `type` (see the schema). Angles in degrees."""

    type: str
    source: str = ""
    target: str | None = None
    sources: tuple[str, ...] = ()
    wall: str | None = None
    corner: str | None = None
    clearance: float = 0.1
    percentile: float | None = None
    x: float | None = None
    y: float | None = None
    mode: str = "radial"
    mutual: bool = False
    angle: float = 0.0
    distance: float = 1.0
    sweep: float = 360.0
    centerline: float = 0.0
    weight: float = 1.0
    note: str = ""
    context: str = ""

    def endpoints(self) -> tuple[str, ...]:
        """Every entity id the relation mentions."""
        ids = [self.source] if self.source else []
        ids += list(self.sources)
        if self.target:
            ids.append(self.target)
        return tuple(ids)

    def describe(self) -> str:
        """A short human-readable form, for logs and reports."""
        bits = [self.type, ",".join(self.sources) or self.source]
        for name in ("target", "wall", "corner"):
            value = getattr(self, name)
            if value:
                bits.append(f"{name}={value}")
        return " ".join(bits)


@dataclass(frozen=True)
class LayoutSpec:
    """A validated layout spec. `size` is (L, W, H); `polygon` the floor outline (None: the rectangle)."""

    size: tuple[float, float, float]
    assets: tuple[Asset, ...]
    units: tuple[Unit, ...] = ()
    relations: tuple[Relation, ...] = ()
    polygon: tuple[tuple[float, float], ...] | None = None
    name: str = ""
    room_type: str = ""
    prompt: str = ""
    meta: dict[str, Any] = field(default_factory=dict)

    def floor_assets(self) -> tuple[Asset, ...]:
        """Assets placed by the floor solver (not those standing on furniture)."""
        return tuple(a for a in self.assets if a.on is None)

    def unit_of(self) -> dict[str, str]:
        """asset id → id of the unit it belongs to."""
        return {m: u.id for u in self.units for m in u.members}


@functools.cache
def layout_schema() -> dict[str, Any]:
    """The JSON Schema of layout specs."""
    text = (resources.files("oorkit.layout") / "schemas" / "layout.schema.json").read_text()
    return dict(json.loads(text))


def _schema_errors(doc: Any) -> list[str]:
    problem = document_problem(doc, {"assets": MAX_ASSETS, "units": MAX_ASSETS, "relations": 10 * MAX_ASSETS})
    return [problem] if problem is not None else schema_errors(layout_schema(), doc)


def validation_errors(doc: Any) -> list[str]:
    """Every problem of a spec dict (schema, then references); empty when valid. Used for LLM retries."""
    errors = _schema_errors(doc)
    if errors:
        return errors
    try:
        spec_from_dict(doc)
    except OORKitError as exc:
        return [str(exc)]
    return []


def _asset(d: dict[str, Any], where: str) -> Asset:
    category = d.get("category")
    footprint, height = d.get("footprint"), d.get("height")
    if category is not None:
        # Our +y is up: the floor footprint is the object's x (width) and z (depth, along its front).
        size = get_category(category).size
        category = get_category(category).name
        footprint = footprint or (size[0], size[2])
        height = height or size[1]
    if footprint is None:
        raise InvalidFileError(f"{where}: needs a category or a footprint")
    return Asset(
        d["id"],
        (float(footprint[0]), float(footprint[1])),
        float(height if height is not None else 0.75),
        category,
        d.get("description", ""),
        d.get("on"),
    )


def _relation(d: dict[str, Any]) -> Relation:
    kwargs: dict[str, Any] = {}
    names = {f.name for f in fields(Relation)}
    for key, value in d.items():
        if key in names:
            kwargs[key] = tuple(value) if key == "sources" else value
    if d["type"] == "facing" and "wall" in d:
        kwargs["mode"] = "wall"
    if d["type"] == "around" and "sweep" not in d:
        n = len(d["sources"])
        kwargs["sweep"] = 360.0 * (n - 1) / n if n > 1 else 0.0
    return Relation(**kwargs)


def spec_from_dict(doc: Any, where: str = "layout") -> LayoutSpec:
    """Validate a spec dict (schema, ids, references) and build a LayoutSpec; errors name the field."""
    errors = _schema_errors(doc)
    if errors:
        raise InvalidFileError(f"{where}: {errors[0]}")
    assets = []
    ids: set[str] = set()
    for i, d in enumerate(doc["assets"]):
        if d["id"] in ids:
            raise InvalidFileError(f"{where}: assets[{i}]: duplicate id {d['id']!r}")
        ids.add(d["id"])
        assets.append(_asset(d, f"{where}: assets[{i}]"))
    asset_ids = set(ids)
    units: list[Unit] = []
    owner: dict[str, str] = {}
    for i, d in enumerate(doc.get("units", [])):
        w = f"{where}: units[{i}]"
        if d["id"] in ids:
            raise InvalidFileError(f"{w}: id {d['id']!r} is already used")
        ids.add(d["id"])
        members = list(dict.fromkeys(d["members"]))
        if d["anchor"] not in members:
            members.insert(0, d["anchor"])
        for m in members:
            if m not in asset_ids:
                raise InvalidFileError(f"{w}: unknown asset {m!r}")
            if m in owner:
                raise InvalidFileError(f"{w}: {m!r} is already a member of unit {owner[m]!r}")
            owner[m] = d["id"]
        units.append(Unit(d["id"], d["anchor"], tuple(members)))
    relations = []
    for i, d in enumerate(doc.get("relations", [])):
        r = _relation(d)
        for ref in r.endpoints():
            if ref not in ids:
                raise InvalidFileError(f"{where}: relations[{i}] ({r.type}): unknown asset or unit {ref!r}")
        pairwise = r.type in ("left_of", "right_of", "in_front_of", "behind_of", "align", "around")
        if (pairwise or (r.type == "facing" and r.target)) and r.target in r.endpoints()[:-1]:
            raise InvalidFileError(f"{where}: relations[{i}] ({r.type}): source and target are the same")
        relations.append(r)
    # The source of an `on` relation stands on its target (placed by the OOR model, not on the floor).
    on_rel = {r.source: r.target for r in relations if r.type == "on" and r.target in asset_ids}
    assets = [replace(a, on=on_rel[a.id]) if a.on is None and a.id in on_rel else a for a in assets]
    size = [float(v) for v in doc["room"]["size"]]
    polygon = doc["room"].get("polygon")
    spec = LayoutSpec(
        (size[0], size[1], size[2] if len(size) > 2 else 2.8),
        tuple(assets),
        tuple(units),
        tuple(relations),
        tuple((float(p[0]), float(p[1])) for p in polygon) if polygon else None,
        doc.get("name", ""),
        doc.get("room_type", ""),
        doc.get("prompt", ""),
    )
    on_assets = {a.id for a in spec.assets if a.on}
    for a in spec.assets:
        if a.on and a.on not in asset_ids:
            raise InvalidFileError(f"{where}: asset {a.id!r} is on unknown asset {a.on!r}")
    for u in spec.units:
        if on_assets & set(u.members):
            raise InvalidFileError(f"{where}: unit {u.id!r} has members standing on furniture")
    return spec


def spec_to_dict(spec: LayoutSpec) -> dict[str, Any]:
    """A JSON-ready dict of a spec (round-trips through `spec_from_dict`)."""
    defaults = Relation(type="x")
    rels = []
    for r in spec.relations:
        d: dict[str, Any] = {"type": r.type}
        keep = _relation_fields(r.type)
        for name in keep:
            value = getattr(r, name)
            if name == "sources":
                value = list(value)
            default = value is None or (value == getattr(defaults, name) and name not in ("source", "target"))
            if default and not (name == "mode" and r.type == "facing" and r.mode != "wall"):
                continue
            d[name] = value
        rels.append(d)
    doc: dict[str, Any] = {
        "format": "oorkit.layout_spec",
        "version": 1,
        "room": {"size": list(spec.size)},
        "assets": [_asset_dict(a) for a in spec.assets],
        "units": [{"id": u.id, "anchor": u.anchor, "members": list(u.members)} for u in spec.units],
        "relations": rels,
    }
    if spec.polygon:
        doc["room"]["polygon"] = [list(p) for p in spec.polygon]
    for key in ("name", "room_type", "prompt"):
        if getattr(spec, key):
            doc[key] = getattr(spec, key)
    return doc


def _asset_dict(a: Asset) -> dict[str, Any]:
    d: dict[str, Any] = {"id": a.id}
    if a.category:
        d["category"] = a.category
    if a.description:
        d["description"] = a.description
    d["footprint"] = [round(v, 4) for v in a.footprint]
    d["height"] = round(a.height, 4)
    if a.on:
        d["on"] = a.on
    return d


def _relation_fields(kind: str) -> tuple[str, ...]:
    common = ("weight", "note")
    return {
        "left_of": ("source", "target", "clearance", "percentile"),
        "right_of": ("source", "target", "clearance", "percentile"),
        "in_front_of": ("source", "target", "clearance", "percentile"),
        "behind_of": ("source", "target", "clearance", "percentile"),
        "against_wall": ("source", "wall"),
        "corner": ("source", "corner", "wall"),
        "horizontal": ("source", "x", "percentile"),
        "vertical": ("source", "y", "percentile"),
        "facing": ("source", "target", "wall", "mode", "mutual"),
        "align": ("source", "target", "angle"),
        "around": ("sources", "target", "distance", "sweep", "centerline"),
        "on": ("source", "target", "context"),
    }[kind] + common


def with_relations(spec: LayoutSpec, relations: list[Relation] | tuple[Relation, ...]) -> LayoutSpec:
    """The same spec with another relation list."""
    return replace(spec, relations=tuple(relations))

"""Scene specs: objects and pairwise OOR relations forming a connected DAG with one root (the global base).

    objects:
      - {id: desk, category: desk}
      - {id: monitor, category: monitor}
      - {id: keyboard, category: keyboard, size: [0.44, 0.03, 0.14]}
    relations:
      - {base: desk, target: monitor, context: "A monitor on a desk"}
      - {base: monitor, target: keyboard, context: "A keyboard in front of a monitor"}

YAML or JSON, validated by `schemas/scene_spec.schema.json`, then checked as a graph.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np

from oorkit.assets import Catalogue, get_category
from oorkit.errors import InvalidFileError, OORKitError
from oorkit.files import check_document, check_schema, read_document

MAX_SPEC_OBJECTS = 128  # joint sampling grows with the square of the object count


@dataclass(frozen=True)
class SpecObject:
    """An object of a scene spec; `size` (metres) fixes its scale, `mesh` replaces the template."""

    id: str
    category: str
    size: np.ndarray | None = None
    mesh: str | None = None
    mesh_up: str = "+y"
    mesh_front: str = "+z"


@dataclass(frozen=True)
class Relation:
    """A pairwise OOR: `target` placed relative to `base` as `context` says."""

    base: str
    target: str
    context: str


@dataclass(frozen=True)
class SceneSpec:
    """A validated spec: objects, relations (edges base → target) in topological order, and the root."""

    objects: tuple[SpecObject, ...]
    relations: tuple[Relation, ...]
    root: str
    name: str = ""

    def object(self, object_id: str) -> SpecObject:
        """The object with this id."""
        return next(o for o in self.objects if o.id == object_id)

    def order(self) -> list[str]:
        """Object ids in topological order (root first)."""
        return list(nx.lexicographical_topological_sort(graph(self.relations)))


def relations_from_list(entries: Any) -> list[Relation]:
    """Relations from a list of {base, target, context} mappings (a file, a scene's record)."""
    fields = ("base", "target", "context")
    if not isinstance(entries, list) or not all(
        isinstance(e, dict) and all(isinstance(e.get(k), str) for k in fields) for e in entries
    ):
        raise OORKitError("every relation needs base, target and context, each a string")
    return [Relation(e["base"], e["target"], e["context"]) for e in entries]


@functools.cache
def scene_spec_schema() -> dict[str, Any]:
    """The JSON Schema of scene specs."""
    text = (resources.files("oorkit.scene") / "schemas" / "scene_spec.schema.json").read_text()
    return dict(json.loads(text))


def graph(relations: tuple[Relation, ...] | list[Relation]) -> nx.DiGraph:
    """The relation graph (edges base → target)."""
    g = nx.DiGraph()
    g.add_edges_from((r.base, r.target) for r in relations)
    return g


def spec_from_dict(doc: Any, where: str = "scene spec", catalogue: Catalogue | None = None) -> SceneSpec:
    """Validate a parsed spec (schema, ids, categories, graph shape) and build a SceneSpec."""
    check_document(doc, where, {"objects": MAX_SPEC_OBJECTS, "relations": MAX_SPEC_OBJECTS})
    check_schema(scene_spec_schema(), doc, where)
    objects = []
    seen: set[str] = set()
    for entry in doc["objects"]:
        if entry["id"] in seen:
            raise InvalidFileError(f"{where}: object id '{entry['id']}' appears twice")
        seen.add(entry["id"])
        category = get_category(entry["category"], catalogue).name
        size = np.asarray(entry["size"], dtype=np.float64) if "size" in entry else None
        objects.append(
            SpecObject(
                entry["id"],
                category,
                size,
                entry.get("mesh"),
                entry.get("mesh_up", "+y"),
                entry.get("mesh_front", "+z"),
            )
        )
    relations = [Relation(r["base"], r["target"], r["context"].strip()) for r in doc["relations"]]
    root = check_graph(objects, relations, where)
    order = {oid: i for i, oid in enumerate(nx.lexicographical_topological_sort(graph(relations)))}
    relations.sort(key=lambda r: (order[r.base], order[r.target]))
    return SceneSpec(tuple(objects), tuple(relations), root, str(doc.get("name", "")))


def check_graph(objects: list[SpecObject], relations: list[Relation], where: str = "scene spec") -> str:
    """The root id of a connected DAG with one root; a clear error naming the offending ids otherwise."""
    ids = [o.id for o in objects]
    unknown = sorted({x for r in relations for x in (r.base, r.target)} - set(ids))
    if unknown:
        raise OORKitError(f"{where}: relations name unknown object ids: {', '.join(unknown)}")
    pairs = [(r.base, r.target) for r in relations]
    loops = sorted({b for b, t in pairs if b == t})
    if loops:
        raise OORKitError(f"{where}: an object cannot be related to itself: {', '.join(loops)}")
    repeated = sorted({f"{b} → {t}" for b, t in pairs if pairs.count((b, t)) > 1 or (t, b) in pairs})
    if repeated:
        raise OORKitError(
            f"{where}: one relation per pair of objects, got several for: {', '.join(repeated)}"
        )
    g = graph(relations)
    g.add_nodes_from(ids)
    if not nx.is_directed_acyclic_graph(g):
        cycle = [u for u, _ in nx.find_cycle(g)]
        raise OORKitError(f"{where}: the relations form a cycle: {' → '.join([*cycle, cycle[0]])}")
    parts = list(nx.weakly_connected_components(g))
    if len(parts) > 1:
        main = max(parts, key=len)
        apart = sorted(set(ids) - main)
        raise OORKitError(f"{where}: objects not connected to the rest by any relation: {', '.join(apart)}")
    roots = sorted(n for n in g.nodes if g.in_degree(n) == 0)
    if len(roots) != 1:
        raise OORKitError(
            f"{where}: a scene needs exactly one global base (an object that is nobody's target), "
            f"found {len(roots)}: {', '.join(roots)}"
        )
    return roots[0]


def load_spec(path: str | Path, catalogue: Catalogue | None = None) -> SceneSpec:
    """Read a YAML or JSON scene spec."""
    return spec_from_dict(read_document(path, "scene spec", fmt="yaml"), str(path), catalogue)

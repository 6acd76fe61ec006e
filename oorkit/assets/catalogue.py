"""The category catalogue: everyday categories, their real-world size priors and template meshes.

Templates come from three sources:
* `procedural` — our own generator for every category (always available);
* `package`    — real meshes shipped inside installed PyPI packages (pybullet_data, panda3d, robosuite);
* `user`       — a directory of mesh files with a `manifest.yaml` (see `load_user_assets`).
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import trimesh
import yaml

from oorkit.assets import procedural
from oorkit.assets.canonical import canonicalize, unit_scale
from oorkit.assets.meshio import MESH_SUFFIXES, load_mesh_file, package_dir
from oorkit.errors import InvalidFileError, UnknownCategoryError
from oorkit.files import read_document

ASSET_DIRS_ENV = "OORKIT_ASSET_DIRS"

# Affordance tags a category may carry (documented in assets/data/categories/README.md).
AFFORDANCES = (
    "surface",
    "container",
    "receptacle",
    "pourer",
    "blade",
    "cuttable",
    "stirrer",
    "striker",
    "handle",
    "floor",
    "wall",
    "seat",
    "front",
    "stackable",
    "food",
)


@dataclass(frozen=True)
class Category:
    """An object category: `size` is the typical bbox extents (x, y, z) in metres, +y up, front +z."""

    name: str
    group: str
    size: tuple[float, float, float]
    synonyms: tuple[str, ...] = ()
    size_jitter: float = 0.1
    affords: tuple[str, ...] = ()  # affordance tags, see AFFORDANCES


@dataclass(frozen=True)
class Template:
    """A template mesh of a category and where to load it from."""

    id: str
    category: str
    source: str  # "procedural" | "package" | "user"
    path: str | None = None  # package-relative (package) or absolute (user) path
    package: str | None = None
    up: str = "+y"
    front: str = "+z"
    units: str | float | None = None
    licence: str = "MIT (OORKit)"

    def available(self) -> bool:
        """Whether the mesh can be loaded on this machine."""
        if self.source == "procedural":
            return True
        file = self.file()
        return file is not None and file.is_file()

    def file(self) -> Path | None:
        """Absolute path of the mesh file (None for procedural or a missing package)."""
        if self.path is None:
            return None
        if self.source == "package":
            root = package_dir(self.package or "")
            return None if root is None else root / self.path
        return Path(self.path)


@dataclass(frozen=True)
class Catalogue:
    """Categories by name and their templates (first = default)."""

    categories: dict[str, Category]
    templates: dict[str, tuple[Template, ...]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.categories)


def normalize_name(name: str) -> str:
    """'Teddy Bear' / 'teddy-bear' → 'teddy_bear'."""
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


@functools.cache
def builtin_catalogue() -> Catalogue:
    """The catalogue shipped with OORKit (data/categories/*.yaml + templates.yaml), cached."""
    data_dir = resources.files("oorkit.assets") / "data"
    categories: dict[str, Category] = {}
    files = sorted(
        (f for f in (data_dir / "categories").iterdir() if f.name.endswith(".yaml")), key=_group_file_order
    )
    for file in files:
        for group, entries in yaml.safe_load(file.read_text()).items():
            for name, spec in entries.items():
                if name in categories:
                    raise ValueError(f"categories/{file.name}: {name!r} is defined twice")
                categories[name] = _category(name, group, spec, f"categories/{file.name}:{name}")
    templates: dict[str, list[Template]] = {name: [] for name in categories}
    doc = yaml.safe_load((data_dir / "templates.yaml").read_text())
    for t in doc["templates"]:
        templates[t["category"]].append(
            Template(
                id=t["id"],
                category=t["category"],
                source="package",
                path=t["path"],
                package=t["package"],
                up=t.get("up", "+y"),
                front=t.get("front", "+z"),
                units=t.get("units"),
                licence=doc["licences"][t["licence"]],
            )
        )
    for name in categories:
        # Real meshes from required packages come first; optional packages' (`prefer: false`) after ours,
        # so that installing an optional package never changes a category's default template.
        preferred = [t for t in templates[name] if _preferred(doc, t.id)]
        others = [t for t in templates[name] if not _preferred(doc, t.id)]
        procedural_template = Template(id=f"{name}/procedural", category=name, source="procedural", units="m")
        templates[name] = [*preferred, procedural_template, *others]
    return Catalogue(categories, {k: tuple(v) for k, v in templates.items()})


# The first groups keep their historical order (first match wins for a shared synonym); others follow A–Z.
_FIRST_GROUPS = (
    "kitchen",
    "food",
    "dining",
    "office",
    "living_room",
    "bedroom",
    "bathroom",
    "tools",
    "sports",
    "toys_misc",
)


def _group_file_order(file: Any) -> tuple[int, str]:
    stem = file.name.removesuffix(".yaml")
    return (_FIRST_GROUPS.index(stem) if stem in _FIRST_GROUPS else len(_FIRST_GROUPS), stem)


def _category(name: str, group: str, spec: dict[str, Any], where: str) -> Category:
    affords = tuple(spec.get("affords") or ())
    unknown = sorted(set(affords) - set(AFFORDANCES))
    if unknown:
        raise ValueError(f"{where}: unknown affordance(s) {', '.join(unknown)}")
    return Category(
        name=name,
        group=group,
        size=_size(spec["size"], where),
        synonyms=tuple(spec.get("synonyms") or ()),
        size_jitter=float(spec.get("size_jitter", 0.1)),
        affords=affords,
    )


def _preferred(doc: dict[str, Any], template_id: str) -> bool:
    return bool(next(t for t in doc["templates"] if t["id"] == template_id).get("prefer", True))


def load_catalogue(asset_dirs: Iterable[str | Path] = ()) -> Catalogue:
    """The built-in catalogue plus user asset directories (arguments, then $OORKIT_ASSET_DIRS)."""
    dirs = [Path(d) for d in asset_dirs]
    dirs += [Path(d) for d in os.environ.get(ASSET_DIRS_ENV, "").split(os.pathsep) if d]
    catalogue = builtin_catalogue()
    for d in dirs:
        catalogue = _merge(catalogue, *load_user_assets(d, catalogue))
    return catalogue


def get_category(name: str, catalogue: Catalogue | None = None) -> Category:
    """Resolve a category by name or synonym; unknown names raise UnknownCategoryError with suggestions."""
    catalogue = catalogue or builtin_catalogue()
    key = normalize_name(name)
    if key in catalogue.categories:
        return catalogue.categories[key]
    lookup = _synonym_index(catalogue)
    if key in lookup:
        return catalogue.categories[lookup[key]]
    close = difflib.get_close_matches(key, list(catalogue.categories) + list(lookup), n=3, cutoff=0.6)
    names = sorted({lookup.get(c, c) for c in close})
    hint = f"; did you mean {', '.join(names)}?" if names else "; `oor assets list` shows all categories"
    raise UnknownCategoryError(f"unknown category {name!r}{hint}")


def category_templates(name: str, catalogue: Catalogue | None = None) -> list[Template]:
    """Templates of a category that can be loaded on this machine, default first."""
    catalogue = catalogue or builtin_catalogue()
    category = get_category(name, catalogue)
    return [t for t in catalogue.templates.get(category.name, ()) if t.available()]


def get_template(template_id: str, catalogue: Catalogue | None = None) -> Template:
    """Find a template by id ('mug/pybullet', 'mug/procedural', or a bare category for its default)."""
    catalogue = catalogue or builtin_catalogue()
    if "/" not in template_id:
        available = category_templates(template_id, catalogue)
        return available[0]
    for templates in catalogue.templates.values():
        for t in templates:
            if t.id == template_id:
                if not t.available():
                    raise InvalidFileError(
                        f"template {template_id!r} is not available here (package "
                        f"{t.package!r} not installed or file missing)"
                    )
                return t
    raise UnknownCategoryError(
        f"unknown template {template_id!r}; `oor assets show CATEGORY` lists templates"
    )


def load_template_mesh(template: Template | str, catalogue: Catalogue | None = None) -> trimesh.Trimesh:
    """A template mesh in its instance canonical space (+y up, front +z, longest bbox edge 1)."""
    t = get_template(template, catalogue) if isinstance(template, str) else template
    return _canonical_mesh(t).copy()


@functools.lru_cache(maxsize=256)
def _canonical_mesh(template: Template) -> trimesh.Trimesh:
    if template.source == "procedural":
        raw = procedural.build(template.category)
    else:
        file = template.file()
        if file is None:
            raise InvalidFileError(f"template {template.id!r}: mesh file not found")
        raw = load_mesh_file(file)
    mesh, _ = canonicalize(raw, template.up, template.front)
    return mesh


def load_user_assets(
    directory: str | Path, catalogue: Catalogue | None = None
) -> tuple[list[Category], list[Template]]:
    """Read a user asset directory: mesh files listed in `manifest.yaml` (or `.json`).

    manifest entries: `{file, category, up: "+y", front: "+z", units: "m" | "cm" | metres-per-unit, size?}`.
    An entry may introduce a new category; its size prior comes from `size` or, with `units`, from the mesh.
    """
    catalogue = catalogue or builtin_catalogue()
    root = Path(directory)
    manifest = next(
        (root / n for n in ("manifest.yaml", "manifest.yml", "manifest.json") if (root / n).is_file()), None
    )
    if manifest is None:
        raise InvalidFileError(f"{root}: no manifest.yaml in user asset directory")
    doc = read_document(manifest, "asset manifest", fmt="yaml")
    entries = doc.get("assets") if isinstance(doc, dict) else None
    if not isinstance(entries, list):
        raise InvalidFileError(f"{manifest}: expected a top-level 'assets' list")
    categories: dict[str, Category] = {}
    templates: list[Template] = []
    for i, entry in enumerate(entries):
        where = f"{manifest}: assets[{i}]"
        if not isinstance(entry, dict) or "file" not in entry or "category" not in entry:
            raise InvalidFileError(f"{where}: needs 'file' and 'category'")
        file = (root / str(entry["file"])).resolve()
        if not file.name.lower().endswith(MESH_SUFFIXES):
            raise InvalidFileError(f"{where}: {file.name} is not a supported mesh type {MESH_SUFFIXES}")
        name = normalize_name(str(entry["category"]))
        up, front = str(entry.get("up", "+y")), str(entry.get("front", "+z"))
        units = entry.get("units")
        try:
            if units is not None:
                unit_scale(units)
            template = Template(
                f"{name}/user:{file.stem}",
                name,
                "user",
                str(file),
                None,
                up,
                front,
                units,
                str(entry.get("licence", "user-provided")),
            )
            known = name in catalogue.categories or name in _synonym_index(catalogue)
            if not known and name not in categories:
                categories[name] = Category(name, "user", _user_size(entry, template, where))
        except ValueError as exc:
            raise InvalidFileError(f"{where}: {exc}") from None
        templates.append(template)
    return list(categories.values()), templates


def _user_size(entry: dict[str, Any], template: Template, where: str) -> tuple[float, float, float]:
    if "size" in entry:
        return _size(entry["size"], where)
    if template.units is None:
        raise InvalidFileError(
            f"{where}: a new category needs 'size' (metres) or 'units' to measure the mesh"
        )
    file = template.file()
    assert file is not None
    _, info = canonicalize(load_mesh_file(file), template.up, template.front)
    extents = info.extents * unit_scale(template.units)
    return (float(extents[0]), float(extents[1]), float(extents[2]))


def _merge(catalogue: Catalogue, categories: Sequence[Category], templates: Sequence[Template]) -> Catalogue:
    merged = dict(catalogue.categories)
    merged.update({c.name: c for c in categories})
    by_category = {k: list(v) for k, v in catalogue.templates.items()}
    for t in templates:
        name = t.category if t.category in merged else _synonym_index(catalogue).get(t.category, t.category)
        # User meshes come first: a user who brings a mesh wants it used.
        by_category.setdefault(name, []).insert(0, dataclasses.replace(t, category=name))
    return Catalogue(merged, {k: tuple(v) for k, v in by_category.items()})


def _synonym_index(catalogue: Catalogue) -> dict[str, str]:
    return {normalize_name(s): c.name for c in catalogue.categories.values() for s in c.synonyms}


def _size(value: Any, where: str) -> tuple[float, float, float]:
    arr = np.asarray(value, dtype=np.float64)
    if arr.shape != (3,) or not np.isfinite(arr).all() or (arr <= 0).any():
        raise InvalidFileError(f"{where}: size must be three positive numbers in metres")
    return (float(arr[0]), float(arr[1]), float(arr[2]))

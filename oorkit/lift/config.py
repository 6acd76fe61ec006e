"""The `oor lift` configuration file: contexts to lift and the backend of every stage.

```yaml
seed: 0
contexts:
  - {id: mug_next_to_teapot, text: A mug next to a teapot, base: teapot, target: mug,
     place: next_to, samples: 4}
source: {backend: offline, views: 16, resolution: 512, elevation: 25}   # or flux / video + sv3d
sfm: {backend: pycolmap}                 # pycolmap | known_cameras | vggsfm
segmentation: {backend: renderer}        # renderer | sam2
features: {backend: offline}             # offline | dinov2
registration: {similarity_threshold: 0.7, metric: point_to_point}
templates: {mug: [mug/procedural, mug/pybullet]}   # candidates per category (default: all available)
filters: {min_points: 100, points_to_mesh: 0.02, mesh_to_points: 0.25, feature_agreement: 0.4, vlm: null}
```
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from oorkit.assets import category_templates, get_category, get_template
from oorkit.errors import InvalidFileError, OORKitError
from oorkit.files import read_document

SOURCES = ("offline", "flux", "video")
SFM = ("pycolmap", "known_cameras", "vggsfm")
SEGMENTATION = ("renderer", "sam2")
FEATURES = ("offline", "dinov2")
INJECT = ("wrong_template", "flip", "few_points")
_ID = re.compile(r"^[a-z0-9_]+$")


@dataclass(frozen=True)
class ContextSpec:
    """One context to lift and how its ground truth is placed offline (`place`, or a `relation`)."""

    id: str
    text: str
    base: str
    target: str
    samples: int = 1
    place: str = "next_to"
    relation: str | None = None  # a primitive of oorkit.relations, when that library is installed
    args: dict[str, Any] = field(default_factory=dict)
    # Fault injection for testing the filters: wrong_template, flip, few_points (see docs/lifting.md).
    inject: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class LiftConfig:
    """Everything `oor lift` needs besides the output folder."""

    contexts: tuple[ContextSpec, ...]
    seed: int = 0
    source: dict[str, Any] = field(default_factory=dict)
    sfm: dict[str, Any] = field(default_factory=dict)
    segmentation: dict[str, Any] = field(default_factory=dict)
    features: dict[str, Any] = field(default_factory=dict)
    registration: dict[str, Any] = field(default_factory=dict)
    templates: dict[str, list[str]] = field(default_factory=dict)
    filters: dict[str, Any] = field(default_factory=dict)
    prompts: dict[str, Any] = field(default_factory=dict)

    def fingerprint(self) -> str:
        """Hash of every setting that changes results (a resumed run must use the same config)."""
        doc = {k: v for k, v in self.__dict__.items()}
        doc["contexts"] = [c.__dict__ for c in self.contexts]
        return hashlib.sha256(yaml.safe_dump(doc, sort_keys=True).encode()).hexdigest()[:16]

    def candidates(self, category: str) -> list[str]:
        """Template ids to choose from for a category (config list, else every available template)."""
        if category in self.templates:
            return list(self.templates[category])
        return [t.id for t in category_templates(category)]


DEFAULTS: dict[str, dict[str, Any]] = {
    "source": {"backend": "offline", "views": 16, "resolution": 512, "elevation": 25.0},
    "sfm": {"backend": "pycolmap", "max_features": 8192},
    "segmentation": {"backend": "renderer"},
    "features": {"backend": "offline", "pca_dim": 15, "template_views": 16, "template_resolution": 256},
    "registration": {"similarity_threshold": 0.7, "metric": "point_to_point", "inlier_fraction": 0.05},
    # Distances are fractions of the registered template's size. mesh→points is loose on purpose: the
    # template's unseen surfaces (bottoms, insides) have no points near them even when it fits.
    "filters": {
        "min_points": 100,
        "points_to_mesh": 0.02,
        "mesh_to_points": 0.25,
        "feature_agreement": 0.4,
        "vlm": None,
    },
    "prompts": {"descriptions": {}, "camera_ratio": 4.0},
}
# (low, high) of every number a section may set; checked before the work folder is made.
RANGES: dict[str, tuple[float, float]] = {
    "source.views": (3, 360),
    "source.resolution": (32, 4096),
    "source.elevation": (-89.0, 89.0),
    "sfm.max_features": (64, 1_000_000),
    "features.pca_dim": (1, 1024),
    "features.template_views": (1, 360),
    "features.template_resolution": (32, 4096),
    "registration.similarity_threshold": (0.0, 1.0),
    "registration.inlier_fraction": (1e-6, 1.0),
    "filters.min_points": (0, 10_000_000),
    "filters.points_to_mesh": (1e-6, 100.0),
    "filters.mesh_to_points": (1e-6, 100.0),
    "filters.feature_agreement": (0.0, 1.0),
    "prompts.camera_ratio": (1e-3, 1e3),
}
MAX_SAMPLES = 100_000  # samples over all contexts of one config


def load_config(path: str | Path) -> LiftConfig:
    """Read and validate a lift config; mistakes raise one-line InvalidFileError naming the field."""
    return config_from_dict(read_document(path, "lift config", fmt="yaml"), str(path))


def config_from_dict(doc: Any, where: str = "config") -> LiftConfig:
    """Validate a parsed config document."""
    if not isinstance(doc, dict):
        raise InvalidFileError(f"{where}: expected a mapping at the top level")
    known = {"seed", "contexts", *DEFAULTS, "templates"}
    unknown = set(doc) - known
    if unknown:
        raise InvalidFileError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    raw = doc.get("contexts")
    if not isinstance(raw, list) or not raw:
        raise InvalidFileError(f"{where}: 'contexts' must be a non-empty list")
    contexts = tuple(_context(c, f"{where}: contexts[{i}]") for i, c in enumerate(raw))
    ids = [c.id for c in contexts]
    if len(set(ids)) != len(ids):
        raise InvalidFileError(f"{where}: duplicate context ids")
    sections = {}
    for name, default in DEFAULTS.items():
        value = doc.get(name) or {}
        if not isinstance(value, dict):
            raise InvalidFileError(f"{where}: '{name}' must be a mapping")
        sections[name] = {**default, **value}
        for key, default_value in default.items():
            _check_number(where, f"{name}.{key}", sections[name][key], default_value)
    _check_choice(where, "source", sections["source"]["backend"], SOURCES)
    _check_choice(where, "sfm", sections["sfm"]["backend"], SFM)
    _check_choice(where, "segmentation", sections["segmentation"]["backend"], SEGMENTATION)
    _check_choice(where, "features", sections["features"]["backend"], FEATURES)
    _check_choice(
        where, "registration.metric", sections["registration"]["metric"], ("point_to_point", "point_to_plane")
    )
    total = sum(c.samples for c in contexts)
    if total > MAX_SAMPLES:
        raise InvalidFileError(f"{where}: {total} samples in all, more than the limit of {MAX_SAMPLES}")
    templates = doc.get("templates") or {}
    if not isinstance(templates, dict):
        raise InvalidFileError(f"{where}: 'templates' must map categories to lists of template ids")
    checked: dict[str, list[str]] = {}
    for cat, ids_ in templates.items():
        try:
            name = get_category(str(cat)).name
            checked[name] = [get_template(str(t)).id for t in (ids_ or [])]
        except OORKitError as exc:
            raise InvalidFileError(f"{where}: templates.{cat}: {exc}") from None
    seed = doc.get("seed", 0)
    if not isinstance(seed, int) or isinstance(seed, bool) or not 0 <= seed < 2**32:
        raise InvalidFileError(f"{where}: seed must be an integer in [0, 2**32), got {seed!r}")
    return LiftConfig(contexts, seed, templates=checked, **sections)


def _check_number(where: str, name: str, value: Any, default: Any) -> None:
    """A section's number has its default's type (an int may stand for a float) and lies in RANGES."""
    if isinstance(default, bool) or not isinstance(default, int | float):
        return
    wanted = int if isinstance(default, int) else (int, float)
    if isinstance(value, bool) or not isinstance(value, wanted):
        kind = "an integer" if wanted is int else "a number"
        raise InvalidFileError(f"{where}: {name} must be {kind}, got {value!r}")
    low, high = RANGES.get(name, (-math.inf, math.inf))
    if not (math.isfinite(value) and low <= value <= high):
        raise InvalidFileError(f"{where}: {name} must be in [{low:g}, {high:g}], got {value!r}")


def _check_choice(where: str, name: str, value: Any, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise InvalidFileError(f"{where}: {name} backend must be one of {', '.join(choices)}, got {value!r}")


def _context(doc: Any, where: str) -> ContextSpec:
    if not isinstance(doc, dict):
        raise InvalidFileError(f"{where}: a context must be a mapping")
    missing = [k for k in ("id", "text", "base", "target") if not doc.get(k)]
    if missing:
        raise InvalidFileError(f"{where}: missing {', '.join(missing)}")
    allowed = {"id", "text", "base", "target", "samples", "place", "relation", "args", "inject"}
    unknown = set(doc) - allowed
    if unknown:
        raise InvalidFileError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    cid = str(doc["id"])
    if not _ID.match(cid):
        raise InvalidFileError(f"{where}: id must be snake_case letters, digits and underscores")
    try:
        base, target = get_category(str(doc["base"])).name, get_category(str(doc["target"])).name
    except OORKitError as exc:
        raise InvalidFileError(f"{where} ({cid}): {exc}") from None
    samples = doc.get("samples", 1)
    if not isinstance(samples, int) or isinstance(samples, bool) or samples < 1:
        raise InvalidFileError(f"{where} ({cid}): samples must be a positive integer")
    raw_place = doc.get("place", "next_to")
    # YAML 1.1 reads a bare `on` as true.
    place = "on" if raw_place is True else str(raw_place)
    if place not in ("on", "next_to"):
        raise InvalidFileError(f"{where} ({cid}): place must be 'on' or 'next_to'")
    inject = doc.get("inject") or {}
    if not isinstance(inject, dict) or set(inject) - set(INJECT):
        raise InvalidFileError(f"{where} ({cid}): inject keys must be among {', '.join(INJECT)}")
    return ContextSpec(
        cid,
        str(doc["text"]),
        base,
        target,
        samples,
        place,
        doc.get("relation"),
        dict(doc.get("args") or {}),
        dict(inject),
    )

"""Exports of what the viewer shows: a GLB (one node per object) and a JSON document."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from oorkit.api import PairSamples
from oorkit.render import export_glb
from oorkit.scene.file import Scene, scene_to_dict
from oorkit.viewer.objects import ViewObject


def slug(text: str, limit: int = 40) -> str:
    """A file-name-safe short form of a text: 'A teapot, pouring' → 'a_teapot_pouring'."""
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")[:limit].rstrip("_") or "view"


def export_objects_glb(objects: Sequence[ViewObject], path: str | Path) -> Path:
    """GLB of the shown objects at their current poses (node names = object names)."""
    if not objects:
        raise ValueError("nothing to export: no objects are shown")
    transforms = np.stack([o.instance_transform() for o in objects])
    return export_glb([o.name for o in objects], [o.mesh for o in objects], transforms, path)


def pair_sample_doc(
    result: PairSamples, index: int, settings: dict[str, Any] | None = None
) -> dict[str, Any]:
    """JSON-ready: text, base, target and sample `index` of pair samples (φ, its parts, transforms)."""
    doc = result.to_dict()
    sample = doc["samples"][index]
    return {
        "text": doc["text"],
        "base": doc["base"],
        "target": doc["target"],
        "settings": dict(settings or {}),
        "sample": sample,
    }


def scene_doc(scene: Scene, objects: Sequence[ViewObject] = ()) -> dict[str, Any]:
    """JSON-ready scene file (`oorkit.scene`) of a scene; room parts (floor, walls) listed apart."""
    doc = scene_to_dict(scene)
    room = [
        {"name": o.name, "pose": np.asarray(o.pose).tolist(), "size": np.asarray(o.size).tolist()}
        for o in objects
        if o.role == "room"
    ]
    if room:
        doc.setdefault("meta", {})["room"] = room
    return doc

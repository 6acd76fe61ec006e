"""What `oor view PATH` opens: a scene spec (YAML/JSON), a scene file (scene JSON) or a layout."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from oorkit.errors import OORKitError
from oorkit.files import read_document
from oorkit.scene.file import Scene, load_scene
from oorkit.scene.spec import SceneSpec, load_spec
from oorkit.viewer.room import Room, load_room

KINDS = ("spec", "scene", "layout")


@dataclass(frozen=True)
class Source:
    """An opened PATH: `kind` is spec, scene or layout; the matching field is set."""

    kind: str
    path: Path
    spec: SceneSpec | None = None
    scene: Scene | None = None
    room: Room | None = None


def _read(path: Path) -> Any:
    return read_document(path, "scene, spec or layout file")


def detect_kind(path: str | Path) -> str:
    """spec, scene or layout, from a folder's files or a file's `format` and keys; a clear error otherwise."""
    path = Path(path)
    if path.is_dir():
        if (path / "layout.json").is_file():
            return "layout"
        if (path / "scene.json").is_file():
            return "scene"
        raise OORKitError(f"{path}: a folder to view needs a layout.json or a scene.json")
    doc = _read(path)
    if isinstance(doc, dict):
        if doc.get("format") == "oorkit.layout":
            return "layout"
        if doc.get("format") == "oorkit.scene":
            return "scene"
        if "room" in doc:
            raise OORKitError(
                f"{path}: a layout spec is not solved yet: run `oor layout {path}` and view its output folder"
            )
        if "relations" in doc and "objects" in doc:
            return "spec"
        objects = doc.get("objects")
        if isinstance(objects, list) and objects and isinstance(objects[0], dict) and "pose" in objects[0]:
            return "scene"
    raise OORKitError(
        f"{path}: not a scene spec (objects + relations), a scene file (format 'oorkit.scene') "
        "or a layout (layout.json or its folder)"
    )


def load_source(path: str | Path) -> Source:
    """Open PATH as a scene spec, scene file or layout (validated)."""
    path = Path(path)
    kind = detect_kind(path)
    if kind == "layout":
        return Source(kind, path, room=load_room(path))
    if kind == "scene":
        return Source(kind, path, scene=load_scene(path / "scene.json" if path.is_dir() else path))
    return Source(kind, path, spec=load_spec(path))

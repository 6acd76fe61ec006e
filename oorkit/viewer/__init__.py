"""`oor view`: a web viewer (viser) for OOR samples, scenes and layouts.

The plain parts (objects, room, sources, edits, export) need no browser and no viser; `ViewerApp`
(oorkit.viewer.app) needs `pip install 'oorkit[viewer]'`.
"""

from oorkit.viewer.objects import ViewObject, bbox_segments, framing, sample_objects, scene_objects
from oorkit.viewer.sources import Source, detect_kind, load_source

__all__ = [
    "Source",
    "ViewObject",
    "bbox_segments",
    "detect_kind",
    "framing",
    "load_source",
    "sample_objects",
    "scene_objects",
]

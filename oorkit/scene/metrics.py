"""World-space metrics of an arrangement: box collisions between objects the spec does not relate."""

from __future__ import annotations

from typing import Any

import numpy as np

from oorkit.geometry import obb_overlap_volume, transformed_box_obb
from oorkit.scene.file import Scene
from oorkit.scene.spec import SceneSpec

OVERLAP_TOLERANCE = 0.01  # fraction of the smaller box's volume


def scene_metrics(scene: Scene, spec: SceneSpec, tolerance: float = OVERLAP_TOLERANCE) -> dict[str, Any]:
    """Unrelated pairs whose oriented bboxes overlap by more than `tolerance` of the smaller box."""
    related = {frozenset((r.base, r.target)) for r in spec.relations}
    boxes = {o.id: transformed_box_obb(np.ones(3), o.instance_transform()) for o in scene.objects}
    volumes = {o.id: float(np.prod(o.size)) for o in scene.objects}
    ids = [o.id for o in scene.objects]
    collisions = []
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            if frozenset((a, b)) in related:
                continue
            overlap = obb_overlap_volume(*boxes[a], *boxes[b]) / min(volumes[a], volumes[b])
            if overlap > tolerance:
                collisions.append({"objects": [a, b], "overlap_fraction": round(overlap, 4)})
    return {"colliding_pairs": len(collisions), "collisions": collisions}

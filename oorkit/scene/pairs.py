"""Scenes of one OOR sample: the base placed at the world origin at its real size, the target by φ."""

from __future__ import annotations

import numpy as np

from oorkit import oor
from oorkit.assets import Catalogue, canonical_extents, get_category
from oorkit.geometry import make_transform
from oorkit.scene.file import Scene, canonical_mesh, object_from_instance_transform


def template_aspects(
    phi: np.ndarray, base: str, target: str, catalogue: Catalogue | None = None
) -> np.ndarray:
    """φ (..., 15) whose scales keep the aspect of the category templates a pair is drawn with (Eq. 16).

    Sampled aspects of thin or small targets are noisy (a nail's width is a few thousandths of a table's
    length); the drawn template then comes out squashed. Rotation and the target's mean size are kept, and
    the target is moved with the base's new proportions so that it still rests on, sits in, stands under
    or beside it (`oor.keep_relation`).
    """
    extents = [np.array(canonical_extents(canonical_mesh(c, catalogue=catalogue))) for c in (base, target)]
    return np.asarray(oor.keep_relation(np.asarray(phi, dtype=np.float64), *extents))


def pair_transforms(phi: np.ndarray, base_category: str, catalogue: Catalogue | None = None) -> np.ndarray:
    """Instance transforms (2, 4, 4) of base and target for φ, the base standing on the floor (y = 0).

    φ fixes the base's aspect ratio (s^B) but not its size: its longest edge gets the category's
    size prior, so the pair is shown at real-world scale.
    """
    phi = np.asarray(phi, dtype=np.float64)
    parts = oor.unpack(phi)
    unit = float(max(get_category(base_category, catalogue).size))
    base_size = np.asarray(parts.base_scale) * unit
    base = make_transform(np.eye(3), np.array([0.0, base_size[1] / 2, 0.0]), base_size)
    target = oor.target_instance_transform(phi, base)
    return np.stack([base, target])


def pair_scene(
    phi: np.ndarray,
    base: str,
    target: str,
    base_template: str | None = None,
    target_template: str | None = None,
    catalogue: Catalogue | None = None,
) -> Scene:
    """A two-object scene of one OOR sample (ids 'base' and 'target')."""
    transforms = pair_transforms(phi, base, catalogue)
    objects = (
        object_from_instance_transform(
            "base", get_category(base, catalogue).name, transforms[0], template=base_template
        ),
        object_from_instance_transform(
            "target", get_category(target, catalogue).name, transforms[1], template=target_template
        ),
    )
    return Scene(objects)

"""Procedural template meshes of our own, one generator per catalogue category.

A generator takes an optional `np.random.Generator`: `None` gives the category's default shape,
a generator gives a plausible variation (proportions, part counts) for extra templates.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import trimesh

from oorkit.assets.procedural import food, household, kitchen, office, play
from oorkit.assets.procedural.primitives import assemble

Generator = Callable[[np.random.Generator | None], trimesh.Trimesh]

GENERATORS: dict[str, Generator] = {
    **kitchen.GENERATORS,
    **office.GENERATORS,
    **household.GENERATORS,
    **food.GENERATORS,
    **play.GENERATORS,
}


def build(category: str, rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Build the procedural template of `category` (metres, +y up, front +z)."""
    try:
        generator = GENERATORS[category]
    except KeyError as exc:
        raise KeyError(f"no procedural generator for category {category!r}") from exc
    return generator(rng)


__all__ = ["GENERATORS", "Generator", "assemble", "build"]

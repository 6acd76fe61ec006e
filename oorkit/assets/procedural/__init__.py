"""Procedural template meshes of our own, one generator per catalogue category.

A generator takes an optional `np.random.Generator`: `None` gives the category's default shape,
a generator gives a plausible variation (proportions, part counts) for extra templates.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable

import numpy as np
import trimesh

Generator = Callable[[np.random.Generator | None], trimesh.Trimesh]

_MODULES = (
    "kitchen",
    "office",
    "household",
    "food",
    "play",
    "kitchen_more",
    "food_more",
    "bath_garden",
    "furniture_more",
    "electronics",
    "workshop_sports",
)


@functools.cache
def generators() -> dict[str, Generator]:
    """All generators by category name (modules are imported on first use, keeping `import oorkit` light)."""
    merged: dict[str, Generator] = {}
    for name in _MODULES:
        merged.update(importlib.import_module(f"{__name__}.{name}").GENERATORS)
    return merged


def build(category: str, rng: np.random.Generator | None = None) -> trimesh.Trimesh:
    """Build the procedural template of `category` (metres, +y up, front +z)."""
    try:
        generator = generators()[category]
    except KeyError:
        raise KeyError(f"no procedural generator for category {category!r}") from None
    return generator(rng)


__all__ = ["Generator", "build", "generators"]

"""Object descriptors that generalise across categories: size prior, template proportions, affordances.

The diffusion model can be conditioned on them besides the text (`ScoreNetConfig.geometry_dim`), so a
category it never saw in a relation, or a user's mesh, still gets a sensible scale and contact from what it
shares with the categories it did see: its real-world size, the shape of its mesh, what it affords.
"""

from __future__ import annotations

import functools

import numpy as np

from oorkit.assets.canonical import canonical_extents
from oorkit.assets.catalogue import AFFORDANCES, Catalogue, get_category, load_template_mesh

DESCRIPTOR_DIM = 3 + 3 + len(AFFORDANCES)  # log size prior, mesh aspect, affordance tags
PAIR_DESCRIPTOR_DIM = 2 * DESCRIPTOR_DIM


def object_descriptor(
    category: str, mesh_extents: np.ndarray | None = None, catalogue: Catalogue | None = None
) -> np.ndarray:
    """(DESCRIPTOR_DIM,) float32: log₁₀ of the size prior (m), the mesh's bbox aspect, affordance bits.

    `mesh_extents` are the canonical bbox extents of the mesh actually drawn (any unit); by default those
    of the category's default template.
    """
    cat = get_category(category, catalogue)
    if mesh_extents is None:
        extents = _default_extents(cat.name) if catalogue is None else _extents_of(cat.name, catalogue)
    else:
        extents = np.asarray(mesh_extents, dtype=np.float64)
    if extents.shape != (3,) or not np.all(np.isfinite(extents)) or np.any(extents <= 0):
        raise ValueError(f"mesh extents of {category!r} must be 3 positive numbers")
    tags = np.array([tag in cat.affords for tag in AFFORDANCES], dtype=np.float64)
    size = np.log10(np.asarray(cat.size, dtype=np.float64))
    return np.concatenate([size, extents / extents.max(), tags]).astype(np.float32)


def pair_descriptor(base: str, target: str, catalogue: Catalogue | None = None) -> np.ndarray:
    """(PAIR_DESCRIPTOR_DIM,) descriptors of a base and a target, concatenated."""
    return np.concatenate(
        [object_descriptor(base, catalogue=catalogue), object_descriptor(target, catalogue=catalogue)]
    )


@functools.cache
def _default_extents(category: str) -> np.ndarray:
    return np.asarray(canonical_extents(load_template_mesh(category)), dtype=np.float64)


def _extents_of(category: str, catalogue: Catalogue) -> np.ndarray:
    return np.asarray(canonical_extents(load_template_mesh(category, catalogue)), dtype=np.float64)

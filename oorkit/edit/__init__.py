"""Scene editing with the OOR score: rearrange, recontext, insert (the paper's Sec. 4.3)."""

from oorkit.edit.optimize import (
    EditOptions,
    EditResult,
    insert,
    optimize_relations,
    perturb_poses,
    rearrange,
    recontext,
)

__all__ = [
    "EditOptions",
    "EditResult",
    "insert",
    "optimize_relations",
    "perturb_poses",
    "rearrange",
    "recontext",
]

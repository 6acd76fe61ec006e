"""Let one torch implementation serve NumPy callers too (float64 round trip, no copies kept)."""

from __future__ import annotations

from typing import TypeVar

import numpy as np
import torch

Array = TypeVar("Array", np.ndarray, torch.Tensor)


def as_tensor(x: np.ndarray | torch.Tensor) -> torch.Tensor:
    """Return `x` as a tensor; NumPy input becomes float64 so round trips stay exact to ~1e-12."""
    if isinstance(x, torch.Tensor):
        return x
    return torch.from_numpy(np.asarray(x, dtype=np.float64))


def like(result: torch.Tensor, reference: Array) -> Array:
    """Return `result` in the array type of `reference` (tensor stays tensor, NumPy gets NumPy)."""
    if isinstance(reference, torch.Tensor):
        return result
    return result.detach().cpu().numpy()

"""The variance-exploding SDE (Song et al. 2021): σ(t) = σ_min (σ_max/σ_min)^t, t ∈ [ε, 1].

Forward: dφ = sqrt(d σ²/dt) dW. Probability-flow ODE (the paper's Eq. 9):
dφ/dt = −σ(t) σ̇(t) ∇ log p_t(φ), with σ̇ = σ log(σ_max/σ_min).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch


@dataclass(frozen=True)
class VESchedule:
    """Noise schedule of the VE SDE."""

    sigma_min: float = 0.01
    sigma_max: float = 20.0
    eps: float = 1e-3  # the smallest time: the ODE stops here rather than at 0

    def sigma(self, t: torch.Tensor) -> torch.Tensor:
        """σ(t)."""
        return self.sigma_min * (self.sigma_max / self.sigma_min) ** t

    def sigma_dot(self, t: torch.Tensor) -> torch.Tensor:
        """dσ/dt."""
        return self.sigma(t) * math.log(self.sigma_max / self.sigma_min)

    def prior_sample(
        self,
        shape: tuple[int, ...],
        generator: torch.Generator | None = None,
        device: torch.device | str = "cpu",
        dtype: torch.dtype = torch.float32,
    ) -> torch.Tensor:
        """φ_1 ~ N(0, σ(1)² I)."""
        noise = torch.randn(shape, generator=generator, device=device, dtype=dtype)
        return noise * self.sigma(torch.tensor(1.0, dtype=dtype, device=device))

"""Denoising score matching (the paper's Eq. 8) with λ(t) = σ(t)²."""

from __future__ import annotations

import torch

from oorkit.diffusion.model import ScoreNet
from oorkit.diffusion.schedule import VESchedule


def dsm_loss(
    model: ScoreNet,
    schedule: VESchedule,
    phi: torch.Tensor,
    cond: torch.Tensor,
    noise_draws: int = 4,
    generator: torch.Generator | None = None,
) -> torch.Tensor:
    """Mean over `noise_draws` noisy copies per sample of ‖σ·Ψθ(φ + σz) + z‖² (= λ‖Ψθ − (φ − φ_t)/σ²‖²)."""
    phi = phi.repeat(noise_draws, 1)
    cond = cond.repeat(noise_draws, 1)
    n = phi.shape[0]
    t = torch.rand(n, device=phi.device, generator=generator) * (1.0 - schedule.eps) + schedule.eps
    sigma = schedule.sigma(t)
    z = torch.randn(phi.shape, device=phi.device, generator=generator, dtype=phi.dtype)
    score = model(phi + sigma[:, None] * z, sigma, cond)
    return ((sigma[:, None] * score + z) ** 2).sum(-1).mean()

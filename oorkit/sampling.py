"""The sampler settings every command and function draws its defaults from (no torch: the CLI imports it).

`PAIR_SAMPLING` is used by pairwise samples, the API, the viewer, the demo and the library's joint sampler;
`SCENE_SAMPLING` by `oor scene`, `oor eval scenes`, `oorkit.sample_scene` and insertion.
"""

from __future__ import annotations

from dataclasses import dataclass

SOLVERS = ("heun", "euler", "dopri5")


@dataclass(frozen=True)
class SamplingConfig:
    """How φ is drawn from the PF-ODE; `PAIR_SAMPLING` and `SCENE_SAMPLING` are the shipped settings."""

    solver: str = "heun"  # heun or euler (fixed steps), or dopri5 (adaptive, rtol/atol)
    steps: int = 40  # fixed-step solvers
    rtol: float = 1e-4
    atol: float = 1e-4
    likelihood_steps: int = 50  # Heun steps of the likelihood ODE (ranking samples, log p of edits)


PAIR_SAMPLING = SamplingConfig()
SCENE_SAMPLING = SamplingConfig(steps=60)  # joint guidance adds a stiff drift: more fixed steps

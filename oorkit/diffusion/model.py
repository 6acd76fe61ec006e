"""The GenPose-style ScoreNet with a text condition (the OOR paper's Fig. 4 and Appendix B).

Gaussian Fourier time embedding, a pose encoder, a condition encoder over the three text embeddings
(context, base category, target category), concatenation, a shared trunk, and separate zero-initialised
heads for rotation (6), translation (3), target scale (3) and base scale (3). With the GenPose
parameterisation the output is divided by σ(t) (score 0 at initialisation); with the EDM one (default)
the heads predict a scaled denoising residual, so the initial model is the optimal denoiser of
standardised data with zero mean.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import ClassVar

import torch
from torch import nn

from oorkit.oor import BASE_SCALE, PHI_DIM, ROT6D, TARGET_SCALE, TRANSLATION


@dataclass(frozen=True)
class ScoreNetConfig:
    """Architecture of the score network; the defaults are the shipped model's (round-trips via `asdict`)."""

    text_dim: int = 384
    hidden: int = 384
    time_dim: int = 128
    depth: int = 3
    fourier_scale: float = 1.0  # log σ spans ~2 units: low frequencies let the net generalise across σ
    dropout: float = 0.0
    # "genpose": score = F/σ (GenPose). "edm": score = (D − φ)/σ² with the denoiser D = c_skip·φ + c_out·F
    # (Karras et al. 2022, σ_data = 1 for standardised φ); it escapes plateaus on sharp modes more reliably.
    parameterization: str = "edm"
    # "concat": GenPose's trunk over [pose, time, condition] features. "film": residual blocks whose
    # normalised activations are scaled and shifted by the time + condition features (FiLM, Perez et al.
    # 2018), so every layer sees the condition instead of only the first.
    conditioning: str = "film"
    # Object descriptors appended to the condition (`assets.descriptors.pair_descriptor`: size priors,
    # mesh aspects, affordances of base and target): 0 = text only.
    geometry_dim: int = 42  # = assets.descriptors.PAIR_DESCRIPTOR_DIM (a test checks)

    def to_dict(self) -> dict[str, float | int]:
        """Plain dict for JSON."""
        return asdict(self)


class GaussianFourierProjection(nn.Module):
    """Random Fourier features of log σ (fixed, not trained)."""

    def __init__(self, dim: int, scale: float):
        super().__init__()
        self.weights: torch.Tensor
        self.register_buffer("weights", torch.randn(dim // 2) * scale, persistent=True)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """(B,) → (B, dim)."""
        proj = x[:, None] * self.weights[None, :] * 2 * math.pi
        return torch.cat([torch.sin(proj), torch.cos(proj)], dim=-1)


def _mlp(sizes: list[int], dropout: float = 0.0) -> nn.Sequential:
    layers: list[nn.Module] = []
    for i in range(len(sizes) - 1):
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
        if i < len(sizes) - 2:
            layers.append(nn.SiLU())
            if dropout > 0:
                layers.append(nn.Dropout(dropout))
    return nn.Sequential(*layers)


class FiLMBlock(nn.Module):
    """h + MLP(LayerNorm(h)·(1 + γ) + β), with (γ, β) from the time + condition features."""

    def __init__(self, hidden: int, dropout: float = 0.0):
        super().__init__()
        self.norm = nn.LayerNorm(hidden, elementwise_affine=False)
        self.film = nn.Linear(hidden, 2 * hidden)
        self.mlp = nn.Sequential(nn.SiLU(), nn.Linear(hidden, hidden), nn.SiLU(), nn.Dropout(dropout))
        self.out = nn.Linear(hidden, hidden)
        # Zero-initialised modulation and output: each block starts as the identity.
        for layer in (self.film, self.out):
            nn.init.zeros_(layer.weight)
            nn.init.zeros_(layer.bias)

    def forward(self, h: torch.Tensor, context: torch.Tensor) -> torch.Tensor:
        """(…, hidden) features, time + condition embedding broadcastable to them → (…, hidden)."""
        gamma, beta = self.film(context).chunk(2, dim=-1)
        return h + self.out(self.mlp(self.norm(h) * (1 + gamma) + beta))


class ScoreNet(nn.Module):
    """Ψθ(φ_t, t | c, B, T): the score of the noised OOR distribution."""

    HEADS: ClassVar[dict[str, slice]] = {
        "rotation": ROT6D,
        "translation": TRANSLATION,
        "target_scale": TARGET_SCALE,
        "base_scale": BASE_SCALE,
    }

    def __init__(self, config: ScoreNetConfig):
        super().__init__()
        if config.parameterization not in ("edm", "genpose"):
            raise ValueError(f"parameterization must be 'edm' or 'genpose', got {config.parameterization!r}")
        if config.conditioning not in ("concat", "film"):
            raise ValueError(f"conditioning must be 'concat' or 'film', got {config.conditioning!r}")
        self.config = config
        h = config.hidden
        self.time_embed = nn.Sequential(
            GaussianFourierProjection(config.time_dim, config.fourier_scale),
            nn.Linear(config.time_dim, h),
            nn.SiLU(),
        )
        self.pose_encoder = _mlp([PHI_DIM, h, h])
        self.cond_encoder = nn.Sequential(
            nn.LayerNorm(3 * config.text_dim), _mlp([3 * config.text_dim, h, h])
        )
        if config.geometry_dim:
            self.geometry_encoder = _mlp([config.geometry_dim, h, h])
        if config.conditioning == "film":
            self.context = nn.Sequential(nn.Linear(2 * h, h), nn.SiLU())
            self.blocks = nn.ModuleList(FiLMBlock(h, config.dropout) for _ in range(config.depth))
        else:
            self.trunk = _mlp([3 * h] + [h] * config.depth, config.dropout)
        self.heads = nn.ModuleDict()
        for name, part in self.HEADS.items():
            out = nn.Linear(h, part.stop - part.start)
            nn.init.zeros_(out.weight)
            nn.init.zeros_(out.bias)
            head = nn.Sequential(nn.SiLU(), nn.Linear(h, h), nn.SiLU(), out)
            self.heads[name] = head

    def encode_condition(self, cond: torch.Tensor) -> torch.Tensor:
        """Condition features (B, hidden) of [text embeddings (3·text_dim) | descriptors (geometry_dim)]."""
        text = 3 * self.config.text_dim
        if cond.shape[-1] != text + self.config.geometry_dim:
            raise ValueError(
                f"condition has {cond.shape[-1]} numbers, the model takes {text + self.config.geometry_dim}"
            )
        features = self.cond_encoder(cond[..., :text])
        if self.config.geometry_dim:
            features = features + self.geometry_encoder(cond[..., text:])
        return features

    def forward(
        self,
        phi_t: torch.Tensor,
        sigma: torch.Tensor,
        cond: torch.Tensor | None = None,
        cond_features: torch.Tensor | None = None,
    ) -> torch.Tensor:
        """Score (B, 15) at noise level `sigma` (B,) for condition embeddings `cond` (B, 3·text_dim).

        Samplers pass `cond_features` (from `encode_condition`) instead, computed once per run. It may
        have G < B rows with B = G·n: each run of n consecutive inputs then shares one condition and one
        σ (how samplers lay out n samples per prompt), and the time + condition modulation is computed
        once per group and broadcast, instead of once per sample.
        """
        if cond_features is None:
            if cond is None:
                raise ValueError("ScoreNet needs cond or cond_features")
            cond_features = self.encode_condition(cond)
        batch, groups = phi_t.shape[0], cond_features.shape[0]
        if batch % groups:
            raise ValueError(f"{batch} inputs cannot share {groups} conditions in equal groups")
        per_group = batch // groups
        # Scale the noisy input to unit variance (data are standardised, σ_data = 1), as in EDM's c_in:
        # without it the pose encoder sees inputs from ±0.01 to ±σ_max and learns slowly.
        pose = self.pose_encoder(phi_t / torch.sqrt(1.0 + sigma[:, None] ** 2))
        group_sigma = sigma.view(groups, per_group)[:, 0]
        time = self.time_embed(torch.log(group_sigma) / 4)
        if self.config.conditioning == "film":
            context = self.context(torch.cat([time, cond_features], dim=-1))[:, None]  # (G, 1, h)
            trunk = pose.view(groups, per_group, -1)
            for block in self.blocks:
                trunk = block(trunk, context)
            trunk = trunk.reshape(batch, -1)
        else:
            cond_time = torch.cat([time, cond_features], dim=-1).repeat_interleave(per_group, dim=0)
            trunk = self.trunk(torch.cat([pose, cond_time], dim=-1))
        out = torch.cat([self.heads[name](trunk) for name in self.HEADS], dim=-1)
        s = sigma[:, None]
        if self.config.parameterization == "genpose":
            return out / s
        denoised = phi_t / (1.0 + s**2) + out * s / torch.sqrt(1.0 + s**2)
        return (denoised - phi_t) / s**2

"""Text-conditioned score-based diffusion over OOR samples: schedule, ScoreNet, loss, samplers, pipeline."""

from oorkit.diffusion.model import ScoreNet, ScoreNetConfig
from oorkit.diffusion.pipeline import Condition, OORPipeline, PipelineConfig
from oorkit.diffusion.sampler import log_likelihood, sample_ode
from oorkit.diffusion.schedule import VESchedule
from oorkit.sampling import PAIR_SAMPLING, SCENE_SAMPLING, SOLVERS, SamplingConfig

__all__ = [
    "PAIR_SAMPLING",
    "SCENE_SAMPLING",
    "SOLVERS",
    "Condition",
    "OORPipeline",
    "PipelineConfig",
    "SamplingConfig",
    "ScoreNet",
    "ScoreNetConfig",
    "VESchedule",
    "log_likelihood",
    "sample_ode",
]

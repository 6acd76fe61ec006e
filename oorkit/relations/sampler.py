"""Turn a context into many checked OOR samples φ, counting what was rejected and why."""

from __future__ import annotations

import re
import time
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from oorkit import oor
from oorkit.relations.checks import check_sample
from oorkit.relations.context import Context
from oorkit.relations.primitives import apply_primitive, validate_args
from oorkit.relations.space import Placed, RelationFailed, place_instance


@dataclass(frozen=True, eq=False)
class RelationSample:
    """One accepted sample: φ, the instances it was made from and the target pose in the base frame."""

    phi: np.ndarray  # (15,)
    base_template: str
    target_template: str
    base_size: np.ndarray  # (3,) metres
    target_size: np.ndarray  # (3,) metres
    pose: np.ndarray  # (4, 4) rigid pose of the target's bbox centre in the base frame (metres)
    quality: float  # in [0, 1], from the check metrics


@dataclass(eq=False)
class ContextSamples:
    """The samples of one context, the rejection reasons (numbers masked) and the effort spent."""

    context: Context
    samples: list[RelationSample] = field(default_factory=list)
    rejected: Counter[str] = field(default_factory=Counter)
    tries: int = 0
    seconds: float = 0.0


def instance_transforms(base: Placed, target: Placed, pose: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(A_base, A_target): base at the origin, unrotated; target at `pose`; both scaled to their sizes."""
    a_base = np.diag([*base.size, 1.0])
    a_target = pose @ np.diag([*target.size, 1.0])
    return a_base, a_target


def phi_of(base: Placed, target: Placed, pose: np.ndarray) -> np.ndarray:
    """The OOR sample φ (15,) of a posed target relative to a base."""
    a_base, a_target = instance_transforms(base, target, pose)
    return np.asarray(oor.from_instance_transforms(a_base, a_target), dtype=np.float64)


def _reason_key(reason: str) -> str:
    return re.sub(r"-?\d+(\.\d+)?", "#", reason)


def sample_context(
    context: Context,
    n: int,
    rng: np.random.Generator,
    max_tries_factor: int = 5,
    progress: bool = False,
) -> ContextSamples:
    """Up to n checked samples of a context (tries at most n·max_tries_factor times); deterministic in rng."""
    validate_args(context.relation, context.args)
    out = ContextSamples(context)
    start = time.perf_counter()
    budget = max(int(n) * int(max_tries_factor), 1)
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=n, desc=context.id, leave=False)
    while len(out.samples) < n and out.tries < budget:
        out.tries += 1
        base = place_instance(context.base, rng)
        target = place_instance(context.target, rng)
        try:
            pose = apply_primitive(context.relation, base, target, rng, context.args)
        except RelationFailed as exc:
            out.rejected[_reason_key(str(exc))] += 1
            continue
        result = check_sample(context.relation, base, target, pose, **context.args)
        if not result.ok:
            for r in result.reasons:
                out.rejected[_reason_key(r)] += 1
            continue
        out.samples.append(
            RelationSample(
                phi_of(base, target, pose),
                base.template_id,
                target.template_id,
                base.size.copy(),
                target.size.copy(),
                pose,
                float(result.metrics.get("quality", 1.0)),
            )
        )
        if bar is not None:
            bar.update(1)
    if bar is not None:
        bar.close()
    out.seconds = time.perf_counter() - start
    return out

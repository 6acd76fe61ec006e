"""The Python API in one call: `oorkit.sample("A teapot pouring tea into a teacup", n=8)`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from oorkit import oor
from oorkit.assets import Catalogue, builtin_catalogue, get_category
from oorkit.diffusion.pipeline import OORPipeline, load_pipeline
from oorkit.errors import OORKitError
from oorkit.scene.pairs import pair_transforms, template_aspects
from oorkit.text.categories import find_base_target


@dataclass(frozen=True)
class PairSamples:
    """N OOR samples φ (N, 15) of one (text, base, target) condition, most likely first when ranked."""

    text: str
    base: str
    target: str
    phi: np.ndarray

    def __len__(self) -> int:
        return len(self.phi)

    def records(self) -> list[oor.OORRecord]:
        """The samples as OORRecords (JSON-serialisable with `oorkit.oor.save_records`)."""
        return [
            oor.OORRecord(self.text, self.base, self.target, p, {"index": i}) for i, p in enumerate(self.phi)
        ]

    def instance_transforms(self, catalogue: Catalogue | None = None) -> np.ndarray:
        """(N, 2, 4, 4) base and target instance transforms at real size, the base standing at the origin."""
        return np.stack([pair_transforms(p, self.base, catalogue) for p in self.phi])

    def to_dict(self, catalogue: Catalogue | None = None) -> dict[str, Any]:
        """JSON-ready: φ and its decoded parts per sample, plus world instance transforms in metres."""
        transforms = self.instance_transforms(catalogue)
        samples = []
        for i, (p, pair) in enumerate(zip(self.phi, transforms, strict=True)):
            parts = oor.unpack(p)
            samples.append(
                {
                    "index": i,
                    "phi": [float(x) for x in p],
                    "rotation": np.asarray(parts.rotation).tolist(),
                    "translation": np.asarray(parts.translation).tolist(),
                    "target_scale": np.asarray(parts.target_scale).tolist(),
                    "base_scale": np.asarray(parts.base_scale).tolist(),
                    "base_instance_transform": pair[0].tolist(),
                    "target_instance_transform": pair[1].tolist(),
                }
            )
        return {"text": self.text, "base": self.base, "target": self.target, "samples": samples}


def resolve_pair(
    text: str,
    base: str | None,
    target: str | None,
    pipeline: OORPipeline | None = None,
    catalogue: Catalogue | None = None,
) -> tuple[str, str]:
    """Canonical (base, target) category names: given ones checked, missing ones found in the text."""
    catalogue = catalogue or builtin_catalogue()
    if not text.strip():
        raise OORKitError("the context text must not be empty")
    if base is None or target is None:
        known = {(b, t) for b, t in pipeline.config.known_pairs} if pipeline is not None else set()
        found_base, found_target = find_base_target(text, catalogue, known)
        base, target = base or found_base, target or found_target
    return get_category(base, catalogue).name, get_category(target, catalogue).name


def sample(
    text: str,
    base: str | None = None,
    target: str | None = None,
    n: int = 8,
    seed: int = 0,
    model: str | Path | OORPipeline | None = None,
    solver: str = "heun",
    steps: int = 40,
    rank: bool = False,
    device: str = "cpu",
    precision: str = "fp32",
    keep_aspects: bool = True,
) -> PairSamples:
    """Sample n OOR samples for a context text; base/target are found in the text when not given.

    With `keep_aspects`, both scales take the aspect of the category templates they are drawn with
    (Eq. 16, `scene.pairs.template_aspects`); without it, φ is the model's raw output.
    """
    pipeline = load_pipeline(model, device)
    base, target = resolve_pair(text, base, target, pipeline)
    phi = pipeline.sample(
        [text], [base], [target], n=n, seed=seed, solver=solver, steps=steps, rank=rank, precision=precision
    )[0]
    return PairSamples(text, base, target, template_aspects(phi, base, target) if keep_aspects else phi)

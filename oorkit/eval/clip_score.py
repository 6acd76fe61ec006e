"""CLIP score: cosine similarity of a prompt and the rendered views of a sample, mean over views.

The model comes from `open_clip` (optional extra `clip`: `pip install -e '.[clip]'`) with LOCAL weights
only: a checkpoint file plus a built-in model name (e.g. ViT-B-32) or a custom model-config JSON, or an
open_clip folder (open_clip_config.json + weights). Nothing is downloaded. The paper reports 100 × this.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch

from oorkit.errors import OORKitError
from oorkit.eval.vlm import SampleSet, render_sample


@dataclass
class ClipScorer:
    """A CLIP model (encode_image/encode_text), its image preprocessing and its tokenizer."""

    model: Any
    preprocess: Callable[[Any], torch.Tensor]  # PIL image → (3, S, S)
    tokenizer: Callable[[list[str]], torch.Tensor]
    device: str = "cpu"


def _open_clip() -> Any:
    try:
        import open_clip
    except ImportError as exc:
        # open_clip itself imports torchvision (and timm): name the package that is actually missing.
        missing = exc.name or "open_clip_torch"
        raise OORKitError(
            f"the CLIP score needs {missing} (pip install -e '.[clip]', i.e. open_clip_torch): {exc}"
        ) from exc
    return open_clip


def load_clip(
    weights: str | Path,
    model_name: str = "ViT-B-32",
    model_config: str | Path | None = None,
    device: str = "cpu",
) -> ClipScorer:
    """An open_clip model from local weights: a checkpoint (+ model name or config JSON) or a model folder."""
    open_clip = _open_clip()
    path = Path(weights)
    if not path.exists():
        raise OORKitError(f"CLIP weights {path} not found (give a local checkpoint file or model folder)")
    if model_config is not None:
        config = Path(model_config)
        if not config.is_file():
            raise OORKitError(f"CLIP model config {config} not found")
        open_clip.add_model_config(config)  # registers the architecture under the file's stem
        model_name = config.stem
    try:
        if path.is_dir():
            name, pretrained = f"local-dir:{path.resolve()}", None
        else:
            name, pretrained = model_name, str(path)
        model, _, preprocess = open_clip.create_model_and_transforms(
            name, pretrained=pretrained, device=device
        )
        tokenizer = open_clip.get_tokenizer(name)
    except (RuntimeError, ValueError, FileNotFoundError, KeyError) as exc:
        raise OORKitError(f"cannot load CLIP {model_name} from {path}: {str(exc).splitlines()[0]}") from exc
    return ClipScorer(model.eval(), preprocess, tokenizer, device)


def clip_view_scores(scorer: ClipScorer, text: str, views: np.ndarray) -> np.ndarray:
    """(V,) cosine similarities in [-1, 1] between the text and each view (V, H, W, 3) uint8."""
    from PIL import Image

    images = torch.stack([scorer.preprocess(Image.fromarray(np.asarray(v))) for v in views]).to(scorer.device)
    tokens = scorer.tokenizer([text]).to(scorer.device)
    with torch.no_grad():
        image_emb = torch.nn.functional.normalize(scorer.model.encode_image(images).float(), dim=-1)
        text_emb = torch.nn.functional.normalize(scorer.model.encode_text(tokens).float(), dim=-1)
    return (image_emb @ text_emb[0]).cpu().double().numpy()


def clip_score(scorer: ClipScorer, text: str, views: np.ndarray) -> float:
    """Mean over views of the text–image cosine similarity."""
    return float(clip_view_scores(scorer, text, views).mean())


def evaluate_clip(
    sets: Sequence[SampleSet],
    scorer: ClipScorer,
    samples: int = 1,
    views: int = 10,
    resolution: int = 224,
    render: Callable[[SampleSet, int], np.ndarray] | None = None,
) -> dict[str, Any]:
    """CLIP score per prompt (mean over its first `samples` samples and their views) and over prompts."""
    draw = render or (lambda s, i: render_sample(s, i, views, resolution))
    rows: list[dict[str, Any]] = []
    for s in sets:
        per_sample = [clip_score(scorer, s.text, draw(s, i)) for i in range(min(samples, len(s.phi)))]
        rows.append(
            {
                "prompt": s.text,
                "base": s.base,
                "target": s.target,
                "path": str(s.path),
                "samples": len(per_sample),
                "score": float(np.mean(per_sample)),
            }
        )
    scores = [float(r["score"]) for r in rows]
    mean = float(np.mean(scores)) if rows else float("nan")
    return {"summary": {"prompts": len(rows), "mean": mean}, "prompts": rows}

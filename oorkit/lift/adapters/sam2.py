"""Segmentation into base/target with SAM 2 in video mode over the pseudo multi-view sequence.

Needs the `sam2` package (github.com/facebookresearch/sam2), a checkpoint such as
`sam2.1_hiera_tiny.pt` and its config name (`configs/sam2.1/sam2.1_hiera_t.yaml`). Objects are prompted
with one box each on the first view (from a detector such as Grounding DINO, or given by the user).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
from PIL import Image

from oorkit.lift.adapters import require_package, require_path

WEIGHTS = "SAM 2.1 checkpoint (facebook/sam2.1-hiera-tiny: sam2.1_hiera_tiny.pt or larger)"
DEFAULT_CONFIG = "configs/sam2.1/sam2.1_hiera_t.yaml"


def segment_views(
    images: np.ndarray,
    boxes: np.ndarray,
    checkpoint: str | Path,
    config: str = DEFAULT_CONFIG,
    device: str = "cuda",
) -> np.ndarray:
    """(V, H, W) int16 masks: −1 background, i = object with box i (x0, y0, x1, y1 on view 0)."""
    ckpt = require_path(checkpoint, WEIGHTS)
    require_package("sam2", "sam2 (github.com/facebookresearch/sam2)", "the SAM 2 segmentation backend")
    import torch
    from sam2.build_sam import build_sam2_video_predictor

    predictor = build_sam2_video_predictor(config, str(ckpt), device=device)
    masks = np.full(images.shape[:3], -1, np.int16)
    with tempfile.TemporaryDirectory(prefix="oorkit_sam2_") as tmp, torch.inference_mode():
        for v, img in enumerate(images):  # SAM 2 reads a folder of JPEG frames named by index
            Image.fromarray(img).save(Path(tmp) / f"{v:05d}.jpg", quality=95)
        state = predictor.init_state(video_path=tmp)
        for i, box in enumerate(np.asarray(boxes, float)):
            predictor.add_new_points_or_box(state, frame_idx=0, obj_id=i, box=box)
        for v, obj_ids, logits in predictor.propagate_in_video(state):
            for k, obj in enumerate(obj_ids):
                masks[v][(logits[k, 0] > 0).cpu().numpy()] = int(obj)
    return masks

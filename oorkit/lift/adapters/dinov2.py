"""DINOv2 features per keypoint through `transformers` (local weights; e.g. facebook/dinov2-base).

Patch tokens of the last layer are bilinearly sampled at each keypoint. The paper uses SD+DINO
features (F = 768); any `AutoModel` whose output has patch tokens after a CLS token works here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from oorkit.lift.adapters import require_path

WEIGHTS = "DINOv2 as a transformers folder (facebook/dinov2-small, -base or -large)"


class DinoDescriptor:
    """Callable (image, mask, xy) → (K, F) like the offline descriptor, backed by a DINOv2 model."""

    def __init__(self, model_path: str | Path, image_size: int = 448, device: str = "cpu") -> None:
        import torch
        from transformers import AutoModel

        path = require_path(model_path, WEIGHTS)
        self.model: Any = AutoModel.from_pretrained(str(path), local_files_only=True).to(device).eval()
        self.patch = int(self.model.config.patch_size)
        self.size = image_size // self.patch * self.patch
        self.device = device
        self._torch = torch

    def __call__(self, image: np.ndarray, mask: np.ndarray, xy: np.ndarray) -> np.ndarray:
        """Features at keypoints `xy` (K, 2) of `image` (the mask is unused: DINO sees context)."""
        torch = self._torch
        h, w = image.shape[:2]
        x = torch.from_numpy(np.ascontiguousarray(image)).permute(2, 0, 1)[None].float().div(255)
        x = torch.nn.functional.interpolate(
            x, size=(self.size, self.size), mode="bilinear", align_corners=False
        )
        mean = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1)
        std = torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1)
        with torch.no_grad():
            out = self.model(pixel_values=((x - mean) / std).to(self.device)).last_hidden_state
        g = self.size // self.patch
        tokens = out[:, -g * g :].reshape(1, g, g, -1).permute(0, 3, 1, 2)  # skip CLS/register tokens
        grid = torch.from_numpy(np.asarray(xy, np.float32)).clone()
        grid[:, 0] = (grid[:, 0] + 0.5) / w * 2 - 1
        grid[:, 1] = (grid[:, 1] + 0.5) / h * 2 - 1
        feats = torch.nn.functional.grid_sample(
            tokens.float().cpu(), grid.view(1, 1, -1, 2), mode="bilinear", align_corners=False
        )
        return feats[0, :, 0].T.numpy().astype(np.float64)

"""SfM with VGGSfM (the paper's choice): points and tracks from the pseudo multi-view images.

Point `repo` at a checkout of github.com/facebookresearch/vggsfm (installed as its README says) and
`checkpoint` at `vggsfm_v2_0_0.bin` (Hugging Face facebook/VGGSfM). The adapter runs its documented
entry point, `python demo.py SCENE_DIR=... resume_ckpt=...`, which writes a COLMAP model to
SCENE_DIR/sparse; that model is read back with pycolmap into the same `SfMResult` as the COLMAP backend.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
from PIL import Image

from oorkit.lift.adapters import require_package, require_path
from oorkit.lift.sfm import SfMFailed, SfMResult, _from_reconstruction

WEIGHTS = "VGGSfM v2 checkpoint (facebook/VGGSfM: vggsfm_v2_0_0.bin)"


def vggsfm_command(scene: Path, checkpoint: Path) -> list[str]:
    """The VGGSfM demo command line for one scene folder (images in scene/images)."""
    return [
        sys.executable,
        "demo.py",
        f"SCENE_DIR={scene}",
        f"resume_ckpt={checkpoint}",
        "gr_visualize=False",
        "viz_visualize=False",
        "shared_camera=True",
    ]


def run_vggsfm(images: np.ndarray, repo: str | Path, checkpoint: str | Path) -> SfMResult:
    """VGGSfM on (V, H, W, 3) uint8 views."""
    root = require_path(repo, "a VGGSfM checkout (github.com/facebookresearch/vggsfm)")
    ckpt = require_path(checkpoint, WEIGHTS)
    require_package("pycolmap", "pycolmap", "reading VGGSfM's COLMAP output")
    import pycolmap

    with tempfile.TemporaryDirectory(prefix="oorkit_vggsfm_") as tmp:
        scene = Path(tmp)
        (scene / "images").mkdir()
        for v, img in enumerate(images):
            Image.fromarray(img).save(scene / "images" / f"view_{v:03d}.png")
        run = subprocess.run(vggsfm_command(scene, ckpt), cwd=root, capture_output=True, text=True)
        sparse = scene / "sparse"
        if run.returncode != 0 or not (sparse / "points3D.bin").is_file():
            tail = (run.stderr or run.stdout).strip().splitlines()[-1:] or ["no output"]
            raise SfMFailed(f"VGGSfM failed: {tail[0]}")
        result = _from_reconstruction(pycolmap.Reconstruction(str(sparse)), len(images))
    return SfMResult(
        result.points,
        result.obs_point,
        result.obs_view,
        result.obs_xy,
        result.registered_views,
        "vggsfm",
        result.centers,
    )

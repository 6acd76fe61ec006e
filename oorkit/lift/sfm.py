"""Structure from motion over the pseudo multi-view images: 3D points with their 2D keypoint tracks.

Backends: `pycolmap` (default; SIFT extraction, exhaustive matching, incremental mapping, all on the
CPU), `known_cameras` (the renderer's cameras and depth: used only when pycolmap is not importable, and
the manifest says so) and the VGGSfM adapter in `oorkit.lift.adapters`.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from oorkit.errors import OORKitError


class SfMFailed(OORKitError):
    """SfM could not reconstruct the views (a sample to filter out, not a crash)."""


@dataclass(frozen=True)
class SfMResult:
    """Points P_j and their keypoints p_j^k: observation k of point `obs_point[k]` in view `obs_view[k]`."""

    points: np.ndarray  # (N, 3) in the reconstruction's own frame (arbitrary similarity)
    obs_point: np.ndarray  # (K,) int
    obs_view: np.ndarray  # (K,) int
    obs_xy: np.ndarray  # (K, 2) float pixels, OpenCV convention (pixel centres at integers)
    registered_views: int
    backend: str
    centers: np.ndarray | None = (
        None  # (V, 3) camera centres in the reconstruction frame, NaN if unregistered
    )

    def save(self, path: Path) -> None:
        """Write as .npz (callers make it atomic)."""
        np.savez(
            path,
            points=self.points,
            obs_point=self.obs_point,
            obs_view=self.obs_view,
            obs_xy=self.obs_xy,
            registered_views=self.registered_views,
            backend=self.backend,
            centers=np.zeros((0, 3)) if self.centers is None else self.centers,
        )

    @staticmethod
    def load(path: Path) -> SfMResult:
        """Read what `save` wrote."""
        with np.load(path) as z:
            return SfMResult(
                z["points"],
                z["obs_point"],
                z["obs_view"],
                z["obs_xy"],
                int(z["registered_views"]),
                str(z["backend"]),
                z["centers"] if "centers" in z and len(z["centers"]) else None,
            )


def pycolmap_available() -> bool:
    """Whether the pycolmap backend can run here."""
    try:
        import pycolmap  # noqa: F401
    except ImportError:
        return False
    return True


def run_pycolmap(
    images: np.ndarray,
    focal: float | None = None,
    threads: int = 1,
    max_features: int = 8192,
    seed: int = 0,
    peak_threshold: float = 0.003,
) -> SfMResult:
    """COLMAP SfM on (V, H, W, 3) uint8 views; `focal` (pixels) seeds a shared SIMPLE_PINHOLE camera."""
    import pycolmap

    work = Path(tempfile.mkdtemp(prefix="oorkit_sfm_"))
    try:
        image_dir = work / "images"
        image_dir.mkdir()
        for v, img in enumerate(images):
            Image.fromarray(img).save(image_dir / f"view_{v:03d}.png")
        db = work / "database.db"
        reader = pycolmap.ImageReaderOptions()
        reader.camera_model = "SIMPLE_PINHOLE"
        if focal is not None:
            h, w = images.shape[1:3]
            reader.camera_params = f"{focal},{(w - 1) / 2},{(h - 1) / 2}"
        extraction = pycolmap.FeatureExtractionOptions()
        extraction.num_threads = threads
        extraction.use_gpu = False
        extraction.sift.max_num_features = max_features
        # Rendered and generated views are clean; a lower contrast threshold keeps more keypoints on
        # small objects (the paper needs >= 100 points per object).
        extraction.sift.peak_threshold = peak_threshold
        pycolmap.extract_features(
            db,
            image_dir,
            camera_mode=pycolmap.CameraMode.SINGLE,
            reader_options=reader,
            extraction_options=extraction,
            device=pycolmap.Device.cpu,
        )
        matching = pycolmap.FeatureMatchingOptions()
        matching.num_threads = threads
        matching.use_gpu = False
        pycolmap.match_exhaustive(db, matching_options=matching, device=pycolmap.Device.cpu)
        options = pycolmap.IncrementalPipelineOptions()
        options.num_threads = threads
        options.random_seed = seed
        options.multiple_models = False
        maps = pycolmap.incremental_mapping(db, image_dir, work / "sparse", options)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if not maps:
        raise SfMFailed("pycolmap registered no image pair")
    rec = max(maps.values(), key=lambda r: r.num_points3D())
    return _from_reconstruction(rec, len(images))


def _from_reconstruction(rec: object, n_views: int) -> SfMResult:
    points, obs_point, obs_view, obs_xy = [], [], [], []
    images = rec.images  # type: ignore[attr-defined]
    for j, (_, p) in enumerate(sorted(rec.points3D.items())):  # type: ignore[attr-defined]
        points.append(np.asarray(p.xyz, float))
        for el in p.track.elements:
            image = images[el.image_id]
            obs_point.append(j)
            obs_view.append(int(Path(image.name).stem.split("_")[-1]))
            # COLMAP's pixel origin is the top-left corner; ours is the first pixel's centre.
            obs_xy.append(np.asarray(image.points2D[el.point2D_idx].xy, float) - 0.5)
    if not points:
        raise SfMFailed("pycolmap reconstructed no 3D points")
    centers = np.full((n_views, 3), np.nan)
    for image in images.values():
        if image.has_pose:
            centers[int(Path(image.name).stem.split("_")[-1])] = np.asarray(image.projection_center())
    return SfMResult(
        np.asarray(points),
        np.asarray(obs_point),
        np.asarray(obs_view),
        np.asarray(obs_xy).reshape(-1, 2),
        int(np.isfinite(centers[:, 0]).sum()),
        "pycolmap",
        centers,
    )


def run_known_cameras(
    depth: np.ndarray, cameras: np.ndarray, intrinsics: np.ndarray, step: int = 4, voxel: float = 0.004
) -> SfMResult:
    """Fallback without pycolmap: grid keypoints lifted by the renderer's depth and known cameras.

    Keypoints on a `step`-pixel grid are unprojected; points within `voxel` × scene size are merged
    across views into one track, so every 3D point still has several 2D observations.
    """
    v_idx, ys, xs = np.nonzero(depth[:, ::step, ::step] > 0)
    ys, xs = ys * step, xs * step
    z = depth[v_idx, ys, xs].astype(float)
    k = intrinsics
    cam = np.stack([(xs - k[0, 2]) / k[0, 0] * z, -(ys - k[1, 2]) / k[1, 1] * z, -z], axis=1)  # OpenGL
    world = np.einsum("nij,nj->ni", cameras[v_idx, :3, :3], cam) + cameras[v_idx, :3, 3]
    if len(world) == 0:
        raise SfMFailed("no depth to lift")
    size = float(np.linalg.norm(world.max(0) - world.min(0)))
    keys = np.floor(world / (voxel * size)).astype(np.int64)
    _, point_of, counts = np.unique(keys, axis=0, return_inverse=True, return_counts=True)
    point_of = point_of.reshape(-1)
    sums = np.zeros((len(counts), 3))
    np.add.at(sums, point_of, world)
    return SfMResult(
        sums / counts[:, None],
        point_of,
        v_idx,
        np.stack([xs, ys], 1).astype(float),
        len(np.unique(v_idx)),
        "known_cameras",
        cameras[:, :3, 3].copy(),
    )

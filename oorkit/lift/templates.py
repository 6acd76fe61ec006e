"""Template meshes seen the way the scene is: surface points with features from rendered views."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import trimesh

from oorkit.lift.features import Descriptor
from oorkit.lift.offline import render_circle, textured_template
from oorkit.lift.store import atomic_savez

#: (image, object mask) → one global feature vector of the object in that view.
GlobalFeature = Callable[[np.ndarray, np.ndarray], np.ndarray]


@dataclass(frozen=True)
class TemplateObservations:
    """Surface points of a template (canonical space) and per-view descriptors of the visible ones."""

    template_id: str
    points: np.ndarray  # (N, 3) canonical space (longest bbox edge 1)
    normals: np.ndarray  # (N, 3)
    obs_point: np.ndarray  # (K,) index into points
    obs_view: np.ndarray  # (K,)
    descriptors: np.ndarray  # (K, D)
    extents: np.ndarray  # (3,) BBOX(M)
    dense: np.ndarray  # (M, 3) dense surface samples: the ICP target
    dense_normals: np.ndarray  # (M, 3)
    view_globals: np.ndarray  # (V, G) one global feature per rendered view (best-template selection)


def _pixels(points: np.ndarray, camera: np.ndarray, k: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Project world points into an OpenGL camera: (N, 2) xy pixels, (N,) depth along the view axis."""
    world_to_cam = np.linalg.inv(camera)
    c = points @ world_to_cam[:3, :3].T + world_to_cam[:3, 3]
    z = -c[:, 2]
    x = k[0, 0] * c[:, 0] / np.maximum(z, 1e-9) + k[0, 2]
    y = -k[1, 1] * c[:, 1] / np.maximum(z, 1e-9) + k[1, 2]
    return np.stack([x, y], axis=1), z


def observe_template(
    template_id: str,
    descriptor: Descriptor,
    global_feature: GlobalFeature,
    n_views: int = 16,
    resolution: int = 384,
    n_points: int = 3000,
    n_dense: int = 30_000,
    elevations: tuple[float, ...] = (10.0, 40.0),
    seed: int = 0,
) -> TemplateObservations:
    """Render the textured template from rings of views, describe every visible surface sample."""
    mesh = textured_template(template_id)
    points, faces = trimesh.sample.sample_surface(mesh, n_points, seed=seed)
    points = np.asarray(points)
    normals = np.asarray(mesh.face_normals[faces])
    obs_point, obs_view, desc, globals_ = [], [], [], []
    view = 0
    for elevation in elevations:
        per_ring = max(1, n_views // len(elevations))
        result = render_circle(
            [mesh],
            [np.eye(4)],
            per_ring,
            resolution,
            elevation,
            start_azimuth_deg=180.0 / per_ring * (elevation > elevations[0]),
        )
        tol = 0.01 * float(mesh.extents.max()) * 2
        for v in range(per_ring):
            xy, z = _pixels(points, result.cameras[v], result.intrinsics)
            px = np.rint(xy).astype(np.int64)
            h, w = result.depth.shape[1:]
            inside = (px[:, 0] >= 0) & (px[:, 0] < w) & (px[:, 1] >= 0) & (px[:, 1] < h)
            idx = np.flatnonzero(inside)
            d = result.depth[v][px[idx, 1], px[idx, 0]]
            visible = idx[(d > 0) & (np.abs(d - z[idx]) < tol)]
            mask = result.instance[v] == 0
            obs_point.append(visible)
            obs_view.append(np.full(len(visible), view))
            desc.append(descriptor(result.rgb[v], mask, xy[visible]))
            globals_.append(global_feature(result.rgb[v], mask))
            view += 1
    dense, dense_faces = trimesh.sample.sample_surface(mesh, n_dense, seed=seed + 1)
    return TemplateObservations(
        template_id,
        points,
        normals,
        np.concatenate(obs_point),
        np.concatenate(obs_view),
        np.concatenate(desc),
        np.asarray(mesh.extents, float),
        np.asarray(dense),
        np.asarray(mesh.face_normals[dense_faces]),
        np.stack(globals_),
    )


def cached_template(
    cache_dir: Path,
    template_id: str,
    descriptor_name: str,
    descriptor: Descriptor,
    global_feature: GlobalFeature,
    **kwargs: object,
) -> TemplateObservations:
    """`observe_template` with a per-(template, descriptor, settings) file cache shared by all samples."""
    key = "_".join(
        [template_id.replace("/", "__"), descriptor_name, *(f"{k}{v}" for k, v in sorted(kwargs.items()))]
    ).replace(" ", "")
    path = cache_dir / f"{key}.npz"
    if path.is_file():
        with np.load(path) as z:
            return TemplateObservations(
                template_id,
                z["points"],
                z["normals"],
                z["obs_point"],
                z["obs_view"],
                z["descriptors"],
                z["extents"],
                z["dense"],
                z["dense_normals"],
                z["view_globals"],
            )
    obs = observe_template(template_id, descriptor, global_feature, **kwargs)  # type: ignore[arg-type]
    atomic_savez(
        path,
        points=obs.points,
        normals=obs.normals,
        obs_point=obs.obs_point,
        obs_view=obs.obs_view,
        descriptors=obs.descriptors,
        extents=obs.extents,
        dense=obs.dense,
        dense_normals=obs.dense_normals,
        view_globals=obs.view_globals,
    )
    return obs

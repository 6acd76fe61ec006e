"""From an SfM reconstruction and masks to registered templates and φ (the per-sample computations).

Pure functions over arrays; `oorkit.lift.stages` wires them to files.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from oorkit import oor
from oorkit.lift.features import Descriptor, Pca, average_per_point, fit_pca
from oorkit.lift.registration import Metric, Registration, Similarity, register_template, rotation_error_deg
from oorkit.lift.sfm import SfMResult
from oorkit.lift.templates import TemplateObservations


def segment_points(
    sfm: SfMResult, masks: np.ndarray, n_objects: int = 2, agreement: float = 0.7
) -> np.ndarray:
    """(N,) object index per 3D point by majority vote of its keypoints' mask labels (−1: unsure/background).

    `masks` (V, H, W) int: −1 background, i = object i. A point whose keypoints disagree (less than
    `agreement` of its votes for one object) sits on a boundary or is a bad match: dropped.
    """
    v, x, y = sfm.obs_view, np.rint(sfm.obs_xy[:, 0]).astype(int), np.rint(sfm.obs_xy[:, 1]).astype(int)
    h, w = masks.shape[1:]
    x, y = np.clip(x, 0, w - 1), np.clip(y, 0, h - 1)
    label = masks[v, y, x].astype(np.int64)
    n = len(sfm.points)
    votes = np.zeros((n, n_objects + 1))
    np.add.at(votes, (sfm.obs_point, np.where(label < 0, n_objects, label)), 1.0)
    best = votes[:, :n_objects].argmax(axis=1)
    share = votes[np.arange(n), best] / np.maximum(votes.sum(axis=1), 1)
    return np.where(share >= agreement, best, -1)


def scene_descriptors(
    images: np.ndarray,
    masks: np.ndarray,
    sfm: SfMResult,
    labels: np.ndarray,
    obj: int,
    descriptor: Descriptor,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Descriptors of object `obj`'s keypoints inside its mask: (point index, view index, descriptors)."""
    keep = labels[sfm.obs_point] == obj
    rows, views, desc = [], [], []
    for v in np.unique(sfm.obs_view[keep]):
        sel = np.flatnonzero(keep & (sfm.obs_view == v))
        mask = masks[v] == obj
        xy = sfm.obs_xy[sel]
        px = np.clip(np.rint(xy).astype(int), 0, [mask.shape[1] - 1, mask.shape[0] - 1])
        sel = sel[mask[px[:, 1], px[:, 0]]]
        rows.append(sfm.obs_point[sel])
        views.append(np.full(len(sel), v))
        desc.append(descriptor(images[v], mask, sfm.obs_xy[sel]))
    if not rows:
        return np.zeros(0, int), np.zeros(0, int), np.zeros((0, 1))
    return np.concatenate(rows), np.concatenate(views), np.concatenate(desc)


@dataclass(frozen=True)
class ObjectFeatures:
    """One object's 3D points with PCA-reduced, per-point averaged features, and its template's."""

    points: np.ndarray  # (n, 3) scene points of this object
    features: np.ndarray  # (n, F')
    template_features: np.ndarray  # (N, F') per template surface point (0 for never-seen points)
    template_seen: np.ndarray  # (N,) bool


def reduce_features(
    scene: list[tuple[np.ndarray, np.ndarray]],
    templates: list[TemplateObservations],
    n_scene_points: int,
    dim: int = 15,
) -> tuple[Pca, list[np.ndarray], list[np.ndarray]]:
    """PCA of all scene and template keypoint features, then the per-3D-point averages (paper Sec. 3.2).

    `scene`: per object, (point index, descriptors) of its keypoints. Returns the PCA, per object the
    (n_scene_points, F') averaged scene features, and per template the (N, F') averaged ones.
    """
    stacked = np.concatenate([d for _, d in scene] + [t.descriptors for t in templates])
    pca = fit_pca(stacked, dim)
    scene_avg = [average_per_point(pca.project(d), p, n_scene_points) for p, d in scene]
    template_avg = [
        average_per_point(pca.project(t.descriptors), t.obs_point, len(t.points)) for t in templates
    ]
    return pca, scene_avg, template_avg


def register_object(
    points: np.ndarray,
    features: np.ndarray,
    template: TemplateObservations,
    template_features: np.ndarray,
    rng: np.random.Generator,
    similarity_threshold: float = 0.7,
    metric: Metric = "point_to_point",
) -> Registration:
    """Register one template (only its surface points seen in some view carry features) to scene points."""
    seen = np.zeros(len(template.points), bool)
    seen[template.obs_point] = True
    return register_template(
        template.points[seen],
        template_features[seen],
        points,
        features,
        rng,
        similarity_threshold=similarity_threshold,
        metric=metric,
        icp_points=template.dense,
        icp_normals=template.dense_normals,
    )


def relative_phi(
    base: Similarity, target: Similarity, base_extents: np.ndarray, target_extents: np.ndarray
) -> np.ndarray:
    """φ (15,) from the two template→scene similarities (Eqs. 5–6)."""
    return np.asarray(
        oor.from_similarity_poses(
            base.matrix(), target.matrix(), np.asarray(base_extents, float), np.asarray(target_extents, float)
        ),
        dtype=np.float64,
    )


def phi_errors(estimate: np.ndarray, truth: np.ndarray) -> dict[str, float]:
    """Rotation error (deg), translation error (fraction of the base's size), relative target-scale error."""
    e, t = oor.unpack(np.asarray(estimate, float)), oor.unpack(np.asarray(truth, float))
    return {
        "rotation_deg": rotation_error_deg(e.rotation, t.rotation),
        # Base units: the base's longest edge is 1, so this is already a fraction of the base's size.
        "translation": float(np.linalg.norm(e.translation - t.translation)),
        "scale": float(np.abs(np.asarray(e.target_scale) / np.asarray(t.target_scale) - 1.0).max()),
    }

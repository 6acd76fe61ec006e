"""Similarity registration of a template mesh to a point cloud (paper Sec. 3.2, Eq. 4).

T(M; s, R, t) = s·R·M + t ≈ P. The pipeline is the paper's: cosine nearest-neighbour feature
correspondences above a threshold → Umeyama similarity Procrustes inside RANSAC → ICP refinement.
Everything is plain NumPy/SciPy over (N, 3) float arrays; randomness only through a passed Generator.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from scipy.spatial import cKDTree

Metric = Literal["point_to_point", "point_to_plane"]


@dataclass(frozen=True)
class Similarity:
    """x ↦ scale · rotation · x + translation."""

    scale: float
    rotation: np.ndarray  # (3, 3), det +1
    translation: np.ndarray  # (3,)

    @staticmethod
    def identity() -> Similarity:
        """The identity transform."""
        return Similarity(1.0, np.eye(3), np.zeros(3))

    @staticmethod
    def from_matrix(matrix: np.ndarray) -> Similarity:
        """Split a 4x4 similarity matrix (s·R | t) into its parts."""
        m = np.asarray(matrix, dtype=np.float64)
        s = float(np.cbrt(np.linalg.det(m[:3, :3])))
        if not s > 0:
            raise ValueError("not a similarity transform: the 3x3 block must have a positive determinant")
        return Similarity(s, m[:3, :3] / s, m[:3, 3].copy())

    def matrix(self) -> np.ndarray:
        """4x4 homogeneous matrix."""
        m = np.eye(4)
        m[:3, :3] = self.scale * self.rotation
        m[:3, 3] = self.translation
        return m

    def apply(self, points: np.ndarray) -> np.ndarray:
        """Transform (N, 3) points."""
        return self.scale * (np.asarray(points) @ self.rotation.T) + self.translation

    def inverse(self) -> Similarity:
        """The inverse similarity."""
        r_inv = self.rotation.T
        return Similarity(1.0 / self.scale, r_inv, -(r_inv @ self.translation) / self.scale)

    def compose(self, other: Similarity) -> Similarity:
        """self ∘ other (apply `other` first)."""
        return Similarity(
            self.scale * other.scale,
            self.rotation @ other.rotation,
            self.scale * (self.rotation @ other.translation) + self.translation,
        )


# ------------------------------------------------------------------------------------------------------
# Umeyama
# ------------------------------------------------------------------------------------------------------


def umeyama(
    src: np.ndarray, dst: np.ndarray, weights: np.ndarray | None = None, with_scale: bool = True
) -> Similarity:
    """Least-squares similarity (Umeyama 1991) with dst ≈ s·R·src + t for paired (N, 3) points."""
    s, r, t = _umeyama_batch(
        np.asarray(src, float)[None],
        np.asarray(dst, float)[None],
        None if weights is None else np.asarray(weights, float)[None],
        with_scale,
    )
    return Similarity(float(s[0]), r[0], t[0])


def _umeyama_batch(
    src: np.ndarray, dst: np.ndarray, weights: np.ndarray | None, with_scale: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Batched Umeyama over (B, N, 3) pairs → scale (B,), rotation (B, 3, 3), translation (B, 3)."""
    w = np.ones(src.shape[:2]) if weights is None else weights
    w = w / np.maximum(w.sum(axis=1, keepdims=True), 1e-300)
    mu_s = np.einsum("bn,bnk->bk", w, src)
    mu_d = np.einsum("bn,bnk->bk", w, dst)
    xs, xd = src - mu_s[:, None], dst - mu_d[:, None]
    cov = np.einsum("bn,bni,bnj->bij", w, xd, xs)  # Σ_dst,src
    u, d, vt = np.linalg.svd(cov)
    sign = np.ones_like(d)
    sign[:, 2] = np.where(np.linalg.det(u) * np.linalg.det(vt) < 0, -1.0, 1.0)
    rotation = u @ (sign[:, :, None] * vt)
    var_s = np.einsum("bn,bnk->b", w, xs**2)
    scale = (d * sign).sum(axis=1) / np.maximum(var_s, 1e-300) if with_scale else np.ones(len(src))
    translation = mu_d - scale[:, None] * np.einsum("bij,bj->bi", rotation, mu_s)
    return scale, rotation, translation


# ------------------------------------------------------------------------------------------------------
# Correspondences and RANSAC
# ------------------------------------------------------------------------------------------------------


def cosine_correspondences(
    src_features: np.ndarray, dst_features: np.ndarray, threshold: float = 0.7, mutual: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """Cosine nearest neighbours: (K, 2) index pairs (src, dst) above `threshold` and their similarities."""
    a = _normalize_rows(np.asarray(src_features, np.float64))
    b = _normalize_rows(np.asarray(dst_features, np.float64))
    if len(a) == 0 or len(b) == 0:
        return np.zeros((0, 2), np.int64), np.zeros(0)
    sim = a @ b.T
    best = sim.argmax(axis=1)
    score = sim[np.arange(len(a)), best]
    keep = score > threshold
    if mutual:
        keep &= sim.argmax(axis=0)[best] == np.arange(len(a))
    idx = np.flatnonzero(keep)
    return np.stack([idx, best[idx]], axis=1), score[idx]


def _normalize_rows(x: np.ndarray) -> np.ndarray:
    return x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)


@dataclass(frozen=True)
class RansacResult:
    """Best similarity, its inlier mask over the correspondences and the number of hypotheses tried."""

    transform: Similarity
    inliers: np.ndarray  # (K,) bool
    iterations: int

    @property
    def inlier_ratio(self) -> float:
        """Fraction of correspondences that are inliers."""
        return float(self.inliers.mean()) if len(self.inliers) else 0.0


def ransac_similarity(
    src: np.ndarray,
    dst: np.ndarray,
    threshold: float,
    rng: np.random.Generator,
    max_iterations: int = 20_000,
    confidence: float = 0.999,
    with_scale: bool = True,
    batch: int = 256,
) -> RansacResult:
    """RANSAC over paired points (K, 3) with 3-point Umeyama hypotheses, MSAC scoring and local refits.

    `threshold` is the inlier distance in dst units. Hypotheses whose three pairwise edge-length ratios
    disagree (a similarity scales every edge alike) are discarded before scoring, which is what makes
    50%+ outlier rates cheap.
    """
    src, dst = np.asarray(src, np.float64), np.asarray(dst, np.float64)
    k = len(src)
    if k < 3:
        raise ValueError(f"RANSAC needs at least 3 correspondences, got {k}")
    best_cost, best = np.inf, Similarity.identity()
    needed, tried = max_iterations, 0
    tau2 = threshold**2
    while tried < min(needed, max_iterations):
        idx = rng.integers(0, k, size=(batch, 3))
        tried += batch
        idx = idx[(idx[:, 0] != idx[:, 1]) & (idx[:, 1] != idx[:, 2]) & (idx[:, 0] != idx[:, 2])]
        s3, d3 = src[idx], dst[idx]
        ok = _edge_ratios_agree(s3, d3)
        if not ok.any():
            continue
        scale, rot, trans = _umeyama_batch(s3[ok], d3[ok], None, with_scale)
        good = (scale > 0) & np.isfinite(scale)
        scale, rot, trans = scale[good], rot[good], trans[good]
        if len(scale) == 0:
            continue
        pred = scale[:, None, None] * np.einsum("bij,kj->bki", rot, src) + trans[:, None]
        r2 = ((pred - dst[None]) ** 2).sum(-1)
        cost = np.minimum(r2, tau2).sum(axis=1)
        j = int(cost.argmin())
        if cost[j] < best_cost:
            best_cost = float(cost[j])
            best = Similarity(float(scale[j]), rot[j], trans[j])
            ratio = float((r2[j] < tau2).mean())
            needed = _ransac_iterations(ratio, confidence)
    best, inliers = _local_refit(src, dst, best, tau2, with_scale)
    return RansacResult(best, inliers, tried)


def _edge_ratios_agree(s3: np.ndarray, d3: np.ndarray, tolerance: float = 0.25) -> np.ndarray:
    """(B,) mask: triangles whose dst/src edge ratios agree within `tolerance` and are not degenerate."""
    pairs = ((0, 1), (1, 2), (0, 2))
    ls = np.stack([np.linalg.norm(s3[:, a] - s3[:, b], axis=-1) for a, b in pairs], axis=1)
    ld = np.stack([np.linalg.norm(d3[:, a] - d3[:, b], axis=-1) for a, b in pairs], axis=1)
    ratio = ld / np.maximum(ls, 1e-12)
    spread = ratio.max(axis=1) / np.maximum(ratio.min(axis=1), 1e-12)
    # Near-collinear triples give unstable rotations about their line.
    area = np.linalg.norm(np.cross(s3[:, 1] - s3[:, 0], s3[:, 2] - s3[:, 0]), axis=-1)
    fat = area > 0.05 * ls.max(axis=1) ** 2
    return (spread < 1.0 + tolerance) & fat & (ls.min(axis=1) > 0)


def _ransac_iterations(inlier_ratio: float, confidence: float) -> int:
    p = max(inlier_ratio, 1e-6) ** 3
    if p >= 1.0:
        return 1
    return int(np.ceil(np.log(1.0 - confidence) / np.log(1.0 - p)))


def _local_refit(
    src: np.ndarray, dst: np.ndarray, t: Similarity, tau2: float, with_scale: bool, rounds: int = 5
) -> tuple[Similarity, np.ndarray]:
    """Refit on the inliers until the inlier set stops changing (LO-RANSAC's inner step)."""
    inliers = ((t.apply(src) - dst) ** 2).sum(-1) < tau2
    for _ in range(rounds):
        if inliers.sum() < 3:
            break
        refit = umeyama(src[inliers], dst[inliers], with_scale=with_scale)
        new = ((refit.apply(src) - dst) ** 2).sum(-1) < tau2
        if new.sum() < inliers.sum():
            break
        t = refit
        if np.array_equal(new, inliers):
            break
        inliers = new
    return t, inliers


# ------------------------------------------------------------------------------------------------------
# ICP
# ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IcpResult:
    """Refined source→target similarity, RMSE of kept pairs, fraction of source points kept."""

    transform: Similarity
    rmse: float
    fitness: float
    iterations: int


def estimate_normals(points: np.ndarray, k: int = 16) -> np.ndarray:
    """(N, 3) unit normals from the smallest principal axis of each point's k nearest neighbours."""
    pts = np.asarray(points, np.float64)
    k = min(k, len(pts))
    _, nn = cKDTree(pts).query(pts, k=k)
    nbr = pts[nn] - pts[nn].mean(axis=1, keepdims=True)
    _, vecs = np.linalg.eigh(np.einsum("nki,nkj->nij", nbr, nbr))
    return vecs[:, :, 0]


def icp(
    source: np.ndarray,
    target: np.ndarray,
    init: Similarity | None = None,
    *,
    with_scale: bool = True,
    metric: Metric = "point_to_point",
    target_normals: np.ndarray | None = None,
    max_distance: float | None = None,
    trim: float = 3.0,
    iterations: int = 50,
    tolerance: float = 1e-7,
) -> IcpResult:
    """Iterative closest point from `source` (N, 3) onto `target` (M, 3): target ≈ T(source).

    Pairs farther than `max_distance` (target units) or `trim` × their median distance are dropped, so a
    partial or outlier-ridden source does not drag the fit. `with_scale=False` keeps the scale of `init`
    (rigid + fixed scale); point-to-plane needs `target_normals` (or estimates them).
    """
    src = np.asarray(source, np.float64)
    tgt = np.asarray(target, np.float64)
    t = init or Similarity.identity()
    tree = cKDTree(tgt)
    normals = None
    if metric == "point_to_plane":
        normals = estimate_normals(tgt) if target_normals is None else np.asarray(target_normals, float)
    prev, rmse, fitness, it = np.inf, np.inf, 0.0, 0
    for step in range(1, iterations + 1):
        it = step
        moved = t.apply(src)
        dist, nn = tree.query(moved)
        keep = dist <= trim * max(float(np.median(dist)), 1e-12)
        if max_distance is not None:
            keep &= dist <= max_distance
        if keep.sum() < 6:
            break
        rmse = float(np.sqrt(np.mean(dist[keep] ** 2)))
        fitness = float(keep.mean())
        if normals is None and with_scale:
            t = umeyama(src[keep], tgt[nn[keep]])
        elif normals is None:
            rigid = umeyama(t.scale * src[keep], tgt[nn[keep]], with_scale=False)
            t = Similarity(t.scale, rigid.rotation, rigid.translation)
        else:
            t = _point_to_plane_step(moved[keep], tgt[nn[keep]], normals[nn[keep]], with_scale).compose(t)
        if abs(prev - rmse) <= tolerance * max(rmse, 1e-12):
            break
        prev = rmse
    return IcpResult(t, rmse, fitness, it)


def _point_to_plane_step(p: np.ndarray, q: np.ndarray, n: np.ndarray, with_scale: bool) -> Similarity:
    """One linearised point-to-plane update (rotation ω, scale σ about the centroid, shift δ)."""
    c = p.mean(axis=0)
    d = p - c
    cols = [np.cross(d, n)]
    if with_scale:
        cols.append(np.einsum("ij,ij->i", d, n)[:, None])
    cols.append(n)
    a = np.concatenate(cols, axis=1)
    b = np.einsum("ij,ij->i", q - p, n)
    # A little damping keeps the step sane when the target is locally planar (scale unobservable).
    lam = 1e-6 * np.trace(a.T @ a) / a.shape[1]
    x = np.linalg.solve(a.T @ a + lam * np.eye(a.shape[1]), a.T @ b)
    omega = x[:3]
    sigma = float(x[3]) if with_scale else 0.0
    shift = x[-3:]
    rot = _rodrigues(omega)
    s = max(1.0 + sigma, 1e-3)
    # x ↦ s·R·(x − c) + c + δ
    return Similarity(s, rot, c + shift - s * (rot @ c))


def _rodrigues(omega: np.ndarray) -> np.ndarray:
    theta = float(np.linalg.norm(omega))
    if theta < 1e-12:
        return np.eye(3)
    k = omega / theta
    kx = np.array([[0, -k[2], k[1]], [k[2], 0, -k[0]], [-k[1], k[0], 0]])
    return np.eye(3) + np.sin(theta) * kx + (1 - np.cos(theta)) * kx @ kx


# ------------------------------------------------------------------------------------------------------
# Full registration and template selection
# ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Registration:
    """Template→scene similarity (Eq. 4) and how well it is supported."""

    transform: Similarity
    correspondences: int
    inliers: int
    rmse: float  # ICP RMSE, scene units
    fitness: float  # fraction of scene points within the ICP trim
    stats: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """Whether RANSAC found a model at all."""
        return self.inliers >= 3


def register_template(
    template_points: np.ndarray,
    template_features: np.ndarray,
    scene_points: np.ndarray,
    scene_features: np.ndarray,
    rng: np.random.Generator,
    *,
    similarity_threshold: float = 0.7,
    inlier_fraction: float = 0.05,
    metric: Metric = "point_to_point",
    icp_points: np.ndarray | None = None,
    icp_normals: np.ndarray | None = None,
    icp_iterations: int = 60,
) -> Registration:
    """Register a template (points + features, canonical space) to scene points (+ features).

    The RANSAC inlier threshold is `inlier_fraction` × the scene object's RMS radius, so it is independent
    of the (arbitrary) SfM scale. ICP runs scene → template (every scene point lies on the template, not
    vice versa) and is inverted at the end; its target is `icp_points` (+ `icp_normals`), a dense sampling
    of the template surface when given: nearest neighbours among sparse samples bias the fit.
    """
    tp, sp = np.asarray(template_points, float), np.asarray(scene_points, float)
    pairs, _ = cosine_correspondences(scene_features, template_features, similarity_threshold)
    radius = float(np.sqrt(((sp - sp.mean(0)) ** 2).sum(1).mean())) if len(sp) else 0.0
    if len(pairs) < 3 or radius <= 0:
        return Registration(Similarity.identity(), len(pairs), 0, np.inf, 0.0)
    ransac = ransac_similarity(tp[pairs[:, 1]], sp[pairs[:, 0]], inlier_fraction * radius, rng)
    init = ransac.transform.inverse()  # scene → template
    refined = icp(
        sp,
        tp if icp_points is None else np.asarray(icp_points, float),
        init,
        with_scale=True,
        metric=metric,
        target_normals=icp_normals,
        iterations=icp_iterations,
    )
    t = refined.transform.inverse()
    return Registration(
        t,
        len(pairs),
        int(ransac.inliers.sum()),
        refined.rmse * t.scale,
        refined.fitness,
        {"ransac_iterations": float(ransac.iterations), "inlier_ratio": ransac.inlier_ratio},
    )


def select_template(scene_views: np.ndarray, candidates: list[np.ndarray]) -> tuple[int, np.ndarray]:
    """Best template by mean cosine similarity over all (scene view, template view) pairs (paper App. A).

    `scene_views` (M, F): one global feature per pseudo-multi-view image of the object; `candidates`: per
    template, (N, F) global features of its rendered views. Returns the best index and every score.
    """
    a = _normalize_rows(np.asarray(scene_views, float))
    scores = np.array([float((a @ _normalize_rows(np.asarray(c, float)).T).mean()) for c in candidates])
    return int(scores.argmax()), scores


def rotation_error_deg(r1: np.ndarray, r2: np.ndarray) -> float:
    """Geodesic angle between two rotations in degrees."""
    # ‖R1 − R2‖_F = 2√2·sin(θ/2) stays accurate for tiny angles, unlike arccos of the trace.
    chord = float(np.linalg.norm(np.asarray(r1, float) - np.asarray(r2, float)))
    return float(np.degrees(2.0 * np.arcsin(min(chord / (2.0 * np.sqrt(2.0)), 1.0))))

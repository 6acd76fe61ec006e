"""Registration core vs Open3D's RANSAC + ICP on the same inputs: accuracy and speed, side by side.

    python benchmarks/registration.py [--trials 24] [--outliers 0.5] [--noise 0.005] [--json OUT]

Each trial takes a template mesh, samples 2000 points on it (the template with 15-D features) and a
partial, re-sampled, noisy copy of its surface placed by a random similarity (the scene). Every scene
point gets the feature of its true template point plus noise, except an `--outliers` fraction that gets
a random template point's feature: the cosine nearest-neighbour correspondences (> 0.7) handed to both
methods are the same, with about that fraction of outliers. Both run RANSAC on the correspondences
with a 3-point similarity model, then scaled point-to-point ICP scene → template (a partial scene lies on
the template, not the other way round). Errors: rotation (degrees), translation (fraction of the
object's size in the scene), scale (relative). Open3D is only needed here; without it the script
reports OORKit alone and says so.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path
from typing import Any

import numpy as np
import trimesh
from scipy.spatial import cKDTree
from scipy.spatial.transform import Rotation

from oorkit.assets import load_template_mesh
from oorkit.lift.registration import (
    Similarity,
    cosine_correspondences,
    icp,
    ransac_similarity,
    rotation_error_deg,
)

MESHES = (
    "teapot/procedural",
    "mug/procedural",
    "chair/procedural",
    "table/procedural",
    "laptop/procedural",
    "teacup/procedural",
)


def make_trial(seed: int, outliers: float, noise: float) -> dict[str, Any]:
    """One synthetic registration problem with its ground truth."""
    rng = np.random.default_rng(seed)
    mesh = load_template_mesh(MESHES[seed % len(MESHES)])
    tp = np.asarray(trimesh.sample.sample_surface(mesh, 2000, seed=seed)[0])
    dense = np.asarray(trimesh.sample.sample_surface(mesh, 20_000, seed=seed + 2000)[0])
    scene, _ = trimesh.sample.sample_surface(mesh, 3000, seed=seed + 1000)
    scene = np.asarray(scene)
    view = Rotation.random(random_state=seed + 1).as_matrix()[:, 2]
    scene = scene[(scene - scene.mean(0)) @ view > -0.15]  # partial: roughly what one side of views sees
    gt = Similarity(
        float(rng.uniform(0.2, 5.0)), Rotation.random(random_state=seed).as_matrix(), rng.normal(0, 3, 3)
    )
    feats = rng.normal(size=(len(tp), 15))
    _, truth = cKDTree(tp).query(scene)
    scene_f = feats[truth] + rng.normal(0, 0.25, (len(scene), 15))
    bad = rng.random(len(scene)) < outliers
    scene_f[bad] = feats[rng.integers(0, len(tp), bad.sum())]
    scene_w = gt.apply(scene) + rng.normal(0, noise * gt.scale, scene.shape)
    pairs, _ = cosine_correspondences(scene_f, feats, 0.7)
    return {
        "template": tp,
        "dense": dense,
        "scene": scene_w,
        "pairs": pairs,
        "gt": gt,
        "outlier_rate": float(np.mean(truth[pairs[:, 0]] != pairs[:, 1])),
    }


def errors(est: Similarity, gt: Similarity) -> dict[str, float]:
    """Rotation (deg), translation (fraction of object size = gt.scale × longest edge 1), scale error."""
    return {
        "rot_deg": rotation_error_deg(est.rotation, gt.rotation),
        "trans": float(np.linalg.norm(est.translation - gt.translation) / gt.scale),
        "scale": abs(est.scale / gt.scale - 1.0),
    }


def run_oorkit(trial: dict[str, Any], seed: int, threshold: float) -> tuple[Similarity, Similarity]:
    """(RANSAC-only, RANSAC + ICP) template → scene."""
    tp, sp, pairs = trial["template"], trial["scene"], trial["pairs"]
    rng = np.random.default_rng(seed)
    ransac = ransac_similarity(tp[pairs[:, 1]], sp[pairs[:, 0]], threshold, rng)
    refined = icp(sp, trial["dense"], ransac.transform.inverse())
    return ransac.transform, refined.transform.inverse()


def run_open3d(trial: dict[str, Any], seed: int, threshold: float) -> tuple[Similarity, Similarity]:
    """Open3D 0.18+: registration_ransac_based_on_correspondence + registration_icp, both with scaling."""
    import open3d as o3d

    reg = o3d.pipelines.registration
    o3d.utility.random.seed(seed)
    tp, sp, pairs = trial["template"], trial["scene"], trial["pairs"]
    src = o3d.geometry.PointCloud(o3d.utility.Vector3dVector(tp))
    dense = o3d.geometry.PointCloud(o3d.utility.Vector3dVector(trial["dense"]))
    dst = o3d.geometry.PointCloud(o3d.utility.Vector3dVector(sp))
    corres = o3d.utility.Vector2iVector(np.ascontiguousarray(pairs[:, ::-1]).astype(np.int32))
    ransac = reg.registration_ransac_based_on_correspondence(
        src,
        dst,
        corres,
        threshold,
        reg.TransformationEstimationPointToPoint(True),
        3,
        # The distance checker is Open3D's own guard against degenerate hypotheses; its edge-length checker
        # assumes scale 1 and would reject every true similarity, so it is left out.
        [reg.CorrespondenceCheckerBasedOnDistance(threshold)],
        reg.RANSACConvergenceCriteria(100_000, 0.999),
    )
    coarse = Similarity.from_matrix(ransac.transformation)
    # Same direction and stopping rule as ours: scene → template, 50 iterations, distance cap 3× the
    # RANSAC threshold mapped into template units.
    icp_result = reg.registration_icp(
        dst,
        dense,
        3 * threshold / coarse.scale,
        coarse.inverse().matrix(),
        reg.TransformationEstimationPointToPoint(True),
        reg.ICPConvergenceCriteria(1e-7, 1e-7, 50),
    )
    return coarse, Similarity.from_matrix(icp_result.transformation).inverse()


def summarize(rows: list[dict[str, float]]) -> dict[str, float]:
    """Median / 90th percentile errors and success rate (rot < 2°, trans < 1%, scale < 1%)."""
    out: dict[str, float] = {}
    for key in ("rot_deg", "trans", "scale"):
        values = [r[key] for r in rows]
        out[f"{key}_median"] = float(statistics.median(values))
        out[f"{key}_p90"] = float(np.percentile(values, 90))
    out["success"] = float(
        np.mean([r["rot_deg"] < 2 and r["trans"] < 0.01 and r["scale"] < 0.01 for r in rows])
    )
    return out


def main() -> None:
    """Run the comparison and print a table (and optionally JSON)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=24)
    parser.add_argument("--outliers", type=float, default=0.5)
    parser.add_argument("--noise", type=float, default=0.005, help="σ as a fraction of the object size")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    try:
        import open3d as o3d

        methods = {"oorkit": run_oorkit, "open3d": run_open3d}
        o3d_version = o3d.__version__
    except ImportError as exc:
        print(f"open3d not importable ({exc}); reporting OORKit only")
        methods, o3d_version = {"oorkit": run_oorkit}, None
    results: dict[str, dict[str, list[Any]]] = {
        m: {"ransac": [], "final": [], "seconds": []} for m in methods
    }
    outlier_rates = []
    for seed in range(args.trials):
        trial = make_trial(seed, args.outliers, args.noise)
        outlier_rates.append(trial["outlier_rate"])
        threshold = 0.02 * trial["gt"].scale  # same inlier distance for both: 2% of the object size
        for name, fn in methods.items():
            start = time.perf_counter()
            coarse, final = fn(trial, seed, threshold)
            results[name]["seconds"].append(time.perf_counter() - start)
            results[name]["ransac"].append(errors(coarse, trial["gt"]))
            results[name]["final"].append(errors(final, trial["gt"]))
    report: dict[str, Any] = {
        "trials": args.trials,
        "noise": args.noise,
        "outlier_rate_mean": float(np.mean(outlier_rates)),
        "open3d": o3d_version,
        "methods": {},
    }
    for name, r in results.items():
        report["methods"][name] = {
            "ransac": summarize(r["ransac"]),
            "final": summarize(r["final"]),
            "seconds_median": float(statistics.median(r["seconds"])),
        }
    print(
        f"{args.trials} trials, correspondence outlier rate {report['outlier_rate_mean']:.2f}, "
        f"noise {args.noise:.3f}·size, open3d {o3d_version}"
    )
    print(
        f"{'method':8} {'stage':7} {'rot° med':>9} {'rot° p90':>9} {'trans med':>10} {'scale med':>10} "
        f"{'success':>8} {'s/trial':>8}"
    )
    for name, m in report["methods"].items():
        for stage in ("ransac", "final"):
            s = m[stage]
            print(
                f"{name:8} {stage:7} {s['rot_deg_median']:9.3f} {s['rot_deg_p90']:9.3f} "
                f"{s['trans_median']:10.5f} {s['scale_median']:10.5f} {s['success']:8.2f} "
                f"{m['seconds_median']:8.3f}"
            )
    if "open3d" in report["methods"]:
        a, b = report["methods"]["oorkit"], report["methods"]["open3d"]
        ratios = {
            "rot_error_ratio": a["final"]["rot_deg_median"] / max(b["final"]["rot_deg_median"], 1e-12),
            "trans_error_ratio": a["final"]["trans_median"] / max(b["final"]["trans_median"], 1e-12),
            "scale_error_ratio": a["final"]["scale_median"] / max(b["final"]["scale_median"], 1e-12),
            "time_ratio": a["seconds_median"] / max(b["seconds_median"], 1e-12),
        }
        report["oorkit_over_open3d"] = ratios
        print(
            "oorkit / open3d (final, medians; < 1 means oorkit better or faster): "
            + ", ".join(f"{k} {v:.2f}" for k, v in ratios.items())
        )
    if args.json:
        args.json.write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()

"""The per-sample stages over files, with a manifest per sample: a finished stage is never redone.

A sample folder holds one file per stage output and `manifest.json`. Every file is written atomically
and the manifest is updated only after a stage's outputs are on disk, so a crash at any point loses at
most the stage that was running. Each stage draws its randomness from (sample seed, stage index), so a
resumed run produces exactly what an uninterrupted one would.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from oorkit.errors import OORKitError
from oorkit.lift import filters, lifting
from oorkit.lift.config import ContextSpec, LiftConfig
from oorkit.lift.features import Descriptor, colour_histogram, mean_descriptor, offline_descriptor
from oorkit.lift.offline import Placement, render_circle, render_scene, simple_placement, textured_template
from oorkit.lift.prompts import build_prompt
from oorkit.lift.registration import Similarity, select_template
from oorkit.lift.sfm import SfMFailed, SfMResult, pycolmap_available, run_known_cameras, run_pycolmap
from oorkit.lift.store import atomic_savez, atomic_write_json, read_json
from oorkit.lift.templates import GlobalFeature, TemplateObservations, cached_template

STAGES = ("image", "multiview", "sfm", "segment", "features", "register", "filter")


class SampleRejected(Exception):
    """A sample that a stage or filter removes; `reason` is the report's key."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class SampleSpec:
    """One sample to lift: context, index within it and its own seed."""

    context: ContextSpec
    index: int
    seed: int

    @property
    def id(self) -> str:
        """'context_id/003'."""
        return f"{self.context.id}/{self.index:03d}"


@dataclass
class Job:
    """What a stage sees: the sample, the config, its folder, the run id and its random generator."""

    spec: SampleSpec
    config: LiftConfig
    folder: Path
    cache: Path
    rng: np.random.Generator

    def path(self, name: str) -> Path:
        """A file of this sample."""
        return self.folder / name


def sample_folder(root: Path, spec: SampleSpec) -> Path:
    """Where a sample's files live under the work folder."""
    return root / "samples" / spec.context.id / f"{spec.index:03d}"


def read_manifest(folder: Path) -> dict[str, Any]:
    """A sample's manifest (empty skeleton when it has none yet)."""
    return read_json(folder / "manifest.json", {"stages": {}, "status": "pending"})


def is_finished(folder: Path) -> bool:
    """Whether a sample is accepted or rejected already."""
    return read_manifest(folder).get("status") in ("accepted", "rejected")


def run_sample(
    spec: SampleSpec, config: LiftConfig, root: Path, run_id: str, stop_after: str | None = None
) -> dict[str, Any]:
    """Run the sample's unfinished stages (up to `stop_after`); return its manifest."""
    folder = sample_folder(root, spec)
    folder.mkdir(parents=True, exist_ok=True)
    manifest = read_manifest(folder)
    manifest.update(sample=spec.id, context=spec.context.id, seed=spec.seed)
    for i, name in enumerate(STAGES):
        if manifest["status"] in ("accepted", "rejected"):
            break
        if name not in manifest["stages"]:
            job = Job(spec, config, folder, root / "cache", np.random.default_rng([spec.seed, i]))
            start = time.perf_counter()
            entry: dict[str, Any] = {"run": run_id}
            try:
                entry["info"] = _STAGE_FUNCTIONS[name](job) or {}
            except SampleRejected as exc:
                entry["rejected"] = exc.reason
                entry["detail"] = exc.detail
                manifest.update(status="rejected", reason=exc.reason, detail=exc.detail)
            entry["seconds"] = round(time.perf_counter() - start, 3)
            manifest["stages"][name] = entry
            if name == STAGES[-1] and manifest["status"] != "rejected":
                manifest["status"] = "accepted"
            atomic_write_json(folder / "manifest.json", manifest)
        if name == stop_after:
            break
    return manifest


# ------------------------------------------------------------------------------------------------------
# Stages
# ------------------------------------------------------------------------------------------------------


def stage_image(job: Job) -> dict[str, Any]:
    """Prompt (paper strategies) and the source image; offline: the ground-truth placement."""
    ctx, cfg = job.spec.context, job.config
    prompt = build_prompt(
        ctx.text,
        ctx.base,
        ctx.target,
        cfg.prompts.get("descriptions"),
        float(cfg.prompts.get("camera_ratio", 4.0)),
    )
    info: dict[str, Any] = {"prompt": prompt, "backend": cfg.source["backend"]}
    if cfg.source["backend"] != "offline":
        _save_png(job.path("image.png"), _source_image(job, prompt))
        return info
    placement = _ground_truth(ctx, job.rng)
    atomic_write_json(
        job.path("ground_truth.json"),
        {
            "phi": placement.phi().tolist(),
            "base_template": placement.base_template,
            "target_template": placement.target_template,
            "base_instance": placement.base_instance.tolist(),
            "target_instance": placement.target_instance.tolist(),
        },
    )
    info.update(base_template=placement.base_template, target_template=placement.target_template)
    return info


def _source_image(job: Job, prompt: str) -> np.ndarray:
    """FLUX (one image per sample) or frame `index` of the context's video (augmentation, App. A)."""
    src, ctx = job.config.source, job.spec.context
    if src["backend"] == "flux":
        from oorkit.lift.adapters.flux import generate_images

        return generate_images(prompt, src.get("model", ""), 1, job.spec.seed, int(src.get("size", 1024)))[0]
    from oorkit.lift.adapters.video import frames_from_video

    videos = src.get("videos") or {}
    if ctx.id not in videos:
        raise OORKitError(f"source.videos has no video for context {ctx.id!r}")
    frames = frames_from_video(videos[ctx.id], every=int(src.get("every", 1)))
    if job.spec.index >= len(frames):
        raise SampleRejected("no_frame", f"the video has {len(frames)} frames")
    return frames[job.spec.index]


def _save_png(path: Path, image: np.ndarray) -> None:
    from PIL import Image

    tmp = path.with_name(f".{path.name}.tmp.png")
    Image.fromarray(image).save(tmp)
    tmp.replace(path)


def _ground_truth(ctx: ContextSpec, rng: np.random.Generator) -> Placement:
    """Known φ: from the relation library when the context names a relation, else a simple placement."""
    if ctx.relation:
        try:
            from oorkit.relations.context import Context
            from oorkit.relations.sampler import sample_context
        except ImportError as exc:
            raise OORKitError(
                f"context {ctx.id}: relation {ctx.relation!r} needs oorkit.relations ({exc})"
            ) from None
        context = Context(ctx.id, ctx.text, ctx.base, ctx.target, ctx.relation, dict(ctx.args))
        result = sample_context(context, 1, rng)
        if not result.samples:
            raise SampleRejected("relation_failed", ", ".join(result.rejected) or "no sample")
        s = result.samples[0]
        a_b, a_t = np.diag([*s.base_size, 1.0]), s.pose @ np.diag([*s.target_size, 1.0])
        return Placement(s.base_template, s.target_template, a_b, a_t)
    return simple_placement(ctx.base, ctx.target, ctx.place, rng)


def _placement(job: Job) -> Placement:
    gt = read_json(job.path("ground_truth.json"))
    return Placement(
        gt["base_template"],
        gt["target_template"],
        np.asarray(gt["base_instance"]),
        np.asarray(gt["target_instance"]),
    )


def stage_multiview(job: Job) -> dict[str, Any]:
    """Pseudo multi-view: offline renders from a circle of views; else the SV3D adapter."""
    cfg = job.config.source
    if cfg["backend"] != "offline":
        from PIL import Image

        from oorkit.lift.adapters.sv3d import novel_views

        image = np.asarray(Image.open(job.path("image.png")).convert("RGB"))
        atomic_savez(job.path("views.npz"), rgb=novel_views(image, cfg.get("sv3d_repo", ""), job.spec.seed))
        return {"backend": "sv3d"}
    result = render_scene(
        _placement(job),
        int(cfg["views"]),
        int(cfg["resolution"]),
        job.rng,
        float(cfg["elevation"]),
        flip_target=bool(job.spec.context.inject.get("flip")),
    )
    atomic_savez(
        job.path("views.npz"),
        rgb=result.rgb,
        instance=result.instance,
        depth=result.depth,
        cameras=result.cameras,
        intrinsics=result.intrinsics,
    )
    return {"backend": "offline", "views": len(result.rgb)}


def stage_sfm(job: Job) -> dict[str, Any]:
    """SfM: pycolmap (default), known cameras (fallback without pycolmap) or VGGSfM."""
    cfg = job.config.sfm
    with np.load(job.path("views.npz")) as z:
        views = {k: z[k] for k in z.files}
    backend, note = cfg["backend"], ""
    if backend == "pycolmap" and not pycolmap_available():
        if "depth" not in views:
            raise OORKitError("pycolmap is not importable and the views have no depth: pip install pycolmap")
        backend, note = "known_cameras", "pycolmap not importable: triangulated with the known cameras"
    try:
        if backend == "pycolmap":
            focal = float(views["intrinsics"][0, 0]) if "intrinsics" in views else None
            result = run_pycolmap(
                views["rgb"],
                focal,
                threads=int(cfg.get("threads", 1)),
                max_features=int(cfg["max_features"]),
                seed=job.spec.seed % 2**31,
            )
        elif backend == "known_cameras":
            result = run_known_cameras(views["depth"], views["cameras"], views["intrinsics"])
        else:
            from oorkit.lift.adapters.vggsfm import run_vggsfm

            result = run_vggsfm(views["rgb"], cfg.get("repo", ""), cfg.get("checkpoint", ""))
    except SfMFailed as exc:
        raise SampleRejected("sfm_failed", str(exc)) from None
    tmp = job.path(".sfm.npz.tmp.npz")
    result.save(tmp)
    tmp.replace(job.path("sfm.npz"))
    return {
        "backend": result.backend,
        "points": len(result.points),
        "registered_views": result.registered_views,
        **({"note": note} if note else {}),
    }


def stage_segment(job: Job) -> dict[str, Any]:
    """Base/target labels per 3D point from masks (renderer masks offline, or SAM 2); ≥ min_points each."""
    sfm = SfMResult.load(job.path("sfm.npz"))
    with np.load(job.path("views.npz")) as z:
        rgb = z["rgb"]
        masks = z["instance"] if "instance" in z.files else None
    if job.config.segmentation["backend"] == "sam2" or masks is None:
        from oorkit.lift.adapters.sam2 import segment_views

        seg = job.config.segmentation
        masks = segment_views(
            rgb,
            np.asarray(seg.get("boxes", [])),
            seg.get("checkpoint", ""),
            seg.get("config", "configs/sam2.1/sam2.1_hiera_t.yaml"),
        )
    labels = lifting.segment_points(sfm, masks)
    few = job.spec.context.inject.get("few_points")
    if few:  # fault injection: keep only `few` target points, as after a bad segmentation
        target = np.flatnonzero(labels == 1)
        drop = job.rng.permutation(target)[int(few) :]
        labels[drop] = -1
    atomic_savez(job.path("segment.npz"), labels=labels, masks=masks.astype(np.int16))
    counts = {"base": int((labels == 0).sum()), "target": int((labels == 1).sum())}
    minimum = int(job.config.filters["min_points"])
    if min(counts.values()) < minimum:
        raise SampleRejected("too_few_points", f"{counts} < {minimum}")
    return counts


@dataclass(frozen=True)
class _Features:
    name: str
    descriptor: Descriptor
    global_feature: GlobalFeature


def _descriptor(job: Job) -> _Features:
    cfg = job.config.features
    if cfg["backend"] == "dinov2":
        from oorkit.lift.adapters.dinov2 import DinoDescriptor

        dino = DinoDescriptor(cfg.get("model", ""), int(cfg.get("image_size", 448)))
        return _Features("dinov2", dino, functools.partial(mean_descriptor, dino))
    return _Features("offline", offline_descriptor, colour_histogram)


def stage_features(job: Job) -> dict[str, Any]:
    """Descriptors per keypoint, best template per object, PCA to F' dims, averages per 3D point."""
    cfg, ctx = job.config, job.spec.context
    sfm = SfMResult.load(job.path("sfm.npz"))
    with np.load(job.path("views.npz")) as z:
        rgb = z["rgb"]
    with np.load(job.path("segment.npz")) as z:
        labels, masks = z["labels"], z["masks"]
    feats = _descriptor(job)
    scene = [lifting.scene_descriptors(rgb, masks, sfm, labels, obj, feats.descriptor) for obj in (0, 1)]
    chosen, scores = [], {}
    for obj, category in enumerate((ctx.base, ctx.target)):
        candidates = cfg.candidates(category)
        wrong = ctx.inject.get("wrong_template") if obj == 0 else None
        if wrong:  # fault injection: register the base with another category's template
            candidates = [str(wrong)]
        observed = [_template(job, t, feats) for t in candidates]
        if len(observed) > 1:
            views = [v for v in np.unique(scene[obj][1])]
            scene_globals = np.stack([feats.global_feature(rgb[v], masks[v] == obj) for v in views])
            # Centre on the mean of everything compared, so the cosine sees differences, not the
            # component every object shares.
            center = np.concatenate([scene_globals, *[o.view_globals for o in observed]]).mean(axis=0)
            best, s = select_template(scene_globals - center, [o.view_globals - center for o in observed])
            scores[category] = dict(zip(candidates, np.round(s, 4).tolist(), strict=True))
        else:
            best = 0
        chosen.append(observed[best])
    _, scene_avg, template_avg = lifting.reduce_features(
        [(p, d) for p, _, d in scene], chosen, len(sfm.points), int(cfg.features["pca_dim"])
    )
    atomic_savez(
        job.path("features.npz"),
        scene_base=scene_avg[0],
        scene_target=scene_avg[1],
        template_base=template_avg[0],
        template_target=template_avg[1],
    )
    return {
        "descriptor": feats.name,
        "base_template": chosen[0].template_id,
        "target_template": chosen[1].template_id,
        "template_scores": scores,
    }


def _template(job: Job, template_id: str, feats: _Features) -> TemplateObservations:
    f = job.config.features
    return cached_template(
        job.cache / "templates",
        template_id,
        feats.name,
        feats.descriptor,
        feats.global_feature,
        n_views=int(f["template_views"]),
        resolution=int(f["template_resolution"]),
    )


def _chosen(job: Job) -> tuple[TemplateObservations, TemplateObservations]:
    info = read_manifest(job.folder)["stages"]["features"]["info"]
    feats = _descriptor(job)  # the template cache makes this cheap: no rendering, no descriptors
    return _template(job, info["base_template"], feats), _template(job, info["target_template"], feats)


def stage_register(job: Job) -> dict[str, Any]:
    """Feature RANSAC + ICP per object, then φ by Eqs. 5–6."""
    cfg = job.config.registration
    sfm = SfMResult.load(job.path("sfm.npz"))
    with np.load(job.path("segment.npz")) as z:
        labels = z["labels"]
    with np.load(job.path("features.npz")) as z:
        feats = {k: z[k] for k in z.files}
    templates = _chosen(job)
    regs = []
    for obj, key in enumerate(("base", "target")):
        idx = np.flatnonzero(labels == obj)
        reg = lifting.register_object(
            sfm.points[idx],
            feats[f"scene_{key}"][idx],
            templates[obj],
            feats[f"template_{key}"],
            job.rng,
            float(cfg["similarity_threshold"]),
            cfg["metric"],
        )
        if not reg.ok:
            raise SampleRejected("registration_failed", f"{key}: {reg.correspondences} correspondences")
        regs.append(reg)
    phi = lifting.relative_phi(
        regs[0].transform, regs[1].transform, templates[0].extents, templates[1].extents
    )
    doc: dict[str, Any] = {"phi": phi.tolist()}
    for key, reg in zip(("base", "target"), regs, strict=True):
        doc[key] = {
            "matrix": reg.transform.matrix().tolist(),
            "correspondences": reg.correspondences,
            "inliers": reg.inliers,
            "rmse": reg.rmse,
            "fitness": reg.fitness,
        }
    atomic_write_json(job.path("registration.json"), doc)
    info: dict[str, Any] = {
        k: {"inliers": doc[k]["inliers"], "correspondences": doc[k]["correspondences"]}
        for k in ("base", "target")
    }
    gt = read_json(job.path("ground_truth.json"))
    if gt is not None:
        info["error"] = {k: round(v, 6) for k, v in lifting.phi_errors(phi, np.asarray(gt["phi"])).items()}
    return info


def stage_filter(job: Job) -> dict[str, Any]:
    """Chamfer mesh↔points and feature agreement per object (scale-aware), then the optional VLM judge."""
    cfg = job.config.filters
    sfm = SfMResult.load(job.path("sfm.npz"))
    with np.load(job.path("segment.npz")) as z:
        labels = z["labels"]
    with np.load(job.path("features.npz")) as z:
        feats = {k: z[k] for k in z.files}
    reg = read_json(job.path("registration.json"))
    templates = _chosen(job)
    info: dict[str, Any] = {}
    failed: list[str] = []
    for obj, key in enumerate(("base", "target")):
        idx = np.flatnonzero(labels == obj)
        t = Similarity.from_matrix(np.asarray(reg[key]["matrix"]))
        tmpl = templates[obj]
        cd = filters.chamfer_to_points(tmpl.dense, t, sfm.points[idx])
        seen = np.zeros(len(tmpl.points), bool)
        seen[tmpl.obs_point] = True
        agree = filters.feature_agreement(
            sfm.points[idx], feats[f"scene_{key}"][idx], tmpl.points[seen], feats[f"template_{key}"][seen], t
        )
        info[key] = {**{k: round(v, 5) for k, v in cd.items()}, "feature_agreement": round(agree, 4)}
        if cd["points_to_mesh"] > float(cfg["points_to_mesh"]) or cd["mesh_to_points"] > float(
            cfg["mesh_to_points"]
        ):
            failed.append("chamfer")
        if agree < float(cfg["feature_agreement"]):
            failed.append("feature_agreement")
    if not failed and cfg.get("vlm"):
        verdict = _vlm(job, reg, templates)
        info["vlm"] = verdict.answer[-200:]
        if verdict.accepted is False:
            failed.append("vlm")
    # Quality in [0, 1]: 1 when the points lie on the registered meshes, 0 at the rejection threshold.
    worst = max(info[k]["points_to_mesh"] for k in ("base", "target"))
    info["quality"] = round(float(np.clip(1.0 - worst / float(cfg["points_to_mesh"]), 0.0, 1.0)), 4)
    atomic_write_json(job.path("filter.json"), info)
    if failed:
        raise SampleRejected(failed[0], ", ".join(sorted(set(failed))))
    return info


def _vlm(job: Job, reg: dict[str, Any], templates: tuple[TemplateObservations, ...]) -> Any:
    from oorkit.data.llm import Endpoint
    from oorkit.lift.adapters.vlm import judge

    v = job.config.filters["vlm"]
    meshes = [textured_template(t.template_id) for t in templates]
    transforms = [np.asarray(reg[k]["matrix"]) for k in ("base", "target")]
    views = render_circle(meshes, transforms, int(v.get("views", 4)), int(v.get("resolution", 256)), 20.0)
    prompt = read_manifest(job.folder)["stages"]["image"]["info"]["prompt"]
    ctx = job.spec.context
    return judge(
        views.rgb,
        prompt,
        ctx.base,
        ctx.target,
        Endpoint(
            str(v["endpoint"]),
            str(v.get("model", "gpt-4o")),
            str(v.get("api_key_env", "OPENAI_API_KEY") or ""),
            float(v.get("timeout", 120)),
        ),
    )


_STAGE_FUNCTIONS: dict[str, Callable[[Job], dict[str, Any] | None]] = {
    "image": stage_image,
    "multiview": stage_multiview,
    "sfm": stage_sfm,
    "segment": stage_segment,
    "features": stage_features,
    "register": stage_register,
    "filter": stage_filter,
}

"""Rendering samples of a context (`oor data show`)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from oorkit.errors import OORKitError


def render_context_samples(
    context_id: str,
    out: Path,
    n: int = 3,
    views: int = 4,
    seed: int = 0,
    data: Path | None = None,
    resolution: int = 256,
    contexts_file: Path | None = None,
) -> Path:
    """A PNG with one row of `views` renders per sample of the context (sampled now, or drawn from `data`)."""
    from oorkit.render import image_grid, render_views, save_png
    from oorkit.scene import pair_scene, scene_meshes

    rng = np.random.default_rng(seed)
    if data is not None:
        from oorkit.data.format import read_samples

        table = read_samples(data).to_pydict()
        rows = [i for i, c in enumerate(table["context_id"]) if c == context_id]
        if not rows:
            raise OORKitError(f"no samples of context {context_id!r} in {data}")
        picked = rng.choice(rows, size=min(n, len(rows)), replace=False)
        pairs = [
            (
                np.asarray(table["phi"][i]),
                table["base"][i],
                table["target"][i],
                table["base_mesh"][i],
                table["target_mesh"][i],
            )
            for i in picked
        ]
    else:
        from oorkit.relations.compose import catalogue_contexts
        from oorkit.relations.sampler import sample_context

        by_id = {c.id: c for c in catalogue_contexts(contexts_file)}
        if context_id not in by_id:
            raise OORKitError(f"unknown context {context_id!r}; `oor data stats` or contexts.yaml list them")
        ctx = by_id[context_id]
        result = sample_context(ctx, n, rng)
        if not result.samples:
            raise OORKitError(f"context {context_id!r} produced no valid sample: {dict(result.rejected)}")
        pairs = [(s.phi, ctx.base, ctx.target, s.base_template, s.target_template) for s in result.samples]
    rows_img = []
    for phi, base, target, base_mesh, target_mesh in pairs:
        _, meshes, transforms = scene_meshes(pair_scene(phi, base, target, base_mesh, target_mesh))
        result_img = render_views(
            meshes, transforms, n_views=views, resolution=(resolution, resolution), elevation_deg=25.0
        )
        rows_img.append(image_grid(result_img.rgb, ncols=views))
    return save_png(np.concatenate(rows_img, axis=0), out)

"""`oor edit SCENE --mode rearrange|recontext|insert`: edit an arrangement with the OOR score."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import numpy as np
import typer

from oorkit.errors import OORKitError
from oorkit.files import atomic_output, read_document, write_json

if TYPE_CHECKING:
    from oorkit.edit import EditOptions, EditResult
    from oorkit.scene import Scene
    from oorkit.scene.spec import Relation, SpecObject

MODES = ("rearrange", "recontext", "insert")


def _relations(scene: Scene, relations_file: Path | None) -> list[Relation]:
    """Relations to rearrange: from a YAML/JSON list, else those the scene file recorded."""
    from oorkit.scene.spec import Relation

    if relations_file is not None:
        doc = read_document(relations_file, "relations file", fmt="yaml")
        entries = doc.get("relations", doc) if isinstance(doc, dict) else doc
    else:
        entries = scene.meta.get("relations")
    if not isinstance(entries, list) or not entries:
        raise OORKitError(
            "no relations to edit: give --relations FILE (a list of {base, target, context}); "
            "scenes written by `oor scene` carry theirs"
        )
    fields = ("base", "target", "context")
    if not all(isinstance(e, dict) and all(isinstance(e.get(k), str) for k in fields) for e in entries):
        raise OORKitError("every relation needs base, target and context, each a string")
    return [Relation(e["base"], e["target"], e["context"]) for e in entries]


def _perturb(scene: Scene, relations: list[Relation], amount: float, seed: int) -> Scene:
    """Noise on the targets' poses (translation ~ amount × size, yaw/tilt ~ amount rad), for demos."""
    from oorkit.edit import perturb_poses

    return perturb_poses(scene, {r.target for r in relations}, amount, seed)


def edit(
    scene_file: Annotated[Path, typer.Argument(help="Scene JSON (from `oor scene` or `oor render` format).")],
    mode: Annotated[str, typer.Option(help="rearrange, recontext or insert.")] = "rearrange",
    out: Annotated[Path, typer.Option("--out", "-o", help="Output directory.")] = Path("out/edit"),
    relations: Annotated[Path | None, typer.Option(help="rearrange: YAML/JSON list of relations.")] = None,
    perturb: Annotated[float, typer.Option(min=0.0, help="rearrange: add this much pose noise first.")] = 0.0,
    base: Annotated[str | None, typer.Option(help="recontext: base object id.")] = None,
    target: Annotated[str | None, typer.Option(help="recontext: target object id.")] = None,
    context: Annotated[str | None, typer.Option(help="recontext: the new context text.")] = None,
    spec: Annotated[
        Path | None, typer.Option(help="insert: spec with the new objects and their relations.")
    ] = None,
    steps: Annotated[
        int | None,
        typer.Option(
            min=1, max=5000, help="Gradient steps (default: rearrange 300, recontext 50; paper: 50)."
        ),
    ] = None,
    eta: Annotated[
        float, typer.Option(help="Step size η (paper: 0.01; rearrange lowers it to 0.001 over its steps).")
    ] = 0.01,
    lam: Annotated[
        float | None, typer.Option(help="Score weight λ (default: the paper's 0.01; recontext: 5).")
    ] = None,
    sigma: Annotated[
        float | None,
        typer.Option(
            help="A fixed noise level for the score (default: rearrange anneals σ from 0.2 to σ_min, "
            "recontext reads it at 0.5; paper: σ_min)."
        ),
    ] = None,
    collision_weight: Annotated[
        float | None,
        typer.Option(
            min=0.0, help="Weight of the collision term (default: rearrange 100, recontext 1; paper: 1)."
        ),
    ] = None,
    paper_constants: Annotated[
        bool,
        typer.Option(
            "--paper-constants",
            help="Start from the paper's Eq. 13 constants (η = λ = 0.01 at σ_min, 50 steps, collision "
            "weight 1) instead of the mode's defaults; the options above still override them.",
        ),
    ] = False,
    seed: Annotated[int, typer.Option(help="Seed (insert sampling, perturbation).")] = 0,
    model: Annotated[Path | None, typer.Option(help="Model directory (default: embedded).")] = None,
    resolution: Annotated[int, typer.Option(min=32, max=2048, help="Pixels per render.")] = 320,
    device: Annotated[str, typer.Option(help="cpu or cuda.")] = "cpu",
) -> None:
    """Rearrange a scene, re-pose it for a new context, or insert new objects."""
    from oorkit.api import load_pipeline
    from oorkit.edit import insert, optimize_relations
    from oorkit.edit.optimize import edit_graph
    from oorkit.scene import load_scene, save_scene
    from oorkit.scene.spec import Relation

    if mode not in MODES:
        raise OORKitError(f"unknown mode {mode!r}; choose one of {', '.join(MODES)}")
    scene = load_scene(scene_file)
    # Every input is read and checked before the model loads and before --out is made.
    if mode == "insert":
        if spec is None:
            raise OORKitError("insert needs --spec FILE with the new objects and their relations")
        added = load_spec_part(spec)
    elif mode == "recontext":
        if not (base and target and context):
            raise OORKitError("recontext needs --base ID --target ID --context TEXT")
        chosen = [Relation(base, target, context)]
    else:
        chosen = _relations(scene, relations)
    if mode != "insert":
        edit_graph(list(scene.objects), chosen)
    options = _edit_options(mode, paper_constants, eta, steps, lam, sigma, collision_weight)
    pipeline = load_pipeline(model, device)
    out.mkdir(parents=True, exist_ok=True)
    if mode == "insert":
        edited = insert(pipeline, scene, added[0], added[1], n=1, seed=seed)[0]
        save_scene(edited, out / "scene.json")
        _write_views(scene, edited, out, resolution)
        typer.echo(f"wrote {out / 'scene.json'} and renders to {out}")
        return
    if mode == "rearrange" and perturb > 0:
        scene = _perturb(scene, chosen, perturb, seed)
        save_scene(scene, out / "input.json")
    result = optimize_relations(pipeline, list(scene.objects), chosen, options)
    _write_edit(scene, result, out, resolution)
    typer.echo(
        f"wrote {out / 'scene.json'}, trajectory.json, trajectory.gif, trajectory.glb and renders to {out}"
    )


def _edit_options(
    mode: str,
    paper_constants: bool,
    eta: float,
    steps: int | None,
    lam: float | None,
    sigma: float | None,
    collision_weight: float | None,
) -> EditOptions:
    """The mode's defaults (or the paper's constants) with the options given on the command line."""
    from oorkit.edit import EditOptions
    from oorkit.edit.optimize import EDIT_DEFAULTS

    start = EditOptions() if paper_constants else EDIT_DEFAULTS.get(mode, EditOptions())
    options = replace(start, eta=eta)
    if steps is not None:
        options = replace(options, steps=steps)
    if lam is not None:
        options = replace(options, lam=lam)
    if sigma is not None:
        options = replace(options, sigma=sigma, sigma_start=None, collision_sigma=None)
    if collision_weight is not None:
        options = replace(options, collision_weight=collision_weight)
    return options


def _write_edit(scene: Scene, result: EditResult, out: Path, resolution: int) -> None:
    """The edited scene, its trajectory (JSON, GIF, animated GLB) and the before/after renders."""
    from oorkit.scene import save_scene

    save_scene(result.scene, out / "scene.json")
    frames = [
        {"step": i, "objects": {o.id: t.tolist() for o, t in zip(scene.objects, frame, strict=True)}}
        for i, frame in enumerate(result.trajectory)
    ]
    write_json(out / "trajectory.json", {"instance_transforms": frames})
    _write_views(scene, result.scene, out, resolution)
    _write_gif(scene, result.trajectory, out / "trajectory.gif", resolution)
    _write_animation(scene, result.trajectory, out / "trajectory.glb")


def load_spec_part(path: Path) -> tuple[list[SpecObject], list[Relation]]:
    """New objects and relations of an insert spec (bases may be existing scene objects)."""
    from oorkit.assets import get_category
    from oorkit.scene.spec import Relation, SpecObject

    doc = read_document(path, "insert spec", fmt="yaml")
    try:
        objects = [
            SpecObject(
                str(o["id"]),
                get_category(str(o["category"])).name,
                np.asarray(o["size"], dtype=np.float64) if "size" in o else None,
            )
            for o in doc["objects"]
        ]
        relations = [Relation(str(r["base"]), str(r["target"]), str(r["context"])) for r in doc["relations"]]
    except (KeyError, TypeError, ValueError) as exc:
        raise OORKitError(
            f"{path}: an insert spec needs objects [{{id, category}}] and relations ({exc})"
        ) from None
    return objects, relations


def _render(scene: Scene, resolution: int, views: int = 3) -> np.ndarray:
    from oorkit.render import image_grid, render_views
    from oorkit.scene import scene_meshes

    _, meshes, transforms = scene_meshes(scene)
    rgb = render_views(meshes, transforms, n_views=views, resolution=(resolution, resolution)).rgb
    return image_grid(np.asarray(rgb), ncols=views)


def _write_views(before: Scene, after: Scene, out: Path, resolution: int) -> None:
    from oorkit.render import export_glb, save_png
    from oorkit.scene import scene_meshes

    grid = np.concatenate([_render(before, resolution), _render(after, resolution)], axis=0)
    save_png(grid, out / "before_after.png")
    names, meshes, transforms = scene_meshes(after)
    export_glb(names, meshes, transforms, out / "scene.glb")


def _write_animation(scene: Scene, trajectory: np.ndarray, path: Path) -> None:
    from oorkit.render import export_animated_glb
    from oorkit.scene import scene_meshes

    names, meshes, _ = scene_meshes(scene)
    # One key per optimisation step at 24 fps: 300 rearrange steps play in about 12 seconds.
    export_animated_glb(names, meshes, trajectory, path, seconds_per_frame=1 / 24)


def _write_gif(scene: Scene, trajectory: np.ndarray, path: Path, resolution: int, frames: int = 12) -> None:
    from PIL import Image

    from oorkit.render import render_views
    from oorkit.scene import scene_meshes

    _, meshes, _ = scene_meshes(scene)
    picks = np.unique(np.linspace(0, len(trajectory) - 1, frames).round().astype(int))
    # One fixed camera for all frames, framed on the union of the first and last arrangements.
    first = render_views(meshes, trajectory[0], n_views=1, resolution=(resolution, resolution))
    images = [
        render_views(meshes, trajectory[i], resolution=(resolution, resolution), cameras=first.cameras).rgb[0]
        for i in picks
    ]
    with atomic_output(path) as tmp:
        Image.fromarray(images[0]).save(
            tmp, save_all=True, append_images=[Image.fromarray(x) for x in images[1:]], duration=120, loop=0
        )

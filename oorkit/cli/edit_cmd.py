"""`oor edit rearrange|recontext|insert SCENE`: edit an arrangement with the OOR score."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import numpy as np
import typer

from oorkit.errors import OORKitError
from oorkit.files import atomic_output, read_document, write_json

if TYPE_CHECKING:
    from oorkit.diffusion.pipeline import OORPipeline
    from oorkit.edit import EditOptions, EditResult
    from oorkit.scene import Scene
    from oorkit.scene.spec import Relation, SpecObject


def _relations(scene: Scene, relations_file: Path | None) -> list[Relation]:
    """Relations to rearrange: from a YAML/JSON list, else those the scene file recorded."""
    from oorkit.scene.spec import relations_from_list

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
    return relations_from_list(entries)


def _perturb(scene: Scene, relations: list[Relation], amount: float, seed: int) -> Scene:
    """Noise on the targets' poses (translation ~ amount × size, yaw/tilt ~ amount rad), for demos."""
    from oorkit.edit import perturb_poses

    return perturb_poses(scene, {r.target for r in relations}, amount, seed)


app = typer.Typer(
    help="Edit a scene with the OOR score (Eq. 13): rearrange, recontext or insert.", no_args_is_help=True
)
SceneFile = Annotated[
    Path, typer.Argument(help="Scene JSON (from `oor scene`, `oor layout` or `oor render`).")
]
Out = Annotated[Path, typer.Option("--out", "-o", help="Output directory.")]
Seed = Annotated[int, typer.Option(help="Seed (perturbation, insert sampling).")]
Model = Annotated[Path | None, typer.Option(help="Model directory (default: embedded).")]
Resolution = Annotated[int, typer.Option(min=32, max=2048, help="Pixels per render.")]
Device = Annotated[str, typer.Option(help="cpu or cuda.")]
Steps = Annotated[
    int | None,
    typer.Option(min=1, max=5000, help="Gradient steps (default: rearrange 300, recontext 50; paper: 50)."),
]
Eta = Annotated[
    float, typer.Option(help="Step size η (paper: 0.01; rearrange lowers it to 0.001 over its steps).")
]
Lam = Annotated[float | None, typer.Option(help="Score weight λ (default: the paper's 0.01; recontext: 5).")]
Sigma = Annotated[
    float | None,
    typer.Option(
        help="A fixed noise level for the score (default: rearrange anneals σ from 0.2 to σ_min, "
        "recontext reads it at 0.5; paper: σ_min)."
    ),
]
CollisionWeight = Annotated[
    float | None,
    typer.Option(
        min=0.0, help="Weight of the collision term (default: rearrange 100, recontext 1; paper: 1)."
    ),
]
PaperConstants = Annotated[
    bool,
    typer.Option(
        "--paper-constants",
        help="Start from the paper's Eq. 13 constants (η = λ = 0.01 at σ_min, 50 steps, collision weight 1) "
        "instead of the mode's defaults; the options above still override them.",
    ),
]


@app.command("rearrange")
def rearrange(
    scene_file: SceneFile,
    out: Out = Path("out/edit"),
    relations: Annotated[
        Path | None, typer.Option(help="YAML/JSON list of relations (default: those the scene records).")
    ] = None,
    perturb: Annotated[
        float, typer.Option(min=0.0, help="Add this much pose noise to the targets first.")
    ] = 0.0,
    steps: Steps = None,
    eta: Eta = 0.01,
    lam: Lam = None,
    sigma: Sigma = None,
    collision_weight: CollisionWeight = None,
    paper_constants: PaperConstants = False,
    seed: Seed = 0,
    model: Model = None,
    resolution: Resolution = 320,
    device: Device = "cpu",
) -> None:
    """Move a scene's objects back onto plausible relations (the scene's own, or --relations)."""
    from oorkit.scene import load_scene, save_scene

    scene = load_scene(scene_file)
    chosen = _relations(scene, relations)
    options = _edit_options("rearrange", paper_constants, eta, steps, lam, sigma, collision_weight)
    pipeline = _prepare(scene, chosen, model, device, out)
    if perturb > 0:
        scene = _perturb(scene, chosen, perturb, seed)
        save_scene(scene, out / "input.json")
    _optimise_and_write(pipeline, scene, chosen, options, out, resolution)


@app.command("recontext")
def recontext(
    scene_file: SceneFile,
    base: Annotated[str, typer.Option(help="Base object id.")],
    target: Annotated[str, typer.Option(help="Target object id (the object that moves).")],
    context: Annotated[str, typer.Option(help='The new context text, e.g. "A teapot next to a teacup".')],
    out: Out = Path("out/edit"),
    steps: Steps = None,
    eta: Eta = 0.01,
    lam: Lam = None,
    sigma: Sigma = None,
    collision_weight: CollisionWeight = None,
    paper_constants: PaperConstants = False,
    model: Model = None,
    resolution: Resolution = 320,
    device: Device = "cpu",
) -> None:
    """Re-pose one object relative to another for a new context; the rest of the scene stays."""
    from oorkit.scene import load_scene
    from oorkit.scene.spec import Relation

    scene = load_scene(scene_file)
    chosen = [Relation(base, target, context)]
    options = _edit_options("recontext", paper_constants, eta, steps, lam, sigma, collision_weight)
    pipeline = _prepare(scene, chosen, model, device, out)
    _optimise_and_write(pipeline, scene, chosen, options, out, resolution)


@app.command("insert")
def insert(
    scene_file: SceneFile,
    spec: Annotated[Path, typer.Option(help="Spec (YAML/JSON) of the new objects and their relations.")],
    out: Out = Path("out/edit"),
    seed: Seed = 0,
    model: Model = None,
    resolution: Resolution = 320,
    device: Device = "cpu",
) -> None:
    """Add objects related to the scene's (bases may be existing objects); the existing ones stay."""
    from oorkit.edit import insert as insert_objects
    from oorkit.scene import load_scene, save_scene

    scene = load_scene(scene_file)
    objects, relations = load_spec_part(spec)
    pipeline = _prepare(scene, None, model, device, out)
    edited = insert_objects(pipeline, scene, objects, relations, n=1, seed=seed)[0]
    save_scene(edited, out / "scene.json")
    _write_views(scene, edited, out, resolution)
    typer.echo(f"wrote {out / 'scene.json'} and renders to {out}")


def _prepare(
    scene: Scene, relations: list[Relation] | None, model: Path | None, device: str, out: Path
) -> OORPipeline:
    """Check the relations against the scene, then load the model and make --out (inputs are read first)."""
    from oorkit.api import load_pipeline
    from oorkit.edit.optimize import edit_graph

    if relations is not None:
        edit_graph(list(scene.objects), relations)
    pipeline = load_pipeline(model, device)
    out.mkdir(parents=True, exist_ok=True)
    return pipeline


def _optimise_and_write(
    pipeline: OORPipeline,
    scene: Scene,
    relations: list[Relation],
    options: EditOptions,
    out: Path,
    resolution: int,
) -> None:
    from oorkit.edit import optimize_relations

    result = optimize_relations(pipeline, list(scene.objects), relations, options)
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

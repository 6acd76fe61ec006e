"""Scene edits for the viewer (rearrange, recontext, insert), returning what to animate."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from oorkit.assets import get_category
from oorkit.diffusion.pipeline import OORPipeline
from oorkit.edit import insert, optimize_relations, perturb_poses
from oorkit.edit.optimize import EDIT_DEFAULTS
from oorkit.errors import OORKitError
from oorkit.scene.file import Scene
from oorkit.scene.spec import Relation, SpecObject

MODES = ("rearrange", "recontext", "insert")


@dataclass(frozen=True)
class EditOutcome:
    """The edited scene, its trajectory of instance transforms (S+1, N, 4, 4) or None, and a summary."""

    scene: Scene
    trajectory: np.ndarray | None
    message: str


def scene_relations(scene: Scene) -> list[Relation]:
    """The relations a scene recorded (`oor scene` output carries them); empty when it has none."""
    entries = scene.meta.get("relations")
    if not isinstance(entries, list):
        return []
    out = []
    for e in entries:
        if isinstance(e, dict) and {"base", "target", "context"} <= e.keys():
            out.append(Relation(str(e["base"]), str(e["target"]), str(e["context"])))
    return out


def with_relation(relations: list[Relation], new: Relation) -> list[Relation]:
    """The relations with `new` replacing the one between the same two objects (or appended)."""
    pair = {new.base, new.target}
    kept = [r for r in relations if {r.base, r.target} != pair]
    return (
        [*kept, new]
        if len(kept) == len(relations)
        else [new if {r.base, r.target} == pair else r for r in relations]
    )


def new_object_id(scene: Scene, category: str) -> str:
    """A fresh object id for an inserted object: category_0, category_1, …"""
    ids = {o.id for o in scene.objects}
    k = 0
    while f"{category}_{k}" in ids:
        k += 1
    return f"{category}_{k}"


def run_edit(
    pipeline: OORPipeline,
    scene: Scene,
    mode: str,
    base: str | None = None,
    target: str | None = None,
    context: str = "",
    category: str | None = None,
    steps: int | None = None,
    perturb: float = 0.0,
    seed: int = 0,
) -> EditOutcome:
    """Run one edit: rearrange (recorded relations), recontext (base, target, context) or insert.

    `steps` None (or 0) takes the mode's default (`oorkit.edit.optimize.EDIT_DEFAULTS`).
    """
    if mode not in MODES:
        raise OORKitError(f"unknown edit mode {mode!r}; choose one of {', '.join(MODES)}")
    ids = [o.id for o in scene.objects]
    if mode == "insert":
        if not category or not base or not context.strip():
            raise OORKitError("insert needs a category, a base object and a context text")
        if base not in ids:
            raise OORKitError(f"unknown base object {base!r}")
        name = get_category(category).name
        new_id = new_object_id(scene, name)
        relation = Relation(base, new_id, context.strip())
        edited = insert(pipeline, scene, [SpecObject(new_id, name)], [relation], seed=seed)[0]
        meta = {**edited.meta, "relations": [r.__dict__ for r in (*scene_relations(scene), relation)]}
        return EditOutcome(Scene(edited.objects, meta), None, f"inserted {new_id}")
    if mode == "recontext":
        if not base or not target or not context.strip():
            raise OORKitError("recontext needs a base object, a target object and a context text")
        if base == target:
            raise OORKitError("recontext: base and target must be different objects")
        relations = [Relation(base, target, context.strip())]
    else:
        relations = scene_relations(scene)
        if not relations:
            raise OORKitError("this scene records no relations to rearrange (scenes from `oor scene` do)")
    unknown = sorted({x for r in relations for x in (r.base, r.target)} - set(ids))
    if unknown:
        raise OORKitError(f"unknown object ids: {', '.join(unknown)}")
    start = perturb_poses(scene, {r.target for r in relations}, perturb, seed)
    options = EDIT_DEFAULTS[mode]
    if steps:
        options = replace(options, steps=steps)
    result = optimize_relations(pipeline, list(start.objects), relations, options, progress=False)
    recorded = with_relation(scene_relations(scene), relations[0]) if mode == "recontext" else relations
    edited = Scene(result.scene.objects, {**scene.meta, "relations": [r.__dict__ for r in recorded]})
    return EditOutcome(edited, result.trajectory, f"{mode}: {len(result.trajectory) - 1} steps")

"""The Python API: one call per job, each loading the embedded model once per process.

import oorkit
pairs = oorkit.sample("A teapot pouring tea into a teacup", n=8, seed=0)
pairs.to_scene(0).export("teapot.glb")
desk = oorkit.sample_scene("examples/scenes/desk_setup.yaml", n=4).scenes[0]
tidy = oorkit.rearrange(desk).scene
room = oorkit.solve_layout(oorkit.plan_room("bedroom", (5, 4)))
pour = oorkit.motion("A teapot pouring tea into a teacup")    # a body carrying it out
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import torch

from oorkit import edit, human, layout, oor
from oorkit.assets import Catalogue, builtin_catalogue, get_category
from oorkit.diffusion.pipeline import Condition, OORPipeline, load_pipeline
from oorkit.edit import EditOptions, EditResult
from oorkit.errors import OORKitError
from oorkit.human import MotionOptions, MotionResult, StartPose
from oorkit.layout import Layout, LayoutSpec
from oorkit.layout import load_spec as load_layout
from oorkit.layout import plan_room as plan_room  # re-exported: oorkit.plan_room
from oorkit.sampling import PAIR_SAMPLING, SCENE_SAMPLING
from oorkit.scene import joint
from oorkit.scene.file import Scene, load_scene
from oorkit.scene.joint import JointOptions, SceneSamples
from oorkit.scene.pairs import pair_scene, pair_transforms, template_aspects
from oorkit.scene.spec import Relation, SceneSpec, SpecObject, load_spec, relations_from_list
from oorkit.text import TextEncoder
from oorkit.text.categories import find_pair
from oorkit.text.nouns import EncoderSource, UnknownNounNote


@dataclass(frozen=True)
class PairSamples:
    """N OOR samples φ (N, 15) of one (text, base, target) condition, most likely first when ranked."""

    text: str
    base: str
    target: str
    phi: np.ndarray

    def __len__(self) -> int:
        return len(self.phi)

    def records(self) -> list[oor.OORRecord]:
        """The samples as OORRecords (JSON-serialisable with `oorkit.oor.save_records`)."""
        return [
            oor.OORRecord(self.text, self.base, self.target, p, {"index": i}) for i, p in enumerate(self.phi)
        ]

    def instance_transforms(self, catalogue: Catalogue | None = None) -> np.ndarray:
        """(N, 2, 4, 4) base and target instance transforms at real size, the base standing at the origin."""
        return np.stack([pair_transforms(p, self.base, catalogue) for p in self.phi])

    def to_scene(self, i: int = 0, catalogue: Catalogue | None = None) -> Scene:
        """Sample `i` as a two-object Scene (ids `base` and `target`), ready to `export` or edit."""
        if not -len(self) <= i < len(self):
            raise OORKitError(f"sample {i} does not exist: there are {len(self)}")
        return pair_scene(self.phi[i], self.base, self.target, catalogue=catalogue)

    def to_dict(self, catalogue: Catalogue | None = None) -> dict[str, Any]:
        """JSON-ready: φ and its decoded parts per sample, plus world instance transforms in metres."""
        transforms = self.instance_transforms(catalogue)
        samples = []
        for i, (p, pair) in enumerate(zip(self.phi, transforms, strict=True)):
            parts = oor.unpack(p)
            samples.append(
                {
                    "index": i,
                    "phi": [float(x) for x in p],
                    "rotation": np.asarray(parts.rotation).tolist(),
                    "translation": np.asarray(parts.translation).tolist(),
                    "target_scale": np.asarray(parts.target_scale).tolist(),
                    "base_scale": np.asarray(parts.base_scale).tolist(),
                    "base_instance_transform": pair[0].tolist(),
                    "target_instance_transform": pair[1].tolist(),
                }
            )
        return {"text": self.text, "base": self.base, "target": self.target, "samples": samples}


def resolve_pair(
    text: str,
    base: str | None,
    target: str | None,
    pipeline: OORPipeline | None = None,
    catalogue: Catalogue | None = None,
    encoder: TextEncoder | None = None,
) -> tuple[str, str]:
    """Canonical (base, target) category names: given ones checked, missing ones found in the text.

    A noun of the text that is not a category stands for the nearest one by text embedding (`encoder`,
    else the pipeline's own MiniLM, else the default MiniLM; loaded only when such a noun needs it); each
    such choice is warned as an `UnknownNounNote`, which `oor sample` prints as one `note:` line.
    """
    catalogue = catalogue or builtin_catalogue()
    if not text.strip():
        raise OORKitError("the context text must not be empty")
    for name in (base, target):
        if name is not None:
            get_category(name, catalogue)  # a wrong --base fails before the text is read
    if base is None or target is None:
        known = {(b, t) for b, t in pipeline.config.known_pairs} if pipeline is not None else set()
        source: EncoderSource | None = encoder
        if source is None and pipeline is not None and pipeline.config.text_encoder.startswith("minilm"):
            model = pipeline
            source = lambda: model.encoder  # noqa: E731 - the model's own MiniLM, loaded only if needed
        match = find_pair(text, catalogue, known, source)
        for note in match.notes:
            warnings.warn(note, UnknownNounNote, stacklevel=2)
        base, target = base or match.base, target or match.target
    return get_category(base, catalogue).name, get_category(target, catalogue).name


def sample(
    text: str,
    base: str | None = None,
    target: str | None = None,
    n: int = 8,
    seed: int = 0,
    model: str | Path | OORPipeline | None = None,
    solver: str = PAIR_SAMPLING.solver,
    steps: int = PAIR_SAMPLING.steps,
    rank: bool = False,
    device: str = "cpu",
    precision: str = "fp32",
    keep_aspects: bool = True,
) -> PairSamples:
    """Sample n OOR samples for a context text; base/target are found in the text when not given.

    With `keep_aspects`, both scales take the aspect of the category templates they are drawn with
    (Eq. 16, `scene.pairs.template_aspects`); without it, φ is the model's raw output.
    """
    pipeline = load_pipeline(model, device)
    base, target = resolve_pair(text, base, target, pipeline)
    phi = pipeline.sample(
        [Condition(text, base, target)],
        n=n,
        seed=seed,
        solver=solver,
        steps=steps,
        rank=rank,
        precision=precision,
    )[0]
    return PairSamples(text, base, target, template_aspects(phi, base, target) if keep_aspects else phi)


def _scene(scene: Scene | str | Path) -> Scene:
    return scene if isinstance(scene, Scene) else load_scene(scene)


def sample_scene(
    spec: SceneSpec | str | Path,
    n: int = 4,
    seed: int = 0,
    model: str | Path | OORPipeline | None = None,
    solver: str = SCENE_SAMPLING.solver,
    steps: int = SCENE_SAMPLING.steps,
    options: JointOptions | None = None,
    device: str = "cpu",
) -> SceneSamples:
    """Sample n collision-free, consistent arrangements of a scene spec (a SceneSpec or a YAML/JSON file).

    The result's `scenes` are Scene objects in metres (`scene.export("desk.glb")`); `metrics` per arrangement.
    """
    spec = spec if isinstance(spec, SceneSpec) else load_spec(spec)
    return joint.sample_scene(
        load_pipeline(model, device), spec, n=n, seed=seed, solver=solver, steps=steps, options=options
    )


def rearrange(
    scene: Scene | str | Path,
    relations: list[Relation] | None = None,
    model: str | Path | OORPipeline | None = None,
    options: EditOptions | None = None,
    device: str = "cpu",
) -> EditResult:
    """Move a scene's objects back onto plausible relations (Eq. 13); relations default to the scene's own."""
    scene = _scene(scene)
    if relations is None:
        relations = relations_from_list(scene.meta.get("relations") or [])
    if not relations:
        raise OORKitError("no relations to rearrange: give them, or use a scene written by sample_scene")
    return edit.rearrange(load_pipeline(model, device), scene, relations, options)


def recontext(
    scene: Scene | str | Path,
    base: str,
    target: str,
    context: str,
    model: str | Path | OORPipeline | None = None,
    options: EditOptions | None = None,
    device: str = "cpu",
) -> EditResult:
    """Re-pose object `target` relative to object `base` (ids) for a new context text; the rest stays."""
    return edit.recontext(load_pipeline(model, device), _scene(scene), base, target, context, options)


def insert(
    scene: Scene | str | Path,
    objects: list[SpecObject],
    relations: list[Relation],
    n: int = 1,
    seed: int = 0,
    model: str | Path | OORPipeline | None = None,
    device: str = "cpu",
) -> list[Scene]:
    """Add new objects related to the scene's (or to each other); n alternatives, existing objects stay."""
    return edit.insert(load_pipeline(model, device), _scene(scene), objects, relations, n=n, seed=seed)


def solve_layout(
    spec: LayoutSpec | str | Path,
    seed: int = 0,
    restarts: int = 8,
    steps: int = 500,
    revise: bool = True,
) -> Layout:
    """Solve a floor layout from a LayoutSpec, a layout spec file or an R3L constraint file."""
    spec = spec if isinstance(spec, LayoutSpec) else load_layout(spec)
    return layout.solve_layout(spec, seed=seed, restarts=restarts, steps=steps, revise=revise)


def _object_id(scene: Scene, name: str, what: str) -> str:
    """An object id from an id or a category name that one object of the scene has."""
    ids = [o.id for o in scene.objects]
    if name in ids:
        return name
    try:
        category = get_category(name).name
    except OORKitError:
        category = name
    matches = [o.id for o in scene.objects if o.category == category]
    if len(matches) == 1:
        return matches[0]
    where = "several objects are" if matches else "no object is"
    raise OORKitError(f"{what} {name!r}: {where} a {category} in the scene (objects: {', '.join(ids)})")


def _start_scene_spec(base: str, target: str, support: str) -> SceneSpec:
    """Base and target standing on a support, each related to it, for the text-only motion form."""
    if support in (base, target):
        raise OORKitError(f"the support {support!r} cannot also be an object of the context")
    objects = (SpecObject(support, support), SpecObject(base, base), SpecObject(target, target))
    relations = (
        Relation(support, base, f"A {base.replace('_', ' ')} on a {support.replace('_', ' ')}"),
        Relation(support, target, f"A {target.replace('_', ' ')} on a {support.replace('_', ' ')}"),
    )
    return SceneSpec(objects, relations, root=support, name=f"{target}_and_{base}")


EDGE_GAP = 0.1  # metres between the support's edge and the nearest of the two objects, as people work


def _towards_edge(scene: Scene, ids: tuple[str, str], support: str) -> Scene:
    """Slide two objects together (their relation kept) towards the support's nearest edge."""
    sup = next(o for o in scene.objects if o.id == support)
    rotation = sup.pose[:3, :3]
    corners = np.array([[x, y, z] for x in (-0.5, 0.5) for y in (-0.5, 0.5) for z in (-0.5, 0.5)])
    local = []
    for o in scene.objects:
        if o.id in ids:
            world = corners @ o.instance_transform()[:3, :3].T + o.pose[:3, 3]
            local.append((world - sup.pose[:3, 3]) @ rotation)
    points = np.concatenate(local)
    half = np.asarray(sup.size) / 2
    gaps = {(0, 1.0): half[0] - points[:, 0].max(), (0, -1.0): points[:, 0].min() + half[0]}
    gaps |= {(2, 1.0): half[2] - points[:, 2].max(), (2, -1.0): points[:, 2].min() + half[2]}
    (axis, sign), gap = min(gaps.items(), key=lambda item: item[1])
    if gap <= EDGE_GAP:
        return scene
    shift = np.zeros(3)
    shift[axis] = sign * (gap - EDGE_GAP)
    moved = rotation @ shift
    objects = []
    for o in scene.objects:
        if o.id in ids:
            pose = o.pose.copy()
            pose[:3, 3] += moved
            o = replace(o, pose=pose)
        objects.append(o)
    return replace(scene, objects=tuple(objects))


def needs_steadying(held: str, base: str) -> bool:
    """Whether the free hand should hold the base still: a blade cutting something cuttable."""
    return "blade" in get_category(held).affords and "cuttable" in get_category(base).affords


def motion(
    context: str,
    scene: Scene | str | Path | None = None,
    hold: str | None = None,
    base: str | None = None,
    steady: str | None = None,
    one_hand: bool = False,
    support: str | None = None,
    options: MotionOptions | None = None,
    candidates: int = 8,
    seed: int = 0,
    model: str | Path | OORPipeline | None = None,
    device: str = "cpu",
    progress: Callable[[int, int], None] | None = None,
    start_pose: StartPose | None = None,
) -> MotionResult:
    """A body carrying out a context with two objects (paper Sec. 5): Eq. 13 moves the held object, the
    body keeps its contacts. Without `scene`, start scenes on a `support` category (default: table) are
    sampled and the one whose grasps are easiest to reach is used; with one, `support` is an object id
    (default: what the held object stands on). `hold` defaults to the context's target; a blade's free
    hand steadies what it cuts unless `one_hand`. `start_pose` starts the grasp from that body pose."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # the same result on every machine: reductions in one order (and small tensors)
    try:
        return _motion(
            context,
            scene,
            hold,
            base,
            steady,
            one_hand,
            support,
            options,
            candidates,
            seed,
            model,
            device,
            progress,
            start_pose,
        )
    finally:
        torch.set_num_threads(threads)


def _motion(
    context: str,
    scene: Scene | str | Path | None,
    hold: str | None,
    base: str | None,
    steady: str | None,
    one_hand: bool,
    support: str | None,
    options: MotionOptions | None,
    candidates: int,
    seed: int,
    model: str | Path | OORPipeline | None,
    device: str,
    progress: Callable[[int, int], None] | None,
    start_pose: StartPose | None,
) -> MotionResult:
    pipeline = load_pipeline(model, device)
    options = options or MotionOptions(seed=seed)
    if scene is None:
        base_cat, held_cat = resolve_pair(context, None, None, pipeline)
        if hold is not None and get_category(hold).name not in (held_cat,):
            base_cat, held_cat = held_cat, get_category(hold).name
        spec = _start_scene_spec(base_cat, held_cat, get_category(support or "table").name)
        sampled = joint.sample_scene(pipeline, spec, n=candidates, seed=seed).scenes
        starts = [_towards_edge(start, (base_cat, held_cat), spec.root) for start in sampled]
        held_id, base_id = held_cat, base_cat
        support_id: str | None = spec.root
    else:
        starts = [_scene(scene)]
        if hold is None:
            raise OORKitError("give the object the body holds: hold=ID (or --hold ID)")
        held_id = _object_id(starts[0], hold, "held object")
        base_cat = ""
        if base is None:
            held_category = next(o.category for o in starts[0].objects if o.id == held_id)
            base_cat, _ = resolve_pair(context, None, held_category, pipeline)
        base_id = _object_id(starts[0], base if base is not None else base_cat, "base object")
        support_id = _object_id(starts[0], support, "support") if support else None
    category = {o.id: o.category for o in starts[0].objects}
    if steady is None and not one_hand and needs_steadying(category[held_id], category[base_id]):
        steady = base_id
    steady_id = _object_id(starts[0], steady, "steadied object") if steady else None
    best: tuple[float, Scene, np.ndarray] | None = None
    for start in starts:
        relation = [Relation(base_id, held_id, context)]
        trajectory = edit.optimize_relations(
            pipeline, list(start.objects), relation, edit.optimize.RECONTEXT_OPTIONS, progress=False
        ).trajectory
        # Easy to reach, and a short way to go: a knife far from its loaf makes a long, needless reach.
        travel = float(np.linalg.norm(trajectory[-1, :, :3, 3] - trajectory[0, :, :3, 3], axis=-1).max())
        cost = human.reach_cost(start, trajectory, held_id, steady_id, support_id) + 2.0 * travel
        if best is None or cost < best[0]:
            best = (cost, start, trajectory)
    assert best is not None
    _, start, trajectory = best
    return human.synthesize_motion(
        start,
        trajectory,
        held_id,
        base_id,
        context,
        steady=steady_id,
        support=support_id,
        options=options,
        progress=progress,
        start_pose=start_pose,
    )

"""The viewer's control panel (viser GUI): sampling, browsing, toggles, exports and scene edits."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from oorkit.assets import builtin_catalogue
from oorkit.errors import OORKitError
from oorkit.viewer.edits import MODES

if TYPE_CHECKING:
    from oorkit.scene.file import Scene
    from oorkit.viewer.config import ViewerConfig
    from oorkit.viewer.display import SceneView
    from oorkit.viewer.sources import Source

AUTO = "auto"
PREV, NEXT = "◀ Prev", "Next ▶"
#: Which edit fields each mode uses.
MODE_FIELDS = {
    "rearrange": ("perturb", "steps"),
    "recontext": ("context", "edit_base", "edit_target", "steps"),
    "insert": ("context", "edit_base", "category"),
}


class Host(Protocol):
    """What the panel drives: the viewer's state and actions (`oorkit.viewer.app.ViewerApp`)."""

    config: ViewerConfig
    server: Any
    source: Source | None
    view: SceneView
    index: int

    def set_status(self, text: str) -> None: ...
    def run_job(self, what: str, fn: Callable[[], str | None], lock_buttons: bool = True) -> bool: ...
    def select(self, index: int, reframe: bool = False) -> None: ...
    def show_source(self) -> str: ...
    def sample_pair(
        self, text: str, base: str | None = None, target: str | None = None, n: int = 8, seed: int = 0
    ) -> str: ...
    def sample_spec(self, n: int, seed: int) -> str: ...
    def edit(self, mode: str, **kwargs: Any) -> str: ...
    def set_frame(self, frame: int) -> None: ...
    def play(self) -> None: ...
    def export_glb(self) -> Path: ...
    def export_json(self) -> Path: ...


@dataclass
class Controls:
    """Handles of the panel's inputs and the hooks the app calls when its state changes."""

    status: Any
    prompt: Any
    base: Any
    target: Any
    n: Any
    seed: Any
    sample: Any
    index: Any
    step: Any
    meshes: Any
    bboxes: Any
    axes: Any
    export_glb: Any
    export_json: Any
    exported: Any
    show_source: Any
    scene_folder: Any
    resample: Any
    mode: Any
    context: Any
    edit_base: Any
    edit_target: Any
    category: Any
    perturb: Any
    steps: Any
    run_edit: Any
    frame: Any
    play: Any
    syncing: bool = False

    def set_busy(self, busy: bool) -> None:
        """Disable the model buttons while a job runs."""
        for button in (self.sample, self.run_edit, self.resample):
            button.disabled = busy

    def on_selection(self, index: int, count: int) -> None:
        """Keep the browse slider in step with the shown sample."""
        self.syncing = True
        try:
            self.index.max = max(count - 1, 1)
            self.index.value = index
            self.index.disabled = count <= 1
        finally:
            self.syncing = False

    def on_scene(self, scene: Scene | None) -> None:
        """Offer the scene's object ids as edit bases / targets."""
        ids = [o.id for o in scene.objects] if scene is not None and scene.objects else ["-"]
        for handle, pick in ((self.edit_base, 0), (self.edit_target, min(1, len(ids) - 1))):
            current = handle.value
            handle.options = ids
            handle.value = current if current in ids else ids[pick]

    def on_trajectory(self, frames: int | None) -> None:
        """Enable the frame slider and Play for an edit trajectory of `frames` frames (None: none)."""
        self.syncing = True
        try:
            self.frame.max = max((frames or 1) - 1, 1)
            self.frame.value = 0
            self.frame.disabled = not frames
            self.play.disabled = not frames
        finally:
            self.syncing = False


def _option(value: str) -> str | None:
    return None if value == AUTO else value


def build_gui(app: Host) -> Controls:
    """Create the panel in the app's server and wire its callbacks to the app's actions."""
    gui = app.server.gui
    categories = sorted(builtin_catalogue().categories)
    status = gui.add_markdown("starting…")
    with gui.add_folder("Sample a pair"):
        prompt = gui.add_text("Prompt", app.config.prompt, hint="e.g. A teapot pouring tea into a teacup")
        auto = "auto: found in the text, as `oor sample` does"
        base = gui.add_dropdown("Base", [AUTO, *categories], initial_value=AUTO, hint=auto)
        target = gui.add_dropdown("Target", [AUTO, *categories], initial_value=AUTO, hint=auto)
        n = gui.add_number("Samples", app.config.n, min=1, max=256, step=1)
        seed = gui.add_number("Seed", app.config.seed, min=0, max=2**31 - 1, step=1)
        sample = gui.add_button("Sample")
    with gui.add_folder("Browse"):
        index = gui.add_slider("Sample #", 0, 1, 1, 0, disabled=True)
        step = gui.add_button_group("Step", [PREV, NEXT])
        meshes = gui.add_checkbox("Meshes", True)
        bboxes = gui.add_checkbox("Bounding boxes", False)
        axes = gui.add_checkbox("Axes", False)
        export_glb = gui.add_button("Export GLB")
        export_json = gui.add_button("Export JSON")
        exported = gui.add_markdown("")
        show_source = gui.add_button("Show opened file", visible=app.source is not None)
    editable = app.source is not None and app.source.kind in ("scene", "spec")
    is_spec = app.source is not None and app.source.kind == "spec"
    with gui.add_folder("Scene", visible=editable) as scene_folder:
        resample = gui.add_button("Resample arrangements", visible=is_spec)
        mode = gui.add_dropdown("Edit", list(MODES), initial_value=MODES[0])
        context = gui.add_text("Context", "", hint="recontext / insert: the relation's text")
        edit_base = gui.add_dropdown("Base object", ["-"])
        edit_target = gui.add_dropdown("Target object", ["-"])
        category = gui.add_dropdown("New category", categories, initial_value=categories[0])
        noise = "rearrange: pose noise on the targets first"
        perturb = gui.add_number("Perturb", 0.3, min=0.0, max=2.0, step=0.05, hint=noise)
        steps = gui.add_number(
            "Edit steps",
            0,
            min=0,
            max=1000,
            step=1,
            hint="0: the mode's default (rearrange 300, recontext 50)",
        )
        run_edit = gui.add_button("Run edit")
        frame = gui.add_slider("Frame", 0, 1, 1, 0, disabled=True)
        play = gui.add_button("Play", disabled=True)
    c = Controls(
        status, prompt, base, target, n, seed, sample, index, step, meshes, bboxes, axes, export_glb,
        export_json, exported, show_source, scene_folder, resample, mode, context, edit_base, edit_target,
        category, perturb, steps, run_edit, frame, play,
    )  # fmt: skip
    _wire(app, c)
    _show_mode_fields(c)
    return c


def _show_mode_fields(c: Controls) -> None:
    used = MODE_FIELDS[c.mode.value]
    for name in ("context", "edit_base", "edit_target", "category", "perturb", "steps"):
        getattr(c, name).visible = name in used


def _export(app: Host, c: Controls, kind: str) -> None:
    try:
        path = app.export_glb() if kind == "glb" else app.export_json()
    except (OORKitError, ValueError) as exc:
        app.set_status(f"error: {exc}")
        return
    c.exported.content = f"wrote `{path}`"
    app.set_status(f"exported {kind.upper()}: {path}")


def _wire(app: Host, c: Controls) -> None:
    @c.sample.on_click
    def _(_: Any) -> None:
        text, base, target = c.prompt.value, _option(c.base.value), _option(c.target.value)
        n, seed = int(c.n.value), int(c.seed.value)
        app.run_job("sampling", lambda: app.sample_pair(text, base, target, n, seed))

    @c.index.on_update
    def _(_: Any) -> None:
        if not c.syncing:
            app.select(int(c.index.value))

    @c.step.on_click
    def _(event: Any) -> None:
        app.select(app.index + (1 if event.target.value == NEXT else -1))

    @c.meshes.on_update
    @c.bboxes.on_update
    @c.axes.on_update
    def _(_: Any) -> None:
        app.view.set_toggles(bool(c.meshes.value), bool(c.bboxes.value), bool(c.axes.value))

    c.export_glb.on_click(lambda _: _export(app, c, "glb"))
    c.export_json.on_click(lambda _: _export(app, c, "json"))

    @c.show_source.on_click
    def _(_: Any) -> None:
        app.run_job("showing the opened file", app.show_source)

    @c.resample.on_click
    def _(_: Any) -> None:
        app.run_job("sampling arrangements", lambda: app.sample_spec(int(c.n.value), int(c.seed.value)))

    @c.mode.on_update
    def _(_: Any) -> None:
        _show_mode_fields(c)

    @c.run_edit.on_click
    def _(_: Any) -> None:
        mode = str(c.mode.value)
        values = {
            "base": c.edit_base.value,
            "target": c.edit_target.value,
            "context": c.context.value,
            "category": c.category.value,
            "steps": int(c.steps.value),
            "perturb": float(c.perturb.value),
        }
        keep = {"rearrange": ("steps", "perturb"), "recontext": ("base", "target", "context", "steps")}.get(
            mode, ("base", "context", "category")
        )
        app.run_job(f"{mode}", lambda: app.edit(mode, **{k: values[k] for k in keep}))

    @c.frame.on_update
    def _(_: Any) -> None:
        if not c.syncing:
            app.set_frame(int(c.frame.value))

    @c.play.on_click
    def _(_: Any) -> None:
        threading.Thread(target=app.play, name="oorkit-viewer-play", daemon=True).start()

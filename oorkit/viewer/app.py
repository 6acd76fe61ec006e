"""The viewer: a viser server, its state (pair samples, scene arrangements or a room) and its actions.

Actions are plain methods (sample, select, export, edit, play) that the GUI callbacks call; scripts
and tests may call them too. Model work runs one job at a time under a lock.
"""

from __future__ import annotations

import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from oorkit.errors import OORKitError
from oorkit.viewer._viser import import_viser
from oorkit.viewer.config import ViewerConfig
from oorkit.viewer.display import SceneView
from oorkit.viewer.objects import ViewObject, rigid_poses, sample_objects, scene_objects

if TYPE_CHECKING:
    from oorkit.api import PairSamples
    from oorkit.diffusion.pipeline import OORPipeline
    from oorkit.scene.file import Scene
    from oorkit.viewer.gui import Controls
    from oorkit.viewer.sources import Source

DEFAULT_PROMPT = "A teapot pouring tea into a teacup"


class ViewerApp:
    """A running viewer; `stop()` shuts the server down."""

    def __init__(self, config: ViewerConfig, verbose: bool = False) -> None:
        from oorkit.viewer.gui import build_gui
        from oorkit.viewer.sources import load_source

        viser = import_viser()
        self.config = config
        # Open PATH first so a bad file is a one-line error before any server starts.
        self.source: Source | None = load_source(config.path) if config.path is not None else None
        self.server = viser.ViserServer(host=config.host, port=config.port, label="OORKit", verbose=verbose)
        self.server.scene.set_up_direction("+y")
        if not config.hdri:
            self.server.scene.configure_environment_map(None)
        self.view = SceneView(self.server)
        self._jobs = threading.RLock()
        self._play_generation = 0  # bumped to stop a running animation
        self.kind: str | None = None  # "pair", "scene" or "room": what the browse slider steps through
        self.pair: PairSamples | None = None
        self.pair_settings: dict[str, Any] = {}
        self.scenes: list[Scene] = []
        self.index = 0
        self.trajectory: np.ndarray | None = None  # rigid poses (S+1, N, 4, 4) of the last edit
        self.status = ""
        self.exported: list[Path] = []
        self._cache: dict[tuple[str, int], list[ViewObject]] = {}
        self.gui: Controls = build_gui(self)
        self.ready = threading.Event()
        threading.Thread(target=self._start, name="oorkit-viewer-start", daemon=True).start()

    # ---------------------------------------------------------------------------------------------
    # lifecycle, status, jobs

    @property
    def url(self) -> str:
        """The address to open in a browser."""
        return f"http://{self.config.host}:{self.server.get_port()}"

    def stop(self) -> None:
        """Stop any animation and the server."""
        self._play_generation += 1
        self.server.stop()

    def set_status(self, text: str) -> None:
        """Show a one-line status under the panel title."""
        self.status = text
        self.gui.status.content = text

    def pipeline(self) -> OORPipeline:
        """The OOR model (loaded once per process)."""
        from oorkit.api import load_pipeline

        return load_pipeline(self.config.model, self.config.device)

    def run_job(self, what: str, fn: Callable[[], str | None], lock_buttons: bool = True) -> bool:
        """Run `fn` as the only model job, its result or error shown as the status; True on success.

        Jobs queue on a lock: a Sample pressed while the model loads waits for it, then runs.
        """
        with self._jobs:
            self.set_status(f"{what}…")
            self.gui.set_busy(lock_buttons)
            try:
                done = fn()
            except OORKitError as exc:
                self.set_status(f"error: {exc}")
                return False
            except Exception as exc:  # a viewer reports errors, it does not crash its server
                traceback.print_exc()
                self.set_status(f"error: {type(exc).__name__}: {exc}")
                return False
            finally:
                self.gui.set_busy(False)
            self.set_status(done or f"{what}: done")
            return True

    def _load_model(self, done: str) -> str:
        self.pipeline()
        return done

    def _start(self) -> None:
        """Show PATH (sampling a spec) and load the model, in the background while the page opens."""
        try:
            source = self.source
            if source is None:
                ready = "ready: type a prompt, press Sample"
                self.run_job("loading the model", lambda: self._load_model(ready), lock_buttons=False)
            elif source.kind == "layout":
                self.run_job("loading the model", lambda: self._load_model(self.show_room()), False)
            elif source.kind == "scene":
                self.show_scenes([source.scene] if source.scene is not None else [])
                done = f"scene {source.path.name}: {len(self.scenes[0].objects)} objects"
                self.run_job("loading the model", lambda: self._load_model(done), lock_buttons=False)
            else:
                n, seed = self.config.n, self.config.seed
                self.run_job("sampling the scene spec", lambda: self.sample_spec(n, seed))
        finally:
            self.ready.set()

    # ---------------------------------------------------------------------------------------------
    # what is shown

    def count(self) -> int:
        """How many samples / arrangements the browse slider steps through."""
        if self.kind == "pair" and self.pair is not None:
            return len(self.pair)
        return len(self.scenes)

    def objects(self, index: int | None = None) -> list[ViewObject]:
        """The objects of sample / arrangement `index` (default: the shown one)."""
        i = self.index if index is None else index
        key = (self.kind or "", i)
        if key not in self._cache:
            if self.kind == "pair" and self.pair is not None:
                objs = sample_objects(self.pair.phi[i], self.pair.base, self.pair.target)
            elif self.kind == "room" and self.source is not None and self.source.room is not None:
                objs = list(self.source.room.objects)
            else:
                objs = scene_objects(self.scenes[i])
            self._cache[key] = objs
        return self._cache[key]

    def select(self, index: int, reframe: bool = False) -> None:
        """Show sample / arrangement `index` (clamped to the range)."""
        with self.view.lock:
            n = self.count()
            if n == 0:
                self.view.clear()
                return
            index = int(np.clip(index, 0, n - 1))
            changed = index != self.index
            self.index = index
            self._play_generation += 1
            self.view.show(self.objects(index), reframe=reframe)
            if changed or reframe:
                self.trajectory = None
                self.gui.on_trajectory(None)
            self.gui.on_selection(index, n)

    def _switch(self, kind: str, reframe: bool = True) -> None:
        self.kind = kind
        self._cache = {k: v for k, v in self._cache.items() if k[0] != kind}
        self.index = 0
        self.select(0, reframe=reframe)

    def show_room(self) -> str:
        """Show the layout of the source (floor, walls, objects); returns a status line."""
        if self.source is None or self.source.room is None:
            raise OORKitError("no layout is open")
        self.scenes = [self.source.room.scene]
        self._switch("room")
        room = self.source.room
        name = room.path.parent.name or room.path.name
        length, width = room.spec.size[0], room.spec.size[1]
        return f"layout {name}: {length:g} x {width:g} m, {len(room.scene.objects)} objects"

    def show_source(self) -> str:
        """Show the opened PATH again (its arrangements, with edits kept), e.g. after sampling a pair."""
        if self.source is None:
            raise OORKitError("no file is open (oor view PATH)")
        if self.source.kind == "layout":
            return self.show_room()
        self.show_scenes(self.scenes)
        return f"{self.source.path.name}: {len(self.scenes)} arrangement(s)"

    def show_scenes(self, scenes: list[Scene], reframe: bool = True) -> None:
        """Show scene arrangements (the browse slider steps through them)."""
        self.scenes = list(scenes)
        self._switch("scene", reframe)
        self.gui.on_scene(self.scenes[0] if self.scenes else None)

    # ---------------------------------------------------------------------------------------------
    # model actions

    def sample_pair(
        self, text: str, base: str | None = None, target: str | None = None, n: int = 8, seed: int = 0
    ) -> str:
        """Sample n OOR samples of a context text and show the first; returns the status line."""
        from oorkit.api import resolve_pair
        from oorkit.api import sample as sample_pairs

        pipeline = self.pipeline()
        base, target = resolve_pair(text, base, target, pipeline)
        self.pair = sample_pairs(text, base, target, n=n, seed=seed, model=pipeline, steps=self.config.steps)
        self.pair_settings = {"n": n, "seed": seed, "steps": self.config.steps}
        self._switch("pair")
        note = "" if [base, target] in pipeline.config.known_pairs else " (pair not in the training data)"
        return f"base: {base}, target: {target}: {n} samples{note}"

    def sample_spec(self, n: int, seed: int) -> str:
        """Sample n arrangements of the opened scene spec and show the first."""
        from oorkit.scene.joint import sample_scene

        if self.source is None or self.source.spec is None:
            raise OORKitError("no scene spec is open")
        result = sample_scene(self.pipeline(), self.source.spec, n=n, seed=seed, steps=self.config.steps)
        self.show_scenes(result.scenes)
        return f"{self.source.path.name}: {n} arrangements ({len(self.source.spec.objects)} objects)"

    def edit(self, mode: str, **kwargs: Any) -> str:
        """Edit the shown arrangement (see `oorkit.viewer.edits.run_edit`) and animate its trajectory."""
        from oorkit.viewer.edits import run_edit

        if self.kind != "scene" or not self.scenes:
            raise OORKitError("edits need a scene: open a scene file or a scene spec (oor view PATH)")
        outcome = run_edit(self.pipeline(), self.scenes[self.index], mode, seed=self.config.seed, **kwargs)
        self.scenes[self.index] = outcome.scene
        self._cache.pop(("scene", self.index), None)
        self.view.show(self.objects())
        self.gui.on_scene(outcome.scene)
        if outcome.trajectory is None:
            self.trajectory = None
            self.gui.on_trajectory(None)
            return f"{outcome.message} (insert has no trajectory: showing the result)"
        self.trajectory = rigid_poses(outcome.trajectory)
        self.gui.on_trajectory(len(self.trajectory))
        self.set_frame(0)
        threading.Thread(target=self.play, name="oorkit-viewer-play", daemon=True).start()
        return outcome.message

    # ---------------------------------------------------------------------------------------------
    # trajectory

    def set_frame(self, frame: int) -> None:
        """Pose the shown objects as in frame `frame` of the last edit's trajectory."""
        with self.view.lock:
            trajectory = self.trajectory
            if trajectory is None or trajectory.shape[1] != len(self.view.objects):
                return
            self.view.set_poses(trajectory[int(np.clip(frame, 0, len(trajectory) - 1))])

    def play(self) -> None:
        """Animate the last edit's trajectory from its first frame to its last (blocks until done)."""
        if self.trajectory is None:
            return
        self._play_generation += 1
        generation = self._play_generation
        for frame in range(len(self.trajectory)):
            if generation != self._play_generation:
                return
            self.gui.frame.value = frame  # its callback poses the objects
            time.sleep(1.0 / self.config.fps)

    # ---------------------------------------------------------------------------------------------
    # exports

    def _stem(self) -> str:
        from oorkit.viewer.export import slug

        if self.kind == "pair" and self.pair is not None:
            seed = self.pair_settings.get("seed", 0)
            return f"{slug(self.pair.text)}_seed{seed}_sample{self.index:03d}"
        name = self.config.path.stem if self.config.path is not None else "scene"
        if self.config.path is not None and self.config.path.is_dir():
            name = self.config.path.name
        return f"{slug(name)}_{self.index:03d}"

    def export_glb(self) -> Path:
        """Write the shown sample / scene (at its current poses) as GLB into the output folder."""
        from oorkit.viewer.export import export_objects_glb

        objects = self.shown_objects()
        path = export_objects_glb(objects, self.config.out / f"{self._stem()}.glb")
        self.exported.append(path)
        return path

    def export_json(self) -> Path:
        """Write the shown sample (φ and transforms) or scene (scene JSON) into the output folder."""
        from oorkit.files import write_json
        from oorkit.viewer.export import pair_sample_doc, scene_doc

        if self.kind == "pair" and self.pair is not None:
            doc = pair_sample_doc(self.pair, self.index, self.pair_settings)
        elif self.scenes:
            doc = scene_doc(self.shown_scene(), self.shown_objects())
        else:
            raise OORKitError("nothing to export: sample something first")
        path = write_json(self.config.out / f"{self._stem()}.json", doc)
        self.exported.append(path)
        return path

    def shown_objects(self) -> list[ViewObject]:
        """The objects on screen, at the poses they have now (mid-trajectory poses included)."""
        if self.kind is None or self.count() == 0:
            raise OORKitError("nothing to export: sample something first")
        objects = self.objects()
        if self.trajectory is None:
            return objects
        poses = self.view.current_poses()
        return [
            ViewObject(o.name, o.category, o.mesh, poses.get(o.name, o.pose), o.size, o.role) for o in objects
        ]

    def shown_scene(self) -> Scene:
        """The shown arrangement as a Scene, with the poses on screen."""
        from oorkit.scene.file import Scene, SceneObject

        scene = self.scenes[self.index]
        if self.trajectory is None:
            return scene
        poses = self.view.current_poses()
        objects = tuple(
            SceneObject(
                o.id,
                o.category,
                poses.get(o.id, o.pose),
                o.size,
                o.template,
                o.mesh,
                o.mesh_up,
                o.mesh_front,
                o.meta,
            )
            for o in scene.objects
        )
        return Scene(objects, scene.meta)

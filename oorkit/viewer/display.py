"""Puts ViewObjects into a viser scene: one rigid frame per object holding its mesh, bbox lines and axes.

Nodes are kept by object name: showing another sample of the same objects, or a frame of a trajectory,
only moves frames and rescales meshes instead of sending the meshes again.
"""

from __future__ import annotations

import hashlib
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import trimesh

from oorkit.render import export_glb
from oorkit.viewer.objects import ViewObject, bbox_segments, framing, pose_wxyz, scene_extent

BBOX_COLORS = {"object": (230, 120, 30), "room": (120, 120, 120)}
ROOT = "/oor"


def glb_bytes(mesh: trimesh.Trimesh) -> bytes:
    """Binary glTF of one mesh, with the colours and materials of `oorkit.render.export_glb`."""
    with tempfile.TemporaryDirectory() as tmp:
        path = export_glb(["mesh"], [mesh], np.eye(4)[None], Path(tmp) / "mesh.glb")
        return path.read_bytes()


def mesh_key(obj: ViewObject) -> str:
    """A fingerprint of an object's mesh (geometry and colours): equal keys reuse the sent GLB."""
    h = hashlib.blake2b(digest_size=12)
    h.update(obj.category.encode())
    h.update(np.ascontiguousarray(obj.mesh.vertices, dtype=np.float32).tobytes())
    h.update(np.ascontiguousarray(obj.mesh.faces, dtype=np.int32).tobytes())
    visual: Any = obj.mesh.visual
    if getattr(visual, "kind", None) == "face":
        h.update(np.ascontiguousarray(visual.face_colors).tobytes())
    return h.hexdigest()


@dataclass
class _Node:
    key: str
    frame: Any
    mesh: Any
    bbox: Any
    axes: Any


class SceneView:
    """The objects shown in a viser server, with the mesh / bbox / axes toggles."""

    def __init__(self, server: Any) -> None:
        self.server = server
        self.nodes: dict[str, _Node] = {}
        self.objects: list[ViewObject] = []
        self.poses: dict[str, np.ndarray] = {}
        self.show_meshes = True
        self.show_bboxes = False
        self.show_axes = False
        self._glb: dict[str, bytes] = {}
        self._grid: Any = None
        self._extent = 0.0
        # GUI callbacks and jobs run on different threads; one change of the scene at a time.
        self.lock = threading.RLock()

    def show(self, objects: Sequence[ViewObject], reframe: bool = False) -> None:
        """Show exactly these objects (reusing nodes by name); `reframe` moves every camera onto them."""
        with self.lock:
            with self.server.atomic():
                for name in [n for n in self.nodes if n not in {o.name for o in objects}]:
                    self.nodes.pop(name).frame.remove()
                    self.poses.pop(name, None)
                for obj in objects:
                    self._put(obj)
            self.objects = list(objects)
            if reframe:
                self._ground(objects)
                self.frame_cameras()

    def set_poses(self, poses: np.ndarray) -> None:
        """Move the shown objects to rigid poses (N, 4, 4), in the order of `self.objects`."""
        with self.lock, self.server.atomic():
            for obj, pose in zip(self.objects, poses, strict=True):
                node = self.nodes[obj.name]
                node.frame.position = np.asarray(pose)[:3, 3]
                node.frame.wxyz = pose_wxyz(pose)
                self.poses[obj.name] = np.asarray(pose, dtype=np.float64)

    def current_poses(self) -> dict[str, np.ndarray]:
        """Rigid world pose of every shown object, by name, as on screen now."""
        with self.lock:
            return dict(self.poses)

    def set_toggles(self, meshes: bool, bboxes: bool, axes: bool) -> None:
        """Show or hide meshes, bounding boxes and object axes."""
        with self.lock:
            self.show_meshes, self.show_bboxes, self.show_axes = meshes, bboxes, axes
            with self.server.atomic():
                for node in self.nodes.values():
                    node.mesh.visible = meshes
                    node.bbox.visible = bboxes
                    node.axes.visible = axes

    def clear(self) -> None:
        """Remove every shown object."""
        self.show([])

    def frame_cameras(self) -> None:
        """Point the initial camera and every connected client's camera at the shown objects."""
        position, look_at = framing(self.objects)
        self.server.initial_camera.position = position
        self.server.initial_camera.look_at = look_at
        for client in self.server.get_clients().values():
            with client.atomic():
                client.camera.position = position
                client.camera.look_at = look_at

    def _put(self, obj: ViewObject) -> None:
        key = mesh_key(obj)
        node = self.nodes.get(obj.name)
        if node is not None and node.key != key:
            node.frame.remove()
            node = None
        name = f"{ROOT}/{obj.name}"
        size = tuple(float(v) for v in obj.size)
        if node is None:
            if key not in self._glb:
                self._glb[key] = glb_bytes(obj.mesh)
            frame = self.server.scene.add_frame(name, show_axes=False)
            axes_length = max(0.6 * max(size), 0.02)
            node = _Node(
                key,
                frame,
                self.server.scene.add_glb(
                    f"{name}/mesh", self._glb[key], scale=size, visible=self.show_meshes
                ),
                None,
                self.server.scene.add_frame(
                    f"{name}/axes",
                    axes_length=axes_length,
                    axes_radius=axes_length * 0.03,
                    visible=self.show_axes,
                ),
            )
            self.nodes[obj.name] = node
        else:
            node.mesh.scale = size
            node.bbox.remove()
        node.bbox = self.server.scene.add_line_segments(
            f"{name}/bbox",
            bbox_segments(obj.size).astype(np.float32),
            BBOX_COLORS.get(obj.role, (230, 120, 30)),
            thickness=2.0,
            thickness_units="screen",
            visible=self.show_bboxes,
        )
        node.frame.position = np.asarray(obj.pose)[:3, 3]
        node.frame.wxyz = pose_wxyz(obj.pose)
        self.poses[obj.name] = np.asarray(obj.pose, dtype=np.float64)

    def _ground(self, objects: Sequence[ViewObject]) -> None:
        """A floor grid at y = 0 sized to the objects (1 cm cells for tabletop pairs, 0.5 m for rooms)."""
        extent = scene_extent(objects)
        if self._grid is not None and np.isclose(extent, self._extent, rtol=0.25):
            return
        self._extent = extent
        cell = float(10 ** np.floor(np.log10(max(extent, 1e-3) / 4)))
        width = float(np.ceil(extent * 3 / cell) * cell)
        if self._grid is not None:
            self._grid.remove()
        self._grid = self.server.scene.add_grid(
            "/grid", width=width, height=width, plane="xz", cell_size=cell, section_size=cell * 10
        )

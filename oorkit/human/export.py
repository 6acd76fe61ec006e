"""Motion outputs: motion.json (per-frame poses), motion.glb (animated), a GIF, a strip and metrics.json."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import trimesh

from oorkit.errors import OORKitError
from oorkit.files import atomic_output, read_document, write_json
from oorkit.human.body import JOINTS
from oorkit.human.motion import MotionResult, StartPose
from oorkit.scene.file import save_scene, scene_meshes

FPS = 24


def motion_document(result: MotionResult) -> dict[str, Any]:
    """Per-frame body joint angles and grips, object instance transforms and the body placement."""
    return {
        "context": result.context,
        "held": result.held,
        "steady": result.steady,
        "fps": FPS,
        "body": {
            "model": "anny (topology anny, rig anny)",
            "phenotype": dict(result.phenotype),
            "frame": "body frame: +y up, facing +z, origin on the floor under the pelvis",
            "body_to_world": result.body_transform.tolist(),
            "joints": [j.bone for j in JOINTS],
            "angle_axes": ["flexion", "abduction", "twist"],
        },
        "frames": [
            {
                "frame": f,
                "time": f / FPS,
                "joint_angles_rad": result.angles[f].round(6).tolist(),
                "grip": result.grips[f].round(6).tolist(),
                "objects": {
                    oid: result.object_frames[f, i].round(6).tolist()
                    for i, oid in enumerate(result.object_ids)
                },
            }
            for f in range(len(result.object_frames))
        ],
        "metrics": result.metrics,
    }


def read_start_pose(path: Path, frame: int = 0) -> StartPose:
    """A start pose from a motion.json (one of its frames) or a JSON with joint_angles_rad and grip."""
    doc = read_document(path, "start pose", fmt="json")
    entry = doc
    if isinstance(doc, dict) and isinstance(doc.get("frames"), list):
        if not -len(doc["frames"]) <= frame < len(doc["frames"]):
            raise OORKitError(f"{path}: has {len(doc['frames'])} frames, not frame {frame}")
        entry = doc["frames"][frame]
    if not isinstance(entry, dict) or "joint_angles_rad" not in entry or "grip" not in entry:
        raise OORKitError(f"{path}: a start pose is a motion.json or a JSON with joint_angles_rad and grip")
    try:
        return StartPose(
            np.asarray(entry["joint_angles_rad"], dtype=float), np.asarray(entry["grip"], dtype=float)
        )
    except (TypeError, ValueError) as error:
        raise OORKitError(f"{path}: joint_angles_rad and grip must be numbers ({error})") from None


def write_motion_glb(result: MotionResult, path: Path) -> Path:
    """Objects as node animations and the body as per-frame morph targets, one key per frame at 24 fps."""
    from oorkit.render.animation import MorphMesh, export_animated_glb

    names, meshes, _ = scene_meshes(result.scene)
    body = MorphMesh("body", result.body_vertices, result.body_faces, extras={"model": "anny"})
    return export_animated_glb(
        names,
        meshes,
        result.object_frames,
        path,
        seconds_per_frame=1 / FPS,
        animation_name="motion",
        morph=body,
    )


def _render_frames(result: MotionResult, picks: list[int], resolution: int) -> list[np.ndarray]:
    """One fixed camera (framed on the first and last frames), looking at the body's front-right."""
    from oorkit.render import render_views
    from oorkit.render.cameras import look_at

    _, meshes, _ = scene_meshes(result.scene)
    world = result.body_transform
    middle = result.body_vertices.mean(axis=1)
    centre = 0.5 * (middle[0] + middle[-1]) + world[:3, :3] @ np.array([0.0, -0.1, 0.35])
    eye = centre + world[:3, :3] @ np.array([-1.6, 0.9, 2.2])
    camera = look_at(eye, centre)[None]
    images = []
    for f in picks:
        body = trimesh.Trimesh(
            result.body_vertices[f], result.body_faces, process=False, face_colors=[205, 160, 135, 255]
        )
        transforms = [*result.object_frames[f], np.eye(4)]
        images.append(
            render_views(
                [*meshes, body], transforms, cameras=camera, resolution=(resolution, resolution)
            ).rgb[0]
        )
    return images


def write_motion_gif(result: MotionResult, path: Path, resolution: int = 320, frames: int = 20) -> Path:
    """A GIF of the motion from one fixed camera."""
    from PIL import Image

    picks = np.unique(np.linspace(0, len(result.object_frames) - 1, frames).round().astype(int)).tolist()
    images = _render_frames(result, picks, resolution)
    with atomic_output(path) as tmp:
        Image.fromarray(images[0]).save(
            tmp,
            format="GIF",
            save_all=True,
            append_images=[Image.fromarray(x) for x in images[1:]],
            duration=int(1000 * len(result.object_frames) / FPS / len(images)),
            loop=0,
        )
    return path


def write_motion_strip(result: MotionResult, path: Path, resolution: int = 320) -> Path:
    """First, middle and last frames side by side (the pictures in the docs)."""
    from oorkit.render import save_png

    last = len(result.object_frames) - 1
    return save_png(np.concatenate(_render_frames(result, [0, last // 2, last], resolution), axis=1), path)


def write_motion(result: MotionResult, out: Path, resolution: int = 320, gif: bool = True) -> list[Path]:
    """Write scene.json (start), motion.json, motion.glb, metrics.json, motion.gif and motion.png to `out`."""
    out.mkdir(parents=True, exist_ok=True)
    written = [
        save_scene(result.scene, out / "scene.json"),
        write_json(out / "motion.json", motion_document(result)),
        write_motion_glb(result, out / "motion.glb"),
        write_json(out / "metrics.json", result.metrics),
    ]
    if gif:
        written += [write_motion_gif(result, out / "motion.gif", resolution)]
        written += [write_motion_strip(result, out / "motion.png", resolution)]
    return written

"""The human body: an adapter over Anny (NAVER Labs, Apache-2.0, MakeHuman CC0 assets), in our frame.

Anny is Z-up, faces -Y, puts its pelvis at the origin and poses its 104 bones with one delta per bone in
world-aligned rest axes ("local-ref"). OORKit's *body frame* is Y-up, faces +Z (left hand at +X), with the
origin on the floor under the pelvis; `to_body` maps one to the other. The joints the motion drives are
parameterised by anatomical angles (flexion, abduction, twist) about axes measured on the rest skeleton,
so that joint limits are boxes in degrees (`oorkit.human.prior`). Legs and root are not driven: the feet
stay where they stand.

Only the `anny` topology and rig are used: they run offline. The first load builds Anny's cache (about
1.5 min on two CPU cores, 51 MB kept) under the user cache folder; it is a visible, one-time step.
"""

from __future__ import annotations

import functools
import os
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch

from oorkit.errors import OORKitError
from oorkit.files import cache_dir

# Anny (x, y, z), Z up and facing -Y  →  body frame (x, z, -y), Y up and facing +Z.
ANNY_TO_BODY = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, -1.0, 0.0]])
SIDES = ("R", "L")
FINGERS = (1, 2, 3, 4, 5)  # 1 is the thumb


@dataclass(frozen=True)
class JointSpec:
    """A driven joint: its Anny bone, where flexion and abduction move it, and its limits in degrees."""

    bone: str
    flexion_toward: str  # "forward", "up", "palm" or "parent" (a hinge closing on its parent bone)
    abduction_toward: str  # "out", "up", "thumb" or "none"
    flexion: tuple[float, float]
    abduction: tuple[float, float]
    twist: tuple[float, float]
    rest_weight: float = 1.0  # how much the rest-pose prior holds this joint back


def _arm(side: str) -> list[JointSpec]:
    return [
        JointSpec(f"clavicle.{side}", "forward", "up", (-15, 15), (-10, 20), (0, 0), 4.0),
        JointSpec(f"upperarm01.{side}", "forward", "out", (-40, 150), (-30, 100), (-70, 70), 0.5),
        JointSpec(f"lowerarm01.{side}", "parent", "none", (-5, 135), (0, 0), (0, 0), 0.2),
        JointSpec(f"lowerarm02.{side}", "forward", "none", (0, 0), (0, 0), (-85, 85), 0.2),
        JointSpec(f"wrist.{side}", "palm", "thumb", (-60, 70), (-25, 25), (0, 0), 0.5),
    ]


# Spine05 turns the whole upper body about the hips (the legs stay); lateral bending is held hardest by the
# rest prior, which keeps reaching poses from bending the spine sideways.
JOINTS: tuple[JointSpec, ...] = (
    JointSpec("spine05", "forward", "out", (-10, 50), (-5, 5), (-20, 20), 3.0),
    JointSpec("spine04", "forward", "out", (-5, 15), (-3, 3), (-10, 10), 6.0),
    JointSpec("spine03", "forward", "out", (-5, 15), (-3, 3), (-10, 10), 6.0),
    JointSpec("spine02", "forward", "out", (-5, 15), (-3, 3), (-10, 10), 6.0),
    JointSpec("spine01", "forward", "out", (-5, 15), (-3, 3), (-10, 10), 6.0),
    JointSpec("neck01", "forward", "out", (-20, 35), (-8, 8), (-45, 45), 1.0),
    JointSpec("head", "forward", "out", (-20, 25), (-8, 8), (-30, 30), 1.0),
    *_arm("R"),
    *_arm("L"),
)
# Mass fractions of the body's segments (de Leva 1996, adult average), by Anny bone-name prefix.
SEGMENT_MASSES: tuple[tuple[tuple[str, ...], float], ...] = (
    (("head", "neck", "eye"), 0.069),
    (("spine", "root", "pelvis", "clavicle", "shoulder"), 0.433),
    (("upperarm",), 0.054),
    (("lowerarm",), 0.032),
    (("wrist", "metacarpal", "finger"), 0.012),
    (("upperleg",), 0.283),
    (("lowerleg",), 0.087),
    (("foot", "toe"), 0.027),
)
# Finger flexion per phalanx at a full grip (degrees); thumb first. A grip g in [0, 1] scales it.
GRIP_FLEXION = {1: (25.0, 35.0, 40.0), 2: (70.0, 90.0, 60.0), 3: (70.0, 90.0, 60.0), 4: (70.0, 90.0, 60.0)}
GRIP_FLEXION[5] = (70.0, 90.0, 60.0)


def anny_cache_dir() -> Path:
    """Where Anny's built model data lives: <user cache>/anny."""
    return cache_dir() / "anny"


def _import_anny() -> Any:
    try:
        import anny
    except ImportError as error:
        raise OORKitError(
            "human motion needs the body model: pip install -e '.[human]' (anny, Apache-2.0)"
        ) from error
    return anny


def _prune_cache(folder: Path) -> None:
    """Drop Anny's intermediate build files (740 MB): only the compact model data is read again."""
    for path in folder.glob("v*/*.safetensors"):
        if not path.name.startswith("build_compact_model_data_"):
            path.unlink(missing_ok=True)


@functools.cache
def load_anny() -> Any:
    """The Anny model (anny topology and rig, float64 on the CPU), built once into the user cache."""
    anny = _import_anny()

    folder = anny_cache_dir()
    anny.paths.set_anny_cache_path(folder)  # the package imports anny.paths itself
    first = not any(folder.glob("v*/build_compact_model_data_*.safetensors"))
    if first:
        print(
            f"body: building the Anny body model once into {folder} (about 1.5 min, 51 MB kept) …",
            file=sys.stderr,
            flush=True,
        )
    start = time.perf_counter()
    with _quiet_warp():
        model = anny.Anny(rig="anny", topology="anny")
    if first:
        _prune_cache(folder)
        print(f"body: built in {time.perf_counter() - start:.0f} s", file=sys.stderr, flush=True)
    return model.eval()


class _quiet_warp:
    """Silence warp's start-up banner and kernel-load lines (stdout) unless --verbose."""

    def __enter__(self) -> None:
        if os.environ.get("OORKIT_VERBOSE"):
            return
        try:
            import warp
        except ImportError:  # anny without warp falls back to torch skinning
            return
        warp.config.log_level = getattr(warp, "LOG_ERROR", 40)

    def __exit__(self, *exc: object) -> None:
        return None


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.linalg.norm(v, axis=-1, keepdims=True)


@dataclass
class Body:
    """A posable body: Anny plus the driven joints' anatomical axes and the vertex regions we use."""

    model: Any
    rest_vertices: np.ndarray  # (V, 3) body frame
    faces: np.ndarray  # (F, 3)
    bone_index: dict[str, int]
    axes: torch.Tensor  # (J, 3, 3): columns = flexion, abduction, twist axes (Anny world)
    lower: torch.Tensor  # (J, 3) radians
    upper: torch.Tensor  # (J, 3) radians
    rest_weight: torch.Tensor  # (J,)
    finger_axes: dict[str, torch.Tensor]  # side -> (15, 3) flexion axis per finger bone (Anny world)
    finger_bones: dict[str, list[int]]  # side -> the 15 phalanx bone indices
    finger_flexion: torch.Tensor  # (15,) radians at a full grip
    regions: dict[str, np.ndarray]  # vertex index sets: hand.R, palm.R, tips.R, arm.R, … , soles
    floor_offset: float  # Anny's lowest rest vertex z (the feet)
    segments: list[np.ndarray]  # vertex ids of each body segment (SEGMENT_MASSES order)
    segment_masses: torch.Tensor  # (S,) mass fractions, summing to 1

    def centre_of_mass(self, vertices: torch.Tensor) -> torch.Tensor:
        """Centre of mass (B, 3): segment centroids weighted by their mass fractions."""
        centroids = torch.stack([vertices[:, ids].mean(dim=1) for ids in self.segments], dim=1)
        return (centroids * self.segment_masses[None, :, None]).sum(dim=1)

    @property
    def joint_count(self) -> int:
        """Number of driven joints (three angles each)."""
        return len(self.axes)

    def pose(self, angles: torch.Tensor, grip: torch.Tensor) -> torch.Tensor:
        """Body-frame vertices (B, V, 3) for joint angles (B, J, 3) and grips (B, 2) as (right, left)."""
        deltas = self.deltas(angles, grip)
        vertices = self.model(deltas)["vertices"]
        return self.to_body(vertices)

    def deltas(self, angles: torch.Tensor, grip: torch.Tensor) -> torch.Tensor:
        """Anny's (B, 104, 4, 4) local-ref deltas for joint angles and grips."""
        batch = angles.shape[0]
        rotvec = torch.zeros(batch, len(self.bone_index), 3, dtype=angles.dtype)
        index = torch.tensor([self.bone_index[j.bone] for j in JOINTS])
        rotvec = rotvec.index_copy(1, index, torch.einsum("jab,njb->nja", self.axes, angles))
        for k, side in enumerate(SIDES):
            bones = torch.tensor(self.finger_bones[side])
            flex = grip[:, k, None, None] * self.finger_flexion[None, :, None] * self.finger_axes[side][None]
            rotvec = rotvec.index_copy(1, bones, flex)
        eye = torch.eye(4, dtype=angles.dtype).expand(batch, len(self.bone_index), 4, 4).clone()
        eye[..., :3, :3] = _rotvec_to_matrix(rotvec)
        return eye

    def to_body(self, anny_points: torch.Tensor) -> torch.Tensor:
        """Anny coordinates → body frame (Y up, facing +Z, feet on y = 0)."""
        m = torch.as_tensor(ANNY_TO_BODY, dtype=anny_points.dtype)
        out = anny_points @ m.T
        return out + torch.tensor([0.0, -self.floor_offset, 0.0], dtype=anny_points.dtype)

    def rest_angles(self, batch: int = 1) -> tuple[torch.Tensor, torch.Tensor]:
        """Zero angles and open hands."""
        return (
            torch.zeros(batch, self.joint_count, 3, dtype=torch.float64),
            torch.zeros(batch, 2, dtype=torch.float64),
        )


def _rotvec_to_matrix(rotvec: torch.Tensor) -> torch.Tensor:
    import roma

    return roma.rotvec_to_rotmat(rotvec)


def _direction(name: str, side_sign: float, palm: np.ndarray, thumb: np.ndarray) -> np.ndarray:
    """An anatomical direction in Anny's world frame (side_sign: -1 right, +1 left, 0 midline)."""
    table = {
        "forward": np.array([0.0, -1.0, 0.0]),
        "up": np.array([0.0, 0.0, 1.0]),
        "out": np.array([side_sign or -1.0, 0.0, 0.0]),
        "palm": palm,
        "thumb": thumb,
    }
    return table[name]


def _axes(u: np.ndarray, toward: np.ndarray) -> np.ndarray:
    """The axis about which a positive rotation turns direction u toward `toward`."""
    axis = np.cross(u, toward)
    norm = np.linalg.norm(axis)
    if norm < 1e-6:
        raise ValueError("degenerate joint axis")
    return axis / norm


@functools.cache
def load_body() -> Body:
    """The default body (Anny's average phenotype), with its joints and regions measured at rest."""
    model = load_anny()
    with torch.no_grad():
        rest = model(None)
    labels = list(model.bone_labels)
    index = {name: i for i, name in enumerate(labels)}
    poses = rest["bone_poses"][0].numpy()  # (104, 4, 4) Anny world
    heads = poses[:, :3, 3]
    along = _unit(poses[:, :3, 1])  # Blender convention: a bone's +y runs head → tail
    vertices = rest["vertices"][0].numpy()
    weights = model.vertex_bone_weights.numpy()
    bones_of = model.vertex_bone_indices.numpy()
    dominant = bones_of[np.arange(len(bones_of)), weights.argmax(1)]
    parents = [int(p) for p in model.bone_parents]

    def verts_of(names: list[str]) -> np.ndarray:
        ids = [index[n] for n in names]
        return np.flatnonzero(np.isin(dominant, ids))

    regions: dict[str, np.ndarray] = {}
    palm_normal: dict[str, np.ndarray] = {}
    thumb_dir: dict[str, np.ndarray] = {}
    for side in SIDES:
        hand_bones = [
            b
            for b in labels
            if b.endswith(f".{side}") and (b.startswith(("finger", "metacarpal")) or b == f"wrist.{side}")
        ]
        arm_bones = [
            *hand_bones,
            f"lowerarm01.{side}",
            f"lowerarm02.{side}",
            f"upperarm01.{side}",
            f"upperarm02.{side}",
            f"shoulder01.{side}",
        ]
        regions[f"hand.{side}"] = verts_of(hand_bones)
        regions[f"arm.{side}"] = verts_of(arm_bones)
        regions[f"shoulder.{side}"] = verts_of([f"upperarm01.{side}"])
        regions[f"tips.{side}"] = verts_of([f"finger{f}-3.{side}" for f in FINGERS])
        knuckles = heads[[index[f"finger{f}-1.{side}"] for f in (2, 3, 4, 5)]]
        across = _unit(knuckles[0] - knuckles[3])  # pinky → index
        length = _unit(knuckles[1] - heads[index[f"wrist.{side}"]])
        # The palm faces the thigh at rest: of the two normals, the one pointing to the body's midline.
        normal = _unit(np.cross(across, length))
        if normal[0] * (1.0 if side == "R" else -1.0) < 0:
            normal = -normal
        palm_normal[side], thumb_dir[side] = normal, across
        metacarpal = verts_of([f"metacarpal{f}.{side}" for f in (1, 2, 3, 4)])
        centre = vertices[metacarpal].mean(0)
        palm_side = (vertices[metacarpal] - centre) @ normal > 0
        regions[f"palm.{side}"] = metacarpal[palm_side]
        regions[f"back.{side}"] = metacarpal[~palm_side]
        regions[f"index.{side}"] = verts_of([f"finger2-1.{side}"])
        regions[f"pinky.{side}"] = verts_of([f"finger5-1.{side}"])
    segments, masses = [], []
    for prefixes, mass in SEGMENT_MASSES:
        ids = verts_of([b for b in labels if b.startswith(prefixes)])
        segments.append(ids)
        masses.append(mass)
    foot_bones = [b for b in labels if b.startswith(("foot", "toe"))]
    feet = verts_of(foot_bones)
    regions["soles"] = feet[vertices[feet, 2] < vertices[:, 2].min() + 0.015]

    axes, lower, upper, rest_weight = [], [], [], []
    for joint in JOINTS:
        side = joint.bone.rsplit(".", 1)[1] if "." in joint.bone else ""
        sign = {"R": -1.0, "L": 1.0}.get(side, 0.0)
        i = index[joint.bone]
        u = along[i]
        palm, thumb = palm_normal.get(side or "R"), thumb_dir.get(side or "R")
        assert palm is not None and thumb is not None
        if joint.flexion_toward == "parent":
            flex = _axes(u, -along[parents[i]])  # a hinge closing the child onto its parent
        else:
            flex = _axes(u, _direction(joint.flexion_toward, sign, palm, thumb))
        twist = u
        abd = np.cross(twist, flex)
        if joint.abduction_toward != "none":
            toward = _direction(joint.abduction_toward, sign, palm, thumb)
            if np.dot(np.cross(abd, u), toward) < 0:
                abd = -abd
        axes.append(np.stack([flex, abd, twist], axis=1))
        lower.append(np.radians([joint.flexion[0], joint.abduction[0], joint.twist[0]]))
        upper.append(np.radians([joint.flexion[1], joint.abduction[1], joint.twist[1]]))
        rest_weight.append(joint.rest_weight)

    finger_axes, finger_bones = {}, {}
    flexion = []
    for side in SIDES:
        bones, fa = [], []
        for f in FINGERS:
            for k in (1, 2, 3):
                i = index[f"finger{f}-{k}.{side}"]
                bones.append(i)
                toward = palm_normal[side] if f != 1 else _unit(palm_normal[side] - thumb_dir[side])
                fa.append(_axes(along[i], toward))
                if side == "R":
                    flexion.append(GRIP_FLEXION[f][k - 1])
        finger_bones[side] = bones
        finger_axes[side] = torch.as_tensor(np.stack(fa))

    floor = float(vertices[:, 2].min())
    body_vertices = vertices @ ANNY_TO_BODY.T + np.array([0.0, -floor, 0.0])
    return Body(
        model=model,
        rest_vertices=body_vertices,
        faces=model.get_triangular_faces().numpy().astype(np.int64),
        bone_index=index,
        axes=torch.as_tensor(np.stack(axes)),
        lower=torch.as_tensor(np.stack(lower)),
        upper=torch.as_tensor(np.stack(upper)),
        rest_weight=torch.as_tensor(rest_weight, dtype=torch.float64),
        finger_axes=finger_axes,
        finger_bones=finger_bones,
        finger_flexion=torch.as_tensor(np.radians(flexion)),
        regions=regions,
        floor_offset=floor,
        segments=segments,
        segment_masses=torch.as_tensor(masses, dtype=torch.float64) / sum(masses),
    )


def clear_cache() -> None:
    """Remove the built body model from the user cache (it is rebuilt on next use)."""
    shutil.rmtree(anny_cache_dir(), ignore_errors=True)

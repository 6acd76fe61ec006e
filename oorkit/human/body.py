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
    """Silence warp's start-up banner and its C-level "no CUDA driver" line (stderr) unless --verbose."""

    def __init__(self) -> None:
        self.saved: int | None = None

    def __enter__(self) -> None:
        if os.environ.get("OORKIT_VERBOSE"):
            return
        try:
            import warp
        except ImportError:  # anny without warp falls back to torch skinning
            return
        warp.config.log_level = getattr(warp, "LOG_ERROR", 40)
        sys.stderr.flush()
        self.saved = os.dup(2)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)

    def __exit__(self, *exc: object) -> None:
        if self.saved is not None:
            os.dup2(self.saved, 2)
            os.close(self.saved)
            self.saved = None


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
    rest_anny_vertices: torch.Tensor  # (1, V, 3) Anny frame, the phenotype's rest shape
    rest_bone_poses: torch.Tensor  # (1, 104, 4, 4) Anny frame
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
        # Anny's forward pass minus its rest model, which depends on the phenotype only (computed once).
        transforms, _ = self.model.get_bone_transforms(deltas, self.rest_bone_poses)
        rest = self.rest_anny_vertices.expand(transforms.shape[0], -1, -1)
        return self.to_body(self.model.get_skinned_vertices(rest, transforms))

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


@dataclass(frozen=True)
class _Rest:
    """Anny's rest skeleton and skin, as measured once to set up the body."""

    labels: list[str]
    index: dict[str, int]
    heads: np.ndarray  # (104, 3) bone heads, Anny world
    along: np.ndarray  # (104, 3) unit head → tail directions
    parents: list[int]
    vertices: np.ndarray  # (V, 3) Anny world
    dominant: np.ndarray  # (V,) the bone with the largest skinning weight

    def verts_of(self, names: list[str]) -> np.ndarray:
        """Vertex ids whose dominant bone is one of `names`."""
        return np.flatnonzero(np.isin(self.dominant, [self.index[n] for n in names]))


def _hand_regions(rest: _Rest) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Vertex regions of the hands and arms, and each hand's palm normal and pinky → index direction."""
    regions: dict[str, np.ndarray] = {}
    palm_normal: dict[str, np.ndarray] = {}
    thumb_dir: dict[str, np.ndarray] = {}
    for side in SIDES:
        hand = [
            b
            for b in rest.labels
            if b.endswith(f".{side}") and (b.startswith(("finger", "metacarpal")) or b == f"wrist.{side}")
        ]
        arm = [*hand, *(f"{b}.{side}" for b in ("lowerarm01", "lowerarm02", "upperarm01", "upperarm02"))]
        regions[f"hand.{side}"] = rest.verts_of(hand)
        regions[f"arm.{side}"] = rest.verts_of([*arm, f"shoulder01.{side}"])
        regions[f"shoulder.{side}"] = rest.verts_of([f"upperarm01.{side}"])
        regions[f"tips.{side}"] = rest.verts_of([f"finger{f}-3.{side}" for f in FINGERS])
        knuckles = rest.heads[[rest.index[f"finger{f}-1.{side}"] for f in (2, 3, 4, 5)]]
        across = _unit(knuckles[0] - knuckles[3])  # pinky → index
        length = _unit(knuckles[1] - rest.heads[rest.index[f"wrist.{side}"]])
        # The palm faces the thigh at rest: of the two normals, the one pointing to the body's midline.
        normal = _unit(np.cross(across, length))
        if normal[0] * (1.0 if side == "R" else -1.0) < 0:
            normal = -normal
        palm_normal[side], thumb_dir[side] = normal, across
        metacarpal = rest.verts_of([f"metacarpal{f}.{side}" for f in (1, 2, 3, 4)])
        centre = rest.vertices[metacarpal].mean(0)
        palm_side = (rest.vertices[metacarpal] - centre) @ normal > 0
        regions[f"palm.{side}"] = metacarpal[palm_side]
        regions[f"back.{side}"] = metacarpal[~palm_side]
        regions[f"index.{side}"] = rest.verts_of([f"finger2-1.{side}"])
        regions[f"pinky.{side}"] = rest.verts_of([f"finger5-1.{side}"])
    feet = rest.verts_of([b for b in rest.labels if b.startswith(("foot", "toe"))])
    regions["soles"] = feet[rest.vertices[feet, 2] < rest.vertices[:, 2].min() + 0.015]
    return regions, palm_normal, thumb_dir


def _joint_axes(
    rest: _Rest, palm_normal: dict[str, np.ndarray], thumb_dir: dict[str, np.ndarray]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per driven joint: anatomical axes (J, 3, 3) as columns, and lower/upper limits (J, 3) in radians."""
    axes, lower, upper = [], [], []
    for joint in JOINTS:
        side = joint.bone.rsplit(".", 1)[1] if "." in joint.bone else "R"
        sign = {"R": -1.0, "L": 1.0}[side] if "." in joint.bone else 0.0
        i = rest.index[joint.bone]
        u = rest.along[i]
        palm, thumb = palm_normal[side], thumb_dir[side]
        if joint.flexion_toward == "parent":
            flex = _axes(u, -rest.along[rest.parents[i]])  # a hinge closing the child onto its parent
        else:
            flex = _axes(u, _direction(joint.flexion_toward, sign, palm, thumb))
        abd = np.cross(u, flex)
        if joint.abduction_toward != "none":
            toward = _direction(joint.abduction_toward, sign, palm, thumb)
            if np.dot(np.cross(abd, u), toward) < 0:
                abd = -abd
        axes.append(np.stack([flex, abd, u], axis=1))
        lower.append(np.radians([joint.flexion[0], joint.abduction[0], joint.twist[0]]))
        upper.append(np.radians([joint.flexion[1], joint.abduction[1], joint.twist[1]]))
    return np.stack(axes), np.stack(lower), np.stack(upper)


def _finger_axes(
    rest: _Rest, palm_normal: dict[str, np.ndarray], thumb_dir: dict[str, np.ndarray]
) -> tuple[dict[str, torch.Tensor], dict[str, list[int]], np.ndarray]:
    """Per hand: the phalanges' flexion axes (towards the palm) and bone ids; full-grip angles (degrees)."""
    finger_axes, finger_bones = {}, {}
    for side in SIDES:
        bones, fa = [], []
        for f in FINGERS:
            for k in (1, 2, 3):
                i = rest.index[f"finger{f}-{k}.{side}"]
                bones.append(i)
                toward = palm_normal[side] if f != 1 else _unit(palm_normal[side] - thumb_dir[side])
                fa.append(_axes(rest.along[i], toward))
        finger_bones[side] = bones
        finger_axes[side] = torch.as_tensor(np.stack(fa))
    flexion = np.array([GRIP_FLEXION[f][k - 1] for f in FINGERS for k in (1, 2, 3)])
    return finger_axes, finger_bones, flexion


PHENOTYPES = ("gender", "age", "muscle", "weight", "height", "proportions")


def check_phenotype(phenotype: dict[str, float]) -> tuple[tuple[str, float], ...]:
    """Phenotype values in [0, 1] by name (gender 0 female … 1 male; age, muscle, weight, height, proportions
    from low to high; 0.5 is Anny's average), as a sorted, hashable tuple."""
    bad = [k for k in phenotype if k not in PHENOTYPES]
    if bad:
        raise OORKitError(f"unknown phenotype {', '.join(bad)}: use {', '.join(PHENOTYPES)}")
    out = [(k, float(v)) for k, v in sorted(phenotype.items())]
    wrong = [f"{k} = {v}" for k, v in out if not 0.0 <= v <= 1.0]
    if wrong:
        raise OORKitError(f"phenotype values lie in [0, 1]: {', '.join(wrong)}")
    return tuple(out)


@functools.cache
def load_body(phenotype: tuple[tuple[str, float], ...] = ()) -> Body:
    """A body of the given phenotype (`check_phenotype`; default Anny's average), measured at rest."""
    model = load_anny()
    kwargs = dict(phenotype) or None
    with torch.no_grad():
        posed = model(None, phenotype_kwargs=kwargs)
        _, phenotype_t, local, facial = model.get_tensor_inputs(None, kwargs, None, None)
        coefficients = model._get_phenotype_blendshape_coefficients(phenotype_t, local, facial)
        rest_model = model.get_rest_model(coefficients)
    labels = list(model.bone_labels)
    poses = posed["bone_poses"][0].numpy()  # (104, 4, 4) Anny world
    weights, bones_of = model.vertex_bone_weights.numpy(), model.vertex_bone_indices.numpy()
    rest = _Rest(
        labels=labels,
        index={name: i for i, name in enumerate(labels)},
        heads=poses[:, :3, 3],
        along=_unit(poses[:, :3, 1]),  # Blender convention: a bone's +y runs head → tail
        parents=[int(p) for p in model.bone_parents],
        vertices=posed["vertices"][0].numpy(),
        dominant=bones_of[np.arange(len(bones_of)), weights.argmax(1)],
    )
    regions, palm_normal, thumb_dir = _hand_regions(rest)
    axes, lower, upper = _joint_axes(rest, palm_normal, thumb_dir)
    finger_axes, finger_bones, flexion = _finger_axes(rest, palm_normal, thumb_dir)
    segments = [
        rest.verts_of([b for b in labels if b.startswith(prefixes)]) for prefixes, _ in SEGMENT_MASSES
    ]
    masses = torch.as_tensor([m for _, m in SEGMENT_MASSES], dtype=torch.float64)
    floor = float(rest.vertices[:, 2].min())
    return Body(
        model=model,
        rest_vertices=rest.vertices @ ANNY_TO_BODY.T + np.array([0.0, -floor, 0.0]),
        faces=model.get_triangular_faces().numpy().astype(np.int64),
        bone_index=rest.index,
        axes=torch.as_tensor(axes),
        lower=torch.as_tensor(lower),
        upper=torch.as_tensor(upper),
        rest_weight=torch.as_tensor([j.rest_weight for j in JOINTS], dtype=torch.float64),
        finger_axes=finger_axes,
        finger_bones=finger_bones,
        finger_flexion=torch.as_tensor(np.radians(flexion)),
        regions=regions,
        floor_offset=floor,
        rest_anny_vertices=rest_model["rest_vertices"],
        rest_bone_poses=rest_model["rest_bone_poses"],
        segments=segments,
        segment_masses=masses / masses.sum(),
    )


def clear_cache() -> None:
    """Remove the built body model from the user cache (it is rebuilt on next use)."""
    shutil.rmtree(anny_cache_dir(), ignore_errors=True)

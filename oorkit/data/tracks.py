"""Import recorded pose tracks of two objects (e.g. motion capture such as ParaHome) as OOR samples.

Track files
-----------
* NPZ with `base` and `target` arrays of world poses (T, 4, 4), or `base_position` (T, 3) +
  `base_quaternion` (T, 4, xyzw) and the same for `target`.
* CSV with a header `frame,object,x,y,z,qx,qy,qz,qw`, `object` being `base` or `target`.

A pose maps the object's *mesh frame* to the world. With the object's mesh (and its up/front axes) the
mesh frame is related to its canonical bbox frame by canonicalisation; with only a bbox size the mesh
frame is taken to be the canonical bbox-centre frame (+y up, front +z). φ then follows Eqs. 5–6.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from oorkit.assets import canonicalize, load_mesh_file, unit_scale
from oorkit.data.format import SampleRow
from oorkit.errors import InvalidFileError
from oorkit.geometry import make_transform, quat_to_matrix
from oorkit.oor import from_instance_transforms


@dataclass(frozen=True)
class TrackedObject:
    """How an object's tracked frame relates to its canonical bbox: a mesh (+ axes, units) or a bbox size."""

    category: str
    mesh: str | None = None
    up: str = "+y"
    front: str = "+z"
    units: str | float = "m"
    size: tuple[float, float, float] | None = None

    def canonical_from_mesh_frame(self) -> np.ndarray:
        """4x4 mapping the scale-normalised canonical box to the tracked mesh frame (metres)."""
        if self.mesh is None:
            if self.size is None:
                raise InvalidFileError(f"{self.category}: give a mesh or a bbox size for the tracked object")
            return np.diag([*self.size, 1.0])
        _, info = canonicalize(load_mesh_file(self.mesh), self.up, self.front)
        scale = unit_scale(self.units)
        # x_mesh = Rᵀ (center + extents ⊙ x̂), in mesh units; then to metres.
        box = make_transform(np.eye(3), info.center, info.extents)
        rot = np.eye(4)
        rot[:3, :3] = info.rotation.T
        return np.diag([scale, scale, scale, 1.0]) @ rot @ box


def read_tracks(path: str | Path) -> tuple[np.ndarray, np.ndarray]:
    """World poses (T, 4, 4) of the base and of the target from an NPZ or CSV track file."""
    path = Path(path)
    if not path.is_file():
        raise InvalidFileError(f"{path}: no such track file")
    if path.suffix.lower() == ".npz":
        base, target = _read_npz(path)
    elif path.suffix.lower() == ".csv":
        base, target = _read_csv(path)
    else:
        raise InvalidFileError(f"{path}: track files are .npz or .csv")
    if base.shape != target.shape or len(base) == 0:
        raise InvalidFileError(f"{path}: base and target need the same number (≥ 1) of frames")
    if not (np.isfinite(base).all() and np.isfinite(target).all()):
        raise InvalidFileError(f"{path}: poses contain NaN or infinity")
    return base, target


def tracks_to_samples(
    base_poses: np.ndarray,
    target_poses: np.ndarray,
    base: TrackedObject,
    target: TrackedObject,
    context_id: str,
    context_text: str,
    keep_middle: float = 1.0,
    stride: int = 1,
) -> list[SampleRow]:
    """OOR samples (source `imported`) of the middle `keep_middle` fraction of frames, every `stride`."""
    if not 0.0 < keep_middle <= 1.0:
        raise ValueError("keep_middle must be in (0, 1]")
    if stride < 1:
        raise ValueError("stride must be ≥ 1")
    n = len(base_poses)
    drop = round(n * (1.0 - keep_middle) / 2)
    frames = np.arange(drop, n - drop, stride)
    if len(frames) == 0:
        raise ValueError("no frames left after keep_middle/stride")
    base_instance = base_poses[frames] @ base.canonical_from_mesh_frame()
    target_instance = target_poses[frames] @ target.canonical_from_mesh_frame()
    phi = from_instance_transforms(base_instance, target_instance)
    return [
        SampleRow(
            context_id,
            context_text,
            base.category,
            target.category,
            p,
            base.mesh,
            target.mesh,
            "imported",
            1.0,
        )
        for p in np.asarray(phi)
    ]


def _read_npz(path: Path) -> tuple[np.ndarray, np.ndarray]:
    try:
        data = np.load(path)
    except (OSError, ValueError) as exc:
        raise InvalidFileError(f"{path}: not a readable NPZ file ({exc})") from None
    out = []
    for name in ("base", "target"):
        if name in data:
            poses = np.asarray(data[name], dtype=np.float64)
            if poses.ndim != 3 or poses.shape[1:] != (4, 4):
                raise InvalidFileError(f"{path}: '{name}' must be (T, 4, 4) poses, got {poses.shape}")
        elif f"{name}_position" in data and f"{name}_quaternion" in data:
            poses = _poses(data[f"{name}_position"], data[f"{name}_quaternion"], f"{path}: {name}")
        else:
            raise InvalidFileError(
                f"{path}: needs '{name}' (T,4,4) or '{name}_position' + '{name}_quaternion'"
            )
        out.append(poses)
    return out[0], out[1]


def _read_csv(path: Path) -> tuple[np.ndarray, np.ndarray]:
    columns = ["frame", "object", "x", "y", "z", "qx", "qy", "qz", "qw"]
    rows: dict[str, dict[int, list[float]]] = {"base": {}, "target": {}}
    with path.open(newline="") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames is None or any(c not in reader.fieldnames for c in columns):
            raise InvalidFileError(f"{path}: CSV header must contain {','.join(columns)}")
        for line, row in enumerate(reader, start=2):
            obj = row["object"].strip()
            if obj not in rows:
                raise InvalidFileError(f"{path}:{line}: object must be 'base' or 'target', got {obj!r}")
            try:
                rows[obj][int(row["frame"])] = [float(row[c]) for c in columns[2:]]
            except ValueError:
                raise InvalidFileError(f"{path}:{line}: frame must be an integer and poses numbers") from None
    if set(rows["base"]) != set(rows["target"]):
        raise InvalidFileError(f"{path}: base and target must have poses for the same frames")
    frames = sorted(rows["base"])
    out = []
    for obj in ("base", "target"):
        values = np.asarray([rows[obj][f] for f in frames], dtype=np.float64).reshape(-1, 7)
        out.append(_poses(values[:, :3], values[:, 3:], f"{path}: {obj}"))
    return out[0], out[1]


def _poses(position: np.ndarray, quaternion: np.ndarray, where: str) -> np.ndarray:
    p, q = np.asarray(position, dtype=np.float64), np.asarray(quaternion, dtype=np.float64)
    if p.ndim != 2 or p.shape[1] != 3 or q.shape != (len(p), 4):
        raise InvalidFileError(f"{where}: positions must be (T, 3) and quaternions (T, 4)")
    if (np.linalg.norm(q, axis=1) < 1e-6).any():
        raise InvalidFileError(f"{where}: zero-length quaternion")
    return np.asarray(make_transform(quat_to_matrix(q), p))

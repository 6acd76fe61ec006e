"""Canonical spaces of meshes (the OOR paper's Sec. 3.1).

instance canonical space: origin at the tight bbox centre, +y up, front facing +z, longest bbox edge 1.
scale-normalised space: the bbox is the unit cube [-½, ½]³ (x̂ = x / BBOX).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import trimesh

_AXES = {"x": 0, "y": 1, "z": 2}
UNITS = {"m": 1.0, "cm": 0.01, "mm": 0.001, "in": 0.0254, "ft": 0.3048}


@dataclass(frozen=True)
class CanonicalInfo:
    """What canonicalisation did: `extents` are the bbox in the source's units after re-orientation."""

    rotation: np.ndarray  # (3, 3) source frame → canonical axes
    center: np.ndarray  # bbox centre in the rotated source frame
    extents: np.ndarray  # bbox extents (x, y, z) in the rotated source frame, source units
    scale: float  # source units → instance canonical units (1 / longest edge)


def axis_vector(spec: str) -> np.ndarray:
    """'+x', '-y', 'z' … → unit vector."""
    s = spec.strip().lower()
    sign = -1.0 if s.startswith("-") else 1.0
    name = s.lstrip("+-")
    if name not in _AXES:
        raise ValueError(f"axis must be one of +x, -x, +y, -y, +z, -z; got {spec!r}")
    v = np.zeros(3)
    v[_AXES[name]] = sign
    return v


def orientation_matrix(up: str = "+y", front: str = "+z") -> np.ndarray:
    """Rotation taking a mesh whose up/front are the given source axes to +y up, +z front."""
    u, f = axis_vector(up), axis_vector(front)
    if abs(u @ f) > 0.5:
        raise ValueError(f"up {up!r} and front {front!r} must be different axes")
    right = np.cross(u, f)  # the source axis that becomes +x (x = y × z)
    # Rows are the source directions that land on +x, +y, +z.
    return np.stack([right, u, f])


def unit_scale(units: str | float) -> float:
    """Metres per source unit from a name ('m', 'cm', 'mm', 'in', 'ft') or a number."""
    if isinstance(units, int | float):
        if units <= 0:
            raise ValueError("units must be positive")
        return float(units)
    try:
        return UNITS[units.strip().lower()]
    except KeyError:
        raise ValueError(f"unknown units {units!r}; use one of {sorted(UNITS)} or metres per unit") from None


def canonicalize(
    mesh: trimesh.Trimesh, up: str = "+y", front: str = "+z"
) -> tuple[trimesh.Trimesh, CanonicalInfo]:
    """Return a copy of `mesh` in its instance canonical space and what was done to it."""
    if len(mesh.vertices) == 0 or len(mesh.faces) == 0:
        raise ValueError("cannot canonicalise an empty mesh")
    rotation = orientation_matrix(up, front)
    out = mesh.copy()
    transform = np.eye(4)
    transform[:3, :3] = rotation
    out.apply_transform(transform)
    lo, hi = out.bounds
    center, extents = (lo + hi) / 2, hi - lo
    longest = float(extents.max())
    if not np.isfinite(longest) or longest <= 0:
        raise ValueError("mesh has a degenerate bounding box")
    out.apply_translation(-center)
    out.apply_scale(1.0 / longest)
    return out, CanonicalInfo(rotation, center, extents, 1.0 / longest)


def canonical_extents(mesh: trimesh.Trimesh) -> np.ndarray:
    """BBOX(M): bbox extents of a canonical mesh (longest edge 1)."""
    return np.asarray(mesh.extents, dtype=np.float64)


def scale_normalize(mesh: trimesh.Trimesh) -> trimesh.Trimesh:
    """Copy of a canonical mesh in scale-normalised space (bbox = unit cube)."""
    out = mesh.copy()
    lo, hi = out.bounds
    extents = np.maximum(hi - lo, 1e-9)
    out.apply_translation(-(lo + hi) / 2)
    out.apply_transform(np.diag([*(1.0 / extents), 1.0]))
    return out

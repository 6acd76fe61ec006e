"""Small shared helpers for the play/sports/toy procedural templates (play.py, play_toys.py)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import trimesh
from scipy.spatial.transform import Rotation

from oorkit.assets.procedural.primitives import Color, colored


def vary(rng: np.random.Generator | None, x: float, rel: float = 0.15) -> float:
    """Return `x` when `rng` is None, else `x` scaled by a uniform factor in [1 - rel, 1 + rel]."""
    if rng is None:
        return x
    return float(x * rng.uniform(1.0 - rel, 1.0 + rel))


def vary_int(rng: np.random.Generator | None, n: int, lo: int, hi: int) -> int:
    """Return `n` when `rng` is None, else a random integer in [lo, hi]."""
    if rng is None:
        return n
    return int(rng.integers(lo, hi + 1))


def pick(rng: np.random.Generator | None, options: Sequence[Color]) -> Color:
    """Return the first option when `rng` is None, else a random one (e.g. a colour)."""
    if rng is None:
        return options[0]
    return options[int(rng.integers(len(options)))]


def rotate(
    mesh: trimesh.Trimesh, euler_deg: Sequence[float], about: Sequence[float] = (0, 0, 0)
) -> trimesh.Trimesh:
    """Rotate `mesh` in place by xyz Euler angles (degrees) about the point `about`; returns it."""
    m = np.eye(4)
    m[:3, :3] = Rotation.from_euler("xyz", euler_deg, degrees=True).as_matrix()
    p = np.asarray(about, dtype=float)
    m[:3, 3] = p - m[:3, :3] @ p
    mesh.apply_transform(m)
    return mesh


def along_x(mesh: trimesh.Trimesh) -> trimesh.Trimesh:
    """Turn a mesh built along +y (e.g. a lathe profile) so that its axis runs along +x; returns it."""
    return rotate(mesh, (0, 0, -90))


def ellipse_points(a: float, b: float, n: int = 64, y: float = 0.0) -> np.ndarray:
    """`n` points of an ellipse with semi-axes `a` (x) and `b` (z) at height `y`, starting at +x."""
    t = np.linspace(0, 2 * np.pi, n, endpoint=False)
    return np.stack([a * np.cos(t), np.full(n, y), b * np.sin(t)], axis=1)


def tube(
    points: Sequence[Sequence[float]] | np.ndarray,
    radius: float | Sequence[float] | np.ndarray,
    color: Color,
    closed: bool = False,
    sections: int = 12,
    up: Sequence[float] | None = None,
    radius2: float | None = None,
) -> trimesh.Trimesh:
    """Closed tube swept along a polyline (a loop when `closed`), capped at open ends.

    `radius` may vary per point. With `up` the cross-section frame is fixed: its first axis is `up`
    projected off the tangent, with half-size `radius`, and the other axis has half-size `radius2`
    (a flat strap); otherwise the frame is parallel-transported and the section is round.
    """
    p = np.asarray(points, dtype=float)
    if closed and np.allclose(p[0], p[-1]):
        p = p[:-1]
    n = len(p)
    r1 = np.broadcast_to(np.asarray(radius, dtype=float), (n,)).astype(float)
    r2 = r1 if radius2 is None else np.full(n, float(radius2))
    t = np.roll(p, -1, axis=0) - np.roll(p, 1, axis=0) if closed else np.gradient(p, axis=0)
    t /= np.linalg.norm(t, axis=1, keepdims=True)
    normals = np.zeros_like(p)
    if up is not None:
        u = np.asarray(up, dtype=float)
        for i in range(n):
            v = u - np.dot(u, t[i]) * t[i]
            normals[i] = v / np.linalg.norm(v)
    else:
        seed = np.eye(3)[int(np.argmin(np.abs(t[0])))]
        v = seed - np.dot(seed, t[0]) * t[0]
        normals[0] = v / np.linalg.norm(v)
        for i in range(1, n):
            v = normals[i - 1] - np.dot(normals[i - 1], t[i]) * t[i]
            normals[i] = v / np.linalg.norm(v)
        if closed:
            # Spread the holonomy twist evenly so the loop closes without a seam.
            v = normals[-1] - np.dot(normals[-1], t[0]) * t[0]
            v /= np.linalg.norm(v)
            angle = np.arctan2(np.dot(np.cross(normals[0], v), t[0]), np.dot(normals[0], v))
            for i in range(n):
                rot = Rotation.from_rotvec(-angle * i / n * t[i])
                normals[i] = rot.apply(normals[i])
    binormals = np.cross(t, normals)
    a = np.linspace(0, 2 * np.pi, sections, endpoint=False)
    ring = (
        p[:, None, :]
        + (r1[:, None, None] * np.cos(a)[None, :, None]) * normals[:, None, :]
        + (r2[:, None, None] * np.sin(a)[None, :, None]) * binormals[:, None, :]
    )
    verts = ring.reshape(-1, 3)
    faces = []
    n_rows = n if closed else n - 1
    for i in range(n_rows):
        i2 = (i + 1) % n
        for j in range(sections):
            j2 = (j + 1) % sections
            a0, b0, c0, d0 = i * sections + j, i2 * sections + j, i2 * sections + j2, i * sections + j2
            faces += [[a0, c0, b0], [a0, d0, c0]]
    if not closed:
        c_start, c_end = len(verts), len(verts) + 1
        verts = np.vstack([verts, p[0], p[-1]])
        last = (n - 1) * sections
        for j in range(sections):
            j2 = (j + 1) % sections
            faces.append([c_start, j2, j])
            faces.append([c_end, last + j, last + j2])
    mesh = trimesh.Trimesh(verts, np.asarray(faces), process=True)
    mesh.fix_normals()
    return colored(mesh, color)


def capsule_between(p0: Sequence[float], p1: Sequence[float], radius: float, color: Color) -> trimesh.Trimesh:
    """Capsule (rounded rod) from point `p0` to point `p1`."""
    a, b = np.asarray(p0, dtype=float), np.asarray(p1, dtype=float)
    d = b - a
    length = float(np.linalg.norm(d))
    mesh = trimesh.creation.capsule(height=length, radius=radius, count=[16, 16])
    mesh.apply_transform(trimesh.geometry.align_vectors([0, 0, 1], d / length))
    mesh.apply_translation((a + b) / 2)
    return colored(mesh, color)


def ball_seam(radius: float, b: float = 0.3, n: int = 240) -> tuple[np.ndarray, np.ndarray]:
    """Points and unit tangents of the two-lobed seam of a baseball / tennis ball on a sphere of `radius`."""
    a = 1.0 - b
    t = np.linspace(0, 2 * np.pi, n, endpoint=False)
    pts = np.stack(
        [
            a * np.cos(t) + b * np.cos(3 * t),
            2 * np.sqrt(a * b) * np.sin(2 * t),
            a * np.sin(t) - b * np.sin(3 * t),
        ],
        axis=1,
    )
    pts /= np.linalg.norm(pts, axis=1, keepdims=True)
    tan = np.roll(pts, -1, axis=0) - np.roll(pts, 1, axis=0)
    tan /= np.linalg.norm(tan, axis=1, keepdims=True)
    return pts * radius, tan

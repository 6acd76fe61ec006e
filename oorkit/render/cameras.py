"""Camera rigs as plain (…, 4, 4) camera-to-world matrices in the OpenGL convention.

A camera looks down its local -z axis with +y up and +x to the right, exactly what pyrender expects.
World is +y up. To use the poses with OpenCV-style intrinsics, flip the camera's y and z axes:
``cam_cv = cam_gl @ np.diag([1, -1, -1, 1])``.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.linalg.norm(v, axis=-1, keepdims=True)


def look_at(eye: ArrayLike, target: ArrayLike, up: ArrayLike = (0.0, 1.0, 0.0)) -> np.ndarray:
    """Camera-to-world (…, 4, 4) for cameras at `eye` looking at `target` (batched over leading axes)."""
    eye_a = np.asarray(eye, dtype=float)
    target_a = np.asarray(target, dtype=float)
    up_a = np.asarray(up, dtype=float)
    if eye_a.shape[-1:] != (3,) or target_a.shape[-1:] != (3,) or up_a.shape[-1:] != (3,):
        raise ValueError("look_at: eye, target and up must have a trailing dimension of 3")
    forward = target_a - eye_a
    dist = np.linalg.norm(forward, axis=-1, keepdims=True)
    if np.any(dist < 1e-12) or not np.all(np.isfinite(forward)):
        raise ValueError("look_at: eye and target must be finite and distinct")
    up_norm = np.linalg.norm(up_a, axis=-1, keepdims=True)
    if np.any(up_norm < 1e-12):
        raise ValueError("look_at: up must be non-zero")
    z = -forward / dist
    up_u = up_a / up_norm
    z, up_u = np.broadcast_arrays(z, up_u)
    x = np.cross(up_u, z)
    x_norm = np.linalg.norm(x, axis=-1, keepdims=True)
    degenerate = x_norm[..., 0] < 1e-9
    if np.any(degenerate):
        # Looking straight along `up`: continue the orbit limit instead of failing. For y-up and a camera
        # rising over the +z side this gives image-up = -z when looking down (and +z when looking up).
        ref = np.where(np.abs(up_u[..., 2:3]) > 0.9, [1.0, 0.0, 0.0], [0.0, 0.0, 1.0])
        ref = _unit(ref - np.sum(ref * up_u, axis=-1, keepdims=True) * up_u)
        sign = np.sign(np.sum(-z * up_u, axis=-1, keepdims=True))
        alt_x = np.cross(sign * ref, z)
        x = np.where(degenerate[..., None], alt_x, x)
        x_norm = np.linalg.norm(x, axis=-1, keepdims=True)
    x = x / x_norm
    y = np.cross(z, x)
    shape = np.broadcast_shapes(eye_a.shape, target_a.shape, up_a.shape)[:-1]
    pose = np.zeros((*shape, 4, 4))
    pose[..., :3, 0] = x
    pose[..., :3, 1] = y
    pose[..., :3, 2] = z
    pose[..., :3, 3] = np.broadcast_to(eye_a, (*shape, 3))
    pose[..., 3, 3] = 1.0
    return pose


def circle_cameras(
    center: np.ndarray,
    radius: float,
    n_views: int = 10,
    elevation_deg: float = 20.0,
    start_azimuth_deg: float = 0.0,
) -> np.ndarray:
    """(V, 4, 4) cameras evenly spaced on a circle around `center`, counter-clockwise seen from above."""
    c = np.asarray(center, dtype=float)
    if c.shape != (3,) or not np.all(np.isfinite(c)):
        raise ValueError(f"circle_cameras: center must be a finite (3,) point, got shape {c.shape}")
    if not (math.isfinite(radius) and radius > 0):
        raise ValueError(f"circle_cameras: radius must be a positive finite number, got {radius}")
    if int(n_views) != n_views or n_views < 1:
        raise ValueError(f"circle_cameras: n_views must be a positive integer, got {n_views}")
    if not -90.0 <= elevation_deg <= 90.0:
        raise ValueError(f"circle_cameras: elevation_deg must lie in [-90, 90], got {elevation_deg}")
    azimuth = np.radians(start_azimuth_deg + 360.0 * np.arange(int(n_views)) / int(n_views))
    elevation = math.radians(elevation_deg)
    # Azimuth is a rotation about +y, so azimuth 0 puts the camera on +z and 90° on +x (CCW from above).
    offsets = radius * np.stack(
        [
            math.cos(elevation) * np.sin(azimuth),
            np.full_like(azimuth, math.sin(elevation)),
            math.cos(elevation) * np.cos(azimuth),
        ],
        axis=-1,
    )
    return look_at(c + offsets, c)


def framing_radius(bounds: np.ndarray, yfov: float, margin: float = 1.15) -> float:
    """Camera distance at which the bounding sphere of `bounds` (2, 3) fits a `yfov`-radian view."""
    b = np.asarray(bounds, dtype=float)
    if b.shape != (2, 3) or not np.all(np.isfinite(b)):
        raise ValueError(f"framing_radius: bounds must be a finite (2, 3) array, got shape {b.shape}")
    if not 0.0 < yfov < math.pi:
        raise ValueError(f"framing_radius: yfov is in radians and must lie in (0, pi), got {yfov}")
    if not margin > 0:
        raise ValueError(f"framing_radius: margin must be positive, got {margin}")
    # A degenerate (point-like) scene still needs a camera in front of it, not on top of it.
    sphere = max(0.5 * float(np.linalg.norm(b[1] - b[0])), 1e-6)
    return margin * sphere / math.sin(0.5 * yfov)

"""The offline image source: template meshes placed by a known φ, textured, lit and rendered in a circle.

It stands in for text-to-image + novel-view synthesis (FLUX + SV3D) where those weights are absent: the
renders have known ground truth, so the rest of the pipeline (SfM, segmentation, features, registration,
filters) can be measured. Templates get a fixed per-template texture — the offline counterpart of the
paper's prompt strategy (2), "shape and texture words matching the template" — dense enough for SIFT.
"""

from __future__ import annotations

import functools
import hashlib
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import trimesh

from oorkit import oor
from oorkit.assets import get_category, load_template_mesh
from oorkit.errors import OORKitError
from oorkit.render import RenderResult, circle_cameras, framing_radius, render_views

#: Subdivision edge length (canonical units, longest bbox edge 1): texture detail needs vertices.
TEXTURE_EDGE = 0.012
#: Face budget per textured template.
MAX_FACES = 60_000


@dataclass(frozen=True)
class Placement:
    """Ground truth of one offline scene: world instance transforms (scale-normalised → metres)."""

    base_template: str
    target_template: str
    base_instance: np.ndarray  # (4, 4) R·diag(S) | t
    target_instance: np.ndarray  # (4, 4)

    def phi(self) -> np.ndarray:
        """The ground-truth OOR sample φ (15,)."""
        return np.asarray(oor.from_instance_transforms(self.base_instance, self.target_instance), float)


def template_seed(template_id: str) -> int:
    """A stable seed per template id (same texture in every process and run)."""
    return int(hashlib.sha256(template_id.encode()).hexdigest()[:8], 16)


@functools.lru_cache(maxsize=32)
def _textured(template_id: str) -> trimesh.Trimesh:
    mesh = load_template_mesh(template_id)
    # Start from the edge that would give MAX_FACES equilateral triangles; thin slivers subdivide into
    # more, so grow the edge until the budget holds (render time is linear in faces).
    edge = max(TEXTURE_EDGE, float(np.sqrt(mesh.area / (0.433 * MAX_FACES))))
    while True:
        vertices, faces = trimesh.remesh.subdivide_to_size(mesh.vertices, mesh.faces, max_edge=edge)
        if len(faces) <= 1.5 * MAX_FACES:
            break
        edge *= 1.4
    out = trimesh.Trimesh(vertices, faces, process=False)
    out.visual = trimesh.visual.ColorVisuals(out, vertex_colors=texture_colors(vertices, template_id))
    return out


def textured_template(template_id: str) -> trimesh.Trimesh:
    """The template mesh in its instance canonical space, subdivided and coloured by its fixed texture."""
    return _textured(template_id).copy()


def texture_colors(points: np.ndarray, template_id: str) -> np.ndarray:
    """(N, 4) uint8 colours of canonical-space points: random Fourier features, low + high frequency.

    Low frequencies give each region of the object its own hue (what the descriptors match on); high
    frequencies give SIFT corners to track.
    """
    rng = np.random.default_rng(template_seed(template_id))
    x = np.asarray(points, float)
    rgb = np.zeros((len(x), 3))
    for freq, amp, n in ((1.5, 1.6, 6), (5.0, 0.9, 8), (24.0, 0.9, 12)):
        w = rng.normal(size=(n, 3)) * freq * 2 * np.pi / math.sqrt(3)
        phase = rng.uniform(0, 2 * np.pi, n)
        mix = rng.normal(size=(n, 3)) * amp / math.sqrt(n)
        rgb += np.sin(x @ w.T + phase) @ mix
    rgb = 1.0 / (1.0 + np.exp(-1.8 * rgb))
    out = np.empty((len(x), 4), np.uint8)
    out[:, :3] = np.clip(25 + 215 * rgb, 0, 255).astype(np.uint8)
    out[:, 3] = 255
    return out


def simple_placement(
    base: str,
    target: str,
    place: str,
    rng: np.random.Generator,
    base_template: str | None = None,
    target_template: str | None = None,
) -> Placement:
    """A known φ without the relation library: `on` (on the base's top) or `next_to` (beside it).

    Sizes are the catalogue priors with their jitter; the target gets a random yaw, the base stays at the
    origin, upright. Only for offline data generation and tests.
    """
    bt = base_template or f"{get_category(base).name}/procedural"
    tt = target_template or f"{get_category(target).name}/procedural"
    s_b = _metric_size(bt, base, rng)
    s_t = _metric_size(tt, target, rng)
    yaw = rng.uniform(-math.pi, math.pi)
    rot = np.array([[math.cos(yaw), 0, math.sin(yaw)], [0, 1, 0], [-math.sin(yaw), 0, math.cos(yaw)]])
    half_t = 0.5 * np.abs(rot) @ s_t  # world AABB half extents of the yawed target
    if place == "on":
        xz = rng.uniform(-0.25, 0.25, 2) * s_b[[0, 2]]
        centre = np.array([xz[0], 0.5 * s_b[1] + half_t[1], xz[1]])
    elif place == "next_to":
        side = rng.choice([-1.0, 1.0])
        gap = rng.uniform(0.05, 0.2) * max(s_b.max(), s_t.max())
        centre = np.array(
            [
                side * (0.5 * s_b[0] + half_t[0] + gap),
                half_t[1] - 0.5 * s_b[1],
                rng.uniform(-0.2, 0.2) * s_b[2],
            ]
        )
    else:
        raise OORKitError(f"unknown offline placement {place!r}; use 'on' or 'next_to'")
    a_b = np.diag([*s_b, 1.0])
    a_t = np.eye(4)
    a_t[:3, :3] = rot @ np.diag(s_t)
    a_t[:3, 3] = centre
    return Placement(bt, tt, a_b, a_t)


def _metric_size(template_id: str, category: str, rng: np.random.Generator) -> np.ndarray:
    """Metric bbox extents keeping the template's aspect ratio, longest edge from the category prior."""
    cat = get_category(category)
    extents = np.asarray(load_template_mesh(template_id).extents, float)
    longest = max(cat.size) * (1.0 + rng.uniform(-cat.size_jitter, cat.size_jitter))
    return extents / extents.max() * longest


def mesh_transform(instance: np.ndarray, template_id: str) -> np.ndarray:
    """World transform of the canonical (longest edge 1) template mesh from its instance transform."""
    extents = np.asarray(load_template_mesh(template_id).extents, float)
    return np.asarray(instance) @ np.diag([*(1.0 / extents), 1.0])


def render_scene(
    placement: Placement,
    n_views: int,
    resolution: int,
    rng: np.random.Generator,
    elevation_deg: float = 25.0,
    flip_target: bool = False,
) -> RenderResult:
    """Circle of views of the textured pair, with a random brightness/white balance per scene (lighting)."""
    meshes = [textured_template(placement.base_template), textured_template(placement.target_template)]
    gain = rng.uniform(0.8, 1.15) * rng.uniform(0.92, 1.08, 3)
    for m in meshes:
        visual: Any = m.visual  # ColorVisuals: textured_template sets vertex colours
        c = visual.vertex_colors.astype(float)
        c[:, :3] = np.clip(c[:, :3] * gain, 0, 255)
        visual.vertex_colors = c.astype(np.uint8)
    transforms = [
        mesh_transform(placement.base_instance, placement.base_template),
        mesh_transform(placement.target_instance, placement.target_template),
    ]
    if flip_target:  # a corrupted sample: the target mirrored upside down (not a rotation)
        transforms[1] = transforms[1] @ np.diag([1.0, -1.0, 1.0, 1.0])
    return render_circle(meshes, transforms, n_views, resolution, elevation_deg, rng.uniform(0, 360))


def render_circle(
    meshes: list[trimesh.Trimesh],
    transforms: list[np.ndarray],
    n_views: int,
    resolution: int,
    elevation_deg: float,
    start_azimuth_deg: float = 0.0,
    yfov_deg: float = 40.0,
) -> RenderResult:
    """Render posed meshes from a circle of cameras framing them tightly (objects fill the frame)."""
    corners = np.concatenate(
        [trimesh.transform_points(m.bounds, t) for m, t in zip(meshes, transforms, strict=True)]
    )
    points = np.concatenate(
        [
            trimesh.transform_points(m.vertices[:: max(1, len(m.vertices) // 2000)], t)
            for m, t in zip(meshes, transforms, strict=True)
        ]
    )
    bounds = (
        np.stack([points.min(0), points.max(0)])
        if len(points)
        else np.stack([corners.min(0), corners.max(0)])
    )
    radius = framing_radius(bounds, math.radians(yfov_deg), margin=1.02)
    cams = circle_cameras(bounds.mean(0), radius, n_views, elevation_deg, start_azimuth_deg)
    return render_views(
        meshes, transforms, resolution=(resolution, resolution), yfov_deg=yfov_deg, cameras=cams
    )

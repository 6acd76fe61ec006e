"""Object instances in metres and the geometric queries the relation primitives need.

Everything happens in the BASE's frame: the base's template mesh scaled to an instance size, bbox centre
at the origin, +y up, front +z, floor at y = −height/2. Queries (support surfaces, openings, contacts,
interpenetration) cast lines against the *canonical* template mesh: an anisotropic scale maps lines to
lines, so one bucketed mesh per template and axis serves every instance size (`raycast.LineCaster`).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import trimesh
from scipy import ndimage

from oorkit.assets import category_templates, get_category, get_template, load_template_mesh
from oorkit.assets.catalogue import Template
from oorkit.relations.raycast import Hits, LineCaster, balanced, build_caster, cast, coverage, plane_basis

GRID = 64  # height-map cells per horizontal axis
SURFACE_MAX_SLOPE_DEG = 25.0
N_SAMPLES = 1500


class RelationFailed(Exception):
    """The geometry does not allow the relation (no support surface, no opening, no room...)."""


@dataclass(frozen=True, eq=False)
class TemplateGeometry:
    """Per-template cache: canonical mesh, parts, surface samples and axis-aligned line casters."""

    template_id: str
    mesh: trimesh.Trimesh  # instance canonical space (longest edge 1, bbox centred)
    extents: np.ndarray  # (3,) canonical bbox extents
    part: np.ndarray  # (F,) connected part of each face
    samples: np.ndarray  # (N, 3) surface points (area-weighted + vertices), canonical
    casters: tuple[LineCaster, LineCaster, LineCaster]  # lines along +x, +y, +z


@dataclass(frozen=True, eq=False)
class Placed:
    """An object instance: its template mesh in metres, bbox centre at the origin of its own frame."""

    category: str
    template_id: str
    mesh: trimesh.Trimesh
    size: np.ndarray  # (3,) bbox extents in metres

    @property
    def geometry(self) -> TemplateGeometry:
        """The cached canonical geometry of the template."""
        return template_geometry(self.template_id)

    @property
    def scale(self) -> np.ndarray:
        """Per-axis factor from the canonical template to this instance (metres per canonical unit)."""
        return self.size / self.geometry.extents


@dataclass(frozen=True, eq=False)
class Surface:
    """An upward-facing support region of an object, in its frame (metres), on a regular xz grid."""

    height: float  # median height of the region
    y_min: float
    y_max: float
    mask: np.ndarray  # (GRID, GRID) cells of the region, indexed [ix, iz]
    origin: np.ndarray  # (2,) xz centre of cell (0, 0)
    step: np.ndarray  # (2,) cell size along x and z
    clearance: float  # free height above the region (inf when open to the sky)
    area: float  # m²


@dataclass(frozen=True, eq=False)
class Opening:
    """A container's mouth, in its frame (metres): rim, inner floor and the inner footprint."""

    rim_height: float  # lowest point of the rim (where water would spill)
    floor_height: float  # lowest point of the inner floor
    mask: np.ndarray  # (GRID, GRID) cells inside the rim, indexed [ix, iz]
    origin: np.ndarray
    step: np.ndarray
    center: np.ndarray  # (2,) xz of the most interior point
    radius: float  # radius of the largest disc inside the footprint, around `center`


# --------------------------------------------------------------------------------------------- caches


@functools.lru_cache(maxsize=512)
def template_geometry(template_id: str) -> TemplateGeometry:
    """Load a template mesh and build its cached geometry (parts, samples, axis casters)."""
    mesh = load_template_mesh(template_id)
    part = trimesh.graph.connected_component_labels(mesh.face_adjacency, node_count=len(mesh.faces))
    rng = np.random.default_rng(0)
    points, _ = trimesh.sample.sample_surface(mesh, N_SAMPLES, seed=rng)
    verts = np.asarray(mesh.vertices)
    if len(verts) > N_SAMPLES // 2:
        verts = verts[rng.choice(len(verts), N_SAMPLES // 2, replace=False)]
    samples = np.concatenate([np.asarray(points), verts])
    normals = np.asarray(mesh.face_normals)
    cx, cy, cz = (build_caster(mesh.vertices, mesh.faces, np.eye(3)[a], part, normals) for a in range(3))
    return TemplateGeometry(
        template_id,
        mesh,
        np.asarray(mesh.extents, dtype=np.float64),
        part,
        samples,
        (cx, cy, cz),
    )


def instance_templates(category: str) -> list[Template]:
    """Templates an instance may use: user and required-package meshes and ours, not optional packages."""
    templates = category_templates(category)
    # Optional packages' meshes come after the procedural one; installing them must not change results.
    for i, t in enumerate(templates):
        if t.source == "procedural":
            return templates[: i + 1]
    return templates


def place_instance(category: str, rng: np.random.Generator, template: str | None = None) -> Placed:
    """An instance of a category: a template (random if not given) at a size drawn from the size prior."""
    cat = get_category(category)
    if template is None:
        choices = instance_templates(cat.name)
        template_id = choices[int(rng.integers(len(choices)))].id
    else:
        template_id = get_template(template).id
    geom = template_geometry(template_id)
    prior = np.asarray(cat.size, dtype=np.float64)
    # Eq. 16: keep the template's aspect ratio, take the scale from the prior; then a global size
    # jitter and a small per-axis one (real instances are not exact rescalings of one shape).
    size = (prior / geom.extents).mean() * geom.extents
    size = size * np.clip(1.0 + cat.size_jitter * rng.standard_normal(), 0.6, 1.5)
    size = size * np.clip(1.0 + 0.3 * cat.size_jitter * rng.standard_normal(3), 0.8, 1.2)
    return make_placed(cat.name, template_id, size)


def make_placed(category: str, template_id: str, size: np.ndarray) -> Placed:
    """An instance of a template at an exact bbox size (metres)."""
    geom = template_geometry(template_id)
    size = np.asarray(size, dtype=np.float64)
    mesh = trimesh.Trimesh(geom.mesh.vertices * (size / geom.extents), geom.mesh.faces, process=False)
    return Placed(category, template_id, mesh, size)


# ---------------------------------------------------------------------------------------- line queries


def line_hits(placed: Placed, points: np.ndarray, direction: np.ndarray) -> Hits:
    """Hits of lines through `points` (object frame, metres) along a unit `direction`; t in metres."""
    geom = placed.geometry
    s = placed.scale
    d = np.asarray(direction, dtype=np.float64)
    p_c = np.asarray(points, dtype=np.float64).reshape(-1, 3) / s
    axis = int(np.argmax(np.abs(d)))
    if abs(abs(d[axis]) - 1.0) < 1e-9:
        sign = float(np.sign(d[axis]))
        h = cast(geom.casters[axis], p_c)
        if sign > 0:
            return Hits(h.query, h.t * s[axis], h.face, h.side, h.part)
        # Reversed lines: t flips sign, so each query's hits come in descending order; restore (q, t).
        order = np.argsort(h.query[::-1], kind="stable")
        rev = np.arange(len(h.t))[::-1][order]
        return Hits(h.query[rev], -h.t[rev] * s[axis], h.face[rev], -h.side[rev], h.part[rev])
    caster = build_caster(geom.mesh.vertices, geom.mesh.faces, d / s, geom.part, None, density=0.7)
    # Normals of the scaled mesh: n_m ∝ n_c / s; only their sign against d matters, which is invariant.
    return cast(caster, p_c)


def inside_depth(placed: Placed, points: np.ndarray) -> np.ndarray:
    """Per point (object frame, metres): how deep it lies inside the object (0 outside).

    Depth is the shortest way out along the three axes of the object. A point counts as inside when two
    of the three axis lines agree (open parts can fool one of them); an axis that disagrees contributes
    its distance to the nearest face, so points on the surface itself have depth ~0.
    """
    p = np.asarray(points, dtype=np.float64).reshape(-1, 3)
    if len(p) == 0:
        return np.zeros(0)
    votes = np.zeros(len(p), dtype=np.int64)
    depth = np.full(len(p), np.inf)
    for a in range(3):
        h = line_hits(placed, p, np.eye(3)[a])
        inside, fwd, bwd = coverage(h, len(p))
        nearest = np.full(len(p), np.inf)
        np.minimum.at(nearest, h.query, np.abs(h.t))
        votes += inside
        depth = np.minimum(depth, np.where(inside, np.minimum(fwd, bwd), nearest))
    return np.where(votes >= 2, np.where(np.isfinite(depth), depth, 0.0), 0.0)


def first_contact(
    placed: Placed, points: np.ndarray, direction: np.ndarray, slack: float = 1e-4
) -> np.ndarray:
    """Per point: distance along `direction` to the first face of `placed` it would run into (inf: none)."""
    p = np.asarray(points, dtype=np.float64).reshape(-1, 3)
    h = line_hits(placed, p, direction)
    # Faces met from outside are the entering ones (normal against the motion).
    ok = (h.t >= -slack) & (h.side < 0)
    out = np.full(len(p), np.inf)
    np.minimum.at(out, h.query[ok], np.maximum(h.t[ok], 0.0))
    return out


# --------------------------------------------------------------------------------------------- posing


def rigid(rotation: np.ndarray, position: np.ndarray) -> np.ndarray:
    """4x4 rigid transform from a rotation and a translation."""
    m = np.eye(4)
    m[:3, :3] = rotation
    m[:3, 3] = position
    return m


def samples_m(placed: Placed) -> np.ndarray:
    """Surface samples of an instance in its own frame (metres)."""
    return placed.geometry.samples * placed.scale


def posed_points(placed: Placed, pose: np.ndarray, points: np.ndarray | None = None) -> np.ndarray:
    """Points of an instance (its samples by default) mapped by a rigid 4x4 pose."""
    p = samples_m(placed) if points is None else np.asarray(points, dtype=np.float64)
    return p @ pose[:3, :3].T + pose[:3, 3]


def posed_vertices(placed: Placed, pose: np.ndarray) -> np.ndarray:
    """Mesh vertices of an instance mapped by a rigid 4x4 pose."""
    return posed_points(placed, pose, np.asarray(placed.mesh.vertices))


def floor_height(placed: Placed) -> float:
    """The plane an object stands on, in its own frame: its bbox bottom."""
    return -0.5 * float(placed.size[1])


def sweep_distance(base: Placed, target: Placed, pose: np.ndarray, direction: np.ndarray) -> float:
    """How far the posed target can move along a unit `direction` (base frame) before touching the base.

    Both ways: target samples cast into the base, base samples (near the target) cast back into the
    target, so neither a bump of the base nor a corner of the target slips between samples.
    """
    d = np.asarray(direction, dtype=np.float64)
    d = d / np.linalg.norm(d)
    tp = posed_points(target, pose)
    lo, hi = tp.min(0), tp.max(0)
    cell = float(target.size.max()) / 64
    best = float(first_contact(base, _leading(tp, d, cell), d).min(initial=np.inf))
    bp = samples_m(base)
    # Only base samples whose line along −d can meet the target: inside the target's swept slab.
    u = np.abs(np.eye(3) - np.outer(d, d)).sum(0) > 1e-9
    near = np.all((bp[:, u] >= lo[u] - 1e-3) & (bp[:, u] <= hi[u] + 1e-3), axis=1)
    if near.any():
        r, p = pose[:3, :3], pose[:3, 3]
        local = _leading((bp[near] - p) @ r, -(r.T @ d), cell)
        back = first_contact(target, local, -(r.T @ d))
        best = min(best, float(back.min(initial=np.inf)))
    return best


def _leading(points: np.ndarray, direction: np.ndarray, cell: float) -> np.ndarray:
    """Per cell of the plane ⟂ direction, the point furthest along it: only those can touch first."""
    if len(points) == 0:
        return points
    uv = np.floor(points @ plane_basis(direction).T / cell).astype(np.int64)
    ahead = points @ direction
    order = np.lexsort((-ahead, uv[:, 1], uv[:, 0]))
    key = uv[order]
    first = np.ones(len(order), dtype=bool)
    first[1:] = np.any(key[1:] != key[:-1], axis=1)
    return points[order[first]]


def drop_onto(base: Placed, target: Placed, pose: np.ndarray) -> np.ndarray:
    """Lower a posed target straight down until it rests on the base (raises RelationFailed if it misses)."""
    dist = sweep_distance(base, target, pose, np.array([0.0, -1.0, 0.0]))
    if not np.isfinite(dist):
        raise RelationFailed("nothing under the target to rest on")
    out = pose.copy()
    out[1, 3] -= dist
    return out


def lift_to(target: Placed, pose: np.ndarray, height: float) -> np.ndarray:
    """Move a posed target vertically so that its lowest vertex is at `height`."""
    out = pose.copy()
    out[1, 3] += height - float(posed_vertices(target, pose)[:, 1].min())
    return out


# ----------------------------------------------------------------------------- surfaces and openings


@dataclass(frozen=True, eq=False)
class _Layout:
    """Canonical-space height-map analysis of a template (scaled per instance)."""

    surfaces: tuple[Surface, ...]
    opening: Opening | None


def _grid(extents: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    step = extents[[0, 2]] / GRID
    # A small irrational offset keeps grid lines off the mesh's (often grid-aligned) edges and vertices.
    origin = -extents[[0, 2]] / 2 + step * (0.5 + np.array([0.0137, 0.0291]))
    ii, jj = np.meshgrid(np.arange(GRID), np.arange(GRID), indexing="ij")
    xz = origin + np.stack([ii, jj], -1).reshape(-1, 2) * step
    return origin, step, xz


@functools.lru_cache(maxsize=512)
def _layout(template_id: str) -> _Layout:
    geom = template_geometry(template_id)
    origin, step, xz = _grid(geom.extents)
    pts = np.stack([xz[:, 0], np.zeros(len(xz)), xz[:, 1]], -1)
    h = cast(geom.casters[1], pts)  # t = y since the query points sit at y = 0
    return _Layout(_surfaces(geom, h, origin, step), _opening(geom, h, origin, step))


def _running_coverage(h: Hits) -> tuple[np.ndarray, np.ndarray]:
    keep = balanced(h)
    step = np.where(keep, -h.side, 0.0)
    csum = np.cumsum(step)
    first = np.searchsorted(h.query, h.query, side="left")
    after = csum - np.where(first > 0, csum[first - 1], 0.0)
    return keep, after


def _surfaces(geom: TemplateGeometry, h: Hits, origin: np.ndarray, step: np.ndarray) -> tuple[Surface, ...]:
    if len(h.t) == 0:
        return ()
    keep, after = _running_coverage(h)
    ny = np.asarray(geom.mesh.face_normals)[h.face, 1]
    up = keep & (h.side > 0) & (np.abs(after) < 0.5) & (ny >= np.cos(np.radians(SURFACE_MAX_SLOPE_DEG)))
    nxt = np.full(len(h.t), np.inf)
    same = h.query[1:] == h.query[:-1]
    nxt[:-1] = np.where(same, h.t[1:], np.inf)
    # A face with another part's face right above it (a leg's top under the table top) is no support.
    idx = np.flatnonzero(up & (nxt - h.t > 2e-3))
    if len(idx) == 0:
        return ()
    y, free, q = h.t[idx], nxt[idx] - h.t[idx], h.query[idx]
    order = np.argsort(y)
    y, free, q = y[order], free[order], q[order]
    # Hits of one flat region sit within a hair of each other; shelves are far apart.
    breaks = np.flatnonzero(np.diff(y) > 0.01) + 1
    out: list[Surface] = []
    for grp in np.split(np.arange(len(y)), breaks):
        mask = np.zeros(GRID * GRID, dtype=bool)
        mask[q[grp]] = True
        labels, n = ndimage.label(mask.reshape(GRID, GRID), structure=np.ones((3, 3)))
        flat_labels = labels.reshape(-1)
        for k in range(1, n + 1):
            cells = flat_labels[q[grp]] == k
            if cells.sum() < 2:
                continue
            ys, fr = y[grp][cells], free[grp][cells]
            out.append(
                Surface(
                    float(np.median(ys)),
                    float(ys.min()),
                    float(ys.max()),
                    labels == k,
                    origin,
                    step,
                    float(np.sort(fr)[int(0.05 * (len(fr) - 1))]),
                    float(cells.sum() * step[0] * step[1]),
                )
            )
    return tuple(out)


def _opening(geom: TemplateGeometry, h: Hits, origin: np.ndarray, step: np.ndarray) -> Opening | None:
    if len(h.t) == 0:
        return None
    flat = np.full(GRID * GRID, np.nan)
    np.fmax.at(flat, h.query, h.t)
    top = flat.reshape(GRID, GRID)
    height = float(geom.extents[1])
    peak = float(np.nanmax(top))
    filled = np.where(np.isnan(top), -np.inf, top)
    for k in range(1, 16):
        level = peak - 0.04 * k * height
        high = filled >= level
        interior = ndimage.binary_fill_holes(high) & ~high
        # A crevice between cushions is no container: the mouth must be a sizeable part of the footprint.
        if interior.sum() < 0.04 * GRID * GRID:
            continue
        # A see-through hole (a donut's, a ring's) is not a container.
        if np.isnan(top[interior]).mean() > 0.5:
            return None
        ring = ndimage.binary_dilation(interior, structure=np.ones((3, 3))) & ~interior
        rim = float(np.nanmin(top[ring]))
        floor = float(np.nanmin(top[interior]))
        if rim - floor < 0.08 * height:
            continue
        return Opening(rim, floor, interior, origin, step, np.zeros(2), 0.0)
    return None


def _scaled_surface(s: Surface, scale: np.ndarray) -> Surface:
    sxz, sy = scale[[0, 2]], float(scale[1])
    return Surface(
        s.height * sy,
        s.y_min * sy,
        s.y_max * sy,
        s.mask,
        s.origin * sxz,
        s.step * sxz,
        s.clearance * sy,
        s.area * float(sxz[0] * sxz[1]),
    )


def support_surfaces(placed: Placed) -> list[Surface]:
    """Upward-facing free regions of an object (table top, shelves, seat...), highest first, metres."""
    surfaces = [_scaled_surface(s, placed.scale) for s in _layout(placed.template_id).surfaces]
    return sorted(surfaces, key=lambda s: -s.height)


def opening(placed: Placed) -> Opening | None:
    """A container's opening in metres (None when the object holds nothing)."""
    o = _layout(placed.template_id).opening
    if o is None:
        return None
    sxz, sy = placed.scale[[0, 2]], float(placed.scale[1])
    step = o.step * sxz
    origin = o.origin * sxz
    # The most interior point, in metres (anisotropic scale changes which point that is).
    edt = ndimage.distance_transform_edt(np.pad(o.mask, 1), sampling=step)[1:-1, 1:-1]
    ij = np.unravel_index(int(np.argmax(edt)), edt.shape)
    center = origin + np.array(ij) * step
    radius = float(edt[ij]) - 0.5 * float(step.min())
    return Opening(o.rim_height * sy, o.floor_height * sy, o.mask, origin, step, center, max(radius, 0.0))


def grid_contains(mask: np.ndarray, origin: np.ndarray, step: np.ndarray, xz: np.ndarray) -> np.ndarray:
    """Whether xz points (N, 2) fall in cells of a grid mask."""
    p = np.asarray(xz, dtype=np.float64).reshape(-1, 2)
    ij = np.rint((p - origin) / step).astype(np.int64)
    ok = (ij >= 0).all(1) & (ij[:, 0] < mask.shape[0]) & (ij[:, 1] < mask.shape[1])
    out = np.zeros(len(p), dtype=bool)
    out[ok] = mask[ij[ok, 0], ij[ok, 1]]
    return out


def grid_points(mask: np.ndarray, origin: np.ndarray, step: np.ndarray) -> np.ndarray:
    """xz centres (N, 2) of the cells of a grid mask."""
    ij = np.argwhere(mask)
    return origin + ij * step

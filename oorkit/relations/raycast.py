"""All hits of many parallel lines with a triangle mesh, through a 2D bucket grid (vectorised, CPU).

A `LineCaster` is built for one mesh and one direction d: triangles are projected onto the plane ⟂ d and
bucketed, so that a batch of lines (one through each query point, parallel to d) costs a few array ops.
Hits carry a signed line parameter t (query point + t·d; d need not be unit, so t is in whatever unit the
caller scaled d to) and the side: +1 when the line leaves the solid through that face (outward normal
along d), −1 when it enters. Meshes here are unions of closed, possibly overlapping parts, some of them
not watertight; `coverage` counts how many parts contain a point, ignoring parts a line crosses an odd
number of times (open parts), so that overlapping parts are not mistaken for holes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

_EPS_AREA = 1e-14


@dataclass(frozen=True, eq=False)
class LineCaster:
    """A mesh bucketed for lines parallel to `direction` (see module docstring)."""

    direction: np.ndarray  # (3,) the line direction (not necessarily unit)
    basis: np.ndarray  # (2, 3) orthonormal basis of the plane ⟂ direction
    origin2: np.ndarray  # (F, 2) first projected corner of each kept triangle (edge-on ones dropped)
    inv2: np.ndarray  # (F, 2, 2) maps q − corner to barycentric (w1, w2)
    plane: np.ndarray  # (F, 4) unit normal n and n·corner of each triangle's plane
    side: np.ndarray  # (F,) +1 outward normal along direction, −1 against
    part: np.ndarray  # (F,) connected part of each triangle
    face: np.ndarray  # (F,) index of each kept triangle in the source mesh
    lo: np.ndarray  # (2,) grid origin in the plane
    step: np.ndarray  # (2,) cell size
    shape: tuple[int, int]
    cell_start: np.ndarray  # (cells + 1,) CSR offsets into cell_faces
    cell_faces: np.ndarray  # (E,) kept-triangle indices per cell


@dataclass(frozen=True)
class Hits:
    """Line hits sorted by (query, t): query index, line parameter, source face, side, part."""

    query: np.ndarray
    t: np.ndarray
    face: np.ndarray
    side: np.ndarray
    part: np.ndarray


def plane_basis(direction: np.ndarray) -> np.ndarray:
    """(2, 3) orthonormal vectors spanning the plane perpendicular to `direction`."""
    d = np.asarray(direction, dtype=np.float64)
    d = d / np.linalg.norm(d)
    helper = np.eye(3)[int(np.argmin(np.abs(d)))]
    u = np.cross(d, helper)
    u /= np.linalg.norm(u)
    return np.stack([u, np.cross(d, u)])


def build_caster(
    vertices: np.ndarray,
    faces: np.ndarray,
    direction: np.ndarray,
    part: np.ndarray | None = None,
    normals: np.ndarray | None = None,
    density: float = 3.0,
) -> LineCaster:
    """Bucket a mesh's triangles for lines along `direction` (grid of ~density·√faces cells a side).

    A fine grid (the default) pays off for casters that are kept and queried often; a one-off caster
    is cheaper to build with density ≈ 1.
    """
    d = np.asarray(direction, dtype=np.float64)
    basis = plane_basis(d)
    tri3 = np.asarray(vertices, dtype=np.float64)[np.asarray(faces)]
    tri2 = tri3 @ basis.T
    e1, e2 = tri2[:, 1] - tri2[:, 0], tri2[:, 2] - tri2[:, 0]
    area2 = e1[:, 0] * e2[:, 1] - e1[:, 1] * e2[:, 0]
    if normals is None:
        normals = np.cross(tri3[:, 1] - tri3[:, 0], tri3[:, 2] - tri3[:, 0])
    # Edge-on triangles cannot be crossed by a line (the line grazes them); dropping them avoids 0/0.
    keep = np.abs(area2) > _EPS_AREA * max(1.0, float(np.abs(tri2).max(initial=1.0)) ** 2)
    idx = np.flatnonzero(keep)
    tri3, tri2 = tri3[idx], tri2[idx]
    side = np.sign(np.asarray(normals)[idx] @ d)
    parts = np.zeros(len(faces), dtype=np.int64) if part is None else np.asarray(part)
    n_faces = len(idx)
    cells = int(np.clip(density * np.sqrt(max(n_faces, 1)), 8, 192))
    if n_faces:
        lo = tri2.reshape(-1, 2).min(0) - 1e-9
        hi = tri2.reshape(-1, 2).max(0) + 1e-9
    else:
        lo, hi = np.zeros(2), np.ones(2)
    step = np.maximum((hi - lo) / cells, 1e-12)
    tmin = np.clip(((tri2.min(1) - lo) / step).astype(np.int64), 0, cells - 1)
    tmax = np.clip(((tri2.max(1) - lo) / step).astype(np.int64), 0, cells - 1)
    ni = tmax[:, 0] - tmin[:, 0] + 1
    nj = tmax[:, 1] - tmin[:, 1] + 1
    counts = ni * nj
    rep = np.repeat(np.arange(n_faces), counts)
    offs = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
    ci = tmin[rep, 0] + offs // nj[rep]
    cj = tmin[rep, 1] + offs % nj[rep]
    cell = ci * cells + cj
    order = np.argsort(cell, kind="stable")
    cell_start = np.searchsorted(cell[order], np.arange(cells * cells + 1))
    e1, e2 = tri2[:, 1] - tri2[:, 0], tri2[:, 2] - tri2[:, 0]
    den = e1[:, 0] * e2[:, 1] - e1[:, 1] * e2[:, 0]
    inv2 = (
        np.stack([np.stack([e2[:, 1], -e2[:, 0]], -1), np.stack([-e1[:, 1], e1[:, 0]], -1)], 1)
        / den[:, None, None]
    )
    n3 = np.cross(tri3[:, 1] - tri3[:, 0], tri3[:, 2] - tri3[:, 0])
    n3 /= np.maximum(np.linalg.norm(n3, axis=1, keepdims=True), 1e-300)
    plane = np.concatenate([n3, np.einsum("fd,fd->f", n3, tri3[:, 0])[:, None]], 1)
    return LineCaster(
        d,
        basis,
        tri2[:, 0].copy(),
        inv2,
        plane,
        side,
        parts[idx],
        idx,
        lo,
        step,
        (cells, cells),
        cell_start,
        rep[order],
    )


def cast(caster: LineCaster, points: np.ndarray) -> Hits:
    """All hits of the lines through `points` (N, 3) along the caster's direction, sorted by (query, t)."""
    p = np.asarray(points, dtype=np.float64).reshape(-1, 3)
    q2 = p @ caster.basis.T
    c = np.floor((q2 - caster.lo) / caster.step).astype(np.int64)
    rows, cols = caster.shape
    valid = (c[:, 0] >= 0) & (c[:, 0] < rows) & (c[:, 1] >= 0) & (c[:, 1] < cols)
    cell = np.where(valid, c[:, 0] * cols + c[:, 1], 0)
    start = caster.cell_start[cell]
    n = np.where(valid, caster.cell_start[cell + 1] - start, 0)
    qi = np.repeat(np.arange(len(p)), n)
    offs = np.arange(int(n.sum())) - np.repeat(np.cumsum(n) - n, n)
    fi = caster.cell_faces[np.repeat(start, n) + offs]
    rel = q2[qi] - caster.origin2[fi]
    m = caster.inv2[fi]
    w1 = m[:, 0, 0] * rel[:, 0] + m[:, 0, 1] * rel[:, 1]
    w2 = m[:, 1, 0] * rel[:, 0] + m[:, 1, 1] * rel[:, 1]
    tol = -1e-12
    inside = (w1 >= tol) & (w2 >= tol) & (w1 + w2 <= 1.0 - tol)
    qi, fi = qi[inside], fi[inside]
    # Line p + t·d meets the plane n·x = c at t = (c − n·p) / (n·d).
    pl = caster.plane[fi]
    d = caster.direction
    t = (pl[:, 3] - np.einsum("kd,kd->k", pl[:, :3], p[qi])) / (pl[:, :3] @ d)
    order = np.lexsort((t, qi))
    qi, t, fi = qi[order], t[order], fi[order]
    side, part = caster.side[fi], caster.part[fi]
    # A line through a shared edge hits both neighbours at the same t: keep one of them.
    if len(t) > 1:
        dup = np.zeros(len(t), dtype=bool)
        dup[1:] = (
            (qi[1:] == qi[:-1])
            & (np.abs(t[1:] - t[:-1]) < 1e-9)
            & (side[1:] == side[:-1])
            & (part[1:] == part[:-1])
        )
        keep = ~dup
        qi, t, fi, side, part = qi[keep], t[keep], fi[keep], side[keep], part[keep]
    return Hits(qi, t, caster.face[fi], side, part)


def balanced(hits: Hits) -> np.ndarray:
    """Mask of hits whose (line, part) is crossed consistently (as many entries as exits)."""
    if len(hits.t) == 0:
        return np.zeros(0, dtype=bool)
    key = hits.query * (int(hits.part.max()) + 1) + hits.part
    _, inverse = np.unique(key, return_inverse=True)
    total = np.bincount(inverse, weights=hits.side)
    return np.abs(total[inverse]) < 0.5


def coverage(hits: Hits, n_queries: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per query: (inside, exit_forward, exit_backward).

    inside: the query point lies in at least one closed part; exit_forward/backward: distance along
    ±direction to where the line leaves the union of parts (inf when outside).
    """
    keep = balanced(hits)
    q, t, side = hits.query[keep], hits.t[keep], hits.side[keep]
    step = -side  # entering a part (+1) or leaving it (−1) when moving along +direction
    before = np.zeros(n_queries)
    np.add.at(before, q[t < 0], step[t < 0])
    inside = before > 0.5
    fwd = np.full(n_queries, np.inf)
    bwd = np.full(n_queries, np.inf)
    if len(t) == 0 or not inside.any():
        return inside, fwd, bwd
    # Running coverage after each hit, restarted per query (hits are sorted by query, then t).
    csum = np.cumsum(step)
    first = np.searchsorted(q, q, side="left")
    base = np.where(first > 0, csum[first - 1], 0.0)
    after = csum - base
    prior = after - step
    leave = (t >= 0) & (np.abs(after) < 0.5) & inside[q]
    np.minimum.at(fwd, q[leave], t[leave])
    enter = (t <= 0) & (np.abs(prior) < 0.5) & inside[q]
    np.minimum.at(bwd, q[enter], -t[enter])
    return inside, fwd, bwd

"""Exact checks of a solved floor layout with shapely: footprint overlaps and out-of-bounds distances.

The thresholds are the evaluation's: an object *collides* when its footprint overlaps another's by more
than 10 cm², it is *out of bounds* when any part lies more than 1 cm outside the floor polygon.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import shapely
from shapely.geometry import Point, Polygon

COLLISION_AREA = 1e-3  # m², 10 cm²
OOB_DISTANCE = 0.01  # m


def room_polygon(size: tuple[float, ...], polygon: tuple[tuple[float, float], ...] | None = None) -> Polygon:
    """The floor as a shapely polygon (the L x W rectangle unless a polygon is given)."""
    if polygon:
        return Polygon(polygon)
    return Polygon([(0, 0), (size[0], 0), (size[0], size[1]), (0, size[1])])


def footprint_corners(poses: np.ndarray, footprints: np.ndarray) -> np.ndarray:
    """(N, 4, 2) footprint corners of poses (N, 3) [x, y, rz] and footprints (N, 2) [width, depth]."""
    half = np.asarray(footprints, dtype=np.float64) / 2
    local = np.array([[-1, -1], [1, -1], [1, 1], [-1, 1]], dtype=np.float64)[None] * half[:, None]
    c, s = np.cos(poses[:, 2])[:, None], np.sin(poses[:, 2])[:, None]
    x = c * local[..., 0] - s * local[..., 1] + poses[:, None, 0]
    y = s * local[..., 0] + c * local[..., 1] + poses[:, None, 1]
    return np.stack([x, y], -1)


@dataclass
class Verification:
    """Result of the exact checks; `pairs` lists (i, j, overlap m²) above the threshold."""

    pairs: list[tuple[int, int, float]] = field(default_factory=list)
    outside: dict[int, float] = field(default_factory=dict)  # object → metres outside

    @property
    def feasible(self) -> bool:
        """No collision and nothing out of bounds."""
        return not self.pairs and not self.outside

    def colliding(self) -> set[int]:
        """Objects involved in at least one collision."""
        return {i for i, _, _ in self.pairs} | {j for _, j, _ in self.pairs}


def verify(
    poses: np.ndarray,
    footprints: np.ndarray,
    room: Polygon,
    area: float = COLLISION_AREA,
    distance: float = OOB_DISTANCE,
) -> Verification:
    """Exact footprint overlaps above `area` and parts more than `distance` outside `room`."""
    polys = shapely.polygons(footprint_corners(np.asarray(poses, dtype=np.float64), footprints))
    out = Verification()
    n = len(polys)
    if n > 1:
        tree = shapely.STRtree(polys)
        left, right = tree.query(polys, predicate="intersects")
        keep = left < right
        left, right = left[keep], right[keep]
        areas = shapely.area(shapely.intersection(polys[left], polys[right]))
        out.pairs = [
            (int(i), int(j), float(a)) for i, j, a in zip(left, right, areas, strict=True) if a > area
        ]
    for i, poly in enumerate(polys):
        if room.covers(poly):
            continue
        rest = poly.difference(room)
        if rest.is_empty:
            continue
        coords = shapely.get_coordinates(rest)
        d = max(room.distance(Point(c)) for c in coords)
        if d > distance:
            out.outside[i] = float(d)
    return out

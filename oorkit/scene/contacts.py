"""Mesh-level proximity of placed objects (FCL, convex hulls): the scene editor's gate on its box term.

FCL takes rigid transforms only, so each object's size is baked into its mesh once and its rigid pose
places it; a scene whose sizes do not change (editing) then re-queries in microseconds per pair.
"""

from __future__ import annotations

import fcl
import numpy as np
import trimesh
from scipy.spatial import ConvexHull, QhullError


def collision_objects(meshes: list[trimesh.Trimesh], sizes: np.ndarray) -> list[fcl.CollisionObject]:
    """FCL objects of scale-normalised meshes with their sizes (N, 3) baked in, at identity poses."""
    return [
        fcl.CollisionObject(trimesh.collision.mesh_to_BVH(mesh.copy().apply_scale(size)), fcl.Transform())
        for mesh, size in zip(meshes, np.asarray(sizes, dtype=float), strict=True)
    ]


def pair_distances(
    objects: list[fcl.CollisionObject], poses: np.ndarray, pairs: list[tuple[int, int]]
) -> np.ndarray:
    """Distance between the meshes of each pair (P,) at rigid `poses` (N, 4, 4); 0 where they intersect."""
    for obj, pose in zip(objects, np.asarray(poses, dtype=float), strict=True):
        obj.setTransform(fcl.Transform(pose[:3, :3], pose[:3, 3]))
    out = np.empty(len(pairs))
    for k, (a, b) in enumerate(pairs):
        # FCL answers 0 or −1 for intersecting meshes depending on its solver.
        out[k] = max(fcl.distance(objects[a], objects[b], fcl.DistanceRequest(), fcl.DistanceResult()), 0.0)
    return out


def hull_halfspaces(points: np.ndarray) -> np.ndarray:
    """Rows [n, d] (F, 4) of the convex hull of points (V, 3): x is inside where n·x + d ≤ 0 for every row."""
    pts = np.asarray(points, dtype=float)
    try:
        return np.asarray(ConvexHull(pts).equations)
    except QhullError:
        # Flat meshes (a sheet of paper, a plate's decal) have no 3D hull; joggling gives them a thin one.
        return np.asarray(ConvexHull(pts, qhull_options="QJ").equations)


def near_pairs(
    objects: list[fcl.CollisionObject],
    hulls: list[np.ndarray],
    points: list[np.ndarray],
    transforms: np.ndarray,
    pairs: list[tuple[int, int]],
    margin: float,
) -> np.ndarray:
    """(P,) True where a pair's placed meshes are closer than `margin` or one reaches into the other's hull.

    `objects`, `hulls` and `points` (each object's mesh support points) are in the scale-normalised space of
    the object that the instance transforms (N, 4, 4) place. FCL measures between surfaces, so a mesh sunk
    wholly into another (a mouse inside a keyboard's slab) is far from every surface: the hull test sees it.
    """
    transforms = np.asarray(transforms, dtype=float)
    sizes = np.linalg.norm(transforms[:, :3, :3], axis=1)
    poses = transforms @ np.stack([np.diag([*(1.0 / s), 1.0]) for s in sizes])
    near = pair_distances(objects, poses, pairs) < margin
    inverse = np.linalg.inv(transforms)
    for k, (a, b) in enumerate(pairs):
        for inner, outer in ((a, b), (b, a)):
            if near[k]:
                break
            relative = inverse[outer] @ transforms[inner]
            local = points[inner] @ relative[:3, :3].T + relative[:3, 3]
            near[k] = bool(((local @ hulls[outer][:, :3].T + hulls[outer][:, 3]) <= 0).all(-1).any())
    return near

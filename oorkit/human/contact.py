"""Body ↔ object geometry: surface samples, penetration, and the contact pairs the motion keeps.

An object is a scale-normalised mesh and an instance transform per frame. The optimiser sees it as dense
surface samples with normals: a body vertex whose nearest sample's normal points away from it is inside,
by the distance along that normal. The reported figures use the exact nearest point on the mesh instead.
Contact consistency (the paper's C) keeps the distances of the N nearest vertex pairs between the body and
each object as they were in the first frame.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
import trimesh
from scipy.spatial import cKDTree

SURFACE_SAMPLES = 6000
CONTACT_DISTANCE = 0.02  # a kept pair closer than this in the first frame is a contact, else proximity
NEAR = 0.03  # body vertices farther than this from an object's box are not tested against it


@dataclass
class ObjectSurface:
    """An object's mesh (scale-normalised) with surface samples and their normals in the same space."""

    name: str
    mesh: trimesh.Trimesh
    points: np.ndarray  # (P, 3)
    normals: np.ndarray  # (P, 3)


def object_surface(
    name: str, mesh: trimesh.Trimesh, seed: int = 0, samples: int = SURFACE_SAMPLES
) -> ObjectSurface:
    """Sample an object's surface uniformly by area (seeded), with face normals."""
    points, faces = trimesh.sample.sample_surface(mesh, samples, seed=seed)
    return ObjectSurface(name, mesh, np.asarray(points), np.asarray(mesh.face_normals[faces]))


@dataclass
class PlacedSurface:
    """An object's surface samples at one instance transform, with a KD-tree and a box for queries."""

    points: np.ndarray
    normals: np.ndarray
    tree: cKDTree
    low: np.ndarray
    high: np.ndarray


def place(surface: ObjectSurface, transform: np.ndarray, margin: float = NEAR) -> PlacedSurface:
    """Surface samples placed in the world, indexed once for every query of a frame."""
    points, normals = placed(surface, transform)
    return PlacedSurface(points, normals, cKDTree(points), points.min(0) - margin, points.max(0) + margin)


def placed(surface: ObjectSurface, transform: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """World surface points and unit normals for an instance transform (normals by the inverse transpose)."""
    points = surface.points @ transform[:3, :3].T + transform[:3, 3]
    normals = surface.normals @ np.linalg.inv(transform[:3, :3])
    return points, normals / np.linalg.norm(normals, axis=1, keepdims=True)


def _in_box(vertices: np.ndarray, target: PlacedSurface) -> np.ndarray:
    """Ids of the vertices (V, 3) inside a placed object's box, widened by its margin."""
    return np.flatnonzero(np.all((vertices >= target.low) & (vertices <= target.high), axis=1))


def _near(vertices: np.ndarray, points: np.ndarray, margin: float = NEAR) -> np.ndarray:
    lo, hi = points.min(0) - margin, points.max(0) + margin
    return np.flatnonzero(np.all((vertices >= lo) & (vertices <= hi), axis=1))


def penetration_loss(vertices: torch.Tensor, target: PlacedSurface) -> torch.Tensor:
    """Σ depth² of the body vertices (V, 3) inside one placed object (depth along the nearest normal)."""
    v_np = vertices.detach().numpy()
    candidates = _in_box(v_np, target)
    if len(candidates) == 0:
        return vertices.new_zeros(())
    v = vertices[candidates]
    _, nearest = target.tree.query(v_np[candidates])
    p = torch.as_tensor(target.points[nearest], dtype=v.dtype)
    n = torch.as_tensor(target.normals[nearest], dtype=v.dtype)
    depth = ((p - v) * n).sum(dim=-1).clamp(min=0.0)
    return depth.square().sum()


def max_depth(vertices: torch.Tensor, target: PlacedSurface) -> float:
    """The deepest body vertex (V, 3) inside one placed object, along the nearest sample's normal (m)."""
    v = vertices.detach().numpy()
    candidates = _in_box(v, target)
    if len(candidates) == 0:
        return 0.0
    _, nearest = target.tree.query(v[candidates])
    depth = np.einsum("ij,ij->i", target.points[nearest] - v[candidates], target.normals[nearest])
    return float(max(depth.max(), 0.0))


def surface_distance(vertices: torch.Tensor, target: PlacedSurface) -> torch.Tensor:
    """Distance (V,) from each vertex to the nearest surface sample (differentiable in the vertices)."""
    _, nearest = target.tree.query(vertices.detach().numpy())
    return (vertices - torch.as_tensor(target.points[nearest], dtype=vertices.dtype)).norm(dim=-1)


@dataclass(frozen=True)
class ContactPairs:
    """N kept (body vertex, object sample) pairs with their first-frame distances."""

    object_index: int
    vertices: np.ndarray  # (N,) body vertex ids
    samples: np.ndarray  # (N,) object surface sample ids
    distances: np.ndarray  # (N,) metres

    @property
    def touching(self) -> np.ndarray:
        """Which pairs are contacts (first-frame distance ≤ CONTACT_DISTANCE) rather than proximity."""
        return self.distances <= CONTACT_DISTANCE


def nearest_pairs(
    vertices: np.ndarray, candidates: np.ndarray, points: np.ndarray, n: int, object_index: int
) -> ContactPairs:
    """The n nearest (vertex, sample) pairs, one per body vertex, among `candidates` vertex ids."""
    d, k = cKDTree(points).query(vertices[candidates])
    order = np.argsort(d)[:n]
    return ContactPairs(object_index, candidates[order], k[order], d[order])


def pair_distances(vertices: torch.Tensor, points: np.ndarray, pairs: ContactPairs) -> torch.Tensor:
    """Current distances (N,) of kept pairs, object samples given placed in the world."""
    p = torch.as_tensor(points[pairs.samples], dtype=vertices.dtype)
    return (vertices[pairs.vertices] - p).norm(dim=-1)


def penetration_depth(vertices: np.ndarray, mesh: trimesh.Trimesh, transform: np.ndarray) -> float:
    """Deepest penetration (m) of world body vertices (V, 3) into a placed mesh (exact nearest point)."""
    world = mesh.copy()
    world.apply_transform(transform)
    candidates = _near(vertices, np.asarray(world.bounds), margin=0.0)
    if len(candidates) == 0:
        return 0.0
    v = vertices[candidates]
    closest, distance, face = trimesh.proximity.closest_point(world, v)
    inside = np.einsum("ij,ij->i", closest - v, world.face_normals[face]) > 0
    if world.is_watertight:
        inside &= world.contains(v)
    return float(distance[inside].max()) if inside.any() else 0.0

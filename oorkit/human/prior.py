"""A pose prior without licence-gated data: joint limits, a rest-pose prior, balance and hand frames.

VPoser's angle prior only stops elbows and knees bending the wrong way; here every driven joint has a
box of anatomical angles (flexion, abduction, twist, in degrees: `oorkit.human.body.JOINTS`), enforced
exactly by projection after every optimiser step and counted by `limit_violations`. The rest prior holds
each joint towards the rest pose with its own weight (the spine hardest, sideways most), and balance
keeps the centre of mass (segment masses after de Leva) over the support polygon of the soles.
No motion-capture data goes into it: the 15 DeepMimic clips in `pybullet_data` are locomotion of a
simplified humanoid, with no arms reaching or holding anything, so they cannot inform these poses.
"""

from __future__ import annotations

import numpy as np
import torch
from scipy.spatial import ConvexHull

from oorkit.human.body import Body

LIMIT_TOLERANCE_DEG = 0.5


def project_to_limits(body: Body, angles: torch.Tensor, grip: torch.Tensor) -> None:
    """Clamp joint angles into their limits and grips into [0, 1], in place."""
    with torch.no_grad():
        angles.copy_(torch.maximum(torch.minimum(angles, body.upper), body.lower))
        grip.clamp_(0.0, 1.0)


def limit_violations(body: Body, angles: torch.Tensor | np.ndarray) -> int:
    """How many (frame, joint, axis) angles lie outside their limits by more than 0.5°."""
    a = torch.as_tensor(np.asarray(angles), dtype=torch.float64).reshape(-1, body.joint_count, 3)
    tol = np.radians(LIMIT_TOLERANCE_DEG)
    return int(((a < body.lower - tol) | (a > body.upper + tol)).sum())


def rest_prior(body: Body, angles: torch.Tensor) -> torch.Tensor:
    """Σ_j w_j |θ_j|², lateral bending (the abduction of the spine and neck) weighted four times."""
    sideways = torch.ones(body.joint_count, 3, dtype=angles.dtype)
    sideways[:7, 1] = 4.0  # spine05 … head
    return (body.rest_weight[:, None] * sideways * angles.square()).sum(dim=(-1, -2))


def support_polygon(body: Body, margin: float = 0.02) -> tuple[torch.Tensor, torch.Tensor]:
    """Half-planes (normals (K, 2), offsets (K,)) of the soles' convex hull in body-frame (x, z), shrunk."""
    points = body.rest_vertices[body.regions["soles"]][:, [0, 2]]
    hull = ConvexHull(points)
    normals = hull.equations[:, :2]
    offsets = -hull.equations[:, 2] - margin
    return torch.as_tensor(normals), torch.as_tensor(offsets)


def balance(body: Body, vertices: torch.Tensor, polygon: tuple[torch.Tensor, torch.Tensor]) -> torch.Tensor:
    """Squared distance by which the centre of mass of (B, V, 3) body-frame vertices leaves the polygon."""
    com = body.centre_of_mass(vertices)[:, [0, 2]]
    normals, offsets = polygon
    outside = (com @ normals.T - offsets).amax(dim=1).clamp(min=0.0)
    return outside.square()


def hand_frame(
    body: Body, vertices: torch.Tensor, side: str
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Palm centre (B, 3), palm normal (B, 3, pointing out of the palm) and pinky→index axis (B, 3)."""
    palm = vertices[:, body.regions[f"palm.{side}"]].mean(dim=1)
    back = vertices[:, body.regions[f"back.{side}"]].mean(dim=1)
    index = vertices[:, body.regions[f"index.{side}"]].mean(dim=1)
    pinky = vertices[:, body.regions[f"pinky.{side}"]].mean(dim=1)
    normal = torch.nn.functional.normalize(palm - back, dim=-1)
    across = torch.nn.functional.normalize(index - pinky, dim=-1)
    return palm, normal, across

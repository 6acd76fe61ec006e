"""The OOR sample φ = (R^{T→B}, t^{T→B}, s^{T→B}, s^B) of the OOR paper (Eqs. 1–3, 5–6, 16).

Spaces
------
* scale-normalised canonical space of an object: its tight bbox is the unit cube [-½, ½]³ (x̂).
* instance canonical space: origin at the bbox centre, +y up, front +z, longest bbox edge 1
  (x = s ⊙ x̂, where s holds the bbox extents with max(s) = 1).

φ maps a point x̂_T of the *target* (scale-normalised) into the *base*'s instance canonical space
(Eq. 2):  x_{T→B} = R^{T→B} · (s^{T→B} ⊙ x̂_T) + t^{T→B};  s^B is the base's own aspect ratio (Eq. 3).

Vector layout (15 floats, the diffusion model's state)
------------------------------------------------------
    φ[0:6]    rotation R^{T→B} in 6D (first two columns, see oorkit.geometry.rotations)
    φ[6:9]    translation t^{T→B}, in base units (base's longest edge = 1)
    φ[9:12]   target scale s^{T→B} (target bbox extents in base units)
    φ[12:15]  base scale s^B (base bbox extents, longest = 1)

World placement
---------------
An object in a world (metres) is placed by an *instance transform* A = [[R·diag(S), t], [0, 1]]
mapping its scale-normalised space into the world: S are its bbox extents in metres. All functions
are batched over leading dimensions and take NumPy arrays or torch tensors.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import torch

from oorkit.geometry._backend import Array, as_tensor, like
from oorkit.geometry.rotations import matrix_to_rot6d, rot6d_to_matrix
from oorkit.geometry.transforms import decompose_transform, make_transform

PHI_DIM = 15
ROT6D = slice(0, 6)
TRANSLATION = slice(6, 9)
TARGET_SCALE = slice(9, 12)
BASE_SCALE = slice(12, 15)


class OORParts(NamedTuple):
    """φ unpacked: rotation (..., 3, 3), translation (..., 3), target_scale (..., 3), base_scale (..., 3)."""

    rotation: Any
    translation: Any
    target_scale: Any
    base_scale: Any


def pack(rotation: Array, translation: Array, target_scale: Array, base_scale: Array) -> Array:
    """Pack (R, t, s^{T→B}, s^B) into φ vectors (..., 15)."""
    r = as_tensor(rotation)
    parts = [matrix_to_rot6d(r), as_tensor(translation), as_tensor(target_scale), as_tensor(base_scale)]
    batch = torch.broadcast_shapes(*(p.shape[:-1] for p in parts))
    phi = torch.cat([p.to(r.dtype).expand(*batch, p.shape[-1]) for p in parts], dim=-1)
    return like(phi, rotation)


def unpack(phi: Array) -> OORParts:
    """Split φ (..., 15) into its parts (same array type), re-orthonormalising R by Gram–Schmidt."""
    parts = _unpack(as_tensor(phi))
    return OORParts(*(like(x, phi) for x in parts))


def _require_phi(p: torch.Tensor) -> None:
    if p.shape[-1] != PHI_DIM:
        raise ValueError(f"an OOR sample has {PHI_DIM} numbers, got a last dimension of {p.shape[-1]}")


def _unpack(p: torch.Tensor) -> OORParts:
    _require_phi(p)
    return OORParts(
        rot6d_to_matrix(p[..., ROT6D]), p[..., TRANSLATION], p[..., TARGET_SCALE], p[..., BASE_SCALE]
    )


def target_to_base_transform(phi: Array) -> Array:
    """4x4 transforms (..., 4, 4) of Eq. 2: target scale-normalised space → base instance space."""
    parts = _unpack(as_tensor(phi))
    return like(make_transform(parts.rotation, parts.translation, parts.target_scale), phi)


def base_instance_transform(phi: Array) -> Array:
    """4x4 transforms (..., 4, 4) of Eq. 3: base scale-normalised space → base instance space."""
    s = _unpack(as_tensor(phi)).base_scale
    eye = torch.eye(3, dtype=s.dtype).expand(*s.shape[:-1], 3, 3)
    return like(make_transform(eye, torch.zeros_like(s), s), phi)


def place_target(phi: Array, target_points: Array) -> Array:
    """Map target points (..., N, 3) from its scale-normalised space into the base instance space (Eq. 2)."""
    parts = _unpack(as_tensor(phi))
    x = as_tensor(target_points).to(parts.rotation.dtype)
    placed = (x * parts.target_scale.unsqueeze(-2)) @ parts.rotation.transpose(-1, -2)
    return like(placed + parts.translation.unsqueeze(-2), target_points)


def from_instance_transforms(base: Array, target: Array) -> Array:
    """φ from the instance transforms (..., 4, 4) of a base and a target placed in one world.

    With A_B = [R_B·diag(S_B), t_B] and m = max(S_B) the base's longest edge, the base instance space is
    the world seen from the base and scaled by 1/m, so R = R_Bᵀ R_T, t = R_Bᵀ (t_T − t_B)/m,
    s^{T→B} = S_T/m, s^B = S_B/m (Eqs. 5–6).
    """
    r_b, t_b, s_b = (as_tensor(x) for x in decompose_transform(as_tensor(base)))
    r_t, t_t, s_t = (as_tensor(x) for x in decompose_transform(as_tensor(target).to(r_b.dtype)))
    _require_positive(s_b, "base")
    _require_positive(s_t, "target")
    unit = s_b.amax(-1, keepdim=True)
    rotation = r_b.transpose(-1, -2) @ r_t
    translation = (r_b.transpose(-1, -2) @ (t_t - t_b).unsqueeze(-1)).squeeze(-1) / unit
    return like(pack(rotation, translation, s_t / unit, s_b / unit), base)


def from_similarity_poses(
    base_pose: Array, target_pose: Array, base_bbox: Array, target_bbox: Array
) -> Array:
    """φ from registered template meshes (Eqs. 5–6).

    `base_pose`/`target_pose` are similarity transforms (..., 4, 4) (s·R, t) of each template mesh from its
    canonical space into a shared space (e.g. the SfM point-cloud space of Eq. 4); `base_bbox`/`target_bbox`
    are the templates' canonical bbox extents BBOX(·) (longest edge 1).
    """
    bp, tp = as_tensor(base_pose), as_tensor(target_pose)
    bb, tb = as_tensor(base_bbox).to(bp.dtype), as_tensor(target_bbox).to(bp.dtype)
    base_instance = bp @ _scale_matrix(bb)
    target_instance = tp.to(bp.dtype) @ _scale_matrix(tb)
    return like(from_instance_transforms(base_instance, target_instance), base_pose)


def target_instance_transform(phi: Array, base: Array) -> Array:
    """World instance transform of the target given φ and the base's world instance transform (..., 4, 4).

    The base's world *size* comes from `base` (its S_B); φ's s^B only fixes the aspect ratio, so the
    base's instance space is scaled by m = max(S_B) metres per base unit.
    """
    b = as_tensor(base)
    r_b, t_b, s_b = (as_tensor(x) for x in decompose_transform(b))
    unit = s_b.amax(-1, keepdim=True)
    base_space_to_world = make_transform(r_b, t_b, unit.expand_as(s_b))
    return like(base_space_to_world @ as_tensor(target_to_base_transform(as_tensor(phi).to(b.dtype))), base)


def base_instance_transform_from_world(phi: Array, rotation: Array, translation: Array, unit: Array) -> Array:
    """Base instance transform in a world: R (..., 3, 3), position (..., 3), metres per base unit."""
    s_b = _unpack(as_tensor(phi)).base_scale
    u = as_tensor(unit).to(s_b.dtype)
    return like(make_transform(as_tensor(rotation), as_tensor(translation), s_b * u.unsqueeze(-1)), phi)


def swap(phi: Array) -> Array:
    """Exchange base and target: φ of the base expressed in the target's instance space.

    The new base unit is the target's longest edge m = max(s^{T→B}): R' = Rᵀ, t' = −Rᵀt/m,
    s'^{T→B} = s^B/m, s'^B = s^{T→B}/m. Swapping twice is the identity for φ with max(s^B) = 1.
    """
    parts = _unpack(as_tensor(phi))
    unit = parts.target_scale.amax(-1, keepdim=True)
    _require_positive(parts.target_scale, "target")
    r_t = parts.rotation.transpose(-1, -2)
    translation = -(r_t @ parts.translation.unsqueeze(-1)).squeeze(-1) / unit
    return like(pack(r_t, translation, parts.base_scale / unit, parts.target_scale / unit), phi)


def instance_scale_for_mesh(scale: Array, mesh_bbox: Array) -> Array:
    """Eq. 16: a sampled scale s turned into one that keeps an unseen mesh's aspect ratio.

    s' = mean(s / BBOX(M)) · BBOX(M), where BBOX(M) are the mesh's canonical bbox extents.
    """
    s = as_tensor(scale)
    bbox = as_tensor(mesh_bbox).to(s.dtype)
    _require_positive(bbox, "mesh bbox")
    return like((s / bbox).mean(-1, keepdim=True) * bbox, scale)


def keep_mesh_aspects(phi: Array, base_bbox: Array, target_bbox: Array) -> Array:
    """Eq. 16 on both objects of φ (..., 15): s^B takes the base mesh's aspect, s^{T→B} the target's.

    Bboxes (..., 3) are the meshes' canonical extents (any length unit); poses are unchanged.
    """
    p = as_tensor(phi).clone()
    _require_phi(p)
    base = as_tensor(base_bbox).to(p.dtype).expand_as(p[..., BASE_SCALE])
    _require_positive(base, "base mesh bbox")
    p[..., TARGET_SCALE] = instance_scale_for_mesh(p[..., TARGET_SCALE], as_tensor(target_bbox))
    p[..., BASE_SCALE] = base / base.amax(-1, keepdim=True)
    return like(p, phi)


def keep_relation(phi: Array, base_bbox: Array, target_bbox: Array) -> Array:
    """Eq. 16 on both objects of φ (..., 15), moving the target so that its relation to the base survives.

    `keep_mesh_aspects` alone keeps t, so a base of other proportions leaves a mug floating above (or
    sunk into) the table and a spoon through the cup's floor. Here each base-frame axis of the target's
    box is re-anchored (`reanchor_translation`): the bottom vertically (support, containment, floor
    level), the near face horizontally when the target is beside the base (gaps kept), else its centre.
    """
    p = as_tensor(phi)
    rescaled = keep_mesh_aspects(p, as_tensor(base_bbox).to(p.dtype), as_tensor(target_bbox).to(p.dtype))
    return like(reanchor_translation(p, rescaled), phi)


def reanchor_translation(phi: Array, rescaled: Array) -> Array:
    """φ `rescaled` (..., 15) with new scales, its t moved so the target sits where φ had it w.r.t. the base.

    Space is mapped per base axis by x ↦ x·b'/b inside the base's box (its surfaces move with the mesh)
    and x ↦ x ± (b' − b) outside it (offsets to the box kept), b and b' the old and new half extents; the
    target's anchor point (bottom face, near face, or centre) follows that map and its new box is hung on it.
    """
    old, new = _unpack(as_tensor(phi)), _unpack(as_tensor(rescaled).to(as_tensor(phi).dtype))
    absr = old.rotation.abs()
    h = (absr @ old.target_scale.unsqueeze(-1)).squeeze(-1) / 2  # target half extents along base axes
    h_new = (absr @ new.target_scale.unsqueeze(-1)).squeeze(-1) / 2
    b, b_new = old.base_scale / 2, new.base_scale / 2
    _require_positive(b, "base")

    def follow(x: torch.Tensor) -> torch.Tensor:
        return torch.where(x.abs() <= b, x * b_new / b, x + torch.sign(x) * (b_new - b))

    c = old.translation
    lo, hi = c - h, c + h
    beside_plus, beside_minus = lo > b, hi < -b
    centre = follow(c)
    contained = (lo >= -b) & (hi <= b) & (h_new <= b_new)
    centre = torch.where(
        contained, torch.minimum(torch.maximum(centre, -b_new + h_new), b_new - h_new), centre
    )
    t = torch.where(beside_plus, follow(lo) + h_new, torch.where(beside_minus, follow(hi) - h_new, centre))
    up = follow(lo) + h_new  # gravity: the bottom stays on what it stood on
    t = torch.cat([t[..., :1], up[..., 1:2], t[..., 2:]], dim=-1)
    out = as_tensor(rescaled).clone()
    out[..., TRANSLATION] = t.to(out.dtype)
    return like(out, rescaled)


def _scale_matrix(extents: torch.Tensor) -> torch.Tensor:
    eye = torch.eye(3, dtype=extents.dtype).expand(*extents.shape[:-1], 3, 3)
    return make_transform(eye, torch.zeros_like(extents), extents)


def _require_positive(scale: torch.Tensor, what: str) -> None:
    if bool((scale <= 0).any()):
        raise ValueError(f"{what} scale must be positive on every axis")

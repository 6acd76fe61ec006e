"""Batched geometry over NumPy arrays and torch tensors: rotations, transforms, boxes."""

from oorkit.geometry.boxes import (
    aabb_overlap_volume,
    aabb_volume,
    box_corners,
    obb_intersects,
    obb_overlap_volume,
    transformed_box_aabb,
    transformed_box_obb,
)
from oorkit.geometry.rotations import (
    axis_angle_to_matrix,
    geodesic_distance,
    matrix_to_axis_angle,
    matrix_to_quat,
    matrix_to_rot6d,
    quat_to_matrix,
    random_rotation,
    rot6d_tangent_step,
    rot6d_to_matrix,
)
from oorkit.geometry.transforms import (
    apply,
    apply_vectors,
    compose,
    decompose_transform,
    invert,
    make_transform,
    similarity_scale,
)

__all__ = [
    "aabb_overlap_volume",
    "aabb_volume",
    "apply",
    "apply_vectors",
    "axis_angle_to_matrix",
    "box_corners",
    "compose",
    "decompose_transform",
    "geodesic_distance",
    "invert",
    "make_transform",
    "matrix_to_axis_angle",
    "matrix_to_quat",
    "matrix_to_rot6d",
    "obb_intersects",
    "obb_overlap_volume",
    "quat_to_matrix",
    "random_rotation",
    "rot6d_tangent_step",
    "rot6d_to_matrix",
    "similarity_scale",
    "transformed_box_aabb",
    "transformed_box_obb",
]

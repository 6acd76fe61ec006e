"""Canonical spaces, the category catalogue and template meshes."""

from oorkit.assets.canonical import (
    CanonicalInfo,
    axis_vector,
    canonical_extents,
    canonicalize,
    orientation_matrix,
    scale_normalize,
    unit_scale,
)
from oorkit.assets.catalogue import (
    AFFORDANCES,
    Catalogue,
    Category,
    Template,
    builtin_catalogue,
    category_templates,
    get_category,
    get_template,
    load_catalogue,
    load_template_mesh,
    load_user_assets,
    normalize_name,
)
from oorkit.assets.meshio import load_mesh_file

__all__ = [
    "AFFORDANCES",
    "CanonicalInfo",
    "Catalogue",
    "Category",
    "Template",
    "axis_vector",
    "builtin_catalogue",
    "canonical_extents",
    "canonicalize",
    "category_templates",
    "get_category",
    "get_template",
    "load_catalogue",
    "load_mesh_file",
    "load_template_mesh",
    "load_user_assets",
    "normalize_name",
    "orientation_matrix",
    "scale_normalize",
    "unit_scale",
]

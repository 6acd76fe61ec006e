"""The procedural relation library: contexts and the geometric primitives that realise them."""

from oorkit.relations.checks import CheckResult, check_sample, penetration
from oorkit.relations.context import KINDS, Context, bundled_contexts, context_from_dict, load_contexts
from oorkit.relations.primitives import (
    PRIMITIVES,
    apply_primitive,
    get_primitive,
    primitive_args,
    validate_args,
)
from oorkit.relations.sampler import (
    ContextSamples,
    RelationSample,
    instance_transforms,
    phi_of,
    sample_context,
)
from oorkit.relations.space import (
    Opening,
    Placed,
    RelationFailed,
    Surface,
    inside_depth,
    make_placed,
    opening,
    place_instance,
    support_surfaces,
    sweep_distance,
)

__all__ = [
    "KINDS",
    "PRIMITIVES",
    "CheckResult",
    "Context",
    "ContextSamples",
    "Opening",
    "Placed",
    "RelationFailed",
    "RelationSample",
    "Surface",
    "apply_primitive",
    "bundled_contexts",
    "check_sample",
    "context_from_dict",
    "get_primitive",
    "inside_depth",
    "instance_transforms",
    "load_contexts",
    "make_placed",
    "opening",
    "penetration",
    "phi_of",
    "place_instance",
    "primitive_args",
    "sample_context",
    "support_surfaces",
    "sweep_distance",
    "validate_args",
]

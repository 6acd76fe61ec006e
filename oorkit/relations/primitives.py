"""The primitive registry: relation names → functions `fn(base, target, rng, **args) -> pose (4, 4)`."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from oorkit.relations.functional import cut, hanging_on, hit, insert, pour_into, stir
from oorkit.relations.proximity import around, behind, facing, in_front_of, leaning_against, next_to
from oorkit.relations.space import Placed
from oorkit.relations.support import in_, on, stacked, under

Primitive = Callable[..., np.ndarray]

PRIMITIVES: dict[str, Primitive] = {
    "on": on,
    "in": in_,
    "under": under,
    "next_to": next_to,
    "in_front_of": in_front_of,
    "behind": behind,
    "facing": facing,
    "around": around,
    "stacked": stacked,
    "leaning_against": leaning_against,
    "hanging_on": hanging_on,
    "pour_into": pour_into,
    "cut": cut,
    "stir": stir,
    "hit": hit,
    "insert": insert,
}


def get_primitive(name: str) -> Primitive:
    """The primitive function of a relation name (ValueError listing the known ones)."""
    try:
        return PRIMITIVES[name]
    except KeyError:
        raise ValueError(f"unknown relation {name!r}; known: {', '.join(sorted(PRIMITIVES))}") from None


def primitive_args(name: str) -> dict[str, Any]:
    """A primitive's keyword arguments and their defaults."""
    params = list(inspect.signature(get_primitive(name)).parameters.values())[3:]
    return {p.name: p.default for p in params}


def validate_args(name: str, args: Mapping[str, Any]) -> None:
    """Raise ValueError naming any argument the primitive does not take."""
    known = primitive_args(name)
    unknown = sorted(set(args) - set(known))
    if unknown:
        raise ValueError(
            f"relation {name!r} got unknown argument(s) {', '.join(unknown)}; it takes {', '.join(known)}"
        )


def apply_primitive(
    name: str, base: Placed, target: Placed, rng: np.random.Generator, args: Mapping[str, Any] | None = None
) -> np.ndarray:
    """Run a primitive by name with validated arguments; returns the target's 4x4 pose in the base frame."""
    args = dict(args or {})
    validate_args(name, args)
    for k, v in args.items():
        if isinstance(v, list):
            args[k] = tuple(v)  # YAML gives lists for ranges
    return get_primitive(name)(base, target, rng, **args)

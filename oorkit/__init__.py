"""OORKit: learn and generate 3D object-object spatial relationships (OOR) from text.

    import oorkit
    pairs = oorkit.sample("A teapot pouring tea into a teacup", n=8, seed=0)   # PairSamples: φ (8, 15)
    pairs.to_scene(0).export("teapot.glb")                                    # .glb, .usd, .ply, .json
    desk = oorkit.sample_scene("examples/scenes/desk_setup.yaml", n=4).scenes[0]
    tidy = oorkit.rearrange(desk).scene                                       # Eq. 13 with the score
    room = oorkit.solve_layout(oorkit.plan_room("bedroom", (5, 4)))

Everything here is defined in `oorkit.api` and loads on first use, so `import oorkit` stays light.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

__all__ = [
    "EditResult",
    "Layout",
    "MotionResult",
    "PairSamples",
    "Scene",
    "SceneSamples",
    "__version__",
    "insert",
    "load_layout",
    "load_pipeline",
    "load_scene",
    "load_spec",
    "motion",
    "plan_room",
    "rearrange",
    "recontext",
    "sample",
    "sample_scene",
    "solve_layout",
]


def __getattr__(name: str) -> Any:
    # `import oorkit` stays light (no torch); the API loads on first use of oorkit.sample & co.
    if name in __all__:
        from oorkit import api

        return getattr(api, name)
    raise AttributeError(f"module 'oorkit' has no attribute {name!r}")


def __dir__() -> list[str]:
    # help(oorkit) and tab completion list the public API (loading it).
    return sorted(set(__all__) | set(globals()))

"""OORKit: learn and generate 3D object-object spatial relationships from text."""

from __future__ import annotations

from typing import Any

__all__ = ["PairSamples", "load_pipeline", "sample"]


def __getattr__(name: str) -> Any:
    # `import oorkit` stays light (no torch); the API loads on first use of oorkit.sample & co.
    if name in __all__:
        from oorkit import api

        return getattr(api, name)
    raise AttributeError(f"module 'oorkit' has no attribute {name!r}")

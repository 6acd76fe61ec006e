"""Adapters to the large pre-trained models of the paper's pipeline, each loading local weights only.

Every adapter raises `MissingWeights` (an OORKitError) naming the exact weights it needs when they are
not there, and `MissingPackage` naming the pip package when its library is not installed.
"""

from __future__ import annotations

from pathlib import Path

from oorkit.errors import OORKitError


class MissingWeights(OORKitError):
    """A model's weights are not at the given local path."""


class MissingPackage(OORKitError):
    """A backend's Python package is not installed."""


def require_path(path: str | Path | None, what: str) -> Path:
    """The local weights path, or MissingWeights naming `what` (e.g. 'FLUX.1-dev (black-forest-labs/...)')."""
    if not path:
        raise MissingWeights(f"no local path given for {what}")
    p = Path(path).expanduser()
    if not p.exists():
        raise MissingWeights(f"{what} not found at {p}")
    return p


def require_package(module: str, pip_name: str, what: str) -> None:
    """Import check with a one-line hint."""
    import importlib.util

    if importlib.util.find_spec(module) is None:
        raise MissingPackage(f"{what} needs the {pip_name!r} package: pip install {pip_name}")

"""viser is optional (`pip install 'oorkit[viewer]'`): imported at run time, typed as Any for mypy."""

from __future__ import annotations

import importlib
from typing import Any

from oorkit.errors import OORKitError

INSTALL_HINT = "the viewer needs viser: pip install 'oorkit[viewer]'"


def import_viser() -> Any:
    """The viser module, or a one-line OORKitError telling how to install it."""
    try:
        return importlib.import_module("viser")
    except ImportError:
        raise OORKitError(INSTALL_HINT) from None

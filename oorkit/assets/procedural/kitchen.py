"""Kitchen category templates: one registry over the vessel and tool generators.

Vessels live in `kitchen_ware`, utensils and appliances in `kitchen_tools`, shared helpers in `kitchen_parts`.

Conventions: metres, +y up, front +z, resting on y = 0; spouts and working ends toward +x, handles toward -x.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import trimesh

from oorkit.assets.procedural import kitchen_tools, kitchen_ware

GENERATORS: dict[str, Callable[[np.random.Generator | None], trimesh.Trimesh]] = {
    **kitchen_ware.GENERATORS,
    **kitchen_tools.GENERATORS,
}

"""Text-to-image prompts with the paper's three strategies (Sec. 3.2, App. A, Fig. 10)."""

from __future__ import annotations

import re

from oorkit.assets import get_category

WHITE_BACKGROUND = "White background."
#: Camera phrase for pairs whose sizes differ a lot (table, teacup): keeps both fully in frame.
WIDE_VIEW = "A wide shot from a high camera angle, both objects fully visible in the frame."


def build_prompt(
    text: str,
    base: str,
    target: str,
    descriptions: dict[str, str] | None = None,
    camera_ratio: float = 4.0,
) -> str:
    """`text` + shape/texture words for each object + a camera phrase when needed + "White background."

    (1) "White background." keeps both objects whole; (2) `descriptions` (category or template id →
    words, e.g. {"teapot": "a round white ceramic teapot"}) steer shapes and textures toward the template
    meshes; (3) when the longer object is `camera_ratio` times the other or more, a wide high view.
    """
    descriptions = descriptions or {}
    parts = [text.strip().rstrip(".") + "."]
    for name in (base, target):
        words = descriptions.get(name)
        if words:
            parts.append(f"The {name.replace('_', ' ')} is {words.strip().rstrip('.')}.")
    size_b, size_t = max(get_category(base).size), max(get_category(target).size)
    if max(size_b, size_t) / min(size_b, size_t) >= camera_ratio:
        parts.append(WIDE_VIEW)
    parts.append(WHITE_BACKGROUND)
    return re.sub(r"\s+", " ", " ".join(parts))

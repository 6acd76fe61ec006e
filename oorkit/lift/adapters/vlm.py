"""The VLM judge (paper App. A): multi-view renders of the registered pair against the text prompt.

Talks to any OpenAI-compatible chat-completions endpoint (OpenAI, vLLM, Ollama, LM Studio …) with the
paper's criteria, adapted from choosing between two methods to accepting or rejecting one sample.
"""

from __future__ import annotations

import base64
import io
import re
from dataclasses import dataclass
from typing import Any

import numpy as np
from PIL import Image

from oorkit.data.llm import Endpoint, LLMError
from oorkit.errors import OORKitError

SYSTEM = (
    "You are an evaluator who examines multi-view images and determines whether they align well "
    "with the text prompt."
)

USER = """You are tasked with reviewing multi-view images of a 3D scene built from a text prompt describing \
the relationship between two objects, '{base}' and '{target}'.

Prompt: '{prompt}'

There are {n} images, all views of the same scene. Determine whether they satisfy the following criteria:

1. Both objects, '{base}' and '{target}', should be present in 3D space. Because these are multi-view \
images, there may be occlusions in some views. You need to think in 3D space, combining multi-view images \
rather than just looking at one image at a time.
2. The spatial relationship between the two objects, as described in the text prompt, should be clearly \
represented in the multi-view images.
3. The texture of the images or the geometry of each object is not a consideration. As long as the objects \
are recognizable, you can ignore texture and geometry. Focus solely on the object-to-object relationship.

Give a brief explanation, then end with exactly 'Verdict: yes' if all criteria are met or 'Verdict: no' \
otherwise."""


class VLMError(OORKitError):
    """The endpoint could not be reached or answered with something unreadable."""


@dataclass(frozen=True)
class Verdict:
    """The judge's decision and its full answer."""

    accepted: bool | None  # None: the answer had no verdict
    answer: str


def _data_url(image: np.ndarray) -> str:
    buf = io.BytesIO()
    Image.fromarray(image).save(buf, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()


def judge(
    images: np.ndarray,
    prompt: str,
    base: str,
    target: str,
    endpoint: Endpoint,
) -> Verdict:
    """Ask the VLM at `endpoint` whether multi-view `images` (V, H, W, 3) show `prompt`."""
    content: list[dict[str, object]] = [
        {"type": "text", "text": USER.format(base=base, target=target, prompt=prompt, n=len(images))}
    ]
    content += [{"type": "image_url", "image_url": {"url": _data_url(im)}} for im in images]
    messages: list[dict[str, Any]] = [
        {"role": "system", "content": SYSTEM},
        {"role": "user", "content": content},
    ]
    try:
        answer = endpoint.chat(messages, temperature=0.0)
    except LLMError as exc:
        raise VLMError(f"VLM judge: {exc}") from None
    found = re.findall(r"verdict:\s*(yes|no)", answer, flags=re.IGNORECASE)
    return Verdict(None if not found else found[-1].lower() == "yes", answer)

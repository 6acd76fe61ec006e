"""VLM score (OOR paper, Fig. 15): a vision-language model picks which of two multi-view sets shows the
relation of a prompt better, with ties, through any OpenAI-compatible chat-completions endpoint.

Also home of the sample-set helpers the CLIP score and the user study share: the sets are folders
written by `oor sample` (samples.json), re-rendered here from φ into V views each.
"""

from __future__ import annotations

import base64
import io
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from oorkit.data.llm import Endpoint, MalformedReplyError
from oorkit.errors import InvalidFileError, OORKitError
from oorkit.oor import PHI_DIM

SYSTEM_PROMPT = (
    "You are an evaluator who examines multi-view images and determines whether they align well with the "
    "text prompt."
)

# Fig. 15's user prompt; only the sentences saying how the images are laid out depend on `send`.
USER_PROMPT = "\n".join(
    [
        "You are tasked with reviewing and evaluating multi-view images generated from a text prompt "
        "describing the relationship between two objects, '{obj0}' and '{obj1}'.",
        "",
        "Prompt: '{prompt}'",
        "",
        "{layout}",
        "",
        "You are to carefully review and determine which method better satisfies the following criteria:",
        "",
        "1. Both objects, '{obj0}' and '{obj1}', should be present in 3D space. Because these are multi-view "
        "images, there may be occlusions in some views. You need to think in 3D space, combining multi-view "
        "images rather than just looking at one image at a time.",
        "2. The spatial relationship between the two objects, as described in the text prompt, should be "
        "clearly represented in the multi-view images.",
        "3. The texture of the images or the geometry of each object is not a consideration. As long as the "
        "objects are recognizable, you can ignore texture and geometry. Focus solely on the object-to-object "
        "relationship.",
        "",
        "{reminder}",
        "",
        "The text prompt specifies the relationship between the two objects '{obj0}' and '{obj1}': "
        "'{prompt}'",
        "",
        "Indicate which method better satisfies the criteria above and provide a brief explanation for your "
        "choice.",
        "",
        "Please make your choice clear by including the phrase 'Choose: Method_' at the end.",
        "Multiple selection is not allowed. However, if it is difficult to determine which is the best, "
        "do not choose anything and just print the word 'Cannot choose'.",
    ]
)

LAYOUTS = {
    "views": (
        "There are a total of {total} images provided. The first {v} images are multi-view images generated "
        "using Method A, while the next {v} images are generated using Method B.",
        "Once again, the first {v} images are generated using method A, the next {v} images are generated "
        "using method B.",
    ),
    # Two images instead of 2V: each is a grid of the V views of one method.
    "grids": (
        "There are a total of 2 images provided, each a grid of {v} multi-view images. The first image shows "
        "the multi-view images generated using Method A, the second image those generated using Method B.",
        "Once again, the first image (grid of {v} views) is generated using method A, the second image is "
        "generated using method B.",
    ),
}

_CHOICE = re.compile(r"choose\s*[:：]?\s*[*_`\"' ]*\s*method\s*[_\s]*[*_`\"' ]*\s*([ab])\b", re.IGNORECASE)
_CANNOT = re.compile(r"cannot\s+choose|can't\s+choose|can\s*not\s+choose", re.IGNORECASE)


# ----- sample sets ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SampleSet:
    """The OOR samples of one prompt as written by `oor sample` (samples.json)."""

    path: Path
    text: str
    base: str
    target: str
    phi: np.ndarray  # (N, 15)


def read_sample_set(path: str | Path) -> SampleSet:
    """A samples.json file (or the folder holding one) written by `oor sample`."""
    file = Path(path)
    file = file / "samples.json" if file.is_dir() else file
    try:
        doc = json.loads(file.read_text())
        phi = np.asarray([s["phi"] for s in doc["samples"]], dtype=np.float64).reshape(-1, PHI_DIM)
        return SampleSet(file, str(doc["text"]), str(doc["base"]), str(doc["target"]), phi)
    except FileNotFoundError as exc:
        raise OORKitError(f"{file}: not found (expected a folder written by `oor sample`)") from exc
    except (KeyError, TypeError, ValueError) as exc:
        raise InvalidFileError(f"{file}: not a samples.json of `oor sample` ({exc})") from exc


def find_sample_sets(path: str | Path) -> list[SampleSet]:
    """The sample sets under a path: one `oor sample` folder, or a folder of such folders (sorted)."""
    root = Path(path)
    if (root / "samples.json").is_file() or root.is_file():
        return [read_sample_set(root)]
    if not root.is_dir():
        raise OORKitError(f"{root}: no such file or folder")
    files = sorted(root.glob("*/samples.json")) or sorted(root.glob("**/samples.json"))
    if not files:
        raise OORKitError(f"{root}: no samples.json (write sample folders with `oor sample`)")
    return [read_sample_set(f) for f in files]


def match_by_prompt(methods: Sequence[Sequence[SampleSet]]) -> list[list[SampleSet]]:
    """Rows of sets, one per prompt present in every method (order of the first method)."""
    by_text = [{s.text: s for s in sets} for sets in methods]
    common = [s.text for s in methods[0] if all(s.text in m for m in by_text[1:])]
    if not common:
        raise OORKitError("the sample folders share no prompt (match is by the exact prompt text)")
    return [[m[text] for m in by_text] for text in common]


def render_sample(
    sample_set: SampleSet, index: int = 0, views: int = 10, resolution: int = 256
) -> np.ndarray:
    """(V, H, W, 3) uint8 views circling sample `index` of a set (base at real size, target by φ)."""
    from oorkit.render import render_views
    from oorkit.scene import scene_meshes
    from oorkit.scene.pairs import pair_scene

    if not 0 <= index < len(sample_set.phi):
        raise OORKitError(f"{sample_set.path}: has {len(sample_set.phi)} samples, no sample {index}")
    scene = pair_scene(sample_set.phi[index], sample_set.base, sample_set.target)
    _, meshes, transforms = scene_meshes(scene)
    result = render_views(meshes, transforms, n_views=views, resolution=(resolution, resolution))
    return np.asarray(result.rgb)


def view_grid(images: np.ndarray) -> np.ndarray:
    """One image of V views (5 columns for the paper's 10 views)."""
    from oorkit.render import image_grid

    return image_grid(images, ncols=min(len(images), 5))


def png_bytes(image: np.ndarray) -> bytes:
    """An (H, W[, 3]) uint8 image as PNG bytes."""
    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(image)).save(buf, format="PNG")
    return buf.getvalue()


def data_url(image: np.ndarray) -> str:
    """An image as a base64 PNG data URL (what chat endpoints accept as `image_url`)."""
    return "data:image/png;base64," + base64.b64encode(png_bytes(image)).decode("ascii")


# ----- the VLM judge -------------------------------------------------------------------------------------


def vlm_messages(
    prompt: str, objects: tuple[str, str], views_a: np.ndarray, views_b: np.ndarray, send: str = "grids"
) -> list[dict[str, Any]]:
    """Chat messages of Fig. 15 for one comparison: system + user text + the images of A then B."""
    if send not in LAYOUTS:
        raise OORKitError(f"send must be grids or views, got {send!r}")
    v = len(views_a)
    layout, reminder = (s.format(total=2 * v, v=v) for s in LAYOUTS[send])
    obj0, obj1 = (o.replace("_", " ") for o in objects)
    text = USER_PROMPT.format(obj0=obj0, obj1=obj1, prompt=prompt, layout=layout, reminder=reminder)
    images = [view_grid(views_a), view_grid(views_b)] if send == "grids" else [*views_a, *views_b]
    content: list[dict[str, Any]] = [{"type": "text", "text": text}]
    content += [{"type": "image_url", "image_url": {"url": data_url(im)}} for im in images]
    return [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": content}]


def parse_verdict(reply: str) -> str:
    """'A', 'B', 'tie' ('Cannot choose') or 'invalid', from the last verdict phrase of a reply."""
    last: tuple[int, str] | None = None
    for m in _CHOICE.finditer(reply):
        last = (m.start(), m.group(1).upper())
    for m in _CANNOT.finditer(reply):
        if last is None or m.start() > last[0]:
            last = (m.start(), "tie")
    return last[1] if last else "invalid"


Judge = Callable[[list[dict[str, Any]]], str]


def endpoint_judge(endpoint: Endpoint, max_tokens: int = 600) -> Judge:
    """A judge (messages → reply text) for an OpenAI-compatible endpoint, at temperature 0."""
    return lambda messages: endpoint.chat(messages, temperature=0.0, max_tokens=max_tokens)


def vlm_compare(
    rows: Sequence[Sequence[SampleSet]],
    judge: Judge,
    samples: int = 1,
    views: int = 10,
    resolution: int = 256,
    send: str = "grids",
    seed: int = 0,
    both_orders: bool = False,
    render: Callable[[SampleSet, int], np.ndarray] | None = None,
) -> dict[str, Any]:
    """Pairwise A/B verdicts per prompt and sample index, and the win/tie/loss rates of the first method.

    Which method is shown as 'Method A' is drawn per question (seeded) against position bias; with
    `both_orders` each question is asked in both orders and a disagreement counts as a tie.
    """
    rng = np.random.default_rng(seed)
    draw = render or (lambda s, i: render_sample(s, i, views, resolution))
    results = []
    for first, second in rows:
        for index in range(min(samples, len(first.phi), len(second.phi))):
            views_1, views_2 = draw(first, index), draw(second, index)
            orders = [True, False] if both_orders else [bool(rng.integers(2))]
            asked = []
            for first_is_a in orders:
                a, b = (views_1, views_2) if first_is_a else (views_2, views_1)
                messages = vlm_messages(first.text, (first.base, first.target), a, b, send)
                try:
                    reply = judge(messages)
                    verdict = parse_verdict(reply)
                except MalformedReplyError as exc:
                    reply, verdict = str(exc), "invalid"
                shown = {"A": "first", "B": "second"} if first_is_a else {"A": "second", "B": "first"}
                winner = shown.get(verdict, verdict)  # 'first' | 'second' | 'tie' | 'invalid'
                asked.append(
                    {
                        "first_shown_as": "A" if first_is_a else "B",
                        "verdict": verdict,
                        "winner": winner,
                        "reply": reply,
                    }
                )
            winners = {str(a["winner"]) for a in asked} - {"invalid"}
            outcome = "invalid" if not winners else winners.pop() if len(winners) == 1 else "tie"
            results.append(
                {
                    "prompt": first.text,
                    "base": first.base,
                    "target": first.target,
                    "index": index,
                    "outcome": outcome,
                    "asked": asked,
                }
            )
    return {"summary": vlm_rates([str(r["outcome"]) for r in results]), "comparisons": results}


def vlm_rates(outcomes: Sequence[str]) -> dict[str, Any]:
    """Win/tie/loss rates of the first method over valid outcomes; score = 100·(win + tie/2)."""
    valid = [o for o in outcomes if o != "invalid"]
    n = len(valid)
    win, tie, loss = (
        sum(o == k for o in valid) / n if n else float("nan") for k in ("first", "tie", "second")
    )
    return {
        "questions": len(outcomes),
        "valid": n,
        "invalid": len(outcomes) - n,
        "win": win,
        "tie": tie,
        "loss": loss,
        "score_first": 100.0 * (win + tie / 2) if n else float("nan"),
        "score_second": 100.0 * (loss + tie / 2) if n else float("nan"),
    }

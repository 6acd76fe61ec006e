"""Relations from an LLM (any OpenAI-compatible chat endpoint), in R3L's three steps.

1. *Decomposition*: group the assets into frame-invariant units (anchor + members) and independents.
2. *Local assembly*: relations inside each unit, stated in the anchor's frame.
3. *Global integration*: composition (walls, corners, coordinates) and relations between units and
   independent objects, in the room's frame.

Every step asks for JSON in our spec schema; the answer is validated (schema, ids, which relations belong
to which step) and, when invalid, sent back with the list of problems, up to `max_retries` times. The
endpoint is reached with the standard library only (`oorkit.data.llm.chat`); the key is read from an
environment variable, never from the command line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from oorkit.data.llm import Endpoint, LLMError
from oorkit.layout.spec import LayoutSpec, spec_from_dict, validation_errors

SYSTEM = (
    "You are a careful interior layout planner. Coordinates: the room's origin is its bottom-left corner, "
    "x in [0, L] metres to the right, y in [0, W] metres up; an object with rz = 0 faces +y; angles are "
    "counter-clockwise; walls are L (x = 0), R (x = L), T (y = W), B (y = 0). 'left of T' means T's own "
    "left. Answer with one JSON object only, no prose."
)

RELATIONS_HELP = """Relation objects (fields beyond these are not allowed):
- {"type": "left_of"|"right_of"|"in_front_of"|"behind_of", "source": id, "target": id,
   "clearance": metres >= 0 (edge gap), "percentile": 0..1 (0 one end of the target's side, 0.5 centred)}
- {"type": "against_wall", "source": id, "wall": "L"|"R"|"T"|"B"}
- {"type": "corner", "source": id, "corner": "BL"|"BR"|"TR"|"TL", "wall": one of the two walls there}
- {"type": "horizontal", "source": id, "x": metres} or {..., "percentile": 0..1 instead of x}
- {"type": "vertical", "source": id, "y": metres} or {..., "percentile": 0..1 instead of y}
- {"type": "facing", "source": id, "target": id, "mode": "radial"|"ortho", "mutual": bool}
- {"type": "facing", "source": id, "wall": "L"|"R"|"T"|"B"}
- {"type": "align", "source": id, "target": id, "angle": degrees}
- {"type": "around", "sources": [ids], "target": id, "distance": metres, "sweep": degrees,
   "centerline": degrees counter-clockwise from the target's front}"""

DECOMPOSE = """Instruction: {instruction}
Room: {length} m x {width} m. Assets (id, category, footprint width x depth in metres):
{assets}

Step 1, invariant spatial decomposition. Group assets that belong together (a bed and its nightstands, a
desk and its chair, a table and its chairs) into units; each unit has an anchor (its main piece) and
members (the anchor included). Objects that belong to no group are independent. Every asset id appears
exactly once. Answer {{"units": [{{"id": "...", "anchor": "...", "members": ["...", ...]}}],
"independent": ["...", ...]}}."""

LOCAL = """Step 2, local assembly. For each unit below, write the relations between its members in the
unit's own frame (the anchor at the origin facing +y); every relation's source and target are members of
the same unit; do not mention walls or room coordinates.
Units: {units}
{help}
Answer {{"relations": [...]}}."""

GLOBAL = """Step 3, global integration in the room ({length} m x {width} m). Place every unit (by its unit
id) and every independent object: walls, corners, horizontal/vertical coordinates, and relations between
them. Use only these ids: {ids}. Keep footprints inside the room and apart from each other (imagine the
boxes on the floor plan and check that no two overlap).
{help}
Answer {{"relations": [...]}}."""


def extract_json(reply: str) -> Any:
    """The JSON object in a reply (code fences and surrounding prose allowed); ValueError if none."""
    match = re.search(r"\{.*\}", reply, re.DOTALL)
    if not match:
        raise ValueError("the answer contains no JSON object")
    try:
        return json.loads(match.group(0))
    except json.JSONDecodeError as exc:
        raise ValueError(f"the JSON does not parse ({exc.msg} at character {exc.pos})") from None


def _ask(
    messages: list[dict[str, str]],
    check: Callable[[Any], list[str]],
    send: Callable[[list[dict[str, str]]], str],
    step: str,
    max_retries: int,
    log: list[str],
) -> Any:
    """Ask, validate, and re-ask with the problems until valid; LLMError after max_retries."""
    problems: list[str] = []
    for attempt in range(max_retries + 1):
        reply = send(messages)
        try:
            doc = extract_json(reply)
            problems = check(doc)
        except ValueError as exc:
            doc, problems = None, [str(exc)]
        except (TypeError, KeyError, AttributeError) as exc:  # valid JSON of the wrong shape: ask again
            doc, problems = None, [f"the JSON does not have the expected shape ({type(exc).__name__}: {exc})"]
        if not problems:
            messages.append({"role": "assistant", "content": reply})
            log.append(f"{step}: valid answer after {attempt + 1} request(s)")
            return doc
        log.append(f"{step}: attempt {attempt + 1} invalid: {'; '.join(problems[:3])}")
        messages += [
            {"role": "assistant", "content": reply},
            {
                "role": "user",
                "content": "Your JSON has these problems:\n- "
                + "\n- ".join(problems[:20])
                + "\nAnswer again with the corrected JSON only.",
            },
        ]
    raise LLMError(f"{step}: no valid answer after {max_retries + 1} requests ({problems[0]})")


def _check_units(doc: Any, ids: list[str]) -> list[str]:
    if not isinstance(doc, dict) or not isinstance(doc.get("units", []), list):
        return ['expected {"units": [...], "independent": [...]}']
    seen: list[str] = []
    out = []
    for u in doc.get("units", []):
        if not isinstance(u, dict) or not {"id", "anchor", "members"} <= set(u):
            out.append(f"unit {u!r} needs id, anchor and members")
            continue
        if not isinstance(u["members"], list) or not all(
            isinstance(x, str) for x in [u["id"], u["anchor"], *u["members"]]
        ):
            out.append(f"unit {u!r}: id and anchor are strings, members a list of strings")
            continue
        members = list(u["members"])
        if u["anchor"] not in members:
            members.insert(0, u["anchor"])
        seen += [str(m) for m in members]
        if u["id"] in ids:
            out.append(f"unit id {u['id']!r} is already an asset id; choose another")
    independent = doc.get("independent", [])
    if not isinstance(independent, list):
        return [*out, '"independent" must be a list of asset ids']
    seen += [str(i) for i in independent]
    out += [f"unknown asset id {m!r}" for m in dict.fromkeys(seen) if m not in ids]
    out += [f"asset {m!r} appears more than once" for m in dict.fromkeys(seen) if seen.count(m) > 1]
    out += [f"asset {m!r} is missing (put it in a unit or in independent)" for m in ids if m not in seen]
    return out


def _relations(doc: Any) -> list[Any]:
    if not isinstance(doc, dict) or not isinstance(doc.get("relations"), list):
        raise ValueError('expected {"relations": [...]}')
    return list(doc["relations"])


def _check_local(doc: Any, base: dict[str, Any]) -> list[str]:
    rels = _relations(doc)
    unit_of = {m: u["id"] for u in base["units"] for m in u["members"]}
    out = validation_errors({**base, "relations": rels})
    for i, r in enumerate(rels):
        ends = [r.get("source"), *r.get("sources", []), r.get("target")] if isinstance(r, dict) else []
        owners = {unit_of.get(e) for e in ends if e}
        if len(owners) != 1 or None in owners or (isinstance(r, dict) and ("wall" in r or "corner" in r)):
            out.append(f"relations[{i}]: a local relation links members of one unit only, without walls")
    return out


def _check_global(doc: Any, base: dict[str, Any], allowed: set[str]) -> list[str]:
    rels = _relations(doc)
    out = validation_errors({**base, "relations": base["relations"] + rels})
    for i, r in enumerate(rels):
        ends = [r.get("source"), *r.get("sources", []), r.get("target")] if isinstance(r, dict) else []
        bad = [e for e in ends if e and e not in allowed]
        if bad:
            out.append(
                f"relations[{i}]: {bad[0]!r} is a unit member; use its unit id or an independent object"
            )
    return out


def llm_spec(
    instruction: str,
    size: tuple[float, float],
    assets: list[dict[str, Any]],
    endpoint: Endpoint,
    *,
    max_retries: int = 3,
    temperature: float = 0.2,
    name: str = "llm_layout",
) -> tuple[LayoutSpec, list[str]]:
    """A layout spec whose units and relations an LLM wrote, and the log of the conversation's steps."""
    base = {
        "room": {"size": [float(size[0]), float(size[1])]},
        "assets": assets,
        "units": [],
        "relations": [],
    }
    errors = validation_errors(base)
    if errors:
        raise LLMError(f"assets: {errors[0]}")
    spec0 = spec_from_dict(base, "assets")
    ids = [a.id for a in spec0.assets]
    listing = "\n".join(
        f"- {a.id}: {a.category or a.description or 'object'}, {a.footprint[0]:.2f} x {a.footprint[1]:.2f}"
        for a in spec0.assets
    )
    log: list[str] = []

    def send(messages: list[dict[str, str]]) -> str:
        return endpoint.chat(list(messages), temperature=temperature)

    messages = [
        {"role": "system", "content": SYSTEM},
        {
            "role": "user",
            "content": DECOMPOSE.format(
                instruction=instruction or "a functional, tidy room",
                length=f"{size[0]:g}",
                width=f"{size[1]:g}",
                assets=listing,
            ),
        },
    ]
    dec = _ask(messages, lambda d: _check_units(d, ids), send, "decomposition", max_retries, log)
    units = [
        {"id": str(u["id"]), "anchor": str(u["anchor"]), "members": [str(m) for m in u["members"]]}
        for u in dec.get("units", [])
    ]
    base["units"] = units
    messages.append({"role": "user", "content": LOCAL.format(units=json.dumps(units), help=RELATIONS_HELP)})
    local = _relations(
        _ask(messages, lambda d: _check_local(d, base), send, "local assembly", max_retries, log)
    )
    base["relations"] = local
    members = {str(m) for u in units for m in u["members"]}
    allowed = {str(u["id"]) for u in units} | {i for i in ids if i not in members}
    messages.append(
        {
            "role": "user",
            "content": GLOBAL.format(
                length=f"{size[0]:g}",
                width=f"{size[1]:g}",
                ids=", ".join(sorted(allowed)),
                help=RELATIONS_HELP,
            ),
        }
    )
    check = lambda d: _check_global(d, base, allowed)  # noqa: E731
    glob = _relations(_ask(messages, check, send, "global integration", max_retries, log))
    doc = {**base, "relations": local + glob, "name": name, "prompt": instruction}
    return spec_from_dict(doc, "LLM layout"), log

"""Offline text context augmentation (the paper's Sec. 3.3 and Fig. 12, without an LLM).

Per context: varied prompts from the canonical text, the context's own phrases and built-in templates
per relation primitive (active and passive voice, noun phrases, either object as the subject, verb
synonyms), times name variants (category names and synonyms) and articles. Every prompt follows the
paper's rules: it starts with "A", "An" or "The", names both objects, names no other catalogue object,
and is one short sentence. Category substitution swaps in similar-shaped categories ("A kettle pours tea
into a cup").
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from oorkit.assets import Catalogue, builtin_catalogue, get_category
from oorkit.assets.mentions import find_mentions

if TYPE_CHECKING:  # importing oorkit.relations loads torch; only the type is needed here
    from oorkit.relations.context import Context


@dataclass(frozen=True)
class Prompt:
    """One prompt and the categories it is about; source: canonical, template, substitution or llm."""

    text: str
    base: str
    target: str
    source: str


# {T}/{B}: the target/base with an indefinite article ("a teacup"); {tT}/{tB} with "the"; capitalised
# forms are made when a template starts with a placeholder.
TEMPLATES: dict[str, tuple[str, ...]] = {
    "on": (
        "{T} on {B}",
        "{T} resting on {B}",
        "{T} sitting on top of {B}",
        "{T} placed on {B}",
        "{T} standing on {B}",
        "{B} with {T} on it",
        "{B} holding {T} on its top",
        "{T} is set on {B}",
        "{T} is placed on {tB}",
        "{T} placed on top of {B}",
        "{B} supporting {T}",
        "{T} put down on {B}",
        "{T} sits on {B}",
        "{T} kept on {B}",
    ),
    "in": (
        "{T} in {B}",
        "{T} inside {B}",
        "{T} placed in {B}",
        "{B} holding {T}",
        "{B} containing {T}",
        "{T} sitting inside {B}",
        "{B} with {T} in it",
        "{T} is kept in {B}",
        "{T} resting in {B}",
        "{T} is put into {B}",
        "{B} filled with {T}",
        "{T} sitting in {B}",
        "{T} lying in {B}",
        "{B} with {T} inside it",
    ),
    "under": (
        "{T} under {B}",
        "{T} tucked under {B}",
        "{T} pushed under {B}",
        "{T} beneath {B}",
        "{T} placed under {B}",
        "{B} with {T} tucked under it",
        "{T} slid under {B}",
        "{T} is stored under {B}",
        "{T} sitting under {B}",
        "{T} underneath {B}",
        "{B} with {T} underneath it",
        "{T} is kept under {B}",
        "{T} placed underneath {B}",
        "{B} above {T}",
    ),
    "next_to": (
        "{T} next to {B}",
        "{T} beside {B}",
        "{T} by {B}",
        "{T} placed next to {B}",
        "{T} standing beside {B}",
        "{B} with {T} next to it",
        "{T} is set beside {B}",
        "{T} sitting by {B}",
        "{T} alongside {B}",
        "{T} right next to {B}",
        "{T} close to {B}",
        "{T} placed beside {B}",
        "{T} set next to {B}",
        "{T} standing next to {B}",
    ),
    "in_front_of": (
        "{T} in front of {B}",
        "{T} placed in front of {B}",
        "{T} set before {B}",
        "{B} with {T} in front of it",
        "{T} standing in front of {B}",
        "{T} is placed before {B}",
        "{T} right in front of {B}",
        "{T} positioned in front of {B}",
        "{T} sitting in front of {B}",
        "{T} located in front of {B}",
        "{B} with {T} before it",
        "{T} is positioned in front of {tB}",
        "{T} standing before {B}",
        "{B} behind {T}",
    ),
    "behind": (
        "{T} behind {B}",
        "{T} placed behind {B}",
        "{T} standing behind {B}",
        "{B} with {T} behind it",
        "{T} is set behind {B}",
        "{T} right behind {B}",
        "{T} positioned behind {B}",
        "{T} at the back of {B}",
        "{T} sitting behind {B}",
        "{T} located behind {B}",
        "{T} placed at the back of {B}",
        "{T} is positioned behind {tB}",
        "{T} tucked behind {B}",
        "{B} in front of {T}",
    ),
    "facing": (
        "{T} facing {B}",
        "{T} turned toward {B}",
        "{T} that faces {B}",
        "{T} placed facing {B}",
        "{T} pointed at {B}",
        "{T} opposite {B}",
        "{B} with {T} facing it",
        "{T} is turned to face {B}",
        "{T} oriented toward {B}",
        "{T} directed at {B}",
        "{T} looking toward {B}",
        "{T} is positioned facing {B}",
        "{T} set up facing {B}",
        "{B} faced by {T}",
    ),
    "around": (
        "{T} around {B}",
        "{T} placed around {B}",
        "{T} arranged around {B}",
        "{T} set around {B}",
        "{B} with {T} around it",
        "{T} standing around {B}",
        "{T} at the side of {B}",
        "{T} pulled up to {B}",
        "{T} gathered around {B}",
        "{T} positioned around {B}",
        "{T} placed by the side of {B}",
        "{T} is arranged around {B}",
        "{T} grouped around {B}",
        "{B} surrounded by {T}",
    ),
    "stacked": (
        "{T} stacked on {B}",
        "{T} piled on {B}",
        "{T} on top of {B}",
        "{B} with {T} stacked on it",
        "{T} is stacked on {tB}",
        "{T} placed on top of {B}",
        "{T} resting on top of {B}",
        "{T} heaped on {B}",
        "{T} stacked on top of {B}",
        "{T} piled on top of {B}",
        "{T} is piled on {B}",
        "{B} with {T} piled on it",
        "{T} sitting on top of {B}",
        "{B} under {T}",
    ),
    "leaning_against": (
        "{T} leaning against {B}",
        "{T} propped against {B}",
        "{T} resting against {B}",
        "{T} leaned on {B}",
        "{B} with {T} leaning on it",
        "{T} is propped up against {B}",
        "{T} tilted against {B}",
        "{T} standing against {B}",
        "{T} leaning on {B}",
        "{T} propped up against {B}",
        "{T} is leaning against {B}",
        "{B} with {T} propped against it",
        "{T} set against {B}",
        "{B} with {T} resting against it",
    ),
    "hanging_on": (
        "{T} hanging on {B}",
        "{T} draped over {B}",
        "{T} hung over {B}",
        "{T} hanging over {B}",
        "{B} with {T} draped over it",
        "{T} is hung on {B}",
        "{T} slung over {B}",
        "{T} dangling from {B}",
        "{T} hanging from {B}",
        "{T} hung on {B}",
        "{T} draped on {B}",
        "{T} is draped over {B}",
        "{B} with {T} hanging on it",
        "{T} suspended from {B}",
    ),
    "pour_into": (
        "{T} pouring into {B}",
        "{T} pours into {B}",
        "{T} tilted over {B}, pouring",
        "{B} being filled from {T}",
        "{T} filling {B}",
        "{B} is filled by {T}",
        "{T} emptying into {B}",
        "{T} tipped over {B}",
        "{T} pouring over {B}",
        "{B} getting filled by {T}",
        "{T} is tipped over {B}",
        "{T} tilted above {B}",
        "{B} being poured into from {T}",
        "{T} pouring out into {B}",
    ),
    "cut": (
        "{T} cutting {B}",
        "{T} slicing {B}",
        "{T} cuts {B}",
        "{B} being cut by {T}",
        "{B} sliced by {T}",
        "{T} slicing through {B}",
        "{B} is cut with {T}",
        "{T} chopping {B}",
        "{T} dividing {B}",
        "{B} being sliced with {T}",
        "{T} slices {B}",
        "{T} cutting into {B}",
        "{B} being sliced by {T}",
        "{B} is sliced with {T}",
        "{T} cutting through {B}",
        "{B} cut by {T}",
    ),
    "stir": (
        "{T} stirring {B}",
        "{T} stirs in {B}",
        "{T} mixing in {B}",
        "{B} being stirred with {T}",
        "{T} dipped into {B}",
        "{B} stirred by {T}",
        "{T} swirling in {B}",
        "{T} scooping from {B}",
        "{T} stirring in {B}",
        "{B} being mixed with {T}",
        "{T} mixing the contents of {B}",
        "{T} stirs the contents of {B}",
        "{T} moving around in {B}",
        "{B} with {T} stirring in it",
    ),
    "hit": (
        "{T} hitting {B}",
        "{T} strikes {B}",
        "{T} striking {B}",
        "{B} being hit by {T}",
        "{B} struck by {T}",
        "{T} smashing {B}",
        "{T} knocking {B}",
        "{B} is hit with {T}",
        "{T} swinging at {B}",
        "{T} making contact with {B}",
        "{B} getting struck by {T}",
        "{T} tapping {B}",
        "{T} hits {B}",
        "{B} hit by {T}",
        "{T} driving {B}",
    ),
    "insert": (
        "{T} in {B}",
        "{T} standing in {B}",
        "{T} inserted into {B}",
        "{T} stuck in {B}",
        "{B} holding {T}",
        "{T} placed upright in {B}",
        "{B} with {T} standing in it",
        "{T} is put into {B}",
        "{T} poking out of {B}",
        "{T} sticking out of {B}",
        "{T} is placed in {B}",
        "{T} upright in {B}",
        "{B} with {T} in it",
        "{T} resting in {B}",
        "{T} propped in {B}",
    ),
}

# Shape classes whose members stand in for each other in a relation ("A kettle pours tea into a cup").
# The catalogue only knows sizes, and size alone pairs a teapot with a toaster, so built-in categories
# are substituted only within these hand-checked classes; the size prior then ranks and filters them.
FAMILIES: tuple[tuple[str, ...], ...] = (
    ("teapot", "kettle"),
    ("teacup", "mug", "glass", "wine_glass"),
    ("mug", "jar"),
    ("jar", "vase"),
    ("bottle", "wine_bottle", "milk_carton"),
    ("apple", "orange", "lemon"),
    ("banana", "carrot"),
    ("bread", "cake"),
    ("bowl", "pot"),
    ("pot", "pan"),
    ("table", "desk"),
    ("chair", "stool", "office_chair"),
    ("sofa", "armchair"),
    ("side_table", "nightstand"),
    ("monitor", "tv"),
    ("book", "notebook"),
    ("pen", "pencil"),
    ("smartphone", "remote_control"),
    ("baseball", "tennis_ball"),
    ("basketball", "soccer_ball"),
    ("pillow", "cushion"),
    ("picture_frame", "clock", "mirror"),
)

# Classes that hold for placements but not for tool use: a fork lies next to a plate like a knife does
# but does not cut, and a saw cuts a cardboard box but not a basket.
PLACEMENT_FAMILIES: tuple[tuple[str, ...], ...] = (
    ("knife", "fork", "spoon"),
    ("plate", "tray", "cutting_board"),
    ("basket", "cardboard_box"),
)
TOOL_RELATIONS = frozenset({"cut", "stir"})

# One-way stand-ins: a can goes into a bucket like into a trash can, but an apple in a bucket is not trash.
ONE_WAY: dict[str, tuple[str, ...]] = {"trash_can": ("bucket",)}

# Mean |log size ratio| per axis (`size_distance`). 0.75 ≈ a factor of 2: every pair in the classes above
# is within it (monitor↔tv 0.72, bowl↔pot 0.68) and it only guards against edited size priors. Categories
# outside the classes (user assets) need a near-identical box, since nothing else is known about them.
MAX_SIZE_DISTANCE = 0.75
MAX_SIZE_DISTANCE_UNCLASSED = 0.25


_VOWEL_SOUND = re.compile(r"^(?:[aeio]|u(?!ni|se|su|ten|r[aeiou])|hour|honest)", re.IGNORECASE)


def article(noun: str) -> str:
    """'a' or 'an' for a noun phrase ("an apple", "a teacup", "a utensil", "an umbrella")."""
    return "an" if _VOWEL_SOUND.match(noun) else "a"


def name_variants(category: str, catalogue: Catalogue | None = None) -> list[str]:
    """The category name with spaces and its synonyms, the name first."""
    cat = get_category(category, catalogue)
    names = [cat.name.replace("_", " "), *cat.synonyms]
    return list(dict.fromkeys(n.lower() for n in names))


def fill(template: str, base: str, target: str, the_base: bool = False, the_target: bool = False) -> str:
    """Fill a template ({T}/{B} or the context placeholders) with two noun phrases; capitalise the start.

    the_base/the_target turn the indefinite forms ({B}, {a_base}, {A_base}, ...) into "the" for variety.
    """
    a_base = "the" if the_base else article(base)
    a_target = "the" if the_target else article(target)
    values = {
        "T": f"{a_target} {target}",
        "B": f"{a_base} {base}",
        "tT": f"the {target}",
        "tB": f"the {base}",
        "a_target": f"{a_target} {target}",
        "a_base": f"{a_base} {base}",
        "A_target": f"{a_target.capitalize()} {target}",
        "A_base": f"{a_base.capitalize()} {base}",
        "the_target": f"the {target}",
        "the_base": f"the {base}",
        "The_target": f"The {target}",
        "The_base": f"The {base}",
        "target": target,
        "base": base,
    }
    text = template.format(**values)
    return text[0].upper() + text[1:]


def validate_prompt(text: str, base: str, target: str, catalogue: Catalogue | None = None) -> list[str]:
    """Rules a prompt breaks (empty if valid): A/An/The start, both objects, no others, one short sentence."""
    problems = []
    if not re.match(r"^(A|An|The)\s", text):
        problems.append("must start with 'A', 'An' or 'The'")
    named = {m.category for m in find_mentions(text, catalogue)}
    base_name = get_category(base, catalogue).name
    target_name = get_category(target, catalogue).name
    if base_name not in named:
        problems.append(f"must name the {base_name.replace('_', ' ')}")
    if target_name not in named:
        problems.append(f"must name the {target_name.replace('_', ' ')}")
    others = sorted(named - {base_name, target_name})
    if others:
        problems.append(f"names other objects: {', '.join(o.replace('_', ' ') for o in others)}")
    if re.search(r"[.!?;]\s+\S", text.strip()):
        problems.append("must be a single sentence")
    if len(text.split()) > 25:
        problems.append("longer than 25 words")
    return problems


def size_distance(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    """Mean |log ratio| of two size priors per canonical axis (0 = same box; shape and scale at once)."""
    return float(np.mean(np.abs(np.log(np.asarray(a)) - np.log(np.asarray(b)))))


def similar_categories(
    category: str, catalogue: Catalogue | None = None, k: int = 3, relation: str | None = None
) -> list[str]:
    """Up to k categories of similar shape and size, nearest size first (teapot → kettle).

    Built-in categories are matched within hand-checked shape classes (`FAMILIES`, `ONE_WAY`, and
    `PLACEMENT_FAMILIES` unless `relation` is tool use); user categories within their group when their
    size prior is almost the same box. Unmatched categories get no substitutes.
    """
    catalogue = catalogue or builtin_catalogue()
    cat = get_category(category, catalogue)
    families = [*FAMILIES, *(PLACEMENT_FAMILIES if relation not in TOOL_RELATIONS else ())]
    classed = {name for family in (*FAMILIES, *PLACEMENT_FAMILIES) for name in family} | set(ONE_WAY)
    if cat.name in classed:
        pool = {name for family in families if cat.name in family for name in family}
        pool |= set(ONE_WAY.get(cat.name, ()))
        limit = MAX_SIZE_DISTANCE
    elif cat.name in builtin_catalogue().categories:
        return []
    else:
        others = catalogue.categories.values()
        pool = {c.name for c in others if c.group == cat.group and c.name not in classed}
        limit = MAX_SIZE_DISTANCE_UNCLASSED
    scored = sorted(
        (size_distance(cat.size, catalogue.categories[name].size), name)
        for name in pool - {cat.name}
        if name in catalogue.categories
    )
    return [name for distance, name in scored if distance <= limit][:k]


_ARTICLE_BEFORE = re.compile(r"\b(a|an|the)\s+$", re.IGNORECASE)


def templatize(text: str, base: str, target: str, catalogue: Catalogue | None = None) -> str | None:
    """The canonical text as a template ("A kettle pouring water into a mug" → "{A_target} pouring water
    into {a_base}"); None when an object is not named once in the singular ("A few apples in a bowl")."""
    names = {"base": get_category(base, catalogue).name, "target": get_category(target, catalogue).name}
    mentions = [m for m in find_mentions(text, catalogue) if m.category in names.values()]
    if len(mentions) != 2:
        return None
    if names["base"] == names["target"]:
        roles = ["target", "base"]  # "A book stacked on another book": the subject is the target
    else:
        roles = ["base" if m.category == names["base"] else "target" for m in mentions]
        if roles[0] == roles[1]:
            return None
    parts, end = [], 0
    for mention, role in zip(mentions, roles, strict=True):
        if mention.words.lower() not in name_variants(names[role], catalogue):
            return None  # a plural: the templates only make singular noun phrases
        head = text[end : mention.start]
        found = _ARTICLE_BEFORE.search(head)
        slot = role
        if found:
            word = found.group(1)
            kind = "the" if word.lower() == "the" else "a"
            slot = f"{kind.capitalize() if word[0].isupper() else kind}_{role}"
            head = head[: found.start()]
        parts += [head.replace("{", "{{").replace("}", "}}"), "{" + slot + "}"]
        end = mention.start + len(mention.words)
    parts.append(text[end:].replace("{", "{{").replace("}", "}}"))
    return "".join(parts)


def _candidates(context: Context, base: str, target: str, catalogue: Catalogue | None) -> list[str]:
    """All template fillings for a (base, target) pair, before validation."""
    canonical = templatize(context.text, context.base, context.target, catalogue)
    # An unknown relation gets no defaults: another primitive's verbs would describe another layout.
    templates = [*([canonical] if canonical else []), *context.phrases, *TEMPLATES.get(context.relation, ())]
    out = []
    for b in name_variants(base, catalogue):
        for t in name_variants(target, catalogue):
            for template in templates:
                # Four article patterns: a/a, a/the, the/a, the/the.
                out += [fill(template, b, t, tb, tt) for tb in (False, True) for tt in (False, True)]
    return list(dict.fromkeys(out))


def _pick(
    candidates: list[str],
    base: str,
    target: str,
    k: int,
    rng: np.random.Generator,
    seen: set[str],
    catalogue: Catalogue | None,
) -> list[str]:
    """Up to k unseen valid candidates in random order; validates lazily (pools run to ~1000 sentences)."""
    picked: list[str] = []
    for i in rng.permutation(len(candidates)):
        if len(picked) >= k:
            break
        text = candidates[i]
        if text.lower() in seen or validate_prompt(text, base, target, catalogue):
            continue
        picked.append(text)
        seen.add(text.lower())
    return picked


def augment_context(
    context: Context,
    n: int = 60,
    rng: np.random.Generator | None = None,
    catalogue: Catalogue | None = None,
    substitutions: int = 2,
) -> list[Prompt]:
    """≥ n valid prompts for the context's categories (canonical first), plus substituted-category ones.

    `substitutions` similar categories are tried for each of base and target, ~n/10 prompts each. A
    relation without built-in templates (a new primitive) only varies its text and phrases, so it may
    fall short of n.
    """
    rng = rng or np.random.default_rng(0)
    prompts = [Prompt(context.text, context.base, context.target, "canonical")]
    seen = {context.text.lower()}
    own = _candidates(context, context.base, context.target, catalogue)
    for text in _pick(own, context.base, context.target, n - 1, rng, seen, catalogue):
        prompts.append(Prompt(text, context.base, context.target, "template"))
    per_substitute = max(3, math.ceil(n / 10))
    for role in ("base", "target"):
        for other in similar_categories(getattr(context, role), catalogue, substitutions, context.relation):
            base = other if role == "base" else context.base
            target = other if role == "target" else context.target
            if base == target:  # "A mug next to a teacup" must not become "A mug next to a mug"
                continue
            pool = _candidates(context, base, target, catalogue)
            for text in _pick(pool, base, target, per_substitute, rng, seen, catalogue):
                prompts.append(Prompt(text, base, target, "substitution"))
    return prompts

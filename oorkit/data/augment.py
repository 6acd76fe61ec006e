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

import numpy as np

from oorkit.assets import Catalogue, builtin_catalogue, get_category
from oorkit.assets.mentions import find_mentions
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
        "{T} lying on {B}",
        "{B} supporting {T}",
        "{T} put down on {B}",
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
    ),
}

# Curated shape-and-function neighbours; the automatic ones come from size priors within a group.
SIMILAR: dict[str, tuple[str, ...]] = {
    "teapot": ("kettle",),
    "kettle": ("teapot",),
    "teacup": ("mug", "glass"),
    "mug": ("teacup", "glass"),
    "glass": ("mug", "wine_glass"),
    "wine_glass": ("glass",),
    "bottle": ("wine_bottle", "can"),
    "wine_bottle": ("bottle",),
    "apple": ("orange", "lemon"),
    "orange": ("apple", "lemon"),
    "lemon": ("orange", "apple"),
    "plate": ("tray",),
    "bowl": ("pot",),
    "pan": ("pot",),
    "pot": ("pan", "bowl"),
    "desk": ("table",),
    "table": ("desk", "coffee_table"),
    "chair": ("stool", "armchair"),
    "stool": ("chair",),
    "office_chair": ("chair",),
    "sofa": ("armchair",),
    "armchair": ("sofa", "chair"),
    "book": ("notebook",),
    "notebook": ("book",),
    "pen": ("pencil",),
    "pencil": ("pen",),
    "spoon": ("ladle", "fork"),
    "ladle": ("spoon",),
    "baseball": ("tennis_ball",),
    "tennis_ball": ("baseball",),
    "nightstand": ("side_table",),
    "side_table": ("nightstand",),
    "vase": ("jar",),
    "bucket": ("trash_can", "basket"),
    "basket": ("bucket",),
    "cake": ("bread",),
    "monitor": ("tv",),
    "tv": ("monitor",),
    "smartphone": ("remote_control",),
    "remote_control": ("smartphone",),
}

_VOWEL_SOUND = re.compile(r"^(?:[aeio]|u(?!ni|se|su|ten|r[aeiou])|hour|honest)", re.IGNORECASE)


def article(noun: str) -> str:
    """'a' or 'an' for a noun phrase ("an apple", "a teacup", "a utensil", "an umbrella")."""
    return "an" if _VOWEL_SOUND.match(noun) else "a"


def name_variants(category: str, catalogue: Catalogue | None = None) -> list[str]:
    """The category name with spaces and its synonyms, the name first."""
    cat = get_category(category, catalogue)
    names = [cat.name.replace("_", " "), *cat.synonyms]
    return list(dict.fromkeys(n.lower() for n in names))


def fill(template: str, base: str, target: str) -> str:
    """Fill a template ({T}/{B} or the context placeholders) with two noun phrases; capitalise the start."""
    values = {
        "T": f"{article(target)} {target}",
        "B": f"{article(base)} {base}",
        "tT": f"the {target}",
        "tB": f"the {base}",
        "a_target": f"{article(target)} {target}",
        "a_base": f"{article(base)} {base}",
        "A_target": f"{article(target).capitalize()} {target}",
        "A_base": f"{article(base).capitalize()} {base}",
        "the_target": f"the {target}",
        "the_base": f"the {base}",
        "The_target": f"The {target}",
        "The_base": f"The {base}",
        "target": target,
        "base": base,
    }
    text = template.format(**values)
    return text[0].upper() + text[1:]


def _definite(text: str, noun: str) -> str:
    """Swap the indefinite article of `noun` for "the" (variety: "The teacup on a table")."""
    return re.sub(
        rf"\b(?:[Aa]n?) {re.escape(noun)}\b",
        lambda m: ("The" if m.group(0)[0] == "A" else "the") + f" {noun}",
        text,
        count=1,
    )


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


def similar_categories(category: str, catalogue: Catalogue | None = None, k: int = 3) -> list[str]:
    """Categories of similar shape and size: curated neighbours first, then the same group by size prior."""
    catalogue = catalogue or builtin_catalogue()
    cat = get_category(category, catalogue)
    chosen = [c for c in SIMILAR.get(cat.name, ()) if c in catalogue.categories]
    size = np.log(np.asarray(cat.size))
    scored = []
    for other in catalogue.categories.values():
        if other.name == cat.name or other.group != cat.group or other.name in chosen:
            continue
        o = np.log(np.asarray(other.size))
        # Same overall size (log volume) and same shape (log aspect ratios, sorted so a turned box matches).
        shape = np.linalg.norm(np.sort(size - size.mean()) - np.sort(o - o.mean()))
        volume = abs(size.sum() - o.sum()) / 3
        if shape < 0.35 and volume < 0.35:
            scored.append((shape + volume, other.name))
    chosen += [name for _, name in sorted(scored)]
    return chosen[:k]


def _candidates(context: Context, base: str, target: str, catalogue: Catalogue | None) -> list[str]:
    """All template fillings for a (base, target) pair, before validation."""
    out = []
    templates = [*context.phrases, *TEMPLATES.get(context.relation, TEMPLATES["next_to"])]
    for b in name_variants(base, catalogue):
        for t in name_variants(target, catalogue):
            for template in templates:
                text = fill(template, b, t)
                # Four article patterns: a/a, the/a, a/the, the/the.
                out += [text, _definite(text, t), _definite(text, b), _definite(_definite(text, t), b)]
    return list(dict.fromkeys(out))


def augment_context(
    context: Context,
    n: int = 60,
    rng: np.random.Generator | None = None,
    catalogue: Catalogue | None = None,
    substitutions: int = 2,
) -> list[Prompt]:
    """≥ n valid prompts for the context's categories (canonical first), plus substituted-category ones."""
    rng = rng or np.random.default_rng(0)
    prompts = [Prompt(context.text, context.base, context.target, "canonical")]
    seen = {context.text.lower()}
    pool = [p for p in _candidates(context, context.base, context.target, catalogue) if p.lower() not in seen]
    valid = [p for p in pool if not validate_prompt(p, context.base, context.target, catalogue)]
    for i in rng.permutation(len(valid)):
        if len(prompts) >= n:
            break
        prompts.append(Prompt(valid[i], context.base, context.target, "template"))
        seen.add(valid[i].lower())
    per_substitute = max(3, math.ceil(n / 10))
    for role in ("base", "target"):
        for other in similar_categories(getattr(context, role), catalogue, substitutions):
            base = other if role == "base" else context.base
            target = other if role == "target" else context.target
            texts = [
                p
                for p in _candidates(context, base, target, catalogue)
                if p.lower() not in seen and not validate_prompt(p, base, target, catalogue)
            ]
            for i in rng.permutation(len(texts))[:per_substitute]:
                prompts.append(Prompt(texts[i], base, target, "substitution"))
                seen.add(texts[i].lower())
    return prompts

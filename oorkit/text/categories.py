"""Finding the base and target categories named in a context text ("A teapot pouring tea into a teacup").

Names and synonyms of the catalogue are matched as whole words, longest first ("coffee table" before
"table", "teacup" never as "cup"), with simple plurals ("apples", "knives", "glasses"). The objects are
the noun phrases in object slots (`oorkit.text.nouns`): "milk" in "A pitcher pouring milk into a glass"
is the poured substance and "water" in "A glass of water" the content, not objects. Known categories come
first; when they name fewer than two objects, a noun the catalogue lacks stands for its nearest category
by text embedding ("pitcher" → jug), with a note, or fails with the nearest categories named.

Which of the two objects is the base follows English: the grammatical subject acts or is placed, so it is
the *target* ("A teacup on a table" → base table); a passive sentence ("A teacup being filled by a
teapot") flips that. When the model knows which (base, target) pairs it was trained on, a known order wins.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import NoReturn

from oorkit.assets import Catalogue, builtin_catalogue
from oorkit.assets.mentions import Mention, find_mentions
from oorkit.errors import OORKitError
from oorkit.text.nouns import (
    NOUN_THRESHOLD,
    EncoderSource,
    NounPhrase,
    Resolution,
    noun_phrases,
    resolve_noun,
)

__all__ = ["Mention", "PairMatch", "find_base_target", "find_mentions", "find_pair"]

# The agent of a passive sentence comes right before the second object: "... sliced by a pizza cutter",
# "... filled with tea from a teapot", "... being cut with a knife".
_AGENT = re.compile(r"\b(by|from|being \w+ with|\w+ed with|cut with)\s+(a|an|the|some)?\s*$")


@dataclass(frozen=True)
class PairMatch:
    """The base and target categories of a text, and the unknown nouns resolved to find them."""

    base: str
    target: str
    resolved: tuple[Resolution, ...] = ()

    @property
    def notes(self) -> list[str]:
        """One line per noun that stands for its nearest category."""
        return [r.note for r in self.resolved]


@dataclass(frozen=True)
class _Object:
    category: str
    start: int


def find_pair(
    text: str,
    catalogue: Catalogue | None = None,
    known_pairs: Collection[tuple[str, str]] = (),
    encoder: EncoderSource | None = None,
    threshold: float = NOUN_THRESHOLD,
) -> PairMatch:
    """(base, target) named in a text, unknown nouns resolved by embedding; a clear error otherwise."""
    if not text.strip():
        raise OORKitError("the context text is empty")
    catalogue = catalogue or builtin_catalogue()
    phrases = noun_phrases(text, catalogue)
    objects, resolved = _objects(text, phrases, catalogue, encoder, threshold)
    first, second = objects
    known = set(known_pairs)
    if (second.category, first.category) in known and (first.category, second.category) not in known:
        return PairMatch(second.category, first.category, resolved)
    if (first.category, second.category) in known and (second.category, first.category) not in known:
        return PairMatch(first.category, second.category, resolved)
    if _AGENT.search(re.sub(r"[-_]", " ", text.lower())[: second.start]):
        return PairMatch(first.category, second.category, resolved)
    return PairMatch(second.category, first.category, resolved)


def find_base_target(
    text: str,
    catalogue: Catalogue | None = None,
    known_pairs: Collection[tuple[str, str]] = (),
    encoder: EncoderSource | None = None,
) -> tuple[str, str]:
    """(base, target) categories named in a context text; a clear error when that is not two objects."""
    match = find_pair(text, catalogue, known_pairs, encoder)
    return match.base, match.target


def _distinct(objects: list[_Object]) -> list[_Object]:
    seen: dict[str, _Object] = {}
    for o in objects:
        seen.setdefault(o.category, o)
    return sorted(seen.values(), key=lambda o: o.start)


def _objects(
    text: str,
    phrases: list[NounPhrase],
    catalogue: Catalogue,
    encoder: EncoderSource | None,
    threshold: float,
) -> tuple[list[_Object], tuple[Resolution, ...]]:
    """The two objects, strong slots first; unknown nouns are embedded only when known ones are too few."""
    everything = _distinct([_Object(p.category, p.start) for p in phrases if p.category is not None])
    if len(everything) + sum(p.category is None for p in phrases) < 2:
        _too_few(text, everything)
    objects: list[_Object] = []
    resolved: list[Resolution] = []
    for strong in (True, False):
        tier = [p for p in phrases if p.strong == strong]
        objects = _at_most_two(text, objects + [_Object(p.category, p.start) for p in tier if p.category])
        if len(objects) == 2:
            return objects, tuple(resolved)
        failure: OORKitError | None = None
        for phrase in (p for p in tier if p.category is None):
            try:
                resolution = resolve_noun(phrase.noun, catalogue, encoder, threshold, phrase.modifiers, text)
            except OORKitError as exc:
                failure = failure or exc
                continue
            resolved.append(resolution)
            objects.append(_Object(resolution.category, phrase.start))
        objects = _at_most_two(text, objects)
        if len(objects) == 2:
            return objects, tuple(resolved)
        if failure is not None:
            # "A pitcher pouring milk": never the poured milk in place of an unknown pitcher.
            named = f"it names only '{objects[0].category}'" if objects else "it names no known category"
            raise OORKitError(f"{failure}; {named}: give the objects with --base and --target") from None
    _too_few(text, objects)


def _at_most_two(text: str, objects: list[_Object]) -> list[_Object]:
    objects = _distinct(objects)
    if len(objects) > 2:
        raise OORKitError(
            f"{text!r} names {len(objects)} categories ({', '.join(o.category for o in objects)}); "
            "say which are the base and the target with --base and --target"
        )
    return objects


def _too_few(text: str, objects: list[_Object]) -> NoReturn:
    named = f"only '{objects[0].category}'" if objects else "no known category"
    raise OORKitError(
        f"could not find a base and a target in {text!r}: it names {named}; "
        "give them with --base and --target (see `oor assets list`)"
    )

"""Compositional contexts: relation primitives × the category pairs whose affordances and sizes fit.

A rule names a primitive, what the base and the target must afford (`Category.affords`) and a size test
on the two size priors; every pair that passes becomes a context with a canonical text ("A mug on a
desk"). Rules only propose: each context is still sampled and checked at mesh level by the data build.
Pairs are admitted in rounds so that every category gets its turn before any gets a second, up to a
budget per primitive; the hand-written contexts keep what a rule cannot express and win on collisions.

Held out for evaluation (pinned to the test split): every context of a few whole categories and of a
few whole category pairs, chosen by hash, so that `oor eval pairwise` measures generalisation to
unseen categories and unseen pairs as well as to unseen contexts of seen pairs.
"""

from __future__ import annotations

import functools
import hashlib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from oorkit.assets import Catalogue, Category, builtin_catalogue
from oorkit.relations.context import Context, bundled_contexts, load_contexts

SizeTest = Callable[[np.ndarray, np.ndarray], bool]

HELD_OUT_CATEGORY_EVERY = 40  # ~2.5 % of the categories that only rules relate
HELD_OUT_PAIR_EVERY = 25  # ~4 % of the remaining category pairs


@dataclass(frozen=True)
class Rule:
    """A primitive applied to every (base, target) whose tags and size priors fit."""

    name: str
    relation: str
    base_needs: frozenset[str]
    target_needs: frozenset[str]
    fits: SizeTest
    words: str  # canonical text: "{A_target} {words} {a_base}"
    kind: str
    budget: int
    args: tuple[tuple[str, Any], ...] = ()
    target_excludes: frozenset[str] = frozenset()
    base_excludes: frozenset[str] = frozenset()
    same_category: bool = False

    def arguments(self, base: Category, target: Category) -> dict[str, Any]:
        """The primitive's arguments for this pair."""
        args = dict(self.args)
        if self.relation == "pour_into" and "handle" not in target.affords:
            args.update(spout="top", tilt=[75, 120], height=[0.03, 0.12])  # bottles pour from the neck
        return args


def _foot(size: np.ndarray) -> np.ndarray:
    return np.sort(size[[0, 2]])


def _fits_on(b: np.ndarray, t: np.ndarray) -> bool:
    # the target's footprint fits the top with room around it, and it is not taller than a person
    return bool(np.all(_foot(t) <= 0.8 * _foot(b)) and t[0] * t[2] <= 0.5 * b[0] * b[2] and t[1] < 1.2)


def _fits_in(b: np.ndarray, t: np.ndarray) -> bool:
    # through the opening, mostly below the rim, and much smaller than the container
    return bool(_foot(t)[1] <= 0.85 * _foot(b)[0] and t[1] <= 1.2 * b[1] and np.prod(t) <= 0.4 * np.prod(b))


def _fits_pour(b: np.ndarray, t: np.ndarray) -> bool:
    return bool(max(t) <= 4.0 * max(b) and max(b) <= 1.0)


def _fits_cut(b: np.ndarray, t: np.ndarray) -> bool:
    return bool(max(b) <= 1.5 * max(t) + 0.3)


def _fits_stir(b: np.ndarray, t: np.ndarray) -> bool:
    # long enough to reach the bottom, the container small enough to be stirred
    return bool(t[0] >= 0.7 * b[1] and max(b) <= 0.6 and t[0] <= 3.5 * max(b))


def _fits_beside_small(b: np.ndarray, t: np.ndarray) -> bool:
    return bool(max(b) <= 0.6 and max(t) <= 0.6 and max(b) <= 3.0 * max(t) and max(t) <= 3.0 * max(b))


def _fits_beside_floor(b: np.ndarray, t: np.ndarray) -> bool:
    return bool(max(b) <= 3.0 * max(t) and max(t) <= 3.0 * max(b))


def _fits_under(b: np.ndarray, t: np.ndarray) -> bool:
    return bool(t[1] <= 0.85 * b[1] and t[0] <= 0.8 * b[0] and t[2] <= 0.8 * b[2])


def _fits_in_front(b: np.ndarray, t: np.ndarray) -> bool:
    return bool(t[1] <= 1.2 * b[1] and max(t) <= 2.0 * max(b))


def _fits_facing(b: np.ndarray, t: np.ndarray) -> bool:
    return bool(max(b) >= 0.3 and max(t) >= 0.4)


def _fits_behind(b: np.ndarray, t: np.ndarray) -> bool:
    return bool(max(t) <= 2.5 * max(b))


def _fits_stacked(b: np.ndarray, t: np.ndarray) -> bool:
    return bool(max(b) <= 0.8)


def _tags(*names: str) -> frozenset[str]:
    return frozenset(names)


RULES: tuple[Rule, ...] = (
    Rule("on", "on", _tags("surface"), _tags(), _fits_on, "on", "support", 800, (("region", "any"),),
         target_excludes=_tags("floor")),
    Rule("in", "in", _tags("container"), _tags(), _fits_in, "in", "containment", 420,
         target_excludes=_tags("floor")),
    Rule("pour_into", "pour_into", _tags("receptacle"), _tags("pourer"), _fits_pour, "pouring into",
         "functional", 180, (("spout", "x"),)),
    Rule("cut", "cut", _tags("cuttable"), _tags("blade"), _fits_cut, "cutting", "functional", 160,
         (("blade", "vertical"),)),
    Rule("stir", "stir", _tags("container", "receptacle"), _tags("stirrer"), _fits_stir, "stirring in",
         "functional", 120, base_excludes=_tags("floor")),
    Rule("next_to_small", "next_to", _tags(), _tags(), _fits_beside_small, "next to", "proximity", 260,
         (("side", "any"), ("yaw", "any")), target_excludes=_tags("floor", "wall"),
         base_excludes=_tags("floor", "wall")),
    Rule("next_to_floor", "next_to", _tags("floor"), _tags("floor"), _fits_beside_floor, "next to",
         "proximity", 200, (("side", "any"), ("gap", [0.05, 0.4]))),
    Rule("under", "under", _tags("surface", "floor"), _tags("floor"), _fits_under, "under", "proximity", 60,
         (("side", "center"),), target_excludes=_tags("surface")),
    Rule("in_front_of", "in_front_of", _tags("floor", "front"), _tags("floor"), _fits_in_front,
         "in front of", "proximity", 110, (("gap", [0.1, 0.6]), ("yaw", "toward"))),
    Rule("facing", "facing", _tags("front"), _tags("seat", "front", "floor"), _fits_facing, "facing",
         "proximity", 60, (("distance", [1.0, 2.5]), ("side", "front"))),
    Rule("behind", "behind", _tags("seat", "front", "floor"), _tags("floor"), _fits_behind, "behind",
         "proximity", 60, (("gap", [0.05, 0.3]), ("yaw", "same")), target_excludes=_tags("seat")),
    Rule("stacked", "stacked", _tags("stackable"), _tags("stackable"), _fits_stacked,
         "stacked on", "support", 40, same_category=True),
)  # fmt: skip


def _hash(text: str) -> int:
    return int(hashlib.sha256(text.encode()).hexdigest()[:12], 16)


def _display(name: str) -> str:
    return name.replace("_", " ")


# Names that take no plain "a": pairs and bunches.
_COUNTED = {"scissors": "a pair of", "pliers": "a pair of", "tongs": "a pair of", "chopsticks": "a pair of",
            "headphones": "a pair of", "shoes": "a pair of", "grapes": "a bunch of"}  # fmt: skip


def _a(name: str) -> str:
    word = _display(name)
    if name in _COUNTED:
        return f"{_COUNTED[name]} {word}"
    return f"{'an' if word[0] in 'aeiou' else 'a'} {word}"


def canonical_text(rule: Rule, base: str, target: str) -> str:
    """'A mug on a desk', 'A book stacked on another book'."""
    a_target = _a(target)
    a_base = f"another {_display(base)}" if rule.same_category else _a(base)
    return f"{a_target[0].upper()}{a_target[1:]} {rule.words} {a_base}"


def _matches(rule: Rule, base: Category, target: Category) -> bool:
    if rule.same_category != (base.name == target.name):
        return False
    b, t = set(base.affords), set(target.affords)
    if not (rule.base_needs <= b and rule.target_needs <= t):
        return False
    if rule.target_excludes & t or rule.base_excludes & b:
        return False
    return rule.fits(np.asarray(base.size, dtype=float), np.asarray(target.size, dtype=float))


def candidates(rule: Rule, catalogue: Catalogue) -> list[tuple[str, str]]:
    """All (base, target) pairs a rule fits, in a fixed pseudo-random order."""
    cats = list(catalogue.categories.values())
    pairs = [(b.name, t.name) for b in cats for t in cats if _matches(rule, b, t)]
    return sorted(pairs, key=lambda p: _hash(f"{rule.name}:{p[0]}:{p[1]}"))


def _admit(
    pairs: Sequence[tuple[str, str]], budget: int, taken: set[tuple[str, str, str]], relation: str
) -> list:
    """Up to `budget` pairs, in rounds: round k admits a pair only if neither category has k uses yet."""
    uses: Counter[str] = Counter()
    chosen: list[tuple[str, str]] = []
    left = [p for p in pairs if (p[0], p[1], relation) not in taken]
    rounds = 1
    while left and len(chosen) < budget:
        rest = []
        for b, t in left:
            if len(chosen) >= budget:
                break
            if uses[b] < rounds and uses[t] < rounds:
                chosen.append((b, t))
                uses[b] += 1
                uses[t] += 1
            else:
                rest.append((b, t))
        left = rest
        rounds += 1
    return chosen


def _context_id(rule: Rule, base: str, target: str) -> str:
    return f"{target}_{rule.words.replace(' ', '_')}_{base}"


def compose_contexts(
    catalogue: Catalogue | None = None, hand_written: Sequence[Context] | None = None
) -> list[Context]:
    """The compositional contexts of a catalogue (splits pinned for held-out categories and pairs)."""
    catalogue = catalogue or builtin_catalogue()
    hand_written = bundled_contexts() if hand_written is None else hand_written
    taken = {(c.base, c.target, c.relation) for c in hand_written}
    ids = {c.id for c in hand_written}
    out: list[Context] = []
    for rule in RULES:
        for base, target in _admit(candidates(rule, catalogue), rule.budget, taken, rule.relation):
            cid = _context_id(rule, base, target)
            if cid in ids:
                continue
            ids.add(cid)
            taken.add((base, target, rule.relation))
            text = canonical_text(rule, base, target)
            cat_b, cat_t = catalogue.categories[base], catalogue.categories[target]
            out.append(
                Context(cid, text, base, target, rule.relation, rule.arguments(cat_b, cat_t), (), rule.kind)
            )
    return _pin_held_out(out, hand_written)


def held_out_categories(contexts: Sequence[Context], hand_written: Sequence[Context]) -> set[str]:
    """Whole categories kept out of training: chosen by hash among those only rules relate."""
    own = {c.base for c in hand_written} | {c.target for c in hand_written}
    named = sorted({c.base for c in contexts} | {c.target for c in contexts})
    return {n for n in named if n not in own and _hash(f"held-out:{n}") % HELD_OUT_CATEGORY_EVERY == 0}


def _pin_held_out(contexts: list[Context], hand_written: Sequence[Context]) -> list[Context]:
    categories = held_out_categories(contexts, hand_written)
    hand_pairs = {frozenset((c.base, c.target)) for c in hand_written}
    out = []
    for c in contexts:
        pair = frozenset((c.base, c.target))
        unseen_pair = (
            pair not in hand_pairs and _hash(f"pair:{'|'.join(sorted(pair))}") % HELD_OUT_PAIR_EVERY == 0
        )
        if c.base in categories or c.target in categories or unseen_pair:
            c = Context(c.id, c.text, c.base, c.target, c.relation, c.args, c.phrases, c.kind, "test")
        out.append(c)
    return out


@functools.cache
def all_contexts() -> tuple[Context, ...]:
    """The hand-written contexts followed by the compositional ones (what `oor data build` samples)."""
    hand = bundled_contexts()
    return (*hand, *compose_contexts(builtin_catalogue(), hand))


def catalogue_contexts(path: str | Path | None = None) -> list[Context]:
    """Contexts of a YAML file, or by default the hand-written and compositional ones."""
    return list(all_contexts()) if path is None else load_contexts(path)


def context_counts(contexts: Sequence[Context]) -> dict[str, Any]:
    """Contexts per primitive, the categories they cover and the held-out ones (for reports)."""
    return {
        "contexts": len(contexts),
        "per_relation": dict(Counter(c.relation for c in contexts).most_common()),
        "categories": len({c.base for c in contexts} | {c.target for c in contexts}),
        "pinned_test": sum(c.split == "test" for c in contexts),
    }

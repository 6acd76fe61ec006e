"""Finding the base and target categories named in a context text ("A teapot pouring tea into a teacup").

Names and synonyms of the catalogue are matched as whole words, longest first ("coffee table" before
"table", "teacup" never as "cup"), with simple plurals ("apples", "knives", "glasses"). Which of the two
objects is the base follows English: the grammatical subject acts or is placed, so it is the *target*
("A teacup on a table" → base table); a passive sentence ("A teacup being filled by a teapot") flips
that. When the model knows which (base, target) pairs it was trained on, a known order wins.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from oorkit.assets import Catalogue
from oorkit.assets.mentions import Mention, find_mentions
from oorkit.errors import OORKitError

__all__ = ["Mention", "find_base_target", "find_mentions"]

# The agent of a passive sentence comes right before the second object: "... sliced by a pizza cutter",
# "... filled with tea from a teapot", "... being cut with a knife".
_AGENT = re.compile(r"\b(by|from|being \w+ with|\w+ed with|cut with)\s+(a|an|the|some)?\s*$")


def find_base_target(
    text: str,
    catalogue: Catalogue | None = None,
    known_pairs: Collection[tuple[str, str]] = (),
) -> tuple[str, str]:
    """(base, target) categories named in a context text; a clear error when that is not two objects."""
    if not text.strip():
        raise OORKitError("the context text is empty")
    mentions = find_mentions(text, catalogue)
    categories = list(dict.fromkeys(m.category for m in mentions))
    if len(categories) < 2:
        named = f"only '{categories[0]}'" if categories else "no known category"
        raise OORKitError(
            f"could not find a base and a target in {text!r}: it names {named}; "
            "give them with --base and --target (see `oor assets list`)"
        )
    if len(categories) > 2:
        raise OORKitError(
            f"{text!r} names {len(categories)} categories ({', '.join(categories)}); "
            "say which are the base and the target with --base and --target"
        )
    first, second = categories
    known = set(known_pairs)
    if (second, first) in known and (first, second) not in known:
        return second, first
    if (first, second) in known and (second, first) not in known:
        return first, second
    second_start = next(m.start for m in mentions if m.category == second)
    if _AGENT.search(re.sub(r"[-_]", " ", text.lower())[:second_start]):
        return first, second
    return second, first

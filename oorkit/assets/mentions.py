"""Category names in free text: whole words, longest first, with simple plurals ("knives", "glasses")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from oorkit.assets.catalogue import Catalogue, builtin_catalogue


@dataclass(frozen=True)
class Mention:
    """A category named in a text: the words matched and where."""

    category: str
    words: str
    start: int

    @property
    def end(self) -> int:
        """Where the matched words end in the text."""
        return self.start + len(self.words)


def _plural_forms(name: str) -> set[str]:
    """The singular and simple plural spellings of a (possibly multi-word) name."""
    head, last = name.rsplit(" ", 1) if " " in name else ("", name)
    forms = {last, last + "s", last + "es"}
    if last.endswith("y") and last[-2:-1] not in "aeiou":
        forms.add(last[:-1] + "ies")
    if last.endswith("fe"):
        forms.add(last[:-2] + "ves")
    elif last.endswith("f"):
        forms.add(last[:-1] + "ves")
    return {f"{head} {f}".strip() for f in forms}


def _spellings(catalogue: Catalogue) -> dict[str, str]:
    """Every name, synonym and simple plural (lower case, words separated by one space) → category."""
    found: dict[str, str] = {}
    for category in catalogue.categories.values():
        for name in (category.name.replace("_", " "), *category.synonyms):
            for form in _plural_forms(" ".join(re.findall(r"[a-z0-9]+", name.lower()))):
                found.setdefault(form, category.name)
    return found


_CACHE: dict[int, tuple[Catalogue, dict[str, str], int]] = {}


def find_mentions(text: str, catalogue: Catalogue | None = None) -> list[Mention]:
    """Categories named in `text` in order of appearance; the longest name wins ("coffee table")."""
    catalogue = catalogue or builtin_catalogue()
    cached = _CACHE.get(id(catalogue))
    if cached is None or cached[0] is not catalogue:
        spellings = _spellings(catalogue)
        cached = (catalogue, spellings, max(len(s.split()) for s in spellings))
        _CACHE[id(catalogue)] = cached
    _, spellings, longest = cached
    words = list(re.finditer(r"[a-z0-9]+", text.lower()))
    found: list[Mention] = []
    i = 0
    while i < len(words):
        for n in range(min(longest, len(words) - i), 0, -1):
            phrase = " ".join(w.group(0) for w in words[i : i + n])
            if phrase in spellings:
                found.append(
                    Mention(
                        spellings[phrase], text[words[i].start() : words[i + n - 1].end()], words[i].start()
                    )
                )
                i += n
                break
        else:
            i += 1
    return found

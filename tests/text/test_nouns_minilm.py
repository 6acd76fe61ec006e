"""Unknown nouns with the real MiniLM (loaded once per session): the threshold holds on measured nouns."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from oorkit.api import resolve_pair
from oorkit.assets.catalogue import Catalogue
from oorkit.errors import OORKitError
from oorkit.text.categories import find_pair
from oorkit.text.encoders import TextEncoder
from oorkit.text.nouns import NOUN_THRESHOLD, UnknownNounNote, cache_dir, resolve_noun

# From the measurement in docs/text.md: each well above or below the threshold.
MAPS = {"cellphone": "smartphone", "paperback": "book"}
STAYS_UNKNOWN = ["galaxy", "idea", "freedom"]


@pytest.mark.parametrize(("noun", "category"), sorted(MAPS.items()))
def test_close_nouns_map(noun: str, category: str, kitchen: Catalogue, minilm: TextEncoder) -> None:
    resolution = resolve_noun(noun, kitchen, minilm)
    assert resolution.category == category and resolution.similarity >= NOUN_THRESHOLD + 0.03


@pytest.mark.parametrize("noun", STAYS_UNKNOWN)
def test_far_nouns_stay_unknown(noun: str, kitchen: Catalogue, minilm: TextEncoder) -> None:
    with pytest.raises(OORKitError, match=f"unknown object '{noun}'; nearest categories: "):
        resolve_noun(noun, kitchen, minilm)


def test_an_instrument_is_not_its_nearest_instrument(kitchen: Catalogue, minilm: TextEncoder) -> None:
    with pytest.raises(OORKitError) as info:
        find_pair("A xylophone on a table", kitchen, encoder=minilm)
    assert str(info.value).startswith("unknown object 'xylophone' in 'A xylophone on a table'; nearest")


def test_resolve_pair_warns_one_note(kitchen: Catalogue, minilm: TextEncoder) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pair = resolve_pair("A cellphone lying on a table", None, None, catalogue=kitchen, encoder=minilm)
    assert pair == ("table", "smartphone")
    notes = [str(w.message) for w in caught if issubclass(w.category, UnknownNounNote)]
    assert len(notes) == 1 and notes[0].startswith("'cellphone' is not a category; using 'smartphone'")
    # Known names: no note, and a given base/target is taken as it is.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert resolve_pair("A teacup on a table", None, None, catalogue=kitchen) == ("table", "teacup")
        assert resolve_pair("A cellphone on a table", "table", "book", catalogue=kitchen) == ("table", "book")


def test_the_names_are_cached_on_disk(kitchen: Catalogue, minilm: TextEncoder) -> None:
    resolve_noun("cellphone", kitchen, minilm)
    files = list(Path(cache_dir()).glob("category_embeddings/*.safetensors"))
    assert files and str(cache_dir()).endswith("oorkit-cache")  # the tests' own folder

"""Objects in context texts: noun phrases in object slots, and nouns the catalogue lacks (stub embeddings)."""

from __future__ import annotations

import pytest
from noun_helpers import CATEGORIES, NoEncoder, StubEncoder, make_catalogue

from oorkit.assets.catalogue import Catalogue
from oorkit.errors import OORKitError
from oorkit.text.categories import find_base_target, find_pair
from oorkit.text.nouns import category_index, noun_phrases, resolve_noun


def objects(text: str, catalogue: Catalogue) -> list[tuple[str, str | None]]:
    """(noun, category) of the phrases in object slots."""
    return [(p.noun, p.category) for p in noun_phrases(text, catalogue) if p.strong]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A pitcher pouring milk into a glass", [("pitcher", None), ("glass", "glass")]),
        ("A teapot pouring tea into a teacup", [("teapot", "teapot"), ("teacup", "teacup")]),
        ("A glass of milk on a table", [("glass", "glass"), ("table", "table")]),
        ("A frying pan placed on the stove", [("frying pan", "pan"), ("stove", None)]),
        ("A chef's knife cuts into a tomato", [("knife", "knife"), ("tomato", "tomato")]),
        ("A stool pushed under the kitchen counter", [("stool", "stool"), ("kitchen counter", None)]),
        ("Knives next to cutting boards", [("knives", "knife"), ("cutting boards", "cutting_board")]),
        ("A pair of scissors in front of a monitor", [("scissors", "scissors"), ("monitor", "monitor")]),
        ("A milk jug beside a big red bowl", [("jug", "jug"), ("bowl", "bowl")]),
        ("A cat sleeps on a table in the kitchen", [("cat", None), ("table", "table")]),
        ("A person slicing an apple with a knife", [("apple", "apple"), ("knife", "knife")]),
    ],
)
def test_objects_are_the_nouns_in_object_slots(text: str, expected: list, kitchen: Catalogue) -> None:
    assert objects(text, kitchen) == expected


def test_a_noun_inside_a_name_is_no_object(kitchen: Catalogue) -> None:
    # "cutting board" is one name, never the category "board" (a whiteboard here) ...
    assert find_base_target("A knife on a cutting board", kitchen, encoder=NoEncoder()) == (
        "cutting_board",
        "knife",
    )
    # ... and where the catalogue lacks it, the whole phrase is the unknown noun.
    without = make_catalogue({k: v for k, v in CATEGORIES.items() if k != "cutting_board"})
    assert objects("A knife on a cutting board", without) == [("knife", "knife"), ("cutting board", None)]
    with pytest.raises(OORKitError, match="unknown object 'cutting board'"):
        find_pair("A knife on a cutting board", without, encoder=StubEncoder([]))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A teapot pouring tea into a teacup", ("teacup", "teapot")),
        ("A teacup being filled with tea from a teapot", ("teacup", "teapot")),
        ("A glass of milk on a table", ("table", "glass")),
        ("A chef's knife cuts into a tomato", ("tomato", "knife")),
        ("A knife cutting an apple", ("apple", "knife")),  # the acted-on object after the verb
    ],
)
def test_known_objects_need_no_embedding(text: str, expected: tuple[str, str], kitchen: Catalogue) -> None:
    match = find_pair(text, kitchen, encoder=NoEncoder())
    assert (match.base, match.target) == expected and match.notes == []


def test_the_issue_prompts_with_unknown_nouns(kitchen: Catalogue, stub: StubEncoder) -> None:
    match = find_pair("A pitcher pouring milk into a glass", kitchen, encoder=stub)
    assert (match.base, match.target) == ("glass", "jug")  # never the poured milk (milk_carton)
    assert len(match.notes) == 1
    assert match.notes[0].startswith("'pitcher' is not a category; using 'jug' (similarity 0.9")
    match = find_pair("A frying pan placed on the stove", kitchen, encoder=stub)
    assert (match.base, match.target) == ("oven", "pan")
    match = find_pair("A stool pushed under the kitchen counter", kitchen, encoder=stub)
    assert (match.base, match.target) == ("table", "stool")
    assert match.notes[0].startswith("'kitchen counter' is not a category; using 'table'")
    assert find_base_target("A chef's knife cuts into a tomato", kitchen, encoder=stub) == ("tomato", "knife")


def test_the_issue_prompts_when_the_catalogue_has_their_nouns() -> None:
    catalogue = make_catalogue(
        {**CATEGORIES, "pitcher": ("water pitcher",), "stove": ("cooktop",), "counter": ("kitchen counter",)}
    )
    for text, expected in [
        ("A pitcher pouring milk into a glass", ("glass", "pitcher")),
        ("A frying pan placed on the stove", ("stove", "pan")),
        ("A chef's knife cuts into a tomato", ("tomato", "knife")),
        ("A stool pushed under the kitchen counter", ("counter", "stool")),
    ]:
        assert find_base_target(text, catalogue, encoder=NoEncoder()) == expected, text


def test_an_unknown_noun_too_far_from_every_category_is_one_error_line(
    kitchen: Catalogue, stub: StubEncoder
) -> None:
    with pytest.raises(OORKitError) as info:
        find_pair("A xylophone on a table", kitchen, encoder=stub)
    message = str(info.value)
    assert message.startswith("unknown object 'xylophone' in 'A xylophone on a table'; nearest categories: ")
    nearest = message.split("nearest categories: ")[1].split(";")[0]
    assert len(nearest.split(", ")) == 3 and "\n" not in message
    assert message.endswith("it names only 'table': give the objects with --base and --target")
    # An unknown pitcher is an error, not a reason to take the poured milk as the object.
    with pytest.raises(OORKitError, match="unknown object 'pitcher'"):
        find_pair("A pitcher pouring milk into a glass", kitchen, encoder=StubEncoder([]))


def test_errors_that_need_no_embedding(kitchen: Catalogue) -> None:
    with pytest.raises(OORKitError, match="it names no known category"):
        find_pair("hello world", kitchen, encoder=NoEncoder())
    with pytest.raises(OORKitError, match="it names only 'teacup'"):
        find_pair("A teacup", kitchen, encoder=NoEncoder())
    with pytest.raises(OORKitError, match="3 categories"):
        find_pair("A teapot, a teacup and a table", kitchen, encoder=NoEncoder())


def test_category_names_are_embedded_once_per_catalogue_and_encoder(kitchen: Catalogue) -> None:
    stub = StubEncoder([("pitcher", "jug")])
    first = category_index(kitchen, stub)
    assert category_index(kitchen, stub) is first
    assert len(stub.calls) == 1 and "drinking glass" in stub.calls[0]
    assert resolve_noun("pitcher", kitchen, stub).category == "jug"
    assert resolve_noun("pitcher", kitchen, lambda: stub).category == "jug"  # a loader works too
    assert len(stub.calls) == 3  # one call per noun, the names not again


def test_a_threshold_decides(kitchen: Catalogue, stub: StubEncoder) -> None:
    assert resolve_noun("pitcher", kitchen, stub, threshold=0.5).category == "jug"
    with pytest.raises(OORKitError, match="nearest categories: jug, "):
        resolve_noun("pitcher", kitchen, stub, threshold=0.99)

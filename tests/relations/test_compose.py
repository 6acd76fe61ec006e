"""Compositional contexts: rules over affordance tags and size priors, coverage, held-out splits."""

from __future__ import annotations

from oorkit.assets import Catalogue, Category, builtin_catalogue
from oorkit.relations.compose import RULES, all_contexts, candidates, canonical_text, compose_contexts
from oorkit.relations.context import bundled_contexts
from oorkit.text.categories import find_base_target


def _cat(name: str, size: tuple[float, float, float], *affords: str) -> Category:
    return Category(name, "test", size, affords=affords)


TINY = Catalogue(
    {
        c.name: c
        for c in (
            _cat("table", (1.6, 0.75, 0.9), "surface", "floor"),
            _cat("bowl", (0.16, 0.075, 0.16), "container", "receptacle"),
            _cat("apple", (0.08, 0.075, 0.08), "cuttable", "food"),
            _cat("knife", (0.30, 0.02, 0.035), "blade", "handle"),
            _cat("jug", (0.18, 0.22, 0.13), "pourer", "handle"),
            _cat("sofa", (2.0, 0.85, 0.9), "seat", "floor", "front"),
            _cat("lamp", (0.4, 1.6, 0.4), "floor"),
        )
    }
)


def _rule(name: str):  # type: ignore[no-untyped-def]
    return next(r for r in RULES if r.name == name)


def test_rules_follow_affordances_and_sizes() -> None:
    on = candidates(_rule("on"), TINY)
    assert ("table", "apple") in on and ("table", "bowl") in on
    assert ("table", "sofa") not in on and ("table", "lamp") not in on  # floor furniture is not put on tables
    assert ("bowl", "apple") not in on  # a bowl has no top surface tag
    assert ("bowl", "apple") in candidates(_rule("in"), TINY)
    assert ("bowl", "table") not in candidates(_rule("in"), TINY)  # does not fit
    assert candidates(_rule("pour_into"), TINY) == [("bowl", "jug")]
    assert candidates(_rule("cut"), TINY) == [("apple", "knife")]
    assert ("sofa", "lamp") in candidates(_rule("next_to_floor"), TINY)


def test_compose_is_deterministic_texts_parse_and_pourers_use_their_spout() -> None:
    first = compose_contexts(TINY, hand_written=())
    assert first == compose_contexts(TINY, hand_written=())
    by_id = {c.id: c for c in first}
    assert by_id["jug_pouring_into_bowl"].text == "A jug pouring into a bowl"
    assert by_id["jug_pouring_into_bowl"].args["spout"] == "x"  # handled pourers pour from the spout
    assert canonical_text(_rule("cut"), "apple", "knife") == "A knife cutting an apple"
    for c in first:
        assert find_base_target(c.text, TINY) == (c.base, c.target)


def test_hand_written_contexts_win() -> None:
    hand = [c for c in compose_contexts(TINY, hand_written=()) if c.relation == "in"][:1]
    again = compose_contexts(TINY, hand_written=hand)
    assert not {(c.base, c.target, c.relation) for c in again} & {
        (c.base, c.target, c.relation) for c in hand
    }


def test_shipped_contexts_cover_the_catalogue_and_hold_out_categories_and_pairs() -> None:
    contexts = all_contexts()
    composed = contexts[len(bundled_contexts()) :]
    assert len(contexts) >= 2000
    named = {c.base for c in contexts} | {c.target for c in contexts}
    assert len(named) >= 250 and named <= set(builtin_catalogue().categories)
    assert len({c.id for c in contexts}) == len(contexts)
    pinned = [c for c in composed if c.split == "test"]
    assert 0.02 * len(composed) < len(pinned) < 0.2 * len(composed)
    train_side = {c.base for c in contexts if c.split != "test"} | {
        c.target for c in contexts if c.split != "test"
    }
    assert named - train_side, "some whole categories are held out"

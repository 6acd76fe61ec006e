"""Offline text augmentation: ≥ 50 valid, varied prompts per context; the paper's rules are enforced."""

from __future__ import annotations

import dataclasses
import re

import numpy as np
import pytest

from oorkit.assets import Category, builtin_catalogue
from oorkit.data.augment import (
    article,
    augment_context,
    fill,
    similar_categories,
    templatize,
    validate_prompt,
)
from oorkit.relations.context import Context, bundled_contexts

CONTEXTS = [
    Context(
        "teapot_pours",
        "A teapot pouring tea into a teacup",
        "teacup",
        "teapot",
        "pour_into",
        phrases=("{A_target} pouring tea into {a_base}", "{A_base} being filled with tea from {a_target}"),
    ),
    Context("knife_apple", "A knife cutting an apple", "apple", "knife", "cut"),
    Context("apple_bowl", "An apple in a bowl", "bowl", "apple", "in"),
    Context("chair_desk", "A chair tucked under a desk", "desk", "chair", "under"),
    Context("umbrella_sofa", "An umbrella leaning against a sofa", "sofa", "umbrella", "leaning_against"),
]


@pytest.mark.parametrize("context", CONTEXTS, ids=lambda c: c.id)
def test_at_least_50_valid_distinct_prompts(context: Context) -> None:
    prompts = augment_context(context, n=60, rng=np.random.default_rng(0))
    own = [p for p in prompts if p.source != "substitution"]
    assert own[0].text == context.text and own[0].source == "canonical"
    assert len(own) >= 50 and len({p.text.lower() for p in prompts}) == len(prompts)
    for p in prompts:
        assert validate_prompt(p.text, p.base, p.target) == [], p
    # Both objects lead some sentences; passive or noun-phrase forms appear.
    assert any(p.text.lower().startswith(("a " + context.base, "the " + context.base)) for p in own)
    assert any(
        p.text.lower().startswith(("a " + context.target, "an " + context.target, "the " + context.target))
        for p in own
    )


def test_passive_voice_and_determinism() -> None:
    prompts = augment_context(CONTEXTS[1], n=60, rng=np.random.default_rng(3))
    assert any(" by " in p.text or " with " in p.text for p in prompts)
    again = augment_context(CONTEXTS[1], n=60, rng=np.random.default_rng(3))
    assert prompts == again
    assert prompts != augment_context(CONTEXTS[1], n=60, rng=np.random.default_rng(4))


def test_substitution_uses_similar_shapes() -> None:
    assert similar_categories("teapot")[0] == "kettle"
    assert set(similar_categories("teacup")) & {"mug", "glass"}
    assert set(similar_categories("apple")) == {"orange", "lemon"}
    # Size alone would pair a teapot with a toaster: built-in categories stay within shape classes.
    assert "toaster" not in similar_categories("teapot", k=10) and similar_categories("toaster") == []
    # A fork lies next to a plate like a knife does, but does not cut.
    assert "fork" in similar_categories("knife", relation="next_to")
    assert similar_categories("knife", relation="cut") == []
    prompts = augment_context(CONTEXTS[0], n=60, rng=np.random.default_rng(0))
    subs = [p for p in prompts if p.source == "substitution"]
    assert any(p.target == "kettle" and "kettle" in p.text.lower() for p in subs)
    assert all((p.base, p.target) != ("teacup", "teapot") for p in subs)
    assert {p.base for p in subs} - {"teacup"} <= {"mug", "glass"}
    cut = augment_context(CONTEXTS[1], n=60, rng=np.random.default_rng(0))
    assert {(p.base, p.target) for p in cut if p.source == "substitution"} == {
        ("orange", "knife"),
        ("lemon", "knife"),
    }


def test_canonical_text_is_a_template_too() -> None:
    template = templatize("A teapot pouring tea into a teacup", "teacup", "teapot")
    assert template == "{A_target} pouring tea into {a_base}"
    assert fill(template, "cup", "kettle") == "A kettle pouring tea into a cup"  # the paper's example
    assert templatize("The knife slicing a wedge of cheese", "cheese", "knife") == (
        "{The_target} slicing a wedge of {base}"
    )
    assert templatize("A few apples in a bowl", "bowl", "apple") is None  # plural: no singular template
    # A primitive without default templates gets no borrowed verbs, only its own text's variants.
    odd = Context(
        "duck_float", "A rubber duck floating above a bathtub", "bathtub", "rubber_duck", "levitate"
    )
    prompts = augment_context(odd, n=60, rng=np.random.default_rng(0))
    assert all("floating above" in p.text for p in prompts) and len(prompts) > 10


def test_substitution_never_names_one_category_twice() -> None:
    context = Context("mug_teacup", "A mug next to a teacup", "teacup", "mug", "next_to")
    prompts = augment_context(context, n=50, rng=np.random.default_rng(0))
    assert all(p.base != p.target for p in prompts)


def test_user_categories_need_an_almost_identical_box() -> None:
    base = builtin_catalogue()
    extra = {
        "locker": Category("locker", "office", (0.40, 1.80, 0.50)),
        "tall_cabinet": Category("tall_cabinet", "office", (0.45, 1.90, 0.50)),
        "crate": Category("crate", "office", (0.40, 0.30, 0.50)),
    }
    catalogue = dataclasses.replace(base, categories={**base.categories, **extra})
    assert similar_categories("locker", catalogue) == ["tall_cabinet"]


def test_validate_prompt_catches_each_rule() -> None:
    assert validate_prompt("Teapot pouring tea into a teacup", "teacup", "teapot") == [
        "must start with 'A', 'An' or 'The'"
    ]
    assert validate_prompt("A teapot pouring tea", "teacup", "teapot") == ["must name the teacup"]
    assert "names other objects: table" in validate_prompt(
        "A teapot pouring tea into a teacup on a table", "teacup", "teapot"
    )
    assert "must be a single sentence" in validate_prompt(
        "A teapot pours. The teacup fills.", "teacup", "teapot"
    )
    assert "longer than 25 words" in validate_prompt(
        "A teapot " + "very " * 30 + "near a teacup", "teacup", "teapot"
    )
    # Whole words only: "teacup" does not also name a "cup", "panel" is not a "pan".
    assert validate_prompt("A teapot near a teacup and a panel", "teacup", "teapot") == []
    assert validate_prompt("Teapots pouring into teacups", "teacup", "teapot") == [
        "must start with 'A', 'An' or 'The'"
    ]


def test_articles() -> None:
    words = ("apple", "teacup", "umbrella", "utensil", "hour", "egg", "orange")
    assert [article(w) for w in words] == ["an", "a", "an", "a", "an", "an", "an"]
    assert fill("{T} in {B}", "bowl", "apple") == "An apple in a bowl"
    assert fill("{B} holding {T}", "bowl", "apple", the_base=True) == "The bowl holding an apple"
    for context in CONTEXTS:
        for p in augment_context(context, n=60, rng=np.random.default_rng(0)):
            for a, word in re.findall(r"\b(an?|An?) (\w+)", p.text):
                assert a.lower() == article(word), p.text


def test_every_bundled_context_reaches_50_prompts() -> None:
    contexts = bundled_contexts()
    short = [
        c.id
        for c in contexts
        if sum(p.source != "substitution" for p in augment_context(c, n=50, rng=np.random.default_rng(0)))
        < 50
    ]
    assert not short

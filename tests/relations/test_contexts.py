"""The bundled context catalogue (oorkit/relations/data/contexts.yaml): size, coverage and validity."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from oorkit.assets import builtin_catalogue
from oorkit.errors import InvalidFileError
from oorkit.relations import KINDS, PRIMITIVES, bundled_contexts, load_contexts, sample_context, validate_args


@pytest.fixture(scope="module")
def contexts():
    return load_contexts()


def test_bundled_catalogue_loads_and_is_large(contexts) -> None:
    assert len(contexts) >= 165
    categories = {c.base for c in contexts} | {c.target for c in contexts}
    assert len(categories) >= 85
    assert categories <= set(builtin_catalogue().categories)
    assert tuple(contexts) == bundled_contexts()


def test_ids_unique_and_snake_case(contexts) -> None:
    ids = [c.id for c in contexts]
    dup = [i for i, n in Counter(ids).items() if n > 1]
    assert not dup
    assert all(re.fullmatch(r"[a-z0-9_]+", i) for i in ids)


def test_every_kind_is_represented(contexts) -> None:
    kinds = Counter(c.kind for c in contexts)
    assert set(kinds) == set(KINDS)
    assert all(kinds[k] >= 10 for k in KINDS), kinds


def test_relations_are_known_primitives_with_valid_args(contexts) -> None:
    for c in contexts:
        assert c.relation in PRIMITIVES, f"{c.id}: unknown relation {c.relation!r}"
        validate_args(c.relation, c.args)  # raises on an argument the primitive does not take
    # the catalogue exercises every primitive
    assert {c.relation for c in contexts} == set(PRIMITIVES)


def test_texts_name_both_objects(contexts) -> None:
    cats = builtin_catalogue().categories
    for c in contexts:
        text = c.text.lower()
        assert re.match(r"^(a|an|the) ", text), c.id
        for name in (c.base, c.target):
            words = [name.replace("_", " "), *cats[name].synonyms]
            assert any(re.search(r"\b" + re.escape(w.lower()), text) for w in words), (c.id, name)


def test_phrases_are_varied_and_name_both_objects(contexts) -> None:
    for c in contexts:
        assert 3 <= len(c.phrases) <= 6, c.id
        assert len(set(c.phrases)) == len(c.phrases), c.id
        for p in c.phrases:
            assert re.search(r"\{(a_|A_|the_|The_)?base\}", p), (c.id, p)
            assert re.search(r"\{(a_|A_|the_|The_)?target\}", p), (c.id, p)


def test_functional_args_follow_the_conventions(contexts) -> None:
    for c in contexts:
        if c.relation == "pour_into":
            want = "x" if c.target in ("teapot", "kettle", "pan") else "top"
            assert c.args.get("spout") == want, c.id
        if c.relation == "cut":
            rolling = c.target == "pizza_cutter"
            assert (c.args.get("blade") == "rolling") == rolling, c.id
        if c.relation == "around":
            assert c.kind == "arrangement", c.id


def test_duplicate_ids_are_rejected(tmp_path: Path) -> None:
    entry = "  - {id: x, text: A cup on a table, base: table, target: teacup, relation: 'on'}\n"
    path = tmp_path / "dup.yaml"
    path.write_text("contexts:\n" + entry + entry)
    with pytest.raises(InvalidFileError, match="duplicate"):
        load_contexts(path)


def test_one_context_per_primitive_samples(contexts) -> None:
    """A smoke test: the first context of every relation yields checked samples."""
    first = {}
    for c in contexts:
        first.setdefault(c.relation, c)
    for relation, c in sorted(first.items()):
        out = sample_context(c, n=2, rng=np.random.default_rng(0))
        assert out.samples, f"{relation} ({c.id}): no sample; rejected {dict(out.rejected)}"


def test_relation_must_be_a_known_string_with_known_args() -> None:
    from oorkit.errors import InvalidFileError
    from oorkit.relations.context import context_from_dict

    entry = {"id": "x", "text": "A teacup on a table", "base": "table", "target": "teacup"}
    for relation, args, message in (
        (True, {}, "must be a string"),
        ("onn", {}, "unknown relation"),
        ("on", {"foo": 1}, "foo"),
    ):
        with pytest.raises(InvalidFileError, match=message):
            context_from_dict({**entry, "relation": relation, "args": args}, "t")


def test_split_must_be_a_known_split() -> None:
    from oorkit.relations.context import context_from_dict

    entry = {"id": "x", "text": "A teacup on a table", "base": "table", "target": "teacup", "relation": "on"}
    assert context_from_dict({**entry, "split": "train"}, "t").split == "train"
    with pytest.raises(InvalidFileError, match="split must be one of"):
        context_from_dict({**entry, "split": "training"}, "t")


def test_every_example_relation_is_a_learned_context(contexts) -> None:
    """The example scenes use canonical texts of contexts in the train split, so the demos show what
    the model learned (held-out contexts are for the pairwise evaluation)."""
    import yaml

    from oorkit.data.format import context_split

    by_text = {c.text: c for c in contexts}
    examples = sorted((Path(__file__).resolve().parents[2] / "examples" / "scenes").glob("*.yaml"))
    assert len(examples) >= 20
    problems = []
    for path in examples:
        spec = yaml.safe_load(path.read_text())
        category = {o["id"]: o["category"] for o in spec["objects"]}
        for r in spec["relations"]:
            c = by_text.get(r["context"])
            if c is None or (c.base, c.target) != (category[r["base"]], category[r["target"]]):
                problems.append(f"{path.name}: {r['context']!r} is no context's text for these categories")
            elif (c.split or context_split(c.id)) != "train":
                problems.append(f"{path.name}: {c.id} is not in the train split")
    assert not problems, "\n".join(problems)

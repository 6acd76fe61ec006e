"""Affordance tags of the built-in catalogue and the geometry the relation library measures for them."""

from __future__ import annotations

import functools

import numpy as np
import pytest

from oorkit.assets import AFFORDANCES, builtin_catalogue
from oorkit.assets.catalogue import normalize_name
from oorkit.relations._common import spout_tip
from oorkit.relations.space import Placed, opening, place_instance, support_surfaces

CATALOGUE = builtin_catalogue()
CATEGORIES = sorted(CATALOGUE.categories)


def tagged(*tags: str) -> list[str]:
    """Categories carrying any of `tags`."""
    return [n for n in CATEGORIES if set(tags) & set(CATALOGUE.categories[n].affords)]


@functools.cache
def placed(name: str) -> Placed:
    """One instance per category (seeded), shared by the tests below."""
    return place_instance(name, np.random.default_rng(0))


def test_tags_come_from_the_vocabulary() -> None:
    used = {t for c in CATALOGUE.categories.values() for t in c.affords}
    assert used <= set(AFFORDANCES)
    for tag in ("surface", "container", "receptacle", "pourer", "blade", "cuttable", "stirrer", "floor"):
        assert tagged(tag), f"no category is tagged {tag!r}"


def test_names_and_synonyms_are_unique() -> None:
    owner: dict[str, str] = {}
    clashes = []
    for cat in CATALOGUE.categories.values():
        for key in {normalize_name(cat.name), *(normalize_name(s) for s in cat.synonyms)}:
            if key in owner and owner[key] != cat.name:
                clashes.append(f"{key!r}: {owner[key]} and {cat.name}")
            owner.setdefault(key, cat.name)
    assert not clashes, f"names or synonyms shared by two categories: {clashes}"


@pytest.mark.parametrize("name", CATEGORIES)
def test_every_category_has_an_affordance_or_is_a_small_object(name: str) -> None:
    cat = CATALOGUE.categories[name]
    # a ball affords nothing special; small objects are still placed on surfaces and in containers
    assert cat.affords or max(cat.size) <= 0.6, f"{name} ({cat.group}) has no affords tag"


@pytest.mark.parametrize("name", tagged("container", "receptacle"))
def test_containers_have_an_open_top(name: str) -> None:
    p = placed(name)
    mouth = opening(p)
    assert mouth is not None, f"{name} is tagged container/receptacle but has no opening"
    assert mouth.rim_height > mouth.floor_height
    assert mouth.mask.any()


@pytest.mark.parametrize("name", tagged("surface"))
def test_surfaces_have_a_flat_top(name: str) -> None:
    p = placed(name)
    surfaces = support_surfaces(p)
    assert surfaces, f"{name} is tagged surface but has no support surface"
    footprint = float(p.size[0] * p.size[2])
    assert max(s.area for s in surfaces) > 0.1 * footprint, f"{name}: its largest support surface is tiny"


@pytest.mark.parametrize("name", tagged("pourer"))
def test_pourers_spout_is_the_upper_x_end(name: str) -> None:
    p = placed(name)
    tip = spout_tip(p, "x")
    v = np.asarray(p.mesh.vertices)
    # The spout (or lip) is the +x extreme of the object and lies in its upper half.
    assert tip[1] >= 0.0
    assert tip[0] >= v[:, 0].max() - 0.02 * p.size[0], f"{name}: something below the spout reaches further +x"


@pytest.mark.parametrize("name", tagged("blade", "stirrer", "striker"))
def test_tools_are_elongated_along_x(name: str) -> None:
    size = placed(name).size
    assert size[0] == size.max(), f"{name}: a tool lies along x (handle -x, working end +x), size {size}"

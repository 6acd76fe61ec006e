"""Fixtures of the text tests: the catalogue and stub encoder of `noun_helpers`, the real MiniLM loaded once
per test session, and a private cache folder."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from noun_helpers import CATEGORIES, StubEncoder, make_catalogue

from oorkit.assets.catalogue import Catalogue
from oorkit.text.encoders import TextEncoder
from oorkit.text.nouns import default_noun_encoder


@pytest.fixture
def kitchen() -> Catalogue:
    """The categories above: no pitcher, no stove, no counter."""
    return make_catalogue(CATEGORIES)


@pytest.fixture
def stub() -> StubEncoder:
    """Stub embeddings: pitcher ~ jug, stove ~ oven, kitchen counter ~ table, gizmo ~ teacup."""
    return StubEncoder(
        [("pitcher", "jug"), ("stove", "oven"), ("kitchen counter", "table"), ("gizmo", "teacup")]
    )


@pytest.fixture(scope="session")
def minilm() -> TextEncoder:
    """The default MiniLM, loaded once per test session (the same object the library uses)."""
    return default_noun_encoder()


@pytest.fixture(autouse=True)
def _private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """Category embeddings cached on disk go to a test folder, never to the user's cache."""
    monkeypatch.setenv("OORKIT_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "oorkit-cache"))
    yield

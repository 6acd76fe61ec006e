"""Helpers of the text tests: a small catalogue built here (the shipped one grows) and stub encoders."""

from __future__ import annotations

import hashlib

import torch

from oorkit.assets.catalogue import Catalogue, Category

CATEGORIES: dict[str, tuple[str, ...]] = {
    "glass": ("drinking glass", "tumbler"),
    "jug": (),
    "milk_carton": ("milk", "milk carton"),
    "teapot": ("tea pot",),
    "teacup": ("tea cup", "cup"),
    "pan": ("frying pan", "skillet"),
    "oven": (),
    "knife": ("kitchen knife", "chef knife"),
    "tomato": (),
    "stool": ("bar stool",),
    "table": ("dining table", "kitchen table"),
    "cutting_board": ("cutting board", "chopping board"),
    "whiteboard": ("board",),
    "bowl": (),
    "apple": (),
    "book": ("novel", "textbook"),
    "smartphone": ("phone", "cell phone", "mobile phone"),
    "piano": (),
    "guitar": ("acoustic guitar",),
    "scissors": (),
    "monitor": ("computer monitor", "screen"),
}


def make_catalogue(names: dict[str, tuple[str, ...]]) -> Catalogue:
    """A catalogue of these categories (sizes do not matter to the text)."""
    return Catalogue(
        {name: Category(name, "test", (0.1, 0.1, 0.1), synonyms) for name, synonyms in names.items()}
    )


class StubEncoder:
    """Texts of one group embed alike (cosine about 0.92); any other two are nearly orthogonal."""

    spec = "stub"
    dim = 256

    def __init__(self, groups: list[tuple[str, ...]]):
        self.group = {text: i for i, group in enumerate(groups) for text in group}
        self.calls: list[list[str]] = []

    def _random(self, key: str) -> torch.Tensor:
        seed = int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "little")
        return torch.randn(self.dim, generator=torch.Generator().manual_seed(seed % 2**63))

    def encode(self, texts: list[str]) -> torch.Tensor:
        """Embeddings of `texts`."""
        self.calls.append(list(texts))
        rows = []
        for text in texts:
            own = self._random(text)
            if text in self.group:
                own = self._random(f"group {self.group[text]}") + 0.3 * own
            rows.append(own)
        vectors = torch.stack(rows) if rows else torch.zeros(0, self.dim)
        return torch.nn.functional.normalize(vectors, dim=-1)


class NoEncoder:
    """Fails the test when a text needs an embedding."""

    spec = "none"
    dim = 8

    def encode(self, texts: list[str]) -> torch.Tensor:
        """Never called by a text that names its objects."""
        raise AssertionError(f"the encoder was asked for {texts}")

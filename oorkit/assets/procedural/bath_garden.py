"""Procedural templates: bath_garden (more categories of the open-vocabulary catalogue)."""

from __future__ import annotations

from oorkit.assets.procedural import Generator

GENERATORS: dict[str, Generator] = {}

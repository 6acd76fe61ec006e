"""Procedural templates (placeholder until filled)."""

from __future__ import annotations

GENERATORS: dict = {}

"""The real Anny body (built once into the user cache; ~1.5 min the first time on two cores)."""

from __future__ import annotations

import pytest

pytest.importorskip("anny", reason="human motion needs the [human] extra (anny)")


@pytest.fixture(scope="session")
def body():  # a Body, imported lazily after the skip above
    from oorkit.human.body import load_body

    return load_body()

"""The docs hold together: images they embed exist, the mkdocs nav and API pages point at real files, and the
Quickstart/Gallery pictures are the ones `docs/make_images.py` makes with the commands the pages show.

Cheap: no rendering; the mkdocs build runs only where the docs extra is installed (a few seconds).
"""

from __future__ import annotations

import functools
import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
MARKDOWN = [*sorted(DOCS.rglob("*.md")), ROOT / "README.md"]

# ![alt](target "title") and <img src="target">
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_HTML_IMAGE = re.compile(r"<img\s[^>]*src=[\"']([^\"']+)[\"']", re.IGNORECASE)


def _images(markdown: Path) -> list[str]:
    text = markdown.read_text(encoding="utf-8")
    return _MD_IMAGE.findall(text) + _HTML_IMAGE.findall(text)


def _local(target: str) -> bool:
    return not re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE) and not target.startswith("#")


@functools.cache
def _make_images() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_images", DOCS / "make_images.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_images"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("markdown", MARKDOWN, ids=lambda p: str(p.relative_to(ROOT)))
def test_embedded_images_exist(markdown: Path) -> None:
    missing = [
        target
        for target in _images(markdown)
        if _local(target) and not (markdown.parent / target.split("#")[0].split("?")[0]).is_file()
    ]
    assert not missing, f"{markdown.relative_to(ROOT)} embeds images that do not exist: {missing}"


def test_image_pattern_finds_images() -> None:
    assert _images(DOCS / "quickstart.md"), "no image found in docs/quickstart.md: the pattern is broken"


@pytest.mark.parametrize("page", ["quickstart", "gallery"])
def test_generated_pages_match_make_images(page: str) -> None:
    steps = _make_images().STEPS[page]
    text = (DOCS / f"{page}.md").read_text(encoding="utf-8")
    # Each command is shown verbatim on its page, so the reader can run what made the picture.
    not_shown = [s.command for s in steps if s.command not in text]
    assert not not_shown, f"docs/{page}.md does not show these commands verbatim: {not_shown}"
    # The page embeds only images the script makes, and the script makes no image the page drops.
    made = {f"images/{page}/{name}" for s in steps for _, name in s.images}
    embedded = {t for t in _images(DOCS / f"{page}.md") if t.startswith(f"images/{page}/")}
    assert embedded <= made, f"docs/{page}.md embeds images make_images.py does not make: {embedded - made}"
    assert made <= embedded, f"make_images.py makes images docs/{page}.md does not show: {made - embedded}"
    on_disk = {f"images/{page}/{p.name}" for p in (DOCS / "images" / page).iterdir()}
    assert on_disk == made, f"docs/images/{page}/ holds stale or missing files: {on_disk ^ made}"


def _nav_files(node: object) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, list):
        return [f for item in node for f in _nav_files(item)]
    if isinstance(node, dict):
        return [f for value in node.values() for f in _nav_files(value)]
    return []


def test_mkdocs_nav_points_at_existing_pages() -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    files = _nav_files(config["nav"])
    assert "index.md" in files
    missing = [f for f in files if not re.match(r"^https?://", f) and not (DOCS / f).is_file()]
    assert not missing, f"mkdocs.yml nav names pages that do not exist: {missing}"


def test_api_pages_name_existing_modules() -> None:
    identifiers = [
        m
        for page in sorted((DOCS / "api").glob("*.md"))
        for m in re.findall(r"^:::\s+([\w.]+)", page.read_text(encoding="utf-8"), re.MULTILINE)
    ]
    assert "oorkit.api" in identifiers
    missing = []
    for identifier in identifiers:
        path = ROOT.joinpath(*identifier.split("."))
        if not (path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()):
            missing.append(identifier)
    assert not missing, f"docs/api pages document modules that do not exist: {missing}"


def test_mkdocs_build_strict(tmp_path: Path) -> None:
    """The site builds without a warning (docstrings included); needs `pip install -e '.[docs]'`."""
    pytest.importorskip("mkdocstrings_handlers.python", reason="the docs extra is not installed")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-4000:]
    assert (tmp_path / "site" / "api" / "oor" / "index.html").is_file()

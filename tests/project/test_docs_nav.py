"""The documentation site's navigation (mkdocs.yml) holds every page of docs/, and each section entry
(`client.md#configuration`) names a heading the page has.

`nox -s docs` (`mkdocs build --strict`) fails on both, but it is not a default session: this keeps the
default suite from going green while the site would not build. Reads files only.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from markdown.extensions.toc import slugify  # type: ignore[import-untyped]  # the very slugify the site uses; no stubs pinned

from tests._helpers.spec import REPO

DOCS = REPO / "docs"
FENCE = "```"


def _entries(items: list[Any]) -> Iterator[tuple[str, str]]:
    for item in items:
        if isinstance(item, str):
            yield item, item
            continue
        for title, value in item.items():
            if isinstance(value, list):
                yield from _entries(value)
            else:
                yield str(title), str(value)


def _nav() -> list[tuple[str, str]]:
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    return list(_entries(config["nav"]))


def _anchors(page: Path) -> set[str]:
    """The ids the toc extension gives the page's headings (code blocks left out: `# comment` is no heading)."""
    anchors: set[str] = set()
    in_code = False
    for line in page.read_text(encoding="utf-8").splitlines():
        if line.lstrip().startswith(FENCE):
            in_code = not in_code
        elif not in_code and line.startswith("#"):
            anchors.add(slugify(line.lstrip("#").strip(), "-"))
    return anchors


def test_every_page_of_docs_is_in_the_nav() -> None:
    listed = {target.partition("#")[0] for _, target in _nav()}
    pages = {page.relative_to(DOCS).as_posix() for page in DOCS.rglob("*.md")}
    assert pages - listed == set(), "pages missing from mkdocs.yml nav (mkdocs build --strict fails)"
    assert listed - pages == set(), "mkdocs.yml nav names pages that docs/ does not have"


@pytest.mark.parametrize(("title", "target"), [entry for entry in _nav() if "#" in entry[1]], ids=lambda v: str(v))
def test_a_section_entry_names_a_heading_of_its_page(title: str, target: str) -> None:
    page, _, anchor = target.partition("#")
    assert anchor in _anchors(DOCS / page), f"nav entry {title!r}: {page} has no heading with the id {anchor!r}"

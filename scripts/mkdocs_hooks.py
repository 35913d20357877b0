"""MkDocs hooks of the documentation site (mkdocs.yml `hooks:`): what the site needs beyond MkDocs.

- The contract's own reference, the Redoc page `nox -s generate` builds for the simulator
  (simulator/cloudcore_simulator/web/generated/api-reference.html), is published as
  `reference/api-reference.html`: one file, two places, never a copy in docs/.
- A page may link to a file of the repository outside docs/ (`../examples/webhook_receiver.py`):
  the file is published under `repo/` and the link rewritten to it, so the site stands alone.
  Markdown files outside docs/ are not published (they would become pages whose links lead
  nowhere): name them in code instead.
  A link to a file that does not exist is left as it is, and `mkdocs build --strict` fails on it.
- The nav may point into a section of a page (`client.md#configuration`): MkDocs takes such an
  entry for an external link, so here it becomes the page's URL plus the anchor, and the build
  fails (PluginError) when the page has no heading with that anchor.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page

REPO = Path(__file__).resolve().parent.parent
REDOC = REPO / "simulator" / "cloudcore_simulator" / "web" / "generated" / "api-reference.html"
REDOC_URI = "reference/api-reference.html"
REPO_FILES = "repo"
LINK = re.compile(r"\]\((\.\./[^)#\s]+)((?:#[^)\s]*)?)\)")
SECTION = re.compile(r"^(?P<page>[\w\-/]+\.md)#(?P<anchor>[\w\-]+)$")

_published: dict[str, str] = {}  # docs-relative link target -> published URI under repo/
_sections: list[tuple[str, str, str]] = []  # (nav title, page src URI, anchor)
_ids: dict[str, set[str]] = {}  # page src URI -> element ids in its HTML


def _outside(page_uri: str, target: str) -> Path | None:
    """The repository file a page's relative link names, if it lies outside docs/ and exists."""
    path = (REPO / "docs" / posixpath.dirname(page_uri) / target).resolve()
    inside_repo = REPO in path.parents
    in_docs = (REPO / "docs") in path.parents
    markdown = path.suffix == ".md"  # it would become a page of the site, with links that lead nowhere
    return path if inside_repo and not in_docs and not markdown and path.is_file() else None


def on_files(files: Files, config: MkDocsConfig) -> Files:
    _published.clear()
    files.append(File.generated(config, REDOC_URI, abs_src_path=str(REDOC)))
    for file in list(files.documentation_pages()):
        text = Path(file.abs_src_path or "").read_text(encoding="utf-8")
        for target, _ in LINK.findall(text):
            path = _outside(file.src_uri, target)
            if path is None:
                continue
            uri = f"{REPO_FILES}/{path.relative_to(REPO).as_posix()}"
            if files.get_file_from_path(uri) is None:
                files.append(File.generated(config, uri, abs_src_path=str(path)))
            _published[f"{file.src_uri}\0{target}"] = uri
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    def rewrite(match: re.Match[str]) -> str:
        uri = _published.get(f"{page.file.src_uri}\0{match.group(1)}")
        if uri is None:
            return match.group(0)
        relative = posixpath.relpath(uri, posixpath.dirname(page.file.src_uri) or ".")
        return f"]({relative}{match.group(2)})"

    return LINK.sub(rewrite, markdown)


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    _sections.clear()

    def walk(items: list[Any]) -> None:
        for item in items:
            if isinstance(item, Section):
                walk(item.children)
            elif isinstance(item, Link) and (found := SECTION.match(item.url)):
                target = files.get_file_from_path(found["page"])
                if target is None or not target.is_documentation_page():
                    raise PluginError(f"nav: {item.title!r} points into {found['page']}, which is not a page of docs/")
                item.url = f"{target.url}#{found['anchor']}"
                _sections.append((str(item.title), target.src_uri, found["anchor"]))

    walk(nav.items)
    return nav


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    _ids[page.file.src_uri] = set(re.findall(r'\sid="([^"]+)"', html))
    return html


def on_post_build(config: MkDocsConfig) -> None:
    missing = [f"{title!r} -> {uri}#{anchor}" for title, uri, anchor in _sections if anchor not in _ids.get(uri, set())]
    if missing:
        raise PluginError("nav entries point to sections that do not exist: " + "; ".join(missing))

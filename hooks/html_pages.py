"""MkDocs hook: a page prepared as HTML (front matter `markup: html`: every page `python -m
scraper prepare` writes) skips Markdown, which would set up a converter and parse the HTML twice
(Python-Markdown's raw-HTML block, then MkDocs' anchor scan) only to pass it through unchanged.

MkDocs reads and converts every page before it renders the first, so it would hold the whole
site's text at once (1.9 GB at 50,000 papers). Such a page's HTML is read again when the page
is rendered, and let go once it is written: only its front matter stays in memory.
The same site, without the hook too (tests/test_site.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mkdocs.structure.toc import get_toc
from mkdocs.utils.meta import YAML_RE

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page


def _prepared(page: Page) -> bool:
    return page.meta.get("markup") == "html"


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, **kwargs) -> str | None:
    if not _prepared(page):
        return None

    def render(config: MkDocsConfig, files) -> None:
        # What Page.render leaves for a page whose Markdown is one block of HTML, but the HTML.
        page.content = ""
        page.toc = get_toc([])
        page.present_anchor_ids = set()

    page.render = render  # this page's only: the converter is never made
    return ""


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    if _prepared(page):
        # The body as MkDocs' front matter reader leaves it, without parsing the YAML again.
        source = page.file.content_string
        found = YAML_RE.match(source)
        page.content = (source[found.end() :] if found else source).strip()
    return context


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    if _prepared(page):
        page.content = ""
    return output

"""MkDocs hook: a page prepared as HTML (front matter `markup: html`: every page `python -m
scraper prepare` writes) skips Markdown, which would set up a converter and parse the HTML twice
(Python-Markdown's raw-HTML block, then MkDocs' anchor scan) only to pass it through unchanged.
The same site, without the hook too (tests/test_site.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mkdocs.structure.toc import get_toc

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, **kwargs) -> None:
    if page.meta.get("markup") != "html":
        return

    def render(config: MkDocsConfig, files) -> None:
        # What Page.render leaves for a page whose Markdown is one block of HTML.
        page.content = markdown.strip()
        page.toc = get_toc([])
        page.present_anchor_ids = set()

    page.render = render  # this page's only: the converter is never made

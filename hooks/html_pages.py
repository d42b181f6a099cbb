"""MkDocs hook: a page prepared as HTML (front matter `markup: html`, every paper page) skips
Markdown, which would parse its HTML twice (Python-Markdown's raw-HTML block, then MkDocs'
anchor scan) only to pass it through unchanged. The same site, without the hook too."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page

_PREPARED = "_prepared_html"


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, **kwargs) -> str | None:
    if page.meta.get("markup") != "html":
        return None
    setattr(page, _PREPARED, markdown.strip())
    return ""


def on_page_content(html: str, page: Page, config: MkDocsConfig, **kwargs) -> str | None:
    return getattr(page, _PREPARED, None)

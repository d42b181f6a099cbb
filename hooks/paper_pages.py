"""MkDocs hook: build each paper page from its front matter (the paper file holds nothing else),
at a reading measure, its corrections linked to the file's history."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError

# mkdocs.yml loads hooks/listings.py first, which says what to do if the package is missing.
from scraper import render, store, urls
from scraper.errors import InvalidRecord
from scraper.model import Paper

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page


# Day -> when its votes were last read from HF, from the day ledger; read again every build.
_votes_read: dict[dt.date, dt.date] = {}


def on_files(files: Files, config: MkDocsConfig) -> None:
    try:
        days = store.read_ledger(Path(config.docs_dir))
    except InvalidRecord as exc:
        raise PluginError(f"Error reading the day ledger: {exc}") from None
    _votes_read.clear()
    _votes_read.update({day.date: day.votes_as_of for day in days if day.votes_as_of})


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, **kwargs) -> str | None:
    """Paper, day, week and month pages give the table of contents' place to the content (a
    paper page has none; a listing's headings need none)."""
    if page.file.src_uri.startswith(f"{urls.PAPERS_DIR}/"):
        page.meta.setdefault("hide", ["toc"])
    if not isinstance(page.meta.get("paper"), dict):
        return None
    page.meta.setdefault("template", "paper.html")
    try:
        paper = Paper.from_record(page.meta["paper"], page.file.src_path)
    except InvalidRecord as exc:
        raise PluginError(f"Error reading paper file: {exc}") from None
    page.meta["arxiv"] = {"abs": urls.arxiv_abs(paper.id), "pdf": urls.arxiv_pdf(paper.id)}
    markdown = render.paper_page(
        paper, max((_votes_read[d] for d in paper.days if d in _votes_read), default=None)
    )
    if not page.edit_url:
        return markdown
    # The templates' "History" link reads this too: one place swaps edit for commits.
    page.meta["history_url"] = page.edit_url.replace("/edit/", "/commits/", 1)
    return re.sub(
        r"(?m)^(- Corrected by contributors: .*)$",
        lambda m: f"{m.group(1)} ([history of this page]({page.meta['history_url']}))",
        markdown,
        count=1,
    )


_PERMALINK = re.compile(r'<a class="headerlink" href="#[^"]*" title="Permanent link">&para;</a>')
_TITLE_ID = re.compile(r'<h1 id="[^"]*">')


def on_page_content(html: str, page: Page, config: MkDocsConfig, **kwargs) -> str | None:
    """A paper page's headings without permalinks, and its title's id `title` instead of one
    made of all its words (the skip link's target, from the table of contents): a tenth of the
    page, linked by nothing."""
    if not page.meta.get("arxiv"):
        return None
    if page.toc.items:
        page.toc.items[0].id = "title"
    return _TITLE_ID.sub('<h1 id="title">', _PERMALINK.sub("", html), count=1)

"""MkDocs hook: build each paper page from its front matter (the paper file holds nothing else),
at a reading measure, its corrections linked to the file's history."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError

# mkdocs.yml loads hooks/listings.py first, which says what to do if the package is missing.
from scraper import build, render, urls
from scraper.errors import InvalidRecord
from scraper.model import Paper
from scraper.topics import heading

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, **kwargs) -> str | None:
    """Paper, day, week, month and topic pages give the table of contents' place to the content (a
    paper page has none; a listing's headings need none)."""
    if page.file.src_uri.startswith((f"{urls.PAPERS_DIR}/", f"{urls.TOPICS_DIR}/")):
        page.meta.setdefault("hide", ["toc"])
    if not isinstance(page.meta.get("paper"), dict):
        return None
    page.meta.setdefault("template", "paper.html")
    try:
        paper = Paper.from_record(page.meta["paper"], page.file.src_path)
    except InvalidRecord as exc:
        raise PluginError(f"Error reading paper file: {exc}") from None
    page.meta["arxiv"] = {"abs": urls.arxiv_abs(paper.id), "pdf": urls.arxiv_pdf(paper.id)}
    # The templates' "History" link reads this too: one place swaps edit for commits.
    if page.edit_url:
        page.meta["history_url"] = page.edit_url.replace("/edit/", "/commits/", 1)
    derived = build.latest(Path(config.docs_dir))
    read = [derived.votes_read[d] for d in paper.days if d in derived.votes_read]
    return render.paper_page(
        paper,
        max(read, default=None),
        related=[derived.papers[i] for i in derived.related.get(paper.id, ())],
        topics=[(heading(t), urls.topic(t.slug)) for t in derived.topics_of.get(paper.id, ())],
        history_url=page.meta.get("history_url"),
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

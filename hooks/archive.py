"""MkDocs hook: derive the listing pages from the paper files at build time.

The scraper also writes these pages into docs/, so the archive reads well on GitHub and builds
without this hook; the hook makes the site follow every paper file as it is now, so a corrected
title shows on its day, month and home pages with no other file touched.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

try:
    from scraper import formats, render, store, urls
    from scraper.errors import InvalidRecord
    from scraper.listings import latest_days, listing_pages
    from scraper.model import Paper
except ImportError as exc:  # MkDocs puts only hooks/ on sys.path, not the repository
    raise PluginError(
        f"hooks/archive.py needs the scraper package: run `pip install -e .` "
        f"in the repository ({exc})"
    ) from exc

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.hooks.archive")


def on_files(files: Files, config: MkDocsConfig) -> Files:
    try:
        papers, days = store.load_archive(Path(config.docs_dir))
    except InvalidRecord as exc:
        raise PluginError(
            f"Error reading paper file: {exc}\n(`python -m scraper check` lists every problem)"
        ) from None
    pages = listing_pages(papers.values(), days)
    # The feed needs the site's address for its links, so only a build can write it.
    feed_days = latest_days(papers.values(), formats.FEED_DAYS)
    pages[urls.FEED] = formats.atom_feed(feed_days, config.site_url or "", config.site_name)
    # Crawlers read the sitemap; the search index is thousands of small files for the box.
    pages[urls.ROBOTS] = (
        f"User-agent: *\nDisallow: /{urls.SEARCH_INDEX}/\n"
        f"Sitemap: {config.site_url or '/'}sitemap.xml\n"
    )
    for src_uri, content in pages.items():
        existing = files.get_file_from_path(src_uri)
        if existing is not None:
            files.remove(existing)
        files.append(File.generated(config, src_uri, content=content))
    log.debug("derived listing pages from %d papers over %d days", len(papers), len(days))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, **kwargs) -> str | None:
    """Paper pages are built from their front matter (the file holds nothing else), with the
    "Corrected by contributors" line linking the file's history. Paper, day, week and month
    pages give the table of contents' place to the content (a listing's headings need none)."""
    if page.file.src_uri.startswith(f"{urls.PAPERS_DIR}/"):
        page.meta.setdefault("hide", ["toc"])
    if not isinstance(page.meta.get("paper"), dict):
        return None
    page.meta.setdefault("template", "paper.html")
    paper = Paper.from_record(page.meta["paper"], page.file.src_path)
    markdown = render.paper_page(paper)
    if not page.edit_url:
        return markdown
    history = page.edit_url.replace("/edit/", "/commits/")
    return re.sub(
        r"(?m)^(- Corrected by contributors: .*)$",
        lambda m: f"{m.group(1)} ([history of this page]({history}))",
        markdown,
        count=1,
    )


_INDENT = re.compile(r"\n\s+")
_PREFORMATTED = re.compile(r"(<pre\b.*?</pre>|<textarea\b.*?</textarea>)", re.DOTALL)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Drop the indentation Material's templates leave in every page: a sixth of a paper page,
    and so of the whole site. A line break stays where the white space was, so text and inline
    elements keep their spacing; preformatted blocks (the BibTeX) are kept as they are."""
    parts = _PREFORMATTED.split(output)
    parts[::2] = [_INDENT.sub("\n", part) for part in parts[::2]]
    return "".join(parts)


SITEMAP_LIMIT = 50_000  # URLs per sitemap file, by the sitemaps protocol


def on_post_build(config: MkDocsConfig, **kwargs) -> None:
    """Past the protocol's limit, split MkDocs' one sitemap into parts and an index of them."""
    site = Path(config.site_dir)
    sitemap = site / "sitemap.xml"
    if not sitemap.is_file():
        return
    entries = re.findall(r"<url>.*?</url>", sitemap.read_text(encoding="utf-8"), re.DOTALL)
    if len(entries) <= SITEMAP_LIMIT:
        return
    base = (config.site_url or "").rstrip("/") + "/"
    parts = []
    for start in range(0, len(entries), SITEMAP_LIMIT):
        name = f"sitemap-{start // SITEMAP_LIMIT + 1}.xml"
        body = "\n".join(entries[start : start + SITEMAP_LIMIT])
        (site / name).write_text(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{body}\n</urlset>\n',
            encoding="utf-8",
        )
        parts.append(f"<sitemap><loc>{base}{name}</loc></sitemap>")
    sitemap.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        + "\n".join(parts)
        + "\n</sitemapindex>\n",
        encoding="utf-8",
    )
    (site / "sitemap.xml.gz").unlink(missing_ok=True)  # it would still hold every URL
    log.info("split the sitemap: %d URLs in %d files", len(entries), len(parts))

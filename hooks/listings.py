"""MkDocs hook: derive the listing pages, the feed and robots.txt from the archive at build time,
and date each page in the sitemap by when its content last changed.

The scraper also writes the listing pages into docs/, so the archive reads well on GitHub; this
hook makes the site follow every paper file as it is now, so a corrected title shows on its day,
week, month and home pages with no other file touched.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

try:
    from scraper import build, formats, urls
    from scraper.errors import InvalidRecord
    from scraper.listings import last_changed, latest_days, listing_pages
    from scraper.topics import topic_pages
except ImportError as exc:  # MkDocs puts only hooks/ on sys.path, not the repository
    raise PluginError(
        f"hooks/listings.py needs the scraper package: run `pip install -e .` "
        f"in the repository ({exc})"
    ) from exc

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.hooks.listings")

# docs-relative path -> YYYY-MM-DD, made again by every build's on_files.
_changed: dict[str, str] = {}


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """The topic pages exist only in a build with this hook: so does their place in the nav
    (after "Archive"). A site without a nav of its own lists every page anyway."""
    nav = config.nav
    if nav and not any(isinstance(item, dict) and urls.TOPICS in item.values() for item in nav):
        archive = [
            i
            for i, item in enumerate(nav)
            if isinstance(item, dict) and urls.ARCHIVE in item.values()
        ]
        nav.insert(archive[0] + 1 if archive else len(nav), {"Topics": urls.TOPICS})
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    try:
        derived = build.derive(Path(config.docs_dir))
    except InvalidRecord as exc:
        raise PluginError(
            f"Error reading paper file: {exc}\n(`python -m scraper check` lists every problem)"
        ) from None
    papers, days = derived.papers, derived.days
    pages = listing_pages(papers.values(), days, derived.related)
    pages.update(topic_pages(derived.topics, config.site_url or "", config.site_name))
    # The feed needs the site's address for its links, so only a build can write it.
    feed_days = latest_days(papers.values(), formats.FEED_DAYS)
    pages[urls.FEED] = formats.atom_feed(feed_days, config.site_url or "", config.site_name)
    # Crawlers read the sitemap; the search index is thousands of small files for the box.
    pages[urls.ROBOTS] = (
        f"User-agent: *\nDisallow: /{urls.SEARCH_INDEX}/\n"
        f"Sitemap: {config.site_url or '/'}sitemap.xml\n"
    )
    # The ledger is the scraper's record; the site publishes it as coverage.json.
    ledger = files.get_file_from_path(urls.LEDGER)
    if ledger is not None:
        files.remove(ledger)
    for src_uri, content in pages.items():
        existing = files.get_file_from_path(src_uri)
        if existing is not None:
            files.remove(existing)
        files.append(File.generated(config, src_uri, content=content))
    _changed.clear()
    _changed.update(last_changed(papers.values(), days))
    log.info(
        "derived listing pages from %d papers over %d days, %d topics; embedded %d papers",
        len(papers),
        len(days),
        len(derived.topics),
        derived.embedded,
    )
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, **kwargs) -> None:
    """The sitemap's `lastmod`: when a fetch last changed the page's days, not the build date;
    none for the hand-written pages, whose dates the ledger does not know. (Set while pages are
    read: MkDocs writes the sitemap before it renders them.) With no ledger dates at all, MkDocs'
    build date stays: it needs one page dated."""
    if _changed:
        page.update_date = _changed.get(page.file.src_uri, "")

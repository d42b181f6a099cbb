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
    from scraper import store
    from scraper.errors import InvalidRecord
    from scraper.listings import listing_pages
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
    for src_uri, content in listing_pages(papers.values(), days).items():
        existing = files.get_file_from_path(src_uri)
        if existing is not None:
            files.remove(existing)
        files.append(File.generated(config, src_uri, content=content))
    log.debug("derived listing pages from %d papers over %d days", len(papers), len(days))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, **kwargs) -> str | None:
    """Link a corrected paper's "Corrected by contributors" line to its file's history."""
    if not page.edit_url or not isinstance(page.meta.get("paper"), dict):
        return None
    history = page.edit_url.replace("/edit/", "/commits/")
    return re.sub(
        r"(?m)^(- Corrected by contributors: .*)$",
        lambda m: f"{m.group(1)} ([history of this page]({history}))",
        markdown,
        count=1,
    )

"""MkDocs hook: past the sitemaps protocol's limit of URLs, split MkDocs' one sitemap into
parts and an index of them."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

log = logging.getLogger("mkdocs.hooks.sitemap")

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

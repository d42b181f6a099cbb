"""Checking a built site: every internal link and asset a page refers to exists."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

_REFERENCE = re.compile(r"""\b(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)


def broken_links(site_dir: Path) -> Iterator[str]:
    """`page: link` for each internal link in the site's HTML whose target does not exist."""
    for page in sorted(site_dir.rglob("*.html")):
        page_dir = page.parent.relative_to(site_dir).as_posix()
        html = page.read_text(encoding="utf-8", errors="replace")
        for match in _REFERENCE.finditer(html):
            link = match.group(1) if match.group(1) is not None else match.group(2)
            target = _target(page_dir, link)
            if target is not None and not _exists(site_dir, target):
                yield f"{page.relative_to(site_dir)}: {link}"


def _target(page_dir: str, link: str) -> str | None:
    parts = urlsplit(link.strip())
    if parts.scheme or parts.netloc or not parts.path:
        return None  # external, or an anchor/query on the same page
    path = unquote(parts.path)
    joined = path.lstrip("/") if path.startswith("/") else posixpath.join(page_dir, path)
    target = posixpath.normpath(joined)
    return target + "/" if path.endswith("/") else target


def _exists(site_dir: Path, target: str) -> bool:
    if target.startswith("../") or target == "..":
        return False  # climbs out of the site
    path = site_dir / target
    return (
        (path / "index.html").is_file() if target.endswith("/") or path.is_dir() else path.is_file()
    )

"""Compare two built sites as a reader sees them: which pages and files each has, and for the
pages both have, whether the article's text, its links and the head's tags are the same.

    python bench/compare_sites.py SITE_A SITE_B [--show 5]

Prints a summary a line a kind of difference, and up to --show examples of each.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from html import unescape
from html.parser import HTMLParser
from pathlib import Path


class _Reader(HTMLParser):
    """The article's words and links, and the head's meta tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.words: list[str] = []
        self.links: list[str] = []
        self.meta: set[tuple[str, str]] = set()
        self.title = ""
        self._in_article = 0
        self._in_title = False
        self._skip = 0
        self._headerlink = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "article":
            self._in_article += 1
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "title":
            self._in_title = True
        if tag == "meta" and (attrs.get("name") or attrs.get("property")):
            self.meta.add((attrs.get("name") or attrs.get("property"), attrs.get("content", "")))
        if tag == "a" and attrs.get("class") == "headerlink":
            self._skip += 1  # a heading's permalink: its ¶ is no text of the page
            self._headerlink = True
        elif tag == "a" and self._in_article and "href" in attrs:
            self.links.append(attrs["href"] or "")

    def handle_endtag(self, tag):
        if tag == "article":
            self._in_article -= 1
        if tag in ("script", "style") or (tag == "a" and self._headerlink):
            self._skip -= 1
            self._headerlink = self._headerlink and tag != "a"
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        if self._in_article and not self._skip:
            self.words += data.split()


def read(path: Path) -> _Reader:
    reader = _Reader()
    reader.feed(path.read_text(encoding="utf-8", errors="replace"))
    return reader


def _normal(link: str) -> str:
    """index.html and a trailing slash are one address."""
    return re.sub(r"(^|/)index\.html$", r"\1", link).rstrip("/") or "."


def compare(a: Path, b: Path, show: int = 5) -> dict[str, list[str]]:
    files_a = {p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file()}
    files_b = {p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file()}
    found: dict[str, list[str]] = defaultdict(list)
    for name in sorted(files_a - files_b):
        found["only in A"].append(name)
    for name in sorted(files_b - files_a):
        found["only in B"].append(name)
    for name in sorted(files_a & files_b):
        if not name.endswith(".html"):
            if (a / name).read_bytes() != (b / name).read_bytes():
                found["other file differs"].append(name)
            continue
        ra, rb = read(a / name), read(b / name)
        if " ".join(ra.words) != " ".join(rb.words):
            wa, wb = ra.words, rb.words
            pairs = enumerate(zip(wa, wb, strict=False))
            i = next((i for i, (x, y) in pairs if x != y), min(len(wa), len(wb)))
            around = slice(max(0, i - 5), i + 8)
            found["article text differs"].append(
                f"{name}: …{' '.join(wa[around])}… / …{' '.join(wb[around])}…"
            )
        la, lb = list(map(_normal, ra.links)), list(map(_normal, rb.links))
        if la != lb:
            gone, new = sorted(set(la) - set(lb)), sorted(set(lb) - set(la))
            found["article links differ"].append(f"{name}: -{gone[:3]} +{new[:3]}")
        if unescape(ra.title).split() != unescape(rb.title).split():
            found["title differs"].append(f"{name}: {ra.title!r} / {rb.title!r}")
        if ra.meta != rb.meta:
            gone, new = sorted(ra.meta - rb.meta), sorted(rb.meta - ra.meta)
            found["head tags differ"].append(f"{name}: -{gone[:2]} +{new[:2]}")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("a", type=Path)
    parser.add_argument("b", type=Path)
    parser.add_argument("--show", type=int, default=5)
    args = parser.parse_args()
    found = compare(args.a, args.b)
    if not found:
        print("The two sites are the same to a reader.")
    for kind, items in found.items():
        print(f"{kind}: {len(items)}")
        for item in items[: args.show]:
            print(f"  {item}")
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()

"""MkDocs hook: drop the indentation Material's templates leave in every page, a sixth of a
paper page and so of the whole site."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page

_INDENT = re.compile(r"\n\s+")
_PREFORMATTED = re.compile(r"(<pre\b.*?</pre>|<textarea\b.*?</textarea>)", re.DOTALL)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """A line break stays where the white space was, so text and inline elements keep their
    spacing; preformatted blocks (the BibTeX) are kept as they are."""
    parts = _PREFORMATTED.split(output)
    parts[::2] = [_INDENT.sub("\n", part) for part in parts[::2]]
    return "".join(parts)

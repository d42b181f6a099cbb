"""Escaping untrusted text for HTML: markup that shows exactly the text it was given, with none
of its own taking effect (inline TeX marked for typesetting, web addresses linked). Every page
is written as HTML, which any engine's Markdown passes through unchanged."""

from __future__ import annotations

import html
import re

# Inline TeX in prose: `$…$` with no white space inside its ends, not touching a word or another
# `$`, and holding TeX (a backslash, ^, _ or braces) or a single letter. "$5 and $10" stays text.
_MATH = re.compile(r"(?<![\\$\w])\$([^\s$](?:[^$\n]{0,298}[^\s$\\])?)\$(?![\w$])")


def _is_tex(content: str) -> bool:
    return bool(re.search(r"[\\^_{}]", content)) or bool(re.fullmatch(r"[A-Za-z]", content))


# A web address in prose, up to white space or a character no bare URL holds; a full stop or
# bracket that ends the sentence is not part of it.
_URL = re.compile(r"https?://[^\s<>\"'`\\{}|^\[\]]*[^\s<>\"'`\\{}|^\[\].,;:!?)]")


def text(value: str) -> str:
    """Untrusted text as HTML element content."""
    return html.escape(value, quote=False)


def attribute(value: str) -> str:
    """Untrusted text as a double-quoted HTML attribute value."""
    return html.escape(value, quote=True)


def _html_linking_urls(value: str) -> str:
    parts, last = [], 0
    for match in _URL.finditer(value):
        url = match.group()
        parts += [text(value[last : match.start()]), f'<a href="{attribute(url)}">{text(url)}</a>']
        last = match.end()
    parts.append(text(value[last:]))
    return "".join(parts)


def html_prose(value: str) -> str:
    """Paragraphs of an abstract as HTML, each a `<p>`: inline TeX goes in a `math` span that
    the site typesets (KaTeX, loaded by archive.js), its text still exactly the source, and web
    addresses are links."""
    paragraphs = []
    for paragraph in value.split("\n\n"):
        parts, last = [], 0
        for match in _MATH.finditer(paragraph):
            if _is_tex(match.group(1)):
                parts += [
                    _html_linking_urls(paragraph[last : match.start()]),
                    f'<span class="math">{text(match.group())}</span>',
                ]
                last = match.end()
        parts.append(_html_linking_urls(paragraph[last:]))
        paragraphs.append(f"<p>{''.join(parts)}</p>")
    return "\n".join(paragraphs)

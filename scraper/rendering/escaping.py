"""Escaping untrusted text for HTML: markup that shows exactly the text it was given, with none
of its own taking effect (inline TeX marked for typesetting, web addresses linked). Every page
is written as HTML, which any engine's Markdown passes through unchanged."""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterator

# Inline TeX in prose: `$…$` with no white space inside its ends, not touching a word or another
# `$`, and holding TeX (a backslash, ^, _ or braces) or a single letter. "$5 and $10" stays text.
_MATH = re.compile(r"(?<![\\$\w])\$([^\s$](?:[^$\n]{0,298}[^\s$\\])?)\$(?![\w$])")


def _is_tex(content: str) -> bool:
    return bool(re.search(r"[\\^_{}]", content)) or bool(re.fullmatch(r"[A-Za-z]", content))


# A web address in prose, up to white space or a character no bare URL holds; a full stop or
# bracket that ends the sentence is not part of it.
_URL = re.compile(r"https?://[^\s<>\"'`\\{}|^\[\]]*[^\s<>\"'`\\{}|^\[\].,;:!?)]")


# TeX's text-mode escapes and accents, as arXiv abstracts keep them outside math ("90\\%",
# "``Bolet\\'{\\i}n''"): shown as the characters they stand for. Other macros stay as written.
_ESCAPED = re.compile(r"\\([%&#_$ ])")  # "\\ " is TeX's space after "vs."
_QUOTED = re.compile(r"``(.+?)''", re.S)
_ACCENT = re.compile(
    r"\\(['`^\"~=.]|[cuvH](?=\s*\{))\s*(?:\{\s*(\\[ij]|[A-Za-z])\s*\}|(\\[ij]|[A-Za-z]))"
)
_MARKS = {
    "'": "\u0301",
    "`": "\u0300",
    "^": "\u0302",
    '"': "\u0308",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    "c": "\u0327",
    "u": "\u0306",
    "v": "\u030c",
    "H": "\u030b",
}


def _accented(match: re.Match) -> str:
    letter = match.group(2) or match.group(3)
    letter = {"\\i": "i", "\\j": "j"}.get(letter, letter)
    return unicodedata.normalize("NFC", letter + _MARKS[match.group(1)])


def tex_text(value: str) -> str:
    """Text with TeX's text-mode escapes (\\%, \\&, "vs.\\ "), accents (\\'e, \\"{o}) and quotes
    (``…'') as the characters they stand for: for prose outside math."""
    if "\\" not in value and "``" not in value:
        return value
    value = _QUOTED.sub("\u201c\\1\u201d", value)
    # Accents before escapes: "\\'\\%" is no accent, and must not become one.
    return _ESCAPED.sub(r"\1", _ACCENT.sub(_accented, value))


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


def _prose(paragraph: str) -> Iterator[tuple[bool, str]]:
    """A paragraph in turns of text and inline TeX: (is TeX, its source)."""
    last = 0
    for match in _MATH.finditer(paragraph):
        if _is_tex(match.group(1)):
            yield False, paragraph[last : match.start()]
            yield True, match.group()
            last = match.end()
    yield False, paragraph[last:]


def prose_text(paragraph: str) -> str:
    """What a paragraph of `html_prose` reads as: inline TeX as written, the text around it
    through `tex_text`."""
    return "".join(part if tex else tex_text(part) for tex, part in _prose(paragraph))


def html_prose(value: str) -> str:
    """Paragraphs of an abstract as HTML, each a `<p>`: inline TeX goes in a `math` span that
    the site typesets (KaTeX, loaded by archive.js), its text still exactly the source; TeX's
    text-mode escapes and accents around it are the characters they stand for (`tex_text`),
    and web addresses are links."""
    return "\n".join(
        "<p>"
        + "".join(
            f'<span class="math">{text(part)}</span>' if tex else _html_linking_urls(tex_text(part))
            for tex, part in _prose(paragraph)
        )
        + "</p>"
        for paragraph in value.split("\n\n")
    )

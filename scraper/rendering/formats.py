"""Rendering records into the archive's other formats: BibTeX, JSON and an Atom feed.

Each is plain text built from the records, escaped for its own format, so what a title or an
abstract holds stays text in a citation manager, a script or a feed reader.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from scraper.records.model import Coverage, Day, Paper
from scraper.rendering.escaping import tex_text
from scraper.site import urls

FEED_DAYS = 5  # the feed holds the papers of the latest days that had any

# --- BibTeX --------------------------------------------------------------------------------

_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_BIBTEX_PATTERN = re.compile("|".join(map(re.escape, _BIBTEX_SPECIAL)))


def bibtex_escape(text: str) -> str:
    """Text that LaTeX typesets as itself: its special characters become commands."""
    return _BIBTEX_PATTERN.sub(lambda m: _BIBTEX_SPECIAL[m.group()], text)


def bibtex_name(author: str) -> str:
    """`Last, First` as BibTeX expects, from HF's `First Last`."""
    first, _, last = author.rpartition(" ")
    return f"{last}, {first}" if first else last


def _ascii_word(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", text.lower())


def bibtex_key(paper: Paper) -> str:
    """arXiv-style key: first author's last name, year, first word of the title."""
    last = _ascii_word(paper.authors[0].rpartition(" ")[2]) if paper.authors else ""
    year = _year(paper)
    words = [w for w in map(_ascii_word, paper.title.split()) if w]
    return f"{last or 'anon'}{year}{words[0] if words else paper.id.replace('.', '')}"


def _year(paper: Paper) -> int:
    """The year a citation gives: arXiv's publication date, else the year in the id (YYMM)."""
    return paper.published.year if paper.published else 2000 + int(paper.id[:2])


def bibtex(paper: Paper) -> str:
    """An arXiv-style `@misc` entry, as arXiv's own "Export BibTeX citation" writes one."""
    year = _year(paper)
    fields = [
        ("title", bibtex_escape(paper.title)),
        ("author", " and ".join(bibtex_escape(bibtex_name(a)) for a in paper.authors)),
        ("year", str(year)),
        ("eprint", paper.id),
        ("archivePrefix", "arXiv"),
        ("url", urls.arxiv_abs(paper.id)),
    ]
    body = ",\n".join(f"      {name}={{{value}}}" for name, value in fields if value)
    return f"@misc{{{bibtex_key(paper)},\n{body},\n}}\n"


# --- JSON ----------------------------------------------------------------------------------


def paper_json(paper: Paper, related: Sequence[str] | None = None) -> dict:
    """A paper as the day JSON lists it: its record without the abstract, which is three
    quarters of the bytes (95 MB at 50,000 papers) and is on its page and in the Parquet file."""
    record = paper.to_record()
    record.pop("scraped", None)
    record.pop("abstract", None)
    record["url"] = "/" + urls.served(urls.paper(paper.id))
    record["corrected"] = paper.corrected()
    if related is not None:
        record["related"] = list(related)
    return record


def day_json(
    day: Day, papers: Sequence[Paper], related: Mapping[str, Sequence[str]] | None = None
) -> str:
    """The static API for one day: its record and its papers, most upvoted first, each with
    the ids of its related papers when the build computed them. What it leaves out of a paper
    (the abstract) papers.parquet holds."""
    data = {
        "date": day.date.isoformat(),
        "listed": day.listed,
        "fetched": day.fetched,
        "papers": [
            paper_json(p, None if related is None else related.get(p.id, [])) for p in papers
        ],
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str) + "\n"


# --- The day ledger and coverage: a day a line --------------------------------------------


def ledger_json(days: Iterable[Day]) -> str:
    """The day ledger (docs/days.json): a day a line, so a day's change is a one-line diff."""
    rows = []
    for day in sorted(days, key=lambda d: d.date):
        row = {
            "date": day.date.isoformat(),
            "listed": day.listed,
            "fetched": day.fetched,
            "votes_as_of": day.votes_as_of.isoformat() if day.votes_as_of else None,
            "error": day.error,
        }
        rows.append(json.dumps({k: v for k, v in row.items() if v is not None}, ensure_ascii=False))
    return '{"days": [\n' + ",\n".join(rows) + "\n]}\n"


def coverage_json(ledger: Sequence[Coverage]) -> str:
    days = [
        {
            "date": row.date.isoformat(),
            "status": row.status,
            "listed": row.listed,
            "held": row.held,
            "fetched": row.fetched,
            "votes_as_of": row.votes_as_of.isoformat() if row.votes_as_of else None,
            "error": row.error,
        }
        for row in ledger
    ]
    # One day per line: readable, and a day's change is a one-line diff.
    lines = ",\n".join(json.dumps(day, ensure_ascii=False) for day in days)
    return f'{{"days": [\n{lines}\n]}}\n'


# --- Atom ----------------------------------------------------------------------------------


def plain_summary(text: str, limit: int = 300) -> str:
    """The start of a text, cut at a word, for descriptions and feed summaries (as plain text:
    TeX's text-mode escapes and accents as the characters they stand for)."""
    text = " ".join(tex_text(text).split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:.") + "…"


def atom_feed(
    days: Sequence[tuple[dt.date, Sequence[Paper]]],
    site_url: str,
    title: str,
    path: str = urls.FEED,
    page: str = "",
    subtitle: str = "Papers listed on Hugging Face Daily Papers, the latest days",
    summary_chars: int = 1000,
) -> str:
    """An Atom feed (served at `path`, about the page served at `page`) of the papers of `days`
    (newest first). An entry's id is the paper's arXiv URL: permanent, and the same whichever
    host or fork serves the feed."""
    base = site_url.rstrip("/") + "/"
    updated = f"{days[0][0].isoformat()}T00:00:00Z" if days else "1970-01-01T00:00:00Z"
    entries = []
    seen = set()
    for date, papers in days:
        for paper in papers:
            if paper.id in seen:
                continue
            seen.add(paper.id)
            link = base + urls.served(urls.paper(paper.id))
            authors = "".join(
                f"<author><name>{xml_escape(a)}</name></author>" for a in paper.authors
            )
            entries.append(
                "<entry>"
                f"<id>{urls.arxiv_abs(paper.id)}</id>"
                f"<title>{xml_escape(paper.title)}</title>"
                f'<link rel="alternate" type="text/html" href={quoteattr(link)}/>'
                f"<updated>{date.isoformat()}T00:00:00Z</updated>"
                f"{authors}"
                f"<summary>{xml_escape(plain_summary(paper.abstract, summary_chars))}</summary>"
                "</entry>"
            )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<id>{xml_escape(base + page)}</id>"
        f"<title>{xml_escape(title)}</title>"
        f"<subtitle>{xml_escape(subtitle)}</subtitle>"
        f'<link rel="self" type="application/atom+xml" href={quoteattr(base + path)}/>'
        f'<link rel="alternate" type="text/html" href={quoteattr(base + page)}/>'
        f"<updated>{updated}</updated>\n" + "\n".join(entries) + "\n</feed>\n"
    )

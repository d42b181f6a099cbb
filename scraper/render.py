"""The paper file and the paper page: pure functions from a record to text, no I/O.

A paper file is its record as YAML front matter and nothing else (GitHub shows it as a table);
its page is built from that record, so each fact is written once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence

from scraper import formats, urls
from scraper.escaping import destination, escape, escape_prose
from scraper.fields import LIVE_FIELDS
from scraper.frontmatter import dump_yaml
from scraper.model import Paper

PAPER_HEADER = """\
# One paper of the archive. To correct it, edit a field below and send the change: its page
# and the day, week and month lists are built from these fields. See CONTRIBUTING.md.
"""
CURATED_NOTE = """\
  # A scrape never overwrites your edits to these; fields nobody edited follow Hugging Face.
  # Set an optional one to null (e.g. `github: null`) to stop a wrong value from coming back.
"""
LIVE_NOTE = "  # Updated by every scrape from Hugging Face:\n"
SCRAPED_NOTE = (
    "  # What Hugging Face last said, as fingerprints: how a scrape tells your edits apart.\n"
)


def render_paper(paper: Paper) -> str:
    """A paper file: the record as front matter, and nothing else. Its page is built from it
    (`paper_page`), so a one-field edit is a complete correction."""
    text = dump_yaml({"paper": paper.to_record()})
    live = re.search(rf"^  (?:{'|'.join(LIVE_FIELDS)}):", text, re.MULTILINE)
    text = text[: live.start()] + LIVE_NOTE + text[live.start() :]
    text = text.replace("paper:\n", "paper:\n" + CURATED_NOTE, 1)
    text = text.replace("\n  scraped:\n", "\n" + SCRAPED_NOTE + "  scraped:\n", 1)
    return f"---\n{PAPER_HEADER}{text}---\n"


def paper_page(
    paper: Paper,
    votes_read: dt.date | None = None,
    related: Sequence[Paper] = (),
    topics: Sequence[tuple[str, str]] = (),
    history_url: str | None = None,
) -> str:
    """A paper's page as Markdown, built from its record; `votes_read` is when its votes were
    last read from HF (the day ledger knows), `related` the papers nearest by meaning,
    `topics` its topics as (name, docs path), `history_url` its file's history on the host."""
    page = urls.paper(paper.id)
    days = ", ".join(f"[{long_date(d)}]({urls.link(page, urls.day(d))})" for d in paper.days)
    facts = [f"- Listed on Hugging Face Daily Papers: {days}"]
    if paper.submitter:
        facts[0] += f", submitted by {account_link(paper.submitter)}"
    if paper.published:
        facts.append(f"- Published on arXiv: {long_date(paper.published)}")
    if paper.organization:
        facts.append(f"- Organization: {account_link(paper.organization)}")
    facts.append(
        f"- {plural(paper.upvotes, 'upvote')} · {plural(paper.comments, 'comment')}"
        + votes_as_of([votes_read])
    )
    corrected = paper.corrected()
    if corrected:
        history = f" ([history of this page]({history_url}))" if history_url else ""
        facts.append(f"- Corrected by contributors: {', '.join(corrected)}{history}")
    if topics:
        shown = " · ".join(f"[{escape(name)}]({urls.link(page, path)})" for name, path in topics)
        facts.append(f"- Topics: {shown}")
    links = [
        f"[Hugging Face]({urls.hf_paper(paper.id)})",
        f"[arXiv]({urls.arxiv_abs(paper.id)})",
        f"[PDF]({urls.arxiv_pdf(paper.id)})",
    ]
    if paper.github:
        stars = f" (★ {paper.github_stars:,})" if paper.github_stars is not None else ""
        links.append(f"[Code](<{destination(paper.github)}>){stars}")
    if paper.project_page:
        links.append(f"[Project page](<{destination(paper.project_page)}>)")
    facts.append("- " + " · ".join(links))
    if paper.media:
        shown = [
            f"[{_media_kind(u)} {i}](<{destination(u)}>)" for i, u in enumerate(paper.media, 1)
        ]
        facts.append("- Media on Hugging Face: " + " · ".join(shown))
    profiles = paper.author_profiles or {}
    authors = ", ".join(
        f"[{escape(a)}]({urls.hf_user(profiles[a])})" if a in profiles else escape(a)
        for a in paper.authors
    )
    parts = [f"# {escape(paper.title)}\n", f"\n{authors}\n" if authors else "", "\n"]
    parts.append("\n".join(facts) + "\n")
    if paper.abstract:
        parts.append(f"\n## Abstract\n\n{escape_prose(paper.abstract)}\n")
    if paper.ai_summary or paper.ai_keywords:
        model = f" ({escape(paper.ai_summary_model)})" if paper.ai_summary_model else ""
        parts += [
            "\n## AI-generated summary\n",
            f"\n> Written by a language model{model} on Hugging Face, not by the authors.\n",
        ]
        if paper.ai_summary:
            parts.append(f"\n{escape_prose(paper.ai_summary)}\n")
        if paper.ai_keywords:
            parts.append(f"\nKeywords (AI-generated): {escape(' · '.join(paper.ai_keywords))}\n")
    if related:
        parts.append("\n## Related papers\n\n")
        parts += [
            f"- [{escape(other.title)}]({urls.link(page, urls.paper(other.id))}) · "
            f"{short_date(min(other.days), dt.date.min)} · {plural(other.upvotes, 'upvote')}\n"
            for other in related
        ]
    parts.append(f"\n## Cite\n\n~~~bibtex\n{formats.bibtex(paper)}~~~\n")
    return "".join(parts)


def account_link(account) -> str:
    """A Hugging Face user or organization, by its full name, linked to its page."""
    return f"[{escape(account['fullname'])}]({urls.hf_user(account['name'])})"


def _media_kind(url: str) -> str:
    extension = url.rsplit(".", 1)[-1].lower()
    return "Video" if extension in ("mp4", "mov", "qt", "webm", "m4v") else "Image"


# --- Words ---------------------------------------------------------------------------------


def long_date(date: dt.date) -> str:
    return f"{date:%A} {date.day} {date:%B %Y}"


def short_date(date: dt.date, beside: dt.date) -> str:
    """`date` without its year when it shares the year of the date it is shown beside."""
    return f"{date.day} {date:%B}" + (f" {date.year}" if date.year != beside.year else "")


def plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def votes_as_of(dates: Iterable[dt.date | None]) -> str:
    """When the votes shown were read from HF: they keep moving for a week or two after a
    paper is listed, and the scrape reads each day again at 7 and 30 days."""
    known = sorted(d for d in dates if d)
    if not known:
        return ""
    if known[0] == known[-1]:
        return f" (votes as of {long_date(known[0])})"
    return f" (votes as of {short_date(known[0], known[-1])} to {short_date(known[-1], known[0])})"

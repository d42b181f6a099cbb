"""The paper file and the paper page: pure functions from a record to text, no I/O.

A paper file is its record as YAML front matter and nothing else (GitHub shows it as a table);
its page is built from that record as HTML, so each fact is written once.
"""

from __future__ import annotations

import datetime as dt
import re
import urllib.parse
from collections.abc import Iterable, Sequence

from scraper.deriving.organizations import slug_of
from scraper.records.fields import LIVE_FIELDS
from scraper.records.frontmatter import dump_yaml
from scraper.records.model import Paper, users_in_order
from scraper.rendering import formats
from scraper.rendering.escaping import attribute, html_prose, text
from scraper.site import urls

PAPER_HEADER = """\
# One paper of the archive. To correct it, edit a field below and send the change: its page
# and the day, week and month lists are built from these fields. See CONTRIBUTING.md.
"""
CURATED_NOTE = """\
  # A scrape never overwrites your edits to these; fields nobody edited follow Hugging Face.
  # Set an optional one to null (e.g. `github: null`) to stop a wrong value from coming back.
"""
LIVE_NOTE = "  # Updated by every scrape from Hugging Face:\n"
# A paper page names the first authors of a long list and folds the rest (a collaboration's
# paper lists hundreds); a fold of a few names is not worth a click.
AUTHORS_BEFORE_FOLD = 20
AUTHORS_FOLDED_LEAST = 5
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


CITING_NAMES = {"models": "model", "datasets": "dataset", "spaces": "Space"}


def paper_page(
    paper: Paper,
    votes_read: dt.date | None = None,
    related: Sequence[Paper] = (),
    topics: Sequence[tuple[str, str]] = (),
    history_url: str | None = None,
) -> str:
    """A paper's page as HTML, built from its record; `votes_read` is when its votes were
    last read from HF (the day ledger knows), `related` the papers nearest by meaning,
    `topics` its topics as (name, docs path), `history_url` its file's history on the host.
    Every value is escaped here: the page is written as it is served."""
    page = urls.paper(paper.id)
    days = ", ".join(_link(urls.href(page, urls.day(d)), long_date(d)) for d in paper.days)
    listed = f"Listed on Hugging Face Daily Papers: {days}"
    if paper.submitter:
        listed += f", submitted by {account_link(paper.submitter)}"
    facts = [listed]
    if paper.published:
        facts.append(f"Published on arXiv: {long_date(paper.published)}")
    org = paper.organization
    if org:
        ours = _link(urls.href(page, urls.organization(slug_of(paper))), org["fullname"])
        theirs = _link(urls.hf_user(org["name"]), "on Hugging Face")
        facts.append(f"Organization: {ours} ({theirs})")
    comments = plural(paper.comments, "comment")
    if paper.comments:  # the discussion is on Hugging Face's page
        comments = _link(f"{urls.hf_paper(paper.id)}#community", comments)
    facts.append(
        f"{plural(paper.upvotes, 'upvote')} · {comments}" + text(votes_as_of([votes_read]))
    )
    citing = paper.citing or {}
    cited = [  # a count and its word on one line: "3 / datasets" read as two facts
        _link(urls.hf_citing(paper.id, kind), plural(n, word).replace(" ", "\u00a0"))
        for kind, word in CITING_NAMES.items()
        if (n := citing.get(kind))
    ]
    if cited:
        as_of = f" (as of {long_date(citing['as_of'])})"
        facts.append(f"Cited on Hugging Face by {' · '.join(cited)}{as_of}")
    corrected = paper.corrected()
    if corrected:
        history = f" ({_link(history_url, 'history of this page')})" if history_url else ""
        facts.append(f"Corrected by contributors: {', '.join(corrected)}{history}")
    if topics:
        shown = " · ".join(_link(urls.href(page, path), name) for name, path in topics)
        facts.append(f"Topics: {shown}")
    if paper.media:
        shown = " · ".join(
            _link(url, f"{_media_kind(url)} {i}") for i, url in enumerate(paper.media, 1)
        )
        facts.append(f"Media on Hugging Face: {shown}")
    # Where the eye looks first: the PDF, then the paper's other homes.
    links = [
        _button(urls.arxiv_pdf(paper.id), "PDF", primary=True),
        _button(urls.arxiv_abs(paper.id), "arXiv"),
        _button(urls.hf_paper(paper.id), "Hugging Face"),
    ]
    if paper.github:
        stars = f" ★ {paper.github_stars:,}" if paper.github_stars is not None else ""
        links.append(_button(paper.github, f"Code{stars}"))
    if paper.project_page:
        links.append(_button(paper.project_page, "Project page"))
    search = urls.href(page, urls.SEARCH)
    parts = [f'<h1 id="title">{text(paper.title)}</h1>']
    if paper.authors:
        parts.append(_authors(search, paper))
    aside = []
    if paper.thumbnail:
        # Beside the text on a wide screen; a phone, which hides it, never fetches it.
        aside.append(
            f'<img class="paper-image" src="{attribute(paper.thumbnail)}" alt="" '
            'width="320" height="168" loading="lazy" decoding="async">'
        )
    aside.append(f'<p class="paper-links">{" ".join(links)}</p>')
    aside.append("<ul>\n" + "".join(f"<li>{fact}</li>\n" for fact in facts) + "</ul>")
    parts.append('<aside class="paper-aside" aria-label="Links and facts">' + "\n".join(aside))
    parts.append("</aside>")
    # The text in a block of its own, so that on a wide screen the aside stands beside the
    # title and the text together (extra.css), however long the list of authors.
    parts.append('<div class="paper-text">')
    # HF's summary first, as HF's own page has it: a few lines to decide whether to read on.
    # Whose words they are is said in small print beneath, not in a block as tall as they.
    if paper.ai_summary or paper.ai_keywords:
        model = f" ({text(paper.ai_summary_model)})" if paper.ai_summary_model else ""
        parts.append('<h2 id="ai-generated-summary">AI-generated summary</h2>')
        if paper.ai_summary:
            parts.append(html_prose(paper.ai_summary))
        keywords = ""
        if paper.ai_keywords:
            keywords = f" Keywords: {text(' · '.join(paper.ai_keywords))}."
        parts.append(
            f'<p class="paper-note">Written by a language model{model} on Hugging Face, not by '
            f"the authors.{keywords}</p>"
        )
    if paper.abstract:
        parts += ['<h2 id="abstract">Abstract</h2>', html_prose(paper.abstract)]
    parts += [
        '<h2 id="cite">Cite</h2>',
        f'<pre><code class="language-bibtex">{text(formats.bibtex(paper))}</code></pre>',
        "</div>",
    ]
    if related:
        parts.append('<section class="paper-related">\n<h2 id="related-papers">Related papers</h2>')
        parts.append(
            '<ol class="paper-cards paper-cards--related">\n'
            + "".join(
                f'<li><a href="{attribute(urls.href(page, urls.paper(other.id)))}">'
                f"{text(other.title)}</a>"
                f"<small>{short_date(min(other.days), dt.date.min)} · ▲ {other.upvotes}</small>"
                "</li>\n"
                for other in related
            )
            + "</ol>\n</section>"
        )
    return "\n".join(parts) + "\n"


def _button(url: str, label: str, primary: bool = False) -> str:
    kind = "md-button md-button--primary" if primary else "md-button"
    return f'<a class="{kind}" href="{attribute(url)}">{text(label)}</a>'


def paper_head(paper: Paper) -> str:
    """The head tags only a paper page has: for citation managers and scholarly search (Zotero,
    Google Scholar: `citation_*`) and for link previews (OpenGraph, which Twitter/X reads too).
    No JSON-LD: it repeated the citation tags (title, every author, date, arXiv id) and no search
    engine shows a ScholarlyArticle as more than a plain result; 0.6 KB on each of 50,000 pages."""
    description = formats.plain_summary(paper.abstract, 160)
    tags = [
        ("name", "description", description),
        ("name", "citation_title", paper.title),
        *(("name", "citation_author", author) for author in paper.authors),
    ]
    if paper.published:
        tags.append(("name", "citation_publication_date", f"{paper.published:%Y/%m/%d}"))
    tags += [
        ("name", "citation_arxiv_id", paper.id),
        ("name", "citation_abstract_html_url", urls.arxiv_abs(paper.id)),
        ("name", "citation_pdf_url", urls.arxiv_pdf(paper.id)),
        ("property", "og:type", "article"),
        ("property", "og:title", paper.title),
        ("property", "og:description", description),
    ]
    if paper.thumbnail:
        tags.append(("property", "og:image", paper.thumbnail))
    return "\n".join(
        f'<meta {kind}="{name}" content="{attribute(value)}">' for kind, name, value in tags
    )


def _link(url: str, label: str) -> str:
    return f'<a href="{attribute(url)}">{text(label)}</a>'


def _authors(search: str, paper: Paper) -> str:
    """Every author, the first AUTHORS_BEFORE_FOLD in sight and the rest in a fold that
    opens in place (the head's citation tags name them all)."""
    users = users_in_order(paper.authors, paper.author_profiles)
    names = [_author(search, n, u) for n, u in zip(paper.authors, users, strict=True)]
    if len(names) < AUTHORS_BEFORE_FOLD + AUTHORS_FOLDED_LEAST:
        return f'<p class="paper-authors">{", ".join(names)}</p>'
    shown, folded = names[:AUTHORS_BEFORE_FOLD], names[AUTHORS_BEFORE_FOLD:]
    return (
        f'<div class="paper-authors">\n<p>{", ".join(shown)}</p>\n'
        f"<details>\n<summary>and {len(folded):,} more authors</summary>\n"
        f"<p>{', '.join(folded)}</p>\n</details>\n</div>"
    )


def _author(search: str, name: str, profile: str | None) -> str:
    """An author's name, linked to every paper of theirs in the archive (the `search` page,
    filtered to that exact author), and to their Hugging Face profile when HF knows it."""
    view = f"{search}?{urllib.parse.urlencode({'author': name})}"
    shown = _link(view, name)
    if profile:
        label = attribute(f"{name} on HF")
        # A no-break space: "HF" never starts a line away from the name.
        shown += (
            f'\u00a0<a class="paper-authors__hf" href="{attribute(urls.hf_user(profile))}" '
            f'aria-label="{label}">HF</a>'
        )
    return shown


def account_link(account) -> str:
    """A Hugging Face user or organization, by its full name, linked to its page."""
    return _link(urls.hf_user(account["name"]), account["fullname"])


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
    last = known[-1]
    return f" (votes as of {short_date(known[0], last)} to {last.day} {last:%B %Y})"

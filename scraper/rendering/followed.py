"""The pages of what a reader follows: a topic (deriving/topics.py) or an organization
(deriving/organizations.py). Each lists its papers newest first as compact cards (no image, no
keywords: these pages number in thousands at 50,000 papers) under a heading a month, each card
dated, PER_PAGE a page, with an Atom feed of the newest; an index lists them all with their
counts.
"""

from __future__ import annotations

import datetime as dt
import urllib.parse
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

from scraper.deriving.organizations import Organization
from scraper.deriving.topics import MAX_TOPICS, MIN_PAPERS, Topic, heading
from scraper.records.model import Paper
from scraper.rendering import formats
from scraper.rendering.listings import (
    Linker,
    anchor,
    code_filter,
    generated_front_matter,
    heading_tag,
    items,
    paper_rows,
    slug,
    title_heading,
)
from scraper.rendering.render import plural
from scraper.site import urls

Page = tuple[str, str]  # (docs path, text)
K = TypeVar("K")

PER_PAGE = 100  # papers a page lists; older ones on further pages
TOPIC_PAGES = 5  # past a topic's newest 500, its last page points to the search instead
FEED_ENTRIES = 20
# A topic's or an organization's feed summarises each abstract more briefly than the site's:
# there are thousands of them (at 50,000 papers, their feeds were half the organizations' bytes).
FEED_SUMMARY_CHARS = 400


@dataclass(frozen=True)
class Stream:
    """One followed thing as its pages show it."""

    name: str
    papers: Sequence[Paper]  # newest first
    page: Callable[[int], str]  # its page number n, as a docs path
    feed: str
    about: str  # HTML: what its papers have in common, after "N papers"
    subtitle: str  # its feed's
    index: str
    index_label: str
    description: str  # the pages' summary, for search engines and link previews
    max_pages: int | None = None
    rest_query: str = ""  # what the search is asked for past its last page
    cards_name_organization: bool = True  # not on an organization's own pages


def topic_stream(topic: Topic) -> Stream:
    return Stream(
        name=heading(topic),
        papers=topic.papers,
        page=lambda n: urls.topic(topic.slug, n),
        feed=urls.topic_feed(topic.slug),
        about="with this keyword on Hugging Face",
        subtitle=f"The latest papers on {topic.name}, from Hugging Face Daily Papers",
        description=f"Papers on {topic.name} from Hugging Face Daily Papers, newest first, "
        "with an Atom feed.",
        index=urls.TOPICS,
        index_label="All topics",
        max_pages=TOPIC_PAGES,
        rest_query=topic.name,
    )


def organization_stream(org: Organization) -> Stream:
    hf = anchor(urls.hf_user(org.account), "Hugging Face")
    return Stream(
        name=org.name,
        papers=org.papers,
        page=lambda n: urls.organization(org.slug, n),
        feed=urls.organization_feed(org.slug),
        about=f"credited to this organization on {hf}",
        subtitle=f"The latest papers of {org.name} on Hugging Face Daily Papers",
        description=f"Papers by {org.name} on Hugging Face Daily Papers, newest first, with an "
        "Atom feed.",
        cards_name_organization=False,
        index=urls.ORGANIZATIONS,
        index_label="All organizations",
    )


def _by_latest_day(
    papers: Iterable[Paper], key: Callable[[dt.date], K]
) -> list[tuple[K, list[Paper]]]:
    """The papers under the `key` of their latest day, in their order."""
    grouped: dict[K, list[Paper]] = {}
    for paper in papers:
        grouped.setdefault(key(max(paper.days)), []).append(paper)
    return list(grouped.items())


def by_day(papers: Iterable[Paper]) -> list[tuple[dt.date, list[Paper]]]:
    return _by_latest_day(papers, lambda day: day)


def by_month(papers: Iterable[Paper]) -> list[tuple[tuple[int, int], list[Paper]]]:
    return _by_latest_day(papers, lambda day: (day.year, day.month))


def pages_of(stream: Stream) -> int:
    count = max(1, -(-len(stream.papers) // PER_PAGE))
    return min(stream.max_pages, count) if stream.max_pages else count


def render_page(stream: Stream, number: int, link: Linker = urls.link) -> str:
    """Page `number` of a stream: PER_PAGE papers by month, newest first, and the way to the
    other pages (above and below them)."""
    count = pages_of(stream)
    page = stream.page(number)
    title = f"{stream.name} · page {number}" if number > 1 else stream.name
    shown = stream.papers[(number - 1) * PER_PAGE : number * PER_PAGE]
    listed = count * PER_PAGE
    # Said on the first page, not only after the last: a reader counting on 14,049 papers, with
    # the way to the others.
    capped = search = ""
    if len(stream.papers) > listed:
        query = urllib.parse.quote_plus(stream.rest_query)
        search = anchor(
            f"{link(page, urls.SEARCH)}?q={query}", f"search the archive for “{stream.rest_query}”"
        )
        capped = f"; these pages list the {listed:,} newest ({search} for the others)"
    parts = [
        title_heading(title),
        f"<p>{plural(len(stream.papers), 'paper')} {stream.about}, newest first{capped}. "
        f"{anchor(link(page, stream.feed), 'Atom feed')} · "
        f"{anchor(link(page, stream.index), stream.index_label)}</p>",
    ]
    pages = ""
    if count > 1:
        steps = [
            f"<strong>{n}</strong>" if n == number else anchor(link(page, stream.page(n)), str(n))
            for n in range(1, count + 1)
        ]
        pages = f"<p>Pages: {' · '.join(steps)}</p>"
        parts.append(pages)
    if shown:
        parts.append(code_filter(shown, on_this_page=count > 1))
    for (year, month), papers in by_month(shown):
        name = f"{dt.date(year, month, 1):%B %Y}"
        parts += [
            heading_tag(2, slug(name), anchor(link(page, urls.month(year, month)), name)),
            paper_rows(
                page,
                papers,
                link,
                compact=True,
                organization=stream.cards_name_organization,
                dated=True,
            ),
        ]
    if pages:
        parts.append(pages)
    if capped and number == count:
        parts.append(
            f"<p>These pages list the {listed:,} newest of its papers: {search} for the others.</p>"
        )
    front = generated_front_matter(
        title,
        description=stream.description,
        feed=urls.served(stream.feed),
        feed_title=stream.subtitle,
    )
    return front + "\n".join(parts) + "\n"


def stream_pages(stream: Stream, site_url: str, site_name: str, link: Linker) -> Iterator[Page]:
    """A stream's pages and its feed."""
    for number in range(1, pages_of(stream) + 1):
        yield stream.page(number), render_page(stream, number, link)
    yield (
        stream.feed,
        formats.atom_feed(
            by_day(stream.papers[:FEED_ENTRIES]),
            site_url,
            f"{site_name}: {stream.name}",
            path=stream.feed,
            page=urls.served(stream.page(1)),
            subtitle=stream.subtitle,
            summary_chars=FEED_SUMMARY_CHARS,
        ),
    )


def render_index(page: str, title: str, intro: str, streams: list[Stream], link: Linker) -> str:
    rows = []
    for stream in sorted(streams, key=lambda s: (s.name.casefold(), s.name)):
        # No break inside "· 2 papers", nor between it and the name.
        count = plural(len(stream.papers), "paper").replace(" ", "\u00a0")
        rows.append(f"{anchor(link(page, stream.page(1)), stream.name)}\u00a0·\u00a0{count}")
    body = items(rows) if rows else f"<p>No {title.lower()} yet.</p>"
    parts = [title_heading(title), f"<p>{intro}</p>", body]
    return generated_front_matter(title, description=intro) + "\n".join(parts) + "\n"


def topic_pages(
    found: list[Topic], site_url: str, site_name: str, link: Linker = urls.link
) -> Iterator[Page]:
    """Every topic's pages and feed, and the index of topics, one at a time."""
    streams = [topic_stream(topic) for topic in found]
    intro = (
        f"{plural(len(found), 'subject')} shared by at least {MIN_PAPERS} papers, from the "
        "keywords Hugging Face's model gives each paper. Each topic lists its papers newest "
        "first and has an Atom feed."
    )
    if len(found) == MAX_TOPICS:
        intro += f" The {MAX_TOPICS} with most papers are shown."
    return _with_index(urls.TOPICS, "Topics", intro, streams, site_url, site_name, link)


def organization_pages(
    found: list[Organization], site_url: str, site_name: str, link: Linker = urls.link
) -> Iterator[Page]:
    """Every organization's pages and feed, and the index of organizations, one at a time."""
    streams = [organization_stream(org) for org in found]
    intro = (
        f"{plural(len(found), 'organization')} that Hugging Face credits papers to. Each lists "
        "its papers newest first and has an Atom feed."
    )
    return _with_index(
        urls.ORGANIZATIONS, "Organizations", intro, streams, site_url, site_name, link
    )


def _with_index(
    index: str,
    title: str,
    intro: str,
    streams: list[Stream],
    site_url: str,
    site_name: str,
    link: Linker,
) -> Iterator[Page]:
    """The index of `streams`, and each one's pages and feed, as (docs path, text)."""
    yield index, render_index(index, title, intro, streams, link)
    for stream in streams:
        yield from stream_pages(stream, site_url, site_name, link)

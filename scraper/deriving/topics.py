"""Topics: the subjects a reader follows, from the keywords Hugging Face's model gives each
paper (`ai_keywords`), each with a page at /topics/<slug>/ and a feed.

Keywords are grouped by their slug (python-slugify: case, accents and punctuation folded, the
last word's plural dropped), so "Vision-Language Models" and "vision language model" are one
topic; "Group Relative Policy Optimization (GRPO)" also teaches that a bare "GRPO" means it.
Only subjects with at least MIN_PAPERS papers get a page, at most MAX_TOPICS of them (the most
papered), each listing its newest MAX_PAGES * PER_PAGE papers: their number and their bytes stay
bounded however large the archive grows.
"""

from __future__ import annotations

import datetime as dt
import re
import urllib.parse
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from slugify import slugify

from scraper.deriving.search import stem
from scraper.records.model import Paper
from scraper.rendering import formats
from scraper.rendering.listings import (
    Linker,
    anchor,
    generated_front_matter,
    heading_tag,
    items,
    paper_rows,
    slug,
    title_heading,
)
from scraper.rendering.render import long_date, plural
from scraper.site import urls

MIN_PAPERS = 3
MAX_TOPICS = 300
PER_PAGE = 100  # papers a topic page lists; older ones on further pages
MAX_PAGES = 5  # past the newest 500, a topic page points to the search instead
FEED_ENTRIES = 20
SLUG_CHARS = 60
RESERVED = frozenset({"index", "page", "feed"})  # paths of the topic pages themselves
_ABBREVIATED = re.compile(r"^(?P<full>.*\S)\s*\((?P<short>[^()]+)\)$")


@dataclass(frozen=True)
class Topic:
    slug: str
    name: str
    papers: tuple[Paper, ...]  # newest first


def topic_slug(keyword: str) -> str:
    """The slug a keyword files under; empty when nothing of it survives (e.g. "∇")."""
    words = keyword.strip().split()
    if words:
        words[-1] = stem(words[-1].lower())
    slug = slugify(
        " ".join(words),
        replacements=[["+", "plus"], ["#", "sharp"]],
        max_length=SLUG_CHARS,
        word_boundary=True,
    )
    return f"{slug}-topic" if slug in RESERVED else slug


def _abbreviates(short: str, full: str) -> bool:
    """Whether `short` reads as an abbreviation of `full` ("GRPO", "LLMs", "MoE"), not as a
    qualifier ("Adam (optimizer)")."""
    return " " not in short and len(short) < len(full) / 2 and sum(map(str.isupper, short)) >= 2


def _forms(keyword: str) -> tuple[str, str | None]:
    """A keyword's full form and its abbreviation, either way round: 'Mixture-of-Experts (MoE)'
    and 'MoE (Mixture-of-Experts)' -> ('Mixture-of-Experts', 'MoE'); 'Adam (optimizer)' stays
    whole."""
    text = keyword.strip()
    match = _ABBREVIATED.match(text)
    if match:
        first, inside = match["full"], match["short"].strip()
        if _abbreviates(inside, first):
            return first, inside
        if _abbreviates(first, inside):
            return inside, first
    return text, None


def topics(papers: Iterable[Paper]) -> list[Topic]:
    """The archive's topics, most papers first (ties by slug)."""
    papers = list(papers)
    stands_for: dict[str, Counter] = defaultdict(Counter)  # abbreviation slug -> full slugs
    for paper in papers:
        for keyword in paper.ai_keywords or ():
            full, short = _forms(keyword)
            if short and topic_slug(short) and topic_slug(full) != topic_slug(short):
                stands_for[topic_slug(short)][topic_slug(full)] += 1
    # A full form is never filed under another: only a bare abbreviation is.
    expanded = {full for fulls in stands_for.values() for full in fulls}
    spelled: dict[str, Counter] = defaultdict(Counter)
    members: dict[str, dict[str, Paper]] = defaultdict(dict)
    for paper in papers:
        for keyword in paper.ai_keywords or ():
            full, _ = _forms(keyword)
            slug = topic_slug(full)
            if slug in stands_for and slug not in expanded:
                # A bare abbreviation ("GRPO"): filed, and named, under the full form it most
                # often stands for.
                slug = max(stands_for[slug].items(), key=lambda kv: (kv[1], kv[0]))[0]
            elif slug:
                spelled[slug][full] += 1
            if slug:
                members[slug][paper.id] = paper
    kept = [slug for slug, found in members.items() if len(found) >= MIN_PAPERS]
    kept.sort(key=lambda slug: (-len(members[slug]), slug))
    out = []
    for slug in kept[:MAX_TOPICS]:
        names = spelled[slug]
        name = min(names, key=lambda n: (-names[n], n.lower() != n, n)) if names else slug
        # Newest day first; within a day, as the day lists them: most upvoted first.
        newest = sorted(
            members[slug].values(), key=lambda p: (-max(p.days).toordinal(), -p.upvotes, p.id)
        )
        out.append(Topic(slug, name, tuple(newest)))
    return out


def topics_by_paper(found: Iterable[Topic]) -> dict[str, list[Topic]]:
    """paper id -> its topics, the largest first."""
    by_paper: dict[str, list[Topic]] = defaultdict(list)
    for topic in found:
        for paper in topic.papers:
            by_paper[paper.id].append(topic)
    return by_paper


# --- Pages -----------------------------------------------------------------------------------


def heading(topic: Topic) -> str:
    """The name with a capital, unless its case is its own ("xLSTM", "vLLM")."""
    name = topic.name
    if name[:1].islower() and not name[1:2].isupper():
        return name[:1].upper() + name[1:]
    return name


def _by_day(papers: Iterable[Paper]) -> list[tuple[dt.date, list[Paper]]]:
    grouped: dict[dt.date, list[Paper]] = {}
    for paper in papers:
        grouped.setdefault(max(paper.days), []).append(paper)
    return list(grouped.items())


def render_topic(topic: Topic, number: int, link: Linker = urls.link) -> str:
    """Page `number` of a topic: PER_PAGE papers by day, newest first, and the way to the rest."""
    count = pages_of(topic)
    page = urls.topic(topic.slug, number)
    name = heading(topic)
    title = f"{name} · page {number}" if number > 1 else name
    shown = topic.papers[(number - 1) * PER_PAGE : number * PER_PAGE]
    parts = [
        title_heading(title),
        f"<p>{plural(len(topic.papers), 'paper')} with this keyword on Hugging Face, newest "
        f"first. {anchor(link(page, urls.topic_feed(topic.slug)), 'Atom feed')} · "
        f"{anchor(link(page, urls.TOPICS), 'All topics')}</p>",
    ]
    for date, papers in _by_day(shown):
        day = anchor(link(page, urls.day(date)), long_date(date))
        parts += [
            heading_tag(2, slug(long_date(date)), day),
            paper_rows(page, papers, link, compact=True),
        ]
    if count > 1:
        steps = [
            f"<strong>{n}</strong>"
            if n == number
            else anchor(link(page, urls.topic(topic.slug, n)), str(n))
            for n in range(1, count + 1)
        ]
        parts.append(f"<p>Pages: {' · '.join(steps)}</p>")
    listed = count * PER_PAGE
    if number == count and len(topic.papers) > listed:
        query = urllib.parse.quote_plus(topic.name)
        search = anchor(
            f"{link(page, urls.SEARCH)}?q={query}", f"search the archive for “{topic.name}”"
        )
        parts.append(
            f"<p>These pages list the {listed:,} newest of its papers: {search} for the others.</p>"
        )
    return generated_front_matter(f"{title}: papers by topic") + "\n".join(parts) + "\n"


def pages_of(topic: Topic) -> int:
    return min(MAX_PAGES, -(-len(topic.papers) // PER_PAGE))


def render_index(found: list[Topic], link: Linker = urls.link) -> str:
    page = urls.TOPICS
    rows = [
        f"{anchor(link(page, urls.topic(t.slug)), heading(t))} · {plural(len(t.papers), 'paper')}"
        for t in sorted(found, key=lambda t: t.slug)
    ]
    intro = (
        f"{plural(len(found), 'subject')} shared by at least {MIN_PAPERS} papers, from the "
        "keywords Hugging Face's model gives each paper. Each topic lists its papers newest "
        "first and has an Atom feed."
    )
    if len(found) == MAX_TOPICS:
        intro += f" The {MAX_TOPICS} with most papers are shown."
    body = items(rows) if rows else "<p>No topic has enough papers yet.</p>"
    parts = [title_heading("Topics"), f"<p>{intro}</p>", body]
    return generated_front_matter("Topics") + "\n".join(parts) + "\n"


def topic_pages(
    found: list[Topic], site_url: str, site_name: str, link: Linker = urls.link
) -> dict[str, str]:
    """Every topic page, its further pages and its feed, and the index of topics."""
    pages = {urls.TOPICS: render_index(found, link)}
    for topic in found:
        for number in range(1, pages_of(topic) + 1):
            pages[urls.topic(topic.slug, number)] = render_topic(topic, number, link)
        pages[urls.topic_feed(topic.slug)] = formats.atom_feed(
            _by_day(topic.papers[:FEED_ENTRIES]),
            site_url,
            f"{site_name}: {heading(topic)}",
            path=urls.topic_feed(topic.slug),
            page=urls.served(urls.topic(topic.slug)),
            subtitle=f"The latest papers on {topic.name}, from Hugging Face Daily Papers",
        )
    return pages

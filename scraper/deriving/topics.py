"""Topics: the subjects a reader follows, from the keywords Hugging Face's model gives each
paper (`ai_keywords`), each with a page at /topics/<slug>/ and a feed.

Keywords are grouped by their slug (python-slugify: case, accents and punctuation folded, the
last word's plural dropped), so "Vision-Language Models" and "vision language model" are one
topic; "Group Relative Policy Optimization (GRPO)" also teaches that a bare "GRPO" means it.
Only subjects with at least MIN_PAPERS papers get a page, at most MAX_TOPICS of them (the most
papered), each listing its newest papers up to a bound (rendering/followed.py): their number and
their bytes stay bounded however large the archive grows.
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from slugify import slugify

from scraper.deriving.search import stem
from scraper.records.model import Paper, newest_first

MIN_PAPERS = 3
MAX_TOPICS = 300
SLUG_CHARS = 60
RESERVED = frozenset({"index", "page", "feed"})  # paths of the topic pages themselves
_ABBREVIATED = re.compile(r"^(?P<full>.*\S)\s*\((?P<short>[^()]+)\)$")


@dataclass(frozen=True)
class Topic:
    slug: str
    name: str
    papers: tuple[Paper, ...]  # newest first


@functools.cache
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
        out.append(Topic(slug, name, newest_first(members[slug].values())))
    return out


def topics_by_paper(found: Iterable[Topic]) -> dict[str, list[Topic]]:
    """paper id -> its topics, the largest first."""
    by_paper: dict[str, list[Topic]] = defaultdict(list)
    for topic in found:
        for paper in topic.papers:
            by_paper[paper.id].append(topic)
    return by_paper


def heading(topic: Topic) -> str:
    """The name with a capital, unless its case is its own ("xLSTM", "vLLM")."""
    name = topic.name
    if name[:1].islower() and not name[1:2].isupper():
        return name[:1].upper() + name[1:]
    return name

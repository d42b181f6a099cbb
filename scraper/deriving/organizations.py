"""Organizations: the labs and companies Hugging Face credits papers to (`organization`), each
with a page at /organizations/<slug>/ and a feed.

An organization is its Hugging Face account: its slug is the account's name slugified
(python-slugify), so names that differ only in case or in their separators ("Qwen", "qwen",
"Shanghai_AI_Lab", "shanghai-ai-lab") are one organization, and its address stays as long as
the account does. Its name is the full name most of its papers give it. Every organization
gets a page: one with a single paper is still one a reader may follow.
"""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from slugify import slugify

from scraper.records.model import Paper, newest_first

RESERVED = frozenset({"index", "page", "feed"})  # paths of the organization pages themselves


@dataclass(frozen=True)
class Organization:
    slug: str
    name: str  # the full name, as most of its papers give it
    account: str  # its Hugging Face account: huggingface.co/<account>
    papers: tuple[Paper, ...]  # newest first

    @property
    def upvotes(self) -> int:
        return sum(paper.upvotes for paper in self.papers)


@functools.cache
def organization_slug(account: str) -> str:
    """Where an account's organization page lives: 'Shanghai_AI_Lab' -> 'shanghai-ai-lab'."""
    slug = slugify(account) or "organization"
    return f"{slug}-org" if slug in RESERVED else slug


def slug_of(paper: Paper) -> str | None:
    return organization_slug(paper.organization["name"]) if paper.organization else None


def organizations(papers: Iterable[Paper]) -> list[Organization]:
    """The archive's organizations, most papers first (ties by slug)."""
    members: dict[str, list[Paper]] = defaultdict(list)
    names: dict[str, Counter] = defaultdict(Counter)
    accounts: dict[str, Counter] = defaultdict(Counter)
    for paper in papers:
        slug = slug_of(paper)
        if slug is None:
            continue
        members[slug].append(paper)
        names[slug][paper.organization["fullname"]] += 1
        accounts[slug][paper.organization["name"]] += 1
    found = [
        Organization(
            slug,
            _most_common(names[slug]),
            _most_common(accounts[slug]),
            newest_first(members[slug]),
        )
        for slug in members
    ]
    found.sort(key=lambda org: (-len(org.papers), org.slug))
    return found


def _most_common(counts: Mapping[str, int]) -> str:
    return min(counts, key=lambda name: (-counts[name], name))

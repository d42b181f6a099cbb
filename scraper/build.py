"""What a site build derives from the whole archive, once a build: the papers and the day
ledger as read, each paper's related papers, and the topics. The hooks share it: the listings
hook derives it when MkDocs collects the files, the paper-pages hook reads it for each page.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path

from scraper import store
from scraper.model import Day, Paper
from scraper.related import related
from scraper.topics import Topic, topics, topics_by_paper
from scraper.vectors import text_of, vectors


@dataclass(frozen=True)
class Derived:
    papers: dict[str, Paper]
    days: list[Day]
    related: dict[str, list[str]]  # id -> ids, nearest by meaning first
    topics: list[Topic]
    topics_of: dict[str, list[Topic]]
    embedded: int  # papers embedded by this build: 0 with a warm cache

    @functools.cached_property
    def votes_read(self) -> dict[dt.date, dt.date]:
        """Day -> when its votes were last read from HF."""
        return {day.date: day.votes_as_of for day in self.days if day.votes_as_of}


_latest: dict[Path, Derived] = {}


def derive(docs_dir: Path) -> Derived:
    """Read the archive and derive everything from it (raises InvalidRecord on a bad file)."""
    papers, days = store.load_archive(docs_dir)
    found = vectors(papers.values(), docs_dir)
    subjects = topics(papers.values())
    texts = [text_of(papers[paper_id]) for paper_id in found.ids]
    derived = Derived(
        papers, days, related(found, texts), subjects, topics_by_paper(subjects), found.embedded
    )
    _latest[docs_dir.resolve()] = derived
    return derived


def latest(docs_dir: Path) -> Derived:
    """What this build derived, or derived now when nothing has yet."""
    return _latest.get(docs_dir.resolve()) or derive(docs_dir)

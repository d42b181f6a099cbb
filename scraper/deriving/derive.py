"""What a site build derives from the whole archive, once: the papers and the day ledger as
read, their vectors, each paper's related papers, the topics and the organizations. `prepare`
passes it to everything that writes a page, a feed or the search index."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path

from scraper.deriving.organizations import Organization, organizations
from scraper.deriving.related import FLOOR, related
from scraper.deriving.topics import Topic, topics, topics_by_paper
from scraper.deriving.vectors import Vectors, sentence_vectors, text_of, vectors
from scraper.records import store
from scraper.records.model import Day, Paper


@dataclass(frozen=True)
class Derived:
    papers: dict[str, Paper]
    days: list[Day]
    related: dict[str, list[str]]  # id -> ids, nearest by meaning first
    topics: list[Topic]
    topics_of: dict[str, list[Topic]]
    organizations: list[Organization]
    # Papers embedded by this build (by either model): 0 with a warm cache. The vectors
    # themselves are not kept: nothing after deriving needs them, and a process that forks to
    # write pages would carry them (130 MB at 50,000 papers).
    embedded: int

    @functools.cached_property
    def votes_read(self) -> dict[dt.date, dt.date]:
        """Day -> when its votes were last read from HF."""
        return {day.date: day.votes_as_of for day in self.days if day.votes_as_of}


def read(docs_dir: Path) -> tuple[dict[str, Paper], list[Day], Vectors, Vectors]:
    """The archive and its vectors (raises InvalidRecord on a bad file). A paper the embeddings
    cache lacks (a contributor's corrected title) is embedded, not written back: the cache is
    tracked, and a build changes no tracked file. The next scrape stores it."""
    papers, days = store.load_archive(docs_dir)
    found = vectors(papers.values(), docs_dir, write=False)
    return papers, days, found, sentence_vectors(papers.values(), docs_dir, write=False)


def derive(papers: dict[str, Paper], days: list[Day], sentences: Vectors, embedded: int) -> Derived:
    """Everything the pages need that takes the whole archive to work out: `sentences` are the
    sentence model's vectors (related papers'); `embedded`, how many papers the search box's
    model embedded for this build."""
    subjects = topics(papers.values())
    texts = (text_of(papers[paper_id]) for paper_id in sentences.ids)  # read once, in turn
    near = related(sentences, texts, floor=FLOOR)
    return Derived(
        papers,
        days,
        near,
        subjects,
        topics_by_paper(subjects),
        organizations(papers.values()),
        embedded + sentences.embedded,
    )


def load(docs_dir: Path) -> Derived:
    """Read the archive and derive everything from it."""
    papers, days, found, sentences = read(docs_dir)
    return derive(papers, days, sentences, found.embedded)

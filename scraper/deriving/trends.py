"""How the listing moves: papers a month, the topics rising and falling, the organizations with
the most papers and votes. Worked out from the records and the topics, as the listings are, so
a correction shows in the next build."""

from __future__ import annotations

import calendar
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from scraper.deriving.organizations import Organization
from scraper.deriving.topics import Topic
from scraper.records.model import Day, Paper

Month = tuple[int, int]

RECENT = 3  # months whose share of a topic is compared with the RECENT before them
SPARK_MONTHS = 12  # months a topic's line shows
MIN_RECENT_PAPERS = 5  # a topic with fewer in the last 2 * RECENT months is noise, not a trend
SHOWN = 8  # topics rising, topics falling, organizations


@dataclass(frozen=True)
class Movement:
    topic: Topic
    shares: tuple[float, ...]  # its share of each month's papers, the last SPARK_MONTHS held
    before: float  # its share of the RECENT months before the last RECENT
    after: float  # its share of the last RECENT months

    @property
    def change(self) -> float:
        return self.after - self.before


@dataclass(frozen=True)
class Trends:
    # Every month from the first to the last, with its papers: None for one not fetched.
    months: list[tuple[Month, int | None]]
    rising: list[Movement]
    falling: list[Movement]
    by_papers: list[Organization]
    by_votes: list[Organization]
    # Months the archive holds only some days of: (days held, days in the month). Their count
    # is not the month's, and a chart must not show it as one (the month under way, above all).
    partial: dict[Month, tuple[int, int]] = field(default_factory=dict)


def month_of(paper: Paper) -> Month:
    first = min(paper.days)
    return first.year, first.month


def _span(first: Month, last: Month) -> list[Month]:
    months, (year, month) = [], first
    while (year, month) <= last:
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def trends(
    papers: Iterable[Paper],
    days: Iterable[Day],
    topics: Sequence[Topic],
    organizations: Sequence[Organization],
) -> Trends:
    counts = Counter(month_of(paper) for paper in papers)
    held_days = Counter((day.date.year, day.date.month) for day in days if day.fetched)
    fetched = set(held_days) | set(counts)
    months = _span(min(counts), max(counts)) if counts else []
    movements = []
    # Months the archive holds papers of: one it never fetched says nothing of a topic's share.
    held = [m for m in months if counts[m]]
    recent = held[-2 * RECENT :]
    if len(recent) == 2 * RECENT:
        before, after = recent[:RECENT], recent[RECENT:]
        shown = held[-SPARK_MONTHS:]
        for topic in topics:
            in_month = Counter(month_of(paper) for paper in topic.papers)
            if sum(in_month[m] for m in recent) < MIN_RECENT_PAPERS:
                continue
            movements.append(
                Movement(
                    topic,
                    tuple(in_month[m] / counts[m] if counts[m] else 0.0 for m in shown),
                    _share(in_month, counts, before),
                    _share(in_month, counts, after),
                )
            )
    movements.sort(key=lambda m: (-m.change, m.topic.slug))
    rising = [m for m in movements if m.change > 0][:SHOWN]
    falling = [m for m in reversed(movements) if m.change < 0][:SHOWN]
    return Trends(
        months=[(m, counts[m] if m in fetched else None) for m in months],
        rising=rising,
        falling=falling,
        by_papers=sorted(organizations, key=lambda o: (-len(o.papers), o.slug))[:SHOWN],
        by_votes=sorted(organizations, key=lambda o: (-o.upvotes, o.slug))[:SHOWN],
        partial={
            m: (held_days[m], length)
            for m in months
            if m in fetched and held_days[m] < (length := calendar.monthrange(*m)[1])
        },
    )


def _share(in_month: Counter, counts: Counter, months: Sequence[Month]) -> float:
    total = sum(counts[m] for m in months)
    return sum(in_month[m] for m in months) / total if total else 0.0

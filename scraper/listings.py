"""Derives every listing page (day, month, home, archive) from the paper records.

Listings are never edited by hand: the scraper writes them after a fetch, and the MkDocs hook
derives them again at build time, so a correction to one paper file shows everywhere.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Iterable

from scraper import formats, render, urls
from scraper.model import MISSING, Coverage, Day, Paper

RECENT_DAYS = 7


def by_votes(papers: Iterable[Paper]) -> list[Paper]:
    return sorted(papers, key=lambda p: (-p.upvotes, p.id))


def papers_by_day(papers: Iterable[Paper]) -> defaultdict[dt.date, list[Paper]]:
    on_day: defaultdict[dt.date, list[Paper]] = defaultdict(list)
    for paper in papers:
        for date in paper.days:
            on_day[date].append(paper)
    return on_day


def listing_pages(papers: Iterable[Paper], days: Iterable[Day]) -> dict[str, str]:
    """Every listing page as {docs-relative path: Markdown}."""
    on_day = papers_by_day(papers)
    # A day the scraper fetched keeps its record even when empty; a day known only from a
    # paper file (added by hand) gets one from its papers.
    records = {day.date: day for day in days}
    for date, listed in on_day.items():
        records.setdefault(date, Day(date, len(listed)))
    ordered = sorted(records)
    ledger = coverage(records, on_day)
    by_date = {row.date: row for row in ledger}

    pages = {}
    for i, date in enumerate(ordered):
        previous = ordered[i - 1] if i > 0 else None
        following = ordered[i + 1] if i + 1 < len(ordered) else None
        ranked = by_votes(on_day[date])
        pages[urls.day(date)] = render.render_day(records[date], ranked, previous, following)
        if ranked:
            pages[urls.day_bibtex(date)] = "\n".join(formats.bibtex(p) for p in ranked)
            pages[urls.day_json(date)] = formats.day_json(records[date], ranked)

    months = []
    by_week = _periods(ordered, lambda d: tuple(d.isocalendar()[:2]))
    weeks = {week for week, _ in by_week}
    by_month = _periods(ordered, lambda d: (d.year, d.month))
    for i, (month, dates) in enumerate(by_month):
        in_month = {p.id: p for d in dates for p in on_day[d]}
        top = by_votes(in_month.values())[: render.TOP]
        rows = [by_date[d] for d in dates]
        neighbours = _neighbours(by_month, i)
        pages[urls.month(*month)] = render.render_month(
            month, rows, top, len(in_month), neighbours, weeks
        )
        months.append((*month, len(dates), len(in_month)))

    for i, (week, dates) in enumerate(by_week):
        in_week = {p.id: p for d in dates for p in on_day[d]}
        top = by_votes(in_week.values())[: render.TOP]
        rows = [by_date[d] for d in dates]
        neighbours = _neighbours(by_week, i)
        pages[urls.week(*week)] = render.render_week(week, rows, top, len(in_week), neighbours)

    with_papers = [d for d in ordered if on_day[d]]
    latest = records[with_papers[-1]] if with_papers else None
    recent = [by_date[d] for d in reversed(ordered[-RECENT_DAYS:])]
    pages[urls.HOME] = render.render_home(
        latest, by_votes(on_day[latest.date]) if latest else [], recent
    )
    pages[urls.ARCHIVE] = render.render_archive(list(reversed(months)))
    pages[urls.COVERAGE] = render.render_coverage(ledger)
    pages[urls.COVERAGE_JSON] = render.render_coverage_json(ledger)
    return pages


def last_changed(papers: Iterable[Paper], days: Iterable[Day]) -> dict[str, str]:
    """When each derived page and paper page last changed, as far as the ledger knows: the
    last fetch that changed one of its days (YYYY-MM-DD, for the sitemap's `lastmod`)."""
    fetched = {day.date: day.fetched[:10] for day in days if day.fetched}
    if not fetched:
        return {}
    changed: dict[str, str] = {}

    def note(page: str, stamp: str) -> None:
        if stamp > changed.get(page, ""):
            changed[page] = stamp

    for date, stamp in fetched.items():
        note(urls.day(date), stamp)
        note(urls.week_of(date), stamp)
        note(urls.month(date.year, date.month), stamp)
    for paper in papers:
        for date in paper.days:
            if date in fetched:
                note(urls.paper(paper.id), fetched[date])
    latest = max(fetched.values())
    for page in (urls.HOME, urls.ARCHIVE, urls.COVERAGE):
        changed[page] = latest
    return changed


def _periods(dates: list[dt.date], key) -> list[tuple[tuple[int, int], list[dt.date]]]:
    return [(period, list(group)) for period, group in itertools.groupby(dates, key=key)]


def _neighbours(periods: list, i: int) -> tuple:
    """The periods before and after the i-th that the archive holds (None at either end)."""
    return (
        periods[i - 1][0] if i > 0 else None,
        periods[i + 1][0] if i + 1 < len(periods) else None,
    )


def latest_days(papers: Iterable[Paper], count: int) -> list[tuple[dt.date, list[Paper]]]:
    """The `count` latest days that had papers, newest first, each with its papers by votes."""
    on_day = papers_by_day(papers)
    return [(date, by_votes(on_day[date])) for date in sorted(on_day, reverse=True)[:count]]


def coverage(records: dict[dt.date, Day], on_day: dict[dt.date, list[Paper]]) -> list[Coverage]:
    """One row per day from the first day to the last, the days never fetched included."""
    if not records:
        return []
    first, last = min(records), max(records)
    rows = []
    for n in range((last - first).days + 1):
        date = first + dt.timedelta(days=n)
        day = records.get(date)
        rows.append(Coverage.of(day, len(on_day[date])) if day else Coverage(date, MISSING))
    return rows

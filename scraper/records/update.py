"""Updating the archive: applying fetched days to the paper files and the day ledger, then
rewriting the listings."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from scraper.deriving.vectors import sentence_vectors, vectors
from scraper.errors import FetchError, InvalidRecord
from scraper.fetching.client import PapersClient
from scraper.records import store
from scraper.records.model import Day, Paper, citing_from_api, merge
from scraper.rendering.formats import ledger_json
from scraper.rendering.listings import listing_pages
from scraper.rendering.render import render_paper
from scraper.site import urls

WORKERS = 4  # concurrent day fetches; the client's spacing keeps them within HF's budget
# Votes keep moving for a week or two after a paper is listed: each day is read again this many
# days after it, so week and month tops rank by settled votes.
SETTLE_AFTER = (7, 30)


@dataclasses.dataclass
class DayReport:
    day: dt.date
    listed: int = 0
    # How many paper files each write left 'new', 'updated' or 'unchanged' (store.write_text).
    written: Counter[str] = dataclasses.field(default_factory=Counter)
    skipped: list[str] = dataclasses.field(default_factory=list)
    error: str | None = None
    # Papers whose citing counts were read, and why others could not be (kept as they were).
    citing_read: int = 0
    citing_failed: list[str] = dataclasses.field(default_factory=list)

    @property
    def new(self) -> int:
        return self.written["new"]

    @property
    def updated(self) -> int:
        return self.written["updated"]

    @property
    def unchanged(self) -> int:
        return self.written["unchanged"]


# After this many days HF's answer for a day has filled in: a value it leaves out is withdrawn.
SETTLED_AFTER = dt.timedelta(days=2)


# What cites a paper is read a request a paper: when it is new to the archive, and again once
# its day is 7 and 30 days old (SETTLE_AFTER), when models and datasets have had time to appear,
# each time once (`citing.as_of` says when it was last read). Only for days up to CITING_WITHIN
# old (the 30-day read, made up within two weeks if runs were missed), so that a backfill does
# not read them (a request a paper is fifty times the requests of its days), unless asked:
# `fetch --citing` reads every paper of the days it fetches.
CITING_WITHIN = dt.timedelta(days=SETTLE_AFTER[-1] + 14)


def citing_due(paper: Paper | None, day: dt.date, today: dt.date) -> bool:
    """Whether a scheduled read of `day` reads what cites `paper` (None: new to the archive)."""
    if today - day > CITING_WITHIN:
        return False
    if paper is None or not paper.citing:
        return True
    reads = [day + dt.timedelta(days=age) for age in (0, *SETTLE_AFTER)]
    return paper.citing["as_of"] < max(read for read in reads if read <= today)


def read_day(day: dt.date, items: list[Any]) -> tuple[DayReport, dict[str, Paper]]:
    """A fetched day's papers, by id, and its report so far (the items it had to skip)."""
    report = DayReport(day, listed=len(items))
    fresh: dict[str, Paper] = {}
    for index, item in enumerate(items):
        try:
            paper = Paper.from_api(item, day, where=f"day {day}, item {index + 1}")
        except InvalidRecord as exc:
            report.skipped.append(str(exc))
            continue
        # The same paper twice in one response: keep the first, as HF lists by upvotes.
        fresh.setdefault(paper.id, paper)
    return report, fresh


def apply_day(
    docs_dir: Path,
    papers: dict[str, Paper],
    report: DayReport,
    fresh: dict[str, Paper],
    today: dt.date | None = None,
    citing: dict[str, dict[str, int]] | None = None,
) -> DayReport:
    """Write the paper files of a day `read_day` read (`report`, `fresh`), merging into what
    the archive holds, with the citing counts read for its papers (`citing`, by id)."""
    settled = today is not None and today - report.day > SETTLED_AFTER
    for paper_id, paper in fresh.items():
        if paper_id in papers:
            paper = merge(papers[paper_id], paper, settled)
        if citing and paper_id in citing:
            paper = dataclasses.replace(paper, citing=citing[paper_id])
        report.written[store.write_text(docs_dir / urls.paper(paper_id), render_paper(paper))] += 1
        papers[paper_id] = paper
    return report


def write_listings(docs_dir: Path, papers: Iterable[Paper], days: Iterable[Day]) -> int:
    """Rewrite the day ledger, then every listing page from the records, and bring the
    embeddings cache up to date (new and corrected papers); returns how many listing files
    changed."""
    days = list(days)
    papers = list(papers)
    vectors(papers, docs_dir)
    sentence_vectors(papers, docs_dir)
    store.write_text(docs_dir / urls.LEDGER, ledger_json(days))
    statuses = [
        store.write_text(docs_dir / path, text)
        for path, text in listing_pages(papers, days).items()
    ]
    return sum(status != "unchanged" for status in statuses)


def scrape(
    client: PapersClient,
    docs_dir: Path,
    dates: list[dt.date],
    on_day: Callable[[DayReport], None] = lambda report: None,
    now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
    citing: bool = False,
) -> list[DayReport]:
    """Fetch `dates` and fold them into the archive; a failed day leaves its files untouched.
    What cites each paper is read too when it is due (`citing_due`; every paper, with
    `citing`)."""
    with store.locked(docs_dir):
        papers, known_days = store.load_archive(docs_dir)
        days = {day.date: day for day in known_days}
        reports = []
        today = now().date()
        reading = True  # what cites the papers, until a read fails
        with ThreadPoolExecutor(max_workers=WORKERS) as pool:
            fetches = [(date, pool.submit(client.fetch_day, date)) for date in dates]
            for date, future in fetches:
                try:
                    items = future.result()
                except FetchError as exc:
                    report = DayReport(date, error=str(exc))
                else:
                    report, fresh = read_day(date, items)
                    ids = [i for i in fresh if citing or citing_due(papers.get(i), date, today)]
                    counts, failed = {}, []
                    if ids and reading:
                        counts, failed = _read_citing(client, pool, ids, today)
                    elif ids:
                        failed = [f"{len(ids)} papers not read after an earlier failure"]
                    # A failed read means HF is limiting or down: the run's other reads wait
                    # for the next run, and the days' own requests go on.
                    reading = reading and not failed
                    report.citing_read, report.citing_failed = len(counts), failed
                    apply_day(docs_dir, papers, report, fresh, today, counts)
                days[date] = _day_record(days.get(date), report, now())
                reports.append(report)
                on_day(report)
        # When no day could be fetched (offline, or the API is down) nothing was learned about
        # any day: record no failures, touch no file.
        if any(report.error is None for report in reports):
            write_listings(docs_dir, papers.values(), days.values())
    return reports


def _read_citing(
    client: PapersClient, pool: ThreadPoolExecutor, ids: list[str], today: dt.date
) -> tuple[dict[str, dict], list[str]]:
    """Each paper's citing counts (those HF gives: none for a paper it does not know), and
    what failed: at the first failure the papers not yet read are left, keeping their own."""
    counts, failed = {}, []
    futures = [(paper_id, pool.submit(client.fetch_paper, paper_id)) for paper_id in ids]
    for n, (paper_id, future) in enumerate(futures):
        if failed:
            future.cancel()
            continue
        try:
            found = citing_from_api(future.result(), today)
        except FetchError as exc:
            left = len(futures) - n - 1
            failed.append(str(exc) + (f"; {left} more papers not read" if left else ""))
            continue
        if found is not None:
            counts[paper_id] = found
    return counts, failed


def settling_days(days: Iterable[Day], today: dt.date) -> list[dt.date]:
    """Days due for another read of their votes: past 7 or 30 days old, and not read since.
    A run that was missed is made up by the next one. Days with no papers (weekends) have no
    votes to settle."""
    due = set()
    for day in days:
        if not day.listed or day.votes_as_of is None:
            continue
        for age in SETTLE_AFTER:
            settled = day.date + dt.timedelta(days=age)
            if settled <= today and day.votes_as_of < settled:
                due.add(day.date)
    return sorted(due)


def _day_record(previous: Day | None, report: DayReport, now: dt.datetime) -> Day:
    if report.error:
        # A day already fetched keeps what it had; only a day never fetched records the failure.
        return (
            previous
            if previous and previous.listed is not None
            else Day(report.day, error=report.error)
        )
    # A day HF answers with fewer items than before is a partial answer more often than a
    # removal: the papers stay (they are never deleted), and so does the higher count.
    listed = max(report.listed, previous.listed or 0) if previous else report.listed
    changed = report.new or report.updated or not previous or previous.listed != listed
    fetched = now.strftime("%Y-%m-%dT%H:%M:%SZ") if changed else previous.fetched
    # Votes are "as of" this read only when it read every paper the day holds: after a partial
    # answer or a skipped item, some still have older votes, and the day stays due to settle,
    # until the last settling read (a day HF never answers whole again is not read forever).
    whole = not report.skipped and (not previous or report.listed >= (previous.listed or 0))
    last = (now.date() - report.day).days >= SETTLE_AFTER[-1]
    if whole or last or not previous or not previous.votes_as_of:
        votes = now.date()
    else:
        votes = previous.votes_as_of
    return Day(report.day, listed, fetched, votes_as_of=votes)

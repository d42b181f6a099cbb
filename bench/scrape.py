"""Scheduled-scrape benchmark: three days fetched into an archive of N papers from a local
replay of the API (no network), as scripts/scrape runs it (fetch, then check), printed as a
table: wall time, paper files read and paper files parsed, with the record cache
(docs/.records.jsonl) cold and then warm (the next scheduled run, which reads the same days
again).

    python bench/scrape.py 50000 [--out bench/out]

The three days' items are the recorded day in tests/data (the API's real shape) under new ids.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import shutil
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from bench import LAST_DAY, generate, print_table  # noqa: E402
from scraper import cli  # noqa: E402
from scraper.fetching.client import PapersClient  # noqa: E402
from scraper.fetching.replay import ReplayServer  # noqa: E402
from scraper.records import store, update  # noqa: E402

RECORDED = REPO / "tests" / "data" / "daily_papers_2026-03-10.json"


def days_to_fetch() -> dict[str, list]:
    """The three weekdays after the archive's last, each with the recorded day's items."""
    items = json.loads(RECORDED.read_text(encoding="utf-8"))
    days, date, serial = {}, LAST_DAY, 90_000
    while len(days) < 3:
        date += dt.timedelta(days=1)
        if date.weekday() >= 5:
            continue
        day_items = copy.deepcopy(items)
        for item in day_items:
            serial += 1
            item["paper"]["id"] = f"{date:%y%m}.{serial:05d}"
        days[date.isoformat()] = day_items
    return days


class Counting:
    """Counts the paper files the record cache reads and the ones it does not hold as they are
    now, which are parsed (by `read_all`, in this process or its workers, or by `check`)."""

    def __init__(self) -> None:
        self.read = self.parsed = 0
        self._from_cache, self._passed = store.RecordCache._from_cache, store.RecordCache.passed

    def __enter__(self) -> Counting:
        counter = self

        def from_cache(cache, path):
            counter.read += 1
            paper = counter._from_cache(cache, path)
            counter.parsed += paper is None
            return paper

        def passed(cache, path):
            counter.read += 1
            held = counter._passed(cache, path)
            counter.parsed += not held and path.suffix == ".md"  # not the day ledger
            return held

        store.RecordCache._from_cache, store.RecordCache.passed = from_cache, passed
        return self

    def __exit__(self, *exc_info) -> None:
        store.RecordCache._from_cache, store.RecordCache.passed = self._from_cache, self._passed


def scheduled_run(docs: Path, api: str, dates: list[dt.date]) -> dict:
    """What scripts/scrape does: fetch the days, then check every paper file."""
    start = time.perf_counter()
    with Counting() as counted:
        with PapersClient(api, min_interval=0) as client:
            reports = update.scrape(client, docs, dates)
        fetched = time.perf_counter() - start
        status = cli.main(["check", "--docs-dir", str(docs)])
    if status != 0 or any(report.error for report in reports):
        raise SystemExit("the scrape or the check failed")
    return {
        "fetch s": fetched,
        "check s": time.perf_counter() - start - fetched,
        "total s": time.perf_counter() - start,
        "files read": counted.read,
        "files parsed": counted.parsed,
        "new papers": sum(report.new for report in reports),
    }


def run(n: int, out: Path) -> list[dict]:
    root = out / f"scrape-{n}"
    shutil.rmtree(root, ignore_errors=True)
    docs = root / "docs"
    generate(docs, n)
    days = days_to_fetch()
    dates = [dt.date.fromisoformat(d) for d in days]
    rows = []
    with ReplayServer(days) as api:
        (docs / store.RecordCache.NAME).unlink(missing_ok=True)
        rows.append({"N": n, "record cache": "cold", **scheduled_run(docs, api.url, dates)})
        rows.append({"N": n, "record cache": "warm", **scheduled_run(docs, api.url, dates)})
    shutil.rmtree(root)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[10_000])
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out")
    args = parser.parse_args()
    rows = []
    for n in args.sizes:
        rows += run(n, args.out)
        print_table(rows)


if __name__ == "__main__":
    main()

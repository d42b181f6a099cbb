"""The API failing in every way an HTTP service fails, on a real loopback socket.

For each fault: the scraper retries within its bounds or gives up naming the day; days that
succeeded are written; no page already in the archive is lost, truncated or made worse; the next
run completes the work; and the exit status tells a scheduler.
"""

import datetime as dt
import json
import os
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from scraper.cli import main
from scraper.fetching.client import PapersClient
from scraper.records import store, update
from scraper.site import urls
from tests.helpers import REPO, api_item

MON, TUE = dt.date(2026, 3, 9), dt.date(2026, 3, 10)
GOOD = {
    "2026-03-09": [api_item("2603.00001", "Monday", upvotes=5, day="2026-03-09")],
    "2026-03-10": [
        api_item("2603.00002", "Tuesday One", upvotes=9),
        api_item("2603.00003", "Tuesday Two", upvotes=4),
    ],
}


class FaultyAPI(ThreadingHTTPServer):
    """`/api/daily_papers` on loopback. `faults[date]` lists what the next requests for that day
    get, one each, before the day is served normally from `days`."""

    daemon_threads = True

    def __init__(self, days: dict, faults: dict | None = None):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.days, self.faults, self.seen = days, faults or {}, []
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def __enter__(self):
        threading.Thread(target=self.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.shutdown()
        self.server_close()


class _Handler(BaseHTTPRequestHandler):
    server: FaultyAPI

    def do_GET(self):  # noqa: N802
        query = {k: v[-1] for k, v in parse_qs(urlsplit(self.path).query).items()}
        day = query["date"]
        with self.server.lock:
            self.server.seen.append(day)
            queue = self.server.faults.get(day, [])
            fault = queue.pop(0) if queue else None
        page, limit = int(query["p"]), int(query["limit"])
        items = self.server.days.get(day, [])[page * limit : (page + 1) * limit]
        if fault is None:
            return self._send(200, json.dumps(items).encode())
        kind, *args = fault
        if kind == "status":
            status, headers = args
            return self._send(status, b'{"error": "nope"}', headers)
        if kind == "slow":
            time.sleep(args[0])
            return self._send(200, json.dumps(items).encode())
        if kind == "reset":
            # RST instead of a response: SO_LINGER with a zero timeout, then close.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            return None
        if kind == "truncated":
            body = json.dumps(items).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
            return None
        if kind == "body":
            content_type, body = args
            return self._send(200, body, {"Content-Type": content_type})
        raise AssertionError(kind)

    def _send(self, status, body, headers=None):
        self.send_response(status)
        headers = {"Content-Type": "application/json", **(headers or {})}
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def client(api: FaultyAPI, sleeps: list, **options) -> PapersClient:
    return PapersClient(
        api.url, min_interval=0, sleep=sleeps.append, timeout=httpx.Timeout(0.5), **options
    )


def snapshot(docs: Path) -> dict[str, bytes]:
    return {str(p.relative_to(docs)): p.read_bytes() for p in sorted(docs.rglob("*.md"))}


@pytest.fixture
def archived(docs):
    """An archive that already holds both days, as a good run left it."""
    with FaultyAPI(GOOD) as api:
        update.scrape(client(api, []), docs, [MON, TUE])
    return docs


def assert_nothing_lost(docs: Path, before: dict[str, bytes]) -> None:
    after = snapshot(docs)
    assert set(before) <= set(after), "no page was deleted"
    for name in before:
        if name.startswith("papers/2603."):
            old, new = (
                store.parse_paper(before[name].decode(), name)[0],
                store.read_paper(docs / name),
            )
            assert new.title == old.title, name
            assert new.abstract == old.abstract, name
            assert new.upvotes >= old.upvotes or new.days != old.days, name


RETRIED = [
    pytest.param([("status", 429, {"Retry-After": "7"})], [7.0], id="429-retry-after"),
    pytest.param([("status", 429, {"RateLimit": '"api";r=0;t=12'})], [13.0], id="429-ratelimit"),
    pytest.param([("status", 429, {})], [1.0], id="429-no-header"),
    pytest.param(
        [("status", 500, {}), ("status", 502, {}), ("status", 503, {})], [1.0, 2.0, 4.0], id="5xx"
    ),
    pytest.param([("slow", 1.5)], [1.0], id="slow-past-timeout"),
    pytest.param([("reset",)], [1.0], id="connection-reset"),
    pytest.param([("truncated",)], [1.0], id="truncated-json"),
    pytest.param(
        [("body", "text/html", b"<html><h1>502 Bad Gateway</h1></html>")], [1.0], id="html-page-200"
    ),
]


@pytest.mark.parametrize(("faults", "waits"), RETRIED)
def test_a_passing_fault_is_retried_and_the_day_written(docs, faults, waits):
    sleeps = []
    with FaultyAPI(GOOD, {"2026-03-10": list(faults)}) as api:
        [report] = update.scrape(client(api, sleeps), docs, [TUE])
    assert report.error is None
    assert sleeps == waits
    assert sorted(p.name for p in store.paper_files(docs)) == ["2603.00002.md", "2603.00003.md"]


@pytest.mark.parametrize(("faults", "waits"), RETRIED)
def test_a_lasting_fault_names_the_day_keeps_the_archive_and_the_next_run_completes(
    archived, faults, waits
):
    before = snapshot(archived)
    sleeps = []
    with FaultyAPI(GOOD, {"2026-03-10": list(faults) * 10}) as api:
        reports = update.scrape(client(api, sleeps, max_retries=2), archived, [MON, TUE])
    assert reports[0].error is None
    assert reports[1].error.startswith("day 2026-03-10: GET ")
    assert "failed after 3 attempts" in reports[1].error
    assert len(sleeps) == 2, "retried within its bounds"
    assert_nothing_lost(archived, before)

    with FaultyAPI(GOOD) as api:
        [report] = update.scrape(client(api, []), archived, [TUE])
    assert report.error is None
    assert snapshot(archived) == before, "the next run completes the same archive"


def test_the_exit_status_tells_the_scheduler_a_day_failed(archived, capsys):
    with FaultyAPI(GOOD, {"2026-03-10": [("status", 503, {})] * 5}) as api:
        status = main(
            [
                "fetch",
                "--date",
                "2026-03-10",
                "--api-url",
                api.url,
                "--max-retries",
                "0",
                "--docs-dir",
                str(archived),
            ]
        )
    assert status == 1
    assert "2026-03-10: failed: day 2026-03-10: GET" in capsys.readouterr().err


def test_an_empty_or_shorter_answer_deletes_nothing(archived):
    before = snapshot(archived)
    with FaultyAPI({"2026-03-10": []}) as api:
        [report] = update.scrape(client(api, []), archived, [TUE])
    assert report.listed == 0
    assert_nothing_lost(archived, before)
    assert '{"date": "2026-03-10", "listed": 2,' in (archived / "days.json").read_text()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        pytest.param(lambda i: i["paper"].pop("upvotes"), "paper.upvotes", id="field-missing"),
        pytest.param(
            lambda i: i["paper"].update(votes=i["paper"].pop("upvotes")),
            "paper.upvotes",
            id="field-renamed",
        ),
        pytest.param(
            lambda i: i["paper"].update(authors={"name": "x"}), "paper.authors", id="other-type"
        ),
    ],
)
def test_a_changed_schema_is_reported_and_never_makes_a_page_worse(archived, change, field, capsys):
    before = snapshot(archived)
    changed = json.loads(json.dumps(GOOD))
    for item in changed["2026-03-10"]:
        change(item)
    with FaultyAPI(changed) as api:
        status = main(
            ["fetch", "--date", "2026-03-10", "--api-url", api.url, "--docs-dir", str(archived)]
        )
    err = capsys.readouterr().err
    assert status == 1
    assert f"day 2026-03-10, item 1 (2603.00002): field '{field}'" in err
    assert snapshot(archived) == before


def test_new_fields_are_ignored(docs):
    days = json.loads(json.dumps(GOOD))
    days["2026-03-10"][0]["paper"]["brandNew"] = {"nested": [1, 2]}
    days["2026-03-10"][0]["alsoNew"] = "x"
    with FaultyAPI(days) as api:
        [report] = update.scrape(client(api, []), docs, [TUE])
    assert (report.new, report.skipped) == (2, [])


def test_the_same_paper_twice_in_a_day_makes_one_page(docs):
    twice = {
        "2026-03-10": [
            api_item("2603.00002", "Twice", upvotes=9),
            api_item("2603.00002", "Twice", upvotes=3),
        ]
    }
    with FaultyAPI(twice) as api:
        [report] = update.scrape(client(api, []), docs, [TUE])
    assert report.new == 1
    assert store.read_paper(docs / "papers/2603.00002.md").upvotes == 9


def big_day(n: int) -> dict:
    return {
        "2026-03-10": [
            api_item(f"2603.{i:05d}", f"Paper {i}", upvotes=n - i, summary="Long abstract. " * 20)
            for i in range(n)
        ]
    }


def fetch_process(api_url: str, docs: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "scraper",
            "fetch",
            "--date",
            "2026-03-10",
            "--api-url",
            api_url,
            "--docs-dir",
            str(docs),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_a_scrape_killed_mid_write_leaves_whole_files_and_the_next_run_finishes(docs):
    days = big_day(1200)
    with FaultyAPI(days) as api:
        process = fetch_process(api.url, docs)
        papers = docs / "papers"
        deadline = time.monotonic() + 30
        while len(list(papers.glob("*.md"))) < 50 and time.monotonic() < deadline:
            time.sleep(0.005)
        process.send_signal(signal.SIGKILL)
        process.wait()
        written = list(papers.glob("*.md"))
        assert 0 < len(written) < 1200, "killed in the middle of writing"
        for path in written:
            store.read_paper(path)  # whole, valid files: no half-written page

        assert (
            main(["fetch", "--date", "2026-03-10", "--api-url", api.url, "--docs-dir", str(docs)])
            == 0
        )
    assert len(store.paper_files(docs)) == 1200
    assert not list(docs.rglob(".*.tmp")), "the next run cleared the killed run's leftovers"
    assert main(["check", "--docs-dir", str(docs)]) == 0


def test_two_scrapes_at_once_do_not_corrupt_the_archive(docs, tmp_path):
    days = big_day(150)
    with FaultyAPI(days) as api:
        first, second = fetch_process(api.url, docs), fetch_process(api.url, docs)
        assert first.wait(60) == 0
        assert second.wait(60) == 0
        together = snapshot(docs)
        alone = tmp_path / "alone"
        alone.mkdir()
        assert (
            main(["fetch", "--date", "2026-03-10", "--api-url", api.url, "--docs-dir", str(alone)])
            == 0
        )
    assert set(together) - set(urls.BY_HAND) == set(snapshot(alone))
    assert main(["check", "--docs-dir", str(docs)]) == 0
    for name, data in snapshot(alone).items():
        if name.startswith("papers/2603."):
            assert together[name] == data, name


def test_an_unreachable_api_changes_no_file(archived):
    before = snapshot(archived)
    with FaultyAPI(GOOD) as api:
        url = api.url
    reports = update.scrape(
        PapersClient(url, max_retries=0, min_interval=0), archived, [TUE, dt.date(2026, 3, 11)]
    )
    assert all(report.error for report in reports)
    assert snapshot(archived) == before

"""Fetching: the Hugging Face Daily Papers API over one polite, retrying HTTP client."""

from __future__ import annotations

import datetime as dt
import email.utils
import itertools
import logging
import re
import threading
import time
from collections.abc import Callable
from typing import Any

import httpx

from scraper import __version__
from scraper.errors import FetchError

log = logging.getLogger("scraper")

DEFAULT_API_URL = "https://huggingface.co"
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
USER_AGENT = f"hf-papers-archive/{__version__} (static archive of HF Daily Papers; python-httpx)"
PAGE_SIZE = 100  # the API's maximum; its default of 50 silently truncates busy days
MAX_PAGES = 20  # 2,000 papers in a day is far past anything seen: stop rather than loop
MAX_RETRIES = 4
MAX_WAIT = 300.0  # seconds: HF's rate-limit window, the longest wait it can ask for
# Anonymous budget: 500 API requests per 5 minutes per IP. Spacing requests 0.6 s apart keeps
# any number of concurrent fetches inside it.
MIN_INTERVAL = 300 / 500


class PapersClient:
    """Reads `/api/daily_papers` for one day at a time; safe to share between threads.

    `transport` replaces the network (tests pass `httpx.MockTransport`); `sleep` and `clock`
    replace waiting, so retries can be tested without waiting.
    """

    def __init__(
        self,
        api_url: str = DEFAULT_API_URL,
        *,
        transport: httpx.BaseTransport | None = None,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        max_retries: int = MAX_RETRIES,
        min_interval: float = MIN_INTERVAL,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.api_url = api_url.rstrip("/")
        self.max_retries = max_retries
        self.min_interval = min_interval
        self._sleep, self._clock = sleep, clock
        self._next_slot = 0.0
        self._slot_lock = threading.Lock()
        self._http = httpx.Client(
            base_url=self.api_url,
            transport=transport,
            timeout=timeout,
            headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
            follow_redirects=True,
        )

    def __enter__(self) -> PapersClient:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def fetch_day(self, day: dt.date) -> list[Any]:
        """Every item HF lists for `day`, across as many pages as it takes."""
        items: list[Any] = []
        for page in itertools.count():
            if page == MAX_PAGES:
                raise FetchError(f"day {day}: more than {MAX_PAGES} full pages; stopped paging")
            params = {"date": day.isoformat(), "limit": PAGE_SIZE, "p": page}
            batch = self._get("/api/daily_papers", params, f"day {day}", _json_list)
            items.extend(batch)
            if len(batch) < PAGE_SIZE:
                return items
        raise AssertionError("unreachable")  # pragma: no cover

    def fetch_paper(self, paper_id: str) -> dict[str, Any] | None:
        """HF's detail of one paper (`/api/papers/{id}`: the daily item's paper, and the counts
        of models, datasets and Spaces citing it), or None where HF has no such paper."""
        path = f"/api/papers/{paper_id}"
        # One retry: a paper's counts can wait for the next read, and a run that waits out a
        # rate limit for each of a hundred papers would not finish.
        return self._get(path, {}, f"paper {paper_id}", _json_object, missing_ok=True, retries=1)

    def _get(
        self,
        path: str,
        params: dict[str, Any],
        what: str,
        parse: Callable[[httpx.Response], tuple[Any, str | None]],
        missing_ok: bool = False,
        retries: int | None = None,
    ) -> Any:
        """The body of GET `path`, retried on errors, 429 and 5xx (`retries` times, at most
        max_retries); `what` names it in errors."""
        retries = self.max_retries if retries is None else min(retries, self.max_retries)
        url = f"{self.api_url}{path}" + (
            "?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else ""
        )
        for attempt in itertools.count():
            self._wait_for_slot()
            try:
                response = self._http.get(path, params=params)
            except httpx.TransportError as exc:
                problem, wait = f"{type(exc).__name__}: {exc}", None
            else:
                if response.status_code == 200:
                    body, problem = parse(response)
                    if problem is None:
                        return body
                    wait = None
                elif response.status_code == 404 and missing_ok:
                    return None
                elif response.status_code == 429 or response.status_code >= 500:
                    problem, wait = f"HTTP {response.status_code}", _requested_wait(response)
                else:
                    raise FetchError(
                        f"{what}: GET {url} answered HTTP {response.status_code}: "
                        f"{_short(response.text)}"
                    )
            if attempt >= retries:
                raise FetchError(
                    f"{what}: GET {url} failed after {attempt + 1} attempts: {problem}"
                )
            wait = min(wait if wait is not None else 2.0**attempt, MAX_WAIT)
            log.warning(
                "%s: %s; retrying in %.0f s (%d of %d)",
                what,
                problem,
                wait,
                attempt + 1,
                retries,
            )
            self._sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover

    def _wait_for_slot(self) -> None:
        with self._slot_lock:
            now = self._clock()
            start = max(now, self._next_slot)
            self._next_slot = start + self.min_interval
        if start > now:
            self._sleep(start - now)


def _json_of(expected: type, named: str) -> Callable[[httpx.Response], tuple[Any, str | None]]:
    """A parser of a JSON body that must be an `expected` (a list, an object): the body, or an
    empty one and what is wrong with it."""

    def parse(response: httpx.Response) -> tuple[Any, str | None]:
        try:
            body = response.json()
        except ValueError:
            kind = response.headers.get("content-type", "no content type")
            return expected(), f"the response is not JSON ({kind}): {_short(response.text)}"
        if not isinstance(body, expected):
            return (
                expected(),
                f"expected {named}, got {type(body).__name__}: {_short(response.text)}",
            )
        return body, None

    return parse


_json_list = _json_of(list, "a JSON list of papers")
_json_object = _json_of(dict, "a JSON object")


def _requested_wait(response: httpx.Response) -> float | None:
    """Seconds the server asks us to wait: `RateLimit: ...;t=N` (HF) or `Retry-After`."""
    ratelimit = re.search(r"\bt=(\d+)", response.headers.get("RateLimit", ""))
    if ratelimit:
        return int(ratelimit.group(1)) + 1.0
    retry_after = response.headers.get("Retry-After", "").strip()
    if retry_after.isdigit():
        return float(retry_after)
    if retry_after:
        try:
            when = email.utils.parsedate_to_datetime(retry_after)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=dt.UTC)
        return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())
    return None


def _short(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"

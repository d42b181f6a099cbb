import datetime as dt

import httpx
import pytest

from scraper.errors import FetchError
from scraper.fetching.client import PAGE_SIZE, USER_AGENT, PapersClient
from tests.helpers import api_item, make_client

DAY = dt.date(2026, 3, 10)


def test_fetch_day_pages_while_pages_come_back_full():
    items = [api_item(f"2603.{n:05d}") for n in range(PAGE_SIZE + 3)]
    seen = []

    def handler(request):
        seen.append(dict(request.url.params))
        page = int(request.url.params["p"])
        return httpx.Response(200, json=items[page * PAGE_SIZE : (page + 1) * PAGE_SIZE])

    result = make_client(httpx.MockTransport(handler)).fetch_day(DAY)

    assert [item["paper"]["id"] for item in result] == [i["paper"]["id"] for i in items]
    assert seen == [
        {"date": "2026-03-10", "limit": "100", "p": "0"},
        {"date": "2026-03-10", "limit": "100", "p": "1"},
    ]


def test_fetch_day_stops_after_an_exactly_full_page_with_an_empty_one():
    items = [api_item(f"2603.{n:05d}") for n in range(PAGE_SIZE)]
    pages = []

    def handler(request):
        pages.append(request.url.params["p"])
        page = int(request.url.params["p"])
        return httpx.Response(200, json=items[page * PAGE_SIZE : (page + 1) * PAGE_SIZE])

    assert len(make_client(httpx.MockTransport(handler)).fetch_day(DAY)) == PAGE_SIZE
    assert pages == ["0", "1"]


def test_empty_day_is_an_empty_list():
    transport = httpx.MockTransport(lambda request: httpx.Response(200, json=[]))
    assert make_client(transport).fetch_day(dt.date(2026, 3, 14)) == []


def test_requests_name_the_project_and_ask_for_json():
    headers = []

    def handler(request):
        headers.append(request.headers)
        return httpx.Response(200, json=[])

    make_client(httpx.MockTransport(handler)).fetch_day(DAY)
    assert headers[0]["User-Agent"] == USER_AGENT
    assert "hf-papers-archive" in USER_AGENT
    assert headers[0]["Accept"] == "application/json"


def flaky(*responses):
    """A transport answering with each of `responses` in turn (an exception is raised)."""
    queue = list(responses)

    def handler(request):
        answer = queue.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    return httpx.MockTransport(handler)


def test_server_errors_are_retried_with_backoff():
    sleeps = []
    transport = flaky(
        httpx.Response(503),
        httpx.Response(502),
        httpx.Response(500),
        httpx.Response(200, json=[api_item("2603.00001")]),
    )

    items = make_client(transport, sleeps).fetch_day(DAY)

    assert [i["paper"]["id"] for i in items] == ["2603.00001"]
    assert sleeps == [1.0, 2.0, 4.0]


def test_429_waits_as_long_as_the_ratelimit_header_says():
    sleeps = []
    limited = httpx.Response(
        429,
        headers={
            "RateLimit": '"api";r=0;t=55',
            "RateLimit-Policy": '"fixed window";"api";q=500;w=300',
        },
    )
    make_client(flaky(limited, httpx.Response(200, json=[])), sleeps).fetch_day(DAY)
    assert sleeps == [56.0]


def test_429_honours_retry_after_seconds():
    sleeps = []
    limited = httpx.Response(429, headers={"Retry-After": "7"})
    make_client(flaky(limited, httpx.Response(200, json=[])), sleeps).fetch_day(DAY)
    assert sleeps == [7.0]


def test_429_honours_retry_after_as_a_date():
    sleeps = []
    later = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=30)
    limited = httpx.Response(
        429, headers={"Retry-After": later.strftime("%a, %d %b %Y %H:%M:%S GMT")}
    )
    make_client(flaky(limited, httpx.Response(200, json=[])), sleeps).fetch_day(DAY)
    assert 25 <= sleeps[0] <= 30


def test_connection_errors_and_timeouts_are_retried():
    sleeps = []
    transport = flaky(
        httpx.ConnectError("connection refused"),
        httpx.ReadTimeout("timed out"),
        httpx.Response(200, json=[]),
    )
    assert make_client(transport, sleeps).fetch_day(DAY) == []
    assert sleeps == [1.0, 2.0]


def test_retries_are_bounded_and_the_error_names_the_day():
    sleeps = []
    transport = httpx.MockTransport(lambda request: httpx.Response(503, text="Service Unavailable"))
    client = PapersClient(
        "https://hf.test", transport=transport, max_retries=2, min_interval=0, sleep=sleeps.append
    )
    with pytest.raises(FetchError, match=r"day 2026-03-10: .* failed after 3 attempts: HTTP 503"):
        client.fetch_day(DAY)
    assert sleeps == [1.0, 2.0]


def test_a_future_day_fails_at_once_with_hfs_message():
    sleeps = []
    transport = httpx.MockTransport(
        lambda request: httpx.Response(400, json={"error": "Date cannot be in the future"})
    )
    with pytest.raises(FetchError, match="HTTP 400: .*Date cannot be in the future"):
        make_client(transport, sleeps).fetch_day(dt.date(2099, 1, 1))
    assert sleeps == []


@pytest.mark.parametrize(
    "response",
    [
        pytest.param(
            httpx.Response(
                200, text="<html>Bad gateway</html>", headers={"content-type": "text/html"}
            ),
            id="html-page",
        ),
        pytest.param(httpx.Response(200, text='[{"paper": {"id": "2603.0'), id="truncated-json"),
        pytest.param(httpx.Response(200, json={"error": "oops"}), id="object-not-list"),
    ],
)
def test_a_body_that_is_not_a_list_is_retried_then_reported(response):
    transport = httpx.MockTransport(lambda request: response)
    client = PapersClient(
        "https://hf.test", transport=transport, max_retries=1, min_interval=0, sleep=lambda s: None
    )
    with pytest.raises(FetchError, match="day 2026-03-10: .*(not JSON|expected a JSON list)"):
        client.fetch_day(DAY)


def test_requests_are_spaced_to_stay_within_the_rate_budget():
    sleeps, now = [], [100.0]
    client = PapersClient(
        "https://hf.test",
        min_interval=0.6,
        sleep=sleeps.append,
        clock=lambda: now[0],
        transport=httpx.MockTransport(lambda r: httpx.Response(200, json=[])),
    )
    for day in (1, 2, 3):
        client.fetch_day(dt.date(2026, 3, day))
    assert sleeps == pytest.approx([0.6, 1.2])


def test_a_papers_detail_is_read_and_an_unknown_paper_is_none():
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/papers/2603.07980":
            return httpx.Response(200, json={"id": "2603.07980", "numTotalModels": 2})
        return httpx.Response(404, json={"error": "Paper not found"})

    client = make_client(httpx.MockTransport(handler))
    assert client.fetch_paper("2603.07980") == {"id": "2603.07980", "numTotalModels": 2}
    assert client.fetch_paper("1234.56789") is None


def test_a_papers_detail_that_is_not_an_object_is_retried_then_reported():
    transport = httpx.MockTransport(lambda request: httpx.Response(200, json=[]))
    with pytest.raises(FetchError, match=r"^paper 2603.07980: .* expected a JSON object, got list"):
        make_client(transport).fetch_paper("2603.07980")

"""Scraping into an archive: pages for every paper, idempotence, and the corrections rule."""

import dataclasses
import datetime as dt
import re
from pathlib import Path

import httpx
import pytest

from scraper.errors import InvalidRecord
from scraper.records import store, update
from scraper.rendering import render
from scraper.site import urls
from tests.helpers import api_item, make_client, serve

MON, TUE = dt.date(2026, 3, 9), dt.date(2026, 3, 10)


def scrape(docs, days, dates=(TUE,)):
    return update.scrape(make_client(serve(days)), docs, list(dates))


def snapshot(docs):
    return {str(p.relative_to(docs)): p.read_bytes() for p in sorted(docs.rglob("*.md"))}


def test_every_paper_of_every_day_gets_a_page(docs, recorded_day):
    days = {"2026-03-09": [api_item("2603.00001")], "2026-03-10": recorded_day}

    reports = scrape(docs, days, [MON, TUE, dt.date(2026, 3, 11)])

    assert [(r.day, r.listed, r.new) for r in reports] == [
        (MON, 1, 1),
        (TUE, 3, 3),
        (dt.date(2026, 3, 11), 0, 0),
    ]
    assert sorted(p.name for p in store.paper_files(docs)) == [
        "2603.00001.md",
        "2603.03269.md",
        "2603.07980.md",
        "2603.08660.md",
    ]
    day_page = (docs / "papers/date/2026-03-10.md").read_text()
    assert (
        day_page.index("2603.08660.md")
        < day_page.index("2603.03269.md")
        < day_page.index("2603.07980.md")
    ), "most upvoted first"
    assert "No papers were listed" in (docs / "papers/date/2026-03-11.md").read_text()
    assert "papers/date/2026-03-10.md" in (docs / "index.md").read_text()
    assert '<a href="papers/month/2026-03.md">March</a>' in (docs / "archive.md").read_text()


def test_running_the_same_scrape_twice_changes_no_byte(docs, recorded_day):
    days = {"2026-03-10": recorded_day}
    scrape(docs, days)
    before = snapshot(docs)

    reports = scrape(docs, days)

    assert snapshot(docs) == before
    assert (reports[0].new, reports[0].updated, reports[0].unchanged) == (0, 0, 3)


def test_a_hand_corrected_title_survives_a_rescrape_that_updates_the_votes(docs):
    scrape(docs, {"2026-03-10": [api_item("2603.00001", "Wrong Titel", upvotes=3)]})
    page = docs / "papers/2603.00001.md"
    page.write_text(page.read_text().replace("Wrong Titel", "Right Title"))

    scrape(
        docs,
        {
            "2026-03-10": [
                api_item(
                    "2603.00001", "Wrong Titel", upvotes=12, githubRepo="https://github.com/a/b"
                )
            ]
        },
    )

    paper = store.read_paper(page)
    assert paper.title == "Right Title"
    assert paper.upvotes == 12
    assert paper.github == "https://github.com/a/b"
    assert "title: Right Title" in page.read_text()
    assert (
        '<a class="paper-card__title" href="../2603.00001.md">Right Title</a>'
        in (docs / "papers/date/2026-03-10.md").read_text()
    )


def test_a_corrected_authors_name_keeps_their_hf_link_through_a_rescrape(docs):
    author = {"_id": "a0", "name": "Jon Smith", "hidden": False, "user": {"user": "jsmith"}}
    item = api_item("2603.00001", "A Paper", upvotes=3)
    item["paper"]["authors"] = [author, {"_id": "a1", "name": "Ada Byron", "hidden": False}]
    scrape(docs, {"2026-03-10": [item]})
    page = docs / "papers/2603.00001.md"
    # The contributor corrects the name where `check` asks: in the list and in the profiles.
    page.write_text(page.read_text().replace("Jon Smith", "John Smith"))

    item["paper"]["upvotes"] = 9
    scrape(docs, {"2026-03-10": [item]})

    paper = store.read_paper(page)
    assert paper.authors == ("John Smith", "Ada Byron")
    assert paper.author_profiles == {"John Smith": "jsmith"}
    assert paper.upvotes == 9


def test_two_authors_of_one_name_keep_their_own_hf_links_in_the_file(docs):
    item = api_item("2603.00001", "A Paper", authors=("Yang Liu", "Ada Byron", "Yang Liu"))
    item["paper"]["authors"][2]["user"] = {"user": "yliu"}
    item["paper"]["authors"][1]["user"] = {"user": "ada"}
    scrape(docs, {"2026-03-10": [item]})
    page = docs / "papers/2603.00001.md"
    assert "  author_profiles:\n    Yang Liu:\n    - null\n    - yliu\n    Ada Byron: ada\n" in (
        page.read_text()
    )

    # A contributor corrects the second Yang Liu's name; the next scrape keeps each link with
    # its author.
    text = page.read_text()
    text = text.replace("  - Ada Byron\n  - Yang Liu\n", "  - Ada Byron\n  - Yang Liu (Tsinghua)\n")
    page.write_text(
        text.replace("    Yang Liu:\n    - null\n    - yliu\n", "    Yang Liu (Tsinghua): yliu\n")
    )
    scrape(docs, {"2026-03-10": [item]})
    assert store.read_paper(page).author_profiles == {
        "Ada Byron": "ada",
        "Yang Liu (Tsinghua)": "yliu",
    }


def test_links_kept_while_a_day_settles_follow_the_authors_hf_renames(docs):
    item = api_item("2603.00001", "A Paper", authors=("Yang Liu", "Ada Byron", "Yang Liu"))
    item["paper"]["authors"][0]["user"] = {"user": "yliu-a"}
    item["paper"]["authors"][2]["user"] = {"user": "yliu-b"}
    scrape_on(docs, item, TUE)

    # HF's answer, not settled yet, spells the second Yang Liu otherwise and has no links yet.
    renamed = api_item("2603.00001", "A Paper", authors=("Yang Liu", "Ada Byron", "Yang Lu"))
    paper = scrape_on(docs, renamed, TUE)  # read back, it passes the file's checks

    assert paper.authors == ("Yang Liu", "Ada Byron", "Yang Lu")
    assert paper.author_profiles == {"Yang Liu": "yliu-a", "Yang Lu": "yliu-b"}


def test_a_paper_listed_on_two_days_has_one_page_naming_both(docs):
    item = api_item("2603.00001", "Twice")
    scrape(docs, {"2026-03-09": [item], "2026-03-10": [item]}, [MON, TUE])

    page = (docs / "papers/2603.00001.md").read_text()
    assert "  days:\n  - 2026-03-09\n  - 2026-03-10\n" in page
    for day in ("2026-03-09", "2026-03-10"):
        assert 'href="../2603.00001.md"' in (docs / f"papers/date/{day}.md").read_text()


def test_a_malformed_item_is_skipped_and_the_rest_of_the_day_written(docs):
    broken = api_item("2603.00002")
    broken["paper"]["upvotes"] = "many"
    reports = scrape(docs, {"2026-03-10": [api_item("2603.00001"), broken, api_item("2603.00003")]})

    assert reports[0].skipped == [
        "day 2026-03-10, item 2 (2603.00002): field 'paper.upvotes': expected int, got str"
    ]
    assert sorted(p.name for p in store.paper_files(docs)) == ["2603.00001.md", "2603.00003.md"]


def test_a_failed_day_touches_nothing_and_other_days_are_written(docs):
    scrape(docs, {"2026-03-09": [api_item("2603.00001", upvotes=5)]}, [MON])
    before = (docs / "papers/2603.00001.md").read_bytes()

    def handler(request):
        if request.url.params["date"] == "2026-03-09":
            return httpx.Response(503)
        return httpx.Response(200, json=[api_item("2603.00002")])

    client = make_client(httpx.MockTransport(handler))
    reports = update.scrape(client, docs, [MON, TUE])

    assert "HTTP 503" in reports[0].error
    assert reports[1].error is None
    assert (docs / "papers/2603.00001.md").read_bytes() == before
    assert (docs / "papers/2603.00002.md").exists()
    assert "2603.00001" in (docs / "papers/date/2026-03-09.md").read_text()


def test_a_shorter_answer_for_a_day_deletes_no_paper(docs):
    scrape(docs, {"2026-03-10": [api_item("2603.00001"), api_item("2603.00002")]})
    scrape(docs, {"2026-03-10": [api_item("2603.00001")]})
    assert len(store.paper_files(docs)) == 2
    assert '{"date": "2026-03-10", "listed": 2,' in (docs / "days.json").read_text()
    assert "2 papers listed" in (docs / "papers/date/2026-03-10.md").read_text()


def test_votes_settle_with_reads_7_and_30_days_after_a_day(docs):
    listed = dt.date(2026, 3, 10)
    for today in (listed, listed + dt.timedelta(days=2)):
        update.scrape(
            make_client(serve({"2026-03-10": [api_item("2603.00001")]})),
            docs,
            [listed],
            now=lambda today=today: dt.datetime(
                today.year, today.month, today.day, 9, tzinfo=dt.UTC
            ),
        )
    [day] = store.read_ledger(docs)
    assert day.votes_as_of == listed + dt.timedelta(days=2)

    for age, due in ((6, []), (7, [listed]), (20, [listed]), (29, [listed]), (31, [listed])):
        assert update.settling_days([day], listed + dt.timedelta(days=age)) == due, age
    # Once read at 7 days, a day waits for 30; once read at 30, it is settled.
    at_7 = dataclasses.replace(day, votes_as_of=listed + dt.timedelta(days=7))
    assert update.settling_days([at_7], listed + dt.timedelta(days=29)) == []
    assert update.settling_days([at_7], listed + dt.timedelta(days=30)) == [listed]
    at_30 = dataclasses.replace(day, votes_as_of=listed + dt.timedelta(days=30))
    assert update.settling_days([at_30], listed + dt.timedelta(days=400)) == []
    weekend = dataclasses.replace(day, listed=0)
    assert update.settling_days([weekend], listed + dt.timedelta(days=8)) == []


def test_a_partial_answer_leaves_the_days_votes_as_of_the_last_whole_read(docs):
    listed = dt.date(2026, 3, 10)
    two = [api_item("2603.00001"), api_item("2603.00002")]
    for age, items in ((0, two), (7, two[:1]), (8, [two[0], {"paper": {}}])):
        update.scrape(
            make_client(serve({"2026-03-10": items})),
            docs,
            [listed],
            now=lambda age=age: dt.datetime(2026, 3, 10 + age, 9, tzinfo=dt.UTC),
        )
        [day] = store.read_ledger(docs)
        # HF answered with one paper of two, then with one it could not read: not settled.
        assert day.votes_as_of == listed, age
    assert update.settling_days([day], listed + dt.timedelta(days=9)) == [listed]
    # The 30-day read settles it, whole or not: it is not read again and again.
    update.scrape(
        make_client(serve({"2026-03-10": two[:1]})),
        docs,
        [listed],
        now=lambda: dt.datetime(2026, 4, 9, 9, tzinfo=dt.UTC),
    )
    [day] = store.read_ledger(docs)
    assert day.votes_as_of == dt.date(2026, 4, 9)
    assert update.settling_days([day], dt.date(2026, 6, 1)) == []


def test_a_day_page_says_when_its_votes_were_read(docs):
    update.scrape(
        make_client(serve({"2026-03-10": [api_item("2603.00001")]})),
        docs,
        [TUE],
        now=lambda: dt.datetime(2026, 3, 17, 9, tzinfo=dt.UTC),
    )
    page = (docs / "papers/date/2026-03-10.md").read_text()
    assert "most upvoted first (votes as of Tuesday 17 March 2026)." in page
    assert "(votes as of Tuesday 17 March 2026)" in (docs / "papers/month/2026-03.md").read_text()


def test_every_listing_file_is_derived_again_from_papers_and_ledger(docs):
    from scraper.cli import main

    scrape(docs, {"2026-03-09": [api_item("2603.00001")], "2026-03-10": []}, [MON, TUE])
    derived = {
        p: p.read_bytes() for p in docs.rglob("*") if p.is_file() and urls.is_generated(p, docs)
    }
    assert len(derived) >= 8
    for path in derived:
        path.unlink()

    assert main(["index", "--docs-dir", str(docs)]) == 0
    assert {p: p.read_bytes() for p in derived} == derived


def test_coverage_counts_a_paper_listed_on_two_days_of_a_month_once(docs):
    twice = api_item("2603.00001")
    scrape(docs, {"2026-03-09": [twice, api_item("2603.00002")], "2026-03-10": [twice]}, [MON, TUE])
    coverage = (docs / "coverage.md").read_text()
    right = '<td style="text-align: right;">'
    month = '<td><a href="papers/month/2026-03.md">March 2026</a></td>'
    assert f"<tr>{month}{right}2</td>{right}2 of 2</td><td>none</td></tr>" in coverage


def scrape_on(docs, item, today):
    update.scrape(
        make_client(serve({"2026-03-10": [item]})),
        docs,
        [TUE],
        now=lambda: dt.datetime(today.year, today.month, today.day, 9, tzinfo=dt.UTC),
    )
    return store.read_paper(docs / "papers/2603.00001.md")


def test_a_value_hugging_face_withdraws_leaves_once_its_answer_has_settled(docs):
    item = api_item("2603.00001", "Logo")
    item["organization"] = {"name": "acme", "fullname": "Acme"}
    assert scrape_on(docs, item, TUE).organization["name"] == "acme"
    withdrawn = {k: v for k, v in item.items() if k not in ("organization", "thumbnail")}
    # The same day, HF's answer is still filling in: what it leaves out stays.
    kept = scrape_on(docs, withdrawn, TUE)
    assert kept.organization["name"] == "acme"
    assert kept.thumbnail
    # A week on, what it no longer sends was withdrawn.
    gone = scrape_on(docs, withdrawn, TUE + dt.timedelta(days=7))
    assert gone.organization is None
    assert gone.thumbnail is None


def detail(paper_id: str, models: int, datasets: int, spaces: int) -> dict:
    """`/api/papers/{id}` as HF answers it: the paper, flat, with what cites it."""
    return {
        **api_item(paper_id)["paper"],
        "linkedModels": [{"id": f"lab/model-{n}"} for n in range(min(models, 3))],
        "numTotalModels": models,
        "linkedDatasets": [],
        "numTotalDatasets": datasets,
        "linkedSpaces": [],
        "numTotalSpaces": spaces,
    }


def scrape_citing(docs, day_items, details, today, citing=False, transport=None):
    return update.scrape(
        make_client(transport or serve({"2026-03-10": day_items}, details)),
        docs,
        [TUE],
        now=lambda: dt.datetime(today.year, today.month, today.day, 9, tzinfo=dt.UTC),
        citing=citing,
    )


def test_a_new_days_papers_say_how_many_models_datasets_and_spaces_cite_them(docs):
    items = [api_item("2603.00001"), api_item("2603.00002"), api_item("2603.00003")]
    details = {
        "2603.00001": detail("2603.00001", models=12, datasets=3, spaces=0),
        "2603.00002": detail("2603.00002", models=0, datasets=0, spaces=0),
    }  # HF answers 404 for 2603.00003: it has not indexed it

    [report] = scrape_citing(docs, items, details, today=dt.date(2026, 3, 11))

    assert report.citing_read == 2
    cited = (docs / "papers/2603.00001.md").read_text()
    counts = "  citing:\n    models: 12\n    datasets: 3\n    spaces: 0\n    as_of: 2026-03-11\n"
    assert counts in cited
    assert "citing:" not in (docs / "papers/2603.00003.md").read_text()
    page = render.paper_page(store.read_paper(docs / "papers/2603.00001.md"))
    assert (
        'Cited on Hugging Face by <a href="https://huggingface.co/models?other=arxiv:2603.00001">'
        '12\u00a0models</a> · <a href="https://huggingface.co/datasets?other=arxiv:2603.00001">'
        "3\u00a0datasets</a> (as of Wednesday 11 March 2026)</li>"
    ) in page
    # Its card on the day's page counts the models: what HF's own listing does not show.
    day_page = (docs / "papers/date/2026-03-10.md").read_text()
    assert re.search(r'href="\.\./2603\.00001\.md".*· 12 models</span>', day_page)
    assert day_page.count(" models</span>") == 1
    for quiet in ("2603.00002", "2603.00003"):
        assert "Cited on" not in render.paper_page(store.read_paper(docs / f"papers/{quiet}.md"))

    # Read again once the day is 7 days old, once: not at every read of the latest days
    # before, nor at every read of a day that stays due to settle.
    details["2603.00001"] = detail("2603.00001", models=30, datasets=4, spaces=1)
    for today, models in ((12, 12), (17, 30)):
        scrape_citing(docs, items, details, dt.date(2026, 3, today))
        assert store.read_paper(docs / "papers/2603.00001.md").citing["models"] == models
    details["2603.00001"] = detail("2603.00001", models=31, datasets=4, spaces=1)
    scrape_citing(docs, items, details, dt.date(2026, 3, 18))
    assert store.read_paper(docs / "papers/2603.00001.md").citing["models"] == 30


def test_an_old_day_is_read_for_what_cites_it_only_when_asked(docs):
    items = [api_item("2603.00001")]
    details = {"2603.00001": detail("2603.00001", models=40, datasets=1, spaces=2)}
    path = docs / "papers/2603.00001.md"

    [report] = scrape_citing(docs, items, details, today=dt.date(2026, 12, 3))
    assert report.citing_read == 0
    assert "citing:" not in path.read_text()

    scrape_citing(docs, items, details, today=dt.date(2026, 12, 3), citing=True)
    assert store.read_paper(path).citing == {
        "models": 40,
        "datasets": 1,
        "spaces": 2,
        "as_of": dt.date(2026, 12, 3),
    }


def test_counts_that_cannot_be_read_are_kept_and_the_day_still_written(docs):
    first = {"2603.00001": detail("2603.00001", models=5, datasets=0, spaces=1)}
    scrape_citing(docs, [api_item("2603.00001", upvotes=3)], first, today=dt.date(2026, 3, 11))
    answers = serve({"2026-03-10": [api_item("2603.00001", upvotes=9)]})

    def details_down(request: httpx.Request) -> httpx.Response:
        if request.url.path.startswith("/api/papers/"):
            return httpx.Response(503, text="Service Unavailable")
        return answers.handler(request)

    [report] = scrape_citing(
        docs, [], {}, today=dt.date(2026, 3, 17), transport=httpx.MockTransport(details_down)
    )

    assert report.error is None
    assert report.citing_failed == [
        "paper 2603.00001: GET https://hf.test/api/papers/2603.00001 failed after 2 attempts: "
        "HTTP 503"
    ]
    paper = store.read_paper(docs / "papers/2603.00001.md")
    assert paper.upvotes == 9
    assert (paper.citing["models"], paper.citing["as_of"]) == (5, dt.date(2026, 3, 11))


def test_a_failed_read_of_what_cites_a_paper_leaves_the_runs_other_reads_for_the_next(docs):
    requested = []
    days = {"2026-03-09": [api_item("2603.00001")], "2026-03-10": [api_item("2603.00002")]}
    answers = serve(days)

    def limited(request: httpx.Request) -> httpx.Response:
        if request.url.path.startswith("/api/papers/"):
            requested.append(request.url.path)
            return httpx.Response(429, headers={"RateLimit": '"api";r=0;t=1'})
        return answers.handler(request)

    reports = update.scrape(
        make_client(httpx.MockTransport(limited)),
        docs,
        [MON, TUE],
        now=lambda: dt.datetime(2026, 3, 10, 9, tzinfo=dt.UTC),
    )

    assert [r.error for r in reports] == [None, None]
    assert requested == ["/api/papers/2603.00001"] * 2  # one retry, then no more
    assert reports[1].citing_failed == ["1 papers not read after an earlier failure"]
    assert {p.name for p in store.paper_files(docs)} == {"2603.00001.md", "2603.00002.md"}


def parses_counted(monkeypatch) -> list[str]:
    """The paper files parsed from now on (those the record cache could not answer for)."""
    parsed: list[str] = []
    parse = store.parse_paper
    monkeypatch.setattr(
        store, "parse_paper", lambda text, where: parsed.append(where) or parse(text, where)
    )
    return parsed


def test_a_second_read_of_the_archive_parses_only_the_file_a_contributor_edited(
    docs, recorded_day, monkeypatch
):
    scrape(docs, {"2026-03-10": recorded_day})
    first, _ = store.load_archive(docs)
    edited = docs / "papers/2603.07980.md"
    title = first["2603.07980"].title
    edited.write_text(edited.read_text().replace(title, "A Corrected Title", 1))
    parsed = parses_counted(monkeypatch)

    papers, _ = store.load_archive(docs)

    assert parsed == [str(edited)]
    assert papers["2603.07980"].title == "A Corrected Title"
    assert {k: v for k, v in papers.items() if k != "2603.07980"} == {
        k: v for k, v in first.items() if k != "2603.07980"
    }
    parsed.clear()
    assert store.load_archive(docs)[0] == papers
    assert parsed == []  # the correction was kept


def test_a_damaged_record_cache_is_read_past_and_written_again_whole(
    docs, recorded_day, monkeypatch
):
    scrape(docs, {"2026-03-10": recorded_day})
    first, _ = store.load_archive(docs)
    cache = docs / store.RecordCache.NAME
    whole = cache.read_bytes()
    lines = whole.split(b"\n")
    # The first paper's record cut short, the second's whole, the third's gone.
    cache.write_bytes(b"\n".join([lines[0], lines[1][:60], lines[2]]) + b"\n")
    parsed = parses_counted(monkeypatch)

    papers, _ = store.load_archive(docs)

    assert papers == first
    assert [Path(where).name for where in parsed] == ["2603.03269.md", "2603.08660.md"]
    assert cache.read_bytes() == whole


def test_many_changed_files_are_parsed_apart_into_the_same_records_and_cache(
    docs, recorded_day, monkeypatch
):
    scrape(docs, {"2026-03-10": recorded_day})
    cache = docs / store.RecordCache.NAME
    here, _ = store.load_archive(docs)
    written_here = cache.read_text()
    cache.unlink()
    monkeypatch.setattr(store, "PARSED_APART", 1)  # as a first build of a large archive

    apart, _ = store.load_archive(docs)

    assert apart == here
    assert cache.read_text() == written_here


def test_a_mistake_found_by_a_worker_process_names_its_file_and_line(
    docs, recorded_day, monkeypatch
):
    scrape(docs, {"2026-03-10": recorded_day})
    path = docs / "papers/2603.07980.md"
    path.write_text(re.sub(r"(?m)^  upvotes: .*$", "  upvotes: many", path.read_text()))
    with pytest.raises(InvalidRecord) as here:
        store.load_archive(docs)
    monkeypatch.setattr(store, "PARSED_APART", 1)

    with pytest.raises(InvalidRecord) as apart:
        store.load_archive(docs)

    assert str(apart.value) == str(here.value)
    assert str(apart.value).startswith(f"{path}:")
    assert "upvotes" in str(apart.value)


def test_a_cache_written_by_other_rules_is_read_past_and_written_again(
    docs, recorded_day, monkeypatch
):
    scrape(docs, {"2026-03-10": recorded_day})
    first, _ = store.load_archive(docs)
    cache = docs / store.RecordCache.NAME
    whole = cache.read_text()
    # As the code that reads paper files changed since: its digest heads the cache.
    cache.write_text(whole.replace(whole.split("\n", 1)[0], "0123456789abcdef", 1))
    parsed = parses_counted(monkeypatch)

    papers, _ = store.load_archive(docs)

    assert papers == first
    assert len(parsed) == 3
    assert cache.read_text() == whole

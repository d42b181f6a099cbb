"""The command line against a real local server: what a maintainer or CI sees."""

import datetime as dt
import re
import shutil

import pytest

from scraper.cli import main
from scraper.fetching.replay import ReplayServer
from scraper.records import store
from tests.helpers import api_item


@pytest.fixture
def api(recorded_day):
    with ReplayServer(
        {"2026-03-10": recorded_day, "2026-03-09": [api_item("2603.00001")], "2026-03-08": []}
    ) as server:
        yield server


def test_fetch_a_range_prints_a_line_per_day_and_a_summary(api, docs, capsys):
    status = main(
        [
            "fetch",
            "--since",
            "2026-03-08",
            "--until",
            "2026-03-10",
            "--api-url",
            api.url,
            "--docs-dir",
            str(docs),
        ]
    )

    out = capsys.readouterr().out
    assert status == 0
    assert out.splitlines() == [
        "2026-03-08: 0 listed, 0 new, 0 updated, 0 unchanged",
        "2026-03-09: 1 listed, 1 new, 0 updated, 0 unchanged",
        "2026-03-10: 3 listed, 3 new, 0 updated, 0 unchanged",
        f"Fetched 3 of 3 days (1 empty) from {api.url}: papers 4 new, 0 updated, 0 unchanged; "
        "0 malformed items skipped; 0 days failed.",
    ]
    assert all("limit=100" in path and "p=0" in path for path in api.requests)


def test_fetch_citing_reads_what_cites_the_papers_of_an_old_day(docs, recorded_day, capsys):
    details = {
        item["paper"]["id"]: {
            **item["paper"],
            "numTotalModels": 7,
            "numTotalDatasets": 1,
            "numTotalSpaces": 0,
        }
        for item in recorded_day[:2]
    }  # the third: HF has not indexed it
    with ReplayServer({"2026-03-10": recorded_day}, details=details) as server:
        arguments = ["fetch", "--date", "2026-03-10", "--api-url", server.url]
        assert main([*arguments, "--docs-dir", str(docs)]) == 0
        assert not any(path.startswith("/api/papers/") for path in server.requests)
        assert main([*arguments, "--citing", "--docs-dir", str(docs)]) == 0
        assert sum(path.startswith("/api/papers/") for path in server.requests) == 3

    assert capsys.readouterr().out.splitlines()[-1] == "Citing counts read for 2 papers."
    cited = store.read_paper(docs / f"papers/{recorded_day[0]['paper']['id']}.md")
    assert cited.citing["models"] == 7


def test_fetch_reads_the_api_url_from_the_environment(api, docs, monkeypatch, capsys):
    monkeypatch.setenv("HF_API_URL", api.url)
    assert main(["fetch", "--date", "2026-03-10", "--docs-dir", str(docs)]) == 0
    assert (docs / "papers/2603.08660.md").exists()


def test_fetch_exits_non_zero_when_a_day_fails(docs, capsys):
    with ReplayServer({}) as server:
        url = server.url
    # The server is gone: every request is refused.
    status = main(
        [
            "fetch",
            "--date",
            "2026-03-10",
            "--api-url",
            url,
            "--max-retries",
            "0",
            "--docs-dir",
            str(docs),
        ]
    )
    captured = capsys.readouterr()
    assert status == 1
    assert "2026-03-10: failed: day 2026-03-10: GET" in captured.err
    assert "1 days failed" in captured.out


def test_a_future_date_is_refused_before_any_request(docs, capsys):
    tomorrow = dt.datetime.now(dt.UTC).date() + dt.timedelta(days=1)
    assert main(["fetch", "--date", str(tomorrow), "--docs-dir", str(docs)]) == 2
    assert "is in the future" in capsys.readouterr().err
    assert not (docs / "days.json").exists()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--until", "2026-03-10"], "--until goes with --since"),
        (["--days", "0"], "--days must be 1 or more"),
        (["--since", "2026-03-10", "--until", "2026-03-09"], "comes after --until"),
    ],
)
def test_arguments_that_cannot_work_are_usage_errors(docs, capsys, arguments, message):
    assert main(["fetch", *arguments, "--docs-dir", str(docs)]) == 2
    assert message in capsys.readouterr().err


@pytest.fixture
def archive_docs(api, docs):
    main(["fetch", "--date", "2026-03-10", "--api-url", api.url, "--docs-dir", str(docs)])
    return docs


def test_check_passes_on_what_the_scraper_wrote(archive_docs, capsys):
    assert main(["check", "--docs-dir", str(archive_docs)]) == 0
    assert "Checked 3 paper files and the day ledger: 0 problems." in capsys.readouterr().out


def edit(path, old, new):
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        pytest.param(
            "  upvotes: 30\n",
            "  upvotes: 30\n  votes: 3\n",
            r":\d+: field 'votes': unknown field",
            id="unknown-field",
        ),
        pytest.param(
            "  title: ", "  title: [", r"front matter is not valid YAML", id="broken-yaml"
        ),
        pytest.param("  title: ", "  titel: ", r"field 'titel': unknown field", id="misspelt-key"),
        pytest.param(
            "  upvotes: 30\n",
            "  upvotes: 30\n  2026: a year\n",
            r":\d+: field '2026': unknown field",
            id="a-number-for-a-key",
        ),
        pytest.param(
            "paper:\n",
            "title: '<img src=x onerror=alert(1)>'\npaper:\n",
            r":\d+: field 'title': unknown top-level key",
            id="top-level-key",
        ),
        pytest.param("  title: ", "  # title: ", r":4: field 'title': missing", id="missing-title"),
        pytest.param(
            "  - Yuxin Zuo\n",
            "    - Yuxin Zuo\n",
            r":\d+: field 'authors': `- Yuxin Zuo` is indented deeper than `- Bingxiang He`",
            id="author-nested-under-another",
        ),
        pytest.param(
            "  upvotes: 30\n",
            "  upvotes: 30\n  comment: it is: wrong\n",
            r":\d+: front matter is not valid YAML \(mapping values are not allowed.*\) at "
            r"`comment: it is: wrong`: a ': ' inside a value",
            id="colon-in-a-value",
        ),
        pytest.param(
            "  title: ",
            "  title: {",
            r"a value that starts with `\{` or `\[` is read as a mapping or a list: put the whole "
            r"value in quotes",
            id="a-brace-starts-a-value",
        ),
        pytest.param(
            "  upvotes: 30\n",
            "  upvotes: '30' votes\n",
            r"something follows the value on this line that YAML cannot read",
            id="text-after-a-quoted-value",
        ),
        pytest.param(
            "  - Yuxin Zuo\n",
            "  -Yuxin Zuo\n",
            r":11: front matter is not valid YAML .* at `-Yuxin Zuo`: a list item starts with '- '",
            id="item-without-its-space",
        ),
        pytest.param(
            "  abstract: >-\n",
            "  abstract: >-\n    In short, a study.\n  Of tokens\n",
            r":\d+: front matter is not valid YAML .* at `Of tokens`: this line goes on "
            r"with the text of `abstract:` above but starts further left than its other lines",
            id="abstract-line-further-left",
        ),
        pytest.param(
            "  upvotes: 30\n",
            "  upvotes: 30\n  github https://github.com/x/y\n",
            r"`github https://github.com/x/y`: this line is neither `field: value`",
            id="field-without-colon",
        ),
        pytest.param(
            "  authors:\n  - Bingxiang He\n  - Yuxin Zuo\n",
            "  authors: Bingxiang He, Yuxin Zuo\n",
            r":\d+: field 'authors': must be a list",
            id="authors-as-string",
        ),
        pytest.param(
            "  upvotes: 30\n",
            "  upvotes: 30\n  citing:\n    models: many\n    datasets: 0\n    spaces: 0\n"
            "    as_of: 2026-03-17\n",
            r":\d+: field 'citing': models: must be a whole number",
            id="citing-not-a-count",
        ),
        pytest.param(
            "  id: '2603.08660'",
            "  id: 2603.08660",
            r"field 'id': must be a quoted arXiv id",
            id="unquoted-id",
        ),
        pytest.param(
            "  project_page: https://example.org/think",
            "  project_page: javascript:alert(1)",
            r"field 'project_page': must be an http",
            id="bad-url",
        ),
    ],
)
def test_check_names_the_file_line_and_field_of_a_mistake(archive_docs, capsys, old, new, message):
    path = archive_docs / "papers/2603.08660.md"
    edit(path, old, new)

    assert main(["check", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{path}:")
    assert re.search(message, err), err


def test_check_points_at_a_line_of_text_that_yaml_read_as_a_field(archive_docs, capsys):
    path = archive_docs / "papers/2603.08660.md"
    abstract = "  abstract: >-\n    We study tokens.\n  Of note: cat.n.01 is a synset.\n"
    path.write_text(re.sub(r"  abstract: >-\n(    .*\n)+", abstract, path.read_text()))
    line = path.read_text().splitlines().index("  Of note: cat.n.01 is a synset.") + 1

    assert main(["check", str(path)]) == 1
    assert capsys.readouterr().err.startswith(
        f"{path}:{line}: field 'Of note': a line of text written further left than the text "
        "above it"
    )


def test_check_points_at_a_field_that_lost_its_indentation(archive_docs, capsys):
    path = archive_docs / "papers/2603.08660.md"
    edit(path, "  published: 2026-03-09\n", "published: 2026-03-09\n")
    line = path.read_text().splitlines().index("published: 2026-03-09") + 1

    assert main(["check", str(path)]) == 1
    assert capsys.readouterr().err.startswith(
        f"{path}:{line}: `published: 2026-03-09` starts at the line's first column"
    )


def test_check_points_at_a_field_moved_out_of_the_record(archive_docs, capsys):
    path = archive_docs / "papers/2603.08660.md"
    edit(path, "  published: 2026-03-09\n", "")
    text = path.read_text()
    end = text.index("\n---\n", 4) + 1
    path.write_text(text[:end] + "published: 2026-03-09\n" + text[end:])
    line = path.read_text().splitlines().index("published: 2026-03-09") + 1

    assert main(["check", str(path)]) == 1
    assert capsys.readouterr().err.startswith(
        f"{path}:{line}: field 'published': unknown top-level key"
    )


@pytest.mark.parametrize(
    ("under", "written", "message"),
    [
        pytest.param(
            "  scraped:\n",
            "    github_stars: 12\n",
            "field 'scraped.github_stars': this line is in `scraped:`, the fingerprints",
            id="a-field-among-the-fingerprints",
        ),
        pytest.param(
            "  scraped:\n",
            "    github: https://github.com/x/y\n",
            "front matter is not valid YAML (found duplicate key 'github') at `github: "
            "https://github.com/x/y`: this line is in `scraped:`, the fingerprints",
            id="a-fingerprinted-field-among-the-fingerprints",
        ),
        pytest.param(
            "  submitter:\n",
            "    github: https://github.com/x/y\n",
            "field 'submitter.github': unknown key: `submitter:` holds only `name`, `fullname`",
            id="a-field-in-an-account",
        ),
    ],
)
def test_check_names_the_line_of_a_field_written_in_the_wrong_mapping(
    archive_docs, capsys, under, written, message
):
    path = archive_docs / "papers/2603.08660.md"
    edit(path, under, under + written)
    line = path.read_text().splitlines().index(written.rstrip("\n")) + 1

    assert main(["check", str(path)]) == 1
    assert capsys.readouterr().err.startswith(f"{path}:{line}: {message}")


def test_check_asks_for_a_corrected_authors_name_in_their_hf_link_too(archive_docs, capsys):
    path = archive_docs / "papers/2603.07980.md"
    edit(path, "  - Qianyu Yang\n", "  - Qian-Yu Yang\n")

    assert main(["check", str(path)]) == 1
    err = capsys.readouterr().err
    assert re.search(
        r"2603.07980.md:\d+: field 'author_profiles': 'Qianyu Yang' is none of the authors: "
        r"where you corrected an author's name, correct it here too",
        err,
    ), err

    edit(path, "    Qianyu Yang: qianyu-yang", "    Qian-Yu Yang: qianyu-yang")
    assert main(["check", str(path)]) == 0


def test_check_asks_for_one_hf_user_or_null_for_each_author_of_a_shared_name(archive_docs, capsys):
    path = archive_docs / "papers/2603.07980.md"
    edit(path, "  - Jiaqi Li\n", "  - Yang Liu\n")  # two authors named Yang Liu
    edit(path, "    Qianyu Yang: qianyu-yang", "    Yang Liu:\n    - yliu")

    assert main(["check", str(path)]) == 1
    assert re.search(
        r"2603.07980.md:\d+: field 'author_profiles': 'Yang Liu' has 1 item, but 2 of the "
        r"authors have this name: give each of them, in order, a user name or null",
        capsys.readouterr().err,
    )

    edit(path, "    - yliu", "    - null\n    - yliu")
    assert main(["check", str(path)]) == 0


def test_check_refuses_a_key_written_twice(archive_docs, capsys):
    path = archive_docs / "papers/2603.07980.md"
    twice = "    Qianyu Yang: qianyu-yang\n    Qianyu Yang: other"
    edit(path, "    Qianyu Yang: qianyu-yang", twice)

    assert main(["check", str(path)]) == 1
    assert re.search(
        r"2603.07980.md:\d+: front matter is not valid YAML \(found duplicate key 'Qianyu Yang'\)"
        r".*this key is written twice in one mapping",
        capsys.readouterr().err,
    )


def test_check_refuses_a_file_renamed_away_from_its_id(archive_docs, capsys):
    path = archive_docs / "papers/2603.08660.md"
    renamed = path.with_name("scaling-think.md")
    shutil.move(path, renamed)
    assert main(["check", str(renamed)]) == 1
    assert "must be named after the paper's id: 2603.08660.md" in capsys.readouterr().err


def test_check_points_listing_edits_to_the_paper_file(archive_docs, capsys):
    for page in (
        "papers/date/2026-03-10.md",
        "papers/week/2026-W11.md",
        "index.md",
        "coverage.json",
    ):
        assert main(["check", "--docs-dir", str(archive_docs), str(archive_docs / page)]) == 1
        assert "listing pages are generated" in capsys.readouterr().err


def test_a_one_field_edit_is_a_complete_correction(archive_docs, capsys):
    path = archive_docs / "papers/2603.08660.md"
    edit(path, "  - Yuxin Zuo\n", "  - Yuxin Zuo\n  - Grace Hopper\n")
    assert main(["check", str(path)]) == 0
    assert "0 problems" in capsys.readouterr().out


def test_format_migrates_a_paper_file_that_still_holds_its_page_text(archive_docs, capsys):
    path = archive_docs / "papers/2603.08660.md"
    written = path.read_text()
    path.write_text(written + "\n# Scaling Tokens\n\nBingxiang He, Yuxin Zuo\n")
    assert main(["check", str(path)]) == 1
    assert re.search(r"2603.08660.md:\d+: text after the front matter", capsys.readouterr().err)

    # Without a word, the text would be lost: format refuses the file unless told to drop it.
    assert main(["format", str(path)]) == 1
    assert "2603.08660.md:" in capsys.readouterr().err
    assert path.read_text() != written

    assert main(["format", "--drop-text", str(path)]) == 0
    assert re.search(r"2603.08660.md:\d+: dropped 2 lines of text", capsys.readouterr().out)
    assert path.read_text() == written
    assert main(["check", str(path)]) == 0


def test_index_rebuilds_listings_from_the_paper_files(archive_docs, capsys):
    path = archive_docs / "papers/2603.08660.md"
    path.write_text(re.sub(r"(?m)^  title: .*$", "  title: Thinking Scaled", path.read_text()))

    assert main(["index", "--docs-dir", str(archive_docs)]) == 0
    assert (
        '<a class="paper-card__title" href="../2603.08660.md">Thinking Scaled</a>'
        in (archive_docs / "papers/date/2026-03-10.md").read_text()
    )


def test_a_replay_of_a_day_nobody_recorded_writes_nothing(api, docs, capsys):
    status = main(["fetch", "--date", "2026-03-07", "--api-url", api.url, "--docs-dir", str(docs)])
    assert status == 1
    assert "No recording of 2026-03-07 to replay" in capsys.readouterr().err
    assert not (docs / "papers").exists()


def test_check_names_the_line_and_field_of_a_mistake_in_the_day_ledger(archive_docs, capsys):
    ledger = archive_docs / "days.json"
    edit(ledger, '"date": "2026-03-10", "listed": 3', '"date": "2026-03-10", "listed": "3"')
    assert main(["check", "--docs-dir", str(archive_docs)]) == 1
    err = capsys.readouterr().err
    assert re.search(rf"{re.escape(str(ledger))}:\d+: field 'listed': must be a whole number", err)


def test_a_deleted_day_ledger_fails_check_instead_of_passing_every_day_as_complete(
    archive_docs, capsys
):
    (archive_docs / "days.json").unlink()
    assert main(["check", "--docs-dir", str(archive_docs)]) == 1
    err = capsys.readouterr().err
    assert "days.json" in err
    assert "missing: the day ledger records which days were fetched" in err


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        (r'"date": "2026-03-10"', '"date": "2026-W11-2"', "date"),
        (r'"fetched": "\d{4}-\d\d', '"fetched": "2026-13', "fetched"),
    ],
)
def test_a_ledger_date_that_only_looks_like_one_is_refused(archive_docs, capsys, old, new, field):
    ledger = archive_docs / "days.json"
    text = ledger.read_text()
    assert re.search(old, text)
    ledger.write_text(re.sub(old, new, text, count=1))
    assert main(["check", "--docs-dir", str(archive_docs)]) == 1
    assert f"field '{field}'" in capsys.readouterr().err


def test_a_ledger_day_with_a_list_for_a_date_is_named_not_a_crash(archive_docs, capsys):
    ledger = archive_docs / "days.json"
    edit(ledger, '"date": "2026-03-10"', '"date": ["2026-03-10"]')
    assert main(["check", "--docs-dir", str(archive_docs)]) == 1
    err = capsys.readouterr().err
    assert re.search(rf"{re.escape(str(ledger))}:\d+: field 'date'", err)


def test_index_migrates_an_archive_whose_day_pages_held_the_ledger(docs, capsys):
    """Before the ledger, each day's record was the front matter of its day page."""
    (docs / "papers/date").mkdir(parents=True)
    (docs / "papers/date/2026-03-08.md").write_text(
        "---\n# Generated from the paper files by `python -m scraper`: edit the papers, not "
        "this page.\ntitle: Papers of Sunday 8 March 2026\nday:\n  date: 2026-03-08\n  listed: 0\n"
        "  fetched: '2026-03-10T09:00:00Z'\n---\n\n# Papers of Sunday 8 March 2026\n"
    )
    assert main(["index", "--docs-dir", str(docs)]) == 0
    assert (docs / "days.json").read_text() == (
        '{"days": [\n{"date": "2026-03-08", "listed": 0, "fetched": "2026-03-10T09:00:00Z", '
        '"votes_as_of": "2026-03-10"}\n]}\n'
    )
    assert "day:" not in (docs / "papers/date/2026-03-08.md").read_text()
    assert main(["check", "--docs-dir", str(docs)]) == 0


def test_prepare_stops_at_a_broken_paper_file_and_keeps_the_last_prepared_tree(
    archive_docs, tmp_path, capsys
):
    prepared = tmp_path / "prepared"
    args = ["prepare", "--docs-dir", str(archive_docs), "--out", str(prepared)]
    assert main(args) == 0
    page = prepared / "papers/2603.08660/index.md"
    before = page.read_text()
    edit(archive_docs / "papers/2603.08660.md", "  upvotes: ", "  upvotes: many ")

    assert main(args) == 1
    err = capsys.readouterr().err
    assert "2603.08660.md" in err
    assert "'upvotes'" in err
    assert page.read_text() == before, "the last prepared tree is whole and unchanged"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".prepared")] == []

import dataclasses
import datetime as dt
import logging

import pytest

from scraper.errors import InvalidRecord
from scraper.records.model import Paper, merge
from tests.helpers import api_item

DAY = dt.date(2026, 3, 10)


def test_realistic_item_becomes_a_record(recorded_day):
    paper = Paper.from_api(recorded_day[0], DAY, where="day 2026-03-10, item 1")

    assert paper.id == "2603.07980"
    assert paper.title == "$OneMillion-Bench: How Far are Language Agents from Human Experts?"
    assert paper.authors == (
        "Qianyu Yang",
        "Yang Liu",
        "Jiaqi Li",
        "Jun Bai",
        "Hao Chen",
        "Kaiyuan Chen",
    )
    assert paper.abstract == (
        "We introduce $OneMillion-Bench, a benchmark of 400 expert-curated tasks spanning Law, "
        "Finance and Science; agents earn $1 Million if they solve all of them."
    )
    assert paper.days == (DAY,)
    assert paper.published == dt.date(2026, 3, 9)
    assert (paper.upvotes, paper.comments) == (15, 1)
    assert paper.github == "https://github.com/humanlaya/OneMillion-Bench"
    assert paper.github_stars == 4
    assert paper.project_page is None
    assert paper.ai_keywords == ("language agents", "rubric-based evaluation")


def test_paragraphs_of_an_abstract_are_kept(recorded_day):
    paper = Paper.from_api(recorded_day[1], DAY, where="x")
    assert paper.abstract.count("\n\n") == 1
    assert paper.abstract.endswith("A second paragraph with a \\textit{macro} and a back\\slash.")


def test_the_old_schema_without_optional_fields_is_accepted():
    item = {
        "paper": {
            "id": "2403.07850",
            "title": "Synth^2: Boosting Visual-Language Models with\n"
            "  Synthetic Captions and Image Embeddings",
            "summary": "Abstract.",
            "authors": [{"_id": "x", "name": "Sahand Sharifzadeh"}],
            "upvotes": 3,
            "publishedAt": "2024-03-12T19:07:29.000Z",
        },
        "publishedAt": "2024-03-13T02:34:12.401Z",
        "title": "Synth$^2$: …",
        "mediaUrl": "https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2403.07850.png",
        "numComments": 0,
    }
    paper = Paper.from_api(item, dt.date(2024, 3, 13), where="x")
    assert paper.title == (
        "Synth^2: Boosting Visual-Language Models with Synthetic Captions and Image Embeddings"
    )
    # The old schema's one `mediaUrl` was the card's image, as `thumbnail` is now.
    assert paper.thumbnail == item["mediaUrl"]
    assert paper.ai_summary is None
    assert paper.organization is paper.submitter is paper.media is None


def test_unknown_fields_are_ignored():
    item = api_item("2603.00001", brandNewField={"x": 1})
    item["anotherNewField"] = [1, 2]
    assert Paper.from_api(item, DAY, where="x").id == "2603.00001"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        pytest.param(lambda item: item.pop("paper"), "paper", id="no-paper"),
        pytest.param(lambda item: item["paper"].pop("id"), "paper.id", id="no-id"),
        pytest.param(lambda item: item["paper"].update(id="2603.7980v2"), "paper.id", id="bad-id"),
        pytest.param(
            lambda item: (item["paper"].update(title="  "), item.update(title="")),
            "paper.title",
            id="blank-title",
        ),
        pytest.param(
            lambda item: item["paper"].update(upvotes="12"), "paper.upvotes", id="upvotes-as-text"
        ),
        pytest.param(
            lambda item: item["paper"].update(authors="Ada Lovelace"),
            "paper.authors",
            id="authors-as-text",
        ),
        pytest.param(
            lambda item: item["paper"]["authors"][1].pop("name"),
            "paper.authors[1].name",
            id="nameless-author",
        ),
        pytest.param(
            lambda item: item["paper"].update(publishedAt="yesterday"),
            "paper.publishedAt",
            id="bad-date",
        ),
    ],
)
def test_malformed_items_are_rejected_naming_the_day_and_field(change, field):
    item = api_item("2603.00001")
    change(item)
    with pytest.raises(InvalidRecord) as caught:
        Paper.from_api(item, DAY, where="day 2026-03-10, item 4")
    assert caught.value.field == field
    assert str(caught.value).startswith("day 2026-03-10, item 4")


def test_a_missing_paper_title_falls_back_to_the_items_title():
    item = api_item("2603.00001", title="Kept")
    del item["paper"]["title"]
    assert Paper.from_api(item, DAY, where="x").title == "Kept"


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "data:text/html,x",
        "//evil.test/x",
        "/papers/relative",
        "https://x.test/a b",
    ],
)
def test_unsafe_links_are_dropped_with_a_warning_naming_the_paper(url, caplog):
    item = api_item("2603.00001", githubRepo=url, projectPage=url)
    with caplog.at_level(logging.WARNING, logger="scraper"):
        paper = Paper.from_api(item, DAY, where="day 2026-03-10, item 1")
    assert paper.github is None
    assert paper.project_page is None
    assert "2603.00001" in caplog.text
    assert "githubRepo" in caplog.text


def test_control_characters_and_lone_surrogates_are_removed():
    item = api_item("2603.00001", title="Bad\x00 title\x1b with \ud800 surrogate")
    assert Paper.from_api(item, DAY, where="x").title == "Bad title with \ufffd surrogate"


# --- The corrections rule -------------------------------------------------------------------


def scraped(**paper_fields) -> Paper:
    return Paper.from_api(api_item("2603.00001", **paper_fields), DAY, "x")


def fresh(**paper_fields) -> Paper:
    return Paper.from_api(api_item("2603.00001", **paper_fields), dt.date(2026, 3, 11), "x")


def test_merge_keeps_a_persons_corrections_and_updates_the_counters():
    mine = dataclasses.replace(scraped(title="Wrong Titel", upvotes=3), title="Right Title")

    merged = merge(mine, fresh(title="Wrong Titel", upvotes=40))

    assert merged.title == "Right Title"
    assert merged.upvotes == 40
    assert merged.days == (DAY, dt.date(2026, 3, 11))
    assert merged.corrected() == ["title"]


def test_merge_follows_hfs_own_later_changes_where_nobody_edited():
    merged = merge(scraped(title="First Title"), fresh(title="Title From arXiv v2"))
    assert merged.title == "Title From arXiv v2"
    assert merged.corrected() == []


def test_merge_fills_in_what_hf_adds_later():
    update = fresh(githubRepo="https://github.com/a/b", githubStars=9, ai_summary="Short.")
    merged = merge(scraped(), update)
    assert (merged.github, merged.github_stars, merged.ai_summary) == (
        "https://github.com/a/b",
        9,
        "Short.",
    )


def test_merge_keeps_a_code_link_a_person_added_before_hf():
    mine = dataclasses.replace(scraped(), github="https://github.com/right/repo")
    merged = merge(mine, fresh(githubRepo="https://github.com/wrong/repo", githubStars=9))
    assert merged.github == "https://github.com/right/repo"
    assert merged.github_stars is None


def test_merge_never_refills_a_field_a_person_cleared():
    record = scraped(githubRepo="https://github.com/wrong/repo").to_record()
    record["github"] = None
    mine = Paper.from_record(record, "docs/papers/2603.00001.md")

    merged = merge(mine, fresh(githubRepo="https://github.com/wrong/repo", githubStars=9))

    assert merged.github is None
    assert merged.to_record()["github"] is None
    assert merged.corrected() == ["github"]


def test_a_correction_hf_later_agrees_with_is_no_longer_one():
    mine = dataclasses.replace(scraped(title="Wrong Titel"), title="Right Title")
    merged = merge(mine, fresh(title="Right Title"))
    assert merged.title == "Right Title"
    assert merged.corrected() == []


def test_the_record_has_exactly_the_fields_of_the_table():
    """The paper file's fields are declared once (scraper/records/fields.py); the record
    follows it."""
    from scraper.records import fields

    names = [f.name for f in dataclasses.fields(Paper) if f.name != "cleared"]
    assert sorted(names) == sorted(fields.NAMES)

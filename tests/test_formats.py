"""BibTeX, JSON and Atom as a citation manager, a script and a feed reader would read them."""

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET

import pytest

from scraper.records.model import Day, Paper
from scraper.rendering import formats
from tests.helpers import api_item

DAY = dt.date(2026, 3, 10)
ATOM = "{http://www.w3.org/2005/Atom}"
LATEX = {v: k for k, v in formats._BIBTEX_SPECIAL.items()}


def parse_bibtex(text: str) -> list[tuple[str, str, dict[str, str]]]:
    """A brace-matching reader for the entries we write: (type, key, fields)."""
    entries = []
    for match in re.finditer(r"@(\w+)\{([^,]+),", text):
        fields, i = {}, match.end()
        while True:
            field = re.compile(r"\s*(\w+)=\{").match(text, i)
            if not field:
                break
            depth, j = 1, field.end()
            while depth:
                if text[j] == "\\":
                    j += 2
                    continue
                depth += {"{": 1, "}": -1}.get(text[j], 0)
                j += 1
            fields[field.group(1)] = text[field.end() : j - 1]
            i = j + 1
        entries.append((match.group(1), match.group(2), fields))
    return entries


def unlatex(text: str) -> str:
    return re.sub(
        "|".join(map(re.escape, sorted(LATEX, key=len, reverse=True))),
        lambda m: LATEX[m.group()],
        text,
    )


@pytest.mark.parametrize(
    "title",
    ["Plain Title", "\\$OneMillion-Bench: 100% of {x} & y_z #1 ~ 2^3", "Über-Modell für Müller"],
)
def test_bibtex_parses_back_to_the_paper(title):
    paper = Paper.from_api(
        api_item("2603.07980", title, authors=("Qianyu Yang", "Sy-Tuyen Ho", "Plato")), DAY, "x"
    )
    [(kind, key, fields)] = parse_bibtex(formats.bibtex(paper))

    assert kind == "misc"
    assert re.fullmatch(r"yang2026\w+", key)
    assert unlatex(fields["title"]) == title.replace("\\$", "$")
    assert fields["author"] == "Yang, Qianyu and Ho, Sy-Tuyen and Plato"
    assert (fields["year"], fields["eprint"], fields["archivePrefix"]) == (
        "2026",
        "2603.07980",
        "arXiv",
    )
    assert fields["url"] == "https://arxiv.org/abs/2603.07980"


def test_day_json_holds_the_days_records(recorded_day):
    papers = [Paper.from_api(item, DAY, "x") for item in recorded_day]
    data = json.loads(formats.day_json(Day(DAY, 3, "2026-03-10T09:00:00Z"), papers))
    assert data["date"] == "2026-03-10"
    assert data["listed"] == 3
    assert [p["id"] for p in data["papers"]] == ["2603.07980", "2603.08660", "2603.03269"]
    assert data["papers"][0]["url"] == "/papers/2603.07980/"
    assert data["papers"][0]["authors"][0] == "Qianyu Yang"
    assert data["papers"][0]["days"] == ["2026-03-10"]
    assert "scraped" not in data["papers"][0]
    assert data["papers"][0]["ai_summary"] == recorded_day[0]["paper"]["ai_summary"]
    assert "abstract" not in data["papers"][0]  # on its page and in the Parquet file


def test_the_atom_feed_parses_with_stable_ids_and_links(recorded_day):
    papers = [Paper.from_api(item, DAY, "x") for item in recorded_day]
    older = [Paper.from_api(api_item("2603.00001", "Older"), dt.date(2026, 3, 9), "x")]
    feed = ET.fromstring(
        formats.atom_feed(
            [(DAY, papers), (dt.date(2026, 3, 9), older)], "https://example.org/archive/", "Archive"
        )
    )

    assert feed.find(f"{ATOM}updated").text == "2026-03-10T00:00:00Z"
    self_link = feed.find(f"{ATOM}link[@rel='self']").get("href")
    assert self_link == "https://example.org/archive/feed.xml"
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}id").text for e in entries] == [
        "https://arxiv.org/abs/2603.07980",
        "https://arxiv.org/abs/2603.08660",
        "https://arxiv.org/abs/2603.03269",
        "https://arxiv.org/abs/2603.00001",
    ]
    second = entries[1]
    assert second.find(f"{ATOM}title").text.startswith("Scaling <think> Tokens")
    assert (
        second.find(f"{ATOM}link").get("href") == "https://example.org/archive/papers/2603.08660/"
    )
    assert [a.find(f"{ATOM}name").text for a in second.findall(f"{ATOM}author")] == [
        "Bingxiang He",
        "Yuxin Zuo",
    ]
    assert "<person, action, object>" in second.find(f"{ATOM}summary").text


def test_an_arxiv_dollar_shows_as_a_dollar_and_cites_as_one():
    paper = Paper.from_api(
        api_item("2603.07980", "\\$OneMillion-Bench", summary="Together, \\$OneMillion-Bench"),
        DAY,
        "x",
    )
    assert (paper.title, paper.abstract) == ("$OneMillion-Bench", "Together, $OneMillion-Bench")
    assert "title={\\$OneMillion-Bench}" in formats.bibtex(paper)
    assert "textbackslash" not in formats.bibtex(paper)

import dataclasses
import datetime as dt
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml

from scraper.records import store
from scraper.records.frontmatter import split_front_matter
from scraper.records.model import Coverage, Day, Paper
from scraper.rendering import listings
from scraper.rendering.escaping import prose_text
from scraper.rendering.escaping import text as escape_text
from scraper.rendering.formats import plain_summary
from scraper.rendering.listings import calendar, paper_rows, render_day, render_week
from scraper.rendering.render import paper_head, paper_page, render_paper
from tests.helpers import DATA, REPO, api_item

DAY = dt.date(2026, 3, 10)
# The characters that bite in real abstracts and titles (see the seeds), one at a time and mixed.
AWKWARD = [
    "\\",
    "_",
    "^",
    "~",
    "{",
    "}",
    "<",
    ">",
    "*",
    "$",
    "`",
    "&",
    "#",
    "[",
    "]",
    "|",
    "!",
    "a_b_c and a*b*c and __init__",
    "x^2 and 360^\\circ",
    "\\textit{Trans-LoRA}",
    "``X-Cross'' tokens",
    "`cat.n.01`",
    "<think> and <person, action, object>",
    "&amp; &lt;",
    "[link](https://evil.test) ![img](x.png)",
    "C# and F#",
    "1. Not a list",
    "- not an item",
    "> not a quote",
    "# not a heading",
    "+ plus",
    "{: .class} {#id}",
    "$1 Million and $200k",
    "\\$OneMillion-Bench",
    "Prefill \\& Decode",
    "P(y|x) to P(y)",
    "**bold** _em_",
]


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.tags = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.parts.append(data)


def _extensions() -> list[str]:
    """The Markdown extensions the site builds with, as mkdocs.yml lists them."""
    config = yaml.load((REPO / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)
    return [next(iter(e)) if isinstance(e, dict) else e for e in config["markdown_extensions"]]


EXTENSIONS = _extensions()


def shown(source: str) -> tuple[str, list[str]]:
    """What a reader sees of Markdown `source`, and the HTML elements it made."""
    parser = _Text()
    parser.feed(markdown.markdown(source, extensions=EXTENSIONS))
    return "".join(parser.parts), parser.tags


@pytest.mark.parametrize("text", AWKWARD)
def test_escaped_text_reads_exactly_as_the_source(text):
    assert shown(f"<p>{escape_text(text)}</p>") == (text, ["p"])


@pytest.mark.parametrize("text", AWKWARD)
def test_awkward_titles_and_abstracts_survive_a_paper_page(text):
    paper = Paper.from_api(api_item("2603.00001", title=f"T {text}", summary=text), DAY, "x")
    page = render_paper(paper)

    record, rest = store.parse_paper(page, "docs/papers/2603.00001.md")
    html_text, tags = shown(paper_page(record))

    assert record == paper
    assert rest == ""
    assert f"T {text}" in html_text
    assert text in html_text
    assert "script" not in tags
    assert tags.count("img") == 1  # HF's thumbnail; none from the text
    # The day, Hugging Face, arXiv, the PDF and the discussion (2 comments), each author's
    # papers, and each web address the abstract holds.
    assert tags.count("a") == 5 + len(paper.authors) + text.count("https://")


def test_paper_file_and_page_match_the_golden_files(recorded_day):
    """The file format and the page built from it, reviewed by eye: UPDATE_GOLDEN=1 rewrites
    the golden files."""
    paper = Paper.from_api(recorded_day[0], DAY, "x")
    for name, text in (
        ("2603.07980.md", render_paper(paper)),
        ("2603.07980.page.html", paper_page(paper)),
    ):
        golden = DATA / "expected" / name
        if os.environ.get("UPDATE_GOLDEN"):
            golden.parent.mkdir(exist_ok=True)
            golden.write_text(text, encoding="utf-8")
        assert text == golden.read_text(encoding="utf-8")


def test_paper_page_shows_every_author_and_labels_the_ai_summary(recorded_day):
    text, _ = shown(paper_page(Paper.from_api(recorded_day[0], DAY, "x")))
    # Qianyu Yang has a Hugging Face profile: "HF" after her name links to it.
    assert "Qianyu Yang\u00a0HF, Yang Liu, Jiaqi Li, Jun Bai, Hao Chen, Kaiyuan Chen" in text
    assert "AI-generated summary" in text
    assert (
        "Written by a language model (Qwen/Qwen2.5-Coder-32B-Instruct) on Hugging Face, "
        "not by the authors."
    ) in text
    assert "Keywords: language agents · rubric-based evaluation." in text
    # HF's summary comes first, as on HF's own page; the abstract after it.
    assert text.index("AI-generated summary") < text.index("Abstract")


def test_two_authors_of_one_name_each_keep_their_own_hf_link():
    item = api_item("2603.00002", "P", authors=("Yang Liu", "Ada Lovelace", "Yang Liu"))
    item["paper"]["authors"][2]["user"] = {"user": "yliu"}
    text, _ = shown(paper_page(Paper.from_api(item, DAY, "x")))
    # The HF profile is the second Yang Liu's, not the first's.
    assert "Yang Liu, Ada Lovelace, Yang Liu\u00a0HF" in text


def test_an_old_files_single_link_for_a_shared_name_goes_to_neither_author():
    # Written before shared names were told apart: it does not say which Yang Liu it is.
    item = api_item("2603.00002", "P", authors=("Yang Liu", "Ada Lovelace", "Yang Liu"))
    paper = dataclasses.replace(Paper.from_api(item, DAY, "x"), author_profiles={"Yang Liu": "y"})
    text, _ = shown(paper_page(paper))
    assert "Yang Liu, Ada Lovelace, Yang Liu" in text
    assert "HF" not in text.split("Abstract")[0]


def test_a_collaborations_hundreds_of_authors_fold_after_the_first_twenty():
    names = [f"Author {n}" for n in range(1, 665)]
    paper = Paper.from_api(api_item("2603.00002", "Big Physics", authors=names), DAY, "x")
    in_sight, folded = paper_page(paper).split("<details>")
    assert "Author 20</a></p>" in in_sight
    assert "Author 21<" not in in_sight
    assert "<summary>and 644 more authors</summary>" in folded
    assert "Author 21</a>, " in folded
    assert "Author 664</a></p>" in folded
    # Citation managers read the head's tags: they name every author.
    assert re.findall(r'name="citation_author" content="([^"]*)"', paper_head(paper)) == names


def test_a_list_of_a_few_more_than_twenty_authors_stays_whole():
    names = [f"Author {n}" for n in range(1, 25)]
    page = paper_page(Paper.from_api(api_item("2603.00003", "Team", authors=names), DAY, "x"))
    assert "<details>" not in page
    assert '<p class="paper-authors">' in page
    assert "Author 24</a></p>" in page


def test_an_empty_weekend_day_says_so():
    page = render_day(Day(dt.date(2026, 3, 14), 0), [], dt.date(2026, 3, 13), None)
    text, _ = shown(split_front_matter(page, "x")[1])
    assert "No papers were listed on Hugging Face Daily Papers for this day" in text
    assert "weekends" in text


def test_links_to_the_days_and_weeks_around_say_when_they_skip_some():
    def nav(html):
        return shown(split_front_matter(html, "x")[1])[0].split("\n")[1].replace("\xa0", " ")

    day = Day(dt.date(2026, 3, 10), 0)
    assert nav(render_day(day, [], dt.date(2026, 3, 9), dt.date(2026, 3, 11))) == (
        "← 9 March · Week 11 · March 2026 · 11 March →"
    )
    assert nav(render_day(day, [], dt.date(2025, 9, 30), dt.date(2026, 3, 11))) == (
        "← 30 September 2025 · Week 11 · March 2026 · 11 March → "
        "(the nearest days the archive holds)"
    )
    days = [Coverage(dt.date(2026, 3, 10), "complete", 0, 0)]
    assert "nearest" not in render_week((2026, 11), days, [], ((2026, 10), (2026, 12)))
    assert nav(render_week((2026, 11), days, [], ((2025, 40), None))) == (
        "← Week 40, 2025 · March 2026 (the nearest weeks the archive holds)"
    )


def test_front_matter_round_trips_long_and_multi_paragraph_text():
    long = " ".join(["word"] * 60) + " x: y # z - 'q' \"r\""
    paper = Paper.from_api(
        api_item("2603.00001", summary=f"{long}\n\n{long}", ai_summary=long), DAY, "x"
    )
    assert store.parse_paper(render_paper(paper), "docs/papers/2603.00001.md")[0] == paper


def test_seed_abstracts_round_trip_when_available():
    seeds = Path(__file__).parent.parent.parent / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    paragraphs = [
        p
        for f in sorted(seeds.glob("*.txt"))
        for p in f.read_text(encoding="utf-8").split("\n\n")
        if len(p) > 200
    ][:300]
    for text in paragraphs:
        paper = Paper.from_api(api_item("2603.00001", title=text[:120], summary=text), DAY, "x")
        record, _ = store.parse_paper(render_paper(paper), "docs/papers/2603.00001.md")
        assert record == paper
        assert prose_text(paper.abstract) in shown(paper_page(record))[0]


def test_inline_tex_in_an_abstract_is_marked_for_typesetting_and_reads_as_written():
    abstract = (
        r"We fit $\alpha$-shapes in $\mathcal{O}(n^2)$ time for $n$ points; it costs $5 and $10."
    )
    paper = Paper.from_api(api_item("2603.00001", summary=abstract), DAY, "x")
    body = paper_page(paper)
    html = markdown.markdown(body, extensions=EXTENSIONS)

    spans = re.findall(r'<span class="math">(.*?)</span>', html)
    assert spans == [r"$\alpha$", r"$\mathcal{O}(n^2)$", "$n$"]
    assert abstract in shown(body)[0]


def test_tex_escapes_accents_and_quotes_outside_math_read_as_their_characters():
    abstract = (
        r"Over 90\% vs.\ 80\% on Spain's ``Bolet\'{\i}n Oficial del Estado'' (R\&D, G\"odel); "
        r"$90\%$ stays TeX, as does \OneMillion."
    )
    paper = Paper.from_api(api_item("2603.00001", summary=abstract), DAY, "x")
    body = paper_page(paper)
    assert (
        "Over 90% vs. 80% on Spain's “Boletín Oficial del Estado” (R&D, Gödel); "
        r"$90\%$ stays TeX, as does \OneMillion."
    ) in shown(body)[0]
    assert r'<span class="math">$90\%$</span>' in body
    assert 'content="Over 90% vs. 80% on Spain' in paper_head(paper)


def test_web_addresses_in_an_abstract_are_links_to_themselves():
    abstract = (
        "Code at https://github.com/o/r_x. Data (https://x.org/d?a=1&b=2), not javascript:x()."
    )
    paper = Paper.from_api(api_item("2603.00001", summary=abstract), DAY, "x")
    body = paper_page(store.parse_paper(render_paper(paper), "docs/papers/2603.00001.md")[0])
    html = markdown.markdown(body, extensions=EXTENSIONS)
    assert '<a href="https://github.com/o/r_x">https://github.com/o/r_x</a>. Data' in html
    assert '(<a href="https://x.org/d?a=1&amp;b=2">https://x.org/d?a=1&amp;b=2</a>)' in html
    assert shown(body)[0].count(abstract) == 1


def test_a_card_without_a_thumbnail_has_no_image():
    item = api_item("2603.00001", "No Picture")
    del item["thumbnail"]
    paper = Paper.from_api(item, DAY, "x")
    card = paper_rows("papers/date/2026-03-10.md", [paper])
    assert "<img" not in card
    assert card.startswith(
        '<ol class="paper-cards">\n<li class="paper-card">'
        '<a class="paper-card__title" href="../2603.00001.md">No Picture</a>'
        '<span class="paper-card__authors">Ada Lovelace, Alan Turing</span>'
    )


def test_a_card_leads_with_its_image_and_sets_the_organization_apart():
    item = api_item("2603.00001", "A Picture", upvotes=12)
    item["organization"] = {"name": "acme", "fullname": "Acme <Labs>"}
    paper = Paper.from_api(item, DAY, "x")
    card = paper_rows("papers/date/2026-03-10.md", [paper])
    image, title, authors, org, counts = re.findall(r"<(?:img|a|span)[^>]*>[^<]*", card)[:5]
    assert image.startswith('<img class="paper-card__image" src="https://')
    assert 'alt=""' in image
    assert 'width="320" height="168"' in image
    assert title.endswith(">A Picture")
    assert org == '<span class="paper-card__org">Acme &lt;Labs&gt;'
    # A sign and its number never part at a line's end.
    assert counts.startswith('<span class="paper-card__counts">▲\u00a012 · ')


def test_a_days_cards_end_with_the_ai_summary_and_the_page_says_whose_it_is():
    papers = [
        Paper.from_api(api_item("2603.00001", "Summed Up", ai_summary="It does <this>."), DAY, "x"),
        Paper.from_api(api_item("2603.00002", "Not Summed Up"), DAY, "x"),
    ]
    page = render_day(Day(DAY, 2), papers, None, None)
    text, _ = shown(split_front_matter(page, "x")[1])
    assert "The cards' summaries are AI-generated, from Hugging Face." in text
    first, second = re.findall(r'<li class="paper-card".*?</li>', page)
    assert first.endswith('<span class="paper-card__summary">It does &lt;this&gt;.</span></li>')
    assert "paper-card__summary" not in second
    # Compact cards (topic pages) go without.
    assert "paper-card__summary" not in paper_rows("topics/x.md", papers, compact=True)


def test_a_months_calendar_links_its_days_and_the_weeks_the_archive_holds():
    days = [
        Coverage(dt.date(2026, 3, 9), "complete", 3, 3),
        Coverage(dt.date(2026, 3, 10), "empty", 0, 0),
    ]
    table = calendar("papers/month/2026-03.md", days, {(2026, 11)})
    rows = re.findall(r"<tr>.*?</tr>", table)
    assert re.sub(r"<[^>]+>", " ", rows[0]).split() == [
        "Week",
        *"Mon Tue Wed Thu Fri Sat Sun".split(),
    ]
    week_11 = next(row for row in rows if "2026-W11" in row)
    count = '<br><span class="calendar-count">{}</span>'
    assert '<a href="../date/2026-03-09.md">9</a>' + count.format(3) in week_11
    assert '<a href="../date/2026-03-10.md">10</a>' + count.format("none") in week_11
    assert '<td><a href="../week/2026-W11.md">11</a></td>' in week_11
    assert any(row.startswith("<tr><td>10</td>") for row in rows), "week 10 is not held: no link"
    assert len(rows) == 1 + 6  # March 2026 spans six ISO weeks, 9 to 14


def test_a_week_shows_every_paper_its_top_ones_as_cards_the_rest_a_line_each(monkeypatch):
    monkeypatch.setattr(listings, "TOP", 2)
    days = [
        Coverage(dt.date(2026, 3, 9), "complete", 2, 2, votes_as_of=dt.date(2026, 3, 16)),
        Coverage(dt.date(2026, 3, 10), "complete", 3, 3, votes_as_of=dt.date(2026, 4, 9)),
    ]
    papers = [
        Paper.from_api(
            api_item(
                f"2603.{n:05d}",
                f"Paper {n}",
                upvotes=10 - n,
                authors=("Ada Lovelace", "Alan Turing")[: 1 + n % 2],
                **({"githubRepo": "https://github.com/o/r"} if n == 4 else {}),
            ),
            DAY,
            "x",
        )
        for n in range(5)
    ]

    html = render_week((2026, 11), days, papers, (None, None))

    days_line = re.search(r'<p id="days">(.*?)</p>', html).group(1)
    assert re.sub(r"<[^>]+>", "", days_line) == "Days: Mon 9: 2 papers · Tue 10: 3 papers"
    assert html.index('id="days"') < html.index("Top 2 by upvotes")
    assert "(votes as of 16 March to 9 April 2026)" in html
    assert '<h2 id="the-other-3-papers">The other 3 papers</h2>' in html
    top, rest = html.split("The other 3 papers")
    cards = re.findall(r'class="paper-card__title"[^>]*>([^<]+)<', top)
    assert cards == ["Paper 0", "Paper 1"]
    assert top.count("paper-card__image") == 2
    lines = [re.sub(r"<[^>]+>", "", line) for line in re.findall(r"<li[^>]*>(.*?)</li>", rest)]
    assert lines == [
        "Paper 2 ▲\u00a08 · Ada Lovelace",
        "Paper 3 ▲\u00a07 · Ada Lovelace et al.",
        "Paper 4 ▲\u00a06 · Ada Lovelace · code",
    ]
    assert '<li data-code><a href="../2603.00004.md">Paper 4</a>' in rest
    assert "Only papers with code (1 of 5)" in html
    assert "Every other paper" not in html


def test_a_week_of_few_papers_shows_them_all_as_its_top():
    days = [Coverage(dt.date(2026, 3, 10), "complete", 3, 3)]
    papers = [Paper.from_api(api_item(f"2603.{n:05d}", f"Paper {n}"), DAY, "x") for n in range(3)]

    html = render_week((2026, 11), days, papers, (None, None))

    assert '<h2 id="top-by-upvotes">Top by upvotes</h2>' in html
    assert "The other" not in html
    assert html.count('class="paper-card"') == 3


def test_text_that_looks_like_a_list_item_inside_a_folded_value_reads_back():
    """The nested-list check reads the lines of a folded value (`>-`) as the text they are."""
    long = "- item " + "word " * 30
    item = api_item("2603.00001", "Dashes", summary=long, ai_keywords=[long.strip()])
    paper = Paper.from_api(item, DAY, "x")
    record, _ = store.parse_paper(render_paper(paper), "docs/papers/2603.00001.md")
    assert record == paper


def test_a_text_cut_after_a_sentence_ends_in_one_mark():
    # As descriptions, feed summaries and search excerpts show it: "quality…", not "quality.…".
    assert plain_summary("We improve quality. Then we measure it.", limit=22) == (
        "We improve quality…"
    )


def test_a_card_says_it_has_code_before_its_stars_are_known():
    paper = Paper.from_api(
        api_item("2603.00002", "Coded", githubRepo="https://github.com/a/b"), DAY, "x"
    )
    card = paper_rows("papers/date/2026-03-10.md", [paper])
    assert '<span class="paper-card__counts">▲\u00a01 · 2 comments · code</span>' in card
    assert "data-code" in card

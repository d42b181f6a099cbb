"""What a reader follows besides topics: an organization's papers and feed, an author's papers."""

import datetime as dt
import re
import xml.etree.ElementTree as ET
from html import unescape

import duckdb

from scraper.records import update
from tests.helpers import api_item, make_client, serve
from tests.test_site import build, page, text_of

ATOM = "{http://www.w3.org/2005/Atom}"


def org(name: str, fullname: str) -> dict:
    return {"_id": f"o-{name}", "name": name, "fullname": fullname, "avatar": "https://x/y.png"}


def card_ids(html: str) -> list[str]:
    return re.findall(r'<a class="paper-card__title" href="../../papers/(\d{4}\.\d{5})/">', html)


def scrape(docs, days: dict[str, list]) -> None:
    dates = sorted(dt.date.fromisoformat(day) for day in days)
    update.scrape(make_client(serve(days)), docs, dates)


def test_an_organization_page_lists_its_papers_newest_first_with_a_feed(docs):
    qwen, hostile = org("Qwen", "Qwen"), org("evil-lab", "<b>Evil</b> & Co")
    scrape(
        docs,
        {
            "2026-03-09": [
                api_item("2603.00001", "Old Qwen Paper", day="2026-03-09", organization=qwen),
                api_item("2603.00002", "Unaffiliated", day="2026-03-09"),
            ],
            "2026-03-10": [
                # The same account, spelled otherwise: one organization.
                api_item(
                    "2603.00003", "New Qwen Paper", upvotes=5, organization=org("qwen", "Qwen")
                ),
                api_item("2603.00004", "Another", upvotes=9, organization=qwen),
                api_item("2603.00005", "Evil Paper", organization=hostile),
            ],
        },
    )
    root = docs.parent
    build(root)

    html = page(root, "organizations/qwen")
    assert text_of(html, "h1") == ["Qwen"]
    assert "3 papers credited to this organization on Hugging Face, newest first." in " ".join(
        text_of(html, "p")
    )
    assert 'href="https://huggingface.co/Qwen"' in html
    assert text_of(html, "h2") == ["March 2026"]
    assert 'href="../../papers/month/2026-03/"' in html
    assert card_ids(html) == ["2603.00004", "2603.00003", "2603.00001"]
    counts = re.findall(r'<span class="paper-card__counts">(.*?)</span>', html)
    assert counts[0].startswith("10 March · ▲\u00a09")
    assert counts[2].startswith("9 March · ▲\u00a01")
    assert "paper-card__org" not in html  # its own name is the page's heading, not each card's

    # Feed readers find its own feed first.
    assert re.search(
        r'<link rel="alternate" type="application/atom\+xml" title="[^"]*Qwen[^"]*" '
        r'href="feed.xml">\s*<link rel="alternate"',
        html,
    )
    feed = ET.fromstring((root / "site/organizations/qwen/feed.xml").read_bytes())
    assert feed.findtext(f"{ATOM}title").endswith(": Qwen")
    entries = [e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")]
    assert entries == ["Another", "New Qwen Paper", "Old Qwen Paper"]

    # The index names each with its count; a name stays text.
    index = text_of(page(root, "organizations"), "li")
    assert "Qwen\u00a0·\u00a03\u00a0papers" in index
    assert "<b>Evil</b> & Co\u00a0·\u00a01\u00a0paper" in index
    evil_feed = ET.fromstring((root / "site/organizations/evil-lab/feed.xml").read_bytes())
    assert evil_feed.findtext(f"{ATOM}title").endswith(": <b>Evil</b> & Co")
    evil = page(root, "organizations/evil-lab")
    assert "<b>" not in evil
    assert "&lt;b&gt;Evil&lt;/b&gt; &amp; Co" in evil

    # Cards and paper pages lead to it.
    day = page(root, "papers/date/2026-03-10")
    assert '<span class="paper-card__org"><a href="../../../organizations/qwen/">Qwen</a>' in day
    paper = page(root, "papers/2603.00004")
    assert 'href="../../organizations/qwen/"' in paper
    assert "Organization: Qwen (on Hugging Face)" in text_of(paper, "li")


def test_a_corrected_organization_shows_on_its_pages_in_the_next_build(docs):
    scrape(docs, {"2026-03-10": [api_item("2603.00001", "P", organization=org("acme", "Acme"))]})
    root = docs.parent
    build(root)
    assert text_of(page(root, "organizations/acme"), "h1") == ["Acme"]

    path = docs / "papers/2603.00001.md"
    path.write_text(path.read_text().replace("fullname: Acme", "fullname: Acme Research"))
    build(root)
    assert text_of(page(root, "organizations/acme"), "h1") == ["Acme Research"]


def test_each_author_links_to_their_papers_and_to_their_profile(docs):
    item = api_item("2603.00001", "P", authors=("Ada Lovelace", "Zoë O'Brien & Co"))
    item["paper"]["authors"][0]["user"] = {"user": "ada"}
    scrape(docs, {"2026-03-10": [item]})
    root = docs.parent
    build(root)

    html = page(root, "papers/2603.00001")
    assert '<a href="../../search/?author=Ada+Lovelace">Ada Lovelace</a>' in html
    assert 'href="https://huggingface.co/ada" aria-label="Ada Lovelace on HF">HF</a>' in html
    assert (
        '<a href="../../search/?author=Zo%C3%AB+O%27Brien+%26+Co">Zoë O\'Brien &amp; Co</a>' in html
    )


# --- The archive as data -------------------------------------------------------------------


def test_the_whole_archive_is_one_parquet_file_any_tool_reads(docs):
    hostile = '<script>alert(1)</script> O\'Brien "quoted" ∑ 😀'
    scrape(
        docs,
        {
            "2026-03-09": [api_item("2603.00001", "Older", day="2026-03-09")],
            "2026-03-10": [
                api_item(
                    "2603.00002",
                    hostile,
                    authors=(hostile, "Ada Lovelace"),
                    organization=org("acme", hostile),
                    ai_keywords=[hostile],
                ),
                # Listed on both days: one row.
                api_item("2603.00001", "Older", upvotes=7),
            ],
        },
    )
    root = docs.parent
    build(root)

    parquet = root / "site/data/papers.parquet"
    rows = duckdb.sql(
        f"SELECT id, title, authors, days, upvotes, organization, ai_keywords, url FROM '{parquet}'"
    ).fetchall()
    # Newest day first, the most upvoted first within it; once each.
    assert [row[0] for row in rows] == ["2603.00001", "2603.00002"]
    older, newest = rows
    assert newest[1] == hostile
    assert newest[2] == [hostile, "Ada Lovelace"]
    assert newest[5] == hostile
    assert newest[6] == [hostile]
    assert older[3] == [dt.date(2026, 3, 9), dt.date(2026, 3, 10)]
    assert older[4] == 7
    assert older[7] == "/papers/2603.00001/"

    html = page(root, "data")
    assert text_of(html, "h1") == ["Data"]
    assert '<a href="papers.parquet">papers.parquet</a>' in html
    assert "2 papers, listed up to Tuesday 10 March 2026" in " ".join(text_of(html, "p"))
    # Its schema, as the file has it.
    columns = duckdb.sql(f"DESCRIBE SELECT * FROM '{parquet}'").fetchall()
    assert re.findall(r"<dt><code>(\w+)</code>", html) == [name for name, *_ in columns]


def test_a_correction_reaches_the_data_in_the_next_build(docs):
    scrape(docs, {"2026-03-10": [api_item("2603.00001", "A Tpyo")]})
    path = docs / "papers/2603.00001.md"
    path.write_text(path.read_text().replace("title: A Tpyo", "title: A Typo"))
    build(docs.parent)

    parquet = docs.parent / "site/data/papers.parquet"
    [(title, corrected)] = duckdb.sql(f"SELECT title, corrected FROM '{parquet}'").fetchall()
    assert title == "A Typo"
    assert corrected == ["title"]


# --- Trends --------------------------------------------------------------------------------


def test_the_trends_page_charts_months_topics_and_organizations(docs):
    months = ["2025-10", "2025-11", "2025-12", "2026-01", "2026-02", "2026-03"]
    days = {}
    for m, month in enumerate(months):
        day = f"{month}-10"
        late = m >= 3
        days[day] = [
            api_item(
                f"{month[2:4]}{month[5:]}.{i:05d}",
                f"Paper {i} of {month}",
                day=day,
                upvotes=i,
                # Rising: in none of the first three months' papers, in half of the last three.
                ai_keywords=["<i>Rising</i> Thing" if late and i % 2 else "Falling Thing"]
                if late or i < 8
                else ["Steady"],
                organization=org("big", "Big Lab") if i < 6 else org("small", "Small Lab"),
            )
            for i in range(10)
        ]
    # February is held whole (every other day of it fetched, and empty); the others in part.
    days |= {f"2026-02-{d:02d}": [] for d in range(1, 29) if d != 10}
    scrape(docs, days)
    root = docs.parent
    build(root)
    html = page(root, "trends")

    assert text_of(html, "h1") == ["Trends"]
    # The months as columns, and as numbers for screen readers.
    assert html.count("<rect") == 6
    # The scale beside the columns, not among them: where they scroll (a phone), it stays.
    scale, _ = html.split('class="trend-scroll"')
    assert re.findall(r">(\d+)</text>", scale.split("trend-chart__scale")[1]) == ["0", "5", "10"]
    assert "<rect" not in scale
    # A month held in part is a lighter column, and says how much of it is held.
    assert "<title>February 2026: 10 papers</title>" in html
    assert html.count('<rect class="trend-partial"') == 5  # all but February
    assert "<title>March 2026: 10 papers (1 of 31 days held)</title>" in html
    rows = text_of(html, "tr")
    assert "March 2026" + "10 (1 of 31 days held)" in rows
    assert "February 2026" + "10" in rows
    assert "October 2025" + "10 (1 of 31 days held)" in rows
    # The topic that grew, and the one that fell, with their shares; a name stays text.
    rising = html.split('id="rising-topics"')[1].split('id="falling-topics"')[0]
    assert "&lt;i&gt;Rising&lt;/i&gt; Thing" in rising
    assert "0.0% → 50.0%" in unescape(rising)
    falling = html.split('id="falling-topics"')[1].split('id="organizations"')[0]
    assert "Falling Thing" in falling
    assert "80.0% → 50.0%" in unescape(falling)
    # The organizations with most papers first, linked to their pages.
    organizations = html.split('id="organizations"')[1]
    assert organizations.index("Big Lab") < organizations.index("Small Lab")
    assert 'href="../organizations/big/"' in organizations

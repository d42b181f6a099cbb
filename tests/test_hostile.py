"""Hostile text through the real path: API item → record → paper file → Markdown → HTML.

Every field a stranger controls (title, authors, abstract, AI summary and keywords, links) is
drawn from markup of every kind the archive's formats know. For each case: the front matter reads
back to the same record, the reader sees exactly the text (after the normalisation the README
documents: control characters dropped, white space folded, lone surrogates replaced), and no
element, attribute or link appears that the text did not ask for as text.

The default profile runs a few hundred cases; `HYPOTHESIS_PROFILE=thorough` runs 10,000.
"""

import datetime as dt
import json
import os
import re
import tempfile
import urllib.parse
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import markdown
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from scraper.deriving import search
from scraper.errors import InvalidRecord
from scraper.records import store
from scraper.records.fields import check_file, normalise_text
from scraper.records.frontmatter import flat_yaml, split_front_matter
from scraper.records.model import Day, Paper
from scraper.rendering import formats, listings, render
from scraper.rendering.escaping import prose_text
from scraper.site import urls
from tests.helpers import api_item
from tests.test_formats import parse_bibtex, unlatex
from tests.test_render import EXTENSIONS

settings.register_profile(
    "default", max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "thorough", max_examples=10_000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

DAY = dt.date(2026, 3, 10)
FRAGMENTS = [
    # HTML, scripts and event handlers
    "<script>alert(1)</script>",
    "</title><script>x()</script>",
    '<img src=x onerror="alert(1)">',
    "<a href='javascript:alert(1)'>",
    "<iframe src=//evil>",
    "<svg onload=alert(1)>",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "&lt;",
    "&amp;",
    "&#x3C;",
    "<b>",
    "</p>",
    "<div markdown=1>",
    '" onmouseover="x',
    "' autofocus onfocus='x",
    # Markdown: links, images, emphasis, headings, lists, quotes, code, tables, HTML blocks
    "[link](https://evil.test)",
    "![img](https://evil.test/x.png)",
    "<https://evil.test>",
    "[ref]: https://evil.test",
    "[ref]",
    "**bold**",
    "__bold__",
    "*em*",
    "_em_",
    "`code`",
    "```",
    "~~~",
    "    indented",
    "# heading",
    "## h2",
    "1. item",
    "- item",
    "+ item",
    "> quote",
    "| a | b |",
    "|---|---|",
    "---",
    "***",
    "===",
    "\\",
    "\\\\",
    "  \n",
    "\n\n",
    "\n",
    # Material and pymdownx
    "!!! note",
    "??? danger",
    "==mark==",
    "^^ins^^",
    "~~del~~",
    "H~2~O",
    "x^2^",
    "$x$",
    "$$\\alpha$$",
    "\\(a\\)",
    ":material-alert:",
    "++ctrl+alt++",
    "{: .class #id }",
    "{#id}",
    "*[HTML]: Hyper",
    "[^1]",
    "[^1]: note",
    "<!-- md:flag -->",
    "--8<-- 'secret.md'",
    # YAML specials
    "--- ",
    "---\n",
    "...",
    ": ",
    " #",
    "#",
    "!",
    "&anchor",
    "*alias",
    "!!python/object:os.system",
    "\t",
    "- ",
    "? ",
    "|",
    ">",
    "%YAML",
    "@",
    "`",
    "'",
    '"',
    "{",
    "}",
    "[",
    "]",
    ",",
    "yes",
    "no",
    "null",
    "~",
    "0x1F",
    "1e3",
    "2026-03-10",
    # Jinja
    "{{ config }}",
    "{% raw %}",
    "{% include 'x' %}",
    "{#",
    "#}",
    # Control characters, NUL, surrogates, bidi marks, odd Unicode
    "\x00",
    "\x07",
    "\x1b[31m",
    "\x7f",
    "\x85",
    "\u2028",
    "\u2029",
    "\ufeff",
    "\ud800",
    "\udfff",
    "\u202e",
    "\u200f",
    "\u200b",
    "\ufffe",
    "\uffff",
    "Ünïcödé",
    "τ-bench",
    "360°",
    "🦜",
    # The seeds' awkward characters
    "_",
    "^",
    "~",
    "<",
    ">",
    "*",
    "$",
    "&",
    "\\$OneMillion",
    "P(y|x)",
    "360^\\circ",
    "``X''",
]
hostile = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(min_size=1, max_size=8)),
    min_size=1,
    max_size=12,
).map("".join)
very_long = st.just("Long " * 3000)


class Page(HTMLParser):
    """The elements, attributes and text of rendered HTML."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags, self.attributes, self.links, self.text = [], set(), [], {}
        self._open = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self._open.append(tag)
        for name, value in attrs:
            self.attributes.add((tag, name))
            if name == "href":
                self.links.append(value)

    def handle_endtag(self, tag):
        while self._open and self._open.pop() != tag:
            pass

    def handle_data(self, data):
        # Text belongs to every element it sits in: a paragraph's text includes its spans'.
        for tag in set(self._open):
            self.text.setdefault(tag, []).append(data)

    def all_text(self, tag: str) -> list[str]:
        return self.text.get(tag, [])


# span: inline TeX marked for typesetting, `<span class="math">`, whose text is the source's.
ALLOWED_TAGS = {"h1", "h2", "p", "ul", "li", "a", "blockquote", "pre", "code", "span"}
ALLOWED_ATTRIBUTES = {
    ("a", "href"),
    ("h1", "id"),
    ("h2", "id"),
    ("code", "class"),
    ("span", "class"),
}
# The page's own structure around the text: the aside of links and facts, HF's thumbnail, the
# buttons, the related cards.
IMAGE = {("img", a) for a in ("class", "src", "alt", "loading", "decoding", "width", "height")}
PAGE_TAGS = ALLOWED_TAGS | {"aside", "div", "img", "ol", "section", "small", "label", "input"}
PAGE_ATTRIBUTES = (
    ALLOWED_ATTRIBUTES
    | IMAGE
    | {("p", "class"), ("aside", "class"), ("aside", "aria-label"), ("a", "class")}
    | {("ol", "class"), ("li", "class"), ("div", "class"), ("section", "class")}
    | {("input", "type")}  # the "with code" filter's box
)
# A day's listing has its "Copy all as BibTeX" too.
DAY_TAGS = PAGE_TAGS | {"button"}
DAY_ATTRIBUTES = PAGE_ATTRIBUTES | {("button", "type"), ("button", "class")}


def paper_from(title, authors, abstract, summary, keywords, url) -> Paper:
    item = api_item(
        "2603.00001",
        title,
        authors=authors,
        summary=abstract,
        ai_summary=summary,
        ai_keywords=keywords,
        githubRepo=url,
        projectPage=url,
    )
    item["paper"]["title"] = title
    return Paper.from_api(item, DAY, "hostile")


fields = {
    "title": st.one_of(hostile, very_long),
    "authors": st.lists(hostile, min_size=1, max_size=5),
    "abstract": hostile,
    "summary": hostile,
    "keywords": st.lists(hostile, max_size=3),
    "url": st.one_of(st.none(), hostile, hostile.map(lambda s: "https://example.org/" + s)),
}


def _usable(paper: Paper) -> bool:
    return bool(paper.title) and all(paper.authors)


@given(**fields)
# A long name the paper file folds over lines, one of which then reads like a list item.
@example(
    title="T",
    authors=["<script>alert(1)</script>" * 3 + "\U00010000\r- <script>alert(1)</script>"],
    abstract="a",
    summary="s",
    keywords=[],
    url=None,
)
def test_hostile_text_stays_text_on_the_paper_page(
    title, authors, abstract, summary, keywords, url
):
    try:
        paper = paper_from(title, authors, abstract, summary, keywords, url)
    except InvalidRecord as exc:  # only the validator may refuse, naming the field
        event(f"refused: {exc.field}")
        return
    event("rendered")

    text = render.render_paper(paper)
    record, rest = store.parse_paper(text, "docs/papers/2603.00001.md")
    assert record == paper, "front matter reads back to the same record"
    assert rest == ""
    body = render.paper_page(record)

    # Every engine's Markdown passes the prepared HTML through as it is.
    assert markdown.markdown(body, extensions=EXTENSIONS) == body.strip()
    page = Page(body)
    assert set(page.tags) <= PAGE_TAGS, set(page.tags) - PAGE_TAGS
    assert page.attributes <= PAGE_ATTRIBUTES, page.attributes - PAGE_ATTRIBUTES
    assert re.findall(r'<img [^>]*src="([^"]*)"', body) == [paper.thumbnail]
    expected_links = {
        "../date/2026-03-10/",
        urls.hf_paper(paper.id),
        urls.arxiv_abs(paper.id),
        urls.arxiv_pdf(paper.id),
        f"{urls.hf_paper(paper.id)}#community",  # its comments
    } | {u for u in (paper.github, paper.project_page) if u}
    # Each author's name leads to their papers, however it is spelled.
    expected_links |= {
        "../../search/?" + urllib.parse.urlencode({"author": name}) for name in paper.authors
    }
    # Any other link is a web address written out in the abstract or the AI summary.
    prose = prose_text(f"{paper.abstract}\n{paper.ai_summary or ''}")
    for link in set(page.links) - expected_links:
        assert link.startswith(("https://", "http://")), link
        assert link in prose, link
    assert "".join(page.all_text("h1")).strip() == paper.title
    paragraphs = ["".join(p) for p in [page.all_text("p")]][0]
    assert ", ".join(paper.authors) in paragraphs
    # As written, but for TeX's text-mode escapes and accents outside math (`\\%` reads "%").
    for paragraph in paper.abstract.split("\n\n"):
        assert prose_text(paragraph) in paragraphs
    if paper.ai_summary:
        assert prose_text(paper.ai_summary.split("\n\n")[0]) in paragraphs
    [(_, _, bib)] = parse_bibtex("".join(page.all_text("code")))
    assert unlatex(bib["title"]) == paper.title


@settings(max_examples=max(50, settings.default.max_examples // 5))
@given(title=fields["title"], authors=fields["authors"], abstract=fields["abstract"])
def test_hostile_text_stays_text_in_listings_feeds_and_data(title, authors, abstract):
    try:
        paper = paper_from(title, authors, abstract, None, [title], None)
    except InvalidRecord:
        return

    html = markdown.markdown(
        split_front_matter(listings.render_day(Day(DAY, 1), [paper], None, None), "x")[1],
        extensions=EXTENSIONS,
    )
    day = Page(html)
    assert set(day.tags) <= DAY_TAGS, set(day.tags) - DAY_TAGS
    assert day.attributes <= DAY_ATTRIBUTES, day.attributes - DAY_ATTRIBUTES
    assert re.findall(r'<img [^>]*src="([^"]*)"', html) == [paper.thumbnail]
    assert [link for link in day.links if "2603.00001" in link] == ["../2603.00001.md"]
    assert paper.title in "".join(day.all_text("a"))

    feed = ET.fromstring(formats.atom_feed([(DAY, [paper])], "https://example.org/", "Archive"))
    entry = feed.find("{http://www.w3.org/2005/Atom}entry")
    assert entry.find("{http://www.w3.org/2005/Atom}title").text == paper.title

    data = json.loads(formats.day_json(Day(DAY, 1), [paper]))
    assert data["papers"][0]["title"] == paper.title
    assert data["papers"][0]["authors"] == list(paper.authors)

    with tempfile.TemporaryDirectory() as folder:
        search.build_index([paper], Path(folder))
        [documents] = Path(folder).glob("*/d/0.json")
        [shown] = json.loads(documents.read_text(encoding="utf-8"))
        terms = {t for c in Path(folder).glob("*/t/*.json") for t in json.loads(c.read_text())}
    assert (shown["title"], shown["authors"]) == (paper.title, list(paper.authors[:4]))
    assert set(search.tokens(paper.title)) - search.STOP_WORDS <= terms


def test_the_normalisation_is_what_the_readme_says():
    paper = paper_from(
        "A\x00B\x07C \u202eD\ud800 \t\n E\ufffe", ["X\x1bY"], "p1\n\n\n p2 \r\n x", None, [], None
    )
    assert paper.title == "ABC \u202eD\ufffd E"
    assert paper.authors == ("XY",)
    assert paper.abstract == "p1\n\np2 x"
    assert not re.search(
        r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]", paper.title
    )


def test_a_strict_build_of_hostile_papers_shows_every_field_as_text(docs):
    """Through MkDocs, Material and the hook: the header, <title>, meta tags, listing
    rows and the search box see the same text; no script, image or frame appears."""
    import random
    from html import unescape

    from scraper.records import update
    from tests.helpers import build_site, make_client, serve
    from tests.test_site import head_of

    rng = random.Random(6)
    items = []
    for n in range(40):
        title = "".join(rng.choice(FRAGMENTS) for _ in range(6)) + f" #{n}"
        authors = ["".join(rng.choice(FRAGMENTS) for _ in range(3)) + f" Author{n}"]
        abstract = "".join(rng.choice(FRAGMENTS) for _ in range(20))
        items.append(api_item(f"2603.{n:05d}", title, authors=authors, summary=abstract, upvotes=n))
        items[-1]["paper"]["title"] = title
    update.scrape(make_client(serve({"2026-03-10": items})), docs, [DAY])
    site = build_site(docs.parent)
    day = (site / "papers/date/2026-03-10/index.html").read_text()
    # Material's own scripts, as on a page no stranger wrote.
    about = Page((site / "about/index.html").read_text())
    scripts, forms = about.tags.count("script"), about.tags.count("form")
    for path in sorted(store.paper_files(docs)):
        paper = store.read_paper(path)
        html = (site / "papers" / paper.id / "index.html").read_text()
        page = Page(html)
        assert page.tags.count("script") == scripts, paper.id
        assert not {"iframe", "object", "embed"} & set(page.tags)
        assert re.findall(r'<img [^>]*src="([^"]*)"', html) == [paper.thumbnail]
        assert page.tags.count("form") == forms, "the header's own (palette, search), no other"
        title = unescape(re.search(r"<title>(.*?)</title>", html, re.DOTALL).group(1))
        assert title == f"{paper.title} - HF Daily Papers Archive"
        head = head_of(html)
        assert ("citation_title", paper.title) in head.meta
        h1 = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.DOTALL).group(1)
        assert unescape(h1) == paper.title
        assert (
            unescape(
                re.search(
                    rf'<a class="paper-card__title" href="../../{paper.id}/">(.*?)</a>',
                    day,
                    re.DOTALL,
                ).group(1)
            )
            == paper.title
        )


@given(title=hostile, anything=st.text())
def test_a_prepared_pages_front_matter_reads_back_as_written(title, anything):
    """The prepared tree's front matter (flat_yaml) is what the engine's YAML reads back, for
    any text a record can hold."""
    title, anything = normalise_text(title), normalise_text(anything)
    settings = {"title": title, "head": anything, "hide": ["toc", anything]}
    meta, body = split_front_matter(f"---\n{flat_yaml(settings)}---\n<p>x</p>\n", "x")
    assert meta == settings
    assert body == "<p>x</p>\n"


# A contributor's slips in GitHub's web editor: a line deleted, doubled or moved sideways, a
# character typed or lost. `check` names the file and the line, and never fails itself.
SLIPS = st.lists(
    st.tuples(
        st.sampled_from(["delete", "double", "indent", "type", "lose"]),
        st.integers(0, 10_000),  # which line
        st.integers(-4, 4),  # how far sideways
        st.sampled_from(list(" :-#'\"\t|>[]{}x1\n")),  # what is typed
        st.integers(0, 200),  # where on the line
    ),
    min_size=1,
    max_size=3,
)


@settings(max_examples=max(100, settings.default.max_examples // 2))
@given(slips=SLIPS)
def test_check_names_the_line_of_any_slip_and_never_fails_itself(slips):
    paper = paper_from(
        "Sparse Gardeners",
        ["Ada Byron", "Bo Li"],
        "We prune: hedges.",
        None,
        ["pruning"],
        "https://github.com/x/y",
    )
    lines = render.render_paper(paper).split("\n")
    for kind, at, sideways, typed, column in slips:
        n = 1 + at % (len(lines) - 3)  # within the front matter, not its '---' lines
        line = lines[n]
        if kind == "delete":
            del lines[n]
        elif kind == "double":
            lines.insert(n, line)
        elif kind == "indent":
            lines[n] = " " * max(0, len(line) - len(line.lstrip(" ")) + sideways) + line.lstrip(" ")
        elif kind == "type":
            lines[n] = line[: column % (len(line) + 1)] + typed + line[column % (len(line) + 1) :]
        elif line:
            lines[n] = line[: column % len(line)] + line[column % len(line) + 1 :]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "papers" / f"{paper.id}.md"
        path.parent.mkdir()
        path.write_text("\n".join(lines), encoding="utf-8")
        problems = check_file(path, Path(folder))
    for problem in problems:
        assert re.match(rf"{re.escape(str(path))}:\d+: \S", problem), problem

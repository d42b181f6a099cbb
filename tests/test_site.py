"""Strict MkDocs builds of a small archive, asserting on the HTML a reader gets."""

import datetime as dt
import json
import multiprocessing
import os
import re
import subprocess
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest
import yaml

from scraper.cli import main
from scraper.records import update
from scraper.site import linkcheck, prepare, urls
from tests.helpers import REPO, api_item, build_site, make_client, project_config, serve

DAYS = ["2026-03-09", "2026-03-10"]


def build(site_root: Path, hooks: bool = True, env: dict | None = None) -> None:
    """Prepare and build the site as the deploy does (scripts/build), in this process."""
    build_site(site_root, hooks=hooks, env=env)


def page(site_root: Path, url: str) -> str:
    return (site_root / "site" / url / "index.html").read_text(encoding="utf-8")


def contents(tree: Path) -> dict[Path, bytes]:
    """Every file under `tree`, by its path there."""
    return {p.relative_to(tree): p.read_bytes() for p in tree.rglob("*") if p.is_file()}


def text_of(html: str, tag: str) -> list[str]:
    found = re.findall(rf"<{tag}\b[^>]*>(.*?)</{tag}>", html, re.DOTALL)
    found = [re.sub(r'<a class="headerlink".*?</a>', "", f) for f in found]
    return [unescape(re.sub(r"<[^>]+>", "", f)).strip() for f in found]


@pytest.fixture
def site_root(docs, recorded_day):
    days = {
        "2026-03-09": [api_item("2603.00001", "Monday's Paper", upvotes=2)],
        "2026-03-10": recorded_day,
    }
    update.scrape(make_client(serve(days)), docs, [dt.date.fromisoformat(d) for d in DAYS])
    return docs.parent


def test_strict_build_shows_paper_pages_as_readers_expect(site_root):
    build(site_root)
    html = page(site_root, "papers/2603.08660")

    title = "Scaling <think> Tokens: From P(y|x) to P(y) with N_0-VTLA and SL^{2}A"
    assert text_of(html, "h1") == [title]
    assert f"<title>{title.replace('<', '&lt;').replace('>', '&gt;')}" in html
    assert "<think>" not in html
    assert "Bingxiang He, Yuxin Zuo" in " ".join(text_of(html, "p"))
    assert 'href="https://arxiv.org/abs/2603.08660"' in html
    assert 'href="https://arxiv.org/pdf/2603.08660"' in html
    assert 'href="https://example.org/think"' in html
    assert 'href="../date/2026-03-10/"' in html
    # Markdown's syntax stays text; TeX's quotes read as quotes.
    assert (
        "We study `cat.n.01` and “X-Cross” tokens: a_b * c, {x} ~ y, 360^\\circ and "
        "<person, action, object> triples."
    ) in text_of(html, "p")


def card_ids(html: str) -> list[str]:
    """The papers a listing page shows as cards, in order."""
    return re.findall(r'<a class="paper-card__title" href="../../(\d{4}\.\d{5})/">', html)


def test_day_pages_list_papers_by_upvotes_with_links(site_root):
    build(site_root)
    html = page(site_root, "papers/date/2026-03-10")

    assert card_ids(html) == ["2603.08660", "2603.03269", "2603.07980"]
    assert "Papers of Tuesday 10 March 2026" in text_of(html, "h1")
    assert 'href="../2026-03-09/"' in html
    assert 'href="../../month/2026-03/"' in html


def test_a_days_cards_show_what_hfs_cards_show(site_root):
    build(site_root)
    html = page(site_root, "papers/date/2026-03-10")
    cards = re.findall(r'<li class="paper-card"[^>]*>(.*?)</li>', html, re.S)
    cards = {
        re.search(r"\d{4}\.\d{5}", card.split("paper-card__title")[1]).group(): card
        for card in cards
    }

    card = cards["2603.07980"]
    thumb = re.search(r"<img [^>]*>", card).group()
    for attribute in (
        'src="https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2603.07980.png"',
        'loading="lazy"',
        'width="320"',
        'height="168"',
        'alt=""',
    ):
        assert attribute in thumb
    text = unescape(re.sub(r"<[^>]+>", " ", card))
    assert "Qianyu Yang, Yang Liu, Jiaqi Li and 3 more" in text
    # The organization is its own line, not one more author, and leads to its papers.
    assert (
        '<span class="paper-card__org"><a href="../../../organizations/humanlaya/">'
        "Humanlaya Data Lab</a></span>"
    ) in card
    assert "▲\u00a015 · 1 comment · ★\u00a04" in text
    # It has code, so the "with code" filter keeps it.
    assert '<li class="paper-card" data-code><img' in html
    # The filter is in the page above the cards, not put there later, so they never move down.
    assert html.index("Only papers with code (1 of 3)") < html.index('<ol class="paper-cards">')
    # HF's AI summary, which the page says is one.
    assert "A new benchmark evaluates language models on real-world professional tasks." in text
    assert "The cards' summaries are AI-generated, from Hugging Face." in html


def test_the_home_page_offers_the_latest_days_downloads_as_the_day_page_does(site_root):
    build(site_root)
    home = page(site_root, "")
    tools = home.split('<div class="listing-tools">')[1].split('<ol class="paper-cards">')[0]
    assert 'href="papers/date/2026-03-10.bib"' in tools
    assert 'href="papers/date/2026-03-10.json"' in tools
    assert "Copy all as BibTeX" in tools
    assert "Only papers with code" in tools


def test_nav_stays_small_whatever_the_archive_holds(site_root):
    build(site_root)
    nav_links = re.findall(
        r'class="md-nav__link[^"]*"[^>]*href="([^"]*)"', page(site_root, "papers/2603.08660")
    )
    assert not [link for link in nav_links if re.search(r"\d{4}\.\d{4,5}", link)]
    assert "Archive" in page(site_root, "")
    assert "About" in page(site_root, "")


def test_a_one_field_edit_is_a_complete_correction_shown_on_every_page(site_root):
    """As in GitHub's web editor: the title's line changed, nothing else in any file."""
    docs = site_root / "docs"
    paper = docs / "papers/2603.07980.md"
    listings = {p: p.read_bytes() for p in docs.rglob("*.md") if p != paper}
    text = paper.read_text()
    old = "  title: '$OneMillion-Bench: How Far are Language Agents from Human Experts?'\n"
    assert text.count(old) == 1
    paper.write_text(
        text.replace(
            old, "  title: 'OneMillion-Bench: How Far Are Language Agents from Human Experts?'\n"
        )
    )
    assert main(["check", "--docs-dir", str(docs)]) == 0

    build(site_root)

    corrected = "OneMillion-Bench: How Far Are Language Agents from Human Experts?"
    for url in (
        "papers/2603.07980",
        "papers/date/2026-03-10",
        "papers/week/2026-W11",
        "papers/month/2026-03",
        "",
    ):
        assert corrected in unescape(page(site_root, url)), url
    assert "Corrected by contributors: title" in unescape(page(site_root, "papers/2603.07980"))
    assert {p: p.read_bytes() for p in listings} == listings, "no other file was touched"


def test_the_site_is_complete_without_the_hooks(site_root):
    """The hooks only skip Markdown for HTML pages, compact the HTML, split a large sitemap
    and link files rather than copy them: every page, feed and file is there without them,
    with the same words and bytes."""
    with_hooks = build_site(site_root).rename(site_root / "with-hooks")
    # Linked, not copied: one file on disk, whatever the next prepare does to its tree.
    assert (with_hooks / "feed.xml").samefile(site_root / "prepared" / "feed.xml")
    without = build_site(site_root, hooks=False)

    def files(site):
        return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())

    def article(path):
        found = re.search(r"<article.*</article>", path.read_text(), re.DOTALL).group()
        return re.sub(r"\s+", " ", found)

    assert files(without) == files(with_hooks)
    for name in ("feed.xml", "papers/date/2026-03-10.json", "data/papers.parquet"):
        assert (without / name).read_bytes() == (with_hooks / name).read_bytes()
    assert "Monday's Paper" in unescape(page(site_root, "papers/date/2026-03-09"))
    for url in ("papers/2603.07980", "papers/date/2026-03-10", "topics", "", "coverage"):
        assert article(without / url / "index.html") == article(with_hooks / url / "index.html")


def test_the_project_config_is_valid_yaml_with_the_hooks():
    config = yaml.load((REPO / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)
    assert config["docs_dir"] == "prepared"
    assert config["hooks"] == [
        "hooks/html_pages.py",
        "hooks/paper_shell.py",
        "hooks/compact_html.py",
        "hooks/sitemap.py",
        "hooks/linked_files.py",
    ]
    assert all((REPO / hook).is_file() for hook in config["hooks"])


@pytest.mark.parametrize("deploy", [False, True], ids=["contributor", "deploy"])
def test_paper_pages_filled_into_their_template_are_what_jinja_renders(docs, caplog, deploy):
    # Titles and ids with every character a template writes differently, some authors with
    # HF profiles, one paper without an abstract's TeX and one with.
    titles = [
        "</title><script>alert(1)</script> & <b>bold</b>",
        'It\'s "quoted" & 50% off: a/b?c=d',
        "Plain",
        "Café  Müller's   Übersicht  ",
    ]
    day = [
        api_item(f"2603.0000{n}", title, authors=(f"Ada O'Brien {n}", "Bo <Li>"), upvotes=n)
        for n, title in enumerate(titles, start=1)
    ]
    update.scrape(make_client(serve({"2026-03-10": day})), docs, [dt.date(2026, 3, 10)])
    env = {**GITHUB, "SITE_URL": "https://example.org/a&b/"} if deploy else {}

    with caplog.at_level("INFO"):
        filled = build_site(docs.parent, env=env).rename(docs.parent / "filled")
    rendered = build_site(docs.parent, env=env, without="paper_shell.py")

    assert contents(filled) == contents(rendered)
    assert f"Paper pages: {len(titles)} filled into 1 shells, 0 rendered by Jinja" in caplog.text


def test_a_title_cannot_break_out_of_the_html_title(docs):
    hostile = "</title><script>alert(1)</script> & <b>bold</b>"
    update.scrape(
        make_client(serve({"2026-03-10": [api_item("2603.00001", hostile)]})),
        docs,
        [dt.date(2026, 3, 10)],
    )
    build(docs.parent)
    html = page(docs.parent, "papers/2603.00001")
    assert "<script>alert" not in html
    assert "<b>bold" not in html
    assert text_of(html, "h1") == [hostile]


GITHUB = {"REPO_URL": "https://github.com/o/r", "EDIT_URI": "edit/main/docs/"}


def test_paper_pages_shared_between_processes_in_small_blocks_are_each_written_whole(
    site_root, monkeypatch
):
    prepared = site_root / prepare.PREPARED
    prepare.prepare(site_root / "docs", prepared, prepare.SiteConfig())
    written = contents(prepared)
    # A block a paper: both processes claim blocks from the first paper on.
    monkeypatch.setattr(prepare, "PAPER_PAGES_A_CLAIM", 1)

    prepare.prepare(site_root / "docs", prepared, prepare.SiteConfig())

    papers = {p.parent.name for p in (prepared / "papers").glob("*/index.md")}
    assert papers == {p.stem for p in (site_root / "docs/papers").glob("*.md")}
    assert contents(prepared) == written


def test_a_build_that_fails_while_the_index_is_made_leaves_the_last_tree_and_no_process(
    site_root, monkeypatch
):
    prepared = site_root / prepare.PREPARED
    prepare.prepare(site_root / "docs", prepared, prepare.SiteConfig())
    written = contents(prepared)

    def failing(*args):
        raise MemoryError("deriving ran out of memory")

    monkeypatch.setattr(prepare.derive, "derive", failing)

    with pytest.raises(MemoryError):
        prepare.prepare(site_root / "docs", prepared, prepare.SiteConfig())

    assert contents(prepared) == written
    assert sorted(p.name for p in site_root.iterdir()) == ["docs", "prepared"]
    assert multiprocessing.active_children() == []


def test_a_rebuild_by_the_build_script_leaves_only_the_new_tree(site_root):
    project_config(site_root)
    # What a build stopped half way left, set aside to be deleted.
    stopped = site_root / ".deleting.Xy12ab/prepared"
    stopped.mkdir(parents=True)
    (stopped / "index.md").write_text("An old page")
    script = [str(REPO / "scripts/build"), "site"]
    subprocess.run(script, cwd=site_root, check=True, capture_output=True)
    left = site_root / "prepared/left-by-the-last-build.md"
    left.write_text("A page no longer in the archive")

    subprocess.run(script, cwd=site_root, check=True, capture_output=True)

    assert sorted(p.name for p in site_root.iterdir()) == ["docs", "mkdocs.yml", "prepared", "site"]
    assert not left.exists()
    assert (site_root / "prepared/papers/2603.08660/index.md").is_file()
    assert "2603.08660" in page(site_root, "papers/2603.08660")


def test_paper_pages_offer_edit_report_and_history_links(site_root):
    build(site_root, env=GITHUB)
    html = page(site_root, "papers/2603.08660")
    assert 'href="https://github.com/o/r/edit/main/docs/papers/2603.08660.md"' in html
    assert (
        'href="https://github.com/o/r/issues/new?template=wrong-data.yml&amp;'
        'title=Wrong%20data%3A%202603.08660&amp;paper=2603.08660">Report a problem</a>'
    ) in html
    assert 'href="https://github.com/o/r/commits/main/docs/papers/2603.08660.md">History' in html
    # They stand for the header's link to the repository, which every other page has.
    assert 'class="md-source"' not in html
    assert 'href="https://github.com/o/r" title="Go to repository"' in page(site_root, "about")


def test_a_corrected_paper_says_so_with_a_link_to_its_history(site_root):
    path = site_root / "docs/papers/2603.03269.md"
    path.write_text(re.sub(r"(?m)^  title: .*$", "  title: Corrected Title", path.read_text()))
    assert main(["format", str(path)]) == 0

    build(site_root, env=GITHUB)

    html = page(site_root, "papers/2603.03269")
    assert "Corrected by contributors: title (history of this page)" in text_of(html, "li")
    assert 'href="https://github.com/o/r/commits/main/docs/papers/2603.03269.md"' in html


def test_the_coverage_ledger_shows_missing_and_failed_days(site_root):
    docs = site_root / "docs"
    monday = serve({"2026-03-09": [api_item("2603.00001", "Monday's Paper", upvotes=2)]})

    def thursday_fails(request):
        if request.url.params["date"] == "2026-03-12":
            return httpx.Response(503)
        return monday.handle_request(request)

    client = make_client(httpx.MockTransport(thursday_fails))
    client.max_retries = 0
    update.scrape(client, docs, [dt.date(2026, 3, 9), dt.date(2026, 3, 12)])

    build(site_root)

    text = unescape(re.sub(r"<[^>]+>", "", page(site_root, "coverage")))
    assert (
        "4 days from Monday 9 March 2026 to Thursday 12 March 2026: 2 complete, 0 empty, "
        "0 partial, 1 failed, 1 missing." in text
    )
    assert "Thursday 12 March 2026: fetching failed; the next run tries again" in text
    assert "Wednesday 11 March 2026: never fetched (1 day)" in text
    ledger = json.loads((site_root / "site/coverage.json").read_text())
    assert [(d["date"], d["status"], d["listed"], d["held"]) for d in ledger["days"]] == [
        ("2026-03-09", "complete", 1, 1),
        ("2026-03-10", "complete", 3, 3),
        ("2026-03-11", "missing", None, 0),
        ("2026-03-12", "failed", None, 0),
    ]
    assert "HTTP 503" in ledger["days"][3]["error"]


def test_the_link_check_finds_a_broken_internal_link(tmp_path):
    site = tmp_path / "site"
    (site / "papers/2603.00001").mkdir(parents=True)
    (site / "papers/2603.00001/index.html").write_text(
        '<a href="../../">home</a> <a href="../2603.99999/">gone</a> '
        '<a href="https://arxiv.org/abs/x">out</a> <img src="../../missing.png"> <a href="#a">a</a>'
    )
    (site / "index.html").write_text('<a href="papers/2603.00001/">paper</a>')
    assert list(linkcheck.broken_links(site)) == [
        "papers/2603.00001/index.html: ../2603.99999/",
        "papers/2603.00001/index.html: ../../missing.png",
    ]


def test_no_paper_page_carries_another_papers_data(site_root):
    build(site_root)
    ids = {p.stem for p in (site_root / "docs/papers").glob("*.md")}
    for paper_id in ids:
        html = page(site_root, f"papers/{paper_id}")
        # Its related papers are other papers' links, by design.
        html = re.sub(r'<h2 id="related-papers".*?</ol>', "", html, flags=re.DOTALL)
        mentioned = set(re.findall(r"\b\d{4}\.\d{5}\b", html)) & ids
        assert mentioned == {paper_id}, paper_id


def test_the_nav_does_not_grow_with_the_archive(site_root):
    def nav_of(url):
        html = page(site_root, url)
        return re.search(r'<nav class="md-nav md-nav--primary.*?</nav>', html, re.DOTALL).group()

    build(site_root)
    small = nav_of("about")
    more = {
        f"2026-03-{d:02d}": [api_item(f"2603.1{d:02d}{i:02d}") for i in range(30)]
        for d in (2, 3, 4, 5, 6)
    }
    update.scrape(
        make_client(serve(more)), site_root / "docs", [dt.date.fromisoformat(d) for d in more]
    )
    build(site_root)
    assert nav_of("about") == small
    assert nav_of("papers/2603.10201") == nav_of("papers/2603.00001").replace(
        "2603.00001", "2603.10201"
    )


class _Head(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.meta, self.links, self.scripts, self._script = [], [], [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta":
            self.meta.append((attrs.get("name") or attrs.get("property"), attrs.get("content")))
        elif tag == "link":
            self.links.append(attrs)
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._script = ""

    def handle_data(self, data):
        if self._script is not None:
            self._script += data

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append(json.loads(self._script))
            self._script = None


def head_of(html: str) -> _Head:
    parser = _Head()
    parser.feed(html)
    return parser


SITE = {"SITE_URL": "https://example.org/archive/"}


def test_paper_pages_carry_citation_and_sharing_tags(site_root):
    build(site_root, env=SITE)
    head = head_of(page(site_root, "papers/2603.08660"))
    meta = head.meta
    title = "Scaling <think> Tokens: From P(y|x) to P(y) with N_0-VTLA and SL^{2}A"

    assert ("citation_title", title) in meta
    assert [v for k, v in meta if k == "citation_author"] == ["Bingxiang He", "Yuxin Zuo"]
    assert ("citation_publication_date", "2026/03/09") in meta
    assert ("citation_arxiv_id", "2603.08660") in meta
    assert ("citation_pdf_url", "https://arxiv.org/pdf/2603.08660") in meta
    assert ("og:title", title) in meta
    assert ("og:url", "https://example.org/archive/papers/2603.08660/") in meta
    assert (
        "og:image",
        "https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2603.08660.png",
    ) in meta
    assert ("twitter:card", "summary_large_image") in meta
    description = dict(meta)["description"]
    assert description.startswith("We study `cat.n.01` and “X-Cross” tokens: a_b * c")
    assert len(description) <= 161
    assert dict(meta)["og:description"] == description
    # What a ScholarlyArticle would say, the citation tags say already.
    assert head.scripts == []
    rels = {(link.get("rel"), link.get("href")) for link in head.links}
    assert ("canonical", "https://example.org/archive/papers/2603.08660/") in rels
    # The feed is the latest days': listing pages point to it, not each of 50,000 papers.
    assert "alternate" not in {rel for rel, _ in rels}
    home = {(link.get("rel"), link.get("href")) for link in head_of(page(site_root, "")).links}
    assert ("alternate", "feed.xml") in home


def test_a_hostile_title_stays_text_in_every_head_tag(docs):
    hostile = '"><script>alert(1)</script><meta name="x'
    update.scrape(
        make_client(serve({"2026-03-10": [api_item("2603.00001", hostile)]})),
        docs,
        [dt.date(2026, 3, 10)],
    )
    build(docs.parent, env=SITE)
    html = page(docs.parent, "papers/2603.00001")
    head = head_of(html)
    assert "<script>alert" not in html
    assert ("citation_title", hostile) in head.meta
    assert ("og:title", hostile) in head.meta
    assert 'name="x' not in [k for k, _ in head.meta]


def test_the_feed_is_built_with_absolute_links(site_root):
    build(site_root, env=SITE)
    feed = (site_root / "site/feed.xml").read_text()
    assert (
        '<link rel="self" type="application/atom+xml" '
        'href="https://example.org/archive/feed.xml"/>' in feed
    )
    assert 'href="https://example.org/archive/papers/2603.08660/"' in feed


def test_day_pages_link_their_week_bibtex_and_json(site_root):
    build(site_root)
    html = page(site_root, "papers/date/2026-03-10")
    assert 'href="../../week/2026-W11/"' in html
    assert 'href="../2026-03-10.bib"' in html
    assert 'href="../2026-03-10.json"' in html
    bib = (site_root / "site/papers/date/2026-03-10.bib").read_text()
    assert bib.count("@misc{") == 3
    data = json.loads((site_root / "site/papers/date/2026-03-10.json").read_text())
    assert [p["id"] for p in data["papers"]] == ["2603.08660", "2603.03269", "2603.07980"]


def test_week_and_month_pages_rank_papers_by_upvotes(site_root):
    build(site_root)
    for url in ("papers/week/2026-W11", "papers/month/2026-03"):
        rows = card_ids(page(site_root, url))
        assert rows == ["2603.08660", "2603.03269", "2603.07980", "2603.00001"], url
    assert "9 March to 15 March 2026. 4 papers over 2 days." in unescape(
        page(site_root, "papers/week/2026-W11")
    )
    home = page(site_root, "")
    assert 'href="papers/week/2026-W11/"' in home
    assert 'href="papers/month/2026-03/"' in home


def test_past_the_protocols_limit_the_sitemap_becomes_an_index(tmp_path, monkeypatch):
    import importlib.util
    import types

    spec = importlib.util.spec_from_file_location("sitemap_hook", REPO / "hooks/sitemap.py")
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    monkeypatch.setattr(hook, "SITEMAP_LIMIT", 2)
    urls = "".join(f"<url><loc>https://example.org/papers/{n}/</loc></url>" for n in range(5))
    (tmp_path / "sitemap.xml").write_text(
        f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="x">{urls}</urlset>'
    )
    (tmp_path / "sitemap.xml.gz").write_bytes(b"old")

    hook.on_post_build(
        types.SimpleNamespace(site_dir=str(tmp_path), site_url="https://example.org/")
    )

    index = (tmp_path / "sitemap.xml").read_text()
    assert re.findall(r"<loc>(.*?)</loc>", index) == [
        "https://example.org/sitemap-1.xml",
        "https://example.org/sitemap-2.xml",
        "https://example.org/sitemap-3.xml",
    ]
    assert "<sitemapindex" in index
    parts = [(tmp_path / f"sitemap-{n}.xml").read_text() for n in (1, 2, 3)]
    assert [part.count("<url>") for part in parts] == [2, 2, 1]
    assert not (tmp_path / "sitemap.xml.gz").exists()


@pytest.fixture
def months_apart(docs, recorded_day):
    """Four days in three weeks and three months; the first week runs into a month the archive
    does not hold."""
    days = {
        "2025-12-31": [api_item("2512.00001", "December's Paper", day="2025-12-31")],
        "2026-02-27": [api_item("2602.00001", "February's Paper", day="2026-02-27")],
        "2026-03-09": [api_item("2603.00001", "Monday's Paper", upvotes=2)],
        "2026-03-10": recorded_day,
    }
    update.scrape(make_client(serve(days)), docs, [dt.date.fromisoformat(d) for d in days])
    build(docs.parent)
    return docs.parent / "site"


def test_every_page_has_one_top_heading_its_tab_title_repeats(months_apart):
    for path in sorted(months_apart.rglob("index.html")):
        html = path.read_text(encoding="utf-8")
        [title] = text_of(html.split("</head>")[0], "title")  # not a chart's tooltips
        headings = text_of(html, "h1")
        where = path.relative_to(months_apart)
        assert len(headings) == 1, where
        if where.parent == Path("."):
            assert title == "HF Daily Papers Archive"
        else:
            assert title == f"{headings[0]} - HF Daily Papers Archive", where
        assert "Generated from the paper files" not in html, where


def test_weeks_and_months_link_the_ones_before_and_after(months_apart):
    def steps(url: str) -> dict[str, str]:
        html = page(months_apart.parent, url)
        links = re.findall(r'<a href="([^"]+)">([^<]*)</a>', html)
        found = {}
        for href, text in links:
            # The arrow is held to its words by a no-break space, so a phone never wraps it alone.
            assert not re.search(r"← | →", unescape(text)), text
            text = unescape(text).replace("\u00a0", " ")
            if text.startswith("← ") or text.endswith(" →"):
                target = (months_apart / url / href).resolve()
                assert (target / "index.html").is_file(), (url, href)
                found[text] = str(target.relative_to(months_apart))
        return found

    assert not list(linkcheck.broken_links(months_apart))
    assert steps("papers/week/2026-W01") == {"Week 9, 2026 →": "papers/week/2026-W09"}
    assert steps("papers/week/2026-W09") == {
        "← Week 1, 2026": "papers/week/2026-W01",
        "Week 11, 2026 →": "papers/week/2026-W11",
    }
    assert steps("papers/week/2026-W11") == {"← Week 9, 2026": "papers/week/2026-W09"}
    assert steps("papers/month/2026-03") == {"← February 2026": "papers/month/2026-02"}
    assert steps("papers/month/2026-02") == {
        "← December 2025": "papers/month/2025-12",
        "March 2026 →": "papers/month/2026-03",
    }
    assert "March 2026" in text_of(page(months_apart.parent, "papers/week/2026-W11"), "a")
    assert text_of(page(months_apart.parent, "papers/week/2026-W11"), "title") == [
        "Week 11, 2026 - HF Daily Papers Archive"
    ]
    assert text_of(page(months_apart.parent, "papers/month/2026-03"), "title") == [
        "March 2026 - HF Daily Papers Archive"
    ]


def test_robots_txt_points_crawlers_at_the_sitemap(site_root):
    build(site_root, env={"SITE_URL": "https://example.org/archive/"})
    robots = (site_root / "site/robots.txt").read_text()
    assert "Sitemap: https://example.org/archive/sitemap.xml" in robots.splitlines()
    assert "Disallow: /search-index/" in robots.splitlines()


def test_the_local_server_answers_an_unknown_page_with_the_sites_404(site_root):
    import threading

    from scraper.site import preview

    build(site_root)
    with preview.server(site_root / "site") as running:
        threading.Thread(target=running.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{running.server_address[1]}"
        missing = httpx.get(f"{base}/papers/2699.99999/")
        found = httpx.get(f"{base}/papers/2603.07980/")
        folder = httpx.get(f"{base}/papers/")  # no index.html: Pages lists no folder
        running.shutdown()
    assert missing.status_code == 404
    assert folder.status_code == 404
    assert "Not in the archive" in folder.text
    assert "HF Daily Papers Archive" in missing.text
    assert '<link rel="alternate" type="application/atom+xml"' in missing.text
    assert found.status_code == 200


def scrape_two_days(docs: Path) -> None:
    for day, item in (("2026-03-09", "Monday's Paper"), ("2026-03-10", "Tuesday's Paper")):
        date = dt.date.fromisoformat(day)
        fetched = dt.datetime(date.year, date.month, date.day, 9, tzinfo=dt.UTC)
        update.scrape(
            make_client(serve({day: [api_item(f"2603.0000{date.day - 8}", item, day=day)]})),
            docs,
            [date],
            now=lambda fetched=fetched: fetched,
        )


def sitemap_dates(site_root: Path) -> dict[str, str]:
    sitemap = (site_root / "site/sitemap.xml").read_text()
    return dict(
        re.findall(r"<loc>[^<]*?/([^/<]*/?[^/<]*)/</loc>\s*(?:<lastmod>(.*?)</lastmod>)?", sitemap)
    )


def test_the_sitemap_dates_each_page_by_its_last_change_not_the_build(docs):
    scrape_two_days(docs)
    build(docs.parent)

    lastmod = sitemap_dates(docs.parent)
    assert lastmod["papers/2603.00001"] == "2026-03-09"
    assert lastmod["papers/2603.00002"] == "2026-03-10"
    assert lastmod["date/2026-03-09"] == "2026-03-09"
    assert lastmod["month/2026-03"] == "2026-03-10"
    assert lastmod["week/2026-W11"] == "2026-03-10"
    sitemap = (docs.parent / "site/sitemap.xml").read_text()
    assert re.search(r"<loc>[^<]*/about/</loc>\s*</url>", sitemap), "hand-written: no lastmod"


def commit(root: Path, date: str, message: str) -> None:
    when = f"{date}T12:00:00+00:00"
    env = {
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
        "GIT_AUTHOR_NAME": "Ada",
        "GIT_AUTHOR_EMAIL": "ada@example.org",
        "GIT_COMMITTER_NAME": "Ada",
        "GIT_COMMITTER_EMAIL": "ada@example.org",
        "PATH": os.environ["PATH"],
    }
    for command in (["git", "add", "-A"], ["git", "commit", "-q", "-m", message]):
        subprocess.run(command, cwd=root, env=env, check=True)


def test_a_correction_dates_its_paper_and_its_days_in_the_sitemap(docs):
    scrape_two_days(docs)
    subprocess.run(["git", "init", "-q"], cwd=docs.parent, check=True)
    commit(docs.parent, "2026-03-10", "Scrape")
    paper = docs / "papers/2603.00001.md"
    paper.write_text(paper.read_text().replace("Monday's Paper", "Monday's Corrected Paper"))
    commit(docs.parent, "2026-04-02", "Correct a title")
    build(docs.parent)

    lastmod = sitemap_dates(docs.parent)
    assert lastmod["papers/2603.00001"] == "2026-04-02"
    assert lastmod["date/2026-03-09"] == "2026-04-02"  # the corrected title shows there too
    assert lastmod["week/2026-W11"] == "2026-04-02"
    assert lastmod["papers/2603.00002"] == "2026-03-10"  # committed on its day's fetch
    assert lastmod["date/2026-03-10"] == "2026-03-10"


def test_every_page_has_a_link_preview_image(site_root):
    build(site_root, env={"SITE_URL": "https://example.org/"})
    assert '<meta property="og:image" content="https://example.org/assets/images/social.png">' in (
        page(site_root, "papers/month/2026-03")
    )
    assert (site_root / "site/assets/images/social.png").stat().st_size > 10_000
    paper = page(site_root, "papers/2603.07980")
    assert (
        '<meta property="og:image" '
        'content="https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2603.07980.png">'
    ) in paper


def test_deleting_every_listing_file_builds_the_same_site(site_root):
    docs = site_root / "docs"
    build(site_root)
    first = {
        p.relative_to(site_root / "site"): p.read_bytes()
        for p in (site_root / "site").rglob("*")
        if p.is_file() and p.suffix in (".html", ".json", ".bib", ".xml", ".txt")
    }
    derived = [p for p in docs.rglob("*") if p.is_file() and urls.is_generated(p, docs)]
    assert len(derived) > 10
    for path in derived:
        path.unlink()

    build(site_root)
    again = {path: (site_root / "site" / path).read_bytes() for path in first}
    assert again == first

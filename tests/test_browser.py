"""The built site in a real browser (Debian's chromium, driven by Playwright): search, keyboard,
and the palette. Skipped, with the reason, where no browser is installed."""

import datetime as dt
import functools
import http.server
import shutil
import subprocess
import threading

import pytest

from scraper import archive
from tests.conftest import DATA, REPO, api_item, make_client, project_config, serve

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium on this machine (CI installs Debian's chromium package)"
)


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    """The deploy's build of a small archive, served on loopback."""
    import json

    root = tmp_path_factory.mktemp("browser")
    docs = root / "docs"
    (docs / "stylesheets").mkdir(parents=True)
    shutil.copy(REPO / "docs/about.md", docs)
    shutil.copy(REPO / "docs/stylesheets/extra.css", docs / "stylesheets")
    project_config(root)
    recorded = json.loads((DATA / "daily_papers_2026-03-10.json").read_text())
    older = [
        api_item(
            "2503.01234",
            "Sparse Mixtures of Gardeners",
            authors=("Ada Byron",),
            day="2025-03-10",
            summary="Hedges are pruned by attention heads.",
        ),
        api_item(
            "2503.01235",
            "Alpha Shapes",
            day="2025-03-10",
            summary=r"We fit $\alpha$-shapes in $\mathcal{O}(n^2)$ time; it costs $5 and $10.",
        ),
    ]
    archive.scrape(
        make_client(serve({"2026-03-10": recorded, "2025-03-10": older})),
        docs,
        [dt.date(2025, 3, 10), dt.date(2026, 3, 10)],
    )
    subprocess.run([str(REPO / "scripts/build"), "site"], cwd=root, check=True, capture_output=True)
    handler = functools.partial(QuietHandler, directory=str(root / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def search(page, query: str) -> list[dict]:
    page.fill(".archive-search__input", query)
    page.wait_for_selector(".archive-search__result, .archive-search__none")
    page.wait_for_function(
        "q => document.querySelector('.archive-search__input').value === q", arg=query
    )
    return page.eval_on_selector_all(
        ".archive-search__result",
        "links => links.map(a => ({href: a.getAttribute('href'), text: a.innerText}))",
    )


@pytest.mark.parametrize(
    ("query", "paper"),
    [
        pytest.param("VTLA", "2603.08660", id="title-word"),
        pytest.param("triples", "2603.08660", id="abstract-word"),
        pytest.param("Bingxiang", "2603.08660", id="author"),
        pytest.param("2603.07980", "2603.07980", id="arxiv-id"),
        pytest.param("2503.01234", "2503.01234", id="arxiv-id-of-another-year"),
    ],
)
def test_search_finds_papers_and_links_to_their_pages(page, site_url, query, paper):
    page.goto(f"{site_url}/")
    results = search(page, query)
    assert results, f"nothing found for {query!r}"
    assert results[0]["href"] == f"{site_url}/papers/{paper}/"


def test_a_search_result_shows_title_date_and_snippet(page, site_url):
    page.goto(f"{site_url}/papers/date/2026-03-10/")
    result = search(page, "Bingxiang")[0]["text"].splitlines()
    assert result[0].startswith("Scaling <think> Tokens")
    assert "2026-03-10" in result[1] or "2026-03-10" in result[0]
    assert page.eval_on_selector(".archive-search__excerpt mark", "m => m.innerText") == "Bingxiang"


def test_search_is_usable_from_the_keyboard(page, site_url):
    page.goto(f"{site_url}/about/")
    page.keyboard.press("/")
    page.keyboard.type("Bingxiang")
    page.wait_for_selector(".archive-search__result")
    page.keyboard.press("ArrowDown")
    assert "archive-search__result" in page.evaluate("document.activeElement.className")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{site_url}/papers/2603.08660/")
    assert "Scaling &lt;think&gt; Tokens" in page.content()


def test_search_results_follow_the_dark_palette(page, site_url):
    page.goto(f"{site_url}/")
    search(page, "diffusion")
    light = page.eval_on_selector(
        ".archive-search__panel", "p => getComputedStyle(p).backgroundColor"
    )
    page.click("label.md-header__button[for^='__palette']:visible")
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
    dark = page.eval_on_selector(
        ".archive-search__panel", "p => getComputedStyle(p).backgroundColor"
    )
    assert light != dark


def test_reading_a_page_downloads_no_search_index(page, site_url):
    fetched = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(f"{site_url}/papers/2603.07980/")
    page.wait_for_load_state("networkidle")
    assert not [url for url in fetched if "/pagefind/" in url]


@pytest.fixture
def clipboard_page(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url)
    page = context.new_page()
    yield page
    context.close()


def test_a_paper_pages_bibtex_copies_in_one_click(clipboard_page, site_url):
    page = clipboard_page
    page.goto(f"{site_url}/papers/2603.07980/")
    page.hover("pre")
    page.click("button.md-code__button[data-md-type='copy']")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("@misc{yang2026onemillionbench,")
    assert "eprint={2603.07980}" in copied


def test_a_day_pages_bibtex_copies_in_one_click(clipboard_page, site_url):
    page = clipboard_page
    page.goto(f"{site_url}/papers/date/2026-03-10/")
    page.click("button.archive-copy")
    page.wait_for_function("document.querySelector('button.archive-copy').textContent === 'Copied'")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.count("@misc{") == 3


def test_the_palette_switches_and_follows_the_system(browser, site_url):
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(f"{site_url}/papers/2603.07980/")
    assert page.get_attribute("body", "data-md-color-scheme") == "slate"
    page.click("label.md-header__button[for^='__palette']:visible")
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'default'")
    context.close()


def test_inline_tex_is_typeset_and_dollar_amounts_are_not(page, site_url):
    page.goto(f"{site_url}/papers/2503.01235/")
    page.wait_for_selector(".math .katex")
    assert page.eval_on_selector_all(".math .katex", "els => els.length") == 2
    assert "it costs $5 and $10." in page.inner_text("article")

"""The built site in a real browser (Debian's chromium, driven by Playwright): search, keyboard,
and the palette. Skipped, with the reason, where no browser is installed."""

import datetime as dt
import re
import shutil
import subprocess
import threading
import time

import pytest

from scraper.records import update
from scraper.site import preview
from tests.helpers import (
    DATA,
    REPO,
    api_item,
    copy_handwritten_pages,
    make_client,
    project_config,
    serve,
)
from tests.test_meaning import SPEECH

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
    docs.mkdir()
    copy_handwritten_pages(docs)
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
            "2503.01236",
            "A Census of Hedgerows",
            authors=tuple(
                f"{first} {last}"
                for first in ("Ana", "Ben", "Chloe", "Dev", "Eva", "Femi")
                for last in (
                    "Okafor",
                    "Lind",
                    "Sato",
                    "Moreau",
                    "Silva",
                    "Kaur",
                    "Novak",
                    "Haddad",
                    "Ruiz",
                    "Berg",
                )
            ),
            day="2025-03-10",
            summary="Sixty wardens count the hedgerows of one county.",
        ),
        api_item(
            "2503.01235",
            "Alpha Shapes",
            day="2025-03-10",
            summary=r"We fit $\alpha$-shapes in $\mathcal{O}(n^2)$ time; it costs $5 and $10.",
        ),
    ]
    # A newer, more upvoted paper with both of the name's words as other authors' names.
    recorded.append(
        api_item(
            "2603.09999",
            "Gardening Agents",
            authors=("Ada Lovelace", "George Byron"),
            upvotes=90,
            summary="Agents that prune hedges and make them tidy.",
        )
    )
    # Enough papers on one subject for more than a page of results, from three years.
    diffusion = {
        f"2024-0{month}-1{i % 5}": [
            api_item(
                f"240{month}.{i:05d}",
                f"Diffusion Study {month}-{i}",
                day=f"2024-0{month}-1{i % 5}",
                summary="We study diffusion.",
            )
        ]
        for month in (1, 2, 3, 4, 5)
        for i in range(5)
    }
    recorded.append(api_item("2603.09998", "Café Müller's Übersicht", summary="Accents."))
    # Two papers on one subject, to be found by meaning in words they do not use.
    recorded += [
        api_item(f"2603.0999{5 + i}", title, summary=summary)
        for i, (title, summary) in enumerate(SPEECH[:2])
    ]
    recorded.append(api_item("2603.09997", HOSTILE, summary=f"{HOSTILE} in the abstract too."))
    days = {"2026-03-10": recorded, "2025-03-10": older, **diffusion}
    update.scrape(
        make_client(serve(days)), docs, sorted(dt.date.fromisoformat(day) for day in days)
    )
    subprocess.run([str(REPO / "scripts/build"), "site"], cwd=root, check=True, capture_output=True)
    with preview.server(root / "site") as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        yield f"http://127.0.0.1:{server.server_address[1]}"
        server.shutdown()


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


HOSTILE = '<img src=x onerror="window.pwned=1"> Hostile & <script>window.pwned=2</script>'


def search(page, query: str) -> list[dict]:
    """Type `query` into the header's box as a reader does; the keyword suggestions shown for
    it (those by meaning follow, see `by_meaning`)."""
    page.click(".archive-search__input")
    page.keyboard.type(query)
    page.wait_for_function(
        "q => document.querySelector('[data-archive-results]').dataset.query === q",
        arg=query.strip(),
    )
    return page.eval_on_selector_all(
        "[data-archive-results] > .archive-search__result",
        "links => links.map(a => ({href: a.getAttribute('href'), text: a.innerText}))",
    )


@pytest.mark.parametrize(
    ("query", "paper"),
    [
        pytest.param("VTLA", "2603.08660", id="title-word"),
        pytest.param("triples", "2603.08660", id="abstract-word"),
        pytest.param("Bingxiang", "2603.08660", id="author"),
        pytest.param("2603.07980", "2603.07980", id="arxiv-id"),
        pytest.param("2603.07980v2", "2603.07980", id="arxiv-id-with-version"),
        pytest.param("https://huggingface.co/papers/2503.01234", "2503.01234", id="hf-url"),
        pytest.param("https://arxiv.org/abs/2503.01234v3", "2503.01234", id="arxiv-url"),
        pytest.param("arxiv.org/pdf/2603.08660v1.pdf", "2603.08660", id="arxiv-pdf-url"),
        pytest.param("Sparse Mixtures of Gardeners", "2503.01234", id="older-year-by-title"),
        pytest.param("cafe muller ubersicht", "2603.09998", id="without-accents"),
        pytest.param("diffusion study 3-2", "2403.00002", id="title-among-many-alike"),
    ],
)
def test_search_finds_any_paper_of_any_year_from_the_home_page(page, site_url, query, paper):
    page.goto(f"{site_url}/")
    results = search(page, query)
    assert results, f"nothing found for {query!r}"
    assert results[0]["href"] == f"{site_url}/papers/{paper}/"


def test_an_authors_full_name_ranks_their_paper_above_papers_with_the_same_words(page, site_url):
    page.goto(f"{site_url}/papers/date/2026-03-10/")
    results = search(page, "Ada Byron")
    assert [r["href"] for r in results[:2]] == [
        f"{site_url}/papers/2503.01234/",
        f"{site_url}/papers/2603.09999/",
    ]


def test_a_suggestion_shows_title_day_votes_authors_and_where_the_words_matched(page, site_url):
    page.goto(f"{site_url}/papers/date/2026-03-10/")
    result = search(page, "Bingxiang triples")[0]["text"].splitlines()
    assert result[0].startswith("Scaling <think> Tokens")
    assert result[1].startswith("10 March 2026 · ▲ 30 · Bingxiang He, Yuxin Zuo")
    excerpt = page.inner_text(".archive-search__result .archive-search__excerpt")
    assert "triples" in excerpt
    assert page.eval_on_selector(".archive-search__excerpt mark", "m => m.innerText") == "triples"


def test_the_suggestions_count_every_match_and_link_to_all_of_them(page, site_url):
    page.goto(f"{site_url}/")
    results = search(page, "diffusion")
    assert len(results) == 8
    # The keyword matches' count, which the papers by meaning extend when they come.
    status = page.locator(".archive-search__status")
    playwright.expect(status).to_have_text(re.compile(r"^25 papers found(;|$)"))
    page.click(".archive-search__all")
    page.wait_for_url(f"{site_url}/search/?q=diffusion")


def test_no_results_says_what_to_try(page, site_url):
    # Papers related by meaning take the advice's place when there are some: here, none.
    page.route("**/search-index/model/**", lambda route: route.abort())
    page.goto(f"{site_url}/")
    assert search(page, "zyzzyva") == []
    playwright.expect(page.locator(".archive-search__status")).to_have_text("No papers found")
    advice = page.locator(".archive-search__none")
    playwright.expect(advice).to_contain_text("Try fewer or other words")
    page.fill(".archive-search__input", "")
    assert search(page, "2401.99999") == []
    links = page.eval_on_selector_all(".archive-search__none a", "as => as.map(a => a.href)")
    assert links == [
        "https://arxiv.org/abs/2401.99999",
        "https://huggingface.co/papers/2401.99999",
    ]


def test_a_query_whose_telling_words_match_nothing_finds_nothing(page, site_url):
    # "Gardening Agents" has "make" and "them", and other abstracts "how" and "they": words
    # that match without meaning anything are no reason to list a paper.
    page.route("**/search-index/model/**", lambda route: route.abort())
    page.goto(f"{site_url}/")
    assert search(page, "how do they make them zyzzyva") == []
    playwright.expect(page.locator(".archive-search__status")).to_have_text("No papers found")


def test_a_slip_of_the_keys_finds_the_word_meant_and_says_so(page, site_url):
    page.goto(f"{site_url}/")
    results = search(page, "difusion stuyd")
    assert len(results) == 8
    assert all(r["text"].startswith("Diffusion Study") for r in results)
    playwright.expect(page.locator(".archive-search__status")).to_have_text(
        "No paper has “difusion” or “stuyd”; searched for “diffusion study”. 25 papers found"
    )
    marked = page.eval_on_selector_all(
        ".archive-search__result mark", "marks => marks.map(m => m.innerText.toLowerCase())"
    )
    assert {"diffusion", "study"} <= set(marked)

    page.goto(f"{site_url}/search/?q=Difusion")
    playwright.expect(page.locator("[data-archive-count]")).to_have_text(
        "No paper has “difusion”; searched for “diffusion”. 25 papers found."
    )
    # A word with nothing near it in spelling is not swapped for another, and a description
    # stays as written.
    page.goto(f"{site_url}/search/?q=zyzzyva")
    playwright.expect(page.locator("[data-archive-count]")).to_contain_text(
        "No papers found for “zyzzyva”"
    )
    page.goto(f"{site_url}/search/?q=a+difusion+study+of+hedges+pruned")
    playwright.expect(page.locator("[data-archive-count]")).to_have_text(
        re.compile(r"^No paper has every word; \d+ papers have some\.$")
    )


def test_the_search_box_is_a_combobox_for_keyboards_and_screen_readers(page, site_url):
    page.goto(f"{site_url}/about/")
    page.keyboard.press("/")
    box = page.locator(".archive-search__input")
    assert box.get_attribute("role") == "combobox"
    assert box.get_attribute("aria-expanded") == "false"
    page.keyboard.type("Bingxiang")
    page.wait_for_function(
        "document.querySelector('[data-archive-results]').dataset.query === 'Bingxiang'"
    )
    assert box.get_attribute("aria-expanded") == "true"
    page.keyboard.press("ArrowDown")
    option = box.get_attribute("aria-activedescendant")
    assert page.get_attribute(f"#{option}", "aria-selected") == "true"
    assert page.evaluate("document.activeElement.matches('.archive-search__input')")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{site_url}/papers/2603.08660/")
    assert "Scaling &lt;think&gt; Tokens" in page.content()


def test_enter_opens_a_results_page_that_can_be_shared_and_left_with_back(page, site_url):
    page.goto(f"{site_url}/papers/2603.07980/")
    search(page, "diffusion")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{site_url}/search/?q=diffusion")
    page.go_back()
    page.wait_for_url(f"{site_url}/papers/2603.07980/")

    page.goto(f"{site_url}/search/?q=diffusion+study")
    page.wait_for_selector(".archive-results__list .archive-search__result")
    assert page.input_value(".archive-search__input") == "diffusion study"
    playwright.expect(page.locator("[data-archive-count]")).to_have_text("25 papers found.")
    assert page.locator("[data-archive-page-results] li").count() == 20
    page.click("[data-archive-more]")
    page.wait_for_function(
        "document.querySelectorAll('[data-archive-page-results] li').length === 25"
    )
    assert page.is_hidden("[data-archive-more]")
    assert page.url == f"{site_url}/search/?q=diffusion+study"


def test_an_authors_page_names_them_where_the_byline_would_hide_them(page, site_url):
    page.goto(f"{site_url}/search/?author=Kaiyuan+Chen")
    meta = page.locator("[data-archive-page-results] .archive-search__meta").first
    playwright.expect(meta).to_contain_text("Jun Bai and 2 more, Kaiyuan Chen among them")
    assert meta.locator("mark").all_inner_texts() == ["Kaiyuan Chen"]


def test_a_result_says_when_the_words_found_are_an_author_the_byline_leaves_out(page, site_url):
    page.goto(f"{site_url}/")
    result = search(page, "kaiyuan")[0]
    assert result["href"] == f"{site_url}/papers/2603.07980/"
    meta = page.locator(".archive-search__result .archive-search__meta").first
    playwright.expect(meta).to_contain_text("and 2 more, “kaiyuan” among them")
    assert meta.locator("mark").all_inner_texts() == ["kaiyuan"]


def test_an_authors_name_leads_to_every_paper_of_theirs_newest_first(page, site_url):
    page.goto(f"{site_url}/papers/2503.01234/")
    page.click(".paper-authors a:text-is('Ada Byron')")
    page.wait_for_url(f"{site_url}/search/?author=Ada+Byron")
    playwright.expect(page.locator("h1")).to_have_text(re.compile("^Papers by Ada Byron"))
    count = page.locator("[data-archive-count]")
    playwright.expect(count).to_contain_text("1 paper by Ada Byron in this archive, newest first.")
    # Not "Gardening Agents", by Ada Lovelace and George Byron: the whole name, not its words.
    results = "[data-archive-page-results] .archive-search__result"
    assert page.eval_on_selector_all(results, "r => r.map(a => a.pathname)") == [
        "/papers/2503.01234/"
    ]
    assert page.title().startswith("Papers by Ada Byron - ")

    # An author of many papers: every year, newest first, twenty at a time.
    page.goto(f"{site_url}/search/?author=Ada+Lovelace")
    playwright.expect(count).to_contain_text("papers by Ada Lovelace")
    page.click("[data-archive-more]")
    page.wait_for_function(
        "document.querySelectorAll('[data-archive-page-results] li').length > 20"
    )
    days = page.eval_on_selector_all(
        ".archive-search__meta time", "times => times.map(t => t.dateTime)"
    )
    assert days == sorted(days, reverse=True)
    assert days[-1].startswith("2024")

    # Typing a query leaves the author's papers for the words.
    page.click(".archive-search__input")
    page.keyboard.type("gardeners")
    page.wait_for_url(f"{site_url}/search/?q=gardeners")
    playwright.expect(page.locator("h1")).to_have_text(re.compile("^Search the archive"))


@pytest.mark.parametrize(
    ("query", "paper"),
    [
        pytest.param("https://arxiv.org/abs/2503.01234v3", "2503.01234", id="arxiv-link"),
        pytest.param("2603.08660", "2603.08660", id="arxiv-id"),
    ],
)
def test_enter_on_an_id_or_link_opens_its_paper(page, site_url, query, paper):
    page.goto(f"{site_url}/about/")
    search(page, query)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{site_url}/papers/{paper}/")


DAY_PAGE = ("papers/date/2026-03-10/", "Papers of Tuesday 10 March 2026")


@pytest.mark.parametrize(
    ("query", "landing"),
    [
        pytest.param("https://huggingface.co/papers/date/2026-03-10", DAY_PAGE, id="day"),
        pytest.param(
            "HF.co/papers/week/2026-w11", ("papers/week/2026-W11/", "Week 11, 2026"), id="week"
        ),
        pytest.param(
            "https://huggingface.co/papers/month/2026-03?x=1",
            ("papers/month/2026-03/", "March 2026"),
            id="month",
        ),
        pytest.param("2026-03-10", DAY_PAGE, id="date"),
    ],
)
def test_enter_on_a_hugging_face_listing_link_opens_the_same_page_here(
    page, site_url, query, landing
):
    page.goto(f"{site_url}/about/")
    page.click(".archive-search__input")
    page.keyboard.type(query)
    page.keyboard.press("Enter")
    path, heading = landing
    page.wait_for_url(f"{site_url}/{path}")
    playwright.expect(page.locator("h1")).to_have_text(heading)


def test_enter_on_an_id_the_archive_lacks_offers_arxiv_and_hugging_face(page, site_url):
    page.goto(f"{site_url}/")
    search(page, "2401.99999")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{site_url}/search/?q=2401.99999")
    count = page.locator("[data-archive-count]")
    playwright.expect(count).to_contain_text("arXiv 2401.99999 is not in this archive")


def test_each_query_and_filter_is_a_step_back_can_return_to(page, site_url):
    page.goto(f"{site_url}/search/?q=diffusion")
    count = page.locator("[data-archive-count]")
    playwright.expect(count).to_have_text("25 papers found.")
    page.click(".archive-search__input")
    page.keyboard.press("Control+A")
    page.keyboard.type("gardeners")
    page.wait_for_url(f"{site_url}/search/?q=gardeners")
    playwright.expect(count).to_have_text("1 paper found.")
    page.select_option(".archive-results select", "2025")
    page.wait_for_url(f"{site_url}/search/?q=gardeners&in=2025")

    page.go_back()
    page.wait_for_url(f"{site_url}/search/?q=gardeners")
    assert page.input_value(".archive-results select") == ""
    page.go_back()
    page.wait_for_url(f"{site_url}/search/?q=diffusion")
    playwright.expect(count).to_have_text("25 papers found.")
    assert page.input_value(".archive-search__input") == "diffusion"


def test_back_from_a_paper_shows_the_results_as_they_were_left(page, site_url):
    page.set_viewport_size({"width": 390, "height": 700})
    page.goto(f"{site_url}/search/?q=diffusion+study")
    rows = page.locator("[data-archive-page-results] li")
    playwright.expect(rows).to_have_count(20)
    page.click("[data-archive-more]")
    playwright.expect(rows).to_have_count(25)
    rows.nth(23).scroll_into_view_if_needed()
    scrolled = page.evaluate("window.scrollY")
    assert scrolled > 1000
    rows.nth(23).locator("a").click()
    page.wait_for_url(re.compile(r".*/papers/24\d\d\.\d+/$"))
    page.go_back()
    playwright.expect(rows).to_have_count(25)
    # Where the reader was, within a few lines (the click may nudge the page).
    page.wait_for_function(f"Math.abs(window.scrollY - {scrolled}) < 150")


def test_only_the_words_that_tell_are_marked_as_matches(page, site_url):
    page.goto(f"{site_url}/")
    search(page, "agents make them tidy")
    marked = page.eval_on_selector_all(
        ".archive-search__result mark", "marks => marks.map(m => m.innerText.toLowerCase())"
    )
    assert {"agents", "tidy"} <= set(marked)
    assert not {"make", "them"} & set(marked)
    # An author named in full is marked in full, though "he" alone is a plain word.
    page.goto(f"{site_url}/")
    search(page, "Bingxiang He")
    marked = page.eval_on_selector_all(
        ".archive-search__result mark", "marks => marks.map(m => m.innerText)"
    )
    assert "Bingxiang He" in marked


def meaning_requests(page) -> list[str]:
    requests = []
    page.on(
        "request",
        lambda r: requests.append(r.url) if "meaning" in r.url or "/model/" in r.url else None,
    )
    return requests


def test_the_model_by_meaning_loads_only_when_it_can_help(page, site_url):
    requests = meaning_requests(page)
    page.goto(f"{site_url}/")
    search(page, "Sparse Mixtures of Gardeners")  # a title the reader remembered
    page.fill(".archive-search__input", "")
    search(page, "Bingxiang")  # an author, on one paper
    page.fill(".archive-search__input", "")
    search(page, "diffusion")  # a word with many papers
    page.wait_for_load_state("networkidle")
    assert requests == []

    # On the results page the reader can still ask for it.
    page.goto(f"{site_url}/search/?q=diffusion")
    playwright.expect(page.locator("[data-archive-count]")).to_have_text("25 papers found.")
    page.wait_for_load_state("networkidle")
    assert requests == []
    page.click("[data-archive-meaning-ask]")
    page.wait_for_selector("[data-archive-meaning]:not([hidden])", timeout=15_000)
    assert requests


def test_the_model_by_meaning_stays_unasked_where_the_reader_saves_data(page, site_url):
    requests = meaning_requests(page)
    page.add_init_script(
        "Object.defineProperty(navigator, 'connection', {value: {saveData: true}})"
    )
    page.goto(f"{site_url}/search/?q=machines+that+turn+talking+into+text")
    page.wait_for_selector("[data-archive-meaning-ask]:not([hidden])")
    assert requests == []


# A 1×1 PNG: the cards' thumbnails as their host would send them, so that the cards are laid
# out as a reader sees them (a phone sets a card with an image as a grid of its own).
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d494844520000000100000001080200000090"
    "7753de0000000c49444154789c636868680000030401814bd3d2100000000049454e44ae426082"
)


@pytest.mark.parametrize("width", [1280, 390])
def test_only_papers_with_code_can_be_shown_and_the_address_keeps_it(page, site_url, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.route(
        "https://cdn-thumbnails.huggingface.co/**",
        lambda route: route.fulfill(body=PNG, content_type="image/png"),
    )
    page.goto(f"{site_url}/papers/date/2026-03-10/")
    playwright.expect(page.locator(".paper-card__image").first).to_be_visible()
    cards = page.locator(".paper-cards > .paper-card:visible")
    every = cards.count()
    box = page.get_by_label(re.compile(r"Only papers with code \(1 of \d+\)"))
    box.check()
    playwright.expect(cards).to_have_count(1)
    assert page.url.endswith("/papers/date/2026-03-10/?code")
    page.reload()
    playwright.expect(cards).to_have_count(1)
    # The listing pages it links keep the filter on; the papers it links do not take it.
    with page.expect_navigation():
        page.get_by_role("link", name="Week 11").click()
    assert page.url.endswith("/papers/week/2026-W11/?code")
    playwright.expect(page.get_by_label(re.compile("Only papers with code"))).to_be_checked()
    page.go_back()
    assert page.locator(".paper-card__title").first.get_attribute("href").endswith("/")
    page.get_by_label(re.compile("Only papers with code")).uncheck()
    playwright.expect(cards).to_have_count(every)
    assert page.get_by_role("link", name="Week 11").get_attribute("href").endswith("W11/")


def test_a_phone_shows_a_days_first_paper_in_the_top_half_of_its_screen(browser, site_url):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{site_url}/papers/date/2026-03-10/")
    first = page.locator(".paper-card").first.bounding_box()
    assert first["y"] < 844 / 2
    # What the intro's sentence said is on the line of the code filter, copy button and all.
    tools = page.locator(".listing-tools")
    playwright.expect(tools.get_by_role("link", name="BibTeX")).to_be_visible()
    playwright.expect(tools.get_by_role("button", name="Copy all as BibTeX")).to_be_visible()
    context.close()


def test_without_javascript_a_day_hides_its_filter_and_copy_button_and_keeps_their_room(
    browser, site_url
):
    tops = []
    for scripts in (True, False):
        context = browser.new_context(java_script_enabled=scripts)
        page = context.new_page()
        page.goto(f"{site_url}/papers/date/2026-03-10/")
        tops.append(page.locator(".paper-card").first.bounding_box()["y"])
        if not scripts:
            playwright.expect(page.get_by_role("button", name="Copy all as BibTeX")).to_be_hidden()
            playwright.expect(page.get_by_label(re.compile("Only papers with code"))).to_be_hidden()
            playwright.expect(page.get_by_role("link", name="BibTeX")).to_be_visible()
        context.close()
    assert tops[0] == tops[1]


@pytest.mark.parametrize("width", [360, 390])
def test_a_phone_shows_the_sites_name_whole_beside_the_search_box(browser, site_url, width):
    context = browser.new_context(viewport={"width": width, "height": 640})
    page = context.new_page()
    page.goto(f"{site_url}/")
    page.wait_for_selector(".archive-search__input")
    name = page.locator(".md-header__topic .md-ellipsis").first
    assert name.evaluate("name => name.scrollWidth <= name.clientWidth"), "cut short"
    context.close()


def test_a_phone_keeps_the_sites_name_in_the_header_past_the_title(browser, site_url):
    # Material shows the page's title there once it scrolls away: beside the box, a phone
    # had room for a few of its letters.
    context = browser.new_context(viewport={"width": 390, "height": 640})
    page = context.new_page()
    page.goto(f"{site_url}/papers/2503.01236/")
    page.mouse.wheel(0, 1200)
    page.wait_for_selector(".md-header__title--active")
    page.wait_for_timeout(500)  # Material's fade
    topics = page.locator(".md-header__topic")
    assert topics.nth(0).evaluate("t => getComputedStyle(t).opacity") == "1"
    assert topics.nth(1).evaluate("t => getComputedStyle(t).opacity") == "0"
    assert topics.nth(0).inner_text() == "HF Papers"
    context.close()


def test_a_page_that_links_its_own_feed_fetches_no_sitemap(page, site_url):
    # Material looks for other languages in the sitemap beside each `rel=alternate` link: on an
    # organization's or a topic's page, a 404; on every listing page, the whole sitemap.
    page.goto(f"{site_url}/organizations/")
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    with page.expect_navigation():
        page.locator(".md-content li a").first.click()
    page.wait_for_load_state("networkidle")
    feeds = page.locator('link[type="application/atom+xml"]')
    playwright.expect(feeds).to_have_count(2)  # the organization's own, then the site's
    assert [url for url in requests if "sitemap" in url] == []


def test_a_day_page_does_not_move_while_it_loads(page, site_url):
    # The page's script arrives after its first paint, as on a slow phone.
    def late(route):
        time.sleep(0.5)
        route.continue_()

    page.route("**/archive.js", late)
    page.goto(f"{site_url}/papers/date/2026-03-10/")
    page.wait_for_load_state("load")
    shift = page.evaluate(
        """() => new Promise((done) => {
            let sum = 0;
            new PerformanceObserver((list) => {
                for (const shift of list.getEntries()) {
                    if (!shift.hadRecentInput) sum += shift.value;
                }
            }).observe({ type: "layout-shift", buffered: true });
            setTimeout(() => done(sum), 500);
        })"""
    )
    assert shift == 0


def test_a_paper_the_archive_lacks_is_offered_on_arxiv_and_hugging_face(page, site_url):
    response = page.goto(f"{site_url}/papers/2503.99999/")
    assert response.status == 404
    missing = page.locator("[data-archive-missing]")
    playwright.expect(missing).to_contain_text("no paper with the arXiv id 2503.99999")
    links = missing.locator("a")
    playwright.expect(links).to_have_count(3)
    assert [links.nth(i).get_attribute("href") for i in range(3)] == [
        "https://huggingface.co/papers/2503.99999",
        "https://arxiv.org/abs/2503.99999",
        f"{site_url}/papers/month/2025-03/",
    ]


def test_a_day_the_archive_lacks_leads_to_the_nearest_days_it_holds(page, site_url):
    page.goto(f"{site_url}/papers/date/2025-06-02/")
    missing = page.locator("[data-archive-missing]")
    playwright.expect(missing).to_contain_text("Monday 2 June 2025 has not been fetched")
    near = missing.locator("li a")
    playwright.expect(near).to_have_text(["Monday 10 March 2025", "Tuesday 10 March 2026"])
    near.first.click()
    page.wait_for_url(f"{site_url}/papers/date/2025-03-10/")


def test_an_arxiv_address_with_a_version_opens_the_papers_page(page, site_url):
    page.goto(f"{site_url}/papers/2603.09999v2/")
    page.wait_for_url(f"{site_url}/papers/2603.09999/")
    playwright.expect(page.locator("h1")).to_have_text("Gardening Agents")


def test_hugging_faces_own_papers_address_opens_the_latest_days(page, site_url):
    page.goto(f"{site_url}/papers/")
    page.wait_for_url(f"{site_url}/")
    page.goto(f"{site_url}/papers/week/")
    page.wait_for_url(f"{site_url}/archive/")


@pytest.mark.parametrize(
    ("address", "said", "nearest"),
    [
        ("week/2025-W23", "Week 23, 2025 has no day", ["Week 11, 2025", "Week 11, 2026"]),
        ("month/2025-06", "June 2025 has no day", ["March 2025", "March 2026"]),
    ],
)
def test_a_week_or_month_the_archive_lacks_leads_to_the_nearest_it_holds(
    page, site_url, address, said, nearest
):
    response = page.goto(f"{site_url}/papers/{address}/")
    assert response.status == 404
    assert page.title().startswith("Not in the archive - ")
    missing = page.locator("[data-archive-missing]")
    playwright.expect(missing).to_contain_text(said)
    kind, key = address.split("/")
    hf = missing.get_by_role("link", name=f"The {kind} on Hugging Face")
    playwright.expect(hf).to_have_attribute("href", f"https://huggingface.co/papers/{address}")
    near = missing.locator("li a")
    playwright.expect(near).to_have_text(nearest)
    near.last.click()
    heading = page.locator("h1")
    playwright.expect(heading).to_contain_text(nearest[-1].split(",")[0])


def test_the_results_page_narrows_to_a_year_or_month(page, site_url):
    page.goto(f"{site_url}/search/?q=diffusion&in=2024-03")
    page.wait_for_selector(".archive-results__list .archive-search__result")
    count = page.locator("[data-archive-count]")
    playwright.expect(count).to_have_text("5 papers found in March 2024.")
    assert page.input_value(".archive-results select") == "2024-03"
    page.select_option(".archive-results select", "2026")
    page.wait_for_url(f"{site_url}/search/?q=diffusion&in=2026")
    playwright.expect(count).to_contain_text("Search all years")


def test_hostile_text_in_results_stays_text(page, site_url):
    page.goto(f"{site_url}/")
    [result] = search(page, "hostile")
    assert result["text"].splitlines()[0] == HOSTILE
    page.goto(f"{site_url}/search/?q=hostile+pwned")
    page.wait_for_selector(".archive-results__list .archive-search__result")
    assert page.inner_text(".archive-results__list .archive-search__title") == HOSTILE
    assert page.evaluate("window.pwned") is None
    assert page.locator(".archive-results img, .archive-results script").count() == 0


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


@pytest.mark.parametrize("path", ["", "papers/date/2026-03-10/", "papers/2603.07980/"])
def test_reading_a_page_downloads_no_search_index(page, site_url, path):
    fetched = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(f"{site_url}/{path}")
    page.wait_for_load_state("networkidle")
    assert not [url for url in fetched if "/search-index/" in url]


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
    # Material's toast, which a screen reader reads too.
    assert page.get_by_role("status").inner_text() == "Copied to clipboard"


def test_a_long_bibtex_entry_scrolls_in_its_box_and_copies_whole(browser, site_url):
    # A phone: no hover, where Material makes no code block reachable by the keyboard.
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url)
    page = context.new_page()
    page.goto(f"{site_url}/papers/2503.01236/")
    assert not page.evaluate("matchMedia('(hover)').matches")
    code = page.locator(".paper-text pre > code")
    box = code.bounding_box()
    assert box["height"] < 20 * 16 + 40  # 20 lines, not the 60 authors' 30 and more
    # Reached by the keyboard, scrolled by it: Chromium and Firefox focus any box that scrolls,
    # Safari (and axe's rule) only one with a tabindex.
    assert code.get_attribute("tabindex") == "0"
    for _ in range(100):
        page.keyboard.press("Tab")
        if code.evaluate("c => c === document.activeElement"):
            break
    assert code.evaluate("c => c === document.activeElement")
    page.keyboard.press("End")
    page.wait_for_function("document.activeElement.scrollTop > 0")
    page.click("button.md-code__button[data-md-type='copy']")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert "author={Okafor, Ana and Lind, Ana and" in copied
    assert "and Berg, Femi}," in copied
    context.close()


def test_a_day_pages_bibtex_copies_in_one_click(clipboard_page, site_url):
    page = clipboard_page
    page.goto(f"{site_url}/papers/date/2026-03-10/")
    bibtex = page.get_by_role("link", name="BibTeX")
    before = bibtex.bounding_box()
    page.click("button.archive-copy")
    page.wait_for_function("document.querySelector('button.archive-copy').textContent === 'Copied'")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.count("@misc{") == 8
    assert page.get_by_role("status").inner_text() == "Copied 8 BibTeX entries to the clipboard"
    assert bibtex.bounding_box() == before  # "Copied" is shorter; nothing beside it moves


def test_a_day_pages_bibtex_that_fails_to_load_says_it_was_not_copied(clipboard_page, site_url):
    page = clipboard_page
    page.route("**/*.bib", lambda route: route.fulfill(status=404, body="Not found"))
    page.goto(f"{site_url}/papers/date/2026-03-10/")
    page.click("button.archive-copy")
    status = page.get_by_role("status")
    status.filter(has_text="Not copied").wait_for()
    assert status.inner_text() == "Not copied: the day's BibTeX file did not load (404)"
    assert page.locator("button.archive-copy").inner_text() == "Copy all as BibTeX"


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


def test_a_paper_page_reads_at_a_comfortable_measure(page, site_url):
    page.goto(f"{site_url}/papers/2603.07980/")
    per_line = page.evaluate(
        """() => {
          const p = document.querySelector('.md-content h2 ~ p');
          const line = parseFloat(getComputedStyle(p).lineHeight);
          return p.textContent.length / Math.round(p.getBoundingClientRect().height / line);
        }"""
    )
    assert 65 <= per_line <= 95


@pytest.mark.parametrize(
    "path",
    [
        "",
        "papers/date/2026-03-10/",
        "papers/week/2026-W11/",
        "papers/month/2026-03/",
        "coverage/",
        "search/",
        "organizations/",
        "organizations/humanlaya/",
        "trends/",
        "data/",
    ],
)
def test_listing_pages_do_not_scroll_sideways_on_a_phone(browser, site_url, path):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{site_url}/{path}?q=diffusion")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # Nor do their tables (the month's calendar, coverage by month) hide columns off-screen.
    overflowing = page.evaluate(
        "[...document.querySelectorAll('.md-typeset__scrollwrap')]"
        ".filter((wrap) => wrap.scrollWidth > wrap.clientWidth + 1).length"
    )
    assert overflowing == 0
    context.close()


def by_meaning(page) -> list[str]:
    """The titles the header box shows as related by meaning, once they came."""
    page.wait_for_selector(".archive-search__group", timeout=15_000)
    return page.eval_on_selector_all(
        "[role=group] .archive-search__title", "titles => titles.map(t => t.innerText)"
    )


def test_the_box_finds_papers_by_meaning_in_words_they_do_not_use(site_url, page):
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(site_url)
    assert not [u for u in requests if "/model/" in u or "meaning" in u]  # nothing until asked
    found = search(page, "machines that turn talking into text")
    # The keyword matches miss both papers on speech recognition; once the model by meaning is
    # here, the two rankings fused put them among the first suggestions.
    assert not {SPEECH[0][0], SPEECH[1][0]} & {r["text"].split("\n")[0] for r in found}
    by_meaning(page)
    shown = page.eval_on_selector_all(
        ".archive-search__result .archive-search__title", "ts => ts.map(t => t.innerText)"
    )
    assert {SPEECH[0][0], SPEECH[1][0]} <= set(shown[:5])
    status = page.locator(".archive-search__status")
    playwright.expect(status).to_contain_text("related by meaning")
    # Arrow keys reach the group related by meaning too, after the suggestions.
    outside = page.eval_on_selector_all(
        "[role=option]", "os => os.filter(o => !o.closest('[role=group]')).length"
    )
    for _ in range(outside + 1):
        page.keyboard.press("ArrowDown")
    selected = page.eval_on_selector(
        "[aria-selected=true]", "a => a.closest('[role=group]') !== null"
    )
    assert selected


def test_a_search_by_meaning_fetches_only_the_model_parts_of_its_own_words(site_url, page):
    from scraper.deriving import embedding
    from scraper.deriving import search as index

    requests = meaning_requests(page)
    page.goto(site_url)
    query = "machines that turn talking into text"
    # Typed a little slower than the box's debounce: each half-typed word is searched by
    # keyword, but only the finished query, after the reader pauses, by meaning.
    page.click(".archive-search__input")
    page.keyboard.type(query, delay=120)
    by_meaning(page)
    page.wait_for_load_state("networkidle")
    parts = {int(url.rsplit("/", 1)[1].split(".")[0]) for url in requests if "/rows-" in url}
    ids = embedding.load().token_ids(query)
    assert parts == {i // index.MODEL_ROWS_PER_PART for i in ids}
    assert not [url for url in requests if "table.bin" in url]


def test_enter_on_a_description_shows_first_what_the_box_showed(site_url, page):
    page.goto(site_url)
    search(page, "machines that turn talking into text")
    by_meaning(page)
    suggested = page.eval_on_selector_all(
        "[data-archive-results] > .archive-search__result .archive-search__title",
        "ts => ts.map(t => t.innerText)",
    )
    page.keyboard.press("Enter")
    page.wait_for_url(f"{site_url}/search/?q=machines+that+turn+talking+into+text")
    count = page.locator("[data-archive-count]")
    playwright.expect(count).to_contain_text("ranked by their words and meaning together")
    titles = page.locator("[data-archive-page-results] .archive-search__title")
    first = titles.all_inner_texts()[: len(suggested)]
    assert first == suggested
    assert {SPEECH[0][0], SPEECH[1][0]} <= set(first[:5])
    # The papers related by meaning below leave out those already among the results.
    page.wait_for_selector("[data-archive-meaning]:not([hidden])", timeout=15_000)
    below = page.locator("[data-archive-meaning] .archive-search__title").all_inner_texts()
    assert not set(below) & set(titles.all_inner_texts())
    # Back from a paper finds the same list, ranked the same.
    titles.first.click()
    page.wait_for_url(re.compile(r".*/papers/\d{4}\.\d+/$"))
    page.go_back()
    playwright.expect(count).to_contain_text("ranked by their words and meaning together")
    assert titles.all_inner_texts()[: len(suggested)] == suggested


def test_papers_with_every_word_are_not_mixed_with_papers_by_meaning(site_url, page):
    # One paper has all three words. The model loads (few papers have them all), and what it
    # finds goes under its own heading, in the box and on the results page, not among them.
    page.goto(site_url)
    found = search(page, "chunked conformers speech")
    assert [r["text"].split("\n")[0] for r in found] == [SPEECH[0][0]]
    by_meaning(page)
    ungrouped = page.eval_on_selector_all(
        "[role=option]", "os => os.filter(o => !o.closest('[role=group]')).length"
    )
    assert ungrouped == 1
    playwright.expect(page.locator(".archive-search__status")).to_have_text(
        re.compile(r"^1 paper found; \d+ papers? related by meaning$")
    )
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/search/\?q=chunked"))
    page.wait_for_selector("[data-archive-meaning]:not([hidden])", timeout=15_000)
    playwright.expect(page.locator("[data-archive-count]")).to_have_text("1 paper found.")
    titles = page.locator("[data-archive-page-results] .archive-search__title")
    assert titles.all_inner_texts() == [SPEECH[0][0]]


@pytest.fixture(scope="module")
def committed_url(tmp_path_factory):
    """The committed archive (docs/, 120 papers of five days) built and served: an archive
    large enough for its mean to say what it covers."""
    root = tmp_path_factory.mktemp("committed")
    shutil.copytree(REPO / "docs", root / "docs", ignore=shutil.ignore_patterns(".records.jsonl"))
    project_config(root)
    subprocess.run([str(REPO / "scripts/build"), "site"], cwd=root, check=True, capture_output=True)
    with preview.server(root / "site") as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        yield f"http://127.0.0.1:{server.server_address[1]}"
        server.shutdown()


@pytest.mark.parametrize(
    "query", ["xqzt blorf wuvv", "how often to water succulents indoors", "medieval tax law"]
)
def test_words_outside_the_archives_subjects_get_nothing_by_meaning(committed_url, page, query):
    requests = meaning_requests(page)
    page.goto(f"{committed_url}/search/?q={query}")
    # Few keyword matches: the model loads, and finds nothing close enough to offer.
    page.wait_for_function("() => window.ArchiveMeaning !== undefined")
    page.wait_for_load_state("networkidle")
    assert requests
    assert page.is_hidden("[data-archive-meaning]")


def test_a_description_in_other_words_finds_its_paper_by_meaning(committed_url, page):
    page.goto(f"{committed_url}/search/?q=training+with+four-bit+floating+point+numbers")
    page.wait_for_selector("[data-archive-meaning]:not([hidden])", timeout=15_000)
    shown = page.eval_on_selector_all(
        "[data-archive-page-results] a, [data-archive-meaning] a", "as => as.map(a => a.href)"
    )
    assert f"{committed_url}/papers/2509.25149/" in shown


def test_an_arxiv_id_is_not_searched_by_meaning(site_url, page):
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(site_url)
    search(page, "2503.01234")
    page.wait_for_load_state("networkidle")
    assert not [u for u in requests if "meaning" in u or "/model/" in u]
    assert page.query_selector(".archive-search__group") is None

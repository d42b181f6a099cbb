"""The archive's URL scheme: where each page lives under docs/ (served without the `.md`).

Paper and day paths are Hugging Face's own (`/papers/<id>/`, `/papers/date/<day>/`), so swapping
the host of an HF link opens the same page here.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from pathlib import Path

HOME = "index.md"
ARCHIVE = "archive.md"
COVERAGE = "coverage.md"
COVERAGE_JSON = "coverage.json"
# The day ledger: which days were fetched, when, and how many papers HF listed. The scraper's
# record, not a page: the site publishes it as coverage.json, with what the archive holds.
LEDGER = "days.json"
GENERATED = (HOME, ARCHIVE, COVERAGE, COVERAGE_JSON)  # besides every day, week and month page
PAPERS_DIR = "papers"
DAYS_DIR = "papers/date"
MONTHS_DIR = "papers/month"
WEEKS_DIR = "papers/week"
FEED = "feed.xml"
TOPICS_DIR = "topics"  # in the prepared tree only (scraper/site/prepare.py), not kept in docs/
TOPICS = "topics/index.md"
ORGANIZATIONS_DIR = "organizations"  # in the prepared tree only, as topics
ORGANIZATIONS = "organizations/index.md"
ROBOTS = "robots.txt"
TRENDS = "trends.md"  # in the prepared tree only
DATA = "data.md"  # in the prepared tree only: the archive as data
PAPERS_PARQUET = "data/papers.parquet"
# The embeddings cache (scraper/deriving/vectors.py): derived, kept with the archive, not published.
EMBEDDINGS_DIR = "embeddings"
SEARCH_INDEX = "search-index"  # built beside the site by scripts/build
SEARCH = "search.md"  # the results page, /search/?q=…
BY_HAND = ("about.md", SEARCH)  # the only pages people write; every other is derived


def paper(paper_id: str) -> str:
    return f"{PAPERS_DIR}/{paper_id}.md"


def day(date: dt.date) -> str:
    return f"{DAYS_DIR}/{date.isoformat()}.md"


def day_bibtex(date: dt.date) -> str:
    return f"{DAYS_DIR}/{date.isoformat()}.bib"


def day_json(date: dt.date) -> str:
    return f"{DAYS_DIR}/{date.isoformat()}.json"


def topic(slug: str, page: int = 1) -> str:
    """A topic's page: topics/<slug>/, and its older papers at topics/<slug>/page/2/."""
    return f"{TOPICS_DIR}/{slug}.md" if page == 1 else f"{TOPICS_DIR}/{slug}/page/{page}.md"


def topic_feed(slug: str) -> str:
    return f"{TOPICS_DIR}/{slug}/{FEED}"


def organization(slug: str, page: int = 1) -> str:
    """An organization's page: organizations/<slug>/, older papers at .../<slug>/page/2/."""
    if page == 1:
        return f"{ORGANIZATIONS_DIR}/{slug}.md"
    return f"{ORGANIZATIONS_DIR}/{slug}/page/{page}.md"


def organization_feed(slug: str) -> str:
    return f"{ORGANIZATIONS_DIR}/{slug}/{FEED}"


def week(year: int, week: int) -> str:
    """An ISO week, as HF writes it: papers/week/2026-W11."""
    return f"{WEEKS_DIR}/{year:04d}-W{week:02d}.md"


def week_of(date: dt.date) -> str:
    year, number, _ = date.isocalendar()
    return week(year, number)


def month(year: int, month: int) -> str:
    return f"{MONTHS_DIR}/{year:04d}-{month:02d}.md"


def served(page: str) -> str:
    """Where a docs/ page is served, relative to the site's root: papers/2603.07980/ (and a
    file that is not a page, as it is: papers/date/2026-03-10.bib)."""
    if not page.endswith(".md"):
        return page
    stem = page.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def href(from_page: str, to_page: str) -> str:
    """A relative link, as a built page writes it, from one docs/ page to another page or file:
    papers/2603.07980.md -> papers/date/2026-03-10.md is ../date/2026-03-10/. (By splitting,
    not posixpath.relpath, which asks the file system: a build makes hundreds of thousands.)"""
    base = served(from_page).split("/")[:-1]
    target = served(to_page).split("/")
    common = 0
    while common < min(len(base), len(target) - 1) and base[common] == target[common]:
        common += 1
    relative = "../" * (len(base) - common) + "/".join(target[common:])
    return relative or "./"


def link(from_page: str, to_page: str) -> str:
    """A relative link between two docs/ files, which MkDocs and GitHub both resolve."""
    return posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")


def hf_paper(paper_id: str) -> str:
    return f"https://huggingface.co/papers/{paper_id}"


def hf_user(name: str) -> str:
    """A user's or an organization's page (a validated Hugging Face name)."""
    return f"https://huggingface.co/{name}"


def hf_day(date: dt.date) -> str:
    return f"https://huggingface.co/papers/date/{date.isoformat()}"


def hf_citing(paper_id: str, kind: str) -> str:
    """Where HF lists the models or datasets citing a paper (as its paper page's "Browse"
    links do); its Spaces only on the paper page itself."""
    if kind == "spaces":
        return hf_paper(paper_id)
    return f"https://huggingface.co/{kind}?other=arxiv:{paper_id}"


def arxiv_abs(paper_id: str) -> str:
    return f"https://arxiv.org/abs/{paper_id}"


def arxiv_pdf(paper_id: str) -> str:
    return f"https://arxiv.org/pdf/{paper_id}"


def is_generated(path: Path, docs_dir: Path) -> bool:
    """Whether a file under docs/ is a listing page, derived and rewritten by every scrape."""
    try:
        relative = path.resolve().relative_to(docs_dir.resolve()).as_posix()
    except ValueError:
        return False
    return relative in GENERATED or relative.startswith((DAYS_DIR, WEEKS_DIR, MONTHS_DIR))

"""Helpers the tests share: API items in the real `/api/daily_papers` shape, a transport and a
client serving them, and the project's site configuration for a temporary folder."""

from __future__ import annotations

import contextlib
import copy
import json
import os
import re
import shutil
from pathlib import Path

import httpx

from scraper.fetching.client import PapersClient
from scraper.site import prepare, urls

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).parent.parent


def api_item(
    paper_id: str,
    title: str = "A Paper",
    *,
    upvotes: int = 1,
    day: str = "2026-03-10",
    authors=("Ada Lovelace", "Alan Turing"),
    summary: str = "An abstract.",
    **paper_fields,
) -> dict:
    """One item as `/api/daily_papers` returns it (2026 schema; optional fields absent)."""
    paper = {
        "id": paper_id,
        "authors": [
            {"_id": f"a{i}", "name": name, "hidden": False} for i, name in enumerate(authors)
        ],
        "publishedAt": "2026-03-09T00:00:00.000Z",
        "submittedOnDailyAt": f"{day}T00:00:00.000Z",
        "title": title,
        "summary": summary,
        "upvotes": upvotes,
        "discussionId": "69b0c0ffee0000000000abcd",
        **paper_fields,
    }
    return {
        "paper": paper,
        "publishedAt": "2026-03-08T20:00:00.000Z",
        "title": title,
        "summary": summary,
        "thumbnail": f"https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/{paper_id}.png",
        "numComments": 2,
        "isAuthorParticipating": False,
    }


def serve(days: dict[str, list], details: dict[str, dict] | None = None) -> httpx.MockTransport:
    """A transport answering `/api/daily_papers?date=…&limit=…&p=…` from `days`, and
    `/api/papers/{id}` from `details` (404 `Paper not found` for any other id, as HF answers)."""

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.startswith("/api/papers/"):
            detail = (details or {}).get(request.url.path.rsplit("/", 1)[1])
            if detail is None:
                return httpx.Response(404, json={"error": "Paper not found"})
            return httpx.Response(200, json=detail)
        params = request.url.params
        items = copy.deepcopy(days.get(params["date"], []))
        limit, page = int(params["limit"]), int(params["p"])
        # As the API sends it: ASCII JSON, odd characters (lone surrogates too) as \u escapes.
        body = json.dumps(items[page * limit : (page + 1) * limit]).encode()
        return httpx.Response(200, content=body, headers={"content-type": "application/json"})

    return httpx.MockTransport(handler)


def make_client(transport: httpx.BaseTransport, sleeps: list | None = None) -> PapersClient:
    record = sleeps.append if sleeps is not None else (lambda seconds: None)
    return PapersClient("https://hf.test", transport=transport, min_interval=0, sleep=record)


@contextlib.contextmanager
def environ(values: dict[str, str] | None):
    saved = dict(os.environ)
    os.environ.update(values or {})
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def build_site(
    root: Path, hooks: bool = True, env: dict | None = None, without: str | None = None
) -> Path:
    """What scripts/build does, in this process: prepare root/docs into root/prepared, then a
    strict MkDocs build into root/site, with the project's mkdocs.yml (`without` one of its
    hooks, or none) and `env` (SITE_URL, REPO_URL, EDIT_URI). Returns the site."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = project_config(root)
    if not hooks:
        config.write_text(re.sub(r"(?m)^hooks:\n(  - .*\n)+", "", config.read_text()))
    if without:
        config.write_text(re.sub(rf"(?m)^  - .*/{re.escape(without)}\n", "", config.read_text()))
    with environ(env):
        prepare.prepare(root / "docs", root / prepare.PREPARED, prepare.read_config(config))
        build(load_config(str(config), strict=True, site_dir=str(root / "site")))
    return root / "site"


def project_config(root: Path) -> Path:
    """The project's mkdocs.yml, written into `root`, its hooks and theme overrides still the
    repository's: a site in a temporary folder builds as the real one does."""
    config = (REPO / "mkdocs.yml").read_text()
    config = config.replace("- hooks/", f"- {REPO}/hooks/")
    config = config.replace("custom_dir: overrides", f"custom_dir: {REPO}/overrides")
    (root / "mkdocs.yml").write_text(config)
    return root / "mkdocs.yml"


def copy_handwritten_pages(docs: Path) -> None:
    """The repository's hand-written pages, the rest of a site around an archive."""
    for name in urls.BY_HAND:
        shutil.copy(REPO / "docs" / name, docs / name)
    (docs / "stylesheets").mkdir(exist_ok=True)
    shutil.copy(REPO / "docs/stylesheets/extra.css", docs / "stylesheets")

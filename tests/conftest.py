"""Fixtures: a recorded day in the real shape, a throwaway archive folder, and an environment
that never reaches the host's network or settings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import DATA, copy_handwritten_pages


@pytest.fixture
def recorded_day() -> list[dict]:
    """A day of real-shaped items with the awkward text HF really serves."""
    return json.loads((DATA / "daily_papers_2026-03-10.json").read_text(encoding="utf-8"))


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    """An empty archive: the repository's hand-written pages, no papers."""
    docs = tmp_path / "docs"
    docs.mkdir()
    copy_handwritten_pages(docs)
    return docs


@pytest.fixture(autouse=True)
def clean_environ(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never depend on the host: no real API URL, proxies or site URL leak in."""
    for name in (
        "HF_API_URL",
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "SITE_URL",
        "REPO_URL",
        "EDIT_URI",
    ):
        monkeypatch.delenv(name, raising=False)
    # A local fake API needs no spacing between requests (tests of the spacing set their own).
    monkeypatch.setenv("HF_MIN_INTERVAL", "0")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")

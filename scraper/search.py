"""Building the search index: one Pagefind bundle per arXiv year, made from the paper records.

Indexing records rather than the built HTML keeps the index independent of the theme, lets it run
beside the MkDocs build, and bounds Pagefind's memory by the size of one year. A browser loads
only the bundle of the year it searches, so one query's download does not grow with the archive.
"""

from __future__ import annotations

import html
import json
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from scraper import urls
from scraper.errors import ScraperError
from scraper.model import Paper

BUNDLES_FILE = "bundles.json"


def arxiv_year(paper: Paper) -> int:
    return 2000 + int(paper.id[:2])


def search_page(paper: Paper) -> str:
    """What Pagefind indexes for one paper: title, authors, id, abstract, and the day as meta."""
    e = html.escape
    keywords = f"<p>{e(', '.join(paper.ai_keywords))}</p>" if paper.ai_keywords else ""
    return (
        f'<!doctype html><html lang="en"><head><title>{e(paper.title)}</title></head><body>'
        f'<main data-pagefind-body><h1 data-pagefind-weight="5">{e(paper.title)}</h1>'
        f'<p data-pagefind-weight="3">{e(", ".join(paper.authors))}</p>'
        f"<p>arXiv {paper.id}</p><p>{e(paper.abstract)}</p>{keywords}"
        f'<span data-pagefind-meta="date" hidden>{paper.days[0].isoformat()}</span>'
        "</main></body></html>"
    )


def build_index(papers: Iterable[Paper], output: Path) -> dict[int, int]:
    """Write one Pagefind bundle per arXiv year under `output`; returns {year: papers}."""
    by_year: dict[int, list[Paper]] = defaultdict(list)
    for paper in papers:
        by_year[arxiv_year(paper)].append(paper)
    if output.exists():
        shutil.rmtree(output)
    output.mkdir(parents=True)
    for year, in_year in sorted(by_year.items()):
        with tempfile.TemporaryDirectory(prefix=f"search-{year}-") as corpus:
            for paper in in_year:
                page = Path(corpus) / urls.paper(paper.id).removesuffix(".md") / "index.html"
                page.parent.mkdir(parents=True)
                page.write_text(search_page(paper), encoding="utf-8")
            _pagefind(Path(corpus), output / str(year))
    counts = {year: len(in_year) for year, in_year in sorted(by_year.items(), reverse=True)}
    bundles = [{"year": year, "papers": n} for year, n in counts.items()]
    (output / BUNDLES_FILE).write_text(json.dumps(bundles) + "\n", encoding="utf-8")
    return counts


def _pagefind(site: Path, output: Path) -> None:
    command = [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(site),
        "--output-path",
        str(output),
        "--quiet",
    ]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise ScraperError(f"Pagefind failed on {output.name}: {result.stderr.strip()[-2000:]}")

"""Search benchmark: can a reader find a known paper from the search box, and what does it cost?

    python bench/search.py 1000 10000 50000 [--keep] [--reuse]

For each size, an archive spread over four arXiv years (bench.generate) is built as the deploy
builds it, then 100 known-item queries are typed into the header's search box of the home page
in headless Chromium, as a reader types them (60 ms a key), nothing else touched:
40 by four to six consecutive title words, 20 by an author's full name (an author of at most two
papers), 20 by arXiv id (half with a version suffix), 20 by a pasted Hugging Face or arXiv URL,
drawn at random from all years. Printed: recall in the first five results per kind, bytes of the
first query on a fresh page and of each later one (raw, and gzipped for scripts and JSON as
GitHub Pages serves them), and milliseconds from the last keystroke to the results.
"""

from __future__ import annotations

import argparse
import collections
import gzip
import os
import random
import re
import shutil
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench  # noqa: E402
from scraper.deriving import search  # noqa: E402

KEY_DELAY_MS = 60
TIMEOUT_MS = 10_000


def queries(papers: list, rng: random.Random) -> list[tuple[str, str, str]]:
    """(kind, query, paper id) for 100 known-item searches."""
    by_author = collections.Counter(a for p in papers for a in p.authors)
    picked = []
    for _ in range(40):
        paper = rng.choice(papers)
        words = paper.title.split()
        k = min(len(words), rng.randint(4, 6))
        start = rng.randrange(len(words) - k + 1)
        picked.append(("title", " ".join(words[start : start + k]), paper.id))
    while len([q for q in picked if q[0] == "author"]) < 20:
        paper = rng.choice(papers)
        few = [a for a in paper.authors if by_author[a] <= 2]
        if few:
            picked.append(("author", rng.choice(few), paper.id))
    for i in range(20):
        paper = rng.choice(papers)
        picked.append(("id", paper.id + (f"v{rng.randint(1, 3)}" if i % 2 else ""), paper.id))
    forms = (
        "https://huggingface.co/papers/{}",
        "https://arxiv.org/abs/{}v2",
        "https://arxiv.org/pdf/{}",
        "arxiv.org/abs/{}",
        "https://arxiv.org/pdf/{}v1.pdf",
    )
    for i in range(20):
        paper = rng.choice(papers)
        picked.append(("url", forms[i % len(forms)].format(paper.id), paper.id))
    return picked


def wire_bytes(url: str, body: bytes) -> int:
    """Bytes as a gzipping host (GitHub Pages) sends them: text compressed, the rest as is."""
    if re.search(r"(\.(js|json|css|html)|/)(\?|$)", url):
        return len(gzip.compress(body))
    return len(body)


def typed_search(page, query: str) -> list[tuple[str, bytes]]:
    """Type `query` into the box as a reader does and wait for its results; the responses."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    bodies: list[tuple[str, bytes]] = []
    listener = lambda r: bodies.append((r.url, r.body()))  # noqa: E731
    page.on("response", listener)
    page.fill(".archive-search__input", "")
    page.click(".archive-search__input")
    page.keyboard.type(query, delay=KEY_DELAY_MS)
    start = time.perf_counter()
    try:
        page.wait_for_function(
            "q => document.querySelector('[data-archive-results]')?.dataset.query === q",
            arg=query.strip(),
            timeout=TIMEOUT_MS,
        )
        elapsed = (time.perf_counter() - start) * 1000
    except PlaywrightTimeout:  # counted as a miss, with the time-out as its time
        elapsed = TIMEOUT_MS
    bodies.append(("elapsed", str(elapsed).encode()))
    page.wait_for_load_state("networkidle")
    page.remove_listener("response", listener)
    return bodies


def sharing(papers: list, query: str) -> int:
    """How many papers' titles hold the query's words in its order: past five, no ranking can
    put the one meant in the first five."""
    words = " ".join(search.tokens(query))
    return sum(f" {words} " in f" {' '.join(search.tokens(p.title))} " for p in papers)


def run_queries(site: Path, picked: list[tuple[str, str, str]], papers: list) -> dict:
    """Every query in one page, one after another, as a reader searching on: recall, bytes
    and time of each."""
    from playwright.sync_api import Error as PlaywrightError

    found = collections.Counter()
    costs, times, misses = [], [], []
    crashes = 0
    with bench.browsing(site) as (url, browser):
        page = None
        for kind, query, paper in picked:
            if page is None:
                page = browser.new_context().new_page()
                page.goto(f"{url}/")
                page.wait_for_load_state("networkidle")
            try:
                *bodies, (_, elapsed) = typed_search(page, query)
                hrefs = page.eval_on_selector_all(
                    ".archive-search__result", "links => links.map(a => a.href)"
                )[:5]
            except PlaywrightError:  # the tab crashed: a miss, and a fresh page for the next
                crashes += 1
                page.context.close()
                page, bodies, elapsed, hrefs = None, [], TIMEOUT_MS, []
            times.append(float(elapsed))
            costs.append((sum(len(b) for _, b in bodies), sum(wire_bytes(u, b) for u, b in bodies)))
            if f"{url}/papers/{paper}/" in hrefs:
                found[kind] += 1
            else:
                misses.append((kind, query, paper))
    kinds = collections.Counter(kind for kind, _, _ in picked)
    later = [wire for _, wire in costs[1:]]
    row = {f"recall {k}": f"{found[k]}/{n}" for k, n in kinds.items()}
    row |= {
        "recall": f"{sum(found.values())}/{len(picked)}",
        "first KB raw": costs[0][0] / 1024,
        "first KB gz": costs[0][1] / 1024,
        "later KB gz median": statistics.median(later) / 1024,
        "later KB gz max": max(later) / 1024,
        "ms median": statistics.median(times),
        "ms p90": statistics.quantiles(times, n=10)[-1],
        "ms max": max(times),
        "tab crashes": crashes,
    }
    titles = [query for kind, query, _ in picked if kind == "title"]
    row["title queries shared by >5 titles"] = sum(sharing(papers, q) > 5 for q in titles)
    for kind, query, paper in misses:
        shared = f" (in {sharing(papers, query)} titles)" if kind == "title" else ""
        print(f"  missed ({kind}): {query!r} -> {paper}{shared}", file=sys.stderr)
    return row


def first_query_costs(site: Path, picked: list[tuple[str, str, str]], count: int) -> float:
    """Largest gzip KB of a first query on a fresh page (empty cache), over `count` queries."""
    worst = 0
    with bench.browsing(site) as (url, browser):
        for _, query, _ in picked[:: max(1, len(picked) // count)][:count]:
            context = browser.new_context()
            page = context.new_page()
            page.goto(f"{url}/")
            page.wait_for_load_state("networkidle")
            *bodies, _ = typed_search(page, query)
            worst = max(worst, sum(wire_bytes(u, b) for u, b in bodies))
            context.close()
    return worst / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--out", type=Path, default=bench.REPO / "bench" / "out")
    parser.add_argument("--keep", action="store_true", help="keep bench/out/search-<N>/")
    parser.add_argument(
        "--reuse", action="store_true", help="search the site of a kept run again, unbuilt"
    )
    args = parser.parse_args()
    if not shutil.which("chromium"):
        raise SystemExit("this benchmark needs Debian's chromium")
    env = {
        "NO_MKDOCS_2_WARNING": "1",
        "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
    }
    rows = []
    for n in args.sizes:
        root = args.out / f"search-{n}"
        if not args.reuse:
            shutil.rmtree(root, ignore_errors=True)
        papers = bench.generate(root / "docs", n) if not (root / "docs").exists() else None
        if papers is None:
            papers = bench.generate(root / "fresh", n)
            shutil.rmtree(root / "fresh")
        row = {"N": n}
        if not (args.reuse and (root / "site").is_dir()):
            bench.our_config(root)
            shutil.rmtree(root / "site", ignore_errors=True)
            build = [str(bench.REPO / "scripts/build"), str(root / "site")]
            row["build s"], _ = bench.timed(build, root, env)
        picked = queries(papers, random.Random(n))
        index = next(p for p in (root / "site/search-index", root / "site/pagefind") if p.exists())
        row["search MB"] = bench.tree_bytes(index) / 2**20
        row |= run_queries(root / "site", picked, papers)
        row["first KB gz max (10 fresh pages)"] = first_query_costs(root / "site", picked, 10)
        rows.append(row)
        bench.print_table(rows)
        if not args.keep:
            shutil.rmtree(root)


if __name__ == "__main__":
    main()

"""Meaning benchmark: related papers, search by meaning, and what they cost.

    python bench/meaning.py [--minilm-python /tmp/distill/bin/python] [--scale 50000]

1. Related papers: agreement of the archive's related-5 (static model, k-means probing) with
   all-MiniLM-L6-v2's exact related-5, on the committed archive (docs/) and on the seed papers
   (../shared/seeds), beside the static model's exact related-5.
2. Search by meaning: MRR and recall@10 of QUERIES (written in words other than the papers'
   own, each meaning one paper of the committed archive) for keyword search alone (the search
   box's own ranking, in headless Chromium), the search by meaning as the browser runs it
   (one bit a dimension), the static model's full vectors, and MiniLM; and how often the
   paper is among what a reader sees: the header box (8 keyword + 5 by meaning) and the
   results page (20 + 10).
3. At --scale papers (bench.generate): embedding them cold, a rebuild's embedding with a warm
   cache, 300 new papers, related lists for all and their agreement with exact neighbours on a
   sample, and in Chromium the bytes and milliseconds of the first search by meaning.

MiniLM runs (bench/minilm.py) only when --minilm-python names a Python with torch and
sentence-transformers; without it those columns are left out.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import io
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from scraper.deriving import embedding, search  # noqa: E402
from scraper.deriving.related import related  # noqa: E402
from scraper.deriving.vectors import Vectors, text_of, vectors  # noqa: E402
from scraper.records import store  # noqa: E402
from scraper.site import preview  # noqa: E402

SEEDS = REPO.parent / "shared" / "seeds"
QUERIES = [
    ("forecasting numbers that change over time with a pretrained transformer", "2403.07815"),
    ("a very hard exam of expert questions that AI systems still fail", "2501.14249"),
    ("digital doubles of people that can be shown under any lighting", "2501.14726"),
    ("tricking chatbots through their conversation format to hijack their tools", "2509.22830"),
    ("converting database queries from one engine's dialect to another", "2509.23338"),
    ("shortening official legal bulletins into plain Spanish", "2509.24908"),
    ("a robot that follows spoken directions to reach a place", "2509.24910"),
    ("an agent that learns games by thinking before acting", "2509.25052"),
    ("training with four-bit floating point numbers", "2509.25149"),
    ("children's arithmetic story questions shown as pictures", "2509.25160"),
    ("controlling a chatbot's behaviour by editing its hidden activations", "2509.25175"),
    ("putting shuffled image pieces back together as practice for multimodal models", "2509.25190"),
    ("a tiny particle propelled by chemical reactions close to a flat surface", "2603.00791"),
    ("how road congestion relates to what city districts are used for", "2603.05581"),
    ("programming assistants that work in the command line shell", "2603.05344"),
    ("a story writer that forgets facts from earlier chapters", "2603.05890"),
    ("self-driving cars where a multimodal model decides and a planner steers", "2603.07901"),
    ("how far chatbots are from professionals on real paid work", "2603.07980"),
    ("assistants that guess what a computer user wants before being asked", "2603.08013"),
    ("questions answered from company documents and spreadsheets", "2603.08655"),
    ("piano music played with human feeling from flat note sequences", "2606.12282"),
    ("measuring the shapes of letters in old manuscripts", "2606.09446"),
    ("simulating flying quadcopters on graphics cards to learn control", "2606.08039"),
    ("fitting mixtures of gaussians quickly on a gpu without running out of ram", "2606.10896"),
    ("medical question answering in Indian languages by cooperating agents", "2606.13572"),
    ("agents that browse websites to finish tasks dependably", "2606.10423"),
    ("a question set whose answers change as the world does, for web search agents", "2606.13120"),
    ("asking language models about themselves and checking it against their actions", "2606.12730"),
    ("producing pictures in very few sampling steps by learning from a bigger model", "2606.12575"),
    ("robots recognising doors, drawers and hinged objects", "2606.08103"),
    ("federated learning building blocks for a numerical computing library", "2403.07128"),
    ("users trace a path so an object in a generated clip moves along it", "2403.07420"),
    ("separately trained specialist copies merged into one sparse network", "2403.07816"),
    ("judging how good machine-made videos are with a model that reasons first", "2509.22799"),
    ("speeding up video generation by skipping most attention computations", "2509.24006"),
    ("rebuilding the geometry of places from minutes of footage", "2603.03269"),
    ("models that repair damaged pictures before answering questions about them", "2606.08063"),
    ("how much to trust a model's stated certainty", "2603.03872"),
]


def seed_papers() -> list[str]:
    """Title and abstract pairs of the seed listings (a title line, a blank, its abstract)."""
    texts = []
    for path in sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []:
        lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
        for i in range(len(lines) - 2):
            title, blank, abstract = lines[i : i + 3]
            if 20 < len(title) < 200 and not blank and len(abstract) > 300:
                texts.append(f"{title}\n{abstract}")
    return list(dict.fromkeys(texts))


def minilm(python: str | None, texts: list[str]) -> np.ndarray | None:
    if not python:
        return None
    out = subprocess.run(
        [python, str(REPO / "bench/minilm.py")],
        input=json.dumps(texts).encode(),
        capture_output=True,
        check=True,
    ).stdout
    return np.load(io.BytesIO(out))


def exact_top(matrix: np.ndarray, k: int = 5, rows=None) -> list[list[int]]:
    rows = range(len(matrix)) if rows is None else rows
    out = []
    for i in rows:
        scores = matrix @ matrix[i]
        scores[i] = -np.inf
        out.append(list(np.argsort(-scores, kind="stable")[:k]))
    return out


def agreement(a: list[list[int]], b: list[list[int]]) -> float:
    return float(np.mean([len(set(x) & set(y)) / len(y) for x, y in zip(a, b, strict=True)]))


def ours_top(matrix: np.ndarray, texts: list[str] | None = None) -> list[list[int]]:
    ids = [f"{i:07d}" for i in range(len(matrix))]
    found = related(Vectors(ids, matrix, 0), texts)
    return [[int(j) for j in found[i]] for i in ids]


def mrr_recall(rankings: list[list[str]], targets: list[str], at: int = 10) -> tuple[float, float]:
    """MRR@10, and recall at `at`."""
    rr = [
        1 / (r.index(t) + 1) if t in r[:10] else 0.0 for r, t in zip(rankings, targets, strict=True)
    ]
    hit = [t in r[:at] for r, t in zip(rankings, targets, strict=True)]
    return float(np.mean(rr)), float(np.mean(hit))


def judged_queries() -> list[tuple[str, str]]:
    """The judged descriptions (bench/judged/queries.json), written without the papers' words."""
    rows = json.loads((REPO / "bench/judged/queries.json").read_text())["queries"]
    return [(row["q"], row["id"]) for row in rows]


@contextlib.contextmanager
def served_page(site: Path):
    """A page of headless Chromium, and the address of `site` served on loopback."""
    from playwright.sync_api import sync_playwright

    with preview.server(site) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=shutil.which("chromium"),
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            yield browser.new_page(), f"http://127.0.0.1:{server.server_address[1]}/"
            browser.close()
        server.shutdown()


def browser_rankings(site: Path, queries: list[str]) -> dict[str, list[list[str]]]:
    """For each query, as the built site's own scripts rank it: keyword search, search by
    meaning alone, and what the header box and the results page show."""
    index = site / "search-index"
    manifest = json.loads((index / "manifest.json").read_text())

    def doc_id(n: int) -> str:
        k, i = divmod(n, manifest["docsPerFile"])
        return json.loads((index / manifest["version"] / f"d/{k}.json").read_text())[i]["id"]

    def ids_of(links: list[str]) -> list[str]:
        return [link.rstrip("/").rsplit("/", 1)[-1] for link in links]

    out = {"keyword": [], "meaning": [], "box": [], "page": [], "full": []}
    hrefs = "as => as.map(a => a.getAttribute('href'))"
    results = "[data-archive-page-results] a"
    with served_page(site) as (page, url):

        def open_results(query: str) -> None:
            page.goto(url + "search/?q=" + urllib.parse.quote(query))
            page.wait_for_function(
                "q => document.querySelector('[data-archive-results]').dataset.query === q",
                arg=query,
            )

        # The keyword ranking alone: the results page without its script by meaning (which,
        # for a description, ranks the first page again with meaning).
        page.route("**/assets/javascripts/meaning.js", lambda route: route.abort())
        for query in queries:
            open_results(query)
            keyword = page.eval_on_selector_all(results, hrefs)
            count = page.inner_text("[data-archive-count]")
            out["keyword"].append(ids_of(keyword))
            out["full"].append(bool(keyword) and "No paper has every word" not in count)
        page.unroute("**/assets/javascripts/meaning.js")
        # The results page as a reader sees it once the papers by meaning came.
        for query in queries:
            open_results(query)
            try:
                page.wait_for_selector("[data-archive-meaning]:not([hidden])", timeout=10_000)
                near = page.eval_on_selector_all("[data-archive-meaning] a", hrefs)
            except Exception:
                near = []
            # A query the page did not search by meaning (not `helpful`) has no model yet.
            if page.evaluate("typeof ArchiveMeaning === 'undefined'"):
                page.add_script_tag(url=url + "assets/javascripts/meaning.js")
            numbers = page.evaluate(
                """async ([q, base, meaning]) => {
                    const engine = await ArchiveMeaning.load(new URL(base, location), meaning);
                    return engine.search(q, 10);
                }""",
                [query, "/search-index/", manifest["meaning"]],
            )
            shown = page.eval_on_selector_all(results, hrefs)
            out["meaning"].append([doc_id(n) for n in numbers])
            out["page"].append(ids_of(shown[:20] + near))
        page.goto(url)
        for query in queries:
            page.fill(".archive-search__input", "")
            page.click(".archive-search__input")
            page.keyboard.type(query)
            page.wait_for_function(
                "q => document.querySelector('[data-archive-results]').dataset.query === q",
                arg=query,
            )
            try:
                page.wait_for_selector(".archive-search__group", timeout=10_000)
            except Exception:
                pass
            links = page.eval_on_selector_all(
                ".archive-search__result", "as => as.map(a => a.getAttribute('href'))"
            )
            out["box"].append(ids_of(links))
    return out


def quality(minilm_python: str | None, work: Path) -> None:
    papers, _ = store.load_archive(REPO / "docs")
    found = vectors(papers.values(), REPO / "docs", write=False)
    ids = found.ids
    texts = [text_of(papers[i]) for i in ids]
    model = embedding.load()

    print("## Related papers: agreement with all-MiniLM-L6-v2's related-5")
    print(
        "corpus | papers | ours (meaning + words) | meaning only (k-means probing) | "
        "meaning only, exact | probing vs exact"
    )
    seeds = seed_papers()
    for name, corpus, static in (
        ("committed archive", texts, found.matrix),
        ("seed papers", seeds, model.embed(seeds) if seeds else None),
    ):
        if static is None or not len(corpus):
            print(f"{name} | 0 | (no {name}) | | ")
            continue
        reference = minilm(minilm_python, corpus)
        hybrid, probing, exact = ours_top(static, corpus), ours_top(static), exact_top(static)
        ref = exact_top(reference) if reference is not None else None
        cells = [
            f"{agreement(x, ref):.3f}" if ref else "(no MiniLM)" for x in (hybrid, probing, exact)
        ]
        print(f"{name} | {len(corpus)} | {' | '.join(cells)} | {agreement(probing, exact):.3f}")
    print()

    site = work / "site"
    subprocess.run(
        [str(REPO / "scripts/build"), str(site)], cwd=REPO, check=True, capture_output=True
    )
    for name, asked in (("reworded", QUERIES), ("judged", judged_queries())):
        search_by_meaning(name, asked, site, found, model, texts, minilm_python)


def box_of(
    keyword: list[str], near: list[str], full: bool, shown=8, fused_from=20, more=5
) -> list[str]:
    """The header box's list much as search.js makes it: unless some paper has every word
    (`full`), the keyword ranking's first 20 and the ranking by meaning fused by reciprocal
    rank (k = 60), the first 8 shown, then up to 5 more by meaning. Simpler than search.js in
    two ways: the 5 more leave out only the 8 shown (search.js also leaves out every paper with
    all the query's words), and every query is searched by meaning (search.js: those `helpful`
    says); the check row shows whether that matters on a query set."""
    score: dict[str, float] = {}
    for ranking in (keyword[:fused_from], near):
        for i, paper_id in enumerate(ranking):
            score[paper_id] = score.get(paper_id, 0) + 1 / (60 + i + 1)
    fused = near and keyword and not full
    top = sorted(score, key=lambda i: -score[i])[:shown] if fused else keyword[:shown]
    return top + [i for i in near if i not in top][:more]


def simulated_boxes(queries, keyword, full, found, model, domain) -> dict[str, list[list[str]]]:
    """The box as it would be with other scores by meaning, from the browser's own keyword
    rankings: the bits it has (a check: it must equal the box measured in Chromium), and the
    papers' full int8 vectors (what no bits could do better than)."""
    matrix, mean = found.matrix, found.matrix.mean(axis=0)
    scores = {
        "bits, as the browser (check)": lambda q: (q - mean) @ np.sign(matrix - mean).T,
        "full int8 vectors": lambda q: q @ matrix.T,
        "full int8 vectors less the mean": lambda q: (q - mean) @ (matrix - mean).T,
    }
    out = {}
    for label, score in scores.items():
        boxes = []
        for q, ranked, every in zip(model.embed(queries), keyword, full, strict=True):
            outside = q @ mean / np.linalg.norm(mean) < domain
            near = (
                [] if outside else [found.ids[j] for j in np.argsort(-score(q), kind="stable")[:10]]
            )
            boxes.append(box_of(ranked, near, every))
        out[label] = boxes
    return out


def search_by_meaning(name, asked, site, found, model, texts, minilm_python) -> None:
    ids = found.ids
    print(f"## Search by meaning: {len(asked)} {name} queries on the committed archive")
    queries = [q for q, _ in asked]
    targets = [t for _, t in asked]
    ranked = browser_rankings(site, queries)
    full = model.embed(queries) @ found.matrix.T
    rankings = {
        "keyword search alone (browser)": ranked["keyword"],
        "by meaning, 1 bit a dimension (browser)": ranked["meaning"],
        "by meaning, full int8 vectors (Python)": [
            [ids[j] for j in np.argsort(-row, kind="stable")[:10]] for row in full
        ],
        "header box as shown: 8 fused + 5 by meaning (browser)": ranked["box"],
    }
    reference = minilm(minilm_python, texts + queries)
    if reference is not None:
        docs, asked_vectors = reference[: len(texts)], reference[len(texts) :]
        rankings["all-MiniLM-L6-v2 (Python)"] = [
            [ids[j] for j in np.argsort(-row, kind="stable")[:10]] for row in asked_vectors @ docs.T
        ]
    domain = json.loads((site / "search-index/manifest.json").read_text())["meaning"]["domain"]
    simulated = simulated_boxes(queries, ranked["keyword"], ranked["full"], found, model, domain)
    for label, lists in simulated.items():
        rankings[f"header box, simulated with {label} (Python)"] = lists
    print("ranking | MRR@10 | recall@5 | recall@10")
    for label, lists in rankings.items():
        mrr, recall10 = mrr_recall(lists, targets)
        _, recall5 = mrr_recall(lists, targets, at=5)
        print(f"{label} | {mrr:.3f} | {recall5:.3f} | {recall10:.3f}")
    for label, lists in (
        ("header box: 8 fused + 5 by meaning", ranked["box"]),
        ("results page: its first 20 (fused or not) + 10 by meaning", ranked["page"]),
    ):
        shown = np.mean([t in r for r, t in zip(lists, targets, strict=True)])
        print(f"{label} | shown: {shown:.3f} |")
    print()


def scale(n: int, work: Path) -> None:
    import bench

    print(f"## At {n:,} papers (bench.generate; seed text, so meaningless neighbours)")
    docs = work / "docs"
    started = time.perf_counter()
    papers = bench.generate(docs, n)  # writes the warm cache too, timed again below
    print(f"generate (incl. the cache) | {time.perf_counter() - started:.1f} s")
    shutil.rmtree(docs / "embeddings")
    started = time.perf_counter()
    cold = vectors(papers, docs)
    took = time.perf_counter() - started
    print(f"embed all, cold cache | {took:.1f} s ({cold.embedded:,} embedded)")
    started = time.perf_counter()
    warm = vectors(papers, docs)
    print(f"rebuild, warm cache | {time.perf_counter() - started:.1f} s ({warm.embedded} embedded)")
    model = embedding.load()
    day = [text_of(p) for p in papers[:300]]
    started = time.perf_counter()
    model.embed(day)
    print(f"embed a day's 300 new papers | {time.perf_counter() - started:.2f} s")
    cache = sum(p.stat().st_size for p in (docs / "embeddings").glob("*.jsonl"))
    files = len(list((docs / "embeddings").glob("*")))
    print(f"cache on disk | {cache / 2**20:.1f} MB in {files} files")
    by_id = {p.id: p for p in papers}
    texts = [text_of(by_id[i]) for i in warm.ids]
    started = time.perf_counter()
    related(warm, texts)
    print(
        f"related-5 for all, meaning + words (as the build) | {time.perf_counter() - started:.1f} s"
    )
    started = time.perf_counter()
    lists = related(warm)
    print(f"related-5 for all, meaning only | {time.perf_counter() - started:.1f} s")
    rng = np.random.default_rng(0)
    sample = rng.choice(n, 500, replace=False)
    exact = exact_top(warm.matrix, rows=sample)
    ours = [[warm.row(i) for i in lists[warm.ids[r]]] for r in sample]
    print(
        f"meaning only: probing's agreement with exact (500 sampled) | {agreement(ours, exact):.3f}"
    )

    ordered = search.in_index_order(papers)
    bits = search.meaning_bits(ordered, warm)
    packed = len(gzip.compress(bits))
    print(f"meaning bits | {len(bits) / 2**20:.2f} MB raw, {packed / 2**20:.2f} MB gzip")
    vocab = len(gzip.compress((embedding.MODEL_DIR / "vocab.txt").read_bytes()))
    parts = [len(gzip.compress(p)) for p in embedding.table_parts(search.MODEL_ROWS_PER_PART)]
    print(
        f"model | vocabulary {vocab / 1024:.0f} KB gzip, fetched once; table in {len(parts)} "
        f"parts of {search.MODEL_ROWS_PER_PART} tokens, {statistics.median(parts) / 1024:.1f} KB "
        f"gzip each (median), {sum(parts) / 2**20:.2f} MB in all, fetched as queries need them"
    )
    browser_cost(work, papers, warm)
    paper = papers[len(papers) // 2]
    first_search_by_kind(
        work / "site",
        [
            ("arXiv id", paper.id),
            ("HF link", f"https://huggingface.co/papers/{paper.id}"),
            ("title words", " ".join(paper.title.split()[:4])),
            ("author", paper.authors[0]),
            ("description", "training neural networks with four-bit floating point numbers"),
        ],
    )


def first_search_by_kind(site: Path, kinds: list[tuple[str, str]]) -> None:
    """What a reader's first search downloads, by kind of query, each in a fresh browser (cold
    cache), typed into the header's box: the index's files, and the model and the bits when
    the query makes them load. As a host sends them: .gz files as they are, the rest gzipped."""
    import bench

    print("first search, typed in the box | query | files | KB sent | of which model and bits")
    with bench.browsing(site) as (url, browser):
        for kind, query in kinds:
            context = browser.new_context()
            page = context.new_page()
            page.goto(f"{url}/about/")
            page.wait_for_load_state("networkidle")
            bodies = []

            def record(response, bodies=bodies):
                if response.ok:
                    bodies.append((response.url, response.body()))

            page.on("response", record)
            page.click(".archive-search__input")
            page.keyboard.type(query, delay=30)
            page.wait_for_selector(".archive-search__result", timeout=60_000)
            page.wait_for_timeout(1500)  # a description's model starts loading after a pause
            page.wait_for_load_state("networkidle")
            sent = {u: len(b) if u.endswith(".gz") else len(gzip.compress(b)) for u, b in bodies}
            meaning = sum(n for u, n in sent.items() if "/model/" in u or "meaning" in u)
            total = sum(sent.values())
            print(f"{kind} | {query} | {len(sent)} | {total / 1024:,.0f} | {meaning / 1024:,.0f}")
            context.close()


def browser_cost(work: Path, papers, found) -> None:
    """A built small site with the large archive's search index: what the first search by
    meaning downloads and how long it takes, and a later one."""
    site = work / "site"
    if not site.exists():
        subprocess.run(
            [str(REPO / "scripts/build"), str(site)], cwd=REPO, check=True, capture_output=True
        )
    shutil.rmtree(site / "search-index")
    search.build_index(papers, site / "search-index", found)
    with served_page(site) as (page, url):
        bodies = []

        def record(response):
            try:
                bodies.append((response.url, response.body()))
            except Exception:  # the page closed while a response was still arriving
                pass

        page.on("response", record)
        page.goto(url)
        page.wait_for_load_state("networkidle")
        bodies.clear()
        for i, query in enumerate(("models that reason over long videos", "robot hands")):
            page.fill(".archive-search__input", "")
            page.click(".archive-search__input")
            page.keyboard.type(query)
            started = time.perf_counter()
            page.wait_for_selector(".archive-search__group", timeout=60_000)
            elapsed = (time.perf_counter() - started) * 1000
            page.wait_for_load_state("networkidle")
            # What a host sends: the .gz files as they are, the text files gzipped.
            meaning = [(u, b) for u, b in bodies if "/model/" in u or "meaning" in u]
            sent = sum(len(b) if u.endswith(".gz") else len(gzip.compress(b)) for u, b in meaning)
            print(
                f"{'first' if i == 0 else 'later'} search by meaning | "
                f"{sent / 2**20:.2f} MB sent for meaning.js, the model and the bits | "
                f"{elapsed:.0f} ms from the last key to the meaning results"
            )
            bodies.clear()
        page.remove_listener("response", record)
        compute = page.evaluate(
            """async () => {
                const m = await (await fetch('/search-index/manifest.json')).json();
                const base = new URL("/search-index/", location);
                const engine = await ArchiveMeaning.load(base, m.meaning);
                const t = performance.now();
                for (let i = 0; i < 20; i++) await engine.search(`video diffusion ${i}`, 10);
                return (performance.now() - t) / 20;
            }"""
        )
        print(f"embed + score every paper in the page | {compute:.1f} ms a query")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minilm-python", help="a Python with torch and sentence-transformers")
    parser.add_argument("--scale", type=int, default=50_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        quality(args.minilm_python, work)
        if args.scale:
            scale(args.scale, work)


if __name__ == "__main__":
    main()

"""Build benchmark: an archive of N papers through the project's own renderer, built exactly as
the deploy builds it (scripts/build: prepare, then MkDocs) and, in the same run, the naive
Material site of the same papers (each paper a plain Markdown page with its title, authors,
dates, links and abstract; Material as it comes, its search on), printed as a table.

    python bench/bench.py 1000 10000 [50000] [--keep]

Text comes from ../shared/seeds when that folder exists (real titles and abstracts), synthetic
text otherwise. Output goes to bench/out/<N>/ (deleted afterwards unless --keep).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gzip
import io
import itertools
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import threading
import time
import zlib
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from scraper.deriving import sentence_model  # noqa: E402
from scraper.deriving.vectors import (  # noqa: E402
    SENTENCE_DIR,
    Vectors,
    cache_key,
    encode,
    month_of,
    text_of,
    vectors,
)
from scraper.records.model import TRACKED, Day, Paper, normalise_line, normalise_text  # noqa: E402
from scraper.rendering import formats, render  # noqa: E402
from scraper.rendering.listings import listing_pages  # noqa: E402
from scraper.site import urls  # noqa: E402

SEEDS = REPO.parent / "shared" / "seeds"
FIRST = [
    "Wei",
    "Anna",
    "Yuxin",
    "Carlos",
    "Priya",
    "Jonas",
    "Mei",
    "Omar",
    "Sofia",
    "Hiro",
    "Lena",
    "Arjun",
    "Chen",
    "Maria",
    "Tom",
    "Fatima",
    "Igor",
    "Zhe",
    "Emma",
    "Kenji",
]
LAST = [
    "Zhang",
    "Müller",
    "Li",
    "García",
    "Patel",
    "Schmidt",
    "Wang",
    "Haddad",
    "Rossi",
    "Tanaka",
    "Novak",
    "Gupta",
    "Liu",
    "Silva",
    "Brown",
    "Khan",
    "Petrov",
    "Chen",
    "Kim",
]


def texts() -> tuple[list[str], list[str]]:
    """Real titles and abstracts from the seeds, or synthetic ones."""
    titles, abstracts = [], []
    if SEEDS.is_dir():
        for path in sorted(SEEDS.glob("*.txt")):
            lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
            for line, following in zip(lines, lines[1:] + [""], strict=True):
                if 20 < len(line) < 200 and len(following) == 0:
                    titles.append(line)
                elif len(line) > 400:
                    abstracts.append(line)
    if len(titles) < 50 or len(abstracts) < 50:
        rng = random.Random(1)
        words = (
            "model learning language diffusion agent reasoning benchmark vision token "
            "training data multimodal scaling attention video policy reward"
        ).split()
        titles = [" ".join(rng.choices(words, k=8)).title() for _ in range(500)]
        abstracts = [" ".join(rng.choices(words, k=220)) + "." for _ in range(500)]
    return titles, abstracts


FIRST_DAY, LAST_DAY = dt.date(2023, 1, 2), dt.date(2026, 11, 20)  # four arXiv years
ORGANIZATIONS = 3_000  # distinct organizations credited across 50,000 papers
SYLLABLES = (
    "ka ri mo ten sa lu vi dor an bel cha fen gor hal is jun kor lam nev ost pra quin rus "
    "sol tav ul ver wen xan yor zel"
).split()


def author_names(rng: random.Random) -> list[str]:
    """A pool of names: a few very common ones (as "Wei Zhang" is), most shared by few papers."""
    common = [f"{first} {last}" for first in FIRST for last in LAST]
    rare = {
        f"{rng.choice(FIRST)} {''.join(rng.choices(SYLLABLES, k=3)).title()}"
        for _ in range(200_000)
    }
    return common + sorted(rare)


def title_maker(titles: list[str], rng: random.Random):
    """Titles in the seeds' own phrasing (a word chain learnt from them), each one unique."""
    follows: dict[str, list[str]] = {}
    for title in titles:
        words = title.split()
        for a, b in zip(["^", *words], [*words, "$"], strict=True):
            follows.setdefault(a, []).append(b)
    seen: set[str] = set()

    def make() -> str:
        while True:
            words, word = [], "^"
            while len(words) < 14:
                word = rng.choice(follows[word])
                if word == "$":
                    break
                words.append(word)
            title = " ".join(words)
            if len(words) >= 5 and title not in seen:
                seen.add(title)
                return title

    return make


def generate(docs: Path, n: int) -> list:
    """Write an archive of `n` papers into `docs`, as the scraper would, spread evenly over the
    weekdays of four arXiv years; returns the papers."""
    rng = random.Random(n)
    titles, abstracts = texts()
    make_title = title_maker(titles, rng)
    names = author_names(rng)
    # Keywords as HF's model gives them: a few common subjects, a long tail of rare phrases
    # (word pairs of the seeds' titles), drawn by a Zipf law.
    pairs = sorted(
        {" ".join(t.lower().split()[i : i + 2]) for t in titles for i in range(len(t.split()) - 1)}
    )
    keyword_pool = rng.sample(pairs, min(len(pairs), 20_000))
    keyword_weights = list(itertools.accumulate(1 / (r + 1) for r in range(len(keyword_pool))))
    common = len(FIRST) * len(LAST)
    # Organizations as HF credits them: a few large labs, a long tail of small ones (Zipf), on
    # about 60% of papers.
    labs = [{"name": f"lab-{i}", "fullname": f"Research Lab {i}"} for i in range(ORGANIZATIONS)]
    lab_weights = list(itertools.accumulate(1 / (r + 1) for r in range(len(labs))))
    weekdays = [
        FIRST_DAY + dt.timedelta(days=i)
        for i in range((LAST_DAY - FIRST_DAY).days + 1)
        if (FIRST_DAY + dt.timedelta(days=i)).weekday() < 5
    ]
    papers, days, serials = [], [], {}
    for i, day in enumerate(weekdays):
        count = (i + 1) * n // len(weekdays) - i * n // len(weekdays)
        days.append(Day(day, count, f"{day}T09:00:00Z", votes_as_of=day + dt.timedelta(days=30)))
        for _ in range(count):
            serials[day.strftime("%y%m")] = serial = serials.get(day.strftime("%y%m"), 0) + 1
            authors = tuple(
                dict.fromkeys(
                    names[rng.randrange(common)] if rng.random() < 0.3 else rng.choice(names)
                    for _ in range(rng.choice([2, 3, 4, 5, 6, 8, 12, 25]))
                )
            )
            paper = Paper(
                id=f"{day:%y%m}.{serial:05d}",
                title=normalise_line(make_title()),
                authors=authors,
                abstract=normalise_text(rng.choice(abstracts)),
                days=(day,),
                upvotes=rng.randint(0, 120),
                comments=rng.randint(0, 9),
                published=day - dt.timedelta(days=1),
                github="https://github.com/example/repo" if rng.random() < 0.5 else None,
                github_stars=rng.randint(0, 900) if rng.random() < 0.5 else None,
                ai_summary=normalise_text(rng.choice(abstracts)[:220])
                if rng.random() < 0.8
                else None,
                ai_keywords=tuple(
                    dict.fromkeys(rng.choices(keyword_pool, cum_weights=keyword_weights, k=6))
                )
                if rng.random() < 0.9
                else None,
                # As HF's 2026 items: a card image always, an organization on about 60%, a
                # submitter, some authors with profiles, an AI summary's model, a few media.
                thumbnail="https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/"
                f"{day:%y%m}.{serial:05d}.png",
                organization=rng.choices(labs, cum_weights=lab_weights)[0]
                if rng.random() < 0.6
                else None,
                submitter={"name": "akhaliq", "fullname": "AK"},
                author_profiles={a: f"user{rng.randrange(10**6)}" for a in authors[:2]}
                if rng.random() < 0.3
                else None,
                ai_summary_model="Qwen/Qwen2.5-Coder-32B-Instruct" if rng.random() < 0.5 else None,
                media=("https://cdn-uploads.huggingface.co/production/uploads/x/overview.png",)
                if rng.random() < 0.1
                else None,
            )
            papers.append(
                Paper(**{**paper.__dict__, "scraped": {f: paper.fingerprint(f) for f in TRACKED}})
            )
    (docs / urls.PAPERS_DIR).mkdir(parents=True, exist_ok=True)
    for paper in papers:
        (docs / urls.paper(paper.id)).write_text(render.render_paper(paper), encoding="utf-8")
    (docs / urls.LEDGER).write_text(formats.ledger_json(days), encoding="utf-8")
    for path, text in listing_pages(papers, days).items():
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_text(text, encoding="utf-8")
    # The scraper keeps the embeddings cache warm: each paper was embedded when it came.
    warm_cache(papers, vectors(papers, docs), docs)
    for name in urls.BY_HAND:
        shutil.copy(REPO / "docs" / name, docs / name)
    shutil.copytree(REPO / "docs/stylesheets", docs / "stylesheets")
    return papers


def our_config(root: Path) -> None:
    config = (REPO / "mkdocs.yml").read_text()
    config = config.replace("- hooks/", f"- {REPO}/hooks/").replace(
        "custom_dir: overrides", f"custom_dir: {REPO}/overrides"
    )
    (root / "mkdocs.yml").write_text(config)


def naive_site(root: Path, papers: list) -> None:
    """The naive site of the same papers: a plain Markdown page a paper, Material as it comes
    with its own search; papers out of the nav as in ours (with them in, Material's build is
    quadratic and the comparison meaningless)."""
    docs = root / "naive"
    (docs / "papers").mkdir(parents=True)
    for paper in papers:
        days = ", ".join(d.isoformat() for d in paper.days)
        links = (
            f"[arXiv](https://arxiv.org/abs/{paper.id}) · [PDF](https://arxiv.org/pdf/{paper.id})"
        )
        if paper.github:
            links += f" · [Code]({paper.github})"
        (docs / "papers" / f"{paper.id}.md").write_text(
            f"# {paper.title}\n\n{', '.join(paper.authors)}\n\n"
            f"Listed on {days}; published {paper.published}. {links}\n\n"
            f"## Abstract\n\n{paper.abstract}\n",
            encoding="utf-8",
        )
    (docs / "index.md").write_text("# Papers\n\nThe naive archive.\n", encoding="utf-8")
    (root / "mkdocs-naive.yml").write_text(
        "site_name: Naive\nsite_url: http://127.0.0.1:8000/\ndocs_dir: naive\n"
        "theme:\n  name: material\nnav:\n  - Home: index.md\nnot_in_nav: |\n  /papers/\n"
    )


def warm_cache(papers: list[Paper], static: Vectors, docs: Path) -> None:
    """The sentence model's cache as the scrapes would have left it, without the hour it takes
    to embed 50,000 papers: each paper's static vector through a fixed random projection to the
    sentence model's dimensions (neighbours stay roughly neighbours), under its real key."""
    model = sentence_model.load()
    projection = np.random.default_rng(0).standard_normal((static.matrix.shape[1], model.dims))
    projected = static.matrix @ projection.astype(np.float32)
    projected /= np.maximum(np.linalg.norm(projected, axis=1, keepdims=True), 1e-9)
    by_id = {paper.id: paper for paper in papers}
    lines: dict[str, list[str]] = {}
    for paper_id, vector in zip(static.ids, projected, strict=True):
        key = cache_key(model, text_of(by_id[paper_id]))
        record = {"id": paper_id, "key": key, "vector": encode(vector)}
        lines.setdefault(month_of(paper_id), []).append(json.dumps(record, separators=(",", ":")))
    folder = docs / urls.EMBEDDINGS_DIR / SENTENCE_DIR
    folder.mkdir(parents=True, exist_ok=True)
    for month, rows in lines.items():
        (folder / f"{month}.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")


def _tree_memory(root: int) -> int:
    """Memory of a process and all its descendants, from /proc: each one's proportional set
    size, so pages a forked process shares with its parent count once."""
    return sum(pss(pid) for pid in process_tree(root))


def process_tree(root: int) -> list[int]:
    """A process and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                parent = int(handle.read().rsplit(")", 1)[1].split()[1])
        except OSError:
            continue
        children.setdefault(parent, []).append(int(entry))
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack += children.get(pid, [])
    return found


def pss(pid: int) -> int:
    """A process's proportional set size in bytes (0 once it has ended)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def timed(command: list[str], cwd: Path, env: dict | None = None) -> tuple[float, int]:
    """Wall seconds and peak memory (bytes) of one command: the most its processes held at
    once (sampled every 100 ms; a build runs prepare, its search-index process beside it, then
    MkDocs). wait4's ru_maxrss would give one process's, or a past child's."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    peak = 0
    while process.poll() is None:
        peak = max(peak, _tree_memory(process.pid))
        time.sleep(0.1)
    seconds = time.perf_counter() - start
    if process.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{process.stderr.read().decode()[-3000:]}")
    return seconds, peak


def tree_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def artifact_bytes(path: Path) -> int:
    """The size of the tar actions/upload-pages-artifact makes of the site: a 512-byte header
    a file or folder, each file padded to 512 bytes."""
    size = 1024  # the end-of-archive blocks
    for entry in path.rglob("*"):
        size += 512
        if entry.is_file():
            size += -(-entry.stat().st_size // 512) * 512
    return size


class _Zipped(io.RawIOBase):
    """Counts what zlib at level 6 (actions/upload-artifact v4's default) makes of a stream."""

    def __init__(self) -> None:
        self.compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.size += len(self.compressor.compress(data))
        return len(data)


def uploaded_bytes(path: Path) -> int:
    """The size actions/deploy-pages compares with 1 GB: the artifact as uploaded, the site's
    tar zipped (its check reads the artifact's stored size)."""
    zipped = _Zipped()
    with tarfile.open(fileobj=zipped, mode="w|") as tar:
        tar.add(path, arcname=".")
    return zipped.size + len(zipped.compressor.flush())


def html_size(site: Path, pattern: str) -> int:
    sizes = [f.stat().st_size for f in sorted(site.glob(pattern))[:200]]
    return int(statistics.median(sizes)) if sizes else 0


@contextlib.contextmanager
def browsing(site: Path):
    """`site` served on loopback and a headless Chromium: yields (base URL, browser)."""
    from playwright.sync_api import sync_playwright

    from scraper.site import preview

    running = preview.server(site)
    threading.Thread(target=running.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=shutil.which("chromium"),
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            yield f"http://127.0.0.1:{running.server_address[1]}", browser
            browser.close()
    finally:
        running.shutdown()
        running.server_close()


def measure_query(site: Path, query: str) -> tuple[float, float, float]:
    """In headless Chromium: KB downloaded for one keyword search (raw, and as a gzipping host
    like GitHub Pages serves it) and milliseconds from the last keystroke to the first result.
    The search by meaning's model and bits, loaded once, are bench/meaning.py's to measure."""
    bodies = []

    def record(response):
        if "/model/" not in response.url and "meaning" not in response.url:
            bodies.append((response.url, response.body()))

    with browsing(site) as (url, browser):
        page = browser.new_page()
        page.goto(f"{url}/papers/date/")
        page.goto(f"{url}/")
        page.wait_for_load_state("networkidle")
        page.on("response", record)
        page.click(".archive-search__input")
        page.keyboard.type(query)
        start = time.perf_counter()
        page.wait_for_selector(".archive-search__result")
        first = (time.perf_counter() - start) * 1000
        page.wait_for_load_state("networkidle")
        page.remove_listener("response", record)
    raw = sum(len(body) for _, body in bodies)
    # Pagefind's index files are compressed already; hosts gzip the scripts and JSON.
    wire = sum(
        len(gzip.compress(body)) if re.search(r"\.(js|json|css)(\?|$)", u) else len(body)
        for u, body in bodies
    )
    return raw / 1024, wire / 1024, first


def run(n: int, out: Path, keep: bool) -> dict:
    root = out / str(n)
    shutil.rmtree(root, ignore_errors=True)
    docs = root / "docs"
    start = time.perf_counter()
    papers = generate(docs, n)
    generated = time.perf_counter() - start
    our_config(root)
    naive_site(root, papers)
    env = {
        "NO_MKDOCS_2_WARNING": "1",
        "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
        # As the deploy builds: edit, report and history links, and the repository's link.
        "REPO_URL": "https://github.com/example/hf-papers-archive",
        "EDIT_URI": "edit/main/docs/",
    }
    pages = sum(1 for _ in docs.rglob("*.md"))

    ours, ours_rss = timed([str(REPO / "scripts/build"), str(root / "site")], root, env)
    # As a deploy that restores docs/.records.jsonl (what the last build read of the paper
    # files): a fresh checkout, with no prepared tree of an earlier build to delete.
    shutil.rmtree(root / "prepared")
    warm, warm_rss = timed([str(REPO / "scripts/build"), str(root / "site-warm")], root, env)
    shutil.rmtree(root / "site-warm")
    naive, naive_rss = timed(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "-q",
            "-f",
            "mkdocs-naive.yml",
            "-d",
            "naive-site",
        ],
        root,
        env,
    )
    row_warm = warm / naive
    site = root / "site"
    search = site / "search-index"
    row = {
        "N": n,
        "pages": pages,
        "generate s": generated,
        "build s": ours,
        "warm build s": warm,
        "warm/naive": 0.0,
        "pages/s": pages / ours,
        "peak MB": ours_rss / 2**20,
        "naive s": naive,
        "ours/naive": ours / naive,
        "warm peak MB": warm_rss / 2**20,
        "naive peak MB": naive_rss / 2**20,
        "naive site MB": tree_bytes(root / "naive-site") / 2**20,
        "site MB": tree_bytes(site) / 2**20,
        "site files": sum(1 for f in site.rglob("*") if f.is_file()),
        "pages tar MB": artifact_bytes(site) / 2**20,
        "uploaded MB": uploaded_bytes(site) / 2**20,
        "paper KB": html_size(site, "papers/[0-9]*/index.html") / 1024,
        "paper gz KB": len(gzip.compress(next(site.glob("papers/[0-9]*/index.html")).read_bytes()))
        / 1024,
        "day KB": html_size(site, "papers/date/*/index.html") / 1024,
        "search MB": tree_bytes(search) / 2**20,
        "topics MB": tree_bytes(site / "topics") / 2**20,
        "topic pages": sum(1 for _ in (site / "topics").rglob("index.html")),
        "orgs MB": tree_bytes(site / "organizations") / 2**20,
        "org pages": sum(1 for _ in (site / "organizations").rglob("index.html")),
        "trends KB": (site / "trends/index.html").stat().st_size / 1024,
        "parquet MB": (site / "data/papers.parquet").stat().st_size / 2**20,
        "day json MB": sum(f.stat().st_size for f in site.glob("papers/date/*.json")) / 2**20,
        "ms/page": 1000 * ours / pages,
        "paper pages MB": sum(f.stat().st_size for f in site.glob("papers/[0-9]*/index.html"))
        / 2**20,
        "naive ms/page": 1000 * naive / n,
    }
    row["warm/naive"] = row_warm
    if shutil.which("chromium"):
        for label, query in (("word", "diffusion"), ("author", "Tanaka")):
            raw, wire, first = measure_query(site, query)
            row[f"query {label} KB"] = raw
            row[f"query {label} gz KB"] = wire
            row[f"query {label} ms"] = first
    if not keep:
        shutil.rmtree(root)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--keep", action="store_true", help="keep bench/out/<N>/ to look at")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out")
    args = parser.parse_args()
    rows = []
    for n in args.sizes:
        rows.append(run(n, args.out, args.keep))
        print_table(rows)
    first, last = rows[0], rows[-1]
    if len(rows) > 1:
        print(
            f"per-page cost at N={last['N']:,} / at N={first['N']:,}: "
            f"{last['ms/page'] / first['ms/page']:.2f}x (naive: "
            f"{last['naive ms/page'] / first['naive ms/page']:.2f}x)"
        )


def print_table(rows: list[dict]) -> None:
    columns = list(rows[0])
    print(" | ".join(columns))
    for row in rows:
        print(
            " | ".join(
                f"{v:,.2f}" if isinstance(v, float) else f"{v:,}" if isinstance(v, int) else v
                for v in row.values()
            )
        )
    print(flush=True)


if __name__ == "__main__":
    main()

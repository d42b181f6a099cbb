"""The prepared tree: the complete source of the site, written in one step from the archive,
for any engine that reads `mkdocs.yml` (MkDocs 1.6, ProperDocs, Zensical) to build as it is.

The archive (docs/) holds what people and the scraper write: paper files, the day ledger, the
embeddings cache, the hand-written pages. From it this step writes, into `prepared/`:

- every paper page whole, as HTML under front matter that names its template, its title, its
  head tags (citation, OpenGraph) and its sitemap date;
- the listing pages (home, day, week, month, archive, coverage), the topic and organization
  pages, the feeds,
  robots.txt, coverage.json and each day's BibTeX and JSON;
- the Trends page (charts of the papers a month, topics, organizations);
- the archive as one Parquet file (data/papers.parquet) and the Data page that shows it;
- the search index (search-index/), and the hand-written pages and stylesheets as they are.

The tree is derived: delete it and the next build writes it again. The archive is read and
checked once, and everything is derived from that one reading (`derive.derive`).
"""

from __future__ import annotations

import contextlib
import ctypes
import dataclasses
import gc
import itertools
import multiprocessing
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from multiprocessing.sharedctypes import Synchronized
from pathlib import Path

import yaml

from scraper.deriving import derive, search
from scraper.deriving.topics import heading
from scraper.deriving.trends import trends
from scraper.records import history
from scraper.records.frontmatter import flat_yaml
from scraper.records.model import Paper
from scraper.rendering import charts, dataset, formats, render
from scraper.rendering.escaping import text
from scraper.rendering.followed import organization_pages, topic_pages
from scraper.rendering.listings import last_changed, latest_days, listing_files
from scraper.site import urls

PREPARED = "prepared"  # mkdocs.yml's docs_dir, beside docs/
# Listing and topic pages give the table of contents' place to their content (their headings
# need none), as paper pages do.
NO_TOC = (f"{urls.PAPERS_DIR}/", f"{urls.TOPICS_DIR}/", f"{urls.ORGANIZATIONS_DIR}/")


@dataclasses.dataclass(frozen=True)
class SiteConfig:
    """What pages need of mkdocs.yml: where the site is served and where its files are kept."""

    site_url: str = ""
    site_name: str = ""
    repo_url: str = ""
    edit_uri: str = ""

    def edit_url(self, src_uri: str) -> str | None:
        """Where the host edits a file under docs/, as MkDocs makes an edit link."""
        if not (self.repo_url and self.edit_uri):
            return None
        return f"{self.repo_url.rstrip('/')}/{self.edit_uri.strip('/')}/{src_uri}"

    def history_url(self, src_uri: str) -> str | None:
        """The host's history of a file under docs/, as the pages' "History" links give it."""
        edit = self.edit_url(src_uri)
        return edit.replace("/edit/", "/commits/", 1) if edit else None


class _ConfigLoader(yaml.SafeLoader):
    pass


def _env(loader: yaml.SafeLoader, node: yaml.Node):
    """MkDocs' `!ENV NAME` and `!ENV [NAME, ..., default]`: the first variable set, else the
    default."""
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        *names, default = loader.construct_sequence(node)
    return next((os.environ[n] for n in names if os.environ.get(n)), default)


_ConfigLoader.add_constructor("!ENV", _env)
_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def read_config(path: Path) -> SiteConfig:
    config = yaml.load(path.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}
    return SiteConfig(
        **{f.name: str(config.get(f.name) or "") for f in dataclasses.fields(SiteConfig)}
    )


def prepare(docs_dir: Path, out: Path, config: SiteConfig) -> derive.Derived:
    """Write the prepared tree of the archive in `docs_dir` into `out` (replacing it)."""
    papers, days, found, sentences = derive.read(docs_dir)
    _return_freed_memory()
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    # The machine has two cores: a second process writes the search index while this one
    # derives; then a process of its own writes paper pages while this one writes every other
    # page, and then paper pages too.
    # The index's process starts afresh, not forked, and reads what it needs of the papers
    # from a file: a forked process keeps every page of this one's memory as it was at the
    # fork, and deriving touches every record, so the records were held twice (about 190 MB
    # at 50,000 papers).
    entries = staging / ".search-entries.jsonl"
    workers: list[multiprocessing.process.BaseProcess] = []
    try:
        ordered = search.in_index_order(papers.values())
        search.write_entries(ordered, entries)
        meaning = search.Meaning.of(ordered, found)
        embedded = found.embedded
        # Deriving needs only the sentence model's vectors (51 MB of these at 50,000 papers).
        del ordered, found
        _return_freed_memory()
        spawn = multiprocessing.get_context("spawn")
        index = (entries, staging / urls.SEARCH_INDEX, meaning)
        workers.append(
            spawn.Process(target=search.index_from_entries, args=index, name="the search index")
        )
        workers[0].start()
        derived = derive.derive(papers, days, sentences, embedded)
        # The vectors go before the paper pages' process forks.
        del sentences
        _return_freed_memory()
        dated = last_changed(papers.values(), derived.days, history.last_commits(docs_dir))
        # The index's process ends before the next starts: the three at once were the peak
        # (1,027 MB at 50,000 papers, where the index's phase held 930 and the pages' 630).
        _joined(workers[0])
        entries.unlink()
        # What exists when a process forks is frozen out of the collector's reach, so that a
        # collection in either process does not write to every record's header and copy the
        # memory they share.
        gc.freeze()
        # Paper pages are written a block at a time, each process claiming the next block left:
        # the other pages take this one less than half the time the paper pages take, which
        # left a core idle for the rest (25 s at 50,000 papers).
        fork = multiprocessing.get_context("fork")
        claimed = fork.Value("q", 0)
        writing = (staging, derived, config, dated, claimed)
        workers.append(fork.Process(target=_write_paper_pages, args=writing, name="paper pages"))
        workers[1].start()
        _write_all(staging, other_pages(derived, config, dated))
        _copy_handwritten(docs_dir, staging)
        _write_paper_pages(*writing)
        _joined(workers[1])
        # Last, alone: Arrow holds 110 MB while it writes the archive's Parquet file at
        # 50,000 papers, which beside the paper pages' process was the peak of that phase.
        _write_all(staging, data_files(derived, config))
        _replace(out, staging)
    finally:
        gc.unfreeze()
        for worker in workers:  # this process failed: the half-written tree goes, and so do they
            if worker.is_alive():
                worker.terminate()
                worker.join()
        shutil.rmtree(staging, ignore_errors=True)
    return derived


def _joined(worker: multiprocessing.process.BaseProcess) -> None:
    worker.join()
    if worker.exitcode != 0:
        raise RuntimeError(f"writing {worker.name} failed (exit {worker.exitcode})")


def _return_freed_memory() -> None:
    """Give the heap's free pages back to the system, before a process forks: what CPython and
    NumPy free stays in glibc's heap otherwise, counted in this process and, once written to,
    in its children (at 50,000 papers, about 30 MB after reading the vectors and 135 MB after
    finding the related papers). Nothing happens off glibc."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def source_path(page: str) -> str:
    """Where a derived page's source goes in the prepared tree: in the folder it is served
    from (papers/2603.07980.md at papers/2603.07980/index.md), so that a link relative to the
    served page is relative to its source too, which engines that rewrite links in HTML
    (Zensical) then leave as it is."""
    return urls.served(page) + "index.md" if page.endswith(".md") else page


# Paper pages a claim: small enough that the two processes end within a second of each other,
# large enough that claiming costs nothing (at 50,000 papers, a block is about 0.5 s of work).
PAPER_PAGES_A_CLAIM = 500


def _write_paper_pages(
    root: Path,
    derived: derive.Derived,
    config: SiteConfig,
    dated: dict[str, str],
    claimed: Synchronized,
) -> None:
    """Write the pages of the blocks of papers this process claims, until none is left:
    `claimed` is the number of papers claimed so far, shared by the processes that write them
    (each takes the papers in the same order)."""
    papers = list(derived.papers.values())
    while True:
        with claimed.get_lock():
            start = claimed.value
            claimed.value = start + PAPER_PAGES_A_CLAIM
        if start >= len(papers):
            return
        block = papers[start : start + PAPER_PAGES_A_CLAIM]
        _write_all(root, paper_pages(block, derived, config, dated))


def paper_pages(
    papers: Iterable[Paper], derived: derive.Derived, config: SiteConfig, dated: dict[str, str]
) -> Iterator[tuple[str, str]]:
    """The pages of `papers`, as (path in the prepared tree, text)."""
    for paper in papers:
        yield source_path(urls.paper(paper.id)), paper_source(paper, derived, config, dated)


def other_pages(
    derived: derive.Derived, config: SiteConfig, dated: dict[str, str]
) -> Iterator[tuple[str, str | bytes]]:
    """Every derived file but the paper pages and the data (`data_files`): listings, topics,
    organizations, trends, the feed and robots.txt."""
    papers = derived.papers
    listings = itertools.chain(
        listing_files(papers.values(), derived.days, derived.related, urls.href),
        topic_pages(derived.topics, config.site_url, config.site_name, urls.href),
        organization_pages(derived.organizations, config.site_url, config.site_name, urls.href),
    )
    for path, source in listings:
        if path.endswith(".md"):
            source = _with_front_matter(source, _page_settings(path, dated))
        yield source_path(path), source
    moving = trends(papers.values(), derived.days, derived.topics, derived.organizations)
    yield source_path(urls.TRENDS), charts.trends_page(moving, urls.href)
    feed_days = latest_days(papers.values(), formats.FEED_DAYS)
    yield urls.FEED, formats.atom_feed(feed_days, config.site_url, config.site_name)
    # Crawlers read the sitemap; the search index is thousands of small files for the box.
    yield (
        urls.ROBOTS,
        f"User-agent: *\nDisallow: /{urls.SEARCH_INDEX}/\n"
        f"Sitemap: {config.site_url or '/'}sitemap.xml\n",
    )


def data_files(derived: derive.Derived, config: SiteConfig) -> Iterator[tuple[str, str | bytes]]:
    """The archive as one Parquet file, and the Data page that describes it."""
    papers = list(derived.papers.values())
    parquet = dataset.papers_parquet(papers, derived.related)
    yield urls.PAPERS_PARQUET, parquet
    yield (
        source_path(urls.DATA),
        dataset.data_page(papers, len(parquet), config.site_url, urls.href),
    )


def paper_source(paper, derived: derive.Derived, config: SiteConfig, dated: dict[str, str]) -> str:
    """A paper page as the engine reads it: its settings and head tags as front matter, its
    content as HTML (which Markdown passes through as it is)."""
    path = urls.paper(paper.id)
    history = config.history_url(path)
    read = [derived.votes_read[d] for d in paper.days if d in derived.votes_read]
    body = render.paper_page(
        paper,
        max(read, default=None),
        related=[derived.papers[i] for i in derived.related.get(paper.id, ())],
        topics=[(heading(t), urls.topic(t.slug)) for t in derived.topics_of.get(paper.id, ())],
        history_url=history,
    )
    settings = {
        "template": "paper.html",
        # The body is HTML as served: Markdown passes it through unchanged, so the engine
        # may skip Markdown (hooks/html_pages.py).
        "markup": "html",
        # The theme prints the title into the header and <title> as it is.
        "title": text(paper.title),
        "paper_id": paper.id,
        "head": render.paper_head(paper),
        **_page_settings(path, dated),
    }
    if history:
        # The paper's own file, not the page's source here: what a contributor edits.
        settings["edit_url"] = config.edit_url(path)
        settings["history_url"] = history
    return f"---\n{flat_yaml(settings)}---\n{body}"


def _page_settings(path: str, dated: dict[str, str]) -> dict:
    settings: dict = {}
    if path.startswith(NO_TOC):
        settings["hide"] = ["toc"]
    # The sitemap's `lastmod`: when a fetch last changed the page's days, not the build date.
    if path in dated:
        settings["lastmod"] = dated[path]
    return settings


def _with_front_matter(text: str, settings: dict) -> str:
    """A generated page's text with `settings` added to its front matter."""
    if not settings:
        return text
    return "---\n" + flat_yaml(settings) + text.removeprefix("---\n")


def _copy_handwritten(docs_dir: Path, out: Path) -> None:
    """The archive's other files (hand-written pages, stylesheets), as they are: not the paper
    files, the listings derived from them, the ledger or the embeddings cache."""
    skip_dirs = {
        urls.PAPERS_DIR,
        urls.EMBEDDINGS_DIR,
        urls.TOPICS_DIR,
        urls.ORGANIZATIONS_DIR,
        urls.SEARCH_INDEX,
    }
    skip_files = {urls.LEDGER, *urls.GENERATED}
    for path in sorted(docs_dir.rglob("*")):
        relative = path.relative_to(docs_dir)
        if not path.is_file() or any(part.startswith(".") for part in relative.parts):
            continue
        if relative.parts[0] in skip_dirs or relative.as_posix() in skip_files:
            continue
        target = out / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)


def _write_all(root: Path, files: Iterable[tuple[str, str | bytes]]) -> None:
    for path, content in files:
        _write(root / path, content)


def _write(path: Path, content: str | bytes) -> None:
    data = content.encode() if isinstance(content, str) else content
    try:
        path.write_bytes(data)
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def _replace(out: Path, staging: Path) -> None:
    """Swap the new tree in: a build reading `out` sees the old tree or the new one."""
    old = None
    if out.exists():
        old = out.with_name(f".{out.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        out.rename(old)
    staging.rename(out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)

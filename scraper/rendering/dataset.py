"""The whole archive as one Parquet file, a row a paper, for pandas, DuckDB, Polars or the
`datasets` library; and its schema, declared once here, which the Data page shows.

Its columns are the day JSON's fields (formats.paper_json) with the same names (`citing` a
column a kind), with the abstract the day JSON leaves out, and the ids of each paper's related
papers. Rows are newest first, as the listings are.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from scraper.records.fields import CITING
from scraper.records.model import Paper, newest_first
from scraper.rendering.escaping import text
from scraper.rendering.listings import (
    Linker,
    anchor,
    generated_front_matter,
    heading_tag,
    title_heading,
)
from scraper.rendering.render import long_date, plural
from scraper.site import urls

ROW_GROUP = 10_000  # rows written at once (and a Parquet row group)


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # as Arrow names it, on the Data page
    about: str


COLUMNS = (
    Column("id", "string", "arXiv id, e.g. 2603.07980: the row's key"),
    Column("title", "string", "title, as the paper file has it (LaTeX as written)"),
    Column("authors", "list<string>", "authors, in order"),
    Column("abstract", "string", "abstract; paragraphs separated by a blank line"),
    Column("days", "list<date32>", "the days Hugging Face Daily Papers listed it"),
    Column("published", "date32", "when arXiv published it"),
    Column("upvotes", "int32", "upvotes on Hugging Face, as last read"),
    Column("comments", "int32", "comments on Hugging Face, as last read"),
    Column("github", "string", "its code repository"),
    Column("github_stars", "int32", "the repository's stars, as HF last said"),
    Column("citing_models", "int32", "models on HF whose cards cite it, as last read"),
    Column("citing_datasets", "int32", "datasets on HF whose cards cite it, as last read"),
    Column("citing_spaces", "int32", "Spaces on HF that cite it, as last read"),
    Column("citing_as_of", "date32", "when those three were read"),
    Column("project_page", "string", "its project page"),
    Column("ai_summary", "string", "a summary written by HF's language model, not the authors"),
    Column("ai_keywords", "list<string>", "keywords given by HF's model (the topics' source)"),
    Column("organization", "string", "the organization HF credits it to, by its full name"),
    Column("organization_account", "string", "that organization's HF account name"),
    Column("thumbnail", "string", "HF's card image"),
    Column("url", "string", "its page in this archive, from the site's root"),
    Column("corrected", "list<string>", "fields contributors corrected by hand"),
    Column("related", "list<string>", "ids of its related papers, nearest first"),
)


def _row(paper: Paper, related: Sequence[str]) -> dict:
    org = paper.organization or {}
    return {
        "id": paper.id,
        "title": paper.title,
        "authors": list(paper.authors),
        "abstract": paper.abstract,
        "days": list(paper.days),
        "published": paper.published,
        "upvotes": paper.upvotes,
        "comments": paper.comments,
        "github": paper.github,
        "github_stars": paper.github_stars,
        **{f"citing_{kind}": (paper.citing or {}).get(kind) for kind in (*CITING, "as_of")},
        "project_page": paper.project_page,
        "ai_summary": paper.ai_summary,
        "ai_keywords": list(paper.ai_keywords) if paper.ai_keywords is not None else None,
        "organization": org.get("fullname"),
        "organization_account": org.get("name"),
        "thumbnail": paper.thumbnail,
        "url": "/" + urls.served(urls.paper(paper.id)),
        "corrected": paper.corrected(),
        "related": list(related),
    }


def papers_parquet(papers: Iterable[Paper], related: Mapping[str, Sequence[str]]) -> bytes:
    """Every paper as a row of one Parquet file (zstd), newest first."""
    import pyarrow as pa  # a second's import, for the one step that writes the file
    import pyarrow.parquet as pq

    types = {
        "string": pa.string(),
        "list<string>": pa.list_(pa.string()),
        "list<date32>": pa.list_(pa.date32()),
        "date32": pa.date32(),
        "int32": pa.int32(),
    }
    schema = pa.schema(
        [pa.field(c.name, types[c.type]) for c in COLUMNS],
        metadata={"source": "Hugging Face Daily Papers, as archived by hf-papers-archive"},
    )
    sink = io.BytesIO()
    ordered = newest_first(papers)
    with pq.ParquetWriter(sink, schema, compression="zstd") as writer:
        # A row group at a time: the whole archive as Python rows would take a gigabyte.
        for start in range(0, len(ordered), ROW_GROUP):
            group = ordered[start : start + ROW_GROUP]
            rows = [_row(paper, related.get(paper.id, ())) for paper in group]
            writer.write_batch(pa.RecordBatch.from_pylist(rows, schema=schema))
    return sink.getvalue()


def data_page(papers: Sequence[Paper], size: int, site_url: str, link: Linker) -> str:
    """The Data page: the Parquet file, how to open it, its schema, and the other files."""
    page = urls.DATA
    address = f"{site_url.rstrip('/')}/{urls.served(urls.PAPERS_PARQUET)}"
    newest = max((max(paper.days) for paper in papers), default=None)
    as_of = f", listed up to {long_date(newest)}" if newest else ""
    download = anchor(link(page, urls.PAPERS_PARQUET), "papers.parquet")
    # One block for every tool (one copy button; the page's only code landmark), its lines
    # short enough for a phone.
    example = f"""URL = "{address}"

# pandas
import pandas as pd
papers = pd.read_parquet(URL)

# Polars
import polars as pl
papers = pl.read_parquet(URL)

# Hugging Face datasets
from datasets import load_dataset
papers = load_dataset("parquet", data_files=URL, split="train")

# DuckDB: SQL over the file where it lies
import duckdb
duckdb.sql(f\"\"\"
    SELECT organization, count(*) AS papers
    FROM '{{URL}}' WHERE organization IS NOT NULL
    GROUP BY organization ORDER BY papers DESC LIMIT 10
\"\"\").show()"""
    # A list, not a table: the names and types stay whole on a phone.
    rows = "".join(
        f"<dt><code>{c.name}</code> <code>{text(c.type)}</code></dt><dd>{text(c.about)}</dd>\n"
        for c in COLUMNS
    )
    parts = [
        title_heading("Data"),
        f"<p>The whole archive as one file: {download} ({_size(size)}), a row a paper, "
        f"{plural(len(papers), 'paper')}{as_of}. It is made again with every build of the site, "
        "from the paper files as contributors corrected them. Parquet, compressed with zstd, "
        "reads in any data tool: pandas, Polars, Hugging Face's datasets, DuckDB.</p>",
        heading_tag(2, "open-it", "Open it"),
        f'<pre><code class="language-python" tabindex="0">{text(example)}</code></pre>',
    ]
    parts += [
        '<h2 id="columns">Columns</h2>',
        "<p>Rows come newest first. A value Hugging Face does not give is null.</p>",
        f'<dl class="data-columns">\n{rows}</dl>',
        '<h2 id="other-files">Other files</h2>',
        "<p>Every day page links the day's papers as JSON (the same fields but the abstract, "
        "which is here and on each paper's page: the day JSON has left it out since "
        "3 December 2026) and as BibTeX; "
        f"{anchor(link(page, urls.COVERAGE_JSON), 'coverage.json')} says which days the "
        f"archive holds; {anchor(link(page, urls.FEED), 'an Atom feed')} follows the latest "
        "days, and each topic and organization has its own.</p>",
    ]
    about = "Every paper of the archive in one Parquet file, and how to open it."
    return generated_front_matter("Data", description=about) + "\n".join(parts) + "\n"


def _size(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size >= 100_000 else f"{size / 1_000:.0f} KB"

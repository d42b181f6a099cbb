"""The search index: one inverted index over the whole archive, cut into small files so that a
query downloads only the few it needs, whatever the archive's size.

Layout under the output folder (read by overrides/assets/javascripts/search.js):

- `manifest.json` (fetched on every search, revalidated): the version folder, the number of
  papers, the first term of every chunk, where each month's papers start, and each paper's
  upvotes on a log scale (one character a paper) to break ties.
- `<version>/t/<n>.json`: a chunk of the sorted term list, `{term: [posting, ...]}`, each
  posting `gap * 8 + fields` (gap from the previous paper number; fields a bit set of TITLE,
  AUTHOR, TEXT). Terms are words (lower case, accents and plural `s` dropped, as `tokens`
  makes them), adjacent word pairs of titles and author names ("ada lovelace"), so a full name
  or phrase ranks above scattered words, each author's whole name ("@ada lovelace", the author
  view's), and arXiv ids.
- `<version>/d/<k>.json`: papers number k * DOCS_PER_FILE on, a list of each one's id, title,
  authors, day, votes and the start of its abstract. A file a paper was 50,000 files of about
  550 bytes at 50,000 papers, each costing GitHub Pages' artifact (a tar) a 512-byte header and
  its last block's padding: 77 MB for 28 MB of text.
- `<version>/s/<letter>.json`: the words a slip of the keys may be read as, `{word: papers}`,
  a file a first letter (`_` for any other): words of letters in two papers or more.
- `<version>/meaning.bin.gz`, for the search by meaning (overrides/assets/javascripts/meaning.js):
  the mean of all papers' vectors (float32 a dimension), then a bit a dimension a paper, in
  paper order: whether the paper's vector is above the mean there (32 bytes a paper).
- `model/<model version>/`: the embedding model's vocab.txt and model.json
  (scraper/deriving/embedding_model), and its table cut into `rows-<size>/<n>.bin.gz`,
  MODEL_ROWS_PER_PART tokens a part, so a query fetches the parts of its own tokens (about 3 KB
  each) rather than the whole 2.7 MB table. In a folder of the model's version, so a browser
  keeps it across builds. The binary files are gzipped, as hosts compress only text (GitHub
  Pages sends a .bin as it is): the browser unpacks them.

Papers are numbered newest first, so a year or a month is a range of numbers and a later
paper sorts first. Nothing here depends on the theme: the index is made from the records, beside
the MkDocs build.
"""

from __future__ import annotations

import datetime as dt
import functools
import gzip
import hashlib
import json
import math
import re
import shutil
import sys
import unicodedata
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

import numpy as np

from scraper.deriving import embedding
from scraper.deriving.vectors import Vectors
from scraper.records.model import Paper
from scraper.rendering.formats import plain_summary

MANIFEST = "manifest.json"
SPELLING_MIN_PAPERS = 2
_LETTERS = re.compile(r"[^\W\d_]+")
TITLE, AUTHOR, TEXT = 1, 2, 4
CHUNK_BYTES = 24_000  # raw JSON; about 10 KB as a host gzips it
TEXT_ONLY_LIMIT = 2_000  # a word found only in abstracts keeps its newest 2,000 papers
# Papers a documents file: 4 cut the index's share of Pages' artifact at 50,000 papers from 112
# to 76 MB, and cost a query's 20 scattered results 14 KB more gzipped (73 KB in all, from 59);
# 8 saved 6 MB more for another 15 KB a query.
DOCS_PER_FILE = 4
# A result's excerpt comes from the start of the abstract, where most matches are; the whole
# abstract is still indexed. Two thirds of the index were full abstracts; at 600 characters
# the excerpts were 45 MB of a 74 MB index at 50,000 papers.
EXCERPT_CHARS = 320
# Tokens a part of the model's table: a query's tokens fall in as many parts as it has tokens
# (the vocabulary is not ordered by subject), so small parts: on the bench's 84 descriptions,
# 32 tokens a part sends 44 KB a query (median, 14 parts of 3 KB), 64 sends 79 KB, the whole
# table 2.7 MB.
MODEL_ROWS_PER_PART = 32
VOTE_LEVELS = "0123456789abcdefghijklmnopqrstuvwxyz"  # base 36, as search.js reads them
_WORD = re.compile(r"[^\W_]+")
# Words too common to find anything alone: indexed only in pairs ("of low", "low rank"), which
# keeps their postings, the largest of all, out of the index and out of every query's download.
STOP_WORDS = frozenset(
    "a an and are as at be by for from in is it its of on or our that the this to we with".split()
)


@functools.cache
def _marks() -> dict[int, None]:
    """Every combining mark, for str.translate; made on the first non-ASCII text, not at import
    (a quarter of a second that every command would pay)."""
    return {c: None for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c))[0] == "M"}


def tokens(text: str) -> list[str]:
    """Words as the index and the search box both see them (search.js mirrors this)."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).translate(_marks())
    return [stem(word) for word in _WORD.findall(text.lower())]


@functools.cache
def stem(word: str) -> str:
    """English plurals only: "models" and "model" are one word to a reader who half-remembers."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def author_term(name: str) -> str:
    """The term of an author's whole name, for the author view (/search/?author=…): "@" and
    its words, so "Ada Lovelace" finds her papers and not Ada Lovelace-Byron's."""
    return "@" + " ".join(tokens(name))


def listed(paper: Paper) -> dt.date:
    return min(paper.days)


def in_index_order(papers: Iterable[Paper]) -> list[Paper]:
    """Newest first, as the index numbers them."""
    return sorted(papers, key=lambda p: (listed(p), p.id), reverse=True)


class Entry(NamedTuple):
    """What the index holds of a paper: what a query matches and a result shows (a Paper's
    names, and the day it was first listed)."""

    id: str
    title: str
    authors: list[str]
    abstract: str
    ai_summary: str
    ai_keywords: list[str]
    day: str
    upvotes: int


def entry(paper: Paper) -> Entry:
    return Entry(
        paper.id,
        paper.title,
        list(paper.authors),
        paper.abstract,
        paper.ai_summary or "",
        list(paper.ai_keywords or ()),
        listed(paper).isoformat(),
        paper.upvotes,
    )


def write_entries(ordered: Iterable[Paper], path: Path) -> None:
    """The papers' entries, in index order, a JSON line each: what a process that makes the
    index without the records reads (`index_from_entries`)."""
    with path.open("w", encoding="utf-8") as handle:
        handle.writelines(_json(entry(paper)) + "\n" for paper in ordered)


def index_from_entries(path: Path, output: Path, meaning: Meaning | None = None) -> int:
    """`write_index` of the entries `write_entries` wrote to `path`."""
    with path.open(encoding="utf-8") as handle:
        return write_index((Entry(*json.loads(line)) for line in handle), output, meaning)


def vote_level(upvotes: int) -> str:
    return VOTE_LEVELS[min(len(VOTE_LEVELS) - 1, round(4 * math.log2(1 + max(upvotes, 0))))]


def _terms(paper: Entry) -> dict[str, int]:
    """Each term of one paper with the fields it appears in."""
    found: dict[str, int] = defaultdict(int)

    def add(words: list[str], field: int, pairs: bool) -> None:
        for word in words:
            if word not in STOP_WORDS:
                found[word] |= field
        if pairs:
            for first, second in zip(words, words[1:], strict=False):
                found[f"{first} {second}"] |= field

    add(tokens(paper.title), TITLE, pairs=True)
    for author in paper.authors:
        words = tokens(author)
        add(words, AUTHOR, pairs=True)
        if words:
            found[author_term(author)] |= AUTHOR
    text = " ".join([paper.abstract, paper.ai_summary, *paper.ai_keywords])
    add(tokens(text), TEXT, pairs=False)
    found[paper.id] |= TITLE
    return found


def _document(paper: Entry) -> dict:
    return {
        "id": paper.id,
        "title": paper.title,
        "authors": paper.authors[:4],
        "more": max(0, len(paper.authors) - 4),
        "day": paper.day,
        "votes": paper.upvotes,
        "abstract": plain_summary(paper.abstract, EXCERPT_CHARS),
    }


# Search by meaning answers only queries about the archive's subjects: the cosine of the query's
# vector with the archive's mean vector must reach this share of a typical paper's (the median
# paper's). bench/trust.py sets it: on the committed archive (median 0.864, so a gate of 0.33),
# 1 of 30 nonsense and off-topic queries ("the offside rule in football explained") passes,
# and 96% of 84 descriptions of a paper do.
MEANING_DOMAIN_SHARE = 0.38
# Below this many papers the mean says little about what the archive covers: no gate.
DOMAIN_MIN_PAPERS = 100


def _known(matrix: np.ndarray) -> np.ndarray:
    """The rows of papers with a known word (a text with none has a row of zeros)."""
    return matrix[np.any(matrix != 0, axis=1)]


def meaning_domain(vectors: Vectors) -> float:
    """The least cosine with the archive's mean vector of a query searched by meaning."""
    known = _known(vectors.matrix)
    if len(known) < DOMAIN_MIN_PAPERS:
        return -1.0
    mean = known.mean(axis=0)
    along = known @ (mean / np.linalg.norm(mean))
    return round(MEANING_DOMAIN_SHARE * float(np.median(along)), 3)


def meaning_bits(ordered: list[Paper], vectors: Vectors) -> bytes:
    """The papers' vectors as the browser scores them: the mean, then one bit a dimension
    (above the mean or not). A query's vector, less the mean, against these bits finds the
    paper meant about as often as the full vectors do (bench/meaning.py), at 32 bytes a paper
    instead of 256."""
    matrix = vectors.matrix[[vectors.row(paper.id) for paper in ordered]]
    known = _known(matrix)
    mean = known.mean(axis=0) if len(known) else np.zeros(matrix.shape[1], dtype=np.float32)
    bits = np.packbits(matrix > mean, axis=1, bitorder="little")
    return mean.astype("<f4").tobytes() + bits.tobytes()


class Meaning(NamedTuple):
    """What the search by meaning reads of the papers' vectors."""

    bits: bytes  # meaning_bits
    domain: float  # meaning_domain

    @classmethod
    def of(cls, ordered: list[Paper], vectors: Vectors) -> Meaning:
        return cls(meaning_bits(ordered, vectors), meaning_domain(vectors))


def build_index(papers: Iterable[Paper], output: Path, vectors: Vectors | None = None) -> int:
    """Write the search index of `papers` into `output` (replacing it), with the bits for the
    search by meaning when `vectors` are given; returns the count."""
    ordered = in_index_order(papers)
    meaning = Meaning.of(ordered, vectors) if vectors is not None else None
    return write_index(map(entry, ordered), output, meaning)


def write_index(entries: Iterable[Entry], output: Path, meaning: Meaning | None = None) -> int:
    """Write the search index of the papers' `entries`, in index order, into `output`
    (replacing it); returns the count. Each entry is read once, in turn."""
    # A posting while the index is made: the paper's number * 8 + its fields, 4 bytes in an
    # array a term (tens of millions at 50,000 papers: as Python tuples they took a gigabyte;
    # a C int holds the numbers of 268 million papers).
    found_by_term: dict[str, array] = {}
    documents: list[str] = []  # the documents files' text
    group: list[dict] = []
    months: dict[str, int] = {}
    votes: list[str] = []
    for number, paper in enumerate(entries):
        for term, fields in _terms(paper).items():
            found = found_by_term.get(term)
            if found is None:
                found = found_by_term[term] = array("i")
            found.append(number * 8 + fields)
        group.append(_document(paper))
        if len(group) == DOCS_PER_FILE:
            documents.append(_json(group))
            group = []
        months.setdefault(paper.day[:7], number)
        votes.append(vote_level(paper.upvotes))
    if group:
        documents.append(_json(group))
    terms = sorted(found_by_term)
    spelling = _spelling(terms, found_by_term)
    bits = meaning.bits if meaning else b""
    # Each file is written as it is made, into a folder named when all are (its version is the
    # digest of what is written), so that no more than one file's text is held at a time. The
    # index already there stays until the new one is whole.
    writing = output / ".writing"
    shutil.rmtree(writing, ignore_errors=True)  # a build that stopped half way
    digest = hashlib.sha256(bits)

    def write(folder: str, files: Iterable[tuple[str, str]]) -> None:
        (writing / folder).mkdir(parents=True)
        for name, text in files:
            data = text.encode()
            digest.update(data)
            (writing / folder / f"{name}.json").write_bytes(data)

    firsts: list[str] = []

    def chunk_files() -> Iterator[tuple[str, str]]:
        """The terms in order with their postings, in files of about CHUNK_BYTES; each
        term's array is freed as soon as it is encoded."""
        chunk: list[str] = []
        size = 0
        for term in terms:
            encoded = _encoded(found_by_term.pop(term))
            cost = len(term) + 5 + len(encoded)
            if chunk and size + cost > CHUNK_BYTES:
                yield str(len(firsts) - 1), "{" + ",".join(chunk) + "}"
                chunk, size = [], 0
            if not chunk:
                firsts.append(term)
            chunk.append(f"{_json(term)}:{encoded}")
            size += cost
        if not firsts:  # no term at all: one empty file, which the browser still reads
            firsts.append("")
        yield str(len(firsts) - 1), "{" + ",".join(chunk) + "}"

    write("t", chunk_files())
    found_by_term.clear()  # emptied by now, but for its table
    terms.clear()
    write("d", ((str(k), text) for k, text in enumerate(documents)))
    documents.clear()
    write("s", ((letter, _json(words)) for letter, words in spelling.items()))
    version = digest.hexdigest()[:12]
    for old in output.iterdir():
        if old != writing:
            shutil.rmtree(old) if old.is_dir() else old.unlink()
    writing.rename(output / version)
    by_meaning = None
    if meaning is not None:
        (output / version / "meaning.bin.gz").write_bytes(_gzip(bits))
        model = embedding.load()
        folder = output / "model" / model.version
        # The part size in the folder's name: a browser that kept parts cut another way
        # never reads them with this size.
        rows = folder / f"rows-{MODEL_ROWS_PER_PART}"
        rows.mkdir(parents=True)
        for name in ("model.json", "vocab.txt"):
            shutil.copy(embedding.MODEL_DIR / name, folder / name)
        for n, part in enumerate(embedding.table_parts(MODEL_ROWS_PER_PART)):
            (rows / f"{n}.bin.gz").write_bytes(_gzip(part))
        by_meaning = {
            "model": f"model/{model.version}/",
            "rows": f"model/{model.version}/{rows.name}/",
            "rowsPerPart": MODEL_ROWS_PER_PART,
            "bits": f"{version}/meaning.bin.gz",
            "domain": meaning.domain,
        }
    manifest = {
        "version": version,
        "papers": len(votes),
        "docsPerFile": DOCS_PER_FILE,
        "chunks": firsts,
        "months": months,
        "votes": "".join(votes),
        "stopWords": sorted(STOP_WORDS),
        "spelling": sorted(spelling),
        "meaning": by_meaning,
    }
    (output / MANIFEST).write_text(_json(manifest), encoding="utf-8")
    return len(votes)


def _spelling(terms: list[str], found_by_term: dict[str, array]) -> dict[str, dict[str, int]]:
    """The words a slip of the keys may be read as (search.js `nearest`), with how many papers
    have each, by first letter: words of letters in at least SPELLING_MIN_PAPERS papers (a
    word in one paper is as often a slip itself), not pairs, names or ids; `terms` sorted."""
    spelling: dict[str, dict[str, int]] = defaultdict(dict)
    for term in terms:
        papers = len(found_by_term[term])
        if papers >= SPELLING_MIN_PAPERS and _LETTERS.fullmatch(term):
            spelling[term[0] if "a" <= term[0] <= "z" else "_"][term] = papers
    return spelling


def _encoded(found: array) -> str:
    """A term's postings as the index stores them, in JSON: each the gap from the previous
    paper's number * 8 + the fields; a term found only in the text of more than
    TEXT_ONLY_LIMIT papers keeps the newest of those."""
    if len(found) > TEXT_ONLY_LIMIT:
        values = np.frombuffer(found, dtype=np.int32).astype(np.int64)
        text_only = values % 8 == TEXT
        keep = ~text_only
        keep[np.flatnonzero(text_only)[:TEXT_ONLY_LIMIT]] = True
        found = values[keep].tolist()
    previous, encoded = 0, []
    for value in found:
        encoded.append(str(value - previous * 8))
        previous = value // 8
    return "[" + ",".join(encoded) + "]"


def _gzip(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=9, mtime=0)  # the same bytes every build


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

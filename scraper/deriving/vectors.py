"""The embeddings cache: each paper's vector, kept with the archive under docs/embeddings/, a
file a month of arXiv ids (2603.07980 is in 2026-03.jsonl), a line a paper.

A line is keyed by the paper's id and a hash of the model and the text the vector came from,
so a scrape embeds only new or corrected papers and a build with a warm cache embeds none.
The cache is derived: delete it and the next run makes it again; a line it cannot read is
simply embedded again.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from scraper.deriving import embedding, sentence_model
from scraper.records import store
from scraper.records.model import Paper
from scraper.site import urls


@dataclass(frozen=True)
class Vectors:
    ids: list[str]  # sorted
    matrix: np.ndarray  # float32, a unit-length row an id (zeros: a text with no known word)
    embedded: int  # how many were computed by this call rather than read from the cache

    def row(self, paper_id: str) -> int:
        return self._rows[paper_id]

    @functools.cached_property
    def _rows(self) -> dict[str, int]:
        return {paper_id: i for i, paper_id in enumerate(self.ids)}


def text_of(paper: Paper) -> str:
    """What a paper's vector is made from: what a reader skims."""
    return f"{paper.title}\n{paper.abstract}"


def month_of(paper_id: str) -> str:
    return f"20{paper_id[:2]}-{paper_id[2:4]}"


def cache_key(model: embedding.Model | sentence_model.SentenceModel, text: str) -> str:
    return hashlib.sha256(f"{model.name} {model.version}\n{text}".encode()).hexdigest()[:16]


def encode(vector: np.ndarray) -> str:
    return base64.b64encode(np.rint(vector * 127).astype(np.int8).tobytes()).decode("ascii")


def _decode(text: str, dims: int) -> np.ndarray | None:
    try:
        raw = np.frombuffer(base64.b64decode(text, validate=True), dtype=np.int8)
    except (ValueError, TypeError):
        return None
    if raw.shape != (dims,):
        return None
    vector = raw.astype(np.float32)
    norm = np.linalg.norm(vector)
    return vector / norm if norm else vector


def _read_cache(folder: Path) -> dict[str, tuple[str, str]]:
    """id -> (key, encoded vector), from every month file; unreadable lines are skipped."""
    cached: dict[str, tuple[str, str]] = {}
    for path in sorted(folder.glob("*.jsonl")):
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:  # removed by another run since the glob: nothing cached there
            continue
        for line in text.splitlines():
            try:
                row = json.loads(line)
                cached[row["id"]] = (row["key"], row["vector"])
            except (ValueError, KeyError, TypeError):
                continue
    return cached


# The sentence model's vectors (related papers) are kept beside the static model's (the search
# box's), in a folder of their own.
SENTENCE_DIR = "minilm"


def sentence_vectors(papers: Iterable[Paper], docs_dir: Path, write=True) -> Vectors:
    """Every paper's vector by the sentence model, which related papers are computed from."""
    return vectors(papers, docs_dir, sentence_model.load(), write, SENTENCE_DIR)


def vectors(
    papers: Iterable[Paper],
    docs_dir: Path,
    model: embedding.Model | sentence_model.SentenceModel | None = None,
    write=True,
    subfolder: str = "",
) -> Vectors:
    """Every paper's vector, from the cache where its text is unchanged, embedded otherwise;
    with `write`, the month files whose lines changed are rewritten (atomically)."""
    model = model or embedding.load()
    folder = docs_dir / urls.EMBEDDINGS_DIR / subfolder
    ordered = sorted(papers, key=lambda paper: paper.id)
    cached = _read_cache(folder)
    matrix = np.zeros((len(ordered), model.dims), dtype=np.float32)
    keys = [cache_key(model, text_of(paper)) for paper in ordered]
    encoded: list[str] = []
    missing: list[int] = []
    for row, (paper, key) in enumerate(zip(ordered, keys, strict=True)):
        hit = cached.get(paper.id)
        vector = _decode(hit[1], model.dims) if hit and hit[0] == key else None
        encoded.append(hit[1] if vector is not None else "")
        if vector is None:
            missing.append(row)
        else:
            matrix[row] = vector
    if missing:
        fresh = model.embed([text_of(ordered[row]) for row in missing])
        # Kept as the cache keeps it (int8), so a cold run and a warm one give the same lists.
        for row, vector in zip(missing, fresh, strict=True):
            encoded[row] = encode(vector)
            matrix[row] = _decode(encoded[row], model.dims)
    if write:
        lines: dict[str, list[str]] = defaultdict(list)
        for paper, key, text in zip(ordered, keys, encoded, strict=True):
            record = {"id": paper.id, "key": key, "vector": text}
            lines[month_of(paper.id)].append(json.dumps(record, separators=(",", ":")))
        for month, month_lines in lines.items():
            store.write_text(folder / f"{month}.jsonl", "\n".join(month_lines) + "\n")
        for path in folder.glob("*.jsonl"):
            if path.stem not in lines:
                path.unlink(missing_ok=True)
    return Vectors([paper.id for paper in ordered], matrix, len(missing))

"""Related papers: each paper's nearest neighbours, by meaning and by the words they share.

Two stages. Candidates by meaning (cosine of the sentence model's vectors, derive.py; any
unit vectors do): exact nearest neighbours would compare every pair, 1.25 billion at 50,000
papers, so the vectors are grouped into about sqrt(n) clusters (k-means, deterministic) and the
papers of a cluster are compared only with those of the PROBES clusters nearest to it: about
n * PROBES * sqrt(n) comparisons, exact while the archive has at most PROBES clusters. Then
each paper's CANDIDATES at or above the floor are ranked by cosine plus the TF-IDF cosine of
their words (bench/trust.py measures both against judged clusters).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Iterator

import numpy as np

from scraper.deriving.search import STOP_WORDS, tokens
from scraper.deriving.vectors import Vectors

SHOWN = 5
CANDIDATES = 50
# How much the words two papers share count beside their meaning, and the least cosine of
# their meaning (all-MiniLM-L6-v2's) for two papers to be shown as related. bench/trust.py, on
# the judged clusters: related-5 precision 0.50 with the words against 0.46 without (0.40 for
# the static model); 99% of the pairs within a cluster reach 0.45, no nonsense query's best
# match does (0.27 at most): under it a paper shows fewer related papers, or none.
WORDS_WEIGHT = 1.0
FLOOR = 0.45
PROBES = 12
ROUNDS = 8
BLOCK = 512


def _clusters(matrix: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray]:
    """A cluster number a row, by spherical k-means from evenly spaced rows (no randomness:
    the same archive gives the same lists)."""
    centroids = matrix[np.linspace(0, len(matrix) - 1, count).astype(int)].copy()
    for _ in range(ROUNDS):
        assigned = _nearest_centroid(matrix, centroids)
        sums = np.zeros_like(centroids)
        np.add.at(sums, assigned, matrix)
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        keep = norms[:, 0] > 0
        centroids[keep] = sums[keep] / norms[keep]
    return _nearest_centroid(matrix, centroids), centroids


def _nearest_centroid(matrix: np.ndarray, centroids: np.ndarray) -> np.ndarray:
    """Each row's nearest centroid, BLOCK * 8 rows at a time: every row against every
    centroid at once is 45 MB at 50,000 papers."""
    step = BLOCK * 8
    return np.concatenate(
        [np.argmax(matrix[i : i + step] @ centroids.T, axis=1) for i in range(0, len(matrix), step)]
    )


def candidates(matrix: np.ndarray, count: int = CANDIDATES) -> tuple[np.ndarray, np.ndarray]:
    """For each row, the rows nearest by cosine (-1 where there are fewer) and their scores.
    A row of zeros (a text with no known word) is nobody's neighbour and has none."""
    n = len(matrix)
    found = np.full((n, count), -1, dtype=np.int64)
    scores = np.full((n, count), -np.inf, dtype=np.float32)
    # Rows with any entry: a value a row, where `matrix != 0` would make a copy of the matrix.
    known = np.einsum("ij,ij->i", matrix, matrix) > 0
    clusters = max(1, round(math.sqrt(n)))
    assigned, centroids = _clusters(matrix, clusters)
    members = [np.flatnonzero((assigned == c) & known) for c in range(clusters)]
    nearest = np.argsort(-(centroids @ centroids.T), axis=1, kind="stable")
    for c in range(clusters):
        pool = np.sort(np.concatenate([members[k] for k in nearest[c, :PROBES]]))
        take = min(count, len(pool) - 1)
        if take <= 0:
            continue
        pooled = matrix[pool].T
        # A block of rows at a time: a large cluster against its pool stays a few hundred MB.
        for start in range(0, len(members[c]), BLOCK):
            rows = members[c][start : start + BLOCK]
            similar = matrix[rows] @ pooled
            similar[pool[None, :] == rows[:, None]] = -np.inf  # not itself
            best = np.argpartition(-similar, take - 1, axis=1)[:, :take]
            for i, row in enumerate(rows):
                # The pool is in row order, so a tie among the candidates goes to the lower id.
                order = best[i][np.lexsort((pool[best[i]], -similar[i, best[i]]))]
                found[row, :take] = pool[order]
                scores[row, :take] = similar[i, order]
    found[~np.isfinite(scores)] = -1
    return found, scores


class _Words:
    """Each text's TF-IDF weights (the search index's words, stop words left out), unit
    length, as rows of a sparse matrix (sorted word numbers and weights, `start` where each
    row begins), for dot products of a text with a few others."""

    def __init__(self, texts: Iterable[str]):
        # Each text's words as numbers in order of first sight, with their counts, in compact
        # arrays (a Counter a text took 250 MB at 50,000 papers); then numbered again in the
        # words' sorted order.
        seen: dict[str, int] = {}
        first_seen, counts = [], []
        for text in texts:
            c = Counter(w for w in tokens(text) if w not in STOP_WORDS)
            first_seen.append(np.fromiter((seen.setdefault(w, len(seen)) for w in c), np.int32))
            counts.append(np.fromiter(c.values(), np.int32, len(c)))
        number = np.empty(len(seen), np.int32)  # first sight -> place in sorted order
        number[[seen[word] for word in sorted(seen)]] = np.arange(len(seen))
        frequency = np.zeros(len(seen), np.int64)
        for found in first_seen:
            frequency[found] += 1
        idf = np.zeros(len(seen))
        idf[number] = np.log(len(first_seen) / frequency)
        lengths = [len(found) for found in first_seen]
        self.start = np.concatenate(([0], np.cumsum(lengths))).astype(np.int64)
        self.words = np.zeros(self.start[-1], np.int32)
        self.weights = np.zeros(self.start[-1], np.float32)
        for row in range(len(first_seen)):
            found = number[first_seen[row]]
            order = np.argsort(found)
            found = found[order]
            tf = counts[row][order].astype(float)
            weight = ((1 + np.log(tf)) * idf[found]).astype(np.float32)
            norm = np.linalg.norm(weight)
            at = slice(self.start[row], self.start[row + 1])
            self.words[at] = found
            self.weights[at] = weight / norm if norm else weight
            first_seen[row] = counts[row] = None
        self._dense = np.zeros(len(seen), dtype=np.float32)  # one text's weights, in turn

    def similarity(self, row: int, others: np.ndarray) -> np.ndarray:
        """The dot products of text `row` with each of `others`."""
        dense, start = self._dense, self.start
        mine = slice(start[row], start[row + 1])
        dense[self.words[mine]] = self.weights[mine]
        # Every word of the others at once: each one's run of the sparse rows, end to end.
        begins, lengths = start[others], start[others + 1] - start[others]
        ends = np.cumsum(lengths)
        runs = np.repeat(begins - (ends - lengths), lengths) + np.arange(
            ends[-1] if len(ends) else 0
        )
        products = dense[self.words[runs]] * self.weights[runs]
        dense[self.words[mine]] = 0
        sums = np.zeros(len(others), dtype=np.float32)
        filled = lengths > 0
        if filled.any():
            sums[filled] = np.add.reduceat(products, (ends - lengths)[filled])
        return sums


def scored(
    vectors: Vectors,
    texts: Iterable[str] | None = None,
    words_weight: float = WORDS_WEIGHT,
    floor: float | None = None,
) -> dict[str, list[tuple[str, float]]]:
    """id -> its candidates as (id, score), best first (ties by id): the cosine of their
    meaning, plus, with `texts` (in the order of vectors.ids), `words_weight` times that of the
    words they share; with `floor`, only those whose meaning's cosine reaches it."""
    return dict(_scored(vectors, texts, words_weight, floor))


def _scored(
    vectors: Vectors, texts: Iterable[str] | None, words_weight: float, floor: float | None
) -> Iterator[tuple[str, list[tuple[str, float]]]]:
    ids = vectors.ids
    if len(ids) < 2:
        yield from ((paper_id, []) for paper_id in ids)
        return
    found, scores = candidates(vectors.matrix)
    words = _Words(texts) if texts is not None else None
    for row, paper_id in enumerate(ids):
        keep = found[row] >= 0
        if floor is not None:
            keep &= scores[row] >= floor
        others, score = found[row][keep], scores[row][keep]
        if words is not None and len(others):
            score = score + words_weight * words.similarity(row, others)
        order = np.lexsort((others, -score))
        yield paper_id, [(ids[others[j]], float(score[j])) for j in order]


def related(
    vectors: Vectors,
    texts: Iterable[str] | None = None,
    shown: int = SHOWN,
    floor: float | None = None,
    words_weight: float = WORDS_WEIGHT,
) -> dict[str, list[str]]:
    """id -> the ids of the `shown` papers most related, best first; with `floor`, only those
    whose meaning's cosine reaches it: fewer, or none, rather than papers that only happen to
    be nearest."""
    return {
        paper_id: [other for other, _ in pairs[:shown]]
        for paper_id, pairs in _scored(vectors, texts, words_weight, floor)
    }

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
from collections.abc import Sequence

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
        assigned = np.argmax(matrix @ centroids.T, axis=1)
        sums = np.zeros_like(centroids)
        np.add.at(sums, assigned, matrix)
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        keep = norms[:, 0] > 0
        centroids[keep] = sums[keep] / norms[keep]
    return np.argmax(matrix @ centroids.T, axis=1), centroids


def candidates(matrix: np.ndarray, count: int = CANDIDATES) -> tuple[np.ndarray, np.ndarray]:
    """For each row, the rows nearest by cosine (-1 where there are fewer) and their scores.
    A row of zeros (a text with no known word) is nobody's neighbour and has none."""
    n = len(matrix)
    found = np.full((n, count), -1, dtype=np.int64)
    scores = np.full((n, count), -np.inf, dtype=np.float32)
    known = np.any(matrix != 0, axis=1)
    clusters = max(1, round(math.sqrt(n)))
    assigned, centroids = _clusters(matrix, clusters)
    members = [np.flatnonzero((assigned == c) & known) for c in range(clusters)]
    nearest = np.argsort(-(centroids @ centroids.T), axis=1, kind="stable")
    for c in range(clusters):
        pool = np.sort(np.concatenate([members[k] for k in nearest[c, :PROBES]]))
        take = min(count, len(pool) - 1)
        if take <= 0:
            continue
        # A block of rows at a time: a large cluster against its pool stays a few hundred MB.
        for start in range(0, len(members[c]), BLOCK):
            rows = members[c][start : start + BLOCK]
            similar = matrix[rows] @ matrix[pool].T
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

    def __init__(self, texts: Sequence[str]):
        counts = [Counter(w for w in tokens(text) if w not in STOP_WORDS) for text in texts]
        frequency = Counter(word for c in counts for word in c)
        number = {word: i for i, word in enumerate(sorted(frequency))}
        idf = np.log(len(texts) / np.array([frequency[w] for w in sorted(frequency)], float))
        words, weights = [], []
        for c in counts:
            found = np.fromiter(map(number.__getitem__, c), np.int64, len(c))
            order = np.argsort(found)
            found = found[order]
            tf = np.fromiter(c.values(), float, len(c))[order]
            weight = ((1 + np.log(tf)) * idf[found]).astype(np.float32)
            norm = np.linalg.norm(weight)
            words.append(found)
            weights.append(weight / norm if norm else weight)
        self.start = np.concatenate(([0], np.cumsum([len(w) for w in words]))).astype(np.int64)
        self.words = np.concatenate(words) if words else np.zeros(0, np.int64)
        self.weights = np.concatenate(weights) if weights else np.zeros(0, np.float32)
        self._dense = np.zeros(len(number), dtype=np.float32)  # one text's weights, in turn

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
    texts: Sequence[str] | None = None,
    words_weight: float = WORDS_WEIGHT,
    floor: float | None = None,
) -> dict[str, list[tuple[str, float]]]:
    """id -> its candidates as (id, score), best first (ties by id): the cosine of their
    meaning, plus, with `texts` (in the order of vectors.ids), `words_weight` times that of the
    words they share; with `floor`, only those whose meaning's cosine reaches it."""
    ids = vectors.ids
    if len(ids) < 2:
        return {paper_id: [] for paper_id in ids}
    found, scores = candidates(vectors.matrix)
    words = _Words(texts) if texts is not None else None
    out = {}
    for row, paper_id in enumerate(ids):
        keep = found[row] >= 0
        if floor is not None:
            keep &= scores[row] >= floor
        others, score = found[row][keep], scores[row][keep]
        if words is not None and len(others):
            score = score + words_weight * words.similarity(row, others)
        order = np.lexsort((others, -score))
        out[paper_id] = [(ids[others[j]], float(score[j])) for j in order]
    return out


def related(
    vectors: Vectors,
    texts: Sequence[str] | None = None,
    shown: int = SHOWN,
    floor: float | None = None,
    words_weight: float = WORDS_WEIGHT,
) -> dict[str, list[str]]:
    """id -> the ids of the `shown` papers most related, best first; with `floor`, only those
    whose meaning's cosine reaches it: fewer, or none, rather than papers that only happen to
    be nearest."""
    return {
        paper_id: [other for other, _ in pairs][:shown]
        for paper_id, pairs in scored(vectors, texts, words_weight, floor).items()
    }

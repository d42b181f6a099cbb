"""Related papers: each paper's nearest neighbours by meaning (cosine of their vectors).

Exact nearest neighbours compare every pair, 1.25 billion pairs at 50,000 papers. Instead the
vectors are grouped into about sqrt(n) clusters (k-means, deterministic), and the papers of a
cluster are compared only with the papers of the PROBES clusters nearest to it: about
n * PROBES * sqrt(n) comparisons, exact while the archive has at most PROBES clusters.
"""

from __future__ import annotations

import math

import numpy as np

from scraper.vectors import Vectors

SHOWN = 5
PROBES = 12
ROUNDS = 8


def _clusters(matrix: np.ndarray, count: int) -> np.ndarray:
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


def related(vectors: Vectors, shown: int = SHOWN) -> dict[str, list[str]]:
    """id -> the ids of the `shown` papers nearest by meaning, nearest first (ties by id)."""
    matrix, ids = vectors.matrix, vectors.ids
    n = len(ids)
    if n < 2:
        return {paper_id: [] for paper_id in ids}
    count = max(1, round(math.sqrt(n)))
    assigned, centroids = _clusters(matrix, count)
    members = [np.flatnonzero(assigned == c) for c in range(count)]
    nearest_clusters = np.argsort(-(centroids @ centroids.T), axis=1, kind="stable")
    out: dict[str, list[str]] = {}
    for c in range(count):
        rows = members[c]
        if not len(rows):
            continue
        pool = np.concatenate([members[k] for k in nearest_clusters[c, :PROBES]])
        scores = matrix[rows] @ matrix[pool].T
        scores[pool[None, :] == rows[:, None]] = -np.inf  # not itself
        take = min(shown, len(pool) - 1)
        for i, row in enumerate(rows):
            best = np.argpartition(-scores[i], take - 1)[:take] if take > 0 else []
            # Ids are sorted, so a lower pool row breaks a tie as a lower id would.
            ranked = sorted(best, key=lambda j, s=scores[i]: (-s[j], pool[j]))
            out[ids[row]] = [ids[pool[j]] for j in ranked if np.isfinite(scores[i, j])]
    return out

"""Trust benchmark: are related papers and results by meaning ones a researcher would call
related, or absent? Measured on a judged set read by hand (bench/judged/):

- clusters.json: 177 seed papers (../shared/seeds) in 36 tight clusters (speculative decoding,
  video diffusion, ...). Related-5 precision: the share of a clustered paper's related papers,
  found among all the seed papers, that sit in its cluster; and how many it is shown.
- queries.json (46) and bench/meaning.py's QUERIES (38): descriptions of one paper of the
  committed archive each; nonsense.json: 30 queries that should find nothing by meaning.
  The search box's score (meaning.js: the query less the archive's mean against one bit a
  dimension, as a share of the most it could reach), the best paper's, against the floor.

    python bench/trust.py

Prints tables; chooses nothing by itself: the floors in scraper/deriving/related.py and
search.py are set from what it prints.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from meaning import QUERIES, seed_papers  # noqa: E402

from scraper.deriving import embedding, related, search  # noqa: E402
from scraper.deriving.vectors import Vectors, vectors  # noqa: E402
from scraper.records import store  # noqa: E402

JUDGED = REPO / "bench" / "judged"


def clusters() -> tuple[list[str], dict[int, int]]:
    """The seed texts, and the cluster number of each clustered one (by its row)."""
    texts = seed_papers()
    row = {text.split("\n", 1)[0]: i for i, text in enumerate(texts)}
    judged = json.loads((JUDGED / "clusters.json").read_text())["clusters"]
    return texts, {row[title]: c for c, cluster in enumerate(judged) for title in cluster["titles"]}


def precision(lists: dict[str, list[str]], cluster_of: dict[int, int]) -> tuple[float, float]:
    """Mean share of a clustered paper's shown related papers in its cluster (a paper shown
    none counts as neither right nor wrong), and the mean number shown."""
    shares, shown = [], []
    for row, cluster in cluster_of.items():
        found = [int(other) for other in lists[f"{row:07d}"]]
        shown.append(len(found))
        if found:
            shares.append(sum(cluster_of.get(o) == cluster for o in found) / len(found))
    return float(np.mean(shares)), float(np.mean(shown))


def related_table(texts: list[str], cluster_of: dict[int, int]) -> None:
    matrix = embedding.load().embed(texts)
    found = Vectors([f"{i:07d}" for i in range(len(texts))], matrix, 0)
    print("## Related papers on the judged clusters (seed papers)")
    print(f"{len(cluster_of)} clustered of {len(texts)} seed papers\n")
    print("method | floor | precision | shown (of 5) | clustered papers shown none")
    print("---|---|---|---|---")
    for name, words in (("meaning + words (the build's)", texts), ("meaning only", None)):
        scored = related.scored(found, words)
        for floor in (None, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7):
            lists = {
                paper: [other for other, score in pairs if floor is None or score >= floor][:5]
                for paper, pairs in scored.items()
            }
            p, shown = precision(lists, cluster_of)
            empty = sum(not lists[f"{row:07d}"] for row in cluster_of)
            print(f"{name} | {floor or '–'} | {p:.3f} | {shown:.2f} | {empty}")
    print()


def box_scores(queries: list[str], ordered, matrix_of) -> np.ndarray:
    """Each query's score against each paper, as meaning.js computes it."""
    bits = search.meaning_bits(ordered, matrix_of)
    model = embedding.load()
    mean = np.frombuffer(bits[: model.dims * 4], dtype="<f4")
    signs = (
        np.unpackbits(
            np.frombuffer(bits[model.dims * 4 :], dtype=np.uint8).reshape(len(ordered), -1),
            axis=1,
            bitorder="little",
        ).astype(np.float32)
        * 2
        - 1
    )
    asked = model.embed(queries) - mean
    return (asked @ signs.T) / np.abs(asked).sum(axis=1, keepdims=True)


def meaning_table() -> None:
    papers, _ = store.load_archive(REPO / "docs")
    found = vectors(papers.values(), REPO / "docs", write=False)
    ordered = sorted(papers.values(), key=lambda p: (search.listed(p), p.id), reverse=True)
    ids = [p.id for p in ordered]
    described = QUERIES + [
        (q["q"], q["id"]) for q in json.loads((JUDGED / "queries.json").read_text())["queries"]
    ]
    nonsense = json.loads((JUDGED / "nonsense.json").read_text())["queries"]
    real = box_scores([q for q, _ in described], ordered, found)
    junk = box_scores(nonsense, ordered, found)
    target = np.array([real[i, ids.index(t)] for i, (_, t) in enumerate(described)])
    best_real, best_junk = real.max(axis=1), junk.max(axis=1)
    print("## Search by meaning: the box's score (share of the most a query could reach)")
    print(f"{len(described)} descriptions of one committed paper each; {len(nonsense)} nonsense\n")
    print("percentile | best, descriptions | the paper meant | best, nonsense")
    print("---|---|---|---")
    for q in (0, 10, 25, 50, 75, 90, 100):
        print(
            f"{q} | {np.percentile(best_real, q):.3f} | {np.percentile(target, q):.3f} | "
            f"{np.percentile(best_junk, q):.3f}"
        )
    print("\nfloor | nonsense with any result | descriptions whose paper stays above it")
    print("---|---|---")
    for floor in np.arange(0.10, 0.36, 0.02):
        kept = (target >= floor).mean()
        print(f"{floor:.2f} | {(best_junk >= floor).sum()} of {len(nonsense)} | {kept:.3f}")
    print()


def main() -> None:
    texts, cluster_of = clusters()
    related_table(texts, cluster_of)
    meaning_table()


if __name__ == "__main__":
    main()

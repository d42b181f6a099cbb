"""Trust benchmark: are related papers and results by meaning ones a researcher would call
related, or absent? Measured on a judged set read by hand (bench/judged/):

- clusters.json: 177 seed papers (../shared/seeds) in 36 tight clusters (speculative decoding,
  video diffusion, ...). Related-5 precision: the share of a clustered paper's related papers,
  found among all the seed papers, that sit in its cluster; and how many it is shown.
- queries.json (46) and bench/meaning.py's QUERIES (38): descriptions of one paper of the
  committed archive each; nonsense.json: 30 queries that should find nothing by meaning.
  Whether each is about the archive's subjects, as meaning.js decides it: the cosine of its
  vector with the archive's mean vector against search.meaning_domain.

    python bench/trust.py

Prints tables; chooses nothing by itself: the floor in scraper/deriving/related.py and the
gate in search.py are set from what it prints.
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


def meaning_table() -> None:
    papers, _ = store.load_archive(REPO / "docs")
    found = vectors(papers.values(), REPO / "docs", write=False)
    described = QUERIES + [
        (q["q"], q["id"]) for q in json.loads((JUDGED / "queries.json").read_text())["queries"]
    ]
    nonsense = json.loads((JUDGED / "nonsense.json").read_text())["queries"]
    model = embedding.load()
    mean = found.matrix.mean(axis=0)
    mean /= np.linalg.norm(mean)
    real = model.embed([q for q, _ in described]) @ mean
    junk = model.embed(nonsense) @ mean
    print("## Search by meaning: is the query about the archive's subjects?")
    print(
        f"Cosine of the query's vector with the archive's mean vector (meaning.js's `domain`); "
        f"{len(described)} descriptions of one committed paper each, {len(nonsense)} nonsense "
        f"and off-topic queries\n"
    )
    print("gate | nonsense answered | descriptions answered")
    print("---|---|---")
    for gate in np.arange(0.27, 0.40, 0.01):
        print(
            f"{gate:.2f} | {(junk >= gate).sum()} of {len(nonsense)} | {(real >= gate).mean():.3f}"
        )
    shipped = search.meaning_domain(found)
    print(f"\nshipped: {search.MEANING_DOMAIN_SHARE} of the median paper's, {shipped}; above it:")
    for query, score in sorted(zip(nonsense, junk, strict=True), key=lambda x: -x[1]):
        if score >= shipped:
            print(f"- {score:.3f} {query}")
    print("descriptions below it:")
    for (query, _), score in sorted(zip(described, real, strict=True), key=lambda x: x[1]):
        if score < shipped:
            print(f"- {score:.3f} {query}")
    print()


def main() -> None:
    texts, cluster_of = clusters()
    related_table(texts, cluster_of)
    meaning_table()


if __name__ == "__main__":
    main()

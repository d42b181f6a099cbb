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
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from meaning import QUERIES, seed_papers  # noqa: E402

from scraper.deriving import embedding, related, search, sentence_model  # noqa: E402
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
    ids = [f"{i:07d}" for i in range(len(texts))]
    static = Vectors(ids, embedding.load().embed(texts), 0)
    started = time.perf_counter()
    sentences = Vectors(ids, sentence_model.load().embed(texts), 0)
    took = time.perf_counter() - started
    print("## Related papers on the judged clusters (seed papers)")
    print(f"{len(cluster_of)} clustered of {len(texts)} seed papers\n")
    print("vectors | words weight | floor (cosine) | precision | shown (of 5)")
    print("---|---|---|---|---")
    rows = [
        ("static model (the browser's; related papers before)", static, 1.0, None),
        ("static model", static, 2.0, None),
        ("all-MiniLM-L6-v2", sentences, 0.0, None),
        ("all-MiniLM-L6-v2", sentences, 1.0, None),
        ("all-MiniLM-L6-v2", sentences, 0.5, None),
        ("all-MiniLM-L6-v2", sentences, 2.0, None),
        ("all-MiniLM-L6-v2 (shipped)", sentences, related.WORDS_WEIGHT, related.FLOOR),
        ("all-MiniLM-L6-v2", sentences, 1.0, 0.5),
        ("all-MiniLM-L6-v2", sentences, 1.0, 0.6),
    ]
    for name, found, weight, floor in rows:
        lists = related.related(found, texts, words_weight=weight, floor=floor)
        p, shown = precision(lists, cluster_of)
        print(f"{name} | {weight} | {floor or '–'} | {p:.3f} | {shown:.2f}")
    print(
        f"\nall-MiniLM-L6-v2 in numpy, {sentence_model.MAX_TOKENS} tokens: "
        f"{took / len(texts) * 1000:.0f} ms a paper ({len(texts)} papers in {took:.1f} s)\n"
    )


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

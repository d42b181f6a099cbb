"""Query map benchmark: can the browser's static model rank papers as all-MiniLM-L6-v2 does,
by mapping a query's static vector into MiniLM's space? (Issue 19: the query in the browser
and the papers' vectors in one space.)

A ridge regression W (256 -> 384 dimensions) is fitted from the static model's vectors to
MiniLM's for texts of the seed papers (../shared/seeds: titles, sentences, pairs of sentences,
whole abstracts; none of them a paper of the committed archive). Then the 38 reworded and 46
judged descriptions (bench/meaning.py, bench/judged/queries.json) are ranked against the
committed archive's papers, by:

- the static model alone (query and papers), as the browser does now, in full precision;
- MiniLM alone (query and papers): what a real sentence model gives, the ceiling;
- the mapped query against the papers' MiniLM vectors;
- both at once: the static cosine plus the mapped one (equal weights);
- the same, with the papers' vectors quantised as the browser could hold them (1 or 2 bits a
  dimension after a projection of the two vectors side by side), and today's browser scoring.

On the committed archive's 120 papers a projection to 128 dimensions loses nothing (120
papers span at most 120), so what the bits cost at 50,000 papers is not measured here.

    python bench/query_map.py

Prints MRR@10 and recall@5 a ranking; needs ../shared/seeds; embeds ~5,600 texts with MiniLM
in numpy (about five minutes here). Chooses nothing by itself.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from meaning import QUERIES, judged_queries, mrr_recall, seed_papers  # noqa: E402

from scraper.deriving import embedding, sentence_model  # noqa: E402
from scraper.deriving.vectors import sentence_vectors, vectors  # noqa: E402
from scraper.records import store  # noqa: E402


def unit(matrix: np.ndarray) -> np.ndarray:
    return matrix / np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-9)


def training_texts(held_titles: set[str]) -> list[str]:
    """Query-like and paper-like texts of the seed papers the archive does not hold."""
    texts = []
    for paper in seed_papers():
        title, abstract = paper.split("\n", 1)
        if " ".join(title.lower().split()) in held_titles:
            continue
        sentences = re.split(r"(?<=[.!?])\s+", abstract)
        texts += [title, paper, *(s for s in sentences if len(s) > 30)]
        texts += [" ".join(sentences[i : i + 2]) for i in range(0, len(sentences) - 1, 2)]
    return list(dict.fromkeys(texts))


def ridge(x: np.ndarray, y: np.ndarray, strength: float) -> np.ndarray:
    return np.linalg.solve(x.T @ x + strength * np.eye(x.shape[1]), x.T @ y)


def quantised(matrix: np.ndarray, bits: int) -> np.ndarray:
    """Each dimension cut at its quantiles into 2**bits bins, a value the mean of its bin."""
    out = np.empty_like(matrix)
    levels = 2**bits
    for j in range(matrix.shape[1]):
        column = matrix[:, j]
        cuts = np.quantile(column, np.arange(1, levels) / levels)
        bins = np.searchsorted(cuts, column)
        means = [column[bins == b].mean() if (bins == b).any() else 0.0 for b in range(levels)]
        out[:, j] = np.array(means)[bins]
    return out


def signs(query: np.ndarray, matrix: np.ndarray) -> np.ndarray:
    """As meaning.js scores: the query less the papers' mean against each paper's sign bits
    there (+1 above the mean, -1 below)."""
    mean = matrix.mean(axis=0)
    return (query - mean) @ np.where(matrix > mean, 1.0, -1.0).T


def main() -> None:
    docs = REPO / "docs"
    papers, _ = store.load_archive(docs)
    static, mini = (
        vectors(papers.values(), docs, write=False),
        sentence_vectors(papers.values(), docs, write=False),
    )
    ids = static.ids
    papers_static, papers_mini = unit(static.matrix), unit(mini.matrix)

    texts = training_texts({" ".join(p.title.lower().split()) for p in papers.values()})
    if not texts:
        raise SystemExit("needs ../shared/seeds")
    static_model, mini_model = embedding.load(), sentence_model.load()
    started = time.perf_counter()
    fit_static, fit_mini = static_model.embed(texts), mini_model.embed(texts)
    print(f"{len(texts)} training texts, MiniLM in {time.perf_counter() - started:.0f} s\n")
    mapping = ridge(fit_static, fit_mini, 0.01)

    # The two vectors side by side, projected on their principal axes (not centred, so that
    # dot products keep their order), as the browser would hold them.
    both = np.hstack([papers_static, papers_mini]) / np.sqrt(2)
    axes = np.linalg.svd(both, full_matrices=False)[2].T[:, :128]
    projected = both @ axes

    def ranked(scores: np.ndarray, targets: list[str]) -> str:
        lists = [[ids[j] for j in np.argsort(-row, kind="stable")[:10]] for row in scores]
        mrr, _ = mrr_recall(lists, targets)
        _, recall5 = mrr_recall(lists, targets, at=5)
        return f"{mrr:.3f} | {recall5:.3f}"

    for name, asked in (("reworded", QUERIES), ("judged", judged_queries())):
        queries, targets = [q for q, _ in asked], [t for _, t in asked]
        query_static, query_mini = static_model.embed(queries), mini_model.embed(queries)
        mapped = unit(query_static @ mapping)
        query_both = np.hstack([query_static, mapped]) / np.sqrt(2) @ axes
        print(f"## {len(asked)} {name} descriptions, {len(ids)} papers")
        print("ranking | MRR@10 | recall@5")
        rows = {
            "static model (query and papers)": query_static @ papers_static.T,
            "MiniLM (query and papers)": query_mini @ papers_mini.T,
            "mapped query, MiniLM papers": mapped @ papers_mini.T,
            "static + mapped, equal weights": query_static @ papers_static.T
            + mapped @ papers_mini.T,
            "static + mapped, projected to 128, 2 bits": query_both @ quantised(projected, 2).T,
            "static + mapped, projected to 128, 1 bit (bin means)": query_both
            @ quantised(projected, 1).T,
            "static + mapped, projected to 128, 1 bit as meaning.js": signs(query_both, projected),
            "static model, 2 bits a dimension": query_static @ quantised(papers_static, 2).T,
            "static model, 1 bit as meaning.js (today)": signs(query_static, papers_static),
        }
        for label, scores in rows.items():
            print(f"{label} | {ranked(scores, targets)}")
        print()


if __name__ == "__main__":
    main()

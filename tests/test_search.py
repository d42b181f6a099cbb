"""The search index as the browser reads it: what one query downloads stays small however large
the archive grows, and every paper can be reached by its words, its authors and its id."""

import datetime as dt
import json
from pathlib import Path

from scraper.deriving import search
from scraper.records.model import Paper


def paper(n: int, day: dt.date, title: str, authors=("Ada Lovelace",), abstract="Words.") -> Paper:
    return Paper(
        id=f"{day:%y%m}.{n:05d}",
        title=title,
        authors=authors,
        abstract=abstract,
        days=(day,),
        upvotes=n % 50,
    )


def read(index: Path, name: str):
    [path] = index.glob(name)
    return json.loads(path.read_text(encoding="utf-8"))


def test_the_browser_and_the_index_see_the_same_words():
    assert search.tokens("Café Müller's Diffusion-Models STUDIES") == [
        "cafe",
        "muller",
        "s",
        "diffusion",
        "model",
        "study",
    ]
    assert search.tokens("Pass gas, bias: analysis") == ["pass", "gas", "bia", "analysis"]


def test_a_query_downloads_a_few_small_files_whatever_the_archive_size(tmp_path):
    day = dt.date(2023, 1, 2)
    papers = [
        paper(
            n,
            day + dt.timedelta(days=n // 20),
            f"Model {n} of Diffusion",
            authors=(f"Author{n} Family{n % 7}", "Wei Zhang"),
            abstract=f"We study model number {n} with many common words in the abstract.",
        )
        for n in range(6_000)
    ]
    assert search.build_index(papers, tmp_path) == 6_000
    manifest = read(tmp_path, "manifest.json")
    chunks = sorted(tmp_path.glob("*/t/*.json"))
    assert len(chunks) == len(manifest["chunks"])
    for chunk in chunks:
        terms = json.loads(chunk.read_text())
        # A chunk holds about CHUNK_BYTES, unless one word alone is larger.
        assert len(terms) == 1 or chunk.stat().st_size <= search.CHUNK_BYTES * 1.1, chunk
    # A word found in every abstract keeps only the newest papers for it, so it stays small.
    common = {t: p for c in chunks for t, p in json.loads(c.read_text()).items()}["abstract"]
    assert len(common) == search.TEXT_ONLY_LIMIT
    assert len(manifest["votes"]) == 6_000
    assert len(json.dumps(manifest)) < 6_000 * 3


def test_papers_are_numbered_newest_first_and_months_are_ranges(tmp_path):
    march, april = dt.date(2025, 3, 3), dt.date(2025, 4, 1)
    papers = [paper(1, march, "Older"), paper(2, april, "Newer"), paper(3, april, "Newer too")]
    search.build_index(papers, tmp_path)
    manifest = read(tmp_path, "manifest.json")
    assert manifest["months"] == {"2025-04": 0, "2025-03": 2}
    shown = read(tmp_path, "*/d/0.json")
    assert [(doc["id"], doc["day"]) for doc in shown] == [
        ("2504.00003", "2025-04-01"),
        ("2504.00002", "2025-04-01"),
        ("2503.00001", "2025-03-03"),
    ]


def test_every_paper_is_reachable_by_title_author_pair_and_id(tmp_path):
    papers = [paper(7, dt.date(2026, 3, 10), "Sparse Gardeners", authors=("Ada Byron",))]
    search.build_index(papers, tmp_path)
    terms = {
        t: p for c in tmp_path.glob("*/t/*.json") for t, p in json.loads(c.read_text()).items()
    }
    fields = {term: postings[0] % 8 for term, postings in terms.items()}
    assert fields["sparse gardener"] == search.TITLE
    assert fields["ada byron"] == search.AUTHOR
    assert fields["2603.00007"] == search.TITLE
    assert fields["word"] == search.TEXT


def test_a_rebuild_replaces_the_old_index(tmp_path):
    search.build_index([paper(1, dt.date(2026, 3, 10), "First")], tmp_path)
    old = read(tmp_path, "manifest.json")["version"]
    search.build_index([paper(1, dt.date(2026, 3, 10), "Corrected")], tmp_path)
    assert [p.name for p in tmp_path.iterdir() if p.is_dir()] == [
        read(tmp_path, "manifest.json")["version"]
    ]
    assert read(tmp_path, "manifest.json")["version"] != old


def test_words_too_common_to_find_anything_are_indexed_only_in_pairs(tmp_path):
    papers = [paper(1, dt.date(2026, 3, 10), "Low Rank of the Random Basis")]
    search.build_index(papers, tmp_path)
    terms = {t for c in tmp_path.glob("*/t/*.json") for t in json.loads(c.read_text())}
    assert {"low", "rank", "random", "basis", "rank of", "of the", "the random"} <= terms
    assert not {"of", "the"} & terms
    # The box drops these from a query as the index did: it reads them from the manifest.
    assert {"of", "the", "and"} <= set(read(tmp_path, "manifest.json")["stopWords"])


def test_a_rebuilt_index_replaces_the_old_one_and_what_a_stopped_build_left(tmp_path):
    out = tmp_path / "search-index"
    day = dt.date(2026, 3, 10)
    search.build_index([paper(1, day, "Diffusion Models")], out)
    (out / ".writing" / "t").mkdir(parents=True)  # a build stopped half way
    (out / ".writing" / "t" / "0.json").write_text("{")

    search.build_index([paper(2, day, "Speculative Decoding")], out)

    manifest = read(out, "manifest.json")
    assert sorted(p.name for p in out.iterdir()) == sorted([manifest["version"], "manifest.json"])
    assert manifest["papers"] == 1
    assert "speculative" in read(out, f"{manifest['version']}/t/0.json")

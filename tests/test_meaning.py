"""Papers by meaning: related papers on each paper page and in the day JSON, topic pages with
feeds, and the embeddings cache that keeps a daily scrape and a rebuild cheap."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import random
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from html import unescape

import pytest

from scraper.deriving import embedding, sentence_model, topics
from scraper.deriving.derive import load as derive
from scraper.records import update
from scraper.rendering import followed
from tests.helpers import REPO, api_item, make_client, serve
from tests.test_site import build, page, text_of

SPEECH = [
    (
        "Streaming Speech Recognition with Chunked Conformers",
        "We transcribe spoken audio in real time: a conformer acoustic model reads the speech "
        "signal in chunks and emits words with low latency, lowering word error rate on "
        "conversational telephone recordings.",
    ),
    (
        "Whispering in Noise: Robust Automatic Speech Recognition for Far-Field Microphones",
        "Automatic speech recognition degrades when the speaker is far from the microphone. "
        "We train the acoustic model on simulated reverberant audio and reduce word error "
        "rate on meeting transcription.",
    ),
    (
        "Self-Supervised Audio Representations for Low-Resource Speech Transcription",
        "Pretraining on untranscribed speech audio gives acoustic representations that need "
        "only an hour of labelled recordings to transcribe a new language's spoken words.",
    ),
]
PROTEINS = [
    (
        "Predicting Protein Structure from Sequence with Geometric Transformers",
        "We predict the three-dimensional fold of a protein from its amino acid sequence; "
        "residue contacts and backbone angles are refined by an equivariant network.",
    ),
    (
        "Designing Enzymes by Diffusion over Protein Backbones",
        "A diffusion model generates protein backbones and amino acid sequences that fold "
        "into stable enzymes, validated by structure prediction and wet-lab assays.",
    ),
    (
        "Antibody Folding Benchmarks for Protein Language Models",
        "Protein language models trained on amino acid sequences are evaluated on how well "
        "they predict the folded structure of antibody loops.",
    ),
]


def subject_day() -> dict[str, list]:
    items = [
        api_item(f"2603.100{i:02d}", title, summary=summary, upvotes=10 - i)
        for i, (title, summary) in enumerate(SPEECH + PROTEINS)
    ]
    return {"2026-03-10": items}


@pytest.fixture
def subjects(docs):
    update.scrape(make_client(serve(subject_day())), docs, [dt.date(2026, 3, 10)])
    return docs


def related_titles(html: str) -> list[str]:
    section = re.search(r'<h2 id="related-papers".*?</ol>', html, re.DOTALL).group()
    return [unescape(re.sub(r"<[^>]+>", "", a)) for a in re.findall(r"<a [^>]*>(.*?)</a>", section)]


def test_a_paper_page_lists_the_papers_related_in_meaning_and_no_others(subjects):
    root = subjects.parent
    build(root)
    html = page(root, "papers/2603.10000")
    titles = related_titles(html)
    # The two other papers on speech recognition; the papers on proteins are nearer than
    # nothing, but not related: they are left out rather than fill five places.
    assert set(titles) == {SPEECH[1][0], SPEECH[2][0]}
    protein = related_titles(page(root, "papers/2603.10003"))
    assert set(protein) == {title for title, _ in PROTEINS[1:]}
    section = re.search(r'<h2 id="related-papers".*?</ol>', html, re.DOTALL).group()
    assert "10 March 2026 · ▲ 9" in unescape(re.sub(r"<[^>]+>", "", section))
    assert 'href="../2603.10001/"' in section


def test_the_day_json_gives_each_paper_its_related_ids(subjects):
    root = subjects.parent
    build(root)
    day = json.loads((root / "site/papers/date/2026-03-10.json").read_text())
    protein = next(p for p in day["papers"] if p["id"] == "2603.10003")
    assert set(protein["related"]) == {"2603.10004", "2603.10005"}
    # The copy kept in docs/ goes without: it would change whenever the archive grows.
    kept = json.loads((subjects / "papers/date/2026-03-10.json").read_text())
    assert "related" not in kept["papers"][0]


def test_a_rebuild_with_a_warm_cache_embeds_nothing_and_a_correction_one_paper(subjects):
    # The scrape embedded every paper and kept the vectors with the archive, a file a month,
    # the search box's model's and, in minilm/, the sentence model's (related papers').
    assert sorted(p.name for p in (subjects / "embeddings").iterdir()) == [
        "2026-03.jsonl",
        "minilm",
    ]
    assert sorted(p.name for p in (subjects / "embeddings/minilm").iterdir()) == ["2026-03.jsonl"]
    assert derive(subjects).embedded == 0
    paper = subjects / "papers/2603.10004.md"
    cache = (subjects / "embeddings/2026-03.jsonl").read_text()
    paper.write_text(paper.read_text().replace("Designing Enzymes", "Designing Proteases"))
    # A contributor's build embeds the corrected paper (by both models) and changes no
    # tracked file...
    assert derive(subjects).embedded == 2
    assert (subjects / "embeddings/2026-03.jsonl").read_text() == cache
    # ...the next scrape (or `index`) keeps its vector.
    store_again(subjects)
    assert derive(subjects).embedded == 0


def store_again(docs):
    from scraper.cli import main

    assert main(["index", "--docs-dir", str(docs)]) == 0


def test_a_build_with_a_warm_cache_leaves_its_files_untouched(subjects):
    stamps = {p: p.stat().st_mtime_ns for p in (subjects / "embeddings").iterdir()}
    build(subjects.parent)
    assert {p: p.stat().st_mtime_ns for p in (subjects / "embeddings").iterdir()} == stamps
    # And the site publishes none of it.
    assert not (subjects.parent / "site/embeddings").exists()


def test_a_paper_with_no_known_word_has_no_related_papers_and_is_nobodys(docs):
    days = subject_day()
    days["2026-03-10"].append(api_item("2603.10099", "\u0378\u0379", summary="\u0378"))
    update.scrape(make_client(serve(days)), docs, [dt.date(2026, 3, 10)])
    build(docs.parent)
    assert 'id="related-papers"' not in page(docs.parent, "papers/2603.10099")
    for other in ("2603.10000", "2603.10003"):
        assert "2603.10099" not in page(docs.parent, f"papers/{other}")


def test_a_deleted_cache_is_made_again_the_same(subjects):
    cache = subjects / "embeddings/2026-03.jsonl"
    before = cache.read_text()
    cache.unlink()
    assert derive(subjects).embedded == 6
    store_again(subjects)
    assert cache.read_text() == before


def test_an_unreadable_cache_line_is_embedded_again(subjects):
    cache = subjects / "embeddings/2026-03.jsonl"
    lines = cache.read_text().splitlines()
    cache.write_text("\n".join(["{not json", lines[1][:40], *lines[2:]]) + "\n")
    assert derive(subjects).embedded == 2


def test_the_tokenizer_splits_words_as_the_distilled_models_own_does():
    """Pieces as Hugging Face tokenizers' BertWordPiece gives them for the model (checked by
    scripts/distill_model.py on 800 texts); the search box's tokenizer must agree too."""
    model = embedding.load()
    names = {i: t for t, i in model.vocab.items()}

    def pieces(text):
        return [names[i] for i in model.token_ids(text)]

    assert pieces("Ünïcödé façade — naïve café") == ["unicode", "facade", "—", "naive", "cafe"]
    assert pieces("GRPO's 128K-token context (2x faster!)") == [
        *("gr", "##po", "'", "s", "128", "##k", "-", "token", "context"),
        *("(", "2", "##x", "faster", "!", ")"),
    ]
    # No final sigma (a character at a time, as Rust lowers), CJK apart, zero-width gone.
    assert pieces("東京 ΑΣ ﬁne\u200bzero") == ["東", "京", "α", "##σ", "ﬁ", "##ne", "##zer", "##o"]
    assert pieces("x" * 101) == []  # longer than a word can be: unknown, left out


# --- Topics --------------------------------------------------------------------------------


def keyword_day(count: int, keywords, day: str = "2026-03-10", start: int = 0) -> list[dict]:
    return [
        api_item(
            f"2603.2{start + i:04d}",
            f"Paper {start + i} on Vision Language Models",
            day=day,
            summary="We study vision-language models.",
            ai_keywords=list(keywords(i)),
        )
        for i in range(count)
    ]


def test_a_topic_page_gathers_spellings_lists_newest_first_and_has_a_feed(docs):
    spellings = [
        "Vision-Language Models",
        "vision language model",
        "VLMs",
        "Vision–language models",
    ]
    days = {
        "2026-03-09": keyword_day(2, lambda i: ["Vision-Language Models (VLMs)"], "2026-03-09"),
        "2026-03-10": keyword_day(4, lambda i: [spellings[i]], start=10),
    }
    update.scrape(make_client(serve(days)), docs, [dt.date(2026, 3, 9), dt.date(2026, 3, 10)])
    root = docs.parent
    build(root)
    html = page(root, "topics/vision-language-model")
    assert text_of(html, "h1") == ["Vision-Language Models"]
    assert "6 papers with this keyword" in unescape(html)
    assert text_of(html, "h2") == ["March 2026"]
    assert "Only papers with code (0 of 6)" in html
    feed = ET.fromstring((root / "site/topics/vision-language-model/feed.xml").read_bytes())
    atom = "{http://www.w3.org/2005/Atom}"
    assert len(feed.findall(f"{atom}entry")) == 6
    assert (
        feed.find(f"{atom}link[@rel='self']")
        .get("href")
        .endswith("/topics/vision-language-model/feed.xml")
    )
    # The paper page links its topic; the topics index and the nav know the page.
    paper = page(root, "papers/2603.20010")
    assert 'href="../../topics/vision-language-model/"' in paper
    assert "Vision-Language Models\u00a0·\u00a06\u00a0papers" in text_of(page(root, "topics"), "li")
    assert re.search(r'href="../topics/"[^>]*>\s*<span[^>]*>\s*Topics\s*<', page(root, "about"))


def test_a_large_topic_pages_beyond_fifty_and_small_subjects_get_no_page(docs):
    days = {
        "2026-03-10": keyword_day(followed.PER_PAGE + 5, lambda i: ["Sparse Attention", f"k{i}"])
    }
    update.scrape(make_client(serve(days)), docs, [dt.date(2026, 3, 10)])
    root = docs.parent
    build(root)
    first = page(root, "topics/sparse-attention")
    assert first.count('<a class="paper-card__title" href="../../papers/') == followed.PER_PAGE
    assert 'href="page/2/"' in first
    second = page(root, "topics/sparse-attention/page/2")
    assert second.count('<a class="paper-card__title" href="../../../../papers/') == 5
    assert text_of(second, "h1") == ["Sparse Attention · page 2"]
    # The way to the other pages is above the cards and below them.
    assert len(re.findall(r'Pages: <a href="\.\./\.\./">1</a> · <strong>2</strong>', second)) == 2
    assert "Only papers with code (0 of the 100 on this page)" in first
    # A keyword of one paper is no topic.
    assert not (root / "site/topics/k1").exists()


def test_hostile_keywords_stay_inert_and_odd_slugs_are_handled(docs):
    hostile = '<img src=x onerror="alert(1)">'
    days = {"2026-03-10": keyword_day(3, lambda i: [hostile, "∇∂", "Index", "C++"])}
    update.scrape(make_client(serve(days)), docs, [dt.date(2026, 3, 10)])
    root = docs.parent
    build(root)
    listed = page(root, "topics")
    assert "<img src=x" not in listed
    assert "&lt;img src=x" in listed
    slugs = sorted(p.name for p in (root / "site/topics").iterdir() if p.is_dir())
    # "∇∂" slugifies to nothing: no topic. "Index" would be the topics' own index page.
    assert slugs == ["cplusplus", "img-src-x-onerror-alert-1", "index-topic"]
    assert "<img src=x" not in page(root, "topics/img-src-x-onerror-alert-1")
    assert "<img src=x" not in page(root, "papers/2603.20000")


def test_a_topic_lists_its_newest_papers_up_to_a_cap_and_points_to_search_for_more(
    monkeypatch,
):
    from scraper.records.model import Paper

    monkeypatch.setattr(followed, "PER_PAGE", 3)
    monkeypatch.setattr(followed, "TOPIC_PAGES", 2)
    papers = [
        Paper.from_api(api_item(f"2603.3{i:04d}", ai_keywords=["Test-Time Scaling"]), day, "x")
        for i, day in enumerate(dt.date(2026, 3, 1) + dt.timedelta(days=d) for d in range(8))
    ]
    pages = dict(followed.topic_pages(topics.topics(papers), "https://example.org/", "Archive"))
    assert sorted(p for p in pages if p.endswith(".md")) == [
        "topics/index.md",
        "topics/test-time-scaling.md",
        "topics/test-time-scaling/page/2.md",
    ]
    first, last = pages["topics/test-time-scaling.md"], pages["topics/test-time-scaling/page/2.md"]
    assert "2603.30007" in first  # newest first
    assert "2603.30001" not in first + last  # past the cap
    assert (
        '<a href="../../../search.md?q=Test-Time+Scaling">search the archive for '
        "“Test-Time Scaling”</a>" in last
    )
    # How many of them the pages hold is said at the top, not only after the last, with the
    # way to the others.
    assert "8 papers" in first
    said = (
        'newest first; these pages list the 6 newest (<a href="../search.md?q=Test-Time+'
        'Scaling">search the archive for “Test-Time Scaling”</a> for the others).'
    )
    assert said in first
    assert said.replace("../", "../../../") in last


def test_abbreviations_either_way_round_file_under_the_full_form_and_qualifiers_stay(docs):
    from scraper.records.model import Paper

    keywords = [
        ["Group Relative Policy Optimization (GRPO)"],
        ["GRPO (Group Relative Policy Optimization)"],
        ["GRPO"],
        ["group relative policy optimization"],
        ["Adam (optimizer)", "optimizer"],
        ["Adam (optimizer)", "Optimizers"],
        ["Adam (optimizer)", "xLSTM"],
        ["xLSTM"],
        ["xLSTM"],
    ]
    papers = [
        Paper.from_api(api_item(f"2603.3{i:04d}", ai_keywords=k), dt.date(2026, 3, 10), "x")
        for i, k in enumerate(keywords)
    ]
    found = {topics.heading(t): len(t.papers) for t in topics.topics(papers)}
    # "optimizer" is two papers' keyword, not an abbreviation of Adam: no topic of its own.
    assert found == {"Group Relative Policy Optimization": 4, "Adam (optimizer)": 3, "xLSTM": 3}


def test_topics_stay_bounded_however_many_keywords_there_are(monkeypatch):
    monkeypatch.setattr(topics, "MAX_TOPICS", 3)
    from scraper.records.model import Paper

    papers = [
        Paper.from_api(
            api_item(f"2603.3{i:04d}", ai_keywords=[f"subject {k}" for k in range(i % 7)]),
            dt.date(2026, 3, 10),
            "x",
        )
        for i in range(70)
    ]
    found = topics.topics(papers)
    assert [t.slug for t in found] == ["subject-0", "subject-1", "subject-2"]


# --- The search box's model -----------------------------------------------------------------

NODE = shutil.which("node")
ROWS_PER_PART = 37  # not the site's: any cut of the table must give the same vectors
MEANING_JS = REPO / "overrides/assets/javascripts/meaning.js"
AWKWARD = (
    "abc XYZ 0123 -_.,;:!?'\"()[]{}<>/\\|@#$%^&*+=~` \t\n\r\x0b\x0c\x85\u00a0\u2003\u2028"
    "\u200b\u00ad\ufeff\ufffd\x00\x07 éÉüÜñçßẞİıΣσς ǅ ﬁ ① ² ½ Ⅻ 東京大学한국어日本語 "
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 😀🤗👩‍🔬 e\u0301 a\u0308\u0323 α-β γ_δ ∇∂∑ — – … «» “” ‘’ ・ 。、"
)


def awkward_texts(count: int) -> list[str]:
    rng = random.Random(11)
    words = ["transformer", "diffusion", "LLaMA-3.1", "GRPO's", "128K", "x" * 101, "naïve"]
    texts = []
    for _ in range(count):
        parts = [
            rng.choice(words) if rng.random() < 0.3 else rng.choice(AWKWARD) for _ in range(40)
        ]
        texts.append("".join(parts))
    return texts + ["", " ", "Σ", "é" * 60, "a" + "\u0301" * 200]


def node_model(tmp_path, body: str) -> str:
    """A Node script that loads meaning.js, the model's metadata and vocabulary, and a reader
    of the table's parts as the build cuts them (`readPart`, ROWS_PER_PART tokens a part),
    then runs `body`."""
    (tmp_path / "rows").mkdir()
    for n, part in enumerate(embedding.table_parts(ROWS_PER_PART)):
        (tmp_path / "rows" / f"{n}.bin").write_bytes(part)
    return f"""
      const fs = require("fs");
      require({json.dumps(str(MEANING_JS))});
      const dir = {json.dumps(str(embedding.MODEL_DIR))};
      const meta = JSON.parse(fs.readFileSync(dir + "/model.json", "utf8"));
      const vocab = fs.readFileSync(dir + "/vocab.txt", "utf8");
      const readPart = (n) => {{
        const bytes = fs.readFileSync({json.dumps(str(tmp_path))} + `/rows/${{n}}.bin`);
        return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
      }};
      {body}
    """


@pytest.mark.skipif(NODE is None, reason="no node on this machine to run the search box's script")
def test_the_search_boxs_tokenizer_gives_the_ids_python_gives(tmp_path):
    texts = awkward_texts(300) + [title for title, _ in SPEECH + PROTEINS]
    (tmp_path / "texts.json").write_text(json.dumps(texts))
    script = node_model(
        tmp_path,
        f"""
      const model = ArchiveMeaning.model(vocab, meta, {ROWS_PER_PART}, readPart);
      const texts = JSON.parse(fs.readFileSync({json.dumps(str(tmp_path / "texts.json"))}, "utf8"));
      (async () => {{
        const out = [];
        for (const t of texts) {{
          out.push({{ids: model.tokenIds(t), vector: Array.from((await model.embed(t)).vector)}});
        }}
        process.stdout.write(JSON.stringify(out));
      }})();
    """,
    )
    result = subprocess.run([NODE, "-e", script], capture_output=True, text=True, check=True)
    theirs = json.loads(result.stdout)
    model = embedding.load()
    ours = model.embed(texts)
    for text, row, got in zip(texts, ours, theirs, strict=True):
        assert got["ids"] == model.token_ids(text), text
        assert max(abs(a - b) for a, b in zip(got["vector"], row, strict=True)) < 1e-5, text


@pytest.mark.skipif(NODE is None, reason="no node on this machine to run the search box's script")
def test_a_part_of_the_model_that_failed_to_arrive_is_asked_for_again(tmp_path):
    # A reader's connection drops while the first query's parts load: that search fails, and
    # the next one asks for the part again rather than failing for the rest of the visit.
    script = node_model(
        tmp_path,
        f"""
      const asked = [];
      const part = async (n) => {{
        asked.push(n);
        if (asked.length === 1) throw new Error("offline");
        return readPart(n);
      }};
      const model = ArchiveMeaning.model(vocab, meta, {ROWS_PER_PART}, part);
      (async () => {{
        const first = await model.embed("diffusion").then(() => "embedded", (e) => e.message);
        const second = await model.embed("diffusion");
        process.stdout.write(JSON.stringify({{first, asked, known: second.known}}));
      }})();
    """,
    )
    result = subprocess.run([NODE, "-e", script], capture_output=True, text=True, check=True)
    out = json.loads(result.stdout)
    [token] = embedding.load().token_ids("diffusion")
    assert out == {"first": "offline", "asked": [token // ROWS_PER_PART] * 2, "known": 1}


def test_the_search_index_carries_the_model_and_a_bit_a_dimension_a_paper(subjects, tmp_path):
    from scraper.cli import main

    assert main(["search-index", "--docs-dir", str(subjects), "--out", str(tmp_path / "si")]) == 0
    index = tmp_path / "si"
    manifest = json.loads((index / "manifest.json").read_text())
    model = embedding.load()
    assert manifest["meaning"]["model"] == f"model/{model.version}/"
    bits = gzip.decompress((index / manifest["meaning"]["bits"]).read_bytes())
    assert len(bits) == model.dims * 4 + 6 * model.dims // 8  # the mean, then six papers
    # The table in parts of rowsPerPart tokens, each laid out as the table is (scales, then
    # rows): put back together, they are the table.
    meaning = manifest["meaning"]
    per_part, tokens = meaning["rowsPerPart"], len(model.table)
    assert meaning["rows"] == f"{meaning['model']}rows-{per_part}/"
    parts = [
        gzip.decompress((index / meaning["rows"] / f"{n}.bin.gz").read_bytes())
        for n in range(-(-tokens // per_part))
    ]
    assert not (index / meaning["rows"] / f"{len(parts)}.bin.gz").exists()
    cut = [len(part) // (2 + model.dims // 2) for part in parts]
    assert cut[:-1] == [per_part] * (len(parts) - 1)
    assert sum(cut) == tokens
    scales = b"".join(part[: 2 * n] for part, n in zip(parts, cut, strict=True))
    rows = b"".join(part[2 * n :] for part, n in zip(parts, cut, strict=True))
    table = gzip.decompress((embedding.MODEL_DIR / "table.bin.gz").read_bytes())
    assert scales + rows == table
    vocab = (index / meaning["model"] / "vocab.txt").read_bytes()
    assert vocab == (embedding.MODEL_DIR / "vocab.txt").read_bytes()


def test_the_sentence_model_gives_the_similarities_sentence_transformers_documents():
    """all-MiniLM-L6-v2 in numpy, against the figure sentence-transformers' own documentation
    gives for this pair (checked once against torch and sentence-transformers themselves:
    cosine at least 0.9999999 on 347 papers)."""
    model = sentence_model.load()
    food, bread = model.embed(["A man is eating food.", "A man is eating a piece of bread."])
    assert float(food @ bread) == pytest.approx(0.7553, abs=5e-4)
    assert model.token_ids("Speculative decoding")[:1] == [model.vocab["[CLS]"]]
    assert len(model.token_ids("word " * 1000)) == sentence_model.MAX_TOKENS

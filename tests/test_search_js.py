"""The search box's script against the Python that writes its index: search.js must see the words
scraper/deriving/search.py's `tokens` sees, and read back from an index `build_index` wrote the
papers and fields Python put there for each term, or a query misses papers the index has."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
import random
import shutil
import subprocess

import pytest

from scraper.deriving import search
from tests.helpers import REPO
from tests.test_search import paper

NODE = shutil.which("node")
SEARCH_JS = REPO / "overrides/assets/javascripts/search.js"
needs_node = pytest.mark.skipif(
    NODE is None, reason="no node on this machine to run the search box's script"
)

# Pieces that texts are made of: controls, spaces and invisible characters, accents precomposed and
# not, ligatures, case oddities (final sigma, dotted I, titlecase), CJK in and out of the Basic
# Multilingual Plane, astral letters and digits, emoji sequences, numbers of every kind, and words
# at the edges of the plural rule ("studies", "class", "bus", "analysis", an astral "𠀀ies").
AWKWARD = [
    *("\x00", "\x07", "\x1b", "\x7f", "\x85", "\x9f", "\t", "\n", "\r", "\x0b", "\x0c"),
    *("\u2028", "\u2029", " ", "\u00a0", "\u2003", "\u3000", "\u202f"),
    *("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u202e", "\u180e"),
    *("\u034f", "\ufe0f", "\U000e0041", "\ufffd", "\ufdd0", "\uffff", "\ud800"),
    *("-", "_", ".", "'", "’", "—", "–", "…", "/", "@", "#", "+", "·", "・", "。", "、", "«", "“"),
    *("é", "É", "e\u0301", "a\u0308\u0323", "ñ", "ç", "Ø", "ł", "đ", "Å", "\u212b", "ǅ", "ǈ"),
    *("İ", "ı", "ß", "ẞ", "ſ", "ﬁ", "ﬀ", "ﬅ", "Ꜳ", "Ɐ", "ᾼ", "ΐ", "Ёлка", "й"),
    *("Σ", "σ", "ς", "ΑΣ", "ΟΔΟΣ", "ὈΔΥΣΣΕΎΣ", "Σ\u0301", "ΑΣ\u0345"),
    *("東京大学", "日本語", "한국어", "ｶﾞ", "\ufa0e", "\ufa11", "\ufe73", "\u3007", "〡"),
    *("𠀀", "𪜀", "\U0002f800", "𐐀𐐨", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "𝐀𝐁", "𝟙", "𞤀", "𐒰", "𒐀"),
    *("😀", "🤗", "👩\u200d🔬", "🇫🇷", "👍🏽", "1\ufe0f\u20e3"),
    *("①", "²", "½", "Ⅻ", "٣", "४", "¼", "⅒", "𝟘", "x²", "H₂O", "∇∂∑", "α-β", "γ_δ"),
    *("हिन्दी", "العربية", "שָׁלוֹם", "ภาษาไทย", "\ufdfa", "℃", "™", "№", "ℌ", "㎏", "㍿", "㈱"),
    *("transformer", "diffusion", "LLaMA-3.1", "GRPO's", "128K", "naïve", "Ağaçlar"),
    *("studies", "STUDIES", "class", "Classes", "bus", "buses", "analysis", "analyses"),
    *("gas", "bias", "series", "ies", "iess", "cats", "s", "ss", "us", "is", "this", "its"),
    *("Models", "claſſ", "buſ", "ﬁles", "𠀀ies", "𠀀𠀀s", "𠀀s", "𐐀IES", "𐐨𐐨s", "\ufa0es", "Ɐs"),
    *("x" * 101, "é" * 60, "a" + "\u0301" * 200, "ab" * 300),
]


def awkward_texts(count: int) -> list[str]:
    """Each piece alone, then `count` texts of pieces run together or apart at random."""
    rng = random.Random(7)
    texts = list(AWKWARD)
    for _ in range(count):
        parts = [rng.choice(AWKWARD) + rng.choice(["", "", " "]) for _ in range(rng.randint(1, 30))]
        texts.append("".join(parts))
    return texts + ["", " ", "ΣΑΣ.", "ΑΣ ΑΣ", "İstanbul", "Straße STRASSE", "STUDIES'"]


def run_node(script: str) -> object:
    """Runs `script` after search.js, loaded as on a page without the search box (its helpers
    only), and returns what the script printed as JSON."""
    prelude = f"""
      const fs = require("fs");
      globalThis.document = {{ querySelector: () => null }};
      require({json.dumps(str(SEARCH_JS))});
      const {{ tokens, chunkOf, decode, votesOf }} = ArchiveSearch;
    """
    result = subprocess.run(
        [NODE, "-e", prelude + script], capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


@needs_node
def test_the_search_boxs_words_are_the_words_python_indexed(tmp_path):
    texts = awkward_texts(400)
    assert len(texts) > 500
    (tmp_path / "texts.json").write_text(json.dumps(texts))
    theirs = run_node(f"""
      const texts = JSON.parse(fs.readFileSync({json.dumps(str(tmp_path / "texts.json"))}, "utf8"));
      process.stdout.write(JSON.stringify(texts.map(tokens)));
    """)
    for text, got in zip(texts, theirs, strict=True):
        assert got == search.tokens(text), ascii(text)
    # The plural rule counts characters, as Python does: an astral letter is one, not two.
    assert search.tokens("Studies class bus analysis 𠀀ies 𠀀𠀀s") == [
        *("study", "class", "bus", "analysis", "𠀀ie", "𠀀𠀀s")
    ]


def index_papers() -> list:
    day = dt.date(2026, 3, 10)
    titled = [
        ("Diffusion Models Are Studies of Classes", ("Ada Lovelace", "Wei Zhang")),
        ("Bus Analysis for Gas Bias", ("Ada Byron",)),
        ("ΟΔΟΣ Café Müller's Naïve Transformers", ("Zoë Ἀθηνᾶ",)),
        ("東京 \ufa0e \ufa11s 𠀀ies 𠀀𠀀s 𪜀 \ufe73 한국어", ("李 小龍",)),
        ("𐐀𐐨s of the Deseret 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ①½", ("𞤀𞤢 Adlam",)),
        ("Low Rank of the Random Basis", ("George Byron",)),
    ]
    upvotes = [0, 1, 3, 100, 10**9, -2]
    papers = [
        dataclasses.replace(
            paper(n + 1, day - dt.timedelta(days=n % 3), title, authors, abstract=title + " words"),
            upvotes=votes,
        )
        for n, ((title, authors), votes) in enumerate(zip(titled, upvotes, strict=True))
    ]
    return papers


@needs_node
def test_the_search_box_reads_back_the_papers_and_fields_python_wrote(tmp_path, monkeypatch):
    # Chunks of a term or two (three, short ones), so that finding a term's chunk is a real search.
    monkeypatch.setattr(search, "CHUNK_BYTES", 24)
    papers = index_papers()
    index = tmp_path / "index"
    assert search.build_index(papers, index) == len(papers)
    manifest = json.loads((index / "manifest.json").read_text(encoding="utf-8"))
    version = index / manifest["version"]
    chunks = [
        json.loads((version / "t" / f"{n}.json").read_text(encoding="utf-8"))
        for n in range(len(manifest["chunks"]))
    ]
    assert len(chunks) > 40
    assert any(len(chunk) > 1 for chunk in chunks)
    # What Python put in, for each paper number: the paper files say which number is which.
    by_id = {p.id: p for p in papers}
    numbered = [
        by_id[document["id"]]
        for k in range(math.ceil(len(papers) / manifest["docsPerFile"]))
        for document in json.loads((version / "d" / f"{k}.json").read_text())
    ]
    assert len(numbered) == len(papers)
    expected: dict[str, list[list[int]]] = {}
    for number, each in enumerate(numbered):
        for term, fields in search._terms(search.entry(each)).items():
            expected.setdefault(term, []).append([number, fields])
    home = {term: n for n, chunk in enumerate(chunks) for term in chunk}
    assert set(home) == set(expected)
    terms = sorted(expected)
    (tmp_path / "query.json").write_text(
        json.dumps({"terms": terms, "titles": [p.title for p in numbered]})
    )

    theirs = run_node(f"""
      const dir = {json.dumps(str(index))};
      const read = (name) => JSON.parse(fs.readFileSync(`${{dir}}/${{name}}`, "utf8"));
      const m = read("manifest.json");
      const query = read("../query.json");
      const postingsOf = (term) => {{
        const n = chunkOf(m, term);
        const found = [];
        decode(read(`${{m.version}}/t/${{n}}.json`)[term] ?? [], (paper, fields) => {{
          found.push([paper, fields]);
        }});
        return [n, found];
      }};
      const stop = new Set(m.stopWords);
      process.stdout.write(JSON.stringify({{
        terms: Object.fromEntries(query.terms.map((term) => [term, postingsOf(term)])),
        titles: query.titles.map((title) => tokens(title).filter((word) => !stop.has(word))
          .map((word) => [word, postingsOf(word)[1]])),
        votes: query.titles.map((_, n) => votesOf(m, n)),
      }}));
    """)
    for term in terms:
        assert theirs["terms"][term] == [home[term], expected[term]], ascii(term)
    # Every word of a title the box types finds its paper, as a title word.
    for number, words in enumerate(theirs["titles"]):
        assert words, number
        for word, found in words:
            assert any(n == number and fields & search.TITLE for n, fields in found), ascii(word)
    # Votes on a log scale, one base-36 character a paper, as the box reads them back.
    assert theirs["votes"] == [
        min(35, round(4 * math.log2(1 + max(p.upvotes, 0)))) for p in numbered
    ]
    assert max(theirs["votes"]) == 35
    assert min(theirs["votes"]) == 0


@needs_node
def test_a_slip_of_the_keys_is_read_as_the_nearest_word_the_index_holds(tmp_path):
    day = dt.date(2026, 3, 10)
    titles = [
        "Diffusion Transformers for Video",
        "Attention Is All You Need",
        "Reinforcement Learning from Human Feedback for Language Agents",
        "Diffusion Models Beat GANs",
        "Fusion of Modalities",
        "A Language Model of Attention",
        "Transformers Learn Reinforcement",
        "Agents of Human Feedback",
        "A Vision Model for Video",
        "A Module for Agents",
        "Module Networks",
        "Difusion",  # a word of one paper: not a word a slip is read as
    ]
    index = tmp_path / "index"
    search.build_index([paper(n, day, title) for n, title in enumerate(titles, 1)], index)
    slips = {
        "difusion": "diffusion",  # a letter dropped
        "transfomer": "transformer",
        "atention": "attention",
        "langauge": "language",  # two letters swapped
        "reinforcment": "reinforcement",
        "agnet": "agent",
        "modle": "model",  # "module" is as near, in fewer papers
        "moel": "model",
        "diffusoin": "diffusion",
        "zyzzyva": None,  # nothing near in spelling
        "fashion": None,  # two edits from "fusion": too many for a short word
    }
    found = run_node(f"""
      const dir = {json.dumps(str(index))};
      const read = (name) => JSON.parse(fs.readFileSync(`${{dir}}/${{name}}`, "utf8"));
      const m = read("manifest.json");
      const {{ nearest }} = ArchiveSearch;
      // As the box reads them: the spelling file of the slip's first letter, if there is one.
      const words = (slip) => (m.spelling.includes(slip[0])
        ? read(`${{m.version}}/s/${{slip[0]}}.json`) : {{}});
      process.stdout.write(JSON.stringify(Object.fromEntries(
        {json.dumps(list(slips))}.map((slip) => [slip, nearest(slip, words(slip))]))));
    """)
    assert found == slips

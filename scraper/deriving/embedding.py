"""Text to vector with the archive's static model (scripts/distill_model.py made it from
all-MiniLM-L6-v2): BERT's uncased WordPiece tokens, each looked up in one table, averaged.

The search box does the same in the reader's browser (overrides/assets/javascripts/meaning.js):
both must give the token ids that model2vec's tokenizer gives, which the distillation checks.
"""

from __future__ import annotations

import functools
import gzip
import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np

MODEL_DIR = Path(__file__).parent / "embedding_model"
_CJK = (
    (0x4E00, 0x9FFF),
    (0x3400, 0x4DBF),
    (0x20000, 0x2A6DF),
    (0x2A700, 0x2B73F),
    (0x2B740, 0x2B81F),
    (0x2B920, 0x2CEAF),
    (0xF900, 0xFAFF),
    (0x2F800, 0x2FA1F),
)


def _normalise(text: str) -> str:
    """As Hugging Face tokenizers' BertNormalizer: controls dropped, spaces unified, CJK
    characters spaced apart, accents stripped, lower case (a character at a time, as Rust's
    `to_lowercase`: no final sigma)."""
    out = []
    for char in text:
        category = unicodedata.category(char)
        if char in "\t\n\r" or category in ("Zs", "Zl", "Zp"):
            out.append(" ")
        elif char == "\ufffd" or category[0] == "C":
            continue
        elif any(low <= ord(char) <= high for low, high in _CJK):
            out.append(f" {char} ")
        else:
            out.append(char)
    decomposed = unicodedata.normalize("NFD", "".join(out))
    return "".join(c.lower() for c in decomposed if unicodedata.category(c) != "Mn")


def _is_punctuation(char: str) -> bool:
    return (char.isascii() and not char.isalnum() and char.isprintable() and char != " ") or (
        unicodedata.category(char)[0] == "P"
    )


def _words(text: str) -> list[str]:
    """As BertPreTokenizer: split at spaces, each punctuation character a word of its own."""
    words: list[str] = []
    for chunk in _normalise(text).split(" "):
        start = 0
        for i, char in enumerate(chunk):
            if _is_punctuation(char):
                if start < i:
                    words.append(chunk[start:i])
                words.append(char)
                start = i + 1
        if start < len(chunk):
            words.append(chunk[start:])
    return words


def wordpiece(word: str, vocab: dict[str, int], max_chars: int) -> list[int] | None:
    """BERT's greedy longest-match WordPiece: the word's pieces, or None when it cannot be
    split into pieces of `vocab` (or is longer than `max_chars`)."""
    if len(word) > max_chars:
        return None
    pieces, start = [], 0
    while start < len(word):
        for end in range(len(word), start, -1):
            piece = word[start:end] if start == 0 else f"##{word[start:end]}"
            if piece in vocab:
                pieces.append(vocab[piece])
                start = end
                break
        else:
            return None
    return pieces


@dataclass(frozen=True, eq=False)  # hashed by identity, for the word cache
class Model:
    name: str
    version: str
    vocab: dict[str, int]
    table: np.ndarray  # float32, a row a token
    unk: int
    max_tokens: int
    max_word_chars: int

    @property
    def dims(self) -> int:
        return self.table.shape[1]

    def token_ids(self, text: str) -> list[int]:
        """The token ids of `text`, unknown pieces left out, at most max_tokens."""
        ids: list[int] = []
        for word in _words(text):
            ids.extend(self._pieces(word))
            if len(ids) >= self.max_tokens:
                break
        return ids[: self.max_tokens]

    @functools.lru_cache(maxsize=200_000)  # noqa: B019 - one model a process, words repeat
    def _pieces(self, word: str) -> tuple[int, ...]:
        """A word's pieces, none for an unknown word."""
        pieces = wordpiece(word, self.vocab, self.max_word_chars)
        return tuple(p for p in pieces if p != self.unk) if pieces else ()

    def embed(self, texts: list[str]) -> np.ndarray:
        """One unit-length float32 vector a text (zeros for a text with no known token)."""
        out = np.zeros((len(texts), self.dims), dtype=np.float32)
        for row, text in enumerate(texts):
            ids = self.token_ids(text)
            if ids:
                out[row] = self.table[ids].mean(axis=0)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1, norms)


def _table(folder: Path) -> tuple[dict, bytes]:
    """The model's metadata and its table, unpacked: every token's float16 scale, then every
    token's 4-bit row."""
    meta = json.loads((folder / "model.json").read_text(encoding="utf-8"))
    return meta, gzip.decompress((folder / "table.bin.gz").read_bytes())


def table_parts(rows_per_part: int, folder: Path = MODEL_DIR) -> list[bytes]:
    """The table cut into parts of `rows_per_part` tokens, each laid out as the whole table is
    (the part's scales, then its rows), so the browser fetches only its query's tokens."""
    meta, raw = _table(folder)
    rows, row_bytes = meta["tokens"], meta["dims"] // 2
    scales, packed = raw[: rows * 2], raw[rows * 2 :]
    return [
        scales[start * 2 : end * 2] + packed[start * row_bytes : end * row_bytes]
        for start in range(0, rows, rows_per_part)
        for end in [min(start + rows_per_part, rows)]
    ]


@functools.cache
def load(folder: Path = MODEL_DIR) -> Model:
    meta, table = _table(folder)
    tokens = (folder / "vocab.txt").read_text(encoding="utf-8").split("\n")[:-1]
    rows, dims = meta["tokens"], meta["dims"]
    raw = np.frombuffer(table, dtype=np.uint8)
    scales = raw[: rows * 2].view("<f2").astype(np.float32)
    packed = raw[rows * 2 :].reshape(rows, dims // 2)
    values = np.empty((rows, dims), dtype=np.int8)
    values[:, 0::2] = (packed & 0x0F).astype(np.int8) - 8
    values[:, 1::2] = (packed >> 4).astype(np.int8) - 8
    return Model(
        name=meta["name"],
        version=meta["version"],
        vocab={token: i for i, token in enumerate(tokens)},
        table=values.astype(np.float32) * scales[:, None],
        unk=meta["unk"],
        max_tokens=meta["max_tokens"],
        max_word_chars=meta["max_word_chars"],
    )

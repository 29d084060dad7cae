"""A file cache of sentence-encoder vectors for the comparison benchmark and fitting, so that a second
run (or a refit) does not encode the same chunks and names again. Only the benchmark and the fitting
script use it, in the folder they are given; `provenance` never writes it.

Vectors are stored as float32, as the encoder gives them: a float16 cache rounded them by about 1e-3,
so a warm run scored other features than a cold one (and than `provenance run`), and a refit from a
warm cache was not the refit from a cold one. A float16 cache written before still loads."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from pipeline.checks import vectors


def load(path: Path | None) -> int:
    """Fill the process's vector cache from `path` (texts.json + vectors.npy); the number loaded."""
    if path is None or not (path / "texts.json").exists():
        return 0
    texts = json.loads((path / "texts.json").read_text(encoding="utf-8"))
    matrix = np.load(path / "vectors.npy")
    vectors.MAX_CACHED = max(vectors.MAX_CACHED, 4 * len(texts))
    for text, row in zip(texts, matrix, strict=True):
        vectors._CACHE[text] = row.astype(np.float32)
    return len(texts)


def save(path: Path | None) -> None:
    if path is None:
        return
    path.mkdir(parents=True, exist_ok=True)
    texts = list(vectors._CACHE)
    matrix = np.stack([vectors._CACHE[t] for t in texts]) if texts else np.zeros((0, 512))
    matrix = matrix.astype(np.float32)
    np.save(path / "vectors.tmp.npy", matrix)
    (path / "texts.tmp.json").write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
    (path / "vectors.tmp.npy").replace(path / "vectors.npy")
    (path / "texts.tmp.json").replace(path / "texts.json")

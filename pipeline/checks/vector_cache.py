"""A file cache of sentence-encoder vectors for the comparison benchmark and fitting, so that a second
run (or a refit) does not encode the same chunks and names again. Only the benchmark and the fitting
script use it, in the folder they are given; `provenance` never writes it.

Vectors are stored as float32, as the encoder gives them: a float16 cache rounded them by about 1e-3,
so a warm run scored other features than a cold one (and than `provenance run`), and a refit from a
warm cache was not the refit from a cold one. A float16 cache written before still loads.

The texts and their vectors are one file (`vectors.cache`: the matrix in numpy's .npy format, then
the texts as JSON), written under a name of the writing process's own and then put in place, so two
processes saving into one folder (a benchmark beside a refit) leave one of their caches whole, never
the texts of one with the vectors of the other, as the two files (`texts.json`, `vectors.npy`) of
the cache written before could. Those still load. (A zipped `.npz` was tried first: its saves of a
gigabyte every hundred lines made a refit more than twice as slow, most of it system time.)"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np

from pipeline.checks import vectors

CACHE_FILE = "vectors.cache"


def load(path: Path | None) -> int:
    """Fill the process's vector cache from `path`; the number of texts loaded."""
    if path is None:
        return 0
    if (path / CACHE_FILE).exists():
        with open(path / CACHE_FILE, "rb") as handle:
            matrix = np.lib.format.read_array(handle, allow_pickle=False)
            texts = json.loads(handle.read().decode("utf-8"))
    elif (path / "texts.json").exists():
        texts = json.loads((path / "texts.json").read_text(encoding="utf-8"))
        matrix = np.load(path / "vectors.npy")
    else:
        return 0
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
    mine = path / f"vectors.{os.getpid()}.tmp"
    with open(mine, "wb") as handle:
        np.lib.format.write_array(handle, matrix.astype(np.float32), allow_pickle=False)
        handle.write(json.dumps(texts, ensure_ascii=False).encode("utf-8"))
    mine.replace(path / CACHE_FILE)

"""Cached calls to the shared sentence encoder: names and chunks repeat across a corpus."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from pipeline.link import encoder

_CACHE: dict[str, np.ndarray] = {}
MAX_CACHED = 200_000


def vectors(texts: Sequence[str]) -> np.ndarray:
    """(len(texts), 512) unit vectors, computing each distinct text once per process."""
    missing = sorted({t for t in texts if t not in _CACHE})
    if missing:
        if len(_CACHE) + len(missing) > MAX_CACHED:
            # Clearing also drops this call's texts that were cached: encode them again.
            _CACHE.clear()
            missing = sorted(set(texts))
        for text, vector in zip(missing, encoder.encode(missing), strict=True):
            _CACHE[text] = vector
    if not texts:
        return np.zeros((0, encoder.DIMENSIONS), dtype=np.float32)
    return np.stack([_CACHE[t] for t in texts])


def forget() -> None:
    """Let go of every vector computed so far."""
    _CACHE.clear()


def best_match(queries: Sequence[str], candidates: Sequence[str]) -> list[tuple[int, float]]:
    """For each query, (index of its most similar candidate, cosine); (-1, 0.0) with no candidates."""
    if not candidates:
        return [(-1, 0.0) for _ in queries]
    sims = vectors(queries) @ vectors(candidates).T
    return [(int(row.argmax()), float(row.max())) for row in sims]

"""The benchmark's and the fit's vector cache gives back exactly what the encoder gave it."""

import numpy as np

from pipeline.checks import vector_cache, vectors


def test_cached_vectors_come_back_exactly(tmp_path, monkeypatch):
    rng = np.random.default_rng(0)
    stored = {f"text {i}": rng.standard_normal(512).astype(np.float32) for i in range(5)}
    monkeypatch.setattr(vectors, "_CACHE", dict(stored))
    vector_cache.save(tmp_path)
    monkeypatch.setattr(vectors, "_CACHE", {})
    assert vector_cache.load(tmp_path) == 5
    for text, vector in stored.items():
        assert vectors._CACHE[text].dtype == np.float32
        assert np.array_equal(vectors._CACHE[text], vector)


def test_no_folder_no_cache(tmp_path):
    assert vector_cache.load(None) == 0
    assert vector_cache.load(tmp_path / "absent") == 0

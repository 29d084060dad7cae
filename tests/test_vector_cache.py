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


def test_a_full_cache_keeps_the_texts_it_is_asked_for(monkeypatch):
    """A call that fills the cache clears it and must still answer every text it was given,
    also those that were cached before (a 10,000-document run reaches the limit)."""
    monkeypatch.setattr(vectors, "_CACHE", {})
    monkeypatch.setattr(vectors, "MAX_CACHED", 3)
    first = vectors.vectors(["a cat", "a dog"])
    both = vectors.vectors(["a cat", "a bird", "a fish"])
    assert both.shape == (3, 512)
    assert np.allclose(both[0], first[0], atol=1e-6)
    assert set(vectors._CACHE) == {"a cat", "a bird", "a fish"}

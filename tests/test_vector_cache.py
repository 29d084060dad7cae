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


def test_two_writers_leave_one_whole_cache(tmp_path, monkeypatch):
    """A benchmark and a refit saving into one folder: whichever saves last, its texts come back with
    their own vectors (the two-file cache could pair one's texts with the other's vectors)."""
    rng = np.random.default_rng(1)
    first = {f"first {i}": rng.standard_normal(512).astype(np.float32) for i in range(3)}
    second = {f"second {i}": rng.standard_normal(512).astype(np.float32) for i in range(3)}
    for stored in (first, second):
        monkeypatch.setattr(vectors, "_CACHE", dict(stored))
        vector_cache.save(tmp_path)
    monkeypatch.setattr(vectors, "_CACHE", {})
    assert vector_cache.load(tmp_path) == 3
    assert all(np.array_equal(vectors._CACHE[text], vector) for text, vector in second.items())
    assert [p.name for p in tmp_path.iterdir()] == [vector_cache.CACHE_FILE]


def test_the_cache_of_two_files_written_before_still_loads(tmp_path, monkeypatch):
    vector = np.arange(512, dtype=np.float16)
    (tmp_path / "texts.json").write_text('["an old text"]', encoding="utf-8")
    np.save(tmp_path / "vectors.npy", vector[None, :])
    monkeypatch.setattr(vectors, "_CACHE", {})
    assert vector_cache.load(tmp_path) == 1
    assert np.array_equal(vectors._CACHE["an old text"], vector.astype(np.float32))

"""The locate benchmark's sampling: draw 0 is the fixed sample, other draws differ, and the
document-resampled interval brackets the pooled rate. Synthetic documents; no data folder."""

import importlib.util
import random
import sys
from pathlib import Path

import numpy as np

path = Path(__file__).resolve().parent.parent / "benchmarks" / "bench_align.py"
spec = importlib.util.spec_from_file_location("bench_align", path)
bench = importlib.util.module_from_spec(spec)
sys.modules["bench_align"] = bench  # its dataclasses look their module up there
spec.loader.exec_module(bench)

RU = ("Первое предложение о погоде.", "Второе предложение длиннее первого и говорит о ценах.", "Заголовок")
EN = ("The first sentence is about the weather.", "The second sentence is longer and talks about prices.", "Headline")
DOCS = [bench.Doc(f"doc{i}", RU, EN, EN) for i in range(4)]


def test_draw_zero_is_the_fixed_sample():
    fixed = []
    for index, doc in enumerate(DOCS):
        rng = random.Random(f"{bench.SEED}:locate:{doc.doc_id}:{index}")
        text, spans = bench.paragraphs(doc.ru, rng)
        fixed.append((text, spans, {kind: [bench.cut_quote(en, kind, rng) for en in doc.en] for kind in bench.KINDS}))
    assert [case[1:] for case in bench.locate_cases(DOCS)] == fixed
    assert [case[1:] for case in bench.locate_cases(DOCS, draw=0)] == fixed


def test_other_draws_cut_other_quotes():
    quotes = [tuple(q for case in bench.locate_cases(DOCS, draw) for q in case[3]["third"]) for draw in range(4)]
    assert len(set(quotes)) > 1
    assert all(case[3]["full"] == list(EN) for case in bench.locate_cases(DOCS, 3))


def test_document_interval_brackets_the_pooled_rate():
    sizes = np.array([10, 10, 10, 10])
    hits = np.array([[10, 9, 5, 8], [10, 8, 6, 8]])  # two draws, four documents
    low, high = bench.document_interval(hits, sizes)
    pooled = hits.sum() / (sizes.sum() * 2)
    assert low < pooled < high
    assert 0.5 <= low and high <= 1.0
    same = np.full((2, 4), 9)
    assert bench.document_interval(same, sizes) == (0.9, 0.9)


def test_fit_rest_and_the_rerankers_sample_split_the_fit_set(monkeypatch):
    monkeypatch.setattr(bench, "select", lambda docs, which, data=None: list(range(10)) if which == "fit" else [])
    sample = bench.chosen_docs([], "fit", Path("."), bench.RERANK_STRIDE)
    rest = bench.chosen_docs([], "fit-rest", Path("."))
    assert sample == [0, 3, 6, 9]
    assert rest == [1, 2, 4, 5, 7, 8]
    assert bench.chosen_docs([], "fit-rest", Path("."), 2) == [1, 4, 7]

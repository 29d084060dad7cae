"""The shared Russian analyser: pymorphy3's readings, each word's looked up once."""

from __future__ import annotations

import pickle

import pytest

from pipeline.text import morph

pymorphy3 = pytest.importorskip("pymorphy3")


def test_readings_are_pymorphy3s_and_looked_up_once():
    analyser = morph.russian()
    plain = pymorphy3.MorphAnalyzer()
    for word in ("Дегтярева", "стали", "Коммерсанту"):
        assert [str(p.tag) for p in analyser.parse(word)] == [str(p.tag) for p in plain.parse(word)]
        assert [p.normal_form for p in analyser.parse(word)] == [p.normal_form for p in plain.parse(word)]
        assert analyser.parse(word) is analyser.parse(word)  # remembered, and a tuple nobody can change
    assert isinstance(analyser.parse("слово"), tuple)
    assert analyser.word_is_known("слово") == plain.word_is_known("слово")  # the rest of pymorphy3 as it is


def test_the_analyser_pickles_as_pymorphy3s_does():
    analyser = morph.russian()
    analyser.parse("слово")  # readings kept: pymorphy3's own cannot be pickled, so they are left behind
    again = pickle.loads(pickle.dumps(analyser))
    assert [p.normal_form for p in again.parse("словами")] == [p.normal_form for p in analyser.parse("словами")]

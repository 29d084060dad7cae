"""Russian morphology (pymorphy3), loaded once per process and shared by the stages that need it."""

from __future__ import annotations

from functools import cache


@cache
def russian():
    """pymorphy3's Russian analyser, or None when pymorphy3 is not installed."""
    try:
        import pymorphy3
    except ImportError:
        return None
    return pymorphy3.MorphAnalyzer()


@cache
def lemma(word: str) -> str:
    """The dictionary form of a lower-case Russian word by its likeliest reading ('кредитного' ->
    'кредитный'); the word itself without pymorphy3."""
    analyser = russian()
    return analyser.parse(word)[0].normal_form if analyser is not None else word

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


def is_verb(word: str) -> bool:
    """Whether the likeliest reading of a Russian word is a verb form (finite, infinitive, gerund or
    short participle); False without pymorphy3."""
    analyser = russian()
    return analyser is not None and analyser.parse(word.lower())[0].tag.POS in ("VERB", "INFN", "GRND", "PRTS")


def is_gerund(word: str) -> bool:
    """Whether the likeliest reading of a Russian word is an adverbial participle ("заявив", "отмечая")."""
    analyser = russian()
    return analyser is not None and analyser.parse(word.lower())[0].tag.POS == "GRND"


@cache
def lemma(word: str) -> str:
    """The dictionary form of a lower-case Russian word by its likeliest reading ('кредитного' ->
    'кредитный'); the word itself without pymorphy3."""
    analyser = russian()
    return analyser.parse(word)[0].normal_form if analyser is not None else word

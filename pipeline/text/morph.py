"""Russian morphology (pymorphy3), loaded once per process and shared by the stages that need it."""

from __future__ import annotations

from functools import cache

from pipeline.core.memo import BoundedMemo

# Words whose readings are kept: a batch of Russian news asks for the same names and words again and
# again (a dictionary lookup costs about 0.3 ms); a word's readings take about 2 KB, so at most 40 MB.
PARSES_KEPT = 20_000


@cache
def russian():
    """pymorphy3's Russian analyser (its `parse` remembering each word's readings), or None when
    pymorphy3 is not installed."""
    try:
        import pymorphy3
    except ImportError:
        return None
    return _Remembering(pymorphy3.MorphAnalyzer())


class _Remembering:
    """A pymorphy3 analyser whose `parse` gives each word's readings as a tuple, looked up once."""

    def __init__(self, analyser):
        self._analyser = analyser
        self._readings = BoundedMemo(PARSES_KEPT)

    def parse(self, word: str) -> tuple:
        return self._readings.answer(word, self._readings_of)

    def _readings_of(self, word: str) -> tuple:
        return tuple(self._analyser.parse(word))

    def __getstate__(self) -> dict:
        return {"_analyser": self._analyser, "_readings": BoundedMemo(PARSES_KEPT)}  # readings do not pickle

    def __getattr__(self, name: str):
        if name.startswith("_"):  # not set yet (while unpickling): not pymorphy3's either
            raise AttributeError(name)
        return getattr(self._analyser, name)


@cache
def part_of_speech(word: str) -> str | None:
    """The part of speech of a lower-case Russian word's likeliest reading (pymorphy3's POS tag:
    'VERB', 'GRND', 'NOUN' …); None without pymorphy3."""
    analyser = russian()
    return analyser.parse(word)[0].tag.POS if analyser is not None else None


def is_verb(word: str) -> bool:
    """Whether the likeliest reading of a Russian word is a verb form (finite, infinitive, gerund or
    short participle); False without pymorphy3."""
    return part_of_speech(word.lower()) in ("VERB", "INFN", "GRND", "PRTS")


def is_gerund(word: str) -> bool:
    """Whether the likeliest reading of a Russian word is an adverbial participle ("заявив", "отмечая")."""
    return part_of_speech(word.lower()) == "GRND"


@cache
def lemma(word: str) -> str:
    """The dictionary form of a lower-case Russian word by its likeliest reading ('кредитного' ->
    'кредитный'); the word itself without pymorphy3."""
    analyser = russian()
    return analyser.parse(word)[0].normal_form if analyser is not None else word

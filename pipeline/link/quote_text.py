"""What the quote locator reads in words: a quote's clock times as 24-hour hours, the English
function words its discriminative recall ignores, Russian word vectors blended with their lemmas, a
quote cut to the words it is located by, and Russian words a quote spells in Latin letters."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from itertools import islice

import numpy as np

from pipeline.checks import translit_model
from pipeline.checks.names import MATCH_SCORE
from pipeline.link.locate_model import MAX_QUOTE_WORDS
from pipeline.link.sentences import WORD
from pipeline.text import morph
from pipeline.text.translit import FUZZY_THRESHOLD, fuzzy

# A 12-hour clock time in an English quote ("5:47 PM", "5 p.m."): Russian news writes the 24-hour
# hour ("17 часов 47 минут", "17:47"): the 24-hour hour is one more anchor key of the quote (not a
# number that must appear: "5:47 вечера" is right too).
_CLOCK = re.compile(r"\b(\d{1,2})(?:[:.](\d{2}))?\s?([ap])\.?\s?m\b\.?", re.IGNORECASE)
# English function words: they match something in every sentence, so the discriminative recall
# ignores them (a generic list, not derived from any corpus).
FUNCTION_WORDS = frozenset(
    "the and for that with was were are has have had this these those from not but its his her their "
    "they them there which who whom whose what when where will would can could should may might been "
    "being into onto over than then also all any some such our your you she him one about after "
    "before under more most other only very just out said says say".split()
)


def clock_keys(text: str) -> frozenset[str]:
    """Number keys of the 24-hour hours of a text's 12-hour clock times: "5:47 PM" -> {"d:17"},
    "12 a.m." -> {"d:0"}; hours that read the same both ways (9 a.m.) add nothing new."""
    keys = set()
    for match in _CLOCK.finditer(text):
        hour = int(match.group(1))
        if 1 <= hour <= 12:
            hour = hour % 12 + (12 if match.group(3).lower() == "p" else 0)
            keys.add(f"d:{hour}")
    return frozenset(keys)


def with_lemmas(words: list[str], vectors: np.ndarray, encode: Callable[[list[str]], np.ndarray]) -> np.ndarray:
    """A Russian word's vector is the mean of its form's and its dictionary form's. Inflection moves a
    word's vector unpredictably (to 'governor': губернатора 0.88, губернатор 0.90; to 'fraud':
    мошенничества 0.81, мошенничество 0.78); the mean smooths that out. Chosen by cross-validation on
    the even WMT21 documents (docs/align.md); nouns and adjectives only did worse. ENCODE gives the
    dictionary forms' vectors (the batch's memo of word vectors, `locate.word_vectors`)."""
    lemmas = [morph.lemma(word) for word in words]
    changed = [i for i, (word, lemma) in enumerate(zip(words, lemmas, strict=True)) if lemma != word]
    if changed:
        blended = vectors[changed] + encode([lemmas[i] for i in changed])
        vectors[changed] = blended / np.linalg.norm(blended, axis=1, keepdims=True)
    return vectors


def bounded(quote: str) -> str:
    """QUOTE cut after its first MAX_QUOTE_WORDS words."""
    for count, match in enumerate(WORD.finditer(quote), start=1):
        if count == MAX_QUOTE_WORDS:
            return quote[: match.end()]
    return quote


# A quote of one to three Latin words may spell Russian words ('udovolstvie' (pleasure), "siloviki"):
# the encoder cannot read them, their letters can.
_LATIN_QUOTE = re.compile(r"[A-Za-z]{4,}(?:[ -][A-Za-z]{4,}){0,2}")  # short words spell too much
_CYRILLIC_WORD = re.compile(r"[А-Яа-яЁё]+")
# Words of the source read for one quote at most: a whole source is read when no bead covers the
# quote, and a 30,000-word source costs about a second per new quote.
MAX_SPELLED_WORDS = 20_000


def spelled_words(quote: str, text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span of TEXT[start:end] whose Cyrillic words QUOTE spells in Latin letters, word for word:
    the closest by `translit.fuzzy` (at least 0.8) among those the learned transliteration also reads
    as one word (`translit_model.score` at least `MATCH_SCORE`), as the comparison tells names apart;
    or None."""
    quote = quote.strip(" .,;:!?")
    if not _LATIN_QUOTE.fullmatch(quote):
        return None
    latin = re.split(r"[ -]", quote)
    words = list(islice(_CYRILLIC_WORD.finditer(text, start, end), MAX_SPELLED_WORDS))
    best, best_score = None, FUZZY_THRESHOLD
    for i in range(len(words) - len(latin) + 1):
        run = words[i : i + len(latin)]
        score = min(_spelling(ru.group(), en) for ru, en in zip(run, latin, strict=True))
        if score < best_score or (score == best_score and best is not None):
            continue
        if all(translit_model.score(ru.group(), en) >= MATCH_SCORE for ru, en in zip(run, latin, strict=True)):
            best, best_score = (run[0].start(), run[-1].end()), score
    return best


@lru_cache(maxsize=65536)
def _spelling(russian: str, latin: str) -> float:
    """`translit.fuzzy`, once per pair of words: a source repeats its words, and a batch its quotes."""
    return fuzzy(russian, latin)

"""Translation direction of a Russian-English document pair that states none: the probability that
the Russian side is the original (translationese).

A translation keeps traces of its source: how often each side uses a fixed list of function words
and punctuation, how long its sentences run, and how long each side is against the other. The
features leave content words out, so that the model reads direction rather than topic. Quotation
marks and dashes count as one class each, whatever their typography (one corpus writes «», another
straight quotes: that is a house style, not a direction).

The model, `data/direction_model.json`, is a logistic regression fitted by
`benchmarks/fit_direction.py` on the link stage's fit set (the file records the data, its held-out
scores and the margin); scoring needs numpy only. `pairing.direction_of` consults it only for a pair
whose text and dates say nothing, and only below the fitted margin.
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from pipeline.core.scorers import Logistic, logistic_from_data

MODEL_PATH = Path(__file__).resolve().parent / "data" / "direction_model.json"
log = logging.getLogger("pipeline.link.direction")

RUSSIAN_WORDS = (
    "и", "в", "во", "не", "на", "что", "с", "со", "по", "как", "а", "о", "об", "к", "за", "из", "у", "же",
    "бы", "от", "для", "это", "но", "так", "только", "ли", "или", "также", "при", "после", "до", "его", "их",
    "ее", "её", "он", "она", "они", "был", "была", "были", "было", "будет", "может", "уже", "еще", "ещё",
    "даже", "этот", "этого", "эти", "этом", "то", "все", "всё", "том", "чтобы", "если", "когда", "где",
    "который", "которые", "которая", "которое", "которых", "которого", "которой", "которым", "является",
    "однако", "ведь", "вот", "тем", "между", "через", "под", "над", "без", "более",
    "свой", "своих", "своей", "себя", "мы", "я", "вы", "там", "здесь", "теперь", "сейчас", "потому",
)
ENGLISH_WORDS = (
    "the", "a", "an", "of", "to", "in", "on", "for", "with", "by", "at", "from", "as", "that", "which", "who",
    "whom", "whose", "is", "was", "were", "are", "be", "been", "being", "has", "have", "had", "will", "would",
    "can", "could", "should", "may", "might", "must", "it", "its", "this", "these", "those", "he", "she",
    "they", "their", "his", "her", "him", "them", "but", "and", "or", "not", "also", "after", "before",
    "than", "then", "there", "here", "such", "about", "into", "over", "under", "between", "while", "when",
    "where", "if", "because", "so", "we", "i", "you", "our", "all", "any", "some", "more", "most", "however",
    "only", "even", "just", "still", "already", "now", "do", "does", "did", "n't", "'s",
)
PUNCTUATION = {
    "comma": ",", "period": ".", "colon": ":", "semicolon": ";", "question": "?", "exclamation": "!",
    "parenthesis": "(", "quote": '"', "dash": "—",
}
_QUOTES = str.maketrans({c: '"' for c in "«»“”„‟″"})
_DASH = re.compile(r"\s[-–—]+\s|—|–")
_TOKEN = re.compile(r"[^\W\d_]+(?=n't)|n't|'s|[^\W\d_]+")
SHAPE = ("ru_sentence_words", "en_sentence_words", "word_ratio", "char_ratio")


FEATURES = (
    *(f"ru:{w}" for w in RUSSIAN_WORDS),
    *(f"en:{w}" for w in ENGLISH_WORDS),
    *(f"ru:{name}" for name in PUNCTUATION),
    *(f"en:{name}" for name in PUNCTUATION),
    *SHAPE,
)


@dataclass(frozen=True)
class Side:
    """What one side of the pair is made of: its token counts, and its size."""

    counts: Counter
    words: int
    chars: int
    sentences: int


def side(sentences: list[str]) -> Side:
    text = _DASH.sub(" — ", " ".join(sentences).translate(_QUOTES)).replace("’", "'")
    tokens = _TOKEN.findall(text.lower())
    words = sum(1 for t in tokens if t[0].isalpha())
    counts = Counter(tokens)
    for name, mark in PUNCTUATION.items():
        counts[f"<{name}>"] = text.count(mark)
    return Side(counts, max(words, 1), max(len(text), 1), max(len(sentences), 1))


def features(russian: list[str], english: list[str]) -> np.ndarray:
    """FEATURES of a pair: each side's sentences (Russian, English) as the documents hold them."""
    ru, en = side(russian), side(english)
    values = [_rate(ru, w) for w in RUSSIAN_WORDS]
    values += [_rate(en, w) for w in ENGLISH_WORDS]
    values += [_rate(ru, f"<{name}>") for name in PUNCTUATION] + [_rate(en, f"<{name}>") for name in PUNCTUATION]
    values += [math.log(ru.words / ru.sentences), math.log(en.words / en.sentences),
               math.log(ru.words / en.words), math.log(ru.chars / en.chars)]
    return np.array(values, dtype=float)


def _rate(part: Side, token: str) -> float:
    """Occurrences per hundred words, square-rooted (rare tokens in short documents are counts of 0-3)."""
    return math.sqrt(100.0 * part.counts[token] / part.words)


@dataclass(frozen=True)
class DirectionModel:
    scorer: Logistic
    english_original_below: float  # P(Russian is the original) below which English is taken as the original
    digest: str

    def russian_original(self, russian: list[str], english: list[str]) -> float:
        return float(self.scorer.probabilities(features(russian, english)[None, :])[0])


class DirectionModelError(ValueError):
    """The direction model file is missing, unreadable or does not fit this code's features."""


@cache
def load_model(path: Path = MODEL_PATH) -> DirectionModel:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise DirectionModelError(f"{path}: cannot read the direction model ({error})") from error
    if tuple(raw.get("features", ())) != FEATURES:
        raise DirectionModelError(f"{path}: its features are not this code's (refit: benchmarks/fit_direction.py)")
    return DirectionModel(logistic_from_data(raw), float(raw["english_original_below"]), str(raw.get("digest", "")))


@cache
def available_model() -> DirectionModel | None:
    """The model, or None, with one warning, when its file cannot be read (a broken install): pairing
    then keeps English as the translation of an undated, uncredited pair, as without the model."""
    try:
        return load_model()
    except DirectionModelError as error:
        log.warning("%s; undated, uncredited Russian-English pairs keep English as the translation", error)
        return None


def model_version() -> str:
    model = available_model()
    return model.digest if model is not None else "missing"

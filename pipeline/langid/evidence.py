"""Per-text evidence for the combiner: script, letters, n-gram scores, lingua's view of the core languages."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from pipeline.langid.combiner import feature_matrix
from pipeline.langid.frequency import WordFrequencies
from pipeline.langid.letters import CORE_SCRIPT_LETTERS, letter_evidence
from pipeline.langid.ngram import FEATURES, NgramModel, ends_sentence
from pipeline.langid.text import WORD, normalise, script_of

# lingua separates Serbian, Croatian and Bosnian (fastText also has "sh"); our core has one label, "sr".
FOLDED_INTO = {"hr": "sr", "bs": "sr", "sh": "sr"}


@dataclass(frozen=True)
class TextEvidence:
    words: tuple[
        str, ...
    ]  # the words written in the main script (a Latin brand name in Cyrillic text is not)
    script: str  # the script most of the letters belong to: CYRILLIC, LATIN, GREEK, ...
    letters: frozenset[str]  # distinct letters of that script
    unknown_letters: frozenset[str]  # letters no core alphabet has (ä, ә, ß, ...)
    other_script_words: int = 0  # words left out because they are in another script
    ends_sentence: bool = False  # the text ends with . ! ? or … (the word-pair layer marks the end)


def text_evidence(text: str) -> TextEvidence:
    tokens = WORD.findall(normalise(text))
    found = [token.lower() for token in tokens]  # what text.words gives, keeping the case for the script
    by_word = [_main_script(word) for word in found]
    script = _main_script_of_text(by_word, [token.islower() for token in tokens])
    kept = tuple(word for word, (main, _) in zip(found, by_word, strict=True) if main == script)
    letters = frozenset(char for char in set("".join(kept)) if script_of(char) == script)
    return TextEvidence(
        kept,
        script,
        letters,
        frozenset(letters - CORE_SCRIPT_LETTERS),
        len(found) - len(kept),
        ends_sentence(text),
    )


def _main_script_of_text(by_word: list[tuple[str, int]], lower_case: list[bool]) -> str:
    """The script most lower-case words are written in, then the one with most letters. Names and
    brands are capitalised, so a Macedonian sentence with long English product names in it is
    Macedonian, and an English sentence quoting one Russian word is English."""
    lower = Counter(script for (script, _), is_lower in zip(by_word, lower_case, strict=True) if is_lower)
    letters: Counter[str] = Counter()
    for script, count in by_word:
        if count:
            letters[script] += count
    return min(letters, key=lambda name: (-lower[name], -letters[name], name)) if letters else "NONE"


@lru_cache(maxsize=200_000)
def _main_script(word: str) -> tuple[str, int]:
    """The script most of a word's letters are in, and how many letters the word has."""
    scripts = Counter(script_of(char) for char in word if char != "'")
    return min(scripts, key=lambda name: (-scripts[name], name)), sum(scripts.values())


def forget_words() -> None:
    """Let go of the scripts of the words read so far."""
    _main_script.cache_clear()


def lingua_core(confidences: dict[str, float], langs: tuple[str, ...]) -> np.ndarray:
    """lingua's confidence for each core language, Croatian and Bosnian counted as Serbian."""
    folded: Counter[str] = Counter()
    for lang, value in confidences.items():
        folded[FOLDED_INTO.get(lang, lang)] += value
    return np.array([folded[lang] for lang in langs])


def core_features(
    model: NgramModel,
    frequencies: WordFrequencies,
    evidence: Sequence[TextEvidence],
    lingua: np.ndarray | None = None,
) -> np.ndarray:
    """(n_texts, n_langs, n_features) combiner input; lingua is (n_texts, n_langs) when given."""
    ngram = np.zeros((len(evidence), len(FEATURES), len(model.langs)))
    frequency = np.zeros((len(evidence), len(model.langs)))
    foreign = np.zeros((len(evidence), len(model.langs)))
    own = np.zeros((len(evidence), len(model.langs)))
    model.prepare(word for item in evidence for word in item.words)
    for row, item in enumerate(evidence):
        if item.words:  # summed in the words' order, as one addition per word would: the same numbers
            ngram[row] = np.add.reduce([model.word_scores(word) for word in item.words])
            frequency[row] = np.add.reduce([frequencies.log_freqs(word) for word in item.words])
        foreign[row], own[row] = letter_evidence(set(item.letters), model.langs)
    pairs = model.pair_scores([(item.words, item.ends_sentence) for item in evidence])
    n_words = np.array([len(item.words) for item in evidence])
    return feature_matrix(ngram, frequency, pairs, foreign, own, n_words, lingua)

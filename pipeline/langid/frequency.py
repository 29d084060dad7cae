"""Word frequencies from the `wordfreq` package (Wikipedia, subtitles, news, web; CC BY-SA 4.0 data).

Our n-gram counts come from a few thousand labelled strings; wordfreq knows tens of thousands of
words per language from large corpora, which is what short strings need. It has no Belarusian list
(it would answer with Russian), and its Serbo-Croatian list ('sh') is in Latin script.
"""

from __future__ import annotations

from functools import cache

import numpy as np

FLOOR = 1e-7  # frequency of a word a list does not have (the 'small' lists stop near 1e-6)
WORDLIST = "small"
CYRILLIC_TO_LATIN = dict(
    zip(
        "абвгдђежзијклљмнњопрстћуфхцчџш",
        ("a b v g d đ e ž z i j k l lj m n nj o p r s t ć u f h c č dž š").split(),
        strict=True,
    )
)
LISTS = {"ru": "ru", "uk": "uk", "bg": "bg", "mk": "mk", "sr": "sh", "en": "en"}
NO_LIST_LIKE = {"be": ("ru", "uk")}  # a language without a list gets the mean of its neighbours


@cache
def _table(lang: str) -> dict[str, float]:
    import wordfreq

    return wordfreq.get_frequency_dict(LISTS[lang], WORDLIST)


def release() -> None:
    _table.cache_clear()


class WordFrequencies:
    def __init__(self, langs: tuple[str, ...]):
        self.langs = langs
        self._cache: dict[str, np.ndarray] = {}

    def log_freqs(self, word: str) -> np.ndarray:
        """Natural-log frequency of the word in each language (FLOOR when unlisted), shape (n_langs,)."""
        cached = self._cache.get(word)
        if cached is None:
            values = {lang: np.log(_table(lang).get(_spelling(word, lang), 0.0) + FLOOR) for lang in LISTS}
            for lang, neighbours in NO_LIST_LIKE.items():
                values[lang] = float(np.mean([values[other] for other in neighbours]))
            cached = np.array([values.get(lang, np.log(FLOOR)) for lang in self.langs])
            if len(self._cache) < 200_000:
                self._cache[word] = cached
        return cached

    def is_listed(self, word: str) -> bool:
        """Whether any core language's list has the word (names of famous people often are listed)."""
        return any(_spelling(word, lang) in _table(lang) for lang in LISTS)

    def score(self, words: tuple[str, ...]) -> np.ndarray:
        return sum((self.log_freqs(word) for word in words), np.zeros(len(self.langs)))


def listed_in(word: str, lang: str) -> bool:
    """Whether `lang`'s own list has the word (False for a language without a list)."""
    return lang in LISTS and _spelling(word, lang) in _table(lang)


def _spelling(word: str, lang: str) -> str:
    return "".join(CYRILLIC_TO_LATIN.get(char, char) for char in word) if lang == "sr" else word

"""Transliteration of Russian into Latin letters and a spelling-blind "skeleton" for matching names.

Two spellings of one name (Дегтярева / Degtyarev, Вашингтон / Washington, Хабаровского / Khabarovsk)
share their consonant skeleton up to a case ending, whichever romanisation the translator used.
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache

RU_TO_LATIN = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "e",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    "і": "i",
    "ї": "yi",
    "є": "ye",
    "ґ": "g",
}
# Spelling variants that romanisations disagree on, folded to one letter (order matters).
FOLDS = [
    ("shch", "s"),
    ("sch", "s"),
    ("dzh", "j"),
    ("zh", "j"),
    ("dj", "j"),
    ("jh", "j"),
    ("kh", "h"),
    ("tch", "c"),
    ("ch", "c"),
    ("sh", "s"),
    ("ts", "c"),
    ("tz", "c"),
    ("cz", "c"),
    ("ck", "k"),
    ("ph", "f"),
    ("th", "t"),
    ("w", "v"),
    ("x", "ks"),
    ("q", "k"),
    ("gh", "g"),
]
VOWELS = set("aeiouy")


def transliterate(text: str) -> str:
    out = []
    for ch in text:
        latin = RU_TO_LATIN.get(ch.lower())
        if latin is None:
            out.append(ch)
        else:
            out.append(latin.capitalize() if ch.isupper() and latin else latin)
    return "".join(out)


FUZZY_THRESHOLD = 0.8


@lru_cache(maxsize=65536)
def folded(word: str) -> str:
    """Latin letters with romanisation variants folded (Дегтярева and Degtyareva give one string)."""
    latin = transliterate(word).lower()
    latin = re.sub(r"c(?=[eiy])", "s", latin)  # English soft c: Circassia, Pacelli read as English
    latin = re.sub(r"c(?![hkz])", "k", latin)  # hard c: Moscow, Crimea
    for variant, fold in FOLDS:
        latin = latin.replace(variant, fold)
    return re.sub(r"[^a-z]", "", latin)


def _vowel_folded(word: str) -> str:
    latin = re.sub(r"(.)\1+", r"\1", folded(word)).replace("v", "u").replace("au", "o")  # Rwanda, Austin
    return re.sub(r"[yj](?=[aeiou])|(?<=[aeiou])[yj]", "i", latin)


def fuzzy(russian: str, english: str) -> float:
    """Best similarity of the English spelling to a prefix of the Russian one (case endings vary)."""
    a, b = _vowel_folded(russian), _vowel_folded(english)
    if not a or not b:
        return 0.0
    return max(difflib.SequenceMatcher(None, a[:n], b).ratio() for n in range(max(1, len(b) - 2), len(b) + 3))


def skeleton(word: str) -> str:
    """First letter, then consonants only, folded spellings, doubled letters collapsed."""
    latin = folded(word)
    if not latin:
        return ""
    body = "".join(ch for ch in latin[1:] if ch not in VOWELS)
    collapsed = re.sub(r"(.)\1+", r"\1", latin[0] + body)
    return collapsed


_CASE_ENDING = re.compile(
    r"(?:ого|его|ому|ему|ыми|ими|ами|ями|ом|ем|ым|им|ой|ей|ий|ый|ых|их|ах|ях|ам|ям|ов|ев|ую|юю|ая|яя|ое|ее|у|ю|а|я|е|и|ы)$",
    re.IGNORECASE,
)


_CYRILLIC_START = re.compile(r"[а-яё]", re.IGNORECASE)


def same_name_across_scripts(word: str, other: str) -> bool:
    """One word in Cyrillic and one in Latin letters, in either order, that spell the same name."""
    cyrillic = _CYRILLIC_START.match(word) is not None
    if cyrillic == (_CYRILLIC_START.match(other) is not None):
        return False
    return same_name(word, other) if cyrillic else same_name(other, word)


@lru_cache(maxsize=65536)
def same_name(russian: str, english: str) -> bool:
    """Do a (possibly inflected) Russian word and an English word spell the same name?"""
    a, b = skeleton(russian), skeleton(english)
    long_enough = len(_vowel_folded(english)) >= 4
    if long_enough and fuzzy(russian, english) >= FUZZY_THRESHOLD and (a[:1] == b[:1] or a[:1] in VOWELS):
        return True
    if not a or not b or a[0] != b[0] and not (a[0] in VOWELS and b[0] in VOWELS):
        return False
    if min(len(a), len(b)) <= 2:
        return a == b or (len(b) <= 2 and a.startswith(b) and len(a) - len(b) <= 1)
    common = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        common += 1
    # a case ending adds at most two consonants (Хабаровского = khabarovsk + g), and only a case
    # ending's: "Сандерс" is no "Sunday" with an ending
    if a == b:
        return True
    if common < max(3, min(len(a), len(b)) - 1) or abs(len(a) - len(b)) > 2:
        return False
    return len(a) <= len(b) or skeleton(_CASE_ENDING.sub("", russian)) == b

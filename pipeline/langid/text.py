"""Text normalisation, word splitting and the checks for strings with no linguistic content."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import cache

URL_OR_EMAIL = re.compile(
    r"(?:https?://|www\.)\S+|\b[\w.-]+@[\w-]+(?:\.[\w-]+)+\b|\b[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}/\S*"
)
APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'", "ʹ": "'", "‘": "'"})
WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")


def normalise(text: str) -> str:
    """NFC, lower case, one apostrophe, URLs and e-mail addresses removed."""
    text = unicodedata.normalize("NFC", text).translate(APOSTROPHES)
    return URL_OR_EMAIL.sub(" ", text)


def words(text: str) -> list[str]:
    """The words of already normalised text (letters, with inner apostrophes), in lower case."""
    return [word.lower() for word in WORD.findall(text)]


@cache
def script_of(char: str) -> str:
    """The script of a letter by its Unicode name: 'CYRILLIC', 'LATIN', 'GREEK', 'CJK', ..."""
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0] if name else "UNKNOWN"


def no_content_reason(text: str, is_common_word: Callable[[str], bool] = lambda word: False) -> str | None:
    """Why a string has nothing to identify (numbers, URLs, punctuation, a bare name), or None.

    A name is up to three capitalised words, none of them a common word in lower case
    (`is_common_word`) and not ending as a sentence does: "Maria Zakharova" has no language,
    "Water Parks" and "Спасибо!" have one.
    """
    if not text.strip():
        return "empty text"
    tokens = WORD.findall(normalise(text))
    if not tokens:
        return (
            "URL or e-mail address only"
            if URL_OR_EMAIL.search(text)
            else "no letters (numbers or symbols only)"
        )
    is_sentence = text.rstrip().endswith((".", "!", "?", "…"))
    if len(tokens) <= 3 and not is_sentence and all(_is_name_like(token, is_common_word) for token in tokens):
        return (
            "a proper name only (every word capitalised)" if len(tokens) > 1 else "a single capitalised word"
        )
    return None


def _is_name_like(token: str, is_common_word: Callable[[str], bool]) -> bool:
    return token[0].isupper() and not is_common_word(token.lower())

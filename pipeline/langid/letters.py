"""The alphabets of the core languages, and the letters that tell them apart."""

from __future__ import annotations

from pipeline.langid.text import script_of

ALPHABETS = {
    "ru": set("абвгдеёжзийклмнопрстуфхцчшщъыьэюя"),
    "uk": set("абвгґдеєжзиіїйклмнопрстуфхцчшщьюя'"),
    "be": set("абвгдеёжзійклмнопрстуўфхцчшыьэюя'"),
    "bg": set("абвгдежзийклмнопрстуфхцчшщъьюя"),
    "mk": set("абвгдѓежзѕијклљмнњопрстќуфхцчџш"),
    "sr": set("абвгдђежзијклљмнњопрстћуфхцчџш") | set("abcčćdđefghijklmnoprsštuvzž"),
    "en": set("abcdefghijklmnopqrstuvwxyz'"),
}
CORE_SCRIPT_LETTERS = frozenset().union(*ALPHABETS.values())
# The scripts each core language is written in, read from its alphabet (Serbian: Cyrillic and Latin).
SCRIPTS = {lang: frozenset(script_of(c) for c in letters if c.isalpha()) for lang, letters in ALPHABETS.items()}
EXCLUSIVE = {
    lang: letters - frozenset().union(*(other for name, other in ALPHABETS.items() if name != lang))
    for lang, letters in ALPHABETS.items()
}


def letter_evidence(letters: set[str], langs: tuple[str, ...]) -> tuple[list[int], list[int]]:
    """Per language: how many of the text's distinct letters its alphabet lacks, and how many only it has."""
    foreign = [len(letters - ALPHABETS[lang]) if lang in ALPHABETS else 0 for lang in langs]
    exclusive = [len(letters & EXCLUSIVE[lang]) if lang in EXCLUSIVE else 0 for lang in langs]
    return foreign, exclusive


def distinctive_letters(letters: set[str], lang: str) -> str:
    """The text's letters that only `lang` uses among the core languages, sorted (for the evidence)."""
    return "".join(sorted(letters & EXCLUSIVE.get(lang, set())))

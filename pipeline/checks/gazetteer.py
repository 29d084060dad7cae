"""A small Russian/English gazetteer: names whose English form is not a transliteration.

Files `pipeline/checks/data/gazetteer*.tsv`, one entry a line: `ru<TAB>en forms separated by |<TAB>kind`
(further columns are notes).
`ru` is a lower-case stem (a Russian word matches when it starts with the stem and adds at most a case
ending) or an acronym (matched whole, with an optional short case ending: "МИДа"). Lines starting
with # are comments. `gazetteer_core.tsv` is written by hand (acronyms, countries); `gazetteer_mined.tsv`
is mined from the fitting sets by `pipeline.checks.name_mining`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
MAX_ENDING = 4  # letters a case ending may add to a stem


@dataclass(frozen=True)
class Entry:
    ru: str
    en: tuple[str, ...]
    kind: str

    @property
    def is_acronym(self) -> bool:
        return self.ru.isupper()

    def matches_russian(self, word: str) -> bool:
        if self.is_acronym:
            return (
                word.startswith(self.ru)
                and len(word) - len(self.ru) <= 2
                and word[len(self.ru) :].islower()
                or word == self.ru
            )
        lower = word.lower().replace("ё", "е")
        return lower.startswith(self.ru) and len(lower) - len(self.ru) <= MAX_ENDING

    def found_in_english(self, text: str) -> re.Match[str] | None:
        """The first English form present in `text` (forms are word prefixes: Russia ~ Russian)."""
        for form in self.en:
            flags = 0 if form.isupper() else re.IGNORECASE
            match = re.search(rf"(?<![\w]){re.escape(form)}", text, flags)
            if match:
                return match
        return None


def parse(lines: Iterable[str], name: str = "<gazetteer>") -> tuple[Entry, ...]:
    entries = []
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.rstrip("\n").split("\t")
        if len(fields) < 2:
            raise ValueError(f"{name}:{number}: expected ru<TAB>en|en...[<TAB>kind]")
        kind = fields[2] if len(fields) > 2 else ""
        entries.append(Entry(fields[0].strip(), tuple(f.strip() for f in fields[1].split("|") if f.strip()), kind))
    return tuple(entries)


@cache
def load() -> tuple[Entry, ...]:
    entries: list[Entry] = []
    for path in sorted(DATA_DIR.glob("gazetteer*.tsv")):
        entries.extend(parse(path.read_text(encoding="utf-8").splitlines(), path.name))
    return tuple(entries)


def version() -> str:
    from pipeline.core.hashing import content_hash

    return content_hash([[e.ru, list(e.en), e.kind] for e in load()], length=8)


@cache
def _russian_index() -> dict[str, list[Entry]]:
    index: dict[str, list[Entry]] = {}
    for entry in load():
        index.setdefault(entry.ru.lower().replace("ё", "е")[:2], []).append(entry)
    return index


def entries_for(word: str) -> list[Entry]:
    key = word.lower().replace("ё", "е")[:2]
    return [entry for entry in _russian_index().get(key, ()) if entry.matches_russian(word)]


@cache
def _english_index() -> dict[str, list[tuple[str, Entry]]]:
    """(word of an English form, entry) by the form word's first three letters."""
    index: dict[str, list[tuple[str, Entry]]] = {}
    for entry in load():
        for form in entry.en:
            for word in form.lower().split():
                index.setdefault(word[:3], []).append((word, entry))
    return index


def entries_for_english(word: str, same: Callable[[str, str], bool]) -> list[Entry]:
    """Entries with an English form word that `same(word, form_word)` accepts (a shared stem: Korean ~ Korea)."""
    return [entry for form_word, entry in _english_index().get(word[:3], ()) if same(word, form_word)]

"""A small Russian/English gazetteer: names whose English form is not a transliteration.

Files `pipeline/checks/data/gazetteer*.tsv`, one entry a line: `ru<TAB>en forms separated by |<TAB>kind`.
`ru` is a lower-case stem (a Russian word matches when it starts with the stem and adds at most a case
ending) or an acronym (matched whole, with an optional short case ending: "МИДа"). Lines starting
with # are comments. `gazetteer_mining` proposes candidate entries from parallel news for a person to review.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
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
        entries.append(
            Entry(fields[0].strip(), tuple(f.strip() for f in fields[1].split("|") if f.strip()), kind)
        )
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


def entries_for(word: str) -> list[Entry]:
    return [entry for entry in load() if entry.matches_russian(word)]

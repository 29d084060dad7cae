"""A small Russian/English gazetteer: names whose English form is not a transliteration.

Files `pipeline/data/gazetteer*.tsv`, one entry a line: `ru<TAB>en forms separated by |<TAB>kind`.
`ru` is a lower-case stem (a Russian word matches when it starts with the stem and adds at most a case
ending) or an acronym (matched whole, with an optional short case ending: "МИДа"). Lines starting
with # are comments. `mine` proposes candidate entries from a parallel corpus for a person to review.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
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
    from pipeline.hashing import content_hash

    return content_hash([[e.ru, list(e.en), e.kind] for e in load()], length=8)


def entries_for(word: str) -> list[Entry]:
    return [entry for entry in load() if entry.matches_russian(word)]


def russian_stem(word: str) -> str:
    """A crude stem for mining: the word without a trailing case ending."""
    if word.isupper():
        return word
    lower = word.lower().replace("ё", "е")
    stem = re.sub(
        r"(?:ого|его|ому|ему|ой|ей|ом|ем|ам|ям|ах|ях|ами|ями|ую|юю|ий|ый|ая|яя|ое|ее|ые|ие|ов|ев"
        r"|[аяоеуюиыйь])$",
        "",
        lower,
    )
    return stem if len(stem) >= 3 else lower


def mine(pairs: Iterable[tuple[str, str]], min_count: int = 2) -> list[tuple[str, str, int]]:
    """Candidate (ru stem, English word, count): Russian names with no transliterated counterpart,
    co-occurring with an English capitalised word that has no Russian counterpart either."""
    from pipeline.checks.entities import english_names, russian_names, unmatched

    counts: Counter[tuple[str, str]] = Counter()
    for source, target in pairs:
        ru_left, en_left = unmatched(
            russian_names(source), english_names(target), source, target, use_gazetteer=False
        )
        for ru in {russian_stem(t.text) for t in ru_left}:
            for en in {t.text for t in en_left}:
                counts[ru, en] += 1
    return sorted(((ru, en, n) for (ru, en), n in counts.items() if n >= min_count), key=lambda x: (-x[2], x))


def main(argv: list[str] | None = None) -> int:
    """Print candidate entries mined from a WMT-style TSV (columns doc_id .. src_ru ref_A_en ref_B_en)."""
    import argparse
    import hashlib

    parser = argparse.ArgumentParser(prog="python -m pipeline.checks.gazetteer", description=main.__doc__)
    parser.add_argument("tsv")
    parser.add_argument(
        "--half",
        choices=["tune", "report", "all"],
        default="tune",
        help="documents whose sha256(doc_id)[0] is odd (tune) or even (report)",
    )
    parser.add_argument("--min-count", type=int, default=2)
    args = parser.parse_args(argv)
    pairs = []
    with open(args.tsv, encoding="utf-8") as handle:
        header = handle.readline().rstrip("\n").split("\t")
        for line in handle:
            row = dict(zip(header, line.rstrip("\n").split("\t"), strict=True))
            odd = hashlib.sha256(row["doc_id"].encode()).digest()[0] % 2
            if args.half == "all" or (args.half == "tune") == bool(odd):
                pairs += [(row["src_ru"], row["ref_A_en"]), (row["src_ru"], row["ref_B_en"])]
    for ru, en, count in mine(pairs, args.min_count):
        print(f"{ru}\t{en}\t{count}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

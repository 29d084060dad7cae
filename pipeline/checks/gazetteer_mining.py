"""Mining gazetteer candidates from parallel news: Russian names with no transliterated counterpart
that keep co-occurring with the same untransliterated English word (a human then reviews them).

    .venv/bin/python -m pipeline.checks.gazetteer_mining \
        ../shared/data/wmt21-newstest-ruen/newstest2021.ru-en.news.tsv --half tune
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from pipeline.checks.entities import english_names, russian_names, unmatched


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

    parser = argparse.ArgumentParser(prog="python -m pipeline.checks.gazetteer_mining", description=main.__doc__)
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

"""The parallel ru-en sets of `../shared/data` that the comparison check is fitted and measured on.

Each set is a list of `Pair`s (Russian, English, document). Which sets are for fitting and which
for reporting is fixed here, once, so the benchmark and every fitting script agree:

- fit: NTREX-128 (English-original news, professional Russian translations, with document ids),
  the tuning half of WMT21 newstest ru-en (Russian-original; documents with odd sha256(doc_id)[0];
  both reference translations A and B) and, since compare 16, News Commentary's dev part (313 op-ed
  sentences, mostly English-original: the fitting sets had no opinion writing; its documents, and
  those of the test part, are its op-eds, one per headline: `headline_documents`).
- report: WMT19 newstest ru-en (Russian-original, 2,000 lines, never looked at while fitting),
  News Commentary's test part (600 op-ed sentences, mostly English-original; its errors never read),
  and the report half of WMT21 (even documents, refs A and B): the held-out view since issue 7.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pipeline.checks.entities import nearby_each

WMT21 = "wmt21-newstest-ruen/newstest2021.ru-en.news.tsv"
FIT_SETS = ("ntrex", "wmt21-tune-A", "wmt21-tune-B", "nc-dev")
REPORT_SETS = ("wmt19", "nc-test", "wmt21-report-A", "wmt21-report-B")
NEWS_COMMENTARY = "jarunc-newscommentary-ruen"
# The files the fitting sets are read from (their sha256 is the data version of every fitted file).
FILES_OF_FIT_SETS = (
    "ntrex128/newstest2019-ref.rus.txt",
    "ntrex128/newstest2019-src.eng.txt",
    "ntrex128/DOCUMENT_IDS.tsv",
    WMT21,
    f"{NEWS_COMMENTARY}/dev.ru",
    f"{NEWS_COMMENTARY}/dev.en",
)
ORIGIN = {
    "ntrex": "English",
    "nc-dev": "English (mostly)",
    "nc-test": "English (mostly)",
    "wmt19": "Russian",
    "wmt21-tune-A": "Russian",
    "wmt21-tune-B": "Russian",
    "wmt21-report-A": "Russian",
    "wmt21-report-B": "Russian",
}


@dataclass(frozen=True)
class Pair:
    corpus: str
    doc: str  # the document id; the line number where a set has no documents
    line: int
    ru: str
    en: str


@dataclass(frozen=True)
class Corpus:
    """The pairs to measure, and the English text the injections draw names and clauses from."""

    name: str
    pairs: tuple[Pair, ...]
    pool: tuple[Pair, ...]  # pairs whose English lends names and clauses (other documents only)
    english: tuple[str, ...]  # every English text of the set: a name is never written lower-case there


def nearby_english(corpus: Corpus) -> Callable[[Pair], str]:
    """The translation's text around each line, as the compare stage reads the article around a quote
    (`entities.nearby_text`): the English of its document, or, in a set without documents, of the set's
    neighbouring lines."""
    by_document: dict[str, list[Pair]] = {}
    documented = any(p.doc != str(p.line) for p in corpus.pool)
    for pair in sorted(corpus.pool, key=lambda p: p.line):
        by_document.setdefault(pair.doc if documented else "", []).append(pair)
    around = {}
    for lines in by_document.values():
        around |= dict(zip((p.line for p in lines), nearby_each([p.en for p in lines]), strict=True))
    return lambda pair: around[pair.line]


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")[:-1]


def half_of(doc_id: str) -> str:
    return "tune" if hashlib.sha256(doc_id.encode()).digest()[0] % 2 else "report"


def _wmt21(data: Path, half: str, ref: str) -> Corpus:
    with open(data / WMT21, encoding="utf-8") as handle:
        header = handle.readline().rstrip("\n").split("\t")
        rows = [dict(zip(header, line.rstrip("\n").split("\t"), strict=True)) for line in handle]
    column = f"ref_{ref}_en"
    every = tuple(Pair(f"wmt21-{half}-{ref}", r["doc_id"], i, r["src_ru"], r[column]) for i, r in enumerate(rows))
    english = tuple(r["ref_A_en"] for r in rows) + tuple(r["ref_B_en"] for r in rows)
    pairs = tuple(p for p in every if half_of(p.doc) == half)
    return Corpus(f"wmt21-{half}-{ref}", pairs, every, english)


def _plain(name: str, russian: list[str], english: list[str], docs: list[str] | None = None) -> Corpus:
    if len(russian) != len(english):
        raise ValueError(f"{name}: {len(russian)} Russian lines, {len(english)} English lines")
    pairs = tuple(
        Pair(name, docs[i] if docs else str(i), i, ru, en)
        for i, (ru, en) in enumerate(zip(russian, english, strict=True))
    )
    return Corpus(name, pairs, pairs, tuple(english))


# A headline: a short line in title case (every word of four letters or more capitalised) that does
# not end as a sentence does (a question may: "Should Shareholders Be Kings?").
HEADLINE_WORDS = 12
SENTENCE_END = re.compile(r"[.:;…\"”»)’']$")
LONG_WORD = re.compile(r"\w{4,}")


def headline_documents(english: list[str]) -> list[str]:
    """Document ids for a set that gives its articles one after another, each after its headline, and
    no ids (News Commentary's op-eds): a line starts a new document when it reads as a headline. The
    lines before the first headline end an article the file starts inside of."""
    documents, number = [], 0
    for line in english:
        number += _is_headline(line.strip())
        documents.append(f"article-{number}")
    return documents


def _is_headline(text: str) -> bool:
    words = text.split()
    return (
        0 < len(words) <= HEADLINE_WORDS
        and not SENTENCE_END.search(text)
        and all(word[0].isupper() for word in LONG_WORD.findall(text))
    )


def load(data: Path, name: str) -> Corpus:
    if name.startswith("wmt21-"):
        _, half, ref = name.split("-")
        return _wmt21(data, half, ref)
    if name == "wmt19":
        folder = data / "wmt19-newstest-ruen"
        return _plain(name, _lines(folder / "newstest2019.ru-en.src.ru"), _lines(folder / "newstest2019.ru-en.ref.en"))
    if name == "ntrex":
        folder = data / "ntrex128"
        docs = [d.strip() for d in _lines(folder / "DOCUMENT_IDS.tsv")]
        return _plain(
            name, _lines(folder / "newstest2019-ref.rus.txt"), _lines(folder / "newstest2019-src.eng.txt"), docs
        )
    if name in ("nc-dev", "nc-test"):
        part = data / NEWS_COMMENTARY / name.removeprefix("nc-")
        english = _lines(part.with_suffix(".en"))
        return _plain(name, _lines(part.with_suffix(".ru")), english, headline_documents(english))
    raise ValueError(f"unknown set {name!r}; known: {', '.join(FIT_SETS + REPORT_SETS)}")

"""Parallel news as stories for the linking benchmarks, and the fixed split into fitting and reporting.

A story is one news article in Russian and in English, sentence by sentence, with the language it
was written in:
- WMT21 newstest ru-en: 107 Russian-original stories, each with two professional English
  translations (A and B).
- WMT19 newstest ru-en: 2,000 Russian-original sentences with no document boundaries; cut into
  stories at headline lines (short lines with no final punctuation).
- NTREX-128: 123 English-original stories (newstest2019's English side) with professional Russian
  translations.
- News Commentary ru-en (JaRuNC): 913 sentence pairs drawn at random from op-eds, so not documents;
  cut into runs of ten pairs, used only where sentences matter (fitting the quote reranker).

The split (`fit_stories` / `report_stories`) is fixed: every threshold, weight and reranker of the
link stage is fitted on WMT19, News Commentary and the even-numbered NTREX stories; numbers are
reported on WMT21 (never fitted on by the link stage since issue 15) and the odd-numbered NTREX
stories.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

WMT21 = "wmt21-newstest-ruen/newstest2021.ru-en.news.tsv"
WMT19 = "wmt19-newstest-ruen/newstest2019.ru-en"
NTREX = "ntrex128"
NEWS_COMMENTARY = "jarunc-newscommentary-ruen"
_HEADLINE_END = re.compile(r"[.!?…»\"”:;)]\s*$")


@dataclass(frozen=True)
class Story:
    story_id: str  # corpus:id, e.g. "wmt21:kp.235560"
    written_in: str  # "ru" or "en": the language of the original
    ru: tuple[str, ...]
    en: tuple[str, ...]
    en_b: tuple[str, ...] = ()  # a second, independent English translation (WMT21 only)

    @property
    def doc_id(self) -> str:
        return self.story_id

    @property
    def outlet_key(self) -> str:
        return self.story_id.split(":", 1)[1].split(".")[0]


def wmt21(data: Path) -> list[Story]:
    rows: dict[str, list[list[str]]] = defaultdict(list)
    for line in (data / WMT21).read_text(encoding="utf-8").splitlines()[1:]:
        fields = line.split("\t")
        rows[fields[0]].append(fields)
    return [
        Story(f"wmt21:{doc_id}", "ru", *(tuple(r[column].strip() for r in rs) for column in (3, 4, 5)))
        for doc_id, rs in rows.items()
    ]


def wmt19(data: Path, min_lines: int = 5) -> list[Story]:
    ru = (data / f"{WMT19}.src.ru").read_text(encoding="utf-8").splitlines()
    en = (data / f"{WMT19}.ref.en").read_text(encoding="utf-8").splitlines()
    starts = [i for i, line in enumerate(ru) if i == 0 or (not _HEADLINE_END.search(line) and len(line.split()) < 16)]
    merged: list[int] = []
    for start in starts:
        if merged and start - merged[-1] < min_lines:
            continue
        merged.append(start)
    bounds = list(zip(merged, [*merged[1:], len(ru)], strict=True))
    return [Story(f"wmt19:{n:03d}", "ru", tuple(ru[a:b]), tuple(en[a:b])) for n, (a, b) in enumerate(bounds)]


def ntrex(data: Path) -> list[Story]:
    ids = [line.split("\t")[0] for line in (data / NTREX / "DOCUMENT_IDS.tsv").read_text().splitlines()]
    en = (data / NTREX / "newstest2019-src.eng.txt").read_text(encoding="utf-8").splitlines()
    ru = (data / NTREX / "newstest2019-ref.rus.txt").read_text(encoding="utf-8").splitlines()
    lines: dict[str, list[int]] = defaultdict(list)
    for index, doc_id in enumerate(ids):
        lines[doc_id].append(index)
    return [
        Story(f"ntrex:{doc_id}", "en", tuple(ru[i].strip() for i in rows), tuple(en[i].strip() for i in rows))
        for doc_id, rows in lines.items()
    ]


def news_commentary(data: Path, size: int = 10) -> list[Story]:
    stories = []
    for part in ("dev", "test"):
        ru = (data / NEWS_COMMENTARY / f"{part}.ru").read_text(encoding="utf-8").splitlines()
        en = (data / NEWS_COMMENTARY / f"{part}.en").read_text(encoding="utf-8").splitlines()
        for n, start in enumerate(range(0, len(ru), size)):
            stories.append(Story(f"nc:{part}{n:03d}", "en", tuple(ru[start : start + size]),
                                 tuple(en[start : start + size])))
    return stories


def fit_stories(data: Path, with_commentary: bool = True) -> list[Story]:
    """Where the link stage's parameters are fitted."""
    ntrex_even = [story for index, story in enumerate(ntrex(data)) if index % 2 == 0]
    return wmt19(data) + ntrex_even + (news_commentary(data) if with_commentary else [])


def report_stories(data: Path) -> list[Story]:
    """Where the link stage is measured: never used for fitting it."""
    ntrex_odd = [story for index, story in enumerate(ntrex(data)) if index % 2 == 1]
    return wmt21(data) + ntrex_odd

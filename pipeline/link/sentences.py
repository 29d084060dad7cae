"""A document's sentences as the link stage reads them: character spans, their words, and the word
positions where a clause begins (the places a quoted fragment may start or end)."""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from pipeline.text.segment import split_sentences

WORD = re.compile(r"\w+(?:[-'’.]\w+)*")
CLAUSE_BREAK = re.compile(r"[,;:()«»\"“”„—–]|\s-\s")


class WordSpans(Sequence):
    """The (start, end) character spans of a sentence's words, held as one array of ints: a batch's
    corpus keeps every sentence of every document, and a tuple of Python ints per word took half of
    it (34 of 65 MB for 2,000 news articles). Four-byte ints where every offset fits (any text under
    2 GB), which halves the rest."""

    __slots__ = ("_flat",)

    def __init__(self, spans: Iterable[tuple[int, int]]):
        offsets = [offset for span in spans for offset in span]
        self._flat = array("i" if max(offsets, default=0) < 2**31 else "q", offsets)

    def __len__(self) -> int:
        return len(self._flat) // 2

    def __getitem__(self, index: int) -> tuple[int, int]:
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self._flat[2 * index], self._flat[2 * index + 1]

    def __iter__(self) -> Iterator[tuple[int, int]]:
        offsets = iter(self._flat)
        return zip(offsets, offsets, strict=True)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, WordSpans) and self._flat == other._flat

    def __hash__(self) -> int:
        return hash(tuple(self._flat))

    def __reduce__(self):
        return WordSpans, (list(self),)


@dataclass(frozen=True, slots=True)  # slots: a batch's corpus holds one per sentence (94,770 for 10,000 documents)
class Sentence:
    doc: int  # the document's number in the index that holds it
    start: int
    end: int
    words: WordSpans  # absolute character spans of the words
    clause_starts: tuple[int, ...]  # word positions that begin a clause, ascending (a frozenset took 216 bytes)


def sentences(text: str, lang: str, doc: int = 0) -> list[Sentence]:
    """The sentences of TEXT that hold at least one word, in order."""
    out = []
    for start, end in split_sentences(text, lang):
        words = WordSpans((m.start() + start, m.end() + start) for m in WORD.finditer(text[start:end]))
        if not words:
            continue
        clause_starts = [0] + [position for position in range(1, len(words))
                               if CLAUSE_BREAK.search(text[words[position - 1][1] : words[position][0]])]
        out.append(Sentence(doc, start, end, words, tuple(clause_starts)))
    return out


def word_count(text: str) -> int:
    return len(WORD.findall(text))

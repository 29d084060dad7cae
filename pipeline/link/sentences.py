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
    it (34 of 65 MB for 2,000 news articles)."""

    __slots__ = ("_flat",)

    def __init__(self, spans: Iterable[tuple[int, int]]):
        self._flat = array("q", [offset for span in spans for offset in span])

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
        return hash(self._flat.tobytes())

    def __reduce__(self):
        return WordSpans, (list(self),)


@dataclass(frozen=True)
class Sentence:
    doc: int  # the document's number in the index that holds it
    start: int
    end: int
    words: WordSpans  # absolute character spans of the words
    clause_starts: frozenset[int]  # word positions that begin a clause


def sentences(text: str, lang: str, doc: int = 0) -> list[Sentence]:
    """The sentences of TEXT that hold at least one word, in order."""
    out = []
    for start, end in split_sentences(text, lang):
        words = WordSpans((m.start() + start, m.end() + start) for m in WORD.finditer(text[start:end]))
        if not words:
            continue
        clause_starts = {0}
        for position in range(1, len(words)):
            if CLAUSE_BREAK.search(text[words[position - 1][1] : words[position][0]]):
                clause_starts.add(position)
        out.append(Sentence(doc, start, end, words, frozenset(clause_starts)))
    return out


def word_count(text: str) -> int:
    return len(WORD.findall(text))

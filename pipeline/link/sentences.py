"""A document's sentences as the link stage reads them: character spans, their words, and the word
positions where a clause begins (the places a quoted fragment may start or end)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.text.segment import split_sentences

WORD = re.compile(r"\w+(?:[-'’.]\w+)*")
CLAUSE_BREAK = re.compile(r"[,;:()«»\"“”„—–]|\s-\s")


@dataclass(frozen=True)
class Sentence:
    doc: int  # the document's number in the index that holds it
    start: int
    end: int
    words: tuple[tuple[int, int], ...]  # absolute character spans of the words
    clause_starts: frozenset[int]  # word positions that begin a clause


def sentences(text: str, lang: str, doc: int = 0) -> list[Sentence]:
    """The sentences of TEXT that hold at least one word, in order."""
    out = []
    for start, end in split_sentences(text, lang):
        words = tuple((m.start() + start, m.end() + start) for m in WORD.finditer(text[start:end]))
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

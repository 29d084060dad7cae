"""Word tokens with character offsets, shared by the checks."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.core.records import Span

# A word is letters/digits, optionally joined by an inner apostrophe, hyphen or dot-less digit group.
WORD_RE = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*", re.UNICODE)
SENTENCE_END_RE = re.compile(r"[.!?…]\s*$")


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        return self.text.lower()

    def span(self) -> Span:
        return Span(self.start, self.end, self.text)


def tokens(text: str) -> list[Token]:
    return [Token(m.group(), m.start(), m.end()) for m in WORD_RE.finditer(text)]


def span_of(text: str, start: int, end: int) -> Span:
    return Span(start, end, text[start:end])


def joined_span(text: str, first: Token, last: Token) -> Span:
    return span_of(text, first.start, last.end)


def is_sentence_initial(text: str, token: Token) -> bool:
    """True when nothing but punctuation/quotes precedes the token in its sentence."""
    before = text[: token.start].rstrip(" \t\"'«»“”„‘’([—–-")
    return not before or bool(SENTENCE_END_RE.search(before)) or before.endswith(":")


def is_cyrillic(word: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in word)

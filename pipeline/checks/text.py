"""Word tokens with character offsets, shared by the checks."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from pipeline.core.records import Flag, Span

T = TypeVar("T")
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


def paired_flags(kind: str, in_original: Sequence[T], in_translation: Sequence[T],
                 show: Callable[[T], str], span: Callable[[T], Span]) -> tuple[Flag, ...]:
    """Flags for what one side has and the other lacks: the n-th unmatched item of each side are
    shown together (a changed value), the rest alone (lost or added)."""
    flags = []
    for index in range(max(len(in_original), len(in_translation))):
        source = in_original[index] if index < len(in_original) else None
        target = in_translation[index] if index < len(in_translation) else None
        if source is not None and target is not None:
            detail = f"{show(source)} in the original, {show(target)} in the translation"
        elif source is not None:
            detail = f"{show(source)} in the original has no counterpart in the translation"
        else:
            detail = f"{show(target)} in the translation has no counterpart in the original"
        flags.append(Flag(kind, span(source) if source is not None else None,
                          span(target) if target is not None else None, detail))
    return tuple(flags)

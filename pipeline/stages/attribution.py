"""The attribute stage's entry: a very long document is attributed in windows, so work stays linear.

Attribution looks back over a document's earlier mentions for every quote, which costs more than
linear time once a "document" runs to megabytes (a dump or a book, not an article: 1, 2 and 4 MB
took 5.7, 13.1 and 33.8 s) or holds thousands of quotes (10,000 stray marks: 10,000 quotes). A
document of more than WINDOW_CHARS characters or WINDOW_QUOTES quotes is cut into windows of at
most that many, at paragraph breaks (else sentence ends, else spaces) outside every quote, and
each window is attributed on its own: a person named in one window is not found for a quote in the
next, and a credit line or footnote only reaches the quotes of its own window. The stage says so on
stderr, naming the document. Smaller documents are attributed whole, exactly as before.
"""

from __future__ import annotations

import bisect
import logging
import re
from dataclasses import replace

from pipeline.core.records import Document, Quote
from pipeline.quotes.attribute import Attribution, attribute_all, document_lang

log = logging.getLogger("pipeline.stages.attribution")
# Beyond any news article (PolNeAR's longest has 33,672 characters, its most quoted 79 quotes).
# Since attribute 2.5 a document's time grows with its length (`bench_attribution_speed.py --long`:
# 88 KB and 1,000 quotes 1.6 s, 704 KB and 8,000 quotes 12.7 s; 2.4: 2.9 s and 120 s); the windows
# still bound each call's work and memory.
WINDOW_CHARS = 100_000
WINDOW_QUOTES = 500
_BREAKS = (re.compile(r"\n[ \t]*\n"), re.compile(r"[.!?…]\s"), re.compile(r"\s"))


def settings() -> dict:
    return {"window_chars": WINDOW_CHARS, "window_quotes": WINDOW_QUOTES}


def attribute_document(document: Document, quotes: tuple[Quote, ...]) -> tuple[Attribution, ...]:
    """The stage function: `attribute_all`, window by window for a document over the window's size."""
    if len(document.text) <= WINDOW_CHARS and len(quotes) <= WINDOW_QUOTES:
        return attribute_all(document, quotes)
    windows = window_bounds(document.text, quotes, WINDOW_CHARS, WINDOW_QUOTES)
    log.warning("%s: too long to attribute fully (%d characters, %d quotes): attributed in %d windows of up "
                "to %d characters and %d quotes; a speaker named in one window is not found for quotes in "
                "another", document.path, len(document.text), len(quotes), len(windows), WINDOW_CHARS, WINDOW_QUOTES)
    meta = replace(document.meta, lang=document_lang(document))  # one language for the whole document
    ordered = sorted(quotes, key=lambda quote: quote.char_start)  # (stable: outer before inner)
    quote_starts = [quote.char_start for quote in ordered]
    results: list[Attribution] = []
    for start, end in windows:
        own = ordered[bisect.bisect_left(quote_starts, start) : bisect.bisect_left(quote_starts, end)]
        # A window cut inside a quote (only when no break outside one was near) reaches to its end.
        end = max([end, *(min(len(document.text), quote.char_end + 1) for quote in own)])
        part = replace(document, text=document.text[start:end], meta=meta)
        found = attribute_all(part, tuple(_shifted(quote, -start) for quote in own))
        results.extend(replace(attribution, quote=_shifted(attribution.quote, start)) for attribution in found)
    return tuple(results)


def window_bounds(text: str, quotes: tuple[Quote, ...], size: int, most_quotes: int) -> list[tuple[int, int]]:
    """(start, end) of consecutive windows covering TEXT, each of at most SIZE characters and with at
    most MOST_QUOTES quotes starting in it, cut at the last break (paragraph, sentence end, space) in
    its second half outside every quote, else inside one."""
    covered = _merged([(quote.char_start - 1, quote.char_end + 1) for quote in quotes])
    starts = [start for start, _ in covered]
    quote_starts = sorted(quote.char_start for quote in quotes)
    windows, start = [], 0
    while True:
        first = bisect.bisect_left(quote_starts, start)
        end = start + size
        if first + most_quotes < len(quote_starts):  # the window's quota of quotes ends before
            end = min(end, max(start + 1, quote_starts[first + most_quotes] - 1))
        if end >= len(text):
            break
        start_of_next = _cut(text, start + (end - start) // 2, end, covered, starts)
        windows.append((start, start_of_next))
        start = start_of_next
    windows.append((start, len(text)))
    return windows


def _cut(text: str, low: int, high: int, covered: list[tuple[int, int]], starts: list[int]) -> int:
    """The last break in (low, high] outside every quote; else the last break; else high."""
    fallback = None
    for pattern in _BREAKS:  # (each match ends after low: they start at low or later)
        for match in reversed(list(pattern.finditer(text, low, high))):
            if _inside(match.end(), covered, starts) is None:
                return match.end()
            fallback = fallback or match.end()
    return fallback or high


def _inside(position: int, covered: list[tuple[int, int]], starts: list[int]) -> tuple[int, int] | None:
    """The quote interval (start, end) that POSITION falls strictly inside, if any."""
    index = bisect.bisect_right(starts, position) - 1
    if index >= 0 and covered[index][0] < position < covered[index][1]:
        return covered[index]
    return None


def _merged(intervals: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping intervals joined; touching ones stay apart, so a cut may fall between them."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(intervals):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _shifted(quote: Quote, offset: int) -> Quote:
    return replace(quote, char_start=quote.char_start + offset, char_end=quote.char_end + offset)

"""Stage 2, extract: every quotation in a document, with exact character offsets into its text.

Styles: “…” and ”…”, "…", «…», „…“ and „…”, ‘…’, ‹…›, '…' (told from apostrophes, see
`_top_level_single_quotes`), and ''…'' where a text writes double marks so (LexisNexis copies),
nested in any combination. A straight `"` is an opener or a closer by what stands on either side of
it (like Markdown's flanking rules), so a stray inch mark does not pair with the next real quote. A
quote stays within its paragraph, with one exception: the convention that a quotation running over
several paragraphs re-opens each new paragraph with an opening mark and closes only at the end. An
opening mark that is never closed yields one quote that stops at the end of its paragraph (or after
MAX_UNCLOSED_CHARS), marked `closed=False`; it never swallows the rest of the document. Nesting is
at most MAX_DEPTH deep, so a text of many stray marks costs time and output in proportion to its
length.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import islice

from pipeline.core.errors import InputError
from pipeline.core.records import Document, Quote, QuoteKind

VERSION = "7"

# For each opening mark, the marks that may close it.
# A straight mark and a curly one close each other: scraped news mixes them ('"Nothing … now,” said X').
_CLOSERS = {
    "“": "”\"",
    "„": "“”",
    "«": "»",
    "‹": "›",
    "‘": "’",
    '"': '"”',
    "'": "'",  # straight single quotes inside another quotation; top-level ones: _top_level_single_quotes
    "”": "”",  # Swedish/Finnish style ”…”, only taken as an opener when nothing open can close
}
_FAMILY = {"“": "“", "”": "“", "„": "“", "«": "«", "‹": "‹", "‘": "‘", '"': '"', "'": "'"}
_CURLY_OPENERS = "“„«‹"
# A quotation that runs on without re-opening marks is followed this far for its closing mark.
MAX_CONTINUED_PARAGRAPHS = 3
# Bounds that real prose never reaches (PolNeAR train: nesting depth 2; unclosed quotes at most 3,068
# characters, closed ones 99.9% under 1,100), so stray marks cannot make the output quadratic.
MAX_DEPTH = 8
MAX_UNCLOSED_CHARS = 5_000
# A colon too: 'говорила:"Если бы…"', 'said:"We…"' (no space typed after it) open a quotation.
_OPENING_CONTEXT = " \t\n([{—–-/“‘«„‹\"':"
_CLOSING_CONTEXT = " \t\n.,;:!?)]}—–-…”’»›\"'"
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\u00a0]*\n\s*")
_SENTENCE_END = re.compile(r"[.!?…]$")


# A document with more quotations than this is not an article (a news story holds tens of them, a
# long transcript hundreds): every later stage costs time and memory per quote, so such a document
# fails on its own, with its count, instead of holding the whole batch up (a 17 MB text file of
# 215,000 quotes was still in the detect stage after 10 minutes, at 2.3 GB and growing).
MAX_QUOTES = 20_000


def settings() -> dict:
    return {"max_quotes": MAX_QUOTES}


@dataclass
class _Open:
    position: int  # index of the opening mark
    mark: str
    depth: int


def extract_quotes(document: Document) -> tuple[Quote, ...]:
    """All quotations of the document in order of their opening mark (outer before inner)."""
    spans = find_quote_spans(document.text)
    if len(spans) > MAX_QUOTES:
        raise InputError(document.path, f"{len(spans):,} quotations, more than the {MAX_QUOTES:,} a document "
                                         "may hold: not an article (split it to read it in parts)")
    return tuple(
        Quote(
            text=document.text[start:end],
            kind=classify(document.text, start, end),
            document=document.id,
            char_start=start,
            char_end=end,
            mark=mark,
            depth=depth,
            closed=closed,
        )
        for start, end, mark, depth, closed in spans
    )


def find_quote_spans(text: str) -> list[tuple[int, int, str, int, bool]]:
    """(content_start, content_end, opening_mark, depth, closed) for every quotation in text."""
    doubled = _uses_doubled_single_marks(text)
    if doubled:
        text = _doubled_as_double_marks(text)
    found: list[tuple[int, int, str, int, bool]] = []
    stack: list[_Open] = []
    breaks = {m.start(): m.end() for m in _PARAGRAPH_BREAK.finditer(text)}
    i = 0
    while i < len(text):
        if i in breaks:
            i = _cross_paragraph(text, i, breaks[i], stack, found)
            continue
        ch = text[i]
        if ch in _CLOSERS or ch in "”»›’":
            _handle_mark(text, i, stack, found)
        i += 1
    _close_unfinished(text, len(text.rstrip()), stack, found)
    if not doubled:
        found = _top_level_single_quotes(text, found)
    found.sort(key=lambda span: (span[0], span[3]))
    return found


def _handle_mark(text: str, i: int, stack: list[_Open], found: list) -> None:
    ch = text[i]
    prev = text[i - 1] if i else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if ch == "’" and prev.isalnum() and nxt.isalnum():
        return  # an apostrophe: don't, Kim’s
    if ch == '"' and prev == " " and _find_open(stack, ch) is not None and (
        text[i - 2 : i - 1] in ("'", "’") or (nxt.isspace() and text[i - 2 : i - 1] in (",", ".", "!", "?"))
    ):
        # '…this is important,' " Magel said': the double mark closes after a single one; and a mark
        # spaced on both sides after a comma closes the open quotation ('…programming, " said Schwartz')
        prev = text[i - 2]
    if ch in "\"'":
        if ch == '"' or (stack and not (prev.isalnum() and nxt.isalnum())):
            _handle_straight(i, prev, nxt, stack, found, text)
        return
    closes_curly = stack and stack[-1].mark == "“" and _closes(prev, nxt) and not _opens(prev, nxt)
    if ch == "“" and stack and (stack[-1].mark == "„" or closes_curly):
        _close(text, i, len(stack) - 1, stack, found)  # „…“, and “…“ mistyped for “…”
        return
    closing = _find_open(stack, ch)
    if closing is not None:
        _close(text, i, closing, stack, found)
        return
    if ch in "“„«‹" or (ch in "‘”" and _opens(prev, nxt)):
        _reopen_or_push(text, i, ch, stack, found)


def _handle_straight(i: int, prev: str, nxt: str, stack: list[_Open], found: list, text: str) -> None:
    mark = text[i]
    opens, closes = _opens(prev, nxt), _closes(prev, nxt)
    open_straight = _find_open(stack, mark)
    if closes and open_straight is not None and not (opens and stack[-1].mark != mark):
        _close(text, i, open_straight, stack, found)
    elif opens:
        _reopen_or_push(text, i, mark, stack, found)


def _after_sentence(text: str, i: int) -> bool:
    """Whether spaces or tabs, after a sentence's final punctuation, stand right before position i."""
    j = i
    while j > 0 and text[j - 1] in " \t":
        j -= 1
    return j < i and j > 0 and text[j - 1] in ".!?…"


def _reopen_or_push(text: str, i: int, mark: str, stack: list[_Open], found: list) -> None:
    """An opening mark of the open quotation's own kind after a sentence end is no nested quote but
    the next paragraph's re-opening mark, in text whose paragraph breaks were lost ('…concerned. "In
    fact…"'): the open quotation ends there, unclosed, and a new one starts."""
    if stack and _FAMILY.get(stack[-1].mark) == _FAMILY.get(mark) and _after_sentence(text, i):
        _close_unfinished(text, i, stack[-1:], found)
        del stack[-1:]
    if len(stack) == MAX_DEPTH:  # marks this deep are stray: the innermost open one ends here
        _close_unfinished(text, i, stack[-1:], found)
        del stack[-1:]
    stack.append(_Open(i, mark, len(stack)))


def _opens(prev: str, nxt: str) -> bool:
    return not nxt.isspace() and prev in _OPENING_CONTEXT


def _closes(prev: str, nxt: str) -> bool:
    return not prev.isspace() and (nxt in _CLOSING_CONTEXT or not nxt.isalnum())


def _find_open(stack: list[_Open], closer: str) -> int | None:
    for index in range(len(stack) - 1, -1, -1):
        if closer in _CLOSERS[stack[index].mark]:
            return index
    return None


def _close(text: str, i: int, index: int, stack: list[_Open], found: list) -> None:
    opened = stack[index]
    # Marks opened inside this quote and never closed were not quotation marks: forget them.
    del stack[index:]
    _emit(text, opened.position + 1, i, opened, True, found)


def _emit(text: str, start: int, end: int, opened: _Open, closed: bool, found: list) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        found.append((start, end, opened.mark, opened.depth, closed))


def _cross_paragraph(text: str, break_start: int, break_end: int, stack: list[_Open], found: list) -> int:
    """At a paragraph break: continue a quotation whose next paragraph re-opens it, else end open
    quotes here. Returns where scanning resumes."""
    if stack:
        following = text[break_end : break_end + 1]
        if following and _FAMILY.get(following) == _FAMILY.get(stack[0].mark):
            del stack[1:]
            return break_end + 1  # the re-opening mark belongs to the quotation already open
        if _closes_later(text, break_end, stack[0]):
            del stack[1:]
            return break_end
        _close_unfinished(text, break_start, stack, found)
    return break_end


def _closes_later(text: str, start: int, opened: _Open) -> bool:
    """Some writers run a quotation over paragraphs without re-opening it: its closing mark then
    comes in a later paragraph, before any new opening mark of the same kind."""
    if opened.mark in "‘'":
        return False  # too easily an apostrophe
    breaks = [m.end() for m in islice(_PARAGRAPH_BREAK.finditer(text, start), MAX_CONTINUED_PARAGRAPHS)]
    limit = breaks[-1] if len(breaks) == MAX_CONTINUED_PARAGRAPHS else len(text)
    for j in range(start, limit):
        ch = text[j]
        if opened.mark == '"' and ch == '"':
            prev, nxt = text[j - 1], text[j + 1] if j + 1 < len(text) else " "
            if _opens(prev, nxt):
                return False
            if _closes(prev, nxt):
                return True
        elif ch in _CLOSERS[opened.mark]:
            return True
        elif ch in _CURLY_OPENERS and _FAMILY[ch] == _FAMILY[opened.mark]:
            return False
    return False


def _close_unfinished(text: str, end: int, stack: list[_Open], found: list) -> None:
    for opened in stack:
        _emit(text, opened.position + 1, _bounded_end(text, opened.position + 1, end), opened, False, found)
    stack.clear()


def _bounded_end(text: str, start: int, end: int) -> int:
    """An unclosed quote longer than MAX_UNCLOSED_CHARS ends at the last sentence end within that."""
    if end - start <= MAX_UNCLOSED_CHARS:
        return end
    limit = start + MAX_UNCLOSED_CHARS
    last = max(text.rfind(ch, start, limit) for ch in ".!?…")
    return last + 1 if last > start else limit


# --- '' as a double mark --------------------------------------------------------------------------

# LexisNexis copies (and typewriter habit) write a double quotation mark as two single ones:
# ''This isn't tax reform,'' said … (the New York Times articles of PolNeAR, 116 of 840).
_DOUBLED_OPENING = re.compile(r"(?:^|(?<=[\s(\[{—–-]))'''?(?=[^\s'])")
_DOUBLED_CLOSING = re.compile(r"(?:(?<=[^\s'])|(?<=' ))'''?(?=[\s.,;:!?)\]}—–-]|$)")


def _uses_doubled_single_marks(text: str) -> bool:
    return "''" in text and bool(_DOUBLED_OPENING.search(text)) and bool(_DOUBLED_CLOSING.search(text))


def _doubled_as_double_marks(text: str) -> str:
    """The text with every '' standing where a quotation opens or closes turned into a space and a
    straight double mark, in that order for an opening and the other way round for a closing, so every
    offset stays. A third ' is the nested single quote's: ''' opens '' then ', and closes ' then ''."""

    def opening(match: re.Match) -> str:
        return ' "' + match.group()[2:]

    def closing(match: re.Match) -> str:
        return match.group()[:-2] + '" '

    return _DOUBLED_CLOSING.sub(closing, _DOUBLED_OPENING.sub(opening, text))


# --- top-level straight single quotes ----------------------------------------------------------

# Words that a straight apostrophe opens by eliding their start: rock 'n' roll, 'em, 'tis, 'cause, 'til.
_ELIDED = frozenset("n em tis twas cause cos til bout round nuff s d ll re ve m t".split())
_SINGLE_OPENING_CONTEXT = " \t\n([{—–-/“\""
_ELIDED_YEAR = re.compile(r"\d\d(?:s\b|\b)")  # the '90s, class of '08
_LEADING_LETTERS = re.compile(r"[A-Za-z]*")


def _top_level_single_quotes(text: str, found: list) -> list:
    """Headlines and British-style news quote with straight single marks ('deportation force',
    'You're being ridiculous.'), which are apostrophes too. Outside every other quotation, a straight
    ' opens a quote after a space, a bracket, a dash or a double mark and before a letter or digit,
    unless it elides a word's start ('n', 'em, '90s); the quote closes at the first ' within its
    paragraph that follows a non-space and precedes no letter or digit, preferring one that is not a
    plural possessive ("the workers' union"). No closer before the next such opener: no quote (never
    an unclosed one). Not called for a text that writes double quotation marks as two single ones
    ('' … '', as LexisNexis copies do): its single marks cannot be told from its double ones."""
    taken = _Taken([(start - 1, end + 1) for start, end, *_ in found])
    added: list[tuple[int, int]] = []
    for paragraph in re.finditer(r"[^\n]+", text):
        position, end = paragraph.span()
        while (opener := text.find("'", position, end)) >= 0:
            close = _single_closer(text, opener, end, taken) if _single_opens(text, opener, taken) else None
            if close is not None:
                added.append((opener + 1, close))
            position = opener + 1 if close is None else close + 1
    if not added:
        return found
    starts = [start for start, _ in added]  # the added quotes are disjoint and in order

    def inside_added(start: int, stop: int) -> int:
        index = bisect_right(starts, start) - 1
        return int(index >= 0 and stop <= added[index][1])

    deeper = [
        (start, stop, mark, depth + inside_added(start, stop), closed) for start, stop, mark, depth, closed in found
    ]
    singles: list = []
    for start, stop in added:
        _emit(text, start, stop, _Open(start - 1, "'", 0), True, singles)
    return deeper + singles


class _Taken:
    """The text already inside quotations (with their marks), as disjoint runs, for bisection."""

    def __init__(self, spans: list[tuple[int, int]]):
        merged: list[list[int]] = []
        for start, end in sorted(spans):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self.starts = [start for start, _ in merged]
        self.ends = [end for _, end in merged]

    def end_of_run_at(self, position: int) -> int | None:
        """Where the run holding `position` ends, or None outside every run."""
        index = bisect_right(self.starts, position) - 1
        return self.ends[index] if index >= 0 and position < self.ends[index] else None


def _single_opens(text: str, i: int, taken: _Taken) -> bool:
    prev = text[i - 1] if i else " "
    nxt = text[i + 1 : i + 2]
    if prev not in _SINGLE_OPENING_CONTEXT or not nxt.isalnum() or taken.end_of_run_at(i) is not None:
        return False
    word = _LEADING_LETTERS.match(text, i + 1).group().lower()
    return word not in _ELIDED and not _ELIDED_YEAR.match(text, i + 1)


def _single_closer(text: str, opener: int, end: int, taken: _Taken) -> int | None:
    possessive = None
    j = opener + 2
    while (j := text.find("'", j, end)) >= 0:
        run_end = taken.end_of_run_at(j)
        if run_end is not None:  # a double quotation inside the single one ('… "absurd" …')
            j = run_end
            continue
        if _single_opens(text, j, taken):
            return possessive  # a second opener: this quote, if any, ended at a possessive
        prev, nxt = text[j - 1], text[j + 1 : j + 2] or " "
        if not prev.isspace() and not nxt.isalnum():
            if not (prev in "sS" and nxt == " " and text[j + 2 : j + 3].isalpha()):
                return j
            possessive = j if possessive is None else possessive
        j += 1
    return possessive


# --- kind ----------------------------------------------------------------------------------------


def classify(text: str, start: int, end: int) -> QuoteKind:
    """A short phrase inside a running sentence is a scare quote; anything sentence-like is direct.

    The attribution stage refines this with who the words belong to.
    """
    content = text[start:end]
    words = content.split()
    before = text[max(0, start - 30) : start - 1].rstrip()
    inside_sentence = bool(before) and not _SENTENCE_END.search(before) and not before.endswith((":", "\n"))
    if len(words) <= 3 and not _SENTENCE_END.search(content.rstrip('”’"»')) and inside_sentence:
        return QuoteKind.SCARE
    return QuoteKind.DIRECT

"""Russian direct speech introduced by dashes, which has no quotation marks to find.

    — Это была очень красивая история, — сказала Степанова. — Все было прекрасно.
    Здесь живут трудолюбивые люди, - поделился Михаил Дегтярев.

A line that opens with a dash is a speaker's words up to the dash that introduces the author's
words ("— сказал он"); after the author's words a second dash resumes the speech. A line that
opens without a dash counts only when its first clause is followed by a dash and a speech verb
(the common shape when a paragraph's opening dash was lost). The quote excludes the dashes and the
comma before the author's words but keeps "!", "?" and "…", which belong to the speech.
"""

from __future__ import annotations

import re

from pipeline.core.records import Document, Quote, QuoteKind
from pipeline.quotes.verbs import RU_VERB

VERSION = "1"

_DASH = "[—–−-]"
_QUOTE_MARKS = '"«»“”„'
_OPENING = re.compile(rf"^[ \t]*{_DASH}[ \t]*(?=[^\s{_QUOTE_MARKS}{_DASH[1:-1]}])")


def settings() -> dict:
    return {"version": VERSION}


def extract_dialogue(doc: Document, quoted: tuple[Quote, ...] = ()) -> tuple[Quote, ...]:
    """Dash-introduced speech in a Russian document; spans inside `quoted` quotes are skipped."""
    # The author's words start with a speech verb, perhaps after a word or two ("ранее пояснила").
    verb = re.compile(rf"(?:[а-яё]+[ \t]+){{0,2}}?{RU_VERB}")
    found: list[Quote] = []
    for line in re.finditer(r"[^\n]+", doc.text):
        for start, end in _speech_in_line(line.group(), verb):
            absolute = (line.start() + start, line.start() + end)
            if not any(q.char_start <= absolute[0] < q.char_end for q in quoted):
                found.append(_quote(doc, *absolute))
    return tuple(found)


def _speech_in_line(line: str, verb: re.Pattern[str]) -> list[tuple[int, int]]:
    opening = _OPENING.match(line)
    if opening is None and line.lstrip()[:1] in _QUOTE_MARKS:
        return []
    position = opening.end() if opening else _first_content(line)
    require_author = opening is None
    spans: list[tuple[int, int]] = []
    while position < len(line):
        span = _until_author(line, position, verb, require_author)
        if span is None or line[span[1] - 1] in _QUOTE_MARKS:
            break  # '…феминизмом", - сказал актер' closes a quotation from an earlier paragraph
        spans.append(span)
        resume = re.compile(rf"[.:!?…][ \t]*{_DASH}[ \t]*(?=\w)").search(line, span[1])
        if resume is None or not _author_words_between(line, span[1], resume.start(), verb):
            break
        position, require_author = resume.end(), False
    return spans


def _first_content(line: str) -> int:
    return len(line) - len(line.lstrip())


def _until_author(
    line: str, start: int, verb: re.Pattern[str], require_author: bool
) -> tuple[int, int] | None:
    """The speech from `start` to the dash that introduces the author's words (or the line end)."""
    for dash in re.finditer(rf"(?P<end>[,!?…]|\.\.\.)?,?[ \t]*{_DASH}{{1,2}}[ \t]+", line[start:]):
        cut = start + dash.start()
        if cut > start and line[cut - 1] != " " and not dash.group("end"):
            continue  # a hyphen inside a word or number ("ток-шоу", "2021-2022")
        if verb.match(line, start + dash.end()):
            end = cut + (len(dash.group("end")) if dash.group("end") and dash.group("end") != "," else 0)
            return (start, end) if end > start else None
    if require_author:
        return None
    end = len(line.rstrip())
    return (start, end) if end > start else None


def _author_words_between(line: str, start: int, end: int, verb: re.Pattern[str]) -> bool:
    return any(
        verb.match(line, m.end()) for m in re.finditer(rf"{_DASH}[ \t]*", line[:end]) if m.start() >= start
    )


def _quote(doc: Document, start: int, end: int) -> Quote:
    return Quote(doc.text[start:end], QuoteKind.DIRECT, doc.id, start, end, mark="—")

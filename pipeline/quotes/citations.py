"""Citations and credits: footnotes, reference lines, credit lines, bylines and photo credits.

A footnote such as
    [1] Source: <English title> [<original title>], Kommersant, August 18, 2022, https://...
becomes a Citation (outlet from the registry, date in ISO 8601, the URL exactly as written) and a
`kind: title` Quote for the English title, whose original is the bracketed title. The credit line
"Original article by X. Translated by Y." names the author and translator of the article the
document translates; when the document cites exactly one source (or footnotes its headline), that
source is the document's source and carries them. "(Russian Embassy FB)" at the end of a caption
is a photo credit: a citation of the image's source. Plain regular expressions: these are
formulaic lines, and every field must be the exact text of the document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.core.records import Citation, Document, Quote, QuoteKind
from pipeline.ingest.credits import Byline, Credit, find_byline, find_credit, find_date
from pipeline.quotes.outlets import load_registry

VERSION = "1.0"

_URL = re.compile(r"https?://[^\s<>\"“”«»]+")
_FOOTNOTE_LINE = re.compile(
    r"^[ \t]*(?:\[(?P<number>\d{1,3})\]|(?P<plain>\d{1,3})[.)])[ \t]*(?P<body>\S.*)$", re.M
)
_SOURCE_LINE = re.compile(r"^[ \t]*(?P<body>(?:Source|Sources|Источник)\s*:\s*\S.*)$", re.M)
_MARKER = re.compile(r"\[(\d{1,3})\]")
_PHOTO_TAIL = re.compile(r"\((?P<credit>[^()\n]{2,60})\)[ \t]*$")
_PHOTO_LINE = re.compile(r"^[ \t]*(?:Photo|Фото|Image|Picture)(?:\s+by|:)\s*(?P<credit>[^\n]{2,80})$", re.M)
_CREDIT_WORDS = re.compile(
    r"\b(?:FB|Facebook|Telegram|Twitter|Instagram|VK|YouTube|Photo|Фото|Getty|AP|AFP|Reuters|TASS|ТАСС|"
    r"Official|Press Service|пресс-служба|Wikimedia|Wikipedia|Shutterstock|EPA|Sputnik|Yonhap|KCNA)\b"
)
_PLATFORM_ABBREVIATIONS = {"FB": "Facebook", "TG": "Telegram", "IG": "Instagram"}


@dataclass(frozen=True)
class Footnote:
    number: int | None
    char_start: int
    char_end: int
    text: str
    citation: Citation
    title_quote: Quote | None
    markers: tuple[int, ...]  # offsets of "[n]" in the body that point here


@dataclass(frozen=True)
class PhotoCredit:
    caption: str
    credit: str
    outlet: str | None  # the registry's name when the credit names a known outlet or page
    char_start: int  # the credit inside its parentheses (or after "Photo:")
    char_end: int
    citation: Citation


@dataclass(frozen=True)
class DocumentCitations:
    footnotes: tuple[Footnote, ...] = ()
    credit: Credit | None = None
    photo_credits: tuple[PhotoCredit, ...] = ()
    byline: Byline | None = None
    source: Citation | None = None  # the article this document reports or translates, when stated
    source_evidence: str = ""
    translator: str | None = None
    translator_evidence: str = ""

    @property
    def title_quotes(self) -> tuple[Quote, ...]:
        return tuple(f.title_quote for f in self.footnotes if f.title_quote is not None)

    def footnote_at(self, position: int) -> Footnote | None:
        return next((f for f in self.footnotes if f.char_start <= position < f.char_end), None)


def settings() -> dict:
    return {"version": VERSION}


def extract_citations(doc: Document) -> DocumentCitations:
    text = doc.text
    credit = find_credit(text)
    author = (credit.author if credit else None) or doc.meta.author
    translator = (credit.translator if credit else None) or doc.meta.translator
    footnotes = find_footnotes(doc)
    source_note = _source_footnote(text, footnotes, credit)
    source: Citation | None = None
    source_evidence = ""
    if source_note is not None:
        source = _with_credit(source_note.citation, author, translator)
        footnotes = tuple(_replace_citation(f, source) if f is source_note else f for f in footnotes)
        source_evidence = source_note.text
    elif author or translator:
        source = Citation(author=author, translator=translator)
        source_evidence = credit.text if credit else ""
    translator_evidence = credit.text if credit and credit.translator else ""
    return DocumentCitations(
        footnotes=footnotes,
        credit=credit,
        photo_credits=find_photo_credits(text),
        byline=find_byline(text),
        source=source,
        source_evidence=source_evidence,
        translator=translator,
        translator_evidence=translator_evidence or ("front matter: translator" if translator else ""),
    )


# --- dates and URLs ---------------------------------------------------------------------------------


def find_url(text: str) -> tuple[str, int, int] | None:
    match = _URL.search(text)
    if match is None:
        return None
    url = match.group().rstrip(".,;")
    if url.endswith(")") and url.count("(") < url.count(")"):
        url = url[:-1]
    return url, match.start(), match.start() + len(url)


# --- footnotes and reference lines ------------------------------------------------------------------


def find_footnotes(doc: Document) -> tuple[Footnote, ...]:
    text = doc.text
    lines: dict[int, tuple[int | None, re.Match]] = {}
    for match in _FOOTNOTE_LINE.finditer(text):
        body = match.group("body")
        if match.group("number") or find_url(body) or body.lower().startswith("source"):
            number = match.group("number") or match.group("plain")
            lines[match.start()] = (int(number), match)
    for match in _SOURCE_LINE.finditer(text):
        if not any(m.start() <= match.start("body") < m.end() for _, m in lines.values()):
            lines[match.start()] = (None, match)
    notes = []
    for _, (number, match) in sorted(lines.items()):
        citation, title_span = parse_reference(match.group("body"))
        if citation.url is None and citation.date is None and citation.outlet is None:
            continue
        start, end = match.start("body"), match.end("body")
        quote = None
        if title_span is not None:
            title_start, title_end = start + title_span[0], start + title_span[1]
            quote = Quote(text[title_start:title_end], QuoteKind.TITLE, doc.id, title_start, title_end)
        markers = tuple(
            m.start()
            for m in _MARKER.finditer(text)
            if number is not None and int(m.group(1)) == number and not start - 8 <= m.start() < end
        )
        notes.append(Footnote(number, match.start(), end, match.group(), citation, quote, markers))
    return tuple(notes)


def bracketed_title_start(text: str, title: str, start: int, end: int) -> int | None:
    """Where the bracketed original TITLE starts in TEXT when the span START-END lies inside it (a quote
    inside the original headline a footnote gives in brackets); else None."""
    found = text.rfind(title, 0, start + len(title))  # the last occurrence that starts at START or before
    return found if found >= 0 and end <= found + len(title) else None


def parse_reference(body: str) -> tuple[Citation, tuple[int, int] | None]:
    """'Source: Title [Original], Outlet, Month D, YYYY, URL' -> the Citation and the title's span."""
    prefix = re.match(r"^(?:Source|Sources|Источник)\s*:\s*", body)
    head_start = prefix.end() if prefix else 0
    url_found = find_url(body)
    url = url_found[0] if url_found else None
    rest_end = url_found[1] if url_found else len(body)
    date_found = find_date(body[head_start:rest_end])
    date = date_found[0] if date_found else None
    if date_found:
        rest_end = min(rest_end, head_start + date_found[1])
    head = body[head_start:rest_end].rstrip(" ,;.")
    original = None
    title_span = None
    bracket = re.search(r"\s*\[([^\[\]]+)\]", head)
    outlet_text = None
    if bracket:
        title_span = (head_start, head_start + bracket.start())
        original = bracket.group(1).strip()
        outlet_text = head[bracket.end() :].strip(" ,;.")
    else:
        pieces = head.rsplit(",", 1)
        if len(pieces) == 2 and (_known_outlet(pieces[1].strip()) or (date and len(pieces[1].split()) <= 5)):
            title_span = (head_start, head_start + len(pieces[0].rstrip()))
            outlet_text = pieces[1].strip()
        elif head:
            title_span = (head_start, head_start + len(head))
    outlet = _outlet_name(outlet_text, url)
    title = body[title_span[0] : title_span[1]].strip() if title_span else None
    if title_span is not None:
        title_span = _strip_span(body, title_span)
    citation = Citation(title=title or None, original_title=original, outlet=outlet, date=date, url=url)
    return citation, title_span if title else None


def _strip_span(text: str, span: tuple[int, int]) -> tuple[int, int]:
    start, end = span
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1] in " \t,;":
        end -= 1
    return start, end


def _known_outlet(name: str) -> bool:
    return load_registry().by_name(name) is not None


def _outlet_name(outlet_text: str | None, url: str | None) -> str | None:
    registry = load_registry()
    if outlet_text:
        known = registry.by_name(outlet_text)
        return known.name if known else outlet_text
    if url:
        known = registry.by_url(url)
        return known.name if known else None
    return None


def _source_footnote(text: str, footnotes: tuple[Footnote, ...], credit: Credit | None) -> Footnote | None:
    """The footnote that is the document's own source: the one its headline points to, or the only
    one when a credit line says the document is someone's article in translation."""
    if not footnotes:
        return None
    head_end = _headline_region_end(text)
    for note in footnotes:
        if any(marker < head_end and _marks_a_heading(text, marker) for marker in note.markers):
            return note
    if credit is not None and len(footnotes) == 1:
        return footnotes[0]
    return None


def _marks_a_heading(text: str, marker: int) -> bool:
    """'Russian Foreign Ministry states … UN members[1]': a marker closing a heading line (no full
    stop before it) footnotes the heading itself, so the whole piece, not one sentence."""
    line_start = text.rfind("\n", 0, marker) + 1
    line_end = text.find("\n", marker)
    line_end = len(text) if line_end < 0 else line_end
    heading = text[line_start:marker].rstrip()
    after = text[marker:line_end]
    return (
        bool(_MARKER.fullmatch(after.strip()))
        and not heading.endswith((".", "!", "?"))
        and len(heading) < 300
    )


def _headline_region_end(text: str) -> int:
    """The end of the first few non-empty lines (title, byline, lead, a subheading)."""
    count = 0
    for match in re.finditer(r"[^\n]*\S[^\n]*", text):
        count += 1
        if count == 5:
            return match.end()
    return len(text)


def _with_credit(citation: Citation, author: str | None, translator: str | None) -> Citation:
    return Citation(
        citation.title,
        citation.original_title,
        citation.outlet,
        citation.date,
        citation.url,
        citation.author or author,
        citation.translator or translator,
    )


def _replace_citation(note: Footnote, citation: Citation) -> Footnote:
    return Footnote(
        note.number, note.char_start, note.char_end, note.text, citation, note.title_quote, note.markers
    )


# --- credits, bylines, photo credits ---------------------------------------------------------------


def find_photo_credits(text: str) -> tuple[PhotoCredit, ...]:
    credits = []
    for line in re.finditer(r"[^\n]+", text):
        content = line.group().rstrip()
        tail = _PHOTO_TAIL.search(content)
        if tail is None or len(content) > 240:
            continue
        caption = content[: tail.start()].strip()
        credit = tail.group("credit").strip()
        if caption.endswith((".", "!", "?")) or not caption:
            continue
        if not (_CREDIT_WORDS.search(credit) or load_registry().by_name(credit)):
            continue
        start = line.start() + tail.start("credit")
        credits.append(_photo_credit(caption, credit, start))
    for match in _PHOTO_LINE.finditer(text):
        credit = match.group("credit").strip()
        credits.append(_photo_credit("", credit, match.start("credit")))
    return tuple(sorted(credits, key=lambda c: c.char_start))


def _photo_credit(caption: str, credit: str, start: int) -> PhotoCredit:
    registry = load_registry()
    known = registry.by_name(credit) or registry.by_name(_expand_platform(credit))
    outlet = known.name if known else _expand_platform(credit)
    citation = Citation(title=caption or None, outlet=outlet)
    return PhotoCredit(caption, credit, known.name if known else None, start, start + len(credit), citation)


def _expand_platform(credit: str) -> str:
    words = credit.split()
    if words and words[-1] in _PLATFORM_ABBREVIATIONS:
        return " ".join(words[:-1] + [_PLATFORM_ABBREVIATIONS[words[-1]], "page"])
    return credit

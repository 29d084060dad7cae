"""Credit lines, bylines and dates in an article's text: who wrote it, who translated it, when.

"By | August 19, 2022 | No Comments" under a headline is a byline (author and date); "Original article
by Victoria Kolganova. Translated by Anthony V. Rinna." is a credit (the original's author and the
translator). Ingest records them on the document's meta where the file's own metadata is silent;
the citation reader (`pipeline.quotes.citations`) uses the same parsers. Plain regular expressions:
these are formulaic lines, and every field must be the exact text of the document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from pipeline.core.records import DocumentMeta

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan", "января", "январь"),
            ("february", "feb", "февраля", "февраль"),
            ("march", "mar", "марта", "март"),
            ("april", "apr", "апреля", "апрель"),
            ("may", "мая", "май"),
            ("june", "jun", "июня", "июнь"),
            ("july", "jul", "июля", "июль"),
            ("august", "aug", "августа", "август"),
            ("september", "sep", "sept", "сентября", "сентябрь"),
            ("october", "oct", "октября", "октябрь"),
            ("november", "nov", "ноября", "ноябрь"),
            ("december", "dec", "декабря", "декабрь"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>[A-Za-zА-Яа-яёЁ]{3,9})\.?"
_DATE_PATTERNS = (
    re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b"),
    re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(?P<year>\d{{4}})\b"),
    re.compile(r"\b(?P<year>\d{4})-(?P<mnum>\d{2})-(?P<day>\d{2})\b"),
    re.compile(r"\b(?P<day>\d{1,2})\.(?P<mnum>\d{1,2})\.(?P<year>\d{4})\b"),
)
_NAME = r"[A-ZА-ЯЁ][\w’'-]*\.?(?:\s+(?:[A-ZА-ЯЁ][\w’'-]*\.?|de|van|von|al|bin))*"
_AUTHOR = re.compile(
    rf"\b(?:Original (?:article|text|story|piece) (?:by|written by)|Written by|Автор:?)\s+(?P<name>{_NAME})"
)
_TRANSLATOR = re.compile(
    rf"\b(?:Translated(?: from [A-Z]\w+)?(?: into [A-Z]\w+)? by|Translation by|Translator:|Перевод:?|"
    rf"Перевела?:?)\s+(?P<name>{_NAME})"
)
_BYLINE = re.compile(r"^[ \t]*By\b[ \t]*(?P<author>[^|\n]*?)[ \t]*(?:\|[ \t]*(?P<rest>[^\n]*))?$", re.M)


@dataclass(frozen=True)
class Credit:
    author: str | None
    translator: str | None
    char_start: int
    char_end: int
    text: str
    original: bool = False  # "Original article by X": X wrote the original, not this text


@dataclass(frozen=True)
class Byline:
    author: str | None
    date: str | None  # ISO 8601
    char_start: int
    char_end: int
    text: str


def iso_date(text: str) -> str | None:
    """The first date in text as YYYY-MM-DD ("August 18, 2022", "18 августа 2022", "18.08.2022")."""
    found = find_date(text)
    return found[0] if found else None


def find_date(text: str) -> tuple[str, int, int] | None:
    best: tuple[str, int, int] | None = None
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            iso = _iso(match)
            if iso and (best is None or match.start() < best[1]):
                best = (iso, match.start(), match.end())
                break
    return best


def _iso(match: re.Match) -> str | None:
    groups = match.groupdict()
    month = int(groups["mnum"]) if groups.get("mnum") else _MONTHS.get((groups.get("month") or "").lower())
    day, year = int(groups["day"]), int(groups["year"])
    if not month or not 1 <= month <= 12 or not 1 <= day <= 31:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def find_credit(text: str) -> Credit | None:
    author = _AUTHOR.search(text)
    translator = _TRANSLATOR.search(text)
    if author is None and translator is None:
        return None
    matches = [m for m in (author, translator) if m is not None]
    start = min(m.start() for m in matches)
    end = max(m.end() for m in matches)
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    return Credit(
        author=_clean_name(author.group("name")) if author else None,
        translator=_clean_name(translator.group("name")) if translator else None,
        char_start=line_start,
        char_end=line_end,
        text=text[line_start:line_end].strip(),
        original=bool(author and author.group().lower().startswith("original")),
    )


def _clean_name(name: str) -> str:
    """'Victoria Kolganova.' -> 'Victoria Kolganova'; 'Anthony V. Rinna.' keeps its initial."""
    name = name.strip()
    if name.endswith(".") and not re.search(r"(?:^|\s)[A-ZА-ЯЁ]\.$", name):
        name = name[:-1]
    words = name.split()
    while words and words[-1] in ("Translated", "Translation", "Перевод"):
        words.pop()
    return (
        " ".join(words).rstrip(".")
        if words and not re.fullmatch(r"[A-ZА-ЯЁ]\.", words[-1])
        else " ".join(words)
    )


def find_byline(text: str) -> Byline | None:
    for match in _BYLINE.finditer(text[:3000]):
        author = match.group("author").strip() or None
        rest = match.group("rest") or ""
        date = iso_date(rest) or iso_date(author or "")
        if author and (len(author.split()) > 5 or not author[:1].isupper()):
            continue
        if author is None and date is None:
            continue
        return Byline(
            author if author and not iso_date(author) else None,
            date,
            match.start(),
            match.end(),
            match.group().strip(),
        )
    return None


def with_credits(meta: DocumentMeta, text: str) -> DocumentMeta:
    """META with what the text's byline and credit line say, where META (the file's own metadata)
    says nothing: the date and author of the byline, the translator, the original's author."""
    byline, credit = find_byline(text), find_credit(text)
    found = {
        "date": byline.date if byline else None,
        "author": (byline.author if byline else None) or (credit.author if credit and not credit.original else None),
        "translator": credit.translator if credit else None,
        "original_author": credit.author if credit and credit.original else None,
    }
    return replace(meta, **{k: v for k, v in found.items() if v and getattr(meta, k) is None})

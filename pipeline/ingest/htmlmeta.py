"""A page's metadata: what its own <meta> tags state, completed by trafilatura's metadata.

Per field, the source that did better on the development pages of benchmarks/bench_html.py goes
first: the title from Open Graph / Twitter / Dublin Core / <title> (trafilatura's keeps the site
suffix, "... | CNN Politics"); the author from trafilatura (bylines and JSON-LD, with its
blacklist of non-names; <meta name=author> often holds a Facebook URL or the publisher); the date
from the page's own ISO 8601 or RFC 2822 date with its time of day, else htmldate's date (from
structured markup only: a date the page does not state stays null).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import re
from collections.abc import Iterator

from pipeline.core.records import DocumentMeta

_DATE_KEYS = ("article:published_time", "datepublished", "date", "pubdate", "dc.date", "dc.date.issued",
              "publish-date", "sailthru.date")


def page_meta(root, extracted) -> DocumentMeta:
    """The page's metadata: our own reading of its tags first, trafilatura's where that is better
    or ours is missing (`extracted` is trafilatura's Document, or None)."""
    own = own_meta(root)
    theirs = trafilatura_meta(extracted)
    return DocumentMeta(
        title=own.title or theirs.title,
        url=own.url or theirs.url,
        outlet=own.outlet or theirs.outlet,
        date=own.date or theirs.date,
        lang=own.lang,
        author=theirs.author,
        translator=own.translator,
    )


def own_meta(root) -> DocumentMeta:
    metas = _meta_map(root)

    def first(*keys: str) -> str | None:
        return next((metas[k] for k in keys if metas.get(k)), None)

    title = first("og:title", "twitter:title", "dc.title") or element_text(root.find(".//title"))
    canonical = root.find(".//link[@rel='canonical']")
    url = first("og:url") or (canonical.get("href") if canonical is not None else None)
    time_element = root.find(".//time[@datetime]")
    date = (first(*_DATE_KEYS) or _json_ld_date(root)
            or (time_element.get("datetime") if time_element is not None else None))
    lang = root.get("lang") or root.get("xml:lang") or first("content-language", "og:locale", "dc.language")
    author = first("author", "article:author", "dc.creator") or element_text(root.find(".//a[@rel='author']"))
    return DocumentMeta(
        title=title or element_text(root.find(".//h1")),
        url=_web_address(url),
        outlet=first("og:site_name", "application-name"),
        date=iso_date(date),
        lang=normalize_lang(lang),
        author=None if author is None or _web_address(author) else author,
        translator=first("translator", "citation_translator", "dc.contributor.translator"),
    )


def _json_ld_date(root) -> str | None:
    """schema.org's datePublished from the page's JSON-LD (the first one that is a date)."""
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except (ValueError, RecursionError):
            continue
        date = next((d for d in _values_of(data, "datePublished") if iso_date(d)), None)
        if date:
            return date
    return None


def _values_of(data, key: str, depth: int = 0) -> Iterator[str]:
    if depth > 8:
        return
    if isinstance(data, dict):
        if isinstance(data.get(key), str):
            yield data[key]
        for value in data.values():
            yield from _values_of(value, key, depth + 1)
    elif isinstance(data, list):
        for item in data:
            yield from _values_of(item, key, depth + 1)


def trafilatura_meta(extracted) -> DocumentMeta:
    if extracted is None:
        return DocumentMeta()
    author = extracted.author
    return DocumentMeta(
        title=extracted.title or None,
        url=_web_address(extracted.url),
        outlet=extracted.sitename or None,
        date=iso_date(extracted.date),
        author=", ".join(name.strip() for name in author.split(";")) if author else None,
    )


def _meta_map(root) -> dict[str, str]:
    found: dict[str, str] = {}
    for meta in root.iter("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("http-equiv") or meta.get("itemprop")
        content = (meta.get("content") or "").strip()
        if key and content:
            found.setdefault(key.strip().lower(), content)
    return found


def element_text(element) -> str | None:
    if element is None:
        return None
    text = " ".join(" ".join(element.itertext()).split())  # a space where inline elements meet
    return text or None


def _web_address(value: str | None) -> str | None:
    return value if value and re.match(r"https?://\S+$", value.strip()) else None


def normalize_lang(value: str | None) -> str | None:
    """'en-US', 'ru_RU', 'RU' -> 'en', 'ru'; None stays None."""
    if not value:
        return None
    primary = re.split(r"[-_]", value.strip())[0].lower()
    return primary if re.fullmatch(r"[a-z]{2,3}", primary) else None


def iso_date(value: str | None) -> str | None:
    """An ISO 8601 date (YYYY-MM-DD) or date-time (with its offset when the page gives one) from an
    ISO 8601 or RFC 2822 value; None for anything else, so no date is ever a guess."""
    if not value:
        return None
    value = value.strip()
    parsed = _from_iso(value) or _from_rfc2822(value)
    if parsed is None or not 1900 <= parsed.year <= 2100:
        return None
    if len(value) <= 10 and parsed.time() == dt.time(0) and parsed.tzinfo is None:
        return parsed.date().isoformat()
    return parsed.isoformat()


def _from_iso(value: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _from_rfc2822(value: str) -> dt.datetime | None:
    try:
        return email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None

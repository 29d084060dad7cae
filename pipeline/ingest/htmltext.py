"""HTML to article text and metadata, with lxml.

The parser never touches the network, never decompresses, and libxml2's HTML mode loads no DTD, so
only the predefined HTML character entities (&amp; &eacute; ...) are expanded. The main text is the
`<article>` (or `<main>`) when the page has one, otherwise the element holding the most paragraph
text; navigation, share bars, comment forms, related-post lists and similar are dropped first.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import lxml.etree
import lxml.html

from pipeline.core.records import DocumentMeta

_PARSER = lxml.html.HTMLParser(
    no_network=True, remove_comments=True, remove_pis=True, decompress=False, recover=True, huge_tree=False
)
_LOOKS_LIKE_HTML = re.compile(
    r"<\s*(!doctype\s+html|html|head|body|p|div|article|main|span|a|h[1-6]|meta|title)\b", re.I
)

_DROP_TAGS = {
    "script", "style", "noscript", "template", "svg", "iframe", "object", "embed", "canvas",
    "form", "button", "input", "select", "textarea", "label", "nav", "aside", "footer", "dialog",
}
_DROP_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "dialog", "menu"}
_BOILERPLATE_CLASS = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|navigation|menu|share|sharing|sharedaddy|social|comments?|respond|reply|"
    r"related|relatedposts|footer|sidebar|widget|cookies?|newsletter|subscribe|subscription|breadcrumbs?|"
    r"advert|advertisement|ads?|promo|popup|modal|login|signup|pagination|akismet|post-navigation)(?:$|[\s_-])",
    re.I,
)
_BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "header", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol",
    "li", "blockquote", "pre", "table", "tr", "figure", "figcaption", "dl", "dt", "dd", "hr", "address",
    "details", "summary", "caption", "center",
}


class NotHtmlError(ValueError):
    pass


@dataclass(frozen=True)
class HtmlContent:
    meta: DocumentMeta
    text: str


def html_to_content(markup: str) -> HtmlContent:
    if not _LOOKS_LIKE_HTML.search(markup[:65536]):
        raise NotHtmlError("not HTML (no HTML tags found)")
    try:
        root = lxml.html.document_fromstring(markup, parser=_PARSER)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise NotHtmlError(f"not parseable as HTML ({exc})") from exc
    meta = extract_meta(root)
    text = main_text(root)
    if not text.strip():
        raise NotHtmlError("HTML page has no article text")
    return HtmlContent(meta, text)


# --- metadata ------------------------------------------------------------------------------------


def extract_meta(root) -> DocumentMeta:
    metas = _meta_map(root)

    def first(*keys: str) -> str | None:
        return next((metas[k] for k in keys if metas.get(k)), None)

    title = first("og:title", "twitter:title", "dc.title") or _text_of(root.find(".//title"))
    if not title:
        title = _text_of(root.find(".//h1"))
    canonical = root.find(".//link[@rel='canonical']")
    url = first("og:url") or (canonical.get("href") if canonical is not None else None)
    time_element = root.find(".//time[@datetime]")
    date = first("article:published_time", "date", "pubdate", "dc.date", "datepublished", "publish-date")
    if not date and time_element is not None:
        date = time_element.get("datetime")
    lang = root.get("lang") or root.get("xml:lang") or first("content-language", "og:locale", "dc.language")
    return DocumentMeta(
        title=title,
        url=url,
        outlet=first("og:site_name", "publisher", "application-name"),
        date=normalize_date(date),
        lang=normalize_lang(lang),
        author=first("author", "article:author", "dc.creator") or _rel_author(root),
        translator=first("translator", "citation_translator", "dc.contributor.translator"),
    )


def _meta_map(root) -> dict[str, str]:
    found: dict[str, str] = {}
    for meta in root.iter("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("http-equiv") or meta.get("itemprop")
        content = (meta.get("content") or "").strip()
        if key and content:
            found.setdefault(key.strip().lower(), content)
    return found


def _rel_author(root) -> str | None:
    link = root.find(".//a[@rel='author']")
    return _text_of(link)


def _text_of(element) -> str | None:
    if element is None:
        return None
    text = " ".join(element.text_content().split())
    return text or None


def normalize_lang(value: str | None) -> str | None:
    """'en-US', 'ru_RU', 'RU' -> 'en', 'ru'; None stays None."""
    if not value:
        return None
    primary = re.split(r"[-_]", value.strip())[0].lower()
    return primary if re.fullmatch(r"[a-z]{2,3}", primary) else None


def normalize_date(value: str | None) -> str | None:
    """ISO 8601 when the value parses as a date or date-time; otherwise the value as given."""
    if not value:
        return None
    value = value.strip()
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value
    if parsed.time() == dt.time(0) and parsed.tzinfo is None and len(value) <= 10:
        return parsed.date().isoformat()
    return parsed.isoformat()


# --- main text -----------------------------------------------------------------------------------


def main_text(root) -> str:
    headline = root.find(".//h1")
    headline_text = _text_of(headline)
    _drop_boilerplate(root)
    container = _main_container(root)
    text = "\n\n".join(_blocks(container))
    if headline_text and headline_text not in text:
        text = f"{headline_text}\n\n{text}"
    return text


def _drop_boilerplate(root) -> None:
    doomed = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower()
        marker = f"{element.get('class', '')} {element.get('id', '')}"
        if (
            tag in _DROP_TAGS
            or (element.get("role") or "").lower() in _DROP_ROLES
            or (tag == "header" and element.getparent() is not None and _is_page_level(element))
            or (tag not in {"html", "body", "article", "main"} and _BOILERPLATE_CLASS.search(marker))
        ):
            doomed.append(element)
    for element in doomed:
        if element.getparent() is not None:
            element.drop_tree()


def _is_page_level(header) -> bool:
    return not any(ancestor.tag in {"article", "main"} for ancestor in header.iterancestors())


def _main_container(root):
    for tag in ("article", "main"):
        candidates = root.findall(f".//{tag}")
        if candidates:
            return max(candidates, key=lambda element: len(element.text_content()))
    role_main = root.find(".//*[@role='main']")
    if role_main is not None:
        return role_main
    return _densest_container(root)


def _densest_container(root):
    """The element whose paragraphs hold the most text (a parent gets a paragraph's full length,
    a grandparent half), the heuristic readability-style extractors use."""
    scores: dict = {}
    for paragraph in root.iter("p", "pre", "blockquote"):
        length = len(" ".join(paragraph.text_content().split()))
        parent = paragraph.getparent()
        if parent is None:
            continue
        scores[parent] = scores.get(parent, 0) + length
        grandparent = parent.getparent()
        if grandparent is not None:
            scores[grandparent] = scores.get(grandparent, 0) + length / 2
    body = root.find(".//body")
    if not scores:
        return body if body is not None else root
    return max(scores, key=scores.get)


def _blocks(element) -> list[str]:
    """The element's text as paragraphs: block elements separate, inline ones join, <br> breaks a line."""
    pieces: list[str] = []
    _walk(element, pieces)
    paragraphs = []
    for raw in "".join(pieces).split("\x00"):
        lines = [" ".join(line.split()) for line in raw.split("\n")]
        paragraph = "\n".join(line for line in lines if line)
        if paragraph:
            paragraphs.append(paragraph)
    return paragraphs


def _walk(element, pieces: list[str]) -> None:
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    block = tag in _BLOCK_TAGS
    if block:
        pieces.append("\x00")
    if tag == "br":
        pieces.append("\n")
    if element.text and tag:
        pieces.append(element.text.replace("\n", " "))
    for child in element:
        _walk(child, pieces)
        if child.tail:
            pieces.append(child.tail.replace("\n", " "))
    if block:
        pieces.append("\x00")

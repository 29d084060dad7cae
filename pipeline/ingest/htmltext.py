"""HTML to article text and metadata: a safe lxml parse, then trafilatura on the parsed tree.

Safety: the page is parsed here, never by trafilatura, with libxml2's HTML parser set to no network,
no decompression and no huge trees (depth 256, text nodes of 10 MB at most). HTML mode loads no
DTD, so only HTML's predefined character references (&amp; &eacute; ...) are expanded: no external
entities (XXE), no billion laughs. trafilatura receives the parsed tree (so its own byte decoding
and gzip/brotli/zstd decompression never run), is never given a URL to fetch, and htmldate runs
without its extensive free-text date search. The main text is trafilatura's; paragraphs and
line breaks survive; the page's headline opens the text so quotes in it keep honest offsets.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

import lxml.etree
import lxml.html

from pipeline.core.records import DocumentMeta
from pipeline.ingest.htmlmeta import element_text, page_meta

# trafilatura and htmldate log every page they discard; our own one-line errors and warnings say it.
for _name in ("trafilatura", "htmldate", "courlan", "justext"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)

_LOOKS_LIKE_HTML = re.compile(
    r"<\s*(!doctype\s+html|html|head|body|p|div|article|main|span|a|h[1-6]|meta|title)\b", re.I
)
# lxml refuses a str that declares its encoding; the text is already decoded, so the declaration goes.
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_DEPTH_LIMIT = "Excessive depth in document"

MIN_ARTICLE_WORDS = 50  # below this a page "yields almost no article text" and is reported
_BLOCKS = {"p", "head", "quote", "list", "item", "table", "row", "code", "div", "ab", "fw"}
_NO_SPACE_SCRIPTS = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


class NotHtmlError(ValueError):
    pass


@dataclass(frozen=True)
class Extractor:
    """How trafilatura is run. `fast` skips its fallback extractors (readability, jusText);
    `precision` prefers less text when unsure. The defaults were chosen on the development half of
    benchmarks/bench_html.py (see docs/ingest.md)."""

    fast: bool = True
    precision: bool = True


DEFAULT_EXTRACTOR = Extractor()


@dataclass(frozen=True)
class HtmlContent:
    meta: DocumentMeta
    text: str
    warning: str | None = None  # why the text may not be the whole article


def html_to_content(markup: str, extractor: Extractor | None = None) -> HtmlContent:
    root, parser_limit = parse_html(markup)
    result = run_trafilatura(root, extractor or DEFAULT_EXTRACTOR)
    meta = page_meta(root, result)
    paragraphs = body_paragraphs(result.body if result is not None else None)
    if not paragraphs:  # a headline alone is not an article
        raise NotHtmlError(f"{parser_limit}: no article text before it" if parser_limit
                           else f"HTML page has no article text: {why_little_text(root)}")
    headline = page_headline(root, meta.title)
    if headline and not _same_text(paragraphs[0], headline):
        paragraphs.insert(0, headline)
    text = "\n\n".join(paragraphs)
    warning = f"{parser_limit}: the text past it was not read" if parser_limit else thin_text_warning(root, text)
    return HtmlContent(meta, text, warning)


# --- parsing -------------------------------------------------------------------------------------


def parse_html(markup: str):
    """The page's tree and, when libxml2 stopped early at one of its limits, a line that says so."""
    if not _LOOKS_LIKE_HTML.search(markup[:65536]):
        raise NotHtmlError("not HTML (no HTML tags found)")
    parser = lxml.html.HTMLParser(
        no_network=True, remove_comments=True, remove_pis=True, decompress=False, recover=True, huge_tree=False,
        collect_ids=False,
    )
    try:
        root = lxml.html.document_fromstring(_XML_DECLARATION.sub("", markup, count=1), parser=parser)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise NotHtmlError(f"not parseable as HTML ({exc})") from exc
    return root, _parser_limit(parser)


def _parser_limit(parser) -> str | None:
    for error in parser.error_log:
        if error.type_name == "ERR_RESOURCE_LIMIT":
            if _DEPTH_LIMIT in error.message:
                return "HTML nested deeper than 256 elements (the parser's depth limit)"
            return f"the HTML parser stopped at one of its limits ({error.message.strip()})"
    return None


def run_trafilatura(root, extractor: Extractor):
    """trafilatura's Document (body tree and metadata) for the parsed page, or None if it found nothing.
    It copies the tree it is given, so `root` stays intact for our own metadata."""
    import trafilatura  # on first use: it costs most of a second, and only web pages need it

    return trafilatura.bare_extraction(
        root, fast=extractor.fast, favor_precision=extractor.precision, include_comments=False,
        include_tables=True, include_images=False, include_formatting=False, include_links=False,
        with_metadata=True, date_extraction_params={"original_date": True, "extensive_search": False},
    )


# --- text ----------------------------------------------------------------------------------------


def body_paragraphs(body) -> list[str]:
    """trafilatura's body tree as paragraphs: each block (paragraph, heading, quote, list item, table
    row) its own paragraph, <lb/> a line break inside one, table cells joined by ' | '."""
    if body is None:
        return []
    pieces: list[str] = []
    _walk(body, pieces)
    paragraphs = []
    for raw in "".join(pieces).split("\x00"):
        lines = [" ".join(line.split()) for line in raw.split("\n")]
        paragraph = "\n".join(line for line in lines if line)
        if paragraph:
            paragraphs.append(paragraph)
    return paragraphs


def _walk(element, pieces: list[str]) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    block = tag in _BLOCKS
    if block:
        pieces.append("\x00")
    if tag == "lb":
        pieces.append("\n")
    elif tag == "cell" and element.getprevious() is not None:
        pieces.append(" | ")
    if element.text and tag:
        pieces.append(element.text.replace("\n", " "))
    for child in element:
        _walk(child, pieces)
        if child.tail:
            pieces.append(child.tail.replace("\n", " "))
    if block:
        pieces.append("\x00")


def page_headline(root, title: str | None) -> str | None:
    """The headline a reader sees: the first <h1> that is most of the page's title (not a site logo's
    "CNN" in an <h1>), else the title itself."""
    title_words = set(_words(title or ""))
    for heading in root.iter("h1"):
        text = element_text(heading) or ""
        words = _words(text)
        shared = sum(word in title_words for word in words)
        if words and shared >= 0.6 * len(words) and shared >= 0.4 * len(title_words):
            return text
    return " ".join(title.split()) if title else None


def _same_text(paragraph: str, headline: str) -> bool:
    return _words(paragraph) == _words(headline)


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def word_count(text: str) -> int:
    """Words, counting two characters of a script written without spaces (Chinese, Thai ...) as one."""
    unspaced = len(_NO_SPACE_SCRIPTS.findall(text))
    return len(re.findall(r"\w+", _NO_SPACE_SCRIPTS.sub(" ", text))) + unspaced // 2


# --- pages with almost no article text -----------------------------------------------------------

# A refresh within seconds to another address is a redirect; CNN's "1800; url=?refresh=1" is not.
_REFRESH = re.compile(r"^\s*(\d{1,2})(?:\.\d*)?\s*[;,]\s*url\s*=\s*['\"]?([^'\"\s]+)", re.I)
_REDIRECT_SECONDS = 10


def thin_text_warning(root, text: str) -> str | None:
    """Why a page gave fewer than MIN_ARTICLE_WORDS words of article text, or None if it gave enough."""
    words = word_count(text)
    if words >= MIN_ARTICLE_WORDS:
        return None
    return f"little article text ({_n_words(words)}): {why_little_text(root)}"


def why_little_text(root) -> str:
    redirect = _refresh_target(root)
    if redirect:
        return f"the page redirects to {redirect} (a meta refresh)"
    page_words = word_count(_visible_text(root))
    if page_words < 2 * MIN_ARTICLE_WORDS:
        return f"the page holds {_n_words(page_words)} in all (built by scripts, a redirect or an error page?)"
    return f"the page holds {_n_words(page_words)} but no article (a front page, a list, a gallery or a paywall?)"


def _n_words(count: int) -> str:
    return f"{count} word" if count == 1 else f"{count} words"


def _refresh_target(root) -> str | None:
    for meta in root.iter("meta"):
        if (meta.get("http-equiv") or "").lower() == "refresh":
            match = _REFRESH.match(meta.get("content") or "")
            if match and int(match.group(1)) <= _REDIRECT_SECONDS:  # the page's words go on stderr: printable only
                return "".join(ch for ch in match.group(2)[:200] if ch.isprintable())
    return None


def _visible_text(root) -> str:
    body = root.find("body")
    if body is None:
        return ""
    hidden = {"script", "style", "noscript", "template"}
    pieces = []
    for element in body.iter():
        if isinstance(element.tag, str) and element.tag not in hidden and element.text:
            pieces.append(element.text)
        if element.tail and element is not body:
            pieces.append(element.tail)
    return " ".join(pieces)

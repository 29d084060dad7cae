"""The detect stage: the language of every quote, bracketed original title and document.

Short strings are the norm, so each text is detected with its context: the outlet that carried it
and its URL (a footnote's Kommersant link says Russian), the document's declared language, the
language detected for the whole document (the `language` stage), and the paragraph around it. A
text that stays ambiguous keeps a low confidence and names its candidates.
"""

from __future__ import annotations

from dataclasses import replace

from pipeline.core.records import (
    Document,
    LanguageCandidate,
    LanguageLabel,
    Original,
    ProvenanceRecord,
    QuoteKind,
)
from pipeline.langid.detect import Detection, Hints, detect, detect_many
from pipeline.quotes.citations import bracketed_title_start

# The stage's own reading around the detector: 2 gives a quote inside a bracketed original title those
# words themselves as their original, not the whole title, and 3 the title's language as theirs
# (`_with_bracketed_original`).
VERSION = "3"
ENGLISH = "en"  # the language the pipeline compares everything against
# Characters of a document that decide its language. 1,500 give the language that 4,000 gave to each of
# 1,762 documents (the link benchmark's batches, PolNeAR, the seeds) and to each of NTREX-128's 984
# articles in seven close languages, in half the time (docs/detect.md).
DOCUMENT_SAMPLE = 1500
CONTEXT_CHARS = 300


def label(detection: Detection) -> LanguageLabel:
    candidates = tuple(LanguageCandidate(lang, p) for lang, p in detection.candidates)
    return LanguageLabel(detection.lang, detection.confidence, detection.reason, detection.evidence, candidates)


def document_language(document: Document) -> LanguageLabel:
    meta = document.meta
    hints = Hints(outlet=meta.outlet, url=meta.url, lang=meta.lang)
    return label(detect(document.text[:DOCUMENT_SAMPLE], hints))


def label_records(
    document: Document, records: tuple[ProvenanceRecord, ...], language: LanguageLabel | None = None
) -> tuple[ProvenanceRecord, ...]:
    """Each record with `language` set; a translated title also gets its bracketed original.
    `language` is the document's own (from `document_language`): a hint for every quote in it."""
    meta = document.meta
    detected = (language.lang, language.confidence) if language and language.lang else None
    hints = [
        Hints(outlet=record.outlet or meta.outlet, url=meta.url, lang=meta.lang,
              context=_context(document.text, record.quote.char_start, record.quote.char_end),
              document=detected)
        for record in records
    ]
    detections = detect_many([record.quote.text for record in records], hints)
    labelled = [replace(record, language=label(found)) for record, found in zip(records, detections, strict=True)]
    return tuple(_with_bracketed_original(document, record) for record in labelled)


def _with_bracketed_original(document: Document, record: ProvenanceRecord) -> ProvenanceRecord:
    """A title given in English with its original in brackets is linked to those words directly (a
    quote inside the English title too: the link stage narrows it to the words that render it). A quote
    inside the bracketed original itself («…» in a Russian headline) is its own original: those words,
    in the title's language, which is also the quote's ("Циркон" alone names none)."""
    citation = record.citation
    if record.quote.kind is not QuoteKind.TITLE or citation is None or not citation.original_title:
        return record
    quote, title = record.quote, citation.original_title
    found = detect(title, Hints(outlet=citation.outlet, url=citation.url))
    if bracketed_title_start(document.text, title, quote.char_start, quote.char_end) is not None:
        original = Original(quote.text, found.lang, found.confidence, document.id, quote.char_start, quote.char_end,
                            found.evidence)
        return replace(record, original=original, language=label(found))  # a name alone names no language
    start = document.text.find(title, quote.char_end)
    original = Original(
        text=title,
        lang=found.lang,
        lang_confidence=found.confidence,
        document=document.id if start >= 0 else None,
        char_start=start if start >= 0 else None,
        char_end=start + len(title) if start >= 0 else None,
        lang_evidence=found.evidence,
    )
    return replace(record, original=original)


def _context(text: str, start: int, end: int) -> str:
    """The quote's surroundings, without the quote itself (its own words are the evidence)."""
    return f"{text[max(0, start - CONTEXT_CHARS) : start]} {text[end : end + CONTEXT_CHARS]}".strip()

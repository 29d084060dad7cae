"""The link stage: each English quote linked to the words it renders in an original-language source.

The original is searched in the document the quote's citation points to, when that document is in
the run (matched by URL, then by title), and otherwise among all the run's source documents in
other languages, through one index per language (a lookup, not a loop over all pairs). The record
says which in `alignment.method`. A quote that is itself in a foreign language is its own original.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from pipeline.core.records import Alignment, Document, Original, ProvenanceRecord, QuoteKind
from pipeline.link.locate import Location, SourceIndex
from pipeline.stages.languages import ENGLISH, document_language

BRACKETED = Alignment(1.0, "bracketed-original")
SAME_TEXT = Alignment(1.0, "original-language-quote")


@dataclass
class Sources:
    """The run's non-English documents, indexed per language, and how citations reach them."""

    indexes: dict[str, SourceIndex] = field(default_factory=dict)
    languages: dict[str, tuple[str, float | None, tuple[str, ...]]] = field(default_factory=dict)
    by_url: dict[str, str] = field(default_factory=dict)
    by_title: dict[str, str] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    single: dict[str, SourceIndex] = field(default_factory=dict)  # one-document indexes, built on demand

    def index_of(self, doc_id: str) -> SourceIndex:
        """An index over one cited document, built once however many articles cite it."""
        if doc_id not in self.single:
            self.single[doc_id] = SourceIndex()
            self.single[doc_id].add(doc_id, self.texts[doc_id], self.languages[doc_id][0])
        return self.single[doc_id]


def build_sources(documents: Iterator[Document]) -> Sources:
    sources = Sources()
    for document in documents:
        language = document_language(document)
        if language.lang in (None, ENGLISH):
            continue
        sources.languages[document.id] = (language.lang, language.confidence, language.evidence)
        sources.texts[document.id] = document.text
        sources.indexes.setdefault(language.lang, SourceIndex()).add(document.id, document.text, language.lang)
        if document.meta.url:
            sources.by_url[normalize_url(document.meta.url)] = document.id
        if document.meta.title:
            sources.by_title[_fold(document.meta.title)] = document.id
    return sources


def link_records(records: tuple[ProvenanceRecord, ...], corpus: Sources) -> tuple[ProvenanceRecord, ...]:
    linked = list(records)
    searches: dict[str | None, list[int]] = defaultdict(list)  # cited document (None: any) -> records
    for index, record in enumerate(records):
        if record.original is not None:
            linked[index] = replace(record, alignment=BRACKETED)
        elif _foreign(record):
            linked[index] = _own_original(record)
        elif _searchable(record):
            searches[_cited_document(record, corpus)].append(index)
    for cited, indexes in searches.items():
        quotes = [records[i].quote.text for i in indexes]
        for index, (doc_id, location, method) in zip(indexes, _locate(quotes, cited, corpus), strict=True):
            if location is not None and location.char_start is not None:
                linked[index] = replace(records[index], original=_original(doc_id, location, corpus),
                                        alignment=Alignment(round(location.score, 4), method))
    return tuple(linked)


def _foreign(record: ProvenanceRecord) -> bool:
    return record.language is not None and record.language.lang not in (None, ENGLISH)


def _searchable(record: ProvenanceRecord) -> bool:
    return record.quote.kind is not QuoteKind.TITLE and record.language is not None and record.language.lang == ENGLISH


def _own_original(record: ProvenanceRecord) -> ProvenanceRecord:
    quote, language = record.quote, record.language
    original = Original(quote.text, language.lang, language.confidence, quote.document, quote.char_start,
                        quote.char_end, language.evidence)
    return replace(record, original=original, alignment=SAME_TEXT)


def _cited_document(record: ProvenanceRecord, corpus: Sources) -> str | None:
    citation = record.citation
    if citation is None:
        return None
    if citation.url and normalize_url(citation.url) in corpus.by_url:
        return corpus.by_url[normalize_url(citation.url)]
    for title in (citation.original_title, citation.title):
        if title and _fold(title) in corpus.by_title:
            return corpus.by_title[_fold(title)]
    return None


def _locate(quotes: list[str], cited: str | None, corpus: Sources) -> list[tuple[str | None, Location | None, str]]:
    if cited is not None:
        return [(cited, hits[0][1] if hits else None, "usem3-locate:cited-document")
                for hits in corpus.index_of(cited).search_many(quotes, ENGLISH, k=1)]
    best: list[tuple[str | None, Location | None, str]] = [(None, None, "")] * len(quotes)
    for lang, index in sorted(corpus.indexes.items()):
        for position, hits in enumerate(index.search_many(quotes, ENGLISH, k=1)):
            if hits and (best[position][1] is None or hits[0][1].score > best[position][1].score):
                best[position] = (hits[0][0], hits[0][1], f"usem3-locate:index-{lang}")
    return best


def _original(doc_id: str, location: Location, corpus: Sources) -> Original:
    lang, confidence, evidence = corpus.languages[doc_id]
    return Original(location.text, lang, confidence, doc_id, location.char_start, location.char_end, evidence)


def normalize_url(url: str) -> str:
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").removeprefix("www.")
    return f"{host}{parts.path.rstrip('/')}".lower()


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())

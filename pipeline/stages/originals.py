"""The pair and link stages: which document each document translates, and each quote linked to the
words it renders in its original (`pipeline.link.pairing`, `pipeline.link.linking`).

Both look across the batch: they share one `Corpus` (every sentence encoded once), built from all
the run's documents with their detected languages, and their cache keys depend on the whole batch.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pipeline.core.records import Document, ProvenanceRecord, QuoteKind, TranslationOf
from pipeline.link.corpus import Corpus, build_corpus
from pipeline.link.linking import link_records
from pipeline.link.pairing import pair_all
from pipeline.quotes.attribute import Attribution
from pipeline.quotes.outlets import credited_to_unnamed_outlet, identities


def corpus_of(items: Iterator[tuple[Document, dict[str, Any]]]) -> Corpus:
    """The batch's corpus, each document with the outlets it quotes as speakers (from `attributions`),
    and its quotes credited to a publication it does not name."""
    quoted: dict[str, tuple[frozenset[str], tuple[tuple[int, int], ...]]] = {}

    def documents() -> Iterator[Document]:
        for document, reads in items:
            quoted[document.id] = (quoted_outlets(reads["attributions"]),
                                   unnamed_outlet_quotes(document, reads["attributions"]))
            yield document

    corpus = build_corpus(documents())
    for doc_id, (outlets, unnamed) in quoted.items():
        if doc_id in corpus.documents:
            corpus.documents[doc_id].quoted_outlets = outlets
            corpus.documents[doc_id].unnamed_outlet_quotes = unnamed
    return corpus


def quoted_outlets(attributions: tuple[Attribution, ...]) -> frozenset[str]:
    """The outlets a document gives words to as their own: the speaker of a quote is the outlet."""
    return frozenset().union(*(identities(name=a.speaker) for a in attributions
                               if a.role == "outlet" and a.speaker))


def unnamed_outlet_quotes(document: Document, attributions: tuple[Attribution, ...]) -> tuple[tuple[int, int], ...]:
    """The spans of the document's quotes credited to a publication it does not name ("“…,” the newspaper
    reported"), whoever the attribution took for their speaker."""
    return tuple((a.quote.char_start, a.quote.char_end) for a in attributions if a.kind != QuoteKind.TITLE
                 and credited_to_unnamed_outlet(document.text, a.quote.char_start, a.quote.char_end))


def pair_document(document: Document, corpus: Corpus) -> TranslationOf | None:
    return pair_all(corpus).get(document.id)


def link_document(
    records: tuple[ProvenanceRecord, ...], translation_of: TranslationOf | None, corpus: Corpus
) -> tuple[ProvenanceRecord, ...]:
    return link_records(records, translation_of, corpus)

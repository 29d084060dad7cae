"""The pair and link stages: which document each document translates, and each quote linked to the
words it renders in its original (`pipeline.link.pairing`, `pipeline.link.linking`).

Both look across the batch: they share one `Corpus` (every sentence encoded once), built from all
the run's documents with their detected languages, and their cache keys depend on the whole batch.
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.core.records import Document, ProvenanceRecord, TranslationOf
from pipeline.link.corpus import Corpus, build_corpus
from pipeline.link.linking import link_records
from pipeline.link.pairing import pair_all


def corpus_of(documents: Iterator[Document]) -> Corpus:
    return build_corpus(documents)


def pair_document(document: Document, corpus: Corpus) -> TranslationOf | None:
    return pair_all(corpus).get(document.id)


def link_document(
    records: tuple[ProvenanceRecord, ...], translation_of: TranslationOf | None, corpus: Corpus
) -> tuple[ProvenanceRecord, ...]:
    return link_records(records, translation_of, corpus)

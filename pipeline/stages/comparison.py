"""The compare stage: the published English against its original (and the machine translation),
read with the article around the quote, and each record's final status."""

from __future__ import annotations

from dataclasses import replace

from pipeline.checks import vectors
from pipeline.checks.compare import compare
from pipeline.checks.entities import nearby_text
from pipeline.core.records import Document, ProvenanceRecord, has_confident_original
from pipeline.link import encoder
from pipeline.link.corpus import fold
from pipeline.outputs.record import status_of
from pipeline.stages.languages import ENGLISH

# The stage's own choice of what to compare: 2 leaves out a quote in its original's language or words.
VERSION = "2"


def compare_records(document: Document, records: tuple[ProvenanceRecord, ...]) -> tuple[ProvenanceRecord, ...]:
    return tuple(_finished(_compared(document, record)) for record in records)


def _compared(document: Document, record: ProvenanceRecord) -> ProvenanceRecord:
    original = record.original
    if not has_confident_original(record) or original.lang in (None, ENGLISH) or _renders_nothing(record):
        return record
    second = record.machine_translation.text if record.machine_translation else None
    quote = record.quote
    nearby = nearby_text(document.text, quote.char_start, quote.char_end)
    comparison = compare(original.text, quote.text, second=second, src_lang=original.lang, tgt_lang=ENGLISH,
                         nearby=nearby)
    return replace(record, comparison=comparison)


def release_models() -> None:
    """What the comparison, the last stage to encode, leaves loaded: the vectors of the texts it
    compared, and the sentence encoder that pair and link loaded first."""
    vectors.forget()
    encoder.release()


def _renders_nothing(record: ProvenanceRecord) -> bool:
    """A quote in its original's language, or in its very words (its own original, or a phrase of a
    bracketed Russian headline found again in the source's headline: «Циркон», whose one word names no
    language), is no translation: there is nothing to compare."""
    original, label = record.original, record.language
    return (label is not None and label.lang == original.lang) or fold(record.quote.text) == fold(original.text)


def _finished(record: ProvenanceRecord) -> ProvenanceRecord:
    return replace(record, status=status_of(record))

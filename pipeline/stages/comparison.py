"""The compare stage: the published English against its original (and the machine translation),
read with the article around the quote, and each record's final status."""

from __future__ import annotations

from dataclasses import replace

from pipeline.checks.compare import compare
from pipeline.checks.entities import nearby_text
from pipeline.core.records import Document, ProvenanceRecord, has_confident_original
from pipeline.outputs.record import status_of
from pipeline.stages.languages import ENGLISH


def compare_records(document: Document, records: tuple[ProvenanceRecord, ...]) -> tuple[ProvenanceRecord, ...]:
    return tuple(_finished(_compared(document, record)) for record in records)


def _compared(document: Document, record: ProvenanceRecord) -> ProvenanceRecord:
    original = record.original
    if not has_confident_original(record) or original.lang in (None, ENGLISH) or _is_own_original(record):
        return record
    second = record.machine_translation.text if record.machine_translation else None
    quote = record.quote
    nearby = nearby_text(document.text, quote.char_start, quote.char_end)
    comparison = compare(original.text, quote.text, second=second, src_lang=original.lang, tgt_lang=ENGLISH,
                         nearby=nearby)
    return replace(record, comparison=comparison)


def _is_own_original(record: ProvenanceRecord) -> bool:
    original = record.original
    return original.document == record.quote.document and original.char_start == record.quote.char_start


def _finished(record: ProvenanceRecord) -> ProvenanceRecord:
    return replace(record, status=status_of(record))

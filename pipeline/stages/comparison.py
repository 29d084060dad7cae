"""The compare stage: the published English against its original (and the machine translation),
and each record's final status."""

from __future__ import annotations

from dataclasses import replace

from pipeline.checks.compare import compare
from pipeline.core.records import ProvenanceRecord, has_confident_original
from pipeline.outputs.record import status_of
from pipeline.stages.languages import ENGLISH


def compare_records(records: tuple[ProvenanceRecord, ...]) -> tuple[ProvenanceRecord, ...]:
    return tuple(_finished(_compared(record)) for record in records)


def _compared(record: ProvenanceRecord) -> ProvenanceRecord:
    original = record.original
    if not has_confident_original(record) or original.lang in (None, ENGLISH) or _is_own_original(record):
        return record
    second = record.machine_translation.text if record.machine_translation else None
    comparison = compare(original.text, record.quote.text, second=second, src_lang=original.lang, tgt_lang=ENGLISH)
    return replace(record, comparison=comparison)


def _is_own_original(record: ProvenanceRecord) -> bool:
    original = record.original
    return original.document == record.quote.document and original.char_start == record.quote.char_start


def _finished(record: ProvenanceRecord) -> ProvenanceRecord:
    return replace(record, status=status_of(record))

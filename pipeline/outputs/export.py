"""The run's files: documents.jsonl and records.jsonl, and the store's documents/records tables.

Files are written to a temporary name and renamed into place, so a reader (or a killed run) never
sees half a file; the tables are replaced in one transaction for the same reason.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from pipeline.core.files import DOCUMENTS_FILE, RECORDS_FILE, atomic_writer
from pipeline.core.jsonl import dumps
from pipeline.core.records import Document, ProvenanceRecord, TranslationOf, to_data
from pipeline.core.runner import Runner


@dataclass(frozen=True)
class Written:
    documents: int
    records: int
    kinds: dict[str, int]


def export_run(runner: Runner, run_id: int, out_dir: Path) -> Written:
    store = runner.store
    counts = {"documents": 0, "records": 0}
    kinds: dict[str, int] = {}
    with atomic_writer(out_dir / DOCUMENTS_FILE) as documents_out, atomic_writer(out_dir / RECORDS_FILE) as records_out:
        with store.atomic() as db:
            db.execute("DELETE FROM records")
            db.execute("DELETE FROM documents")
            for document, records in _run_results(runner, run_id):
                documents_out.write(dumps(to_data(document)) + "\n")
                _insert_document(db, document)
                counts["documents"] += 1
                for record in records:
                    records_out.write(dumps(to_data(record)) + "\n")
                    _insert_record(db, record)
                    counts["records"] += 1
                    kinds[record.quote.kind.value] = kinds.get(record.quote.kind.value, 0) + 1
            # Both files reach the disk before the tables commit: a full disk fails the flush and
            # rolls the tables back, so the store and the files never disagree.
            _flush_to_disk(documents_out, records_out)
    return Written(counts["documents"], counts["records"], kinds)


def _flush_to_disk(*handles) -> None:
    for handle in handles:
        handle.flush()
        os.fsync(handle.fileno())


def _run_results(runner: Runner, run_id: int) -> Iterator[tuple[Document, tuple[ProvenanceRecord, ...]]]:
    store = runner.store
    for document_id, _ in store.ok_documents(run_id):
        document = runner.document(run_id, document_id)
        pair_key = store.artifact_key(run_id, document_id, "translation_of")
        if pair_key:
            document = replace(document, translation_of=runner.load(pair_key, TranslationOf | None))
        records_key = store.artifact_key(run_id, document_id, "records")
        records = runner.load(records_key, tuple[ProvenanceRecord, ...]) if records_key else ()
        yield document, records


def _insert_document(db, document: Document) -> None:
    meta = document.meta
    db.execute(
        "INSERT OR REPLACE INTO documents (id, path, format, encoding, title, url, outlet, date, lang, author, "
        "translator, text, original_author) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (document.id, document.path, document.format, document.encoding, meta.title, meta.url, meta.outlet,
         meta.date, meta.lang, meta.author, meta.translator, document.text, meta.original_author),
    )


def _insert_record(db, record: ProvenanceRecord) -> None:
    quote = record.quote
    db.execute(
        "INSERT OR REPLACE INTO records VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (record.id, quote.document, quote.char_start, quote.char_end, quote.kind.value, quote.text,
         record.status.value, record.speaker, record.outlet, json.dumps(to_data(record), ensure_ascii=False)),
    )


"""Stage 7, record: one provenance record per quote, with the signature of what shaped it."""

from __future__ import annotations

from pipeline.records import ProvenanceRecord, Quote, Status, quote_id

VERSION = "1"


def build_records(quotes: tuple[Quote, ...], signature: str) -> tuple[ProvenanceRecord, ...]:
    """Records in document order. Without attribution every quote is `unattributed`."""
    return tuple(
        ProvenanceRecord(id=quote_id(quote), quote=quote, status=Status.UNATTRIBUTED, signature=signature)
        for quote in sorted(quotes, key=lambda q: (q.char_start, q.depth))
    )

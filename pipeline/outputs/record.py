"""Stage 7, record: one provenance record per quote, with the signature of what shaped it."""

from __future__ import annotations

from dataclasses import replace

from pipeline.core.records import (
    AttributionDetail,
    ProvenanceRecord,
    QuoteKind,
    Status,
    has_confident_original,
    quote_id,
)
from pipeline.quotes.attribute import Attribution

VERSION = "3"


def build_records(attributions: tuple[Attribution, ...], signature: str) -> tuple[ProvenanceRecord, ...]:
    """Records in document order (outer quotes before the quotes nested in them)."""
    records = (build_record(attribution, signature) for attribution in attributions)
    return tuple(sorted(records, key=lambda r: (r.quote.char_start, r.quote.depth, r.quote.char_end)))


def build_record(attribution: Attribution, signature: str) -> ProvenanceRecord:
    quote = replace(attribution.quote, kind=attribution.kind)
    record = ProvenanceRecord(
        id=quote_id(quote),
        quote=quote,
        status=Status.ORIGINAL_UNAVAILABLE,
        signature=signature,
        speaker=attribution.speaker,
        outlet=attribution.outlet,
        citation=attribution.citation,
        chain=attribution.chain,
        attribution=AttributionDetail(
            role=attribution.role,
            verb=attribution.verb,
            evidence=attribution.evidence,
            candidates=attribution.candidates,
        ),
    )
    return replace(record, status=status_of(record))


def status_of(record: ProvenanceRecord) -> Status:
    """The most pressing of: divergent (a check flagged the translation), unattributed (nobody is
    said to have said it; a title speaks for its outlet), original-unavailable (no original found
    with at least even odds to check against), verified (original found, nothing flagged)."""
    if record.comparison is not None and record.comparison.flags:
        return Status.DIVERGENT
    if record.speaker is None and record.quote.kind is not QuoteKind.TITLE:
        return Status.UNATTRIBUTED
    if not has_confident_original(record):
        return Status.ORIGINAL_UNAVAILABLE
    return Status.VERIFIED


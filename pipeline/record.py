"""Stage 7, record: one provenance record per quote, with the signature of what shaped it."""

from __future__ import annotations

from dataclasses import replace

from pipeline.attribute import Attribution
from pipeline.records import AttributionDetail, ProvenanceRecord, QuoteKind, Status, quote_id

VERSION = "2"


def build_records(attributions: tuple[Attribution, ...], signature: str) -> tuple[ProvenanceRecord, ...]:
    """Records in document order (outer quotes before the quotes nested in them)."""
    records = (build_record(attribution, signature) for attribution in attributions)
    return tuple(sorted(records, key=lambda r: (r.quote.char_start, r.quote.depth, r.quote.char_end)))


def build_record(attribution: Attribution, signature: str) -> ProvenanceRecord:
    quote = replace(attribution.quote, kind=attribution.kind)
    return ProvenanceRecord(
        id=quote_id(quote),
        quote=quote,
        status=status_of(attribution.speaker, quote.kind),
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


def status_of(speaker: str | None, kind: QuoteKind) -> Status:
    """Without a speaker a quote is `unattributed` (a title speaks for its outlet, so it never is);
    until the original is found and compared, an attributed quote is `original-unavailable`."""
    if speaker is None and kind is not QuoteKind.TITLE:
        return Status.UNATTRIBUTED
    return Status.ORIGINAL_UNAVAILABLE

"""The pipeline's stages in order, and the signature that records every version and setting."""

from __future__ import annotations

from functools import partial

from pipeline import __version__, attribute, extract, record
from pipeline.ingest import VERSION as INGEST_VERSION
from pipeline.ingest import IngestSettings
from pipeline.records import ProvenanceRecord, Quote
from pipeline.runner import Stage


def build_stages(ingest_settings: IngestSettings) -> list[Stage]:
    stages = [
        Stage("extract", extract.VERSION, ("document",), "quotes", tuple[Quote, ...], extract.extract_quotes,
              extract.settings()),
        Stage("attribute", attribute.VERSION, ("document", "quotes"), "attributions",
              tuple[attribute.Attribution, ...], attribute.attribute_all, attribute.settings()),
    ]
    signature = run_signature(ingest_settings, stages, record_version=record.VERSION)
    stages.append(
        Stage("record", record.VERSION, ("attributions",), "records", tuple[ProvenanceRecord, ...],
              partial(record.build_records, signature=signature), {"signature": signature})
    )
    return stages


def run_signature(ingest_settings: IngestSettings, stages: list[Stage], record_version: str) -> str:
    """Like sacrebleu's signature: every version and setting that changes a record, in one string."""
    parts = [f"provenance:{__version__}", f"ingest@{INGEST_VERSION}"]
    parts += [stage.label for stage in stages] + [f"record@{record_version}"]
    parts.append(f"encoding:{ingest_settings.encoding or 'auto'}")
    for stage in stages:
        parts += [f"{stage.name}.{name}:{value}" for name, value in sorted(stage.settings.items())]
    return "|".join(parts)

"""The pipeline's stages in order, and the signature that records every version and setting.

ingest -> extract -> attribute -> record (draft records) -> language (of each document) -> detect (of
each quote) -> pair (documents that translate one another) -> link -> translate -> compare, the names
`provenance run` prints and the README numbers.
Every stage after `record` takes the document's records and returns them enriched, so the records
between stages are always complete, typed `ProvenanceRecord`s.
"""

from __future__ import annotations

from functools import partial

from pipeline import __version__
from pipeline.checks import compare
from pipeline.core.hashing import content_hash
from pipeline.core.records import LanguageLabel, ProvenanceRecord, Quote, TranslationOf
from pipeline.core.stage import Stage
from pipeline.ingest.documents import VERSION as INGEST_VERSION
from pipeline.ingest.documents import IngestSettings
from pipeline.langid import detect
from pipeline.link import linking, locate, pairing
from pipeline.mt import translate
from pipeline.outputs import record
from pipeline.quotes import attribute, extract
from pipeline.stages import attribution, comparison, languages, machine_translation, originals

RECORDS = tuple[ProvenanceRecord, ...]
CORPUS_READS = ("attributions",)  # pairing reads the outlets a document quotes (`originals.corpus_of`)


def build_stages(ingest_settings: IngestSettings) -> list[Stage]:
    before = [
        Stage("extract", extract.VERSION, ("document",), "quotes", tuple[Quote, ...], extract.extract_quotes,
              extract.settings()),
        Stage("attribute", attribute.VERSION, ("document", "quotes"), "attributions",
              tuple[attribute.Attribution, ...], attribution.attribute_document,
              {**attribute.settings(), **attribution.settings()}),
    ]
    detect_settings = detect.settings()
    after = [
        # The detector's tables and lingua's models are large and slow to load: one copy, in this process.
        Stage("language", detect.VERSION, ("document",), "language", LanguageLabel, languages.document_language,
              {**detect_settings, "document_sample": languages.DOCUMENT_SAMPLE}, parallel=False,
              release=detect.release_models),
        Stage("detect", detect.VERSION, ("document", "draft", "language"), "labelled", RECORDS,
              languages.label_records, {**detect_settings, "labelling": languages.VERSION}, parallel=False,
              release=detect.release_models),
        # pair and link read the whole batch: they share one corpus, every sentence encoded once.
        Stage("pair", pairing.VERSION, ("document",), "translation_of", TranslationOf | None, originals.pair_document,
              pairing.settings(), corpus=originals.corpus_of, corpus_reads=CORPUS_READS),
        Stage("link", linking.VERSION, ("labelled", "translation_of"), "linked", RECORDS, originals.link_document,
              {**locate.settings(), **linking.settings()}, corpus=originals.corpus_of, corpus_reads=CORPUS_READS),
        Stage("translate", translate.VERSION, ("linked",), "translated", RECORDS,
              machine_translation.translate_records,
              {**translate.settings(), "models": machine_translation.present_models()}, parallel=False,
              accelerated=True, release=machine_translation.release_models),
        # The sentence encoder is loaded here already (pair, link): forked workers would each load it
        # again, which costs more than the checks (20 s against 4 s for 362 documents with 2 jobs).
        Stage("compare", compare.VERSION, ("document", "translated"), "records", RECORDS, comparison.compare_records,
              {**compare.settings(), "selection": comparison.VERSION}, parallel=False,
              release=comparison.release_models),
    ]
    signature = run_signature(ingest_settings, [*before, *after])
    draft = Stage("record", record.VERSION, ("attributions",), "draft", RECORDS,
                  partial(record.build_records, signature=signature), {"signature": signature})
    return [*before, draft, *after]


def run_signature(ingest_settings: IngestSettings, stages: list[Stage]) -> str:
    """Like sacrebleu's signature: every stage's version, the settings that change a record, and a
    hash of all stage settings (the full settings are in the run's summary in the store)."""
    parts = [f"provenance:{__version__}", f"ingest@{INGEST_VERSION}", f"record@{record.VERSION}"]
    parts += [stage.label for stage in stages]
    parts.append(f"encoding:{ingest_settings.encoding or 'auto'}")
    models = next((s.settings["models"] for s in stages if s.name == "translate"), {})
    parts.append("mt:" + (",".join(f"{pair}={model}" for pair, model in models.items() if model) or "none"))
    parts.append("settings:" + content_hash(all_settings(stages), length=12))
    return "|".join(parts)


def all_settings(stages: list[Stage]) -> dict:
    return {stage.name: dict(stage.settings) for stage in stages}

"""The translate stage: an English machine translation of every non-English original or quote.

Models are resolved offline once per language pair and process; a pair with no model present gets
`machine_translation: null`, and the run names the pair and the command that would fetch it.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import replace
from functools import cache

from pipeline.core.errors import PipelineError
from pipeline.core.records import MachineTranslation, ProvenanceRecord
from pipeline.mt import translate
from pipeline.mt.fetch import fetch_command
from pipeline.mt.registry import default_models_dir, load_registry, registry_path
from pipeline.stages.languages import ENGLISH

log = logging.getLogger("pipeline.mt.translate")


def foreign_text(record: ProvenanceRecord) -> tuple[str, str] | None:
    """(language, text) that needs an English translation: the original when it is not English,
    else the quote itself when it is not English; None when nothing does."""
    if record.original is not None and record.original.lang not in (None, ENGLISH):
        return record.original.lang, record.original.text
    language = record.language
    if record.original is None and language is not None and language.lang not in (None, ENGLISH):
        return language.lang, record.quote.text
    return None


def translate_records(records: tuple[ProvenanceRecord, ...]) -> tuple[ProvenanceRecord, ...]:
    by_language: dict[str, list[int]] = defaultdict(list)
    for index, record in enumerate(records):
        found = foreign_text(record)
        if found is not None:
            by_language[found[0]].append(index)
    translated = list(records)
    for language, indexes in sorted(by_language.items()):
        translator = _translator(language)
        if translator is None:
            continue
        outputs = translator.translate([foreign_text(records[i])[1] for i in indexes])
        for index, output in zip(indexes, outputs, strict=True):
            translated[index] = replace(records[index], machine_translation=MachineTranslation(
                text=output, model=translator.model_id))
    return tuple(translated)


@cache
def _translator(language: str) -> translate.Translator | None:
    try:
        return translate.resolve_translator(language, ENGLISH)
    except PipelineError as exc:
        log.debug("no machine translation %s-%s: %s", language, ENGLISH, exc)
        return None


def present_models() -> dict[str, str | None]:
    """For every configured pair into English, the id of the model that would serve it (None when
    absent): part of the stage's settings, so adding a model invalidates the cached results."""
    models_dir = default_models_dir()
    registry = load_registry(registry_path(models_dir))
    present = {}
    for pair in sorted(registry.pairs):
        src, tgt = pair.split("-")
        if tgt != ENGLISH:
            continue
        try:
            present[pair] = translate.locate_model(src, tgt, None, models_dir, registry).model_id
        except PipelineError:
            present[pair] = None
    return present


def missing_pairs(present: dict[str, str | None]) -> list[tuple[str, str]]:
    """(pair, fetch command) for each pair of `present_models()` that no model serves."""
    return [(pair, fetch_command(pair)) for pair, model in present.items() if model is None]

"""The translate stage: an English machine translation of every non-English original or quote.

Models are resolved offline once per language pair and process; a pair with no model present gets
`machine_translation: null`, and the run names the pair and the command that would fetch it: once
the detect stage has labelled the batch, and only for the languages the batch holds
(`batch_languages`, `missing_model_warnings`).
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import replace
from functools import cache

from pipeline.core.errors import PipelineError
from pipeline.core.records import LanguageLabel, MachineTranslation, ProvenanceRecord
from pipeline.mt import translate
from pipeline.mt.backends import release_backends
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


def release_models() -> None:
    """The translate stage's models, let go once it is done."""
    _translator.cache_clear()
    release_backends()


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


def batch_languages(
    document_languages: Iterable[LanguageLabel | None], records: Iterable[ProvenanceRecord]
) -> dict[str, Counter[str]]:
    """The batch's languages other than English, each with how many documents are in it (a quote may
    be linked to them) and how many quotes need a translation from it (their original or their own
    words): what the translate stage will ask a model for."""
    found: dict[str, Counter[str]] = defaultdict(Counter)
    for language in document_languages:
        if language is not None and language.lang not in (None, ENGLISH):
            found[language.lang]["documents"] += 1
    for record in records:
        text = foreign_text(record)
        if text is not None:
            found[text[0]]["quotes"] += 1
    return dict(sorted(found.items()))


def missing_model_warnings(languages: dict[str, Counter[str]], present: dict[str, str | None]) -> list[str]:
    """One line for the batch's languages whose pair into English has no model present, one for
    those no model is configured for; none when every language the batch needs is served."""
    absent = [lang for lang in languages if f"{lang}-{ENGLISH}" in present and not present[f"{lang}-{ENGLISH}"]]
    unknown = [lang for lang in languages if f"{lang}-{ENGLISH}" not in present]
    lines = []
    if absent:
        lines.append(f"no machine-translation model present for {_needs(absent, languages)}: their "
                     "machine_translation will be null; fetch one on a machine with a network, e.g. "
                     f"`{fetch_command(f'{absent[0]}-{ENGLISH}')}`")
    if unknown:
        lines.append(f"no machine-translation model is configured for {_needs(unknown, languages)}: their "
                     f"machine_translation will be null; a model can be added to {registry_path(default_models_dir())}")
    return lines


def _needs(langs: list[str], languages: dict[str, Counter[str]]) -> str:
    """`ru-en (1 document and 2 quotes in ru), uk-en (1 quote in uk)`"""
    return ", ".join(f"{lang}-{ENGLISH} ({_counted(languages[lang])} in {lang})" for lang in langs)


def _counted(counts: Counter[str]) -> str:
    return " and ".join(f"{counts[kind]} {kind if counts[kind] != 1 else kind[:-1]}"
                        for kind in ("documents", "quotes") if counts[kind])

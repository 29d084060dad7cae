"""The run's missing-model warning: only the language pairs the batch needs, counted, and nothing for
an English batch (the sentences are made up for this test)."""

from __future__ import annotations

from collections import Counter

from pipeline.core.records import LanguageLabel, Original, ProvenanceRecord, Quote, QuoteKind, Status
from pipeline.stages.machine_translation import batch_languages, missing_model_warnings

PRESENT = {"ru-en": None, "uk-en": None, "de-en": "opus-mt-de-en", "fr-en": None}  # configured pairs


def record(text: str, quote_lang: str | None, original_lang: str | None = None) -> ProvenanceRecord:
    original = Original("слова", original_lang, 0.9, None, None, None) if original_lang else None
    return ProvenanceRecord(
        "0" * 16, Quote(text, QuoteKind.DIRECT, "d" * 16, 0, len(text)), Status.ORIGINAL_UNAVAILABLE, "sig",
        original=original, language=LanguageLabel(quote_lang, 0.9) if quote_lang else None,
    )


def test_an_english_batch_needs_no_pair():
    languages = batch_languages([LanguageLabel("en", 0.99), None],
                                [record("We will rebuild the bridge", "en"), record("undecided", None)])
    assert languages == {}
    assert missing_model_warnings(languages, PRESENT) == []


def test_documents_originals_and_quotes_count_for_their_language():
    languages = batch_languages(
        [LanguageLabel("ru", 0.99), LanguageLabel("en", 0.99), LanguageLabel("de", 0.9)],
        [
            record("A translated title", "en", original_lang="ru"),  # its bracketed original is Russian
            record("Мы восстановим мост", "uk"),  # Ukrainian words quoted as they are
            record("English words linked to an English original", "en", original_lang="en"),
            record("Слова", "ru", original_lang="hu"),  # the original's language is the one to translate
        ],
    )
    assert languages == {"de": Counter(documents=1), "hu": Counter(quotes=1),
                         "ru": Counter(documents=1, quotes=1), "uk": Counter(quotes=1)}


def test_only_the_needed_pairs_without_a_model_are_named():
    languages = {"de": Counter(documents=1), "hu": Counter(quotes=1), "ru": Counter(documents=2, quotes=3),
                 "uk": Counter(quotes=1)}
    absent, unknown = missing_model_warnings(languages, PRESENT)
    assert absent == (
        "no machine-translation model present for ru-en (2 documents and 3 quotes in ru), uk-en (1 quote in uk): "
        "their machine_translation will be null; fetch one on a machine with a network, e.g. "
        "`provenance models pull ru-en`"
    )
    assert "fr-en" not in absent and "de-en" not in absent  # not needed; served
    assert unknown.startswith("no machine-translation model is configured for hu-en (1 quote in hu): ")
    assert unknown.endswith("registry.toml")

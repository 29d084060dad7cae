"""The detector on hand-checked strings, its hints, its no-language cases and its determinism."""

from __future__ import annotations

import pytest

from pipeline.langid.detect import VERSION, Detection, Hints, detect, detect_many, release_models, settings

# Each string is unambiguous to a native reader (distinctive letters or words); checked by hand.
LABELLED = [
    ("Министр иностранных дел заявил, что переговоры продолжатся.", "ru"),
    ("Это всё ещё возможно", "ru"),
    ("Міністр закордонних справ заявив, що переговори тривають.", "uk"),
    ("Україна отримала їжу", "uk"),
    ("Міністр замежных спраў заявіў, што перамовы працягнуцца.", "be"),
    ("Беларусь і Польшча", "be"),
    ("Министърът на външните работи заяви, че преговорите ще продължат.", "bg"),
    ("Министерот за надворешни работи изјави дека преговорите ќе продолжат.", "mk"),
    ("Министар спољних послова изјавио је да ће преговори бити настављени.", "sr"),
    ("Ministar spoljnih poslova izjavio je da će pregovori biti nastavljeni.", "sr"),
    ("The foreign minister said the talks would continue.", "en"),
    ("water parks", "en"),
    ("Die Regierung hat heute entschieden, die Gespräche fortzusetzen.", "de"),
    ("Le gouvernement a décidé de poursuivre les négociations.", "fr"),
    ("Η κυβέρνηση αποφάσισε να συνεχίσει τις συνομιλίες.", "el"),
]


@pytest.mark.parametrize(("text", "lang"), LABELLED)
def test_labelled_strings(text: str, lang: str) -> None:
    found = detect(text)
    assert found.lang == lang, found
    assert 0.0 < found.confidence <= 1.0
    assert found.reason is None
    assert found.evidence[0].startswith("script=")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty text"),
        ("   ", "empty text"),
        ("12 345,67 — 2022", "no letters (numbers or symbols only)"),
        ("https://www.kommersant.ru/doc/5517734", "URL or e-mail address only"),
        ("press@mid.ru", "URL or e-mail address only"),
        ("Zakharova", "a single capitalised word"),
        ("Небензя", "a single capitalised word"),
        ("Nebenzya, Zakharova", "a proper name only (every word capitalised)"),
    ],
)
def test_no_linguistic_content(text: str, reason: str) -> None:
    assert detect(text) == Detection(None, 0.0, reason, ())


def test_a_capitalised_sentence_is_not_a_name() -> None:
    assert detect("Спасибо!").lang == "ru"


@pytest.mark.parametrize(
    ("hints", "lang"),
    [
        (Hints(outlet="Kommersant"), "ru"),
        (Hints(outlet="Коммерсантъ"), "ru"),
        (Hints(url="https://www.pravda.com.ua/news/"), "uk"),
        (Hints(url="https://nn.by/?c=ar&i=1"), "be"),
        (Hints(url="https://www.b92.rs/"), "sr"),
        (Hints(lang="mk-MK"), "mk"),
        (Hints(context="Міністр закордонних справ заявив, що переговори тривають."), "uk"),
        (Hints(document=("sr", 0.99)), "sr"),
        (Hints(document=("mk", 0.99)), "mk"),
    ],
)
def test_hints_decide_an_ambiguous_string(hints: Hints, lang: str) -> None:
    # Each string is good in more than one of the languages; the hint settles which.
    ambiguous = {
        "ru": "Путин сказал",
        "uk": "Він сказав",
        "be": "Ён сказаў",
        "sr": "Кажи му",
        "mk": "Кажи му",
    }
    found = detect(ambiguous[lang], hints)
    assert found.lang == lang, found
    assert any(note.startswith("hint:") for note in found.evidence)


def test_a_hint_does_not_override_clear_text() -> None:
    found = detect("Міністр закордонних справ заявив, що переговори тривають.", Hints(outlet="TASS"))
    assert found.lang == "uk"


def test_hint_evidence_names_the_outlet() -> None:
    found = detect("Кажи му.", Hints(outlet="RIA Novosti"))
    assert "hint:outlet RIA Novosti=ru" in found.evidence


def test_detect_many_matches_detect() -> None:
    texts = [text for text, _ in LABELLED[:5]] + ["42"]
    assert detect_many(texts) == [detect(text) for text in texts]


def test_detect_many_takes_one_hint_per_text() -> None:
    texts = ["Кажи му", "Кажи му", "Кажи му"]
    hints = [Hints(url="https://www.b92.rs/"), None, Hints(lang="mk")]
    found = detect_many(texts, hints)
    assert found == [detect(text, hint) for text, hint in zip(texts, hints, strict=True)]
    assert (found[0].lang, found[2].lang) == ("sr", "mk")
    with pytest.raises(ValueError, match="detect_many: 3 texts but 1 hints"):
        detect_many(texts, [None])


@pytest.mark.parametrize("text", ["Да.", "Кажи му", "се е"])
def test_a_string_good_in_several_languages_says_so(text: str) -> None:
    found = detect(text)
    assert found.confidence < 0.85
    assert len(found.candidates) >= 2
    assert found.candidates[0] == (found.lang, found.confidence)
    probabilities = [p for _, p in found.candidates]
    assert probabilities == sorted(probabilities, reverse=True) and min(probabilities) >= 0.05


def test_clear_text_has_one_candidate() -> None:
    found = detect("Україна отримала їжу")
    assert found.candidates == ((found.lang, found.confidence),) and found.confidence > 0.95
    assert detect("42").candidates == ()


def test_the_documents_language_decides_a_short_ambiguous_quote() -> None:
    for lang in ("ru", "bg", "sr"):
        found = detect("Да.", Hints(document=(lang, 0.99)))
        assert found.lang == lang and "hint:document=" + lang in found.evidence
    # the document's language counts only as far as it was itself sure
    assert detect("Да.", Hints(document=("ru", 0.0))).confidence == detect("Да.").confidence


def test_an_english_article_does_not_make_a_cyrillic_quote_english() -> None:
    english = Hints(document=("en", 1.0), context="The minister said the talks would continue.")
    alone, in_article = detect("Кажи му"), detect("Кажи му", english)
    assert in_article.lang == alone.lang and in_article.confidence == pytest.approx(alone.confidence, abs=1e-3)
    assert "en" not in dict(in_article.candidates)


ENGLISH_PARAGRAPH = (
    "The foreign minister told reporters on Tuesday that the talks with Kyiv would continue next week, "
    "although neither side expected a quick agreement on the new border posts or on the grain corridor."
)
GERMAN_PARAGRAPH = (  # no letter outside the core alphabets, which would call lingua anyway
    "Der Minister sagte am Dienstag vor Journalisten, die Verhandlungen mit Kiew sollen in der kommenden "
    "Woche weitergehen, obwohl keine Seite eine schnelle Einigung bei den neuen Grenzposten erwartet."
)


def test_a_long_plainly_english_text_is_not_asked_about_other_languages(monkeypatch) -> None:
    from pipeline.langid import detect as module

    def no_lingua(*args, **kwargs):
        raise AssertionError("lingua consulted")

    monkeypatch.setattr(module, "_lingua", no_lingua)
    assert detect(ENGLISH_PARAGRAPH).lang == "en"
    with pytest.raises(AssertionError, match="lingua consulted"):  # a long German text still is
        detect(GERMAN_PARAGRAPH)


def test_a_short_quote_of_english_words_only_is_not_asked_about_other_languages(monkeypatch) -> None:
    """lingua's fast mode reads "dangerous lies" as French; its check would load three more languages'
    models to say no. A short text whose every word is English is not asked; one word that is not
    English sends it to lingua again."""
    from pipeline.langid import detect as module

    def no_lingua(*args, **kwargs):
        raise AssertionError("lingua consulted")

    monkeypatch.setattr(module, "_lingua", no_lingua)
    assert detect("dangerous lies").lang == "en"
    with pytest.raises(AssertionError, match="lingua consulted"):
        detect("die Grenzposten")


def test_a_long_text_in_another_latin_language_keeps_lingua_s_answer() -> None:
    assert detect(GERMAN_PARAGRAPH).lang == "de"
    assert detect(f"{ENGLISH_PARAGRAPH} {ENGLISH_PARAGRAPH}").lang == "en"


def test_same_output_every_time() -> None:
    text = "Не знам што да кажам"
    assert len({detect(text) for _ in range(5)}) == 1


def test_settings_are_json_data() -> None:
    import json

    data = settings()
    assert data["version"] == VERSION
    assert json.loads(json.dumps(data)) == data
    assert len(data["model_data"]) == 16


def test_detection_round_trips_through_records() -> None:
    from pipeline.core.records import from_data, to_data

    for text in ("Україна отримала їжу", "42"):
        found = detect(text)
        assert from_data(Detection, to_data(found)) == found


def test_a_run_labels_quotes_with_the_documents_language_as_context() -> None:
    from pipeline.core.records import Document, LanguageLabel, ProvenanceRecord, Quote, QuoteKind, Status
    from pipeline.stages.languages import label_records

    document = Document("d1", "d1.txt", "«Да.»", "text", "utf-8")
    quote = Quote("Да.", QuoteKind.DIRECT, "d1", 1, 4)
    draft = (ProvenanceRecord("r1", quote, Status.UNATTRIBUTED, "sig"),)
    for lang in ("ru", "bg"):
        (record,) = label_records(document, draft, LanguageLabel(lang, 0.99))
        assert record.language.lang == lang
        assert record.language.candidates[0].lang == lang
    (alone,) = label_records(document, draft)
    assert len(alone.language.candidates) >= 2


def test_a_hint_for_a_language_of_the_other_script_is_set_aside():
    """An English headline in a Russian article's source line: the outlet, its URL, the document and
    the paragraph all say Russian, but Russian is not written in Latin letters (nor English in Cyrillic)."""
    russian_everything = Hints(outlet="InoSMI", url="https://inosmi.ru/20181001/1.html", document=("ru", 0.99),
                               context="Перевод статьи. Источник: издание, опубликовавшее материал на английском.")
    found = detect("Menga strike gives Livingston win over Rangers", russian_everything)
    assert found.lang == "en"
    assert any(note.endswith("(set aside: LATIN script)") for note in found.evidence)
    english_everything = Hints(outlet="BBC", document=("en", 0.99), context="The film opened in cinemas in October.")
    assert detect("Не время умирать", english_everything).lang == "ru"
    assert detect("Vlada je juče usvojila novi zakon o porezu", Hints(document=("sr", 0.99))).lang == "sr"  # Latin too


def test_detection_after_the_models_are_let_go_is_the_same() -> None:
    texts = ["Это тест на русском языке.", "serious consequences", "Wir sind hier", "No Time to Die"]
    before = detect_many(texts, [Hints()] * len(texts))
    release_models()
    assert detect_many(texts, [Hints()] * len(texts)) == before

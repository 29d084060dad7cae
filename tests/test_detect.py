"""The detector on hand-checked strings, its hints, its no-language cases and its determinism."""

from __future__ import annotations

import pytest

from pipeline.langid.detect import VERSION, Detection, Hints, detect, detect_many, settings

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
    assert detect_many(texts, hints) == [detect(text, hint) for text, hint in zip(texts, hints, strict=True)]
    assert [found.lang for found in detect_many(texts, hints)] == ["sr", "mk", "mk"]
    with pytest.raises(ValueError, match="detect_many: 3 texts but 1 hints"):
        detect_many(texts, [None])


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

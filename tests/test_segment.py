"""Sentence segmentation: hand-checked Russian and English news cases, exact spans."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.text.segment import script_mismatch, sentences, split_sentences

CASES = [
    ("ru", "Он сказал: «Мы придём». Потом ушёл.", ["Он сказал: «Мы придём».", "Потом ушёл."]),
    (
        "ru",
        "В 2020 г. в Москве, т.е. в столице, А. Марочко заявил об этом. Всё.",
        ["В 2020 г. в Москве, т.е. в столице, А. Марочко заявил об этом.", "Всё."],
    ),
    ("ru", "Цена 1,5 млн руб. за шт. Дальше", ["Цена 1,5 млн руб. за шт.", "Дальше"]),
    (
        "ru",
        "Заголовок без точки\nПервое предложение. Второе!",
        ["Заголовок без точки", "Первое предложение.", "Второе!"],
    ),
    ("ru", "«Это конец?» — спросил он. Нет.", ["«Это конец?» — спросил он.", "Нет."]),
    (
        "en",
        "The U.S. Army said so. Mr. Smith left at 5 p.m. on Monday.",
        ["The U.S. Army said so.", "Mr. Smith left at 5 p.m. on Monday."],
    ),
    (
        "en",
        '"We will come," he said. "Go away." Then A. Marochko said it.',
        ['"We will come," he said.', '"Go away."', "Then A. Marochko said it."],
    ),
    (
        "en",
        "He flew to St. Petersburg. Fr. Vladimir met him.",
        ["He flew to St. Petersburg.", "Fr. Vladimir met him."],
    ),
    ("en", "It cost $1.5 million. That is all.", ["It cost $1.5 million.", "That is all."]),
    ("en", "| a | b |\n- first item\n- second item", ["| a | b |", "- first item", "- second item"]),
    ("en", "   \n\n  ", []),
]


@pytest.mark.parametrize(("lang", "text", "expected"), CASES)
def test_sentences(lang: str, text: str, expected: list[str]) -> None:
    assert sentences(text, lang) == expected


@pytest.mark.parametrize(("lang", "text", "expected"), CASES)
def test_spans_are_exact(lang: str, text: str, expected: list[str]) -> None:
    spans = split_sentences(text, lang)
    assert [text[a:b] for a, b in spans] == expected
    assert all(a < b for a, b in spans)
    assert all(b1 <= a2 for (_, b1), (a2, _) in zip(spans, spans[1:], strict=False))


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('аб Ab.!?\n«»"1,')), max_size=80), st.sampled_from(["ru", "en"]))
def test_spans_are_ordered_stripped_and_cover_every_word(text: str, lang: str) -> None:
    spans = split_sentences(text, lang)
    for start, end in spans:
        piece = text[start:end]
        assert piece == piece.strip() and piece
    assert all(b1 <= a2 for (_, b1), (a2, _) in zip(spans, spans[1:], strict=False))
    covered = "".join(text[a:b] for a, b in spans)
    assert "".join(text.split()) == "".join(covered.split())


@pytest.mark.parametrize(
    ("text", "lang", "problem"),
    [
        ("Министр заявил журналистам, что переговоры продолжатся.", "ru", None),
        ("The minister told reporters that the talks would go on.", "en", None),
        (
            "The minister told reporters that the talks would go on.",
            "ru",
            "does not look like 'ru': 100% of its letters are Latin",
        ),
        (
            "Министр заявил журналистам, что переговоры продолжатся.",
            "en",
            "does not look like 'en': 100% of its letters are Cyrillic",
        ),
        ("Да.", "en", None),  # too short to judge
        ("Министр заявил журналистам, что переговоры продолжатся.", "zh", None),  # script not checked
    ],
)
def test_script_mismatch(text: str, lang: str, problem: str | None) -> None:
    assert script_mismatch(text, lang) == problem

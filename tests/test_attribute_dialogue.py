"""Russian dash-introduced direct speech (hand-checked lines)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.core.records import Document, Quote, QuoteKind
from pipeline.quotes.dialogue import extract_dialogue


def _speech(text: str) -> list[str]:
    doc = Document("d", "d.txt", text, "text", "utf-8")
    quotes = extract_dialogue(doc)
    assert all(doc.text[q.char_start : q.char_end] == q.text for q in quotes)
    assert all(q.kind == QuoteKind.DIRECT and q.mark == "—" for q in quotes)
    return [q.text for q in quotes]


@pytest.mark.parametrize(
    "line, speech",
    [
        ("— Это была красивая история, — сказала Степанова.", ["Это была красивая история"]),
        ("— Что случилось?! — спросил он.", ["Что случилось?!"]),
        ("— Это правда, — сказала она. — Все было прекрасно!", ["Это правда", "Все было прекрасно!"]),
        ("- Сейчас мы свежие, у нас нет травм.", ["Сейчас мы свежие, у нас нет травм."]),
        ("Здесь живут трудолюбивые люди, - поделился Михаил Дегтярев.", ["Здесь живут трудолюбивые люди"]),
        (
            "− В результате аварии пострадала девочка, − рассказали в пресс-службе.",
            ["В результате аварии пострадала девочка"],
        ),
        ("Школа ликует, - сообщает местное издание.", ["Школа ликует"]),
        ("Верующий молится там, откуда его не гонят - удаляется в другое место.", []),
        ("Пуск прошел в 2021 - 2022 годах.", []),
        ('Это никак не связано с ЛГБТ", - сказал актер.', []),
        ("«Мы готовы», — заявил министр.", []),
    ],
)
def test_dash_speech(line, speech):
    assert _speech(line) == speech


def test_spans_inside_quotation_marks_are_left_to_the_quote_extractor():
    text = "— Цитата внутри, — сказал он."
    doc = Document("d", "d.txt", text, "text", "utf-8")
    covering = Quote(text, QuoteKind.DIRECT, "d", 0, len(text))
    assert extract_dialogue(doc, (covering,)) == ()


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet='— –-,.!? сказал заявил Мы готовы «»"\n', max_size=200))
def test_any_text_gives_exact_spans(text):
    _speech(text)  # asserts that every span is the document's own text

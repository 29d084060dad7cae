"""Citations, credits, bylines and photo credits over hand-made lines (checked by reading them)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.core.records import Document, DocumentMeta, QuoteKind
from pipeline.ingest.credits import find_byline, find_credit, iso_date
from pipeline.quotes.citations import extract_citations, find_photo_credits, parse_reference


def _doc(text: str, meta: DocumentMeta | None = None) -> Document:
    return Document("doc", "doc.txt", text, "text", "utf-8", meta or DocumentMeta())


@pytest.mark.parametrize(
    "text, iso",
    [
        ("August 18, 2022", "2022-08-18"),
        ("Aug. 3, 2021", "2021-08-03"),
        ("18 August 2022", "2022-08-18"),
        ("July 13th, 2022", "2022-07-13"),
        ("18 августа 2022 года", "2022-08-18"),
        ("2022-08-18", "2022-08-18"),
        ("18.08.2022", "2022-08-18"),
        ("no date here", None),
        ("February 30, 2022", "2022-02-30"),  # not validated against the calendar: the text's own words
    ],
)
def test_iso_dates(text, iso):
    assert iso_date(text) == iso


BODY = (
    "Source: Russian Foreign Ministry states that there are no barriers [В МИД РФ заявили, что у ДНР и ЛНР "
    "нет препятствий], Kommersant, August 18, 2022, https://www.kommersant.ru/doc/5514964"
)


def test_the_seed_reference_shape():
    citation, span = parse_reference(BODY)
    assert citation.title == "Russian Foreign Ministry states that there are no barriers"
    assert BODY[span[0] : span[1]] == citation.title
    assert citation.original_title == "В МИД РФ заявили, что у ДНР и ЛНР нет препятствий"
    assert (citation.outlet, citation.date, citation.url) == (
        "Kommersant",
        "2022-08-18",
        "https://www.kommersant.ru/doc/5514964",
    )


@pytest.mark.parametrize(
    "body, outlet, url",
    [
        (
            "Talks stall, TASS, 3 May 2021, https://tass.ru/politika/1?utm=x&y=(2)",
            "TASS",
            "https://tass.ru/politika/1?utm=x&y=(2)",
        ),
        (
            "Talks stall, https://ria.ru/20210503/talks.html.",
            "RIA Novosti",
            "https://ria.ru/20210503/talks.html",
        ),
        ("Talks stall, Some Blog, 3 May 2021", "Some Blog", None),
        ("Переговоры зашли в тупик, Коммерсантъ, 18 августа 2022", "Kommersant", None),
    ],
)
def test_reference_outlet_and_exact_url(body, outlet, url):
    citation, _ = parse_reference(body)
    assert (citation.outlet, citation.url) == (outlet, url)


def test_footnote_becomes_a_citation_and_a_title_quote():
    text = (
        "Headline of the piece[1]\n\nBody text.\n\nOriginal article by Victoria Kolganova. Translated by "
        f"Anthony V. Rinna.\n\n[1] {BODY}\n"
    )
    cites = extract_citations(_doc(text))
    (note,) = cites.footnotes
    (title,) = cites.title_quotes
    assert title.kind == QuoteKind.TITLE
    assert text[title.char_start : title.char_end] == title.text == note.citation.title
    assert (note.citation.author, note.citation.translator) == ("Victoria Kolganova", "Anthony V. Rinna")
    assert cites.source == note.citation
    assert text[note.markers[0] : note.markers[0] + 3] == "[1]"
    assert cites.footnote_at(title.char_start) == note
    assert cites.translator == "Anthony V. Rinna"


def test_two_footnotes_and_no_credit_give_no_document_source():
    text = (
        "Body[1] and more[2].\n\n[1] One, TASS, 3 May 2021, https://tass.ru/1\n"
        "[2] Two, Interfax, 4 May 2021, https://www.interfax.ru/2\n"
    )
    cites = extract_citations(_doc(text))
    assert [n.citation.outlet for n in cites.footnotes] == ["TASS", "Interfax"]
    assert [n.citation.date for n in cites.footnotes] == ["2021-05-03", "2021-05-04"]
    assert cites.source is None


def test_front_matter_translator_is_used_without_a_credit_line():
    cites = extract_citations(_doc("Just text.", DocumentMeta(translator="Jane Roe")))
    assert cites.translator == "Jane Roe"
    assert cites.source.translator == "Jane Roe"


@pytest.mark.parametrize(
    "line, author, translator",
    [
        (
            "Original article by Victoria Kolganova. Translated by Anthony V. Rinna.",
            "Victoria Kolganova",
            "Anthony V. Rinna",
        ),
        ("Translated from Russian by John Smith", None, "John Smith"),
        ("Written by Jane Doe", "Jane Doe", None),
        ("Nothing to see here.", None, None),
    ],
)
def test_credit_lines(line, author, translator):
    credit = find_credit(line)
    assert (credit.author if credit else None, credit.translator if credit else None) == (author, translator)


@pytest.mark.parametrize(
    "text, author, date",
    [
        ("Title\n\nBy | August 19, 2022 | No Comments\n\nBody", None, "2022-08-19"),
        ("Title\n\nBy John Smith | May 3, 2021\n\nBody", "John Smith", "2021-05-03"),
        ("Title\n\nBy the way, this is not a byline.\n\nBody", None, None),
    ],
)
def test_bylines(text, author, date):
    byline = find_byline(text)
    assert (byline.author if byline else None, byline.date if byline else None) == (author, date)


def test_photo_credits_cite_the_image_source():
    text = (
        "Russian Ambassador to North Korea in Pyongyang (Russian Embassy FB)\n\n"
        "The ambassador spoke (at length) about trade.\n\n"
        "A street in Donetsk (Unknown Person Blog)\n\n"
        "Crowds in the square (Reuters)\n"
    )
    credits = find_photo_credits(text)
    assert [(c.credit, c.outlet) for c in credits] == [
        ("Russian Embassy FB", "Russian Embassy in the DPRK (Facebook page)"),
        ("Reuters", "Reuters"),
    ]
    first = credits[0]
    assert text[first.char_start : first.char_end] == "Russian Embassy FB"
    assert first.citation.title == "Russian Ambassador to North Korea in Pyongyang"


def test_an_unknown_platform_page_is_named_from_the_abbreviation():
    (credit,) = find_photo_credits("The mayor at the opening (City Hall FB)\n")
    assert credit.outlet is None
    assert credit.citation.outlet == "City Hall Facebook page"


@settings(max_examples=80, deadline=None)
@given(
    st.text(
        alphabet="[]1 Source:,.()FBhttps://x.ru/aAugust 18 2022 Translated by Ivan Ivanov\n«»", max_size=300
    )
)
def test_any_text_gives_well_formed_citations(text):
    cites = extract_citations(_doc(text))
    for note in cites.footnotes:
        assert note.text == text[note.char_start : note.char_end]
        if note.title_quote is not None:
            assert text[note.title_quote.char_start : note.title_quote.char_end] == note.title_quote.text
        if note.citation.url is not None:
            assert note.citation.url in text
    for credit in cites.photo_credits:
        assert text[credit.char_start : credit.char_end] == credit.credit

"""Coreference far enough for news, partial quotes, and the outlet a quote came through, each on
hand-written articles (issue 16, and issue 20 items 2, 3 and 6 on patterns other than the seeds')."""

from __future__ import annotations

import pytest

from pipeline.core.records import QuoteKind, Relation
from pipeline.quotes.attribute import attribute
from pipeline.quotes.extract import extract_quotes
from tests.test_attribute import _doc


def _attribute(text: str):
    return attribute(_doc(text), extract_quotes(_doc(text)))


def _by_text(text: str) -> dict:
    return {record.quote.text: record for record in _attribute(text)}


@pytest.mark.parametrize(
    "text, quoted, speaker, role",
    [
        # a title before a name is a role, not the name
        ("Sen. Ben Sasse said the bill was “a disaster for farmers.”", "a disaster for farmers.", "Ben Sasse", "Sen."),
        ("“We are not done yet,” said Rep. Jerry Nadler on Tuesday.", "We are not done yet,", "Jerry Nadler", "Rep."),
        (
            "“Carolina is going to win that one,” Gov. Kasich replied.",
            "Carolina is going to win that one,",
            "Kasich",
            "Gov.",
        ),
        # speakers introduced by a description
        (
            "Trump running mate Gov. Mike Pence of Indiana said the tax plan would “unleash growth across the land.”",
            "unleash growth across the land.",
            "Mike Pence",
            "Gov.",
        ),
        (
            "Clinton campaign chairman John Podesta wrote that the emails had been “stolen by a foreign power.”",
            "stolen by a foreign power.",
            "John Podesta",
            "chairman",
        ),
    ],
)
def test_titles_and_descriptions_are_roles_not_names(text, quoted, speaker, role):
    record = _by_text(text)[quoted]
    assert (record.speaker, record.role) == (speaker, role)


@pytest.mark.parametrize(
    "second_sentence",
    [
        "“It will never pass the committee,” the senator said.",
        "“It will never pass the committee,” the Republican lawmaker said.",
        "“It will never pass the committee,” he said.",
    ],
)
def test_a_role_noun_or_a_pronoun_is_the_person_named_before(second_sentence):
    text = f"Sen. Ben Sasse of Nebraska criticized the farm bill on Monday.\n\n{second_sentence}"
    assert _by_text(text)["It will never pass the committee,"].speaker == "Ben Sasse"


def test_a_name_before_a_definite_role_noun_is_not_its_speaker():
    text = ("The US envoy Anthony Zinni arrived on Monday.\n\n"
            "“Chairman Arafat must act now,” the retired Marine Corps general said.")
    assert _by_text(text)["Chairman Arafat must act now,"].speaker == "Anthony Zinni"


def test_a_long_quote_after_a_sentence_about_its_speaker_is_theirs():
    text = (
        "Mayor Ruth Calder spoke to reporters on Friday about the city budget and the layoffs.\n\n"
        "“We have cut what we could. The rest is up to the council, and they know it. Nobody will be laid "
        "off this year, and nobody should be afraid of the vote next week.”"
    )
    (record,) = _attribute(text)
    assert record.speaker == "Ruth Calder"


def test_a_quote_continued_over_paragraphs_keeps_its_speaker():
    text = (
        "“The budget is balanced for the first time in a decade,” Ruth Calder said at the council meeting. "
        "“We did it without new taxes.\n\n"
        "“And we will do it again next year, whatever the opposition says about the schools.”"
    )
    records = _attribute(text)
    assert [r.speaker for r in records] == ["Ruth Calder"] * len(records)


def test_a_few_words_quoted_from_a_named_speaker_are_a_partial_quote():
    text = "According to Ms. Calder, the agreement is a “grand bargain” for the city and its schools."
    record = _by_text(text)["grand bargain"]
    assert (record.kind, record.speaker) == (QuoteKind.PARTIAL, "Calder")


def test_a_scare_quote_nobody_is_said_to_have_said_stays_scare():
    text = "The so-called “grand bargain” was never signed, and the schools were left waiting for years."
    record = _by_text(text)["grand bargain"]
    assert (record.kind, record.speaker) == (QuoteKind.SCARE, None)


def test_an_outlets_own_piece_is_said_by_the_outlet():
    text = (
        "The plan was criticised in a report by the news agency TASS which laid out the reasons for the delay: "
        "“The talks have stalled because neither side will move on the question of the border.”"
    )
    (record,) = _attribute(text)
    assert (record.speaker, record.outlet) == ("TASS", "TASS")
    assert [(h.relation, h.agent) for h in record.chain] == [(Relation.SAID_BY, "TASS")]


def test_a_continuation_of_the_same_interview_carries_its_outlet():
    text = (
        "Deputy minister Anna Sorokina spoke on Friday about the border talks with the neighbours.\n\n"
        "“The talks are over for this year, and there will be no new round before the spring,” the deputy "
        "minister told TASS. She also said that the old treaty was a “dead letter” for both sides."
    )
    record = _by_text(text)["dead letter"]
    assert (record.kind, record.speaker, record.outlet) == (QuoteKind.PARTIAL, "Anna Sorokina", "TASS")
    assert [(h.relation, h.agent) for h in record.chain] == [
        (Relation.SAID_BY, "Anna Sorokina"),
        (Relation.REPORTED_BY, "TASS"),
    ]
    assert "told TASS" in record.chain[1].evidence


def test_another_outlet_in_between_ends_the_interview():
    text = (
        "Deputy minister Anna Sorokina spoke on Friday about the border talks with the neighbours.\n\n"
        "“The talks are over for this year,” the deputy minister told TASS. Interfax later reported her "
        "remarks in full. She also said that the old treaty was a “dead letter” for both sides."
    )
    assert _by_text(text)["dead letter"].outlet != "TASS"

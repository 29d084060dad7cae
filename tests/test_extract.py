"""Quotation extraction: every style, nesting, paragraphs, and unbalanced marks."""

from __future__ import annotations

import pytest

from pipeline.core.records import Document, QuoteKind
from pipeline.quotes.extract import extract_quotes, find_quote_spans


def quoted(text: str) -> list[str]:
    return [text[start:end] for start, end, *_ in find_quote_spans(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He said “hello there” today.", ["hello there"]),
        ('He said "hello there" today.', ["hello there"]),
        ("Он сказал «добрый день» сегодня.", ["добрый день"]),
        ("Er sagte „guten Tag“ heute.", ["guten Tag"]),
        ("Powiedział „dzień dobry” dziś.", ["dzień dobry"]),
        ("He said ‘good day’ today.", ["good day"]),
        ("Il a dit ‹ bonjour › hier.", ["bonjour"]),
        ("Han sa ”god dag” i dag.", ["god dag"]),
        # nested: outer first, then inner
        ("“He told me ‘never’ twice,” she said.", ["He told me ‘never’ twice,", "never"]),
        ("«Он сказал „да“ и ушёл», — сообщил он.", ["Он сказал „да“ и ушёл", "да"]),
        ('"He said "no" to me" she wrote.', ['He said "no" to me', "no"]),
        # apostrophes and inch marks are not quotation marks
        ("Kim’s aides say they’re “ready” now.", ["ready"]),
        ('The screen is 6" wide, he said "really".', ["really"]),
        ("The ’90s were “different”.", ["different"]),
        # two quotes in one sentence
        ("“One,” he said, “two.”", ["One,", "two."]),
        # a closing mark typed with a space before it, after the quote's comma or question mark
        ('"It is a disgrace that he is doing this, " Trump said. “Next,” she added.', [
            "It is a disgrace that he is doing this,", "Next,"]),
        ('"What does that mean? " Clinton asked.', ["What does that mean?"]),
        # a straight mark typed right after a colon opens; one before a colon's space still closes
        ('Тетка говорила:"Если бы дети знали".', ["Если бы дети знали"]),
        ('She said:"We will stay." The word "note:" is odd.', ["We will stay.", "note:"]),
    ],
)
def test_quotation_styles(text, expected):
    assert quoted(text) == expected


def test_quote_spanning_paragraphs_reopened_by_convention():
    text = "“First paragraph of the statement.\n\n“Second paragraph, end,” he said. Then “another”."
    spans = find_quote_spans(text)
    assert [text[s:e] for s, e, *_ in spans] == [
        "First paragraph of the statement.\n\n“Second paragraph, end,",
        "another",
    ]
    assert all(closed for *_, closed in spans)


def test_unclosed_quote_stops_at_its_paragraph_and_the_rest_survives():
    text = "He said “this never closes.\n\nLater she said “this does” and «это тоже»."
    spans = find_quote_spans(text)
    assert [(text[s:e], closed) for s, e, _, _, closed in spans] == [
        ("this never closes.", False),
        ("this does", True),
        ("это тоже", True),
    ]


def test_mismatched_marks_keep_the_inner_quote():
    text = "Mismatched «open and “close” here.\n\nNext “fine”."
    assert quoted(text) == ["open and “close” here.", "close", "fine"]


def test_stray_closing_marks_are_ignored():
    assert quoted("Nothing” here» at all.\n\nBut “here”.") == ["here"]


def test_unclosed_quote_at_end_of_document():
    text = "Last words: “and then nothing"
    assert find_quote_spans(text) == [(13, 29, "“", 0, False)]


def test_empty_quotes_are_skipped():
    assert quoted("Empty “” and « » marks.") == []


def test_offsets_index_the_document_text_exactly():
    text = "A “b c” d «e „f“ g» h\n\n“i\n\n“j” k"
    document = Document(id="d1", path="x.txt", text=text, format="text", encoding="utf-8")
    quotes = extract_quotes(document)
    assert quotes
    for quote in quotes:
        assert text[quote.char_start : quote.char_end] == quote.text
        assert quote.document == "d1"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Moscow will not act as a “Cerberus” with regards to it.", QuoteKind.SCARE),
        ("He called it a “self-proclaimed hellhound” in public.", QuoteKind.SCARE),
        ("“We will not act as a Cerberus in this matter,” he said.", QuoteKind.DIRECT),
        ("He said: “Yes.”", QuoteKind.DIRECT),
    ],
)
def test_kind_scare_or_direct(text, kind):
    document = Document(id="d", path="p", text=text, format="text", encoding="utf-8")
    assert extract_quotes(document)[0].kind == kind


def test_quote_running_over_paragraphs_without_reopening_marks():
    text = '"I was guarding him.\n\nHe was fast.\n\nHe scored 44 points," he added. Then "ok".'
    assert quoted(text) == ["I was guarding him.\n\nHe was fast.\n\nHe scored 44 points,", "ok"]


def test_a_closing_mark_too_many_paragraphs_later_does_not_extend_the_quote():
    text = "“One.\n\nTwo.\n\nThree.\n\nFour.\n\nFive,” he said."
    spans = find_quote_spans(text)
    assert [(text[s:e], closed) for s, e, *_, closed in spans] == [("One.", False)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\"He called me 'Kroshka' twice,\" she said.", ["He called me 'Kroshka' twice,", "Kroshka"]),
        ("Kim's aides say 'hello' and it's fine.", ["hello"]),
        ('"The Ukrainians\' view," he said, "is firm."', ["The Ukrainians' view,", "is firm."]),
        ("Ryan calls Trump line 'racist,' but backs him", ["racist,"]),
        ("Carly Fiorina: 'Bill Clinton's fair game.'", ["Bill Clinton's fair game."]),
        ("'The students' union said it was unfair,' she said.", ["The students' union said it was unfair,"]),
        ("Trump: 'I love the Hispanics' and more", ["I love the Hispanics"]),  # only a possessive-like closer
        ("'He called it \"absurd\", really,' she said.", ['He called it "absurd", really,', "absurd"]),
    ],
)
def test_straight_single_quotes(text, expected):
    assert quoted(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "He loves rock 'n' roll, the '90s and the class of '08.",  # elided starts of words
        "the workers' union and the teachers' union",  # plural possessives
        "A 'quote never closed in its paragraph\n\nand 'another' one",  # no closer before the break
        "They tell 'em 'tis fine",
    ],
)
def test_apostrophes_are_not_single_quotes(text):
    assert "fine" not in " ".join(quoted(text)) and "union" not in " ".join(quoted(text))
    assert all(q in ("another",) for q in quoted(text))


def test_doubled_single_marks_are_double_quotation_marks():
    """LexisNexis copies write “ and ” as ''; a third ' belongs to a nested single quote, and the text's
    other single marks stay apostrophes (they cannot be told from halves of a double mark)."""
    text = (
        "''I said, 'You weren't in line,''' Ms. Compton recalled, ''and I said, 'Mrs. Bush.' ''\n\n"
        "The plan was ''taking a close look'' at it, 'fine.'"
    )
    spans = find_quote_spans(text)
    assert [(text[s:e], mark, depth) for s, e, mark, depth, _ in spans] == [
        ("I said, 'You weren't in line,'", '"', 0),
        ("You weren't in line,", "'", 1),
        ("and I said, 'Mrs. Bush.'", '"', 0),
        ("Mrs. Bush.", "'", 1),
        ("taking a close look", '"', 0),
    ]


def test_a_double_quotation_inside_a_single_one_is_nested():
    text = "'He called it \"absurd\",' she said."
    spans = find_quote_spans(text)
    assert [(text[s:e], depth) for s, e, _, depth, _ in spans] == [('He called it "absurd",', 0), ("absurd", 1)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # paragraphs run together on one line: each re-opening mark after a sentence starts a new quote
        (
            '"It rained," she said. "Not much at all. "It may have hampered them."',
            ["It rained,", "Not much at all.", "It may have hampered them."],
        ),
        (
            "“It rained,” she said. “Not much at all. “It may have hampered them.”",
            ["It rained,", "Not much at all.", "It may have hampered them."],
        ),
        # a nested quotation inside a sentence is still nested
        ('"He said "no" to me" she wrote.', ['He said "no" to me', "no"]),
    ],
)
def test_a_reopening_mark_after_a_sentence_ends_the_open_quote(text, expected):
    assert quoted(text) == expected


def test_a_document_of_more_quotations_than_a_document_may_hold_fails_with_its_count(monkeypatch):
    from pipeline.core.errors import InputError
    from pipeline.quotes import extract

    monkeypatch.setattr(extract, "MAX_QUOTES", 3)
    document = Document("d", "dense.txt", " ".join(["“yes”"] * 4), "text", "utf-8")
    with pytest.raises(InputError) as raised:
        extract_quotes(document)
    assert raised.value.path == "dense.txt"
    assert raised.value.problem.startswith("4 quotations, more than the 3 a document may hold")
    assert len(extract_quotes(Document("d", "ok.txt", " ".join(["“yes”"] * 3), "text", "utf-8"))) == 3

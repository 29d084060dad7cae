"""Work in proportion to the input: stray quotation marks (issue 21 item 7) and documents too long
to attribute whole (item 9), checked on the size of what is produced, never on the clock."""

from __future__ import annotations

import logging
import random

import pytest

import pipeline.stages.attribution as attribution
from pipeline.core.records import Document, DocumentMeta
from pipeline.quotes.attribute import attribute_all
from pipeline.quotes.extract import MAX_DEPTH, MAX_UNCLOSED_CHARS, extract_quotes, find_quote_spans


def document(text: str, path: str = "long.txt") -> Document:
    return Document(id="d1", path=path, text=text, format="text", encoding="utf-8", meta=DocumentMeta())


def stray_marks(count: int) -> str:
    rng = random.Random(21)
    words = "the of and to in said that he was for on it with as at by".split()
    return " ".join("“" + " ".join(rng.choice(words) for _ in range(2)) for _ in range(count))


def test_ten_thousand_unclosed_marks_give_one_bounded_quote_each():
    text = "Title\n\n" + stray_marks(10_000)
    spans = find_quote_spans(text)
    assert len(spans) == 10_000  # one quote per mark
    assert all(not closed for *_, closed in spans)
    assert all(end - start <= MAX_UNCLOSED_CHARS for start, end, *_ in spans)
    assert max(depth for _, _, _, depth, _ in spans) < MAX_DEPTH
    # The output grows with the text, not with its square (it was 700 MB for 163 KB).
    assert sum(end - start for start, end, *_ in spans) <= MAX_DEPTH * len(text)


def test_an_unclosed_quote_in_a_huge_paragraph_stops_at_a_sentence_end():
    sentence = "This sentence goes on and on without a closing mark. "
    text = "He said: “" + sentence * 2_000
    [(start, end, _, _, closed)] = find_quote_spans(text)
    assert not closed and end - start <= MAX_UNCLOSED_CHARS
    assert text[end - 1] == "."


def test_real_nesting_is_untouched_by_the_depth_limit():
    text = "She said: “He told me ‘they wrote «it was „fine“»’ yesterday”."
    depths = [depth for _, _, _, depth, _ in find_quote_spans(text)]
    assert depths == [0, 1, 2, 3]


# --- attribution of a document too long to attribute whole ----------------------------------------


PARAGRAPH = ("“We will finish the bridge before winter,” said Maria Lopez, the mayor of the town. "
             "Residents were less sure. “I have heard that every year,” said Tom Baker, a farmer.")


@pytest.fixture
def small_windows(monkeypatch):
    monkeypatch.setattr(attribution, "WINDOW_CHARS", 1_000)


def test_a_short_document_is_attributed_whole_exactly_as_before():
    doc = document("\n\n".join([PARAGRAPH] * 3))
    quotes = extract_quotes(doc)
    assert attribution.attribute_document(doc, quotes) == attribute_all(doc, quotes)


def test_a_long_document_is_attributed_in_windows_with_a_warning(small_windows, caplog):
    doc = document("\n\n".join([PARAGRAPH] * 40))
    quotes = extract_quotes(doc)
    with caplog.at_level(logging.WARNING, logger="pipeline.stages.attribution"):
        found = attribution.attribute_document(doc, quotes)
    assert [a.quote for a in found] == list(quotes)  # every quote, at its own offsets, in order
    assert all(doc.text[a.quote.char_start:a.quote.char_end] == a.quote.text for a in found)
    assert [a.speaker for a in found] == ["Maria Lopez", "Tom Baker"] * 40
    [message] = caplog.messages
    assert message.startswith(f"long.txt: too long to attribute fully ({len(doc.text)} characters, 80 quotes): "
                              "attributed in ")


def test_windows_are_bounded_cover_the_text_and_cut_only_a_quote_longer_than_a_window(small_windows):
    text = "\n\n".join([PARAGRAPH] * 40) + " " + "word " * 900 + "“" + "long quote " * 300 + "” end."
    doc = document(text)
    quotes = extract_quotes(doc)
    windows = attribution.window_bounds(text, quotes, 1_000, 500)
    assert windows[0][0] == 0 and windows[-1][1] == len(text)
    assert all(end == next_start for (_, end), (next_start, _) in zip(windows, windows[1:], strict=False))
    assert all(0 < end - start <= 1_000 for start, end in windows)
    long_quote = next(q for q in quotes if q.text.startswith("long quote"))
    assert sum(start < long_quote.char_start < end for start, end in windows) == 1  # one window has it
    for quote in quotes:  # the others are never cut
        if quote is not long_quote:
            assert any(start < quote.char_start and quote.char_end < end for start, end in windows)


def test_windowed_attribution_calls_attribution_on_bounded_pieces(small_windows, monkeypatch):
    """The fast model of a 20 MB article: the work per call is bounded by the window, whatever the length."""
    sizes: list[int] = []
    real = attribution.attribute_all

    def measured(part, quotes):
        sizes.append(len(part.text))
        return real(part, quotes)

    monkeypatch.setattr(attribution, "attribute_all", measured)
    doc = document("\n\n".join([PARAGRAPH] * 200))
    attribution.attribute_document(doc, extract_quotes(doc))
    assert max(sizes) <= 1_000 and sum(sizes) == len(doc.text)  # (no quote crosses a cut here)


def test_thousands_of_stray_quotes_are_attributed_in_windows_of_bounded_quotes(monkeypatch):
    """Stray marks make quotes that touch one another: windows still cut between them."""
    counts: list[int] = []
    real = attribution.attribute_all

    def measured(part, quotes):
        counts.append(len(quotes))
        return real(part, quotes)

    monkeypatch.setattr(attribution, "attribute_all", measured)
    doc = document(stray_marks(3_000))
    quotes = extract_quotes(doc)
    found = attribution.attribute_document(doc, quotes)
    assert [a.quote for a in found] == list(quotes) and len(quotes) == 3_000
    assert len(counts) >= 6 and max(counts) <= attribution.WINDOW_QUOTES and sum(counts) == 3_000


# --- attribution's lookups by position, against the plain scans they replaced ----------------------


def test_the_outer_quote_of_each_span_is_the_first_that_contains_it():
    from pipeline.quotes.attribute import _outer_quotes

    rng = random.Random(16)
    for _ in range(200):
        spans = []
        for _ in range(rng.randint(0, 12)):
            start = rng.randint(0, 60)
            spans.append((start, start + rng.randint(1, 30)))
        expected = [
            next((j for j, (s, e) in enumerate(spans) if j != i and s <= start and end <= e and (s, e) != (start, end)),
                 None)
            for i, (start, end) in enumerate(spans)
        ]
        assert _outer_quotes(spans) == expected


def test_sentence_units_are_found_by_position_as_a_scan_would():
    from pipeline.quotes.people import find_mentions
    from pipeline.quotes.speech import SpeechFrame, sentence_units

    text = "One sentence here. “A quote that runs. Over two sentences,” he said. Third one.\n\nA new paragraph."
    spans = [(19, 59)]
    units = sentence_units(text, spans, "en")
    frame = SpeechFrame(text, text, "en", find_mentions(text, "en", []), units, spans)
    for position in range(len(text) + 1):
        assert frame.unit_containing(position) == next((u for u in units if u[0] <= position < u[1]), None)
        assert frame._unit_touching(position) == next((u for u in units if u[0] <= position <= u[1]), None)
        assert frame._unit_from(position) == next((u for u in units if u[0] >= position), None)
        assert frame._unit_ending_by(position) == next((u for u in reversed(units) if u[1] <= position), None)
    assert (19, 68) in units  # the two sentences the quote runs over are one unit

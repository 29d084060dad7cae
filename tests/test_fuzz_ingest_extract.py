"""Fuzzing ingest and extract (issue 21): whatever bytes come in, nothing but a one-line InputError
escapes, the work is bounded by the input's size (judged on what is produced), and every quote's
offsets index the document's text. Deterministic: hypothesis derandomised, no example database."""

from __future__ import annotations

import codecs

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.core.errors import InputError
from pipeline.ingest.documents import STDIN_NAME, IngestSettings, ingest
from pipeline.quotes.extract import MAX_DEPTH, extract_quotes, find_quote_spans

FUZZ = settings(max_examples=300, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

MARKS = "“”„«»‹›‘’\"'"
PIECES = [
    # quotation marks and paragraphs
    *MARKS, "\n\n", "\n", " ", ". ", "He said: ", ", she said.",
    # front matter, YAML aliases, tags, dates
    "---\n", "\n---\n", "title: ", "date: 2022-13-45\n", "date: 2024-02-29\n", "a: &a [x, x]\n", "b: *a\n",
    "!!int x\n", "!!python/object:os.system\n", "[[[[", "{", "? ",
    # HTML
    "<html>", "<p>", "</p>", "<article>", "<br>", "<script>", "<!DOCTYPE html>", "&amp;", "&#x202e;",
    '<meta charset="koi8-r">', "<!ENTITY x 'y'>",
    # control and bidi characters, other scripts
    "\x00", "\x1b[31m", "\x07", "\r\n", "\u202e", "\u2066", "\ufeff", "Москва заявила", "עברית",
]


def encoded_piece() -> st.SearchStrategy[bytes]:
    text = st.one_of(st.sampled_from(PIECES), st.text(max_size=12))
    return st.tuples(text, st.sampled_from(["utf-8", "cp1251", "koi8-r", "utf-16-le"])).map(
        lambda pair: pair[0].encode(pair[1], errors="replace"))


YAML = ["title: x\n", "date: 2022-13-45\n", "date: 2024-02-29\n", "date: '2022-02-30'\n", "a: &a [x, x]\n",
        "b: *a\n", "c: !!int x\n", "d: !!float y\n", "e: !!python/object:os.system\n", "f: [[[[\n", "g: {\n",
        "? [a]\n", "h: 9999-99-99 99:99:99\n", "title: 2022-13-45\n"]
front_matter = st.one_of(st.just(b""), st.lists(st.sampled_from(YAML), max_size=6).map(
    lambda lines: ("---\n" + "".join(lines) + "---\n").encode()))
body = st.lists(st.one_of(encoded_piece(), st.binary(max_size=12)), max_size=40).map(b"".join)
raw_inputs = st.tuples(front_matter, body).map(b"".join)
names = st.sampled_from(["doc.txt", "doc.md", "doc.html", "doc", STDIN_NAME, "doc.pdf"])


def check_quotes(text: str, quotes) -> None:
    for quote in quotes:
        assert 0 <= quote.char_start < quote.char_end <= len(text)
        assert text[quote.char_start : quote.char_end] == quote.text
    assert len(quotes) <= sum(text.count(mark) for mark in MARKS)
    assert sum(len(quote.text) for quote in quotes) <= MAX_DEPTH * len(text)


@FUZZ
@given(data=raw_inputs, name=names)
def test_ingest_then_extract_never_raises_and_stays_bounded(data, name):
    try:
        document = ingest(name, data, IngestSettings(max_file_mb=0.01))
    except InputError as error:
        assert error.path == name and error.problem and "\n" not in error.problem
        return
    assert document.text and len(document.text) <= len(data)
    check_quotes(document.text, extract_quotes(document))


@FUZZ
@given(text=st.text(alphabet=st.sampled_from([*MARKS, "a", "b", " ", ".", ",", "\n", "\n", "—"]), max_size=400))
def test_extract_on_mark_soup_is_bounded_and_exact(text):
    spans = find_quote_spans(text)
    for start, end, mark, depth, _closed in spans:
        assert 0 <= start < end <= len(text) and 0 <= depth < MAX_DEPTH and mark in MARKS
    assert sum(end - start for start, end, *_ in spans) <= MAX_DEPTH * len(text)


@FUZZ
@given(pieces=st.lists(st.sampled_from(["“a ", "«b ", "„c ", "‹d ", "‘e ", "\"f ", " ", "g", "”", ".", "\n\n"]),
                       min_size=100, max_size=300))
def test_stray_opening_marks_are_bounded(pieces):
    text = "".join(pieces)
    spans = find_quote_spans(text)
    assert sum(end - start for start, end, *_ in spans) <= MAX_DEPTH * len(text)


@FUZZ
@given(text=st.text(max_size=300), codec=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1251", "koi8-r"]))
def test_decodable_text_round_trips_or_fails_in_one_line(text, codec):
    data = text.encode(codec, errors="replace")
    if codec == "utf-8-sig" and not data.startswith(codecs.BOM_UTF8):
        data = codecs.BOM_UTF8 + data
    try:
        document = ingest("doc.txt", data, IngestSettings())
    except InputError as error:
        assert "\n" not in error.problem
        return
    check_quotes(document.text, extract_quotes(document))

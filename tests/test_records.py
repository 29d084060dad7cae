"""Records survive the JSON round-trip exactly; ids are content hashes of canonical JSON."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from pipeline.core.hashing import canonical_json, content_hash
from pipeline.core.records import (
    Alignment,
    AttributionDetail,
    Candidate,
    Citation,
    Comparison,
    Document,
    DocumentMeta,
    Flag,
    Hop,
    LanguageLabel,
    MachineTranslation,
    Original,
    ProvenanceRecord,
    Quote,
    QuoteKind,
    Relation,
    Span,
    Status,
    from_data,
    quote_id,
    to_data,
)

text = st.text(max_size=40)
maybe_text = st.none() | text
offset = st.integers(min_value=0, max_value=10**6)
score = st.floats(allow_nan=False, allow_infinity=False, width=64)

metas = st.builds(DocumentMeta, title=maybe_text, url=maybe_text, outlet=maybe_text, date=maybe_text,
                  lang=maybe_text, author=maybe_text, translator=maybe_text)
labels = st.builds(LanguageLabel, lang=maybe_text, confidence=score, reason=maybe_text,
                   evidence=st.lists(text, max_size=3).map(tuple))
documents = st.builds(Document, id=text, path=text, text=text, format=st.sampled_from(["text", "markdown", "html"]),
                      encoding=text, meta=metas, language=st.none() | labels)
quotes = st.builds(Quote, text=text, kind=st.sampled_from(QuoteKind), document=text, char_start=offset,
                   char_end=offset, mark=text, depth=st.integers(0, 5), closed=st.booleans())
spans = st.builds(Span, start=offset, end=offset, text=text)
flags = st.builds(Flag, kind=text, source_span=st.none() | spans, target_span=st.none() | spans, detail=text)
records = st.builds(
    ProvenanceRecord,
    id=text,
    quote=quotes,
    status=st.sampled_from(Status),
    signature=text,
    speaker=maybe_text,
    outlet=maybe_text,
    citation=st.none() | st.builds(Citation, title=maybe_text, original_title=maybe_text, outlet=maybe_text,
                                   date=maybe_text, url=maybe_text, author=maybe_text, translator=maybe_text),
    original=st.none() | st.builds(Original, text=text, lang=maybe_text, lang_confidence=st.none() | score,
                                   document=maybe_text, char_start=st.none() | offset, char_end=st.none() | offset,
                                   lang_evidence=st.lists(text, max_size=2).map(tuple)),
    machine_translation=st.none() | st.builds(MachineTranslation, text=text, model=text),
    alignment=st.none() | st.builds(Alignment, score=score, method=text),
    comparison=st.none() | st.builds(Comparison, chrf=st.none() | score, flags=st.lists(flags, max_size=3).map(tuple),
                                     diff=text),
    chain=st.lists(st.builds(Hop, relation=st.sampled_from(Relation), agent=text, evidence=text),
                   max_size=4).map(tuple),
    attribution=st.none() | st.builds(
        AttributionDetail, role=maybe_text, verb=maybe_text, evidence=text,
        candidates=st.lists(st.builds(Candidate, speaker=maybe_text, role=maybe_text, evidence=text, rule=text),
                            max_size=3).map(tuple)),
    language=st.none() | labels,
)


@given(documents)
def test_document_round_trip(document):
    assert from_data(Document, json.loads(json.dumps(to_data(document)))) == document


@given(records)
def test_record_round_trip_through_json_text(record):
    assert from_data(ProvenanceRecord, json.loads(json.dumps(to_data(record)))) == record


@given(st.lists(quotes, max_size=4).map(tuple))
def test_tuple_of_quotes_round_trip(items):
    assert from_data(tuple[Quote, ...], to_data(items)) == items


def test_enums_serialise_as_their_values():
    quote = Quote("x", QuoteKind.SCARE, "d", 0, 1)
    assert to_data(quote)["kind"] == "scare"
    assert to_data(Hop(Relation.SAID_BY, "A"))["relation"] == "said-by"


def test_unknown_field_is_an_error_not_silently_dropped():
    data = to_data(Quote("x", QuoteKind.DIRECT, "d", 0, 1)) | {"speaker": "X"}
    try:
        from_data(Quote, data)
    except ValueError as exc:
        assert "unknown fields ['speaker']" in str(exc)
    else:
        raise AssertionError("expected ValueError")


def test_canonical_json_ignores_key_order():
    assert canonical_json({"b": 1, "a": [1, {"d": 2, "c": 3}]}) == '{"a":[1,{"c":3,"d":2}],"b":1}'
    assert content_hash({"a": 1, "b": 2}) == content_hash({"b": 2, "a": 1})


def test_quote_id_depends_on_place_and_words_only():
    quote = Quote("words", QuoteKind.DIRECT, "doc", 3, 8)
    assert quote_id(quote) == quote_id(Quote("words", QuoteKind.SCARE, "doc", 3, 8, mark="«"))
    assert quote_id(quote) != quote_id(Quote("words", QuoteKind.DIRECT, "doc", 4, 9))
    assert len(quote_id(quote)) == 16

"""The records.jsonl JSON Schema: every record a run writes validates, broken ones say why."""

from __future__ import annotations

import copy
import dataclasses
import typing

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.core.records import ProvenanceRecord, to_data
from pipeline.outputs.schema import load_schema, validate_record
from tests.conftest import SOURCES, read_jsonl
from tests.test_report_data import bare_record, full_record, full_run


def test_the_schema_is_valid_draft_2020_12_and_ships_in_the_package():
    from jsonschema import Draft202012Validator

    schema = load_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def test_every_record_of_a_run_on_the_sample_corpus_validates(cli, tmp_path):
    code, _, err = cli("run", SOURCES, "--out", tmp_path, "--quiet", "--jobs", "1")
    assert code == 0, err
    records = read_jsonl(tmp_path / "records.jsonl")
    assert records
    for record in records:
        assert validate_record(record) == [], record["id"]


def test_every_record_of_a_run_with_markup_validates(cli, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("He said “<script>alert(1)</script> and </textarea>” today.\n")
    (corpus / "b.md").write_text("---\ntitle: T\ndate: 2022-08-18\n---\nShe called it “Cerberus”.\n")
    code, _, err = cli("run", corpus, "--out", tmp_path / "out", "--quiet", "--jobs", "1")
    assert code == 0, err
    for record in read_jsonl(tmp_path / "out" / "records.jsonl"):
        assert validate_record(record) == []


@pytest.mark.parametrize("record", full_run()[0], ids=lambda r: r.status.value)
def test_synthetic_records_with_every_field_filled_or_null_validate(record):
    assert validate_record(to_data(record)) == []


def _broken(edit) -> dict:
    data = copy.deepcopy(to_data(full_record()))
    edit(data)
    return data


@pytest.mark.parametrize(
    ("edit", "problem"),
    [
        (lambda d: d.pop("chain"), "(record): 'chain' is a required property"),
        (
            lambda d: d.update(extra=1),
            "(record): Additional properties are not allowed ('extra' was unexpected)",
        ),
        (
            lambda d: d.update(status="maybe"),
            "status: 'maybe' is not one of ['verified', 'divergent', 'original-unavailable', 'unattributed']",
        ),
        (lambda d: d["quote"].update(char_start=-1), "quote.char_start: -1 is less than the minimum of 0"),
        (
            lambda d: d["quote"].update(kind="aside"),
            "quote.kind: 'aside' is not one of ['direct', 'partial', 'scare', 'title', 'indirect']",
        ),
        (lambda d: d["alignment"].update(score=1.5), "alignment.score: 1.5 is greater than the maximum of 1"),
        (
            lambda d: d["comparison"].update(chrf=101),
            "comparison.chrf: 101 is greater than the maximum of 100",
        ),
        (
            lambda d: d["chain"][0].update(relation="liked-by"),
            "chain[0].relation: 'liked-by' is not one of "
            "['said-by', 'reported-by', 'cited-by', 'translated-by']",
        ),
        (
            lambda d: d["comparison"]["flags"][0].update(kind="vibe"),
            "comparison.flags[0].kind: 'vibe' is not one of ['number', 'entity', 'negation', 'omission', "
            "'addition']",
        ),
        (lambda d: d["quote"].update(char_end=0), "quote: ends at 0, before its start 57"),
        (
            lambda d: d.update(signature="v1"),
            "signature: 'v1' does not match '^provenance:[^|]+(\\\\|[^|]+)*$'",
        ),
    ],
)
def test_broken_records_name_the_field_and_the_problem(edit, problem):
    assert problem in validate_record(_broken(edit))


def test_citation_dates_must_be_iso_8601():
    data = _broken(lambda d: d["citation"].update(date="August 18, 2022"))
    problems = validate_record(data)
    assert len(problems) == 1 and problems[0].startswith("citation.date: 'August 18, 2022' does not match")


def _nested_class(hint) -> type | None:
    for arg in (hint, *typing.get_args(hint)):
        if dataclasses.is_dataclass(arg):
            return arg
        for inner in typing.get_args(arg):
            if dataclasses.is_dataclass(inner):
                return inner
    return None


def _ref(property_schema: dict) -> str:
    for option in [property_schema, property_schema.get("items", {}), *property_schema.get("oneOf", [])]:
        if "$ref" in option:
            return option["$ref"]
    raise AssertionError(f"no $ref in {property_schema}")


def test_the_schema_names_exactly_the_fields_of_the_record_classes():
    """Drift guard: a field added to records.py must be added to the schema (and vice versa)."""
    schema = load_schema()
    definitions = schema["$defs"]
    todo = [(ProvenanceRecord, schema)]
    checked = 0
    while todo:
        cls, definition = todo.pop()
        hints = typing.get_type_hints(cls)
        assert set(definition["properties"]) == set(hints), cls.__name__
        assert set(definition["required"]) == set(hints), cls.__name__
        for name, hint in hints.items():
            nested = _nested_class(hint)
            if nested is None:
                continue
            todo.append((nested, definitions[_ref(definition["properties"][name]).rsplit("/", 1)[1]]))
        checked += 1
    # ProvenanceRecord, Quote, Citation, Original, MT, Alignment, Comparison, Flag, 2 Span, Hop,
    # AttributionDetail, Candidate, LanguageLabel, LanguageCandidate
    assert checked == 15


names = st.one_of(st.none(), st.text(min_size=1, max_size=12))
unit = st.floats(min_value=0, max_value=1, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_any_record_the_types_allow_validates(data):
    record = bare_record()
    original = full_record().original
    record = dataclasses.replace(
        record,
        speaker=data.draw(names),
        outlet=data.draw(names),
        original=data.draw(
            st.none() | st.just(dataclasses.replace(original, lang_confidence=data.draw(unit)))
        ),
        alignment=data.draw(
            st.none() | st.just(dataclasses.replace(full_record().alignment, score=data.draw(unit)))
        ),
        comparison=data.draw(st.none() | st.just(full_record().comparison)),
        chain=tuple(data.draw(st.lists(st.sampled_from(full_record().chain), max_size=4))),
    )
    assert validate_record(to_data(record)) == []

"""provenance.jsonld: W3C PROV-O in JSON-LD that a standard parser (rdflib) loads back offline."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import socket

import pytest
import rdflib
from rdflib.namespace import PROV, RDF, RDFS

from pipeline.core.records import Document, Original, ProvenanceRecord, Quote, QuoteKind, Status, from_data
from pipeline.outputs.prov import CONTEXT, build_graph, write_provenance
from tests.conftest import SOURCES, read_jsonl
from tests.test_report_data import MODEL, full_record, full_run

pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
PV = rdflib.Namespace("urn:provenance:vocab#")
RUN_INFO = {
    "run": 3,
    "signature": "provenance:0.1.0|x@1",
    "started_at": 1700000000.0,
    "finished_at": "2023-11-14T22:13:25Z",
}


@pytest.fixture(autouse=True)
def offline(monkeypatch):
    """Any attempt to reach the network (e.g. fetching a remote @context) fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError(f"network access attempted: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def load(path) -> rdflib.Graph:
    return rdflib.Graph().parse(path, format="json-ld")


@pytest.fixture
def graph(tmp_path) -> rdflib.Graph:
    records, documents = full_run()
    write_provenance(records, documents, tmp_path / "provenance.jsonld", RUN_INFO)
    return load(tmp_path / "provenance.jsonld")


def quote(record_id: str) -> rdflib.URIRef:
    return rdflib.URIRef(f"urn:provenance:quote:{record_id}")


def label(graph: rdflib.Graph, node) -> str:
    return str(graph.value(node, RDFS.label))


def test_each_quote_was_quoted_from_its_original(graph):
    original = graph.value(quote("1111111111111111"), PROV.wasQuotedFrom)
    assert graph.value(original, PROV.value) == rdflib.Literal(full_record().original.text, lang="ru")
    assert (original, RDF.type, PROV.Entity) in graph
    assert label(graph, graph.value(original, PROV.wasAttributedTo)) == "Alexander Matsegora"


def test_an_original_not_found_is_still_a_node_a_scare_quote_with_no_source_is_not(graph):
    missing = graph.value(quote("4444444444444444"), PROV.wasQuotedFrom)
    assert graph.value(missing, PV.textAvailable).toPython() is False
    assert graph.value(missing, PROV.value) is None
    assert graph.value(quote("2222222222222222"), PROV.wasQuotedFrom) is None
    assert (quote("2222222222222222"), RDF.type, PROV.Entity) in graph


def test_was_derived_from_follows_the_chain(graph):
    steps, node = [], quote("1111111111111111")
    while (node := graph.value(node, PROV.wasDerivedFrom)) is not None:
        steps.append(label(graph, graph.value(node, PROV.wasAttributedTo)))
    assert steps == ["Kommersant", "RIA Novosti", "Alexander Matsegora"]


def test_the_published_translation_is_an_activity_of_the_translator(graph):
    activity = graph.value(quote("1111111111111111"), PROV.wasGeneratedBy)
    assert (activity, RDF.type, PROV.Activity) in graph
    translator = graph.value(activity, PROV.wasAssociatedWith)
    assert (translator, RDF.type, PROV.Person) in graph
    assert label(graph, translator) == "Anthony V. Rinna"
    assert label(graph, graph.value(graph.value(activity, PROV.used), PROV.wasAttributedTo)) == "Kommersant"


def test_machine_translation_is_an_activity_of_the_model_with_its_revision(graph):
    output = rdflib.URIRef("urn:provenance:mt:1111111111111111")
    assert graph.value(output, PROV.value) == rdflib.Literal(
        "We will never send 500 workers to Donbass", lang="en"
    )
    model = graph.value(graph.value(output, PROV.wasGeneratedBy), PROV.wasAssociatedWith)
    assert (model, RDF.type, PROV.SoftwareAgent) in graph
    assert (str(graph.value(model, PV.modelId)), str(graph.value(model, PV.revision))) == tuple(
        MODEL.split("@")
    )


def test_outlets_and_speakers_are_agents_shared_across_records(graph):
    outlets = set(graph.subjects(RDF.type, PROV.Organization))
    assert {label(graph, o) for o in outlets} >= {"RIA Novosti", "Kommersant", "TASS", "Korea Pro"}
    speakers = set(graph.subjects(RDF.type, PV.Speaker))
    assert {label(graph, s) for s in speakers} == {"Alexander Matsegora", "Maria Zakharova"}
    assert all((agent, RDF.type, PROV.Agent) in graph for agent in outlets | speakers)


def test_the_record_carries_status_scores_flags_and_the_run(graph):
    record = rdflib.URIRef("urn:provenance:record:1111111111111111")
    assert str(graph.value(record, PV.status)) == "divergent"
    assert graph.value(record, PV.chrf).toPython() == 61.5
    assert graph.value(record, PV.alignmentScore).toPython() == 0.87
    assert sorted(str(graph.value(flag, PV.flagKind)) for flag in graph.objects(record, PV.flag)) == [
        "entity",
        "number",
    ]
    run = graph.value(record, PROV.wasGeneratedBy)
    assert graph.value(run, PROV.startedAtTime).toPython() == dt.datetime(
        2023, 11, 14, 22, 13, 20, tzinfo=dt.UTC
    )
    assert (graph.value(run, PROV.wasAssociatedWith), RDF.type, PROV.SoftwareAgent) in graph


def test_every_property_the_writer_uses_is_defined_in_the_inline_context():
    """JSON-LD silently drops keys its context does not define: none may be lost."""
    document = build_graph(*full_run(), RUN_INFO)
    used: set[str] = set()

    def walk(value):
        if isinstance(value, dict):
            used.update(key for key in value if not key.startswith("@"))
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(document["@graph"])
    assert used - set(CONTEXT) == set()
    assert isinstance(document["@context"], dict)  # inline: nothing to fetch


def test_the_output_is_deterministic_whatever_the_input_order(tmp_path):
    records, documents = full_run()
    write_provenance(records, documents, tmp_path / "a.jsonld", RUN_INFO)
    write_provenance(records[::-1], documents[::-1], tmp_path / "b.jsonld", RUN_INFO)
    assert (tmp_path / "a.jsonld").read_bytes() == (tmp_path / "b.jsonld").read_bytes()


def test_the_file_is_the_graph_as_indented_sorted_json(tmp_path):
    # written a piece at a time (json.dump), it is the text json.dumps gives for the whole graph
    records, documents = full_run()
    write_provenance(records, documents, tmp_path / "p.jsonld", RUN_INFO)
    expected = json.dumps(build_graph(records, documents, RUN_INFO), ensure_ascii=False, sort_keys=True, indent=1)
    assert (tmp_path / "p.jsonld").read_text(encoding="utf-8") == expected + "\n"


def test_markup_and_odd_values_round_trip_as_literals(tmp_path):
    record = full_record()
    nasty = 'he said "<script>alert(1)</script>"\n\\ </textarea> {"@id": "x"}'
    record = dataclasses.replace(
        record,
        id="not an id <>",
        quote=dataclasses.replace(record.quote, text=nasty),
        original=Original(nasty, "not a tag!", None, None, None, None),
    )
    write_provenance([record], full_run()[1], tmp_path / "p.jsonld", {})
    graph = load(tmp_path / "p.jsonld")
    values = {str(o) for o in graph.objects(None, PROV.value)}
    assert nasty in values
    assert rdflib.Literal(nasty) in set(graph.objects(None, PROV.value))  # bad language tag: plain literal


def test_a_run_on_the_sample_corpus_loads_back(cli, tmp_path):
    code, _, err = cli("run", SOURCES, "--out", tmp_path, "--quiet", "--jobs", "1")
    assert code == 0, err
    records = [from_data(ProvenanceRecord, r) for r in read_jsonl(tmp_path / "records.jsonl")]
    documents = [from_data(Document, d) for d in read_jsonl(tmp_path / "documents.jsonl")]
    write_provenance(records, documents, tmp_path / "provenance.jsonld", {"run": 1})
    graph = load(tmp_path / "provenance.jsonld")
    assert len(set(graph.subjects(RDF.type, PV.Quote))) == len(records) > 0
    assert len(set(graph.subjects(RDF.type, PV.Document))) == len(documents) == 2
    assert not (tmp_path / "provenance.jsonld.tmp").exists()


def test_a_quote_without_chain_gets_the_implied_hops():
    record = ProvenanceRecord(
        "5555555555555555",
        Quote("x", QuoteKind.DIRECT, "aaaaaaaaaaaaaaaa", 0, 1),
        Status.ORIGINAL_UNAVAILABLE,
        "provenance:1",
        speaker="Lavrov",
        outlet="TASS",
    )
    graph = rdflib.Graph().parse(data=json.dumps(build_graph([record], [], {})), format="json-ld")
    hop = graph.value(quote(record.id), PROV.wasDerivedFrom)
    assert label(graph, graph.value(hop, PROV.wasAttributedTo)) == "TASS"
    assert label(graph, graph.value(graph.value(hop, PROV.wasDerivedFrom), PROV.wasAttributedTo)) == "Lavrov"

"""The run as W3C PROV-O in JSON-LD (`provenance.jsonld`), with the `@context` inline.

Plain JSON-LD, written by hand rather than through the `prov` package: that package's native output
is PROV-JSON (a different format), its PROV-O route needs rdflib at run time and hands back the
expanded form with full IRIs and an order that is not ours to fix. Writing the graph directly
gives a readable, deterministic file (sorted nodes and keys; same run, same bytes) whose only
dependency is `json`, and an inline `@context` so no parser ever fetches anything.

The graph, per record (IRIs are `urn:provenance:<kind>:<id>`, so nothing can be dereferenced):

    original words O  --prov:wasAttributedTo-->  speaker (said-by hops)
    hop entity H_i    --prov:wasDerivedFrom-->   O or H_{i-1}  (one per reported-by / cited-by hop,
                      --prov:wasAttributedTo-->  the hop's outlet)
    quote Q           --prov:wasDerivedFrom-->   the last of O, H_1..H_n
                      --prov:wasQuotedFrom-->    O
                      --prov:wasGeneratedBy-->   translation activity T (if translated)
    T                 --prov:used--> the last of O, H_i;  --prov:wasAssociatedWith--> translator (prov:Person)
    MT output M       --prov:wasGeneratedBy--> activity --prov:wasAssociatedWith--> model (prov:SoftwareAgent)
    record R          --pv:quote--> Q; status, scores, flags, signature; --prov:wasGeneratedBy--> the run
                      --pv:speaker--> / --pv:outlet--> the record's own speaker and outlet (agents)

O exists when the quote has an original, a speaker, an outlet or a chain; a scare quote nobody is
said to have said stands alone. A record with a speaker or outlet but an empty chain gets the
implied said-by / reported-by hops. Agents are shared across records by name.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pipeline import __version__
from pipeline.core.files import atomic_writer
from pipeline.core.hashing import content_hash
from pipeline.core.records import Citation, Document, Hop, ProvenanceRecord, Relation, to_data

VERSION = "2"
NS = "urn:provenance:"
VOCAB = "urn:provenance:vocab#"

_IRI = {"@type": "@id"}
CONTEXT: dict[str, Any] = {
    "prov": "http://www.w3.org/ns/prov#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "dcterms": "http://purl.org/dc/terms/",
    "pv": VOCAB,
    "label": "rdfs:label",
    "value": "prov:value",
    "wasQuotedFrom": {"@id": "prov:wasQuotedFrom"} | _IRI,
    "wasDerivedFrom": {"@id": "prov:wasDerivedFrom"} | _IRI,
    "wasAttributedTo": {"@id": "prov:wasAttributedTo"} | _IRI,
    "wasGeneratedBy": {"@id": "prov:wasGeneratedBy"} | _IRI,
    "wasAssociatedWith": {"@id": "prov:wasAssociatedWith"} | _IRI,
    "used": {"@id": "prov:used"} | _IRI,
    "startedAtTime": {"@id": "prov:startedAtTime", "@type": "xsd:dateTime"},
    "endedAtTime": {"@id": "prov:endedAtTime", "@type": "xsd:dateTime"},
    "isPartOf": {"@id": "dcterms:isPartOf"} | _IRI,
    "source": {"@id": "dcterms:source"} | _IRI,
    "title": "dcterms:title",
    "date": "dcterms:date",
    "language": "dcterms:language",
    "url": {"@id": "pv:url", "@type": "xsd:anyURI"},
    "quote": {"@id": "pv:quote"} | _IRI,
    "speaker": {"@id": "pv:speaker"} | _IRI,
    "outlet": {"@id": "pv:outlet"} | _IRI,
    **{
        name: f"pv:{name}"
        for name in (
            "path",
            "format",
            "status",
            "kind",
            "charStart",
            "charEnd",
            "chrf",
            "alignmentScore",
            "alignmentMethod",
            "langConfidence",
            "flag",
            "flagKind",
            "detail",
            "sourceText",
            "targetText",
            "diff",
            "signature",
            "relation",
            "evidence",
            "modelId",
            "revision",
            "originalTitle",
            "textAvailable",
            "version",
            "run",
        )
    },
}

_ID = re.compile(r"[0-9a-f]{8,64}")
_ID_KINDS = {"document", "document-translation", "quote", "hop", "original", "translation", "mt-activity", "mt",
             "record"}
_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")


def write_provenance(
    records: Iterable[ProvenanceRecord], documents: Iterable[Document], out_path: Path, run_info: dict
) -> None:
    """Write the run's PROV-O graph to `out_path` (via a temporary file, renamed into place).

    `run_info` may hold `run` (the run's id), `signature`, `started_at` and `finished_at` (epoch
    seconds or ISO 8601); every key is optional.
    """
    document = build_graph(records, documents, run_info)
    with atomic_writer(out_path) as out:
        # json.dump writes the indented encoder's pieces as they come; json.dumps joined them first,
        # a list of millions of short strings (509 against 220 MB at the peak for 10,000 documents)
        json.dump(document, out, ensure_ascii=False, sort_keys=True, indent=1)
        out.write("\n")


def build_graph(records: Iterable[ProvenanceRecord], documents: Iterable[Document], run_info: dict) -> dict:
    graph = _Graph()
    run = _run_activity(graph, run_info)
    languages = {}
    for document in documents:
        _document(graph, document)
        languages[document.id] = document.meta.lang
    for record in records:
        _record(graph, record, run, languages.get(record.quote.document))
    return {"@context": CONTEXT, "@graph": graph.nodes()}


class _Graph:
    """Nodes by IRI; adding a node twice merges its types and properties (agents are shared)."""

    def __init__(self) -> None:
        self._nodes: dict[str, dict[str, Any]] = {}

    def add(self, iri: str, types: Iterable[str], **properties: Any) -> str:
        node = self._nodes.setdefault(iri, {"@id": iri, "@type": []})
        node["@type"] = sorted(set(node["@type"]) | set(types))
        for name, value in properties.items():
            if value is None or value == []:
                continue
            if name in node and node[name] != value:
                node[name] = _merged(node[name], value)
            else:
                node[name] = value
        return iri

    def nodes(self) -> list[dict[str, Any]]:
        return [self._nodes[iri] for iri in sorted(self._nodes)]


def _merged(old: Any, new: Any) -> list:
    items = (old if isinstance(old, list) else [old]) + (new if isinstance(new, list) else [new])
    unique = {json.dumps(item, sort_keys=True, ensure_ascii=False): item for item in items}
    return [unique[key] for key in sorted(unique)]


def _iri(kind: str, key: Any) -> str:
    """`urn:provenance:kind:key` for a pipeline id (documents and records: hashes this pipeline made);
    any other key (a name, a model, a dict) is always hashed, so no name can pose as another node's id."""
    safe = kind in _ID_KINDS and isinstance(key, str) and _ID.fullmatch(key)
    return f"{NS}{kind}:{key if safe else content_hash(key)}"


def _text(text: str | None, lang: str | None) -> Any:
    if text is None:
        return None
    if lang and _LANGUAGE_TAG.match(lang):
        return {"@value": text, "@language": lang}
    return text


def _timestamp(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, int | float):
        return dt.datetime.fromtimestamp(value, dt.UTC).isoformat().replace("+00:00", "Z")
    return str(value)


# --- agents ----------------------------------------------------------------------------------------


def _agent(graph: _Graph, name: str, *types: str) -> str:
    return graph.add(_iri("agent", " ".join(name.split()).casefold()), ["prov:Agent", *types], label=name)


def _person(graph: _Graph, name: str, role: str) -> str:
    return _agent(graph, name, "prov:Person", role)


def _outlet(graph: _Graph, name: str) -> str:
    return _agent(graph, name, "prov:Organization", "pv:Outlet")


def _model(graph: _Graph, model: str) -> str:
    name, _, revision = model.rpartition("@") if "@" in model else (model, "", "")
    return graph.add(
        _iri("model", model),
        ["prov:Agent", "prov:SoftwareAgent", "pv:TranslationModel"],
        label=model,
        modelId=name,
        revision=revision or None,
    )


# --- the run and documents -------------------------------------------------------------------------


def _run_activity(graph: _Graph, run_info: dict) -> str:
    software = graph.add(
        f"{NS}software:provenance-pipeline@{__version__}",
        ["prov:Agent", "prov:SoftwareAgent"],
        label="provenance-pipeline",
        version=__version__,
    )
    key = [run_info.get("run"), run_info.get("signature"), _timestamp(run_info.get("started_at"))]
    return graph.add(
        _iri("run", key),
        ["prov:Activity", "pv:Run"],
        label=f"provenance run {run_info.get('run', '')}".strip(),
        run=run_info.get("run"),
        signature=run_info.get("signature"),
        wasAssociatedWith=software,
        startedAtTime=_timestamp(run_info.get("started_at")),
        endedAtTime=_timestamp(run_info.get("finished_at")),
    )


def _document(graph: _Graph, document: Document) -> str:
    meta = document.meta
    attributed = [_outlet(graph, meta.outlet)] if meta.outlet else []
    if meta.author:
        attributed.append(_person(graph, meta.author, "pv:Author"))
    if meta.translator:
        attributed.append(_person(graph, meta.translator, "pv:Translator"))
    iri = _iri("document", document.id)
    source, activity = _document_translation(graph, document)
    return graph.add(
        iri,
        ["prov:Entity", "pv:Document"],
        path=document.path,
        format=document.format,
        title=_text(meta.title, meta.lang),
        url=meta.url,
        date=meta.date,
        language=meta.lang,
        wasAttributedTo=sorted(attributed),
        wasDerivedFrom=source,
        wasGeneratedBy=activity,
    )


def _document_translation(graph: _Graph, document: Document) -> tuple[str | None, str | None]:
    """The article a document translates (a document of the run, or the article its text names) and
    the translation activity that used it, associated with the translator when one is named."""
    link = document.translation_of
    if link is None:
        return None, None
    if link.document is not None:
        source = _iri("document", link.document)
    else:
        source = graph.add(
            _iri("source-article", [link.url, link.title, link.outlet]),
            ["prov:Entity", "pv:SourceArticle"],
            url=link.url,
            title=link.title,
            wasAttributedTo=[_outlet(graph, link.outlet)] if link.outlet else [],
        )
    translator = [_person(graph, document.meta.translator, "pv:Translator")] if document.meta.translator else []
    activity = graph.add(
        _iri("document-translation", document.id),
        ["prov:Activity", "pv:Translation"],
        used=source,
        wasAssociatedWith=translator,
        alignmentMethod=link.method,
        alignmentScore=link.score,
        evidence=link.evidence or None,
    )
    return source, activity


def _citation(graph: _Graph, citation: Citation) -> str:
    attributed = [_outlet(graph, citation.outlet)] if citation.outlet else []
    if citation.author:
        attributed.append(_person(graph, citation.author, "pv:Author"))
    return graph.add(
        _iri("citation", to_data(citation)),
        ["prov:Entity", "pv:CitedSource"],
        title=citation.title,
        originalTitle=citation.original_title,
        url=citation.url,
        date=citation.date,
        wasAttributedTo=sorted(attributed),
    )


# --- one record ------------------------------------------------------------------------------------


def _record(graph: _Graph, record: ProvenanceRecord, run: str, document_lang: str | None) -> None:
    quote_iri = _iri("quote", record.id)
    chain = _effective_chain(record)
    speakers = [_agent(graph, hop.agent, "pv:Speaker") for hop in chain if hop.relation == Relation.SAID_BY]
    origin = _origin(graph, record, chain, speakers)
    citation = _citation(graph, record.citation) if record.citation else None
    last = origin
    for index, hop in enumerate(chain):
        if hop.relation in (Relation.REPORTED_BY, Relation.CITED_BY):
            cited = (
                hop.relation == Relation.CITED_BY and record.citation and record.citation.outlet == hop.agent
            )
            last = graph.add(
                f"{_iri('hop', record.id)}:{index}",
                ["prov:Entity", f"pv:{_camel(hop.relation)}"],
                label=f"{record.quote.text} ({hop.relation.value} {hop.agent})",
                relation=hop.relation.value,
                evidence=hop.evidence or None,
                wasAttributedTo=_outlet(graph, hop.agent),
                wasDerivedFrom=last,
                source=citation if cited else None,
            )
    translators = [
        _person(graph, hop.agent, "pv:Translator") for hop in chain if hop.relation == Relation.TRANSLATED_BY
    ]
    translation = _translation(graph, record, translators, last)
    graph.add(
        quote_iri,
        ["prov:Entity", "pv:Quote"],
        value=_text(record.quote.text, document_lang),
        kind=record.quote.kind.value,
        charStart=record.quote.char_start,
        charEnd=record.quote.char_end,
        isPartOf=_iri("document", record.quote.document),
        wasAttributedTo=sorted(speakers),
        wasQuotedFrom=origin,
        wasDerivedFrom=last,
        wasGeneratedBy=translation,
        source=citation,
    )
    _machine_translation(graph, record, origin)
    _assessment(graph, record, quote_iri, run)


def _effective_chain(record: ProvenanceRecord) -> tuple[Hop, ...]:
    if record.chain:
        return record.chain
    implied = []
    if record.speaker:
        implied.append(Hop(Relation.SAID_BY, record.speaker))
    if record.outlet:
        implied.append(Hop(Relation.REPORTED_BY, record.outlet))
    return tuple(implied)


def _camel(relation: Relation) -> str:
    return {Relation.REPORTED_BY: "Report", Relation.CITED_BY: "Citing"}[relation]


def _origin(
    graph: _Graph, record: ProvenanceRecord, chain: tuple[Hop, ...], speakers: list[str]
) -> str | None:
    """The original words: their text when found, else a node standing for words not (yet) found."""
    original = record.original
    if original is None and not chain:
        return None
    if original is None:
        return graph.add(
            _iri("original", record.id),
            ["prov:Entity", "pv:Original"],
            textAvailable=False,
            wasAttributedTo=sorted(speakers),
        )
    return graph.add(
        _iri("original", record.id),
        ["prov:Entity", "pv:Original"],
        textAvailable=True,
        value=_text(original.text, original.lang),
        language=original.lang,
        langConfidence=original.lang_confidence,
        isPartOf=_iri("document", original.document) if original.document else None,
        charStart=original.char_start,
        charEnd=original.char_end,
        wasAttributedTo=sorted(speakers),
    )


def _translation(
    graph: _Graph, record: ProvenanceRecord, translators: list[str], used: str | None
) -> str | None:
    foreign = record.original is not None and record.original.lang not in (None, "en")
    if not translators and not foreign:
        return None
    return graph.add(
        _iri("translation", record.id),
        ["prov:Activity", "pv:Translation"],
        used=used,
        wasAssociatedWith=sorted(translators),
    )


def _machine_translation(graph: _Graph, record: ProvenanceRecord, origin: str | None) -> None:
    mt = record.machine_translation
    if mt is None:
        return
    activity = graph.add(
        _iri("mt-activity", record.id),
        ["prov:Activity", "pv:MachineTranslation"],
        used=origin,
        wasAssociatedWith=_model(graph, mt.model),
    )
    graph.add(
        _iri("mt", record.id),
        ["prov:Entity", "pv:MachineTranslationOutput"],
        value=_text(mt.text, "en"),
        wasGeneratedBy=activity,
        wasDerivedFrom=origin,
    )


def _assessment(graph: _Graph, record: ProvenanceRecord, quote_iri: str, run: str) -> None:
    comparison, alignment = record.comparison, record.alignment
    flags = [
        {
            "@type": "pv:Flag",
            "flagKind": flag.kind,
            "detail": flag.detail or None,
            "sourceText": flag.source_span.text if flag.source_span else None,
            "targetText": flag.target_span.text if flag.target_span else None,
        }
        for flag in (comparison.flags if comparison else ())
    ]
    graph.add(
        _iri("record", record.id),
        ["prov:Entity", "pv:ProvenanceRecord"],
        quote=quote_iri,
        speaker=_agent(graph, record.speaker, "pv:Speaker") if record.speaker else None,
        outlet=_outlet(graph, record.outlet) if record.outlet else None,
        status=record.status.value,
        signature=record.signature,
        wasGeneratedBy=run,
        chrf=comparison.chrf if comparison else None,
        diff=(comparison.diff or None) if comparison else None,
        flag=[{k: v for k, v in flag.items() if v is not None} for flag in flags],
        alignmentScore=alignment.score if alignment else None,
        alignmentMethod=alignment.method if alignment else None,
    )

"""One truth per quote: every output of a run shows what its record says, never a second computation.

The seeds and a made-up article of the same pattern (a quote reported by one outlet and cited by
another, then partial quotes of the same speaker that only the citing outlet carries) go through one
`provenance run`; records.jsonl is the truth, and the store's `records` table, `provenance audit` in
every format and with every filter, report.html (table, filters, panels, summary) and
provenance.jsonld must all say the same of every quote.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from collections import Counter
from contextlib import redirect_stderr, redirect_stdout
from types import SimpleNamespace

import lxml.html
import pytest

from pipeline.cli import main
from pipeline.core.records import Status
from pipeline.core.store import STORE_NAME
from pipeline.stages.machine_translation import present_models
from tests.conftest import ROOT, SOURCES, read_jsonl

MADE_UP = """\
Minister warns the grain corridor may close

By Laura Finch | March 3, 2023

Agriculture Minister Ivan Sorokin said the corridor was living on borrowed time. "The grain corridor \
will close in May unless the terms of the deal are met by our partners," the minister told TASS on Thursday.

He also called the latest proposal a "dead end" and described the talks in Istanbul as "theatre".

Exporters in Odesa said they had heard such warnings before.

Source: Minister says grain corridor may close in May [Министр заявил, что зерновой коридор может \
закрыться в мае], Izvestia, March 2, 2023, https://iz.ru/1234567/grain-corridor

Original article by Pavel Orlov. Translated by Laura Finch.
"""
STATUSES = [status.value for status in Status]


def provenance(*argv) -> tuple[int, str, str]:
    with redirect_stdout(io.StringIO()) as out, redirect_stderr(io.StringIO()) as err:
        code = main([str(arg) for arg in argv])
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    root = tmp_path_factory.mktemp("agree")
    (root / "made").mkdir()
    (root / "made" / "grain.txt").write_text(MADE_UP, encoding="utf-8")
    code, out, err = provenance("run", SOURCES, root / "made", "--out", root / "run", "--jobs", "1")
    assert code == 0, err
    records = read_jsonl(root / "run" / "records.jsonl")
    return SimpleNamespace(dir=root / "run", records={r["id"]: r for r in records}, summary=json.loads(out),
                           stderr=err, documents=read_jsonl(root / "run" / "documents.jsonl"))


def sql(run, query: str, *parameters) -> list[tuple]:
    db = sqlite3.connect(run.dir / STORE_NAME)
    try:
        return db.execute(query, parameters).fetchall()
    finally:
        db.close()


def original_lang(record: dict) -> str | None:
    return record["original"]["lang"] if record["original"] else None


def test_each_document_has_a_quote_whose_citing_outlet_is_not_its_outlet(run):
    """The case that made the outputs disagree (issue 20), on the seed and on the made-up article."""
    by_path = {d["id"]: d["path"] for d in run.documents}
    cited_elsewhere = {
        by_path[r["quote"]["document"]].rsplit("/", 1)[-1]
        for r in run.records.values()
        if any(hop["relation"] == "cited-by" and hop["agent"] != r["outlet"] for hop in r["chain"])
    }
    assert cited_elsewhere == {"004_d7360098d0c45c56.txt", "grain.txt"}


def test_the_store_records_table_is_records_jsonl(run):
    rows = sql(run, "SELECT id, document_id, char_start, char_end, kind, text, status, speaker, outlet, json "
                    "FROM records")
    assert len(rows) == len(run.records)
    for id_, document, start, end, kind, text, status, speaker, outlet, whole in rows:
        record = run.records[id_]
        quote = record["quote"]
        assert (document, start, end, kind, text) == (
            quote["document"], quote["char_start"], quote["char_end"], quote["kind"], quote["text"])
        assert (status, speaker, outlet) == (record["status"], record["speaker"], record["outlet"])
        assert json.loads(whole) == record


def expected_row(record: dict) -> dict:
    comparison, alignment = record["comparison"], record["alignment"]
    flags = comparison["flags"] if comparison else []
    return {
        "id": record["id"], "status": record["status"], "kind": record["quote"]["kind"],
        "speaker": record["speaker"], "outlet": record["outlet"], "lang": original_lang(record),
        "lang_confidence": record["original"]["lang_confidence"] if record["original"] else None,
        "chrf": comparison["chrf"] if comparison else None, "alignment": alignment["score"] if alignment else None,
        "flags": len(flags), "flag_kinds": ",".join(sorted({f["kind"] for f in flags})),
        "quote": record["quote"]["text"], "char_start": record["quote"]["char_start"],
    }


def audit(run, *options, fmt="jsonl") -> str:
    code, out, err = provenance("audit", run.dir, "--format", fmt, *options)
    assert code == 0, err
    return out


def test_audit_jsonl_and_csv_rows_are_the_records(run):
    rows = [json.loads(line) for line in audit(run).splitlines()]
    assert [row["id"] for row in rows] == list(run.records)
    for row in rows:
        assert {k: v for k, v in row.items() if k != "document"} == expected_row(run.records[row["id"]])
    for row in csv.DictReader(io.StringIO(audit(run, fmt="csv"))):
        expected = expected_row(run.records[row.pop("id")])
        row.pop("document")
        assert row == {k: "" if v is None else str(v) for k, v in expected.items() if k != "id"}


def test_audit_table_cells_are_the_records(run):
    header, *lines = audit(run, fmt="table").splitlines()
    titles = header.split()
    starts = [header.index(title) for title in titles]
    widths = {"ID": 16, "STATUS": 20, "SPEAKER": 22, "OUTLET": 18, "LANG": 4, "QUOTE": 60}
    fields = {"ID": "id", "STATUS": "status", "SPEAKER": "speaker", "OUTLET": "outlet", "LANG": "lang",
              "QUOTE": "quote"}
    assert len(lines) == len(run.records)
    for line in lines:
        cells = {t: line[a:b].strip() for t, a, b in zip(titles, starts, starts[1:] + [None], strict=True)}
        record = expected_row(run.records[cells["ID"]])
        for title, field in fields.items():
            value = record[field]
            text = "-" if value is None else " ".join(str(value).split())
            width = widths[title]
            assert cells[title] == (text if len(text) <= width else text[: width - 1] + "…"), (title, line)


def filter_cases(run) -> list[tuple[str, str, set[str]]]:
    """(option, value, ids the records say it keeps) for every outlet, speaker, status and chain agent."""
    records = run.records.values()

    def having(get, value):
        return {r["id"] for r in records if any(value.casefold() in (v or "").casefold() for v in get(r))}

    cases = []
    for outlet in {r["outlet"] for r in records if r["outlet"]} | {"kommersant", "izvestia"}:
        cases.append(("--outlet", outlet, having(lambda r: [r["outlet"]], outlet)))
    for speaker in {r["speaker"] for r in records if r["speaker"]}:
        cases.append(("--speaker", speaker, having(lambda r: [r["speaker"]], speaker)))
    for agent in {hop["agent"] for r in records for hop in r["chain"]}:
        cases.append(("--via", agent, having(lambda r: [hop["agent"] for hop in r["chain"]], agent)))
    for status in STATUSES:
        cases.append(("--status", status, {r["id"] for r in records if r["status"] == status}))
    return cases


def test_every_audit_filter_keeps_what_the_records_and_the_store_say(run):
    cases = filter_cases(run)
    assert {option for option, _, kept in cases if kept} == {"--outlet", "--speaker", "--via", "--status"}
    kommersant = next(kept for option, value, kept in cases if (option, value) == ("--outlet", "kommersant"))
    assert len(kommersant) == 1  # the translated title; not the quotes Kommersant only cited
    for option, value, kept in cases:
        for fmt in ("jsonl", "csv", "table"):
            out = audit(run, option, value, fmt=fmt)
            if fmt == "jsonl":
                found = {json.loads(line)["id"] for line in out.splitlines()}
            elif fmt == "csv":
                found = {row["id"] for row in csv.DictReader(io.StringIO(out))}
            else:
                found = {line.split()[0] for line in out.splitlines()[1:]}
            assert found == kept, (option, value, fmt)
        column = {"--outlet": "outlet", "--speaker": "speaker", "--status": "status"}.get(option)
        if column == "status":
            stored = sql(run, "SELECT id FROM records WHERE status = ?", value)
        elif column:
            stored = sql(run, f"SELECT id FROM records WHERE instr(lower({column}), lower(?)) > 0", value)
        else:
            stored = sql(run, "SELECT DISTINCT r.id FROM records r, json_each(r.json, '$.chain') hop "
                              "WHERE instr(lower(json_extract(hop.value, '$.agent')), lower(?)) > 0", value)
        assert {row[0] for row in stored} == kept, (option, value, "sqlite")


def test_the_readme_sql_and_audit_agree_on_the_sample_outlets(run):
    for outlet in ("RIA Novosti", "Kommersant"):
        stored = {row[0] for row in sql(run, "SELECT id FROM records WHERE outlet = ?", outlet)}
        assert {json.loads(line)["id"] for line in audit(run, "--outlet", outlet).splitlines()} == stored


def report_page(run):
    return lxml.html.fromstring((run.dir / "report.html").read_bytes())


def test_the_report_table_and_panels_show_the_records(run):
    page = report_page(run)
    rows = page.xpath("//table[@id='quote-table']/tbody/tr")
    assert [row.get("data-target") for row in rows] == [f"q-{id_}" for id_ in run.records]
    for row in rows:
        record = run.records[row.get("data-target")[2:]]
        cells = row.xpath("./td")
        lang = original_lang(record)
        assert (row.get("data-status"), cells[0].get("data-value")) == (record["status"], record["status"])
        assert row.get("data-lang") == (lang or "none")
        alignment = record["alignment"]
        assert row.get("data-score") == (repr(alignment["score"]) if alignment else "")
        assert [c.text_content().strip() for c in cells[2:5]] == [
            record["speaker"] or "–", record["outlet"] or "–", lang or "–"]
        panel = page.get_element_by_id(row.get("data-target"))
        scores = dict(zip((dt.text_content() for dt in panel.xpath(".//dl[@class='scores'][1]/dt")),
                          (dd.text_content() for dd in panel.xpath(".//dl[@class='scores'][1]/dd")), strict=True))
        assert (scores["speaker"], scores["outlet"]) == (record["speaker"] or "–", record["outlet"] or "–")
        chain = [li.xpath("./strong")[0].text_content() for li in panel.xpath(".//ol[@class='chain']/li")]
        assert chain == [hop["agent"] for hop in record["chain"]]


def test_the_report_filters_and_summary_count_the_records(run):
    page = report_page(run)
    assert [o.get("value") for o in page.get_element_by_id("f-status").xpath("./option")] == ["", *STATUSES]
    languages = sorted({original_lang(r) for r in run.records.values()} - {None})
    assert [o.get("value") for o in page.get_element_by_id("f-lang").xpath("./option")] == ["", *languages, "none"]
    cards = {card.xpath("./span[@class='label']")[0].text_content(): card.xpath("./span[@class='value']")[0]
             .text_content() for card in page.xpath("//div[@class='cards']/div")}
    statuses = Counter(r["status"] for r in run.records.values())
    assert cards["quotes"] == str(len(run.records)) == str(run.summary["quotes"])
    assert cards["documents"] == str(len(run.documents)) == str(run.summary["documents"])
    assert {status: cards[status] for status in STATUSES} == {s: str(statuses[s]) for s in STATUSES}
    assert run.summary["quote_kinds"] == dict(Counter(r["quote"]["kind"] for r in run.records.values()))


def test_prov_states_each_records_status_speaker_outlet_and_hops(run):
    graph = json.loads((run.dir / "provenance.jsonld").read_text(encoding="utf-8"))["@graph"]
    nodes = {node["@id"]: node for node in graph}

    def label(iri):
        return nodes[iri]["label"] if iri else None

    for id_, record in run.records.items():
        node = nodes[f"urn:provenance:record:{id_}"]
        assert node["status"] == record["status"]
        assert (label(node.get("speaker")), label(node.get("outlet"))) == (record["speaker"], record["outlet"])
        hops = [n for n in graph if n["@id"].startswith(f"urn:provenance:hop:{id_}:")]
        outlets = [(hop["relation"], hop["agent"]) for hop in record["chain"]
                   if hop["relation"] in ("reported-by", "cited-by")]
        assert sorted((n["relation"], label(n["wasAttributedTo"])) for n in hops) == sorted(outlets)


def test_the_missing_model_warning_names_only_what_the_batch_needs_once_detect_knows_it(run):
    """The batch is English but for two bracketed Russian titles: ru-en is the one pair it needs."""
    lines = run.stderr.splitlines()
    warned = [line for line in lines if "machine-translation model" in line]
    if present_models().get("ru-en"):
        assert warned == []
        return
    assert warned == [
        "no machine-translation model present for ru-en (2 quotes in ru): their machine_translation will be "
        "null; fetch one on a machine with a network, e.g. `provenance models pull ru-en`"
    ]
    at = lines.index(warned[0])
    assert lines[at - 1].startswith("detect ") and lines[at + 1].startswith("pair ")


def test_an_english_batch_is_not_warned_about_models(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(
        'Council vote\n\n"We will rebuild the bridge by June," Mayor Anna Field told the Daily Ledger.\n',
        encoding="utf-8")
    code, _, err = provenance("run", tmp_path / "in", "--out", tmp_path / "run", "--jobs", "1")
    assert code == 0, err
    assert "machine-translation" not in err and "detect " in err


def test_the_readmes_example_record_is_what_the_sample_corpus_gives(run):
    """The README shows a record "as the sample corpus gives it": its ids, people and signature must be
    the run's (a stage version bumped without updating the README fails here)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = readme[readme.index("A record, as the sample corpus gives it") :].split("```json\n", 1)[1]
    example = example.split("```", 1)[0]
    record = next(r for r in run.records.values() if r["quote"]["text"].startswith("The parameters of supposed"))

    def shown(key: str) -> str:
        return re.search(rf'"{key}": "([^"]*)"', example).group(1)

    assert (shown("id"), shown("document"), shown("signature")) == (
        record["id"], record["quote"]["document"], record["signature"])
    assert (shown("speaker"), shown("outlet"), shown("status")) == (
        record["speaker"], record["outlet"], record["status"])
    assert re.findall(r'"relation": "([a-z-]+)", "agent": "([^"]+)"', example) == [
        (hop["relation"], hop["agent"]) for hop in record["chain"]]

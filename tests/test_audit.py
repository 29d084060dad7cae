"""`provenance audit RUN_DIR`: filters, formats, the --fail-on CI gate, and bad run folders."""

from __future__ import annotations

import csv
import dataclasses
import io
import json

import pytest

from pipeline.commands.audit import EXIT_FAILED_AUDIT
from pipeline.outputs.audit import STATUSES
from tests.conftest import SOURCES, read_jsonl
from tests.test_report_data import full_record, full_run, write_run

TABLE = """\
ID                STATUS                SPEAKER              OUTLET       LANG  CHRF  ALIGN  FLAGS  QUOTE
1111111111111111  divergent             Alexander Matsegora  RIA Novosti  ru    61.5   0.87      2  we will never send 300 workers to Donbas
2222222222222222  unattributed          -                    -            -        -      -      0  Cerberus
3333333333333333  verified              Maria Zakharova      TASS         ru    88.0   0.95      0  we will never send 300 workers to Donbas
4444444444444444  original-unavailable  Alexander Matsegora  RIA Novosti  -        -      -      0  we will never send 300 workers to Donbas
"""  # noqa: E501


@pytest.fixture
def run_dir(tmp_path):
    return write_run(tmp_path / "run")


def ids(out: str) -> list[str]:
    return [json.loads(line)["id"][0] for line in out.splitlines()]


def test_the_table_lists_every_quote_with_status_speaker_outlet_language_and_scores(cli, run_dir):
    code, out, err = cli("audit", run_dir)
    assert (code, out) == (0, TABLE)
    assert err == "4 of 4 quotes: verified 1, divergent 1, original-unavailable 1, unattributed 1\n"


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ([], ["1", "2", "3", "4"]),
        (["--status", "divergent"], ["1"]),
        (["--status", "divergent,verified"], ["1", "3"]),
        (["--status", "divergent", "--status", "unattributed"], ["1", "2"]),
        (["--outlet", "ria novosti"], ["1", "4"]),
        (["--outlet", "Kommersant"], []),  # a citing outlet is a cited-by hop, not the record's outlet
        (["--via", "Kommersant"], ["1"]),  # ... which --via finds
        (["--via", "rinna"], ["1"]),  # a translator is an agent of the chain too
        (["--via", "matsegora", "--outlet", "tass"], []),
        (["--outlet", "tass"], ["3"]),
        (["--speaker", "matsegora"], ["1", "4"]),
        (["--speaker", "nobody"], []),
        (["--lang", "ru"], ["1", "3"]),
        (["--lang", "none"], ["2", "4"]),
        (["--lang", "de,none"], ["2", "4"]),
        (["--min-score", "0.9"], ["3"]),
        (["--min-score", "0"], ["1", "3"]),  # no score: not kept
        (["--outlet", "RIA", "--status", "divergent", "--min-score", "0.5"], ["1"]),
    ],
)
def test_filters(cli, run_dir, options, expected):
    code, out, _ = cli("audit", run_dir, "--format", "jsonl", *options)
    assert code == 0
    assert ids(out) == expected


def test_jsonl_rows_carry_every_column(cli, run_dir):
    _, out, _ = cli("audit", run_dir, "--format", "jsonl", "--status", "divergent")
    assert json.loads(out) == {
        "id": "1111111111111111",
        "status": "divergent",
        "kind": "direct",
        "speaker": "Alexander Matsegora",
        "outlet": "RIA Novosti",
        "lang": "ru",
        "lang_confidence": 0.98,
        "chrf": 61.5,
        "alignment": 0.87,
        "flags": 2,
        "flag_kinds": "entity,number",
        "quote": "we will never send 300 workers to Donbas",
        "document": "sources/article.txt",
        "char_start": 57,
    }


def test_csv_has_a_header_and_defuses_spreadsheet_formulas(cli, tmp_path):
    record = full_record()
    record = dataclasses.replace(
        record, quote=dataclasses.replace(record.quote, text='=HYPERLINK("x")'), speaker="@evil"
    )
    run_dir = write_run(tmp_path / "run", records=[record])
    _, out, _ = cli("audit", run_dir, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 1
    assert rows[0]["quote"] == '\'=HYPERLINK("x")' and rows[0]["speaker"] == "'@evil"
    assert rows[0]["chrf"] == "61.5" and rows[0]["lang"] == "ru"


def test_the_table_does_not_pass_terminal_control_characters_through(cli, tmp_path):
    record = full_record()
    record = dataclasses.replace(record, quote=dataclasses.replace(record.quote, text="a\x1b[2Jb\nc"))
    _, out, _ = cli("audit", write_run(tmp_path / "run", records=[record]))
    assert "\x1b" not in out and "a\ufffd[2Jb c" in out


@pytest.mark.parametrize(
    ("fail_on", "extra", "code", "message"),
    [
        (
            "divergent,unattributed",
            [],
            EXIT_FAILED_AUDIT,
            "provenance audit: failed: 1 divergent, 1 unattributed (--fail-on divergent,unattributed)\n",
        ),
        ("divergent", ["--status", "verified"], 0, ""),  # the gate looks at the quotes the filters keep
        (
            "verified",
            ["--outlet", "TASS"],
            EXIT_FAILED_AUDIT,
            "provenance audit: failed: 1 verified (--fail-on verified)\n",
        ),
        ("", [], 0, ""),
    ],
)
def test_fail_on_exits_non_zero_when_a_listed_status_is_present(cli, run_dir, fail_on, extra, code, message):
    result, out, err = cli("audit", run_dir, "--quiet", "--fail-on", fail_on, *extra)
    assert result == code
    assert err == message
    assert out.startswith("ID")  # the table is still printed, so CI logs show what failed


def test_fail_on_a_clean_run_passes(cli, tmp_path):
    records = [r for r in full_run()[0] if r.status.value == "verified"]
    code, _, err = cli("audit", write_run(tmp_path / "run", records=records), "--fail-on", "divergent", "-q")
    assert (code, err) == (0, "")


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (
            ["--status", "maybe"],
            2,
            "provenance audit: error: --status: unknown status maybe (choose from "
            "verified, divergent, original-unavailable, unattributed)\n",
        ),
        (
            ["--fail-on", "divergent,bad"],
            2,
            "provenance audit: error: --fail-on: unknown status bad (choose from "
            "verified, divergent, original-unavailable, unattributed)\n",
        ),
        (
            ["--min-score", "61"],
            2,
            "provenance audit: error: --min-score must be between 0 and 1 (an alignment score), got 61.0\n",
        ),
    ],
)
def test_bad_options_are_usage_errors(cli, run_dir, argv, code, message):
    assert cli("audit", run_dir, *argv)[0::2] == (code, message)


def test_missing_or_broken_run_folders_are_named(cli, tmp_path):
    assert cli("audit", tmp_path / "nope") == (
        2,
        "",
        f"provenance audit: error: {tmp_path / 'nope'}: no such run folder\n",
    )
    (tmp_path / "empty").mkdir()
    code, _, err = cli("audit", tmp_path / "empty")
    assert code == 1
    assert err == (
        f"provenance audit: error: {tmp_path / 'empty' / 'records.jsonl'}: not found; write it with "
        f"`provenance run SOURCES --out {tmp_path / 'empty'}`\n"
    )
    run_dir = write_run(tmp_path / "run")
    with open(run_dir / "records.jsonl", "a") as handle:
        handle.write('{"id": "x"}\n')
    code, _, err = cli("audit", run_dir)
    assert code == 1
    assert err.startswith(
        f"provenance audit: error: {run_dir / 'records.jsonl'}:5: not a valid ProvenanceRecord line ("
    )


def test_audit_of_a_real_run_on_the_sample_corpus(cli, tmp_path):
    code, _, err = cli("run", SOURCES, "--out", tmp_path, "--quiet", "--jobs", "1")
    assert code == 0, err
    code, out, err = cli("audit", tmp_path, "--format", "jsonl")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(rows) == len(read_jsonl(tmp_path / "records.jsonl")) > 0
    assert {row["status"] for row in rows} <= set(STATUSES)
    assert all(row["document"].endswith(".txt") for row in rows)
    assert cli("audit", tmp_path, "--fail-on", rows[0]["status"], "-q")[0] == EXIT_FAILED_AUDIT

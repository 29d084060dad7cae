"""Names and quotes from users' files on a terminal and in the report (issue 21 item 14): a newline
cannot forge a line, ESC cannot drive the terminal, a bidi override cannot reorder what follows."""

from __future__ import annotations

import dataclasses
import json
import os

import lxml.html
import pytest

from pipeline.core.safetext import BIDI_CONTROLS, for_terminal
from pipeline.outputs.report import write_report
from tests.conftest import read_jsonl
from tests.test_report_data import full_record, write_run


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("plain name.txt", "plain name.txt"),
        ("tab\tstays", "tab\tstays"),
        ("evil\nerror: forged.txt", "evil\\nerror: forged.txt"),
        ("red\x1b[31m.txt", "red\\x1b[31m.txt"),
        ("cr\rback", "cr\\rback"),
        ("c1\x9b2J", "c1\\x9b2J"),
        ("line\u2028sep", "line\\u2028sep"),
        ("evil\u202etxt.exe", "evil\\u202etxt.exe"),
        ("iso\u2066late\u2069", "iso\\u2066late\\u2069"),
        ("עברית with rlm\u200f", "עברית with rlm\u200f"),  # a mark, not an override: kept
    ],
)
def test_for_terminal(text, shown):
    assert for_terminal(text) == shown


def test_hostile_file_names_are_escaped_everywhere_on_stderr(cli, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    names = ["evil\nerror: forged.txt", "red\x1b[31m.txt", "rtl\u202etxt.exe.txt"]
    for name in names:
        (corpus / name).write_bytes(b"")  # each fails: empty file
    (corpus / "good.txt").write_text("He said “fine”.")
    code, out, err = cli("run", corpus, "--out", tmp_path / "out")  # not --quiet: the summary too
    assert code == 1
    assert "\x1b" not in err and "\u202e" not in err
    assert [line for line in err.splitlines() if line.startswith("error:")] == [
        f"error: {corpus}/evil\\nerror: forged.txt: empty file",
        f"error: {corpus}/red\\x1b[31m.txt: empty file",
        f"error: {corpus}/rtl\\u202etxt.exe.txt: empty file",
    ]
    assert f"  failed: {corpus}/evil\\nerror: forged.txt: empty file" in err.splitlines()
    # stdout is JSON, exact: the names survive there as data.
    assert sorted(failure["path"] for failure in json.loads(out)["failed"]) == sorted(
        str(corpus / name) for name in names)


def test_one_line_errors_escape_names_too(cli, tmp_path):
    missing = tmp_path / "no\x1b]0;title\x07such.txt"
    code, _, err = cli("detect", missing)
    assert code == 2
    assert err == f"provenance detect: error: {tmp_path}/no\\x1b]0;title\\x07such.txt: cannot read (No such file or " \
                  "directory)\n"


def override_record():
    record = full_record()
    return dataclasses.replace(record, speaker="Ali \u202eevil\u202c Baba",
                               quote=dataclasses.replace(record.quote, text="gnp \u2066reversed\u2069 tail"))


def test_bidi_controls_are_isolated_in_the_report(tmp_path):
    page = lxml.html.fromstring(write_report(write_run(tmp_path / "run", records=[override_record()]))
                                .read_text(encoding="utf-8"))
    isolated = [element.text_content() for element in page.iter("bdi")]
    assert "Ali \u202eevil\u202c Baba" in isolated
    assert "gnp \u2066reversed\u2069 tail" in isolated
    for element in page.iter():  # no text node outside a <bdi> holds a bidi control
        for text, holder in ((element.text, element), (element.tail, element.getparent())):
            if text and any(ch in text for ch in BIDI_CONTROLS):
                assert holder.tag == "bdi"


def test_bidi_controls_are_neutralised_in_the_audit_table(cli, tmp_path):
    _, out, _ = cli("audit", write_run(tmp_path / "run", records=[override_record()]))
    assert not any(ch in out for ch in BIDI_CONTROLS)
    assert "Ali \ufffdevil\ufffd Baba" in out


def _name_with_bytes_not_utf8(folder, raw: bytes):
    """A file FOLDER / RAW, whose name holds bytes that are not UTF-8, or a skip where the file system
    refuses such a name (macOS keeps names as Unicode)."""
    path = folder / os.fsdecode(raw)
    try:
        path.write_text("He said \u201cfine\u201d.", encoding="utf-8")
    except (OSError, UnicodeError):
        pytest.skip("this file system keeps no name that is not UTF-8")
    return path


def test_a_file_name_that_is_not_utf8_is_read_and_shown_escaped(cli, tmp_path):
    # A page saved on a Latin-1 system, "café.txt": its name is no UTF-8 text, and failed the whole run.
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    _name_with_bytes_not_utf8(corpus, b"caf\xe9.txt")
    (corpus / "good.txt").write_text("She said \u201cnothing\u201d.", encoding="utf-8")
    code, out, _ = cli("run", corpus, "--out", tmp_path / "out", "--quiet")
    assert code == 0
    paths = sorted(document["path"] for document in read_jsonl(tmp_path / "out" / "documents.jsonl"))
    assert paths == [f"{corpus}/caf\\xe9.txt", f"{corpus}/good.txt"]
    assert json.loads(out)["documents"] == 2


def test_a_run_folder_named_in_bytes_not_utf8_gets_every_file(cli, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text("She said \u201cnothing\u201d.", encoding="utf-8")
    out_dir = tmp_path / os.fsdecode(b"out\xff")
    try:
        out_dir.mkdir()
        out_dir.rmdir()
    except (OSError, UnicodeError):
        pytest.skip("this file system keeps no name that is not UTF-8")
    code, out, _ = cli("run", corpus, "--out", out_dir, "--quiet")
    assert code == 0
    assert json.loads(out)["out"] == f"{tmp_path}/out\\xff"
    assert {path.name for path in out_dir.iterdir()} >= {"documents.jsonl", "records.jsonl", "report.html",
                                                         "provenance.jsonld", "provenance.sqlite"}

"""One line, never a traceback (issue 21 item 11): damaged or foreign stores, a store locked by another
process, folders that cannot be written, a full disk, odd option values."""

from __future__ import annotations

import errno
import json
import os
import sqlite3
from pathlib import Path

import pytest

import pipeline.core.store
import pipeline.outputs.export
from pipeline import cli as cli_module
from pipeline.core.store import Store
from pipeline.core.store_errors import StoreError, describe
from tests.conftest import SOURCES, read_jsonl

STORE = "provenance.sqlite"


@pytest.fixture(scope="module")
def finished_run(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("finished") / "run"
    assert cli_module.main(["run", str(SOURCES), "--out", str(out), "--quiet"]) == 0
    return out


def one_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.startswith("provenance ")]
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


def damage(folder: Path, how: str) -> None:
    folder.mkdir()
    path = folder / STORE
    if how == "garbage":
        path.write_bytes(bytes(range(256)) * 400)
    elif how == "foreign":
        with sqlite3.connect(path) as db:
            db.execute("CREATE TABLE runs (x)")
    else:  # truncated: the first pages of a real store
        with sqlite3.connect(path) as db:
            db.execute("CREATE TABLE t (x)")
            db.executemany("INSERT INTO t VALUES (?)", [("x" * 1000,)] * 200)
        path.write_bytes(path.read_bytes()[:5000])


@pytest.mark.parametrize(
    ("how", "problem"),
    [
        ("garbage", "damaged or not a provenance store (file is not a database); move it away and run again "
                    "(its cached results are lost)"),
        ("truncated", "damaged or not a provenance store (database disk image is malformed); move it away and "
                      "run again (its cached results are lost)"),
        ("foreign", "not a provenance store (it holds other tables: runs); choose another --out or move the "
                    "file away"),
    ],
)
def test_a_damaged_or_foreign_store_is_one_line_for_run_and_cache(cli, tmp_path, how, problem):
    folder = tmp_path / "out"
    damage(folder, how)
    code, _, err = cli("run", SOURCES, "--out", folder, "--quiet")
    assert code == 1 and one_line(err) == f"provenance run: error: {folder / STORE}: {problem}"
    code, _, err = cli("cache", folder)
    assert code == 1 and one_line(err) == f"provenance cache: error: {folder / STORE}: {problem}"


def test_a_folder_where_the_store_should_be_is_refused(tmp_path):
    (tmp_path / STORE).mkdir()
    with pytest.raises(StoreError, match="provenance.sqlite: not a file; move it away and run again"):
        Store(tmp_path / STORE)


def test_a_store_from_a_newer_version_is_refused(tmp_path):
    Store(tmp_path / STORE).close()
    with sqlite3.connect(tmp_path / STORE) as db:
        db.execute("INSERT INTO migrations VALUES ('9999_future', 0)")
    with pytest.raises(StoreError, match="written by a newer version of provenance"):
        Store(tmp_path / STORE)


def test_a_store_locked_by_another_process_is_one_line(cli, tmp_path, finished_run, monkeypatch):
    monkeypatch.setattr(pipeline.core.store, "LOCK_TIMEOUT_S", 0.2)
    holder = sqlite3.connect(finished_run / STORE, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        code, _, err = cli("run", SOURCES, "--out", finished_run, "--quiet")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert code == 1
    assert one_line(err) == (f"provenance run: error: {finished_run / STORE}: locked by another process for more "
                             "than 5 s (another run writing to this folder?); run again when it has finished")


def test_an_out_folder_that_cannot_be_written_is_a_usage_error(cli, tmp_path, monkeypatch):
    (tmp_path / "afile").write_text("not a folder")
    code, _, err = cli("run", SOURCES, "--out", tmp_path / "afile" / "sub", "--quiet")
    assert code == 2
    assert one_line(err) == f"provenance run: error: --out {tmp_path / 'afile' / 'sub'}: {tmp_path / 'afile'} " \
                            "is a file, not a folder"
    # A read-only folder (modelled: chmod does not stop root, who runs CI here).
    monkeypatch.setattr(os, "access", lambda path, mode: False)
    code, _, err = cli("run", SOURCES, "--out", tmp_path / "ro", "--quiet")
    assert code == 2
    assert one_line(err) == (f"provenance run: error: --out {tmp_path / 'ro'}: {tmp_path} is not writable "
                             "(a read-only file system, or no permission)")


def test_sqlite_refusals_read_as_what_they_are():
    path = Path("out/provenance.sqlite")
    assert describe(path, sqlite3.OperationalError("attempt to write a readonly database")) == (
        "out/provenance.sqlite: cannot write the store (attempt to write a readonly database): is out read-only?")
    assert describe(path, sqlite3.OperationalError("database or disk is full")) == (
        "out/provenance.sqlite: cannot write (database or disk is full); free some space and run again: the run "
        "resumes from the store")


def test_a_full_disk_keeps_the_store_and_the_files_in_agreement(cli, tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("He said “one”.")
    out = tmp_path / "out"
    assert cli("run", corpus, "--out", out, "--quiet")[0] == 0
    (corpus / "b.txt").write_text("She said “two”.")

    def disk_full(descriptor):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(pipeline.outputs.export.os, "fsync", disk_full)
    code, _, err = cli("run", corpus, "--out", out, "--quiet")
    assert code == 1
    assert one_line(err) == (f"provenance run: error: {out}: No space left on device; free some space and run "
                             "again (a run resumes from its store)")
    with sqlite3.connect(out / STORE) as db:
        stored = db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        statuses = [status for (status,) in db.execute("SELECT status FROM runs ORDER BY id")]
    assert stored == len(read_jsonl(out / "documents.jsonl")) == 1  # the first run's, in both
    assert statuses == ["ok", "failed"]
    assert sorted(path.name for path in out.iterdir() if path.suffix == ".tmp") == []


def test_report_into_an_existing_folder_writes_report_html_there(cli, tmp_path, finished_run):
    folder = tmp_path / "pages"
    folder.mkdir()
    code, out, _ = cli("report", finished_run, "--out", folder)
    assert code == 0 and json.loads(out)["report"] == str(folder / "report.html")
    assert (folder / "report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_keep_runs_larger_than_sqlite_can_count_keeps_every_run(cli, finished_run):
    code, out, err = cli("cache", finished_run, "--prune", "--keep-runs", "99999999999999999999")
    assert code == 0, err
    assert json.loads(out)["runs_removed"] == 0


@pytest.mark.parametrize(
    ("raised", "line"),
    [
        (OSError(errno.EROFS, "Read-only file system", "out/x"), "provenance run: error: out/x: Read-only file system"),
        (sqlite3.DatabaseError("database disk image is malformed"),
         "provenance run: error: SQLite: database disk image is malformed"),
        (MemoryError(), "provenance run: error: out of memory"),
        (StoreError("out/provenance.sqlite: \x1b[2J damaged"),
         "provenance run: error: out/provenance.sqlite: \\x1b[2J damaged"),
    ],
)
def test_whatever_a_verb_raises_is_one_line(monkeypatch, capsys, raised, line):
    def handler(args):
        raise raised

    monkeypatch.setattr("pipeline.commands.run.main", handler)
    assert cli_module.main(["run", "x"]) == 1
    assert capsys.readouterr().err == line + "\n"

"""The run log's times are ISO 8601 text, in new stores and in stores written before (Unix seconds)."""

from __future__ import annotations

import json
import re
import sqlite3

from pipeline.core.store import MIGRATIONS, STORE_NAME, Store, iso_utc
from pipeline.outputs.audit import load_run
from pipeline.outputs.report import write_report
from pipeline.outputs.summary import run_summary
from tests.test_report_data import write_run

ISO = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
STARTED, FINISHED = 1700000000.25, 1700000065.0  # 2023-11-14T22:13:20Z and 22:14:25Z


def old_store(path) -> None:
    """A store as the version before ISO times wrote it: only the first migration, Unix seconds."""
    name, sql = MIGRATIONS[0]
    db = sqlite3.connect(path)
    db.executescript(sql)
    db.execute("CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at REAL NOT NULL)")
    db.execute("INSERT INTO migrations VALUES (?, ?)", (name, STARTED))
    summary = json.dumps({"inputs": 2})
    db.execute("INSERT INTO runs VALUES (1, ?, ?, 'ok', '[]', 'sig', ?)", (STARTED, FINISHED, summary))
    db.execute("INSERT INTO runs VALUES (2, ?, NULL, 'running', '[]', 'sig', NULL)", (FINISHED + 5,))
    db.execute("INSERT INTO run_inputs VALUES (1, 0, 'a.txt', 'd1', 'ok', NULL, NULL)")
    db.commit()
    db.close()


def times(path) -> list[tuple]:
    db = sqlite3.connect(path)
    try:
        return db.execute("SELECT id, started_at, finished_at FROM runs ORDER BY id").fetchall()
    finally:
        db.close()


def test_an_older_store_is_converted_when_opened_and_keeps_its_rows(tmp_path):
    path = tmp_path / STORE_NAME
    old_store(path)
    Store(path).close()
    assert times(path) == [(1, "2023-11-14T22:13:20Z", "2023-11-14T22:14:25Z"), (2, "2023-11-14T22:14:30Z", None)]
    store = Store(path)  # opening again changes nothing
    try:
        assert store.db.execute("SELECT COUNT(*) FROM run_inputs").fetchone() == (1,)
        assert store.db.execute("SELECT datetime(started_at, '+1 hour') FROM runs WHERE id = 1").fetchone() == (
            "2023-11-14 23:13:20",)  # SQLite's date functions read the text
    finally:
        store.close()
    assert times(path)[0] == (1, "2023-11-14T22:13:20Z", "2023-11-14T22:14:25Z")
    db = sqlite3.connect(path)
    applied = db.execute("SELECT name, applied_at FROM migrations ORDER BY name").fetchall()
    db.close()
    assert applied[0] == ("0001_initial", "2023-11-14T22:13:20Z") and all(ISO.fullmatch(a) for _, a in applied)


def test_a_new_run_writes_iso_times_and_prov_states_the_same(cli, tmp_path):
    source = tmp_path / "in" / "a.txt"
    source.parent.mkdir()
    source.write_text("Plain words\n\nNobody said anything worth quoting here.\n", encoding="utf-8")
    assert cli("run", source.parent, "--out", tmp_path / "run", "--quiet")[0] == 0
    [(_, started, finished)] = times(tmp_path / "run" / STORE_NAME)
    assert ISO.fullmatch(started) and ISO.fullmatch(finished) and started <= finished
    graph = json.loads((tmp_path / "run" / "provenance.jsonld").read_text(encoding="utf-8"))["@graph"]
    [run] = [node for node in graph if "prov:Activity" in node["@type"] and "startedAtTime" in node]
    assert (run["startedAtTime"], run["endedAtTime"]) == (started, finished)
    report = (tmp_path / "run" / "report.html").read_text(encoding="utf-8")
    assert started.replace("T", " ").replace("Z", " UTC") in report


def test_the_report_reads_an_older_store_without_converting_it(tmp_path):
    """`provenance report` reads the store without opening it for writing: Unix seconds still show."""
    run_dir = write_run(tmp_path / "run")
    old_store(run_dir / STORE_NAME)
    summary = run_summary(run_dir, load_run(run_dir))
    assert (summary["run"]["started_at"], summary["run"]["finished_at"]) == (iso_utc(FINISHED + 5), None)
    assert "2023-11-14 22:14:30 UTC" in write_report(run_dir).read_text(encoding="utf-8")
    assert times(run_dir / STORE_NAME)[1][1] == FINISHED + 5  # read only


def test_cache_and_prune_work_on_an_older_store(cli, tmp_path):
    old_store(tmp_path / STORE_NAME)
    code, out, err = cli("cache", tmp_path, "--prune", "--keep-runs", "1")
    assert code == 0, err
    assert json.loads(out)["runs"] == 1
    assert times(tmp_path / STORE_NAME) == [(2, "2023-11-14T22:14:30Z", None)]

"""The run's SQLite store: the content-addressed stage cache, the run log, documents and records.

Every write happens inside `atomic()`: a transaction that commits whole or not at all, so a run
killed at any moment leaves the store as it was after the last finished unit of work. The schema is
applied as named migrations recorded in `migrations`, so later versions can add to it.

`runs.started_at`, `finished_at` and `migrations.applied_at` are ISO 8601 UTC text
(`2026-01-31T09:15:02Z`: what a person reading the table with `sqlite3` wants, and what SQLite's
date functions take); stores written before held Unix seconds and are converted when opened.
`stage_cache.created_at` stays Unix seconds: nothing shows it, and converting it would rewrite
every cached result.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from pipeline.core.hashing import canonical_json
from pipeline.core.store_errors import (
    LOCK_TIMEOUT_S,
    StoreConnection,
    StoreError,
    describe,
    foreign_schema_problem,
)

STORE_NAME = "provenance.sqlite"

MIGRATIONS: tuple[tuple[str, str], ...] = (
    (
        "0001_initial",
        """
        CREATE TABLE stage_cache (
            key TEXT PRIMARY KEY,
            stage TEXT NOT NULL,
            created_at REAL NOT NULL,
            output TEXT NOT NULL
        );
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            started_at REAL NOT NULL,
            finished_at REAL,
            status TEXT NOT NULL,
            argv TEXT NOT NULL,
            signature TEXT NOT NULL,
            summary TEXT
        );
        CREATE TABLE run_inputs (
            run_id INTEGER NOT NULL REFERENCES runs(id),
            ordinal INTEGER NOT NULL,
            path TEXT NOT NULL,
            document_id TEXT,
            status TEXT NOT NULL,
            stage TEXT,
            error TEXT,
            PRIMARY KEY (run_id, ordinal)
        );
        CREATE TABLE run_artifacts (
            run_id INTEGER NOT NULL REFERENCES runs(id),
            document_id TEXT NOT NULL,
            artifact TEXT NOT NULL,
            cache_key TEXT NOT NULL,
            PRIMARY KEY (run_id, document_id, artifact)
        );
        CREATE TABLE documents (
            id TEXT PRIMARY KEY,
            path TEXT NOT NULL,
            format TEXT NOT NULL,
            encoding TEXT NOT NULL,
            title TEXT,
            url TEXT,
            outlet TEXT,
            date TEXT,
            lang TEXT,
            author TEXT,
            translator TEXT,
            text TEXT NOT NULL
        );
        CREATE TABLE records (
            id TEXT PRIMARY KEY,
            document_id TEXT NOT NULL,
            char_start INTEGER NOT NULL,
            char_end INTEGER NOT NULL,
            kind TEXT NOT NULL,
            text TEXT NOT NULL,
            status TEXT NOT NULL,
            speaker TEXT,
            outlet TEXT,
            json TEXT NOT NULL
        );
        CREATE INDEX records_by_document ON records(document_id, char_start);
        """,
    ),
    (
        "0002_runs_iso_times",
        """
        UPDATE runs SET started_at = strftime('%Y-%m-%dT%H:%M:%SZ', started_at, 'unixepoch')
            WHERE typeof(started_at) IN ('integer', 'real');
        UPDATE runs SET finished_at = strftime('%Y-%m-%dT%H:%M:%SZ', finished_at, 'unixepoch')
            WHERE typeof(finished_at) IN ('integer', 'real');
        UPDATE migrations SET applied_at = strftime('%Y-%m-%dT%H:%M:%SZ', applied_at, 'unixepoch')
            WHERE typeof(applied_at) IN ('integer', 'real');
        """,
    ),
    ("0003_documents_original_author", "ALTER TABLE documents ADD COLUMN original_author TEXT"),
)


def iso_utc(seconds: float) -> str:
    """Unix seconds as the store writes times: ISO 8601, UTC, to the second."""
    return dt.datetime.fromtimestamp(seconds, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def utc_now() -> str:
    return iso_utc(time.time())


def read_one(path: Path, sql: str) -> tuple | None:
    """One row of a query on the store at PATH without the `Store` machinery (no migration, no
    writes), or None when there is no such row or the file cannot be read as SQLite."""
    # Read-write first, though only reading: a closing read-only connection leaves the WAL's -wal and
    # -shm files behind; read-only when the folder is not writable.
    for mode in ("rw", "ro"):
        try:
            db = sqlite3.connect(f"{path.resolve().as_uri()}?mode={mode}", uri=True)
            try:
                return db.execute(sql).fetchone()
            finally:
                db.close()
        except sqlite3.Error:
            continue
    return None


def store_problem(path: Path) -> str | None:
    """Why the existing file PATH is not a store this version may write to (damaged, another program's,
    or a newer version's), read without writing; None when it is one."""
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            return _schema_problem(db, path)
        finally:
            db.close()
    except sqlite3.Error as exc:
        return describe(path, exc)


def _schema_problem(db: sqlite3.Connection, path: Path) -> str | None:
    """Why the store open on DB holds another program's tables or a newer version's migrations."""
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    applied = {row[0] for row in db.execute("SELECT name FROM migrations")} if "migrations" in tables else set()
    return foreign_schema_problem(path, tables, {name for name, _ in MIGRATIONS}, applied)


class Store:
    def __init__(self, path: Path):
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"{path.parent}: cannot create the folder ({exc.strerror or exc})") from exc
        if path.exists() and not path.is_file():
            raise StoreError(f"{path}: not a file; move it away and run again")
        self.db = sqlite3.connect(path, isolation_level=None, timeout=LOCK_TIMEOUT_S, factory=StoreConnection)
        self.db.store_path = path
        try:
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except BaseException:
            self.db.close()
            raise

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def atomic(self) -> Iterator[sqlite3.Connection]:
        try:  # BEGIN inside: a signal just after it must still roll the transaction back
            self.db.execute("BEGIN IMMEDIATE")
            yield self.db
            self.db.execute("COMMIT")
        except BaseException:
            if self.db.in_transaction:  # SQLite may have rolled back already (a full disk, say)
                with suppress(sqlite3.Error, StoreError):
                    self.db.execute("ROLLBACK")
            raise

    def _migrate(self) -> None:
        with self.atomic() as db:
            problem = _schema_problem(db, self.path)
            if problem:
                raise StoreError(problem)
            db.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at REAL NOT NULL)")
            done = {row[0] for row in db.execute("SELECT name FROM migrations")}
            for name, sql in MIGRATIONS:
                if name not in done:
                    for statement in filter(str.strip, sql.split(";")):
                        db.execute(statement)
                    db.execute("INSERT INTO migrations VALUES (?, ?)", (name, utc_now()))

    # --- stage cache ----------------------------------------------------------------------------

    def cached(self, key: str) -> str | None:
        row = self.db.execute("SELECT output FROM stage_cache WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def put_cached(self, db: sqlite3.Connection, key: str, stage: str, output: str) -> None:
        db.execute(
            "INSERT OR REPLACE INTO stage_cache (key, stage, created_at, output) VALUES (?, ?, ?, ?)",
            (key, stage, time.time(), output),
        )

    # --- runs -----------------------------------------------------------------------------------

    def start_run(self, argv: list[str], signature: str) -> int:
        """A new run in the log; runs still marked running were killed (a run that ends any other way
        records how), so they are marked interrupted."""
        with self.atomic() as db:
            db.execute("UPDATE runs SET status = 'interrupted' WHERE status = 'running'")
            cursor = db.execute(
                "INSERT INTO runs (started_at, status, argv, signature) VALUES (?, 'running', ?, ?)",
                (utc_now(), json.dumps(argv), signature),
            )
            return int(cursor.lastrowid)

    def run_started_at(self, run_id: int) -> str:
        return self.db.execute("SELECT started_at FROM runs WHERE id = ?", (run_id,)).fetchone()[0]

    def finish_run(self, run_id: int, status: str, summary: dict, finished_at: str | None = None) -> None:
        with self.atomic() as db:
            db.execute(
                "UPDATE runs SET finished_at = ?, status = ?, summary = ? WHERE id = ?",
                (finished_at or utc_now(), status, canonical_json(summary), run_id),
            )

    def stop_run(self, run_id: int, status: str) -> None:
        """Record that a run stopped early ('interrupted', 'failed'); best effort: the store may be why."""
        with suppress(StoreError):
            if self.db.in_transaction:  # a signal can land between a transaction's BEGIN and its try
                with suppress(sqlite3.Error):
                    self.db.rollback()
            with self.atomic() as db:
                db.execute("UPDATE runs SET finished_at = ?, status = ? WHERE id = ?", (utc_now(), status, run_id))

    def add_input(self, db: sqlite3.Connection, run_id: int, ordinal: int, path: str, **fields) -> None:
        db.execute(
            "INSERT OR REPLACE INTO run_inputs (run_id, ordinal, path, document_id, status, stage, error) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (run_id, ordinal, path, fields.get("document_id"), fields["status"], fields.get("stage"),
             fields.get("error")),
        )

    def fail_document(self, db: sqlite3.Connection, run_id: int, document_id: str, stage: str, error: str) -> None:
        db.execute(
            "UPDATE run_inputs SET status = 'failed', stage = ?, error = ? WHERE run_id = ? AND document_id = ?",
            (stage, error, run_id, document_id),
        )

    def ok_documents(self, run_id: int) -> list[tuple[str, str]]:
        """(document_id, path) of the run's documents still in good standing (with or without a
        warning), in input order."""
        return self.db.execute(
            "SELECT document_id, path FROM run_inputs WHERE run_id = ? AND status IN ('ok', 'warning') "
            "ORDER BY ordinal",
            (run_id,),
        ).fetchall()

    def warned_inputs(self, run_id: int) -> list[tuple[str, str]]:
        """(path, warning) of the run's documents kept with a warning (a page with little article text)."""
        return self.db.execute(
            "SELECT path, error FROM run_inputs WHERE run_id = ? AND status = 'warning' ORDER BY ordinal", (run_id,)
        ).fetchall()

    def failed_inputs(self, run_id: int) -> list[tuple[str, str, str]]:
        return self.db.execute(
            "SELECT path, COALESCE(stage, 'ingest'), error FROM run_inputs "
            "WHERE run_id = ? AND status = 'failed' ORDER BY ordinal",
            (run_id,),
        ).fetchall()

    def set_artifact(self, db: sqlite3.Connection, run_id: int, document_id: str, artifact: str, key: str) -> None:
        db.execute(
            "INSERT OR REPLACE INTO run_artifacts (run_id, document_id, artifact, cache_key) VALUES (?, ?, ?, ?)",
            (run_id, document_id, artifact, key),
        )

    def artifact_key(self, run_id: int, document_id: str, artifact: str) -> str | None:
        row = self.db.execute(
            "SELECT cache_key FROM run_artifacts WHERE run_id = ? AND document_id = ? AND artifact = ?",
            (run_id, document_id, artifact),
        ).fetchone()
        return row[0] if row else None

    # --- the cache's size, and pruning ----------------------------------------------------------

    def cache_usage(self) -> dict:
        """Rows and bytes of cached output per stage, and how many runs the log holds."""
        stages = {
            stage: {"rows": rows, "bytes": size}
            for stage, rows, size in self.db.execute(
                "SELECT stage, COUNT(*), COALESCE(SUM(LENGTH(CAST(output AS BLOB))), 0) FROM stage_cache "
                "GROUP BY stage ORDER BY stage"
            )
        }
        runs = self.db.execute("SELECT COUNT(*) FROM runs").fetchone()[0]
        return {"runs": runs, "stages": stages, "file_bytes": self.path.stat().st_size}

    def prune(self, keep_runs: int) -> dict:
        """Forget every run but the latest `keep_runs`, and every cached result none of them uses.
        The kept runs re-run from the cache as before; older inputs are recomputed if run again."""
        with self.atomic() as db:
            kept = "(SELECT id FROM runs ORDER BY id DESC LIMIT ?)"
            db.execute(f"DELETE FROM run_inputs WHERE run_id NOT IN {kept}", (keep_runs,))
            db.execute(f"DELETE FROM run_artifacts WHERE run_id NOT IN {kept}", (keep_runs,))
            dropped_runs = db.execute(f"DELETE FROM runs WHERE id NOT IN {kept}", (keep_runs,)).rowcount
            dropped_rows = db.execute(
                "DELETE FROM stage_cache WHERE key NOT IN (SELECT cache_key FROM run_artifacts)"
            ).rowcount
        self.db.execute("VACUUM")  # give the freed pages back to the file system
        self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return {"runs_removed": dropped_runs, "cache_rows_removed": dropped_rows}

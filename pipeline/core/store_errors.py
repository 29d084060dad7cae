"""What can go wrong with a run's SQLite store, as one line naming the file and what to do.

The store's connection raises `StoreError` (a `PipelineError`, so the CLI prints one line) instead of
sqlite3's exceptions: a damaged or foreign file, a store another process holds locked, a read-only
folder, a full disk.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from pipeline.core.errors import PipelineError

LOCK_TIMEOUT_S = 5.0  # how long a write waits for another process's transaction


class StoreError(PipelineError):
    """The store cannot be opened, read or written."""


def describe(path: Path, exc: sqlite3.Error) -> str:
    message = str(exc)
    lowered = message.lower()
    if "locked" in lowered or "busy" in lowered:
        return (f"{path}: locked by another process for more than {LOCK_TIMEOUT_S:g} s (another run writing "
                "to this folder?); run again when it has finished")
    if "disk is full" in lowered:
        return f"{path}: cannot write ({message}); free some space and run again: the run resumes from the store"
    if "readonly" in lowered or "read-only" in lowered or "unable to open" in lowered:
        return f"{path}: cannot write the store ({message}): is {path.parent} read-only?"
    if "not a database" in lowered or "malformed" in lowered or "corrupt" in lowered:
        return (f"{path}: damaged or not a provenance store ({message}); move it away and run again "
                "(its cached results are lost)")
    return f"{path}: {message}"


class StoreConnection(sqlite3.Connection):
    """A connection whose `execute` raises StoreError naming the store's file."""

    store_path = Path("provenance.sqlite")

    def execute(self, *args, **kwargs):  # type: ignore[override]
        try:
            return super().execute(*args, **kwargs)
        except sqlite3.Error as exc:
            raise StoreError(describe(self.store_path, exc)) from exc


def foreign_schema_problem(path: Path, tables: set[str], known_migrations: set[str], applied: set[str]) -> str | None:
    """Why a SQLite file is not ours to write to: another program's tables, or a newer version's."""
    if tables and "migrations" not in tables:
        listed = ", ".join(sorted(tables)[:5])
        return (f"{path}: not a provenance store (it holds other tables: {listed}); choose another --out "
                "or move the file away")
    unknown = sorted(applied - known_migrations)
    if unknown:
        return f"{path}: written by a newer version of provenance (migration {unknown[0]}); upgrade to use it"
    return None

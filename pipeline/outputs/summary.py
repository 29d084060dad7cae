"""The run summary the report opens with: the store's run log, and counts over the run's records."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from pipeline.core.store import STORE_NAME, iso_utc, read_one
from pipeline.outputs.audit import RunFiles


def run_summary(run_dir: Path, run: RunFiles) -> dict:
    records = run.records
    summary = {
        "documents": len(run.documents),
        "quotes": len(records),
        "statuses": dict(Counter(r.status.value for r in records)),
        "kinds": dict(sorted(Counter(r.quote.kind.value for r in records).items())),
        "languages": dict(
            sorted(Counter(r.original.lang or "unknown" for r in records if r.original).items())
        ),
        "flags": dict(
            sorted(Counter(f.kind for r in records if r.comparison for f in r.comparison.flags).items())
        ),
        "signatures": sorted({r.signature for r in records}),
    }
    stored = _stored_run(run_dir / STORE_NAME)
    if stored:
        summary["run"] = stored
    return summary


def _stored_run(path: Path) -> dict | None:
    """The latest run in the store: its log row, with its `summary` JSON when the run has finished."""
    if not path.is_file():
        return None
    row = read_one(
        path, "SELECT id, started_at, finished_at, status, argv, signature, summary FROM runs ORDER BY id DESC LIMIT 1"
    )
    if row is None:
        return None
    run_id, started, finished, status, argv, signature, summary = row
    return {
        "id": run_id,
        "started_at": _iso(started),
        "finished_at": _iso(finished),
        "status": status,
        "argv": _json_or(argv, []),
        "signature": signature,
        "summary": _json_or(summary, None),
    }


def _iso(value: float | str | None) -> str | None:
    """A time as the store holds it: ISO 8601 text, or Unix seconds in a store not yet migrated (read
    here without opening it for writing)."""
    return iso_utc(value) if isinstance(value, int | float) else value


def _json_or(text: str | None, default):
    try:
        return json.loads(text) if text else default
    except ValueError:
        return default

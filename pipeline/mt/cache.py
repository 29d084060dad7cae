"""The translation cache: SQLite, keyed by (model id + revision, generation settings, source text).

Shared across runs and processes (WAL, busy timeout), so nothing is translated twice. Each batch is
stored in one transaction, so a killed run keeps everything it finished.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path

CACHE_FILE = "translations.sqlite"
_QUERY_CHUNK = 500
_SCHEMA = """
CREATE TABLE IF NOT EXISTS translations (
    model TEXT NOT NULL,
    settings TEXT NOT NULL,
    source_sha TEXT NOT NULL,
    source TEXT NOT NULL,
    translation TEXT NOT NULL,
    PRIMARY KEY (model, settings, source_sha)
)
"""


def default_cache_path(cache_dir: Path | None = None) -> Path:
    """cache_dir, else $PROVENANCE_CACHE_DIR, else ~/.cache/provenance; the file translations.sqlite."""
    base = cache_dir or os.environ.get("PROVENANCE_CACHE_DIR") or Path.home() / ".cache" / "provenance"
    return Path(base) / CACHE_FILE


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class TranslationCache:
    def __init__(self, path: Path):
        self.path = path
        self._connection: sqlite3.Connection | None = None

    def _db(self) -> sqlite3.Connection:
        if self._connection is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(self.path, timeout=30)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute(_SCHEMA)
            connection.commit()
            self._connection = connection
        return self._connection

    def get_many(self, model: str, settings: str, texts: Sequence[str]) -> dict[str, str]:
        """The cached translations of those texts that have one."""
        wanted = {text_key(text): text for text in texts}
        keys = list(wanted)
        found: dict[str, str] = {}
        for i in range(0, len(keys), _QUERY_CHUNK):
            chunk = keys[i : i + _QUERY_CHUNK]
            rows = self._db().execute(
                f"SELECT source_sha, source, translation FROM translations WHERE model = ? AND settings = ? "
                f"AND source_sha IN ({','.join('?' * len(chunk))})",
                [model, settings, *chunk],
            )
            for sha, source, translation in rows:
                if wanted[sha] == source:
                    found[source] = translation
        return found

    def put_many(self, model: str, settings: str, pairs: Iterable[tuple[str, str]]) -> None:
        rows = [(model, settings, text_key(source), source, translation) for source, translation in pairs]
        with self._db() as db:
            db.executemany("INSERT OR REPLACE INTO translations VALUES (?, ?, ?, ?, ?)", rows)

    def count(self) -> int:
        return self._db().execute("SELECT COUNT(*) FROM translations").fetchone()[0]

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

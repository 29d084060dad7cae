"""Files that appear whole or not at all: written to a new temporary file, renamed into place."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

DOCUMENTS_FILE = "documents.jsonl"
RECORDS_FILE = "records.jsonl"
PROVENANCE_FILE = "provenance.jsonld"
REPORT_FILE = "report.html"


def _file_mode() -> int:
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


@contextmanager
def atomic_writer(path: Path) -> Iterator[TextIO]:
    """Write a new temporary file beside PATH and rename it over PATH on success; remove it on failure.

    The temporary file is created exclusively under a fresh random name (`tempfile.mkstemp`), so a
    file or symbolic link planted under a predictable name is never followed, overwritten or deleted;
    the rename replaces PATH itself, never what a link at PATH points to."""
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, _file_mode())
        with open(fd, "w", encoding="utf-8") as handle:
            yield handle
        os.replace(temporary, path)
    finally:
        Path(temporary).unlink(missing_ok=True)

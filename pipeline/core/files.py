"""Files that appear whole or not at all: written to a temporary name, renamed into place."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

DOCUMENTS_FILE = "documents.jsonl"
RECORDS_FILE = "records.jsonl"


@contextmanager
def atomic_writer(path: Path) -> Iterator[TextIO]:
    """Write PATH.tmp, rename it over PATH on success, remove it on failure."""
    temporary = path.with_name(path.name + ".tmp")
    try:
        with open(temporary, "w", encoding="utf-8") as handle:
            yield handle
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def write_text_atomic(path: Path, text: str) -> None:
    with atomic_writer(path) as handle:
        handle.write(text)

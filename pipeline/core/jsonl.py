"""Line-oriented I/O shared by the verbs: UTF-8 text lines in, JSON Lines out."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from pipeline.core.errors import UsageError
from pipeline.core.reading import FileTooLargeError, NotRegularFileError, read_regular_file

MAX_LINES_BYTES = 1_000_000_000  # what a line verb reads from one file or stdin


def read_lines(path: str | None, limit: int = MAX_LINES_BYTES) -> list[str]:
    """Lines of a UTF-8 text file (stdin for None or '-'), without their line endings; at most LIMIT
    bytes of it (stdin from /dev/zero would otherwise be read until memory runs out)."""
    name = "<stdin>" if path in (None, "-") else path
    try:
        data = sys.stdin.buffer.read(limit + 1) if path in (None, "-") else read_regular_file(path, limit)
        if len(data) > limit:
            raise FileTooLargeError(None, limit)
    except FileTooLargeError as exc:
        raise UsageError(f"{name}: larger than {limit:,} bytes; split it into smaller files") from exc
    except NotRegularFileError as exc:
        raise UsageError(f"{name}: {exc}") from exc
    except OSError as exc:
        raise UsageError(f"{name}: cannot read ({exc.strerror or exc})") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UsageError(f"{name}: not valid UTF-8 (byte {exc.start}); re-save it as UTF-8") from exc
    return text.splitlines()


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True)


def write_jsonl(objects: Iterable[Any], out: TextIO | None = None) -> int:
    """Write one JSON object per line; returns how many were written."""
    out = out or sys.stdout
    count = 0
    for obj in objects:
        out.write(dumps(obj) + "\n")
        count += 1
    out.flush()
    return count


def iter_jsonl(path: str | Path) -> Iterator[dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)

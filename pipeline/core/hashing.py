"""Content identity: canonical JSON and the hashes derived from it."""

from __future__ import annotations

import hashlib
import json
from typing import Any


def canonical_json(data: Any) -> str:
    """JSON with sorted keys and no insignificant whitespace: equal data gives equal text."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def content_hash(data: Any, length: int = 16) -> str:
    """A short, stable hex id for any JSON-serialisable value."""
    return sha256_hex(canonical_json(data).encode("utf-8"))[:length]


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()

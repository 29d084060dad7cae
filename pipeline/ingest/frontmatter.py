"""YAML front matter at the top of text and Markdown files, and the metadata fields we keep."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, fields

import yaml

from pipeline.core.records import DocumentMeta

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
META_FIELDS = tuple(f.name for f in fields(DocumentMeta))


class FrontMatterError(ValueError):
    pass


@dataclass(frozen=True)
class Split:
    meta: DocumentMeta
    body: str


def split_front_matter(text: str) -> Split:
    """Separate a leading `---` YAML block from the body; text without one is all body."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return Split(DocumentMeta(), text)
    try:
        data = yaml.safe_load(match.group(1) or "") or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark else ""
        problem = getattr(exc, "problem", None) or "cannot be parsed"
        raise FrontMatterError(f"invalid YAML front matter{where}: {problem}") from exc
    if not isinstance(data, dict):
        raise FrontMatterError("YAML front matter is not a mapping of field: value")
    return Split(meta_from_mapping(data), text[match.end() :])


def meta_from_mapping(data: dict) -> DocumentMeta:
    """Keep the known fields, as strings; dates become ISO 8601."""
    values = {}
    for name in META_FIELDS:
        value = data.get(name)
        if value is None or value == "":
            continue
        if isinstance(value, dt.date | dt.datetime):
            value = value.isoformat()
        values[name] = str(value).strip()
    return DocumentMeta(**values)

"""YAML front matter at the top of text and Markdown files, and the metadata fields we keep.

Front matter is read with a safe loader that also refuses aliases (`*name`): a few lines of nested
aliases expand to gigabytes when the value is turned into a string (a "billion laughs" in YAML).
"""

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


class _FrontMatterLoader(yaml.SafeLoader):
    """SafeLoader without aliases; a value its tag cannot construct (`!!int abc`, the timestamp
    2022-13-45) is a YAML error with its line, and an impossible timestamp stays text for the
    field check below to name."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(None, None, f"aliases (*{event.anchor}) are not allowed",
                                              event.start_mark)
        return super().compose_node(parent, index)

    def construct_object(self, node, deep=False):
        try:
            return super().construct_object(node, deep)
        except (ValueError, TypeError, OverflowError) as exc:
            if node.tag == "tag:yaml.org,2002:timestamp":
                return node.value
            raise yaml.constructor.ConstructorError(None, None, f"{node.value!r}: {exc}", node.start_mark) from exc


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
        data = yaml.load(match.group(1) or "", Loader=_FrontMatterLoader) or {}
    except RecursionError as exc:
        raise FrontMatterError("invalid YAML front matter: nested too deeply") from exc
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
    if "date" in values:
        _check_date(values["date"])
    return DocumentMeta(**values)


_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?![\d])")


def _check_date(value: str) -> None:
    """A date written as an ISO date must be a real one: 2022-13-45 is a typo, not a date."""
    match = _ISO_DATE.match(value)
    if match:
        try:
            dt.date(*(int(part) for part in match.groups()))
        except ValueError as exc:
            raise FrontMatterError(f"YAML front matter field date: {value!r} is not a real date ({exc})") from exc

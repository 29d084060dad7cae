"""The JSON Schema of one line of records.jsonl, shipped with the package, and a validator for it.

`validate_record(data)` returns every problem as one readable line ("quote.char_start: -1 is less
than the minimum of 0"), an empty list for a valid record. Beyond what JSON Schema can say, it
checks that spans do not end before they start.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

SCHEMA_FILE = "records.schema.json"


@cache
def _schema_text() -> str:
    return resources.files(__name__).joinpath(SCHEMA_FILE).read_text(encoding="utf-8")


def load_schema() -> dict[str, Any]:
    """A fresh copy of the records schema (draft 2020-12)."""
    return json.loads(_schema_text())


@cache
def _validator():
    from jsonschema import Draft202012Validator  # lazy: only validation needs it

    schema = load_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def validate_record(data: Any) -> list[str]:
    """Every way `data` (one parsed line of records.jsonl) breaks the schema, sorted; [] when valid."""
    errors = [leaf for error in _validator().iter_errors(data) for leaf in _leaves(error)]
    problems = {f"{_path(error.absolute_path)}: {error.message}" for error in errors}
    if not problems:
        problems.update(_span_problems(data))
    return sorted(problems)


def _leaves(error) -> list:
    """For `oneOf: [null, {...}]`, the errors inside the object branch, not "is not valid under any"."""
    if not error.context:
        return [error]
    deeper = [sub for sub in error.context if not (sub.validator == "type" and not sub.relative_path)]
    return [leaf for sub in deeper for leaf in _leaves(sub)] or [error]


def _path(parts) -> str:
    path = ""
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path.lstrip(".") or "(record)"


def _span_problems(data: dict[str, Any]) -> list[str]:
    spans = [("quote", data["quote"]), ("original", data.get("original"))]
    for index, flag in enumerate((data.get("comparison") or {}).get("flags", [])):
        spans += [
            (f"comparison.flags[{index}].source_span", flag.get("source_span")),
            (f"comparison.flags[{index}].target_span", flag.get("target_span")),
        ]
    problems = []
    for name, span in spans:
        if not span:
            continue
        start, end = span.get("char_start", span.get("start")), span.get("char_end", span.get("end"))
        if start is not None and end is not None and end < start:
            problems.append(f"{name}: ends at {end}, before its start {start}")
    return problems

"""The checks by name: each is a module with one function
`check(source, target, src_lang, tgt_lang) -> tuple[Flag, ...]`.

The registry maps a check's name to its module and is imported lazily, so asking for the numbers
check never loads the sentence encoder.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from pipeline.core.records import Flag

CheckFunction = Callable[[str, str, str, str], tuple[Flag, ...]]

CHECKS: dict[str, str] = {
    "number": "pipeline.checks.numbers",
    "entity": "pipeline.checks.entities",
    "negation": "pipeline.checks.negation",
    "omission": "pipeline.checks.omission",  # also raises "addition" flags
}
# Language pairs each check understands (the omission check works for any pair the encoder knows).
# English against English (two translations of one original) uses the English rules on both sides.
PAIRS: dict[str, set[tuple[str, str]]] = {
    "number": {("ru", "en"), ("en", "en")},
    "entity": {("ru", "en"), ("en", "en")},
    "negation": {("ru", "en"), ("en", "en")},
    "omission": {("*", "*")},
}


def get(name: str) -> CheckFunction:
    try:
        module = CHECKS[name]
    except KeyError:
        raise KeyError(f"unknown check {name!r}; available: {', '.join(sorted(CHECKS))}") from None
    return importlib.import_module(module).check


def applicable(name: str, src_lang: str, tgt_lang: str) -> bool:
    pairs = PAIRS[name]
    return ("*", "*") in pairs or (src_lang, tgt_lang) in pairs

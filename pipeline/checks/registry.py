"""The checks by name: each is a module with
`candidates(source, target, src_lang, tgt_lang) -> list[Candidate]` (what `pipeline.checks.decision`
turns into flags) and `check(...) -> tuple[Flag, ...]` (its flags after the decision); optionally
`texts_to_encode(...)` (what it will ask the encoder for) and `with_nearby(candidates, nearby)` (features
read from the translation's text around the line).

The registry maps a check's name to its module and is imported lazily, so asking for the numbers
check never loads the sentence encoder.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from pipeline.checks.candidates import Candidate

CandidateFunction = Callable[[str, str, str, str], list[Candidate]]

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


def get(name: str) -> CandidateFunction:
    try:
        module = CHECKS[name]
    except KeyError:
        raise KeyError(f"unknown check {name!r}; available: {', '.join(sorted(CHECKS))}") from None
    return importlib.import_module(module).candidates


def texts_to_encode(name: str) -> Callable[[str, str, str, str], list[str]] | None:
    """The check's `texts_to_encode` (texts it will ask the encoder for), if it uses the encoder."""
    return getattr(importlib.import_module(CHECKS[name]), "texts_to_encode", None)


def nearby_features(name: str) -> Callable[[list[Candidate], str], list[Candidate]] | None:
    """The check's `with_nearby` (features read from the translation's text around the line), if any."""
    return getattr(importlib.import_module(CHECKS[name]), "with_nearby", None)


def applicable(name: str, src_lang: str, tgt_lang: str) -> bool:
    pairs = PAIRS[name]
    return ("*", "*") in pairs or (src_lang, tgt_lang) in pairs

"""What a check proposes before the decision: a possible divergence with the evidence for it.

Each check module has `candidates(source, target, src_lang, tgt_lang) -> list[Candidate]`. A
candidate carries the flag it would become and named features (numbers, 0/1 for yes/no) that
`pipeline.checks.decision` weighs together with the rest of the line, so one weak signal does
not raise a flag on its own.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from pipeline.core.records import Flag, Span

T = TypeVar("T")


@dataclass(frozen=True)
class Candidate:
    kind: str
    source_span: Span | None
    target_span: Span | None
    detail: str
    features: Mapping[str, float]

    def flag(self) -> Flag:
        return Flag(self.kind, self.source_span, self.target_span, self.detail)

    @property
    def key(self) -> tuple:
        """Identity within a line pair: kind and the words on each side."""
        return (
            self.kind,
            self.source_span.text if self.source_span else None,
            self.target_span.text if self.target_span else None,
        )


def paired(
    kind: str,
    in_original: Sequence[T],
    in_translation: Sequence[T],
    show: Callable[[T], str],
    span: Callable[[T], Span],
    features: Callable[[T | None, T | None], Mapping[str, float]],
) -> list[Candidate]:
    """Candidates for what one side has and the other lacks: the n-th item of each side shown together
    (a changed value), the rest alone (lost or added)."""
    found = []
    for index in range(max(len(in_original), len(in_translation))):
        source = in_original[index] if index < len(in_original) else None
        target = in_translation[index] if index < len(in_translation) else None
        if source is not None and target is not None:
            detail = f"{show(source)} in the original, {show(target)} in the translation"
        elif source is not None:
            detail = f"{show(source)} in the original has no counterpart in the translation"
        else:
            detail = f"{show(target)} in the translation has no counterpart in the original"
        found.append(
            Candidate(
                kind,
                span(source) if source is not None else None,
                span(target) if target is not None else None,
                detail,
                features(source, target),
            )
        )
    return found


def sides(source: object | None, target: object | None) -> dict[str, float]:
    """Which sides a candidate has: both (a changed value, a swapped name), the original or the translation only."""
    return {
        "both_sides": float(source is not None and target is not None),
        "original_only": float(source is not None and target is None),
        "translation_only": float(source is None and target is not None),
    }

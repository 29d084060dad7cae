"""The decision: which candidates of a line become flags.

One model per kind scores each candidate from its own features and the line's (how close the two
sentences are as wholes, their length ratio, how many other candidates the line raised), so a weak
signal alone (a title word with no counterpart, one negator more on a long sentence) stays below the
kind's threshold, and a strong one (a number one digit away from the original's) passes it. A
logistic regression for most kinds; gradient-boosted trees (`pipeline.core.scorers`) for the omission
check's two kinds, whose features (coverage, gain, share of the sentence, length ratio) say more
together than a weighted sum of them does. The models and the thresholds are `data/decision.json`,
fitted by `pipeline.checks.train_decision` on the fitting sets (injected errors as positives,
untouched lines as negatives); the file records what it was fitted on and its cross-validated
scores.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from pipeline.checks import vectors
from pipeline.checks.candidates import Candidate
from pipeline.core.records import Flag
from pipeline.core.scorers import BoostedTrees, Logistic, logistic_from_data, trees_from_data

MODEL_PATH = Path(__file__).resolve().parent / "data" / "decision.json"


@dataclass(frozen=True)
class KindModel:
    features: tuple[str, ...]
    threshold: float
    scorer: Logistic | BoostedTrees

    def probabilities(self, rows: Sequence[dict[str, float]]) -> np.ndarray:
        if not rows:
            return np.zeros(0)
        return self.scorer.probabilities([[row.get(name, 0.0) for name in self.features] for row in rows])


def kind_model(data: dict) -> KindModel:
    scorer = trees_from_data(data["trees"]) if "trees" in data else logistic_from_data(data)
    return KindModel(tuple(data["features"]), float(data["threshold"]), scorer)


@cache
def load() -> dict[str, KindModel]:
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    return {kind: kind_model(entry) for kind, entry in data["kinds"].items()}


@cache
def version() -> str:
    from pipeline.core.hashing import content_hash

    return content_hash(json.loads(MODEL_PATH.read_text(encoding="utf-8"))["kinds"], length=8)


def line_features(source: str, target: str) -> dict[str, float]:
    """What the whole line says: how close the sentences are, their length ratio, their length."""
    whole = vectors.vectors([source, target])
    words = len(source.split()) + len(target.split())
    return {
        "sentence_cosine": float(whole[0] @ whole[1]),
        "log_length_ratio": math.log(max(len(target), 1) / max(len(source), 1)),
        "line_words": math.log1p(words),
    }


def rows(candidates: Sequence[Candidate], line: dict[str, float]) -> list[dict[str, float]]:
    """Each candidate's features with the line's, and how many candidates of other kinds the line has."""
    kinds = Counter(c.kind for c in candidates)
    return [{**c.features, **line, "other_candidates": float(len(candidates) - kinds[c.kind])} for c in candidates]


def probabilities(candidates: Sequence[Candidate], line: dict[str, float]) -> list[float]:
    models = load()
    features = rows(candidates, line)
    found = [0.0] * len(candidates)
    for kind, model in models.items():
        indices = [i for i, c in enumerate(candidates) if c.kind == kind]
        for i, p in zip(indices, model.probabilities([features[i] for i in indices]), strict=True):
            found[i] = float(p)
    return found


def decide(candidates: Sequence[Candidate], line: dict[str, float]) -> tuple[Flag, ...]:
    models = load()
    chosen = probabilities(candidates, line)
    return tuple(
        c.flag() for c, p in zip(candidates, chosen, strict=True) if c.kind in models and p >= models[c.kind].threshold
    )

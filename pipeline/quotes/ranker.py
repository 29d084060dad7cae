"""The speaker model: scores each candidate speaker of a quote (`pipeline.quotes.candidates`).

A small data file per language: `data/speaker_model.json` for English, fitted by
`benchmarks/fit_speaker_model.py` on PolNeAR's training articles and chosen on its development
articles, and `data/speaker_model_ru.json` for Russian, fitted by `benchmarks/fit_speaker_model_ru.py`
on the Russian development sets and chosen by cross-validation on them (each file records the data,
the settings and the scores). Scoring needs numpy only: the file holds either gradient-boosted
trees (node arrays, walked for every candidate and tree at once) or a logistic model (weights).
A candidate whose probability is below the file's threshold is not chosen: the quote then has no
speaker, and every candidate weighed stays on the record with its score.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from pipeline.quotes.candidates import FEATURES

log = logging.getLogger(__name__)
MODEL_PATH = Path(__file__).resolve().parent / "data" / "speaker_model.json"
MODEL_PATHS = {"en": MODEL_PATH, "ru": MODEL_PATH.with_name("speaker_model_ru.json")}


class ModelError(ValueError):
    """The speaker model file is missing, unreadable or does not fit this code's features."""


@dataclass(frozen=True)
class SpeakerModel:
    kind: str  # "trees" or "logistic"
    threshold: float
    digest: str
    arrays: dict[str, np.ndarray]
    base: float
    depth: int

    def probabilities(self, rows: list[tuple[float, ...]]) -> np.ndarray:
        """The probability that each candidate (a row of `FEATURES` values) is the speaker."""
        if not rows:
            return np.zeros(0)
        x = np.asarray(rows, dtype=np.float64)
        raw = self._trees(x) if self.kind == "trees" else self._linear(x)
        return 1.0 / (1.0 + np.exp(-raw))

    def _linear(self, x: np.ndarray) -> np.ndarray:
        a = self.arrays
        return ((x - a["mean"]) / a["scale"]) @ a["weights"] + self.base

    def _trees(self, x: np.ndarray) -> np.ndarray:
        a = self.arrays
        x = x.astype(np.float32).astype(np.float64)  # scikit-learn's trees split float32 features
        rows = np.arange(len(x))[:, None]
        node = np.broadcast_to(a["roots"], (len(x), len(a["roots"]))).copy()
        for _ in range(self.depth):
            feature = a["feature"][node]
            leaf = feature < 0
            left = x[rows, np.where(leaf, 0, feature)] <= a["threshold"][node]
            node = np.where(leaf, node, np.where(left, a["left"][node], a["right"][node]))
        return self.base + a["value"][node].sum(axis=1)


def load_model(path: Path = MODEL_PATH) -> SpeakerModel:
    """The model in `path`; a clear error when it is missing or was fitted for other features."""
    try:
        raw = path.read_bytes()
        data = json.loads(raw)
    except (OSError, ValueError) as error:
        raise ModelError(f"{path}: cannot read the speaker model ({error})") from error
    if list(data.get("features", [])) != list(FEATURES):
        raise ModelError(f"{path}: fitted for other features than this code computes; refit it")
    digest = hashlib.sha256(raw).hexdigest()[:12]
    if data["kind"] == "logistic":
        arrays = {name: np.asarray(data["logistic"][name], dtype=np.float64) for name in ("mean", "scale", "weights")}
        return SpeakerModel("logistic", float(data["threshold"]), digest, arrays, float(data["logistic"]["bias"]), 0)
    return _trees_model(data, digest)


def _trees_model(data: dict, digest: str) -> SpeakerModel:
    """All trees' nodes in flat arrays (each tree's children offset to its place), leaves pre-scaled
    by the learning rate, so that one walk scores every tree."""
    trees = data["trees"]
    feature, threshold, left, right, value, roots = [], [], [], [], [], []
    depth = 0
    for tree in trees["trees"]:
        offset = len(feature)
        roots.append(offset)
        feature += tree["feature"]
        threshold += tree["threshold"]
        left += [child + offset if child >= 0 else -1 for child in tree["left"]]
        right += [child + offset if child >= 0 else -1 for child in tree["right"]]
        value += [v * trees["learning_rate"] for v in tree["value"]]
        depth = max(depth, tree["depth"])
    arrays = {
        "feature": np.asarray(feature, dtype=np.int64),
        "threshold": np.asarray(threshold, dtype=np.float64),
        "left": np.asarray(left, dtype=np.int64),
        "right": np.asarray(right, dtype=np.int64),
        "value": np.asarray(value, dtype=np.float64),
        "roots": np.asarray(roots, dtype=np.int64),
    }
    return SpeakerModel("trees", float(data["threshold"]), digest, arrays, float(trees["base"]), depth)


@cache
def default_model(lang: str = "en") -> SpeakerModel | None:
    """The shipped model of the language; None for a language without one, and, with one warning, when
    its file cannot be read (a broken install): the rules then choose, as before there was a model."""
    if lang not in MODEL_PATHS:
        return None
    try:
        return load_model(MODEL_PATHS[lang])
    except ModelError as error:
        log.warning("%s; the rules choose the speakers of quotes in %s", error, lang)
        return None


def model_digests() -> dict[str, str]:
    """Each shipped model's digest ("missing" when it cannot be read), for the attribute stage's
    settings: a refitted model is new output."""
    return {lang: getattr(default_model(lang), "digest", "missing") for lang in MODEL_PATHS}

"""The speaker model: scores each candidate speaker of a quote (`pipeline.quotes.candidates`).

A small data file per language: `data/speaker_model.json` for English, fitted by
`benchmarks/fit_speaker_model.py` on PolNeAR's training articles and chosen on its development
articles, and `data/speaker_model_ru.json` for Russian, fitted by `benchmarks/fit_speaker_model_ru.py`
on the Russian development sets and chosen by cross-validation on them (each file records the data,
the settings and the scores). Scoring needs numpy only: the file holds either gradient-boosted
trees or a logistic model (`pipeline.core.scorers`).
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

from pipeline.core.scorers import BoostedTrees, Logistic, logistic_from_data, trees_from_data
from pipeline.quotes.candidates import FEATURES

log = logging.getLogger(__name__)
MODEL_PATH = Path(__file__).resolve().parent / "data" / "speaker_model.json"
MODEL_PATHS = {"en": MODEL_PATH, "ru": MODEL_PATH.with_name("speaker_model_ru.json")}


class ModelError(ValueError):
    """The speaker model file is missing, unreadable or does not fit this code's features."""


@dataclass(frozen=True)
class SpeakerModel:
    threshold: float
    digest: str
    scorer: BoostedTrees | Logistic

    @property
    def kind(self) -> str:
        return "trees" if isinstance(self.scorer, BoostedTrees) else "logistic"

    def probabilities(self, rows: list[tuple[float, ...]]) -> np.ndarray:
        """The probability that each candidate (a row of `FEATURES` values) is the speaker."""
        if not rows:
            return np.zeros(0)
        return self.scorer.probabilities(np.asarray(rows, dtype=np.float64))


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
    scorer = logistic_from_data(data["logistic"]) if data["kind"] == "logistic" else trees_from_data(data["trees"])
    return SpeakerModel(float(data["threshold"]), digest, scorer)


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

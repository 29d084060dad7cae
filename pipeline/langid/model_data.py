"""The model files (by default the shipped ones under pipeline/langid/data/), loaded once per process."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from pipeline.core.hashing import sha256_hex
from pipeline.langid import frequency
from pipeline.langid.combiner import Combiner
from pipeline.langid.frequency import WordFrequencies
from pipeline.langid.ngram import NgramModel

DATA_DIR = Path(__file__).resolve().parent / "data"
COUNTS_FILE = "counts.npz"
COMBINER_FILE = "combiner.json"
_active = {"directory": DATA_DIR}


def load_from(directory: Path = DATA_DIR) -> None:
    """Use the model files in `directory` from now on in this process (the benchmark and the training
    script score models they fitted; everything else uses the shipped files)."""
    _active["directory"] = Path(directory)
    release()
    data_fingerprint.cache_clear()


def release() -> None:
    """Let go of the loaded model files (they load again when next read)."""
    for loaded in (ngram_model, word_frequencies, combiner_data):
        loaded.cache_clear()
    frequency.release()


def directory() -> Path:
    return _active["directory"]


@cache
def ngram_model() -> NgramModel:
    return NgramModel.load(directory() / COUNTS_FILE)


@cache
def word_frequencies() -> WordFrequencies:
    return WordFrequencies(ngram_model().langs)


@cache
def combiner_data() -> dict:
    return json.loads((directory() / COMBINER_FILE).read_text(encoding="utf-8"))


def combiner(kind: str) -> Combiner:
    """kind: 'full' (with lingua) or 'fast' (n-gram models and letters only)."""
    return Combiner.from_data(combiner_data()[kind])


@cache
def data_fingerprint() -> str:
    """A short hash of the model files in use: part of the stage's settings."""
    blob = b"".join((directory() / name).read_bytes() for name in (COUNTS_FILE, COMBINER_FILE))
    return sha256_hex(blob)[:16]

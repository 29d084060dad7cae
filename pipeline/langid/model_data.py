"""The shipped model files under pipeline/langid/data/, loaded once per process."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from pipeline.core.hashing import sha256_hex
from pipeline.langid.combiner import Combiner
from pipeline.langid.frequency import WordFrequencies
from pipeline.langid.ngram import NgramModel

DATA_DIR = Path(__file__).resolve().parent / "data"
COUNTS_FILE = "counts.tsv.gz"
COMBINER_FILE = "combiner.json"


@cache
def ngram_model(directory: Path = DATA_DIR) -> NgramModel:
    return NgramModel.load(directory / COUNTS_FILE)


@cache
def word_frequencies() -> WordFrequencies:
    return WordFrequencies(ngram_model().langs)


@cache
def combiner_data(directory: Path = DATA_DIR) -> dict:
    return json.loads((directory / COMBINER_FILE).read_text(encoding="utf-8"))


def combiner(kind: str, directory: Path = DATA_DIR) -> Combiner:
    """kind: 'full' (with lingua) or 'fast' (n-gram models and letters only)."""
    return Combiner.from_data(combiner_data(directory)[kind])


@cache
def data_fingerprint(directory: Path = DATA_DIR) -> str:
    """A short hash of the shipped model files: part of the stage's settings."""
    blob = b"".join((directory / name).read_bytes() for name in (COUNTS_FILE, COMBINER_FILE))
    return sha256_hex(blob)[:16]

"""The labelled development data (lingua test data, Tatoeba) and its fixed train/calibrate/test split.

The split is a pure function of a sentence's text, so the n-gram tables are built only from `train`,
the combiner is fitted only on `calibrate`, and the benchmark scores only `test`; a word cut from a
sentence always falls in the same part as the sentence it came from.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

LINGUA_KINDS = {"single-words": "1 word", "word-pairs": "2 words", "sentences": "sentence"}
TATOEBA_FILE = Path("tatoeba-lid") / "lid_tatoeba_cyrillic_eng.tsv"
TATOEBA_LABELS = {
    "rus": "ru",
    "ukr": "uk",
    "bel": "be",
    "bul": "bg",
    "mkd": "mk",
    "srp_Cyrl": "sr",
    "srp_Latn": "sr",
    "eng": "en",
}
CORE_LANGS = ("ru", "uk", "be", "bg", "mk", "sr", "en")
LENGTHS = ("1 word", "2 words", "4 words", "sentence")
CUT_WORDS = {"2 words": 2, "4 words": 4}
SPLIT_BUCKETS = {"train": range(0, 6), "calibrate": range(6, 7), "test": range(7, 10)}


@dataclass(frozen=True)
class Sample:
    text: str
    lang: str
    dataset: str  # "lingua" or "tatoeba"
    length: str  # one of LENGTHS
    split: str  # one of SPLIT_BUCKETS
    origin: str  # the string this one was cut from (itself when not a cut)

    @property
    def fold(self) -> int:
        """0 or 1, by the origin's hash: the cross-fitting halves of `calibrate`."""
        return hashlib.sha256(" ".join(self.origin.split()).encode("utf-8")).digest()[1] % 2


def split_of(text: str) -> str:
    bucket = hashlib.sha256(" ".join(text.split()).encode("utf-8")).digest()[0] % 10
    return next(name for name, buckets in SPLIT_BUCKETS.items() if bucket in buckets)


def cut(text: str, words: int) -> str | None:
    """The first `words` words of a longer text, edge punctuation removed; None if it has no more words."""
    tokens = text.split()
    if len(tokens) <= words:
        return None
    return " ".join(tokens[:words]).strip(".,;:!?\"'«»„“”()-–—")


def _lingua_lines(root: Path) -> Iterator[tuple[str, str, str]]:
    for folder, length in LINGUA_KINDS.items():
        for lang in CORE_LANGS:
            path = root / "lingua-testdata-subset" / folder / f"{lang}.txt"
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    yield line.strip(), lang, length


def _tatoeba_lines(root: Path) -> Iterator[tuple[str, str, str]]:
    lines = (root / TATOEBA_FILE).read_text(encoding="utf-8").splitlines()
    for line in lines[1:]:
        label, text, _source = line.split("\t")
        yield text.strip(), TATOEBA_LABELS[label], "sentence"


def load_samples(root: str | Path, with_cuts: bool = True) -> list[Sample]:
    """Every labelled string; sentences also cut to 2 and 4 words (each cut in its sentence's split)."""
    root = Path(root)
    samples = []
    for dataset, lines in (("lingua", _lingua_lines(root)), ("tatoeba", _tatoeba_lines(root))):
        for text, lang, length in lines:
            split = split_of(text)
            samples.append(Sample(text, lang, dataset, length, split, text))
            if length == "sentence" and with_cuts:
                for cut_length, words in CUT_WORDS.items():
                    short = cut(text, words)
                    if short:
                        samples.append(Sample(short, lang, dataset, cut_length, split, text))
    return samples

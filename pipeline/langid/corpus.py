"""The labelled development data and its fixed train/calibrate/test split.

Three corpora of different kinds: lingua's test data (Wikipedia-style words, word pairs and
sentences), Tatoeba (short everyday sentences) and NTREX-128 (news sentences translated from
English into every core language). The split is a pure function of a sentence's text (for NTREX of
its document, since the same document exists in seven languages), so the shipped model is built
from `train` and `calibrate` only and its held-out score is on `test`; a 2- or 4-word string cut
from a sentence always falls in the same part as the sentence it came from. The benchmark also fits
without a whole corpus and scores that corpus (`CORPORA`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

LINGUA_KINDS = {"single-words": "1 word", "word-pairs": "2 words", "sentences": "sentence"}
TATOEBA_FILE = Path("tatoeba-lid") / "lid_tatoeba_cyrillic_eng.tsv"
NTREX_DIR = Path("ntrex128")
NTREX_FILES = {
    "ru": ("newstest2019-ref.rus.txt",),
    "uk": ("newstest2019-ref.ukr.txt",),
    "be": ("newstest2019-ref.bel.txt",),
    "bg": ("newstest2019-ref.bul.txt",),
    "mk": ("newstest2019-ref.mkd.txt",),
    "sr": ("newstest2019-ref.srp-Cyrl.txt", "newstest2019-ref.srp-Latn.txt"),
    "en": ("newstest2019-src.eng.txt",),
}
NTREX_DOCUMENTS = "DOCUMENT_IDS.tsv"
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
DATASETS = ("lingua", "tatoeba", "ntrex")
SPLIT_BUCKETS = {"train": range(0, 6), "calibrate": range(6, 7), "test": range(7, 10)}
# The corpora the benchmark leaves out in turn: text of a kind the model was not fitted on.
CORPORA = {"ntrex": ("ntrex",), "lingua-tatoeba": ("lingua", "tatoeba")}
EDGE_PUNCTUATION = ".,;:!?\"'«»„“”()-–—"


@dataclass(frozen=True)
class Sample:
    text: str
    lang: str
    dataset: str  # "lingua", "tatoeba" or "ntrex"
    length: str  # one of LENGTHS
    split: str  # one of SPLIT_BUCKETS
    origin: str  # the string this one was cut from (itself when not a cut)
    group: str = ""  # what must stay on one side of any split: the NTREX document (else the origin)

    @property
    def unit(self) -> str:
        return self.group or self.origin

    def fold(self, folds: int = 2, salt: str = "") -> int:
        """The cross-fitting fold of the string's unit (its sentence, or its NTREX document)."""
        return _bucket(f"{salt}{self.unit}", folds, byte=1)


def _digest(key: str) -> bytes:
    return hashlib.sha256(" ".join(key.split()).encode("utf-8")).digest()


def _bucket(key: str, buckets: int, byte: int) -> int:
    return int.from_bytes(_digest(key)[byte : byte + 4], "big") % buckets


def stable_rank(key: str) -> int:
    """A number that orders strings the same way in every run and process (a seeded shuffle)."""
    return _bucket(key, 1 << 32, byte=4)


def data_version(root: str | Path, datasets: tuple[str, ...]) -> dict[str, str]:
    """A short SHA-256 of every file each dataset is read from: the data a model was fitted on."""
    root = Path(root)
    files = {
        "lingua": [
            root / "lingua-testdata-subset" / kind / f"{lang}.txt" for kind in LINGUA_KINDS for lang in CORE_LANGS
        ],
        "tatoeba": [root / TATOEBA_FILE],
        "ntrex": [root / NTREX_DIR / NTREX_DOCUMENTS]
        + [root / NTREX_DIR / name for names in NTREX_FILES.values() for name in names],
    }
    return {
        name: hashlib.sha256(b"".join(path.read_bytes() for path in files[name])).hexdigest()[:16] for name in datasets
    }


def split_of(text: str) -> str:
    bucket = _digest(text)[0] % 10
    return next(name for name, buckets in SPLIT_BUCKETS.items() if bucket in buckets)


def cut(text: str, words: int) -> str | None:
    """The first `words` words of a longer text, edge punctuation removed; None if it has no more words."""
    tokens = text.split()
    if len(tokens) <= words:
        return None
    return " ".join(tokens[:words]).strip(EDGE_PUNCTUATION)


def window(text: str, words: int) -> str | None:
    """`words` consecutive words from anywhere in a longer text (the start a hash of the text), edge
    punctuation removed; only windows with a word of letters in them. None if the text is not longer."""
    tokens = text.split()
    starts = [
        start
        for start in range(len(tokens) - words + 1)
        if any(any(char.isalpha() for char in token) for token in tokens[start : start + words])
    ]
    if len(tokens) <= words or not starts:
        return None
    start = starts[_bucket(f"window{words}:{text}", len(starts), byte=2)]
    return " ".join(tokens[start : start + words]).strip(EDGE_PUNCTUATION)


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


def _ntrex_lines(root: Path) -> Iterator[tuple[str, str, str]]:
    """(sentence, language, document id): every translation of a sentence belongs to its document."""
    folder = root / NTREX_DIR
    documents = (folder / NTREX_DOCUMENTS).read_text(encoding="utf-8").splitlines()
    for lang, names in NTREX_FILES.items():
        for name in names:
            lines = (folder / name).read_text(encoding="utf-8").splitlines()
            if len(lines) != len(documents):
                raise ValueError(f"{folder / name}: {len(lines)} lines, {NTREX_DOCUMENTS} has {len(documents)}")
            for text, document in zip(lines, documents, strict=True):
                if text.strip():
                    yield text.strip(), lang, f"ntrex:{document.strip()}"


def load_samples(root: str | Path, with_cuts: bool = True, datasets: tuple[str, ...] = DATASETS) -> list[Sample]:
    """Every labelled string of the chosen datasets; sentences also cut to 2 and 4 words (lingua and
    Tatoeba: the first words; NTREX news sentences, which are long: a window anywhere in them)."""
    root = Path(root)
    samples = []
    for dataset in datasets:
        for text, lang, length, group in _lines(root, dataset):
            split = split_of(group or text)
            samples.append(Sample(text, lang, dataset, length, split, text, group))
            if length == "sentence" and with_cuts:
                shorten = window if dataset == "ntrex" else cut
                for cut_length, words in CUT_WORDS.items():
                    if short := shorten(text, words):
                        samples.append(Sample(short, lang, dataset, cut_length, split, text, group))
    return samples


def _lines(root: Path, dataset: str) -> Iterator[tuple[str, str, str, str]]:
    """(text, language, length, group) of one dataset."""
    if dataset == "ntrex":
        return ((text, lang, "sentence", group) for text, lang, group in _ntrex_lines(root))
    lines = _lingua_lines(root) if dataset == "lingua" else _tatoeba_lines(root)
    return ((text, lang, length, "") for text, lang, length in lines)

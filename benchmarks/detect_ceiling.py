"""How well could any detector that reads only the string do on NTREX-128's 2- and 4-word windows?

    .venv/bin/python benchmarks/detect_ceiling.py [--data ../shared/data] [--part test|dev]

NTREX-128 translates the same English sentences into all seven core languages, so a short window
often occurs, word for word, in another language's translations too ("може да", "на телата"). For
every window the benchmark scores (`bench_detect.py`: one window per sentence of the part), this
counts how often that exact string (lower case, edge punctuation removed) occurs as consecutive
words in each language's NTREX translations, all parts together. A detector that reads only the
string can at best answer the language it occurs in most; it is wrong at least where another
language has it more often. The figure is an optimistic ceiling: it knows the very distribution
it is scored on; a detector that knows less (every real one) does worse.
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from pathlib import Path

from pipeline.langid.corpus import CUT_WORDS, EDGE_PUNCTUATION, SPLIT_BUCKETS, load_samples


def _words(text: str) -> list[str]:
    return [word.strip(EDGE_PUNCTUATION).lower() for word in text.split()]


def occurrences(sentences, words: int) -> dict[str, Counter]:
    """Every run of `words` consecutive words of the sentences, with how often each language has it."""
    found: dict[str, Counter] = defaultdict(Counter)
    for sample in sentences:
        tokens = _words(sample.text)
        for start in range(len(tokens) - words + 1):
            found[" ".join(tokens[start : start + words])][sample.lang] += 1
    return found


def ceiling(windows, found: dict[str, Counter]) -> tuple[int, int, int]:
    """(windows that occur in more than one language, windows a string-only oracle gets wrong, all)."""
    shared = wrong = 0
    for sample in windows:
        counts = found[" ".join(_words(sample.text))]
        if len(counts) > 1:
            shared += 1
        if counts[sample.lang] < max(counts.values(), default=0):
            wrong += 1
    return shared, wrong, len(windows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data")
    parser.add_argument("--part", choices=("test", "dev"), default="test")
    args = parser.parse_args()
    parts = ("test",) if args.part == "test" else tuple(p for p in SPLIT_BUCKETS if p != "test")
    samples = load_samples(args.data, datasets=("ntrex",))
    sentences = [s for s in samples if s.length == "sentence"]
    for length, words in CUT_WORDS.items():
        windows = [s for s in samples if s.length == length and s.split in parts]
        shared, wrong, total = ceiling(windows, occurrences(sentences, words))
        print(
            f"NTREX {args.part}, {length}: {total} windows, {shared} ({shared / total:.1%}) occur in another "
            f"language's translations too; string-only ceiling {1 - wrong / total:.4f} ({wrong} wrong at best)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Benchmark: language identification on short strings, our detector against lingua and langdetect.

    .venv/bin/python benchmarks/bench_detect.py [--data ../shared/data] [--split test]
        [--detectors combined,lingua,langdetect] [--per-cell N]

Strings: lingua's test data (single words, word pairs, sentences) and Tatoeba sentences, the
sentences also cut to their first 2 and 4 words; only the `test` part of the fixed split
(pipeline/langid/corpus.py), which neither the n-gram counts nor the combiner ever saw. Prints
accuracy per length and per language x length for every detector side by side, throughput
(strings/s, single thread, after a warm-up on `calibrate` strings), the calibration of our
confidences (expected calibration error, reliability table) and accuracy with URL hints.
`--detectors` also takes `fasttext`, `cld2` and `langid` (comparison only; their packages must be
installed; see docs/detect.md).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

from pipeline.langid.backends import get_backend
from pipeline.langid.corpus import CORE_LANGS, CUT_WORDS, LENGTHS, Sample, cut, load_samples
from pipeline.langid.detect import Hints, detect
from pipeline.quotes.outlets import load_registry

WARM_UP = 300
BATCH = 1000
PRELOAD = (
    "The quick brown fox jumps over the lazy dog",
    "Съешь же ещё этих мягких французских булок",
    "Ελληνικά",
    "日本語のテキスト",
    "العربية",
    "עברית",
    "ქართული",
    "Հայերեն",
    "हिन्दी",
    "한국어",
    "ไทย",
    "বাংলা",
    "ગુજરાતી",
    "ਪੰਜਾਬੀ",
    "தமிழ்",
    "తెలుగు",
    "मराठी",
)
WMT_FILE = Path("wmt21-newstest-ruen") / "newstest2021.ru-en.news.tsv"
FOLD = {"hr": "sr", "bs": "sr"}
COUNTRY_DOMAIN = {"ru": "ru", "uk": "ua", "be": "by", "bg": "bg", "mk": "mk", "sr": "rs", "en": "uk"}


def select(samples: list[Sample], split: str, per_cell: int | None) -> list[Sample]:
    chosen, seen = [], defaultdict(int)
    for sample in samples:
        key = (sample.dataset, sample.length, sample.lang)
        if sample.split == split and (per_cell is None or seen[key] < per_cell):
            seen[key] += 1
            chosen.append(sample)
    return chosen


def preload_lingua() -> None:
    """lingua loads a language's models on first use; load them all before any timing starts."""
    for name in ("lingua", "lingua-low"):
        backend = get_backend(name)
        for text in PRELOAD:
            backend.confidences(text)


def run(name: str, texts: list[str], warm_up: list[str]) -> tuple[list[str | None], float]:
    backend = get_backend(name)
    for text in warm_up:
        backend.detect(text)
    start = time.perf_counter()
    if hasattr(backend, "detect_many"):  # ours: batches of BATCH, one thread, as `provenance run` calls it
        found = [
            lang for i in range(0, len(texts), BATCH) for lang in backend.detect_many(texts[i : i + BATCH])
        ]
    else:
        found = [backend.detect(text) for text in texts]
    return found, len(texts) / (time.perf_counter() - start)


def accuracy_table(samples: list[Sample], predictions: dict[str, list], key) -> list[str]:
    cells: dict = defaultdict(lambda: defaultdict(list))
    for i, sample in enumerate(samples):
        for name, found in predictions.items():
            cells[key(sample)][name].append(found[i] == sample.lang)
    lines = []
    for cell in sorted(cells, key=_order):
        scores = "  ".join(f"{np.mean(cells[cell][name]):>10.4f}" for name in predictions)
        lines.append(
            f"{' / '.join(cell) if isinstance(cell, tuple) else cell:<26}{scores}  n={len(cells[cell][name])}"
        )
    return lines


def _order(cell):
    parts = cell if isinstance(cell, tuple) else (cell,)
    return tuple(
        LENGTHS.index(p) if p in LENGTHS else CORE_LANGS.index(p) if p in CORE_LANGS else 99 for p in parts
    )


def calibration(samples: list[Sample], bins: int = 10) -> list[str]:
    found = [detect(sample.text) for sample in samples]
    confidence = np.array([d.confidence for d in found])
    correct = np.array([d.lang == s.lang for d, s in zip(found, samples, strict=True)])
    edges = np.linspace(0, 1, bins + 1)
    lines, ece = [], 0.0
    for low, high in zip(edges[:-1], edges[1:], strict=True):
        mask = (confidence > low) & (confidence <= high) if low > 0 else (confidence <= high)
        if mask.any():
            ece += mask.sum() / len(samples) * abs(confidence[mask].mean() - correct[mask].mean())
            lines.append(
                f"  conf {low:.1f}-{high:.1f}: n={mask.sum():>5}  stated {confidence[mask].mean():.3f}"
                f"  observed {correct[mask].mean():.3f}"
            )
    return [f"expected calibration error (10 bins): {ece:.4f}", *lines]


def with_hints(samples: list[Sample]) -> list[str]:
    lines = []
    for label, pick in (("correct .tld", lambda lang: lang), ("misleading .tld", _other_lang)):
        by_length = defaultdict(list)
        for sample in samples:
            hint = Hints(url=f"https://example.{COUNTRY_DOMAIN[pick(sample.lang)]}/news")
            by_length[sample.length].append(detect(sample.text, hint).lang == sample.lang)
        cells = "  ".join(
            f"{length} {np.mean(by_length[length]):.4f}" for length in LENGTHS if by_length[length]
        )
        lines.append(f"  {label:<16} {cells}")
    return lines


def wmt_strings(root: Path) -> list[tuple[str, str, str]]:
    """(text, length, doc-id prefix) from WMT21 ru-en sources: headlines (segment 1), sentences, cuts.

    All Russian; read in place (the text may not be copied into the project)."""
    rows = (root / WMT_FILE).read_text(encoding="utf-8").splitlines()[1:]
    found = []
    for row in rows:
        doc_id, _lang, segment, text = row.split("\t")[:4]
        prefix = doc_id.rsplit(".", 1)[0]
        found.append((text, "headline" if segment == "1" else "sentence", prefix))
        for length, words in CUT_WORDS.items():
            if short := cut(text, words):
                found.append((short, length, prefix))
    return found


def outlet_hint(prefix: str) -> Hints | None:
    """The doc-id prefix as an outlet name, or as a URL when it is a domain (rus.err.ee hints Estonian)."""
    if load_registry().lookup(prefix):
        return Hints(outlet=prefix)
    return Hints(url=f"https://{prefix}/") if "." in prefix else None


def cited_titles(root: Path) -> list[str]:
    strings = wmt_strings(root)
    hints = {prefix: outlet_hint(prefix) for _, _, prefix in strings}
    lingua = get_backend("lingua")
    by_length = defaultdict(lambda: defaultdict(list))
    for text, length, prefix in strings:
        by_length[length]["combined"].append(detect(text).lang == "ru")
        by_length[length]["combined+hint"].append(detect(text, hints[prefix]).lang == "ru")
        by_length[length]["lingua"].append(lingua.detect(text) == "ru")
    hinted = sum(hint is not None for hint in hints.values())
    lines = [f"  {len(hints)} outlets, {hinted} with an outlet or URL hint; accuracy (all are Russian)"]
    for length in ("headline", "2 words", "4 words", "sentence"):
        cells = by_length[length]
        scores = "  ".join(f"{name} {np.mean(values):.4f}" for name, values in cells.items())
        lines.append(f"  {length:<9} n={len(cells['lingua']):<5} {scores}")
    return lines


def _other_lang(lang: str) -> str:
    # The most confusable neighbour, the hardest wrong hint.
    return {"ru": "uk", "uk": "ru", "be": "ru", "bg": "mk", "mk": "bg", "sr": "mk", "en": "sr"}[lang]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="../shared/data", type=Path)
    parser.add_argument("--split", default="test", choices=("calibrate", "test"))
    parser.add_argument("--detectors", default="combined,lingua,langdetect")
    parser.add_argument(
        "--per-cell", type=int, default=None, help="at most N strings per dataset/length/language"
    )
    args = parser.parse_args(argv)
    if not (args.data / "tatoeba-lid").is_dir():
        print(f"bench_detect: {args.data}: no tatoeba-lid/ here; pass --data", file=sys.stderr)
        return 2
    everything = load_samples(args.data)
    samples = select(everything, args.split, args.per_cell)
    warm_up = [s.text for s in select(everything, "calibrate", None)][:: max(1, 7000 // WARM_UP)]
    names = args.detectors.split(",")
    preload_lingua()
    predictions, speed = {}, {}
    for name in names:
        predictions[name], speed[name] = run(name, [s.text for s in samples], warm_up)
        print(f"{name}: {speed[name]:.0f} strings/s", file=sys.stderr)
    if "lingua" in predictions:  # lingua tells Serbian, Croatian and Bosnian apart; we do not
        predictions["lingua,hbs"] = [FOLD.get(lang, lang) for lang in predictions["lingua"]]
    header = f"{'':<26}" + "  ".join(f"{name:>10}" for name in predictions)
    print(f"split={args.split} strings={len(samples)} (shared machine: timings are indicative)\n")
    print("accuracy by length\n" + header)
    print("\n".join(accuracy_table(samples, predictions, lambda s: s.length)))
    print("\naccuracy by length / language\n" + header)
    print("\n".join(accuracy_table(samples, predictions, lambda s: (s.length, s.lang))))
    print("\naccuracy by dataset / length\n" + header)
    print("\n".join(accuracy_table(samples, predictions, lambda s: (s.dataset, s.length))))
    print("\nthroughput (strings/s, single thread): " + "  ".join(f"{n} {speed[n]:.0f}" for n in names))
    if "combined" in names:
        print("\ncalibration of combined (no hints)\n" + "\n".join(calibration(samples)))
        print("\ncombined with a URL hint\n" + "\n".join(with_hints(samples)))
        if (args.data / WMT_FILE).is_file():
            print("\nWMT21 Russian news: headlines, sentences, cuts\n" + "\n".join(cited_titles(args.data)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

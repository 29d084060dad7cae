"""Benchmark: language identification on text of a kind the detector was not fitted on.

    .venv/bin/python benchmarks/bench_detect.py [--data ../shared/data] [--part test|dev]
        [--fit-without ntrex,lingua-tatoeba] [--models DIR] [--no-shipped]
        [--detectors combined,lingua,langdetect] [--per-cell N]

For each corpus named in `--fit-without` (default both) a model is fitted on every part of the other
corpora (`pipeline.langid.train --without CORPUS --splits all`; kept in `--models DIR` and reused
when already there) and measured on the `test` part of the corpus it never saw (`--part dev` measures
its `train` and `calibrate` parts instead: the part design choices may look at). The corpora:
`ntrex` (NTREX-128 news sentences, also cut to 2- and 4-word windows) and `lingua-tatoeba` (lingua's
Wikipedia-style words, word pairs and sentences; Tatoeba's short everyday sentences; sentences cut to
their first 2 and 4 words). lingua and langdetect answer the same strings in the same run.
Then the shipped model (fitted on `train` + `calibrate` of all three) on every corpus's `test` part,
its size and load time, and WMT21 Russian news headlines with and without an outlet hint.

Printed per model: accuracy per length, per length x language and per dataset x length for every
detector side by side; throughput (strings/s, one thread, after a warm-up); calibration of our
confidence; accuracy with a URL hint and, on NTREX, with the document as context (its detected
language and the neighbouring sentences, as `provenance run` gives them), right and misleading.
`--detectors` also takes `fasttext`, `cld2` and `langid` (comparison only; see docs/detect.md).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import numpy as np

from pipeline.langid import model_data, train
from pipeline.langid.backends import get_backend
from pipeline.langid.corpus import CORE_LANGS, CORPORA, CUT_WORDS, LENGTHS, Sample, cut, load_samples
from pipeline.langid.detect import Hints, detect_many
from pipeline.langid.frequency import LISTS, listed_in
from pipeline.langid.text import normalise, words
from pipeline.quotes.outlets import load_registry
from pipeline.stages.languages import DOCUMENT_SAMPLE

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
)
WMT_FILE = Path("wmt21-newstest-ruen") / "newstest2021.ru-en.news.tsv"
FOLD = {"hr": "sr", "bs": "sr"}
COUNTRY_DOMAIN = {"ru": "ru", "uk": "ua", "be": "by", "bg": "bg", "mk": "mk", "sr": "rs", "en": "uk"}
# The most confusable neighbour: the hardest wrong hint.
NEIGHBOUR = {"ru": "uk", "uk": "ru", "be": "ru", "bg": "mk", "mk": "bg", "sr": "mk", "en": "sr"}
PARTS = {"test": ("test",), "dev": ("train", "calibrate")}
NEIGHBOURING_SENTENCES = 1  # on each side: about the 300 characters `provenance run` gives


def select(samples: list[Sample], splits: tuple[str, ...], per_cell: int | None) -> list[Sample]:
    chosen, seen = [], defaultdict(int)
    for sample in samples:
        key = (sample.dataset, sample.length, sample.lang)
        if sample.split in splits and (per_cell is None or seen[key] < per_cell):
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
        found = [lang for i in range(0, len(texts), BATCH) for lang in backend.detect_many(texts[i : i + BATCH])]
    else:
        found = [backend.detect(text) for text in texts]
    return found, len(texts) / (time.perf_counter() - start)


def accuracy_table(samples: list[Sample], predictions: dict[str, list], key: Callable) -> list[str]:
    cells: dict = defaultdict(lambda: defaultdict(list))
    for i, sample in enumerate(samples):
        for name, found in predictions.items():
            cells[key(sample)][name].append(found[i] == sample.lang)
    lines = []
    for cell in sorted(cells, key=_order):
        scores = "  ".join(f"{np.mean(cells[cell][name]):>10.4f}" for name in predictions)
        label = " / ".join(cell) if isinstance(cell, tuple) else cell
        lines.append(f"{label:<26}{scores}  n={len(cells[cell][name])}")
    return lines


def _order(cell):
    parts = cell if isinstance(cell, tuple) else (cell,)
    return tuple(LENGTHS.index(p) if p in LENGTHS else CORE_LANGS.index(p) if p in CORE_LANGS else 99 for p in parts)


def calibration(samples: list[Sample], bins: int = 10) -> list[str]:
    found = detect_many([sample.text for sample in samples])
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
    named = np.mean([s.lang in dict(d.candidates) for d, s in zip(found, samples, strict=True) if d.lang])
    return [
        f"expected calibration error (10 bins): {ece:.4f}",
        *lines,
        f"  right language among the candidates: {named:.4f}"
        f" (mean {np.mean([len(d.candidates) for d in found if d.lang]):.2f} candidates)",
    ]


def lexically_ambiguous_misses(samples: list[Sample], found: list[str | None]) -> list[str]:
    """How many 2- and 4-word misses are made only of words that wordfreq lists in both the right and
    the guessed language ("се е", "на телата": Bulgarian and Macedonian alike). Belarusian has no list."""
    lines = []
    for length in ("2 words", "4 words"):
        misses = [
            (s, lang) for s, lang in zip(samples, found, strict=True) if s.length == length and lang and lang != s.lang
        ]
        listed = [s for s, lang in misses if _all_listed(s.text, s.lang) and _all_listed(s.text, lang)]
        if misses:
            lines.append(f"  {length}: {len(listed)} of {len(misses)} misses are listed words in both languages")
    return lines


def _all_listed(text: str, lang: str) -> bool:
    return lang in LISTS and all(listed_in(word, lang) for word in words(normalise(text)))


def hinted_accuracy(
    samples: list[Sample], hint_for: Callable[[Sample, str], Hints], neighbour: dict[str, str] = NEIGHBOUR
) -> list[str]:
    """Accuracy by length with the right hint (for the text's own language) and a misleading one
    (for its most confusable neighbour)."""
    lines = []
    for label, pick in (("right", lambda lang: lang), ("misleading", neighbour.__getitem__)):
        hints = [hint_for(sample, pick(sample.lang)) for sample in samples]
        found = detect_many([sample.text for sample in samples], hints)
        by_length = defaultdict(list)
        for sample, detection in zip(samples, found, strict=True):
            by_length[sample.length].append(detection.lang == sample.lang)
        cells = "  ".join(f"{length} {np.mean(by_length[length]):.4f}" for length in LENGTHS if by_length[length])
        lines.append(f"  {label:<11} {cells}")
    return lines


def url_hint(_sample: Sample, lang: str) -> Hints:
    return Hints(url=f"https://example.{COUNTRY_DOMAIN[lang]}/news")


class NtrexDocuments:
    """An NTREX string's context in a run: its document's detected language and the sentences next to
    its own. Misleading: the same article in the neighbouring language (NTREX is line-parallel), as
    for a Ukrainian quote inside a Russian article."""

    def __init__(self, sentences: list[Sample]):
        self.lines: dict[tuple[str, str], list[str]] = defaultdict(list)
        for sample in sentences:
            if sample.lang != "sr":  # two scripts in one language: no single version of the article
                self.lines[(sample.group, sample.lang)].append(sample.text)
        self.position = {
            (group, sentence): i for (group, _), lines in self.lines.items() for i, sentence in enumerate(lines)
        }
        documents = sorted(self.lines)
        found = detect_many([" ".join(self.lines[key])[:DOCUMENT_SAMPLE] for key in documents])
        self.language = {
            key: (d.lang, d.confidence) if d.lang else None for key, d in zip(documents, found, strict=True)
        }

    def hint(self, sample: Sample, lang: str) -> Hints:
        lines = self.lines[(sample.group, lang)]
        at = self.position[(sample.group, sample.origin)]
        near = lines[max(0, at - NEIGHBOURING_SENTENCES) : at] + lines[at + 1 : at + 1 + NEIGHBOURING_SENTENCES]
        return Hints(context=" ".join(near) or None, document=self.language[(sample.group, lang)])


def measure(samples: list[Sample], names: list[str], warm_up: list[str], cache: dict, data: Path) -> None:
    """Every detector on the samples, accuracy tables, throughput, calibration and hints."""
    predictions, speed = {}, {}
    texts = [s.text for s in samples]
    for name in names:
        if name == "combined" or name not in cache or any(text not in cache[name] for text in texts):
            found, speed[name] = run(name, texts, warm_up)
            cache.setdefault(name, {}).update(zip(texts, found, strict=True))
            print(f"  {name}: {speed[name]:.0f} strings/s", file=sys.stderr)
        predictions[name] = [cache[name][text] for text in texts]
    if "lingua" in predictions:  # lingua tells Serbian, Croatian and Bosnian apart; we do not
        predictions["lingua,hbs"] = [FOLD.get(lang, lang) for lang in predictions["lingua"]]
    header = f"{'':<26}" + "  ".join(f"{name:>10}" for name in predictions)
    print(f"strings={len(samples)} (shared machine: timings are indicative)\n")
    print("accuracy by length\n" + header)
    print("\n".join(accuracy_table(samples, predictions, lambda s: s.length)))
    print("\naccuracy by length / language\n" + header)
    print("\n".join(accuracy_table(samples, predictions, lambda s: (s.length, s.lang))))
    print("\naccuracy by dataset / length\n" + header)
    print("\n".join(accuracy_table(samples, predictions, lambda s: (s.dataset, s.length))))
    if speed:
        print("\nthroughput (strings/s, single thread): " + "  ".join(f"{n} {v:.0f}" for n, v in speed.items()))
    if "combined" in names:
        print(
            "\ncombined: misses that no word list can settle\n"
            + "\n".join(lexically_ambiguous_misses(samples, predictions["combined"]))
        )
        print("\ncalibration of combined (no hints)\n" + "\n".join(calibration(samples)))
        print("\ncombined with a URL hint (country domain)\n" + "\n".join(hinted_accuracy(samples, url_hint)))
        ntrex = [s for s in samples if s.dataset == "ntrex"]
        if ntrex:
            documents = NtrexDocuments(load_samples(data, with_cuts=False, datasets=("ntrex",)))
            # an English quote in a Russian article (NTREX has no single Serbian version: two scripts)
            lines = hinted_accuracy([s for s in ntrex if s.lang != "sr"], documents.hint, NEIGHBOUR | {"en": "ru"})
            print(
                "\ncombined in a run: the document's language and neighbouring sentences as context"
                " (NTREX, Cyrillic and English)\n" + "\n".join(lines)
            )


def fitted_model(models: Path, corpus: str, data: Path) -> Path:
    """The model fitted without `corpus`, fitted now unless `models` already has it."""
    directory = models / f"without-{corpus}"
    if not all((directory / name).is_file() for name in (model_data.COUNTS_FILE, model_data.COMBINER_FILE)):
        print(f"fitting a model without {corpus} -> {directory} (several minutes)", file=sys.stderr)
        train.main(["--data", str(data), "--out", str(directory), "--without", corpus, "--splits", "all"])
    return directory


def model_size_and_load_time() -> list[str]:
    """The shipped files' size, and in a fresh process the time to import the detector, load its
    files and word lists and answer a first string (lingua's models load later, as texts need them)."""
    files = ", ".join(
        f"{name} {(model_data.DATA_DIR / name).stat().st_size / 1e6:.2f} MB"
        for name in (model_data.COUNTS_FILE, model_data.COMBINER_FILE)
    )
    probe = (
        "import time; start = time.perf_counter(); from pipeline.langid.detect import detect; "
        "imported = time.perf_counter(); detect('Министр иностранных дел заявил'); "
        "print(f'{imported - start:.2f} {time.perf_counter() - start:.2f}')"
    )
    timed = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    imported, answered = timed.stdout.split()
    return [
        f"  files: {files}",
        f"  fresh process: import {imported} s, first answer (files loaded) after {answered} s",
    ]


def wmt_strings(root: Path) -> list[tuple[str, str, str]]:
    """(text, length, doc-id prefix) from WMT21 ru-en sources: headlines (segment 1), sentences, cuts.

    All Russian; read in place (the text may not be copied into the project)."""
    rows = (root / WMT_FILE).read_text(encoding="utf-8").splitlines()[1:]
    found = []
    for row in rows:
        doc_id, _lang, segment, text = row.split("\t")[:4]
        prefix = doc_id.rsplit(".", 1)[0]
        found.append((text, "headline" if segment == "1" else "sentence", prefix))
        for length, count in CUT_WORDS.items():
            if short := cut(text, count):
                found.append((short, length, prefix))
    return found


def outlet_hint(prefix: str) -> Hints | None:
    """The doc-id prefix as an outlet name, or as a URL when it is a domain (rus.err.ee hints Estonian)."""
    if load_registry().lookup(prefix):
        return Hints(outlet=prefix)
    return Hints(url=f"https://{prefix}/") if "." in prefix else None


def cited_titles(root: Path, cache: dict) -> list[str]:
    strings = wmt_strings(root)
    hints = {prefix: outlet_hint(prefix) for _, _, prefix in strings}
    texts = [text for text, _, _ in strings]
    plain = detect_many(texts)
    hinted = detect_many(texts, [hints[prefix] for _, _, prefix in strings])
    lingua = get_backend("lingua")
    by_length = defaultdict(lambda: defaultdict(list))
    for (text, length, _), alone, with_hint in zip(strings, plain, hinted, strict=True):
        by_length[length]["combined"].append(alone.lang == "ru")
        by_length[length]["combined+hint"].append(with_hint.lang == "ru")
        found = cache.get("lingua", {}).get(text) or lingua.detect(text)
        by_length[length]["lingua"].append(found == "ru")
    with_hints = sum(hint is not None for hint in hints.values())
    lines = [f"  {len(hints)} outlets, {with_hints} with an outlet or URL hint; accuracy (all are Russian)"]
    for length in ("headline", "2 words", "4 words", "sentence"):
        cells = by_length[length]
        scores = "  ".join(f"{name} {np.mean(values):.4f}" for name, values in cells.items())
        lines.append(f"  {length:<9} n={len(cells['lingua']):<5} {scores}")
    return lines


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="../shared/data", type=Path)
    parser.add_argument("--part", default="test", choices=sorted(PARTS), help="part of the unseen corpus measured")
    parser.add_argument("--fit-without", default=",".join(CORPORA), help="corpora to leave out in turn ('' for none)")
    parser.add_argument("--models", type=Path, help="keep the fitted models here and reuse them")
    parser.add_argument("--no-shipped", action="store_true", help="skip the shipped model's held-out score")
    parser.add_argument("--detectors", default="combined,lingua,langdetect")
    parser.add_argument("--per-cell", type=int, default=None, help="at most N strings per dataset/length/language")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    missing = [
        name for name in ("tatoeba-lid", "ntrex128", "lingua-testdata-subset") if not (args.data / name).is_dir()
    ]
    if missing:
        print(f"bench_detect: {args.data}: no {', '.join(missing)} here; pass --data", file=sys.stderr)
        return 2
    left_out = [name for name in args.fit_without.split(",") if name]
    unknown = [name for name in left_out if name not in CORPORA]
    if unknown:
        print(
            f"bench_detect: --fit-without: unknown corpus {unknown[0]!r} (choose from {', '.join(CORPORA)})",
            file=sys.stderr,
        )
        return 2
    everything = load_samples(args.data)
    names = args.detectors.split(",")
    preload_lingua()
    cache: dict = {}
    with tempfile.TemporaryDirectory() as scratch:
        models = args.models or Path(scratch)
        for corpus in left_out:
            model_data.load_from(fitted_model(models, corpus, args.data))
            unseen = [s for s in everything if s.dataset in CORPORA[corpus]]
            warm_up = [s.text for s in everything if s.dataset not in CORPORA[corpus]][::97][:WARM_UP]
            print(
                f"\n=== fitted without {corpus}, measured on its {args.part} part "
                f"({', '.join(PARTS[args.part])}): text of a kind the model never saw ==="
            )
            measure(select(unseen, PARTS[args.part], args.per_cell), names, warm_up, cache, args.data)
    model_data.load_from(model_data.DATA_DIR)
    if not args.no_shipped:
        print("\n=== the shipped model (fitted on train + calibrate of every corpus), measured on every test part ===")
        warm_up = [s.text for s in select(everything, ("calibrate",), None)][::97][:WARM_UP]
        measure(select(everything, ("test",), args.per_cell), names, warm_up, cache, args.data)
        print("\nshipped model size and load time\n" + "\n".join(model_size_and_load_time()))
        if (args.data / WMT_FILE).is_file():
            print("\nWMT21 Russian news: headlines, sentences, cuts\n" + "\n".join(cited_titles(args.data, cache)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

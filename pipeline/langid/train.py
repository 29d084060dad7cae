"""Fit the detector's model files: n-gram counts and the two combiners, from labelled strings.

    .venv/bin/python -m pipeline.langid.train [--data ../shared/data] [--out pipeline/langid/data]
        [--without ntrex|lingua-tatoeba] [--splits train,calibrate|all]

The shipped model is fitted on the `train` and `calibrate` parts of every corpus (lingua test data,
Tatoeba, NTREX) and scored on their `test` parts, which it never saw; the score, the data's version
and what was fitted are written into combiner.json. `--without` leaves a whole corpus out (the
benchmark fits that way to measure text of a kind the model never saw); `--splits all` then fits on
every part of the others. Counts come from the fitting strings; the combiners are fitted on a
stratified sample of them (their 2- and 4-word cuts too), each scored by counts that did not contain
its sentence (cross-fitting in FOLDS folds). Deterministic: same data, same files.
"""

from __future__ import annotations

import argparse
import json
import logging
import tempfile
from collections import defaultdict
from pathlib import Path

import numpy as np

from pipeline.langid import ngram
from pipeline.langid.backends import LinguaBackend
from pipeline.langid.combiner import feature_names, fit
from pipeline.langid.corpus import (
    CORE_LANGS,
    CORPORA,
    DATASETS,
    LENGTHS,
    Sample,
    data_version,
    load_samples,
    stable_rank,
)
from pipeline.langid.evidence import core_features, lingua_core, text_evidence
from pipeline.langid.frequency import WordFrequencies
from pipeline.langid.model_data import COMBINER_FILE, COUNTS_FILE, DATA_DIR

log = logging.getLogger("pipeline.langid.detect")

FOLDS = 4  # cross-fitting folds: each combiner string is scored by counts from the other three quarters
PER_CELL = 300  # combiner strings per (dataset, length, language), chosen by hash
SHIPPED_SPLITS = ("train", "calibrate")


def fitting_strings(data: Path, datasets: tuple[str, ...], splits: tuple[str, ...]) -> list[Sample]:
    """The labelled strings of these datasets and splits, with their 2- and 4-word cuts."""
    return [s for s in load_samples(data, datasets=datasets) if s.split in splits]


def count_model(strings: list[Sample], path: Path) -> ngram.NgramModel:
    """Counts from whole strings only (a cut adds nothing its sentence does not have)."""
    whole = [s for s in strings if s.text == s.origin]
    table = ngram.count_table({lang: [s.text for s in whole if s.lang == lang] for lang in CORE_LANGS})
    ngram.write_table(path, CORE_LANGS, table)
    log.info("counts: %d keys from %d strings -> %s", len(table), len(whole), path.name)
    return ngram.NgramModel.load(path)


def combiner_strings(strings: list[Sample], per_cell: int = PER_CELL) -> list[Sample]:
    """At most `per_cell` strings per (dataset, length, language), the first by the hash of their text,
    so every kind of text and every length weighs about the same in the fit."""
    cells: dict[tuple[str, str, str], list[Sample]] = defaultdict(list)
    for sample in strings:
        if text_evidence(sample.text).words:
            cells[(sample.dataset, sample.length, sample.lang)].append(sample)
    chosen = []
    for cell in sorted(cells):
        ranked = sorted(cells[cell], key=lambda s: (stable_rank(f"combiner:{s.text}"), s.text))
        chosen.extend(ranked[:per_cell])
    return chosen


def cross_fitted_features(
    strings: list[Sample], chosen: list[Sample], scratch: Path, folds: int = FOLDS
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Fast and full combiner inputs and labels for `chosen`, in its order, each string scored by
    counts from the strings of the other folds (a sentence and its cuts share a fold)."""
    lingua = LinguaBackend()
    frequencies = WordFrequencies(CORE_LANGS)
    evidence = [text_evidence(s.text) for s in chosen]
    views = np.array([lingua_core(lingua.confidences(" ".join(e.words)), CORE_LANGS) for e in evidence])
    fast = np.zeros((len(chosen), len(CORE_LANGS), len(feature_names(False))))
    full = np.zeros((len(chosen), len(CORE_LANGS), len(feature_names(True))))
    for fold in range(folds):
        model = count_model([s for s in strings if s.fold(folds) != fold], scratch / f"fold{fold}.npz")
        rows = [i for i, s in enumerate(chosen) if s.fold(folds) == fold]
        items = [evidence[i] for i in rows]
        fast[rows] = core_features(model, frequencies, items)
        full[rows] = core_features(model, frequencies, items, views[rows])
    return fast, full, np.array([CORE_LANGS.index(s.lang) for s in chosen])


def fit_model(strings: list[Sample], out: Path, about: dict) -> dict:
    """Write counts.npz and combiner.json for these fitting strings into `out`; the combiner data."""
    chosen = combiner_strings(strings)
    with tempfile.TemporaryDirectory() as scratch:
        fast, full, labels = cross_fitted_features(strings, chosen, Path(scratch))
    log.info("combiners: fitting on %d strings", len(labels))
    data = {
        **about,
        "fast": fit(fast, labels, feature_names(False), CORE_LANGS).to_data(),
        "full": fit(full, labels, feature_names(True), CORE_LANGS).to_data(),
        "combiner_strings": len(labels),
        "counts_from": f"{sum(s.text == s.origin for s in strings)} whole strings; combiner inputs "
        f"cross-fitted in {FOLDS} folds",
    }
    out.mkdir(parents=True, exist_ok=True)
    count_model(strings, out / COUNTS_FILE)
    write_combiner(out, data)
    return data


def write_combiner(out: Path, data: dict) -> None:
    (out / COMBINER_FILE).write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def held_out_score(data: Path, datasets: tuple[str, ...], model: Path) -> dict:
    """Accuracy by dataset and length on the `test` parts of the datasets, with the model in `model`."""
    from pipeline.langid import model_data
    from pipeline.langid.detect import detect_many

    model_data.load_from(model)
    test = [s for s in load_samples(data, datasets=datasets) if s.split == "test"]
    found = detect_many([s.text for s in test])
    cells: dict[str, list[bool]] = defaultdict(list)
    for sample, detection in zip(test, found, strict=True):
        for key in (sample.length, f"{sample.dataset} / {sample.length}"):
            cells[key].append(detection.lang == sample.lang)
    order = {length: i for i, length in enumerate(LENGTHS)}
    ranked = sorted(cells, key=lambda key: (" / " in key, key.split(" / ")[0], order[key.split(" / ")[-1]]))
    return {key: {"accuracy": round(float(np.mean(cells[key])), 4), "n": len(cells[key])} for key in ranked}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="../shared/data", type=Path)
    parser.add_argument("--out", default=DATA_DIR, type=Path)
    parser.add_argument("--without", choices=sorted(CORPORA), help="leave this corpus out of the fit")
    parser.add_argument("--splits", default=",".join(SHIPPED_SPLITS), help="comma-separated, or 'all'")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    datasets = tuple(name for name in DATASETS if name not in CORPORA.get(args.without, ()))
    splits = ("train", "calibrate", "test") if args.splits == "all" else tuple(args.splits.split(","))
    about = {
        "fitted_on": {"datasets": list(datasets), "splits": list(splits)},
        "data_version": data_version(args.data, datasets),
    }
    data = fit_model(fitting_strings(args.data, datasets, splits), args.out, about)
    if "test" not in splits:
        data["held_out"] = held_out_score(args.data, datasets, args.out)
        write_combiner(args.out, data)
        log.info("held-out (test) accuracy: %s", json.dumps(data["held_out"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

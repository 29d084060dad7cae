"""Fit the Russian speaker model (`pipeline/quotes/data/speaker_model_ru.json`) on the Russian
development sets and choose it by cross-validation on them. Not part of a run: the file ships.

    .venv/bin/python benchmarks/fit_speaker_model_ru.py [--data ../shared/data] [--polnear DIR] [--out FILE]

The development sets of `benchmarks/ru_quotes.py` (`ntrex_ru_dev`: NTREX-128's Russian translations,
`wmt19_ru_dev`: WMT19's Russian news; labelled by hand, `labels/README.md`) are attributed as a run
attributes them with the rules choosing; every candidate speaker weighed is a row of features
(`pipeline.quotes.candidates`, the same as the English model's), labelled 1 when it names the quote's
labelled source (`polnear.speaker_matches`) and 0 otherwise; quotes nobody is said to have said teach
0 for every candidate. The short spans between quotation marks that no label covers (names, titles,
the author's scare quotes: class `unlabelled`, `ru_quotes.unlabelled`) teach nothing and are not
scored; the log prints the share of them left without a speaker beside each setting's score (trained
on as negatives and chosen with them, the model gave named and pronoun quotes away held out:
docs/attribution.md, attribute 2.10). PolNeAR's English training articles give more rows of the same
features (described as for the English model's first pass), pooled at a weight of 0 (Russian alone),
0.3 or 1.
Every weight, setting of `fit_speaker_model.GRID` and threshold is scored by 5-fold cross-validation
by Russian document, repeated over three shufflings (fitted on four fifths and the English rows, run
end to end on the fifth, the folds' counts pooled); the best one by speaker accuracy (named, pronoun
and no-source quotes pooled) is refitted on every document and written, with the data versions, the
cross-validated scores and the rules' scores on the same quotes. The held-out sets (`wmt19_ru`,
`ntrex_ru`) are never read here. About 20 minutes on a 2-core machine (most of it boosting on the 26,000
English rows).
"""

from __future__ import annotations

import argparse
import collections
import datetime
import json
import random
import sys
from pathlib import Path

import fit_speaker_model as english
import numpy as np
import polnear
import ru_quotes
from bench_attribution import attributions
from fit_speaker_model import GRID, SEED, THRESHOLDS, as_model, fit, write_model

from pipeline.quotes.candidates import FEATURES
from pipeline.quotes.ranker import MODEL_PATHS

ROOT = Path(__file__).resolve().parent.parent
FOLDS = 5
REPEATS = 3
# PolNeAR's English rows, pooled with the Russian ones at these weights (0: Russian alone): the
# features describe a frame, not words, and 80 Russian documents alone leave the fit noisy.
ENGLISH_WEIGHTS = (0.0, 0.3, 1.0)
SETS = ("ntrex_ru_dev", "wmt19_ru_dev")
SCORED = ("named", "pronoun", "none", "unattributed")


def rows(documents) -> tuple[np.ndarray, np.ndarray]:
    """Features and labels of every candidate the rules weigh for a labelled quote."""
    features, labels = [], []
    for doc, golds in documents:
        trace: list = []
        attributions(doc, rules_only=True, trace=trace)
        for quote, weighed, _ in trace:
            gold = polnear.match((quote.char_start, quote.char_end), golds, lambda g: (g.start, g.end))
            if gold is None or gold.source_class in ("other", "unlabelled"):
                # a described speaker's words are not labelled with the mention that names them; a span
                # no label covers (a name, the author's scare quote) teaches nothing (the docstring)
                continue
            for candidate in weighed:
                features.append(candidate.features)
                named = gold.source_class in ("named", "pronoun")
                labels.append(int(named and polnear.speaker_matches(gold, candidate.person.name, None)))
    return np.asarray(features, dtype=np.float64).reshape(-1, len(FEATURES)), np.asarray(labels, dtype=np.int64)


def evaluate(documents, model) -> collections.Counter:
    counts: collections.Counter = collections.Counter()
    for doc, golds in documents:
        polnear.count(counts, golds, attributions(doc, model=model, rules_only=model is None))
    return counts


def cross_validate(documents, per_document, setting: dict, pooled, weight: float) -> dict[float, collections.Counter]:
    """Pooled end-to-end counts per threshold, each fold run by a model fitted on the other folds
    (with the English rows, `pooled`, at `weight`, never held out); repeated over REPEATS shufflings of the
    documents into folds, so that with 80 documents the choice among settings a quote or two apart
    does not rest on one split."""
    totals = {threshold: collections.Counter() for threshold in THRESHOLDS}
    for repeat in range(REPEATS):
        order = list(range(len(documents)))
        random.Random(SEED + repeat).shuffle(order)
        for fold in range(FOLDS):
            held = set(order[fold::FOLDS])
            kept = [per_document[i] for i in range(len(documents)) if i not in held and len(per_document[i][1])]
            x, y, weights = with_english(kept, pooled, weight)
            content = fit(x, y, setting, THRESHOLDS[0], weights)
            for threshold in THRESHOLDS:
                model = as_model({**content, "threshold": threshold})
                totals[threshold].update(evaluate([documents[i] for i in sorted(held)], model))
    return totals


def with_english(per_document, pooled, weight: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The Russian rows, and the English ones (`pooled`) at `weight` (none at 0): features, labels, row weights."""
    x, y = np.vstack([x for x, _ in per_document]), np.concatenate([y for _, y in per_document])
    if weight == 0:
        return x, y, np.ones(len(y))
    english_x, english_y = pooled
    weights = np.concatenate([np.ones(len(y)), np.full(len(english_y), weight)])
    return np.vstack([x, english_x]), np.concatenate([y, english_y]), weights


def english_rows(polnear_folder: Path) -> tuple[np.ndarray, np.ndarray]:
    """Every candidate of PolNeAR's training articles, described as for the English model's first pass."""
    return english.rows(english.documents(polnear.read_articles(polnear_folder / "train")), None)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--polnear", type=Path, default=ROOT.parent / "shared" / "data" / "polnear")
    parser.add_argument("--out", type=Path, default=MODEL_PATHS["ru"])
    args = parser.parse_args()
    sets = ru_quotes.labelled_sets(args.data, held_out=False)
    documents = [pair for name in SETS for pair in sets[name]]
    per_document = [rows([pair]) for pair in documents]
    english_train = english_rows(args.polnear)
    rules = evaluate(documents, None)
    print(f"rules: {polnear.accuracy(rules, SCORED):.4f} ({json.dumps(polnear.summary(rules))})", file=sys.stderr)
    best = None
    for weight in ENGLISH_WEIGHTS:
        for setting in GRID:
            for threshold, counts in cross_validate(documents, per_document, setting, english_train, weight).items():
                score = polnear.accuracy(counts, SCORED)
                print(f"English x{weight} {setting} threshold {threshold}: {score:.4f} "
                      f"(not speech {polnear.accuracy(counts, ('unlabelled',)):.4f})", file=sys.stderr)
                if best is None or score > best[0]:
                    best = (score, weight, setting, threshold, counts)
    score, weight, setting, threshold, counts = best
    x, y, weights = with_english(per_document, english_train, weight)
    content = fit(x, y, setting, threshold, weights)
    meta = {
        "fitted_on": {
            "data": "benchmarks/labels: " + ", ".join(SETS) + " (ru_quotes.py; labelled by hand, 2026-12-04)",
            "labels_sha1": ru_quotes.labels_digest(),
            "documents": len(documents),
            "english": f"{english.POLNEAR_VERSION}: train, sha256 {english.data_digest(args.polnear / 'train')}"
            if weight
            else None,
            "candidates": len(y),
            "date": datetime.date.today().isoformat(),
            "script": "benchmarks/fit_speaker_model_ru.py",
            "sklearn_seed": SEED,
        },
        "grid": list(GRID),
        "thresholds": list(THRESHOLDS),
        "english_weights": list(ENGLISH_WEIGHTS),
        "chosen": {**setting, "threshold": threshold, "english_weight": weight},
        "scores": {
            f"cross_validated_{FOLDS}_folds_{REPEATS}_times": polnear.summary(counts),
            "rules_same_quotes": polnear.summary(rules),
        },
    }
    write_model(args.out, meta, content)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

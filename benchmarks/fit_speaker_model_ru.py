"""Fit the Russian speaker model (`pipeline/quotes/data/speaker_model_ru.json`) on the Russian
development sets and choose it by cross-validation on them. Not part of a run: the file ships.

    .venv/bin/python benchmarks/fit_speaker_model_ru.py [--data ../shared/data] [--out FILE]

The development sets of `benchmarks/ru_quotes.py` (`ntrex_ru_dev`: NTREX-128's Russian translations,
`wmt19_ru_dev`: WMT19's Russian news; labelled by hand, `labels/README.md`) are attributed as a run
attributes them with the rules choosing; every candidate speaker weighed is a row of features
(`pipeline.quotes.candidates`, the same as the English model's), labelled 1 when it names the quote's
labelled source (`polnear.speaker_matches`) and 0 otherwise; quotes nobody is said to have said teach
0 for every candidate. Every setting of `fit_speaker_model.GRID` and threshold is scored by 5-fold
cross-validation by document (fitted on four fifths, run end to end on the fifth, the folds' counts
pooled); the best one by speaker accuracy (named, pronoun and no-source quotes pooled) is refitted on
every document and written, with the data version, the cross-validated scores and the rules' scores on
the same quotes. The held-out sets (`wmt19_ru`, `ntrex_ru`) are never read here.
"""

from __future__ import annotations

import argparse
import collections
import datetime
import json
import random
import sys
from pathlib import Path

import numpy as np
import polnear
import ru_quotes
from bench_attribution import attributions
from fit_speaker_model import GRID, SEED, THRESHOLDS, as_model, fit, write_model

from pipeline.quotes.candidates import FEATURES
from pipeline.quotes.ranker import MODEL_PATHS

ROOT = Path(__file__).resolve().parent.parent
FOLDS = 5
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
            if gold is None or gold.source_class == "other":
                continue  # a described speaker's words are not labelled with the mention that names them
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


def cross_validate(documents, per_document, setting: dict) -> dict[float, collections.Counter]:
    """Pooled end-to-end counts per threshold, each fold run by a model fitted on the other folds."""
    order = list(range(len(documents)))
    random.Random(SEED).shuffle(order)
    totals = {threshold: collections.Counter() for threshold in THRESHOLDS}
    for fold in range(FOLDS):
        held = set(order[fold::FOLDS])
        kept = [per_document[i] for i in range(len(documents)) if i not in held and len(per_document[i][1])]
        content = fit(np.vstack([x for x, _ in kept]), np.concatenate([y for _, y in kept]), setting, THRESHOLDS[0])
        for threshold in THRESHOLDS:
            model = as_model({**content, "threshold": threshold})
            totals[threshold].update(evaluate([documents[i] for i in sorted(held)], model))
    return totals


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=MODEL_PATHS["ru"])
    args = parser.parse_args()
    sets = ru_quotes.labelled_sets(args.data, held_out=False)
    documents = [pair for name in SETS for pair in sets[name]]
    per_document = [rows([pair]) for pair in documents]
    rules = evaluate(documents, None)
    print(f"rules: {polnear.accuracy(rules, SCORED):.4f} ({json.dumps(polnear.summary(rules))})", file=sys.stderr)
    best = None
    for setting in GRID:
        for threshold, counts in cross_validate(documents, per_document, setting).items():
            score = polnear.accuracy(counts, SCORED)
            print(f"{setting} threshold {threshold}: cross-validated {score:.4f}", file=sys.stderr)
            if best is None or score > best[0]:
                best = (score, setting, threshold, counts)
    score, setting, threshold, counts = best
    x = np.vstack([x for x, _ in per_document])
    y = np.concatenate([y for _, y in per_document])
    content = fit(x, y, setting, threshold)
    meta = {
        "fitted_on": {
            "data": "benchmarks/labels: " + ", ".join(SETS) + " (ru_quotes.py; labelled by hand, 2026-12-04)",
            "labels_sha1": ru_quotes.labels_digest(),
            "documents": len(documents),
            "candidates": len(y),
            "date": datetime.date.today().isoformat(),
            "script": "benchmarks/fit_speaker_model_ru.py",
            "sklearn_seed": SEED,
        },
        "grid": list(GRID),
        "thresholds": list(THRESHOLDS),
        "chosen": {**setting, "threshold": threshold},
        "scores": {
            f"cross_validated_{FOLDS}_folds": polnear.summary(counts),
            "rules_same_quotes": polnear.summary(rules),
        },
    }
    write_model(args.out, meta, content)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

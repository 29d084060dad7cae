"""Cross-validation of the combiners inside the fitting strings: design choices without `test`.

    .venv/bin/python -m pipeline.langid.crossval [--data ../shared/data] [--without CORPUS]
        [--extra fasttext,cld2,langid] [--errors]

The combiner strings of `train` + `calibrate` (as `pipeline.langid.train` chooses them) get inputs
from counts that never saw their sentence (`train.cross_fitted_features`). The combiners are then
fitted on four fifths of them and scored on the fifth left out, five times (folds by the SHA-256 of
the sentence or NTREX document); the fast one answers where it is at least FAST_ACCEPT sure and the
full one (with lingua) elsewhere, as `detect` does. Prints accuracy per length (and per dataset for
sentences), log loss and expected calibration error. `--extra` adds other detectors' confidences as
one more evidence source per detector (their packages must be installed), which is how they were
judged; `--errors` lists the sentences missed. Several minutes (lingua on every string).
"""

from __future__ import annotations

import argparse
import logging
import tempfile
from pathlib import Path

import numpy as np

from pipeline.langid.backends import get_backend
from pipeline.langid.combiner import LINGUA_FLOOR, feature_names, fit
from pipeline.langid.corpus import CORE_LANGS, CORPORA, DATASETS, LENGTHS, Sample
from pipeline.langid.evidence import lingua_core
from pipeline.langid.train import SHIPPED_SPLITS, combiner_strings, cross_fitted_features, fitting_strings

FOLDS = 5
FAST_ACCEPT = 0.9  # as pipeline.langid.detect.FAST_ACCEPT


def cv_folds(samples: list[Sample], folds: int = FOLDS) -> np.ndarray:
    return np.array([s.fold(folds, salt="cv") for s in samples])


def with_backends(features: np.ndarray, names: tuple[str, ...], extra: dict[str, np.ndarray]):
    """Features plus one column per extra detector: the log of its confidence in each core language."""
    columns = [features, *(np.log(values + LINGUA_FLOOR)[:, :, None] for values in extra.values())]
    return np.concatenate(columns, axis=-1), (*names, *extra)


def cross_validate(fast: np.ndarray, full: np.ndarray, labels: np.ndarray, folds: np.ndarray, extra: dict):
    """Out-of-fold probabilities (n, n_langs) of the fast-then-full decision."""
    fast, fast_names = with_backends(fast, feature_names(False), extra)
    full, full_names = with_backends(full, feature_names(True), extra)
    probs = np.zeros((len(labels), len(CORE_LANGS)))
    for fold in np.unique(folds):
        train, held = folds != fold, folds == fold
        quick = fit(fast[train], labels[train], fast_names, CORE_LANGS)
        slow = fit(full[train], labels[train], full_names, CORE_LANGS)
        quick_probs = np.exp(quick.log_probabilities(fast[held]))
        slow_probs = np.exp(slow.log_probabilities(full[held]))
        sure = quick_probs.max(axis=1) >= FAST_ACCEPT
        probs[held] = np.where(sure[:, None], quick_probs, slow_probs)
    return probs


def report(samples: list[Sample], labels: np.ndarray, probs: np.ndarray) -> list[str]:
    right = probs.argmax(axis=1) == labels
    groups = {length: [s.length == length for s in samples] for length in LENGTHS}
    groups |= {
        f"sentence / {name}": [s.length == "sentence" and s.dataset == name for s in samples]
        for name in DATASETS
    }
    lines = [f"{name:<20} {right[mask].mean():.4f}  n={sum(mask)}" for name, mask in groups.items() if any(mask)]
    confidence = probs.max(axis=1)
    bins = np.minimum((confidence * 10).astype(int), 9)
    ece = sum(
        (bins == b).mean() * abs(right[bins == b].mean() - confidence[bins == b].mean())
        for b in range(10)
        if (bins == b).any()
    )
    log_loss = -np.log(probs[np.arange(len(labels)), labels] + 1e-12).mean()
    return [*lines, f"log loss {log_loss:.4f}  expected calibration error {ece:.4f}"]


def sentence_errors(samples: list[Sample], labels: np.ndarray, probs: np.ndarray) -> list[str]:
    lines = []
    for sample, label, row in zip(samples, labels, probs, strict=True):
        if sample.length == "sentence" and row.argmax() != label:
            ranked = np.argsort(-row)[:3]
            odds = " ".join(f"{CORE_LANGS[i]}:{row[i]:.2f}" for i in ranked)
            guess = CORE_LANGS[row.argmax()]
            lines.append(f"{sample.dataset:<8} {sample.lang}->{guess}  {odds}  {sample.text}")
    return lines


def backend_views(name: str, samples: list[Sample]) -> np.ndarray:
    backend = get_backend(name)
    return np.array([lingua_core(backend.confidences(s.text), CORE_LANGS) for s in samples])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="../shared/data", type=Path)
    parser.add_argument("--without", choices=sorted(CORPORA), help="leave this corpus out")
    parser.add_argument("--extra", default="", help="comma-separated backends to add as evidence")
    parser.add_argument("--errors", action="store_true", help="list the sentences missed")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    datasets = tuple(name for name in DATASETS if name not in CORPORA.get(args.without, ()))
    strings = fitting_strings(args.data, datasets, SHIPPED_SPLITS)
    samples = combiner_strings(strings)
    with tempfile.TemporaryDirectory() as scratch:
        fast, full, labels = cross_fitted_features(strings, samples, Path(scratch))
    folds = cv_folds(samples)
    runs = {"shipped evidence": {}}
    for name in filter(None, args.extra.split(",")):
        runs[f"+ {name}"] = {name: backend_views(name, samples)}
    for title, extra in runs.items():
        probs = cross_validate(fast, full, labels, folds, extra)
        print(f"{title} ({FOLDS}-fold CV on the combiner strings)\n" + "\n".join(report(samples, labels, probs)) + "\n")
        if args.errors and not extra:
            print("sentences missed\n" + "\n".join(sentence_errors(samples, labels, probs)) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

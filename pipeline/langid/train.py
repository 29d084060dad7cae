"""Build the shipped model files from the `train` and `calibrate` splits of the development data.

    .venv/bin/python -m pipeline.langid.train [--data ../shared/data] [--out pipeline/langid/data]

The shipped counts come from `train` and `calibrate`; the combiners are fitted on `calibrate` strings
scored by counts that did not include them (two-fold cross-fitting); `test` is never read here (the
benchmark scores it). Deterministic: same data, same files.
"""

from __future__ import annotations

import argparse
import json
import logging
import tempfile
from pathlib import Path

import numpy as np

from pipeline.langid import ngram
from pipeline.langid.backends import LinguaBackend
from pipeline.langid.combiner import feature_names, fit
from pipeline.langid.corpus import CORE_LANGS, Sample, load_samples
from pipeline.langid.evidence import core_features, lingua_core, text_evidence
from pipeline.langid.frequency import WordFrequencies
from pipeline.langid.model_data import COMBINER_FILE, COUNTS_FILE, DATA_DIR

log = logging.getLogger("pipeline.langid.detect")


def count_model(strings: list[Sample], path: Path) -> ngram.NgramModel:
    by_lang = {lang: [s.text for s in strings if s.lang == lang] for lang in CORE_LANGS}
    table = ngram.count_table(by_lang)
    ngram.write_table(path, CORE_LANGS, table)
    log.info("counts: %d keys from %d strings -> %s", len(table), len(strings), path.name)
    return ngram.NgramModel.load(path)


def out_of_fold_features(data: Path, scratch: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Combiner inputs for every `calibrate` string from counts that never saw it (2-fold cross-fitting):
    fold k is scored by a model counted from `train` plus the other fold of `calibrate`."""
    originals = [s for s in load_samples(data, with_cuts=False) if s.split in ("train", "calibrate")]
    samples = [s for s in load_samples(data) if s.split == "calibrate" and text_evidence(s.text).words]
    lingua = LinguaBackend()
    frequencies = WordFrequencies(CORE_LANGS)
    fast, full, labels = [], [], []
    for fold in (0, 1):
        seen = [s for s in originals if s.split == "train" or s.fold != fold]
        model = count_model(seen, scratch / f"fold{fold}.tsv.gz")
        chosen = [s for s in samples if s.fold == fold]
        evidence = [text_evidence(s.text) for s in chosen]
        views = np.array([lingua_core(lingua.confidences(" ".join(e.words)), CORE_LANGS) for e in evidence])
        fast.append(core_features(model, frequencies, evidence))
        full.append(core_features(model, frequencies, evidence, views))
        labels.extend(CORE_LANGS.index(s.lang) for s in chosen)
    return np.concatenate(fast), np.concatenate(full), np.array(labels)


def fit_combiners(fast: np.ndarray, full: np.ndarray, labels: np.ndarray) -> dict:
    log.info("combiners: fitting on %d calibrate strings", len(labels))
    return {
        "fast": fit(fast, labels, feature_names(False), CORE_LANGS).to_data(),
        "full": fit(full, labels, feature_names(True), CORE_LANGS).to_data(),
        "calibrate_strings": len(labels),
        "counts_from": "train + calibrate; combiner inputs cross-fitted (2 folds of calibrate)",
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="../shared/data", type=Path)
    parser.add_argument("--out", default=DATA_DIR, type=Path)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        combiners = fit_combiners(*out_of_fold_features(args.data, Path(scratch)))
    shipped = [s for s in load_samples(args.data, with_cuts=False) if s.split in ("train", "calibrate")]
    count_model(shipped, args.out / COUNTS_FILE)
    (args.out / COMBINER_FILE).write_text(
        json.dumps(combiners, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

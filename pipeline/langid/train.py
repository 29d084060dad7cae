"""Build the shipped model files from the `train` and `calibrate` splits of the development data.

    .venv/bin/python -m pipeline.langid.train [--data ../shared/data] [--out pipeline/data/langid]

Counts come only from `train`; the combiners are fitted only on `calibrate`; `test` is never read
here (the benchmark scores it). Deterministic: same data, same files.
"""

from __future__ import annotations

import argparse
import json
import logging
from pathlib import Path

import numpy as np

from pipeline.langid import ngram
from pipeline.langid.backends import LinguaBackend
from pipeline.langid.combiner import feature_names, fit
from pipeline.langid.corpus import CORE_LANGS, load_samples
from pipeline.langid.evidence import core_features, lingua_core, text_evidence
from pipeline.langid.frequency import WordFrequencies
from pipeline.langid.model_data import COMBINER_FILE, COUNTS_FILE, DATA_DIR

log = logging.getLogger("pipeline.detect")


def build_counts(data: Path, out: Path) -> ngram.NgramModel:
    samples = [s for s in load_samples(data, with_cuts=False) if s.split == "train"]
    by_lang = {lang: [s.text for s in samples if s.lang == lang] for lang in CORE_LANGS}
    table = ngram.count_table(by_lang)
    ngram.write_table(out / COUNTS_FILE, CORE_LANGS, table)
    log.info("counts: %d keys from %d train strings", len(table), len(samples))
    return ngram.NgramModel.load(out / COUNTS_FILE)


def fit_combiners(data: Path, model: ngram.NgramModel) -> dict:
    samples = [s for s in load_samples(data) if s.split == "calibrate"]
    evidence = [text_evidence(s.text) for s in samples]
    kept = [i for i, item in enumerate(evidence) if item.words]
    labels = np.array([model.langs.index(samples[i].lang) for i in kept])
    lingua = LinguaBackend()
    frequencies = WordFrequencies(model.langs)
    chosen = [evidence[i] for i in kept]
    fast = core_features(model, frequencies, chosen)
    lingua_view = np.array(
        [lingua_core(lingua.confidences(" ".join(item.words)), model.langs) for item in chosen]
    )
    full = core_features(model, frequencies, chosen, lingua_view)
    log.info("combiners: fitting on %d calibrate strings", len(kept))
    return {
        "fast": fit(fast, labels, feature_names(False), model.langs).to_data(),
        "full": fit(full, labels, feature_names(True), model.langs).to_data(),
        "calibrate_strings": len(kept),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="../shared/data", type=Path)
    parser.add_argument("--out", default=DATA_DIR, type=Path)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    args.out.mkdir(parents=True, exist_ok=True)
    model = build_counts(args.data, args.out)
    combiners = fit_combiners(args.data, model)
    (args.out / COMBINER_FILE).write_text(
        json.dumps(combiners, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

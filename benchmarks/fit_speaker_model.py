"""Fit the speaker model (`pipeline/quotes/data/speaker_model.json`) on PolNeAR's training articles and
choose it on PolNeAR's development articles. Not part of a run: the fitted file ships in the package.

    .venv/bin/pip install scikit-learn==1.9.1        # for fitting only; a run needs numpy alone
    .venv/bin/python benchmarks/fit_speaker_model.py [--polnear ../shared/data/polnear] [--out FILE]
    .venv/bin/python benchmarks/fit_speaker_model.py --cv 5   # the shipped setting, cross-validated on train

Each quote of a training article is attributed as a run would attribute it; every candidate speaker
the run weighs (`pipeline.quotes.candidates`) is a row of features, labelled 1 when it names the
quote's labelled source (`polnear.speaker_matches`: surname among the source's words; a pronoun
source through the annotation) and 0 otherwise. Quotes whose source is a description ("a Clinton
aide") teach 1 only for a candidate mentioned inside that description; quotes inside no attribution
teach that nobody is the speaker. Pronoun sources the annotation does not resolve are left out.

Two passes: the first describes the candidates with the rules choosing each quote's speaker (what
"the previous quote's speaker" means to the features); the second with the first pass's model
choosing, as at run time. Each pass fits every setting of a small grid (gradient-boosted trees and a
logistic model, scikit-learn, seeded) and every threshold, and keeps the one with the best speaker
accuracy on the development articles, attributed end to end (named, pronoun, no-source and
unattributed quotes pooled); the better of the two passes is written, with the data version, the
grid, and its training and development scores.
"""

from __future__ import annotations

import argparse
import collections
import datetime
import hashlib
import json
import random
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import polnear

from pipeline.core.records import Document, DocumentMeta
from pipeline.core.scorers import export_logistic, export_trees, standardising
from pipeline.quotes.attribute import attribute
from pipeline.quotes.candidates import FEATURES
from pipeline.quotes.extract import extract_quotes
from pipeline.quotes.ranker import MODEL_PATH, SpeakerModel, load_model

ROOT = Path(__file__).resolve().parent.parent
SEED = 16
POLNEAR_VERSION = "PolNeAR v1.0.0 (networkdynamics/PolNeAR), first annotator of each article"
GRID = (
    {"kind": "trees", "n_estimators": 150, "max_depth": 3, "learning_rate": 0.1},
    {"kind": "trees", "n_estimators": 300, "max_depth": 3, "learning_rate": 0.05},
    {"kind": "trees", "n_estimators": 200, "max_depth": 4, "learning_rate": 0.05},
    {"kind": "logistic", "C": 1.0},
)
THRESHOLDS = (0.1, 0.2, 0.3, 0.4)


def documents(articles: dict) -> list[tuple[Document, list]]:
    return [
        (Document(article, article, text, "text", "utf-8", DocumentMeta(lang="en")), attributions)
        for article, (text, attributions) in articles.items()
    ]


def rows(docs, model: SpeakerModel | None) -> tuple[np.ndarray, np.ndarray]:
    """Features and labels of every candidate weighed in the articles (model None: rules choose)."""
    features, labels = [], []
    for doc, attributions in docs:
        trace: list = []
        attribute(doc, extract_quotes(doc), model=model, rules_only=model is None, trace=trace)
        golds = polnear.labelled_quotes(doc.text, attributions)
        for quote, weighed, _ in trace:
            gold = polnear.match((quote.char_start, quote.char_end), golds, lambda g: (g.start, g.end))
            if gold is None or (gold.source_class == "pronoun" and not gold.source_words):
                continue
            for candidate in weighed:
                features.append(candidate.features)
                labels.append(_label(gold, candidate))
    return np.asarray(features, dtype=np.float64), np.asarray(labels, dtype=np.int64)


def _label(gold: polnear.LabelledQuote, candidate) -> int:
    if gold.source_class in ("named", "pronoun"):
        return int(polnear.speaker_matches(gold, candidate.person.name, None))
    if gold.source_class == "other" and gold.source_span is not None:
        start, end = gold.source_span
        return int(any(start <= m.start < end for m in candidate.mentions))
    return 0


def fit(x: np.ndarray, y: np.ndarray, setting: dict, threshold: float, weights: np.ndarray | None = None) -> dict:
    """The model file's content for one grid setting (`weights`: one per row, else all 1)."""
    if setting["kind"] == "logistic":
        from sklearn.linear_model import LogisticRegression

        mean, scale = standardising(x)
        model = LogisticRegression(C=setting["C"], max_iter=2000, random_state=SEED)
        model.fit((x - mean) / scale, y, sample_weight=weights)
        return {"kind": "logistic", "logistic": export_logistic(model, mean, scale), "threshold": threshold}
    from sklearn.ensemble import GradientBoostingClassifier

    params = {k: v for k, v in setting.items() if k != "kind"}
    model = GradientBoostingClassifier(subsample=0.8, random_state=SEED, **params).fit(x, y, sample_weight=weights)
    body = export_trees(model, y, weights)
    content = {"kind": "trees", "trees": body, "threshold": threshold}
    sample = x[:: max(1, len(x) // 2000)]
    exported = np.log(as_model(content).probabilities(list(map(tuple, sample))))
    expected = np.log(model.predict_proba(sample)[:, 1])
    if not np.allclose(exported, expected, atol=1e-3):
        sys.exit("the exported trees do not score as scikit-learn's model does")
    return content


def as_model(content: dict) -> SpeakerModel:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump({"features": list(FEATURES), **content}, handle)
    path = Path(handle.name)
    try:
        return load_model(path)
    finally:
        path.unlink()


def evaluate(docs, model: SpeakerModel | None) -> collections.Counter:
    """Per source class: gold quotes, found, right (end to end, the model choosing)."""
    counts: collections.Counter = collections.Counter()
    for doc, attributions in docs:
        predicted = attribute(doc, extract_quotes(doc), model=model, rules_only=model is None)
        polnear.count(counts, polnear.labelled_quotes(doc.text, attributions), predicted)
    return counts


def choose(train_x, train_y, dev_docs, label: str) -> tuple[dict, dict, SpeakerModel]:
    best = None
    for setting in GRID:
        started = time.perf_counter()
        content = fit(train_x, train_y, setting, THRESHOLDS[0])
        for threshold in THRESHOLDS:
            content["threshold"] = threshold
            model = as_model(content)
            counts = evaluate(dev_docs, model)
            score = polnear.accuracy(counts, ("named", "pronoun", "none", "unattributed"))
            print(
                f"{label} {setting} threshold {threshold}: dev named {polnear.accuracy(counts, ('named',)):.4f} "
                f"pronoun {polnear.accuracy(counts, ('pronoun',)):.4f} all {score:.4f} "
                f"({time.perf_counter() - started:.0f} s)",
                file=sys.stderr,
            )
            if best is None or score > best[0]:
                best = (score, dict(content), setting, counts)
    score, content, setting, counts = best
    return content, {"setting": dict(setting), "dev": polnear.summary(counts), "score": score}, as_model(content)


def cross_validate(train, folds: int) -> None:
    """The shipped model's setting and threshold refitted on all folds of `train` but one (by article,
    seeded) and run end to end on that one: what the model does on articles it never saw."""
    shipped = load_model()
    setting, threshold = _shipped_setting()
    per_article = [rows([article], shipped) for article in train]
    order = list(range(len(train)))
    random.Random(SEED).shuffle(order)
    total: collections.Counter = collections.Counter()
    for fold in range(folds):
        held = set(order[fold::folds])
        kept = [per_article[i] for i in range(len(train)) if i not in held and len(per_article[i][1])]
        content = fit(np.vstack([x for x, _ in kept]), np.concatenate([y for _, y in kept]), setting, threshold)
        counts = evaluate([train[i] for i in sorted(held)], as_model(content))
        total.update(counts)
        print(f"fold {fold}: named {polnear.accuracy(counts, ('named',)):.4f}", file=sys.stderr)
    print(json.dumps({"setting": setting, "threshold": threshold, "folds": folds, **polnear.summary(total)}, indent=1))


def _shipped_setting() -> tuple[dict, float]:
    raw = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    return {k: v for k, v in raw["chosen"].items() if k != "pass"}, float(raw["threshold"])


def write_model(path: Path, meta: dict, content: dict) -> None:
    """The model file: what it was fitted on and how, the features, the fitted model; `meta` printed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({**meta, "features": list(FEATURES), **content}, ensure_ascii=False) + "\n")
    print(json.dumps(meta, indent=1))


def data_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(folder).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--polnear", type=Path, default=ROOT.parent / "shared" / "data" / "polnear")
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    parser.add_argument("--cv", type=int, metavar="K",
                        help="only cross-validate the shipped setting on train (K folds by article); writes nothing")
    args = parser.parse_args()
    for split in ("train", "dev"):
        if not (args.polnear / split / "attributions").is_dir():
            sys.exit(f"{args.polnear / split}: not a PolNeAR split folder; pass --polnear")
    train = documents(polnear.read_articles(args.polnear / "train"))
    if args.cv:
        cross_validate(train, args.cv)
        return 0
    dev = documents(polnear.read_articles(args.polnear / "dev"))
    x, y = rows(train, None)
    print(f"pass 1: {len(y)} candidates, {int(y.sum())} right", file=sys.stderr)
    first = choose(x, y, dev, "pass 1")
    x, y = rows(train, first[2])
    print(f"pass 2: {len(y)} candidates, {int(y.sum())} right", file=sys.stderr)
    second = choose(x, y, dev, "pass 2")
    content, chosen, model = max((first, second), key=lambda fitted: fitted[1]["score"])
    chosen["setting"]["pass"] = 1 if content is first[0] else 2
    train_counts = evaluate(train, model)
    meta = {
        "fitted_on": {
            "data": POLNEAR_VERSION,
            "train": f"polnear/train: {len(train)} articles, sha256 {data_digest(args.polnear / 'train')}",
            "chosen_on": f"polnear/dev: {len(dev)} articles, sha256 {data_digest(args.polnear / 'dev')}",
            "candidates": len(y),
            "date": datetime.date.today().isoformat(),
            "script": "benchmarks/fit_speaker_model.py",
            "sklearn_seed": SEED,
        },
        "grid": list(GRID),
        "thresholds": list(THRESHOLDS),
        "chosen": chosen["setting"],
        "scores": {"train": polnear.summary(train_counts), "dev": chosen["dev"]},
    }
    write_model(args.out, meta, content)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

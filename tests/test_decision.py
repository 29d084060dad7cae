"""The decision: scoring candidates with a per-kind logistic model, its shipped file, and how it is fitted."""

import json

import numpy as np
import pytest

from pipeline.checks import corpora, decision, train_decision
from pipeline.checks.candidates import Candidate
from pipeline.core import scorers
from pipeline.core.records import Span
from pipeline.core.scorers import Logistic

KINDS = ("number", "entity", "negation", "omission", "addition")


def hand_model(threshold=0.5):
    scorer = Logistic(np.zeros(2), np.ones(2), np.array([2.0, -1.0]), 0.0)
    return decision.KindModel(("strength", "other_candidates"), threshold, scorer)


def candidate(kind, strength, text="x"):
    return Candidate(kind, Span(0, len(text), text), None, f"{text} lost", {"strength": strength})


def test_a_kind_model_is_a_logistic_regression_over_scaled_features():
    scorer = Logistic(np.array([1.0, 0.0]), np.array([2.0, 1.0]), np.array([2.0, -1.0]), 0.5)
    model = decision.KindModel(("a", "b"), 0.5, scorer)
    (p,) = model.probabilities([{"a": 3.0, "b": 1.0}])
    assert p == pytest.approx(1 / (1 + np.exp(-(2.0 * 1.0 - 1.0 + 0.5))))
    assert model.probabilities([]).shape == (0,)


def test_decide_keeps_candidates_above_their_kinds_threshold(monkeypatch):
    monkeypatch.setattr(decision, "load", lambda: {"number": hand_model(), "entity": hand_model(0.99)})
    found = [candidate("number", 2.0, "12"), candidate("number", -2.0, "7"), candidate("entity", 2.0, "Smirnov")]
    flags = decision.decide(found, {})
    assert [f.source_span.text for f in flags] == ["12"]  # the name scores 0.73, below its 0.99


def test_the_other_candidates_of_the_line_weigh_in(monkeypatch):
    """Candidates of other kinds in the line are a feature: in this model they lower the score (a loose translation)."""
    monkeypatch.setattr(decision, "load", lambda: {"number": hand_model(0.6), "entity": hand_model(0.6)})
    alone = decision.decide([candidate("number", 0.5)], {})
    crowded = decision.decide([candidate("number", 0.5), candidate("entity", -3.0, "Ivanov")], {})
    assert len(alone) == 1 and crowded == ()


def test_rows_carry_the_line_and_the_count_of_other_kinds():
    found = [candidate("number", 1.0), candidate("number", 1.0), candidate("entity", 1.0)]
    rows = decision.rows(found, {"sentence_cosine": 0.7})
    assert [r["other_candidates"] for r in rows] == [1.0, 1.0, 2.0]
    assert all(r["sentence_cosine"] == 0.7 for r in rows)


def test_the_shipped_model_says_what_it_was_fitted_on():
    data = json.loads(decision.MODEL_PATH.read_text(encoding="utf-8"))
    assert data["meta"]["fitted_on"] == list(corpora.FIT_SETS)
    assert not set(data["meta"]["fitted_on"]) & set(corpora.REPORT_SETS)
    assert len(data["meta"]["data_sha256"]) == 12
    assert set(data["kinds"]) == set(KINDS)
    for kind, entry in data["kinds"].items():
        if kind in train_decision.TREE_KINDS:
            assert entry["trees"]["trees"] and "weights" not in entry
        else:
            assert len(entry["features"]) == len(entry["weights"]) == len(entry["mean"]) == len(entry["scale"])
        assert 0.0 < entry["threshold"] <= 1.01
        assert {"sentence_cosine", "other_candidates"} <= set(entry["features"])
    assert set(decision.load()) == set(KINDS)


def test_a_tree_kind_scores_as_the_fitted_trees_do():
    """The omission kinds' trees, exported to plain data and walked with numpy, give scikit-learn's
    probabilities (the shipped scorer does not need scikit-learn)."""
    pytest.importorskip("sklearn")
    rng = np.random.default_rng(3)
    x = rng.normal(size=(300, 2))
    y = (x[:, 0] * x[:, 1] > 0).astype(int)  # an interaction no linear model can read
    fitted = train_decision.fit_kind(x, y, "omission")
    model = decision.kind_model({"features": ["a", "b"], "threshold": 0.5, **fitted})
    rows = [{"a": a, "b": b} for a, b in x[:50]]
    from sklearn.ensemble import GradientBoostingClassifier

    expected = GradientBoostingClassifier(random_state=train_decision.SEED, **train_decision.TREES).fit(x, y)
    assert model.probabilities(rows) == pytest.approx(expected.predict_proba(x[:50])[:, 1], abs=1e-4)
    assert ((model.probabilities(rows) >= 0.5) == y[:50]).mean() > 0.9


def test_an_exported_logistic_regression_scores_as_scikit_learn_does():
    """`export_logistic` writes what `logistic_from_data` reads: the same probabilities as the fitted
    model on the standardised features (a constant feature is scaled by 1, not divided by 0)."""
    pytest.importorskip("sklearn")
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(5)
    x = np.column_stack([rng.normal(size=200), rng.normal(3.0, 2.0, size=200), np.ones(200)])
    y = (x[:, 0] + 0.5 * x[:, 1] + rng.normal(size=200) > 1.5).astype(int)
    mean, scale = scorers.standardising(x)
    assert scale[2] == 1.0
    model = LogisticRegression().fit((x - mean) / scale, y)
    scorer = scorers.logistic_from_data(scorers.export_logistic(model, mean, scale))
    assert scorer.probabilities(x) == pytest.approx(model.predict_proba((x - mean) / scale)[:, 1])
    rounded = scorers.export_logistic(model, mean, scale, digits=2)
    assert rounded["bias"] == round(float(model.intercept_[0]), 2)


# --- fitting ---------------------------------------------------------------------------------------


def test_an_inserted_range_is_found_between_the_common_ends():
    clean = "The mayor said the plan would work."
    injected = "The mayor said, after a long pause, the plan would work."
    start, end = train_decision._inserted(clean, injected)
    assert injected[start:end] == ", after a long pause,"


def synthetic_extraction():
    """Two kinds; untouched lines have one weak candidate each, injected ones one strong candidate."""
    ex = train_decision.Extraction()
    rng = np.random.default_rng(0)
    for line in range(200):
        group = f"ntrex:doc{line % 20}"
        kind = KINDS[line % 2]
        weak = ex.add({"strength": float(rng.normal(0, 1))}, kind, 0, group)
        ex.clean_lines.append([weak])
        ex.line_sets.append("ntrex")
        strong = ex.add({"strength": float(rng.normal(3, 1))}, kind, 1, group)
        ex.variants.append((kind, [strong], [weak]))
    return ex


def test_thresholds_keep_false_alarms_within_the_budget():
    ex = synthetic_extraction()
    p = np.array([1 / (1 + np.exp(-(row["strength"] - 1.5))) for row in ex.rows])
    thresholds = train_decision.choose_thresholds(ex, p, {"ntrex": 0.05})
    assert train_decision.false_alarms(ex, p, thresholds) <= 0.05
    recall = train_decision.recalls(ex, p, thresholds)
    assert recall["number"] > 0.8 and recall["entity"] > 0.8
    assert thresholds["negation"] == 1.01  # no positives: never lowered


def test_cross_validated_probabilities_separate_the_synthetic_kinds():
    pytest.importorskip("sklearn")
    ex = synthetic_extraction()
    p = train_decision.cross_validated(ex)
    labels = np.array(ex.labels)
    assert p[labels == 1].mean() > 0.8 > 0.2 > p[labels == 0].mean()


def test_a_kind_without_both_classes_is_named_before_any_fit():
    ex = synthetic_extraction()
    assert train_decision.one_class_kinds(ex) == [
        f"{kind} (no candidate of an injected error or an untouched line)" for kind in KINDS[2:]
    ]
    ex.labels = [1 if kind == "entity" else label for label, kind in zip(ex.labels, ex.kinds, strict=True)]
    assert "entity (no candidate of an untouched line)" in train_decision.one_class_kinds(ex)


def test_kept_thresholds_stay_and_the_others_are_chosen(tmp_path):
    ex = synthetic_extraction()
    p = np.array([1 / (1 + np.exp(-(row["strength"] - 1.5))) for row in ex.rows])
    path = tmp_path / "decision.json"
    path.write_text(json.dumps({"kinds": {"number": {"threshold": 0.97}, "entity": {"threshold": 0.5}}}))
    kept = train_decision.kept_thresholds(path, "number")
    thresholds = train_decision.choose_thresholds(ex, p, {"ntrex": 0.05}, kept=kept)
    assert thresholds["number"] == 0.97 and thresholds["entity"] != 0.97
    with pytest.raises(ValueError, match="no kind negation"):
        train_decision.kept_thresholds(path, "negation")
    assert train_decision.kept_thresholds(path, "") == {}


def test_a_budget_no_thresholds_can_keep_is_said_in_words():
    ex = synthetic_extraction()
    p = np.array([1 / (1 + np.exp(-(row["strength"] - 1.5))) for row in ex.rows])
    with pytest.raises(ValueError, match=r"false-alarm budget \(ntrex 5.0%\)"):
        train_decision.choose_thresholds(ex, p, {"ntrex": 0.05}, kept={"number": 0.05})

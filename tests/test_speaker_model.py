"""The speaker model: its file, how it scores, and the candidates it weighs (hand-made models and
articles; the shipped model's file is checked for what it must record)."""

from __future__ import annotations

import json
import math

import pytest

from pipeline.core.records import Document, DocumentMeta
from pipeline.quotes.attribute import attribute
from pipeline.quotes.candidates import FEATURES
from pipeline.quotes.extract import extract_quotes
from pipeline.quotes.ranker import MODEL_PATH, MODEL_PATHS, ModelError, default_model, load_model, model_digests


def _logistic(tmp_path, weights: dict[str, float], bias: float = 0.0, threshold: float = 0.5):
    path = tmp_path / "model.json"
    body = {
        "mean": [0.0] * len(FEATURES),
        "scale": [1.0] * len(FEATURES),
        "weights": [weights.get(name, 0.0) for name in FEATURES],
        "bias": bias,
    }
    content = {"kind": "logistic", "features": list(FEATURES), "threshold": threshold, "logistic": body}
    path.write_text(json.dumps(content))
    return load_model(path)


def _row(**values: float) -> tuple[float, ...]:
    return tuple(values.get(name, 0.0) for name in FEATURES)


def test_a_logistic_model_scores_by_its_weights(tmp_path):
    model = _logistic(tmp_path, {"rule_strong": 2.0, "before_distance": -0.5}, bias=-1.0)
    (probability,) = model.probabilities([_row(rule_strong=1.0, before_distance=2.0)])
    assert probability == pytest.approx(1 / (1 + math.exp(-(2.0 - 1.0 - 1.0))))


def test_trees_are_walked_for_every_candidate_at_once(tmp_path):
    strong = FEATURES.index("rule_strong")
    distance = FEATURES.index("before_distance")
    # tree 1: rule_strong <= 0.5 ? -1 : +2 ; tree 2: before_distance <= 3 ? +1 : -1 (learning rate 0.5)
    trees = [
        {"feature": [strong, -1, -1], "threshold": [0.5, 0, 0], "left": [1, -1, -1], "right": [2, -1, -1],
         "value": [0.0, -1.0, 2.0], "depth": 1},
        {"feature": [distance, -1, -1], "threshold": [3.0, 0, 0], "left": [1, -1, -1], "right": [2, -1, -1],
         "value": [0.0, 1.0, -1.0], "depth": 1},
    ]
    path = tmp_path / "trees.json"
    body = {"learning_rate": 0.5, "base": 0.25, "trees": trees}
    path.write_text(json.dumps({"kind": "trees", "features": list(FEATURES), "threshold": 0.5, "trees": body}))
    model = load_model(path)
    rows = [_row(rule_strong=1.0, before_distance=1.0), _row(rule_strong=0.0, before_distance=5.0)]
    expected = [0.25 + 0.5 * 2.0 + 0.5 * 1.0, 0.25 - 0.5 * 1.0 - 0.5 * 1.0]
    assert list(model.probabilities(rows)) == pytest.approx([1 / (1 + math.exp(-r)) for r in expected])


def test_a_model_fitted_for_other_features_is_refused_with_its_path(tmp_path):
    path = tmp_path / "old.json"
    path.write_text(json.dumps({"kind": "logistic", "features": ["before_distance"], "threshold": 0.5}))
    with pytest.raises(ModelError, match="old.json: fitted for other features"):
        load_model(path)
    with pytest.raises(ModelError, match="missing.json: cannot read the speaker model"):
        load_model(tmp_path / "missing.json")


def test_the_shipped_model_records_its_data_its_recipe_and_its_scores():
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    assert data["features"] == list(FEATURES)
    assert data["fitted_on"]["script"] == "benchmarks/fit_speaker_model.py"
    assert "PolNeAR" in data["fitted_on"]["data"] and "polnear/train" in data["fitted_on"]["train"]
    assert data["scores"]["dev"]["named"]["speaker_accuracy"] > 0.8
    assert default_model().kind in ("trees", "logistic")


def _doc(text: str) -> Document:
    return Document("t", "t", text, "text", "utf-8", DocumentMeta(lang="en"))


def test_every_record_keeps_the_candidates_it_weighed_with_scores_and_evidence():
    text = (
        "Ruth Calder, the finance minister, met Tom Weller on Monday.\n\n"
        "“We will cut the deficit in half,” Calder said."
    )
    (record,) = attribute(_doc(text), extract_quotes(_doc(text)))
    assert record.speaker == "Ruth Calder"
    assert record.candidates[0].speaker == "Ruth Calder" and record.candidates[0].rule == "after-quote"
    assert all(c.score is not None and 0.0 <= c.score <= 1.0 for c in record.candidates)
    assert [c.score for c in record.candidates] == sorted((c.score for c in record.candidates), reverse=True)
    assert record.evidence == "Calder said"


def test_a_model_that_trusts_nobody_leaves_the_speaker_unnamed_but_keeps_the_candidates(tmp_path):
    text = "“We will cut the deficit in half,” Ruth Calder said."
    nobody = _logistic(tmp_path, {}, bias=-10.0)
    (record,) = attribute(_doc(text), extract_quotes(_doc(text)), model=nobody)
    assert record.speaker is None
    assert record.candidates[0].speaker == "Ruth Calder" and record.candidates[0].score < 0.01


def test_the_rules_alone_still_attribute_for_comparison():
    text = "“We will cut the deficit in half,” Ruth Calder said."
    (record,) = attribute(_doc(text), extract_quotes(_doc(text)), rules_only=True)
    assert record.speaker == "Ruth Calder" and record.candidates[0].score is None


def test_the_russian_model_records_its_data_its_recipe_and_its_scores():
    data = json.loads(MODEL_PATHS["ru"].read_text(encoding="utf-8"))
    assert data["features"] == list(FEATURES)
    assert data["fitted_on"]["script"] == "benchmarks/fit_speaker_model_ru.py"
    assert "ntrex_ru_dev" in data["fitted_on"]["data"] and "wmt19_ru_dev" in data["fitted_on"]["data"]
    cross_validated, rules = data["scores"]["cross_validated_5_folds_3_times"], data["scores"]["rules_same_quotes"]
    assert cross_validated["named"]["speaker_accuracy"] > rules["named"]["speaker_accuracy"]
    assert data["chosen"]["english_weight"] in data["english_weights"]
    assert default_model("ru").kind in ("trees", "logistic")


def test_a_language_without_a_model_is_read_by_the_rules():
    assert default_model("de") is None
    assert set(model_digests()) == {"en", "ru"}


def test_an_unreadable_shipped_model_is_a_warning_and_the_rules_choose(tmp_path, monkeypatch, caplog):
    import pipeline.quotes.ranker as ranker

    monkeypatch.setitem(ranker.MODEL_PATHS, "ru", tmp_path / "gone.json")
    default_model.cache_clear()
    try:
        with caplog.at_level("WARNING", logger="pipeline.quotes.ranker"):
            assert default_model("ru") is None
            assert model_digests()["ru"] == "missing"
        assert "gone.json: cannot read the speaker model" in caplog.text
        doc = Document("t", "t", "«Я готов», — сказал Игорь Акинфеев.", "text", "utf-8", DocumentMeta(lang="ru"))
        (attribution,) = attribute(doc, extract_quotes(doc))
        assert attribution.speaker == "Игорь Акинфеев"
    finally:
        default_model.cache_clear()

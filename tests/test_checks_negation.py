"""Negation check: hand-checked cases (sentences written for these tests)."""

import pytest

from pipeline.checks import negation


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("Он не пришёл.", "He did not come."),
        ("Он не пришёл.", "He didn't come."),
        ("Никто не пришёл.", "Nobody came."),
        ("Никто ничего не сказал.", "Nobody said anything."),
        ("Не последовало ни комментариев, ни извинений.", "There were no comments or apologies."),
        ("Там было не менее ста человек.", "There were at least a hundred people."),
        ("Дождя нет.", "There is no rain."),
        ("Она никогда не была в Москве.", "She has never been to Moscow."),
        ("Он пришёл.", "He came."),
        ("Школа № 30.", "School No. 30."),
        (
            "Чтобы она не горела, не пахла, не отравляла почву.",
            "So it doesn't burn, smell or poison the soil.",
        ),
    ],
)
def test_the_same_negation_on_both_sides_raises_no_candidate(source, target):
    assert negation.candidates(source, target) == []


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("Он не справился с управлением.", "He failed to keep control."),
        ("Это нелегко.", "It's not easy."),
    ],
)
def test_a_negation_carried_by_a_word_is_a_weak_candidate_the_decision_lets_pass(source, target):
    (candidate,) = negation.candidates(source, target)
    assert candidate.features["unaccounted"] == 0.0
    assert negation.check(source, target) == ()


@pytest.mark.parametrize(
    ("source", "target", "source_text", "target_text"),
    [
        ("Он не пришёл.", "He came.", "не", None),
        ("Мы не знаем, почему он не пришёл.", "We don't know why he came.", "не", None),
        ("Он пришёл.", "He never came.", None, "never"),
        pytest.param("Нельзя курить.", "Smoking is allowed.", "Нельзя", None, marks=pytest.mark.xfail(
            strict=True, reason="known regression of the learned decision (issue 18): scores 0.03 against the "
                                "negation threshold 0.5 (the encoder sees little change when 'Нельзя' goes)")),
    ],
)
def test_lost_or_added_negation_is_flagged(source, target, source_text, target_text):
    (candidate,) = negation.candidates(source, target)
    (flag,) = negation.check(source, target)
    assert flag == candidate.flag()
    assert flag.kind == "negation"
    assert (flag.source_span.text if flag.source_span else None) == source_text
    assert (flag.target_span.text if flag.target_span else None) == target_text
    for span, text in ((flag.source_span, source), (flag.target_span, target)):
        if span:
            assert text[span.start : span.end] == span.text


def test_english_against_english():
    (flag,) = negation.check("He did not come.", "He came.", "en", "en")
    assert flag.source_span.text == "not"

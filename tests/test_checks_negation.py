"""Negation check: hand-checked cases (sentences written for these tests)."""

import pytest

from pipeline.checks import negation
from pipeline.checks.text import tokens


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
        ("Переговоров не будет до тех пор, пока она не сможет доверять США.",
         "There will be no talks until it can trust the US."),
        ("Он едва не погиб в аварии.", "He nearly died in the crash."),
        ("Я не мог не думать об этом.", "I couldn't help thinking about it."),
        ("Нельзя не признать его заслуги.", "One has to admit his merits."),
        ("Не обошлось без столкновений.", "There were clashes."),
        ("Этот шаг сведет на нет его усилия.", "The move will neutralise his efforts."),
        ("Какими бы ни были ваши интересы, выбор есть.", "Whatever your interests, there is a choice."),
        ("Это была не просто игра.", "It was not just a game."),
        ("Он говорит не только по-русски.", "He speaks not only Russian."),
        ("Там было не менее ста человек.", "There were no less than a hundred people."),
        ("Они будут ждать, пока он не вернётся домой.", "They will wait until he comes home."),
        ("Бои шли, пока, по словам очевидцев, город не пал.", "Fighting went on until, witnesses say, the city fell."),
        ("Мы ждали, пока не будет ясно, что делать.", "We waited until it was clear what to do."),
        ("Он приехал, не смотря на дождь.", "He came despite the rain."),
        ("Я не перестаю думать об этом.", "I keep thinking about it."),
        ("Она говорила не умолкая.", "She talked all the time."),
    ],
)
def test_negators_that_negate_nothing_are_no_units(source, target):
    """Expletive and double negations, concessive «бы ни», and the idioms of either language that say
    something positive (not only / не только) are counted apart, as possible counterparts."""
    assert len(negation.russian(source).units) == len(negation.english(target).units)
    assert negation.candidates(source, target) == []


@pytest.mark.parametrize(
    ("text", "units"),
    [
        ("Пока не известно, кто это сделал.", 1),
        ("Он не может прийти.", 1),
        ("Нет, не так.", 2),
        ("Он пока не пришёл.", 1),  # "not yet": no clause opens with «пока»
        ("Мы ждали, пока он не звонил.", 1),  # an imperfective verb: "while he was not calling"
        ("Они ждут, пока не будет ясно, и не уходят.", 1),  # only the first «не» after «пока»
    ],
)
def test_a_negator_near_those_idioms_still_counts(text, units):
    assert len(negation.russian(text).units) == units


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("Водителей просят не заезжать в этот район.", "Motorists are advised to avoid the area."),
        ("Жителям советуют не приближаться к вулкану.", "Residents were told to stay away from the volcano."),
    ],
)
def test_an_english_word_that_carries_the_negation_accounts_for_it(source, target):
    (candidate,) = negation.candidates(source, target)
    assert candidate.features["unaccounted"] == 0.0


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
                                "negation threshold 0.55 (the encoder sees little change when 'Нельзя' goes)")),
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


@pytest.mark.parametrize(
    ("word", "negated"),
    [
        ("недовольна", True),  # довольна: the same short adjective
        ("нелегко", True),
        ("Неприемлемой", True),
        ("неделя", False),  # деля is a gerund, not a noun
        ("несколько", False),  # an amount, not "not how many"
        ("нервы", False),  # too short to carry a prefix
        ("немецкий", False),  # мецкий is no word
    ],
)
def test_a_word_negated_by_its_prefix(word, negated):
    assert negation.negated_by_prefix(word) is negated


def test_the_prefix_comes_off_with_its_capital():
    text = "Нелегко было всем."
    (tok,) = [t for t in tokens(text) if t.text == "Нелегко"]
    assert negation.without_negator(text, tok, prefix=True) == "Легко было всем."


@pytest.mark.parametrize(("source", "src_lang", "target", "tgt_lang", "side"), [
    ("Группа осталась недовольна.", "ru", "The group was happy.", "en", "source"),
    ("The group was happy.", "en", "Группа осталась недовольна.", "ru", "target"),
])
def test_a_prefix_negation_with_no_negation_opposite_is_a_candidate(source, src_lang, target, tgt_lang, side):
    """The other side's "not" lost ("not happy" -> "happy"): both sides have as many negators (none),
    and the Russian word negated by its prefix is the candidate, on whichever side is Russian."""
    (candidate,) = negation.candidates(source, target, src_lang, tgt_lang)
    span = candidate.source_span if side == "source" else candidate.target_span
    assert span.text == "недовольна"
    assert candidate.features["prefixed"] == 1.0
    assert candidate.features["prefixed_shift"] == candidate.features["shift_without_negator"]


def test_a_prefix_negation_rendered_by_not_raises_the_usual_candidate():
    (candidate,) = negation.candidates("Группа осталась недовольна.", "The group was not happy.")
    assert candidate.target_span.text == "not"
    assert candidate.features["prefixed"] == 0.0
    assert candidate.features["unaccounted"] <= 0.0


@pytest.mark.parametrize(
    ("source", "target", "flagged"),
    [
        ("Это нелегко.", "It is easy.", True),
        ("Это нелегко.", "It is difficult.", False),
        ("Группа осталась недовольна решением.", "The group was happy with the decision.", True),
        ("Группа осталась недовольна решением.", "The group was unhappy with the decision.", False),
        ("Группа осталась недовольна решением.", "The group was not happy with the decision.", False),
    ],
)
def test_the_decision_flags_a_lost_not_of_a_prefix_negation(source, target, flagged):
    flags = negation.check(source, target)
    assert bool(flags) is flagged
    if flagged:
        (flag,) = flags
        assert flag.source_span.text in source and flag.target_span is None
        assert "negated by its prefix" in flag.detail


def test_the_phrase_is_the_negator_and_the_words_after_it():
    text = "Партия не принимала участия в выборах."
    (found,) = negation._trials(text, "The party took part.", "ru", "en")
    assert negation._phrase(found, text) == ("не принимала участия", "принимала участия")
    text = "Он был недоволен решением."
    (found,) = negation._trials(text, "He was happy with the decision.", "ru", "en")
    assert negation._phrase(found, text) == ("недоволен решением", "доволен решением")


@pytest.mark.parametrize(
    ("source", "rendered", "lost"),
    [
        (
            "Партия не принимала участия в выборах.",
            "The party abstained from the elections.",
            "The party took part in the elections.",
        ),
        ("Вьетнам до сих пор не является членом ВТО.", "Vietnam still remains outside the WTO.",
         "Vietnam is still a member of the WTO."),
    ],
)
def test_the_phrase_test_sets_a_lost_negation_apart_from_one_a_word_carries(source, rendered, lost):
    def phrase_shift(target):
        (candidate,) = negation.candidates(source, target)
        return candidate.features["phrase_shift_without_negator"]

    assert phrase_shift(lost) > phrase_shift(rendered) + 0.05

"""Mining name pairs and gazetteer entries from parallel lines (sentences written for these tests)."""

from collections import Counter

from pipeline.checks import name_mining, translit_model
from pipeline.checks.corpora import Pair


def test_mutual_best_keeps_pairs_that_prefer_each_other():
    scores = {("Рон", "Ron"): 2.0, ("Рон", "Kim"): -3.0, ("Ким", "Ron"): 0.5, ("Ким", "Kim"): 2.5}
    pairs = name_mining._mutual_best(["Рон", "Ким"], ["Ron", "Kim"], lambda r, e: scores[r, e])
    assert pairs == [("Ким", "Kim"), ("Рон", "Ron")]
    assert name_mining._mutual_best(["Рон"], ["Kim"], lambda r, e: scores[r, e]) == []


def test_model_found_pairs_go_beyond_the_spelling_rules():
    lines = [
        (["Болтон", "Гарден"], ["Bolton", "Harden"]),
        (["Тимкин", "Гоберт"], ["Timkin", "Hobert"]),
        (["Дамиров", "Гилтон"], ["Damirov", "Hilton"]),
        (["Пелтон"], ["Pelton"]),
        (["Савиров", "Минотов"], ["Savirov", "Minotov"]),
        (["Курданов", "Лодвинов"], ["Kurdanov", "Lodvinov"]),
    ] * 2
    model, found = name_mining.mine_pairs(lines)
    assert ("Гарден", "Harden") in found and ("Болтон", "Bolton") in found
    assert translit_model.log_ratio(model, "гомлин", "homlin") > name_mining.PAIR_MIN_SCORE


def test_gazetteer_keeps_names_found_together_across_documents():
    pairs = [
        Pair("t", "d1", 0, "Власти Китая ответили.", "The authorities of China answered."),
        Pair("t", "d2", 1, "Посол Китая уехал.", "The ambassador of China left."),
        Pair("t", "d3", 2, "В Китае идёт дождь.", "It rains in China today."),
        Pair("t", "d4", 3, "Власти ответили быстро.", "The authorities answered Gordon quickly."),
    ]
    model = translit_model.Model({}, {})
    found = name_mining.mine_gazetteer(pairs, model)
    assert ("кита", "China", 3, 1.0) in found
    assert not any(name == "Gordon" for _, name, _, _ in found)  # one document only


def test_training_pairs_use_stems_without_case_endings():
    assert name_mining._training_pairs(Counter({("Техасе", "Texas"): 2})) == [("техас", "Texas")]

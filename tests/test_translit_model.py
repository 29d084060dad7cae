"""The learned transliteration model: EM on a handful of made-up name pairs, and the shipped model."""

import pytest

from pipeline.checks import translit_model
from pipeline.text.translit import RU_TO_LATIN

# Made-up names: х is written "x" in half of them, г is "h" in others; nothing else is unusual.
PAIRS = [
    ("Тахон", "Taxon"),
    ("Махен", "Maxen"),
    ("Рехил", "Rexil"),
    ("Хобат", "Hobat"),
    ("Гарден", "Harden"),
    ("Гомлин", "Homlin"),
    ("Бронек", "Bronek"),
    ("Лодвин", "Lodvin"),
    ("Пелтон", "Pelton"),
    ("Савир", "Savir"),
    ("Минот", "Minot"),
    ("Курдан", "Kurdan"),
]


@pytest.fixture(scope="module")
def model():
    background = translit_model.letter_frequencies(en for _, en in PAIRS)
    return translit_model.fit(PAIRS, RU_TO_LATIN, background, iterations=6)


def test_em_learns_letters_the_usual_romanisation_lacks(model):
    assert model.emit["х"].get("x", 0) > 0.2
    assert model.emit["г"].get("h", 0) > 0.2
    assert max(model.emit["м"], key=model.emit["м"].get) == "m"


def test_a_true_pair_scores_high_and_two_names_low(model):
    assert translit_model.log_ratio(model, "техил", "texil") > 1.0
    assert translit_model.log_ratio(model, "гардон", "hardon") > 1.0
    assert translit_model.log_ratio(model, "минот", "kurdan") < 0.0


def test_stems_drop_a_case_ending_only_when_one_is_there():
    assert translit_model.stems("Техасе") == ["техасе", "техас"]
    assert translit_model.stems("Техас") == ["техас"]


def test_the_shipped_model_joins_names_no_rule_was_written_for():
    for russian, english in (("Техасе", "Texas"), ("Гарвард", "Harvard"), ("Дегтярева", "Degtyarev")):
        assert translit_model.score(russian, english) > 1.0, (russian, english)
    for russian, english in (("Дегтярев", "Smirnov"), ("Трамп", "Biden"), ("Москве", "Minsk")):
        assert translit_model.score(russian, english) < 0.0, (russian, english)

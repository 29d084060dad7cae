"""Numbers check: hand-checked extraction and comparison cases (sentences written for these tests)."""

import pytest

from pipeline.checks import numbers


def values(text, lang):
    return [(q.span.text, sorted(q.values), q.strong, q.unit) for q in numbers.quantities(text, lang)]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("около 3 тыс. человек", "ru", [("3 тыс.", [3000.0], True, "")]),
        ("about 3,000 people", "en", [("3,000", [3000.0], True, "")]),
        ("three thousand people", "en", [("three thousand", [3000.0], True, "")]),
        ("1,5 млрд рублей", "ru", [("1,5 млрд", [1.5e9], True, "")]),
        ("1.5 billion rubles", "en", [("1.5 billion", [1.5e9], True, "")]),
        ("200 000 жителей", "ru", [("200 000", [200000.0], True, "")]),
        ("двадцать пять лет", "ru", [("двадцать пять", [25.0], True, "")]),
        ("twenty-five years", "en", [("twenty-five", [25.0], True, "")]),
        ("a four-year contract", "en", [("four-year", [4.0], True, "")]),
        ("рост на 5%", "ru", [("5", [5.0], True, "")]),
        ("в 90-х годах", "ru", [("90", [90.0], True, "")]),
        ("in the 1990s", "en", [("1990", [90.0, 1990.0], True, "")]),
        ("в 15:00", "ru", [("15", [15.0], True, ""), ("00", [0.0], False, "")]),
        ("at 3 p.m.", "en", [("3", [3.0, 15.0], True, "")]),
        (
            "24.08.2022",
            "ru",
            [("24", [24.0], True, ""), ("08", [8.0], True, "month"), ("2022", [22.0, 2022.0], True, "")],
        ),
        ("25 июля", "ru", [("25", [25.0], True, ""), ("июля", [7], True, "month")]),
        ("July's coldest night", "en", [("July's", [7], True, "month")]),
        ("you may go", "en", []),
        ("COVID-19 cases", "en", [("19", [19.0], False, "")]),
        ("за сутки", "ru", [("сутки", [24.0], False, "")]),
        ("one of them", "en", [("one", [1.0], False, "")]),
        ("XVI века", "ru", [("XVI", [16.0], False, "")]),
    ],
)
def test_quantities(text, lang, expected):
    assert values(text, lang) == expected


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("Погибли 3 тыс. человек.", "Three thousand people died."),
        ("Погибли 3 тыс. человек.", "3,000 people died."),
        ("В 90-х годах цены росли.", "Prices rose in the 1990s."),
        ("Встреча прошла 25 июля в 15:00.", "The meeting took place on July 25 at 3 p.m."),
        ("За сутки выявлено 500 случаев.", "500 cases were found in the past 24 hours."),
        ("Он подписал четырехлетний контракт.", "He signed a four-year contract."),
        ("Рост составил 4,5%.", "Growth was 4.5%."),
        ("Один из них ушёл.", "One of them left."),
    ],
)
def test_equivalent_numbers_raise_no_flag(source, target):
    assert numbers.check(source, target) == ()


@pytest.mark.parametrize(
    ("source", "target", "source_text", "target_text", "detail"),
    [
        (
            "Погибли 3 тыс. человек.",
            "300 people died.",
            "3 тыс.",
            "300",
            "3000 in the original, 300 in the translation",
        ),
        ("В 2020 году.", "In 2021.", "2020", "2021", "2020 in the original, 2021 in the translation"),
        (
            "Это случилось в июле.",
            "It happened in June.",
            "июле",
            "June",
            "month 7 in the original, month 6 in the translation",
        ),
        (
            "Пострадали 12 человек.",
            "People were hurt.",
            "12",
            None,
            "12 in the original has no counterpart in the translation",
        ),
        (
            "Люди пострадали.",
            "15 people were hurt.",
            None,
            "15",
            "15 in the translation has no counterpart in the original",
        ),
    ],
)
def test_changed_numbers_are_flagged_with_spans(source, target, source_text, target_text, detail):
    (flag,) = numbers.check(source, target)
    assert flag.kind == "number"
    assert flag.detail == detail
    if source_text is None:
        assert flag.source_span is None
    else:
        assert flag.source_span.text == source_text == source[flag.source_span.start : flag.source_span.end]
    if target_text is None:
        assert flag.target_span is None
    else:
        assert flag.target_span.text == target_text == target[flag.target_span.start : flag.target_span.end]

"""Numbers check: hand-checked extraction and comparison cases (sentences written for these tests)."""

import pytest

from pipeline.checks import numbers


def values(text, lang):
    return [(q.span.text, sorted(q.values), q.strong, q.unit) for q in numbers.quantities(text, lang)]


def candidates(source, target):
    return [(c.source_span and c.source_span.text, c.target_span and c.target_span.text, c.detail)
            for c in numbers.candidates(source, target)]


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
        # spelled-out halves and fractions, "m" after a currency sign, months by their case endings only
        ("2 с половиной миллиона", "ru", [("2 с половиной миллиона", [2.5e6], True, "")]),
        ("2 1/2 million", "en", [("2 1/2 million", [2.5e6], True, "")]),
        ("полтора миллиона", "ru", [("полтора миллиона", [1.5e6], True, "")]),
        ("for £125m", "en", [("125m", [1.25e8], True, "")]),
        ("30 млн рублей", "ru", [("30 млн", [3e7], True, "")]),
        ("тринадцать раз", "ru", [("тринадцать", [13.0], True, "")]),
        ("thirteen times", "en", [("thirteen", [13.0], True, "")]),
        ("Mother-of-three Anna", "en", [("Mother-of-three", [3.0], True, "")]),
        ("церковь Св. Мартина", "ru", []),
        ("после июньского саммита", "ru", [("июньского", [6.0], False, "month")]),
        ("в 15.00 по Москве", "ru", [("15", [15.0], True, ""), ("00", [0.0], False, "")]),
        ("found at 7.55am", "en", [("7", [7.0], True, ""), ("55", [55.0], False, "")]),
        ("рост на 4-6%", "ru", [("4", [4.0], True, ""), ("6", [6.0], True, "")]),
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
        # a number that moved inside the sentence is still there
        ("В 2019 году погибли 12 человек.", "Twelve people died in 2019."),
        ("Цены выросли на 4-6%.", "Prices rose by 4%-6%."),
        ("Это случилось тринадцать раз.", "It happened 13 times."),
        ("Ущерб составил 2 с половиной миллиона.", "The damage was 2.5 million."),
        ("Ущерб составил полтора миллиона.", "The damage was 1.5 million."),
        # units converted by the translator (yards to metres, Fahrenheit to Celsius)
        ("Он был в 27 метрах от ворот.", "He was 30 yards from the goal."),
        ("Днём до 27 градусов.", "Up to 80 degrees in the afternoon."),
        # a range whose unit is written once, after its second number: the first is in that unit too
        ("Выпадет от 2,5 до 10 см осадков.", "1 to 4 inches of rain will fall."),
        ("Ожидается до 5–10 см осадков.", "As much as 2 to 4 inches of rain is expected."),
        # a speed in words, and a scale written as an adjective after a hyphen
        ("Ветер до 137 км/ч.", "Winds of 85 miles per hour."),
        ("Он движется со скоростью 19 километров в час.", "It is moving at 12 mph."),
        ("Полиция не подпустила 25-тысячную толпу.", "Police blocked a 25,000-strong crowd."),
        ("Саммит прошёл после июньской встречи.", "The summit came after the June meeting."),
        # digits glued to a name stay counterparts when the other side does not glue other digits to it
        ("Саммит G20 прошёл в Осаке.", "The summit of the twenty took place in Osaka."),
        ("Случаев COVID-19 больше.", "More coronavirus cases."),
    ],
)
def test_equivalent_numbers_raise_no_candidate(source, target):
    assert numbers.candidates(source, target) == []


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
        # one unit on both sides: no conversion, so no tolerance
        (
            "Не больше 102 сантиметров.",
            "No more than 109 centimeters.",
            "102",
            "109",
            "102 in the original, 109 in the translation",
        ),
        ("Ожидается до +28 градусов.", "Up to 27 degrees.", "28", "27", "28 in the original, 27 in the translation"),
        # converted, but not to the same distance (385 miles are 620 km)
        ("Он находится в 360 км от города.", "It is 385 miles from the town.", "360", "385",
         "360 in the original, 385 in the translation"),
        # digits glued to one name on both sides, with other digits
        ("Случаев COVID-19 больше.", "More COVID-39 cases.", "19", "39", "19 in the original, 39 in the translation"),
        # a time's minutes, where both sides write them
        ("Это было около 19:30.", "It was at about 19:50.", "30", "50", "30 in the original, 50 in the translation"),
        (
            "Он ехал на ВАЗ-21083.",
            "He drove a VAZ-21983.",
            "21083",
            "21983",
            "21,083 in the original, 21,983 in the translation",
        ),
    ],
)
def test_changed_numbers_are_candidates_with_spans(source, target, source_text, target_text, detail):
    (flag,) = numbers.candidates(source, target)
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


def test_a_changed_digit_is_one_edit_apart_even_with_a_scale_word():
    (changed,) = numbers.candidates("Погибли 3 тыс. человек.", "8,000 people died.")
    assert changed.features["one_digit_apart"] == 1.0 and changed.features["digits_apart"] == 1.0
    (changed,) = numbers.candidates("Погибли 3 тыс. человек.", "35,000 people died.")
    assert changed.features["one_digit_apart"] == 0.0 and changed.features["digits_apart"] == 1.0
    (changed,) = numbers.candidates("В 2020 году.", "In 2021.")
    assert changed.features["one_digit_apart"] == 1.0 and changed.features["year"] == 1.0


def test_changed_value_is_paired_with_its_likeliest_counterpart():
    found = candidates("В 2020 году 15 человек.", "In 2020 there were 16 people and 90 dogs.")
    assert found == [
        ("15", "16", "15 in the original, 16 in the translation"),
        (None, "90", "90 in the translation has no counterpart in the original"),
    ]


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("Погибли 3 тыс. человек.", "300 people died."),
        ("В 2020 году.", "In 2021."),
        ("Пострадали 12 человек.", "People were hurt."),
        ("Рост составил 4-6%.", "Growth was 4.6%."),
        ("Это случилось 30 раз.", "It happened thirteen times."),
    ],
)
def test_the_shipped_decision_flags_a_changed_number(source, target):
    assert [f.kind for f in numbers.check(source, target)] == ["number"]


def test_the_shipped_decision_keeps_equivalent_numbers_clean():
    assert numbers.check("Погибли 3 тыс. человек.", "Three thousand people died.") == ()


def test_a_range_with_both_ends_changed_is_one_candidate_and_one_end_changed_pairs_that_end():
    (changed,) = numbers.candidates("Рост составил 4-6%.", "Growth was 4.6%.")
    assert changed.source_span.text == "4-6" and changed.target_span.text == "4.6"
    assert changed.detail == "4-6 in the original, 4.6 in the translation"
    assert changed.features["in_range"] == 1.0
    found = candidates("Рост составил 4-6%.", "Growth was 4-7%.")
    assert found == [("6", "7", "6 in the original, 7 in the translation")]


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("обычно не более 1/3, а то и 1/10 ценности", "usually no more than one-third and sometimes one-tenth of it"),
        ("Церковь построили на 10 лет позже.", "The church was built a decade later."),
        ("Нужны круглосуточные центры прессы.", "It requires 24-hour press centers."),
        ("Позвоните по телефону 0800 555 111.", "Call 0800 555 111."),
        ("Звоните по номеру 116 123 (Великобритания).", "Call free on 116 123 (UK)."),
    ],
)
def test_a_fraction_a_decade_a_day_and_a_number_in_groups_have_their_counterparts(source, target):
    assert candidates(source, target) == []


def test_what_reads_as_a_fraction_and_what_does_not():
    assert values("на 2/3 и на 9/11, 24/7", "ru")[:1] == [("2/3", [2 / 3], False, "")]  # name "/"
    assert [text for text, *_ in values("на 2/3 и на 9/11, 24/7", "ru")[1:]] == ["9", "11", "24", "7"]
    assert values("two-thirds of it", "en") == [("two-thirds", [2 / 3], False, "")]


def test_a_fraction_in_digits_against_another_is_a_changed_number():
    found = candidates("Это не более 1/3 бюджета.", "That is no more than 1/4 of the budget.")
    assert [(source, target) for source, target, _ in found] == [("1/3", "1/4")]


def test_other_digits_in_groups_are_still_missing():
    found = candidates("Собрали 555 111 рублей.", "They raised 555 112 roubles.")
    assert [(source, target) for source, target, _ in found] == [("555 111", "555"), (None, "112")]

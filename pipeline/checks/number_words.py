"""Number words, scales, months and units of Russian and English, for the numbers check."""

from __future__ import annotations

RU_SCALE = [
    # the adjectives after a hyphen too: "25-тысячную толпу" is a crowd of 25,000
    (r"тыс\.?|тысяч[аиуеы]?|тысячам[и]?|тысячах|тысячей|тысячн(?:ый|ая|ое|ые|ого|ой|ую|ым|ых|ыми|ом|ому)", 1e3),
    (r"млн\.?|миллион(?:а|ов|ы|у|ом|ам|ами|ах|е)?|миллионн(?:ый|ая|ое|ые|ого|ой|ую|ым|ых|ыми|ом|ому)", 1e6),
    (r"млрд\.?|миллиард(?:а|ов|ы|у|ом|ам|ами|ах|е)?|миллиардн(?:ый|ая|ое|ые|ого|ой|ую|ым|ых|ыми|ом|ому)", 1e9),
    (r"трлн\.?|триллион(?:а|ов|ы|у|ом|ам|ами|ах|е)?", 1e12),
]
EN_SCALE = [
    (r"thousands?|k", 1e3),
    (r"millions?|mln|mn", 1e6),
    (r"billions?|bn", 1e9),
    (r"trillions?|tn|tln|trln", 1e12),
]

_RU_CARD = "ь|и|ью"
RU_WORDS: list[tuple[str, float]] = [
    (r"од(?:ин|на|но|ного|ной|ному|ну|ним|ними|ни|них|ном)", 1),
    (r"дв(?:а|е|ух|ум|умя|ое|оих)|оба|обе|обоих|вдвое", 2),
    (r"тр(?:и|ех|ёх|ем|ём|емя|ое|оих)|втрое", 3),
    (r"четыр(?:е|ех|ёх|ем|ём|ьмя)|четверо|вчетверо", 4),
    (rf"пят(?:{_RU_CARD})|пятеро", 5),
    (rf"шест(?:{_RU_CARD})|шестеро", 6),
    (rf"сем(?:{_RU_CARD})", 7),
    (r"восем(?:ь|ью)|восьми", 8),
    (rf"девят(?:{_RU_CARD})", 9),
    (rf"десят(?:{_RU_CARD})|десяток", 10),
    (rf"одиннадцат(?:{_RU_CARD})", 11),
    (rf"двенадцат(?:{_RU_CARD})", 12),
    (rf"тринадцат(?:{_RU_CARD})", 13),
    (rf"четырнадцат(?:{_RU_CARD})", 14),
    (rf"пятнадцат(?:{_RU_CARD})", 15),
    (rf"шестнадцат(?:{_RU_CARD})", 16),
    (rf"семнадцат(?:{_RU_CARD})", 17),
    (rf"восемнадцат(?:{_RU_CARD})", 18),
    (rf"девятнадцат(?:{_RU_CARD})", 19),
    (rf"двадцат(?:{_RU_CARD})", 20),
    (rf"тридцат(?:{_RU_CARD})", 30),
    (r"сорок[а]?", 40),
    (r"пятьдесят|пятидесяти", 50),
    (r"шестьдесят|шестидесяти", 60),
    (r"семьдесят|семидесяти", 70),
    (r"восемьдесят|восьмидесяти", 80),
    (r"девяносто|девяноста", 90),
    (r"сто|ста", 100),
    (r"двести|двухсот", 200),
    (r"триста|трехсот|трёхсот", 300),
    (r"четыреста|четырехсот", 400),
    (r"пятьсот|пятисот", 500),
    (r"шестьсот|шестисот", 600),
    (r"семьсот|семисот", 700),
    (r"восемьсот|восьмисот", 800),
    (r"девятьсот|девятисот", 900),
    (r"полтора|полторы|полутора", 1.5),
    (r"половин(?:а|ы|у|ой|е)|вдвое", 0.5),
    (r"дважды", 2),
    (r"трижды", 3),
    (r"четырежды", 4),
    (r"полтриллиона", 5e11),
    (r"полмиллиарда", 5e8),
    (r"полмиллиона", 5e5),
]
# Words that imply a number without stating one: counterparts only ("сутки" = "24 hours").
_RU_COMPOUND = r"[а-яё]{3,}"
RU_IMPLIED: list[tuple[str, float]] = [
    (r"сутк(?:и|ам|ами|ах)|суток|(?:кругло)?суточн[а-я]+", 24),
    (r"десятилети[а-яё]+", 10),
    (r"полгода|полугода|полугодия|полугодие", 6),
    (r"полчаса|получаса", 30),
    (rf"одно{_RU_COMPOUND}", 1),
    (rf"двух{_RU_COMPOUND}", 2),
    (rf"тр[её]х{_RU_COMPOUND}", 3),
    (rf"четыр[её]х{_RU_COMPOUND}", 4),
    (rf"пяти{_RU_COMPOUND}", 5),
    (rf"шести{_RU_COMPOUND}", 6),
    (rf"семи{_RU_COMPOUND}", 7),
    (rf"восьми{_RU_COMPOUND}", 8),
    (rf"девяти{_RU_COMPOUND}", 9),
    (rf"десяти{_RU_COMPOUND}", 10),
    (rf"двадцати{_RU_COMPOUND}", 20),
    (rf"тридцати{_RU_COMPOUND}", 30),
    (rf"сорока{_RU_COMPOUND}", 40),
    (rf"пятидесяти{_RU_COMPOUND}", 50),
    (rf"стол?{_RU_COMPOUND}летн[а-я]+", 100),
]
_RU_ORD = "ый|ий|ой|ая|ое|ого|ому|ом|ую|ые|ых|ым|ыми|ья|ье|ьего|ьему|ьем|ьей|ью|ьи|ьих"
RU_ORDINALS: list[tuple[str, float]] = [
    (rf"перв(?:{_RU_ORD})", 1),
    (rf"втор(?:{_RU_ORD})", 2),
    (rf"трет(?:{_RU_ORD})", 3),
    (rf"четверт(?:{_RU_ORD})|четвёрт(?:{_RU_ORD})", 4),
    (rf"пят(?:{_RU_ORD})", 5),
    (rf"шест(?:{_RU_ORD})", 6),
    (rf"седьм(?:{_RU_ORD})", 7),
    (rf"восьм(?:{_RU_ORD})", 8),
    (rf"девят(?:{_RU_ORD})", 9),
    (rf"десят(?:{_RU_ORD})", 10),
]
RU_MONTHS = [
    "январ",
    "феврал",
    "март",
    "апрел",
    "ма[йяею]",
    "июн",
    "июл",
    "август",
    "сентябр",
    "октябр",
    "ноябр",
    "декабр",
]
EN_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "dozen": 12,
    "both": 2,
    "twice": 2,
    "double": 2,
    "doubled": 2,
    "pair": 2,
    "couple": 2,
    "triple": 3,
    "tripled": 3,
    "half": 0.5,
    "hundreds": 100,
}
EN_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "once": 1,
}
EN_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
# Case endings of a Russian month name (марта, мае, январём), and the adjectives made from one
# ("июньского саммита" = "the June summit"): a month, but only as a counterpart.
RU_MONTH_ENDINGS = r"(?:|а|я|е|у|ю|ь|ом|ем|ём)"
RU_MONTH_ADJECTIVES = [
    "январск",
    "февральск",
    "мартовск",
    "апрельск",
    "майск",
    "июньск",
    "июльск",
    "августовск",
    "сентябрьск",
    "октябрьск",
    "ноябрьск",
    "декабрьск",
]
# Parts of one: counterparts only ("треть" = "a third").
RU_FRACTIONS: list[tuple[str, float]] = [
    (r"трет(?:ь|и|ью)", 1 / 3),
    (r"четверт(?:ь|и|ью)", 0.25),
]
# The parts a hyphenated English fraction divides by ("one-third", "two-thirds", "one-tenth").
EN_DENOMINATORS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4, "fourths": 4,
    "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7, "eighth": 8, "eighths": 8,
    "ninth": 9, "ninths": 9, "tenth": 10, "tenths": 10,
}
# The fraction words that stand alone ("a third", "three quarters"; "fifth" alone is an ordinal)
EN_FRACTIONS = {word: 1 / EN_DENOMINATORS[word] for word in ("third", "thirds", "quarter", "quarters")}
# English words that imply a number without stating one: counterparts only ("a decade" = "10 лет").
EN_IMPLIED = {"decade": 10, "decades": 10}
UNICODE_FRACTIONS = {"½": 0.5, "¼": 0.25, "¾": 0.75, "⅓": 1 / 3, "⅔": 2 / 3}

# Units of measure after a number, as (pattern, dimension, factor to the metric unit). A translator
# may convert (30 yards = 27 m; 80 °F = 27 °C), so two quantities of one dimension in different units
# match when their metric values are within UNIT_TOLERANCE.
RU_UNITS: list[tuple[str, str, float]] = [
    (r"км|километр\w*", "length", 1000.0),
    (r"м|метр\w*", "length", 1.0),
    (r"см|сантиметр\w*", "length", 0.01),
    (r"мм|миллиметр\w*", "length", 0.001),
    (r"мил(?:я|и|ь|ей|ям|ях)", "length", 1609.344),
    (r"ярд\w*", "length", 0.9144),
    (r"фут\w*", "length", 0.3048),
    (r"дюйм\w*", "length", 0.0254),
    (r"кг|килограмм\w*", "mass", 1.0),
    (r"г|грамм\w*", "mass", 0.001),
    (r"т|тонн\w*", "mass", 1000.0),
    (r"га|гектар\w*", "area", 1e4),
    (r"акр\w*", "area", 4046.86),
    (r"л|литр\w*", "volume", 1.0),
    (r"галлон\w*", "volume", 3.785),
    (r"градус\w*|°c?", "temperature", 1.0),
    (r"км/ч", "speed", 1.0),
]
EN_UNITS: list[tuple[str, str, float]] = [
    (r"km|kilomet(?:er|re)s?", "length", 1000.0),
    (r"m|met(?:er|re)s?", "length", 1.0),
    (r"cm|centimet(?:er|re)s?", "length", 0.01),
    (r"mm|millimet(?:er|re)s?", "length", 0.001),
    (r"miles?|mi", "length", 1609.344),
    (r"yards?|yds?", "length", 0.9144),
    (r"feet|foot|ft", "length", 0.3048),
    (r"inch(?:es)?|in", "length", 0.0254),
    (r"kg|kilos?|kilograms?", "mass", 1.0),
    (r"g|grams?", "mass", 0.001),
    (r"tonnes?|tons?|t", "mass", 1000.0),
    (r"pounds?|lbs?", "mass", 0.4536),
    (r"ounces?|oz", "mass", 0.02835),
    (r"hectares?|ha", "area", 1e4),
    (r"acres?", "area", 4046.86),
    (r"lit(?:er|re)s?|l", "volume", 1.0),
    (r"gallons?", "volume", 3.785),
    (r"degrees?|°[cf]?", "temperature", 1.0),
    (r"mph", "speed", 1.609344),
    (r"km/h|kph", "speed", 1.0),
]
# Speeds written in words ("85 miles per hour", "135 километров в час"), factor to km/h.
SPEED_WORDS: dict[str, list[tuple[str, float]]] = {
    "ru": [(r"км|километр\w*", 1.0), (r"мил(?:я|и|ь|ей|ям|ях)", 1.609344)],
    "en": [(r"km|kilomet(?:er|re)s?", 1.0), (r"miles?", 1.609344)],
}
SPEED_PER_HOUR = {"ru": r"в\s+час", "en": r"(?:per|an|a)\s+hour"}
# What stands between the two numbers of a range whose unit is written once, after the second
# ("1 to 4 inches", "от 2,5 до 10 см", "5–10 см"): the first is in that unit too.
RANGE_BETWEEN = {"ru": r"\s*(?:[-–—]|до|или|и)\s*", "en": r"\s*(?:[-–—]|to|or|and)\s*"}
UNIT_TOLERANCE = 0.1

"""Numbers that do not survive translation: digits, number words, scales, dates, percentages.

Every quantity found on one side needs a counterpart with an equivalent value on the other side
("3 тыс." = "3,000" = "three thousand"; "90-х" = "1990s"; "15:00" = "3 p.m."; "июля" = "July").
Only *strong* quantities are flagged when unmatched (numbers written with digits, cardinal words
of three or more, month names): "один"/"a", ordinals and bare "тысячи"/"thousands" are too often
rendered loosely by good translators, so they only serve as counterparts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.checks.text import paired_flags, tokens
from pipeline.core.records import Flag, Span

KIND = "number"


@dataclass(frozen=True)
class Quantity:
    values: frozenset[float]  # the value and its accepted aliases (e.g. 1990 also matches "90s")
    span: Span
    strong: bool
    unit: str = ""  # "" for a plain number, "month" for a month name

    @property
    def value(self) -> float:
        return min(self.values) if self.unit else max(self.values)


# --- vocabularies ------------------------------------------------------------------------------

RU_SCALE = [
    (r"тыс\.?|тысяч[аиуеы]?|тысячам[и]?|тысячах|тысячей", 1e3),
    (r"млн\.?|миллион(?:а|ов|ы|у|ом|ам|ами|ах|е)?", 1e6),
    (r"млрд\.?|миллиард(?:а|ов|ы|у|ом|ам|ами|ах|е)?", 1e9),
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
    (r"сутк(?:и|ам|ами|ах)|суток|суточн[а-я]+", 24),
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


def _compile(table: list[tuple[str, float]]) -> list[tuple[re.Pattern[str], float]]:
    return [(re.compile(rf"(?:{pattern})", re.IGNORECASE), value) for pattern, value in table]


RU_WORD_RES = _compile(RU_WORDS)
RU_ORDINAL_RES = _compile(RU_ORDINALS) + _compile(RU_IMPLIED)
RU_SCALE_RES = _compile(RU_SCALE)
EN_SCALE_RES = _compile(EN_SCALE)
RU_MONTH_RE = re.compile(rf"(?:{'|'.join(f'({m})' for m in RU_MONTHS)})[а-я]{{0,3}}", re.IGNORECASE)

# Digits: Russian groups thousands with (thin/no-break) spaces and writes decimals with a comma;
# English groups with commas and writes decimals with a dot.
DIGITS = {
    "ru": re.compile(r"(?<![\d.,])(\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)|\d+)(?:[.,](\d+))?(?!\d)"),
    "en": re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.(\d+))?(?!\d)"),
}
TIME_RE = re.compile(r"(?<![\d:])([01]?\d|2[0-3]):([0-5]\d)(?![\d:])")
DATE_RE = re.compile(r"(?<![\d.])(\d{1,2})[./](\d{1,2})[./](\d{4}|\d{2})(?![\d])")
SCALE_AFTER = re.compile(r"[ \u00a0\u202f]*(?:-)?([^\W\d_]+\.?)")
PM_AFTER = re.compile(r"\s*(?:p\.\s?m\.?|pm)\b", re.IGNORECASE)


# --- extraction --------------------------------------------------------------------------------


def _aliases(value: float, pm: bool = False) -> frozenset[float]:
    values = {value}
    if value.is_integer() and 1900 <= value <= 2099:
        values.add(value % 100)  # "в 90-х" = "in the 1990s"; "'20" = "2020"
    if pm and value < 12:
        values.add(value + 12)
    return frozenset(values)


def _scale_after(text: str, end: int, lang: str) -> tuple[float, int]:
    match = SCALE_AFTER.match(text, end)
    if not match:
        return 1.0, end
    word = match.group(1)
    for pattern, scale in RU_SCALE_RES if lang == "ru" else EN_SCALE_RES:
        for candidate in (word, word.rstrip(".")):  # "тыс." keeps its dot, "million." does not
            if candidate and pattern.fullmatch(candidate):
                return scale, match.start(1) + len(candidate)
    return 1.0, end


def _digit_quantities(text: str, lang: str) -> list[Quantity]:
    found: list[Quantity] = []
    taken: list[tuple[int, int]] = []
    for match in DATE_RE.finditer(text):
        day, month, year = (float(match.group(i)) for i in (1, 2, 3))
        if 1 <= day <= 31 and 1 <= month <= 12:
            for index, value, unit in ((1, day, ""), (2, month, "month"), (3, year, "")):
                start, end = match.span(index)
                found.append(Quantity(_aliases(value), Span(start, end, text[start:end]), True, unit))
            taken.append(match.span())
    for match in TIME_RE.finditer(text):
        if any(a <= match.start() < b for a, b in taken):
            continue
        hour = float(match.group(1))
        pm = lang == "en" and bool(PM_AFTER.match(text, match.end()))
        start, end = match.span(1)
        found.append(Quantity(_aliases(hour, pm), Span(start, end, text[start:end]), True))
        start, end = match.span(2)  # minutes: a counterpart only ("15:00" = "3 p.m.")
        found.append(Quantity(_aliases(float(match.group(2))), Span(start, end, text[start:end]), False))
        taken.append(match.span())
    for match in DIGITS[lang].finditer(text):
        if any(a <= match.start() < b for a, b in taken):
            continue
        whole = re.sub(r"[\s,\u00a0\u202f]", "", match.group(1))
        value = float(f"{whole}.{match.group(2)}") if match.group(2) else float(whole)
        scale, end = _scale_after(text, match.end(), lang)
        pm = lang == "en" and bool(PM_AFTER.match(text, end))
        # digits glued to letters are part of a name (COVID-19, Су-57, G20): counterparts only
        glued = match.start() > 0 and (
            text[match.start() - 1].isalpha()
            or (text[match.start() - 1] == "-" and match.start() > 1 and text[match.start() - 2].isalpha())
        )
        strong = not glued and value * scale != 1  # a lone "1" is as often "a" or "one" or implied
        found.append(
            Quantity(_aliases(value * scale, pm), Span(match.start(), end, text[match.start() : end]), strong)
        )
    return found


def _word_value(word: str, lang: str) -> tuple[float, bool] | None:
    """(value, is_cardinal) of a number word, or None."""
    lower = word.lower()
    if lang == "ru":
        for pattern, value in RU_WORD_RES:
            if pattern.fullmatch(lower):
                return value, True
        for pattern, value in RU_ORDINAL_RES:
            if pattern.fullmatch(lower):
                return value, False
        for pattern, value in RU_SCALE_RES:
            if pattern.fullmatch(lower):
                return value, True
        return None
    parts = lower.split("-")
    first_other = next((i for i, part in enumerate(parts) if part not in EN_WORDS), len(parts))
    numeric = parts[:first_other]
    if numeric:  # "twenty-five", "four-year-old"
        return sum(EN_WORDS[part] for part in numeric), True
    if lower in EN_ORDINALS:
        return EN_ORDINALS[lower], False
    for pattern, value in EN_SCALE_RES:
        if pattern.fullmatch(lower) and lower != "k":
            return value, True
    return None


def _word_quantities(text: str, lang: str, covered: list[Span]) -> list[Quantity]:
    """Runs of number words, combined ("три тысячи пятьсот" = 3500, "twenty-five" = 25)."""
    found: list[Quantity] = []
    run: list[tuple[int, int, float, bool]] = []

    def flush() -> None:
        if run:
            found.append(_combine(text, run))
            run.clear()

    for token in tokens(text):
        if any(s.start <= token.start < s.end for s in covered):
            flush()
            continue
        month = _month(token.text, lang)
        if month:
            flush()
            found.append(
                Quantity(
                    frozenset({month}),
                    token.span(),
                    not token.text.isascii() or _en_month_is_date(text, token),
                    "month",
                )
            )
            continue
        roman = _roman(token.text)
        if roman:
            flush()
            found.append(Quantity(frozenset({roman}), token.span(), False))
            continue
        parsed = _word_value(token.text, lang)
        if parsed is None:
            if not (run and token.lower in ("and", "и")):
                flush()
            continue
        run.append((token.start, token.end, parsed[0], parsed[1]))
    flush()
    return found


def _combine(text: str, run: list[tuple[int, int, float, bool]]) -> Quantity:
    total, current = 0.0, 0.0
    for _, _, value, _ in run:
        if value >= 1000:
            total += max(current, 1) * value
            current = 0
        elif value == 100 and current:
            current *= 100
        else:
            current += value
    value = total + current
    start, end = run[0][0], run[-1][1]
    cardinal = all(item[3] for item in run)
    bare_scale = len(run) == 1 and run[0][2] >= 100  # "тысячи", "hundreds", "millions"
    strong = cardinal and not bare_scale and value >= 3 and value != 0.5
    return Quantity(_aliases(value), Span(start, end, text[start:end]), strong)


ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def _roman(word: str) -> float | None:
    """A Roman numeral of two or more letters (XVI век = 16th century), as an ordinal: a counterpart only."""
    if len(word) < 2 or not re.fullmatch(r"[IVXLC]+", word):
        return None
    values = [ROMAN[ch] for ch in word]
    total = sum(-v if i + 1 < len(values) and values[i + 1] > v else v for i, v in enumerate(values))
    return float(total)


def _month(word: str, lang: str) -> int | None:
    if lang == "ru" and not word.isascii():
        match = RU_MONTH_RE.fullmatch(word)
        if not match or word.lower().startswith("мар") and not word.lower().startswith("март"):
            return None
        if match.group(5) and word.lower() not in ("май", "мая", "мае", "маю"):
            return None
        return next(i + 1 for i in range(12) if match.group(i + 1))
    lower = re.sub(r"['’]s$", "", word.lower())
    if word[:1].isupper() and lower in EN_MONTHS:
        return EN_MONTHS.index(lower) + 1
    return None


def _en_month_is_date(text: str, token) -> bool:
    """'May' and 'March' are also a verb and a noun: count an English month only next to a digit."""
    if token.lower not in ("may", "march"):
        return True
    near = text[max(0, token.start - 4) : token.end + 4]
    return bool(re.search(r"\d", near))


def quantities(text: str, lang: str) -> list[Quantity]:
    digits = _digit_quantities(text, lang)
    words = _word_quantities(text, lang, [q.span for q in digits])
    return sorted(digits + words, key=lambda q: q.span.start)


# --- comparison --------------------------------------------------------------------------------


def _key(quantity: Quantity) -> set[tuple[str, float]]:
    return {(quantity.unit, round(v, 6)) for v in quantity.values}


def _unmatched(side: list[Quantity], other: list[Quantity]) -> list[Quantity]:
    other_keys = set().union(*(_key(q) for q in other)) if other else set()
    return [q for q in side if q.strong and not (_key(q) & other_keys)]


def _show(quantity: Quantity) -> str:
    if quantity.unit == "month":
        return f"month {int(quantity.value)}"
    value = max(quantity.values)
    if not value.is_integer():
        return f"{value:g}"
    return f"{int(value):,}" if value >= 10000 else str(int(value))


def check(source: str, target: str, src_lang: str = "ru", tgt_lang: str = "en") -> tuple[Flag, ...]:
    src, tgt = quantities(source, src_lang), quantities(target, tgt_lang)
    missing, added = _unmatched(src, tgt), _unmatched(tgt, src)
    return paired_flags(KIND, missing, added, _show, lambda quantity: quantity.span)

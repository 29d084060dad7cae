"""Numbers that do not survive translation: digits, number words, scales, dates, percentages, units.

Every quantity found on one side needs a counterpart with an equivalent value on the other side
("3 тыс." = "3,000" = "three thousand"; "90-х" = "1990s"; "15:00" = "3 p.m."; "июля" = "July";
"2 с половиной млн" = "2.5 million"; "27 метрах" = "30 yards"), wherever it stands in the sentence.
Only *strong* quantities (numbers written with digits, cardinal words of three or more, month names)
become candidates when unmatched: "один"/"a", ordinals, fractions and bare "тысячи"/"thousands" are
too often rendered loosely, so they only serve as counterparts. Each candidate carries what the
decision weighs: whether a value on the other side differs from it by one digit, is close to it
(rounding), whether it is a year, a month, small, written in words, part of a range.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

from pipeline.checks.candidates import Candidate, paired, sides
from pipeline.checks.number_words import (
    EN_DENOMINATORS,
    EN_FRACTIONS,
    EN_IMPLIED,
    EN_MONTHS,
    EN_ORDINALS,
    EN_SCALE,
    EN_UNITS,
    EN_WORDS,
    RANGE_BETWEEN,
    RU_FRACTIONS,
    RU_IMPLIED,
    RU_MONTH_ADJECTIVES,
    RU_MONTH_ENDINGS,
    RU_MONTHS,
    RU_ORDINALS,
    RU_SCALE,
    RU_UNITS,
    RU_WORDS,
    SPEED_PER_HOUR,
    SPEED_WORDS,
    UNICODE_FRACTIONS,
    UNIT_TOLERANCE,
)
from pipeline.checks.text import tokens
from pipeline.core.records import Flag, Span
from pipeline.text.translit import same_name_across_scripts

KIND = "number"


@dataclass(frozen=True)
class Quantity:
    values: frozenset[float]  # the value and its accepted aliases (e.g. 1990 also matches "90s")
    span: Span
    strong: bool
    unit: str = ""  # "" for a plain number, "month" for a month name
    measure: str = ""  # the dimension of a unit of measure after it: "length", "mass", "temperature"...
    metric: frozenset[float] = frozenset()  # its value(s) in the metric unit of that dimension
    written: str = "digits"  # digits | words | month | roman
    name: str = ""  # the word digits are glued to ("covid" of COVID-19, "су" of Су-57), ":" for minutes

    @property
    def value(self) -> float:
        return min(self.values) if self.unit else max(self.values)


def _compile(table: list[tuple[str, float]]) -> list[tuple[re.Pattern[str], float]]:
    return [(re.compile(rf"(?:{pattern})", re.IGNORECASE), value) for pattern, value in table]


def _compile_units(table: list[tuple[str, str, float]]) -> list[tuple[re.Pattern[str], str, float]]:
    return [(re.compile(rf"(?:{pattern})", re.IGNORECASE), dimension, factor) for pattern, dimension, factor in table]


RU_WORD_RES = _compile(RU_WORDS)
RU_ORDINAL_RES = _compile(RU_ORDINALS) + _compile(RU_IMPLIED)
RU_FRACTION_RES = _compile(RU_FRACTIONS)
RU_SCALE_RES = _compile(RU_SCALE)
EN_SCALE_RES = _compile(EN_SCALE)
UNIT_RES = {"ru": _compile_units(RU_UNITS), "en": _compile_units(EN_UNITS)}
# The spaces Russian groups thousands with, and that stand between a number and its word or unit
NUMBER_SPACE = r"[ \u00a0\u202f]"
SPEED_RES = {
    lang: [(re.compile(rf"{NUMBER_SPACE}*(?:{unit})\s+{SPEED_PER_HOUR[lang]}\b", re.IGNORECASE), factor)
           for unit, factor in table]
    for lang, table in SPEED_WORDS.items()
}
RANGE_BETWEEN_RES = {lang: re.compile(pattern, re.IGNORECASE) for lang, pattern in RANGE_BETWEEN.items()}
RU_MONTH_RE = re.compile(rf"(?:{'|'.join(f'({m})' for m in RU_MONTHS)}){RU_MONTH_ENDINGS}", re.IGNORECASE)
RU_MONTH_ADJECTIVE_RE = re.compile(rf"({'|'.join(RU_MONTH_ADJECTIVES)})[а-я]{{1,4}}", re.IGNORECASE)

# Digits: Russian groups thousands with (thin/no-break) spaces and writes decimals with a comma;
# English groups with commas and writes decimals with a dot.
DIGITS = {
    "ru": re.compile(rf"(?<![\d.,])(\d{{1,3}}(?:{NUMBER_SPACE}\d{{3}})+(?!\d)|\d+)(?:[.,](\d+))?(?!\d)"),
    "en": re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.(\d+))?(?!\d)"),
}
TIME_PREPOSITION = r"(?:(?<=\b[вВ] )|(?<=\bдо )|(?<=\b[сС] )|(?<=\b[кК] )|(?<=около )|(?<=после ))"
TIME_RES = {
    # "15:00"; in Russian also "в 15.00" after a preposition of time (Russian decimals take a comma)
    "ru": [
        re.compile(r"(?<![\d:.,])([01]?\d|2[0-3]):([0-5]\d)(?![\d:])"),
        re.compile(rf"{TIME_PREPOSITION}([01]?\d|2[0-3])\.([0-5]\d)(?![\d.,])"),
    ],
    # "15:00", "7.55am", "7:55 a.m."
    "en": [
        re.compile(r"(?<![\d:.,])([01]?\d|2[0-3]):([0-5]\d)(?![\d:])"),
        re.compile(r"(?<![\d:.,])([01]?\d|2[0-3])\.([0-5]\d)(?=\s?[ap]\.?m\b)", re.IGNORECASE),
    ],
}
SPACED_DIGITS = re.compile(rf"\d+(?:{NUMBER_SPACE}\d+)+")  # "555 111", "0800 555 111": no words, no decimals
DATE_RE = re.compile(r"(?<![\d.])(\d{1,2})[./](\d{1,2})[./](\d{4}|\d{2})(?![\d])")
# "1/3", "2/3", "1/10": a part of one, as a translator may write "one-third" (not "9/11" nor "24/7",
# nor the half of "2 1/2", which `_fraction_after` adds to its whole number)
DIGIT_FRACTION_RE = re.compile(r"(?<![\d./])(?<!\d )([1-9])/([2-9]|10)(?![\d./])")
SCALE_AFTER = re.compile(rf"{NUMBER_SPACE}*(?:-)?([^\W\d_]+\.?)")
UNIT_AFTER = re.compile(rf"{NUMBER_SPACE}*-?((?:[^\W\d_]+|°[CFcf]?)(?:/[^\W\d_]+)?\.?)")
HALF_AFTER = {"ru": re.compile(r"\s+с\s+половиной"), "en": re.compile(r"(?:\s+1/2|\s*½)")}
FRACTION_AFTER = re.compile(r"\s*([½¼¾⅓⅔])")
PM_AFTER = re.compile(r"\s*(?:p\.\s?m\.?|pm)\b", re.IGNORECASE)
CURRENCY_BEFORE = re.compile(r"[$£€¥]\s?$")


# --- extraction --------------------------------------------------------------------------------


def _aliases(value: float, pm: bool = False) -> frozenset[float]:
    values = {value}
    if value.is_integer() and 1900 <= value <= 2099:
        values.add(value % 100)  # "в 90-х" = "in the 1990s"; "'20" = "2020"
    if pm and value < 12:
        values.add(value + 12)
    return frozenset(values)


def _scale_after(text: str, end: int, lang: str, currency: bool) -> tuple[float, int]:
    match = SCALE_AFTER.match(text, end)
    if not match:
        return 1.0, end
    word = match.group(1)
    if lang == "en" and currency and word.rstrip(".") == "m":  # "£125m"
        return 1e6, match.start(1) + 1
    for pattern, scale in RU_SCALE_RES if lang == "ru" else EN_SCALE_RES:
        for candidate in (word, word.rstrip(".")):  # "тыс." keeps its dot, "million." does not
            if candidate and pattern.fullmatch(candidate):
                return scale, match.start(1) + len(candidate)
    return 1.0, end


def _fraction_after(text: str, end: int, lang: str) -> tuple[float, int]:
    """'2 с половиной', '2 1/2', '2½': the half (or other fraction) written after a whole number."""
    half = HALF_AFTER[lang].match(text, end)
    if half:
        return 0.5, half.end()
    fraction = FRACTION_AFTER.match(text, end)
    if fraction:
        return UNICODE_FRACTIONS[fraction.group(1)], fraction.end()
    return 0.0, end


def _measure_after(text: str, end: int, lang: str, value: float) -> tuple[str, frozenset[float]]:
    """The dimension and metric value(s) of a unit of measure right after a number, if any."""
    for pattern, factor in SPEED_RES[lang]:
        if pattern.match(text, end):
            return "speed", frozenset({value * factor})
    match = UNIT_AFTER.match(text, end)
    if not match:
        return "", frozenset()
    word = match.group(1)
    for pattern, dimension, factor in UNIT_RES[lang]:
        if any(pattern.fullmatch(w) for w in (word, word.rstrip("."))):
            if dimension == "temperature" and lang == "en":  # US news means Fahrenheit unless it says Celsius
                celsius = re.match(r"\s*(?:degrees?\s+)?(?:°\s?C|Celsius)", text[end:], re.IGNORECASE)
                return dimension, frozenset({value} if celsius else {value, (value - 32) * 5 / 9})
            return dimension, frozenset({value * factor})
    return "", frozenset()


_GLUED_NAME = re.compile(r"([^\W\d_]+)-?$")


def _glued_to(text: str, start: int) -> str:
    """The word digits at `start` are glued to ("covid" for COVID-19, "су" for Су-57, "g" for G20), or
    "": such digits are part of a name, counterparts only, unless the other side glues other digits to
    the same name (`_renamed`)."""
    found = _GLUED_NAME.search(text, max(0, start - 30), start)
    return found.group(1).lower() if found else ""


def _dates(text: str) -> tuple[list[Quantity], list[tuple[int, int]]]:
    found, taken = [], []
    for match in DATE_RE.finditer(text):
        day, month, year = (float(match.group(i)) for i in (1, 2, 3))
        if 1 <= day <= 31 and 1 <= month <= 12:
            for index, value, unit in ((1, day, ""), (2, month, "month"), (3, year, "")):
                start, end = match.span(index)
                found.append(Quantity(_aliases(value), Span(start, end, text[start:end]), True, unit))
            taken.append(match.span())
    return found, taken


def _inside(position: int, taken: list[tuple[int, int]]) -> bool:
    """Whether POSITION falls in a span a date, time or fraction already took."""
    return any(a <= position < b for a, b in taken)


def _times(text: str, lang: str, taken: list[tuple[int, int]]) -> list[Quantity]:
    found = []
    for pattern in TIME_RES[lang]:
        for match in pattern.finditer(text):
            if _inside(match.start(), taken):
                continue
            hour = float(match.group(1))
            after = text[match.end() :]
            pm = lang == "en" and bool(re.match(r"\s?p\.?m\b", after, re.IGNORECASE))
            start, end = match.span(1)
            found.append(Quantity(_aliases(hour, pm), Span(start, end, text[start:end]), True))
            start, end = match.span(2)  # minutes: a counterpart only ("15:00" = "3 p.m."), unless both sides write them
            minutes = Quantity(_aliases(float(match.group(2))), Span(start, end, text[start:end]), False, name=":")
            found.append(minutes)
            taken.append(match.span())
    return found


def _fractions(text: str, taken: list[tuple[int, int]]) -> list[Quantity]:
    """Fractions in digits ("1/3"), a part of one and a counterpart only, like "треть" and "a third",
    unless both sides write one that the other does not match ("1/3" against "1/4": `_renamed`)."""
    found = []
    for match in DIGIT_FRACTION_RE.finditer(text):
        numerator, denominator = int(match.group(1)), int(match.group(2))
        if numerator < denominator and not _inside(match.start(), taken):
            span = Span(*match.span(), match.group())
            found.append(Quantity(frozenset({numerator / denominator}), span, False, name="/"))
            taken.append(match.span())
    return found


def _digit_quantities(text: str, lang: str) -> list[Quantity]:
    found, taken = _dates(text)
    found += _times(text, lang, taken)
    found += _fractions(text, taken)
    consumed = 0
    for match in DIGITS[lang].finditer(text):
        if match.start() < consumed or _inside(match.start(), taken):
            continue
        whole = re.sub(r"[\s,\u00a0\u202f]", "", match.group(1))
        value = float(f"{whole}.{match.group(2)}") if match.group(2) else float(whole)
        fraction, end = _fraction_after(text, match.end(), lang)
        currency = bool(CURRENCY_BEFORE.search(text[: match.start()]))
        scale, end = _scale_after(text, end, lang, currency)
        value = (value + fraction) * scale
        measure, metric = _measure_after(text, end, lang, value)
        pm = lang == "en" and bool(PM_AFTER.match(text, end))
        name = _glued_to(text, match.start())
        strong = not name and value != 1  # a lone "1" is as often "a" or "one"
        span = Span(match.start(), end, text[match.start() : end])
        consumed = end
        found.append(Quantity(_aliases(value, pm), span, strong, measure=measure, metric=metric, name=name))
    return _ranges_measured(found, text, lang)


def _ranges_measured(found: list[Quantity], text: str, lang: str) -> list[Quantity]:
    """The first number of a range takes the unit written after the second ("1 to 4 inches")."""
    found = sorted(found, key=lambda q: q.span.start)
    for i in range(len(found) - 2, -1, -1):
        first, second = found[i], found[i + 1]
        if first.measure or not second.measure or first.unit or second.unit:
            continue
        if RANGE_BETWEEN_RES[lang].fullmatch(text, first.span.end, second.span.start):
            measure, metric = _measure_after(text, second.span.end, lang, first.value)
            found[i] = replace(first, measure=measure, metric=metric)
    return found


def _word_value(word: str, lang: str) -> tuple[float, bool] | None:
    """(value, is_cardinal) of a number word, or None."""
    lower = word.lower()
    if lang == "ru":
        for patterns, cardinal in ((RU_WORD_RES, True), (RU_ORDINAL_RES, False), (RU_FRACTION_RES, False)):
            for pattern, value in patterns:
                if pattern.fullmatch(lower):
                    return value, cardinal
        for pattern, value in RU_SCALE_RES:
            if pattern.fullmatch(lower):
                return value, True
        return None
    parts = lower.split("-")
    if len(parts) == 2 and parts[0] in EN_WORDS and parts[1] in EN_DENOMINATORS:  # "one-third", "two-thirds"
        return EN_WORDS[parts[0]] / EN_DENOMINATORS[parts[1]], False
    numeric = [part for part in parts if part in EN_WORDS]
    if numeric and (len(parts) == 1 or parts[0] in EN_WORDS or "of" in parts):  # "twenty-five", "mother-of-three"
        start = next(i for i, part in enumerate(parts) if part in EN_WORDS)
        run = [part for part in parts[start:] if part in EN_WORDS or part == "and"]
        return sum(EN_WORDS[part] for part in run if part in EN_WORDS), True
    if lower in EN_ORDINALS:
        return EN_ORDINALS[lower], False
    if lower in EN_FRACTIONS:
        return EN_FRACTIONS[lower], False
    if lower in EN_IMPLIED:
        return EN_IMPLIED[lower], False
    for pattern, value in EN_SCALE_RES:
        if pattern.fullmatch(lower) and lower != "k":
            return value, True
    return None


def _word_quantities(text: str, lang: str, covered: list[Span]) -> list[Quantity]:
    """Runs of number words, combined ("три тысячи пятьсот" = 3500, "twenty-five" = 25), months, Roman numerals."""
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
        single = _month_quantity(text, token, lang) or _roman_quantity(token)
        if single:
            flush()
            found.append(single)
            continue
        parsed = _word_value(token.text, lang)
        if parsed is None:
            if not (run and token.lower in ("and", "и")):
                flush()
            continue
        run.append((token.start, token.end, parsed[0], parsed[1]))
    flush()
    return found


def _month_quantity(text: str, token, lang: str) -> Quantity | None:
    month, strong = _month(token.text, lang)
    if not month:
        return None
    strong = strong and (not token.text.isascii() or _en_month_is_date(text, token))
    return Quantity(frozenset({float(month)}), token.span(), strong, "month", written="month")


def _roman_quantity(token) -> Quantity | None:
    roman = _roman(token.text)
    return Quantity(frozenset({roman}), token.span(), False, written="roman") if roman else None


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
    measure, metric = _measure_after(text, end, "ru" if not text[start:end].isascii() else "en", value)
    return Quantity(
        _aliases(value), Span(start, end, text[start:end]), strong, measure=measure, metric=metric, written="words"
    )


ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def _roman(word: str) -> float | None:
    """A Roman numeral of two or more letters (XVI век = 16th century), as an ordinal: a counterpart only."""
    if len(word) < 2 or not re.fullmatch(r"[IVXLC]+", word):
        return None
    values = [ROMAN[ch] for ch in word]
    total = sum(-v if i + 1 < len(values) and values[i + 1] > v else v for i, v in enumerate(values))
    return float(total)


def _month(word: str, lang: str) -> tuple[int | None, bool]:
    """(month number, strong): a month name; a Russian month adjective ("июньского") is a counterpart only."""
    if lang == "ru" and not word.isascii():
        match = RU_MONTH_RE.fullmatch(word)
        if match:
            return next(i + 1 for i in range(12) if match.group(i + 1)), True
        adjective = RU_MONTH_ADJECTIVE_RE.fullmatch(word)
        if adjective:
            stem = adjective.group(1).lower()
            return next(i + 1 for i, a in enumerate(RU_MONTH_ADJECTIVES) if a == stem), False
        return None, False
    lower = re.sub(r"['’]s$", "", word.lower())
    if word[:1].isupper() and lower in EN_MONTHS:
        return EN_MONTHS.index(lower) + 1, True
    return None, False


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


def _same(a: Quantity, b: Quantity) -> bool:
    """Equal values, or one measure in two units (30 yards = 27 m, 80 °F = 27 °C) within UNIT_TOLERANCE.
    The tolerance is for a translator's conversion only: in one unit on both sides (102 cm against
    109 cm, 28 °C against 27 degrees read as Celsius) the values must be equal."""
    if _key(a) & _key(b):
        return True
    if a.measure and a.measure == b.measure:
        return any(
            abs(x - y) <= UNIT_TOLERANCE * max(abs(x), abs(y)) and not _one_unit(a, x, b, y)
            for x in a.metric
            for y in b.metric
        )
    return False


def _one_unit(a: Quantity, x: float, b: Quantity, y: float) -> bool:
    """Whether metric values x of a and y of b come from their numbers by one and the same factor."""
    if a.value == 0 or b.value == 0:
        return False
    return math.isclose(x / a.value, y / b.value, rel_tol=1e-9)


def _unmatched(side: list[Quantity], other: list[Quantity]) -> list[Quantity]:
    return [q for q in side if q.strong and not any(_same(q, o) for o in other)]


def _show(quantity: Quantity) -> str:
    if RANGE_RE.search(quantity.span.text) or quantity.name == "/":
        return quantity.span.text
    if quantity.unit == "month":
        return f"month {int(quantity.value)}"
    value = max(quantity.values)
    if not value.is_integer():
        return f"{value:g}"
    return f"{int(value):,}" if value >= 10000 else str(int(value))


def _digits(quantity: Quantity) -> str:
    """The value's digits as one would write them out (3 тыс. -> 3000, 1,5 -> 15, 1/3 -> 13): a changed
    digit is one edit."""
    if quantity.name == "/":
        return re.sub(r"\D", "", quantity.span.text)
    value = max(quantity.values) if quantity.unit != "month" else quantity.value
    written = str(int(value)) if value.is_integer() else f"{value:.6f}".rstrip("0").rstrip(".")
    return re.sub(r"\D", "", written)


def _edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


def _pairs(missing: list[Quantity], added: list[Quantity]) -> tuple[list[Quantity], list[Quantity]]:
    """Order the two lists so that the n-th of each are the likeliest pair (fewest digits apart)."""
    missing, added = list(missing), list(added)
    first, second = [], []
    while missing and added:
        a, b = min(
            ((a, b) for a in missing for b in added),
            key=lambda pair: (_edit_distance(_digits(pair[0]), _digits(pair[1])), pair[0].span.start),
        )
        first.append(a)
        second.append(b)
        missing.remove(a)
        added.remove(b)
    return first + missing, second + added


def _close(quantity: Quantity, others: list[Quantity], tolerance: float = 0.15) -> bool:
    """A value on the other side within `tolerance` of this one (rounding: 2.8 million ~ 2,790,000)."""
    mine = max(quantity.values)
    return any(
        o.unit == quantity.unit and abs(max(o.values) - mine) <= tolerance * max(abs(mine), abs(max(o.values)))
        for o in others
        if max(o.values) != mine
    )


def _in_range(text: str, quantity: Quantity) -> bool:
    before, after = text[max(0, quantity.span.start - 2) : quantity.span.start], text[quantity.span.end :][:3]
    return bool(
        RANGE_RE.search(quantity.span.text)
        or re.search(r"\d\s?[-–—]\s?$", before)
        or re.match(r"%?\s?[-–—]\s?\d", after)
    )


RANGE_RE = re.compile(r"\d%?\s?[-–—]\s?\d")  # "4-6", "4 - 6", "4%-6"
RANGE_JOIN_RE = re.compile(r"%?\s?[-–—]\s?")


def _ranges(text: str, unmatched: list[Quantity]) -> list[Quantity]:
    """Both ends of one range ("4-6%") unmatched are one quantity: the range is what changed."""
    joined: list[Quantity] = []
    for quantity in unmatched:
        last = joined[-1] if joined else None
        if last and RANGE_JOIN_RE.fullmatch(text[last.span.end : quantity.span.start]):
            span = Span(last.span.start, quantity.span.end, text[last.span.start : quantity.span.end])
            joined[-1] = replace(quantity, values=last.values | quantity.values, span=span, strong=True)
        else:
            joined.append(quantity)
    return joined


def _features(source, target, context) -> dict[str, float]:
    src_text, tgt_text, src_all, tgt_all, missing, added = context
    present = [q for q in (source, target) if q is not None]
    values = [max(q.values) for q in present]
    pair = source is not None and target is not None
    edit = _edit_distance(_digits(source), _digits(target)) if pair else 0
    both_digits = pair and source.written == target.written == "digits"
    features = {
        **sides(source, target),
        "written_in_digits": float(any(q.written == "digits" for q in present)),
        "written_in_words": float(any(q.written == "words" for q in present)),
        "month": float(any(q.unit == "month" for q in present)),
        "year": float(any(v.is_integer() and 1900 <= v <= 2100 for v in values)),
        "small": float(all(v <= 10 for v in values)),
        "measure": float(any(q.measure for q in present)),
        "one_digit_apart": float(both_digits and edit == 1 and len(_digits(source)) == len(_digits(target))),
        "digits_apart": float(min(edit, 4)),
        "log_ratio": min(3.0, abs(math.log10(max(values[0], 1e-3) / max(values[1], 1e-3)))) if pair else 0.0,
        "close_value_other_side": float(
            (source is not None and _close(source, tgt_all)) or (target is not None and _close(target, src_all))
        ),
        "in_range": float(
            (source is not None and _in_range(src_text, source)) or (target is not None and _in_range(tgt_text, target))
        ),
        "quantities": math.log1p(len(src_all) + len(tgt_all)),
        "unmatched_others": float(len(missing) + len(added) - len(present)),
        "weak_unmatched_other_side": float(
            _weak_unmatched(source, tgt_all, src_all) + _weak_unmatched(target, src_all, tgt_all)
        ),
    }
    return features


def _weak_unmatched(quantity: Quantity | None, other: list[Quantity], mine: list[Quantity]) -> int:
    """Counterpart-only quantities of the other side that nothing on this side matches (a loose 'один', an ordinal)."""
    if quantity is None:
        return 0
    return sum(1 for o in other if not o.strong and not any(_same(o, q) for q in mine))


def _renamed(side: list[Quantity], other: list[Quantity]) -> list[Quantity]:
    """Glued digits that nothing on the other side matches, where the other side glues unmatched digits
    to the same name: "COVID-19" against "COVID-59", "ВАЗ-21083" against "VAZ-21183"; a time's
    minutes where the other side writes other minutes: "19:30" against "19:50"; and a fraction in
    digits against another: "1/3" against "1/4"."""
    def unmatched(quantity: Quantity, against: list[Quantity]) -> bool:
        return bool(quantity.name) and not any(_same(quantity, o) for o in against)

    return [
        replace(q, strong=True)
        for q in side
        if unmatched(q, other)
        and any(unmatched(o, side) and (q.name == o.name or same_name_across_scripts(q.name, o.name)) for o in other)
    ]


def _spaced_alike(mine: list[Quantity], theirs: list[Quantity], their_text: str) -> tuple[list, list]:
    """A number written with spaces in its digits ("0800 555 111", "116 123") is one number to a Russian
    reader (a space between thousands) and two to an English one; where the other side writes the
    same digits with the same spaces, neither side's numbers there lack a counterpart."""
    kept, covered = [], set()
    for quantity in mine:
        spaced = SPACED_DIGITS.fullmatch(quantity.span.text)
        groups = re.split(NUMBER_SPACE, quantity.span.text)
        same = spaced and re.search(r"(?<![\d.,])" + NUMBER_SPACE.join(groups) + r"(?!\d|[.,]\d)", their_text)
        if not same:
            kept.append(quantity)
            continue
        covered |= {id(q) for q in theirs if same.start() <= q.span.start and q.span.end <= same.end()}
    return kept, [q for q in theirs if id(q) not in covered]


def candidates(source: str, target: str, src_lang: str = "ru", tgt_lang: str = "en") -> list[Candidate]:
    src, tgt = quantities(source, src_lang), quantities(target, tgt_lang)
    missing = _ranges(source, sorted(_unmatched(src, tgt) + _renamed(src, tgt), key=lambda q: q.span.start))
    added = _ranges(target, sorted(_unmatched(tgt, src) + _renamed(tgt, src), key=lambda q: q.span.start))
    missing, added = _spaced_alike(missing, added, target)
    added, missing = _spaced_alike(added, missing, source)
    missing, added = _pairs(missing, added)
    context = (source, target, src, tgt, missing, added)
    return paired(KIND, missing, added, _show, lambda quantity: quantity.span, lambda s, t: _features(s, t, context))


def check(source: str, target: str, src_lang: str = "ru", tgt_lang: str = "en") -> tuple[Flag, ...]:
    """This check's flags after the decision: what `compare` reports for numbers."""
    from pipeline.checks.compare import flags_of

    return flags_of((KIND,), source, target, src_lang, tgt_lang)

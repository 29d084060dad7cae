"""Negation that appears on one side only: не, нет, ни... vs not, no, never, n't.

Negation is counted per side in *units*: Russian doubles its negation ("никто не пришёл" is one
negation, "nobody came"), so a ни-word only counts when its clause has no не/нет. Some Russian
negations are idioms with a positive English rendering ("не менее" = "at least", "не раз" =
"repeatedly"), and some English words carry the negation without a negator ("failed", "unable",
"without"); both only serve as counterparts. A flag is raised when one side has more units than the
other side can account for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.checks.text import Token, tokens
from pipeline.core.records import Flag

KIND = "negation"

RU_PLAIN = {"не", "нет", "нельзя", "нету"}
RU_NI = re.compile(
    r"ни|никто|никого|никому|никем|ничто|ничего|ничему|ничем|ничуть|никогда|нигде|никуда|ниоткуда|никак"
    r"|никак(?:ой|ая|ое|ие|ого|ому|им|ую|их|ими)|ничей|ничья|ничьё|ничьи|некого|нечего|незачем|негде"
)
# "не" + next word(s) that together say something positive in idiomatic English
RU_IDIOMS = (
    "не менее",
    "не меньше",
    "не раз",
    "не только",
    "не так давно",
    "не позднее",
    "не ранее",
    "не более",
    "не больше",
    "не зря",
    "не случайно",
    "не исключ",
    "не прочь",
    "не мало",
)
# negation carried inside a word: prefixes не-/без-/бес- ("нелегко" = "not easy"), "отказ", "отсутств"...
RU_IMPLICIT = re.compile(
    r"без|не[а-яё]{4,}|бе[зс][а-яё]{4,}|отказ\w*|вряд|отрица\w*|запрет\w*|отсутств\w*|переста\w*|прекрат\w*"
    r"|лиш\w+|мимо|вместо|кроме|игнор\w*|заверш\w*|уклон\w*",
    re.IGNORECASE,
)

EN_PLAIN = {"not", "no", "never", "nobody", "nothing", "none", "neither", "nor", "nowhere", "cannot"}
EN_IMPLICIT = re.compile(
    r"\b(?:without|fail(?:s|ed|ure)?|unable|refus\w+|declin\w+|lack\w*|absen\w+|unless|except|unlikely"
    r"|impossible|den(?:y|ied|ies)|hardly|barely|rule[sd]? out|prohibit\w*|far from|ignor\w+|lost|gone"
    r"|out of the question|unique|un(?!der|til|ion|it|iv|ique|le)[a-z]{4,}|in(?:capable|ability|correct))\b",
    re.IGNORECASE,
)
CLAUSE_BREAK = re.compile(r"[,;:.!?()—–]|\s-\s")
SENTENCE_BREAK = re.compile(r"[.!?;]")


@dataclass(frozen=True)
class Negations:
    units: list[Token]  # negators that must have a counterpart
    implicit: int  # words that can stand for a negation on the other side


def _clause_ids(text: str, toks: list[Token], pattern: re.Pattern[str] = CLAUSE_BREAK) -> list[int]:
    breaks = [m.start() for m in pattern.finditer(text)]
    return [sum(1 for b in breaks if b < tok.start) for tok in toks]


def russian(text: str) -> Negations:
    toks = tokens(text)
    clauses = _clause_ids(text, toks, SENTENCE_BREAK)  # "не последовало ни X, ни Y" is one negation
    lowered = " ".join(t.lower for t in toks)
    plain_clauses = {c for t, c in zip(toks, clauses, strict=True) if t.lower in RU_PLAIN}
    units: list[Token] = []
    idioms = 0
    seen_ni: set[int] = set()
    for index, (tok, clause) in enumerate(zip(toks, clauses, strict=True)):
        if tok.lower in RU_PLAIN:
            following = " ".join(t.lower for t in toks[index : index + 3])
            if tok.lower == "не" and following.startswith(RU_IDIOMS):
                idioms += 1
                continue
            if not (units and _continues_list(text, units[-1], tok)):
                units.append(tok)
        elif RU_NI.fullmatch(tok.lower) and clause not in plain_clauses and clause not in seen_ni:
            seen_ni.add(clause)
            units.append(tok)
    implicit = idioms + sum(1 for t in toks if RU_IMPLICIT.fullmatch(t.lower)) + lowered.count("вряд ли")
    return Negations(units, implicit)


def _continues_list(text: str, previous: Token, current: Token) -> bool:
    """'не горела, не пахла, не отравляла': one negation over a list ("doesn't burn, smell or poison")."""
    between = text[previous.end : current.start]
    return (
        previous.lower == current.lower == "не"
        and len(between) <= 40
        and bool(re.search(r",\s*$|\s(?:и|или|ни)\s*$", between))
    )


def english(text: str) -> Negations:
    toks = tokens(text)
    units: list[Token] = []
    clauses = _clause_ids(text, toks)
    neither_clauses: set[int] = set()
    for tok, clause in zip(toks, clauses, strict=True):
        lower = tok.lower.replace("’", "'")
        if lower in ("nor", "neither"):
            if clause in neither_clauses:
                continue  # "neither ... nor" is one negation
            neither_clauses.add(clause)
        if lower == "no" and re.match(r"\.?\s*\d", text[tok.end :]):
            continue  # "No. 30", "No 5": the number sign
        if lower in EN_PLAIN or lower.endswith("n't") or lower == "no-one":
            units.append(tok)
    implicit = len(EN_IMPLICIT.findall(text))
    return Negations(units, implicit)


def _negations(text: str, lang: str) -> Negations:
    return russian(text) if lang == "ru" else english(text)


def _detail(side: str, mine: Negations, other_name: str, other: Negations) -> str:
    words = ", ".join(t.text for t in mine.units)
    theirs = ", ".join(t.text for t in other.units) or "none"
    mine_count, theirs_count = len(mine.units), len(other.units)
    return f"{mine_count} negation(s) in the {side} ({words}), {theirs_count} in the {other_name} ({theirs})"


def _unpaired(mine: list[Token], mine_len: int, other: list[Token], other_len: int) -> Token:
    """The negator whose relative position is farthest from every negator on the other side."""

    def distance(tok: Token) -> float:
        here = tok.start / max(mine_len, 1)
        return min((abs(here - o.start / max(other_len, 1)) for o in other), default=1.0)

    return max(mine, key=distance)


def check(source: str, target: str, src_lang: str = "ru", tgt_lang: str = "en") -> tuple[Flag, ...]:
    src, tgt = _negations(source, src_lang), _negations(target, tgt_lang)
    if len(src.units) > len(tgt.units) + tgt.implicit:
        tok = _unpaired(src.units, len(source), tgt.units, len(target))
        return (Flag(KIND, tok.span(), None, _detail("original", src, "translation", tgt)),)
    if len(tgt.units) > len(src.units) + src.implicit:
        tok = _unpaired(tgt.units, len(target), src.units, len(source))
        return (Flag(KIND, None, tok.span(), _detail("translation", tgt, "original", src)),)
    return ()

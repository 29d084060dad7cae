"""Negation that appears on one side only: не, нет, ни... vs not, no, never, n't.

Negation is counted per side in *units*: Russian doubles its negation ("никто не пришёл" is one
negation, "nobody came"), so a ни-word only counts when its clause has no не/нет. Some Russian
negations are idioms with a positive English rendering ("не менее" = "at least", "не раз" =
"repeatedly"), and some English words carry the negation without a negator ("failed", "unable",
"without"); both only serve as counterparts. When one side has more units than the other, its
unpaired negator is a candidate, and the decision weighs it against the implicit negations of the
other side and against a test by meaning: whether
the side with more negation, its negator taken out, comes closer to the other side (a negation lost:
"Он не пришёл" / "He came") or not (the same thing said another way: "не приближаться" / "stay away").
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.checks import vectors
from pipeline.checks.candidates import Candidate, sides
from pipeline.checks.text import Token, tokens
from pipeline.core.records import Flag
from pipeline.text import morph

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
    "не просто",  # "не просто X, а Y" = "not just X but Y"
    "не в последнюю",
    "не говоря",  # "не говоря уже о" = "not to mention"
    "не смотря на",  # "несмотря на" (despite) written as two words, as "невзирая на"
    "не взирая на",
    # not ceasing is going on: "не перестаю бояться" = "I continually worry", "говорил не умолкая" = "all along"
    "не переста",
    "не прекращ",
    "не умолка",
)
# Russian negators that negate nothing (textbook grammar; "свести на нет", "не обошлось без" and "какими бы
# ни были" were among the fitting sets' false alarms, compare 19): the expletive "не"
# of "until" and "almost" ("до тех пор, пока не сможет" = "until it can", "едва не погиб" = "nearly
# died"), a double negation that affirms ("не может не" = "cannot but", "нельзя не", "не без",
# "не обошлось без" = "there were"), "на нет" ("свести на нет" = "nullify"). Matched on the words
# before the negator ("пока" of "до тех пор, пока" up to three words before it: "пока она не"); each
# counts as an idiom (a possible counterpart), not as a unit.
# the first half of a double negation: "не может" + "не", "нельзя" + "не"
RU_CANNOT = ("не может", "не мог", "не могла", "не могло", "не могли", "не могу", "не можем", "не могут", "нельзя")
RU_EXPLETIVE_BEFORE = ("чуть", "чуть было", "едва", "едва было", "едва ли не", "чуть ли не", *RU_CANNOT)
RU_EXPLETIVE_AFTER = (*(f"{cannot} не" for cannot in RU_CANNOT), "не без", "не обошлось без", "не обойдется без")
RU_UNTIL = "тех пор пока"
# "пока" opening a clause and a "не" before a perfective or future verb is "until", whatever the words
# between: ", пока мы не очистим" = "until we purge", ", пока партнёры не выселили" = "until partners evicted";
# not "пока не известно" (not yet known), whose "пока" opens no clause and whose "не" comes before no verb
RU_UNTIL_CLAUSE = "пока"
UNTIL_WORDS = 16
RU_FUTURE_BE = {"буду", "будешь", "будет", "будем", "будете", "будут"}
# "ни" after "бы" is concessive, not a negation: "какими бы ни были интересы" = "whatever the interests"
RU_CONCESSIVE = "бы"
# negation carried inside a word: prefixes не-/без-/бес- ("нелегко" = "not easy"), "отказ", "отсутств"...
RU_IMPLICIT = re.compile(
    r"без|не[а-яё]{4,}|бе[зс][а-яё]{4,}|отказ\w*|вряд|отрица\w*|запрет\w*|отсутств\w*|переста\w*|прекрат\w*"
    r"|лиш\w+|мимо|вместо|кроме|игнор\w*|заверш\w*|уклон\w*",
    re.IGNORECASE,
)

EN_PLAIN = {"not", "no", "never", "nobody", "nothing", "none", "neither", "nor", "nowhere", "cannot"}
# English negators that say something positive, the counterparts of RU_IDIOMS and the double negations:
# "not only" = «не только», "no less than" = «не менее», "couldn't help thinking" = «не мог не думать»
# ("no doubt" is left out: «несомненно» and «нет сомнений» render it alike)
EN_IDIOMS = ("not only", "not just", "no less", "no fewer", "not least", "not to mention")
EN_CANNOT_HELP = ("n't", "not")  # + "help" + "but" or a verb in -ing
EN_IMPLICIT = re.compile(
    r"\b(?:without|fail(?:s|ed|ure)?|unable|refus\w+|declin\w+|lack\w*|absen\w+|unless|except|unlikely"
    r"|impossible|den(?:y|ied|ies)|hardly|barely|rule[sd]? out|prohibit\w*|far from|ignor\w+|lost|gone"
    r"|out of the question|unique|un(?!der|til|ion|it|iv|ique|le)[a-z]{4,}|in(?:capable|ability|correct)"
    r"|avoid\w*|prevent\w*|reject\w*|instead|rather than|short of|(?:stay\w*|keep\w*|kept|waved?) away|abstain\w*"
    r"|[a-z]{3,}less(?:ly|ness)?)\b",
    re.IGNORECASE,
)
# не- words that say an amount or a time, not the opposite of the word without it ("несколько" is
# "several", not "not how many")
RU_NOT_PREFIX = {"несколько", "немного", "немало", "недавно", "нередко", "неоднократно", "недолго"}
PREFIX_MIN_LENGTH = 6
MAX_PREFIXED = 3  # prefix-negated words of a line tried as candidates
# parts of speech that a не- word and the word without it share when the prefix negates it
PART_GROUPS = ({"ADJF", "ADJS", "ADVB", "PRED", "COMP", "PRTF", "PRTS"}, {"NOUN"}, {"VERB", "INFN", "GRND"})
CLAUSE_BREAK = re.compile(r"[,;:.!?()—–]|\s-\s")
# the phrase test: the negator and the words after it, against every run of up to WINDOW_WORDS words
# of the other side (chosen on the fitting sets: 1 to 3 words after it separate alike)
PHRASE_AFTER = 2
WINDOW_WORDS = 4
SENTENCE_BREAK = re.compile(r"[.!?;]")


@dataclass(frozen=True)
class Negations:
    units: list[Token]  # negators that must have a counterpart
    implicit: int  # words that can stand for a negation on the other side
    prefixed: tuple[Token, ...] = ()  # words negated by a prefix ("недовольна"): Russian only


def negated_by_prefix(word: str) -> bool:
    """'недовольна', 'нелегко', 'неприемлемой': не- before a word of the same part of speech that the
    dictionary knows ('довольна'), so that the prefix says the opposite. Not 'неделя' ('деля' is a
    gerund) nor the amounts and times of RU_NOT_PREFIX; False without pymorphy3."""
    lower = word.lower()
    if not lower.startswith("не") or len(lower) < PREFIX_MIN_LENGTH or lower in RU_NOT_PREFIX:
        return False
    analyser = morph.russian()
    if analyser is None or not analyser.word_is_known(lower[2:]):
        return False
    parts, rest_parts = _parts(analyser, lower), _parts(analyser, lower[2:])
    return any(parts & group and rest_parts & group for group in PART_GROUPS)


def _parts(analyser, word: str) -> set[str]:
    return {reading.tag.POS for reading in analyser.parse(word)}


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
            if _negates_nothing(toks, index) or _until(text, toks, index):
                idioms += 1
                continue
            if not (units and _continues_list(text, units[-1], tok)):
                units.append(tok)
        elif (RU_NI.fullmatch(tok.lower) and clause not in plain_clauses and clause not in seen_ni
              and RU_CONCESSIVE not in {t.lower for t in toks[max(0, index - 2) : index]}):
            seen_ni.add(clause)
            units.append(tok)
    implicit = idioms + sum(1 for t in toks if RU_IMPLICIT.fullmatch(t.lower)) + lowered.count("вряд ли")
    prefixed = tuple(t for t in toks if negated_by_prefix(t.text))
    return Negations(units, implicit, prefixed)


def _negates_nothing(toks: list[Token], index: int) -> bool:
    """Whether the negator at INDEX is part of an idiom that says something positive (RU_IDIOMS,
    RU_EXPLETIVE_BEFORE, RU_EXPLETIVE_AFTER) or is the "нет" of "на нет"."""
    lower = toks[index].lower
    following = " ".join(t.lower for t in toks[index : index + 4])
    before = " ".join(t.lower for t in toks[max(0, index - 4) : index])
    if lower == "нет":
        return before.endswith(" на") or before == "на"
    until = " ".join(t.lower for t in toks[max(0, index - 6) : index])
    return (
        (lower == "не" and following.startswith(RU_IDIOMS))
        or following.startswith(RU_EXPLETIVE_AFTER)
        or any(before == phrase or before.endswith(" " + phrase) for phrase in RU_EXPLETIVE_BEFORE)
        or f" {RU_UNTIL} " in f" {until} "
    )


def _until(text: str, toks: list[Token], index: int) -> bool:
    """Whether the "не" at INDEX is the first negator after a clause-opening "пока" (after a comma or
    a dash, at most UNTIL_WORDS words before it, in the same sentence) and comes before a perfective
    or future verb: the expletive "не" of "until" (RU_UNTIL_CLAUSE). The verb is looked up in the
    dictionary only once such a "пока" is found: most negators have none before them."""
    if toks[index].lower != "не" or index + 1 >= len(toks):
        return False
    for back in range(index - 1, max(-1, index - UNTIL_WORDS - 1), -1):
        word = toks[back]
        if word.lower in RU_PLAIN or SENTENCE_BREAK.search(text[word.end : toks[back + 1].start]):
            return False
        if word.lower == RU_UNTIL_CLAUSE:
            opens_clause = back > 0 and bool(re.search(r"[,—–]\s*$", text[toks[back - 1].end : word.start]))
            return opens_clause and _perfective_or_future(toks[index + 1].lower)
    return False


def _perfective_or_future(word: str) -> bool:
    if word in RU_FUTURE_BE:
        return True
    analyser = morph.russian()
    if analyser is None:
        return False
    tag = analyser.parse(word)[0].tag
    return tag.POS == "VERB" and "perf" in tag


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
    idioms = 0
    for index, (tok, clause) in enumerate(zip(toks, clauses, strict=True)):
        lower = tok.lower.replace("’", "'")
        if lower in ("nor", "neither"):
            if clause in neither_clauses:
                continue  # "neither ... nor" is one negation
            neither_clauses.add(clause)
        if lower == "no" and re.match(r"\.?\s*\d", text[tok.end :]):
            continue  # "No. 30", "No 5": the number sign
        if lower in EN_PLAIN or lower.endswith("n't") or lower == "no-one":
            if _english_idiom(toks, index):
                idioms += 1
                continue
            units.append(tok)
    implicit = idioms + len(EN_IMPLICIT.findall(text))
    return Negations(units, implicit)


def _english_idiom(toks: list[Token], index: int) -> bool:
    """Whether the negator at INDEX opens one of EN_IDIOMS ("can't help" read as "n't help")."""
    negator = toks[index].lower.replace("’", "'")
    after = [t.lower for t in toks[index + 1 : index + 3]]
    head = "n't" if negator.endswith("n't") else "not" if negator == "cannot" else negator
    cannot_help = head in EN_CANNOT_HELP and after[:1] == ["help"] and len(after) == 2
    if cannot_help and (after[1] == "but" or after[1].endswith("ing")):
        return True
    return " ".join([head, *after]).startswith(EN_IDIOMS)


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


@dataclass(frozen=True)
class Unpaired:
    """The negator one side has more of, and where; or, when both sides have as many negators, a
    Russian word negated by its prefix (`prefix`), whose "not" the other side may have lost."""

    token: Token
    on_source: bool
    more: Negations
    fewer: Negations
    prefix: bool = False


@lru_cache(maxsize=256)
def _trials(source: str, target: str, src_lang: str, tgt_lang: str) -> tuple[Unpaired, ...]:
    """What `_find` chooses from: the negator one side has more of; or, when both sides have as many,
    each Russian word negated by its prefix that is tried (asked twice per line: for the texts to
    encode, then for the candidate)."""
    src, tgt = _negations(source, src_lang), _negations(target, tgt_lang)
    if len(src.units) > len(tgt.units):
        return (Unpaired(_unpaired(src.units, len(source), tgt.units, len(target)), True, src, tgt),)
    if len(src.units) < len(tgt.units):
        return (Unpaired(_unpaired(tgt.units, len(target), src.units, len(source)), False, tgt, src),)
    if bool(src.prefixed) == bool(tgt.prefixed):  # neither side Russian, or both
        return ()
    on_source = bool(src.prefixed)
    more, fewer = (src, tgt) if on_source else (tgt, src)
    return tuple(Unpaired(tok, on_source, more, fewer, prefix=True) for tok in more.prefixed[:MAX_PREFIXED])


def _find(source: str, target: str, src_lang: str, tgt_lang: str) -> Unpaired | None:
    """The candidate's negator: of the prefix words tried, the one whose taking out brings the sides closest."""
    trials = _trials(source, target, src_lang, tgt_lang)
    if len(trials) <= 1:
        return trials[0] if trials else None
    mine, other = (source, target) if trials[0].on_source else (target, source)
    v = vectors.vectors([mine, *(without_negator(mine, t.token, prefix=True) for t in trials), other])
    shifts = v[1:-1] @ v[-1] - v[0] @ v[-1]
    return trials[int(shifts.argmax())]


def without_negator(text: str, tok: Token, prefix: bool = False) -> str:
    """The sentence with one negator taken out: "не"/"not" dropped, "didn't" -> "did", "won't" -> "will";
    with `prefix`, the word's не- ("недовольна" -> "довольна", "Нелегко" -> "Легко")."""
    if prefix:
        rest = tok.text[2:]
        return text[: tok.start] + (rest[:1].upper() + rest[1:] if tok.text[0].isupper() else rest) + text[tok.end :]
    word = tok.lower.replace("’", "'")
    if word.endswith("n't") and word != "n't":
        stem = {"ca": "can", "wo": "will", "sha": "shall", "ai": "is"}.get(word[:-3], tok.text[:-3])
        return text[: tok.start] + stem + text[tok.end :]
    end = tok.end + 1 if text[tok.end : tok.end + 1] == " " else tok.end
    return text[: tok.start] + text[end:]


def texts_to_encode(source: str, target: str, src_lang: str, tgt_lang: str) -> list[str]:
    """The side with more negation without each negator `_find` may choose, sentence and clause: encoded
    with the other checks' texts, so that choosing among prefix words costs no encoder call of its own."""
    from pipeline.checks.omission import chunks

    trials = _trials(source, target, src_lang, tgt_lang)
    if not trials:
        return []
    mine, lang = (source, src_lang) if trials[0].on_source else (target, tgt_lang)
    clauses = chunks(mine, lang)
    other = target if trials[0].on_source else source
    texts = list(_word_runs(other))
    for found in trials:
        texts.append(without_negator(mine, found.token, found.prefix))
        texts.extend(phrase for phrase in _phrase(found, mine) if phrase)
        clause = _negated_clause(found, mine, clauses)
        if clause is not None:
            texts.append(clause[1])
    return texts


def _negated_clause(found: Unpaired, text: str, clauses) -> tuple[str, str] | None:
    """The clause of `clauses` (`omission.chunks` of `text`) that holds the negator, with and without it."""
    clause = next((c for c in clauses if c.start <= found.token.start < c.end), None)
    if clause is None:
        return None
    inner = Token(found.token.text, found.token.start - clause.start, found.token.end - clause.start)
    words = text[clause.start : clause.end]
    return words, without_negator(words, inner, found.prefix)


def _clause_shift(found: Unpaired, source: str, target: str, src_lang: str, tgt_lang: str) -> float:
    """The same test on the negator's clause against the other side's closest clause (or two): a long
    sentence dilutes one word's weight in the sentence vector."""
    from pipeline.checks.omission import chunks, windows_of

    mine, other = (source, target) if found.on_source else (target, source)
    lang, other_lang = (src_lang, tgt_lang) if found.on_source else (tgt_lang, src_lang)
    clause = _negated_clause(found, mine, chunks(mine, lang))
    theirs = windows_of(other, chunks(other, other_lang))
    if clause is None or not theirs:
        return 0.0
    v = vectors.vectors(list(clause))
    w = vectors.vectors(theirs)
    return float((v[1] @ w.T).max() - (v[0] @ w.T).max())


def _phrase(found: Unpaired, text: str) -> tuple[str, str]:
    """The negator and the PHRASE_AFTER words after it ("не принимала участия"), and the same words
    without it ("принимала участия")."""
    toks = tokens(text)
    index = next(i for i, tok in enumerate(toks) if tok.start == found.token.start)
    last = toks[min(index + PHRASE_AFTER, len(toks) - 1)]
    negated = text[found.token.start : last.end]
    inner = Token(found.token.text, 0, found.token.end - found.token.start)
    return negated, without_negator(negated, inner, found.prefix).strip()


@lru_cache(maxsize=64)
def _word_runs(text: str) -> tuple[str, ...]:
    toks = tokens(text)
    return tuple(text[a.start : b.end] for i, a in enumerate(toks) for b in toks[i : i + WINDOW_WORDS])


def _phrase_shift(found: Unpaired, source: str, target: str) -> float:
    """The shift test on the negator's phrase against the other side's runs of words: a word that
    carries the negation ("abstained" for «не принимала участия», "remains outside" for «не является
    членом») stays closer to the negated phrase; a negation lost leaves the positive phrase's words.
    Above 0 when the phrase without its negator comes closer."""
    mine, other = (source, target) if found.on_source else (target, source)
    negated, plain = _phrase(found, mine)
    runs = _word_runs(other)
    if not plain or not runs:
        return 0.0
    similarity = vectors.vectors([negated, plain]) @ vectors.vectors(runs).T
    return float(similarity[1].max() - similarity[0].max())


def _shift(found: Unpaired, source: str, target: str) -> float:
    """How much closer the side with more negation comes to the other side without the unpaired negator:
    above 0 when the other side says the positive (a negation lost), about 0 or below when it says the
    same thing another way ("не приближаться" / "stay away")."""
    mine, other = (source, target) if found.on_source else (target, source)
    v = vectors.vectors([mine, without_negator(mine, found.token, found.prefix), other])
    return float(v[1] @ v[2] - v[0] @ v[2])


def candidates(source: str, target: str, src_lang: str = "ru", tgt_lang: str = "en") -> list[Candidate]:
    """One candidate when one side has more negation units than the other: its negator farthest (by
    relative position) from every negator of the other side; when they have as many, the Russian word
    negated by its prefix whose taking out brings the sides closest ("недовольна" / "happy"). Whether
    the other side's implicit negations ("failed", "without", "нелегко") or a rephrasing account for it
    is for the decision to weigh."""
    found = _find(source, target, src_lang, tgt_lang)
    if found is None:
        return []
    more, fewer, tok = found.more, found.fewer, found.token
    side, other_side = ("original", "translation") if found.on_source else ("translation", "original")
    spans = (tok.span(), None) if found.on_source else (None, tok.span())
    mine_length, other_length = (len(source), len(target)) if found.on_source else (len(target), len(source))
    place = tok.start / max(mine_length, 1)
    other_places = [t.start / max(other_length, 1) for t in fewer.units]
    shift = _shift(found, source, target)
    clause_shift = _clause_shift(found, source, target, src_lang, tgt_lang)
    unpaired = 1 if found.prefix else len(more.units) - len(fewer.units)
    features = {
        **sides(*spans),
        "units_more": float(len(more.units)),
        "units_fewer": float(len(fewer.units)),
        "implicit_fewer_side": float(fewer.implicit),
        "implicit_more_side": float(more.implicit),
        "unaccounted": float(unpaired - fewer.implicit),
        "place_gap": min((abs(place - p) for p in other_places), default=1.0),
        "words": math.log1p(len(tokens(source)) + len(tokens(target))),
        "shift_without_negator": shift,
        "clause_shift_without_negator": clause_shift,
        "phrase_shift_without_negator": _phrase_shift(found, source, target),
        # the prefix's candidates weigh their shifts apart: a word's opposite moves a sentence
        # vector otherwise than a dropped "не"
        "prefixed": float(found.prefix),
        "prefixed_shift": shift if found.prefix else 0.0,
        "prefixed_clause_shift": clause_shift if found.prefix else 0.0,
    }
    detail = _prefix_detail(side, tok, other_side, fewer) if found.prefix else _detail(side, more, other_side, fewer)
    return [Candidate(KIND, spans[0], spans[1], detail, features)]


def _prefix_detail(side: str, tok: Token, other_name: str, other: Negations) -> str:
    theirs = ", ".join(t.text for t in other.units) or "none"
    return (
        f"{tok.text} in the {side} is negated by its prefix (не-); the {other_name} has no more negators "
        f"than the {side} ({theirs})"
    )


def check(source: str, target: str, src_lang: str = "ru", tgt_lang: str = "en") -> tuple[Flag, ...]:
    """This check's flags after the decision: what `compare` reports for negation."""
    from pipeline.checks.compare import flags_of

    return flags_of((KIND,), source, target, src_lang, tgt_lang)

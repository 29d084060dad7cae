"""Named entities that do not survive translation: people, places, organisations, acronyms.

Every name on one side (`names.russian_names`, `names.english_names`) needs a counterpart on the
other: the gazetteer, the same spelling in the other script (learned transliteration or the
romanisation rules), an acronym, or, for names translated by meaning, a word or word pair the encoder
puts close (Министерства ~ Ministry). What is left becomes a candidate: a lost Russian name and an
unexplained English name at about the same place in the sentence are one candidate (a swapped name),
the rest stand alone. The decision weighs what each candidate is: a person's name or a title word
(how frequent the English word is), how close the nearest word of the other side comes in spelling
and meaning, whether the translation has a pronoun or a role ("the minister") more than the
original, which is how a translator renders a name without repeating it, how much closer the
translation comes to the original as a whole without the English word, and whether that word took
the place of an original's word the translation lost ("Zoran Graham" for "Зоран Заев").
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import lru_cache

from pipeline.checks import gazetteer, vectors
from pipeline.checks.candidates import Candidate, paired, sides
from pipeline.checks.names import (
    EN_ROLES,
    EN_STAND_INS,
    MATCH_SCORE,
    PERSON_GRAMMEMES,
    RARE_ZIPF,
    RU_ROLES,
    RU_STAND_INS,
    acronym_words,
    adjacent_tokens,
    best_translit,
    counterpart_token,
    english_known,
    english_names,
    english_names_a_place,
    english_zipf,
    is_common_english,
    is_common_russian,
    name_parts,
    phrases,
    russian_grammemes,
    russian_names,
    spelled_alike,
    translit_match,
    translit_score,
)
from pipeline.checks.text import Token, is_cyrillic, tokens
from pipeline.core.records import Flag

KIND = "entity"
# A name the encoder finds this close to an English word or phrase is translated, not lost
# ("Министерства" ~ "Ministry" 0.91, "Кубок" ~ "Cup" 0.84; "Испании" ~ "Italy" 0.61, "Трамп" ~ "Biden" 0.49).
SEMANTIC_THRESHOLD = 0.65
# An English name with something in the original this close is a title word or a name rendered by meaning.
TARGET_SEMANTIC_THRESHOLD = 0.5
# How much of the translation around the line is read for the names it uses: about five sentences each
# side (on the fitting sets a window of five lines finds 25% of the unexplained names of untouched lines
# in it, the whole document 32%, two lines 18%; swapped-in names 1-2% at any width).
NEARBY_CHARS = 1000


@dataclass(frozen=True)
class Left:
    """A name with no counterpart, and how close the other side comes in meaning and in spelling."""

    token: Token
    semantic: float
    translit: float


def _semantic_scores(names: list[Token], other_toks: list[Token], other_text: str) -> list[float]:
    if not names:
        return []
    return [score for _, score in vectors.best_match([t.text for t in names], phrases(other_toks, other_text))]


@lru_cache(maxsize=256)
def _without_meaning(source: str, target: str, src_lang: str) -> tuple:
    """Names of each side with no counterpart by gazetteer, spelling or acronym, and the words of the
    original that speak for a name already (its counterparts, words spelled like an English word)."""
    ru_names = russian_names(source) if src_lang == "ru" else english_names(source)
    en_names = english_names(target)
    use_gazetteer = src_lang == "ru"
    en_tokens, source_tokens = tokens(target), tokens(source)
    counterparts = {(t.start, t.end): counterpart_token(t, target, en_tokens, use_gazetteer) for t in ru_names}
    ru_left = tuple(t for t in ru_names if counterparts[t.start, t.end] is None)
    expanded = acronym_words(source_tokens, en_tokens)
    en_left = tuple(t for t in en_names if not english_known(t, source_tokens, use_gazetteer, expanded))
    capitalised = [t for t in en_tokens if t.text[:1].isupper()]
    spoken_for = {key for key, found in counterparts.items() if found is not None}
    spoken_for |= {(t.start, t.end) for t in source_tokens if t.text[:1].isupper() and _spells_a_name(t, capitalised)}
    return tuple(ru_names), tuple(en_names), ru_left, en_left, frozenset(spoken_for)


def texts_to_encode(source: str, target: str, src_lang: str, tgt_lang: str) -> list[str]:
    """The names left and the words and word pairs of the other side they are compared with by meaning:
    encoded in one call before the check runs."""
    _, _, ru_left, en_left, spoken_for = _without_meaning(source, target, src_lang)
    texts = []
    if ru_left:
        texts += [t.text for t in ru_left] + phrases(tokens(target), target)
    if en_left:
        others = [t for t in tokens(source) if (t.start, t.end) not in spoken_for]
        texts += [t.text for t in en_left] + phrases(others, source) + [_without(target, t) for t in en_left]
    return texts


def _without(text: str, tok: Token) -> str:
    return " ".join((text[: tok.start] + text[tok.end :]).split())


def _gain_without(tok: Token, source: str, target: str) -> float:
    """How much closer the translation comes to the original as a whole without this word: a name the
    original never had (a wrong one) is noise to the encoder, a rendered one carries meaning."""
    original, translation, without = vectors.vectors([source, target, _without(target, tok)])
    return float(original @ without - original @ translation)


def unmatched(source: str, target: str, src_lang: str = "ru") -> tuple[list[Left], list[Left]]:
    """Names of the original with no counterpart in the translation, and the other way round."""
    _, _, ru_left, en_left, spoken_for = _without_meaning(source, target, src_lang)
    vectors.vectors(texts_to_encode(source, target, src_lang, "en"))
    en_tokens, source_tokens = tokens(target), tokens(source)
    ru_scores = _semantic_scores(list(ru_left), en_tokens, target)
    kept_ru = [
        Left(t, s, best_translit(t.text, en_tokens, russian=is_cyrillic(t.text)))
        for t, s in zip(ru_left, ru_scores, strict=True)
        if s < SEMANTIC_THRESHOLD
    ]
    # A name of the original that is lost, or matched to another English word, cannot vouch for an English
    # name by meaning (Smirnov ~ Дегтярев is one surname for another); its other words can (Ministry ~
    # Министерства).
    lost = {(left.token.start, left.token.end) for left in kept_ru}
    others = [t for t in source_tokens if (t.start, t.end) not in spoken_for | lost]
    en_scores = _semantic_scores(list(en_left), others, source)
    kept_en = [
        Left(t, s, best_translit(t.text, source_tokens, russian=False))
        for t, s in zip(en_left, en_scores, strict=True)
        if s < TARGET_SEMANTIC_THRESHOLD
    ]
    return kept_ru, kept_en


def _spells_a_name(tok: Token, capitalised: list[Token]) -> bool:
    """Is this word of the original spelled like a capitalised English word (names that start a sentence too)?"""
    return any(spelled_alike(tok.text, word.text) for word in capitalised)


def _pair_by_position(ru_left: list[Left], en_left: list[Left], source: str, target: str):
    """Order both lists so that the n-th of each stand at about the same relative place in their sentence."""
    ru_rest, en_rest = list(ru_left), list(en_left)
    first, second = [], []
    while ru_rest and en_rest:
        a, b = min(
            ((a, b) for a in ru_rest for b in en_rest),
            key=lambda p: (abs(_place(p[0], source) - _place(p[1], target)), p[0].token.start, p[1].token.start),
        )
        first.append(a)
        second.append(b)
        ru_rest.remove(a)
        en_rest.remove(b)
    order = sorted(range(len(first)), key=lambda i: first[i].token.start)
    return [first[i] for i in order] + ru_rest, [second[i] for i in order] + en_rest


def _place(left: Left, text: str) -> float:
    return left.token.start / max(len(text), 1)


def stand_ins(text: str, lang: str) -> int:
    """Third-person pronouns and role nouns ("the capital", "the minister"): words that can replace a name."""
    pronouns, roles = (RU_STAND_INS, RU_ROLES) if lang == "ru" else (EN_STAND_INS, EN_ROLES)
    return sum(1 for tok in tokens(text) if pronouns.fullmatch(tok.lower) or roles.fullmatch(tok.lower))


def _source_kind(word: str, lang: str) -> dict[str, float]:
    if lang != "ru" or not is_cyrillic(word):
        person = float(english_zipf(word) < RARE_ZIPF)
        return {
            "original_person": person,
            "original_place": 0.0,
            "original_organisation": 0.0,
            "original_common_word": float(is_common_english(word)),
        }
    grammemes = russian_grammemes(word)
    return {
        "original_person": float(bool(PERSON_GRAMMEMES & grammemes)),
        "original_place": float("Geox" in grammemes),
        "original_organisation": float("Orgn" in grammemes),
        "original_common_word": float(is_common_russian(word)),
    }


def _features(source: Left | None, target: Left | None, line: dict) -> dict[str, float]:
    features = {**sides(source, target), **line["shared"]}
    if source is not None:
        word = source.token.text
        features.update(_source_kind(word, line["src_lang"]))
        features["original_acronym"] = float(len(word) >= 2 and word.isupper())
        features["original_latin"] = float(line["src_lang"] == "ru" and not is_cyrillic(word))
        features["original_in_gazetteer"] = float(bool(gazetteer.entries_for(word)))
        features["original_semantic"] = source.semantic
        features["original_translit"] = max(source.translit, -3.0)
    if target is not None:
        word = target.token.text
        features["translation_zipf"] = english_zipf(word)
        features["translation_acronym"] = float(len(word) >= 2 and word.isupper())
        features["translation_semantic"] = target.semantic
        features["translation_translit"] = max(target.translit, -3.0)
        features["translation_place"] = float(english_names_a_place(word))
        features["translation_beside_name"] = float(line["beside"](target.token))
        features["translation_gain_without"] = _gain_without(target.token, line["source"], line["target"])
        features["translation_slot_taken"] = float(line["slot_taken"](target.token))
        features["translation_abbreviation"] = float(
            len(word) <= 4 and line["target"][target.token.end : target.token.end + 1] == "."
        )
    if source is not None and target is not None:
        features["place_gap"] = abs(_place(source, line["source"]) - _place(target, line["target"]))
    return features


def candidates(source: str, target: str, src_lang: str = "ru", tgt_lang: str = "en") -> list[Candidate]:
    ru_left, en_left = unmatched(source, target, src_lang)
    if not ru_left and not en_left:
        return []
    src_names, en_names, _, _, _ = _without_meaning(source, target, src_lang)
    left_en = {(x.token.start, x.token.end) for x in en_left}
    # the other word of a hyphenated name rendered in two words (Island beside Long for Лонг-Айленд)
    en_left = [x for x in en_left if _beside_name(x.token, en_names, left_en, source, target) < 2]
    if not ru_left and not en_left:
        return []
    ru_left, en_left = _pair_by_position(ru_left, en_left, source, target)
    rendered = _rendered_capitalised(source, target, src_lang == "ru") if en_left else []
    line = {
        "source": source,
        "target": target,
        "src_lang": src_lang,
        "beside": lambda tok: _beside_name(tok, en_names, left_en, source, target),
        "slot_taken": lambda tok: _slot_taken(tok, rendered, source, target),
        "shared": {
            "stand_in_surplus": float(max(-3, min(3, stand_ins(target, tgt_lang) - stand_ins(source, src_lang)))),
            "names_original": math.log1p(len(src_names)),
            "names_translation": math.log1p(len(en_names)),
            "left_original": float(len(ru_left)),
            "left_translation": float(len(en_left)),
            "translation_title_case": _capitalised_share(target),
        },
    }
    return paired(
        KIND,
        ru_left,
        en_left,
        lambda x: f"'{x.token.text}'",
        lambda x: x.token.span(),
        lambda s, t: _features(s, t, line),
    )


def nearby_text(text: str, start: int, end: int) -> str:
    """The translation's own text around a line or quote (`text[start:end]`), the line left out."""
    return f"{text[max(0, start - NEARBY_CHARS) : start]} {text[end : end + NEARBY_CHARS]}"


def nearby_each(lines: list[str]) -> list[str]:
    """The text around each line of one translated document given line by line (a line-parallel file)."""
    text, start, found = "\n".join(lines), 0, []
    for line in lines:
        found.append(nearby_text(text, start, start + len(line)))
        start += len(line) + 1
    return found


def with_nearby(found: list[Candidate], nearby: str) -> list[Candidate]:
    """Each name candidate with whether the translation uses its English word around the line: a name
    the article uses elsewhere belongs to its story, so it may render a pronoun or a role of the
    original. Not where it stands for a name of the original that the translation lost (a pair): one
    person of the story put in another's place ("Lavrov said" for «Песков заявил», both in the
    article) is an error the story's use of the name says nothing for."""
    if not found:
        return found
    used = {t.text for t in tokens(nearby)}

    def named_nearby(candidate: Candidate) -> float:
        return float(
            candidate.source_span is None and candidate.target_span is not None and candidate.target_span.text in used
        )

    return [
        replace(c, features={**c.features, "translation_named_nearby": named_nearby(c)}) if c.kind == KIND else c
        for c in found
    ]


def _rendered_capitalised(source: str, target: str, use_gazetteer: bool) -> list[tuple[Token, Token | None]]:
    """Every word of the original with its English counterpart: None for a word in lower case (never
    asked for) or a capitalised word the translation has no counterpart for."""
    en_tokens = tokens(target)
    return [
        (ru, counterpart_token(ru, target, en_tokens, use_gazetteer) if ru.text[:1].isupper() else None)
        for ru in tokens(source)
    ]


def _slot_taken(tok: Token, rendered: list[tuple[Token, Token | None]], source: str, target: str) -> bool:
    """Does the English word stand beside a word rendered from the original ("Zoran" of "Зоран Заев")
    whose neighbour on the same side there is a capitalised word the translation has no counterpart
    for ("Заев")? Then the word took that word's place: a swap, not a name the translator added."""
    for index, (ru, english) in enumerate(rendered):
        if english is None or not adjacent_tokens(tok, english, target):
            continue
        step = 1 if tok.start > english.start else -1
        if 0 <= index + step < len(rendered):
            other, other_english = rendered[index + step]
            if adjacent_tokens(ru, other, source) and other.text[:1].isupper() and other_english is None:
                return True
    return False


def _capitalised_share(text: str) -> float:
    """The share of words that are capitalised (a headline in title case capitalises every word)."""
    words = [t for t in tokens(text) if t.text[:1].isalpha()]
    return sum(1 for t in words if t.text[:1].isupper()) / max(len(words), 1)


def _beside_name(tok: Token, en_names: list[Token], unexplained: set, source: str, text: str) -> int:
    """2: next to a word that matched part of a hyphenated Russian name (Island beside Long, which
    matched Лонг-Айленд), the other part in another spelling; 1: next to another name of the translation
    (one word of a multi-word title); 0 otherwise."""
    source_tokens = tokens(source)
    beside = 0
    for other in en_names:
        if not adjacent_tokens(tok, other, text):
            continue
        beside = max(beside, 1)
        if (other.start, other.end) in unexplained:
            continue
        russian = translit_match(other.text, source_tokens, russian=False)
        if russian is not None and len(name_parts(russian.text)) > len(name_parts(other.text)):
            rest = [part for part in name_parts(russian.text) if not spelled_alike(part, other.text)]
            # the word renders the rest of that name, or at least is not more unlike it than a match is
            # alike (Island for Айленд: 0.93; Montgomery for Лартин of Лонг-Лартин: -10)
            if max((translit_score(part, tok.text) for part in rest), default=-10.0) >= -MATCH_SCORE:
                return 2
    return beside


def check(source: str, target: str, src_lang: str = "ru", tgt_lang: str = "en") -> tuple[Flag, ...]:
    """This check's flags after the decision: what `compare` reports for names."""
    from pipeline.checks.compare import flags_of

    return flags_of((KIND,), source, target, src_lang, tgt_lang)

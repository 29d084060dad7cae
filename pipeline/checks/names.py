"""Names on each side of a translation and whether they have a counterpart on the other side.

A Russian name is a capitalised word inside a sentence that is not a dictionary common word, an
acronym, a word in Latin script, or a word the gazetteer knows; an English name is a capitalised word
inside a sentence or an acronym. A counterpart is the gazetteer's English form (ДНР -> DPR, КНДР ->
North Korea, Германия -> Germany), a word the learned transliteration model (`translit_model`) or
the romanisation rules (`translit`) spell alike (Техас/Texas, Дегтярева/Degtyarev), or an acronym
of about the same length or with the same initials (СЭ/Sport-Express).
"""

from __future__ import annotations

import os
import re
from functools import cache

from pipeline.checks import gazetteer, translit_model
from pipeline.checks.number_words import EN_MONTHS
from pipeline.checks.text import Token, is_cyrillic, is_sentence_initial, tokens
from pipeline.text import morph
from pipeline.text.translit import same_name, transliterate

ROMAN = re.compile(r"[IVXLC]+")
# Capitalised English words that are not names of anything in the original.
EN_NOT_NAMES = {
    "i",
    "mr",
    "mrs",
    "ms",
    "dr",
    "st",
    "no",
    "the",
    "a",
    "an",
    "and",
    "of",
    "in",
    "on",
    "for",
    "to",
    "at",
    "oh",
    "ok",
    "okay",
    "yes",
    "tv",
    "pm",
    "am",
    "jr",
    "sr",
    "ii",
    "iii",
    "iv",
    "inc",
    "ltd",
    "co",
    "news",
    "covid",
    "coronavirus",
    "internet",
    "god",
    "lord",
    *EN_MONTHS,
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
}
# Capitalised Russian words inside a sentence that are not names (forms of address, titles).
RU_NOT_NAMES = {
    "вы",
    "вас",
    "вам",
    "вами",
    "ваш",
    "ваша",
    "ваше",
    "ваши",
    "вашего",
    "вашей",
    "вашу",
    "господь",
    "бог",
    "бога",
    "богу",
    "богом",
    "интернет",
    "интернета",
    "интернете",
}
# Initials a Russian letter can stand for in an English spelled-out name, beyond its first Latin letter.
ACRONYM_LETTERS = {
    "ц": "TC",
    "х": "KH",
    "ч": "C",
    "ж": "ZJ",
    "й": "YIJ",
    "ю": "YU",
    "я": "YA",
    "к": "KC",
    "в": "VW",
    "г": "GH",
}
# Words that stand in for a name in a translation that drops it ("Овечкина" / "quoted him"): third-person
# pronouns and a few role nouns, counted on both sides. Not English
# possessives ("his teammates"): English adds them where Russian has none, with no name dropped.
RU_STAND_INS = re.compile(
    r"(он|его|него|ему|нему|им|ним|нём|нем|она|её|ее|неё|нее|ей|ней|ею|нею|они|их|них|ими|ними"
    r"|столиц\w*|ведомств\w*)"
)
EN_STAND_INS = re.compile(r"(he|him|she|her|they|them|capital|agency|department)")
# Roles that stand in for a person's name ("Лавров заявил" / "the minister said"): counted on both sides,
# so a translation that names the role where the original names the person is not missing a name.
RU_ROLES = re.compile(
    r"(министр|президент|премьер|губернатор|мэр|глав[аеуы]|лидер|руководител|директор|председател|спикер"
    r"|представител|посол|сенатор|депутат|генерал|командующ|тренер|судь|прокурор|министерств|канцлер)\w*"
)
EN_ROLES = re.compile(
    r"(minister|president|premier|governor|mayor|head|leader|director|chairman|chairwoman|chair|speaker"
    r"|spokesman|spokeswoman|spokesperson|representative|ambassador|senator|deputy|lawmaker|general"
    r"|commander|coach|judge|prosecutor|ministry|chancellor|official)s?"
)
PROPER_GRAMMEMES = {"Name", "Surn", "Patr", "Geox", "Orgn", "Trad", "Abbr"}
PERSON_GRAMMEMES = {"Name", "Surn", "Patr"}
MATCH_SCORE = 1.0  # learned transliteration score (log-likelihood ratio per letter) that makes two words one name
COMMON_ZIPF = 4.5  # an English word at least this frequent (wordfreq's Zipf scale) is a title word too
RARE_ZIPF = 3.0  # an English word rarer than this is read as a person's name (Lazarev 1.5, Smirnov 2.2; Texas 4.9)
# Words in capitals in a headline ("ЗА", "ПО") are not acronyms.
RU_CAPS_WORDS = {
    "за",
    "по",
    "о",
    "об",
    "с",
    "со",
    "в",
    "во",
    "на",
    "и",
    "не",
    "но",
    "а",
    "к",
    "из",
    "от",
    "до",
    "у",
    "я",
    "мы",
    "он",
    "она",
    "они",
    "это",
    "как",
    "так",
    "да",
    "нет",
    "все",
    "всё",
}


@cache
def is_common_russian(word: str) -> bool:
    """A dictionary word that is never a name (Римский, Управлении, Кубок), by pymorphy3's dictionary."""
    analyser = morph.russian()  # optional: without it every capitalised word counts as a name
    if analyser is None:
        return False
    parses = analyser.parse(word)
    known = type(parses[0].methods_stack[0][0]).__name__ == "DictionaryAnalyzer"
    # the readings' scores added up: "Трамп" has nine surname readings of 0.11 each, and no other
    return known and sum(p.score for p in parses if PROPER_GRAMMEMES & set(p.tag.grammemes)) < 0.3


@cache
def english_zipf(word: str) -> float:
    """How frequent an English word is (wordfreq's Zipf scale; 0 without wordfreq or for an unknown word)."""
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # optional: without it every capitalised English word counts as a rare name
        return 0.0
    return zipf_frequency(word.lower(), "en")


def is_common_english(word: str) -> bool:
    """A frequent English word (Day, Factory, Center): in a title it is translated, not a name."""
    return english_zipf(word) >= COMMON_ZIPF


@cache
def russian_grammemes(word: str) -> frozenset[str]:
    """The grammemes of pymorphy3's likeliest reading (empty without pymorphy3)."""
    analyser = morph.russian()
    return frozenset(analyser.parse(word)[0].tag.grammemes) if analyser is not None else frozenset()


def russian_names(text: str) -> list[Token]:
    """Capitalised words that are names or parts of names. Inside a sentence Russian capitalises only
    those, so there a word the dictionary also knows as a common word counts too ("Заев" reads as a
    verb form, "Кубок" is a cup): the decision weighs that (`original_common_word`), it filters
    nothing. At a sentence's start, where every word is capitalised, acronyms, Latin words, the
    gazetteer's names and words the dictionary does not know as common words count («Лазарев
    уточнил», not «Локомотив намерен»)."""
    names = []
    for tok in tokens(text):
        if not tok.text[:1].isupper() or tok.lower in RU_NOT_NAMES or ROMAN.fullmatch(tok.text):
            continue
        if len(tok.text) == 1 or tok.lower in RU_CAPS_WORDS:
            continue
        acronym = len(tok.text) >= 2 and tok.text.isupper()
        known = bool(gazetteer.entries_for(tok.text))
        latin = not is_cyrillic(tok.text)
        if acronym or known or latin:
            names.append(tok)
        elif not is_sentence_initial(text, tok) or _uncommon_russian(tok.text):
            names.append(tok)
    return names


def _uncommon_russian(word: str) -> bool:
    """Not a common word by pymorphy3's dictionary, nor a compound of common words («Свинья-убийца»);
    False without pymorphy3 (then no sentence-initial word is)."""
    parts = name_parts(word)
    return morph.russian() is not None and not all(is_common_russian(part) for part in parts or [word])


def english_names(text: str) -> list[Token]:
    """Capitalised words inside a sentence; at its start, where every word is capitalised, acronyms
    and words too rare to be common English words ("Lazarev confirmed", not "According")."""
    names = []
    for tok in tokens(text):
        stem = re.split(r"['’]|-\d", tok.lower)[0]  # Russia's, COVID-19
        if not tok.text[:1].isupper() or stem in EN_NOT_NAMES:
            continue
        possessive = re.search(r"['’]s?$", tok.text)
        if possessive:  # Russia's -> Russia
            tok = Token(tok.text[: possessive.start()], tok.start, tok.start + possessive.start())
        if ROMAN.fullmatch(tok.text) or is_cyrillic(tok.text) or len(tok.text) < 2:  # the U of U.S.
            continue
        acronym = tok.text.isupper() and len(tok.text) >= 2
        if not is_sentence_initial(text, tok) or acronym or english_zipf(tok.text) < RARE_ZIPF:
            names.append(tok)
    return names


def name_parts(word: str) -> list[str]:
    return [part for part in re.split(r"[-'’]", word) if part]


def spelled_alike(russian: str, english: str) -> bool:
    """One name in two scripts, part by part (Айя-Софию ~ Hagia Sophia): the same letters, the
    romanisation rules, or the learned transliteration model."""
    for part in name_parts(russian):
        for other in name_parts(english):
            if part.lower() == other.lower() or same_name(part, other) or translit_score(part, other) >= MATCH_SCORE:
                return True
    return False


def translit_score(russian: str, english: str) -> float:
    """The learned model's score for a Cyrillic word and a Latin one (-10 for anything else)."""
    if not is_cyrillic(russian) or not english.isascii():
        return -10.0
    return translit_model.score(russian, english)


def best_translit(word: str, others: list[Token], russian: bool) -> float:
    """The best learned score of `word` against the capitalised words of the other side."""
    scores = [
        translit_score(word, o.text) if russian else translit_score(o.text, word)
        for o in others
        if o.text[:1].isupper()
    ]
    return max(scores, default=-10.0)


def translit_match(word: str, candidates: list[Token], russian: bool = True) -> Token | None:
    for candidate in candidates:
        if spelled_alike(word, candidate.text) if russian else spelled_alike(candidate.text, word):
            return candidate
    return None


def _gazetteer_match(word: str, target: str, en_tokens: list[Token]) -> Token | None:
    for entry in gazetteer.entries_for(word):
        found = entry.found_in_english(target)
        if found:
            return next((t for t in en_tokens if t.start <= found.start() < t.end), None) or Token(
                found.group(), found.start(), found.end()
            )
    return None


def _is_acronym(word: str) -> bool:
    return len(word) >= 2 and word.isupper()


def _acronym_match(word: str, en_tokens: list[Token]) -> Token | None:
    """An acronym stands for an English one of about its length (РСКГ ~ RCRS) or for words with
    its initials (СЭ ~ Sport-Express)."""
    if not _acronym(word):
        return None
    for tok in en_tokens:
        if _is_acronym(tok.text) and abs(len(tok.text) - len(word)) <= 1:
            return tok
    capitals = [t for t in en_tokens if t.text[:1].isupper()]
    for index, tok in enumerate(capitals):
        parts = [p for p in re.split(r"-", tok.text) if p]
        if len(parts) == len(word) and _spells(word, parts):
            return tok
        run = [t.text for t in capitals[index : index + len(word)]]
        if len(run) == len(word) and _spells(word, run):
            return tok
    return None


def _spells(acronym: str, words: list[str]) -> bool:
    """Do the words' initials spell the acronym, letter by letter, in any usual romanisation
    (МЦ ~ Medical Center: Ц is C as well as Ts)?"""
    return all(
        word[:1].upper() in ACRONYM_LETTERS.get(ch.lower(), (transliterate(ch) or "?")[0].upper())
        for ch, word in zip(acronym, words, strict=True)
    )


def acronym_words(source_tokens: list[Token], en_tokens: list[Token]) -> frozenset[str]:
    """English words that spell out an acronym of the original, all of them (not only the first)."""
    capitals = [t for t in en_tokens if t.text[:1].isupper()]
    words: set[str] = set()
    for acronym in {s.text for s in source_tokens if _acronym(s.text)}:
        for index in range(len(capitals)):
            run = capitals[index : index + len(acronym)]
            if len(run) == len(acronym) and _spells(acronym, [t.text for t in run]):
                words.update(t.text for t in run)
    return frozenset(words)


def _acronym(word: str) -> bool:
    return _is_acronym(word) and is_cyrillic(word)


def counterpart_token(tok: Token, target: str, en_tokens: list[Token], use_gazetteer: bool) -> Token | None:
    if use_gazetteer:
        found = _gazetteer_match(tok.text, target, en_tokens)
        if found:
            return found
    # by spelling only an English word written as a name: "Хаммел" is not "him", nor "Палу" "people"
    written_as_names = [t for t in en_tokens if any(c.isupper() for c in t.text)]
    return translit_match(tok.text, written_as_names) or _acronym_match(tok.text, en_tokens)


def english_known(
    tok: Token, source_tokens: list[Token], use_gazetteer: bool, expanded: frozenset[str] = frozenset()
) -> bool:
    """Does an English word stand for something in the original (by transliteration or gazetteer)?"""
    if translit_match(tok.text, [s for s in source_tokens if _may_render_a_name(s.text)], russian=False):
        return True
    if any(_acronym(s.text) and _acronym_match(s.text, [tok]) for s in source_tokens):
        return True
    if tok.text in expanded:  # a word of a spelled-out acronym (ФАС ~ Federal Antimonopoly Service)
        return True
    if not use_gazetteer:
        return False
    for entry in gazetteer.entries_for_english(tok.lower, _same_stem):
        # a person's name (Саша ~ Alexander) only from a capitalised word: "машина" is no Маша
        if any(
            entry.matches_russian(s.text) and (entry.kind != "person" or s.text[:1].isupper()) for s in source_tokens
        ):
            return True
    return False


def english_names_a_place(word: str) -> bool:
    """Is an English word a form of a place of the hand-written gazetteer, up to a derivational ending
    (German ~ Germany, Pakistani ~ Pakistan)? Countries and their peoples are frequent words, which
    the decision otherwise reads as title words ("Day", "Bureau") more than names. Not the mined
    entries: they were mined from the fitting sets' own names, so they would name the fitting sets'
    swapped-in words more often than anyone else's."""
    return any(entry.kind == "place" for entry in gazetteer.entries_for_english(word.lower(), _same_stem))


# Parts of speech that never render a name: "Pravda" is spelled like "провел" (a verb), but a verb is no
# Правда; a noun or an adjective can be, in lower case too (москвичи ~ Muscovites, российских ~ Russian).
NEVER_A_NAME = frozenset({"VERB", "INFN", "GRND", "PRTF", "PRTS", "ADVB", "PREP", "CONJ", "PRCL", "INTJ", "NPRO",
                          "PRED", "COMP"})


def _may_render_a_name(word: str) -> bool:
    return word[:1].isupper() or not russian_grammemes(word) & NEVER_A_NAME


def _same_stem(word: str, form_word: str) -> bool:
    """An English word and a word of a gazetteer form are one word up to a derivational ending
    (Korean ~ North Korea, Hydrometeorology ~ Hydrometeorological; not Australia ~ Austria)."""
    if word == form_word:
        return True
    if min(len(word), len(form_word)) < 4:
        return False
    common = len(os.path.commonprefix([word, form_word]))
    return common >= max(4, min(len(word), len(form_word)) - 1)


def phrases(toks: list[Token], text: str) -> list[str]:
    """Words of three letters or more, and pairs of adjacent words one of which is capitalised ("Moscow Region")."""
    words = [t.text for t in toks if len(t.text) >= 3 and not t.text.isdigit()]
    pairs = [
        text[a.start : b.end]
        for a, b in zip(toks, toks[1:], strict=False)
        if b.start - a.end <= 2 and (a.text[:1].isupper() or b.text[:1].isupper())
    ]
    return words + pairs


def adjacent_tokens(a: Token, b: Token, text: str) -> bool:
    first, second = (a, b) if a.start < b.start else (b, a)
    return first is not second and text[first.end : second.start] in (" ", "-")

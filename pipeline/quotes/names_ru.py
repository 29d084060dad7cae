"""Russian person names, with pymorphy3: who in the text is a person, with their role and gender.

A run of capitalised words is a person's name from its first name or initial on (pymorphy3's Name
tag, or "М."), or two words the dictionary does not know ("Стивен Томас Окснер"); a lone surname
is a name after a role noun ("министр Лавров"). Names are put in the nominative, keeping the
text's spelling; the role is read from the words before the name ("глава МИД России Сергей Лавров").
"""

from __future__ import annotations

import re
from dataclasses import replace

from pipeline.quotes import names_en
from pipeline.quotes.people import RU_ROLE_NOUN, Mention, Person, covered, surname_key
from pipeline.quotes.verbs import RU_BY_INFORMATION, RU_VERB
from pipeline.text import morph
from pipeline.text.translit import same_name

_RU_TOKEN = r"(?:[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?|[А-ЯЁ]\.)"
# Inside a name, never first: "Валид аль-Муаллем", "Мухаммед бен Салман", "Урсула фон дер Ляйен"
_ARTICLE = r"(?:аль|эль|ад|ас|ан|ат|аш|аз|ар)-"  # Arabic's, joined to the word
_RU_PARTICLE = rf"(?:{_ARTICLE}|(?:бен|бин|ибн|фон|дер|ван|де|ди|дель|делла|да|дос|дю|ла|ле)[ \t])"
_RU_RUN = re.compile(rf"{_RU_TOKEN}(?:[ \t]{{1,2}}{_RU_PARTICLE}{{0,2}}{_RU_TOKEN})*")
_ARABIC_ARTICLE = re.compile(f"^{_ARTICLE}")


def russian_people(masked: str) -> list[Mention]:
    """Every person named in the quote-masked Russian text, in the nominative ("Михаила Дегтярева" ->
    "Михаил Дегтярев"); a lone surname counts when the full name is given elsewhere in it."""
    analyser = morph.russian()
    found = []
    for run in _RU_RUN.finditer(masked):
        mention = _russian_person(masked, run, analyser) or _speaking_run(masked, run, analyser)
        if mention is not None:
            found.append(mention)
    full = [m.person for m in found if len(m.person.name.split()) > 1]
    found += _latin_people(masked, full)
    surnames = {surname_key(person.name): person for person in full}
    # surnames the text writes as their nominative somewhere: only against these is an ending a case's
    written = {surname_key(m.text) for m in found if surname_key(m.text) == surname_key(m.person.name)}
    firsts = _first_names(full)
    taken = covered((m.start, m.end) for m in found)
    for run in _lone_words(masked, analyser):  # "Дегтярев", "Дегтярева" after "Михаил Дегтярев"
        if run.start() in taken:
            continue
        person = (
            _surname_match(run.group(), surnames)
            or _surname_match(run.group(), firsts)  # "Кит считает" after "Кит Харингтон"
            or _honoured_name(masked, run, analyser)
            or _speaking_name(masked, run, analyser)
        )
        if person is not None:
            oblique = _oblique_lone_word(masked, run, person, written)
            found.append(Mention(run.start(), run.end(), run.group(), "person", person, oblique=oblique))
            taken.update(range(run.start(), run.end()))
    return [_after_preposition(masked, mention) for mention in found]


def _after_preposition(masked: str, mention: Mention) -> Mention:
    """A name right after a preposition is in an oblique case, whatever the dictionary makes of its
    ending: "о встрече с Розенштейном, она ответила" is no Розенштейн's answer."""
    if mention.oblique or not _after_a_preposition(masked, mention.start):
        return mention
    return replace(mention, oblique=True)


_MORE_LATIN = re.compile(r"[ \t]+[A-Za-z]")


def _latin_people(masked: str, full: list[Person]) -> list[Mention]:
    """Names left in Latin script, as translated news often leaves them: a run that starts with a known
    first name ("Terry Branstad"), one after a speech verb and the speaker's role ("— говорит представитель
    агентства Sutopo Purwo Nugroho"; where no role says it is a person, a Latin name is more often a
    body's or a club's: "— сообщает Anadolu"). A name whose surname spells in Latin letters that of
    someone the text names in Cyrillic is that person ("пишет Branstad" after "Терри Бранстад",
    "Ричард Баучер (Richard Boucher)")."""
    found = []
    for run in names_en.name_runs(masked):
        words = run.group().split()
        if len(words) > 3:
            continue
        spelled = next((p for p in full if same_name(p.name.split()[-1], words[-1])), None)
        if spelled is not None:
            found.append(Mention(run.start(), run.end(), run.group(), "person", spelled))
        elif (named := names_en.person_by_first_name(masked, run)) is not None:
            found.append(named)
        elif (
            _dash_verb_and_role_before(masked, run)
            and not _MORE_LATIN.match(masked, run.end())  # "— сказала посол Power of Nutrition Трейси Уллман"
            and names_en.may_name_a_speaker(run.group())  # last: it reads the outlet registry
        ):
            person = Person(run.group(), _russian_role(masked, run.start()), None)
            found.append(Mention(run.start(), run.end(), run.group(), "person", person))
    return found


def _first_names(people: list[Person]) -> dict[str, Person]:
    """First name -> the one person of the text with that first name (names two people share are left out)."""
    by_first: dict[str, set[Person]] = {}
    for person in (p for p in people if not p.name.split()[0].endswith(".")):  # not an initial
        by_first.setdefault(person.name.split()[0].lower().replace("ё", "е"), set()).add(person)
    return {first: next(iter(same)) for first, same in by_first.items() if len({p.name for p in same}) == 1}


def _lone_words(masked: str, analyser):
    """Runs of one capitalised word, and the second word of a sentence's first two when the first is
    an ordinary word capitalised only because it opens the sentence ("Вчера Роднянский говорит")."""
    for run in _RU_RUN.finditer(masked):
        words = run.group().split()
        if len(words) == 1:
            yield run
        elif (
            len(words) == 2
            and analyser is not None
            and _opens_sentence(masked, run.start())
            and _ordinary_word(analyser, words[0])
        ):
            yield _RU_RUN.match(masked, run.start() + run.group().index(words[1], len(words[0])))


def _ordinary_word(analyser, word: str) -> bool:
    """A word the dictionary knows as neither a name, a place, a body nor a role ("Вчера", "Утром")."""
    parse = analyser.parse(word)[0]
    names_something = any(tag in parse.tag for tag in ("Name", "Surn", "Geox", "Orgn"))
    return parse.is_known and not names_something and not RU_ROLE_NOUN.fullmatch(word.lower())


# Whom the words were told, between the verb and its subject ("— заявил ТАСС Петров", "— сказал
# «Интерфаксу» Сидоров", "— рассказал газете Guiyang Evening News Ву"): an outlet in capitals, in
# quotation marks (masked: ¤) or in Latin letters, or any name after an outlet's noun in the dative.
_LATIN_WORDS = r"(?:[A-Z][\w.'’&-]*\s+){1,4}"
_TOLD = (
    r"(?:(?:газете|агентству|изданию|телеканалу|радиостанции|журналу|порталу|сайту)\s+"
    rf"(?:¤+|[«\"][^«»\"\n]{{1,40}}[»\"]|{_LATIN_WORDS}|(?:[А-ЯЁ][а-яё-]+\s+){{1,3}})"
    rf"|¤+\s+|[«\"][^«»\"\n]{{1,40}}[»\"]\s+|[А-ЯЁA-Z]{{2,6}}\s+(?:[А-ЯЁ][а-яё]+\s+)?|{_LATIN_WORDS})"
)
# "«…», — считает Новикова.": the author's words after a quote's dash, verb first
_DASH_VERB_BEFORE = re.compile(rf"[—–-]\s*{RU_VERB}\s+(?:{_TOLD})?$")
# the same with the speaker's role between ("— говорит представитель агентства Sutopo Purwo Nugroho")
_DASH_VERB_ROLE_BEFORE = re.compile(rf"[—–-]\s*{RU_VERB}\s+((?:[а-яё-]+\s+){{1,3}})$")
# "Роднянский говорит, что …", "Бекмамбетов, хитро улыбаясь, замечает: …", "Путин осенью заявил"
_VERB_AFTER = re.compile(rf"(?:,[^,.!?:;«»\"\n]{{1,100}},)?[ \t]+(?:[а-яё]+[ \t]+)?{RU_VERB}")
_SENTENCE_START = re.compile(r"(?:^|[.!?…]\s+|\n\s*)$")
# "по словам Ирины", "говорится в обращении Немцова": the genitive after these names who spoke
_IN_WORDS_OF = re.compile(
    rf"(?<![а-яё])(?:[Пп]о\s+(?:словам|мнению|{RU_BY_INFORMATION})|"
    r"[Вв]о?\s+(?:заявлении|обращении|сообщении|письме|послании))\s+$"
)
# "В Кремле заявили": after a preposition a word is no verb's subject
_PREPOSITION_BEFORE = re.compile(
    r"(?<![А-Яа-яЁё])(?:[Вв]о?|[Нн]а|[Ии]з|[Оо]т|[Уу]|[Кк]о?|[Сс]о?|[Оо]б?|[Пп]о|[Зз]а|[Пп]ри)\s+$"
)


def _opens_sentence(masked: str, start: int) -> bool:
    return _SENTENCE_START.search(masked, max(0, start - 3), start) is not None


def _speaking_name(masked: str, run: re.Match, analyser) -> Person | None:
    """A lone capitalised word where a speech verb puts its speaker, without a first name anywhere in
    the text: right after the dash and verb that follow a quote ('«…», — сказал Шваб.'), right
    before a speech verb ('Роднянский говорит'), or in the genitive after "по словам" or "в заявлении"
    ('по мнению Ирины', 'говорится в обращении Немцова'). There a capital means a name even when the
    dictionary knows the word otherwise ("шваб"); only a word opening its sentence must look like a
    surname, since every sentence's first word is capitalised."""
    if analyser is None:
        return None
    word = run.group()
    if _opens_sentence(masked, run.start()) and analyser.parse(word)[0].tag.POS in _NOT_IN_NAMES - {"ADJF"}:
        return None  # "По сообщениям …": a preposition, whatever rarer reading it has (Edgar Poe's)
    tags = _name_tags(analyser, word)
    looks_like_surname = tags["surname"] or tags["unknown"] or tags["first"]  # "Мартин добавляет: «…»"
    if _IN_WORDS_OF.search(masked, max(0, run.start() - 20), run.start()):
        if not (tags["first"] or looks_like_surname):
            return None
        return Person(_nominative(analyser, word, "gent"), None, tags["gender"])
    dash_verb = _dash_verb_before(masked, run)
    if not dash_verb and not _verb_follows(masked, run):
        return None
    speaks = dash_verb or looks_like_surname or not _opens_sentence(masked, run.start())
    if not speaks or tags["place"] or RU_ROLE_NOUN.fullmatch(word.lower()):
        return None
    return Person(word, None, tags["gender"])  # the verb's subject: already in the nominative


# "г-н Боун", "миссис Дэвис", "лорд Адонис": translated news keeps the English courtesy titles
_HONORIFIC = re.compile(
    r"(?<![А-Яа-яЁё-])(?:([Гг]-н(?:а|у|ом|е)?|[Мм]истер(?:а|у|ом|е)?|[Лл]орд(?:а|у|ом|е)?|[Сс]эр|[Мм]сье)|"
    r"([Гг]-ж(?:а|и|е|у|ой)|[Мм]иссис|[Мм]исс|[Мм]адам|[Лл]еди))\s+$"
)


def _title_before(masked: str, run: re.Match) -> re.Match | None:
    return _HONORIFIC.search(masked, max(0, run.start() - 12), run.start())


def _honoured_name(masked: str, run: re.Match, analyser) -> Person | None:
    """A capitalised word right after a courtesy title: a surname, put in the nominative."""
    title = _title_before(masked, run)
    if title is None or analyser is None:
        return None
    return Person(_nominative(analyser, run.group(), _honorific_case(title)), None, "m" if title.group(1) else "f")


def _honorific_case(title: re.Match) -> str | None:
    """The case a courtesy title's ending says ("г-на Боуна", "к г-же Мей"); None for an indeclinable one (миссис)."""
    male, female = title.group(1), title.group(2)
    if male:
        return _HONORIFIC_CASE.get(male[-1:], "nomn")
    if female.lower().startswith("г-ж"):
        return _HONORIFIC_CASE_FEMALE.get(female[-1:], "nomn")
    return None


_HONORIFIC_CASE = {"а": "gent", "у": "datv", "м": "ablt", "е": "loct"}  # "г-на Боуна", "мистеру Смиту"
_HONORIFIC_CASE_FEMALE = {"и": "gent", "е": "datv", "у": "accs", "й": "ablt"}  # "г-жи Мей", "г-же Мей"


def _oblique_lone_word(masked: str, run: re.Match, person: Person, written: set[str]) -> bool:
    """A surname in another case than the nominative: after a title in that case ("к г-же Мей"), or
    with an ending its name lacks where the text writes that name as it is ("г-на Фаража" after
    "Найджел Фараж"; not "Майорга", whose "Майорг" was only guessed). Rarely the one who speaks."""
    title = _title_before(masked, run)
    if title is not None and _honorific_case(title) not in (None, "nomn"):
        return True
    folded = _ARABIC_ARTICLE.sub("", run.group().lower().replace("ё", "е"))
    surname = surname_key(person.name)
    return surname in written and folded != _ARABIC_ARTICLE.sub("", surname) and folded.startswith(surname)


def _speaking_run(masked: str, run: re.Match, analyser) -> Mention | None:
    """Two or three capitalised words the dictionary does not read as a name, where a speech verb puts
    its speaker ('«…», — сказал Джордан Спит', 'Нарсис Термес сетует', '— сказал тренер Джордан Спит'):
    a foreign name, as written."""
    words = run.group().split()
    if analyser is None or not 2 <= len(words) <= 3:
        return None
    if not (_speaker_slot(masked, run) or _dash_verb_and_role_before(masked, run)):
        return None
    tags = [_name_tags(analyser, word) for word in words]
    if not (tags[0]["unknown"] or tags[0]["first"] or tags[0]["surname"]):
        return None  # "Графиня Уварова", "Студент Артем": a title before a name
    for word, tag in zip(words, tags, strict=True):
        parse = analyser.parse(word)[0]
        if parse.tag.POS in _NOT_IN_NAMES or RU_ROLE_NOUN.fullmatch(word.lower()) or tag["place"]:
            return None  # "Белый дом", "Международный Комитет", "Министр Лавров", a known place
        if parse.is_known and parse.tag.POS == "NOUN" and parse.tag.case not in (None, "nomn"):
            return None  # "заявила Файнстайн Комитету": a known word in another case follows the name
    return Mention(run.start(), run.end(), run.group(), "person", Person(run.group(), None, None))


_NOT_IN_NAMES = frozenset({"ADJF", "ADJS", "PRTF", "PREP", "CONJ", "PRCL", "NPRO", "ADVB", "INTJ", "NUMR"})


def _speaker_slot(masked: str, run: re.Match) -> bool:
    """Right after the dash and verb that follow a quote, or right before a speech verb."""
    return _dash_verb_before(masked, run) or _verb_follows(masked, run)


def _dash_verb_before(masked: str, run: re.Match) -> bool:
    return _DASH_VERB_BEFORE.search(masked, max(0, run.start() - 100), run.start()) is not None


def _dash_verb_and_role_before(masked: str, run: re.Match) -> bool:
    found = _DASH_VERB_ROLE_BEFORE.search(masked, max(0, run.start() - 80), run.start())
    return found is not None and any(RU_ROLE_NOUN.fullmatch(word) for word in found.group(1).split())


def _verb_follows(masked: str, run: re.Match) -> bool:
    """A speech verb right after the run, which no preposition precedes ("В Кремле заявили")."""
    return _VERB_AFTER.match(masked, run.end()) is not None and not _after_a_preposition(masked, run.start())


def _after_a_preposition(masked: str, start: int) -> bool:
    return _PREPOSITION_BEFORE.search(masked, max(0, start - 5), start) is not None


def _surname_match(word: str, surnames: dict[str, Person]) -> Person | None:
    folded = _ARABIC_ARTICLE.sub("", word.lower().replace("ё", "е"))
    for key, person in surnames.items():
        key = _ARABIC_ARTICLE.sub("", key)  # "Муалем" after "Валид аль-Муалем"
        if folded == key or (folded.startswith(key) and len(folded) - len(key) <= 2 and len(key) >= 4):
            return person
        if key.endswith(("ий", "ой", "ый")) and folded.startswith(key[:-2]) and len(folded) - len(key) <= 1:
            return person
    return None


def _russian_person(masked: str, run: re.Match, analyser) -> Mention | None:
    if analyser is None:
        return None
    tokens = [(m.start() + run.start(), m.group()) for m in re.finditer(r"\S+", run.group())]
    tags = [_name_tags(analyser, token) for _, token in tokens]
    first = next((i for i, tag in enumerate(tags) if tag["first"] or tag["initial"]), None)
    if first is None and len(tokens) >= 2 and all(tag["unknown"] or tag["surname"] for tag in tags[-2:]):
        first = len(tokens) - 2  # a foreign name the dictionary lacks: "Стивен Томас Окснер"
        while first > 0 and (tags[first - 1]["unknown"] or tags[first - 1]["surname"]):
            first -= 1
    role_before = _russian_role(masked, tokens[0][0])
    if first is None:
        return _titled_surname(tokens, tags, analyser, role_before)
    name_tokens = tokens[first:]
    if len(name_tokens) < 2:
        return _titled_first_name(masked, tokens, first, tags, analyser, role_before)
    case = tags[first]["case"]
    # A declinable first name in the nominative says the rest is too: a surname with no nominative
    # reading is then indeclinable ("Кевин де Брейне", "Валид аль-Муаллем"), not another case's form.
    as_written = case == "nomn" and tags[first]["declinable"]
    words = [_nominative(analyser, name_tokens[0][1], None)]
    for _, token in name_tokens[1:]:
        keep = as_written and not _reads_as(analyser, token, "nomn")
        words.append(token if keep else _nominative(analyser, token, case))
    name = " ".join(words)
    start = name_tokens[0][0]
    end = name_tokens[-1][0] + len(name_tokens[-1][1])
    role = role_before if first == 0 else (role_before or _russian_role(masked, start))
    gender = tags[first]["gender"]
    oblique = case not in (None, "nomn")
    return Mention(start, end, masked[start:end], "person", Person(name, role, gender), oblique=oblique)


def _titled_surname(tokens, tags, analyser, role_before) -> Mention | None:
    """A surname alone after a role: 'министр Лавров', or after a capitalised title: 'Президент Путин'."""
    title = " ".join(token for _, token in tokens[:-1]).lower()
    if title:
        role_before = title if RU_ROLE_NOUN.fullmatch(title) else None
    start, token = tokens[-1]
    if not role_before or not tags[-1]["surname"] or analyser.parse(token)[0].tag.POS in ("ADJF", "ADJS"):
        return None  # "Папа Римский": an adjective of the title, not a surname
    name = _nominative(analyser, token, None)
    return Mention(start, start + len(token), token, "person", Person(name, role_before, tags[-1]["gender"]))


def _titled_first_name(masked, tokens, first, tags, analyser, role_before) -> Mention | None:
    """A first name alone after a title: 'Папа Римский Франциск', 'патриарх Кирилл'."""
    if not tags[first]["first"]:
        return None
    title = " ".join(token for _, token in tokens[:first])
    role = title if title and RU_ROLE_NOUN.match(title.lower()) else role_before
    if not role:
        return None
    start, token = tokens[first]
    name = _nominative(analyser, token, tags[first]["case"])
    oblique = tags[first]["case"] not in (None, "nomn")
    person = Person(name, role, tags[first]["gender"])
    return Mention(start, start + len(token), token, "person", person, oblique=oblique)


def _name_tags(analyser, token: str) -> dict:
    if re.fullmatch(r"[А-ЯЁ]\.", token):
        return {
            "first": False,
            "initial": True,
            "surname": False,
            "gender": None,
            "case": None,
            "declinable": False,
            "unknown": False,
            "place": False,
        }
    parses = analyser.parse(token)
    first = next((p for p in _name_parses(parses) if "Name" in p.tag), None)
    surname = next((p for p in _name_parses(parses) if "Surn" in p.tag), None)
    best = first or surname
    # a place, a body, an abbreviation the dictionary knows (for a word it does not, "Abbr" is a guess: "Термес")
    place = parses[0].is_known and any(tag in parses[0].tag for tag in ("Geox", "Orgn", "Abbr"))
    gender = None
    if best is not None and "plur" not in best.tag:  # a plural reading is a foreign name's (see _nominative)
        gender = "f" if "femn" in best.tag else "m" if "masc" in best.tag else None
    return {
        "first": first is not None
        and parses[0].tag.POS == "NOUN"
        and first.score >= 0.05
        and (surname is None or first.score > surname.score),  # "Лавров" is a surname, not Лавр's plural
        "initial": False,
        "surname": surname is not None,
        "gender": gender,
        "case": first.tag.case if first is not None and "plur" not in first.tag else None,
        "declinable": first is not None and not {"plur", "Fixd"} & first.tag.grammemes,
        "unknown": not parses[0].is_known and not place,
        "place": place,
    }


def _nominative(analyser, token: str, case: str | None) -> str:
    """The nominative form, keeping the text's spelling (е, not ё): 'Михаила' -> 'Михаил'."""
    if "." in token:
        return token
    wanted = [p for p in _name_parses(analyser.parse(token)) if {"Name", "Surn", "Patr"} & p.tag.grammemes]
    if case:
        wanted = [p for p in wanted if p.tag.case == case] or wanted
    parse = wanted[0] if wanted else None
    if parse is None or "plur" in parse.tag:
        # A person is one: read as a plural ("Илон" as Илона's genitive plural, "Стрейзанд" as
        # Стрейзанда's), the name is a foreign one the dictionary lacks, written as it is.
        return _strip_genitive(token) if case in ("gent", "accs") else token
    inflected = parse.inflect({"nomn"})
    if inflected is None:
        return token
    target = inflected.word.replace("ё", "е")
    source = token.lower().replace("ё", "е")
    common = 0
    while common < min(len(target), len(source)) and target[common] == source[common]:
        common += 1
    return token[:common] + target[common:]


def _reads_as(analyser, token: str, case: str) -> bool:
    """Whether the dictionary has a name reading of the token in that case (a particle's word: of its last part)."""
    parses = analyser.parse(token.split("-")[-1] if token[:1].islower() else token)
    return any(p.tag.case == case for p in _name_parses(parses) if {"Name", "Surn", "Patr"} & p.tag.grammemes)


def _name_parses(parses) -> list:
    """The readings a name in news can have: not the vocative, which makes 'Найджел' Найджела's
    ('Найджел Фараж' read as a woman, 'Найджела Фараж')."""
    return [p for p in parses if "voct" not in p.tag]


def _strip_genitive(token: str) -> str:
    """An unknown surname in the genitive: 'Фургала' -> 'Фургал'. Only the plainest case is undone."""
    return token[:-1] if token.endswith("а") and len(token) > 4 else token


def _russian_role(masked: str, start: int) -> str | None:
    words = list(re.finditer(r"[\w-]+", masked[max(0, start - 120) : start]))
    gap_break = re.search(r"[.,;:!?¤«»\"—–]\s*[\w-]*\s*$", masked[max(0, start - 3) : start])
    if gap_break:
        return None
    kept: list[str] = []
    for word in reversed(words[-7:]):
        tail = masked[max(0, start - 120) + word.end() : start]
        if kept and re.search(r"[.,;:!?¤«»\"—–]", tail[: len(tail) - len(" ".join(kept))]):
            break
        if morph.is_verb(word.group()):
            break  # "дипломат назвал высказывания М. Помпео": the role is the subject's, not the name's
        kept.insert(0, word.group())
    role_at = next((i for i, w in enumerate(kept) if RU_ROLE_NOUN.fullmatch(w.lower())), None)
    return " ".join(kept[role_at:]) if role_at is not None else None

"""Mentions of people in a document outside its quotes, and who each one refers to.

A mention is a person's name (found by `pipeline.quotes.names_en` / `pipeline.quotes.names_ru`), a role noun
("the diplomat", "посол"), a pronoun, an organisation ("the Foreign Ministry", "пресс-служба МЧС")
or its statement ("the announcement said"). `Mentions` resolves each to a `Person`: a surname to
the fullest name seen, a role noun to the person with a compatible role, a pronoun to the last
person of its gender (or the last one who spoke), a statement to the body that issued it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from functools import cache

from pipeline.quotes.outlets import load_registry, outlets_called_by_kind
from pipeline.quotes.roles import (
    EN_BARE_ROLE,
    EN_ROLE_NOUN,
    EN_ROLE_WORDS,
    NOT_AFTER_TITLE,
    RU_BARE_ROLE,
    RU_ROLE_NOUN,
    SPOKESMAN,
    role_compatible,
    role_gender,
)
from pipeline.quotes.verbs import EN_VERB
from pipeline.text import morph

PRONOUN_WINDOW_CHARS = 1500  # a pronoun refers back at most about two paragraphs
ANONYMOUS = {"source", "sources", "источник", "источники", "собеседники"}

# --- pronouns ---------------------------------------------------------------------------------------

_DEFINITE = re.compile(r"[Tt]he\s")
_HANDLE = re.compile(r"(?<![\w@.])@\w{2,30}(?![\w@])")  # not an e-mail address
_INDEFINITE = re.compile(r"(?:[Aa]n?|[Oo]ne)\s")
_EN_PRONOUN = re.compile(r"\b(?:[Hh]e|[Ss]he|[Tt]hey|him|her(?=\s+as\s+saying))\b")
_RU_PRONOUN = re.compile(r"(?<![А-Яа-яЁё])(?:[Оо]н|[Оо]на|[Оо]ни|его|ее|её|их)(?![А-Яа-яЁё])")
# --- people, mentions and who each refers to ---------------------------------------------------------


@dataclass(frozen=True)
class Person:
    name: str
    role: str | None
    gender: str | None  # "m", "f" or None


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    kind: str  # person | pronoun | role
    person: Person | None = None  # for person mentions
    gender: str | None = None  # for pronouns
    oblique: bool = False  # "Pompeo's", "рычания М. Помпео": not the subject of its clause


class Mentions:
    """All the mentions of a document outside its quotes, and how each one resolves to a person."""

    def __init__(self, items: list[Mention], outlets: list, lang: str, masked_text: str = ""):
        self.items = sorted(items, key=lambda m: (m.start, -m.end))
        self._starts = [m.start for m in self.items]
        self.masked_text = masked_text
        self.outlets = outlets
        self.lang = lang
        votes = _pronoun_votes(masked_text, self.items) if lang == "en" else {}
        self.people = _canonical_people([m.person for m in self.items if m.person], votes)
        self.spoken: list[tuple[int, Person]] = []
        self._spoken_in_order = True  # noted at ever later positions (quotes come in document order)
        self._objects: dict[tuple[int, int], bool] = {}  # object_of_preposition, once per mention
        # Looked up per quote, so kept sorted here: a scan of every mention per quote made long
        # documents quadratic (8,000 quotes in 700 KB took minutes).
        self._longest = max((m.end - m.start for m in self.items), default=0)
        self._subject_ends: dict[str, list[int]] = {}  # surname -> where its non-oblique mentions end
        for m in self.items:
            if m.kind == "person" and not m.oblique:
                self._subject_ends.setdefault(surname_key(m.person.name), []).append(m.end)
        for ends in self._subject_ends.values():
            ends.sort()

    def in_range(self, start: int, end: int) -> list[Mention]:
        first, last = bisect.bisect_left(self._starts, start), bisect.bisect_left(self._starts, end)
        return [m for m in self.items[first:last] if m.end <= end]

    def best_in(self, start: int, end: int, nearest_to: int, subject: bool = False) -> Mention | None:
        """The person (else role, body, statement, pronoun) in the range nearest to `nearest_to`;
        with `subject`, one in an oblique case only when no other is there ("к г-же Мей она добавила")."""
        found = self.in_range(start, end)
        if subject:
            found = [m for m in found if not m.oblique] or found
        for kind in ("person", "role", "org", "statement", "pronoun"):
            of_kind = [m for m in found if m.kind == kind]
            if of_kind:
                return min(of_kind, key=lambda m: abs(nearest_to - m.end))
        return None

    def first_in(self, start: int, end: int) -> Mention | None:
        found = self.in_range(start, end)
        people_first = [m for m in found if m.kind == "person"]
        if people_first and (not found or found[0].kind != "pronoun"):
            return people_first[0]
        return found[0] if found else None

    def outlet_in(self, start: int, end: int):
        found = self.outlet_at(start, end)
        return found[2] if found is not None else None

    def outlet_at(self, start: int, end: int):
        """(start, end, Outlet) of the first outlet named between `start` and `end`, or None."""
        return next(((s, e, outlet) for s, e, outlet in self.outlets if start <= s and e <= end), None)

    def resolve(self, mention: Mention) -> Person | None:
        if mention.kind == "person":
            return self.people.get(surname_key(mention.person.name), mention.person)
        if mention.kind == "org":
            return self._qualified_body(mention) or mention.person
        if mention.kind == "statement":
            return self._issuer(mention)
        if mention.kind == "role":
            if self._plural(mention.text):
                group = self.group_before(mention.start)
                if group is not None or self.lang == "ru":  # "экономисты": people named together, or nobody
                    return group
            if _INDEFINITE.match(mention.text):  # "A former business partner of Morales": someone new
                return self._named_after(mention)
            fits = role_compatible(mention.text)
            found = self._antecedent(mention, fits)
            found = found if found is not None else self._only_person_before(mention)
            if found is None and self.lang == "en" and _DEFINITE.match(mention.text):
                # "Mr Arafat told CNN … “…” the Palestinian leader said": one who speaks, whose role nobody gave
                subjects = self._subjects_before(mention)
                found = self._in_latest_sentence(subjects, mention, lambda p: p.role is None or fits(p), True)
            if found is None and self.lang == "ru" and mention.text.lower() not in ANONYMOUS:
                # "Путин засмеялся. «…», — сказал российский лидер": Russian has no article, and a role
                # noun with no name is the one the story was just talking about, whatever role it gave
                found = self._in_latest_sentence(self._subjects_before(mention), mention, lambda p: True)
            return found if found is not None else self._named_after(mention)
        if mention.kind == "pronoun" and mention.gender is not None:
            accepts = lambda person: person.gender in (None, "x", mention.gender)  # noqa: E731
            found = self._antecedent(mention, accepts, window=True)
            speaker = self._last_speaker(mention, accepts)
            if speaker is not None and (found is None or speaker[0] > self._position_of(found, mention.start)):
                return speaker[1]
            return found
        return None

    def note_speaker(self, position: int, person: Person) -> None:
        """Remember who spoke where: a later "he said" most often means the last one who spoke."""
        if self.spoken and position < self.spoken[-1][0]:
            self._spoken_in_order = False
        self.spoken.append((position, person))

    def person_named(self, name: str, role: str | None) -> Person:
        """The person of that name as the document knows them (with their gender), else a new one."""
        known = self.people.get(surname_key(name))
        return known if known is not None and known.name == name else Person(name, role, None)

    def last_spoken(self) -> Person | None:
        return self.spoken[-1][1] if self.spoken else None

    def _last_speaker(self, mention: Mention, accepts) -> tuple[int, Person] | None:
        for position, person in reversed(self.spoken):
            if mention.start - position > PRONOUN_WINDOW_CHARS:
                if self._spoken_in_order:
                    return None  # all the rest were noted further back
                continue
            if position < mention.start and accepts(person):
                return position, person
        return None

    def _position_of(self, person: Person, before: int) -> int:
        """Where the last mention of the person as a subject (not oblique) before `before` ends, or -1."""
        ends = self._subject_ends.get(surname_key(person.name), [])
        index = bisect.bisect_right(ends, before)
        return ends[index - 1] if index else -1

    def _issuer(self, statement: Mention) -> Person | None:
        """'the announcement said' / 'говорится в сообщении армии Израиля': the body that issued it,
        one named inside or right after the phrase; else the body an earlier mention of the same
        statement was issued by ('said the announcement of the Staff' … 'the announcement said');
        else the last one named before it."""
        near = self._issued_by(statement) or self._body_named_in(statement)
        if near is not None:
            return near
        if any(statement.start <= s <= statement.end + 30 for s, _, _ in self.outlets):
            return None  # "a piece by the newspaper Izvestia", "a report by TASS": the outlet's own words
        same = self._earlier_statement_issuer(statement)
        if same is not None:
            return same
        if _statement_noun(statement.text) in _AUTHORED:
            # "the text says" of a piece by X and Y; a text whose authors are not named is nobody's.
            return self.group_before(statement.start)
        before = self._body_named_before(statement)
        if before is not None:
            return before
        return None  # a statement whose issuer the text does not give is nobody's (an outlet's, at most)

    def _qualified_body(self, mention: Mention) -> Person | None:
        """'The armed forces said …' with 'the Israeli army' named nearby: a body named only by its
        kind is the nearest body of that kind named with a qualifier, earlier first, then later."""
        family = _body_family(mention.text)
        if family is None or _qualified(mention.text):
            return None
        bodies = [
            m
            for m in self.items
            if m.kind == "org"
            and m is not mention
            and _body_family(m.text) == family
            and _qualified(m.text)
            and abs(m.start - mention.start) <= PRONOUN_WINDOW_CHARS
        ]
        earlier = [m for m in bodies if m.end <= mention.start]
        chosen = earlier[-1] if earlier else (bodies[0] if bodies else None)
        return chosen.person if chosen is not None else None

    def _plural(self, role_text: str) -> bool:
        """'the experts', 'Специалисты': a role noun in the plural."""
        word = role_text.lower().split()[-1]
        if self.lang != "ru":
            return word.endswith("s") and word[:-1] in EN_ROLE_WORDS and word not in ANONYMOUS
        analyser = morph.russian()
        if analyser is None or word in ANONYMOUS:
            return False
        parse = analyser.parse(word)[0]
        return parse.tag.POS == "NOUN" and "plur" in parse.tag and parse.tag.case == "nomn"

    def group_before(self, position: int) -> Person | None:
        """The nearest earlier people named together ('experts Aaron Miller and Richard Sokolsky'),
        as one speaker, within the pronoun window."""
        people = [m for m in self.items if m.kind == "person" and m.end <= position]
        for index in range(len(people) - 1, 0, -1):
            last = people[index]
            if position - last.end > PRONOUN_WINDOW_CHARS:
                return None
            group = [last]
            while index > 0 and _COORDINATION.fullmatch(self.masked_text[people[index - 1].end : group[0].start]):
                index -= 1
                group.insert(0, people[index])
            if len(group) > 1:
                names = [self.resolve(m).name for m in group]
                joiner = " и " if self.lang == "ru" else " and "
                return Person(", ".join(names[:-1]) + joiner + names[-1], self.resolve(group[0]).role, None)
        return None

    def _earlier_statement_issuer(self, statement: Mention) -> Person | None:
        """The body that issued the nearest earlier statement of the same name, within a window."""
        noun = _statement_noun(statement.text)
        for other in reversed([m for m in self.items if m.kind == "statement" and m.end <= statement.start]):
            if statement.start - other.end > 2 * PRONOUN_WINDOW_CHARS:
                return None
            if _statement_noun(other.text) != noun:
                continue
            issuer = self._body_named_in(other) or self._body_named_before(other)
            if issuer is not None:
                return issuer
        return None

    def _issued_by(self, statement: Mention) -> Person | None:
        """'Trump issued a statement saying …', 'the ministry released a note': who put it out."""
        issued = _ISSUED.search(self.masked_text, max(0, statement.start - 80), statement.start)
        if issued is None:
            return None
        before = [m for m in self.items if m.end <= issued.start() and issued.start() - m.end <= 3]
        issuer = before[-1] if before and before[-1].kind in ("person", "org", "pronoun", "role") else None
        return self.resolve(issuer) if issuer is not None else None

    def _body_named_in(self, statement: Mention) -> Person | None:
        """A body named inside the statement's phrase or right after it ('the announcement of the Staff')."""
        near = [m for m in self.items if m.kind == "org" and statement.start <= m.start <= statement.end + 25]
        return near[0].person if near else None

    def _body_named_before(self, statement: Mention) -> Person | None:
        """The last body named in the statement's sentence or the one before."""
        before = [m for m in self.items if m.kind == "org" and m.end <= statement.start]
        return before[-1].person if before and statement.start - before[-1].end <= 400 else None

    def _named_after(self, mention: Mention) -> Person | None:
        """Cataphora: a role noun before anyone is named (a headline: 'Psychologist: “…”', 'A former
        diplomat called …') is the first person named below its paragraph whose role fits, not far
        below; possessives and oblique cases are skipped (they are rarely the one who speaks)."""
        if mention.text.lower().split()[-1] in ANONYMOUS:
            return None
        if any(m.kind == "person" and m.end <= mention.start for m in self.items):
            return None
        accepts = role_compatible(mention.text)
        # Below its own paragraph: a person named in the same headline is the one it talks about.
        body = self.masked_text.find("\n", mention.end)
        for other in self.items:
            if body < 0 or other.start < body or other.kind != "person":
                continue
            if other.start - mention.end > PRONOUN_WINDOW_CHARS:
                return None
            if other.oblique or possessive(self.masked_text, other):
                continue
            person = self.resolve(other)
            if person is not None and accepts(person):
                return person
        return None

    def _only_person_before(self, mention: Mention) -> Person | None:
        """'the politician said' with one person named before it: that person, and nobody else."""
        if mention.text.lower().split()[-1] in ANONYMOUS:
            return None
        before = {self.resolve(m).name for m in self.items if m.kind == "person" and m.end <= mention.start}
        if len(before) != 1:
            return None
        name = before.pop()
        return next(self.resolve(m) for m in self.items if m.kind == "person" and self.resolve(m).name == name)

    def _antecedent(self, mention: Mention, accepts, window: bool = False) -> Person | None:
        if window and self.lang == "en":
            # "Pollock says he hopes Boje arrives. “…,” he said": the subject of a sentence before anyone
            # named inside it; "Nagel served Presidents Bush and Clinton; he said": not a preposition's object
            subjects = self._subjects_before(mention)
            found = self._in_latest_sentence(subjects, mention, accepts) or self._antecedent_in(
                subjects, mention, accepts, window
            )
            if found is not None:
                return found
        return self._antecedent_in(self._before(mention, window), mention, accepts, window)

    def _before(self, mention: Mention, window: bool) -> list[Mention]:
        """The mentions that end before this one starts; with `window`, only those that may end within
        PRONOUN_WINDOW_CHARS of it (no mention is longer than `_longest`), which is all a walk back
        through the window reads."""
        first = bisect.bisect_left(self._starts, mention.start - PRONOUN_WINDOW_CHARS - self._longest) if window else 0
        last = bisect.bisect_left(self._starts, mention.start)
        return [m for m in self.items[first:last] if m.end <= mention.start and m is not mention]

    def _subjects_before(self, mention: Mention) -> list[Mention]:
        """The mentions before this one, within the pronoun window, that are not a preposition's object
        (every reader of them looks no further back)."""
        return [m for m in self._before(mention, window=True) if not self._object_of_preposition(m)]

    def _object_of_preposition(self, mention: Mention) -> bool:
        key = (mention.start, mention.end)
        if key not in self._objects:
            self._objects[key] = object_of_preposition(self.masked_text, mention)
        return self._objects[key]

    def _in_latest_sentence(
        self, mentions: list[Mention], pronoun: Mention, accepts, speaking_only: bool = False
    ) -> Person | None:
        """Of the people named in the latest sentence that names someone who fits, the one who says
        something there, else (unless `speaking_only`) the first (its subject)."""
        people = [
            m
            for m in mentions
            if m.kind == "person"
            and pronoun.start - m.end <= PRONOUN_WINDOW_CHARS
            and not m.oblique
            and not possessive(self.masked_text, m)
            and accepts(self.resolve(m))
        ]
        if not people:
            return None
        sentence = _sentence_start(self.masked_text, people[-1].start)
        same = [m for m in people if _sentence_start(self.masked_text, m.start) == sentence]
        chosen = next((m for m in same if speaks(self.masked_text, m)), None if speaking_only else same[0])
        return self.resolve(chosen) if chosen is not None else None

    def _antecedent_in(self, earlier: list[Mention], mention: Mention, accepts, window: bool) -> Person | None:
        for other in reversed(earlier):
            if window and mention.start - other.end > PRONOUN_WINDOW_CHARS:
                return None
            if other.kind in ("pronoun", "org", "statement") or (
                window and (other.oblique or possessive(self.masked_text, other))
            ):
                continue  # "Pompeo's “angry lament” …, he said": a possessive is rarely the one speaking
            if other.kind == "role" and (other.text.lower().split()[-1] in ANONYMOUS or self._plural(other.text)):
                continue  # "если политики собираются …": many people are not the one "he" is
            person = (
                self.resolve(other)
                if other.kind == "person"
                else (self._antecedent(other, role_compatible(other.text)) if window else None)
            )
            if person is not None and accepts(person):
                return person
        return None


def covered(spans) -> set[int]:
    """Every character position inside the (start, end) spans, so that "does this start fall inside one
    of them" costs one lookup, not a pass over them all (the spans are names, roles and bodies)."""
    return {position for start, end in spans for position in range(start, end)}


def find_mentions(masked: str, lang: str, named: list[Mention], quoted_outlets=()) -> Mentions:
    """Every mention outside the quotes: the people `named` by the language's name finder
    (`pipeline.quotes.names_en`, `pipeline.quotes.names_ru`) but not inside an outlet's name, then role nouns,
    pronouns, organisations and their statements, and the outlets: those named, those named in quotation
    marks (`quoted_outlets`, «Коммерсантъ») and those called by their kind after ("the newspaper")."""
    outlets = sorted([*load_registry().mentions(masked), *quoted_outlets], key=lambda item: item[0])
    outlets = sorted([*outlets, *outlets_called_by_kind(masked, outlets)], key=lambda item: item[0])
    outlet_spans = [(s, e) for s, e, _ in outlets]
    in_outlets = covered(outlet_spans)
    people_found = [m for m in named if m.start not in in_outlets]
    people_found += [  # "— написала @nataliamama37": a social-media user, named by their handle
        Mention(m.start(), m.end(), m.group(), "person", Person(m.group(), None, None))
        for m in _HANDLE.finditer(masked)
    ]
    role_pattern = RU_ROLE_NOUN if lang == "ru" else EN_ROLE_NOUN
    role_matches = list(role_pattern.finditer(masked))
    bare = RU_BARE_ROLE if lang == "ru" else EN_BARE_ROLE
    in_roles = covered(r.span() for r in role_matches)
    role_matches += [m for m in bare.finditer(masked) if m.start() not in in_roles]
    in_people = covered((m.start, m.end) for m in people_found)
    roles = [
        Mention(m.start(), m.end(), m.group(), "role")
        for m in sorted(role_matches, key=lambda m: m.start())
        if m.start() not in in_people
    ]
    people_found = _modifiers_of_roles(people_found, roles)
    pronouns = [
        Mention(m.start(), m.end(), m.group(), "pronoun", gender=_pronoun_gender(m.group()))
        for m in (_RU_PRONOUN if lang == "ru" else _EN_PRONOUN).finditer(masked)
    ]
    person_starts = [m.start for m in people_found]
    # "RIA" of "RIA Novosti" is the outlet, not a body of its own
    in_taken = in_people | covered((m.start, m.end) for m in roles) | in_outlets
    bodies = [m for m in _organisations(masked, lang, person_starts) if m.start not in in_taken]
    if lang == "ru":  # "пресс-службе губернатора": the governor names the body, he does not speak here
        in_bodies = covered((b.start, b.end) for b in bodies if b.kind == "org")
        roles = [r for r in roles if r.start not in in_bodies]
    return Mentions(people_found + roles + pronouns + bodies, outlets, lang, masked)


def _modifiers_of_roles(people_found: list[Mention], roles: list[Mention]) -> list[Mention]:
    """A name inside a definite role's phrase, before its noun, says whose the role is, and the role refers
    back to someone named before ("the retired Marine Corps general said", "the Palestinian leader"):
    oblique, not the one who speaks. Not so in an indefinite role ("a Carrier executive", "a Warren
    adviser": someone new, speaking for the name) nor a spokesman's (the body speaks through them)."""
    definite = [
        (r.start, r.end) for r in roles
        if _DEFINITE.match(r.text) and not any(stem in r.text.lower() for stem in SPOKESMAN)
    ]
    return [
        replace(m, oblique=True) if any(start <= m.start and m.end < end for start, end in definite) else m
        for m in people_found
    ]


# --- organisations and their statements --------------------------------------------------------------

_EN_ORG_HEAD = (
    r"Ministry|Department|Staff|Service|Police|Army|Forces|Embassy|Office|Committee|Council|Court|Bank|"
    r"Agency|Government|Administration|Commission|Kremlin|Pentagon|Guard|Directorate|Inspectorate|Prosecutor|"
    r"International|Foundation|Institute|Association|Organi[sz]ation|Union|Corporation|Company|Group|Party|"
    r"Watch|Fund|Network|Coalition|Alliance|Federation|Authority|Board|Bureau|Senate|Congress|Parliament|"
    r"PAC|Campaign|Caucus|Center|Centre|Project|Society|Initiative|Forum|Trust|Club|Herald|Tribune|Journal|"
    r"Gazette|Magazine|Review|Sun|Times|Post|News|Press|Television|Radio|House|"
    r"Institution|University|College|Academy|Museum|Legion|Hospital"
)
_EN_CAP = r"[A-Z][\w’'-]*"
_EN_ORG = re.compile(
    rf"(?:{_EN_CAP}\s+){{0,4}}(?:{_EN_ORG_HEAD})\b"
    rf"(?:\s+(?:of|for)\s+(?:the\s+)?{_EN_CAP}(?:\s+(?:and\s+)?{_EN_CAP})*)?"
    rf"|\b(?:the\s+)?(?:{_EN_CAP}\s+)?(?:press service|ministry|department|embassy|army|armed forces|police|"
    rf"administration|government|prosecutor's office)\b"
    rf"(?:\s+of\s+(?:the\s+)?(?:[\w’'-]+\s+){{0,6}}?{_EN_CAP}(?:\s+(?:of\s+)?{_EN_CAP})*)?"
)
# An acronym standing alone is most often a body ("the ACU said", "the DNC"); these are not.
_EN_ACRONYM = re.compile(r"(?<![\w.’'-])[A-Z]{2,6}(?![\w.’'-])")
_NOT_BODIES = frozenset("US UK EU TV AM PM OK CEO CFO COO GDP DC NY LA AP PS ID IQ PR HQ VP".split())
# "the Clinton campaign", "Trump’s campaign": a campaign speaks when its candidate is named with it.
_EN_CAMPAIGN = re.compile(rf"\b(?:the\s+)?{_EN_CAP}(?:’s|'s)?\s+campaign\b")
_EN_STATEMENT = re.compile(
    r"\b(?:[Tt]he|[Aa]n?|[Ii]ts|[Tt]heir)\s+(?:[\w’'-]+\s+){0,3}?"
    r"(announcement|statement|explanatory note|note|text|article|piece|column|op-ed|report|press release|release|"
    r"communiqué|message)\b"
)
# The endings of a Russian adjective: a capitalised one, and up to two more, before a body's noun name it
# with the noun ("в Главном следственном управлении").
_RU_ADJECTIVE_END = r"(?:ого|его|ому|ему|ой|ей|ом|ем|ая|яя|ое|ее|ые|ие|ых|их|ым|им|ыми|ими|ый|ий|ую|юю)"
_RU_ORG = re.compile(
    r"(?<![А-Яа-яЁё])(?:(?:ГУ\s+|УМВД\s+)?(?:МЧС|МВД|МИД|ФСБ|СК|ГИБДД|ВОЗ|ООН|НАТО|ЦБ)(?![А-Яа-яЁё])|"
    r"(?:Минобороны|Минздрав|Минфин|Минэнерго|Минтранс|Роспотребнадзор|Росгидромет|Кремл|Пентагон)[а-яё]*|"
    r"Бел(?:ый|ого|ому|ым|ом)\s+дом[а-яё]?(?![а-яё])|"
    rf"(?:[А-ЯЁ][а-яё]+{_RU_ADJECTIVE_END}\s+(?:[а-яё]+{_RU_ADJECTIVE_END}\s+){{0,2}})?"  # "Главном следственном"
    r"(?:[Пп]ресс-служб|[Шш]таб|[Мм]инистерств|[Вв]едомств|[Пп]осольств|[Уу]правлени|[Дд]епартамент|"
    r"[Аа]дминистраци|[Пп]равительств|[Пп]рокуратур|[Пп]олици|[Аа]рми|[Вв]ооруженн[а-яё]+\s+сил|[Мм]эри|"
    r"[Кк]омитет)[а-яё]*)"
    r"(?:\s+(?:по\s+|в\s+)?(?:[а-яё]+\s+){0,2}[А-ЯЁ][\w-]*){0,4}"
)
_RU_STATEMENT = re.compile(
    r"(?<![А-Яа-яЁё])(?:сообщени|заявлени|пояснени|пояснительн[а-яё]*\s+записк|релиз|публикаци|текст|стать|"
    r"материал)[а-яё]*"
)


def _organisations(masked: str, lang: str, person_starts: list[int]) -> list[Mention]:
    """Organisation mentions; one that runs on into a person's name ("директор департамента МИД
    Петр Ильичев") stops where the name starts."""
    org_pattern, statement_pattern = (_RU_ORG, _RU_STATEMENT) if lang == "ru" else (_EN_ORG, _EN_STATEMENT)
    found = []
    matches = list(org_pattern.finditer(masked))
    if lang == "en":
        matches = sorted(matches + list(_EN_CAMPAIGN.finditer(masked)), key=lambda m: m.start())
    person_starts = sorted(person_starts)
    for match in matches:
        index = bisect.bisect_right(person_starts, match.start())  # the first person after the body starts
        inside = index < len(person_starts) and person_starts[index] < match.end()
        end = person_starts[index] if inside else match.end()
        if lang == "en" and not re.search(r"[A-Z]", masked[match.start() : end]):
            # "the Sanders campaign": the person names the body, which goes on past them; in Russian the
            # body's noun comes first, so a name after it is a person ("председатель комитета Андрей Исаев")
            end = match.end()
        text = masked[match.start() : end].rstrip()
        if lang == "ru":
            text = _with_genitive(masked, match.start(), _before_verb(text))
        name = organisation_name(text.strip(), lang)
        if name:
            person = Person(name, "organisation", None)
            found.append(Mention(match.start(), match.start() + len(text), text, "org", person))
    taken = covered((m.start, m.end) for m in found)
    if lang == "en":
        for match in _EN_ACRONYM.finditer(masked):
            if _acronym_alone(masked, match) and match.start() not in taken:
                body = Person(match.group(), "organisation", None)
                found.append(Mention(match.start(), match.end(), match.group(), "org", body))
                taken.update(range(match.start(), match.end()))
    for match in statement_pattern.finditer(masked):
        if match.start() not in taken:
            found.append(Mention(match.start(), match.end(), match.group(), "statement"))
            taken.update(range(match.start(), match.end()))
    return found


def _acronym_alone(masked: str, match: re.Match) -> bool:
    """'the ACU said': a body; not 'UC Global' (the start of a longer name), nor a word of a headline
    in capitals ('HOW IT WORKS'), nor 'US', 'TV', ...."""
    if match.group() in _NOT_BODIES or _NAME_GOES_ON.match(masked, match.end()):
        return False
    before = masked[max(0, match.start() - 20) : match.start()]
    return not _CAPITALS_BEFORE.search(before) and not _CAPITALS_AFTER.match(masked, match.end())


_NAME_GOES_ON = re.compile(r"[ \t]+[A-Z][a-z]")
_CAPITALS_BEFORE = re.compile(r"\b[A-Z]{2,}[ \t]+$")
_CAPITALS_AFTER = re.compile(r"[ \t]+[A-Z]{2,}\b")


def _with_genitive(masked: str, start: int, text: str) -> str:
    """'Министерстве образования', 'пресс-службе губернатора': a body's name goes on over the lowercase
    words in the genitive that follow it (up to two)."""
    analyser = morph.russian()
    end = start + len(text)
    for _ in range(2 if analyser is not None else 0):
        word = _NEXT_LOWER_WORD.match(masked, end)
        parses = analyser.parse(word.group(1))[:2] if word else []
        if not parses or parses[0].tag.POS in _NOT_NAME_WORDS or not any(_genitive_word(p) for p in parses):
            break
        end = word.end()
    return masked[start:end]


_NEXT_LOWER_WORD = re.compile(r"[ \t]+([а-яё-]+)")
# "армии Израиля в Twitter": pymorphy3 also reads "в" as the abbreviation of "век", in the genitive
_NOT_NAME_WORDS = frozenset({"PREP", "CONJ", "PRCL"})


def _genitive_word(parse) -> bool:
    return "gent" in parse.tag and parse.tag.POS in ("NOUN", "ADJF") and "Abbr" not in parse.tag


def _before_verb(text: str) -> str:
    """'армии Израиля упал в Ливане' -> 'армии Израиля': a body's name ends before a verb."""
    for word in list(re.finditer(r"[А-Яа-яЁё-]+", text))[1:]:
        if morph.is_verb(word.group()):
            return text[: word.start()].rstrip()
    return text


def organisation_name(text: str, lang: str) -> str:
    text = re.sub(r"^(?:the|an?)\s+", "", text, flags=re.IGNORECASE).rstrip(".,")
    analyser = morph.russian()
    if lang != "ru" or analyser is None:
        return text
    words = text.split(" ")
    # "по информации Белого дома": adjectives before the body's noun agree with it, and go to the
    # nominative with it ("Белый дом"); what follows the noun stays as written ("иностранных дел")
    adjectives, noun = [], next((p for p in analyser.parse(words[0]) if p.tag.POS == "NOUN"), None)
    readings: list[list] = []  # each word's readings as an adjective, parsed once
    for count in range(1, len(words)):  # the longest run of adjectives that agree with the word after it
        readings.append(_adjective_readings(analyser, words[count - 1]))
        if not readings[-1]:
            break  # the run ends at a word that reads as no adjective: no longer one can agree
        if (agreed := _agreement(analyser, readings, words[count])) is not None:
            adjectives, noun = agreed
    head = words[len(adjectives)]
    nominative = noun.inflect({"nomn"}) if noun is not None else None
    if nominative is None or head.isupper():  # "МИД": an acronym stays as written
        return text
    # "пресс-службе" -> "пресс-служба", "Кремле" -> "Кремль"
    wanted = {"nomn", nominative.tag.number} | ({nominative.tag.gender} if nominative.tag.number == "sing" else set())
    forms = [reading.inflect({g for g in wanted if g}) for reading in adjectives]
    if any(form is None for form in forms):
        return text
    named = [_as_written(word, form.word) for word, form in zip(words, forms, strict=False)]
    return " ".join([*named, _as_written(head, nominative.word), *words[len(adjectives) + 1 :]])


def _agreement(analyser, readings: list[list], noun: str):
    """(one of each word's adjective READINGS, the reading of NOUN as a noun) where all agree in case,
    number and, in the singular, gender; None where no such readings exist."""
    for reading in analyser.parse(noun):
        tag = reading.tag
        if tag.POS != "NOUN":
            continue
        agreeing = [next((a for a in found if a.tag.case == tag.case and a.tag.number == tag.number
                          and (tag.number != "sing" or a.tag.gender == tag.gender)), None) for found in readings]
        if all(a is not None for a in agreeing):
            return agreeing, reading
    return None


def _adjective_readings(analyser, word: str) -> list:
    """WORD's readings as an adjective (or a participle read as one)."""
    return [reading for reading in analyser.parse(word) if reading.tag.POS in ("ADJF", "PRTF")]


def _as_written(original: str, form: str) -> str:
    """FORM with ORIGINAL's capital and, where ORIGINAL writes е for ё, with е ("Вооружённые" from "Вооруженных")."""
    form = form if "ё" in original.lower() else form.replace("ё", "е")
    return form[:1].upper() + form[1:] if original[:1].isupper() else form


# --- coreference helpers -----------------------------------------------------------------------------


_BODY_FAMILIES = {
    "army": re.compile(r"\b(?:army|armed forces|military|troops)\b|(?<![а-яё])(?:арми|вооруженн|войск)", re.I),
    "police": re.compile(r"\bpolice\b|(?<![а-яё])полици", re.I),
    "ministry": re.compile(r"\bministry\b|(?<![а-яё])министерств", re.I),
}


def _body_family(text: str) -> str | None:
    return next((family for family, pattern in _BODY_FAMILIES.items() if pattern.search(text)), None)


def _qualified(text: str) -> bool:
    """A body named with more than its kind: a capitalised word that is not the kind ('Israeli army',
    'армия Израиля'), unlike 'the armed forces' or a sentence's 'Вооруженные силы'."""
    words = re.sub(r"^(?:the|an?)\s+", "", text.strip(), flags=re.IGNORECASE).split()
    return any(word[:1].isupper() and _body_family(word) is None for word in words)


_ISSUED = re.compile(
    r"\s+(?:[a-z]+ly\s+|also\s+|then\s+)?(?:issued|released|put out|sent out|sent|posted|published|emailed)\s+$"
)
_COORDINATION = re.compile(r",?\s+(?:and|и)\s+|,\s+")
# Statements that are someone's writing, not a body's release: their authors speak through them.
_AUTHORED = frozenset({"text", "article", "piece", "column", "op-ed", "material", "текст", "стать", "матер"})


def _statement_noun(text: str) -> str:
    """'the announcement' -> 'announcement'; 'сообщении' -> 'сообщ' (the case ending aside)."""
    word = text.lower().split()[-1]
    return word[:5] if re.match(r"[а-яё]", word) else word


# Possessive: an all-capitals heading ("HE'S BEEN CALLED OUT") must not split into single letters
# in every possible way before `$` fails (it hung on one 5,500-character article).
_EN_NAME_LIST_TAIL = re.compile(r"(?:(?:[A-Z][\w.’'-]*+|and|&|,)\s*+)+$")
_EN_PREPOSITION_END = re.compile(
    r"(?:^|\s)(\S+)\s+(?:of|under|against|with|for|to|about|from|on|at|in|into|towards?|than|like|via|over|"
    r"between|among|after|before|including|as|alongside|beside|by)\s+(?:the\s+)?$"
)


# Not after an initial ("George H.W. Bush") nor a title ("Sen. Ben Sasse"). The lookahead first: the
# many lookbehinds of the titles are then tried only where a sentence may end (the same matches, faster).
_SENTENCE_BREAK = re.compile(rf"(?=[.!?]\s)(?<=[a-z0-9)]){NOT_AFTER_TITLE}[.!?]\s|\n")
_CLAUSE_BREAK = re.compile(rf"(?=[.!?]\s)(?<=[a-z0-9)]){NOT_AFTER_TITLE}[.!?]\s|[;:]\s|\n")


def _sentence_start(text: str, position: int) -> int:
    head = text[max(0, position - 400) : position]
    breaks = list(_SENTENCE_BREAK.finditer(head))
    return position - len(head) + (breaks[-1].end() if breaks else 0)


def speaks(text: str, mention: Mention) -> bool:
    """'Shaun Pollock says he hopes …', 'Mr Crean also said', 'Richard Butler, told', 'X, the envoy, said',
    'according to Defense Secretary Donald Rumsfeld': the mention is a speech verb's subject or source."""
    if _ACCORDING_TO_END.search(text, max(0, mention.start - 120), mention.start):
        return True
    if _speech_verb_before().search(text, max(0, mention.start - 60), mention.start):
        return True  # "…,” said Rick Wilson", "…,” says Sen. Pat Toomey"
    return _speech_verb_after().match(text[mention.end : mention.end + 100]) is not None


_ACCORDING_TO_END = re.compile(r"\b[Aa]ccording to\s+(?:(?:the|[A-Z][\w.’'-]*)\s+){0,6}$")


@cache
def _speech_verb_before() -> re.Pattern[str]:
    return re.compile(rf"[,”\"]\s*{EN_VERB}\s+(?:(?:the|[A-Z][\w.’'-]*|[a-z]+-?[a-z]+)\s+){{0,3}}$")


@cache
def _speech_verb_after() -> re.Pattern[str]:
    # "Sen. Claire McCaskill (D-Mo.), who has endorsed Clinton, said": a party tag, a clause between commas
    verb = (
        rf"(?:\s*\([^()¤]{{1,30}}\))?(?:,[^,.;¤]{{0,60}},|,\s*who\b[^;¤]{{0,120}}?,)?,?\s+"
        rf"(?:(?:also|then|later|earlier|again|has|had|have)\s+)?{EN_VERB}"
    )
    return re.compile(verb, re.IGNORECASE)


def object_of_preposition(text: str, mention: Mention) -> bool:
    """'the detail of Presidents George H.W. Bush and Bill Clinton': a name in a list after a preposition,
    in its own sentence; not a title's 'of' or 'to' ('Assistant Secretary of Pacific Affairs Daniel
    Russel', 'ambassador to Pakistan Abdul Salam Zaeef')."""
    head = text[max(0, mention.start - 120) : mention.start]
    head = _CLAUSE_BREAK.split(head)[-1]
    tail = _EN_NAME_LIST_TAIL.search(head)
    head = head[: tail.start()] if tail else head
    preposition = _EN_PREPOSITION_END.search(head)
    if preposition is None:
        return False
    before = preposition.group(1)  # a title's "of" or "to": "Secretary of …", "ambassador to Pakistan …"
    if before.lower() == "according":
        return False  # "according to X" names the source
    titled_place = tail is not None and any(w[:1].isupper() for w in tail.group().split())
    return not before[:1].isupper() and not (titled_place and before.lower().rstrip("s") in EN_ROLE_WORDS)


def possessive(text: str, mention: Mention) -> bool:
    """'Adelson's', 'Sanders’ approach': the mention owns what follows."""
    after = text[mention.end : mention.end + 2]
    return after in ("’s", "'s") or (mention.text.endswith("s") and after[:1] in ("’", "'") and not after[1:].isalpha())


def _pronoun_gender(word: str) -> str | None:
    genders = {
        "he": "m",
        "him": "m",
        "she": "f",
        "her": "f",
        "он": "m",
        "она": "f",
        "его": "m",
        "ее": "f",
        "её": "f",
    }
    return genders.get(word.lower())


def surname_key(name: str) -> str:
    last = name.split()[-1].lower().replace("ё", "е")
    return last


def _canonical_people(found: list[Person], votes: dict[str, dict[str, int]] | None = None) -> dict[str, Person]:
    """Surname -> the fullest name seen with that surname, and the first role given to it. A person
    whose first name says no sex takes one from a role ('spokeswoman') or, failing that, from the
    pronouns that follow their sentences ('Obama said … He added')."""
    people: dict[str, Person] = {}
    for person in found:
        key = surname_key(person.name)
        known = people.get(key)
        if known is None:
            people[key] = person
            continue
        name = person.name if len(person.name.split()) > len(known.name.split()) else known.name
        genders = {known.gender, person.gender} - {None}
        gender = genders.pop() if len(genders) == 1 else ("x" if genders else None)  # "Jodee" f, "Mr Rich" m
        people[key] = Person(name, known.role or person.role, gender)
    for key, person in people.items():
        if person.gender is None:
            gender = role_gender(person.role) or _voted((votes or {}).get(key, {}))
            if gender is not None:
                people[key] = Person(person.name, person.role, gender)
    return people


def _voted(votes: dict[str, int]) -> str | None:
    male, female = votes.get("m", 0), votes.get("f", 0)
    if male >= 2 * female + 1:
        return "m"
    if female >= 2 * male + 1:
        return "f"
    return None


_SAYS_PRONOUN = re.compile(rf"\s+(?:\w+\s+)?{EN_VERB}\s+(?:that\s+)?([Hh]e|[Ss]he)\b", re.IGNORECASE)


def _pronoun_votes(text: str, items: list[Mention]) -> dict[str, dict[str, int]]:
    """Surname -> how often 'he' and 'she' point to that person: a sentence opened by He or She right
    after one opened by the person ('Obama spoke. He said'), or 'Obama said he …'."""
    votes: dict[str, dict[str, int]] = {}
    people = [m for m in items if m.kind == "person" and not m.oblique]
    for mention in people:
        said = _SAYS_PRONOUN.match(text, mention.end, mention.end + 60)
        if said:
            _vote(votes, mention, said.group(1))
    openers = [m for m in people if _sentence_start(text, m.start) == m.start]
    for pronoun in (m for m in items if m.kind == "pronoun" and m.text in ("He", "She")):
        before = [m for m in openers if m.end <= pronoun.start and pronoun.start - m.end <= 300]
        if before and _sentence_start(text, pronoun.start) == pronoun.start:
            previous = _sentence_start(text, max(0, pronoun.start - 2))
            if before[-1].start == previous:
                _vote(votes, before[-1], pronoun.text)
    return votes


def _vote(votes: dict[str, dict[str, int]], mention: Mention, pronoun: str) -> None:
    counts = votes.setdefault(surname_key(mention.person.name), {})
    gender = "m" if pronoun.lower() == "he" else "f"
    counts[gender] = counts.get(gender, 0) + 1

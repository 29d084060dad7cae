"""English person names: who in the text is a person, with their role and gender.

A run of capitalised words is a person's name when it starts with a known first name (the US Census
list by default, see FIRST_NAME_SOURCES), follows a title ("Mr.", "President"), or stands where a
speaker stands ("Nääs said", "wrote Krychowiak"). The role comes from the words around the name
("Russian Ambassador to North Korea Alexander Matsegora", "Ned Price, U.S. State Department
spokesperson,").
"""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.quotes.outlets import load_registry
from pipeline.quotes.people import Mention, Person, covered, surname_key
from pipeline.quotes.roles import EN_ROLE_WORDS, TITLE_ABBREVIATIONS
from pipeline.quotes.verbs import EN_VERB, ends_at

_HONORIFICS = frozenset("mr mrs ms dr prof sir lord madam mister".split())
# Function words that are never a name, whether they open a sentence or stand inside a capitalised run.
_FUNCTION_WORDS_NOT_NAMES = frozenset(
    "the a an this that these those it he she they we in on at as but and or if when while after before "
    "according such however meanwhile".split()
)
_EN_NOT_NAMES = _FUNCTION_WORDS_NOT_NAMES | frozenset(
    "korea russia ukraine america china japan europe republic republics ministry department state states "
    "foreign affairs council government embassy office kremlin duma committee federation union party court "
    "service agency bank university institute army forces defense defence nations united north south east "
    "west eastern western northern southern far central international organizations national public "
    "federal regional city region oblast krai moscow kyiv kiev washington london beijing pyongyang donetsk "
    "luhansk donbas crimea syria cold war summer winter spring autumn monday tuesday wednesday thursday "
    "friday saturday sunday january february march april may june july august september october november "
    "december god internet covid coronavirus news times post daily street square avenue airport station "
    "club fc league cup olympic olympics games world championship i district province county territory krai "
    "republic's house senate capitol hill congress campaign convention caucus pac tower center centre hall "
    "park school college church road island river valley beach".split()
)
# Function words capitalised only because they open a sentence: "Though Pompeo said", "His orders".
_FUNCTION_WORDS = _FUNCTION_WORDS_NOT_NAMES | frozenset(
    "his her their its our my your though although because since yet so thus then now still also even "
    "instead later earlier today yesterday for with from by of to into during under over without despite "
    "unlike like once here there where why how what who which whose whom others some many most both all "
    "each everyone everybody nobody someone somebody anyone".split()
)
# Words no name found by where it stands may contain ("Pakistan said", "Sen. said", "Officials say").
_NEVER_SPEAKING_NAMES = _EN_NOT_NAMES | EN_ROLE_WORDS | _HONORIFICS | frozenset(TITLE_ABBREVIATIONS)
_LOWER = "a-zß-öø-ÿā-ž"
_EN_TOKEN = (
    rf"(?:(?:(?<![\w’'])[OD][’'](?=[A-Z]))?[A-ZÀ-ÖØ-ÞĀ-Ž][{_LOWER}]+(?:[A-Z][{_LOWER}]+)?(?:['’-][A-Za-z{_LOWER}]+)*"
    r"|(?<![A-Za-z])(?!U\.[SNK]\.)(?:[A-Z]\.){1,3})"  # initials: "G.K. Butterfield", not "U.S."
)
_REGNAL = r"(?:II|III|IV|VI|VII|VIII|IX|XI|XII|XIII|XIV|XV|XVI)"  # "Elizabeth II", "Carl XVI Gustaf"
_NOT_A_NAME_START = "|".join(sorted(w.capitalize() for w in _FUNCTION_WORDS))
# A middle initial written without its full stop, between two capitalised words: "George W Bush".
_BARE_INITIAL = r"[A-Z](?=[ \t]{1,2}[A-ZÀ-ÖØ-ÞĀ-Ž][a-zß-öø-ÿā-ž])"
# "Said Comey, “…”": a verb of saying that opens a sentence before its speaker is no first name.
_SENTENCE_START = r"(?:(?<![\s\S])|(?<=\n)|(?<=[.!?][ \t])|(?<=[.!?][\"”’'][ \t])|(?<=[.!?][ \t]{2}))"
_OPENING_VERB = rf"(?=(?:Said|Says|Added|Adds|Asked|Wrote|Writes|Explained|Noted|Recalled|Replied)\b){_SENTENCE_START}"
# A headline in title case puts its verb between two names ("Hillary Clinton Says Trump’s Big …",
# "Chris Christie Calls Hillary Clinton …"): a verb of saying or judging in the present is no word of a
# name ("Said" is a first name too: "Edward Said wrote", so it is not among them).
_HEADLINE_VERB = (
    r"(?:Says|Tells|Told|Asks|Calls|Warns|Slams|Urges|Blasts|Claims|Vows|Insists|Admits|Denies|Defends|Accuses"
    r"|Attacks|Praises|Mocks|Responds|Explains|Reveals|Hammers|Wants|Thinks|Believes|Pledges|Promises|Suggests"
    r"|Argues|Rejects|Dismisses|Lashes|Blames|Endorses|Threatens|Apologizes|Apologises|Predicts|Announces"
    r"|Declares|Touts)\b"
)
# A possessive ends a name: "Sheldon Adelson's Las Vegas Sands".
_EN_RUN = re.compile(
    rf"(?!(?:{_NOT_A_NAME_START})\b)(?!{_OPENING_VERB})(?!{_HEADLINE_VERB}){_EN_TOKEN}"
    rf"(?:(?<!['’]s)[ \t]{{1,2}}(?:(?:al|Al|bin|de|van|von|der)[ \t])?(?!{_HEADLINE_VERB})"
    rf"(?:{_EN_TOKEN}|{_REGNAL}\b|{_BARE_INITIAL}))*"
)


# --- people ------------------------------------------------------------------------------------------


def english_people(masked: str) -> list[Mention]:
    """Every person named in the quote-masked English text; a lone surname counts when the person is
    named in full elsewhere in it, or stands where a speaker stands elsewhere ("Trump said")."""
    runs = list(_EN_RUN.finditer(masked))
    found = []
    for run in runs:
        mention = _english_person(masked, run) or _speaking_name(masked, run)
        if mention is not None:
            found.append(mention)
    alone = _lone_words(runs)
    lowercase = _lowercase_words(masked)
    taken = covered((m.start, m.end) for m in found)
    for run in runs:  # "the party’s 2012 nominee, Mitt Romney. Romney went after …": a first name nobody listed
        if run.start() not in taken:
            mention = _named_with_recurring_surname(masked, run, alone, lowercase)
            if mention is not None:
                found.append(mention)
                taken.update(range(mention.start, mention.end))
    surnames = {surname_key(m.person.name) for m in found}
    particled = {_particled_surname(m.person.name) for m in found} - {None}
    for run in runs:  # a lone surname of someone named in full, or found speaking, elsewhere
        word = run.group().removesuffix("’s").removesuffix("'s")
        if (len(run.group().split()) == 1 and word.lower() in surnames) or word.lower() in particled:
            if run.start() not in taken:
                start = run.start()
                found.append(Mention(start, start + len(word), word, "person", Person(word, None, None)))
                taken.update(range(start, start + len(word)))
    return found


def _particled_surname(name: str) -> str | None:
    """"de blasio" for "Bill de Blasio", "van hollen" for "Chris Van Hollen": a surname with its particle,
    which a sentence may open with ("De Blasio said")."""
    words = name.split()
    if len(words) == 3 and words[1].lower() in _SURNAME_PARTICLES:
        return " ".join(words[1:]).lower()
    return None


def name_runs(masked: str):
    """Runs of capitalised Latin-script words that may name someone (in any language's text)."""
    return _EN_RUN.finditer(masked)


def person_by_first_name(masked: str, run: re.Match) -> Mention | None:
    """The person a run names when it starts with a known first name or follows a title ("Terry Branstad")."""
    return _english_person(masked, run)


def may_name_a_speaker(name: str) -> bool:
    """No word of NAME is a place, body, role or common word, and it is no outlet's name."""
    if any(t.lower().rstrip(".") in _NEVER_SPEAKING_NAMES for t in name.split()):
        return False
    return load_registry().by_name(name) is None


def _lone_words(runs: list[re.Match]) -> set[str]:
    """Capitalised words that stand alone somewhere (no capitalised word next to them)."""
    return {run.group().removesuffix("’s").removesuffix("'s") for run in runs if " " not in run.group().strip()}


def _lowercase_words(masked: str) -> frozenset[str]:
    return frozenset(re.findall(r"(?<![\w’'-])[a-z][a-z’'-]*", masked))


def _named_with_recurring_surname(masked: str, run: re.Match, alone: set[str], lowercase) -> Mention | None:
    """Two or three capitalised words whose last one the text also uses alone, none of them a common
    word (never written in lower case here), a place, a body, a role or an outlet: a person named in
    full and then by surname, as news does ("Mitt Romney" … "Romney")."""
    tokens = run.group().removesuffix("’s").removesuffix("'s").split()
    if not 2 <= len(tokens) <= 3 or tokens[-1] not in alone:
        return None
    if tokens[0].lower() in _PARTIES:
        return None  # "Republican Donald Trump": the party is no part of the name found in full beside it
    for token in tokens:
        word = token.lower().rstrip(".")
        if word in _EN_NOT_NAMES | _FUNCTION_WORDS | EN_ROLE_WORDS | _HONORIFICS or word in TITLE_ABBREVIATIONS:
            return None
        if word in lowercase or not re.fullmatch(r"[A-ZÀ-ÖØ-Þ][\w’'-]+", token):
            return None
    if load_registry().by_name(" ".join(tokens)) is not None:
        return None
    name = " ".join(tokens)
    start = run.start()
    role = _english_role(masked, start, start + len(name), start)
    return Mention(start, start + len(name), name, "person", Person(name, role, _english_gender(tokens[0])))


# An adverb may stand between a speaker and the verb: "Kreitsmann earlier explained".
# An age may stand between them too: "Suu Kyi, 70, said".
_VERB_AFTER = re.compile(
    rf"(?:,\s*\d{{1,3}},)?\s+(?:(?:also|then|earlier|later|previously|again|further)\s+)?{EN_VERB}"
)
_VERB_BEFORE = re.compile(rf"{EN_VERB}\s+$")
_AFFILIATION_VERB_AFTER = re.compile(
    rf",?\s+(?:from|of|at|with)\s+(?:the\s+)?(?:[A-Z][\w’'&-]*\s+){{1,6}},?\s*(?:also\s+)?{EN_VERB}"
)
# After "said X" the clause ends or goes on with a phrase ("said Martinez of the visit"), not with a
# verb of X's own ("says Pakistan wants peace": Pakistan is the reported clause's subject).
_CLAUSE_ENDS = re.compile(
    r"\s*(?:[,.;:!?¤\"”’)\n]|$|(?:who|the|a|an|of|on|in|at|to|about|after|before|during|from|last|this|"
    r"yesterday|today|tonight|earlier|later|when|as|while)\b)"
)
_ROLE_WORD = r"\b(?:" + "|".join(sorted(EN_ROLE_WORDS, key=len, reverse=True)) + ")"
_ROLE_BEFORE = re.compile(rf"{_ROLE_WORD}s?,\s*$")
_ENDS_SENTENCE = re.compile(r"\w*[a-z]\w*\.")  # "Conservatives." ends one; "U.S." or "H." does not
_ROLE_WORD_BEFORE = re.compile(rf"{_ROLE_WORD}[ \t]+$")
_NOUN_LIKE_VERB = re.compile(r"states|claims|reports|calls|notes|comments|remarks|answers|quotes|posts|shares")
_CLAUSE_OPENS = re.compile(r"\s*(?:that\b|:|\.)")
_WHO_CLAUSE_VERB_AFTER = re.compile(rf",\s*who\s[^.;¤\n]{{3,160}}?,\s*(?:also\s+|then\s+)?{EN_VERB}")
_COMMA_VERB_AFTER = re.compile(rf",\s*(?:also\s+)?{EN_VERB}")
_SURNAME_PARTICLES = frozenset("de del della di da van von der le la du st".split())
_PARTIES = frozenset("republican democrat democratic".split())
_WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
_INITIAL = re.compile(r"[A-Z]\.")  # "Julie A. Diaz Martinez": an initial, not the article "a"
# "“…” ― Beck Pimentel": a signature, the words after a dash that follows a closing quotation mark,
# alone up to the end of their line
_SIGNATURE_BEFORE = re.compile(r"[”\"»’'][^\S\n]*(?:\n\s*)?[—–―-]+[^\S\n]*$")
_SIGNATURE_AFTER = re.compile(r"[^\S\n]*(?:[.,(][^\n]{0,80})?(?:\n|$)")


def _speaking_name(masked: str, run: re.Match) -> Mention | None:
    """A name the first-name list does not know, standing where a speaker stands: "Nääs said",
    "wrote Krychowiak", "Nikolay Parfenov, the head of the Ruza District, told"."""
    tokens = run.group().split()
    if len(tokens) > 3 or not may_name_a_speaker(run.group()) or re.search(r"['’]s$", tokens[-1]):
        return None  # "calling Rubio’s proposed child care credit": an owner before its noun, not a speaker
    after = masked[run.end() : run.end() + 200]
    before = masked[max(0, run.start() - 30) : run.start()]
    # "Ludde Ingvall, the skipper of Nicorette, says"; "Jean-Marc Ayrault, the foreign minister of France,
    # a permanent member of the Security Council, said": a description of one or two parts
    apposition = re.match(
        r",\s*(the\s|an?\s)?\s*([^,.;¤]{3,60})(?:,\s*[^,.;¤]{3,80})?,\s*(?:also\s+)?" + EN_VERB, after
    )
    described = apposition and (  # "Ludde Ingvall, the skipper of Nicorette, says"
        apposition.group(1) or any(_bare(w) in EN_ROLE_WORDS for w in apposition.group(2).split())
    )
    verb_after = _VERB_AFTER.match(after)
    if verb_after and _NOUN_LIKE_VERB.fullmatch(verb_after.group().split()[-1]) and not _CLAUSE_OPENS.match(
        after, verb_after.end()
    ):
        verb_after = None  # "many Asian states, and": a plural noun, not "Smith states that"
    speaking = (
        verb_after
        or _WHO_CLAUSE_VERB_AFTER.match(after)  # "Valdez Anderson, who works at …, said"
        or _AFFILIATION_VERB_AFTER.match(after)  # "Marks Sullivan from the Rural Fire Service says"
        or (_VERB_BEFORE.search(before) and _CLAUSE_ENDS.match(after))  # not "says Pakistan wants"
        or (_ROLE_BEFORE.search(before) and _COMMA_VERB_AFTER.match(after))  # "his lawyer, Martinez, recalled"
        or described
        or (len(tokens) >= 2 and _SIGNATURE_BEFORE.search(before) and _SIGNATURE_AFTER.match(after))
    )
    if not speaking or (
        len(tokens) == 1
        and _VERB_BEFORE.search(before) is None
        and run.start() > 0
        and masked[run.start() - 1] not in " \n\"”'’"
    ):
        return None
    if len(tokens) == 1 and re.search(r"(?:^|[.!?]\s+|\n)$", masked[max(0, run.start() - 3) : run.start()]):
        if not _VERB_AFTER.match(after) or _common_plural(tokens[0]):
            return None  # "Residents complained": people, but no one's name
    if re.search(r"\b(?:[Tt]he|[Aa]n?)\s+$", before):
        return None  # "the American added": a description, not a name
    if re.search(r"\b[A-Z]{2,}\s+$|[A-Z]\w*\s+(?:for|of|on)\s+(?:the\s+)?$", before):
        return None  # "a co-owner of UC Global asked", "Council for Educational Research": a body's name
    name = run.group()
    role = apposition.group(2).strip() if apposition and re.search(r"[^\W\d]", apposition.group(2)) else None
    return Mention(run.start(), run.end(), name, "person", Person(name, role, None))


def _common_plural(word: str) -> bool:
    """A plural of a common English noun ("Residents", "Officials", "Witnesses"), by wordfreq."""
    lowered = word.lower()
    if not lowered.endswith("s") or lowered.endswith("ss"):
        return False
    from wordfreq import zipf_frequency

    singular = lowered[:-2] if lowered.endswith("es") and zipf_frequency(lowered[:-2], "en") > 4.3 else lowered[:-1]
    return zipf_frequency(singular, "en") > 4.3


def _english_person(masked: str, run: re.Match) -> Mention | None:
    tokens = [(m.start() + run.start(), m.group()) for m in re.finditer(r"\S+", run.group())]
    last_start, last = tokens[-1]
    if last.endswith(("’s", "'s")):
        tokens[-1] = (last_start, last[:-2])
    cut = 0
    titled = False
    for index, (_, token) in enumerate(tokens):
        word = token.lower().rstrip(".")
        if index == len(tokens) - 1 and index > cut and _english_gender(tokens[cut][1]) is not None:
            break  # "Amy Pope", "Martin Luther King": a role word after a first name is a surname
        if word in EN_ROLE_WORDS or word in _HONORIFICS or word in TITLE_ABBREVIATIONS:
            cut, titled = index + 1, True
        elif word in _EN_NOT_NAMES and index < len(tokens) - 1 and not titled and not _INITIAL.fullmatch(token):
            if not (index == cut + 1 and len(tokens) - cut == 3 and _middle_name([t for _, t in tokens[cut:]])):
                cut = index + 1
    name_tokens = tokens[cut:]
    if not name_tokens or not _plausible_name([t for _, t in name_tokens], titled):
        return None
    if not titled and len(name_tokens) > 2 and _english_gender(name_tokens[0][1]) is None:
        # "American Stephen Thomas Ochsner": the name starts at the first known first name.
        known = next((i for i, (_, t) in enumerate(name_tokens) if _english_gender(t) is not None), None)
        if known is not None and len(name_tokens) - known >= 2:
            name_tokens = name_tokens[known:]
    first = name_tokens[0][1]
    gender = _english_gender(first)
    honorific = _preceding_honorific(masked, name_tokens[0][0])
    titled = titled or honorific is not None
    if len(name_tokens) == 1 and not titled:
        return None
    if len(name_tokens) > 1 and not titled:  # "Pentagon spokeswoman Victori Clark", "historian Walter Phillips"
        titled = ends_at(_ROLE_WORD_BEFORE, masked, name_tokens[0][0]) is not None
    if len(name_tokens) > 1 and gender is None and not titled and not re.fullmatch(r"(?:[A-Z]\.)+", first):
        return None
    if honorific in ("mrs", "ms", "madam"):
        gender = "f"
    elif honorific in ("mr", "sir", "lord", "mister"):
        gender = "m"
    start = name_tokens[0][0]
    end = name_tokens[-1][0] + len(name_tokens[-1][1])
    name = masked[start:end]
    role = _english_role(masked, start, end, run.start())
    if len(name_tokens) == 1:
        gender = gender if honorific else None
    return Mention(start, end, name, "person", Person(name, role, gender))


_HONORIFIC_BEFORE = re.compile(
    r"\b(Mr|Mrs|Ms|Dr|Prof|Sir|Lord|" + "|".join(t.capitalize() for t in TITLE_ABBREVIATIONS) + r")\.?\s+$"
)


def _preceding_honorific(masked: str, start: int) -> str | None:
    """'Mr.', 'Sen.', 'Gov.' right before a name: it is a person's name, even a surname alone."""
    match = _HONORIFIC_BEFORE.search(masked[max(0, start - 8) : start])
    return match.group(1).lower() if match else None


def _middle_name(words: list[str]) -> bool:
    """Whether three WORDS are a known first name, a middle name that is no function word and a surname
    English rarely uses otherwise: "Kathleen Hall Jamieson" (not "Virginia State University", "Carson And
    Christie")."""
    first, middle, last = words
    return _english_gender(first) is not None and middle.lower() not in _FUNCTION_WORDS and _rare_surname(last)


def _rare_surname(word: str) -> bool:
    """A word no list has and English rarely uses otherwise ("Jamieson"; not "Garden" in "Madison
    Square Garden")."""
    from wordfreq import zipf_frequency

    return word.lower() not in _NEVER_SPEAKING_NAMES and zipf_frequency(word.lower(), "en") < 4.0


def _plausible_name(tokens: list[str], titled: bool) -> bool:
    """No word of it is a place, body or common word, except a surname after a title or a known first
    name, or a middle name between a known first name and a surname: "Mr Winter", "John Winter",
    "George Washington", "President Park Geun-hye", "Kathleen Hall Jamieson"."""
    listed = [i for i, token in enumerate(tokens) if token.lower() in _EN_NOT_NAMES]
    if not listed:
        return True
    if listed == [1] and len(tokens) == 3 and _english_gender(tokens[0]) is not None:
        return _middle_name(tokens)
    surname_only = (
        listed == [len(tokens) - 1]
        and len(tokens) > 1
        and _english_gender(tokens[0]) is not None
        and tokens[-1].lower() not in _WEEKDAYS  # "in Fort Pierce, Florida Friday": a place and a day
    )
    return surname_only or (titled and len(listed) == 1)  # "Mr Winter", "President Park Geun-hye"


def _english_gender(first: str) -> str | None:
    """'m', 'f', 'x' (a first name either way) or None (not a known first name)."""
    return first_names().gender(first.strip("."))


# --- roles -------------------------------------------------------------------------------------------


def _bare(word: str) -> str:
    bare = word.lower().removesuffix("’s").removesuffix("'s").strip(".,")
    bare = TITLE_ABBREVIATIONS.get(bare, bare)  # "Gov." is a governor
    return bare[:-1] if bare.endswith("s") and bare[:-1] in EN_ROLE_WORDS else bare  # "experts"


_EN_CONNECTORS = frozenset("of the to for and in at on from 's ’s".split())


def _english_role(masked: str, start: int, end: int, run_start: int) -> str | None:
    """'Russian Ambassador to North Korea Alexander Matsegora' / 'Ned Price, U.S State Department
    spokesperson,'"""
    after = re.match(
        r",\s*((?:[^,.;:¤\n]|\.(?=\S|\s[A-Z])){3,90}?)\s*(?=,|;|\.\s*$|\s+(?:said|told|addressing|who|has|had|was|is)\b)",
        masked[end : end + 120],
    )
    if after and any(_bare(w) in EN_ROLE_WORDS for w in after.group(1).split()):
        return after.group(1).strip()
    words = list(re.finditer(r"[\w.’'-]+", masked[max(0, start - 160) : start]))
    kept: list[str] = []
    for word in reversed(words):
        text = word.group()
        gap = masked[max(0, start - 160) + word.end() : start if not kept else max(0, start - 160) + word.end() + 1]
        ends_sentence = _ENDS_SENTENCE.fullmatch(text) and text.lower().rstrip(".") not in TITLE_ABBREVIATIONS
        if "," in gap or "¤" in gap or "\n" in gap or ends_sentence:
            break  # a role stays within its sentence: not "Conservatives. According to Vilmorus director"
        lowered = text.lower()
        if text[:1].isupper() or lowered in _EN_CONNECTORS or _bare(lowered) in EN_ROLE_WORDS or lowered.endswith("’s"):
            kept.insert(0, text)
            continue
        break
    while kept and kept[0].lower() in _EN_CONNECTORS | {"a", "an", "according"}:
        kept.pop(0)
    if any(_bare(w) in EN_ROLE_WORDS for w in kept):
        return " ".join(kept)
    before_comma = re.search(
        r"(?:^|[.;]\s+|\bthat\s+)((?:[Aa]n?|[Tt]he)\s[^,.;¤]{3,90}),\s*$", masked[max(0, start - 120) : start]
    )
    if before_comma and any(w.lower() in EN_ROLE_WORDS for w in before_comma.group(1).split()):
        return re.sub(r"^(?:[Aa]n?|[Tt]he)\s+", "", before_comma.group(1))
    return None


# --- first-name lists --------------------------------------------------------------------------------


class _GenderGuesser:
    """gender-guesser's list of ~40,000 first names from many countries (GPLv3: an optional extra)."""

    name = "gender-guesser"

    def __init__(self) -> None:
        import gender_guesser.detector as detector_module

        self.detector = detector_module.Detector(case_sensitive=False)

    def gender(self, word: str) -> str | None:
        verdict = self.detector.get_gender(word)
        return {"male": "m", "mostly_male": "m", "female": "f", "mostly_female": "f", "andy": "x"}.get(verdict)


class _CensusNames:
    """The US Census first names shipped by the MIT-licensed `names` package (when installed), plus
    the usual Latin spellings of Russian and Ukrainian first names (below)."""

    name = "census"

    def __init__(self) -> None:
        self.genders: dict[str, str] = {}
        try:
            import names as names_module
        except ImportError:
            names_module = None
        if names_module is not None:
            folder = Path(names_module.__file__).parent
            shares = {
                gender: _census_shares(folder / f"dist.{sex}.first") for gender, sex in (("m", "male"), ("f", "female"))
            }
            for word in shares["m"].keys() | shares["f"].keys():
                self.genders[word] = _dominant_gender(shares["m"].get(word, 0.0), shares["f"].get(word, 0.0))
        for gender, words in (("m", _SLAVIC_MALE), ("m", _WORLD_MALE), ("f", _SLAVIC_FEMALE), ("f", _WORLD_FEMALE)):
            for word in words.split():
                self.genders.setdefault(word.lower(), gender)

    def gender(self, word: str) -> str | None:
        return self.genders.get(word.lower())


def _census_shares(path: Path) -> dict[str, float]:
    """First name -> percent of the sex's population (the list's second column)."""
    with open(path, encoding="utf-8") as handle:
        return {line.split()[0].lower(): float(line.split()[1]) for line in handle if line.strip()}


def _dominant_gender(male: float, female: float) -> str:
    """Both lists hold most names a little (John: 3.271 % of men, 0.012 % of women): 'x' only when
    neither sex has ten times the other's share."""
    if male >= 10 * female:
        return "m"
    if female >= 10 * male:
        return "f"
    return "x"


_SLAVIC_MALE = (
    "Aleksandr Alexandr Oleksandr Aleksei Alexei Alexey Aleksey Oleksiy Anatoly Anatoliy Andrei Andrey "
    "Andriy Anton Arkady Arseny Artem Artyom Boris Bogdan Bohdan Vadim Valentin Valery Valeriy Vasily "
    "Vasiliy Vasyl "
    "Viktor Vitaly Vitaliy Vladimir Volodymyr Vladislav Vyacheslav Gennady Gennadiy Georgy Georgiy Gleb "
    "Grigory Grigoriy Denis Dmitry Dmitri Dmitriy Dmytro Evgeny Evgeniy Yevgeny Yevgeniy Egor Yegor Ivan "
    "Igor Ilya Kirill Konstantin Leonid Maxim Maksim Mikhail Mykhailo Nikita Nikolai Nikolay Mykola Oleg "
    "Pavel Pavlo Petr Pyotr Petro Roman Ruslan Sergei Sergey Serhiy Stanislav Stepan Taras Timur Fyodor "
    "Fedor Yuri Yury Yuriy Yaroslav Ramzan Rustam Zurab Ilyas Arkadiy Semyon Savely Eduard Emil Alisher"
)
_SLAVIC_FEMALE = (
    "Aleksandra Alexandra Alina Alla Anastasia Anastasiya Anna Valentina Vera Veronika Viktoria Victoria "
    "Galina Darya Daria Ekaterina Yekaterina Kateryna Elena Yelena Olena Elizaveta Zhanna Zoya Inna Irina "
    "Iryna Karina Kira Ksenia Kseniya Larisa Lyudmila Ludmila Maria Mariya Marina Nadezhda Natalia Natalya "
    "Nina Oksana Olga Polina Svetlana Tatiana Tatyana Ulyana Yulia Yuliya Elvira Evgenia Yevgenia Lyubov "
    "Raisa Taisiya Vasilisa Milana Arina Angelina Kristina Liliya Diana Alyona Alena Olesya Yana"
)
# Common given names of the countries English-language news reports on that the US Census list lacks
# (British, Irish and Australian short forms; Arabic, Hebrew, Persian, South and East Asian, German,
# Italian, French, Turkish, African and Latin American names), written from general knowledge.
_WORLD_MALE = (
    "Geoff Alastair Alistair Hamish Angus Clive Declan Ruairi Paddy Lachlan Rhys Gareth Alun Kieran Kieren "
    "Callum Euan Fergus Gavin Nigel Rowan Gough Mohamad Mohammad Mohammed Muhammad Ahmad Ahmed Hamid Hamed "
    "Yasser Yasir Saeb Nabil Osama Usama Omar Umar Khalid Tariq Hassan Hussein Hosni Bashar Hafez Mahmoud "
    "Mahmud Abdul Abdullah Abdel Jalal Ashraf Nouri Ayad Moqtada Reza Mir Yunus Ehud Shimon Yitzhak Moshe "
    "Avigdor Benny Naftali Yair Pervez Nawaz Imran Jaswant Atal Rahul Narendra Manmohan Amit Rajiv Sanjay "
    "Junichiro Shinzo Taro Yoshihide Fumio Gerhard Helmut Jurgen Joschka Silvio Romano Matteo Enrico "
    "Giuseppe Jacques Nicolas Emmanuel Francois Lionel Recep Ahmet Kofi Thabo Cyril Goodluck Olusegun "
    "Uhuru Raila Yoweri Evo Luiz Jair Nestor Mauricio Andres"
)
_WORLD_FEMALE = (
    "Niamh Sinead Siobhan Aoife Saoirse Kylie Germaine Bronwyn Cate Nicola Ursula Benazir Indira Sonia "
    "Yingluck Corazon Golda Tzipi Ayelet Hanan Rania Jacinda Dilma Cristina Elka"
)
FIRST_NAME_SOURCES = {"census": _CensusNames, "gender-guesser": _GenderGuesser}
DEFAULT_FIRST_NAMES = "census"  # MIT-licensed; gender-guesser (GPLv3) scores about the same here
_FIRST_NAMES: dict[str, object] = {}


def use_first_names(source: str) -> None:
    """Choose the first-name list ("census" or "gender-guesser"); it is part of `settings()`."""
    if source not in FIRST_NAME_SOURCES:
        raise ValueError(f"unknown first-name list {source!r}; available: {', '.join(FIRST_NAME_SOURCES)}")
    _FIRST_NAMES["chosen"] = FIRST_NAME_SOURCES[source]()


def first_names():
    if "chosen" not in _FIRST_NAMES:
        use_first_names(DEFAULT_FIRST_NAMES)
    return _FIRST_NAMES["chosen"]

"""Roles: the nouns that name what a person is ("the diplomat", "посол", "Sen."), and which earlier
person a role noun may refer to ("the senator" → the person titled "Sen.", "the Republican lawmaker"
→ a senator or a representative, "the diplomat" → an ambassador or a foreign-ministry official)."""

from __future__ import annotations

import re

EN_ROLE_WORDS = frozenset(
    "president minister ambassador diplomat spokesperson spokesman spokeswoman director head chief leader "
    "member secretary chairman chairwoman chair governor mayor senator congressman congresswoman "
    "representative deputy official envoy consul adviser advisor aide analyst expert professor researcher "
    "economist lawyer attorney judge general colonel commander officer coach captain manager founder ceo "
    "executive editor journalist correspondent reporter author scientist doctor politician lawmaker "
    "prosecutor investigator ombudsman candidate activist priest patriarch pope king queen prince premier "
    "chancellor counterpart player striker goalkeeper defender forward midfielder champion athlete actor "
    "actress singer producer writer blogger host presenter commentator specialist physician surgeon "
    "virologist epidemiologist teacher witness owner entrepreneur businessman businesswoman banker "
    "investor boss speaker mp governor-general vice-president source sources interlocutor psychologist "
    "psychiatrist scholar historian sociologist pollster commissioner "
    # political news: who runs, who advises, who pays
    "nominee frontrunner front-runner hopeful challenger incumbent strategist consultant operative staffer "
    "surrogate donor mogul billionaire legislator delegate lieutenant sheriff "
    "superintendent administrator coordinator moderator pundit columnist organizer campaigner archbishop "
    "bishop cardinal rabbi imam pastor".split()
)
# Titles written short before a name: "Sen. Ben Sasse" is a senator named Ben Sasse, not "Sen".
TITLE_ABBREVIATIONS = {
    "sen": "senator",
    "rep": "representative",
    "gov": "governor",
    "lt": "lieutenant",
    "gen": "general",
    "col": "colonel",
    "capt": "captain",
    "cmdr": "commander",
    "adm": "admiral",
    "maj": "major",
    "sgt": "sergeant",
    "atty": "attorney",
    "amb": "ambassador",
    "pres": "president",
    "sec": "secretary",
    "supt": "superintendent",
    "rev": "reverend",
    "insp": "inspector",
    "det": "detective",
    "del": "delegate",
}
# Lookbehinds that keep a title's period from reading as a sentence end ("Sen. Ben Sasse").
NOT_AFTER_TITLE = "".join(
    rf"(?<!\b{title})"
    for title in ("Mr", "Mrs", "Ms", "Dr", "St", "Jr", "Sr", *(t.capitalize() for t in TITLE_ABBREVIATIONS))
)
_TITLE = re.compile(r"\b(" + "|".join(t.capitalize() for t in TITLE_ABBREVIATIONS) + r")\.", re.IGNORECASE)
_RU_ROLE = (
    r"(?:министр|президент|премьер|глав(?=(?:а|ы|е|у|ой)(?![а-яё]))|руководител|директор|губернатор|мэр|посол|посл|дипломат|"
    r"представител|пресс-секретар|пресс-атташе|спикер|депутат|сенатор|председател|замглавы|заместител|эксперт|"
    r"аналитик|политолог|экономист|тренер|наставник|игрок|нападающ|защитник|вратар|капитан|генерал|"
    r"полковник|командующ|чиновник|сотрудник|советник|помощник|адвокат|юрист|прокурор|судь|следовател|"
    r"врач|профессор|учен|исследовател|журналист|корреспондент|автор|собеседник|источник|специалист|"
    r"основател|владел|лидер|член|секретар|атташе|консул|омбудсмен|уполномоченн|начальник|врио|артист|"
    r"певец|певиц|актер|актёр|актрис|режиссер|режиссёр|писател|блогер|бизнесмен|предпринимател|"
    r"глава|вице-премьер|вице-президент|мэр|атаман|патриарх|митрополит|священник|чемпион|спортсмен|"
    r"понтифик|папа|доктор|психолог|хоккеист|футболист|форвард|актер|исполнител|комментатор|политик|"
    r"священнослужител|наместник|настоятел|епископ|архиепископ|архимандрит|игумен|раввин|муфти)"
)
# Words that begin like a role and name none: "после" (посол's locative, but nearly always "after"),
# "последствия", "судьба", "авторитет", "учения", "экспертиза", "сотрудничество", "консультация".
_RU_NOT_ROLE = (
    r"(?!(?i:после|послед|послан|послевоен|послуш|судьб|авторитет|учени|членств|лидерств|генеральн|"
    r"экспертиз|представительств|секретариат|консульт|консульств|сотрудничеств|председательств|"
    r"прокуратур|журналистик|наставничеств|владел(?:а|и|о)?(?![а-яё])))"
)
RU_ROLE_NOUN = re.compile(rf"(?<![а-яёА-ЯЁ-]){_RU_NOT_ROLE}{_RU_ROLE}[а-яё]*")
# A capitalised role where a headline or a sentence starts: "Психолог: «…»".
RU_BARE_ROLE = re.compile(rf"(?:^|(?<=\n)|(?<=[.!?]\s)){_RU_NOT_ROLE}(?i:{_RU_ROLE})[а-яё]*")
# Party members are role nouns ("the Utah Republican said") but, capitalised, never a title before a name.
_EN_PARTY_MEMBERS = frozenset({"republican", "democrat"})
EN_ROLE_NOUN = re.compile(
    r"\b(?:[Tt]he|[Tt]his|[Tt]hat|[Oo]ur|[Hh]is|[Hh]er|[Tt]heir|[Aa]n?)[ \t]+(?:[\w.’'-]+[ \t]+){0,3}?("
    + "|".join(
        f"[{w[0].upper()}{w[0]}]{w[1:]}" for w in sorted(EN_ROLE_WORDS | _EN_PARTY_MEMBERS, key=len, reverse=True)
    )
    + r")s?\b"  # "the President said" as well as "the president said"
)
# A role without an article where a headline or a sentence starts: "Psychologist reports: “…”".
EN_BARE_ROLE = re.compile(
    r"(?:^|(?<=\n)|(?<=[.!?]\s))(?:Former\s+|[A-Z]{2,}\s+)?("
    + "|".join(sorted((w.capitalize() for w in EN_ROLE_WORDS), key=len, reverse=True))
    + r")s?\b"
)
_LAWMAKER = ("senator", "representative", "congressm", "congressw", "lawmaker", "legislator", "assemblym", "mp")
_CANDIDATE = ("candidate", "nominee", "hopeful", "frontrunner", "front-runner", "contender", "challenger")
_MOGUL = ("mogul", "billionaire", "businessm", "developer", "tycoon", "executive", "ceo", "founder")
# Those who speak for a body (the role group, and the Russian "представитель «Аэрофлота»" of `speech`)
SPOKESMAN = ("spokes", "press secretary", "press officer", "представител", "пресс-секретар", "спикер")
_ROLE_GROUPS = {
    "diplomat": (
        "diplomat",
        "ambassador",
        "envoy",
        "consul",
        "foreign ministry",
        "foreign affairs",
        "embassy",
        "state department",
        "secretary of state",
        "assistant secretary",
        "госсекретар",
        "дипломат",
        "посол",
        "посл",
        "мид",
        "консул",
    ),
    "spokes": SPOKESMAN,
    "ombuds": ("ombuds", "commissioner", "омбудсмен", "уполномоченн"),
    "омбудс": ("ombuds", "commissioner", "омбудсмен", "уполномоченн"),
    "lawmaker": _LAWMAKER,
    "legislator": _LAWMAKER,
    "congressm": _LAWMAKER,
    "congressw": _LAWMAKER,
    "candidate": _CANDIDATE,
    "nominee": _CANDIDATE,
    "hopeful": _CANDIDATE,
    "frontrunner": _CANDIDATE,
    "front-runner": _CANDIDATE,
    "mogul": _MOGUL,
    "billionaire": _MOGUL,
    "businessm": _MOGUL,
    "republican": ("republican", "gop", "r-"),
    "democrat": ("democrat", "d-"),
    "official": ("",),
    "чиновник": ("",),
    "собеседник": ("",),
    "ведомств": ("",),
}


def expand_titles(role: str) -> str:
    """'Former Florida Gov.' -> 'Former Florida governor': a short title as the role word it stands for."""
    return _TITLE.sub(lambda m: TITLE_ABBREVIATIONS[m.group(1).lower()], role)


def role_compatible(role_text: str):
    """Whether a person (anything with a `role`) may be the one a role noun names: 'the diplomat' fits
    an ambassador, 'the senator' one titled 'Sen.', 'the official' anyone with a role."""
    word = role_text.lower().split()[-1].removesuffix("s") if role_text.split() else ""
    keys = next((group for stem, group in _ROLE_GROUPS.items() if word.startswith(stem)), (word[:5],))

    def accepts(person) -> bool:
        if "" in keys:
            return person.role is not None
        role = expand_titles(person.role or "").lower()
        return any(key in role for key in keys)

    return accepts


_FEMALE_ROLE = re.compile(
    r"\b(?:\w+woman|actress|wife|mother|daughter|sister|widow|first lady|queen|princess|Mrs|Ms|Madam)\b", re.IGNORECASE
)
_MALE_ROLE = re.compile(r"\b(?:\w+man|husband|father|son|brother|king|prince|Mr)\b", re.IGNORECASE)


def role_gender(role: str | None) -> str | None:
    """'spokeswoman', 'his wife' -> 'f'; 'congressman', 'father' -> 'm'; else None."""
    if not role:
        return None
    female, male = _FEMALE_ROLE.search(role), _MALE_ROLE.search(role)
    if female and not male:
        return "f"
    if male and not female and not re.search(r"\bchairman\b", role, re.IGNORECASE):
        return "m"
    return None

"""The outlet registry (`sources/outlets.toml`): one outlet whatever name or domain refers to it.

"RIA", "RIA Novosti", "РИА Новости" and "ria.ru" are one outlet whose language is Russian. Russian
names are declined in running text ("в интервью «Коммерсанту»", "«Комсомольской правде»"), so a
Cyrillic variant also matches its case forms: each word's inflectional ending may vary.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from urllib.parse import urlsplit

from pipeline.core.hashing import sha256_hex
from pipeline.core.memo import BoundedMemo
from pipeline.quotes.verbs import EN_VERB, RU_VERB

NAMES_KEPT = 50_000  # names whose answer a registry keeps
DEFAULT_REGISTRY = Path(__file__).resolve().parents[2] / "sources" / "outlets.toml"

_CYRILLIC_WORD = re.compile(r"[А-Яа-яЁё]{4,}")
# A lower-case ending only: an all-capitals end ("ИноСМИ", "ТАСС") is part of an indeclinable name.
_RUSSIAN_ENDING = re.compile(r"(?:ая|яя|ий|ый|ой|ое|ее|ые|ие|[аяоеыиуюъьй])$")


@dataclass(frozen=True)
class Outlet:
    key: str
    name: str
    names: tuple[str, ...]
    domains: tuple[str, ...]
    lang: str | None
    country: str | None
    kind: str | None = None  # agency | newspaper | magazine | broadcaster | website | platform | page | channel | press
    match_case: bool = False  # the name is also an everyday word ("The Hill", "Salon")
    # It publishes translations of foreign-language articles (InoSMI): of a translation and its
    # original, its article is the translation.
    translates: bool = False
    # Other languages it publishes its own journalism in under the same name (Deutsche Welle in
    # Russian): an article of it in one of them is not read as a translation of its `lang`.
    editions: tuple[str, ...] = ()

    def writes_in(self, lang: str) -> bool:
        """Whether, by the registry, this outlet writes its own articles in LANG."""
        return lang == self.lang or lang in self.editions


@dataclass(frozen=True)
class OutletRegistry:
    outlets: tuple[Outlet, ...]

    def by_key(self, key: str) -> Outlet | None:
        return next((outlet for outlet in self.outlets if outlet.key == key), None)

    def by_name(self, name: str) -> Outlet | None:
        # Asked about every name, quote and credit the quote stages weigh, the same ones again and again
        # in a batch; a new one is matched against every outlet's declined forms
        return self._remembered.answer(name, self._by_name)

    @cached_property
    def _remembered(self) -> BoundedMemo:
        return BoundedMemo(NAMES_KEPT)

    def _by_name(self, name: str) -> Outlet | None:
        exact = self._folded.get(_fold(name))
        if exact is not None:
            return exact
        stripped = name.strip()
        # a declined Russian form: "Коммерсанту", "Известиям"
        return next((outlet for pattern, outlet in self._declined if pattern.fullmatch(stripped)), None)

    @cached_property
    def _folded(self) -> dict[str, Outlet]:
        """Every outlet's folded name and variants; the first outlet listing a name keeps it."""
        names: dict[str, Outlet] = {}
        for outlet in self.outlets:
            for variant in (*outlet.names, outlet.name):
                names.setdefault(_fold(variant), outlet)
        return names

    @cached_property
    def _declined(self) -> tuple[tuple[re.Pattern[str], Outlet], ...]:
        return tuple((pattern, outlet) for outlet in self.outlets for pattern in _variant_patterns(outlet))

    def by_url(self, url: str) -> Outlet | None:
        """The outlet whose domain (or domain/path prefix) the URL belongs to; longest match wins."""
        parts = urlsplit(url if "//" in url else f"//{url}")
        host = (parts.hostname or "").removeprefix("www.")
        location = f"{host}{parts.path}".rstrip("/")
        best: tuple[int, Outlet] | None = None
        for outlet in self.outlets:
            for domain in outlet.domains:
                if location == domain or location.startswith(domain + "/") or host.endswith("." + domain):
                    if best is None or len(domain) > best[0]:
                        best = (len(domain), outlet)
        return best[1] if best else None

    def lookup(self, name_or_url: str) -> Outlet | None:
        return self.by_name(name_or_url) or (self.by_url(name_or_url) if "." in name_or_url else None)

    def mentions(self, text: str) -> list[tuple[int, int, Outlet]]:
        """Every (start, end, outlet) where a name variant occurs in text as whole words, longest first."""
        found: list[tuple[int, int, Outlet]] = []
        lowered = text.lower()
        for pattern, outlet, needle in _mention_patterns(self):
            if needle in lowered:  # a plain substring test first: most names are absent from a text
                found.extend((m.start(), m.end(), outlet) for m in pattern.finditer(text))
        found.sort(key=lambda item: (item[0], -(item[1] - item[0])))
        kept: list[tuple[int, int, Outlet]] = []
        for start, end, outlet in found:
            if not kept or start >= kept[-1][1]:
                kept.append((start, end, outlet))
        return kept


def quoted_outlets(text: str, insides) -> list[tuple[int, int, Outlet]]:
    """Outlets named in quotation marks, as Russian writes a publication's name ("— пишет «Коммерсантъ»",
    "по данным «Известий»"): (start, end, outlet) where a quote's whole inside (`insides`: each quote's
    words without its marks) is an outlet's name."""
    registry = load_registry()
    found = []
    for inner_start, inner_end in insides:
        inner = text[inner_start:inner_end].rstrip(" .,")
        if not inner[:1].isupper() or len(inner) > 60:
            continue  # a name starts with its capital
        outlet = registry.by_name(inner)
        if outlet is not None:
            found.append((inner_start, inner_start + len(inner), outlet))
    return found


# An outlet named and then called by what it is ("Об этом сообщает РИА Новости. По данным агентства, …",
# "The Post reported it first. “…,” the newspaper said"): the noun stands for the last outlet of its kind
# named before it. Nouns that as often name something else are left out ("the site", "the channel", "the
# paper", a bare "agency"), and so is a noun with its own name or qualifier after it ("газета «Труд»",
# "агентство по делам молодежи", "издание указа", "the magazine of the German Council").
_BROADCAST = ("broadcaster", "channel")
_KIND_NOUNS = (
    (r"\b(?:[Tt]he|[Tt]his|[Tt]hat)\s+(?:newspaper|daily|tabloid)\b", ("newspaper",)),
    (r"\b(?:[Tt]he|[Tt]his|[Tt]hat)\s+magazine\b", ("magazine",)),
    (r"\b(?:[Tt]he|[Tt]his|[Tt]hat)\s+(?:news|press|wire)\s+agency\b", ("agency",)),
    (r"\b(?:[Tt]he|[Tt]his|[Tt]hat)\s+(?:broadcaster|(?:news|tv|television|cable)\s+network)\b", _BROADCAST),
    (r"(?<![А-Яа-яЁё-])[Гг]азет(?:а|ы|е|у|ой)", ("newspaper",)),
    (r"(?<![А-Яа-яЁё-])[Аа]гентств(?:о|а|у|ом|е)", ("agency",)),
    (r"(?<![А-Яа-яЁё-])(?:[Тт]елеканал|[Рр]адиостанци)(?:а|у|ом|е|я|и|ю|ей)?", _BROADCAST),
    (r"(?<![А-Яа-яЁё-])[Жж]урнал(?:а|у|ом|е)?", ("magazine",)),
    (r"(?<![А-Яа-яЁё-])[Ии]здани(?:е|я|ю|ем|и)", ("newspaper", "agency", "magazine", *_BROADCAST, "website")),
)
_RU_KIND_STEMS = ("газет", "агентств", "телеканал", "радиостанци", "журнал", "издани")
_KIND_STEMS = ("newspaper", "daily", "tabloid", "magazine", "agency", "broadcaster", "network", *_RU_KIND_STEMS)
_KIND_NOUN = re.compile("|".join(f"(?P<k{i}>{pattern})" for i, (pattern, _) in enumerate(_KIND_NOUNS)))
_OWN_NAME_AFTER = re.compile(r"[ \t]*(?:[«\"„“A-ZА-ЯЁ¤]|по\b|of\b|[а-яё]+\s+(?:указа|закона|книги))")


# A publication the registry does not know, named between: "he told the New York Daily News … the tabloid"
# is the Daily News, not an outlet of the registry named before it; "газета «Труд»" (the quote masked).
_OTHER_PUBLICATION = re.compile(
    r"\b(?:[A-Z][\w.&'’-]*\s+){1,4}(?:News|Times|Post|Journal|Tribune|Herald|Gazette|Daily|Magazine|Review|"
    r"Chronicle|Observer|Telegraph|Guardian|Mail|Express|Register|Globe|Inquirer|Examiner|Standard|Independent|"
    r"Wire|Press|Today|Weekly)\b"
    r"|(?<![А-Яа-яЁё-])(?:" + "|".join(f"[{s[0].upper()}{s[0]}]{s[1:]}" for s in _RU_KIND_STEMS) + ")"
    r"[а-яё]*\s+[«\"„“][^»\"“”\n]{1,60}"
)


def outlets_called_by_kind(masked: str, named: list[tuple[int, int, Outlet]]) -> list[tuple[int, int, Outlet]]:
    """(start, end, outlet) for each kind noun that stands for the outlet named last before it
    (`_KIND_NOUNS`), where that outlet is of its kind and no other publication was named in between."""
    lowered = masked.lower()
    if not named or not any(stem in lowered for stem in _KIND_STEMS):
        return []  # most texts call no outlet by its kind: spare them the patterns
    nouns = list(_KIND_NOUN.finditer(masked))
    found = []
    named = sorted(named, key=lambda item: item[0])
    others = [m.span() for m in _OTHER_PUBLICATION.finditer(masked)]
    others = [(s, e) for s, e in others if not any(s < n_end and n_start < e for n_start, n_end, _ in named)]
    for match in nouns:
        before_noun = masked[max(0, match.start() - 40) : match.start()]
        if _OWN_NAME_AFTER.match(masked, match.end()) or re.search(r"[А-ЯЁ][а-яё]+\s*$", before_noun):
            continue  # "газета «Труд»", "агентство Reuters", "Российская газета": a name of its own
        if any(s < match.end() and match.start() < e for s, e, _ in named):
            continue  # the noun is part of a name the registry knows ("Новая газета")
        kinds = _KIND_NOUNS[int(match.lastgroup[1:])][1]
        before = [item for item in named if item[1] <= match.start() and item[2].kind in kinds]
        if before and not any(before[-1][1] <= s and e <= match.start() for s, e in others):
            found.append((match.start(), match.end(), before[-1][2]))
    return found


def identities(name: str | None = None, url: str | None = None) -> frozenset[str]:
    """What an outlet named NAME or at URL is, comparable across documents: its registry key where
    the registry knows it (by name or domain), else its folded name."""
    registry = load_registry()
    found = {registry.by_name(name) if name else None, registry.by_url(url) if url else None} - {None}
    keys = {outlet.key for outlet in found if outlet is not None}
    return frozenset(keys or ({_fold(name)} if name and name.strip() else set()))


# "“…,” the newspaper reported", "a local daily wrote: “…”", "according to the paper, “…”": words credited to
# a publication the text does not name (lower-case words only between the article and the noun).
# A bare "agency", "network" or "station" is as often a government agency, a social network or a police
# station ("the agency said" of a ministry): only as "news agency", "TV network", "radio station".
UNNAMED_PUBLICATION = (r"(?i:the|this|that|an?)\s+(?:[a-z-]+\s+){0,2}(?:newspaper|paper|daily|weekly|tabloid|"
                       r"publication|outlet|magazine|journal|website|site|portal|broadcaster|channel|edition|"
                       r"(?:news|press|wire)\s+agency|(?:news|tv|television|cable|broadcast)\s+network|"
                       r"(?:radio|tv|television)\s+station)")
_CREDIT_AFTER = re.compile(rf"^[\s”\"’',.!?]{{0,4}}{UNNAMED_PUBLICATION}\s+(?:[a-z]+\s+)?{EN_VERB}")
_CREDIT_BEFORE = re.compile(rf"(?:{UNNAMED_PUBLICATION}\s+(?:[a-z]+\s+)?{EN_VERB}(?:\s+that)?|(?i:according)\s+to\s+"
                            rf"{UNNAMED_PUBLICATION})[\s,:]{{0,3}}[“\"‘']?$")


def credited_to_unnamed_outlet(text: str, start: int, end: int) -> bool:
    """Whether the quotation at TEXT[START:END] is credited to a publication the text does not name, in
    English ("“…,” the newspaper reported"): the words of an article, quoted by another that reports on it."""
    return bool(_CREDIT_AFTER.match(text[end : end + 80]) or _CREDIT_BEFORE.search(text[max(0, start - 80) : start]))


# «…», — сообщает местное издание; как пишет газета; по данным агентства: a publication speaks in Russian.
_RU_PUBLICATION = r"(?:издани|газет|агентств|телеканал|канал|портал|сайт|журнал|радиостанци|таблоид|СМИ)"
_RU_CREDIT = re.compile(rf"{RU_VERB}\s+(?:[а-яё-]+\s+){{0,2}}{_RU_PUBLICATION}|{_RU_PUBLICATION}[а-яё]*\s+"
                        rf"(?:[а-яё-]+\s+)?{RU_VERB}|по\s+(?:данным|информации|сведениям|словам)\s+"
                        rf"(?:[а-яё-]+\s+){{0,2}}{_RU_PUBLICATION}", re.IGNORECASE)


def credits_a_publication(russian: str) -> bool:
    """Whether a Russian text gives words to a publication ("«…», — сообщает местное издание"): a
    translation of it credits the publication too, as a report on it would."""
    return _RU_CREDIT.search(russian) is not None


def _fold(name: str) -> str:
    return " ".join(name.casefold().split())


def variant_regex(variant: str) -> str:
    """A regex source for one name variant: Cyrillic words of 4+ letters take any case ending."""
    pieces: list[str] = []
    position = 0
    for word in _CYRILLIC_WORD.finditer(variant):
        pieces.append(re.escape(variant[position : word.start()]))
        stem = _RUSSIAN_ENDING.sub("", word.group())
        pieces.append(re.escape(stem) + "[а-яё]{0,3}")
        position = word.end()
    pieces.append(re.escape(variant[position:]))
    return "".join(pieces)


def _case_sensitive(variant: str) -> bool:
    """All-caps acronyms (RT, AP, VICE, TASS) and one-word Cyrillic names (Известия, Вести) are matched
    with their capitals, so that "vice president" or "известия" (news) are not outlets."""
    letters = [char for char in variant if char.isalpha()]
    one_cyrillic_word = " " not in variant.strip() and bool(_CYRILLIC_WORD.search(variant))
    return bool(letters) and (all(char.isupper() for char in letters) or one_cyrillic_word)


def _variants(outlet: Outlet) -> list[str]:
    return sorted({outlet.name, *outlet.names}, key=lambda variant: (-len(variant), variant))


@cache
def _variant_patterns(outlet: Outlet) -> tuple[re.Pattern[str], ...]:
    variants = _variants(outlet)
    return tuple(
        re.compile(variant_regex(variant), 0 if outlet.match_case or _case_sensitive(variant) else re.IGNORECASE)
        for variant in variants
    )


@cache
def _mention_patterns(registry: OutletRegistry) -> tuple[tuple[re.Pattern[str], Outlet, str], ...]:
    """Each variant's whole-word pattern, its outlet, and the lower-case text any match contains."""
    patterns = []
    for outlet in registry.outlets:
        for variant, pattern in zip(_variants(outlet), _variant_patterns(outlet), strict=True):
            whole_word = re.compile(rf"(?<!\w){pattern.pattern}(?!\w)", pattern.flags)
            patterns.append((whole_word, outlet, _needle(variant)))
    return tuple(patterns)


def _needle(variant: str) -> str:
    """The variant up to its first declinable Cyrillic word's stem, in lower case: "в «Коммерсанте»"
    contains "коммерсант", the stem of "Коммерсант"."""
    word = _CYRILLIC_WORD.search(variant)
    if word is None:
        return variant.lower()
    return (variant[: word.start()] + _RUSSIAN_ENDING.sub("", word.group())).lower()


def registry_digest(path: Path = DEFAULT_REGISTRY) -> str:
    """A short hash of the registry file: the stages that read it put it in their cache key, so an
    edited registry re-runs them."""
    return sha256_hex(path.read_bytes())[:16]


@cache
def load_registry(path: Path = DEFAULT_REGISTRY) -> OutletRegistry:
    with open(path, "rb") as handle:
        table = tomllib.load(handle)
    outlets = tuple(
        Outlet(
            key=key,
            name=entry["name"],
            names=tuple(entry.get("names", ())),
            domains=tuple(entry.get("domains", ())),
            lang=entry.get("lang"),
            country=entry.get("country"),
            kind=entry.get("kind"),
            match_case=entry.get("match_case", False),
            translates=entry.get("translates", False),
            editions=tuple(entry.get("editions", ())),
        )
        for key, entry in table.items()
    )
    return OutletRegistry(outlets)

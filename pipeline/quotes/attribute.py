"""Attribution: who said each quote, through which outlet, with which verb, and the chain of hops.

Rule-based, over the project's sentence splitter (`pipeline.text.segment`, razdel). News attribution is
a small closed grammar ("…,” X said", "X told RIA Novosti: “…”", "According to X, …",
"«…», — заявил X", "по словам X"), and every decision here must be explainable with the words of
the document, so patterns beat a statistical parser; names are recognised with two lexicons that
install from PyPI with their data (gender-guesser's first-name list for English, pymorphy3's
Name/Surn/Patr tags for Russian) and nothing else. See docs/attribution.md.

Pipeline per document: mask every quote (its words are nobody's attribution), find the mentions
outside quotes (people with their roles, pronouns, role nouns such as "the diplomat", outlets),
then, per quote, read the frame around it in its sentence: the words right after it, the speech
verb before it, "according to X". A pronoun or role noun resolves to the person it refers to;
a quote whose speaker cannot be found keeps speaker None (unattributed), never a guess.

Modules: `pipeline.quotes.speech` (speech verbs, quote masking, the rules that read a quote's frame),
`pipeline.quotes.people` (mentions and whom each refers to), `pipeline.quotes.names_en` and `pipeline.quotes.names_ru`
(person names); this one reads each quote's kind and chooses among the frame's findings.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.core.records import Candidate, Citation, Document, Hop, Quote, QuoteKind, Relation
from pipeline.quotes.citations import DocumentCitations, extract_citations
from pipeline.quotes.dialogue import extract_dialogue
from pipeline.quotes.names_en import english_people, first_names, use_first_names
from pipeline.quotes.names_ru import russian_people
from pipeline.quotes.outlets import load_registry, registry_digest
from pipeline.quotes.people import PRONOUN_WINDOW_CHARS, Person, find_mentions
from pipeline.quotes.speech import Finding, SpeechFrame, mask_quotes, outer_span, sentence_units
from pipeline.text import morph

__all__ = [
    "VERSION",
    "Attribution",
    "attribute",
    "attribute_all",
    "document_lang",
    "settings",
    "use_first_names",
]

VERSION = "1.3"
MAX_SCARE_WORDS = 4
_DIRECT_RULES = frozenset({"after-quote", "verb-before", "according-to", "closing-mark-later", "colon"})


def settings() -> dict:
    return {
        "version": VERSION,
        "max_scare_words": MAX_SCARE_WORDS,
        "pronoun_window_chars": PRONOUN_WINDOW_CHARS,
        "splitter": "pipeline.segment (razdel)",
        "first_names": first_names().name,
        "russian_morphology": "pymorphy3" if morph.russian() is not None else None,
        "outlet_registry": registry_digest(),
    }


@dataclass(frozen=True)
class Attribution:
    quote: Quote
    speaker: str | None
    role: str | None
    verb: str | None
    outlet: str | None
    kind: QuoteKind
    candidates: tuple[Candidate, ...]
    evidence: str
    chain: tuple[Hop, ...]
    citation: Citation | None


# --- what a quote is: speech, a scare quote, or a name in quotation marks ---------------------------

_SENTENCE_FINAL = re.compile(r"[.!?…]$")
_WORD = re.compile(r"[\w’'-]+")
_EN_TITLE_NOUNS = re.compile(
    r"\b(?:newspaper|magazine|journal|daily|agency|outlet|channel|station|film|movie|book|novel|song|album|"
    r"show|series|programme|program|operation|project|company|party|club|brand|group|festival|award|"
    r"app|website|site|portal|campaign|exercise|plan|doctrine|movement|ship|vessel|group)\s*$",
    re.IGNORECASE,
)
_LAW_NOUNS = re.compile(
    r"(?:\b(?:law|bill|act|decree|resolution|code)|(?<![а-яё])(?:закон|законопроект|указ|постановлени|"
    r"кодекс|федеральн[а-яё]+\s+закон)[а-яё]*)\s*$",
    re.IGNORECASE,
)
_RU_TITLE_NOUNS = re.compile(
    r"(?<![а-яё])(?:газет|журнал|издани|агентств|телеканал|канал|радиостанци|радио|фильм|книг|песн|"
    r"альбом|шоу|программ|проект|операци|компани|парти|клуб|фонд|ПАО|ООО|АО|ЗАО|ОАО|завод|комбинат|"
    r"холдинг|банк|движени|сериал|спектакл|преми|форум|фестивал|конкурс|турнир|ФК|ХК|стадион|центр|"
    r"корпораци|концерн|групп|ансамбл|театр|музе|отел|ресторан|магазин|портал|сайт|приложени|сервис|"
    r"платформ|марк|бренд|организаци|объединени|союз|учреждени|школ|лице|гимнази|университет|"
    r"институт|академи|больниц|поликлиник|госпитал|аэропорт|вокзал|станци|улиц|площад|парк|"
    r"общество|предприяти|ассоциаци|сеть|сет|торгов|кафе|бар|кинотеатр|ТЦ|ТРЦ|ЖК|СНТ|ГК|НКО|АНО|ГУП|МУП)"
    r"[а-яё]*\s*$"
)


# --- the main entry point ---------------------------------------------------------------------------


def attribute(doc: Document, quotes: Sequence[Quote]) -> tuple[Attribution, ...]:
    """One Attribution per quote, in the order given."""
    lang = document_lang(doc)
    spans = [outer_span(doc.text, quote) for quote in quotes]
    masked = mask_quotes(doc.text, spans)
    named = russian_people(masked) if lang == "ru" else english_people(masked)
    mentions = find_mentions(masked, lang, named)
    units = sentence_units(masked, spans, lang)
    cites = extract_citations(doc)
    reader = _FrameReader(SpeechFrame(doc.text, masked, lang, mentions, units, spans), cites)
    results: list[Attribution] = []
    previous: Attribution | None = None  # the last top-level direct quote
    last_speech: Attribution | None = None  # the last top-level quote, direct or scare
    for index, quote in enumerate(quotes):
        start, end = spans[index]
        unit = next((u for u in units if u[0] <= start < u[1]), (start, end))
        outer = _outer_quote(spans, index)
        attribution = reader.read(quote, (start, end), unit, outer, (previous, last_speech), results)
        results.append(attribution)
        if attribution.kind == QuoteKind.DIRECT and quote.depth == 0:
            previous = attribution
        if attribution.kind in (QuoteKind.DIRECT, QuoteKind.SCARE) and quote.depth == 0 and outer is None:
            last_speech = attribution
    return tuple(results)


def attribute_all(document: Document, quotes: tuple[Quote, ...]) -> tuple[Attribution, ...]:
    """The stage function: the quotation-mark quotes, plus Russian dash speech and the translated
    titles of footnotes (which only this stage finds), each attributed, in document order."""
    found = tuple(quotes)
    if document_lang(document) == "ru":
        found += extract_dialogue(document, found)
    found += extract_citations(document).title_quotes
    ordered = sorted(set(found), key=lambda q: (q.char_start, q.depth, q.char_end))
    return attribute(document, ordered)


def document_lang(doc: Document) -> str:
    if doc.meta.lang in ("ru", "en"):
        return doc.meta.lang
    letters = [char for char in doc.text[:20000] if char.isalpha()]
    cyrillic = sum(1 for char in letters if "а" <= char.lower() <= "я" or char in "ёЁ")
    return "ru" if letters and cyrillic / len(letters) > 0.5 else "en"


def _outer_quote(spans: Sequence[tuple[int, int]], index: int) -> int | None:
    start, end = spans[index]
    for other, (other_start, other_end) in enumerate(spans):
        if (
            other != index
            and other_start <= start
            and end <= other_end
            and (other_start, other_end) != (start, end)
        ):
            return other
    return None


# --- reading one quote's frame -----------------------------------------------------------------------


class _FrameReader:
    """Reads each quote's kind and frame; `SpeechFrame` finds who may have said it, this keeps one."""

    def __init__(self, frame: SpeechFrame, cites: DocumentCitations):
        self.frame = frame
        self.masked, self.lang, self.mentions = frame.masked, frame.lang, frame.mentions
        self.cites = cites

    def read(self, quote, span, unit, outer, earlier, done) -> Attribution:
        """`earlier`: the last top-level direct quote's Attribution and the last top-level quote's."""
        start, end = span
        kind, name = self._kind(quote, span, unit)
        if (
            outer is not None
            and kind == QuoteKind.DIRECT
            and len(_WORD.findall(quote.text)) <= MAX_SCARE_WORDS
        ):
            kind = QuoteKind.SCARE  # a word or two quoted inside someone's speech
        footnote = self.cites.footnote_at(start)
        if footnote is not None or quote.kind == QuoteKind.TITLE:
            return self._title(quote, footnote)
        if name == "name" or (name == "maybe-name" and outer is not None):
            return _as_name(quote)
        if outer is not None:
            return self._nested(quote, kind, done[outer] if outer < len(done) else None)
        found = self.frame.find(quote, span, unit, kind, *earlier)
        if name == "maybe-name" and not any(_says_who(f) for f in found):
            return _as_name(quote)  # nobody is said to have said it: a name or a title
        attribution = self._build(quote, kind, found)
        if attribution.speaker is not None:
            self.mentions.note_speaker(span[1], Person(attribution.speaker, attribution.role, None))
        return attribution

    # kind ------------------------------------------------------------------------------------------

    def _kind(self, quote: Quote, span: tuple[int, int], unit: tuple[int, int]) -> tuple[QuoteKind, str]:
        """The quote's shape (direct or scare), and whether it reads as a name: "name" (an outlet, or
        after "газета", "the film"), "maybe-name" (a short capitalised phrase: a name unless the
        sentence says who said it, like “Cerberus” after "According to Mr. Ilichev") or ""."""
        if quote.kind in (QuoteKind.TITLE, QuoteKind.INDIRECT):
            return quote.kind, ""
        words = _WORD.findall(quote.text)
        before = self.masked[unit[0] : span[0]]
        after = self.masked[span[1] : unit[1]]
        short = 0 < len(words) <= MAX_SCARE_WORDS and not _SENTENCE_FINAL.search(quote.text.strip())
        inside_sentence = bool(before.strip()) and not before.rstrip().endswith(":")
        kind = QuoteKind.DIRECT
        if short and inside_sentence and not self.frame.attribution_right_after(after):
            kind = QuoteKind.SCARE
        return kind, self._name_reading(quote.text, before, words, inside_sentence)

    def _name_reading(self, text: str, before: str, words: list[str], inside_sentence: bool) -> str:
        if len(text.strip()) == 1:
            return "name"  # a list label: he is 'a' my comrade, 'b' in my party
        if words and text[:1].isupper() and _LAW_NOUNS.search(before[-40:]) is not None:
            return "name"  # the law “On procurement of goods, works and services …”: a title of any length
        if not words or len(words) > 8:
            return ""
        if load_registry().by_name(text.strip()) is not None:
            return "name"
        nouns = _RU_TITLE_NOUNS if self.lang == "ru" else _EN_TITLE_NOUNS
        if nouns.search(before[-40:]) is not None and text[:1].isupper():
            return "name"
        capitalised = text[:1].isupper() and len(words) <= 5 and not re.search(r"[.!?,:;…]$", text.strip())
        return "maybe-name" if capitalised and (inside_sentence or self.lang == "ru") else ""


    def _build(self, quote: Quote, kind: QuoteKind, found: list[Finding]) -> Attribution:
        chosen, candidates = _choose(found)
        speaker = chosen.speaker if chosen else None
        outlet = chosen.outlet if chosen else None
        if chosen is not None and outlet is None:
            outlet = next((f.outlet for f in found if f.outlet), None)
        citation = self.cites.source
        chain = _chain(speaker, outlet, citation, self.cites, chosen)
        return Attribution(
            quote=quote,
            speaker=speaker,
            role=chosen.role if chosen else None,
            verb=chosen.verb if chosen else None,
            outlet=outlet,
            kind=kind,
            candidates=candidates,
            evidence=chosen.evidence if chosen else "",
            chain=chain,
            citation=citation,
        )

    def _title(self, quote: Quote, footnote) -> Attribution:
        citation = footnote.citation if footnote is not None else self.cites.source
        outlet = citation.outlet if citation else None
        evidence = footnote.text if footnote is not None else ""
        chain: list[Hop] = []
        if outlet:
            chain.append(Hop(Relation.CITED_BY, outlet, evidence))
        if citation and citation.translator:
            chain.append(Hop(Relation.TRANSLATED_BY, citation.translator, self.cites.translator_evidence))
        return Attribution(
            quote, None, None, None, outlet, QuoteKind.TITLE, (), evidence, tuple(chain), citation
        )

    def _nested(self, quote: Quote, kind: QuoteKind, outer: Attribution | None) -> Attribution:
        """A quote inside a quote. A scare quote there is the outer speaker's own word; a quotation
        there is someone the outer speaker quotes, and who that is the text does not say."""
        own = outer is not None and kind == QuoteKind.DIRECT and self._first_person_frame(outer, quote)
        speaker = outer.speaker if outer is not None and (kind == QuoteKind.SCARE or own) else None
        evidence = f"inside a quote by {outer.speaker}" if outer and outer.speaker else "inside a quote"
        if own and speaker:
            evidence = f"{speaker} reports their own words: {own}"
        citation = self.cites.source
        found = Finding(speaker, outer.role if speaker else None, None, None, evidence, "inside-quote", False)
        chain = _chain(speaker, None, citation, self.cites, found if speaker else None)
        role = outer.role if speaker else None
        candidates = (Candidate(speaker, role, evidence, "inside-quote"),) if speaker else ()
        return Attribution(quote, speaker, role, None, None, kind, candidates, evidence, chain, citation)


    def _first_person_frame(self, outer: Attribution, quote: Quote) -> str:
        """'… I ask her: “Is this from your garden?”' inside X's quote: X's own words, as X reports
        them. The words of the frame, or "" when the speaker quotes someone else."""
        start = max(outer.quote.char_start, quote.char_start - 80)
        head = self.frame.text[start : quote.char_start].rstrip(" '‘\"“«„")
        pattern = _FIRST_PERSON_RU if self.lang == "ru" else _FIRST_PERSON_EN
        match = pattern.search(head)
        return match.group().strip() if match else ""


_FIRST_PERSON_EN = re.compile(
    r"\b(?:I|we)\s+(?:\w+\s+)?(?:ask|asked|said|say|told|tell|replied|reply|answered|answer|shouted|"
    r"wrote|write|added|add)\b[^.!?\n“”\"«»]{0,30}[:,]?$"
)
_FIRST_PERSON_RU = re.compile(
    r"(?:(?<![а-яё])(?:я|мы)\s+(?:[а-яё]+\s+)?(?:спрос|сказа|ответи|написа|крикну|добави)[а-яё]*|"
    r"(?<![а-яё])(?:спрашиваю|говорю|отвечаю|пишу|кричу|добавляю|спрашиваем|говорим|отвечаем))"
    r"[^.!?\n“”\"«»]{0,30}[:,]?\s*[—–-]?$",
    re.IGNORECASE,
)


def _says_who(found: Finding) -> bool:
    """An attribution right next to the quote: enough to read a capitalised phrase as speech."""
    named = found.speaker is not None or found.anonymous or found.outlet is not None
    return named and found.rule in _DIRECT_RULES and (found.strong or found.rule == "according-to")


def _as_name(quote: Quote) -> Attribution:
    """A name or title in quotation marks («Локомотив», the film “Chicks”): words nobody said."""
    return Attribution(
        quote, None, None, None, None, QuoteKind.TITLE, (), "a name in quotation marks", (), None
    )


def _choose(found: list[Finding]) -> tuple[Finding | None, tuple[Candidate, ...]]:
    """The attribution to keep, and every distinct candidate with its evidence.

    Two strong attributions naming different people contradict each other: both are kept as
    candidates and the speaker stays None. A strong one (right next to the quote) beats a weak one.
    """
    named = [f for f in found if f.speaker is not None or f.outlet is not None or f.anonymous]
    if not named:
        return None, ()
    candidates: list[Candidate] = []
    for item in named:
        if all(c.speaker != item.speaker or c.rule != item.rule for c in candidates):
            candidates.append(Candidate(item.speaker, item.role, item.evidence, item.rule))
    speakers_strong = {f.speaker for f in named if f.strong and f.speaker}
    if len(speakers_strong) > 1:
        return None, tuple(candidates)
    strong = [f for f in named if f.strong]
    ordered = strong + [f for f in named if not f.strong]
    with_speaker = [f for f in ordered if f.speaker is not None]
    chosen = with_speaker[0] if with_speaker else ordered[0]
    distinct = {c.speaker for c in candidates if c.speaker}
    return chosen, tuple(candidates) if len(distinct) > 1 else tuple(
        c for c in candidates if c.speaker == chosen.speaker
    )


def _chain(speaker, outlet, citation: Citation | None, cites: DocumentCitations, chosen) -> tuple[Hop, ...]:
    hops: list[Hop] = []
    if speaker:
        hops.append(Hop(Relation.SAID_BY, speaker, chosen.evidence if chosen else ""))
    if outlet:
        hops.append(Hop(Relation.REPORTED_BY, outlet, chosen.evidence if chosen else ""))
    if citation is not None and citation.outlet and citation.outlet != outlet:
        hops.append(Hop(Relation.CITED_BY, citation.outlet, cites.source_evidence))
    translator = citation.translator if citation else cites.translator
    if translator:
        hops.append(Hop(Relation.TRANSLATED_BY, translator, cites.translator_evidence))
    return tuple(hops)

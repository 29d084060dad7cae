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

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from pipeline.core.records import Candidate, Citation, Document, Hop, Quote, QuoteKind, Relation
from pipeline.quotes.candidates import CandidateBuilder, Weighed
from pipeline.quotes.citations import DocumentCitations, extract_citations
from pipeline.quotes.dialogue import extract_dialogue
from pipeline.quotes.names_en import english_people, first_names, use_first_names
from pipeline.quotes.names_ru import russian_people
from pipeline.quotes.outlets import load_registry, quoted_outlets, registry_digest
from pipeline.quotes.people import (
    PRONOUN_WINDOW_CHARS,
    find_mentions,
    possessive,
)
from pipeline.quotes.ranker import SpeakerModel, default_model, model_digests
from pipeline.quotes.speech import (
    Finding,
    SpeechFrame,
    inner_authors,
    inner_span,
    mask_quotes,
    outer_span,
    sentence_units,
    speaks_for,
    unmask,
)
from pipeline.quotes.verbs import RU_BY_INFORMATION, RU_VERB, ends_at
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

VERSION = "2.31"
MAX_SCARE_WORDS = 4
MAX_CANDIDATES = 5  # the candidates a record keeps: the best few the model weighed
MIN_CANDIDATE_SCORE = 0.05
_INTERVIEW_GAP_CHARS = 600  # how far a quote may stand from the one whose interview it goes on with
# Words that name another medium between two quotes: "… on Twitter", "in a statement", "wrote in".
_OTHER_MEDIUM = re.compile(
    r"\b(?:on (?:Twitter|Facebook|Instagram|Telegram|television|TV|radio)|in a (?:statement|post|tweet|letter|"
    r"blog|column|speech|press release)|(?:told|to) (?:reporters|journalists)|wrote|tweeted|posted)\b",
    re.IGNORECASE,
)
_TOLD_SOMEONE = re.compile(r"\b(?:told|telling)\s+([A-Z][\w’'.-]*)")
_OWNED = re.compile(r"(?:’s|'s|’|')\s+(?:[a-z][\w-]*\s+){0,2}[a-z][\w-]*")  # "Weller's attorney"
_DESCRIBED_OF = re.compile(r"\b(?:[Aa]n?|[Tt]he)\s+(?:[a-z][\w-]*\s+){0,3}(?:of|for)\s+$")  # "a partner of"
_PARTICIPLE = re.compile(r",?\s+[a-z]+ing\b")  # "footage of Clinton asking": she speaks
_SPEECH = frozenset({QuoteKind.DIRECT, QuoteKind.PARTIAL, QuoteKind.SCARE})
_DIRECT_RULES = frozenset({"after-quote", "verb-before", "according-to", "closing-mark-later", "colon"})
# A quote standing alone after 'Джек Росс:' (a headline's label) or in the paragraph after X's quote
# is said, however short and capitalised: a name in quotation marks does not stand alone like that.
_SAID_ALONE = frozenset({"label-colon", "continuation"})


def settings() -> dict:
    return {
        "version": VERSION,
        "max_scare_words": MAX_SCARE_WORDS,
        "pronoun_window_chars": PRONOUN_WINDOW_CHARS,
        "splitter": "pipeline.segment (razdel)",
        "first_names": first_names().name,
        "russian_morphology": "pymorphy3" if morph.russian() is not None else None,
        "outlet_registry": registry_digest(),
        "speaker_models": model_digests(),
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
_POSSESSIVE_BEFORE_QUOTE = re.compile(r"[’']s?\s*[“\"‘']?$")
_WORD = re.compile(r"[\w’'-]+")
# Nouns of works, which name the title that follows them
_EN_WORKS = (
    r"book|novel|memoir|film|movie|documentary|song|anthem|album|show|series|programme|program|podcast|poem|sitcom"
)
_EN_TITLE_NOUNS = re.compile(
    rf"\b(?:{_EN_WORKS}|newspaper|magazine|journal|daily|agency|outlet|channel|station|operation|project|company|"
    r"party|club|brand|group|festival|award|app|website|site|portal|campaign|exercise|plan|doctrine|movement|ship|"
    r"vessel|hymn|musical|(?:episode|broadcast|edition|installment|season)(?:\s+of)?)\s*$",
    re.IGNORECASE,
)
# "In his 2002 book, ''Make Your Kid a Millionaire,''": a work's noun and a comma before a phrase in title
# case name the work (in sentence case, "In his book, “We were wrong,”" may quote it).
_EN_WORK_AND_COMMA = re.compile(rf"\b(?:{_EN_WORKS}|play)\s*,\s*$", re.IGNORECASE)
_LAW_NOUNS = re.compile(
    r"(?:\b(?:law|bill|act|decree|resolution|code)|(?<![а-яё])(?:закон|законопроект|указ|постановлени|"
    r"кодекс|федеральн[а-яё]+\s+закон)[а-яё]*)\s*$",
    re.IGNORECASE,
)
# "Министр сказал: «Мы готовы»", "я отвечал: "Это моя невеста"": a speech verb in the words before the
# colon that opens the quote makes it speech, whoever (or whatever role) says it; a name does not
# follow "сказал:". Verbs of naming ("назвал его так: «Малыш»") are left out.
_RU_SAID_COLON = re.compile(rf"(?!назва|назыв){RU_VERB}[^.!?…:;«»\"“”„\n]{{0,40}}:\s*$", re.IGNORECASE)
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


def attribute(
    doc: Document,
    quotes: Sequence[Quote],
    *,
    model: SpeakerModel | None = None,
    rules_only: bool = False,
    trace: list | None = None,
) -> tuple[Attribution, ...]:
    """One Attribution per quote, in the order given. The speaker is chosen among the candidates by
    `model` (the shipped speaker model when None), or by the frame rules alone with `rules_only`;
    `trace`, when given, receives (quote, candidates weighed, their scores) for each quote weighed
    (what `benchmarks/fit_speaker_model.py` fits on)."""
    lang = document_lang(doc)
    spans = [outer_span(doc.text, quote) for quote in quotes]
    inner = inner_authors(doc.text, spans, lang)
    masked = unmask(mask_quotes(doc.text, spans), doc.text, inner)
    named = russian_people(masked) if lang == "ru" else english_people(masked)
    inside = [inner_span(doc.text, start, end) for start, end in spans]
    mentions = find_mentions(masked, lang, named, quoted_outlets(doc.text, inside))
    units = sentence_units(masked, spans, lang)
    cites = extract_citations(doc)
    frame = SpeechFrame(doc.text, masked, lang, mentions, units, spans, inner)
    chooser = None if rules_only else (model or default_model(lang))
    reader = _FrameReader(frame, cites, chooser, trace)
    results: list[Attribution] = []
    previous: Attribution | None = None  # the last top-level direct quote
    last_speech: Attribution | None = None  # the last top-level quote, direct, partial or scare
    outers = _outer_quotes(spans)
    for index, quote in enumerate(quotes):
        start, end = spans[index]
        unit = frame.unit_containing(start, (start, end))
        outer = outers[index]
        attribution = reader.read(quote, (start, end), unit, outer, (previous, last_speech), results)
        results.append(attribution)
        if attribution.kind == QuoteKind.TITLE:
            frame.note_name((start, end))
        if attribution.kind == QuoteKind.DIRECT and quote.depth == 0:
            previous = attribution
        if attribution.kind in _SPEECH and quote.depth == 0 and outer is None:
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


def _outer_quotes(spans: Sequence[tuple[int, int]]) -> list[int | None]:
    """For each span, the first span (in the given order) that contains it and is not the same, or None.
    By start, so that only spans starting no later are read, and only back to where none of them
    reaches its end: a pass over every span per quote made long documents quadratic."""
    order = sorted(range(len(spans)), key=lambda i: (spans[i][0], -spans[i][1]))
    reach = list(itertools.accumulate((spans[i][1] for i in order), max))  # the furthest end so far
    outers: list[int | None] = [None] * len(spans)
    for position, index in enumerate(order):
        start, end = spans[index]
        containing = []
        for earlier in range(position - 1, -1, -1):
            if reach[earlier] < end:
                break
            other = order[earlier]
            other_start, other_end = spans[other]
            if other_start <= start and end <= other_end and (other_start, other_end) != (start, end):
                containing.append(other)
        outers[index] = min(containing, default=None)
    return outers


# --- reading one quote's frame -----------------------------------------------------------------------


class _FrameReader:
    """Reads each quote's kind and frame; `SpeechFrame` finds who may have said it, this keeps one."""

    def __init__(self, frame: SpeechFrame, cites: DocumentCitations, model: SpeakerModel | None, trace):
        self.frame = frame
        self.masked, self.lang, self.mentions = frame.masked, frame.lang, frame.mentions
        self.cites = cites
        self.model, self.trace = model, trace
        self.builder = CandidateBuilder(frame)

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
        if name == "maybe-name" and (
            not any(_says_who(f) for f in found) or _russian_name_in_a_sentence(self.lang, kind, quote.text)
        ):
            return _as_name(quote)  # nobody is said to have said it: a name or a title
        if self.model is None:
            if self.trace is not None:  # the rules choose; the candidates are still described for fitting
                weighed = self.builder.weigh(quote, span, unit, kind, found, earlier[0], self.mentions.last_spoken())
                self.trace.append((quote, weighed, None))
            attribution = self._build(quote, kind, *_choose(found), found)
        else:
            attribution = self._build(quote, kind, *self._weigh(quote, span, unit, kind, found, earlier[0]), found)
        attribution = self._continued_interview(attribution, span, done)
        if attribution.speaker is not None:
            self.mentions.note_speaker(span[1], self.mentions.person_named(attribution.speaker, attribution.role))
        return _partial(attribution)

    def _continued_interview(self, attribution: Attribution, span, done) -> Attribution:
        """'“…,” the diplomat told RIA Novosti. He also noted that … “self-proclaimed hellhound”': the
        same speaker, in the same or the next paragraph, with no other outlet named in between, goes
        on in the same interview, so the outlet that carried the first quote carries this one too."""
        if attribution.speaker is None or attribution.outlet is not None:
            return attribution
        earlier = next((a for a in reversed(done) if a.speaker is not None and a.quote.depth == 0), None)
        if earlier is None or earlier.speaker != attribution.speaker or earlier.outlet is None:
            return attribution
        gap_start = outer_span(self.frame.text, earlier.quote)[1]
        gap = self.masked[gap_start : span[0]]
        if len(gap) > _INTERVIEW_GAP_CHARS or len(re.findall(r"\n\s*\S", gap)) > 1:
            return attribution
        others = {o.name for s, e, o in self.mentions.outlets if gap_start <= s and e <= span[0]} - {earlier.outlet}
        told = _TOLD_SOMEONE.search(attribution.evidence or "")
        if others or _OTHER_MEDIUM.search(gap) or (told is not None and told.group(1) not in earlier.outlet):
            return attribution  # '“…,” Gingrich told O’Reilly': another interview, with someone named
        evidence = f"{earlier.evidence} (the same interview goes on)" if earlier.evidence else ""
        hop = Hop(Relation.REPORTED_BY, earlier.outlet, evidence)
        said = [h for h in attribution.chain if h.relation == Relation.SAID_BY]
        rest = [h for h in attribution.chain if h.relation != Relation.SAID_BY]
        return replace(attribution, outlet=earlier.outlet, chain=(*said, hop, *rest))

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
        said_after = self.frame.attribution_right_after(after)
        if short and inside_sentence and not said_after:
            kind = QuoteKind.SCARE
        if said_after and self.lang == "ru":
            return kind, ""  # '«Мы продолжим работу», — говорится в обращении …': the dash and verb make it speech
        if self._outlets_show(span[0], quote.text, words):
            return kind, "name"
        return kind, self._name_reading(quote.text, before, words, inside_sentence)

    def _outlets_show(self, start: int, text: str, words: list[str]) -> bool:
        """MSNBC's “Morning Joe”, CBS's "Face the Nation,": a title-case phrase right after an outlet's
        possessive is its programme or publication, whoever in the sentence speaks."""
        if len(words) > 8 or not _title_case(words):
            return False
        possessive = _POSSESSIVE_BEFORE_QUOTE.search(self.masked, max(0, start - 6), start)
        return possessive is not None and any(end == possessive.start() for _, end, _ in self.mentions.outlets)

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
        if self.lang != "ru" and _EN_WORK_AND_COMMA.search(before[-40:]) is not None and _title_case(words):
            return "name"
        capitalised = text[:1].isupper() and len(words) <= 5 and not re.search(r"[.!?,:;…]$", text.strip())
        if not capitalised or (not inside_sentence and (self.lang != "ru" or _RU_SAID_COLON.search(before))):
            return ""
        return "maybe-name"


    def _weigh(self, quote, span, unit, kind, found, previous) -> tuple[Finding | None, tuple[Candidate, ...]]:
        """The model's choice among the candidates (a Finding that names the speaker), and the
        candidates weighed with their scores; with no candidate good enough, the frame's reading
        of a quote whose speaker is not named (an outlet, "a source")."""
        weighed = self.builder.weigh(quote, span, unit, kind, found, previous, self.mentions.last_spoken())
        scores = self.model.probabilities([w.features for w in weighed])
        if self.trace is not None:
            self.trace.append((quote, weighed, scores))
        ranked = sorted(zip(scores.tolist(), range(len(weighed)), strict=True), reverse=True)
        candidates = [
            Candidate(weighed[i].person.name, weighed[i].person.role, weighed[i].evidence, weighed[i].rule, round(p, 3))
            for rank, (p, i) in enumerate(ranked)
            if rank < MAX_CANDIDATES and (rank == 0 or p >= MIN_CANDIDATE_SCORE)
        ]
        unnamed, unnamed_candidates = _choose([f for f in found if f.speaker is None])
        eligible = [(p, i) for p, i in ranked if self._may_speak(weighed[i], found, span, unit)]
        if _text_names_nobody(found):
            return _outlet_as_speaker(unnamed), tuple(candidates) + unnamed_candidates
        if not eligible or eligible[0][0] < self.model.threshold:
            spoken_for = _spoken_for(weighed)
            if spoken_for:
                return _as_finding(spoken_for[0], unnamed), tuple(candidates)
            return _outlet_as_speaker(unnamed), tuple(candidates) + unnamed_candidates
        best = weighed[eligible[0][1]]
        return _as_finding(best, unnamed), tuple(candidates)

    def _may_speak(self, weighed: Weighed, found: list[Finding], span, unit: tuple[int, int]) -> bool:
        """What the words next to a quote settle, the model does not overrule: where a rule names
        the speaker right next to it ('branded a “traitor” by Ruth Calder'), someone only mentioned
        nearby is not; one named in the quote's sentence only as an owner or a preposition's object
        ('Weller's attorney accused', 'a former partner of Weller recalled') is not the one who speaks
        there; nor is one named only in a long sentence after a closed quote, which reports other words."""
        if weighed.finding is not None:
            return True
        if any(f.strong and f.speaker for f in found):
            return False
        after = self.frame.reports_more_after(unit, span)
        if after is not None and weighed.mentions and all(after[0] <= m.start < after[1] for m in weighed.mentions):
            return False  # named only in a long sentence after the quote, which reports more words
        here = [m for m in weighed.mentions if unit[0] <= m.start < unit[1] and m.kind != "pronoun"]
        return not here or not all(self._inside_a_description(m) for m in here)

    def _inside_a_description(self, mention) -> bool:
        """'Weller's attorney', 'a former business partner of Weller': the mention names whom the
        description is about, not who is described."""
        if possessive(self.masked, mention):
            return _OWNED.match(self.masked, mention.end) is not None
        return ends_at(_DESCRIBED_OF, self.masked, mention.start) is not None and not _PARTICIPLE.match(
            self.masked, mention.end
        )

    def _build(self, quote: Quote, kind: QuoteKind, chosen, candidates, found: list[Finding]) -> Attribution:
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


# "По информации источника, …": a source of facts for the whole sentence, not a speaker's words; a
# name in quotation marks there («Локомотива») stays a name.
_BY_INFORMATION = re.compile(rf"[Пп]о {RU_BY_INFORMATION}")


def _title_case(words: list[str]) -> bool:
    """Every word of four letters or more capitalised, and at least one such word: "Make Your Kid a
    Millionaire", not "We were wrong"."""
    long_words = [w for w in words if len(w) >= 4]
    return bool(long_words) and all(w[0].isupper() for w in long_words)


def _says_who(found: Finding) -> bool:
    """An attribution right next to the quote, or a speech verb whose subject the text names in the
    quote's sentence ('Cruz warned that the “Washington cartel” …'): enough to read a capitalised
    phrase as speech."""
    named = found.speaker is not None or found.anonymous or found.outlet is not None
    if found.rule in _SAID_ALONE and found.speaker is not None:
        return True
    according = found.rule == "according-to" and not _BY_INFORMATION.match(found.verb or "")
    near = found.strong or according or (found.rule == "verb-before" and found.speaker is not None)
    return named and found.rule in _DIRECT_RULES and near


def _russian_name_in_a_sentence(lang: str, kind: QuoteKind, text: str) -> bool:
    """Russian writes the names of bodies, clubs, products and works in quotation marks (в классе
    «Формула-1», матч с «Вандербильтом Коммодоресом»): a short capitalised phrase inside a sentence,
    with no attribution right after it, is such a name even where someone in the sentence speaks,
    unless it reads as a clause (a verb, a short adjective, a personal pronoun: "говорит, что «Мы
    готовы к переговорам»"). In the Russian development sets no such phrase read as a scare quote is
    speech, and 17 names were given a speaker. In English a phrase like that after "According to Mr.
    Ilichev" is his word (“Cerberus”)."""
    return lang == "ru" and kind == QuoteKind.SCARE and not _reads_as_a_clause(text)


_PERSONAL_PRONOUNS = frozenset("я ты мы вы он она оно они".split())


def _reads_as_a_clause(text: str) -> bool:
    words = [w.lower() for w in _WORD.findall(text)]
    return any(
        w in _PERSONAL_PRONOUNS or morph.is_verb(w) or morph.part_of_speech(w) in ("ADJS", "PRED") for w in words
    )


def _as_name(quote: Quote) -> Attribution:
    """A name or title in quotation marks («Локомотив», the film “Chicks”): words nobody said."""
    return Attribution(
        quote, None, None, None, None, QuoteKind.TITLE, (), "a name in quotation marks", (), None
    )


def _partial(attribution: Attribution) -> Attribution:
    """A few words quoted from someone the text names are a partial quote, not a scare quote."""
    if attribution.kind == QuoteKind.SCARE and attribution.speaker is not None:
        return replace(attribution, kind=QuoteKind.PARTIAL)
    return attribution


def _as_finding(weighed: Weighed, unnamed: Finding | None) -> Finding:
    """The model's choice as a Finding: the rule's own when a rule named them, else the words that
    mention them, with the outlet the frame found (if any)."""
    if weighed.finding is not None:
        return replace(weighed.finding, speaker=weighed.person.name, role=weighed.person.role)
    person = weighed.person
    if person.role == "outlet" and unnamed is not None and unnamed.outlet == person.name:
        return replace(unnamed, speaker=person.name, role="outlet")  # the frame's own words for it
    outlet = person.name if person.role == "outlet" else (unnamed.outlet if unnamed is not None else None)
    return Finding(person.name, person.role, None, outlet, weighed.evidence, weighed.rule, False)


def _spoken_for(weighed: list[Weighed]) -> list[Weighed]:
    """The bodies a rule names through the one who speaks for them: in 'A spokesman for Harbor Vista
    Resorts issued a denial' the company speaks, though the model finds no name good enough."""
    return [w for w in weighed if w.finding is not None and w.finding.speaker and speaks_for(w.finding.role or "")]


def _text_names_nobody(found: list[Finding]) -> bool:
    """Where the words next to a quote settle that its speaker is not named, no candidate is:
    two such attributions naming different people contradict each other ('X said: “…,” Y added'),
    and one that names someone only by a role or as a source ('a former partner of Weller recalled',
    'сообщил источник в правительстве') says the speaker is that unnamed person."""
    strong = [f for f in found if f.strong]
    if len({f.speaker for f in strong if f.speaker}) > 1:
        return True
    return bool(strong) and all(f.speaker is None and (f.anonymous or f.role) for f in strong)


def _outlet_as_speaker(found: Finding | None) -> Finding | None:
    """With nobody else named, an outlet that is the verb's subject speaks itself: 'a piece by the news
    outlet Izvestia which laid out …: “…”' is Izvestia's."""
    if found is None or found.speaker is not None or not found.outlet_speaks or found.anonymous or found.role:
        return found
    return replace(found, speaker=found.outlet, role="outlet")


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
    if outlet and outlet != speaker:  # an outlet's own piece is said by it, not reported by it
        hops.append(Hop(Relation.REPORTED_BY, outlet, chosen.evidence if chosen else ""))
    if citation is not None and citation.outlet and citation.outlet != outlet:
        hops.append(Hop(Relation.CITED_BY, citation.outlet, cites.source_evidence))
    translator = citation.translator if citation else cites.translator
    if translator:
        hops.append(Hop(Relation.TRANSLATED_BY, translator, cites.translator_evidence))
    return tuple(hops)

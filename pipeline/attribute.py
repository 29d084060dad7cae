"""Attribution: who said each quote, through which outlet, with which verb, and the chain of hops.

Rule-based, over the project's sentence splitter (`pipeline.segment`, razdel). News attribution is
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
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from pipeline.citations import DocumentCitations, extract_citations
from pipeline.outlets import load_registry
from pipeline.records import Candidate, Citation, Document, Hop, Quote, QuoteKind, Relation
from pipeline.segment import split_sentences

VERSION = "1.0"
MAX_SCARE_WORDS = 4
PRONOUN_WINDOW_CHARS = 1500  # a pronoun refers back at most about two paragraphs
MASK = "¤"

OPEN_MARKS = "“\"«„‘‚'"
_QUOTING_VERB = re.compile(r"(?:quot|cit|цитир|привод|привел)", re.IGNORECASE)
_DIRECT_RULES = frozenset({"after-quote", "verb-before", "according-to", "closing-mark-later", "colon"})
_CLOSER_OF = {"“": "”", "„": "“”", "«": "»", "‘": "’", '"': '"', "‚": "‘’", "'": "'", "”": "”"}
_ABOUT_THIS_RU = re.compile(r"(?:^|\s)[Оо]б этом(?:\s|$)")
_ABOUT_THIS_EN = re.compile(
    r"\b(?:about (?:this|it)|this was (?:said|stated|announced|reported))\b", re.IGNORECASE
)
CLOSE_MARKS = "”\"»“’'"


def settings() -> dict:
    return {
        "version": VERSION,
        "max_scare_words": MAX_SCARE_WORDS,
        "pronoun_window_chars": PRONOUN_WINDOW_CHARS,
        "splitter": "pipeline.segment (razdel)",
        "first_names": first_names().name,
        "russian_morphology": "pymorphy3" if _morph() is not None else None,
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


# --- lexicons --------------------------------------------------------------------------------------

_EN_VERBS = (
    "said say says saying told tell tells telling added adds adding noted notes noting explained explains "
    "explaining stated states stating claimed claims claiming wrote writes writing asked asks replied "
    "replies responded responds declared declares announced announces insisted insists argued argues "
    "warned warns warning stressed stresses stressing emphasized emphasised emphasizes continued "
    "commented comments remarked observed observes quoted suggested suggests concluded admitted admits "
    "acknowledged recalled recalls believes reported reports reiterated underlined confirmed confirms "
    "denied promised urged urges assured complained joked posted tweeted shared recounted predicted "
    "clarified asserted maintained contended indicated mentioned exclaimed agreed vowed threatened "
    "demanded proposed revealed informed reminded cautioned hinted speculated conceded answered retorted "
    "opined lamented boasted described quotes quoting cites cited accused accuses called calls spoke speaks "
    "commenting agreeing"
).split()
_EN_PHRASAL = [
    "pointed out",
    "points out",
    "pointing out",
    "laid out",
    "lays out",
    "summed up",
    "went on to say",
]
EN_VERB = r"\b(?:" + "|".join(sorted(_EN_PHRASAL + _EN_VERBS, key=len, reverse=True)) + r")\b"
RU_VERB = (
    r"(?<![а-яё])(?:сказа|заяв|сообщ|отмет|подчеркн|подчерки|добав|поясн|поясня|рассказ|призна|"
    r"счита|говор|написа|пиш|замет|замеча|уточн|переда|цитир|ответ|объясн|объясня|предупред|напомн|"
    r"указа|указыва|констатир|резюмир|подели|призва|призыва|выраз|полага|высказа|прокомментир|"
    r"завер|заверя|утвержда|уверя|спроси|восклик|продолжи|заключи|обрати|поделил|уверен|убежд|"
    r"сетова|сетует|посетова|возмути|пообеща|обеща|признае|добавля|отмеча|сообща|заявля|рассуждае|"
    r"пошути|повтори|жалуе|пожалова|парирова|возрази|соглас|иронизир|поинтересова|признава|рассказыва|"
    r"делит|делил|комментир|обвин|приводит слова|привел слова|привела слова|назва|назыв)[а-яё]*"
)
ACCORDING_EN = re.compile(r"\b[Aa]ccording to\s+")
ACCORDING_RU = re.compile(
    r"(?<![а-яё])(?:[Пп]о словам|[Пп]о мнению|[Пп]о его словам|[Пп]о ее словам|"
    r"[Пп]о её словам|[Пп]о их словам|[Кк]ак (?:сообщ|отмет|заяв|сказа|пиш|передае)[а-яё]*)\s*"
)
ANONYMOUS = {"source", "sources", "источник", "источники", "собеседники"}

_SENTENCE_FINAL = re.compile(r"[.!?…]$")
_WORD = re.compile(r"[\w’'-]+")
_EN_TITLE_NOUNS = re.compile(
    r"\b(?:newspaper|magazine|journal|daily|agency|outlet|channel|station|film|movie|book|novel|song|album|"
    r"show|series|programme|program|operation|project|company|party|club|brand|group|festival|award|"
    r"app|website|site|portal|campaign|exercise|plan|doctrine|movement|ship|vessel|group)\s*$",
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
    mentions = find_mentions(masked, lang)
    units = _units(masked, spans, lang)
    cites = extract_citations(doc)
    reader = _FrameReader(doc.text, masked, lang, mentions, cites, units, spans)
    results: list[Attribution] = []
    previous: Attribution | None = None
    for index, quote in enumerate(quotes):
        start, end = spans[index]
        unit = next((u for u in units if u[0] <= start < u[1]), (start, end))
        outer = _outer_quote(spans, index)
        attribution = reader.read(quote, (start, end), unit, outer, previous, results)
        results.append(attribution)
        if attribution.kind == QuoteKind.DIRECT and quote.depth == 0:
            previous = attribution
    return tuple(results)


def attribute_all(document: Document, quotes: tuple[Quote, ...]) -> tuple[Attribution, ...]:
    """The stage function: the quotation-mark quotes, plus Russian dash speech and the translated
    titles of footnotes (which only this stage finds), each attributed, in document order."""
    from pipeline.dialogue import extract_dialogue

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


def opening_mark(text: str, quote: Quote) -> str:
    """The quote's opening mark: the record's, or the character before its words."""
    if quote.mark:
        return quote.mark
    before = text[quote.char_start - 1 : quote.char_start] if quote.char_start > 0 else ""
    return before if before in OPEN_MARKS else ""


def outer_span(text: str, quote: Quote) -> tuple[int, int]:
    """The quote's span with its quotation marks, whether or not the Quote's offsets include them."""
    start, end = quote.char_start, quote.char_end
    if start > 0 and text[start - 1] in OPEN_MARKS and (start >= len(text) or text[start] not in OPEN_MARKS):
        start -= 1
    if end < len(text) and text[end] in CLOSE_MARKS and (end == 0 or text[end - 1] not in CLOSE_MARKS):
        end += 1
    return start, end


def mask_quotes(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """The text with the words of every quote blanked out (marks and line breaks kept), so offsets
    stay valid and nothing said inside a quote is read as its attribution."""
    chars = list(text)
    for start, end in spans:
        if start >= end:
            continue
        inner_start = start + 1 if text[start] in OPEN_MARKS else start
        inner_end = end - 1 if end > inner_start and text[end - 1] in CLOSE_MARKS else end
        for position in range(inner_start, inner_end):
            if chars[position] != "\n":
                chars[position] = MASK
        # A quote that ends its sentence ('…ready.”  Next') still ends it for the sentence splitter.
        if inner_end - inner_start > 1 and text[inner_end - 1] in ".!?…":
            chars[inner_end - 1] = text[inner_end - 1]
    return "".join(chars)


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


def _units(masked: str, spans: Sequence[tuple[int, int]], lang: str) -> list[tuple[int, int]]:
    """Sentences, merged where a quote runs over a sentence or line break."""
    # Masked words read as lowercase letters, so that a quote does not look like a new sentence.
    units: list[list[int]] = []
    for start, end in split_sentences(masked.replace(MASK, "x"), lang):
        # razdel breaks before a quote after ";" or ":" ('the Ukrainians; “the Donbas…”'): rejoin.
        if units and masked[units[-1][1] - 1] in ";:,—–" and "\n" not in masked[units[-1][1] : start]:
            units[-1][1] = end
        else:
            units.append([start, end])
    for start, end in spans:
        touching = [u for u in units if u[0] < end and start < u[1]]
        if len(touching) > 1:
            merged = [min(u[0] for u in touching), max(u[1] for u in touching)]
            units = [u for u in units if u not in touching] + [merged]
            units.sort()
    return [(u[0], u[1]) for u in units]


# --- reading one quote's frame -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Found:
    speaker: str | None
    role: str | None
    verb: str | None
    outlet: str | None
    evidence: str
    rule: str
    strong: bool
    anonymous: bool = False


class _FrameReader:
    def __init__(self, text, masked, lang, mentions: Mentions, cites: DocumentCitations, units, spans):
        self.text, self.masked, self.lang = text, masked, lang
        self.units = units
        self.boundaries = {position for start, end in spans for position in (start, end - 1)}
        self.mentions = mentions
        self.cites = cites
        self.verb = re.compile(RU_VERB if lang == "ru" else EN_VERB, re.IGNORECASE if lang == "en" else 0)

    def read(self, quote, span, unit, outer, previous, done) -> Attribution:
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
        found = self._find(quote, span, unit, kind, previous)
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
        if short and inside_sentence and not self._attribution_right_after(after):
            kind = QuoteKind.SCARE
        return kind, self._name_reading(quote.text, before, words, inside_sentence)

    def _name_reading(self, text: str, before: str, words: list[str], inside_sentence: bool) -> str:
        if not words or len(words) > 8:
            return ""
        if load_registry().by_name(text.strip()) is not None:
            return "name"
        nouns = _RU_TITLE_NOUNS if self.lang == "ru" else _EN_TITLE_NOUNS
        if nouns.search(before[-40:]) is not None and text[:1].isupper():
            return "name"
        capitalised = text[:1].isupper() and len(words) <= 5 and not re.search(r"[.!?,:;…]$", text.strip())
        return "maybe-name" if capitalised and (inside_sentence or self.lang == "ru") else ""

    def _attribution_right_after(self, after: str) -> bool:
        head = after[:60]
        dash = re.match(r"^\s*[,.!?…]?\s*[—–-]+\s*", head)
        if self.lang == "ru":
            return bool(dash and self.verb.match(head, dash.end()))
        return bool(re.match(r"^\s*[,.!?]?\s*(?:\S+\s+){0,3}?" + EN_VERB, head, re.IGNORECASE))

    # finding the speaker ---------------------------------------------------------------------------

    def _find(self, quote, span, unit, kind, previous) -> list[_Found]:
        start, end = span
        found: list[_Found] = []
        if kind == QuoteKind.DIRECT:
            found += self._after_quote(end, unit[1])
            if not found and not quote.closed:
                found += self._dangling_closer(end, opening_mark(self.text, quote))
            if not found and not self.masked[end : unit[1]].strip():
                found += self._next_unit(unit, quote.text.rstrip()[-1:])
        found += self._verb_before(unit[0], start, kind)
        found += self._according_to(unit, span)
        if not any(f.strong for f in found):
            found += self._sentence_end(end, unit[1])
        if not found:
            found += self._about_this(unit)
        if kind == QuoteKind.DIRECT and not found:
            found += self._colon_before(unit[0], start)
            found += self._continuation(unit, span, previous)
        return found

    def _dangling_closer(self, end: int, mark: str) -> list[_Found]:
        """A quotation whose closing mark comes paragraphs later, though the later paragraphs were not
        re-opened with a mark ('“I was … ¶ … ¶ … 44 points,” he added'): read the frame after it."""
        closers = _CLOSER_OF.get(mark, "")
        limit = min(len(self.masked), end + 4000)
        for position in range(end, limit):
            char = self.masked[position]
            if position in self.boundaries or char not in closers + mark:
                continue
            before, after = self.masked[position - 1], self.masked[position + 1 : position + 2]
            if after.isalnum() or before.isspace():
                if before.isspace() and char == mark:
                    return []  # another quotation opens first
                continue
            unit_end = next((u[1] for u in self.units if u[0] <= position < u[1]), limit)
            found = self._after_quote(position + 1, unit_end)
            return [replace(f, rule="closing-mark-later") for f in found]
        return []

    def _about_this(self, unit: tuple[int, int]) -> list[_Found]:
        """The next sentence names the speaker: 'Об этом заявил X.' / 'X spoke about this on Friday.'"""
        following = next((u for u in self.units if u[0] >= unit[1]), None)
        if following is None or following[0] - unit[1] > 3:
            return []
        sentence = self.masked[following[0] : following[1]]
        pattern = _ABOUT_THIS_RU if self.lang == "ru" else _ABOUT_THIS_EN
        match = pattern.search(sentence)
        if match is None:
            return []
        verb = self.verb.search(self.masked, following[0], following[1])
        if verb is None:
            return []
        start, end = following
        mention = self.mentions.best_in(
            start, verb.start(), nearest_to=verb.start()
        ) or self.mentions.first_in(verb.end(), end)
        if mention is None:
            return []
        return [
            self._resolve(
                mention,
                verb.group(),
                self.mentions.outlet_in(start, end),
                self.text[start:end].strip(),
                "about-this",
                False,
            )
        ]

    def _next_unit(self, unit: tuple[int, int], last: str) -> list[_Found]:
        """'“We've missed them,”' alone, and the speaker opens the next paragraph; '“…duet?” Zhukov
        wrote' where the sentence splitter cut after the question mark."""
        following = next((u for u in self.units if u[0] >= unit[1]), None)
        if following is None or following[0] - unit[1] > 3 or last not in ",?!…":
            return []
        if last != "," and "\n" in self.masked[unit[1] : following[0]]:
            return []
        return [
            replace(f, rule="next-paragraph", strong=False)
            for f in self._after_quote(following[0], following[1])
        ]

    def _sentence_end(self, end: int, unit_end: int) -> list[_Found]:
        """'… a “deadly quartet” …, the doctor said on air.' — a closing attribution clause."""
        region = self.masked[end:unit_end]
        for comma in re.finditer(r",\s*(?:[—–-]+\s*)?", region):
            clause_start = end + comma.end()
            verb = self.verb.search(self.masked, clause_start, min(unit_end, clause_start + 60))
            if verb is None or MASK in self.masked[clause_start : verb.start()]:
                continue
            found = self._after_quote(clause_start, unit_end, require_start=True)
            if found:
                return [replace(f, rule="sentence-end", strong=False) for f in found]
        return []

    def _after_quote(self, end: int, unit_end: int, require_start: bool = False) -> list[_Found]:
        """'…,” the diplomat told RIA Novosti.' / '…,” said X.' / '«…», — заявил он.'"""
        clause_end = _clause_end(self.masked, end, unit_end)
        region = self.masked[end:clause_end]
        lead = re.match(r"^\s*[,.!?…]*\s*(?:[—–−-]+\s*)?", region)
        offset = end + (lead.end() if lead else 0)
        verb = self.verb.search(self.masked, offset, clause_end)
        if verb is None or verb.start() - offset > 120:
            return []
        words_before_verb = len(self.masked[offset : verb.start()].split())
        dash = re.search(r"[—–-]", region[: offset - end])
        if self.lang == "ru" and not dash and words_before_verb > 1:
            return []  # Russian puts a dash before the author's words; without one, only "…», заявил X"
        before_verb = self.mentions.best_in(offset, verb.start(), nearest_to=verb.start())
        after_verb = self.mentions.first_in(verb.end(), clause_end)
        mention = before_verb or after_verb
        if _QUOTING_VERB.match(verb.group()) and after_verb is not None:
            mention = after_verb  # "TASS quotes him as saying", "цитирует Овечкина …": the one quoted
        if mention is None and verb.start() > offset:
            return []
        if require_start and before_verb is None and verb.start() > offset:
            return []
        outlet = self.mentions.outlet_in(offset, clause_end)
        evidence = self.text[end:clause_end].strip(" ,—–-")
        return [self._resolve(mention, verb.group(), outlet, evidence, "after-quote", True)]

    def _verb_before(self, unit_start: int, start: int, kind: QuoteKind) -> list[_Found]:
        """'X told reporters: “…”' / 'X noted that … a “scare quote”' / 'Заявил X: «…»'."""
        verbs = list(self.verb.finditer(self.masked, unit_start, start))
        if not verbs:
            return []
        verb = verbs[-1]
        region_start = _clause_start(self.masked, unit_start, verb.start())
        mention = self.mentions.best_in(region_start, verb.start(), nearest_to=verb.start())
        if mention is None:  # "…,” wrote Krychowiak, “…”" / "Заявил X: «…»"
            mention = self.mentions.first_in(verb.end(), min(start, verb.end() + 80))
        outlet = self.mentions.outlet_in(region_start, start)
        if mention is None and outlet is None:
            return []
        tail = self.masked[verb.end() : start]
        strong = len(tail.strip()) < 40 and tail.rstrip().endswith((":", ",", "that")) or not tail.strip()
        evidence = self.text[region_start:start].strip()
        return [self._resolve(mention, verb.group(), outlet, evidence, "verb-before", strong)]

    def _according_to(self, unit: tuple[int, int], span: tuple[int, int]) -> list[_Found]:
        pattern = ACCORDING_RU if self.lang == "ru" else ACCORDING_EN
        found = []
        for match in pattern.finditer(self.masked, unit[0], unit[1]):
            if (
                match.start() >= span[0]
                and match.start() > span[1] + 2
                and "," in self.masked[span[1] : match.start()]
            ):
                pass
            mention = self.mentions.first_in(match.end(), match.end() + 60)
            outlet = self.mentions.outlet_in(match.end(), match.end() + 60)
            mention = (
                mention
                if mention is not None and not self.masked[match.end() : mention.start].count(",")
                else None
            )
            if mention is None and outlet is None:
                continue
            end = _clause_end(self.masked, match.end(), unit[1], stop=",")
            evidence = self.text[match.start() : end].strip()
            found.append(
                self._resolve(mention, match.group().strip(), outlet, evidence, "according-to", False)
            )
        return found

    def _colon_before(self, unit_start: int, start: int) -> list[_Found]:
        """A quote standing alone after a sentence that ends with a colon: 'He said:\\n“…”'."""
        if self.masked[unit_start:start].strip():
            return []
        head = self.masked[:start].rstrip()
        if not head.endswith(":"):
            return []
        previous_start = max(head.rfind("\n"), head.rfind(". "), 0)
        found = self._verb_before(previous_start, len(head), QuoteKind.DIRECT)
        return [replace(item, rule="colon") for item in found]

    def _continuation(self, unit, span, previous: Attribution | None) -> list[_Found]:
        """A paragraph that is only a quote, right after a quote by X: the convention is that X goes on."""
        if previous is None or previous.speaker is None:
            return []
        if self.masked[unit[0] : span[0]].strip(" —–−-") or self.masked[span[1] : unit[1]].strip(" .,"):
            return []
        gap = self.masked[outer_span(self.text, previous.quote)[1] : span[0]]
        if len(gap) > 300 or re.search(r"\w", gap.replace(MASK, "")):
            gap_text = gap.replace(MASK, "")
            if len(gap_text.strip()) > 120:
                return []
        return [
            _Found(
                previous.speaker,
                previous.role,
                previous.verb,
                previous.outlet,
                f"continues the quote attributed to {previous.speaker}",
                "continuation",
                False,
            )
        ]

    def _resolve(self, mention, verb, outlet, evidence, rule, strong) -> _Found:
        outlet_name = outlet.name if outlet is not None else None
        if mention is None:
            return _Found(None, None, verb, outlet_name, evidence, rule, strong)
        person = self.mentions.resolve(mention)
        anonymous = mention.kind == "role" and mention.text.lower().split()[-1] in ANONYMOUS
        if person is None:
            role = mention.text if mention.kind == "role" else None
            return _Found(None, role, verb, outlet_name, evidence, rule, strong, anonymous)
        return _Found(person.name, person.role, verb, outlet_name, evidence, rule, strong)

    # building the result -------------------------------------------------------------------------

    def _build(self, quote: Quote, kind: QuoteKind, found: list[_Found]) -> Attribution:
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
        speaker = outer.speaker if outer is not None and kind == QuoteKind.SCARE else None
        evidence = f"inside a quote by {outer.speaker}" if outer and outer.speaker else "inside a quote"
        citation = self.cites.source
        found = _Found(speaker, outer.role if speaker else None, None, None, evidence, "inside-quote", False)
        chain = _chain(speaker, None, citation, self.cites, found if speaker else None)
        role = outer.role if speaker else None
        candidates = (Candidate(speaker, role, evidence, "inside-quote"),) if speaker else ()
        return Attribution(quote, speaker, role, None, None, kind, candidates, evidence, chain, citation)


def _says_who(found: _Found) -> bool:
    """An attribution right next to the quote: enough to read a capitalised phrase as speech."""
    named = found.speaker is not None or found.anonymous or found.outlet is not None
    return named and found.rule in _DIRECT_RULES and (found.strong or found.rule == "according-to")


def _as_name(quote: Quote) -> Attribution:
    """A name or title in quotation marks («Локомотив», the film “Chicks”): words nobody said."""
    return Attribution(
        quote, None, None, None, None, QuoteKind.TITLE, (), "a name in quotation marks", (), None
    )


def _choose(found: list[_Found]) -> tuple[_Found | None, tuple[Candidate, ...]]:
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


def _clause_end(masked: str, start: int, limit: int, stop: str = "") -> int:
    """Where the clause that starts at `start` ends: at a sentence end, a quote or the limit."""
    abbreviation = r"(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bMrs)(?<!\bSt)(?<![\s.][A-ZА-ЯЁ])"
    pattern = re.compile(rf"{abbreviation}[.!?;{re.escape(stop)}](?=\s|$)|{MASK}|\n")
    first = pattern.search(masked, start, limit)
    return first.start() if first else limit


def _clause_start(masked: str, unit_start: int, position: int) -> int:
    head = masked[unit_start:position]
    cuts = [head.rfind(mark) for mark in (";", MASK, ":", "\n")]
    cut = max(cuts)
    return unit_start + cut + 1 if cut >= 0 else unit_start


# --- mentions: people (with roles), pronouns, role nouns, outlets -------------------------------------

_EN_ROLE_WORDS = frozenset(
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
    "psychiatrist scholar historian sociologist pollster".split()
)
_HONORIFICS = frozenset("mr mrs ms dr prof sir lord madam mister".split())
_EN_NOT_NAMES = frozenset(
    "korea russia ukraine america china japan europe republic republics ministry department state states "
    "foreign affairs council government embassy office kremlin duma committee federation union party court "
    "service agency bank university institute army forces defense defence nations united north south east "
    "west eastern western northern southern far central international organizations national public "
    "federal regional city region oblast krai moscow kyiv kiev washington london beijing pyongyang donetsk "
    "luhansk donbas crimea syria cold war summer winter spring autumn monday tuesday wednesday thursday "
    "friday saturday sunday january february march april may june july august september october november "
    "december god internet covid coronavirus news times post daily street square avenue airport station "
    "club fc league cup olympic olympics games world championship the a an this that these those it he she "
    "they we i in on at as but and or if when while after before according such however meanwhile district "
    "province county territory krai republic's".split()
)
_RU_ROLE = (
    r"(?:министр|президент|премьер|глав|руководител|директор|губернатор|мэр|посол|посл|дипломат|"
    r"представител|пресс-секретар|спикер|депутат|сенатор|председател|замглавы|заместител|эксперт|"
    r"аналитик|политолог|экономист|тренер|наставник|игрок|нападающ|защитник|вратар|капитан|генерал|"
    r"полковник|командующ|чиновник|сотрудник|советник|помощник|адвокат|юрист|прокурор|судь|следовател|"
    r"врач|профессор|учен|исследовател|журналист|корреспондент|автор|собеседник|источник|специалист|"
    r"основател|владел|лидер|член|секретар|атташе|консул|омбудсмен|уполномоченн|начальник|врио|артист|"
    r"певец|певиц|актер|актёр|актрис|режиссер|режиссёр|писател|блогер|бизнесмен|предпринимател|"
    r"глава|вице-премьер|вице-президент|мэр|атаман|патриарх|митрополит|священник|чемпион|спортсмен|"
    r"понтифик|папа|доктор|психолог|хоккеист|футболист|форвард|актер|исполнител|комментатор|политик)"
)
_RU_ROLE_NOUN = re.compile(rf"(?<![а-яёА-ЯЁ-]){_RU_ROLE}[а-яё]*")
_EN_ROLE_NOUN = re.compile(
    r"\b(?:[Tt]he|[Tt]his|[Tt]hat|[Oo]ur|[Hh]is|[Hh]er|[Tt]heir|[Aa]n?)\s+(?:[\w.’'-]+\s+){0,3}?("
    + "|".join(sorted(_EN_ROLE_WORDS, key=len, reverse=True))
    + r")s?\b"
)
_EN_PRONOUN = re.compile(r"\b(?:[Hh]e|[Ss]he|[Tt]hey|him|her(?=\s+as\s+saying))\b")
_RU_PRONOUN = re.compile(r"(?<![А-Яа-яЁё])(?:[Оо]н|[Оо]на|[Оо]ни|его|ее|её|их)(?![А-Яа-яЁё])")
_LOWER = "a-zß-öø-ÿā-ž"
_EN_TOKEN = rf"(?:[A-ZÀ-ÖØ-ÞĀ-Ž][{_LOWER}]+(?:['’-][A-Za-z{_LOWER}]+)*|[A-Z]\.)"
_EN_RUN = re.compile(rf"{_EN_TOKEN}(?:[ \t]{{1,2}}(?:(?:al|Al|bin|de|van|von|der)[ \t])?{_EN_TOKEN})*")
_RU_TOKEN = r"(?:[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?|[А-ЯЁ]\.)"
_RU_RUN = re.compile(rf"{_RU_TOKEN}(?:[ \t]{{1,2}}{_RU_TOKEN})*")
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
        "дипломат",
        "посол",
        "посл",
        "мид",
        "консул",
    ),
    "spokes": ("spokes", "press secretary", "press officer", "представител", "пресс-секретар", "спикер"),
    "official": ("",),
    "чиновник": ("",),
    "собеседник": ("",),
    "ведомств": ("",),
}


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
        self.masked_text = masked_text
        self.outlets = outlets
        self.lang = lang
        self.people = _canonical_people([m.person for m in self.items if m.person])
        self.spoken: list[tuple[int, Person]] = []

    def in_range(self, start: int, end: int) -> list[Mention]:
        return [m for m in self.items if start <= m.start and m.end <= end]

    def best_in(self, start: int, end: int, nearest_to: int) -> Mention | None:
        found = self.in_range(start, end)
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
        return next((outlet for s, e, outlet in self.outlets if start <= s and e <= end), None)

    def resolve(self, mention: Mention) -> Person | None:
        if mention.kind == "person":
            return self.people.get(_surname_key(mention.person.name), mention.person)
        if mention.kind == "org":
            return mention.person
        if mention.kind == "statement":
            return self._issuer(mention)
        if mention.kind == "role":
            found = self._antecedent(mention, _role_compatible(mention.text))
            return found if found is not None else self._only_person_before(mention)
        if mention.kind == "pronoun" and mention.gender is not None:
            accepts = lambda person: person.gender in (None, mention.gender)  # noqa: E731
            found = self._antecedent(mention, accepts, window=True)
            speaker = self._last_speaker(mention, accepts)
            if speaker is not None and (
                found is None or speaker[0] > self._position_of(found, mention.start)
            ):
                return speaker[1]
            return found
        return None

    def note_speaker(self, position: int, person: Person) -> None:
        """Remember who spoke where: a later "he said" most often means the last one who spoke."""
        self.spoken.append((position, person))

    def _last_speaker(self, mention: Mention, accepts) -> tuple[int, Person] | None:
        for position, person in reversed(self.spoken):
            if (
                position < mention.start
                and mention.start - position <= PRONOUN_WINDOW_CHARS
                and accepts(person)
            ):
                return position, person
        return None

    def _position_of(self, person: Person, before: int) -> int:
        positions = [
            m.end
            for m in self.items
            if m.kind == "person"
            and m.end <= before
            and not m.oblique
            and _surname_key(m.person.name) == _surname_key(person.name)
        ]
        return max(positions, default=-1)

    def _issuer(self, statement: Mention) -> Person | None:
        """'the announcement said' / 'говорится в сообщении армии Израиля': the body that issued it,
        one named inside or right after the phrase, else the last one named before it."""
        near = [m for m in self.items if m.kind == "org" and statement.start <= m.start <= statement.end + 25]
        if near:
            return near[0].person
        before = [m for m in self.items if m.kind == "org" and m.end <= statement.start]
        if before and statement.start - before[-1].end <= 400:  # this sentence or the one before
            return before[-1].person
        outlets = [(s, e, o) for s, e, o in self.outlets if e <= statement.start]
        if outlets and statement.start - outlets[-1][1] <= 2 * PRONOUN_WINDOW_CHARS:
            return None  # the outlet's own report: it is the outlet, not a speaker
        words = statement.text.split()
        name = " ".join(words[1:]) if self.lang == "en" and len(words) > 1 else statement.text
        return Person(name, "document", None)

    def _only_person_before(self, mention: Mention) -> Person | None:
        """'the politician said' with one person named before it: that person, and nobody else."""
        if mention.text.lower().split()[-1] in ANONYMOUS:
            return None
        before = {self.resolve(m).name for m in self.items if m.kind == "person" and m.end <= mention.start}
        if len(before) != 1:
            return None
        name = before.pop()
        return next(
            self.resolve(m) for m in self.items if m.kind == "person" and self.resolve(m).name == name
        )

    def _antecedent(self, mention: Mention, accepts, window: bool = False) -> Person | None:
        earlier = [m for m in self.items if m.end <= mention.start and m is not mention]
        for other in reversed(earlier):
            if window and mention.start - other.end > PRONOUN_WINDOW_CHARS:
                return None
            if other.kind in ("pronoun", "org", "statement") or (
                window and (other.oblique or _possessive(self.masked_text, other))
            ):
                continue  # "Pompeo's “angry lament” …, he said": a possessive is rarely the one speaking
            if other.kind == "role" and other.text.lower().split()[-1] in ANONYMOUS:
                continue
            person = (
                self.resolve(other)
                if other.kind == "person"
                else (self._antecedent(other, _role_compatible(other.text)) if window else None)
            )
            if person is not None and accepts(person):
                return person
        return None


def find_mentions(masked: str, lang: str) -> Mentions:
    outlets = load_registry().mentions(masked)
    outlet_spans = [(s, e) for s, e, _ in outlets]
    people_found = _russian_people(masked) if lang == "ru" else _english_people(masked)
    people_found = [m for m in people_found if not any(s <= m.start < e for s, e in outlet_spans)]
    role_pattern = _RU_ROLE_NOUN if lang == "ru" else _EN_ROLE_NOUN
    taken = [(m.start, m.end) for m in people_found]
    roles = [
        Mention(m.start(), m.end(), m.group(), "role")
        for m in role_pattern.finditer(masked)
        if not any(s <= m.start() < e for s, e in taken)
    ]
    pronouns = [
        Mention(m.start(), m.end(), m.group(), "pronoun", gender=_pronoun_gender(m.group()))
        for m in (_RU_PRONOUN if lang == "ru" else _EN_PRONOUN).finditer(masked)
    ]
    taken += [(m.start, m.end) for m in roles]
    bodies = [m for m in _organisations(masked, lang) if not any(s <= m.start < e for s, e in taken)]
    return Mentions(people_found + roles + pronouns + bodies, outlets, lang, masked)


# Organisations and their statements ------------------------------------------------------------------

_EN_ORG_HEAD = (
    r"Ministry|Department|Staff|Service|Police|Army|Forces|Embassy|Office|Committee|Council|Court|Bank|"
    r"Agency|Government|Administration|Commission|Kremlin|Pentagon|Guard|Directorate|Inspectorate|Prosecutor"
)
_EN_CAP = r"[A-Z][\w’'-]*"
_EN_ORG = re.compile(
    rf"(?:{_EN_CAP}\s+){{0,4}}(?:{_EN_ORG_HEAD})\b"
    rf"(?:\s+(?:of|for)\s+(?:the\s+)?{_EN_CAP}(?:\s+(?:and\s+)?{_EN_CAP})*)?"
    rf"|\b(?:the\s+)?(?:{_EN_CAP}\s+)?(?:press service|ministry|department|embassy|army|armed forces|police|"
    rf"administration|government|prosecutor's office)\b"
    rf"(?:\s+of\s+(?:the\s+)?(?:[\w’'-]+\s+){{0,6}}?{_EN_CAP}(?:\s+(?:of\s+)?{_EN_CAP})*)?"
)
_EN_STATEMENT = re.compile(
    r"\b(?:[Tt]he|[Aa]n?|[Ii]ts|[Tt]heir)\s+(?:[\w’'-]+\s+){0,3}?"
    r"(announcement|statement|explanatory note|note|text|report|press release|release|communiqué|message)\b"
)
_RU_ORG = re.compile(
    r"(?<![А-Яа-яЁё])(?:(?:ГУ\s+|УМВД\s+)?(?:МЧС|МВД|МИД|ФСБ|СК|ГИБДД|ВОЗ|ООН|НАТО|ЦБ)(?![А-Яа-яЁё])|"
    r"(?:Минобороны|Минздрав|Минфин|Минэнерго|Минтранс|Роспотребнадзор|Росгидромет|Кремл|Пентагон)[а-яё]*|"
    r"(?:пресс-служб|штаб|министерств|ведомств|посольств|управлени|департамент|администраци|правительств|"
    r"прокуратур|полици|арми|вооруженн[а-яё]+\s+сил|мэри|комитет)[а-яё]*)"
    r"(?:\s+(?:по\s+|в\s+)?(?:[а-яё]+\s+){0,2}[А-ЯЁ][\w-]*){0,4}"
)
_RU_STATEMENT = re.compile(
    r"(?<![А-Яа-яЁё])(?:сообщени|заявлени|пояснени|пояснительн[а-яё]*\s+записк|релиз|публикаци)[а-яё]*"
)


def _organisations(masked: str, lang: str) -> list[Mention]:
    org_pattern, statement_pattern = (_RU_ORG, _RU_STATEMENT) if lang == "ru" else (_EN_ORG, _EN_STATEMENT)
    found = []
    for match in org_pattern.finditer(masked):
        name = _organisation_name(match.group().strip(), lang)
        if name:
            person = Person(name, "organisation", None)
            found.append(Mention(match.start(), match.end(), match.group(), "org", person))
    for match in statement_pattern.finditer(masked):
        if not any(m.start <= match.start() < m.end for m in found):
            found.append(Mention(match.start(), match.end(), match.group(), "statement"))
    return found


def _organisation_name(text: str, lang: str) -> str:
    text = re.sub(r"^(?:the|an?)\s+", "", text, flags=re.IGNORECASE).rstrip(".,")
    if lang != "ru" or _morph() is None:
        return text
    first, _, rest = text.partition(" ")
    parse = next((p for p in _morph().parse(first) if p.tag.POS == "NOUN"), None)
    nominative = parse.inflect({"nomn"}) if parse is not None else None
    head = nominative.word if nominative is not None and first.islower() else first
    return f"{head} {rest}".strip()


def _possessive(text: str, mention: Mention) -> bool:
    return text[mention.end : mention.end + 2] in ("’s", "'s")


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


def _role_compatible(role_text: str):
    word = role_text.lower().split()[-1]
    keys = next((group for stem, group in _ROLE_GROUPS.items() if word.startswith(stem)), (word[:5],))

    def accepts(person: Person) -> bool:
        if "" in keys:
            return person.role is not None
        role = (person.role or "").lower()
        return any(key in role for key in keys)

    return accepts


def _surname_key(name: str) -> str:
    last = name.split()[-1].lower().replace("ё", "е")
    return last


def _canonical_people(found: list[Person]) -> dict[str, Person]:
    """Surname -> the fullest name seen with that surname, and the first role given to it."""
    people: dict[str, Person] = {}
    for person in found:
        key = _surname_key(person.name)
        known = people.get(key)
        if known is None:
            people[key] = person
            continue
        name = person.name if len(person.name.split()) > len(known.name.split()) else known.name
        people[key] = Person(name, known.role or person.role, known.gender or person.gender)
    return people


# English names ---------------------------------------------------------------------------------------


def _english_people(masked: str) -> list[Mention]:
    found = []
    for run in _EN_RUN.finditer(masked):
        mention = _english_person(masked, run) or _speaking_name(masked, run)
        if mention is not None:
            found.append(mention)
    surnames = {_surname_key(m.person.name) for m in found if len(m.person.name.split()) > 1}
    for run in _EN_RUN.finditer(masked):  # a lone surname of someone named in full elsewhere
        word = run.group().split()[-1].removesuffix("’s").removesuffix("'s")
        if len(run.group().split()) == 1 and word.lower() in surnames:
            if not any(m.start <= run.start() < m.end for m in found):
                start = run.start()
                found.append(Mention(start, start + len(word), word, "person", Person(word, None, None)))
    return found


_VERB_AFTER = re.compile(rf"\s+(?:also\s+|then\s+)?{EN_VERB}")
_VERB_BEFORE = re.compile(rf"{EN_VERB}\s+$")


def _speaking_name(masked: str, run: re.Match) -> Mention | None:
    """A name the first-name list does not know, standing where a speaker stands: "Nääs said",
    "wrote Krychowiak", "Nikolay Parfenov, the head of the Ruza District, told"."""
    tokens = run.group().split()
    if len(tokens) > 3 or any(
        t.lower().rstrip(".") in _EN_NOT_NAMES | _EN_ROLE_WORDS | _HONORIFICS for t in tokens
    ):
        return None
    if load_registry().by_name(run.group()) is not None:
        return None
    after = masked[run.end() : run.end() + 80]
    before = masked[max(0, run.start() - 30) : run.start()]
    apposition = re.match(r",\s*(?:the|a|an)?\s*([^,.;¤]{3,60}),\s*(?:also\s+)?" + EN_VERB, after)
    speaking = (
        _VERB_AFTER.match(after)
        or _VERB_BEFORE.search(before)
        or (apposition and any(_bare(w) in _EN_ROLE_WORDS for w in apposition.group(1).split()))
    )
    if not speaking or (
        len(tokens) == 1
        and _VERB_BEFORE.search(before) is None
        and run.start() > 0
        and masked[run.start() - 1] not in " \n\"”'’"
    ):
        return None
    if len(tokens) == 1 and re.search(r"(?:^|[.!?]\s+|\n)$", masked[max(0, run.start() - 3) : run.start()]):
        if not _VERB_AFTER.match(after):
            return None
    if re.search(r"\b(?:[Tt]he|[Aa]n?)\s+$", before):
        return None  # "the American added": a description, not a name
    name = run.group()
    role = apposition.group(1).strip() if apposition else None
    return Mention(run.start(), run.end(), name, "person", Person(name, role, None))


def _english_person(masked: str, run: re.Match) -> Mention | None:
    tokens = [(m.start() + run.start(), m.group()) for m in re.finditer(r"\S+", run.group())]
    last_start, last = tokens[-1]
    if last.endswith(("’s", "'s")):
        tokens[-1] = (last_start, last[:-2])
    cut = 0
    titled = False
    for index, (_, token) in enumerate(tokens):
        word = token.lower().rstrip(".")
        if word in _EN_ROLE_WORDS or word in _HONORIFICS:
            cut, titled = index + 1, True
        elif word in _EN_NOT_NAMES and index < len(tokens) - 1 and not titled:
            cut = index + 1
    name_tokens = tokens[cut:]
    if not name_tokens or any(t.lower() in _EN_NOT_NAMES for _, t in name_tokens):
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
    if len(name_tokens) > 1 and gender is None and not titled and not re.fullmatch(r"[A-Z]\.", first):
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


def _preceding_honorific(masked: str, start: int) -> str | None:
    match = re.search(r"\b(Mr|Mrs|Ms|Dr|Prof|Sir|Lord)\.?\s+$", masked[max(0, start - 8) : start])
    return match.group(1).lower() if match else None


def _english_gender(first: str) -> str | None:
    """'m', 'f', 'x' (a first name either way) or None (not a known first name)."""
    return first_names().gender(first.strip("."))


class _GenderGuesser:
    """gender-guesser's list of ~40,000 first names from many countries (GPLv3: an optional extra)."""

    name = "gender-guesser"

    def __init__(self) -> None:
        import gender_guesser.detector as detector_module

        self.detector = detector_module.Detector(case_sensitive=False)

    def gender(self, word: str) -> str | None:
        verdict = self.detector.get_gender(word)
        return {"male": "m", "mostly_male": "m", "female": "f", "mostly_female": "f", "andy": "x"}.get(
            verdict
        )


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
            for filename, gender in (("dist.male.first", "m"), ("dist.female.first", "f")):
                with open(folder / filename, encoding="utf-8") as handle:
                    for line in handle:
                        word = line.split(" ", 1)[0].lower()
                        self.genders[word] = "x" if self.genders.get(word, gender) != gender else gender
        for gender, words in (("m", _SLAVIC_MALE), ("f", _SLAVIC_FEMALE)):
            for word in words.split():
                self.genders.setdefault(word.lower(), gender)

    def gender(self, word: str) -> str | None:
        return self.genders.get(word.lower())


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


def _bare(word: str) -> str:
    bare = word.lower().removesuffix("’s").removesuffix("'s").strip(".,")
    return bare[:-1] if bare.endswith("s") and bare[:-1] in _EN_ROLE_WORDS else bare  # "experts"


_EN_CONNECTORS = frozenset("of the to for and in at on from 's ’s".split())


def _english_role(masked: str, start: int, end: int, run_start: int) -> str | None:
    """'Russian Ambassador to North Korea Alexander Matsegora' / 'Ned Price, U.S State Department
    spokesperson,'"""
    after = re.match(
        r",\s*((?:[^,.;:¤\n]|\.(?=\S|\s[A-Z])){3,90}?)\s*(?=,|;|\.\s*$|\s+(?:said|told|addressing|who|has|had|was|is)\b)",
        masked[end : end + 120],
    )
    if after and any(_bare(w) in _EN_ROLE_WORDS for w in after.group(1).split()):
        return after.group(1).strip()
    words = list(re.finditer(r"[\w.’'-]+", masked[max(0, start - 160) : start]))
    kept: list[str] = []
    for word in reversed(words):
        text = word.group()
        gap = masked[
            max(0, start - 160) + word.end() : start if not kept else max(0, start - 160) + word.end() + 1
        ]
        if "," in gap or "¤" in gap:
            break
        lowered = text.lower()
        if (
            text[:1].isupper()
            or lowered in _EN_CONNECTORS
            or _bare(lowered) in _EN_ROLE_WORDS
            or lowered.endswith("’s")
        ):
            kept.insert(0, text)
            continue
        break
    while kept and kept[0].lower() in _EN_CONNECTORS | {"a", "an"}:
        kept.pop(0)
    if any(_bare(w) in _EN_ROLE_WORDS for w in kept):
        return " ".join(kept)
    before_comma = re.search(
        r"(?:^|[.;]\s+)((?:[Aa]n?|[Tt]he)\s[^,.;¤]{3,90}),\s*$", masked[max(0, start - 120) : start]
    )
    if before_comma and any(w.lower() in _EN_ROLE_WORDS for w in before_comma.group(1).split()):
        return re.sub(r"^(?:[Aa]n?|[Tt]he)\s+", "", before_comma.group(1))
    return None


# Russian names ---------------------------------------------------------------------------------------

_MORPH: list = []


def _morph():
    if not _MORPH:
        try:
            import pymorphy3
        except ImportError:
            _MORPH.append(None)
        else:
            _MORPH.append(pymorphy3.MorphAnalyzer())
    return _MORPH[0]


def _russian_people(masked: str) -> list[Mention]:
    morph = _morph()
    found = []
    for run in _RU_RUN.finditer(masked):
        mention = _russian_person(masked, run, morph)
        if mention is not None:
            found.append(mention)
    surnames = {_surname_key(m.person.name): m.person for m in found if len(m.person.name.split()) > 1}
    for run in _RU_RUN.finditer(masked):  # "Дегтярев", "Дегтярева" after "Михаил Дегтярев"
        if len(run.group().split()) != 1 or any(m.start <= run.start() < m.end for m in found):
            continue
        person = _surname_match(run.group(), surnames)
        if person is not None:
            found.append(Mention(run.start(), run.end(), run.group(), "person", person))
    return found


def _surname_match(word: str, surnames: dict[str, Person]) -> Person | None:
    folded = word.lower().replace("ё", "е")
    for key, person in surnames.items():
        if folded == key or (folded.startswith(key) and len(folded) - len(key) <= 2 and len(key) >= 4):
            return person
        if key.endswith(("ий", "ой", "ый")) and folded.startswith(key[:-2]) and len(folded) - len(key) <= 1:
            return person
    return None


def _russian_person(masked: str, run: re.Match, morph) -> Mention | None:
    if morph is None:
        return None
    tokens = [(m.start() + run.start(), m.group()) for m in re.finditer(r"\S+", run.group())]
    tags = [_name_tags(morph, token) for _, token in tokens]
    first = next((i for i, tag in enumerate(tags) if tag["first"] or tag["initial"]), None)
    if first is None and len(tokens) >= 2 and all(tag["unknown"] or tag["surname"] for tag in tags[-2:]):
        first = len(tokens) - 2  # a foreign name the dictionary lacks: "Стивен Томас Окснер"
        while first > 0 and (tags[first - 1]["unknown"] or tags[first - 1]["surname"]):
            first -= 1
    role_before = _russian_role(masked, tokens[0][0])
    if first is None:
        surname = [i for i, tag in enumerate(tags) if tag["surname"]]
        if len(tokens) == 1 and surname and role_before:
            start, token = tokens[0]
            name = _nominative(morph, token, None)
            return Mention(
                start, start + len(token), token, "person", Person(name, role_before, tags[0]["gender"])
            )
        return None
    name_tokens = tokens[first:]
    if len(name_tokens) < 2:
        return None
    case = tags[first]["case"]
    name = " ".join(
        _nominative(morph, token, case if i else None) for i, (_, token) in enumerate(name_tokens)
    )
    start = name_tokens[0][0]
    end = name_tokens[-1][0] + len(name_tokens[-1][1])
    role = role_before if first == 0 else (role_before or _russian_role(masked, start))
    gender = tags[first]["gender"]
    oblique = case not in (None, "nomn")
    return Mention(start, end, masked[start:end], "person", Person(name, role, gender), oblique=oblique)


def _name_tags(morph, token: str) -> dict:
    if re.fullmatch(r"[А-ЯЁ]\.", token):
        return {
            "first": False,
            "initial": True,
            "surname": False,
            "gender": None,
            "case": None,
            "unknown": False,
        }
    parses = morph.parse(token)
    first = next((p for p in parses if "Name" in p.tag), None)
    surname = next((p for p in parses if "Surn" in p.tag), None)
    best = first or surname
    gender = None
    if best is not None:
        gender = "f" if "femn" in best.tag else "m" if "masc" in best.tag else None
    return {
        "first": first is not None and parses[0].tag.POS == "NOUN" and first.score >= 0.05,
        "initial": False,
        "surname": surname is not None,
        "gender": gender,
        "case": first.tag.case if first is not None else None,
        "unknown": not parses[0].is_known
        and not any(tag in parses[0].tag for tag in ("Geox", "Orgn", "Abbr")),
    }


def _nominative(morph, token: str, case: str | None) -> str:
    """The nominative form, keeping the text's spelling (е, not ё): 'Михаила' -> 'Михаил'."""
    if "." in token:
        return token
    parses = morph.parse(token)
    wanted = [p for p in parses if ("Name" in p.tag or "Surn" in p.tag or "Patr" in p.tag)]
    if case:
        wanted = [p for p in wanted if p.tag.case == case] or wanted
    parse = wanted[0] if wanted else None
    if parse is None:
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
        kept.insert(0, word.group())
    role_at = next((i for i, w in enumerate(kept) if _RU_ROLE_NOUN.fullmatch(w.lower())), None)
    return " ".join(kept[role_at:]) if role_at is not None else None

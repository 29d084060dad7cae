"""Reported speech on the page: the words that introduce it and the rules that find its speaker.

The "according to" phrases, the quotation marks, the quote
masking and sentence units the frame is read within, and `SpeechFrame`: the rules (the words right
after a quote, the verb before it, "according to X", "Об этом заявил X", …) that each give a
`Finding` for one quote. Which finding is kept is `pipeline.quotes.attribute`'s choice.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from pipeline.core.records import Quote, QuoteKind
from pipeline.quotes.outlets import UNNAMED_PUBLICATION
from pipeline.quotes.people import ANONYMOUS, Mention, Mentions, organisation_name, possessive
from pipeline.quotes.roles import NOT_AFTER_TITLE, SPOKESMAN
from pipeline.quotes.verbs import EN_VERB, RU_BY_INFORMATION, RU_VERB, ends_at
from pipeline.text import morph
from pipeline.text.segment import split_sentences

MASK = "¤"
OPEN_MARKS = "“\"«„‘‚'"
CLOSE_MARKS = "”\"»“’'"
_CLOSER_OF = {"“": "”", "„": "“”", "«": "»", "‘": "’", '"': '"', "‚": "‘’", "'": "'", "”": "”"}

# --- lexicons --------------------------------------------------------------------------------------

ACCORDING_EN = re.compile(r"\b[Aa]ccording to\s+")
ACCORDING_RU = re.compile(
    rf"(?<![а-яё])(?:[Пп]о словам|[Пп]о мнению|[Пп]о {RU_BY_INFORMATION}|"
    r"[Пп]о его словам|[Пп]о ее словам|"
    rf"[Пп]о её словам|[Пп]о их словам|[Кк]ак\s+{RU_VERB}(?<!лось)(?<!лись))\s*"
)  # "по информации Белого дома", "как отмечает X"; not "как сообщалось": nobody is named
_SHORT_ATTRIBUTION_WORDS = 6
_PARAGRAPH_CHARS = 400  # about the most one paragraph of a news quote runs to
_SUBJECT_KINDS = ("person", "role", "org", "statement", "pronoun")
_EN_SUBJECT_GAP = re.compile(
    r"(?:’s|'s)?\s+(?:(?:has|have|had|was|is|were|are|been|also|even|then|later|again|further|previously|"
    r"once|would|will|could|eventually|personally|simply|reportedly|publicly|openly|repeatedly|recently)\s+)*"
)
_EN_PARTICIPLE_GAP = re.compile(r"\s+(?:as\s+)?(?:(?:a|an|the|his|her|their|its)\s+)?[^\s¤]*")
# "¶ — Mike Pompeo, College Station, TX", or on the quote's own line: "“…” ― Pamela Padilla"
_BYLINE_DASH = re.compile(r"[”\"»’']?[^\S\n]*(?:\n\s*)?[—–―-]+[^\S\n]*")
_BYLINE_END = re.compile(r"[^\S\n]*(?:[,.(]|\n|$)")
_EN_AGENT = re.compile(r"[\"”’'.,]{0,3}\s+by\s+(?:the\s+)?")
_EN_SPEAKS_FOR = re.compile(
    r"\b(?:spokes(?:man|woman|person)|representative|press secretary|press service)s?\s+(?:for|of)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_EN_BODY_SPOKEN_FOR = re.compile(r"\s+(?:for|of)\s+(?:the\s+)?((?:[A-Z][\w’'.&-]*(?:\s+|$)){1,5})")
# The Russian for it: a spokesman and the body after him in quotation marks, with the body's kind
# between or not ("представитель «Аэрофлота»", "пресс-секретарь клуба «Спартак»")
_RU_SPEAKS_FOR = re.compile(
    r"(?:официальн\w+\s+)?(?:" + "|".join(s for s in (*SPOKESMAN, "пресс-атташе") if not s.isascii()) + r")\w*"
)
_RU_BODY_SPOKEN_FOR = re.compile(r"\s+([а-яё]+\s+)?[«\"„“]([^«»\"„“”\n]{2,60})[»\"“”]")
_SENTENCE_STOP = re.compile(r"(?<!\bInc)(?<!\bCorp)(?<!\bLtd)(?<=[a-z]{2})\.$")
_EN_OBJECT_OF = re.compile(
    r"\b(?:of|under|against|with|for|to|about|from|on|at|in|into|towards?|than|like|via|over|between|"
    r"among|after|before|including|as|by)\s+(?:the\s+|an?\s+)?$",
    re.IGNORECASE,
)
_THEM = re.compile(r"them\b")
# "was drafted by Tom Weller": the agent of a passive verb does what it says, though "by" precedes it
_PASSIVE_BY = re.compile(
    r"\b(?:is|are|was|were|be|been|being)\s+(?:\w+ly\s+)?\w+(?:ed|en|wn|ne)\s+by\s+$", re.IGNORECASE
)
# "with Cruz recently promising to “…”", "footage of Trump saying “…”": the participle's subject
_WITH = re.compile(r"\b(?:with|of)\s+$")
# "Trump’s claim that Obama “founded ISIS”", "Sanders's clarion call for a “revolution”": the owner of
# a noun of speech says the quoted words
_EN_OWNED_SPEECH = re.compile(
    r"(?:’s|'s|’|')\s+(?:[a-z-]+\s+){0,2}?(?:claims?|accusations?|assertions?|statements?|remarks?|comments?|"
    r"words|pledges?|promises?|vows?|calls?|slogans?|catch ?phrases?|conclusions?|descriptions?|"
    r"characteri[sz]ations?|charges?|warnings?|arguments?|suggestions?|insistence|declarations?|boasts?|"
    r"quips?|tweets?|messages?|language|wording|rhetoric|broadsides?|criticism|complaints?|admissions?|"
    r"denials?|predictions?|threats?|responses?|repl(?:y|ies)|answers?|assessments?|verdicts?|jabs?|"
    r"insults?|retorts?|mantra|motto|refrain)\b"
)
# The whole subject of a verb of saying is a publication with no name ("the newspaper", "a local daily").
_UNNAMED_PUBLICATION = re.compile(rf"\s*({UNNAMED_PUBLICATION})\s+")
_INTRODUCES_NEXT = re.compile(r"\s*:\s*[\"“«„‘']")
_RELATIVE_BEFORE_VERB = re.compile(r",\s*(?:who|which|whose)\b[^;¤]{0,150}?,\s*$")
# "Jean-Marc Ayrault, the foreign minister of France, a permanent member of the Security Council, said":
# a description between commas, right before the verb, describes the person before it; the names
# inside it are not the verb's subject. Inside a sentence it must read as a noun phrase ("…attacked Donald
# Trump, with whom he clashed, calling him": a clause about an object); right after a quote the first
# name is the subject whatever describes it ("”…,” Tom Miller, at a consulting firm called …, argues").
# The full stop of a title or an initial does not end the description ("… with Mrs. Clinton, described").
_TITLES_WITH_STOPS = ("Mr", "Mrs", "Ms", "Dr", "Sen", "Rep", "Gov", "Jr", "[A-Z]")
_ABBREVIATION_STOP = "(?:" + "|".join(rf"(?<=\b{a})" for a in _TITLES_WITH_STOPS) + r")\."
_DESCRIPTION = (
    rf"(?:[^.;:!?¤\"“”\n]|{_ABBREVIATION_STOP}){{0,220}}?,\s*"
    r"(?:(?:also|then|later|has|have|had|was|is|would|will|\w+ly)\s+)*$"
)
_APPOSITION_BEFORE_VERB = re.compile(
    r",\s*(?!(?:who|whom|whose|which|with|when|where|while|as|after|before|because|and|but|if|since|though|"
    rf"although|for|in|on|at|from|to|by|of|not)\b)(?:(?:the|a|an|his|her|its|their)\s|[a-z]){_DESCRIPTION}"
)
_DESCRIPTION_BEFORE_VERB = re.compile(rf",\s*[a-z]{_DESCRIPTION}")
# A lower-case word after a name that is no preposition, conjunction or article: likely its verb
_WORD_AFTER_SUBJECT = re.compile(
    r"(?:’s|'s)?\s+(?!(?:and|or|but|nor|by|of|in|for|to|the|a|an|who|whom|which|that|with|on|at|from|as|about|"
    r"into|over|after|before|under|than|since|during|against|through|without|via|per)\b)[a-z]+"
)
_SPEAKS_BEFORE_COMMA = re.compile(rf"(?:’s|'s)?\s+(?:(?:also|then|later|has|had|have)\s+)?{EN_VERB}\s*", re.IGNORECASE)
_COORDINATED_VERB = re.compile(r"\b(?:and|but)\s+(?:(?:then|also|later|\w+ly)\s+)?$")
_SUBORDINATE_AFTER = re.compile(r"(?:when|while|because|although|though|if|unless|until|whereas|after|before|since)\b")
_TITLE_BEFORE_NAME = re.compile(r"[\s'’\"”]*(?:[A-Z][\w.-]*\s+){0,3}")  # "…,” Senator Jeff Sessions, a close …"
_QUOTING_VERB = re.compile(r"(?:quot|cit|цитир|привод|привел)", re.IGNORECASE)
_ABOUT_THIS_RU = re.compile(r"(?:^|\s)[Оо]б этом(?:\s|$)")
_ABOUT_THIS_EN = re.compile(r"\b(?:about (?:this|it)|this was (?:said|stated|announced|reported))\b", re.IGNORECASE)


# --- quotation marks and the units a frame is read within -------------------------------------------


def opening_mark(text: str, quote: Quote) -> str:
    """The quote's opening mark: the record's, or the character before its words."""
    if quote.mark:
        return quote.mark
    before = text[quote.char_start - 1 : quote.char_start] if quote.char_start > 0 else ""
    return before if before in OPEN_MARKS else ""


_ING = re.compile(r"\w+ing\b")


def _trimmed_end(text: str, end: int) -> int:
    """Where text[:end].rstrip() would end, without copying the text before it."""
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end


def outer_span(text: str, quote: Quote) -> tuple[int, int]:
    """The quote's span with its quotation marks, whether or not the Quote's offsets include them."""
    start, end = quote.char_start, quote.char_end
    if start > 0 and text[start - 1] in OPEN_MARKS and (start >= len(text) or text[start] not in OPEN_MARKS):
        start -= 1
    # «… “…”»: a quote that ends with a nested one's closing mark still has its own after it
    if end < len(text) and text[end] in CLOSE_MARKS and (end == 0 or text[end - 1] != text[end]):
        end += 1
    return start, end


def mask_quotes(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """The text with the words of every quote blanked out (marks and line breaks kept), so offsets
    stay valid and nothing said inside a quote is read as its attribution."""
    chars = list(text)
    for start, end in spans:
        if start >= end:
            continue
        inner_start, inner_end = inner_span(text, start, end)
        for position in range(inner_start, inner_end):
            if chars[position] != "\n":
                chars[position] = MASK
        # A quote that ends its sentence ('…ready.”  Next') still ends it for the sentence splitter.
        if inner_end - inner_start > 1 and text[inner_end - 1] in ".!?…":
            chars[inner_end - 1] = text[inner_end - 1]
    return "".join(chars)


def inner_span(text: str, start: int, end: int) -> tuple[int, int]:
    """A quote's words without its opening and closing marks."""
    inner_start = start + 1 if text[start : start + 1] in OPEN_MARKS else start
    inner_end = end - 1 if end > inner_start and text[end - 1] in CLOSE_MARKS else end
    return inner_start, inner_end


# «Траншею копали сами, — говорит Апраушев, — наплевал я на запреты»: Russian puts the author's words
# that interrupt a quotation inside its marks, between two dashes; a quotation left unclosed may end
# with them («Он просто рухнул там, — сказал Рид. ¶: the translator forgot the closing mark).
_INNER_AUTHOR_RU = re.compile(
    rf"[,.!?…]\s*[—–-]\s*{RU_VERB}[^«»\"“”„\n—–]{{1,80}}?(?:[,.:]\s*[—–-]\s|\.\s*$)"
)


def inner_authors(text: str, spans: Sequence[tuple[int, int]], lang: str) -> list[tuple[int, int]]:
    """The author's words inside quotation marks (Russian), each from the punctuation before its dash
    to the dash after it: to be read, not masked, since they say who is speaking."""
    if lang != "ru":
        return []
    return [m.span() for start, end in spans for m in _INNER_AUTHOR_RU.finditer(text, start, end)]


def unmask(masked: str, text: str, spans: Sequence[tuple[int, int]]) -> str:
    """The masked text with the text's own characters put back in `spans`."""
    for start, end in spans:
        masked = masked[:start] + text[start:end] + masked[end:]
    return masked


def sentence_units(masked: str, spans: Sequence[tuple[int, int]], lang: str) -> list[tuple[int, int]]:
    """Sentences, merged where a quote runs over a sentence or line break."""
    # Masked words read as lowercase letters, so that a quote does not look like a new sentence.
    units: list[list[int]] = []
    for start, end in split_sentences(masked.replace(MASK, "x"), lang):
        # razdel breaks before a quote after ";" or ":" ('the Ukrainians; “the Donbas…”'): rejoin.
        if units and masked[units[-1][1] - 1] in ";:,—–" and "\n" not in masked[units[-1][1] : start]:
            units[-1][1] = end
        else:
            units.append([start, end])
    starts, ends = [u[0] for u in units], [u[1] for u in units]  # sorted; units never overlap
    for start, end in spans:
        first, last = bisect.bisect_right(ends, start), bisect.bisect_left(starts, end)  # the units it touches
        if last - first > 1:
            merged = [units[first][0], max(u[1] for u in units[first:last])]
            units[first:last], starts[first:last], ends[first:last] = [merged], [merged[0]], [merged[1]]
    return [(u[0], u[1]) for u in units]


# --- reading one quote's frame -----------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """One reading of who said a quote, by one rule, with the words that say so."""

    speaker: str | None
    role: str | None
    verb: str | None
    outlet: str | None
    evidence: str
    rule: str
    strong: bool
    anonymous: bool = False
    mention: int = -1  # where the mention it names starts (-1: none, or carried from another quote)
    # no one else named: the outlet is the verb's subject ("a piece by Izvestia which laid out")
    outlet_speaks: bool = False

    @classmethod
    def carried_from(cls, earlier, evidence: str, rule: str) -> Finding:
        """A weak reading that gives a quote the speaker of an earlier quote's attribution."""
        return cls(earlier.speaker, earlier.role, earlier.verb, earlier.outlet, evidence, rule, False)


class SpeechFrame:
    """The rules that read who said a quote from the words around it in its sentence."""

    def __init__(self, text, masked, lang, mentions: Mentions, units, spans, inner_authors=()):
        """`inner_authors`: the author's words inside quotes (`inner_authors()`), left unmasked in MASKED."""
        self.text, self.masked, self.lang = text, masked, lang
        self.inner_authors = tuple(inner_authors)
        self.units = units  # sorted, never overlapping (`sentence_units`): found by bisection below
        self._unit_starts = [unit[0] for unit in units]
        self._unit_ends = [unit[1] for unit in units]
        self.boundaries = {position for start, end in spans for position in (start, end - 1)}
        self.spans = sorted(spans)
        self._span_starts = [span[0] for span in self.spans]
        self.mentions = mentions
        self.verb = re.compile(RU_VERB if lang == "ru" else EN_VERB, re.IGNORECASE if lang == "en" else 0)
        self._names: list[tuple[int, int]] = []  # the quotes read as names so far (`note_name`), sorted

    def note_name(self, span: tuple[int, int]) -> None:
        """A quote read as a name or title («Игра престолов», the film “Chicks”): words of its clause,
        so it does not cut the clause the way a quotation does (`clause_start`)."""
        bisect.insort(self._names, span)

    def clause_start(self, unit_start: int, position: int) -> int:
        """Where the clause before `position` starts: after the last ";", ":", line break or quotation
        in the unit before it, a name in quotation marks aside ("Кит, который женился на коллеге по
        «Игре престолов», Роуз Лесли, признался": the subject is Кит, before the title)."""
        while True:
            cut = _clause_start(self.masked, unit_start, position)
            index = bisect.bisect_right(self._names, (cut - 1, len(self.masked))) - 1
            if cut == unit_start or index < 0 or not self._names[index][0] < cut <= self._names[index][1]:
                return cut
            position = self._names[index][0]

    # the sentence units around a position (a scan of every unit per quote made long documents quadratic)

    def unit_containing(self, position: int, default=None):
        """The unit with start <= position < end."""
        index = bisect.bisect_right(self._unit_starts, position) - 1
        return self.units[index] if index >= 0 and position < self.units[index][1] else default

    def _unit_touching(self, position: int, default=None):
        """The first unit with start <= position <= end."""
        index = bisect.bisect_left(self._unit_ends, position)
        return self.units[index] if index < len(self.units) and self.units[index][0] <= position else default

    def _unit_from(self, position: int):
        """The first unit that starts at or after the position."""
        index = bisect.bisect_left(self._unit_starts, position)
        return self.units[index] if index < len(self.units) else None

    def _unit_ending_by(self, position: int):
        """The last unit that ends at or before the position."""
        index = bisect.bisect_right(self._unit_ends, position) - 1
        return self.units[index] if index >= 0 else None

    def _units_within(self, start: int, end: int) -> list[tuple[int, int]]:
        """The units with start <= unit start and unit end <= end (starts and ends both only grow)."""
        return self.units[bisect.bisect_left(self._unit_starts, start) : bisect.bisect_right(self._unit_ends, end)]

    def attribution_right_after(self, after: str) -> bool:
        """Whether the words right after a quote say who spoke ('…,” he said', '…», — заявил он')."""
        head = after[:60]
        dash = re.match(r"^\s*[,.!?…]?\s*[—–-]+\s*", head)
        if self.lang == "ru":
            return bool(dash and self.verb.match(head, dash.end()))
        return bool(re.match(r"^\s*[,.!?]?\s*(?:\S+\s+){0,3}?" + EN_VERB, head, re.IGNORECASE))

    # finding the speaker ---------------------------------------------------------------------------

    def find(self, quote, span, unit, kind, previous, last_speech=None) -> list[Finding]:
        """Every finding for the quote at `span` in sentence `unit`; `previous` is the Attribution of
        the last top-level direct quote (a paragraph that is only a quote may continue it),
        `last_speech` that of the last top-level quote, direct or scare (its sentence may go on)."""
        start, end = span
        found: list[Finding] = []
        if kind == QuoteKind.DIRECT:
            found += self._after_quote(end, unit[1]) or self._inner_author(start, end)
            if not found and not quote.closed:
                found += self._dangling_closer(end, opening_mark(self.text, quote))
            if not found and not quote.closed and end - start <= _PARAGRAPH_CHARS:
                found += self._said_after_next(end)  # longer: it likely ran on into narrative
            if not found and not self.masked[end : unit[1]].strip():
                found += self._next_unit(unit, quote.text.rstrip()[-1:])
            if not found:
                found += self._dash_byline(unit, span)
        found += self._passive_agent(unit, span) or self._verb_before(unit[0], start, kind)
        found += self._according_to(unit, span)
        if not any(f.strong for f in found):
            found += self._owned_speech(unit[0], start) or self._sentence_end(end, unit[1])
        if not found:
            found += self._about_this(unit)
        if kind == QuoteKind.DIRECT and not found:
            found += self._colon_before(unit[0], start)
            found += self._label_colon(unit, span)
            found += self._continuation(unit, span, previous)
        if kind == QuoteKind.DIRECT and not found:
            found += self._reported_before(unit, span) or self._colon_subject(unit[0], start)
        if not any(f.speaker or f.role or f.anonymous or f.outlet for f in found):
            found += self._same_sentence(unit, span, last_speech)
        return found

    def _same_sentence(self, unit, span, previous) -> list[Finding]:
        """A second quotation in the sentence of an attributed one, in a clause with no subject of its
        own ('X accused them of “…”, noting that the show contains “…”'): the same speaker."""
        if previous is None or previous.speaker is None:
            return []
        previous_start, previous_end = outer_span(self.text, previous.quote)
        if not (unit[0] <= previous_start and previous_end <= span[0]):
            return []
        between = self.masked[previous_end : span[0]]
        if self.mentions.in_range(previous_end, span[0]) and any(
            m.kind in ("person", "role", "org") for m in self.mentions.in_range(previous_end, span[0])
        ):
            return []  # someone else is named between the two
        return [
            Finding.carried_from(
                previous,
                f"same sentence as the quote attributed to {previous.speaker}: {between.strip()[:80]}",
                "same-sentence",
            )
        ]

    def _dangling_closer(self, end: int, mark: str) -> list[Finding]:
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
            unit_end = self.unit_containing(position, (None, limit))[1]
            found = self._after_quote(position + 1, unit_end)
            return [replace(f, rule="closing-mark-later") for f in found]
        return []

    def _said_after_next(self, end: int) -> list[Finding]:
        """An unclosed quotation that the next one continues at once (a paragraph re-opened with a mark,
        '“They put a lot of money in. “There has been a fall,” Mr Payne said.'): the words after the
        next one name the speaker of both."""
        index = bisect.bisect_left(self._span_starts, end)
        following = self.spans[index] if index < len(self.spans) else None
        if following is None or re.search(r"\w", self.masked[end : following[0]]):
            return []
        unit_end = self._unit_touching(following[1], (None, len(self.masked)))[1]
        found = self._after_quote(following[1], unit_end)
        return [replace(f, rule="said-after-next", strong=False) for f in found]

    def _about_this(self, unit: tuple[int, int]) -> list[Finding]:
        """The next sentence names the speaker: 'Об этом заявил X.' / 'X spoke about this on Friday.'"""
        following = self._unit_from(unit[1])
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
        mention = self.mentions.best_in(start, verb.start(), nearest_to=verb.start()) or self.mentions.first_in(
            verb.end(), end
        )
        if mention is None:
            return []
        return [
            self._resolve(
                mention,
                verb.group(),
                self.mentions.outlet_at(start, end),
                self.text[start:end].strip(),
                "about-this",
                False,
            )
        ]

    def _next_unit(self, unit: tuple[int, int], last: str) -> list[Finding]:
        """'“We've missed them,”' alone, and the speaker opens the next paragraph; '“…duet?” Zhukov
        wrote' where the sentence splitter cut after the question mark; '“… them.” Larisa agreed.'"""
        following = self._unit_from(unit[1])
        if following is None or following[0] - unit[1] > 3 or last not in ",?!….":
            return []
        if last != "," and "\n" in self.masked[unit[1] : following[0]]:
            return []
        if last == "." and len(self.masked[following[0] : following[1]].split()) > _SHORT_ATTRIBUTION_WORDS:
            return []  # '“… them.” Larisa Kharlamova agreed.' — only a short sentence is the attribution
        return [replace(f, rule="next-paragraph", strong=False) for f in self._after_quote(following[0], following[1])]

    def reports_more_after(self, unit: tuple[int, int], span: tuple[int, int]) -> tuple[int, int] | None:
        """'“The market is closed.” Larisa said the council would meet on Monday to discuss …': the
        sentence after a quote that closes its own is too long to be its attribution, and reports
        words of its own; that sentence (None when it is not so)."""
        if self.masked[span[1] : unit[1]].strip(f" {MASK}"):
            return None
        if not self.text[span[0] : span[1]].rstrip(" ”\"»’'").endswith("."):
            return None
        following = self._unit_from(unit[1])
        if following is None or "\n" in self.masked[unit[1] : following[0]]:
            return None
        long = len(self.masked[following[0] : following[1]].split()) > _SHORT_ATTRIBUTION_WORDS
        return following if long else None

    def _sentence_end(self, end: int, unit_end: int) -> list[Finding]:
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

    def _after_quote(self, end: int, unit_end: int, require_start: bool = False) -> list[Finding]:
        """'…,” the diplomat told RIA Novosti.' / '…,” said X.' / '«…», — заявил он.'"""
        clause_end = _clause_end(self.masked, end, unit_end)
        region = self.masked[end:clause_end]
        lead = re.match(r"^\s*[,.!?…]*\s*(?:[—–−-]+\s*)?", region)
        offset = end + (lead.end() if lead else 0)
        if self.lang == "en" and _SUBORDINATE_AFTER.match(self.masked, offset):
            return []  # '“That makes me smart,” when Clinton blasted him': another clause, not the quote's frame
        verb = self.verb.search(self.masked, offset, clause_end)
        if verb is None:
            return []
        described = self._described_after_quote(offset, verb.start())
        if verb.start() - offset > (350 if described is not None else 120):
            return []
        if _INTRODUCES_NEXT.match(self.masked, verb.end()):
            return []  # '“…less advanced schools,” Trump said: “I don't like …”': Trump's words follow
        words_before_verb = len(self.masked[offset : verb.start()].split())
        dash = re.search(r"[—–-]", region[: offset - end])
        if self.lang == "ru" and not dash and words_before_verb > 1:
            return []  # Russian puts a dash before the author's words; without one, only "…», заявил X"
        before_verb = described or self.mentions.best_in(offset, verb.start(), nearest_to=verb.start(), subject=True)
        if self.lang == "en" and verb.group().endswith("ing") and before_verb is not None and described is None:
            # '“…,” Blige sings to Clinton before asking her': a participle's subject opens the clause
            before_verb = self.mentions.best_in(offset, verb.start(), nearest_to=offset) or before_verb
        if self.lang == "en" and verb.group().split()[0].endswith("ing") and before_verb is None:
            return []  # '“…,” referring to the convention, where Republicans will select a nominee': no new speaker
        after_verb = self.mentions.first_in(verb.end(), clause_end)
        # '“…” for Clinton, said Kunin': the name right after ", said" speaks, not one before it
        inverted = self.lang == "en" and after_verb is not None and self._inverted(verb, after_verb)
        if self.lang == "en" and not inverted and self._quote_is_subject(end, region[: offset - end]):
            after_verb = None  # '“our client” demanded new cameras in the embassy': no "…,” said X"
        mention = after_verb if inverted else before_verb or after_verb
        if _QUOTING_VERB.match(verb.group()) and after_verb is not None:
            mention = after_verb  # "TASS quotes him as saying", "цитирует Овечкина …": the one quoted
        outlet = self.mentions.outlet_at(offset, clause_end)
        # '“…,” The Hill reported.': an outlet alone before the verb is its subject
        outlet_subject = outlet is not None and outlet[1] <= verb.start()
        evidence = self.text[end:clause_end].strip(" ,—–-")
        if mention is None and not outlet_subject and self.lang == "en":
            unnamed = _UNNAMED_PUBLICATION.fullmatch(self.text, offset, verb.start())
            if unnamed is not None:  # '“…,” the newspaper reported': a publication the text does not name
                return [Finding(None, unnamed.group(1), verb.group(), None, evidence, "after-quote", True)]
        if verb.start() > offset and not outlet_subject and (mention is None or require_start and before_verb is None):
            return []
        speaks = outlet is not None and (outlet[1] <= verb.start() or not self.masked[verb.end() : outlet[0]].strip())
        if speaks and self.lang == "ru" and outlet[0] > verb.start():
            told = self._told_outlet(outlet, clause_end)
            if told is not None:
                mention, speaks = told, False
        return [self._resolve(mention, verb.group(), outlet, evidence, "after-quote", True, speaks)]

    def _told_outlet(self, outlet: tuple, clause_end: int) -> Mention | None:
        """«…», — заявил ТАСС Петров: an outlet between the verb and a person or role was told the words
        (a dative), and the one named right after it said them."""
        after = self.mentions.first_in(outlet[1], clause_end)
        if after is None or after.kind not in ("person", "role") or self.masked[outlet[1] : after.start].strip(' «»"'):
            return None
        return after

    def _inner_author(self, start: int, end: int) -> list[Finding]:
        """'«…сами, — говорит Апраушев, — наплевал я…»': the author's words inside the marks."""
        inner = next(((a, b) for a, b in self.inner_authors if start <= a and b <= end), None)
        return self._after_quote(*inner) if inner else []

    def _inverted(self, verb: re.Match, after_verb) -> bool:
        """', said Kunin': the verb follows a comma and the name follows the verb, nothing between."""
        comma_before = self.masked[max(0, verb.start() - 20) : verb.start()].rstrip().endswith(",")
        return comma_before and not self.masked[verb.end() : after_verb.start].strip()

    def _quote_is_subject(self, end: int, lead: str) -> bool:
        """Right after a closing mark with no punctuation inside it or after it, the quoted words are
        the verb's own subject, not speech with an inverted attribution."""
        return (
            self.text[end - 1 : end] in CLOSE_MARKS
            and not re.search(r"[,?!…]", self.text[end - 2 : end - 1])
            and not re.search(r"[,—–-]", lead)
        )

    def _verb_before(self, unit_start: int, start: int, kind: QuoteKind) -> list[Finding]:
        """'X told reporters: “…”' / 'X noted that … a “scare quote”' / 'Заявил X: «…»'."""
        verbs = list(self.verb.finditer(self.masked, unit_start, start))
        if not verbs:
            return []
        verb = verbs[-1]
        region_start = self.clause_start(unit_start, verb.start())
        mention = self._subject(region_start, verb.start())
        gerund = self._gerund_before(verbs, unit_start)
        if gerund is not None:  # "Джонсон раскритиковал «Шашки» в рамках Брексита, заявив, что считает …"
            main = self._finite_verb(unit_start, gerund.start())
            mention = (self._subject_ru(unit_start, main) if main is not None else None) or mention
        lead = self.masked[region_start : verb.start()]
        inverted = lead.rstrip().endswith((",", "—", "–", "-")) and not verb.group().endswith("ing")
        # In Russian the subject may follow its verb after other words, before the colon that opens a
        # quote: "Об этом заявил министр …, выступая в ООН: «…»"
        subject_follows = self.lang == "ru" and self.masked[unit_start:start].rstrip().endswith(":")
        if mention is None and (not re.search(r"\w", lead) or inverted or subject_follows):
            # "…,” wrote Krychowiak, “…”" / "Заявил X: «…»": the verb opens its clause
            mention = self.mentions.first_in(verb.end(), min(start, verb.end() + 80))
        outlet = self.mentions.outlet_at(region_start, start)
        tail = self.masked[verb.end() : start]
        strong = len(tail.strip()) < 40 and tail.rstrip().endswith((":", ",", "that")) or not tail.strip()
        evidence = self.text[region_start:start].strip()
        if mention is None and outlet is None:
            unnamed = self.lang == "en" and _UNNAMED_PUBLICATION.fullmatch(self.text, region_start, verb.start())
            if not unnamed:
                return []
            # 'The newspaper wrote: “…”': a publication the text does not name
            return [Finding(None, unnamed.group(1), verb.group(), None, evidence, "verb-before", strong)]
        speaks = outlet is not None and outlet[1] <= verb.start()
        return [self._resolve(mention, verb.group(), outlet, evidence, "verb-before", strong, speaks)]

    def _opens_unit(self, unit: tuple[int, int], span: tuple[int, int]) -> bool:
        """Whether the quote stands first in its unit, with nothing before it but spaces and marks."""
        return not self.masked[unit[0] : span[0]].strip(" \"“”„«»‘’'")  # "”Mr. Trump …”": any mark may open

    def _dash_byline(self, unit: tuple[int, int], span: tuple[int, int]) -> list[Finding]:
        """An epigraph or pull quote alone in its paragraph, signed on the next line:
        '“We lied, we cheated, we stole.” ¶ — Mike Pompeo, College Station, TX, April 15, 2019'."""
        if not self._opens_unit(unit, span):
            return []
        byline = _BYLINE_DASH.match(self.masked, span[1])
        if byline is None:
            return []
        mention = self.mentions.first_in(byline.end(), byline.end() + 60)
        if mention is None or mention.start != byline.end() or mention.kind != "person":
            return []
        if not _BYLINE_END.match(self.masked, mention.end):
            return []  # "“…” — Smith disagreed": a new sentence, not a signature
        line_end = self.masked.find("\n", byline.end())
        evidence = self.text[byline.start() : line_end if line_end >= 0 else len(self.text)].strip()
        return [self._resolve(mention, None, None, evidence, "dash-byline", True)]

    def _owned_speech(self, unit_start: int, start: int) -> list[Finding]:
        """'Trump’s claim that Obama “founded ISIS”', 'Clinton’s broadside against “printing money”': the
        owner of a noun of speech in the quote's clause, the nearest before it; a weak finding, tried only
        where no rule names the speaker strongly (made strong, it lost PolNeAR train and dev quotes)."""
        if self.lang != "en":
            return []
        clause_start = self.clause_start(unit_start, start)
        for mention in reversed(self.mentions.in_range(clause_start, start)):
            noun = _EN_OWNED_SPEECH.match(self.masked, mention.end)
            if mention.kind in ("person", "org") and noun is not None and start - noun.end() <= 120:
                evidence = self.text[mention.start : start].strip()
                return [self._resolve(mention, None, None, evidence, "verb-before", False)]
        return []

    def _passive_agent(self, unit: tuple[int, int], span: tuple[int, int]) -> list[Finding]:
        """'branded as a “hacker” by Morales', 'described as “…” by the ministry': the agent after "by"."""
        if self.lang != "en":
            return []
        verbs = list(self.verb.finditer(self.masked, self.clause_start(unit[0], span[0]), span[0]))
        agent = _EN_AGENT.match(self.masked, span[1], unit[1])
        if not verbs or not verbs[-1].group().lower().endswith("ed") or agent is None:
            return []
        if not _EN_PARTICIPLE_GAP.fullmatch(self.masked, verbs[-1].end(), span[0]):
            return []  # "testified that “…” by X": the "by" belongs to the quote's own words
        mention = self.mentions.first_in(agent.end(), min(unit[1], agent.end() + 60))
        if mention is None or mention.start != agent.end():
            return []
        evidence = self.text[verbs[-1].start() : mention.end].strip()
        return [self._resolve(mention, verbs[-1].group(), None, evidence, "passive-agent", True)]

    def _subject(self, start: int, verb_start: int) -> Mention | None:
        """Who does what the verb says: in English the mention right before the verb ("Pompeo
        pledged", "Amnesty has labeled"), else the nearest one that is not a preposition's object
        ("Long, the foreign minister under Correa, told", "Pompeo ranted against Assange, branding him")."""
        if self.lang != "en":
            return self._subject_ru(start, verb_start)
        found = [m for m in self.mentions.in_range(start, verb_start) if m.kind in _SUBJECT_KINDS]
        free = [
            m
            for m in found
            if not m.oblique
            and not possessive(self.masked, m)  # "Adelson's attorney accused"
            and (
                not ends_at(_EN_OBJECT_OF, self.masked, m.start)
                or (  # "with Cruz recently promising to “carpet bomb them”": the participle's subject
                    ends_at(_WITH, self.masked, m.start) and self.masked[verb_start:].split(None, 1)[0].endswith("ing")
                )
                or ends_at(_EN_SPEAKS_FOR, self.masked, m.start)  # "a spokesman for Sands dismissed it"
                or ends_at(_PASSIVE_BY, self.masked, m.start)
                or self.masked.startswith(", who", m.end)
            )
        ]
        relative = _RELATIVE_BEFORE_VERB.search(self.masked, start, verb_start)
        if relative is not None:  # "McCaskill, who has endorsed Clinton, said": not Clinton
            free = [m for m in free if not relative.start() <= m.start < relative.end()]
        described = self._described_subject(free, verb_start)
        if described is not None:
            return described
        adjacent = [m for m in free if _EN_SUBJECT_GAP.fullmatch(self.masked, m.end, verb_start)]
        if adjacent:
            return adjacent[-1]
        if ends_at(_COORDINATED_VERB, self.masked, verb_start):
            # "De Blasio said the move was made by Bill Bratton and said": the subject of a verb before it
            people = [m for m in free if m.kind == "person"]
            acting = [m for m in people if _WORD_AFTER_SUBJECT.match(self.masked, m.end)]
            if acting:
                return acting[-1]  # "Mayorga claims Ronaldo fell to his knees and told her": Ronaldo
            if people and people[0].start - start < 40:
                return people[0]
        comma = _trimmed_end(self.masked, verb_start) - 1
        if self.masked[comma : comma + 1] == "," and _ING.match(self.masked, verb_start):
            # "Fitzgerald has defended playing Rafter, saying …": the participle's subject is the clause's
            people = [m for m in free if m.kind == "person"] or [m for m in free if m.kind == "role"]
            speaking = [m for m in people if _SPEAKS_BEFORE_COMMA.fullmatch(self.masked, m.end, comma)]
            if speaking:  # "Mateen left as soon as prayers were finished, Nefzi said, adding": Nefzi
                return speaking[-1]
            if people:
                return people[0]
        for kind in _SUBJECT_KINDS:
            of_kind = [m for m in free if m.kind == kind]
            if of_kind:
                return min(of_kind, key=lambda m: abs(verb_start - m.end))
        return None

    def _described_subject(self, mentions: list[Mention], verb_start: int) -> Mention | None:
        """The first person among MENTIONS followed by a noun phrase between commas that runs up to the
        verb ("Jean-Marc Ayrault, the foreign minister of France, a permanent member of …, said")."""
        for mention in mentions:
            if mention.kind == "person" and _APPOSITION_BEFORE_VERB.fullmatch(self.masked, mention.end, verb_start):
                return mention
        return None

    def _described_after_quote(self, offset: int, verb_start: int) -> Mention | None:
        """The person named first after a quote, when a description between commas runs from the name
        to the verb ("…,” Leonard E. Burman, director of the … Center and a professor at …, said")."""
        first = self.mentions.first_in(offset, min(verb_start, offset + 80))
        if first is None or first.kind != "person":
            return None
        if not _TITLE_BEFORE_NAME.fullmatch(self.masked, offset, first.start):
            return None
        return first if _DESCRIPTION_BEFORE_VERB.fullmatch(self.masked, first.end, verb_start) else None

    def _gerund_before(self, verbs: list[re.Match], unit_start: int) -> re.Match | None:
        """A Russian speech verb in the adverbial participle after a comma, the verb itself or the one
        before it ("…, заявив, что считает …"): its subject is the sentence's, before any quote in it."""
        if self.lang != "ru":
            return None
        for verb in verbs[-2:]:
            after_comma = self.masked[unit_start : verb.start()].rstrip().endswith(",")
            if after_comma and morph.is_gerund(verb.group()):
                return verb
        return None

    def _finite_verb(self, start: int, end: int) -> int | None:
        """Where the first finite verb between `start` and `end` begins (Russian)."""
        for word in re.finditer(r"(?<![А-Яа-яЁё])[а-яё]+", self.masked[start:end]):
            if morph.part_of_speech(word.group()) == "VERB":
                return start + word.start()
        return None

    def _subject_ru(self, start: int, verb_start: int) -> Mention | None:
        """The nearest mention before the verb, in the nominative; but where a comma closes what comes
        before the verb, the clause's first person: "Кит, который женился на Роуз Лесли, признался",
        "Профессор Джей Берзофски, Национальный институт …, Вифезда, утверждает"."""
        found = [m for m in self.mentions.in_range(start, verb_start) if m.kind in _SUBJECT_KINDS and not m.oblique]
        if found and self.masked[start:verb_start].rstrip().endswith(","):
            return next((m for m in found if m.kind == "person"), found[0])
        return self.mentions.best_in(start, verb_start, nearest_to=verb_start, subject=True)

    def _according_to(self, unit: tuple[int, int], span: tuple[int, int]) -> list[Finding]:
        pattern = ACCORDING_RU if self.lang == "ru" else ACCORDING_EN
        found = []
        for match in pattern.finditer(self.masked, unit[0], unit[1]):
            if _THEM.match(self.masked, match.end()) or re.search(r"(?<![а-яё])их\s", match.group()):
                group = self.mentions.group_before(match.start())  # "По их словам", "according to them"
                if group is not None:
                    end = _clause_end(self.masked, match.end(), unit[1], stop=",")
                    evidence = self.text[match.start() : end].strip()
                    verb = match.group().strip()
                    found.append(Finding(group.name, group.role, verb, None, evidence, "according-to", False))
                continue
            mention = self.mentions.first_in(match.end(), match.end() + 60)
            outlet = self.mentions.outlet_at(match.end(), match.end() + 60)
            mention = (
                mention if mention is not None and not self.masked[match.end() : mention.start].count(",") else None
            )
            # "По его словам, …": the pronoun inside the phrase is the one whose words they are
            mention = next((m for m in self.mentions.in_range(*match.span()) if m.kind == "pronoun"), mention)
            if mention is None and outlet is None:
                continue
            end = _clause_end(self.masked, match.end(), unit[1], stop=",")
            evidence = self.text[match.start() : end].strip()
            verb = match.group().strip()
            found.append(self._resolve(mention, verb, outlet, evidence, "according-to", False, outlet is not None))
        return found

    def _colon_before(self, unit_start: int, start: int) -> list[Finding]:
        """A quote standing alone after a sentence that ends with a colon: 'He said:\\n“…”'."""
        if self.masked[unit_start:start].strip():
            return []
        head_end = _trimmed_end(self.masked, start)
        if self.masked[head_end - 1 : head_end] != ":":
            return []
        previous_start = max(self.masked.rfind("\n", 0, head_end), self.masked.rfind(". ", 0, head_end), 0)
        found = self._verb_before(previous_start, head_end, QuoteKind.DIRECT)
        return [replace(item, rule="colon") for item in found]

    def _label_colon(self, unit: tuple[int, int], span: tuple[int, int]) -> list[Finding]:
        """A headline's 'Who: “…”' ('Психолог: «…»', 'Ovechkin: “…”'): a name or role, a colon, the
        quote, and nothing after it ('Овечкин: «Вашингтон» соскучился …' quotes a name in a paraphrase)."""
        unit_start, start = unit[0], span[0]
        label = re.fullmatch(r"\s*([^:\n¤]{2,60}):\s*", self.masked[unit_start:start])
        if label is None or self.verb.search(label.group(1)) or re.search(r"\w", self.masked[span[1] : unit[1]]):
            return []
        mention = self.mentions.best_in(unit_start, unit_start + label.end(1), nearest_to=unit_start)
        if mention is None or mention.kind not in ("person", "role", "org"):
            return []
        evidence = self.text[unit_start : unit_start + label.end()].strip()
        return [self._resolve(mention, None, None, evidence, "label-colon", False)]

    def _colon_subject(self, unit_start: int, start: int) -> list[Finding]:
        """'Г-н Боун отклонил предположения о том, что …: «…»': in Russian a quote after a colon, with no
        speech verb before it in its sentence, is said by the subject of the sentence's verb."""
        if self.lang != "ru" or not self.masked[unit_start:start].rstrip().endswith(":"):
            return []
        colon = self.masked.rfind(":", unit_start, start)
        if self.verb.search(self.masked, unit_start, colon):
            return []  # "парижские газеты писали: «…»": a speech verb whose subject is no one named
        main = self._finite_verb(unit_start, colon)
        mention = self._subject_ru(unit_start, main) if main is not None else None
        if mention is None or mention.kind not in ("person", "role", "org", "pronoun"):
            return []
        return [self._resolve(mention, None, None, self.text[unit_start:start].strip(), "colon-subject", False)]

    def _continuation(self, unit, span, previous) -> list[Finding]:
        """A paragraph that is only a quote, right after a quote by X: the convention is that X goes on."""
        if previous is None or previous.speaker is None:
            return []
        if self.masked[unit[0] : span[0]].strip(" —–−-") or self.masked[span[1] : unit[1]].strip(" .,"):
            return []
        gap_start = outer_span(self.text, previous.quote)[1]
        gap = self.masked[gap_start : span[0]]
        if self._someone_else_reported(gap_start, span[0], previous.speaker):
            return []  # "…,” Mr Derrick said. Westpac's David Lording says … “…”": someone new speaks
        said_end = self._unit_touching(gap_start, (None, gap_start))[1]
        next_paragraph = self.masked[said_end : span[0]].strip() == "" and "\n" in self.masked[gap_start : span[0]]
        if not next_paragraph and (len(gap) > 300 or re.search(r"\w", gap.replace(MASK, ""))):
            # (the paragraph right after the sentence that said who spoke goes on, however long that was)
            gap_text = gap.replace(MASK, "")
            if len(gap_text.strip()) > 120:
                return []
        return [Finding.carried_from(previous, f"continues the quote attributed to {previous.speaker}", "continuation")]

    def _someone_else_reported(self, start: int, end: int, speaker: str) -> bool:
        """Whether a sentence between two quotes reports someone other than `speaker` as saying something."""
        between = [u for u in self._units_within(start, end) if MASK not in self.masked[u[0] : u[1]]]
        return any(
            finding.speaker not in (None, speaker)
            for unit in between
            for finding in self._verb_before(unit[0], unit[1], QuoteKind.DIRECT)
        )

    def _reported_before(self, unit: tuple[int, int], span: tuple[int, int]) -> list[Finding]:
        """A quote standing alone right after a sentence of reported speech goes on with that speaker's
        words: 'President Musharraf also said he welcomed the intervention. “We would like …”'."""
        if not self._opens_unit(unit, span) or self.masked[span[1] : unit[1]].strip(f" .,\"”»’'“{MASK}"):
            return []
        before = self._unit_ending_by(unit[0])
        if before is None or self.masked[before[1] : unit[0]].strip() or MASK in self.masked[before[0] : before[1]]:
            return []
        found = self._verb_before(before[0], before[1], QuoteKind.DIRECT)
        return [replace(f, rule="reported-before", strong=False) for f in found if f.speaker]

    def _resolve(self, mention, verb, outlet, evidence, rule, strong, outlet_speaks=False) -> Finding:
        """The finding for `mention` (resolved to the person it names); `outlet` is (start, end, Outlet)."""
        outlet_name = outlet[2].name if outlet is not None else None
        if mention is None:
            return Finding(None, None, verb, outlet_name, evidence, rule, strong, outlet_speaks=outlet_speaks)
        person = self.mentions.resolve(mention)
        anonymous = mention.kind == "role" and mention.text.lower().split()[-1] in ANONYMOUS
        body = _EN_BODY_SPOKEN_FOR.match(self.masked, mention.end) if mention.kind == "role" else None
        if person is None and body is not None and speaks_for(mention.text):
            # "a spokesman for Las Vegas Sands said": the body the spokesman speaks for (without the full
            # stop of "… said a spokeswoman for British Airways.", which the run of capitals took in)
            name, role = _SENTENCE_STOP.sub("", body.group(1).strip()), mention.text
            return Finding(name, role, verb, outlet_name, evidence, rule, strong, mention=mention.start)
        quoted = _RU_BODY_SPOKEN_FOR.match(self.text, mention.end) if self.lang == "ru" else None
        if person is None and quoted is not None and _RU_SPEAKS_FOR.fullmatch(mention.text.lower()):
            # "— заявила пресс-атташе компании «British Airways»": the body, named in quotation marks
            role = self.text[mention.start : quoted.start(2) - 1].strip()
            name = organisation_name(quoted.group(2).strip(), "ru")
            return Finding(name, role, verb, outlet_name, evidence, rule, strong, mention=mention.start)
        if person is None:
            role = mention.text if mention.kind == "role" else None
            return Finding(None, role, verb, outlet_name, evidence, rule, strong, anonymous, mention.start)
        return Finding(person.name, person.role, verb, outlet_name, evidence, rule, strong, mention=mention.start)


def speaks_for(role: str) -> bool:
    """'a spokesman', 'the press service': a role that speaks for a body named after it."""
    return _EN_SPEAKS_FOR.search(f"{role} for ") is not None


def _clause_end(masked: str, start: int, limit: int, stop: str = "") -> int:
    """Where the clause that starts at `start` ends: at a sentence end, a quote or the limit."""
    abbreviation = rf"{NOT_AFTER_TITLE}(?<![\s.][A-ZА-ЯЁ])"
    ends = f"[.!?;{re.escape(stop)}]"
    pattern = re.compile(rf"(?={ends}(?:\s|$)){abbreviation}{ends}(?=\s|$)|{MASK}|\n")
    first = pattern.search(masked, start, limit)
    return first.start() if first else limit


def _clause_start(masked: str, unit_start: int, position: int) -> int:
    head = masked[unit_start:position]
    cuts = [head.rfind(mark) for mark in (";", MASK, ":", "\n")]
    cut = max(cuts)
    return unit_start + cut + 1 if cut >= 0 else unit_start

"""The speakers a quote may have, each with the numbers the speaker model weighs.

Candidates come from what the rules already find: every `Finding` of the quote's frame (the words
right after it, the verb before it, "according to X", a continuation, …) and every person, role noun,
pronoun or body mentioned near it (from the paragraph before the quote to the sentence after it),
each resolved to the person it refers to (`Mentions.resolve`: a surname to the full name, "the
diplomat" or "he" to the person named earlier). Mentions of one person are one candidate. Its
features say which rules name it and how strongly, how near and where it is mentioned (same
sentence, before or after the quote, paragraph before), whether a mention is a speech verb's
subject or a possessive, and whether it spoke the quote before; `pipeline.quotes.ranker` scores
them with a model fitted on labelled news (`benchmarks/fit_speaker_model.py`).
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass

from pipeline.quotes.people import Mention, Person, object_of_preposition, possessive, speaks
from pipeline.quotes.speech import MASK, Finding

RULES = (
    "after-quote",
    "verb-before",
    "according-to",
    "sentence-end",
    "closing-mark-later",
    "said-after-next",
    "next-paragraph",
    "about-this",
    "colon",
    "label-colon",
    "continuation",
    "reported-before",
    "same-sentence",
    "dash-byline",
    "passive-agent",
)
_KINDS = ("person", "role", "pronoun", "org", "outlet")
_FAR = 9.0  # log1p of a distance: about 8,000 characters, i.e. not mentioned on that side
WINDOW_BEFORE = 1500  # characters before the quote whose mentions are candidates (and the paragraph before)
WINDOW_AFTER = 400

FEATURES = (
    *(f"rule:{rule}" for rule in RULES),
    "rule_strong",
    "rule_count",
    "rule_pronoun",
    "strong_others",
    "quote_words",
    "quote_opens_unit",
    "quote_ends_unit",
    "quote_is_paragraph",
    "quote_scare_shape",
    "quote_closed",
    "candidates",
    "before_distance",
    "after_distance",
    "in_unit_before",
    "in_unit_after",
    "in_paragraph",
    "in_previous_paragraph",
    *(f"nearest:{kind}" for kind in _KINDS),
    "speaks_nearby",
    "speaks_in_unit",
    "nearest_possessive",
    "nearest_object",
    "opens_sentence",
    "mentions_near",
    "mentions_document",
    "rank_before",
    "rank_after",
    "previous_speaker",
    "previous_gap",
    "previous_same_paragraph",
    "previous_paragraph_before",
    "last_spoken",
    "people_between",
    "group",
    "body",
    "outlet",
    "first_mention",
    "pronoun_frame",
    "gender_agrees",
    "gender_conflicts",
)


@dataclass(frozen=True)
class Weighed:
    """One candidate speaker of a quote: the person, the finding that names them best (if a rule
    did), the words that point to them, and the features the model scores."""

    person: Person
    finding: Finding | None
    evidence: str
    rule: str
    features: tuple[float, ...]
    mentions: tuple[Mention, ...]  # where the text names them near the quote


@dataclass
class _Seen:
    person: Person
    mentions: list[Mention]
    findings: list[Finding]


class CandidateBuilder:
    """Gathers and describes the candidate speakers of each quote of one document."""

    def __init__(self, frame):
        self.frame = frame
        self.masked, self.mentions = frame.masked, frame.mentions
        self.items = sorted(
            [m for m in self.mentions.items if m.kind in ("person", "role", "pronoun", "org", "statement")]
            + [
                Mention(s, e, self.masked[s:e], "outlet", Person(o.name, "outlet", None))
                for s, e, o in self.mentions.outlets
            ],
            key=lambda m: (m.start, -m.end),
        )
        self.starts = [m.start for m in self.items]
        self.paragraphs = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", self.masked)]
        self.paragraph_starts = [start for start, _ in self.paragraphs]
        self.unit_starts = [u[0] for u in frame.units]
        self._static: dict[int, Person | None] = {}
        self._document_counts: dict[str, int] | None = None
        self._first_seen: dict[str, int] = {}

    def weigh(self, quote, span, unit, kind, found: list[Finding], previous, last_spoken) -> list[Weighed]:
        """Every candidate speaker of the quote at `span` (its sentence `unit`, its frame's `found`),
        given the Attribution of the previous top-level direct quote and the last speaker noted."""
        start, end = span
        seen: dict[str, _Seen] = {}
        for finding in found:
            person = _person_of(finding)
            if person is not None:
                seen.setdefault(person.name, _Seen(person, [], [])).findings.append(finding)
        for mention in self._window(span):
            person = self._resolve(mention)
            if person is not None:
                seen.setdefault(person.name, _Seen(person, [], [])).mentions.append(mention)
        if previous is not None and previous.speaker and previous.speaker not in seen:
            seen[previous.speaker] = _Seen(Person(previous.speaker, previous.role, None), [], [])
        if not seen:
            return []
        context = self._context(quote, span, unit, kind, found, previous, last_spoken, len(seen))
        ranks_before = _ranks(seen, lambda s: min((start - m.end for m in s.mentions if m.end <= start), default=None))
        ranks_after = _ranks(seen, lambda s: min((m.start - end for m in s.mentions if m.start >= end), default=None))
        return [
            self._describe(name, entry, span, unit, context, ranks_before[name], ranks_after[name])
            for name, entry in seen.items()
        ]

    # --- where candidates come from ----------------------------------------------------------------

    def _window(self, span: tuple[int, int]) -> list[Mention]:
        start, end = span
        paragraph = max(0, bisect.bisect_right(self.paragraph_starts, start) - 1)
        previous_paragraph = self.paragraphs[max(0, paragraph - 1)][0] if self.paragraphs else 0
        low = max(previous_paragraph, start - WINDOW_BEFORE)
        high = min(len(self.masked), self._unit_end_after(end) + 1, end + WINDOW_AFTER)
        first = bisect.bisect_left(self.starts, low)
        last = bisect.bisect_left(self.starts, high)
        return [m for m in self.items[first:last] if not (start <= m.start < end)]

    def _unit_end_after(self, end: int) -> int:
        """The end of the sentence after the one the quote ends in."""
        index = bisect.bisect_right(self.unit_starts, end)
        units = self.frame.units
        if index < len(units):
            return units[index][1]
        return len(self.masked)

    def _resolve(self, mention: Mention) -> Person | None:
        if mention.kind == "outlet":
            return mention.person
        if mention.kind == "pronoun":
            return self.mentions.resolve(mention)  # depends on who has spoken so far
        key = id(mention)
        if key not in self._static:
            self._static[key] = self.mentions.resolve(mention)
        return self._static[key]

    # --- features -----------------------------------------------------------------------------------

    def _context(self, quote, span, unit, kind, found, previous, last_spoken, count) -> dict[str, float]:
        start, end = span
        words = len(re.findall(r"\w+", quote.text))
        paragraph = self._paragraph_of(start)
        before_unit = self.masked[unit[0] : start].strip(" \"“„«‘'—–-")
        after_unit = self.masked[end : unit[1]].strip(f" .,\"”»’'{MASK}")
        context = {
            "quote_words": math.log1p(words),
            "quote_opens_unit": float(not before_unit),
            "quote_ends_unit": float(not after_unit),
            "quote_is_paragraph": float(
                not self.masked[paragraph[0] : start].strip(" \"“„«‘'")
                and not self.masked[end : paragraph[1]].strip(f" .,\"”»’'{MASK}")
            ),
            "quote_scare_shape": float(kind.value == "scare"),
            "quote_closed": float(quote.closed),
            "candidates": float(count),
            "previous_gap": _FAR,
            "previous_same_paragraph": 0.0,
            "previous_paragraph_before": 0.0,
            "people_between": 0.0,
        }
        if previous is not None and previous.speaker:
            previous_end = previous.quote.char_end
            context["previous_gap"] = math.log1p(max(0, start - previous_end))
            previous_paragraph = self._paragraph_of(previous.quote.char_start)
            context["previous_same_paragraph"] = float(previous_paragraph == paragraph)
            context["previous_paragraph_before"] = float(
                previous_paragraph != paragraph and not self.masked[previous_paragraph[1] : paragraph[0]].strip()
            )
            between = self.mentions.in_range(previous_end, start)
            others = {self._resolve(m).name for m in between if m.kind == "person" and self._resolve(m) is not None}
            context["people_between"] = float(len(others - {previous.speaker}))
        context["_previous"] = previous.speaker if previous is not None else None
        context["_last_spoken"] = last_spoken.name if last_spoken is not None else None
        context["_strong"] = {f.speaker for f in found if f.strong and f.speaker}
        pronoun = next((self._mention_at(f.mention) for f in found if f.strong and self._pronoun_at(f.mention)), None)
        context["pronoun_frame"] = float(pronoun is not None)
        context["_pronoun_gender"] = pronoun.gender if pronoun is not None else None
        return context

    def _describe(self, name, entry: _Seen, span, unit, context, rank_before, rank_after) -> Weighed:
        start, end = span
        values = {key: value for key, value in context.items() if not key.startswith("_")}
        gender = self.mentions.person_named(name, None).gender or entry.person.gender
        wanted = context["_pronoun_gender"]
        values["gender_agrees"] = float(wanted is not None and gender == wanted)
        values["gender_conflicts"] = float(wanted is not None and gender in ("m", "f") and gender != wanted)
        rules = {f.rule for f in entry.findings}
        for rule in RULES:
            values[f"rule:{rule}"] = float(rule in rules)
        values["rule_strong"] = float(any(f.strong for f in entry.findings))
        values["rule_count"] = float(len(rules))
        values["rule_pronoun"] = float(any(self._pronoun_at(f.mention) for f in entry.findings))
        values["strong_others"] = float(len(context["_strong"] - {name}))
        before = [m for m in entry.mentions if m.end <= start]
        after = [m for m in entry.mentions if m.start >= end]
        values["before_distance"] = math.log1p(start - before[-1].end) if before else _FAR
        values["after_distance"] = math.log1p(after[0].start - end) if after else _FAR
        values["in_unit_before"] = float(any(m.start >= unit[0] for m in before))
        values["in_unit_after"] = float(any(m.end <= unit[1] for m in after))
        paragraph = self._paragraph_of(start)
        values["in_paragraph"] = float(any(paragraph[0] <= m.start < paragraph[1] for m in entry.mentions))
        values["in_previous_paragraph"] = float(any(m.start < paragraph[0] for m in entry.mentions))
        nearest = _nearest(entry.mentions, start, end)
        for kind in _KINDS:
            values[f"nearest:{kind}"] = float(nearest is not None and _kind(nearest) == kind)
        speaking = [m for m in entry.mentions if speaks(self.masked, m)]
        values["speaks_nearby"] = float(bool(speaking))
        values["speaks_in_unit"] = float(any(unit[0] <= m.start < unit[1] for m in speaking))
        values["nearest_possessive"] = float(
            nearest is not None and (nearest.oblique or possessive(self.masked, nearest))
        )
        values["nearest_object"] = float(nearest is not None and object_of_preposition(self.masked, nearest))
        values["opens_sentence"] = float(any(self._opens_sentence(m) for m in entry.mentions))
        values["mentions_near"] = float(len(entry.mentions))
        values["mentions_document"] = math.log1p(self._document_count(name))
        values["rank_before"] = float(min(rank_before, 6))
        values["rank_after"] = float(min(rank_after, 6))
        values["previous_speaker"] = float(name == context["_previous"])
        values["last_spoken"] = float(name == context["_last_spoken"])
        values["group"] = float(" and " in name or " и " in name)
        values["body"] = float(
            entry.person.role == "organisation" or any(m.kind in ("org", "statement") for m in entry.mentions)
        )
        values["outlet"] = float(any(m.kind == "outlet" for m in entry.mentions))
        values["first_mention"] = math.log1p(self._first_mention(name, start))
        finding = _best_finding(entry.findings)
        evidence, rule = self._evidence(finding, nearest, name, context)
        features = tuple(values[key] for key in FEATURES)
        return Weighed(_with_role(entry.person, finding), finding, evidence, rule, features, tuple(entry.mentions))

    def _evidence(self, finding, nearest, name, context) -> tuple[str, str]:
        if finding is not None:
            return finding.evidence, finding.rule
        if nearest is not None:
            unit = self._unit_of(nearest.start)
            return self.frame.text[unit[0] : unit[1]].strip()[:300], "nearby-mention"
        return f"continues the quotes attributed to {name}", "previous-speaker"

    def _pronoun_at(self, position: int) -> bool:
        mention = self._mention_at(position)
        return mention is not None and mention.kind == "pronoun"

    def _mention_at(self, position: int) -> Mention | None:
        index = bisect.bisect_left(self.starts, position)
        return self.items[index] if index < len(self.items) and self.items[index].start == position else None

    def _opens_sentence(self, mention: Mention) -> bool:
        unit = self._unit_of(mention.start)
        return not re.search(r"\w", self.masked[unit[0] : mention.start].replace(MASK, ""))

    def _unit_of(self, position: int) -> tuple[int, int]:
        index = max(0, bisect.bisect_right(self.unit_starts, position) - 1)
        units = self.frame.units
        return units[index] if units else (0, len(self.masked))

    def _paragraph_of(self, position: int) -> tuple[int, int]:
        index = max(0, bisect.bisect_right(self.paragraph_starts, position) - 1)
        return self.paragraphs[index] if self.paragraphs else (0, len(self.masked))

    def _document_count(self, name: str) -> int:
        self._count_document()
        return self._document_counts.get(name, 0)

    def _first_mention(self, name: str, default: int) -> int:
        self._count_document()
        return self._first_seen.get(name, default)

    def _count_document(self) -> None:
        """How often each person or body is named in the whole document, and where first (once)."""
        if self._document_counts is not None:
            return
        self._document_counts = {}
        for mention in self.items:
            if mention.kind in ("person", "role", "org", "statement", "outlet"):
                person = self._resolve(mention)
                if person is not None:
                    self._document_counts[person.name] = self._document_counts.get(person.name, 0) + 1
                    self._first_seen.setdefault(person.name, mention.start)


def _kind(mention: Mention) -> str:
    return "org" if mention.kind == "statement" else mention.kind


def _nearest(mentions: list[Mention], start: int, end: int) -> Mention | None:
    def distance(mention: Mention) -> int:
        return start - mention.end if mention.end <= start else mention.start - end

    return min(mentions, key=distance, default=None)


def _ranks(seen: dict[str, _Seen], distance) -> dict[str, int]:
    """1 for the nearest candidate on one side of the quote, 2 for the next, …; 6 when not mentioned there."""
    distances = {name: distance(entry) for name, entry in seen.items()}
    placed = sorted((value, name) for name, value in distances.items() if value is not None)
    ranks = dict.fromkeys(seen, 6)
    for rank, (_, name) in enumerate(placed, start=1):
        ranks[name] = rank
    return ranks


def _best_finding(findings: list[Finding]) -> Finding | None:
    strong = [f for f in findings if f.strong]
    return (strong or findings or [None])[0]


def _person_of(finding: Finding) -> Person | None:
    """Whom a finding names: its speaker, or the outlet that is its verb's subject ('The Hill reported')."""
    if finding.speaker:
        return Person(finding.speaker, finding.role, None)
    if finding.outlet and finding.outlet_speaks and not (finding.anonymous or finding.role):
        return Person(finding.outlet, "outlet", None)
    return None


def _with_role(person: Person, finding: Finding | None) -> Person:
    if finding is not None and finding.role and not person.role:
        return Person(person.name, finding.role, person.gender)
    return person

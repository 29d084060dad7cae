"""PolNeAR (Newell et al., LREC 2018) as quote labels: every quotation in its articles, with the speaker
the annotators gave it.

PolNeAR labels attributions, not quotes: a `Source`, a `Cue` and a `Content` span, linked by brat `E`
lines (`../shared/data/polnear/{train,dev}/attributions/<article>_<annotator>.ann`). A quote here is a
span between double quotation marks (found by `quote_spans` below, independently of the project's
extractor; the New York Times articles, LexisNexis copies, write each mark as '', and since extract 5
those count too: 1,807 more quotes in train, 117 in dev); it is **attributed** when at least half of its
characters lie inside the content of one attribution, and its labelled source is that attribution's
`Source` span (all its fragments). Quotations inside no content are `unattributed` (scare quotes,
titles, and the few attributions the annotators missed: PolNeAR's pseudo-recall is 94%): their speaker
is nobody. A content that runs over several paragraphs (a quote continued without a new cue) keeps its
source, as the annotators linked it; of two attributions holding a quote ("“…,” Canova said, the Herald
reported") the innermost counts. The first annotator of an article (by annotator id) is used where two
annotated it.

Each labelled source is put in one class:
- `named`: its head is a proper name: the last word of its first phrase (up to a comma, "who", a
  bracket or a preposition, dates aside) is capitalised, possessive aside, is not a party or plural
  word ("the Utah Republican", "Officials"), does not follow an indefinite article ("a New Hampshire
  Democrat"), and is not merely sentence-initial (a word that opens its sentence counts only when the
  article never writes it in lower case); a headline in capitals is not a name. "Sen. Ben Sasse",
  "Trump", "Clinton campaign chairman John Podesta", "Joel Pollak of Breitbart California", "CNN".
- `pronoun`: "he", "she" or "who", resolved **through the annotation**: the annotators link a pronoun
  to its cue, not to its antecedent, so "he"/"she" stands for the nearest earlier `named` source of
  the same article (at most `PRONOUN_REACH` characters before), and "who" for the phrase right before
  it ("Indiana Gov. Mike Pence, who called"). An approximation: the person quoted last is not always
  the one the pronoun means (of 22 disagreements read by hand on training articles, about 10 were
  this approximation's mistakes, not the system's). A pronoun with no named source in reach is left out.
- `other`: descriptions ("a Clinton aide", "the Florida senator"), plural and first-person pronouns,
  statements ("the ad"); `none`: an attribution with no source.

A predicted speaker matches a labelled source when its last word (the surname; for "A and B", any
of the names; for an outlet given as the outlet with no speaker, the outlet's last word) is one of
the source span's words, or of the antecedent's for a resolved pronoun, compared case-folded,
possessive aside (a Russian word also with another case ending, for `adaq`). A quote whose source is
`none` or that is `unattributed` is right when the system gives no speaker. PolNeAR is copyrighted
news: only offsets and labels leave this module, never text.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from pipeline.text.translit import same_name_across_scripts

PRONOUN_REACH = 2500
_PRONOUNS = frozenset({"he", "she", "who"})
_WORD = re.compile(r"[^\W\d_][\w’'.-]*")
_FIRST_PHRASE = re.compile(r",|\(|\bwho\b|\bwhose\b|—|–")
_PREPOSITION = re.compile(r"\s(?:of|in|at|from|for|with|on|to|by|during|under|near|like|released|published)\s")
_INDEFINITE = frozenset("a an another one some several many two three four few other others any".split())
_NOT_NAMES = frozenset(
    "i we they it you republican republicans democrat democrats democratic conservatives liberals progressives "
    "americans voters officials".split()
)
_TIME_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday today yesterday tonight january february march "
    "april may june july august september october november december".split()
)
_SENTENCE_OPENER = re.compile(r"(?:^|[.!?:]\s+|\n\s*|[“\"]\s*)$")


@dataclass(frozen=True)
class Attribution:
    source: tuple[tuple[int, int], ...]  # fragments; () when the attribution has no source
    content: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class LabelledQuote:
    start: int
    end: int
    # named | pronoun | other | none (an attribution with no source) | unattributed | unlabelled (not
    # speech: a span of a Russian set that no label covers, `ru_quotes.unlabelled`)
    source_class: str
    source_words: frozenset[str]  # the words a predicted speaker is matched against (empty: unresolved)
    source_span: tuple[int, int] | None  # the labelled source (first fragment start, last fragment end)


def read_articles(split_dir: Path) -> dict[str, tuple[str, list[Attribution]]]:
    """article id -> (text, attributions of its first annotator, by annotator id)."""
    files: dict[str, list[Path]] = defaultdict(list)
    for path in sorted((split_dir / "attributions").glob("*.ann")):
        article, _annotator = path.stem.rsplit("_", 1)
        files[article].append(path)
    articles = {}
    for article, paths in sorted(files.items()):
        text = (split_dir / "text" / f"{article}.txt").read_text(encoding="utf-8")
        articles[article] = (text, read_ann(paths[0]))
    return articles


def read_ann(path: Path) -> list[Attribution]:
    spans: dict[str, tuple[str, tuple[tuple[int, int], ...]]] = {}
    links: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        span = re.match(r"(T\d+)\t(\S+) ([\d ;]+)\t", line)
        if span:
            fragments = tuple(tuple(map(int, f.split())) for f in span.group(3).split(";"))
            spans[span.group(1)] = (span.group(2), fragments)  # type: ignore[assignment]
        link = re.match(r"E\d+\t(.*)$", line)
        if link:
            pairs = (p.split(":") for p in link.group(1).split())
            links.append({role.rstrip("0123456789"): tid for role, tid in pairs})
    found = []
    for roles in links:
        content = spans.get(roles.get("Content", ""))
        if content is None:
            continue
        source = spans.get(roles.get("Source", ""))
        found.append(Attribution(source[1] if source else (), content[1]))
    return found


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Spans between double quotation marks (marks excluded; '' counts as one, as LexisNexis copies
    write it). Curly marks pair as opened and closed; straight ones alternate within a paragraph. A
    quotation still open at a paragraph's end goes on when the next paragraph re-opens it (the news
    convention for quotes over several paragraphs), else it ends with its paragraph."""
    spans = []
    paragraphs = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    open_at: int | None = None
    for index, (start, end) in enumerate(paragraphs):
        position = start + _mark_width(text, start) if open_at is not None else start  # past the re-opening mark
        while position < end:
            width = _mark_width(text, position)
            if open_at is None and width:
                open_at = position + width
            elif open_at is not None and width and position > open_at:
                inner = 1 if text.startswith("'''", position) else 0  # a nested single quote closes first
                spans.append((open_at, position + inner))
                open_at = None
            position += max(width, 1)
        following = paragraphs[index + 1][0] if index + 1 < len(paragraphs) else None
        if open_at is not None and (following is None or not _mark_width(text, following)):
            spans.append((open_at, end))
            open_at = None
    return [_strip(text, s, e) for s, e in spans if text[s:e].strip()]


def _mark_width(text: str, position: int) -> int:
    """How many characters the double quotation mark at `position` takes: 1 for “ ” and ", 2 for the
    '' of LexisNexis copies (the New York Times articles), 0 when there is none."""
    if text[position : position + 1] in ("“", "”", '"'):
        return 1
    return 2 if text.startswith("''", position) else 0


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def labelled_quotes(text: str, attributions: list[Attribution]) -> list[LabelledQuote]:
    """Every quotation of one article: attributed ones with their source's class and words, the
    others (inside no attribution's content) as class `unattributed`, whose speaker is nobody."""
    named_sources = sorted(
        (a.source[0][0], a.source[-1][1], a.source)
        for a in attributions
        if a.source and _source_class(text, a.source) == "named"
    )
    found = []
    for start, end in quote_spans(text):
        owner = _owner(start, end, attributions)
        if owner is None:
            found.append(LabelledQuote(start, end, "unattributed", frozenset(), None))
        else:
            found.append(_labelled(text, start, end, owner, named_sources))
    return found


def _owner(start: int, end: int, attributions: list[Attribution]) -> Attribution | None:
    """The attribution whose content holds at least half of the quote; of several (a report of what
    someone said: "“…,” Canova said, the Herald reported"), the innermost, whose content is shortest."""
    holding = []
    for attribution in attributions:
        overlap = sum(max(0, min(end, e) - max(start, s)) for s, e in attribution.content)
        if overlap and 2 * overlap >= end - start:
            holding.append((sum(e - s for s, e in attribution.content), attribution.source == (), attribution))
    return min(holding, key=lambda item: item[:2])[2] if holding else None


def _labelled(text, start, end, owner: Attribution, named_sources) -> LabelledQuote:
    if not owner.source:
        return LabelledQuote(start, end, "none", frozenset(), None)
    span = (owner.source[0][0], owner.source[-1][1])
    kind = _source_class(text, owner.source)
    if kind == "named":
        return LabelledQuote(start, end, kind, _words(text, owner.source), span)
    if kind == "pronoun":
        return LabelledQuote(start, end, kind, _antecedent(text, span, named_sources), span)
    return LabelledQuote(start, end, "other", _words(text, owner.source), span)


def _antecedent(text: str, span: tuple[int, int], named_sources) -> frozenset[str]:
    """The words of the name a pronoun source stands for (empty when none is within reach): for
    "who", the phrase right before it ("Indiana Gov. Mike Pence, who called"); for "he" or "she", the
    nearest earlier `named` source of the same article, at most `PRONOUN_REACH` characters before."""
    start, end = span
    if text[start:end].lower() == "who":
        before = re.split(r"[,;:.(\n]|\band\b", text[max(0, start - 150) : start].rstrip(" ,"))[-1]
        return frozenset(fold(w.group()) for w in _WORD.finditer(before) if w.group()[:1].isupper())
    earlier = [s for s in named_sources if s[1] <= start and start - s[1] <= PRONOUN_REACH]
    return _words(text, earlier[-1][2]) if earlier else frozenset()


def _source_class(text: str, fragments: tuple[tuple[int, int], ...]) -> str:
    source = " ".join(text[s:e] for s, e in fragments).strip()
    if source.lower() in _PRONOUNS:
        return "pronoun"
    if source.isupper() and len(source) > 5:
        return "other"  # a headline in capitals stands as the source of the quote under it
    phrase = _PREPOSITION.split(_FIRST_PHRASE.split(source, maxsplit=1)[0], maxsplit=1)[0].strip()
    words = [w for w in _WORD.finditer(phrase) if w.group().lower().strip(".") not in _TIME_WORDS]
    if not words or words[0].group().lower() in _INDEFINITE:
        return "other"  # "a New Hampshire Republican", "some on Twitter": nobody named
    head = re.sub(r"(?:’s|'s|’|'|’ve|’re|’ll|’d|’m)$", "", words[-1].group())
    if not head[:1].isupper() or head.lower() in _PRONOUNS | _NOT_NAMES:
        return "other"  # "the Utah Republican", "Japanese", "We’ve": a description or a pronoun
    head_start = text.find(head, fragments[0][0], fragments[-1][1])
    opens_sentence = _SENTENCE_OPENER.search(text[max(0, head_start - 4) : head_start]) is not None
    if opens_sentence and re.search(rf"\b{re.escape(head.lower())}\b", text) is not None:
        return "other"  # "Officials said": capitalised only because it opens the sentence
    return "named"


def _words(text: str, fragments) -> frozenset[str]:
    return frozenset(fold(w.group()) for s, e in fragments for w in _WORD.finditer(text[s:e]))


def fold(word: str) -> str:
    """A word as names are matched: case-folded, without a possessive or a final period, and without an
    Arabic article ("аль-Муалем" is Муалем, "al-Assad" Assad)."""
    word = re.sub(r"(?:’s|'s|’|'|\.)$", "", word.casefold()).replace("’", "'")
    return re.sub(r"^(?:al|el|аль|эль)-(?=\w)", "", word)


def speaker_matches(quote: LabelledQuote, speaker: str | None, outlet: str | None) -> bool:
    """Whether a predicted speaker (or, with none, the outlet) names the labelled source."""
    if quote.source_class in ("none", "unattributed", "unlabelled"):
        return speaker is None
    name = speaker if speaker is not None else outlet
    if name is None or not quote.source_words:
        return False
    people = re.split(r",\s*|\s+and\s+|\s+и\s+", name)
    return any(_among(fold(person.split()[-1]), quote.source_words) for person in people if person.split())


def _among(word: str, words: frozenset[str]) -> bool:
    """`word` is one of `words`; a Russian word also with another case ending ("Иванов", "Иванова")."""
    if word in words:
        return True
    if any(same_name_across_scripts(word, other) for other in words):
        return True  # one name in two scripts: "Терри Бранстад" for the labelled "Branstad"
    if not _cyrillic(word):
        return False
    for other in words:
        short, long = sorted((word, other), key=len)
        if len(short) >= 4 and long.startswith(short[:-1]) and len(long) - len(short) <= 2:
            return True
    return False


def _cyrillic(word: str) -> bool:
    return re.match(r"[а-яё]", word) is not None


def lenient(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    """Overlapping by at least half of the shorter span (the attribution benchmark's lenient match)."""
    overlap = min(a_end, b_end) - max(a_start, b_start)
    return overlap > 0 and 2 * overlap >= min(a_end - a_start, b_end - b_start)


def _predicted_span(item) -> tuple[int, int]:
    return item.quote.char_start, item.quote.char_end


def match(span: tuple[int, int], items: list, span_of=_predicted_span):
    """The item whose span (`span_of(item)`, by default a predicted Attribution's quote) overlaps
    `span` most, if the overlap is lenient; else None."""
    best, best_overlap = None, 0
    for item in items:
        start, end = span_of(item)
        overlap = min(span[1], end) - max(span[0], start)
        if overlap > best_overlap and lenient(span[0], span[1], start, end):
            best, best_overlap = item, overlap
    return best


CLASSES = ("named", "pronoun", "other", "none", "unattributed", "unlabelled")
SPEECH = frozenset({"direct", "partial", "scare"})


def count(counts, golds: list[LabelledQuote], predicted: list) -> None:
    """Add one article's figures to `counts`: per source class, the labelled quotes, those found
    (any predicted quotation overlapping leniently), found as speech (not as a title) and those whose
    predicted speaker matches."""
    for gold in golds:
        found = match((gold.start, gold.end), predicted)
        counts[gold.source_class, "gold"] += 1
        if found is None:
            continue
        counts[gold.source_class, "found"] += 1
        counts[gold.source_class, "speech"] += found.kind.value in SPEECH
        counts[gold.source_class, "right"] += speaker_matches(gold, found.speaker, found.outlet)


def accuracy(counts, classes) -> float:
    found = sum(counts[c, "found"] for c in classes)
    return sum(counts[c, "right"] for c in classes) / found if found else 0.0


def summary(counts) -> dict:
    return {
        c: {
            "quotes": counts[c, "gold"],
            "found": counts[c, "found"],
            "speaker_accuracy": round(accuracy(counts, (c,)), 4),
        }
        for c in CLASSES
        if counts[c, "gold"]
    }

"""Scoring a finished run of a built batch (linkbatch) against its answers: document pairing and
quote-to-original accuracy, with the misses kept for reading."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from linkbatch import GoldDocument


@dataclass
class Scores:
    pairs: Counter = field(default_factory=Counter)  # translations: right / wrong / missed; others: claimed
    quotes: Counter = field(default_factory=Counter)  # by case: right / wrong-document / wrong-sentence / none
    false_links: Counter = field(default_factory=Counter)  # role:where, quotes with no original given one
    # quotes over several lines of their source, right: whether the original reaches every one of them
    multi_line: Counter = field(default_factory=Counter)  # case:every-line / case:some-lines
    misses: list[str] = field(default_factory=list)

    def pairing_accuracy(self) -> float:
        total = self.pairs["right"] + self.pairs["wrong"] + self.pairs["missed"]
        return self.pairs["right"] / total if total else 0.0

    def quote_accuracy(self, kind: str = "") -> float:
        keys = [k for k in self.quotes if k.startswith(kind)]
        right = sum(self.quotes[k] for k in keys if k.endswith(":right"))
        total = sum(self.quotes[k] for k in keys)
        return right / total if total else 0.0


def score_run(out: Path, gold: list[GoldDocument]) -> Scores:
    documents = [json.loads(line) for line in (out / "documents.jsonl").open(encoding="utf-8")]
    records = [json.loads(line) for line in (out / "records.jsonl").open(encoding="utf-8")]
    by_name = {Path(d["path"]).name: d for d in documents}
    name_of = {d["id"]: Path(d["path"]).name for d in documents}
    golds = {g.name: g for g in gold}
    scores = Scores()
    for g in gold:
        _score_pairing(g, by_name.get(g.name), name_of, scores)
    spans = {g.name: line_spans(by_name[g.name]["text"], g.lines) for g in gold if g.name in by_name}
    for record in records:
        name = name_of.get(record["quote"]["document"])
        if name in golds:
            _score_quote(record, golds[name], golds, spans, name_of, scores)
    return scores


def _score_pairing(g: GoldDocument, document: dict | None, name_of: dict, scores: Scores) -> None:
    if document is None:
        scores.pairs["not-ingested"] += 1
        return
    link = document.get("translation_of")
    predicted = name_of.get(link["document"]) if link and link.get("document") else None
    if g.translation_of:
        outcome = "right" if predicted == g.translation_of else "wrong" if predicted else "missed"
        scores.pairs[outcome] += 1
        if outcome != "right":
            scores.misses.append(f"pair {outcome}: {g.name} -> {predicted} (expected {g.translation_of})")
    elif predicted:
        scores.pairs["claimed-for-non-translation"] += 1
        scores.misses.append(f"pair claimed: {g.name} ({g.role}) -> {predicted}")


def line_spans(text: str, lines: list[str]) -> list[tuple[int, int] | None]:
    """Where each gold line lies in the document's text, whitespace aside: a web page's text comes out
    of ingest with runs of spaces collapsed and no-break spaces plain."""
    squeezed, offsets = _squeeze(text)
    spans, position = [], 0
    for line in lines:
        wanted = _squeeze(line)[0].strip()
        start = squeezed.find(wanted, position)
        if start < 0:
            start = squeezed.find(wanted)
        if start < 0 or not wanted:
            spans.append(None)
            continue
        end = start + len(wanted)
        spans.append((offsets[start], offsets[end - 1] + 1))
        position = end
    return spans


def _squeeze(text: str) -> tuple[str, list[int]]:
    """TEXT with each run of whitespace as one space, and the offset in TEXT of each character kept."""
    kept, offsets = [], []
    for match in re.finditer(r"\s+|\S+", text):
        if match.group().isspace():
            kept.append(" ")
            offsets.append(match.start())
        else:
            kept.append(match.group())
            offsets.extend(range(match.start(), match.end()))
    return "".join(kept), offsets


def _score_quote(record: dict, g: GoldDocument, golds: dict, spans: dict, name_of: dict, scores: Scores) -> None:
    expected = _expected_original(record, g, golds, spans)
    if expected is None:
        _score_false_link(record, g, golds, name_of, scores)
        return
    case, accept = expected
    original = record.get("original")
    if not original or original.get("char_start") is None:
        outcome = "none"
    else:
        name = name_of.get(original["document"])
        hits = [(doc, line) for doc, line in accept if doc == name]
        if not hits:
            outcome = "wrong-document"
        elif any(overlaps(spans[doc][line], original["char_start"], original["char_end"]) for doc, line in hits):
            outcome = "right"
            _score_lines(record, case, hits, spans, scores)
        else:
            outcome = "wrong-sentence"
    scores.quotes[f"{case}:{outcome}"] += 1
    if outcome != "right":
        found = (original or {}).get("text")
        scores.misses.append(f"quote {case} {outcome}: {g.name} “{record['quote']['text'][:80]}” -> "
                             f"{name_of.get((original or {}).get('document'))} «{(found or '')[:80]}»")


def _score_lines(record: dict, case: str, hits: list[tuple[str, int]], spans: dict, scores: Scores) -> None:
    """A right original of a quote that renders several lines of its source ("…\n\n…" over two
    paragraphs, or a sentence and the next): whether it reaches every one of them or stops short."""
    lines = {(doc, line) for doc, line in hits if spans[doc][line] is not None}
    if len(lines) < 2:
        return
    original = record["original"]
    every = all(overlaps(spans[doc][line], original["char_start"], original["char_end"]) for doc, line in lines)
    scores.multi_line[f"{case}:{'every-line' if every else 'some-lines'}"] += 1
    if not every:
        scores.misses.append(f"quote {case} some-lines: “{record['quote']['text'][:80]}” -> «{original['text'][:80]}»")


def _score_false_link(record: dict, g: GoldDocument, golds: dict, name_of: dict, scores: Scores) -> None:
    """A quote of an article that translates nothing, with no original in the batch: an original in
    another document is a false link (into the article's own translation, or elsewhere)."""
    original = record.get("original") or {}
    if g.role == "translation" or original.get("char_start") is None:
        return
    if original.get("document") == record["quote"]["document"]:
        return
    other = golds.get(name_of.get(original.get("document")))
    where = "own-translation" if other is not None and other.translation_of == g.name else "elsewhere"
    scores.false_links[f"{g.lang}-{g.role}:{where}"] += 1
    scores.misses.append(f"false link {g.lang}-{g.role} {where}: {g.name} “{record['quote']['text'][:80]}” -> "
                         f"{name_of.get(original.get('document'))} «{(original.get('text') or '')[:80]}»")


def _expected_original(record: dict, g: GoldDocument, golds: dict, spans: dict):
    """(case, acceptable (document, line) pairs) or None when the quote has no known original."""
    quote = record["quote"]
    start, end = quote["char_start"], quote["char_end"]
    lines = [i for i, span in enumerate(spans[g.name]) if overlaps(span, start, end)]
    if g.role == "translation" and g.translation_of:
        source = golds[g.translation_of]
        wanted = {g.source_lines[i] for i in lines if g.source_lines[i] is not None}
        accept = [(source.name, j) for j, k in enumerate(source.source_lines) if k in wanted]
        kind = "title" if quote["kind"] == "title" else "quote"
        return (f"{g.lang}-translation-{kind}", accept) if accept else None
    if g.role == "quoting":
        if quoted := _quoted_here(quote["text"], [g.lines[i] for i in lines], g.quoted):
            accept = [(other.name, j) for other in golds.values() for entry in quoted if other.story == entry["story"]
                      and other.lang == "ru" for j, k in enumerate(other.source_lines) if k == entry["line"]]
            return "en-quoting", accept
    return None


def _quoted_here(text: str, here: list[str], quoted: list[dict]) -> list[dict]:
    """The quoted sentences a quoting article's quote renders, by the lines it stands in (HERE): a name
    quoted in several lines ("Anzhi") is the one of its own line, and a quote running over two lines
    renders both. Where its lines are unknown, the first sentence with its words."""
    with_its_words = [entry for entry in quoted if entry["text"] in text or text in entry["text"]]
    if not here:
        return with_its_words[:1]
    in_its_lines = [entry for entry in quoted if any(entry["text"] in line or line in entry["text"] for line in here)]
    return [entry for entry in in_its_lines if entry in with_its_words] if len(here) == 1 else in_its_lines


def overlaps(span: tuple[int, int] | None, start: int, end: int) -> bool:
    return span is not None and min(span[1], end) - max(span[0], start) > 0

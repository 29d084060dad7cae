"""ADAQ's Russian sentences (pixelmagenta/adaq, an MSc thesis's test data) as quote labels.

`ru_sentences.tsv` holds 208 sentences of memoirs, interviews and journalism; `ru_tokens.tsv` tags
each token `source`, `cue`, `content` or `None` (PARC style, one attribution per sentence). Each
sentence is its own document. A quote is a span between quotation marks (`polnear.quote_spans`:
straight `"`, curly, and «» here) holding at least half content tokens; its labelled source is the
sentence's source tokens, classed as in `polnear`: `named` when a source token is capitalised and
either not the sentence's first word or a name by pymorphy3 (Name, Surn, Patr, Orgn, or unknown to
it: "Писеев"); `pronoun` ("она", "он", which one sentence cannot resolve: left unresolved); `other`
("режиссер", "следователь"); quotations with no content tokens are `unattributed`. A predicted
speaker matches when its last word equals a source word, a Russian case ending aside (the
benchmark's rule for Russian surnames: "Иванова" and "Иванов").
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

import polnear

from pipeline.text import morph

_PRONOUNS = frozenset("он она они я мы который которая которые кто".split())
_NAME_TAGS = ("Name", "Surn", "Patr", "Orgn", "Geox")
_QUOTE = re.compile(r"«[^«»]*»|„[^„“”]*[“”]|“[^“”]*”")


@dataclass(frozen=True)
class Sentence:
    sentence_id: str
    text: str
    tokens: tuple[tuple[int, int, str], ...]  # (start, end, tag)


def read_sentences(folder: Path) -> list[Sentence]:
    with open(folder / "ru_sentences.tsv", encoding="utf-8", newline="") as handle:
        texts = {row["sentence_id"]: row["sentences"] for row in csv.DictReader(handle, delimiter="\t")}
    tokens: dict[str, list[tuple[str, str]]] = {}
    with open(folder / "ru_tokens.tsv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            tokens.setdefault(row["sentence_num"], []).append((row["text"], row["tags"]))
    return [Sentence(sid, text, _aligned(text, tokens.get(sid, []))) for sid, text in sorted(texts.items())]


def _aligned(text: str, tokens: list[tuple[str, str]]) -> tuple[tuple[int, int, str], ...]:
    """Each token's offsets in the sentence, found left to right (tokens the text lacks are skipped)."""
    found, position = [], 0
    for token, tag in tokens:
        start = text.find(token, position)
        if start < 0:
            continue
        found.append((start, start + len(token), tag))
        position = start + len(token)
    return tuple(found)


def labelled_quotes(sentence: Sentence) -> list[polnear.LabelledQuote]:
    source = [(s, e) for s, e, tag in sentence.tokens if tag == "source"]
    spans = sorted(set(polnear.quote_spans(sentence.text)) | set(_guillemet_spans(sentence.text)))
    found = []
    for start, end in spans:
        content = sum(
            min(end, e) - max(start, s) for s, e, tag in sentence.tokens if tag == "content" and s < end and start < e
        )
        if 2 * content < end - start or not content:
            found.append(polnear.LabelledQuote(start, end, "unattributed", frozenset(), None))
        elif not source:
            found.append(polnear.LabelledQuote(start, end, "none", frozenset(), None))
        else:
            words = frozenset(polnear.fold(sentence.text[s:e]) for s, e in source)
            kind = _source_class(sentence, source)
            words = frozenset() if kind == "pronoun" else words
            found.append(polnear.LabelledQuote(start, end, kind, words, (source[0][0], source[-1][1])))
    return found


def _guillemet_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start() + 1, m.end() - 1) for m in _QUOTE.finditer(text) if m.end() - m.start() > 2]


def _source_class(sentence: Sentence, source: list[tuple[int, int]]) -> str:
    words = [sentence.text[s:e] for s, e in source]
    if len(words) == 1 and words[0].lower() in _PRONOUNS:
        return "pronoun"
    first_word = sentence.tokens[0][0] if sentence.tokens else 0
    for (start, _), word in zip(source, words, strict=True):
        if word[:1].isupper() and (start != first_word or _is_name(word)):
            return "named"
    return "other"


def _is_name(word: str) -> bool:
    analyser = morph.russian()
    if analyser is None:
        return False
    parses = analyser.parse(word)
    return not analyser.word_is_known(word) or any(tag in parses[0].tag for tag in _NAME_TAGS)

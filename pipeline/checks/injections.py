"""Errors injected into the English side of a parallel set, as in the issue-7 benchmark: one at a time,
on the lines where each applies (see each function). Used by `benchmarks/bench_compare.py` to measure
recall and by `pipeline.checks.train_decision` to label candidates."""

from __future__ import annotations

import random
import re
from collections.abc import Callable

from pipeline.checks.corpora import Corpus, Pair

KINDS = ("number", "entity", "negation", "omission", "addition")


NOT_NAMES = {
    *"January February March April May June July August September October November December".split(),
    *"Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split(),
    "I",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
}
DIGITS_RE = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?![\w])")
NEGATOR_RE = re.compile(r"\b(?:not|never|no|cannot|\w+n['’]t)\b", re.IGNORECASE)
NT_FIX = {"ca": "can", "wo": "will", "sha": "shall", "ai": "is"}  # what is left of can't, won't, shan't, ain't
CLAUSE_BREAK_RE = re.compile(r"[,;:()—–]|\s-\s|[.!?…]+(?=\s|$)")
NAME_WORD = r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?"  # "Smirnov", "Kai-Fu": the word the name swaps take and put
MID_CAPITAL_RE = re.compile(rf"(?<=[a-z0-9,;] ){NAME_WORD}\b")


def change_number(text: str, rng: random.Random) -> str | None:
    """One digit of one number written with digits (not glued to letters) becomes another digit."""
    found = list(DIGITS_RE.finditer(text))
    if not found:
        return None
    match = rng.choice(found)
    positions = [i for i, ch in enumerate(match.group()) if ch.isdigit()]
    index = rng.choice(positions)
    old = match.group()[index]
    choices = [d for d in "0123456789" if d != old and not (index == 0 and d == "0" and len(positions) > 1)]
    number = match.group()[:index] + rng.choice(choices) + match.group()[index + 1 :]
    return text[: match.start()] + number + text[match.end() :]


def drop_negation(text: str, rng: random.Random) -> str | None:
    """One English negator removed: not/never/no deleted, n't stripped (won't -> will), cannot -> can."""
    found = list(NEGATOR_RE.finditer(text))
    if not found:
        return None
    match = rng.choice(found)
    word = match.group()
    if word.lower() == "cannot":
        replacement = word[:3]
    elif re.search(r"n['’]t$", word, re.IGNORECASE):
        stem = word[:-3]
        replacement = NT_FIX.get(stem.lower(), stem)
    else:
        start, end = match.start(), match.end()
        if end < len(text) and text[end] == " ":
            end += 1
        elif start > 0 and text[start - 1] == " ":
            start -= 1
        return text[:start] + text[end:]
    return text[: match.start()] + replacement + text[match.end() :]


def name_pool(corpus: Corpus) -> tuple[set[str], dict[str, set[str]]]:
    """Words capitalised mid-sentence and never written in lower case in the set, by document."""
    lower_words = {w for text in corpus.english for w in re.findall(r"\b[a-z][a-z\-]+\b", text)}
    names: set[str] = set()
    by_doc: dict[str, set[str]] = {}
    for pair in corpus.pool:
        for match in MID_CAPITAL_RE.finditer(pair.en):
            word = match.group()
            if word.lower() not in lower_words and word not in NOT_NAMES and len(word) >= 3:
                names.add(word)
                by_doc.setdefault(pair.doc, set()).add(word)
    return names, by_doc


def swap_name(text: str, doc: str, names: set[str], by_doc: dict[str, set[str]], rng: random.Random) -> str | None:
    """One such name replaced by a name of another document with a different first letter."""
    candidates = _names_inside(text, names)
    if not candidates:
        return None
    match = rng.choice(candidates)
    pool = _other_documents_names(by_doc, doc, match.group()[0])
    return text[: match.start()] + rng.choice(pool) + text[match.end() :]


def _names_inside(text: str, names: set[str]) -> list[re.Match]:
    """The set's names the line has inside a sentence (a swap's choices)."""
    return [m for m in MID_CAPITAL_RE.finditer(text) if m.group() in names]


def _other_documents_names(by_doc: dict[str, set[str]], doc: str, first_letter: str) -> list[str]:
    """The names of every other document that start with another letter, once per document using them."""
    return sorted(n for d, ns in by_doc.items() if d != doc for n in ns if n[0] != first_letter)


def swap_name_in_story(text: str, nearby: str, names: set[str], rng: random.Random) -> str | None:
    """One such name replaced by another name that the text around the line uses (one person or place
    of the story put for another, a slip the other-document swap does not test), with a different
    first letter and not already in the line."""
    candidates = _names_inside(text, names)
    if not candidates:
        return None
    match = rng.choice(candidates)
    in_line = set(re.findall(r"[\w-]+", text))
    used = set(re.findall(rf"\b{NAME_WORD}\b", nearby))
    pool = sorted(w for w in used if w in names and w not in in_line and w[0] != match.group()[0])
    if not pool:
        return None
    return text[: match.start()] + rng.choice(pool) + text[match.end() :]


def story_swaps(corpus: Corpus, nearby: Callable[[Pair], str], seed: int):
    """(pair, English with a name swapped for another of its story) for every pair where one applies:
    a stream of its own, so the other injections draw as before."""
    rng = random.Random(seed)
    names, _ = name_pool(corpus)
    return _applied(corpus, lambda pair: swap_name_in_story(pair.en, nearby(pair), names, rng))


FIRST_WORD_RE = re.compile(rf"^[\W_]*({NAME_WORD})\b")


def swap_first_name(
    text: str, doc: str, names: set[str], by_doc: dict[str, set[str]], rng: random.Random
) -> str | None:
    """The line's first word, when it is one of the set's names ("Lazarev confirmed ..."), replaced by a
    name of another document with a different first letter: `swap_name` leaves a sentence's first word
    alone."""
    match = FIRST_WORD_RE.match(text)
    if not match or match.group(1) not in names:
        return None
    pool = _other_documents_names(by_doc, doc, match.group(1)[0])
    return text[: match.start(1)] + rng.choice(pool) + text[match.end(1) :] if pool else None


def first_word_swaps(corpus: Corpus, seed: int):
    """(pair, English with its first word, a name, swapped for another document's) for every pair where
    one applies: a stream of its own, so the other injections draw as before."""
    rng = random.Random(seed)
    names, by_doc = name_pool(corpus)
    return _applied(corpus, lambda pair: swap_first_name(pair.en, pair.doc, names, by_doc, rng))


def _applied(corpus: Corpus, inject: Injector):
    """(pair, injected English) for each pair, in order, where the injection applies and changes it."""
    for pair in corpus.pairs:
        text = inject(pair)
        if text is not None and text != pair.en:
            yield pair, text


def cut_half(text: str, rng: random.Random | None = None) -> str | None:
    """Lines of 10+ words cut at the first word boundary at or after the middle character."""
    words = list(re.finditer(r"\S+", text))
    if len(words) < 10:
        return None
    middle = len(text) // 2
    word = next(w for w in words if w.end() >= middle)
    return text[: word.end()].rstrip(",;:—–-") + "."


def clause_pool(pairs) -> dict[str, list[str]]:
    """Clauses of 5-9 words by document: pieces between punctuation that start in lower case and hold
    no digits, so an inserted one reads as part of the sentence and adds no number."""
    by_doc: dict[str, list[str]] = {}
    for pair in pairs:
        for piece in CLAUSE_BREAK_RE.split(pair.en):
            piece = piece.strip(" \"'«»“”")
            words = piece.split()
            if 5 <= len(words) <= 9 and piece[:1].islower() and not re.search(r"\d", piece):
                by_doc.setdefault(pair.doc, []).append(piece)
    return by_doc


def insert_clause(text: str, doc: str, clauses: dict[str, list[str]], rng: random.Random) -> str | None:
    """A clause of another document inserted after a random ", " or before the final punctuation."""
    if len(text.split()) < 5:
        return None
    pool = sorted(c for d, cs in clauses.items() if d != doc for c in cs)
    if not pool:
        return None
    clause = rng.choice(pool)
    end = len(text.rstrip(" .!?…\"'»”"))
    points = [m.end() for m in re.finditer(r", ", text[:end])] + [end]
    point = rng.choice(points)
    if point == end:
        return text[:end] + ", " + clause + text[end:]
    return text[:point] + clause + ", " + text[point:]


Injector = Callable[[Pair], "str | None"]


def injectors(corpus: Corpus, seed: int) -> dict[str, Injector]:
    """One injector per kind, each drawing from seeded streams in the order the benchmark calls them
    (pair by pair, kinds in KINDS order); additions draw from their own stream (seed + 1)."""
    rng = random.Random(seed)
    addition_rng = random.Random(seed + 1)
    names, by_doc = name_pool(corpus)
    clauses = clause_pool(corpus.pool)
    return {
        "number": lambda pair: change_number(pair.en, rng),
        "entity": lambda pair: swap_name(pair.en, pair.doc, names, by_doc, rng),
        "negation": lambda pair: drop_negation(pair.en, rng),
        "omission": lambda pair: cut_half(pair.en),
        "addition": lambda pair: insert_clause(pair.en, pair.doc, clauses, addition_rng),
    }


def variants(corpus: Corpus, seed: int):
    """(pair, {kind: injected English}) for every pair, injections drawn in the benchmark's order."""
    inject = injectors(corpus, seed)
    for pair in corpus.pairs:
        injected = {}
        for kind in KINDS:
            text = inject[kind](pair)
            if text is not None and text != pair.en:
                injected[kind] = text
        yield pair, injected

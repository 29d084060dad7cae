"""Benchmark of `pipeline.checks.compare` on WMT21 newstest ru-en: injected errors and real disagreements.

    .venv/bin/python benchmarks/bench_compare.py [--data ../shared/data] [--half report] [--seed 7]
        [--refs A,B] [--show-alarms] [--no-a-vs-b]

Each published translation (ref A, then ref B: B was never used for tuning) of every line is checked
against the Russian original untouched (false alarms: any flag on a clean line) and with one injected
error at a time, on the lines where that injection applies:

- number: one number written with digits (not glued to letters, e.g. not COVID-19) is chosen at
  random; one of its digits, chosen at random, is replaced by a different random digit (a leading
  digit stays non-zero).
- negation: one English negator is chosen at random and removed: "not", "never", "no" are deleted;
  "n't" is stripped ("didn't" -> "did", "can't" -> "can", "won't" -> "will"); "cannot" -> "can".
- name: one word capitalised in mid-sentence that is never written in lower case anywhere in
  refs A and B (so a name, not a title word), and is not a month or weekday, is replaced by such a
  name drawn at random from refs A of the *other* documents, with a different first letter.
- omission: on lines of 10+ words, the text is cut at the first word boundary at or after the middle
  character, trailing ",;:-" is dropped and "." is appended.
- addition: on lines of 5+ words, a clause of 5-9 words (a piece between punctuation of the same
  reference in another document, starting in lower case, with no digit) is inserted after a random
  ", " or before the final punctuation; drawn from its own random stream (seed + 1).

An injection counts as detected when the injected line gets more flags of that kind than the clean
line had. Documents are split in two by the parity of the first byte of sha256(doc_id): thresholds
and the mined gazetteer were tuned on `--half tune` (odd); the reported numbers use `--half report`
(even). Finally ref A and ref B are compared against each other (English against English) and the
rate of lines with a flag is reported, with examples. Numbers are measured on a shared 2-core machine.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.checks.compare import chrf, compare  # noqa: E402

TSV = "wmt21-newstest-ruen/newstest2021.ru-en.news.tsv"
KINDS = ("number", "entity", "negation", "omission", "addition")
TARGETS = {"number": 0.9, "entity": 0.8, "negation": 0.7, "omission": 0.8}
NOT_NAMES = {
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "I",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
}
DIGITS_RE = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?![\w])")
NEGATOR_RE = re.compile(r"\b(?:not|never|no|cannot|\w+n['’]t)\b", re.IGNORECASE)
NT_FIX = {"can": "can", "won": "will", "shan": "shall", "ain": "is"}
CLAUSE_BREAK_RE = re.compile(r"[,;:()—–]|\s-\s|[.!?…]+(?=\s|$)")
MID_CAPITAL_RE = re.compile(r"(?<=[a-z0-9,;] )[A-Z][a-z]+(?:-[A-Z][a-z]+)?\b")


def load(data: Path) -> list[dict[str, str]]:
    rows = []
    with open(data / TSV, encoding="utf-8") as handle:
        header = handle.readline().rstrip("\n").split("\t")
        for line in handle:
            rows.append(dict(zip(header, line.rstrip("\n").split("\t"), strict=True)))
    return rows


def half_of(doc_id: str) -> str:
    return "tune" if hashlib.sha256(doc_id.encode()).digest()[0] % 2 else "report"


# --- injections --------------------------------------------------------------------------------


def change_number(text: str, rng: random.Random) -> str | None:
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


def name_pool(rows: list[dict[str, str]], column: str) -> tuple[set[str], dict[str, set[str]]]:
    """Words never written in lower case in refs A and B; the mid-sentence ones of `column` by document."""
    lower_words = {
        w for r in rows for w in re.findall(r"\b[a-z][a-z\-]+\b", r["ref_A_en"] + " " + r["ref_B_en"])
    }
    names: set[str] = set()
    by_doc: dict[str, set[str]] = {}
    for row in rows:
        for match in MID_CAPITAL_RE.finditer(row[column]):
            word = match.group()
            if word.lower() not in lower_words and word not in NOT_NAMES and len(word) >= 3:
                names.add(word)
                by_doc.setdefault(row["doc_id"], set()).add(word)
    return names, by_doc


def swap_name(
    text: str, doc: str, names: set[str], by_doc: dict[str, set[str]], rng: random.Random
) -> str | None:
    candidates = [m for m in MID_CAPITAL_RE.finditer(text) if m.group() in names]
    if not candidates:
        return None
    match = rng.choice(candidates)
    pool = sorted(n for d, ns in by_doc.items() if d != doc for n in ns if n[0] != match.group()[0])
    return text[: match.start()] + rng.choice(pool) + text[match.end() :]


def cut_half(text: str, rng: random.Random) -> str | None:
    words = list(re.finditer(r"\S+", text))
    if len(words) < 10:
        return None
    middle = len(text) // 2
    word = next(w for w in words if w.end() >= middle)
    return text[: word.end()].rstrip(",;:—–-") + "."


def clause_pool(rows: list[dict[str, str]], column: str) -> dict[str, list[str]]:
    """Clauses of 5-9 words, by document: pieces between punctuation that start in lower case and hold
    no digits, so an inserted one reads as part of the sentence and adds no number."""
    by_doc: dict[str, list[str]] = {}
    for row in rows:
        for piece in CLAUSE_BREAK_RE.split(row[column]):
            piece = piece.strip(" \"'«»“”")
            words = piece.split()
            if 5 <= len(words) <= 9 and piece[:1].islower() and not re.search(r"\d", piece):
                by_doc.setdefault(row["doc_id"], []).append(piece)
    return by_doc


def insert_clause(text: str, doc: str, clauses: dict[str, list[str]], rng: random.Random) -> str | None:
    if len(text.split()) < 5:
        return None
    pool = sorted(c for d, cs in clauses.items() if d != doc for c in cs)
    clause = rng.choice(pool)
    end = len(text.rstrip(" .!?…\"'»”"))
    points = [m.end() for m in re.finditer(r", ", text[:end])] + [end]
    point = rng.choice(points)
    if point == end:
        return text[:end] + ", " + clause + text[end:]
    return text[:point] + clause + ", " + text[point:]


# --- evaluation --------------------------------------------------------------------------------


def kinds_of(flags) -> Counter[str]:
    return Counter(flag.kind for flag in flags)


def evaluate(rows, all_rows, column: str, seed: int, show_alarms: bool = False) -> dict:
    rng = random.Random(seed)
    addition_rng = random.Random(seed + 1)  # its own stream: the other injections stay as they were
    names, by_doc = name_pool(all_rows, column)
    clauses = clause_pool(all_rows, column)
    clean_flags: Counter[str] = Counter()
    flagged_lines = 0
    tried: Counter[str] = Counter()
    caught: Counter[str] = Counter()
    injectors = {
        "number": lambda row: change_number(row[column], rng),
        "entity": lambda row: swap_name(row[column], row["doc_id"], names, by_doc, rng),
        "negation": lambda row: drop_negation(row[column], rng),
        "omission": lambda row: cut_half(row[column], rng),
        "addition": lambda row: insert_clause(row[column], row["doc_id"], clauses, addition_rng),
    }
    for row in rows:
        flags = compare(row["src_ru"], row[column]).flags
        clean = kinds_of(flags)
        clean_flags.update(clean.keys())
        flagged_lines += bool(clean)
        if show_alarms and flags:
            print(f"  alarm {row['doc_id']}:{row['seg_id']}\n    RU {row['src_ru']}\n    EN {row[column]}")
            for flag in flags:
                ru = flag.source_span.text if flag.source_span else "-"
                en = flag.target_span.text if flag.target_span else "-"
                print(f"    {flag.kind}: «{ru[:70]}» / «{en[:70]}»  ({flag.detail})")
        for kind in KINDS:
            injected = injectors[kind](row)
            if injected is None or injected == row[column]:
                continue
            tried[kind] += 1
            caught[kind] += kinds_of(compare(row["src_ru"], injected).flags)[kind] > clean[kind]
    return {
        "clean": len(rows),
        "flagged": flagged_lines,
        "by_kind": clean_flags,
        "tried": tried,
        "caught": caught,
    }


def print_result(result: dict, column: str, elapsed: float) -> None:
    print(f"\n{column}: {'kind':<10}{'injected':>9}{'caught':>8}{'recall':>8}{'target':>8}")
    for kind in KINDS:
        tried, caught = result["tried"][kind], result["caught"][kind]
        recall = caught / tried if tried else float("nan")
        target = f"{TARGETS[kind]:.2f}" if kind in TARGETS else "-"
        print(f"{'':<{len(column) + 2}}{kind:<10}{tried:>9}{caught:>8}{recall:>8.3f}{target:>8}")
    rate = result["flagged"] / result["clean"]
    print(
        f"{column}: false alarms: {result['flagged']}/{result['clean']} clean lines flagged ({rate:.1%}, "
        f"target <= 5%); lines by kind: {dict(sorted(result['by_kind'].items()))}"
    )
    calls = result["clean"] + sum(result["tried"].values())
    print(f"{column}: time: {elapsed:.1f} s for {calls} comparisons ({1000 * elapsed / calls:.1f} ms each)")


def a_versus_b(rows, examples: int) -> None:
    flagged = 0
    kinds: Counter[str] = Counter()
    shown = []
    scores = []
    for row in rows:
        result = compare(row["ref_A_en"], row["ref_B_en"], src_lang="en", tgt_lang="en")
        scores.append(chrf(row["ref_B_en"], row["ref_A_en"]))
        if result.flags:
            flagged += 1
            kinds.update({flag.kind for flag in result.flags})
            shown.append((row, result))
    print(
        f"\nref A vs ref B (English against English): {flagged}/{len(rows)} lines flagged "
        f"({flagged / len(rows):.1%}); by kind: {dict(sorted(kinds.items()))}; "
        f"mean sentence chrF of B against A {sum(scores) / len(scores):.1f}"
    )
    # numbers and negation first: those disagreements change what the quote says
    shown.sort(key=lambda item: not any(f.kind in ("number", "negation") for f in item[1].flags))
    for row, result in shown[:examples]:
        print(f"  {row['doc_id']}:{row['seg_id']}")
        for flag in result.flags:
            a = flag.source_span.text if flag.source_span else "-"
            b = flag.target_span.text if flag.target_span else "-"
            print(f"    {flag.kind}: A «{a[:80]}» / B «{b[:80]}»  ({flag.detail})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default="../shared/data", type=Path)
    parser.add_argument("--half", default="report", choices=["report", "tune", "all"])
    parser.add_argument("--refs", default="A,B", help="which published translations to inject into: A, B or A,B")
    parser.add_argument("--seed", default=7, type=int)
    parser.add_argument("--examples", default=6, type=int)
    parser.add_argument("--show-alarms", action="store_true", help="print every flag on a clean line")
    parser.add_argument("--no-a-vs-b", action="store_true", help="skip comparing ref A with ref B")
    args = parser.parse_args()
    all_rows = load(args.data)
    rows = [r for r in all_rows if args.half == "all" or half_of(r["doc_id"]) == args.half]
    docs = len({r["doc_id"] for r in rows})
    print(f"WMT21 ru-en, half={args.half}: {len(rows)} lines in {docs} documents, seed {args.seed}")
    for ref in args.refs.split(","):
        column = f"ref_{ref.strip()}_en"
        started = time.perf_counter()
        result = evaluate(rows, all_rows, column, args.seed, args.show_alarms)
        print_result(result, column, time.perf_counter() - started)
    if not args.no_a_vs_b:
        a_versus_b(rows, args.examples)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

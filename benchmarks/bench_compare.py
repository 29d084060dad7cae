"""Benchmark of `pipeline.checks.compare` on parallel ru-en news: injected errors and real disagreements.

    .venv/bin/python benchmarks/bench_compare.py [--data ../shared/data]
        [--sets wmt19,nc-test,wmt21-report-A,wmt21-report-B] [--seed 7] [--cache DIR] [--limit N]
        [--show-alarms] [--show-misses KINDS] [--no-a-vs-b]

Which set is which (`pipeline.checks.corpora`): the decision model, its thresholds, the learned
transliteration and the mined gazetteer were fitted on NTREX-128 (English-original), the tuning
half of WMT21 (Russian-original, refs A and B) and, since compare 16, News Commentary's dev part
(313 lines, mostly English-original) only. The default sets are the others: WMT19 newstest
(Russian-original, never looked at while fitting), News Commentary's test part (600 lines, mostly
English-original, its errors never read) and the report half of WMT21 (refs A and B, held out
since issue 7). A fitting set may be named too
(`--sets ntrex`): its numbers are in-sample.

Each line's English is checked against its Russian untouched (false alarms: any flag on a clean
line) and with one injected error at a time (`pipeline.checks.injections`, the issue-7 benchmark's
injections: a digit changed, a negator dropped, a name swapped for another document's, the second
half cut, a clause of another document inserted), on the lines where that injection applies, and two
more, measured but not fitted on: a name swapped for another name that the text around the line uses
("names (story)": one person or place of the story put for another, a slip the other-document swap
does not test), and the line's first word, when it is a name, swapped for another document's ("names
(first)": "Lazarev confirmed ...", a place the other swap never touches). An injection counts as
caught when the injected line gets more flags of that kind (a story or first-word swap: of names)
than the clean line had. Finally ref A and ref B of WMT21's report half are compared with each other
(English against English): real disagreements between two professional translations, with examples.
`--cache DIR` keeps encoder vectors between runs (it only saves time; the numbers do not change).
`--show-misses number,negation` prints each injected error of those kinds that was not caught, with
the candidates of its kind, their probabilities and the threshold ("no candidate" when the check
raised none): a reading aid for the fitting sets only; for a held-out set it prints nothing, so that
its errors stay unread.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.checks import corpora, decision, vector_cache  # noqa: E402
from pipeline.checks.compare import candidates, chrf, compare  # noqa: E402
from pipeline.checks.injections import KINDS, first_word_swaps, story_swaps, variants  # noqa: E402

TARGETS = {"number": 0.9, "entity": 0.8, "negation": 0.7, "omission": 0.8}
LABELS = {
    "number": "numbers",
    "entity": "names",
    "negation": "negation",
    "omission": "omissions",
    "addition": "additions",
    "story": "names (story)",
    "first": "names (first)",
}
# a name swapped for another name the text around the line uses (`injections.story_swaps`) and a name
# that is the line's first word swapped (`injections.first_word_swaps`): measured beside the kinds,
# caught by the names check, not fitted on and given no target by the issue
MEASURED = (*KINDS, "story", "first")
FLAGGED_AS = {"story": "entity", "first": "entity"}


def kinds_of(flags) -> Counter[str]:
    return Counter(flag.kind for flag in flags)


def show_flags(flags, left: str, right: str) -> None:
    for flag in flags:
        a = flag.source_span.text if flag.source_span else "-"
        b = flag.target_span.text if flag.target_span else "-"
        print(f"    {flag.kind}: {left} «{a[:80]}» / {right} «{b[:80]}»  ({flag.detail})")


def show_miss(pair, kind: str, injected: str, nearby: str) -> None:
    """An injected error of `kind` that was not caught: the line, its injected version, and the
    candidates of the kind that would flag it with the decision's probability for each."""
    print(f"  missed {kind} {pair.corpus} {pair.doc}:{pair.line}")
    kind = FLAGGED_AS.get(kind, kind)
    print(f"    RU {pair.ru}\n    EN {pair.en}\n    IN {injected}")
    found = candidates(pair.ru, injected, nearby=nearby)
    chances = decision.probabilities(found, decision.line_features(pair.ru, injected))
    threshold = decision.load()[kind].threshold
    shown = [(c, p) for c, p in zip(found, chances, strict=True) if c.kind == kind]
    for candidate, chance in shown:
        print(f"    candidate {chance:.3f} (threshold {threshold}): {candidate.detail}")
    if not shown:
        print("    no candidate")


def evaluate(
    corpus: corpora.Corpus, seed: int, show_alarms: bool = False, save=None, show_misses: frozenset[str] = frozenset()
) -> dict:
    flagged_lines = 0
    clean_kinds: Counter[str] = Counter()
    tried: Counter[str] = Counter()
    caught: Counter[str] = Counter()
    nearby = corpora.nearby_english(corpus)
    extra = {
        "story": {pair.line: text for pair, text in story_swaps(corpus, nearby, seed)},
        "first": {pair.line: text for pair, text in first_word_swaps(corpus, seed)},
    }
    for number, (pair, injected) in enumerate(variants(corpus, seed)):
        around = nearby(pair)
        injected = {**injected, **{kind: lines[pair.line] for kind, lines in extra.items() if pair.line in lines}}
        flags = compare(pair.ru, pair.en, nearby=around).flags
        clean = kinds_of(flags)
        clean_kinds.update(clean.keys())
        flagged_lines += bool(flags)
        if show_alarms and flags:
            print(f"  alarm {pair.corpus} {pair.doc}:{pair.line}\n    RU {pair.ru}\n    EN {pair.en}")
            show_flags(flags, "RU", "EN")
        for kind, text in injected.items():
            tried[kind] += 1
            flagged_as = FLAGGED_AS.get(kind, kind)
            found = kinds_of(compare(pair.ru, text, nearby=around).flags)[flagged_as] > clean[flagged_as]
            caught[kind] += found
            if kind in show_misses and not found:
                show_miss(pair, kind, text, around)
        if save and number % 200 == 199:
            save()
    return {
        "clean": len(corpus.pairs),
        "flagged": flagged_lines,
        "by_kind": clean_kinds,
        "tried": tried,
        "caught": caught,
    }


def print_result(name: str, result: dict, elapsed: float) -> None:
    role = "fitted on (in-sample)" if name in corpora.FIT_SETS else "held out"
    print(f"\n{name} ({corpora.ORIGIN[name]}-original, {role}): {result['clean']} lines")
    print(f"  {'kind':<10}{'injected':>9}{'caught':>8}{'recall':>8}{'target':>8}")
    for kind in MEASURED:
        tried, caught = result["tried"][kind], result["caught"][kind]
        recall = caught / tried if tried else float("nan")
        target = f"{TARGETS[kind]:.2f}" if kind in TARGETS else "-"
        print(f"  {kind:<10}{tried:>9}{caught:>8}{recall:>8.3f}{target:>8}")
    rate = result["flagged"] / result["clean"]
    print(
        f"  false alarms: {result['flagged']}/{result['clean']} clean lines flagged ({rate:.1%}, target <= 5%); "
        f"lines by kind: {dict(sorted(result['by_kind'].items()))}"
    )
    calls = result["clean"] + sum(result["tried"].values())
    print(f"  time: {elapsed:.0f} s for {calls} comparisons ({1000 * elapsed / calls:.0f} ms each)")


def summary(results: dict[str, dict]) -> None:
    names = list(results)
    print("\nsummary (recall per kind; false alarms = share of clean lines with any flag)")
    print(f"  {'':<12}" + "".join(f"{n:>16}" for n in names) + f"{'target':>9}")
    for kind in MEASURED:
        cells = []
        for n in names:
            tried, caught = results[n]["tried"][kind], results[n]["caught"][kind]
            cells.append(f"{caught / tried:.3f} ({tried})" if tried else "-")
        target = f"{TARGETS[kind]:.2f}" if kind in TARGETS else "-"
        print(f"  {LABELS[kind]:<12}" + "".join(f"{c:>16}" for c in cells) + f"{target:>9}")
    cells = [f"{r['flagged'] / r['clean']:.1%} ({r['clean']})" for r in results.values()]
    print(f"  {'false alarms':<12}" + "".join(f"{c:>16}" for c in cells) + f"{'<= 5%':>9}")


def a_versus_b(data: Path, examples: int) -> None:
    a, b = corpora.load(data, "wmt21-report-A"), corpora.load(data, "wmt21-report-B")
    flagged = 0
    kinds: Counter[str] = Counter()
    shown = []
    scores = []
    nearby = corpora.nearby_english(b)
    for pa, pb in zip(a.pairs, b.pairs, strict=True):
        result = compare(pa.en, pb.en, src_lang="en", tgt_lang="en", nearby=nearby(pb))
        scores.append(chrf(pb.en, pa.en))
        if result.flags:
            flagged += 1
            kinds.update({flag.kind for flag in result.flags})
            shown.append((pa, result))
    print(
        f"\nWMT21 report half, ref A vs ref B (English against English): {flagged}/{len(a.pairs)} lines flagged "
        f"({flagged / len(a.pairs):.1%}); by kind: {dict(sorted(kinds.items()))}; "
        f"mean sentence chrF of B against A {sum(scores) / len(scores):.1f}"
    )
    # numbers and negation first: those disagreements change what the quote says
    shown.sort(key=lambda item: not any(f.kind in ("number", "negation") for f in item[1].flags))
    for pair, result in shown[:examples]:
        print(f"  {pair.doc}:{pair.line}")
        show_flags(result.flags, "A", "B")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default="../shared/data", type=Path)
    parser.add_argument("--sets", default=",".join(corpora.REPORT_SETS), help="comma-separated set names")
    parser.add_argument("--seed", default=7, type=int)
    parser.add_argument("--cache", type=Path, default=None, help="folder to keep encoder vectors in between runs")
    parser.add_argument("--limit", type=int, default=0, help="only the first N lines of each set (a quick look)")
    parser.add_argument("--examples", default=8, type=int)
    parser.add_argument("--show-alarms", action="store_true", help="print every flag on a clean line")
    parser.add_argument(
        "--show-misses",
        default="",
        metavar="KINDS",
        help="comma-separated kinds whose uncaught injections are printed, on fitting sets only",
    )
    parser.add_argument("--no-a-vs-b", action="store_true", help="skip comparing WMT21 ref A with ref B")
    args = parser.parse_args()
    misses = frozenset(kind.strip() for kind in args.show_misses.split(",") if kind.strip())
    unknown = sorted(misses - set(MEASURED))
    if unknown:
        parser.error(f"--show-misses: no kind {', '.join(unknown)} (kinds: {', '.join(MEASURED)})")
    vector_cache.load(args.cache)
    results = {}
    for name in [s.strip() for s in args.sets.split(",") if s.strip()]:
        corpus = corpora.load(args.data, name)
        if args.limit:
            corpus = corpora.Corpus(corpus.name, corpus.pairs[: args.limit], corpus.pool, corpus.english)
        started = time.perf_counter()
        shown = misses if name in corpora.FIT_SETS else frozenset()
        if misses and not shown:
            print(f"\n{name}: held out, so its missed injections are not shown")
        results[name] = evaluate(
            corpus, args.seed, args.show_alarms, lambda: vector_cache.save(args.cache), shown
        )
        print_result(name, results[name], time.perf_counter() - started)
        vector_cache.save(args.cache)
    if len(results) > 1:
        summary(results)
    if not args.no_a_vs_b:
        a_versus_b(args.data, args.examples)
        vector_cache.save(args.cache)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Benchmark of the link stage as a user's batch meets it: document pairing, quote-to-original
accuracy, and the whole run's time against encoding every sentence once.

    .venv/bin/python benchmarks/bench_link.py [--data ../shared/data] [--keep DIR]
        [--set report|fit|unrelated|reporting|fit-reporting|fit-unrelated|reporting-unnamed|fit-reporting-unnamed
         |unrelated-translations|fit-unrelated-translations]
        [--pages]
    .venv/bin/python benchmarks/bench_link.py --fit   # fit the link stage's models and floor on the fit set

A batch is built from parallel news (`linkbatch`: Russian articles and their English translations,
cited and uncited, shortened rewrites by another outlet, English articles that quote but do not
translate, English articles with their Russian translations, English articles alone) and run
through `provenance run` in a fresh folder; its documents.jsonl and records.jsonl are scored against
the batch's answers (`linkscore`). In the same run, every sentence of every document is split and
encoded once with the embedded encoder, the yardstick of the speed target (the run at most 3x that).

The `report` set (WMT21, odd NTREX stories) was never used to fit anything in the link stage; the
`fit` set (WMT19, even NTREX stories) is where `--fit` fits the pairing model and the projection's
calibration (the locate reranker: `bench_align.py --fit --docs fit`). The `unrelated` set is WMT21's
Russian stories beside PolNeAR dev's 84 US political news articles, which quote their own sources:
no quote has an original in the batch, so every English quote linked to a Russian story is a false
link (the batch-wide search's cost and precision where most of a real batch is English news;
`fit-unrelated`: the fit set's Russian stories beside every tenth PolNeAR train article;
`unrelated-translations`, `fit-unrelated-translations`: the same with the Russian translations of
the set's English-original stories, NTREX's US and British news, as a Russian site nothing is known
about published them, without their originals: renderings of English that quote the same people). The
`reporting` set is WMT21's Russian stories with, for each story, an English report on it: three to
five sentences of its second English translation and one or two of the first quoted from the Russian
outlet; every quote in them has its original in the story's Russian article (`fit-reporting`: the
same built from the fit set's Russian stories, whose reports retell other sentences of their one
translation, to read misses on). `reporting-unnamed` (`fit-reporting-unnamed`) is the same batch
with the reports' quotes credited to no outlet ("“…,” the newspaper reported."): only the story they
tell says where their words appeared (what a report retells: pairing's RETOLD; a quote it does not
retell is searched in the Russian documents of its own story, the path every US article of a mixed
batch takes). `--pages` saves every
article of the set as a news site's web page (`webpages`: menu, cookie notice, related links, footer)
instead of a text file, so that ingest's reading of pages is part of what is measured.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from linkbatch import build_batch, build_reporting_batch, build_unrelated_batch  # noqa: E402
from linkdata import fit_stories, report_stories  # noqa: E402
from linkscore import score_run  # noqa: E402
from webpages import as_web_pages  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SEED = 15
SETS = ("report", "fit", "unrelated", "reporting", "fit-reporting", "fit-unrelated", "reporting-unnamed",
        "fit-reporting-unnamed", "unrelated-translations", "fit-unrelated-translations")
UNNAMED_CREDIT = "the newspaper"


def make_batch(data: Path, which: str, folder: Path) -> list:
    fitting = which.startswith("fit")
    stories = fit_stories(data, with_commentary=False) if fitting else report_stories(data)
    russian = [s for s in stories if s.written_in == "ru"]
    if which in ("unrelated", "fit-unrelated", "unrelated-translations", "fit-unrelated-translations"):
        news = sorted((data / "polnear" / ("train" if fitting else "dev") / "text").glob("*.txt"))
        translated = [s for s in stories if s.written_in == "en"] if which.endswith("translations") else None
        return build_unrelated_batch(folder, russian, news[::10] if fitting else news, SEED, translated)
    if which in ("reporting", "fit-reporting"):
        return build_reporting_batch(folder, russian, SEED, one_translation=fitting)
    if which in ("reporting-unnamed", "fit-reporting-unnamed"):
        return build_reporting_batch(folder, russian, SEED, one_translation=fitting, credit=UNNAMED_CREDIT)
    english = [s for s in stories if s.written_in == "en"]
    return build_batch(folder, russian, english, seed=SEED)


def run_pipeline(folder: Path, out: Path) -> tuple[float, int, dict]:
    """Wall seconds, peak resident MB of the run's process tree, and its stdout summary."""
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "pipeline", "run", str(folder), "--out", str(out), "--quiet"],
                            capture_output=True, text=True, cwd=ROOT)
    seconds = time.perf_counter() - started
    if result.returncode not in (0, 1):
        raise SystemExit(f"run failed ({result.returncode}): {result.stderr.strip()[-2000:]}")
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
    return seconds, peak_mb, json.loads(result.stdout)


def encode_everything(out: Path) -> tuple[float, int]:
    """Seconds to split and encode every sentence of every document once (as the link stage splits
    them), in a fresh process like the run's; and how many sentences."""
    code = (
        "import json, sys, time\n"
        "from pipeline.link import encoder\n"
        "from pipeline.link.sentences import sentences\n"
        "docs = [json.loads(l) for l in open(sys.argv[1], encoding='utf-8')]\n"
        "encoder.encode(['warm up'])\n"
        "t = time.perf_counter()\n"
        "texts = [d['text'][s.start:s.end] for d in docs if d['language'] and d['language']['lang']\n"
        "         for s in sentences(d['text'], d['language']['lang'])]\n"
        "encoder.encode(texts)\n"
        "print(time.perf_counter() - t, len(texts))\n"
    )
    result = subprocess.run([sys.executable, "-c", code, str(out / "documents.jsonl")], capture_output=True,
                            text=True, cwd=ROOT, check=True)
    seconds, count = result.stdout.split()
    return float(seconds), int(count)


def report(args: argparse.Namespace) -> int:
    scratch = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench_link_"))
    folder, out = scratch / f"{args.set}_batch", scratch / f"{args.set}_out"
    gold = make_batch(Path(args.data), args.set, folder)
    if args.pages:
        gold = as_web_pages(folder, gold, SEED)
    roles = {}
    for g in gold:
        roles[g.role, g.lang] = roles.get((g.role, g.lang), 0) + 1
    print(f"{args.set} batch: {len(gold)} documents " + ", ".join(f"{n} {lang} {role}" for (role, lang), n in
                                                                 sorted(roles.items())))
    seconds, peak_mb, summary = run_pipeline(folder, out)
    encode_seconds, sentence_count = encode_everything(out)
    scores = score_run(out, gold)
    pairs = scores.pairs
    print(f"document pairing: {pairs['right']} right, {pairs['wrong']} wrong, {pairs['missed']} missed of "
          f"{pairs['right'] + pairs['wrong'] + pairs['missed']} translations: accuracy "
          f"{scores.pairing_accuracy():.4f}; pairs claimed for non-translations: "
          f"{pairs['claimed-for-non-translation']}")
    for case in sorted({k.rsplit(":", 1)[0] for k in scores.quotes}):
        counts = {k.rsplit(":", 1)[1]: v for k, v in scores.quotes.items() if k.startswith(case + ":")}
        total = sum(counts.values())
        print(f"quote-to-original {case}: {scores.quote_accuracy(case):.4f} of {total} ({counts})")
    print(f"quote-to-original, all translated-article quotes: {scores.quote_accuracy('en-translation'):.4f}")
    every = sum(v for k, v in scores.multi_line.items() if k.endswith(":every-line"))
    print(f"right originals of quotes over several source lines that reach every line: {every} of "
          f"{sum(scores.multi_line.values())} ({dict(sorted(scores.multi_line.items()))})")
    print(f"false links (a quote with no original in the batch given one): {sum(scores.false_links.values())} "
          f"({dict(sorted(scores.false_links.items()))})")
    stage_seconds = {s["stage"]: s["seconds"] for s in summary["stages"]}
    print(f"run: {seconds:.1f} s wall, peak {peak_mb} MB; encoding all {sentence_count} sentences once: "
          f"{encode_seconds:.1f} s; run / encode = {seconds / encode_seconds:.2f}x")
    print("stage seconds: " + ", ".join(f"{name} {value:.1f}" for name, value in stage_seconds.items()))
    (scratch / f"{args.set}_misses.txt").write_text("\n".join(scores.misses), encoding="utf-8")
    print(f"misses listed in {scratch / f'{args.set}_misses.txt'}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--set", default="report",
                        choices=SETS)
    parser.add_argument("--pages", action="store_true", help="save the batch's articles as web pages")
    parser.add_argument("--keep", help="build and run in this folder (kept) instead of a temporary one")
    parser.add_argument("--fit", action="store_true",
                        help="fit PAIRING, PROJECTION, RENDERING_FLOOR, SEARCH_ACCEPT, BATCH_ACCEPT, SEARCH_GATES and "
                             "SHORTLIST_GATES on the fit set")
    args = parser.parse_args(argv)
    if args.fit:
        from linkfit import fit

        return fit(Path(args.data), Path(args.keep) if args.keep else None)
    np.seterr(all="ignore")
    return report(args)


if __name__ == "__main__":
    sys.exit(main())

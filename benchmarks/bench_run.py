"""Throughput and peak memory of `provenance run` on a corpus built from real news text.

    .venv/bin/python benchmarks/bench_run.py --sizes 100 1000 [--data ../shared/data] [--jobs 2] \
        [--engine local|ray] [--trace] [--distinct]

Each document is one WMT21 news story (Russian original or its English translation A), written as
a .txt file with YAML front matter; stories are reused with a copy number in the title once the 107
stories x 2 languages run out, so every file is distinct. Each size runs in a fresh output folder
(cold cache), then once more on the same folder (warm cache), and every sentence of its documents is
encoded once with the embedded encoder in a fresh process (`bench_link.encode_everything`), the
speed target's yardstick: the cold run at most 3x that. Peak memory is the largest resident
set of the run's own process tree as reported by getrusage for children (the biggest single process;
with `--engine ray` that is the driver only: Ray's own processes are not its children).

`--distinct` builds the corpus from documents that each occur once, as a user's batch would: the
WMT21, WMT19 and NTREX-128 stories in both languages (`linkdata`), then PolNeAR's US news articles
(English, train then dev): 1,688 documents. In the default corpus a story comes back every
214 documents, and whatever a stage remembers across documents (a word's readings, a name's outlet,
a text's language) pays more there than in a real batch.

With `--distinct` the cold run's records are also read for false links: a quote of one of PolNeAR's
US news articles (which translate nothing, so none of their quotes has an original in the batch)
linked to words of another document (`false_links`).

`--trace` runs each size once more (cold, in a third folder) while sampling the run's resident memory
twice a second, and prints it where each stage ends (the stages' own seconds, summed from the run's
summary, place them) and at the run's end: which stage the memory grows in.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

import linkdata  # noqa: E402
import polnear  # noqa: E402
from bench_link import encode_everything  # noqa: E402


def load_stories(data: Path) -> list[tuple[str, str, str]]:
    """(doc_id, lang, text) for each WMT21 story, Russian and English (reference A) sides."""
    return _sides(linkdata.wmt21(data))


def load_distinct(data: Path) -> list[tuple[str, str, str]]:
    """(doc_id, lang, text) of documents that each occur once: both sides of every WMT21, WMT19 and
    NTREX story, then PolNeAR's English articles (train, then dev)."""
    return _sides(linkdata.wmt21(data) + linkdata.wmt19(data) + linkdata.ntrex(data)) + load_news(data)


@cache
def load_news(data: Path) -> list[tuple[str, str, str]]:
    """(doc_id, "en", text) of PolNeAR's US news articles, train then dev."""
    found = []
    for split in ("train", "dev"):
        articles = polnear.read_articles(data / "polnear" / split)
        found += [(article, "en", text) for article, (text, _) in articles.items()]
    return found


def _sides(stories: list[linkdata.Story]) -> list[tuple[str, str, str]]:
    return [(story.story_id.split(":", 1)[1], lang, "\n\n".join(getattr(story, lang)))
            for story in stories for lang in ("ru", "en")]


def build_corpus(folder: Path, size: int, stories: list[tuple[str, str, str]]) -> None:
    folder.mkdir(parents=True)
    for index in range(size):
        doc_id, lang, text = stories[index % len(stories)]
        copy = index // len(stories)
        front = f"---\ntitle: {doc_id} copy {copy}\nlang: {lang}\noutlet: {doc_id.split('.')[0]}\n---\n"
        (folder / f"{index:05d}_{lang}.txt").write_text(front + text + "\n", encoding="utf-8")


def run_once(corpus: Path, out: Path, jobs: int, engine: str = "local") -> tuple[float, dict, int]:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", str(corpus), "--out", str(out), "--quiet", "--jobs", str(jobs),
         "--engine", engine],
        capture_output=True, text=True, cwd=ROOT,
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"run failed ({result.returncode}): {result.stderr.strip()}")
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, json.loads(result.stdout), peak_kb


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--engine", choices=("local", "ray"), default="local")
    parser.add_argument("--trace", action="store_true", help="also print the memory where each stage ends")
    parser.add_argument("--distinct", action="store_true", help="no document twice (see above)")
    args = parser.parse_args()
    stories = load_distinct(args.data) if args.distinct else load_stories(args.data)
    news = {doc_id for doc_id, _, _ in load_news(args.data)} if args.distinct else set()
    if args.distinct and max(args.sizes) > len(stories):
        parser.error(f"--distinct has {len(stories)} documents, fewer than --sizes {max(args.sizes)}")
    print(f"{'docs':>6} {'cache':>5} {'seconds':>8} {'docs/s':>8} {'quotes':>7} {'quotes/s':>9} "
          f"{'peak MB':>8} {'output MB':>9}")
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as scratch:
            corpus, out = Path(scratch) / "corpus", Path(scratch) / "out"
            build_corpus(corpus, size, stories)
            seconds = {}
            for cache in ("cold", "warm"):
                # getrusage(CHILDREN) keeps the maximum over all children so far: measure in a fresh process
                elapsed, summary, peak_kb = measure_in_child(corpus, out, args.jobs, args.engine)
                seconds[cache] = elapsed
                output_mb = sum(f.stat().st_size for f in out.iterdir()) / 1e6
                print(f"{size:>6} {cache:>5} {elapsed:>8.2f} {size / elapsed:>8.1f} {summary['quotes']:>7} "
                      f"{summary['quotes'] / elapsed:>9.1f} {peak_kb / 1024:>8.1f} {output_mb:>9.1f}")
            if args.distinct:
                linked, quotes = false_links(out, news)
                print(f"{size} documents: {linked} of the {quotes} quotes of US news articles (PolNeAR) linked to "
                      "another document's words (false links: none of them has an original in the batch)")
            encode_seconds, sentence_count = encode_everything(out)
            print(f"{size} documents: encoding all {sentence_count} sentences once {encode_seconds:.1f} s; "
                  f"cold run / encode = {seconds['cold'] / encode_seconds:.2f}x")
            if args.trace:
                print(f"{size} documents, resident MB of the run's main process where each stage ends: "
                      + trace_stages(corpus, Path(scratch) / "traced", args.jobs, args.engine))


def false_links(out: Path, news: set[str]) -> tuple[int, int]:
    """How many quotes of the run's documents titled after an article of NEWS (`build_corpus`: "<id>
    copy <n>") have an original in another document, and how many quotes those documents have."""
    with open(out / "documents.jsonl", encoding="utf-8") as lines:
        titled = {d["id"]: (d["meta"] or {}).get("title") or "" for d in map(json.loads, lines)}
    in_news = {doc_id for doc_id, title in titled.items() if title.rsplit(" copy ", 1)[0] in news}
    linked = quotes = 0
    with open(out / "records.jsonl", encoding="utf-8") as lines:
        for record in map(json.loads, lines):
            if record["quote"]["document"] in in_news:
                quotes += 1
                original = record["original"]
                linked += bool(original and original["document"] != record["quote"]["document"])
    return linked, quotes


def trace_stages(corpus: Path, out: Path, jobs: int, engine: str) -> str:
    """A cold run with its main process's resident memory sampled every half second: the largest
    sample up to where each stage ends, and over the whole run (writing the outputs included)."""
    run = subprocess.Popen([sys.executable, "-m", "pipeline", "run", str(corpus), "--out", str(out), "--quiet",
                            "--jobs", str(jobs), "--engine", engine], stdout=subprocess.PIPE,
                           stderr=subprocess.DEVNULL, text=True, cwd=ROOT)
    started, samples = time.perf_counter(), []
    while run.poll() is None:
        samples.append((time.perf_counter() - started, _resident_mb(run.pid)))
        time.sleep(0.5)
    summary = json.loads(run.communicate()[0])
    shown, ended = [], 0.0
    for stage in summary["stages"]:
        ended += stage["seconds"]
        shown.append(f"{stage['stage']} {max((mb for t, mb in samples if t <= ended), default=0):.0f}")
    return ", ".join(shown) + f"; whole run {max((mb for _, mb in samples), default=0):.0f}"


def _resident_mb(pid: int) -> float:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * resource.getpagesize() / 2**20
    except (OSError, IndexError, ValueError):
        return 0.0


def measure_in_child(corpus: Path, out: Path, jobs: int, engine: str) -> tuple[float, dict, int]:
    here = str(Path(__file__).parent)
    code = (
        f"import json, sys; from pathlib import Path; sys.path.insert(0, {here!r}); import bench_run as b; "
        f"print(json.dumps(b.run_once(Path({str(corpus)!r}), Path({str(out)!r}), {jobs}, {engine!r})))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    elapsed, summary, peak_kb = json.loads(result.stdout)
    return elapsed, summary, peak_kb


if __name__ == "__main__":
    main()

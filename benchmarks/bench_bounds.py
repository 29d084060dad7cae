"""Benchmark: work against input size on hostile input (issue 21 items 7 and 9).

    .venv/bin/python benchmarks/bench_bounds.py [--data ../shared/data] [--sizes 100000 200000 400000 800000]

1. N unclosed “ marks in one paragraph (the 163 KB file of the issue has 10,000): quotes and
   characters of quote text that extract produces, CPU seconds of extract and of attribution.
2. Attribution of one long "document" made of PolNeAR train articles run together (the first
   SIZE characters), whole (`attribute_all`) and in windows (`pipeline.stages.attribution`): CPU
   seconds, so that other jobs on the machine count less. Whole documents above 800,000 characters
   are skipped (minutes each, growing faster than the size).
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

from pipeline.core.errors import InputError
from pipeline.core.records import Document, DocumentMeta
from pipeline.quotes.attribute import attribute_all
from pipeline.quotes.extract import MAX_QUOTES, extract_quotes, find_quote_spans
from pipeline.stages import attribution

WHOLE_LIMIT = 800_000


def stray_marks(count: int) -> str:
    rng = random.Random(7)
    words = "the of and to in said that he was for on it with as at by".split()
    return " ".join("“" + " ".join(rng.choice(words) for _ in range(2)) for _ in range(count))


def bench_extract(counts: list[int]) -> None:
    warm = Document(id="w", path="w", text=stray_marks(600), format="text", encoding="utf-8", meta=DocumentMeta())
    attribution.attribute_document(warm, extract_quotes(warm))  # load the name lists before timing
    print("| unclosed marks | text chars | quotes | quote chars | extract: CPU s | attribute (windows): CPU s |")
    print("|---:|---:|---:|---:|---:|---:|")
    for count in counts:
        text = stray_marks(count)
        started = time.process_time()
        spans = find_quote_spans(text)
        seconds = time.process_time() - started
        produced = sum(end - start for start, end, *_ in spans)
        document = Document(id="marks", path="marks.txt", text=text, format="text", encoding="utf-8",
                            meta=DocumentMeta())
        try:
            quotes = extract_quotes(document)
        except InputError:  # over extract.MAX_QUOTES: the document fails at extraction, nothing to time
            attributed = f"refused (over {MAX_QUOTES:,} quotes)"
        else:
            started = time.process_time()
            attribution.attribute_document(document, quotes)
            attributed = f"{time.process_time() - started:.1f}"
        print(f"| {count:,} | {len(text):,} | {len(spans):,} | {produced:,} | {seconds:.2f} | {attributed} |")


def long_document(data: Path, size: int) -> Document:
    texts = [path.read_text(encoding="utf-8") for path in sorted((data / "polnear" / "train" / "text").glob("*.txt"))]
    text = "\n\n".join(texts)[:size]
    return Document(id="long", path="long.txt", text=text, format="text", encoding="utf-8", meta=DocumentMeta())


def bench_attribution(data: Path, sizes: list[int]) -> None:
    warm = long_document(data, 20_000)
    attribute_all(warm, extract_quotes(warm))  # the name lists and caches, before timing
    print("| chars | quotes | whole: CPU s | windows | windowed: CPU s |")
    print("|---:|---:|---:|---:|---:|")
    for size in sizes:
        document = long_document(data, size)
        quotes = extract_quotes(document)
        whole = "skipped"
        if size <= WHOLE_LIMIT:
            started = time.process_time()
            attribute_all(document, quotes)
            whole = f"{time.process_time() - started:.1f}"
        windows = len(attribution.window_bounds(document.text, quotes, attribution.WINDOW_CHARS,
                                                 attribution.WINDOW_QUOTES))
        started = time.process_time()
        attribution.attribute_document(document, quotes)
        windowed = time.process_time() - started
        print(f"| {len(document.text):,} | {len(quotes):,} | {whole} | {windows} | {windowed:.1f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 200_000, 400_000, 800_000, 1_600_000])
    parser.add_argument("--marks", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    args = parser.parse_args()
    bench_extract(args.marks)
    print()
    bench_attribution(args.data, args.sizes)


if __name__ == "__main__":
    main()

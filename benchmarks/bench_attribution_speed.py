"""Time attribution alone on PolNeAR's articles (train, then dev; at most 1,000), quotes extracted first.

    .venv/bin/python benchmarks/bench_attribution_speed.py [--polnear ../shared/data/polnear] [--code DIR]
    .venv/bin/python benchmarks/bench_attribution_speed.py --long [--code DIR]

`--long` times one document instead, of 500, 1,000, 2,000 and 4,000 copies of a three-paragraph news
passage (two quotes each; 88 KB to 704 KB): the time should grow with the length, not its square.

`--code DIR` times another checkout's `pipeline` (e.g. the main branch) with this script and the same
articles, so two versions can be compared in one run, one after the other. Prints the articles, the
quotes attributed and the seconds; timings on a shared machine are indicative (give the load).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--polnear", type=Path, default=ROOT.parent / "shared" / "data" / "polnear")
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout whose pipeline is timed")
    parser.add_argument("--limit", type=int, default=1000)
    parser.add_argument("--long", action="store_true", help="time one ever longer document instead")
    args = parser.parse_args()
    sys.path.insert(0, str(args.code.resolve()))
    if args.long:
        return time_long_documents()
    import polnear

    from pipeline.core.records import Document, DocumentMeta
    from pipeline.quotes.attribute import attribute
    from pipeline.quotes.extract import extract_quotes

    documents = [
        Document(article, article, text, "text", "utf-8", DocumentMeta(lang="en"))
        for split in ("train", "dev")
        if (args.polnear / split).is_dir()
        for article, (text, _) in polnear.read_articles(args.polnear / split).items()
    ][: args.limit]
    if not documents:
        sys.exit(f"{args.polnear}: no PolNeAR articles; pass --polnear")
    quotes = [extract_quotes(document) for document in documents]
    attribute(documents[0], quotes[0])  # word lists and the speaker model load once, outside the timing
    started = time.perf_counter()
    attributed = sum(len(attribute(document, found)) for document, found in zip(documents, quotes, strict=True))
    seconds = time.perf_counter() - started
    code = Path(sys.modules["pipeline"].__file__).parent.parent
    print(f"{code}: {len(documents)} articles, {attributed} quotes attributed in {seconds:.1f} s")
    return 0


_PASSAGE = (
    "Senator John Smith of Ohio spoke to reporters on Tuesday, saying the plan was flawed.\n\n"
    "“We will not support this bill,” Smith said. He added:\n\n“It is a disaster for farmers.”\n\n"
)


def time_long_documents() -> int:
    from pipeline.core.records import Document, DocumentMeta
    from pipeline.quotes.attribute import attribute
    from pipeline.quotes.extract import extract_quotes

    for copies in (500, 1000, 2000, 4000):
        text = _PASSAGE * copies
        document = Document("long", "long.txt", text, "text", "utf-8", DocumentMeta(lang="en"))
        quotes = extract_quotes(document)
        started = time.perf_counter()
        attributed = attribute(document, quotes)
        seconds = time.perf_counter() - started
        named = sum(a.speaker == "John Smith" for a in attributed)
        print(f"{len(text):,} characters, {len(quotes):,} quotes ({named:,} said by John Smith): {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

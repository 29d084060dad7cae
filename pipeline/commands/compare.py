"""`provenance compare ORIGINAL TRANSLATION [SECOND]`: what diverges, line by line."""

from __future__ import annotations

import argparse
import logging

from pipeline.core.errors import UsageError
from pipeline.core.jsonl import read_lines, write_jsonl
from pipeline.core.records import to_data

NAME = "compare"
HELP = (
    "check line-parallel translations against their original (numbers, names, negation, omissions); "
    "with SECOND, also chrF and a word diff"
)

log = logging.getLogger("pipeline.checks.compare")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("original", metavar="ORIGINAL", help="the original, one sentence per line")
    parser.add_argument("translation", metavar="TRANSLATION", help="its translation, line-parallel")
    parser.add_argument(
        "second",
        metavar="SECOND",
        nargs="?",
        help="an MT output or a second translation, line-parallel (adds chrF and diff)",
    )
    parser.add_argument("--from", dest="src_lang", default="ru", help="language of ORIGINAL (default ru)")
    parser.add_argument(
        "--to", dest="tgt_lang", default="en", help="language of the translations (default en)"
    )


def read_parallel(paths: list[str]) -> list[list[str]]:
    """The files' lines; a one-line UsageError naming the files when their line counts differ."""
    texts = [read_lines(path) for path in paths]
    counts = [len(lines) for lines in texts]
    if len(set(counts)) > 1:
        described = ", ".join(
            f"{path} has {count} line{'' if count == 1 else 's'}"
            for path, count in zip(paths, counts, strict=True)
        )
        raise UsageError(f"files are not line-parallel: {described}")
    return texts


def comparisons(
    original: list[str], translation: list[str], second: list[str] | None, src_lang: str, tgt_lang: str
):
    from pipeline.checks.compare import compare
    from pipeline.checks.entities import nearby_each

    around = nearby_each(translation)  # the translation's lines are one article: the text around each line
    for index, (source, target) in enumerate(zip(original, translation, strict=True)):
        other = second[index] if second is not None else None
        result = compare(source, target, second=other, src_lang=src_lang, tgt_lang=tgt_lang, nearby=around[index])
        row = {"line": index, "flags": to_data(result.flags)}
        if other is not None:  # chrF and the diff measure TRANSLATION against SECOND
            row |= {"chrf": result.chrf, "diff": result.diff}
        yield row


def main(args: argparse.Namespace) -> int:
    paths = [args.original, args.translation] + ([args.second] if args.second else [])
    if sum(path in (None, "-") for path in paths) > 1:
        raise UsageError("only one of the files can be stdin ('-')")
    texts = read_parallel(paths)
    second = texts[2] if args.second else None
    count = write_jsonl(comparisons(texts[0], texts[1], second, args.src_lang, args.tgt_lang))
    log.info("compare: %d lines", count)
    return 0

"""`provenance locate QUOTES SOURCE --from en --to ru`: where each quote's original is in SOURCE."""

from __future__ import annotations

import argparse
import logging

from pipeline.core.errors import UsageError
from pipeline.core.jsonl import read_lines, write_jsonl
from pipeline.core.reading import read_regular_file

NAME = "locate"
HELP = "find the span of SOURCE (free text) that each quote (one per line in QUOTES) translates"

log = logging.getLogger("pipeline.link.locate")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("quotes", metavar="QUOTES", help="quotes, one per line ('-' for stdin)")
    parser.add_argument("source", metavar="SOURCE", help="the source document, free text")
    parser.add_argument("--from", dest="quote_lang", required=True, help="language of the quotes, e.g. en")
    parser.add_argument("--to", dest="source_lang", required=True, help="language of SOURCE, e.g. ru")


def main(args: argparse.Namespace) -> int:
    from pipeline.link.locate import locate
    from pipeline.text.segment import script_mismatch

    if args.source == "-":
        raise UsageError("SOURCE must be a file (QUOTES may be stdin)")
    quotes = read_lines(args.quotes)
    source = _read_text(args.source)
    if not any(q.strip() for q in quotes):
        raise UsageError(f"{args.quotes}: no quotes (the file is empty)")
    if not source.strip():
        raise UsageError(f"{args.source}: the source document is empty")
    for path, text, lang, flag in (
        (args.quotes, "\n".join(quotes), args.quote_lang, "--from"),
        (args.source, source, args.source_lang, "--to"),
    ):
        problem = script_mismatch(text, lang)
        if problem:
            raise UsageError(f"{path}: {problem}; check {flag}")
    asked = [i for i, q in enumerate(quotes) if q.strip()]
    found = dict(
        zip(
            asked,
            locate([quotes[i].strip() for i in asked], source, args.quote_lang, args.source_lang),
            strict=True,
        )
    )
    write_jsonl(_record(i, found.get(i)) for i in range(len(quotes)))
    located = sum(1 for loc in found.values() if loc.char_start is not None)
    log.info("%d of %d quotes located in %s", located, len(asked), args.source)
    return 0


def _record(index: int, location) -> dict:
    if location is None:
        return {"quote": index, "char_start": None, "char_end": None, "text": None, "score": 0.0}
    return {
        "quote": index,
        "char_start": location.char_start,
        "char_end": location.char_end,
        "text": location.text,
        "score": location.score,
    }


def _read_text(path: str) -> str:
    try:
        data = read_regular_file(path)
    except OSError as exc:
        raise UsageError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UsageError(f"{path}: not valid UTF-8 (byte {exc.start}); re-save it as UTF-8") from exc

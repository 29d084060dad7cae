"""`provenance align SRC TGT --from ru --to en`: sentence alignment of two line-per-sentence files."""

from __future__ import annotations

import argparse
import logging

from pipeline.core.errors import UsageError
from pipeline.core.jsonl import read_lines, write_jsonl

NAME = "align"
HELP = "align the sentences of a document and its translation (one sentence per line in each file)"

log = logging.getLogger("pipeline.link.align")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("src", metavar="SRC", help="source sentences, one per line")
    parser.add_argument("tgt", metavar="TGT", help="translated sentences, one per line")
    parser.add_argument("--from", dest="src_lang", required=True, help="language of SRC (ISO 639-1), e.g. ru")
    parser.add_argument("--to", dest="tgt_lang", required=True, help="language of TGT (ISO 639-1), e.g. en")


def main(args: argparse.Namespace) -> int:
    from pipeline.link.align import align_lines

    if args.src == "-" and args.tgt == "-":
        raise UsageError("SRC and TGT cannot both be stdin")
    src = _read_checked(args.src, args.src_lang, "--from")
    tgt = _read_checked(args.tgt, args.tgt_lang, "--to")
    src_count = sum(1 for line in src if line.strip())
    tgt_count = sum(1 for line in tgt if line.strip())
    if max(src_count, tgt_count) > 3 * max(1, min(src_count, tgt_count)):
        log.warning(
            "%s has %d sentences and %s has %d: most of the longer one will stay unaligned",
            args.src,
            src_count,
            args.tgt,
            tgt_count,
        )
    beads = align_lines(src, tgt, args.src_lang, args.tgt_lang)
    write_jsonl({"src": list(b.src), "tgt": list(b.tgt), "score": b.score} for b in beads)
    log.info("%d beads (%d source, %d target lines)", len(beads), len(src), len(tgt))
    return 0


def _read_checked(path: str, lang: str, flag: str) -> list[str]:
    from pipeline.text.segment import script_mismatch

    lines = read_lines(path)
    if not any(line.strip() for line in lines):
        raise UsageError(f"{path}: no sentences (the file is empty)")
    problem = script_mismatch("\n".join(lines), lang)
    if problem:
        raise UsageError(f"{path}: {problem}; check {flag}")
    return lines

"""`provenance detect [FILE]`: the language of each line, as JSON Lines."""

from __future__ import annotations

import argparse
import logging

from pipeline.core.jsonl import read_lines, write_jsonl

NAME = "detect"
HELP = "identify the language of each line (ISO 639-1, calibrated confidence; null when undecidable)"

log = logging.getLogger("pipeline.langid.detect")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", nargs="?", help="UTF-8 text, one text per line (default: stdin)")
    parser.add_argument("--hint-outlet", metavar="NAME", help="outlet that published the texts (e.g. 'TASS')")
    parser.add_argument("--hint-url", metavar="URL", help="URL the texts come from (its domain is a hint)")
    parser.add_argument(
        "--hint-lang", metavar="CODE", help="declared language of the document (e.g. ru, uk-UA)"
    )
    parser.add_argument("--evidence", action="store_true", help="add the evidence behind each answer")


def main(args: argparse.Namespace) -> int:
    from pipeline.langid.detect import Hints, detect_many

    lines = read_lines(args.file)
    hints = Hints(outlet=args.hint_outlet, url=args.hint_url, lang=args.hint_lang)
    found = detect_many(lines, hints if any((args.hint_outlet, args.hint_url, args.hint_lang)) else None)
    write_jsonl(_record(text, detection, args.evidence) for text, detection in zip(lines, found, strict=True))
    log.info("detect: %d lines", len(lines))
    return 0


def _record(text: str, detection, with_evidence: bool) -> dict:
    record = {"text": text, "lang": detection.lang, "confidence": detection.confidence}
    if detection.lang is None:
        record["reason"] = detection.reason
    else:  # every language the text is plausibly in, likeliest first ("Да.": bg, mk, sr)
        record["candidates"] = [{"lang": lang, "confidence": p} for lang, p in detection.candidates]
    if with_evidence:
        record["evidence"] = list(detection.evidence)
    return record

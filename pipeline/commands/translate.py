"""`provenance translate`: one text per line in, JSON Lines {text, translation, model} out."""

from __future__ import annotations

import argparse
from pathlib import Path

from pipeline.core.errors import UsageError
from pipeline.core.jsonl import read_lines, write_jsonl
from pipeline.mt.backends import Generation
from pipeline.mt.translate import MTSettings, resolve_translator

NAME = "translate"
HELP = "Machine-translate one text per line (offline models only) into JSON Lines {text, translation, model}."
BLOCK_LINES = 512  # translate and write this many lines at a time: output flows, memory stays bounded


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", nargs="?", help="UTF-8 text, one text per line (default: stdin)")
    parser.add_argument("--from", dest="src", required=True, metavar="LANG", help="source language, e.g. ru")
    parser.add_argument(
        "--to", dest="tgt", default="en", metavar="LANG", help="target language (default: en)"
    )
    parser.add_argument(
        "--model",
        help="a model directory, a model named in models/registry.toml, "
        "or a Hugging Face id already in the local cache",
    )
    parser.add_argument("--models-dir", type=Path, help="where model directories live (default: models/)")
    parser.add_argument(
        "--cache-dir",
        type=Path,
        help="translation cache folder (default: $PROVENANCE_CACHE_DIR or ~/.cache/provenance)",
    )
    parser.add_argument("--beam-size", type=int, default=Generation.beam_size, help="beam width (default: 4)")
    parser.add_argument("--threads", type=int, default=0, help="CPU threads (default: the library's choice)")
    parser.add_argument(
        "--batch-size",
        type=int,
        default=MTSettings.max_batch_size,
        help="most texts per model call (default: 32)",
    )


def main(args: argparse.Namespace) -> int:
    if args.beam_size < 1 or args.batch_size < 1 or args.threads < 0:
        raise UsageError("--beam-size and --batch-size must be at least 1, --threads at least 0")
    lines = read_lines(args.file)
    mt_settings = MTSettings(
        max_batch_size=args.batch_size, generation=Generation(beam_size=args.beam_size, threads=args.threads)
    )
    translator = resolve_translator(
        args.src,
        args.tgt,
        args.model,
        args.models_dir,
        cache_dir=args.cache_dir,
        use_cache=not args.no_cache,
        mt_settings=mt_settings,
    )
    for start in range(0, len(lines), BLOCK_LINES):
        block = lines[start : start + BLOCK_LINES]
        translations = translator.translate(block)
        write_jsonl(
            {"text": text, "translation": translation, "model": translator.model_id}
            for text, translation in zip(block, translations, strict=True)
        )
    return 0

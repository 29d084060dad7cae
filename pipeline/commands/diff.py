"""`provenance diff`: two translations side by side, or one quote of a run against its original.

provenance diff A B [--original FILE]   line-parallel translations of the same original
provenance diff RUN_DIR QUOTE_ID        one record of RUN_DIR/records.jsonl
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from pathlib import Path

from pipeline.core.errors import PipelineError, UsageError
from pipeline.core.records import Comparison, Flag, ProvenanceRecord, from_data

NAME = "diff"
HELP = (
    "show two translations side by side with their differences (A B [--original FILE]), "
    "or one quote of a run (RUN_DIR QUOTE_ID)"
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "first", metavar="A|RUN_DIR", help="a translation (one sentence per line) or a run folder"
    )
    parser.add_argument(
        "second", metavar="B|QUOTE_ID", help="the other translation, or a quote id in the run"
    )
    parser.add_argument(
        "--original", metavar="FILE", help="the original, line-parallel: also list what diverges"
    )
    parser.add_argument("--from", dest="src_lang", default="ru", help="language of the original (default ru)")
    parser.add_argument(
        "--to", dest="tgt_lang", default="en", help="language of the translations (default en)"
    )
    parser.add_argument("--width", type=int, default=None, help="columns (default: the terminal's width)")


def use_colour(stream=None) -> bool:
    stream = stream or sys.stdout
    return stream.isatty() and not os.environ.get("NO_COLOR")


def main(args: argparse.Namespace) -> int:
    width = args.width or shutil.get_terminal_size((100, 24)).columns
    colour = use_colour()
    if Path(args.first).is_dir():
        text = show_record(Path(args.first), args.second, width, colour)
    else:
        text = show_files(args.first, args.second, args.original, args.src_lang, args.tgt_lang, width, colour)
    sys.stdout.write(text + "\n")
    sys.stdout.flush()
    return 0


# --- two files ---------------------------------------------------------------------------------


def show_files(
    first: str, second: str, original: str | None, src_lang: str, tgt_lang: str, width: int, colour: bool
) -> str:
    from pipeline.checks.compare import chrf, run_checks
    from pipeline.checks.entities import nearby_each
    from pipeline.checks.sidebyside import dim, side_by_side
    from pipeline.commands.compare import read_parallel

    paths = [first, second] + ([original] if original else [])
    texts = read_parallel(paths)
    around = [nearby_each(texts[0]), nearby_each(texts[1])] if original else []  # flags need it
    blocks = []
    for index, (a, b) in enumerate(zip(texts[0], texts[1], strict=True)):
        header = f"line {index}  chrF {chrf(b, a):.1f}" + ("  (identical)" if a == b else "")
        block = [dim(header, colour), side_by_side(a, b, width, colour, (first, second))]
        if original:
            source = texts[2][index]
            block += _flag_lines("A", run_checks(source, a, src_lang, tgt_lang, around[0][index]))
            block += _flag_lines("B", run_checks(source, b, src_lang, tgt_lang, around[1][index]))
        blocks.append("\n".join(block))
    return "\n\n".join(blocks)


def _flag_lines(label: str, flags: tuple[Flag, ...]) -> list[str]:
    return [f"  {label} {describe(flag)}" for flag in flags]


def describe(flag: Flag) -> str:
    source = f"«{flag.source_span.text}»" if flag.source_span else "—"
    target = f"«{flag.target_span.text}»" if flag.target_span else "—"
    return f"{flag.kind}: {source} → {target}: {flag.detail}"


# --- one record of a run -----------------------------------------------------------------------


def find_record(run_dir: Path, quote_id: str) -> ProvenanceRecord:
    path = run_dir / "records.jsonl"
    if not path.is_file():
        raise UsageError(f"{path}: no such file (is {run_dir} the output folder of `provenance run`?)")
    matches = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                raise PipelineError(f"{path}:{number}: not valid JSON ({exc.msg})") from exc
            if str(data.get("id", "")).startswith(quote_id):
                matches.append((number, data))
    if not matches:
        raise UsageError(f"{path}: no record with id {quote_id} (`provenance audit {run_dir}` lists them)")
    if len(matches) > 1 and not any(data["id"] == quote_id for _, data in matches):
        raise UsageError(
            f"{path}: {len(matches)} records have ids starting with {quote_id}; give more of the id"
        )
    number, data = next(((n, d) for n, d in matches if d["id"] == quote_id), matches[0])
    try:
        return from_data(ProvenanceRecord, data)
    except (TypeError, ValueError, KeyError) as exc:
        raise PipelineError(f"{path}:{number}: not a provenance record ({exc})") from exc


def show_record(run_dir: Path, quote_id: str, width: int, colour: bool) -> str:
    from pipeline.checks.sidebyside import dim, side_by_side

    record = find_record(run_dir, quote_id)
    if record.original is None:
        return f"quote {record.id} has no original (status: {record.status.value}); nothing to compare"
    lines = [
        dim(f"quote {record.id}  status {record.status.value}", colour),
        f"original ({record.original.lang or '?'}): {record.original.text}",
    ]
    if record.machine_translation:
        title = f"machine translation ({record.machine_translation.model})"
        lines.append(
            side_by_side(
                record.quote.text, record.machine_translation.text, width, colour, ("published", title)
            )
        )
    else:
        lines.append(f"published: {record.quote.text}")
    lines += _comparison_lines(record.comparison)
    return "\n".join(lines)


def _comparison_lines(comparison: Comparison | None) -> list[str]:
    """What the record's comparison says; a record the run did not compare is shown as such, never
    compared here (the diff shows the record, as every other output does)."""
    if comparison is None:
        return ["  not compared: the record's comparison is null (its original is in English or an unknown "
                "language, is the quote's own words, or was matched below even odds)"]
    lines = [f"chrF {comparison.chrf:.1f}"] if comparison.chrf is not None else []
    return lines + ([f"  {describe(flag)}" for flag in comparison.flags] or ["  no divergence flagged"])

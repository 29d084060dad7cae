"""`provenance report RUN_DIR`: write RUN_DIR/report.html, one self-contained page for the run."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from pipeline.commands import add_run_dir
from pipeline.core.errors import UsageError
from pipeline.core.files import REPORT_FILE
from pipeline.core.jsonl import dumps
from pipeline.core.outdir import folder_problem
from pipeline.outputs.report import write_report

NAME = "report"
HELP = f"write RUN_DIR/{REPORT_FILE}: run summary, quote table, per-quote provenance (one offline HTML file)"
log = logging.getLogger("pipeline.outputs.report")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_run_dir(parser)
    parser.add_argument("--out", type=Path,
                        help=f"where to write the page: a file, or a folder to hold {REPORT_FILE} "
                             f"(default RUN_DIR/{REPORT_FILE})")


def main(args: argparse.Namespace) -> int:
    out = args.out / REPORT_FILE if args.out is not None and args.out.is_dir() else args.out
    if out is not None and not out.parent.is_dir():
        raise UsageError(f"--out {out}: folder {out.parent} does not exist")
    problem = folder_problem(out.parent) if out is not None else (
        folder_problem(args.run_dir) if args.run_dir.is_dir() else None)  # else the run folder's own error
    if problem:
        where = f"--out {out}" if out is not None else f"{args.run_dir} (write the page elsewhere with --out)"
        raise UsageError(f"{where}: {problem}")
    path = write_report(args.run_dir, out)
    log.info("wrote %s", path)
    print(dumps({"report": str(path), "bytes": path.stat().st_size}))
    return 0

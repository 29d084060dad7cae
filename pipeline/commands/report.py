"""`provenance report RUN_DIR`: write RUN_DIR/report.html, one self-contained page for the run."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from pipeline.commands import add_run_dir
from pipeline.core.errors import UsageError
from pipeline.core.files import REPORT_FILE
from pipeline.core.jsonl import dumps
from pipeline.outputs.report import write_report

NAME = "report"
HELP = f"write RUN_DIR/{REPORT_FILE}: run summary, quote table, per-quote provenance (one offline HTML file)"
log = logging.getLogger("pipeline.outputs.report")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_run_dir(parser)
    parser.add_argument("--out", type=Path, help=f"where to write the page (default RUN_DIR/{REPORT_FILE})")


def main(args: argparse.Namespace) -> int:
    if args.out is not None and not args.out.parent.is_dir():
        raise UsageError(f"--out {args.out}: folder {args.out.parent} does not exist")
    path = write_report(args.run_dir, args.out)
    log.info("wrote %s", path)
    print(dumps({"report": str(path), "bytes": path.stat().st_size}))
    return 0

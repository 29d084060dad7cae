"""One module per verb. Each module defines NAME, HELP, add_arguments(parser) and main(args) -> int.

The CLI discovers the modules here, so adding a verb touches no shared file.
"""

from __future__ import annotations

import argparse
from pathlib import Path


def add_run_dir(parser: argparse.ArgumentParser) -> None:
    """The RUN_DIR argument of the verbs that read a finished run."""
    parser.add_argument("run_dir", type=Path, metavar="RUN_DIR", help="a folder written by `provenance run --out`")

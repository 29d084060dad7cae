"""`provenance cache RUN_DIR [--prune --keep-runs N]`: the size of a run folder's stage cache, and pruning."""

from __future__ import annotations

import argparse
import logging
from contextlib import nullcontext
from pathlib import Path

from pipeline.commands import add_run_dir
from pipeline.core.errors import UsageError
from pipeline.core.jsonl import dumps
from pipeline.core.runfolder import claimed
from pipeline.core.store import STORE_NAME, Store

NAME = "cache"
HELP = f"show the stage cache in RUN_DIR/{STORE_NAME} per stage; --prune drops what older runs alone used"
log = logging.getLogger("pipeline.cache")
MAX_KEEP_RUNS = 2**63 - 1  # SQLite's largest integer


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_run_dir(parser)
    parser.add_argument("--prune", action="store_true",
                        help="forget all runs but the latest --keep-runs and the cached results only they used "
                             "(refused while a run writes to RUN_DIR)")
    parser.add_argument("--keep-runs", type=int, default=1, metavar="N", help="runs to keep when pruning (default 1)")


def main(args: argparse.Namespace) -> int:
    path = args.run_dir / STORE_NAME
    if not path.is_file():
        raise UsageError(f"{args.run_dir}: no {STORE_NAME} (not a folder written by `provenance run`)")
    if args.keep_runs < 1:
        raise UsageError("--keep-runs must be at least 1")
    keep_runs = min(args.keep_runs, MAX_KEEP_RUNS)  # more runs than SQLite can count: keep them all
    with claimed(args.run_dir) if args.prune else nullcontext():
        result = _usage_and_prune(path, args, keep_runs)
    print(dumps(result))
    return 0


def _usage_and_prune(path: Path, args: argparse.Namespace, keep_runs: int) -> dict:
    store = Store(path)
    try:
        result = {"store": str(path)}
        if args.prune:
            before = store.cache_usage()["file_bytes"]
            result |= store.prune(keep_runs) | {"file_bytes_before": before}
            log.info("pruned %s: %d runs and %d cached results removed", path, result["runs_removed"],
                     result["cache_rows_removed"])
        result |= store.cache_usage()
    finally:
        store.close()
    return result

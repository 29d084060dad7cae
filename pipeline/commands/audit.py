"""`provenance audit RUN_DIR`: the run's quotes as a table, JSON Lines or CSV, with a CI gate."""

from __future__ import annotations

import argparse
import logging
import sys

from pipeline.commands import add_run_dir
from pipeline.core.errors import UsageError
from pipeline.outputs.audit import (
    FORMATS,
    NO_LANGUAGE,
    AuditFilter,
    audit_rows,
    failing,
    load_run,
    parse_statuses,
    status_counts,
)

NAME = "audit"
HELP = "list a run's quotes (status, speaker, outlet, language, scores); --fail-on for CI"
EXIT_FAILED_AUDIT = 3  # 1 is "inputs failed / bad run folder", 2 is a usage error
log = logging.getLogger("pipeline.outputs.audit")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_run_dir(parser)
    parser.add_argument(
        "--status",
        action="append",
        default=[],
        metavar="S[,S...]",
        help="keep quotes with these statuses (repeatable)",
    )
    parser.add_argument("--outlet", help="keep quotes whose outlet (the record's `outlet`) contains this")
    parser.add_argument("--speaker", help="keep quotes whose speaker's name contains this")
    parser.add_argument("--via", metavar="NAME",
                        help="keep quotes with an agent in their chain (speaker, reporting or citing outlet, "
                             "translator) whose name contains this")
    parser.add_argument(
        "--lang",
        action="append",
        default=[],
        metavar="L[,L...]",
        help=f"keep quotes whose original is in these languages ('{NO_LANGUAGE}': unknown)",
    )
    parser.add_argument(
        "--min-score", type=float, help="keep quotes with an alignment score of at least this (0-1)"
    )
    parser.add_argument(
        "--format", choices=sorted(FORMATS), default="table", help="output format (default table)"
    )
    parser.add_argument(
        "--fail-on",
        default="",
        metavar="S[,S...]",
        help=f"exit {EXIT_FAILED_AUDIT} when a listed quote has one of these statuses, "
        "e.g. divergent,unattributed",
    )


def main(args: argparse.Namespace) -> int:
    if args.min_score is not None and not 0 <= args.min_score <= 1:
        raise UsageError(f"--min-score must be between 0 and 1 (an alignment score), got {args.min_score}")
    keep = AuditFilter(
        statuses=parse_statuses(args.status, "--status"),
        outlet=args.outlet,
        speaker=args.speaker,
        via=args.via,
        langs=frozenset(part.strip() for value in args.lang for part in value.split(",") if part.strip()),
        min_score=args.min_score,
    )
    refused = parse_statuses([args.fail_on], "--fail-on")
    run = load_run(args.run_dir)
    rows = audit_rows(run, keep)
    sys.stdout.write(FORMATS[args.format](rows))
    sys.stdout.flush()
    log.info("%d of %d quotes: %s", len(rows), len(run.records), status_counts(rows))
    failures = failing(rows, refused)
    if failures:
        found = ", ".join(f"{count} {status}" for status, count in sorted(failures.items()))
        print(f"provenance audit: failed: {found} (--fail-on {','.join(sorted(refused))})", file=sys.stderr)
        return EXIT_FAILED_AUDIT
    return 0

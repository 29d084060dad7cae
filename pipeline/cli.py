"""The `provenance` command: parses the verb, sets up logging, maps errors to exit codes.

Whatever a verb raises reaches the user as one line on stderr, never a traceback: named errors with
their message, and the file system's or SQLite's refusals (a full disk, a read-only folder) as what
they are. Names from users' files are escaped there (`pipeline.core.safetext`).
"""

from __future__ import annotations

import argparse
import errno
import importlib
import logging
import pkgutil
import sqlite3
import sys
from types import ModuleType

import pipeline.commands
from pipeline import __version__
from pipeline.core.errors import PipelineError, UsageError
from pipeline.core.safetext import for_terminal
from pipeline.core.signals import describe, exit_code, signals_stop_like_ctrl_c

EXIT_OK = 0
EXIT_INPUTS_FAILED = 1
EXIT_USAGE = 2

log = logging.getLogger("pipeline")


def command_modules() -> list[ModuleType]:
    names = sorted(info.name for info in pkgutil.iter_modules(pipeline.commands.__path__))
    return [importlib.import_module(f"pipeline.commands.{name}") for name in names]


def common_options() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--no-cache", action="store_true", help="bypass the stage cache (recompute everything)")
    common.add_argument("--quiet", "-q", action="store_true", help="no progress output, warnings and errors only")
    common.add_argument("--verbose", "-v", action="store_true", help="debug logging on stderr")
    return common


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="provenance",
        description="Trace quotes in English articles to their foreign-language originals.",
    )
    parser.add_argument("--version", action="version", version=f"provenance {__version__}")
    verbs = parser.add_subparsers(dest="verb", metavar="VERB", required=True)
    common = common_options()
    for module in command_modules():
        sub = verbs.add_parser(module.NAME, help=module.HELP, description=module.HELP, parents=[common])
        module.add_arguments(sub)
        sub.set_defaults(handler=module.main)
    return parser


class TerminalSafeFormatter(logging.Formatter):
    """Each message on one line, with the control characters of file names and quotes escaped."""

    def format(self, record: logging.LogRecord) -> str:
        safe = logging.makeLogRecord(record.__dict__)
        safe.msg, safe.args = for_terminal(record.getMessage()), None
        return super().format(safe)


def configure_logging(quiet: bool, verbose: bool) -> None:
    level = logging.WARNING if quiet else logging.DEBUG if verbose else logging.INFO
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(TerminalSafeFormatter("%(message)s"))
    root = logging.getLogger("pipeline")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    configure_logging(args.quiet, args.verbose)
    with signals_stop_like_ctrl_c():
        return run_verb(args)


def run_verb(args: argparse.Namespace) -> int:
    try:
        return args.handler(args)
    except UsageError as exc:
        return _error(args.verb, exc, EXIT_USAGE)
    except PipelineError as exc:
        return _error(args.verb, exc, EXIT_INPUTS_FAILED)
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): not an error; silence the flush at exit.
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt as interrupt:
        resume = "; run the same command again to resume" if args.verb == "run" else ""
        print(f"provenance {args.verb}: {describe(interrupt)}{resume}", file=sys.stderr)
        return exit_code(interrupt)
    except OSError as exc:  # the file system refused (full disk, read-only folder, permissions)
        where = f"{exc.filename}: " if exc.filename else ""
        advice = "; free some space and run again (a run resumes from its store)" if exc.errno == errno.ENOSPC else ""
        return _error(args.verb, f"{where}{exc.strerror or exc}{advice}", EXIT_INPUTS_FAILED)
    except sqlite3.Error as exc:
        return _error(args.verb, f"SQLite: {exc}", EXIT_INPUTS_FAILED)
    except MemoryError:
        return _error(args.verb, "out of memory", EXIT_INPUTS_FAILED)


def _error(verb: str, problem: object, code: int) -> int:
    print(f"provenance {verb}: error: {for_terminal(problem)}", file=sys.stderr)
    return code

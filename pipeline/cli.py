"""The `provenance` command: parses the verb, sets up logging, maps errors to exit codes."""

from __future__ import annotations

import argparse
import importlib
import logging
import pkgutil
import sys
from types import ModuleType

import pipeline.commands
from pipeline import __version__
from pipeline.core.errors import PipelineError, UsageError

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


def configure_logging(quiet: bool, verbose: bool) -> None:
    level = logging.WARNING if quiet else logging.DEBUG if verbose else logging.INFO
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    root = logging.getLogger("pipeline")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    configure_logging(args.quiet, args.verbose)
    try:
        return args.handler(args)
    except UsageError as exc:
        print(f"provenance {args.verb}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except PipelineError as exc:
        print(f"provenance {args.verb}: error: {exc}", file=sys.stderr)
        return EXIT_INPUTS_FAILED
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): not an error; silence the flush at exit.
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:
        print(f"provenance {args.verb}: interrupted", file=sys.stderr)
        return 130

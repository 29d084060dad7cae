"""Named exceptions raised at the boundaries; each carries a one-line, actionable message."""

from __future__ import annotations


class PipelineError(Exception):
    """Base class: anything the CLI reports as one line instead of a traceback."""


class UsageError(PipelineError):
    """The command line itself is wrong (exit code 2)."""


class InputError(PipelineError):
    """One input cannot be used; the batch goes on without it."""

    def __init__(self, path: str, problem: str):
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem

"""Signals: SIGTERM and SIGHUP stop a command the way Ctrl-C does, and pool workers die with the run.

A run stopped by a signal unwinds like one stopped by Ctrl-C: open store transactions roll back,
temporary files are removed, the run is marked interrupted, one line goes to stderr, and the same
command resumes from the store. Worker processes leave every stopping signal to the main process
(which kills them), and are killed by the kernel if the main process dies, even by SIGKILL, so none
is left blocked on its task queue.

While the pool forks its workers, a signal is held back (`signals_deferred`) and raised right after:
raised during a fork, it would land in one of the interpreter's at-fork hooks, which swallow it.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

STOPPING_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))
_deferring = False
_pending: list[int] = []
_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


class Terminated(KeyboardInterrupt):
    """A stopping signal, raised in the main thread like Ctrl-C's KeyboardInterrupt."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def _stop(signum: int, frame) -> None:
    if _deferring:
        _pending.append(signum)
        return
    _raise_for(signum)


def _raise_for(signum: int) -> None:
    if signum == signal.SIGINT:
        raise KeyboardInterrupt
    raise Terminated(signum)


@contextmanager
def signals_stop_like_ctrl_c() -> Iterator[None]:
    """While the block runs (in the main thread), SIGTERM and SIGHUP raise `Terminated`, and Ctrl-C
    its KeyboardInterrupt as always, both deferrable."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {signum: signal.signal(signum, _stop) for signum in (signal.SIGINT, *STOPPING_SIGNALS)}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@contextmanager
def signals_deferred() -> Iterator[None]:
    """Hold stopping signals back while the block runs; the first one is raised when it ends."""
    global _deferring
    if _deferring:
        yield
        return
    _deferring = True
    try:
        yield
    finally:
        _deferring = False
        if _pending:
            signum = _pending[0]
            _pending.clear()
            _raise_for(signum)


def exit_code(interrupt: KeyboardInterrupt) -> int:
    """The shell's convention: 128 + the signal's number (130 for Ctrl-C)."""
    return 128 + (interrupt.signum if isinstance(interrupt, Terminated) else signal.SIGINT)


def describe(interrupt: KeyboardInterrupt) -> str:
    return f"interrupted ({interrupt.args[0]})" if isinstance(interrupt, Terminated) else "interrupted"


def init_pool_worker(parent_pid: int) -> None:
    """Run first in every pool worker: stopping signals are the main process's business (it kills
    the workers), and the worker dies when the main process dies."""
    global _deferring
    _deferring = False
    _pending.clear()
    for signum in (signal.SIGINT, *STOPPING_SIGNALS):
        signal.signal(signum, signal.SIG_IGN)
    _die_with_parent(parent_pid)


def _die_with_parent(parent_pid: int) -> None:
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            _watch_parent(parent_pid)
    else:
        _watch_parent(parent_pid)
    if os.getppid() != parent_pid:  # the parent died before the kernel was told to notify us
        os._exit(1)


def _watch_parent(parent_pid: int) -> None:
    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()

"""Handing memory back to the system once a run no longer needs it."""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
from functools import cache


def return_freed_memory() -> None:
    """Collect what is unreachable and hand the C heap's free pages back to the system. Python and
    the native libraries allocate through malloc, and glibc keeps freed pages for the process: after
    the language models are let go, a 1,000-document run's process stayed about 200 MB larger without
    `malloc_trim` (docs/scale.md). Elsewhere (no glibc) only the collection runs."""
    gc.collect()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@cache
def _malloc_trim():
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None

"""Reading a user's file: regular files only, never more bytes than a limit.

A FIFO in a source folder would block the run forever, and a character device (`/dev/zero`) would
be read without end; `stat`'s size says nothing about either, nor about a file that grows while it
is read. So the file is opened without blocking, checked to be a regular file on the open handle,
and read up to the limit plus one byte: the limit holds for what is read.
"""

from __future__ import annotations

import os
import stat

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


class NotRegularFileError(OSError):
    """The path names something other than a regular file (symbolic links are followed)."""


class FileTooLargeError(OSError):
    def __init__(self, size: int | None, limit: int):
        self.size, self.limit = size, limit  # size is None when only reading found it too large
        super().__init__(f"larger than {limit} bytes")


def kind_of(mode: int) -> str:
    return next((kind for test, kind in _KINDS if test(mode)), "something else")


def read_regular_file(path: str | os.PathLike, limit: int | None = None) -> bytes:
    """The bytes of the regular file at PATH. Raises NotRegularFileError, FileTooLargeError (its
    size from stat when stat already shows it, else None) or the OSError of opening or reading."""
    mode = os.stat(path).st_mode  # a socket cannot be opened at all: name it before trying
    if stat.S_ISSOCK(mode):
        raise NotRegularFileError(f"not a regular file: {kind_of(mode)}")
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFileError(f"not a regular file: {kind_of(info.st_mode)}")
        if limit is not None and info.st_size > limit:
            raise FileTooLargeError(info.st_size, limit)
        data = handle.read() if limit is None else handle.read(limit + 1)
    if limit is not None and len(data) > limit:
        raise FileTooLargeError(None, limit)
    return data

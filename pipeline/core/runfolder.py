"""The run folder: a folder of ours, written by one run at a time, whose outputs are never inputs.

A run writes only into a folder that is new, empty, or already a run folder (it holds our store),
unless the user says `--force`; it never writes through a symbolic link planted under one of our
file names; and it holds an exclusive lock on the folder while it writes, so a second run into the
same folder is refused with one line instead of racing the first.
"""

from __future__ import annotations

import errno
import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline.core.errors import UsageError
from pipeline.core.files import DOCUMENTS_FILE, PROVENANCE_FILE, RECORDS_FILE, REPORT_FILE
from pipeline.core.outdir import folder_problem
from pipeline.core.store import STORE_NAME, read_one, store_problem
from pipeline.core.store_errors import StoreError

RUN_FILES = (DOCUMENTS_FILE, RECORDS_FILE, PROVENANCE_FILE, REPORT_FILE, STORE_NAME)
_STORE_COMPANIONS = tuple(STORE_NAME + suffix for suffix in ("-wal", "-shm", "-journal"))
_held: set[int] = set()  # descriptors of the folders this process holds locked


def _forget_inherited_locks() -> None:
    # A forked worker shares the lock's open file description; closing its copy keeps it from holding
    # the folder locked after its parent is gone (the parent's own descriptor keeps the lock).
    for handle in _held:
        os.close(handle)
    _held.clear()


os.register_at_fork(after_in_child=_forget_inherited_locks)


def is_run_folder(folder: Path) -> bool:
    """True when FOLDER holds a store of ours (a regular file, not a link, with our migrations)."""
    return _store_state(folder / STORE_NAME) == "ours"


def is_run_output(path: Path) -> bool:
    """A file a run of ours wrote: one of the run's file names, in a folder that holds our store."""
    return path.name in RUN_FILES and is_run_folder(path.parent)


@contextmanager
def claimed(out_dir: Path, force: bool = False) -> Iterator[Path]:
    """Check that OUT_DIR may be written by a run, create it, and hold its lock while the block runs."""
    _check_target(out_dir, force)
    created = not out_dir.exists()
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        handle = os.open(out_dir, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as exc:
        raise UsageError(f"--out {out_dir}: cannot create or open the folder ({exc.strerror or exc})") from exc
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN):
                raise UsageError(
                    f"{out_dir}: another provenance run is writing to this folder; wait for it to finish"
                ) from exc
            raise UsageError(f"--out {out_dir}: cannot lock the folder ({exc.strerror or exc})") from exc
        _held.add(handle)
        try:
            yield out_dir
        except BaseException:
            if created:
                _remove_if_empty(out_dir)  # a run stopped before it wrote leaves no trace
            raise
    finally:
        _held.discard(handle)
        os.close(handle)  # closing the descriptor releases the lock


def _remove_if_empty(folder: Path) -> None:
    try:
        folder.rmdir()
    except OSError:
        pass  # it holds what the run wrote: keep it


def _check_target(out_dir: Path, force: bool) -> None:
    problem = folder_problem(out_dir)
    if problem:
        raise UsageError(f"--out {out_dir}: {problem}")
    if not out_dir.exists():
        return
    for name in RUN_FILES + _STORE_COMPANIONS:
        if (out_dir / name).is_symlink():
            raise UsageError(f"--out {out_dir}: {name} is a symbolic link; a run never writes through one")
    state = _store_state(out_dir / STORE_NAME)
    if state == "foreign":
        raise StoreError(store_problem(out_dir / STORE_NAME) or f"{out_dir / STORE_NAME}: not a provenance store; "
                         "choose another --out or move the file away")
    if state == "absent" and not force and any(out_dir.iterdir()):
        raise UsageError(
            f"--out {out_dir} holds files and is not a provenance run folder; choose a new or empty "
            "folder, or pass --force to write the run's files there (files with the same names are replaced)"
        )


def _store_state(path: Path) -> str:
    """'absent', 'ours' (empty, or a SQLite file with our migrations table) or 'foreign'."""
    if not path.exists() and not path.is_symlink():
        return "absent"
    if path.is_symlink() or not path.is_file():
        return "foreign"
    if path.stat().st_size == 0:
        return "ours"
    row = read_one(path, "SELECT 1 FROM migrations WHERE name = '0001_initial'")
    return "ours" if row else "foreign"

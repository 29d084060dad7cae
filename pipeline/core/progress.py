"""Progress bars that can be silenced: a real tqdm bar on a terminal, a null bar otherwise."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol


class Bar(Protocol):
    def update(self, n: int = 1) -> object: ...


class _NullBar:
    def update(self, n: int = 1) -> None:
        return None


@contextmanager
def progress(total: int, description: str, enabled: bool = True) -> Iterator[Bar]:
    if not enabled or not sys.stderr.isatty():
        yield _NullBar()
        return
    from tqdm import tqdm

    with tqdm(total=total, desc=f"{description:<9}", unit="doc", file=sys.stderr, leave=True) as bar:
        yield bar

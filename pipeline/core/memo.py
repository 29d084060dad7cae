"""Answers kept by question, within a bound: a batch asks the same few thousand questions (a word's
readings, a name's outlet) again and again, and a batch of any size must not grow the memory for ever."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any


class BoundedMemo(dict):
    """A dict of computed answers, forgotten all at once when `limit` are held (the batch's frequent
    questions come back at once; an LRU's bookkeeping would cost more than the lookups it saves)."""

    def __init__(self, limit: int):
        super().__init__()
        self.limit = limit

    def answer(self, question: Hashable, compute: Callable[[Any], Any]) -> Any:
        if question not in self:
            if len(self) >= self.limit:
                self.clear()
            self[question] = compute(question)
        return self[question]

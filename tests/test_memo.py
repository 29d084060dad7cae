"""Answers kept within a bound."""

from __future__ import annotations

import pickle

from pipeline.core.memo import BoundedMemo


def test_each_question_is_computed_once_and_all_forgotten_at_the_bound():
    asked = []
    memo = BoundedMemo(limit=2)
    square = lambda n: asked.append(n) or n * n  # noqa: E731
    assert [memo.answer(n, square) for n in (3, 3, 4, 3)] == [9, 9, 16, 9]
    assert asked == [3, 4]
    assert memo.answer(5, square) == 25 and len(memo) == 1  # the third question: the first two forgotten
    assert memo.answer(3, square) == 9 and asked == [3, 4, 5, 3]
    again = pickle.loads(pickle.dumps(memo))
    assert again == memo and again.limit == 2

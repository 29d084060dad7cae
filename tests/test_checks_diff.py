"""Word-level diff and the side-by-side view."""

import pytest

from pipeline.checks import sidebyside
from pipeline.checks.worddiff import diff, edits


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("same text.", "same text.", "same text."),
        ("", "a b", "{+a b+}"),
        ("a b", "", "[-a b-]"),
        (
            "Don't demonize the people",
            "No need to demonize the people",
            "[-Don't-]{+No need to+} demonize the people",
        ),
        ("He paid 3,000 rubles.", "He paid 300 rubles.", "He paid [-3,000-]{+300+} rubles."),
        ("the big red car", "the small blue car", "the [-big red-]{+small blue+} car"),
        ("a b c d e", "a x c y e", "a [-b c d-]{+x c y+} e"),  # one short word between changes joins them
        ("He did not come.", "He did come.", "He did [-not-] come."),
    ],
)
def test_diff(old, new, expected):
    assert diff(old, new) == expected


def test_edit_kinds():
    found = edits("alpha beta gamma", "alpha gamma delta")
    assert [e.op for e in found] == ["equal", "delete", "equal", "insert"]
    assert [(e.old, e.new) for e in found] == [
        ("alpha", "alpha"),
        ("beta", ""),
        ("gamma", "gamma"),
        ("", "delta"),
    ]


def test_side_by_side_without_colour_marks_changes():
    view = sidebyside.side_by_side("He did not come.", "He did come.", width=50, titles=("A", "B"))
    lines = view.splitlines()
    assert lines[0] == "A" + " " * 22 + " │ B"
    assert lines[1] == "He did [-not-] come.    │ He did come."
    assert "\x1b[" not in view


def test_side_by_side_colour_uses_ansi():
    view = sidebyside.side_by_side("a b", "a c", width=40, colour=True)
    assert sidebyside.RED + "b" + sidebyside.RESET in view
    assert sidebyside.GREEN + "c" + sidebyside.RESET in view


def test_side_by_side_wraps_to_width():
    view = sidebyside.side_by_side("word " * 30, "word " * 30, width=41)
    assert all(len(line) <= 41 for line in view.splitlines())

"""A side-by-side terminal view of two texts with their word-level differences marked.

Pure functions returning strings: colour is ANSI codes (removed text red on the left, added text
green on the right); without colour the changes are marked [-like this-] and {+like this+}.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.checks.worddiff import edits

RED, GREEN, DIM, BOLD, RESET = "\x1b[31m", "\x1b[32m", "\x1b[2m", "\x1b[1m", "\x1b[0m"
SEPARATOR = " │ "


@dataclass(frozen=True)
class Piece:
    text: str
    changed: bool


def sides(old: str, new: str) -> tuple[list[Piece], list[Piece]]:
    left: list[Piece] = []
    right: list[Piece] = []
    for edit in edits(old, new):
        changed = edit.op != "equal"
        if edit.old:
            left.append(Piece(edit.old, changed))
        if edit.new:
            right.append(Piece(edit.new, changed))
    return left, right


def _style(piece: str, changed: bool, colour: str | None, marks: tuple[str, str]) -> tuple[str, int]:
    """The word as printed and its visible width."""
    if not changed:
        return piece, len(piece)
    if colour:
        return f"{colour}{piece}{RESET}", len(piece)
    return f"{marks[0]}{piece}{marks[1]}", len(piece) + len(marks[0]) + len(marks[1])


def wrap(
    pieces: list[Piece], width: int, colour: str | None, marks: tuple[str, str]
) -> list[tuple[str, int]]:
    """Lines of at most `width` visible characters (a longer word gets a line of its own)."""
    words: list[tuple[str, int]] = []
    for piece in pieces:
        parts = piece.text.split()
        for index, word in enumerate(parts):
            opening = marks[0] if index == 0 else ""
            closing = marks[1] if index == len(parts) - 1 else ""
            words.append(_style(word, piece.changed, colour, (opening, closing)))
    lines: list[tuple[str, int]] = []
    text, visible = "", 0
    for word, size in words:
        if visible and visible + 1 + size > width:
            lines.append((text, visible))
            text, visible = "", 0
        text, visible = (f"{text} {word}", visible + 1 + size) if visible else (word, size)
    if visible or not lines:
        lines.append((text, visible))
    return lines


def side_by_side(
    old: str, new: str, width: int = 100, colour: bool = False, titles: tuple[str, str] = ("A", "B")
) -> str:
    column = max(10, (width - len(SEPARATOR)) // 2)
    left, right = sides(old, new)
    left_lines = wrap(left, column, RED if colour else None, ("[-", "-]"))
    right_lines = wrap(right, column, GREEN if colour else None, ("{+", "+}"))
    head = _bold(titles[0].ljust(column), colour) + SEPARATOR + _bold(titles[1], colour)
    rows = [head.rstrip()]
    for index in range(max(len(left_lines), len(right_lines))):
        text, visible = left_lines[index] if index < len(left_lines) else ("", 0)
        other = right_lines[index][0] if index < len(right_lines) else ""
        rows.append((text + " " * (column - visible) + SEPARATOR + other).rstrip())
    return "\n".join(rows)


def _bold(text: str, colour: bool) -> str:
    return f"{BOLD}{text}{RESET}" if colour else text


def dim(text: str, colour: bool) -> str:
    return f"{DIM}{text}{RESET}" if colour else text

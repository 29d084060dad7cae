"""Word-level diff of two translations, grouped into readable edits: `[-old words-]{+new words+}`."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

PIECE_RE = re.compile(r"(\d+(?:[.,:]\d+)*|\w+(?:['’\-]\w+)*|[^\w\s])(\s*)", re.UNICODE)


@dataclass(frozen=True)
class Edit:
    op: str  # equal | delete | insert | replace
    old: str
    new: str
    space: str = ""  # the whitespace that followed the edit in the text


def _pieces(text: str) -> list[tuple[str, str]]:
    """(word or punctuation mark, the whitespace after it)."""
    return PIECE_RE.findall(text)


def edits(old: str, new: str) -> list[Edit]:
    """Edits that turn `old` into `new`, compared word by word (case and punctuation count).

    Changes separated by one short word are merged, so a rewritten phrase reads as one edit.
    """
    a, b = _pieces(old), _pieces(new)
    matcher = difflib.SequenceMatcher(None, [w for w, _ in a], [w for w, _ in b], autojunk=False)
    groups: list[tuple[str, list[tuple[str, str]], list[tuple[str, str]]]] = []
    opcodes = matcher.get_opcodes()
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        x, y = a[i1:i2], b[j1:j2]
        short_gap = tag == "equal" and len(x) == 1 and len(x[0][0]) <= 3 and 0 < index < len(opcodes) - 1
        if groups and groups[-1][0] != "equal" and (tag != "equal" or short_gap):
            groups[-1] = ("replace", groups[-1][1] + x, groups[-1][2] + y)
        else:
            groups.append((tag, list(x), list(y)))
    return [_edit(tag, x, y) for tag, x, y in groups]


def _edit(tag: str, old: list[tuple[str, str]], new: list[tuple[str, str]]) -> Edit:
    gaps = [side[-1][1] for side in (old, new) if side]
    space = max(gaps, key=len)  # keep a word break that either side had
    if tag == "equal":
        return Edit("equal", _join(old), _join(old), space)
    return Edit(_kind(tag, old, new), _join(old), _join(new), space)


def _join(pieces: list[tuple[str, str]]) -> str:
    return "".join(word + gap for word, gap in pieces).strip()


def _kind(tag: str, old: list[str], new: list[str]) -> str:
    if tag == "equal":
        return "equal"
    if not new:
        return "delete"
    if not old:
        return "insert"
    return "replace"


def render(found: list[Edit]) -> str:
    """The compact form: equal text as is, `[-deleted-]`, `{+inserted+}`, a replacement as both."""
    parts = []
    for edit in found:
        if edit.op == "equal":
            parts.append(edit.old + edit.space)
        else:
            marked = (f"[-{edit.old}-]" if edit.old else "") + (f"{{+{edit.new}+}}" if edit.new else "")
            parts.append(marked + edit.space)
    return "".join(parts).rstrip()


def diff(old: str, new: str) -> str:
    return render(edits(old, new))


def changed(found: list[Edit]) -> int:
    return sum(1 for edit in found if edit.op != "equal")

"""Text from users' files (names, quotes) made safe to show: on a terminal, and in a page.

A file name can hold a newline (and so forge an `error:` line of its own), an ESC that drives the
terminal, or a bidirectional override (U+202E) that makes the rest of a line read backwards, the
trick of "Trojan Source" (CVE-2021-42574). On stderr all of these are shown escaped, as Python
writes them (`\\n`, `\\x1b`, `\\u202e`); in the report, text holding a bidi control is isolated.
"""

from __future__ import annotations

import re

# Embeddings, overrides and isolates: the controls that reorder the text that follows them. The
# marks (U+200E, U+200F, U+061C) only set the direction of neighbouring neutral characters.
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_BIDI = re.compile(f"[{BIDI_CONTROLS}]")
# C0 controls but tab, DEL, C1 controls (U+0085 is a newline to some), line and paragraph separators.
_UNSAFE_ON_TERMINAL = re.compile(f"[\\x00-\\x08\\x0a-\\x1f\\x7f-\\x9f\\u2028\\u2029{BIDI_CONTROLS}]")


def for_terminal(text: object) -> str:
    """TEXT as one line that cannot move the cursor, forge a line or reorder what follows."""
    return _UNSAFE_ON_TERMINAL.sub(_escape, str(text))


_SHORT_ESCAPES = {"\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match) -> str:
    char = match.group()
    if char in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[char]
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"


def stored_name(path: str) -> str:
    """PATH as text that can be written in UTF-8: the bytes of a file name that are not UTF-8 (a page
    saved on a Latin-1 system: "caf\xe9.html"), which Python holds as lone surrogates, as `\\xNN`."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def has_bidi_controls(text: str) -> bool:
    return _BIDI.search(text) is not None

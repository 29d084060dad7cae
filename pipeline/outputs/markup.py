"""Safe HTML construction for the report: markup is built only from constant tag and attribute names,
and every other string is text that gets escaped (`& < > " '`, in text and attribute values alike).
Text holding a bidirectional embedding, override or isolate (U+202E...) is wrapped in `<bdi>`, so it
cannot reorder the page around it."""

from __future__ import annotations

import html
from collections.abc import Iterable

from pipeline.core.safetext import has_bidi_controls


class Html(str):
    """Markup built by this module; every other string is text and gets escaped."""


def esc(value: object) -> Html:
    return Html(html.escape(str(value), quote=True))


def el(tag: str, *children: object, **attributes: object) -> Html:
    """`<tag attributes>children</tag>`: attribute names come from code (`class_` -> class,
    `data_x` -> data-x); attribute values and text children are escaped; `None` is skipped."""
    return Html(f"{void(tag, **attributes)}{join(children)}</{tag}>")


def void(tag: str, **attributes: object) -> Html:
    """An element with no content and no end tag (`<meta>`, `<input>`)."""
    attrs = "".join(
        f" {name.rstrip('_').replace('_', '-')}" + ("" if value is True else f'="{esc(value)}"')
        for name, value in attributes.items()
        if value is not None and value is not False
    )
    return Html(f"<{tag}{attrs}>")


def join(children: Iterable[object]) -> Html:
    parts = []
    for child in children:
        if child is None:
            continue
        if isinstance(child, Html):
            parts.append(child)
        elif isinstance(child, list | tuple):
            parts.append(join(child))
        elif has_bidi_controls(str(child)):
            parts.append(f"<bdi>{esc(child)}</bdi>")
        else:
            parts.append(esc(child))
    return Html("".join(parts))

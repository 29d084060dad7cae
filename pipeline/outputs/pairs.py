"""The report's section on translated articles: each article beside the source it translates, sentence
by sentence as the link stage aligned them, with the quotes and their originals marked.

Only what the run's files say is shown: the beads are `translation_of.alignment` in documents.jsonl,
the marks are the records' quote spans and the original spans they were linked to.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from pipeline.core.records import AlignedSentences, Document, ProvenanceRecord
from pipeline.outputs.markup import Html, el, join, void


def translations_section(documents: dict[str, Document], records: Sequence[ProvenanceRecord],
                         anchors: dict[str, str]) -> Iterator[str]:
    """The section a part at a time (a panel per pair), nothing when no article translates another."""
    pairs = [d for d in documents.values() if d.translation_of and d.translation_of.document in documents]
    if not pairs:
        return
    # grouped once: looking each translation's quotes up among all records made the section quadratic
    # (26 of a warm 10,000-document run's 111 s)
    quotes_of: dict[str, list[ProvenanceRecord]] = {}
    for record in records:
        quotes_of.setdefault(record.quote.document, []).append(record)
    yield void("section", id="translations") + el("h2", f"Translated articles ({len(pairs)})")
    for document in sorted(pairs, key=lambda d: d.path):
        yield _pair(document, documents[document.translation_of.document], quotes_of.get(document.id, []), anchors)
    yield Html("</section>")


def _pair(document: Document, source: Document, quotes: list[ProvenanceRecord], anchors: dict[str, str]) -> Html:
    """The translation beside its source; `quotes`: the records of the translation's quotes, in order."""
    link = document.translation_of
    originals = [r for r in quotes
                 if r.original and r.original.document == source.id and r.original.char_start is not None]
    rows = [_row(bead, document, source, quotes, originals, anchors) for bead in link.alignment]
    score = f", probability {link.score:.2f}" if link.score is not None else ""
    summary = el("summary", f"{_name(document)} translates {_name(source)} ({link.method}{score})")
    table = el(
        "table",
        el("thead", el("tr", el("th", f"source ({source.language.lang if source.language else '?'})"),
                       el("th", "translation"), el("th", "cosine"))),
        el("tbody", rows),
        class_="aligned",
    )
    return el("details", summary, el("p", link.evidence, class_="evidence"), table, class_="pair")


def _row(bead: AlignedSentences, document: Document, source: Document, quotes, originals, anchors) -> Html:
    left = _cell(source.text, bead.source_start, bead.source_end,
                 [(r.original.char_start, r.original.char_end, anchors[r.id]) for r in originals])
    right = _cell(document.text, bead.translation_start, bead.translation_end,
                  [(r.quote.char_start, r.quote.char_end, anchors[r.id]) for r in quotes])
    return el("tr", el("td", left), el("td", right), el("td", f"{bead.score:.2f}", class_="num"))


def _cell(text: str, start: int | None, end: int | None, marks: list[tuple[int, int, str]]) -> Html | str:
    """TEXT[start:end] with the marks that fall inside it linked to their quote's panel."""
    if start is None or end is None:
        return "—"
    inside = sorted((max(a, start), min(b, end), anchor) for a, b, anchor in marks if a < end and b > start)
    parts, at = [], start
    for a, b, anchor in inside:
        if a < at:
            continue  # a nested quote inside one already marked
        parts += [text[at:a], el("a", el("mark", text[a:b], class_="quote"), href=f"#{anchor}")]
        at = b
    parts.append(text[at:end])
    return join(parts)


def _name(document: Document) -> str:
    return document.meta.title or document.path.rsplit("/", 1)[-1]

"""`report.html`: one self-contained page per run (summary, quote table, per-quote provenance).

Safety model. Every piece of text that comes from a source document (quotes, titles, names, URLs,
paths, diffs, evidence) reaches the page through `el()`/`esc()`, which escape `& < > " '` in text
and attribute values alike; markup is built only from the constant tag and attribute names in this
module, so nothing from the data can open a tag, close a `<textarea>`/`<script>` or break out of an
attribute. No data goes into the script: the script reads the table it is given (`dataset`,
`textContent`) and never writes HTML. On top of that, a Content-Security-Policy allows only the
page's own inline style and script (by hash) and no network at all (`default-src 'none'`), so even a
mistake in escaping could neither run a script nor fetch anything.

Without JavaScript the page still works: every quote links to its detail panel (`:target`).
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterator, Sequence
from importlib import resources
from pathlib import Path

from pipeline import __version__
from pipeline.core.files import REPORT_FILE, atomic_writer
from pipeline.core.records import Document, Flag, LanguageLabel, ProvenanceRecord, Relation, Span
from pipeline.core.safetext import stored_name
from pipeline.outputs.audit import STATUSES, RunFiles, load_run
from pipeline.outputs.markup import Html, el, join, void
from pipeline.outputs.pairs import translations_section
from pipeline.outputs.summary import run_summary

VERSION = "1"
CONTEXT_CHARS = 160

# The page's style and script (package data, inlined into every page; the CSP allows exactly these by
# hash). Both have always opened with a newline inside their tag.
_ASSETS = resources.files(__package__) / "assets"
CSS = "\n" + (_ASSETS / "report.css").read_text(encoding="utf-8")
SCRIPT = "\n" + (_ASSETS / "report.js").read_text(encoding="utf-8")


def settings() -> dict:
    return {"context_chars": CONTEXT_CHARS}


def write_report(run_dir: Path, out_path: Path | None = None, run: RunFiles | None = None) -> Path:
    """Render RUN_DIR's records, documents and store summary to RUN_DIR/report.html (or out_path); RUN is
    the folder's records and documents when the caller has just read them."""
    run = run if run is not None else load_run(run_dir)
    out_path = out_path or run_dir / REPORT_FILE
    with atomic_writer(out_path) as out:
        out.writelines(report_parts(run, run_summary(run_dir, run)))
    return out_path


# --- the page --------------------------------------------------------------------------------------


def report_parts(run: RunFiles, summary: dict) -> Iterator[str]:
    """The page, a part at a time: one part per quote in the table and in the details, so the page
    (81 MB for 10,000 documents) is never held whole, nor copied once per element around the quotes."""
    anchors = _anchors(run.records)
    yield f'<!DOCTYPE html>\n<html lang="en">\n<head>\n{_head(run)}\n</head>\n<body>\n'
    yield el("header", el("h1", "Provenance report"), el("p", _subtitle(run, summary), class_="sub"))
    yield _summary_section(summary)
    yield void("section", id="quotes") + el("h2", "Quotes") + _filters(run.records)
    yield void("div", class_="workspace") + void("div", class_="pane table-pane")
    yield from _quote_table(run, anchors)
    yield "</div>" + void("div", class_="pane details-pane", id="details") + el(
        "p",
        "Select a quote to see its provenance, the original beside the published and the machine "
        "translation, the diff and the scores.",
        id="placeholder",
    )
    yield from (_detail(record, anchors[record.id], run.documents) for record in run.records)
    yield "</div></div></section>"
    yield from translations_section(run.documents, run.records, anchors)
    yield el(
        "footer",
        f"provenance-pipeline {__version__}, report v{VERSION}. A single file: it loads nothing "
        "from the network and runs only its own script.",
    )
    yield f"\n<script>{SCRIPT}</script>\n</body>\n</html>\n"


def _head(run: RunFiles) -> Html:
    policy = (
        f"default-src 'none'; style-src '{_csp_hash(CSS)}'; script-src '{_csp_hash(SCRIPT)}'; "
        "img-src 'none'; base-uri 'none'; form-action 'none'"
    )
    return join(
        [
            Html('<meta charset="utf-8">'),
            void("meta", http_equiv="Content-Security-Policy", content=policy),
            Html('<meta name="referrer" content="no-referrer">'),
            Html('<meta name="viewport" content="width=device-width, initial-scale=1">'),
            el("title", f"Provenance report: {stored_name(run.run_dir.resolve().name)}"),
            Html(f"<style>{CSS}</style>"),
        ]
    )


def _csp_hash(source: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii")


def _anchors(records: Sequence[ProvenanceRecord]) -> dict[str, str]:
    return {
        r.id: f"q-{r.id}" if re.fullmatch(r"[0-9A-Za-z_-]{1,64}", r.id) else f"q-n{i}"
        for i, r in enumerate(records)
    }


def _subtitle(run: RunFiles, summary: dict) -> str:
    stored = summary.get("run")
    parts = [stored_name(str(run.run_dir))]
    if stored:
        parts.append(f"run {stored['id']} ({stored['status']})")
        if stored.get("started_at"):
            parts.append(stored["started_at"].replace("T", " ").replace("Z", " UTC"))
    return " · ".join(parts)


# --- summary -------------------------------------------------------------------------------------


def _summary_section(summary: dict) -> Html:
    statuses = summary["statuses"]
    stored = (summary.get("run") or {}).get("summary") or {}
    cards = [
        _card("documents", summary["documents"]),
        _card("quotes", summary["quotes"]),
        *[_card(status, statuses.get(status, 0), class_=f"status-{status}") for status in STATUSES],
    ]
    if stored:
        cards += [
            _card("inputs", stored.get("inputs", "-")),
            _card("failed inputs", len(stored.get("failed", []))),
            _card("seconds", stored.get("seconds", "-")),
        ]
    facts = [
        ("quote kinds", _counts(summary["kinds"])),
        ("original languages", _counts(summary["languages"])),
        ("flags", _counts(summary["flags"])),
        ("signature", join(el("code", s) for s in summary["signatures"]) or "-"),
    ]
    return el(
        "section",
        el("h2", "Run summary"),
        el("div", cards, class_="cards"),
        el(
            "div",
            el("dl", [[el("dt", name), el("dd", value)] for name, value in facts], class_="facts"),
            _stages_table(stored.get("stages", [])),
            class_="summary-body",
        ),
        _failed_list(stored.get("failed", [])),
        id="summary",
    )


def _card(label: str, value: object, class_: str = "") -> Html:
    return el(
        "div", el("span", value, class_="value"), el("span", label, class_="label"), class_=f"card {class_}"
    )


def _counts(counts: dict) -> str:
    return ", ".join(f"{name} {count}" for name, count in counts.items()) or "-"


def _stages_table(stages: list[dict]) -> Html | None:
    if not stages:
        return None
    columns = ("stage", "documents", "cached", "computed", "failed", "seconds")
    return el(
        "table",
        el("thead", el("tr", [el("th", c) for c in columns])),
        el("tbody", [el("tr", [el("td", stage.get(c, "")) for c in columns]) for stage in stages]),
        class_="stages",
    )


def _failed_list(failed: list[dict]) -> Html | None:
    if not failed:
        return None
    return el(
        "div",
        el("h3", "Failed inputs"),
        el(
            "ul",
            [
                el("li", el("code", f.get("path", "")), f" ({f.get('stage', '')}): {f.get('error', '')}")
                for f in failed
            ],
        ),
        class_="failed",
    )


# --- the quote table -----------------------------------------------------------------------------------


def _filters(records: Sequence[ProvenanceRecord]) -> Html:
    languages = sorted({r.original.lang for r in records if r.original and r.original.lang})
    return el(
        "div",
        void(
            "input",
            type="search",
            id="f-text",
            placeholder="Search quotes, speakers, outlets…",
            aria_label="search",
        ),
        el(
            "select",
            el("option", "any status", value=""),
            [el("option", s, value=s) for s in STATUSES],
            id="f-status",
            aria_label="status",
        ),
        el(
            "select",
            el("option", "any language", value=""),
            [el("option", lang, value=lang) for lang in languages],
            el("option", "unknown", value="none"),
            id="f-lang",
            aria_label="language",
        ),
        el(
            "label",
            "alignment ≥ ",
            void("input", type="number", id="f-min", min="0", max="1", step="0.05", placeholder="0–1"),
        ),
        el("span", f"{len(records)} quotes", id="f-count"),
        class_="filters",
    )


_COLUMNS = (
    ("Status", "text"),
    ("Quote", "text"),
    ("Speaker", "text"),
    ("Outlet", "text"),
    ("Lang", "text"),
    ("chrF", "number"),
    ("Align", "number"),
    ("Flags", "number"),
)


def _quote_table(run: RunFiles, anchors: dict[str, str]) -> Iterator[str]:
    yield void("table", id="quote-table") + el(
        "thead", el("tr", [el("th", name, data_type=kind, title="sort") for name, kind in _COLUMNS])
    ) + void("tbody")
    yield from (_row(record, anchors[record.id], order) for order, record in enumerate(run.records))
    yield Html("</tbody></table>")


def _row(record: ProvenanceRecord, anchor: str, order: int) -> Html:
    lang = record.original.lang if record.original and record.original.lang else None
    chrf = record.comparison.chrf if record.comparison else None
    score = record.alignment.score if record.alignment else None
    flags = len(record.comparison.flags) if record.comparison else 0
    cells = [
        el("td", _badge(record.status.value), data_value=record.status.value),
        el("td", el("a", _shorten(record.quote.text, 90), href=f"#{anchor}"), class_="quote-cell"),
        el("td", record.speaker or "–"),
        el("td", record.outlet or "–"),
        el("td", lang or "–"),
        el("td", _number(chrf, 1), data_value=_raw(chrf), class_="num"),
        el("td", _number(score, 2), data_value=_raw(score), class_="num"),
        el("td", flags, data_value=flags, class_="num"),
    ]
    return el(
        "tr",
        cells,
        data_target=anchor,
        data_status=record.status.value,
        data_lang=lang or "none",
        data_score=_raw(score),
        data_order=order,
        tabindex="0",
    )


def _badge(status: str) -> Html:
    return el("span", status, class_=f"badge status-{status}")


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _number(value: float | None, digits: int) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _raw(value: float | None) -> str:
    return "" if value is None else repr(value)


# --- one quote's detail panel ---------------------------------------------------------------------------


def _detail(record: ProvenanceRecord, anchor: str, documents: dict[str, Document]) -> Html:
    flags = record.comparison.flags if record.comparison else ()
    return el(
        "article",
        el("h3", el("q", record.quote.text)),
        el(
            "p",
            _badge(record.status.value),
            " ",
            el("span", record.quote.kind.value, class_="badge kind"),
            class_="badges",
        ),
        _scores(record),
        el("h4", "Side by side"),
        _side_by_side(record, flags),
        el("h4", "Diff"),
        _diff(record.comparison.diff if record.comparison else "", flags),
        _flag_list(flags),
        el("h4", "Provenance chain"),
        _chain(record),
        _attribution(record),
        _citation(record),
        el("h4", "In context"),
        _context(record, documents),
        el("p", "record ", el("code", record.id), " · ", el("code", record.signature), class_="signature"),
        id=anchor,
        class_="detail",
    )


def _scores(record: ProvenanceRecord) -> Html:
    alignment, comparison = record.alignment, record.comparison
    items = [
        ("chrF", _number(comparison.chrf if comparison else None, 1)),
        ("alignment", f"{_number(alignment.score, 2)} ({alignment.method})" if alignment else "–"),
        ("language", _language(record)),
        ("flags", len(comparison.flags) if comparison else 0),
        ("speaker", record.speaker or "–"),
        ("outlet", record.outlet or "–"),
        ("quote language", _label(record.language)),
    ]
    return el("dl", [[el("dt", name), el("dd", value)] for name, value in items], class_="scores")


def _language(record: ProvenanceRecord) -> str:
    original = record.original
    if original is None:
        return "–"
    confidence = f" ({original.lang_confidence:.2f})" if original.lang_confidence is not None else ""
    return f"{original.lang or 'unknown'}{confidence}"


def _side_by_side(record: ProvenanceRecord, flags: Sequence[Flag]) -> Html:
    original, mt = record.original, record.machine_translation
    original_column = (
        el(
            "div",
            _highlighted(original.text, [(f.source_span, f) for f in flags]),
            lang=original.lang,
            class_="text",
        )
        if original
        else el("p", "Original not found.", class_="missing")
    )
    mt_column = (
        el("div", mt.text, lang="en", class_="text")
        if mt
        else el("p", "No machine translation.", class_="missing")
    )
    return el(
        "div",
        el(
            "section",
            el("h5", "Original", f" ({original.lang})" if original and original.lang else ""),
            original_column,
            class_="col original",
        ),
        el(
            "section",
            el("h5", "Published translation"),
            el("div", _highlighted(record.quote.text, [(f.target_span, f) for f in flags]), class_="text"),
            class_="col published",
        ),
        el(
            "section",
            el("h5", "Machine translation", el("small", f" {mt.model}") if mt else ""),
            mt_column,
            class_="col machine",
        ),
        class_="sbs",
    )


def _highlighted(text: str, spans: Sequence[tuple[Span | None, Flag]]) -> Html:
    """The text with each flag's span (where it can be found in this text) marked."""
    located = sorted((place, flag) for span, flag in spans if (place := _locate(text, span)) is not None)
    parts, at = [], 0
    for (start, end), flag in located:
        if start < at:
            continue  # overlapping spans: the first one wins
        parts += [
            text[at:start],
            el(
                "mark",
                text[start:end],
                class_=f"flag {_flag_class(flag.kind)}",
                title=_flag_title(flag),
            ),
        ]
        at = end
    parts.append(text[at:])
    return join(parts)


def _locate(text: str, span: Span | None) -> tuple[int, int] | None:
    if span is None or not span.text:
        return None
    if 0 <= span.start <= span.end <= len(text) and text[span.start : span.end] == span.text:
        return span.start, span.end
    found = text.find(span.text)
    return (found, found + len(span.text)) if found >= 0 else None


def _flag_class(kind: str) -> str:
    return f"flag-{kind}" if re.fullmatch(r"[a-z][a-z-]*", kind) else "flag-other"


_WORD_DIFF = re.compile(r"\[-(.*?)-\]|\{\+(.*?)\+\}", re.DOTALL)


def _diff(diff: str, flags: Sequence[Flag] = ()) -> Html:
    """A word diff in `[-removed-]{+added+}` form, or unified-style lines starting with - and +.

    A deleted or inserted piece that is one side of a flag (its words in the original or in the
    translation) carries the flag's mark.
    """
    if not diff:
        return el("p", "No diff.", class_="missing")
    parts, at = [], 0
    if _WORD_DIFF.search(diff):
        for match in _WORD_DIFF.finditer(diff):
            parts.append(diff[at : match.start()])
            removed, added = match.group(1), match.group(2)
            if removed is not None:
                parts.append(_change("del", removed, flags))
            else:
                parts.append(_change("ins", added, flags))
            at = match.end()
        parts.append(diff[at:])
    else:
        for line in diff.splitlines(keepends=True):
            tag = {"-": "del", "+": "ins"}.get(line[:1])
            parts.append(el(tag, line) if tag else line)
    return el("pre", parts, class_="diff")


def _change(tag: str, text: str, flags: Sequence[Flag]) -> Html:
    flag = next(
        (
            f
            for f in flags
            for span in (f.source_span, f.target_span)
            if span is not None and span.text.strip() == text.strip()
        ),
        None,
    )
    if flag is None:
        return el(tag, text)
    return el(tag, text, class_=f"flagged {_flag_class(flag.kind)}", title=_flag_title(flag))


def _flag_title(flag: Flag) -> str:
    return f"{flag.kind}: {flag.detail}" if flag.detail else flag.kind


def _flag_list(flags: Sequence[Flag]) -> Html | None:
    if not flags:
        return None
    items = []
    for flag in flags:
        source = flag.source_span.text if flag.source_span else "–"
        target = flag.target_span.text if flag.target_span else "–"
        items.append(
            el(
                "li",
                el("span", flag.kind, class_=f"flag {_flag_class(flag.kind)}"),
                " original ",
                el("q", source),
                " → translation ",
                el("q", target),
                f": {flag.detail}" if flag.detail else "",
            )
        )
    return el("ul", items, class_="flags")


_RELATION_WORDS = {
    Relation.SAID_BY: "said by",
    Relation.REPORTED_BY: "reported by",
    Relation.CITED_BY: "cited by",
    Relation.TRANSLATED_BY: "translated by",
}


def _chain(record: ProvenanceRecord) -> Html:
    if not record.chain:
        return el("p", "No chain: nobody is named as the source of these words.", class_="missing")
    return el(
        "ol",
        [
            el(
                "li",
                el("span", _RELATION_WORDS[hop.relation], class_="relation"),
                " ",
                el("strong", hop.agent),
                " ",
                el("q", hop.evidence, class_="evidence") if hop.evidence else None,
            )
            for hop in record.chain
        ],
        class_="chain",
    )


def _label(language: LanguageLabel | None) -> str:
    if language is None:
        return "–"
    if language.lang is None:
        return f"undecided ({language.reason})" if language.reason else "undecided"
    return f"{language.lang} ({language.confidence:.2f})"


def _attribution(record: ProvenanceRecord) -> Html | None:
    """Role and speech verb, and every candidate speaker when the text points to more than one."""
    detail = record.attribution
    if detail is None or not (detail.role or detail.verb or len(detail.candidates) > 1):
        return None
    facts = [("role", detail.role), ("speech verb", detail.verb)]
    parts: list[object] = [el("dl", [[el("dt", name), el("dd", value)] for name, value in facts if value],
                               class_="scores")]
    if len(detail.candidates) > 1:
        parts.append(el("p", "The text points to more than one speaker:", class_="missing"))
        parts.append(el("ul", [
            el("li", el("strong", candidate.speaker or "nobody named"), " ",
               el("span", f"({candidate.rule})", class_="relation"), " ",
               el("q", candidate.evidence, class_="evidence") if candidate.evidence else None)
            for candidate in detail.candidates
        ], class_="chain"))
    return join([el("h4", "Attribution"), *parts])


def _citation(record: ProvenanceRecord) -> Html | None:
    citation = record.citation
    if citation is None:
        return None
    url = citation.url
    link = (
        el("a", url, href=url, rel="noopener noreferrer")
        if url and re.match(r"https?://", url, re.I)
        else url
    )
    items = [
        ("title", citation.title),
        ("original title", citation.original_title),
        ("outlet", citation.outlet),
        ("date", citation.date),
        ("url", link),
        ("author", citation.author),
        ("translator", citation.translator),
    ]
    return join(
        [
            el("h4", "Citation"),
            el(
                "dl", [[el("dt", name), el("dd", value)] for name, value in items if value], class_="citation"
            ),
        ]
    )


def _context(record: ProvenanceRecord, documents: dict[str, Document]) -> Html:
    quote = record.quote
    document = documents.get(quote.document)
    if document is None:
        return el("p", f"Document {quote.document} is not in documents.jsonl.", class_="missing")
    start, end = quote.char_start, quote.char_end
    if document.text[start:end] != quote.text:
        found = document.text.find(quote.text)
        start, end = (found, found + len(quote.text)) if found >= 0 else (start, start)
    before = document.text[max(0, start - CONTEXT_CHARS) : start]
    after = document.text[end : end + CONTEXT_CHARS]
    return join(
        [
            el(
                "p",
                "…" if start > CONTEXT_CHARS else "",
                before,
                el("mark", document.text[start:end], class_="quote"),
                after,
                "…" if end + CONTEXT_CHARS < len(document.text) else "",
                class_="context",
            ),
            el(
                "p",
                el("code", document.path),
                f" · {document.meta.outlet}" if document.meta.outlet else "",
                f" · {document.meta.title}" if document.meta.title else "",
                class_="source",
            ),
        ]
    )

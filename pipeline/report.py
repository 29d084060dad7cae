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
import datetime as dt
import hashlib
import html
import json
import re
import sqlite3
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from pipeline import __version__
from pipeline.audit import STATUSES, RunFiles, load_run, outlets_of
from pipeline.files import write_text_atomic
from pipeline.records import Document, Flag, LanguageLabel, ProvenanceRecord, Relation, Span

VERSION = "1"
REPORT_FILE = "report.html"
STORE_FILE = "provenance.sqlite"
CONTEXT_CHARS = 160


def settings() -> dict:
    return {"context_chars": CONTEXT_CHARS}


def write_report(run_dir: Path, out_path: Path | None = None) -> Path:
    """Render RUN_DIR's records, documents and store summary to RUN_DIR/report.html (or out_path)."""
    run = load_run(run_dir)
    page = render_report(run, run_summary(run_dir, run))
    out_path = out_path or run_dir / REPORT_FILE
    write_text_atomic(out_path, page)
    return out_path


# --- the summary: the store's run log, and counts recomputed from the files -----------------------------


def run_summary(run_dir: Path, run: RunFiles) -> dict:
    records = run.records
    summary = {
        "documents": len(run.documents),
        "quotes": len(records),
        "statuses": dict(Counter(r.status.value for r in records)),
        "kinds": dict(sorted(Counter(r.quote.kind.value for r in records).items())),
        "languages": dict(
            sorted(Counter(r.original.lang or "unknown" for r in records if r.original).items())
        ),
        "flags": dict(
            sorted(Counter(f.kind for r in records if r.comparison for f in r.comparison.flags).items())
        ),
        "signatures": sorted({r.signature for r in records}),
    }
    stored = _stored_run(run_dir / STORE_FILE)
    if stored:
        summary["run"] = stored
    return summary


def _stored_run(path: Path) -> dict | None:
    """The latest run in the store: its log row, with its `summary` JSON when the run has finished."""
    if not path.is_file():
        return None
    row = None
    # Read-write first, though only reading: a closing read-only connection leaves the WAL's -wal and
    # -shm files behind; read-only when the folder is not writable.
    for mode in ("rw", "ro"):
        try:
            db = sqlite3.connect(f"{path.resolve().as_uri()}?mode={mode}", uri=True)
            try:
                row = db.execute(
                    "SELECT id, started_at, finished_at, status, argv, signature, summary FROM runs "
                    "ORDER BY id DESC LIMIT 1"
                ).fetchone()
            finally:
                db.close()
            break
        except sqlite3.Error:
            continue
    if row is None:
        return None
    run_id, started, finished, status, argv, signature, summary = row
    return {
        "id": run_id,
        "started_at": started,
        "finished_at": finished,
        "status": status,
        "argv": _json_or(argv, []),
        "signature": signature,
        "summary": _json_or(summary, None),
    }


def _json_or(text: str | None, default):
    try:
        return json.loads(text) if text else default
    except ValueError:
        return default


# --- safe HTML construction ---------------------------------------------------------------------------


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
        else:
            parts.append(esc(child))
    return Html("".join(parts))


# --- the page --------------------------------------------------------------------------------------


def render_report(run: RunFiles, summary: dict) -> str:
    anchors = _anchors(run.records)
    body = join(
        [
            el("header", el("h1", "Provenance report"), el("p", _subtitle(run, summary), class_="sub")),
            _summary_section(summary),
            el(
                "section",
                el("h2", "Quotes"),
                _filters(run.records),
                el(
                    "div",
                    el("div", _quote_table(run, anchors), class_="pane table-pane"),
                    el(
                        "div",
                        el(
                            "p",
                            "Select a quote to see its provenance, the original beside the published "
                            "and the machine translation, the diff and the scores.",
                            id="placeholder",
                        ),
                        [_detail(record, anchors[record.id], run.documents) for record in run.records],
                        class_="pane details-pane",
                        id="details",
                    ),
                    class_="workspace",
                ),
                id="quotes",
            ),
            el(
                "footer",
                f"provenance-pipeline {__version__}, report v{VERSION}. A single file: it loads nothing "
                "from the network and runs only its own script.",
            ),
        ]
    )
    policy = (
        f"default-src 'none'; style-src '{_csp_hash(CSS)}'; script-src '{_csp_hash(SCRIPT)}'; "
        "img-src 'none'; base-uri 'none'; form-action 'none'"
    )
    head = join(
        [
            Html('<meta charset="utf-8">'),
            void("meta", http_equiv="Content-Security-Policy", content=policy),
            Html('<meta name="referrer" content="no-referrer">'),
            Html('<meta name="viewport" content="width=device-width, initial-scale=1">'),
            el("title", f"Provenance report: {run.run_dir.resolve().name}"),
            Html(f"<style>{CSS}</style>"),
        ]
    )
    return (
        f'<!DOCTYPE html>\n<html lang="en">\n<head>\n{head}\n</head>\n'
        f"<body>\n{body}\n<script>{SCRIPT}</script>\n"
        "</body>\n</html>\n"
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
    parts = [str(run.run_dir)]
    if stored:
        parts.append(f"run {stored['id']} ({stored['status']})")
        if stored.get("started_at"):
            parts.append(_utc(stored["started_at"]))
    return " · ".join(parts)


def _utc(seconds: float) -> str:
    return dt.datetime.fromtimestamp(seconds, dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


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


def _quote_table(run: RunFiles, anchors: dict[str, str]) -> Html:
    head = el("thead", el("tr", [el("th", name, data_type=kind, title="sort") for name, kind in _COLUMNS]))
    rows = [_row(record, anchors[record.id], order) for order, record in enumerate(run.records)]
    return el("table", head, el("tbody", rows), id="quote-table")


def _row(record: ProvenanceRecord, anchor: str, order: int) -> Html:
    lang = record.original.lang if record.original and record.original.lang else None
    chrf = record.comparison.chrf if record.comparison else None
    score = record.alignment.score if record.alignment else None
    flags = len(record.comparison.flags) if record.comparison else 0
    outlets = outlets_of(record)
    cells = [
        el("td", _badge(record.status.value), data_value=record.status.value),
        el("td", el("a", _shorten(record.quote.text, 90), href=f"#{anchor}"), class_="quote-cell"),
        el("td", record.speaker or "–"),
        el("td", outlets[0] if outlets else "–"),
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


# --- style and script (constants: the CSP allows exactly these, by hash) -------------------------------

CSS = """
:root{--fg:#1d2330;--muted:#5c6577;--line:#dde1e8;--bg:#f6f7f9;--card:#fff;--accent:#2457c5;
--ok:#1e7d45;--bad:#b42318;--warn:#a15c00;--none:#5c6577}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;
color:var(--fg);
background:var(--bg)}
header{padding:16px 24px 8px;background:var(--card);border-bottom:1px solid var(--line)}
h1{margin:0;font-size:22px}h2{font-size:17px;margin:0 0 10px}h3{font-size:16px;margin:0 0 6px}
h4{font-size:13px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);margin:16px 0 6px}
h5{font-size:13px;margin:0 0 6px}
.sub{margin:4px 0 0;color:var(--muted)}
section#summary,section#quotes{padding:14px 24px}
.cards{display:flex;flex-wrap:wrap;gap:8px;margin-bottom:10px}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:8px 12px;min-width:96px}
.card .value{display:block;font-size:20px;font-weight:600}.card .label{color:var(--muted);font-size:12px}
.card.status-verified .value{color:var(--ok)}.card.status-divergent .value{color:var(--bad)}
.card.status-original-unavailable .value{color:var(--warn)}.card.status-unattributed .value{color:var(--none)}
.summary-body{display:flex;flex-wrap:wrap;gap:12px 40px;align-items:flex-start}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:0}
dt{color:var(--muted)}dd{margin:0;overflow-wrap:anywhere}
code{font:12px/1.4 ui-monospace,"DejaVu Sans Mono",monospace;background:#eef0f4;padding:1px 4px;
border-radius:4px;
overflow-wrap:anywhere}
table{border-collapse:collapse;width:100%;background:var(--card)}
th,td{padding:6px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
th{position:sticky;top:0;background:#eef0f4;cursor:pointer;user-select:none;white-space:nowrap}
th[aria-sort=ascending]::after{content:" ▲"}th[aria-sort=descending]::after{content:" ▼"}
td.num{text-align:right;font-variant-numeric:tabular-nums}
table.stages{width:auto;font-size:13px}table.stages td,table.stages th{padding:3px 10px}
table.stages th{position:static;cursor:default}
.filters{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin-bottom:10px}
.filters input,.filters select{font:inherit;padding:5px 8px;border:1px solid var(--line);border-radius:6px;
background:var(--card)}
#f-text{min-width:280px}#f-min{width:80px}#f-count{color:var(--muted)}
.workspace{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:16px;align-items:start}
.pane{max-height:calc(100vh - 40px);overflow:auto;border:1px solid var(--line);border-radius:8px;
background:var(--card)}
.details-pane{position:sticky;top:12px;padding:14px 16px}
#quote-table{font-size:13px}#quote-table th,#quote-table td{padding:5px 6px}.quote-cell{min-width:11em}
#quote-table tbody tr{cursor:pointer}#quote-table tbody tr:hover{background:#f1f5ff}
#quote-table tbody tr.selected{background:#e3ebff;box-shadow:inset 3px 0 0 var(--accent)}
.quote-cell a{color:inherit;text-decoration:none}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;
white-space:nowrap;
background:#eef0f4}
.badge.status-verified{background:#dcf3e5;color:var(--ok)}.badge.status-divergent{background:#fde4e1;color:var(--bad)}
.badge.status-original-unavailable{background:#fdf0d9;color:var(--warn)}
.badge.status-unattributed{background:#e9ebef;color:var(--none)}
.detail{display:none}.detail.shown{display:block}html:not(.js) .detail:target{display:block}
#details:has(.detail.shown) #placeholder,html:not(.js) #details:has(.detail:target) #placeholder{display:none}
#placeholder{color:var(--muted)}
.scores{display:grid;grid-template-columns:repeat(3,max-content 1fr);gap:2px 10px;margin:8px 0}
.sbs{display:grid;grid-template-columns:repeat(3,minmax(0,1fr));gap:10px}
.col{border:1px solid var(--line);border-radius:6px;padding:8px 10px;background:#fbfbfc}
.col .text{white-space:pre-wrap;overflow-wrap:anywhere}
.col small{color:var(--muted);font-weight:400;overflow-wrap:anywhere}
.missing{color:var(--muted);font-style:italic;margin:0}
mark.flag,span.flag{background:#ffe08a;border-radius:3px;padding:0 2px}
.flag-number{background:#ffd0c9!important}.flag-negation{background:#f5c2ff!important}
.flag-entity{background:#cfe3ff!important}.flag-omission,.flag-addition{background:#ffe08a!important}
mark.quote{background:#fff0b3}
pre.diff{white-space:pre-wrap;overflow-wrap:anywhere;background:#fbfbfc;border:1px solid var(--line);
border-radius:6px;padding:8px 10px;margin:0;font:13px/1.5 ui-monospace,"DejaVu Sans Mono",monospace}
del,ins{padding:0 2px;border-radius:3px}del+ins{margin-left:2px}
del{background:#fde4e1;color:var(--bad)}del.flagged,ins.flagged{outline:2px solid #e0a800;font-weight:600}
ins{background:#dcf3e5;color:var(--ok);text-decoration:none}
ul.flags{margin:8px 0 0;padding-left:18px}ol.chain{margin:0;padding-left:22px}
.relation{color:var(--muted)}.evidence{color:var(--muted)}
.context{white-space:pre-wrap;overflow-wrap:anywhere;margin:0}.source{color:var(--muted);margin:4px 0 0}
.signature{color:var(--muted);margin-top:16px;font-size:12px}
footer{padding:12px 24px 24px;color:var(--muted);font-size:12px}
@media (max-width:1000px){.workspace{grid-template-columns:1fr}.sbs{grid-template-columns:1fr}
.details-pane{position:static}}
"""

SCRIPT = """
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var table = document.getElementById("quote-table");
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var details = document.getElementById("details");
  var search = document.getElementById("f-text");
  var status = document.getElementById("f-status");
  var lang = document.getElementById("f-lang");
  var minimum = document.getElementById("f-min");
  var count = document.getElementById("f-count");

  function filter() {
    var words = search.value.trim().toLowerCase();
    var least = parseFloat(minimum.value);
    var shown = 0;
    rows.forEach(function (row) {
      var data = row.dataset;
      var keep = (!status.value || data.status === status.value) &&
        (!lang.value || data.lang === lang.value) &&
        (isNaN(least) || (data.score !== "" && parseFloat(data.score) >= least)) &&
        (!words || row.textContent.toLowerCase().indexOf(words) >= 0);
      row.hidden = !keep;
      if (keep) { shown += 1; }
    });
    count.textContent = shown + " of " + rows.length + " quotes";
  }

  function cellValue(row, index, numeric) {
    var cell = row.cells[index];
    var value = cell.dataset.value !== undefined ? cell.dataset.value : cell.textContent;
    if (!numeric) { return value.toLowerCase(); }
    return value === "" ? -Infinity : parseFloat(value);
  }

  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  headers.forEach(function (header, index) {
    header.addEventListener("click", function () {
      var direction = header.getAttribute("aria-sort") === "ascending" ? -1 : 1;
      headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
      header.setAttribute("aria-sort", direction === 1 ? "ascending" : "descending");
      var numeric = header.dataset.type === "number";
      rows.sort(function (a, b) {
        var x = cellValue(a, index, numeric), y = cellValue(b, index, numeric);
        var order = x < y ? -1 : x > y ? 1 : 0;
        return order * direction || a.dataset.order - b.dataset.order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });

  function select(anchor, remember) {
    var article = document.getElementById(anchor);
    if (!article || !article.classList.contains("detail")) { return; }
    Array.prototype.forEach.call(details.querySelectorAll(".detail.shown"), function (other) {
      other.classList.remove("shown");
    });
    article.classList.add("shown");
    rows.forEach(function (row) {
      var selected = row.dataset.target === anchor;
      row.classList.toggle("selected", selected);
      row.setAttribute("aria-selected", selected ? "true" : "false");
    });
    details.scrollTop = 0;
    if (remember) {
      try { history.replaceState(null, "", "#" + anchor); } catch (error) { /* file: URLs may refuse */ }
    }
  }

  body.addEventListener("click", function (event) {
    var row = event.target.closest("tr");
    if (!row) { return; }
    event.preventDefault();
    select(row.dataset.target, true);
  });
  body.addEventListener("keydown", function (event) {
    var row = event.target.closest("tr");
    if (row && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      select(row.dataset.target, true);
    }
  });
  [search, status, lang, minimum].forEach(function (control) {
    control.addEventListener("input", filter);
    control.addEventListener("change", filter);
  });
  if (location.hash.length > 1) { select(decodeURIComponent(location.hash.slice(1)), false); }
  filter();
})();
"""

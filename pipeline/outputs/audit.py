"""Audit a finished run: its quotes as rows (status, speaker, outlet, language, scores), filtered.

The core reads a run folder's records.jsonl and documents.jsonl into typed records, turns each
record into an `AuditRow`, and formats rows as an aligned table, JSON Lines or CSV. `failing`
tells which rows have a status the caller refuses (the `--fail-on` check a newsroom runs in CI).

Every column and filter reads the record's own field (the outlet is `record.outlet`, as in
records.jsonl and the store's `records` table), never a value worked out again here: an outlet
that only cited the quote is a `cited-by` hop of its chain, which `--via` searches.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from pathlib import Path

from pipeline.core.errors import PipelineError, UsageError
from pipeline.core.files import DOCUMENTS_FILE, RECORDS_FILE
from pipeline.core.records import Document, ProvenanceRecord, Status, from_data
from pipeline.core.safetext import BIDI_CONTROLS

VERSION = "1"
STATUSES = tuple(status.value for status in Status)
NO_LANGUAGE = "none"  # what `--lang` matches for a quote whose original language is unknown


def settings() -> dict:
    return {}


@dataclass(frozen=True)
class RunFiles:
    run_dir: Path
    records: tuple[ProvenanceRecord, ...]
    documents: dict[str, Document]


@dataclass(frozen=True)
class AuditRow:
    id: str
    status: str
    kind: str
    speaker: str | None
    outlet: str | None
    lang: str | None
    lang_confidence: float | None
    chrf: float | None
    alignment: float | None
    flags: int
    flag_kinds: str  # comma-separated, sorted
    quote: str
    document: str  # the document's path (its id when documents.jsonl does not list it)
    char_start: int


@dataclass(frozen=True)
class AuditFilter:
    statuses: frozenset[str] = frozenset()
    outlet: str | None = None  # case-insensitive substring of the record's outlet
    speaker: str | None = None  # case-insensitive substring of the speaker
    via: str | None = None  # case-insensitive substring of any agent in the record's chain
    langs: frozenset[str] = frozenset()
    min_score: float | None = None  # the alignment score, 0 to 1

    def matches(self, record: ProvenanceRecord) -> bool:
        lang = record.original.lang if record.original else None
        score = record.alignment.score if record.alignment else None
        return (
            (not self.statuses or record.status.value in self.statuses)
            and (self.outlet is None or _contains(record.outlet, self.outlet))
            and (self.speaker is None or _contains(record.speaker, self.speaker))
            and (self.via is None or any(_contains(hop.agent, self.via) for hop in record.chain))
            and (not self.langs or (lang or NO_LANGUAGE) in self.langs)
            and (self.min_score is None or (score is not None and score >= self.min_score))
        )


def _contains(text: str | None, part: str) -> bool:
    return text is not None and part.casefold() in text.casefold()


def parse_statuses(values: Iterable[str], option: str) -> frozenset[str]:
    """`--status a,b --status c` -> {a, b, c}; an unknown status is a usage error listing the valid ones."""
    statuses = {part.strip() for value in values for part in value.split(",") if part.strip()}
    unknown = sorted(statuses - set(STATUSES))
    if unknown:
        raise UsageError(f"{option}: unknown status {', '.join(unknown)} (choose from {', '.join(STATUSES)})")
    return frozenset(statuses)


# --- reading a run ---------------------------------------------------------------------------------


def load_run(run_dir: Path) -> RunFiles:
    if not run_dir.is_dir():
        raise UsageError(f"{run_dir}: no such run folder")
    records_path = run_dir / RECORDS_FILE
    if not records_path.is_file():
        raise PipelineError(
            f"{records_path}: not found; write it with `provenance run SOURCES --out {run_dir}`"
        )
    records = tuple(_read(records_path, ProvenanceRecord))
    documents_path = run_dir / DOCUMENTS_FILE
    documents = list(_read(documents_path, Document)) if documents_path.is_file() else []
    return RunFiles(run_dir, records, {document.id: document for document in documents})


def _read(path: Path, cls: type) -> Iterable:
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                yield from_data(cls, json.loads(line))
            except (ValueError, TypeError, KeyError) as exc:
                raise PipelineError(f"{path}:{number}: not a valid {cls.__name__} line ({exc})") from exc


# --- rows ------------------------------------------------------------------------------------------


def audit_rows(run: RunFiles, keep: AuditFilter = AuditFilter()) -> list[AuditRow]:
    return [to_row(record, run.documents) for record in run.records if keep.matches(record)]


def to_row(record: ProvenanceRecord, documents: dict[str, Document]) -> AuditRow:
    original, comparison = record.original, record.comparison
    flags = comparison.flags if comparison else ()
    document = documents.get(record.quote.document)
    return AuditRow(
        id=record.id,
        status=record.status.value,
        kind=record.quote.kind.value,
        speaker=record.speaker,
        outlet=record.outlet,
        lang=original.lang if original else None,
        lang_confidence=original.lang_confidence if original else None,
        chrf=comparison.chrf if comparison else None,
        alignment=record.alignment.score if record.alignment else None,
        flags=len(flags),
        flag_kinds=",".join(sorted({flag.kind for flag in flags})),
        quote=record.quote.text,
        document=document.path if document else record.quote.document,
        char_start=record.quote.char_start,
    )


def failing(rows: Sequence[AuditRow], statuses: frozenset[str]) -> Counter[str]:
    """How many rows have each refused status (empty when the run passes)."""
    return Counter(row.status for row in rows if row.status in statuses)


def status_counts(rows: Sequence[AuditRow]) -> str:
    counts = Counter(row.status for row in rows)
    return ", ".join(f"{status} {counts[status]}" for status in STATUSES if counts[status]) or "none"


# --- formats ---------------------------------------------------------------------------------------

COLUMNS = [f.name for f in fields(AuditRow)]
_CHRF_WIDTH = 6
_TABLE = (
    ("id", 16, "ID"),
    ("status", 20, "STATUS"),
    ("speaker", 22, "SPEAKER"),
    ("outlet", 18, "OUTLET"),
    ("lang", 4, "LANG"),
    ("chrf", _CHRF_WIDTH, "CHRF"),
    ("alignment", 5, "ALIGN"),
    ("flags", 5, "FLAGS"),
    ("quote", 60, "QUOTE"),
)
# A quote from the web must not drive the terminal, nor reorder the rest of its line (bidi controls).
_CONTROL = re.compile(f"[\\x00-\\x1f\\x7f-\\x9f{BIDI_CONTROLS}]")


def format_table(rows: Sequence[AuditRow]) -> str:
    cells = [[_cell(getattr(row, name), width) for name, width, _ in _TABLE] for row in rows]
    widths = [max([len(title)] + [len(line[i]) for line in cells]) for i, (_, _, title) in enumerate(_TABLE)]
    lines = [[title for _, _, title in _TABLE]] + cells
    numeric = {"chrf", "alignment", "flags"}
    return "\n".join(
        "  ".join(
            text.rjust(width) if name in numeric else text.ljust(width)
            for text, width, (name, _, _) in zip(line, widths, _TABLE, strict=True)
        ).rstrip()
        for line in lines
    )


def _cell(value: object, width: int) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.1f}" if width == _CHRF_WIDTH else f"{value:.2f}"
    text = " ".join(_CONTROL.sub("\ufffd", str(value).replace("\n", " ").replace("\t", " ")).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def format_jsonl(rows: Sequence[AuditRow]) -> str:
    from pipeline.core.jsonl import dumps
    from pipeline.core.records import to_data

    return "".join(dumps(to_data(row)) + "\n" for row in rows)


def format_csv(rows: Sequence[AuditRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([_csv_cell(getattr(row, name)) for name in COLUMNS])
    return out.getvalue()


def _csv_cell(value: object) -> object:
    """Text that a spreadsheet would run as a formula (=, +, -, @) is prefixed with ' (OWASP advice)."""
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


FORMATS = {"table": lambda rows: format_table(rows) + "\n", "jsonl": format_jsonl, "csv": format_csv}

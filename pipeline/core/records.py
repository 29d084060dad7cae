"""The typed, immutable records that pass between stages, and their exact JSON round-trip.

Every record is a frozen dataclass. `to_data` turns any of them into plain JSON data and
`from_data(cls, data)` rebuilds the identical object, so `from_data(type(x), to_data(x)) == x`.
"""

from __future__ import annotations

import dataclasses
import enum
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any, TypeVar

from pipeline.core.hashing import content_hash

T = TypeVar("T")


class QuoteKind(enum.StrEnum):
    DIRECT = "direct"
    PARTIAL = "partial"  # a few words quoted from a named speaker ("Cerberus", per Ilichev)
    SCARE = "scare"  # distancing quotes that nobody is said to have said
    TITLE = "title"
    INDIRECT = "indirect"


class Status(enum.StrEnum):
    VERIFIED = "verified"
    DIVERGENT = "divergent"
    ORIGINAL_UNAVAILABLE = "original-unavailable"
    UNATTRIBUTED = "unattributed"


class Relation(enum.StrEnum):
    """The hops of a quote's chain, in the order they are listed."""

    SAID_BY = "said-by"
    REPORTED_BY = "reported-by"
    CITED_BY = "cited-by"
    TRANSLATED_BY = "translated-by"


@dataclass(frozen=True)
class LanguageCandidate:
    lang: str
    confidence: float


@dataclass(frozen=True)
class LanguageLabel:
    """A detected language: ISO 639-1 code (None when undecidable, with the reason), calibrated
    confidence, the evidence that decided it, and every language the text is plausibly in."""

    lang: str | None
    confidence: float
    reason: str | None = None
    evidence: tuple[str, ...] = ()
    candidates: tuple[LanguageCandidate, ...] = ()  # likeliest first; more than one when ambiguous


@dataclass(frozen=True)
class DocumentMeta:
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    date: str | None = None
    lang: str | None = None
    author: str | None = None
    translator: str | None = None
    original_author: str | None = None  # the author of the article this one translates


@dataclass(frozen=True)
class AlignedSentences:
    """One bead of a whole-document alignment as character spans: the source's sentences and the
    translation's that render them (None on a side with no counterpart), and the bead's cosine."""

    source_start: int | None
    source_end: int | None
    translation_start: int | None
    translation_end: int | None
    score: float


@dataclass(frozen=True)
class TranslationOf:
    """The article a document translates: a document of the batch (`document`), or one only named in
    the text (`document` None). `method` is `stated` (a credit line or footnote says so) or `content`
    (the two align as a whole); `score` is the probability that the document translates it."""

    document: str | None
    url: str | None
    title: str | None
    outlet: str | None
    score: float | None
    method: str
    evidence: str
    alignment: tuple[AlignedSentences, ...] = ()  # when the source is in the batch


@dataclass(frozen=True)
class Document:
    id: str
    path: str
    text: str
    format: str  # text | markdown | html
    encoding: str
    meta: DocumentMeta = DocumentMeta()
    language: LanguageLabel | None = None  # detected by the detect stage; meta.lang is what the source declares
    warning: str | None = None  # set by ingest when the text may not be the whole article (a web page's)
    translation_of: TranslationOf | None = None  # found by the pair stage


@dataclass(frozen=True)
class Quote:
    text: str
    kind: QuoteKind
    document: str
    char_start: int
    char_end: int
    mark: str = ""  # the opening quotation mark, e.g. “ « „ "
    depth: int = 0  # 0 for an outer quote, 1 for a quote inside it, ...
    closed: bool = True  # False when the closing mark is missing and the span stops at the paragraph end


@dataclass(frozen=True)
class Citation:
    title: str | None = None
    original_title: str | None = None
    outlet: str | None = None
    date: str | None = None
    url: str | None = None
    author: str | None = None
    translator: str | None = None


@dataclass(frozen=True)
class Original:
    text: str
    lang: str | None
    lang_confidence: float | None
    document: str | None
    char_start: int | None
    char_end: int | None
    lang_evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class MachineTranslation:
    text: str
    model: str


@dataclass(frozen=True)
class Alignment:
    score: float
    method: str


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Flag:
    kind: str  # number | entity | negation | omission | addition
    source_span: Span | None = None
    target_span: Span | None = None
    detail: str = ""


@dataclass(frozen=True)
class Comparison:
    chrf: float | None
    flags: tuple[Flag, ...] = ()
    diff: str = ""


@dataclass(frozen=True)
class Hop:
    relation: Relation
    agent: str
    evidence: str = ""  # the words of the document that support the hop


@dataclass(frozen=True)
class Candidate:
    """One possible speaker of a quote, with the words that name them and the rule that found them."""

    speaker: str | None
    role: str | None
    evidence: str
    rule: str
    score: float | None = None  # the speaker model's probability that this is the speaker


@dataclass(frozen=True)
class AttributionDetail:
    """How the speaker was found: role, speech verb, evidence, and every candidate when they disagree."""

    role: str | None = None
    verb: str | None = None
    evidence: str = ""
    candidates: tuple[Candidate, ...] = ()


@dataclass(frozen=True)
class ProvenanceRecord:
    id: str
    quote: Quote
    status: Status
    signature: str
    speaker: str | None = None
    outlet: str | None = None
    citation: Citation | None = None
    original: Original | None = None
    machine_translation: MachineTranslation | None = None
    alignment: Alignment | None = None
    comparison: Comparison | None = None
    chain: tuple[Hop, ...] = field(default=())
    attribution: AttributionDetail | None = None
    language: LanguageLabel | None = None  # the language of the quoted words as published


CONFIDENT = 0.5  # an original found with at least these odds verifies (or contradicts) its quote


def has_confident_original(record: ProvenanceRecord) -> bool:
    """An original found with at least even odds (a less likely one is shown with its score but not
    checked against, and does not verify the quote)."""
    return record.original is not None and (record.alignment is None or record.alignment.score >= CONFIDENT)


def quote_id(quote: Quote) -> str:
    """A quote's identity: where it stands and what it says, not what later stages found."""
    return content_hash(["quote", quote.document, quote.char_start, quote.char_end, quote.text])


# --- JSON round-trip ---------------------------------------------------------------------------


def to_data(value: Any) -> Any:
    """Plain JSON data (dicts, lists, str, numbers, None) for a record or a tuple of records."""
    kind = type(value)
    if kind in _PLAIN:  # most values: a batch's records hold about a million of them
        return value
    names = _field_names(kind)
    if names is not None:
        return {name: to_data(getattr(value, name)) for name in names}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [to_data(item) for item in value]
    return value


_PLAIN = frozenset({str, int, float, bool, type(None)})


@cache
def _field_names(kind: type) -> tuple[str, ...] | None:
    """A record class's field names, else None (asking `dataclasses` per value took seconds a batch)."""
    return tuple(f.name for f in dataclasses.fields(kind)) if dataclasses.is_dataclass(kind) else None


def from_data(cls: Any, data: Any) -> Any:
    """The inverse of `to_data`: rebuild a value of type `cls` (a record class or a type hint)."""
    return _reader(cls)(data)


@cache
def _reader(cls: Any) -> Callable[[Any], Any]:
    """How to rebuild a value of type `cls`, worked out once per type: a batch's records are read
    back between stages, and asking `typing` about every field of every record took seconds."""
    origin = typing.get_origin(cls)
    if origin in (typing.Union, types.UnionType):
        inner = _reader(next(arg for arg in typing.get_args(cls) if arg is not type(None)))
        return lambda data: None if data is None else inner(data)
    if origin is tuple:
        item = _reader(typing.get_args(cls)[0])
        return lambda data: tuple(map(item, data))
    if isinstance(cls, type) and dataclasses.is_dataclass(cls):
        return _record_reader(cls)
    if isinstance(cls, type) and issubclass(cls, enum.Enum):
        return cls
    if cls is float:
        return _as_float
    return _as_is


def _record_reader(cls: type) -> Callable[[Any], Any]:
    fields: dict[str, Callable[[Any], Any]] = {}  # filled on first use: a record may nest its own type

    def read(data: Any) -> Any:
        if not fields:
            fields.update((name, _reader(hint)) for name, hint in typing.get_type_hints(cls).items())
        unknown = data.keys() - fields.keys()
        if unknown:
            raise ValueError(f"{cls.__name__}: unknown fields {sorted(unknown)}")
        return cls(**{name: fields[name](value) for name, value in data.items()})

    return read


def _as_float(data: Any) -> Any:
    return float(data) if isinstance(data, int) and not isinstance(data, bool) else data


def _as_is(data: Any) -> Any:
    return data

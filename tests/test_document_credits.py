"""The byline and credit line of an article's text are recorded on its document (issue 20, item 5)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from pipeline.core.records import DocumentMeta
from pipeline.ingest.credits import with_credits
from pipeline.ingest.documents import IngestSettings, ingest

SEED = Path(__file__).resolve().parent.parent / "sources"


def _meta(text: str, meta: DocumentMeta | None = None) -> DocumentMeta:
    return with_credits(meta or DocumentMeta(), text)


def test_the_seed_translation_names_its_date_translator_and_original_author():
    path = next(SEED.glob("*004*"))
    document = ingest(str(path), path.read_bytes(), IngestSettings())
    assert (document.meta.date, document.meta.translator, document.meta.original_author) == (
        "2022-08-19", "Anthony V. Rinna", "Victoria Kolganova")
    assert document.meta.author is None  # "By |": the byline names nobody


def test_a_made_up_article_of_the_same_pattern():
    text = ("Harbour talks resume\n\nBy Jane Cole | 3 March 2021\n\nThe port reopened.\n\n"
            "Original story by Ivan Petrov. Translated from Russian by Mary Ann Smith.\n")
    meta = _meta(text)
    assert (meta.author, meta.date, meta.translator, meta.original_author) == (
        "Jane Cole", "2021-03-03", "Mary Ann Smith", "Ivan Petrov")


def test_a_written_by_credit_is_the_articles_own_author_and_the_files_metadata_wins():
    assert _meta("Ferry strike\n\nThe strike ended.\n\nWritten by Tom Weller.\n").author == "Tom Weller"
    declared = DocumentMeta(author="Ruth Calder", date="2020-01-02")
    meta = _meta("Ferry strike\n\nBy Tom Weller | May 5, 2021\n\nThe strike ended.\n", declared)
    assert (meta.author, meta.date) == ("Ruth Calder", "2020-01-02")


def test_an_article_with_no_byline_or_credit_keeps_empty_fields():
    assert _meta("Ferry strike\n\nThe strike ended, officials said on May 5, 2021.\n") == DocumentMeta()


def test_the_store_and_documents_jsonl_record_the_same_credits(cli, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(
        "Harbour talks resume\n\nBy Jane Cole | 3 March 2021\n\n\"The port is open,\" Mayor Anna Field said.\n\n"
        "Original story by Ivan Petrov. Translated by Mary Ann Smith.\n", encoding="utf-8")
    code, _, err = cli("run", tmp_path / "in", "--out", tmp_path / "run", "--jobs", "1", "--quiet")
    assert code == 0, err
    line = json.loads((tmp_path / "run" / "documents.jsonl").read_text(encoding="utf-8").splitlines()[0])
    with sqlite3.connect(tmp_path / "run" / "provenance.sqlite") as db:
        row = db.execute("SELECT author, date, translator, original_author FROM documents").fetchone()
    meta = line["meta"]
    assert row == (meta["author"], meta["date"], meta["translator"], meta["original_author"]) == (
        "Jane Cole", "2021-03-03", "Mary Ann Smith", "Ivan Petrov")

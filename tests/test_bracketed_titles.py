"""Quotes inside a footnote's titles: a phrase quoted in the translated title is linked to the words of
the bracketed original that render it, and a phrase quoted in the bracketed original is its own
original, not the whole headline (which the comparison then read as a long omission)."""

from __future__ import annotations

import pytest

from pipeline.quotes.citations import bracketed_title_start
from tests.conftest import read_jsonl

HEADLINE = 'Бывший дипломат назвал ракету "Протон" "примитивной и неэффективной"'
RUSSIAN_SOURCE = f"""{HEADLINE}

Бывший американский дипломат раскритиковал российскую ракету-носитель в интервью газете.

По его словам, программа устарела и требует больших расходов, а запуски слишком дороги для заказчиков.

Эксперты не согласны с такой оценкой и напоминают о десятках успешных запусков за последние годы.
"""
ENGLISH_TRANSLATION = f"""Former diplomat calls the Proton rocket primitive and ineffective

A former American diplomat criticised the Russian carrier rocket in an interview with the newspaper.

In his words, the programme is outdated and expensive, and launches are too costly for customers.

Experts disagree with this assessment and recall dozens of successful launches in recent years.

Original article by Ivan Petrov. Translated by Jane Cole.

[1] Source: Former diplomat calls the "Proton" rocket "primitive and ineffective" [{HEADLINE}], Lenta.ru, \
June 11, 2021, https://lenta.ru/news/2021/06/11/proton
"""
ENGLISH_TITLE = 'Former diplomat calls the "Proton" rocket "primitive and ineffective"'


@pytest.fixture(scope="module")
def run_with_source(tmp_path_factory):
    return _run(tmp_path_factory.mktemp("with_source"), with_source=True)


@pytest.fixture(scope="module")
def run_alone(tmp_path_factory):
    return _run(tmp_path_factory.mktemp("alone"), with_source=False)


def _run(folder, with_source: bool):
    from pipeline.cli import main

    corpus = folder / "corpus"
    corpus.mkdir()
    (corpus / "article.txt").write_text(ENGLISH_TRANSLATION, encoding="utf-8")
    if with_source:
        (corpus / "source.txt").write_text(RUSSIAN_SOURCE, encoding="utf-8")
    assert main(["run", str(corpus), "--out", str(folder / "out"), "--jobs", "1", "--quiet"]) == 0
    documents = {d["id"]: d for d in read_jsonl(folder / "out" / "documents.jsonl")}
    article = next(d["id"] for d in documents.values() if d["path"].endswith("article.txt"))
    records = [r for r in read_jsonl(folder / "out" / "records.jsonl") if r["quote"]["document"] == article]
    return documents, {r["quote"]["text"]: r for r in records}


def test_a_phrase_of_the_translated_title_takes_the_words_that_render_it(run_with_source):
    documents, records = run_with_source
    for quote, words, method in [
        ("primitive and ineffective", "примитивной и неэффективной", "bracketed-original:words:source-headline"),
        ("Proton", "Протон", "bracketed-original:words:transliteration:source-headline"),
    ]:
        record = records[quote]
        original = record["original"]
        assert (original["text"], record["alignment"]["method"]) == (words, method)
        source = documents[original["document"]]
        assert source["path"].endswith("source.txt")
        assert source["text"][original["char_start"] : original["char_end"]] == words  # in its headline
        assert record["status"] == "verified", record["comparison"]


def test_a_phrase_of_the_bracketed_original_is_its_own_words_there(run_with_source):
    documents, records = run_with_source
    for words in ("Протон", "примитивной и неэффективной"):
        record = records[words]
        original = record["original"]
        assert original["text"] == words and documents[original["document"]]["path"].endswith("source.txt")
        assert record["alignment"]["method"] == "bracketed-original:source-headline"
        assert record["comparison"] is None  # the same words in the same language: nothing was translated
        assert record["language"]["lang"] == "ru"  # the bracketed title's, though "Протон" alone names none
        assert record["status"] == "verified"


def test_the_whole_title_still_takes_the_whole_headline(run_with_source):
    _, records = run_with_source
    record = records[ENGLISH_TITLE]
    assert record["original"]["text"] == HEADLINE
    assert record["alignment"]["method"] == "bracketed-original:source-headline"


def test_without_the_source_the_words_are_found_in_the_bracketed_title(run_alone):
    documents, records = run_alone
    article_text = next(iter(documents.values()))["text"]
    narrowed = records["primitive and ineffective"]
    assert narrowed["alignment"]["method"] == "bracketed-original:words"
    own = records["примитивной и неэффективной"]
    assert own["alignment"]["method"] == "bracketed-original"
    for record in (narrowed, own):
        original = record["original"]
        assert original["text"] == "примитивной и неэффективной"
        assert original["document"] == record["quote"]["document"]
        assert article_text[original["char_start"] : original["char_end"]] == original["text"]
    assert own["original"]["char_start"] == own["quote"]["char_start"]


def test_bracketed_title_start_finds_the_title_around_a_span():
    text = f"Source: A title [{HEADLINE}], Lenta.ru"
    title_start = text.index(HEADLINE)
    inside = text.index("Протон")
    assert bracketed_title_start(text, HEADLINE, inside, inside + len("Протон")) == title_start
    assert bracketed_title_start(text, HEADLINE, title_start, title_start + len(HEADLINE)) == title_start
    assert bracketed_title_start(text, HEADLINE, 8, 15) is None  # the translated title, before the bracket
    assert bracketed_title_start(text, HEADLINE, inside, len(text)) is None  # runs past the title's end


def test_a_name_inside_the_bracketed_title_takes_the_titles_language():
    """«Циркон» alone names no language (one capitalised word) and a Ukrainian reading is as good as a
    Russian one; inside a Russian headline it is Russian."""
    from pipeline.core.records import Citation, Document, LanguageLabel, ProvenanceRecord, Quote, QuoteKind, Status
    from pipeline.stages.languages import _with_bracketed_original

    title = 'Минобороны завершило испытания ракеты "Циркон"'
    text = f"Text.\n\n[1] Source: Defence Ministry completes Zircon tests [{title}], Lenta.ru, June 11, 2021"
    start = text.index("Циркон")
    document = Document("d" * 16, "article.txt", text, "text", "utf-8")
    citation = Citation(title="Defence Ministry completes Zircon tests", original_title=title, outlet="Lenta.ru")
    for label in (None, LanguageLabel("uk", 0.4)):
        record = ProvenanceRecord("0" * 16, Quote("Циркон", QuoteKind.TITLE, document.id, start, start + 6),
                                  Status.ORIGINAL_UNAVAILABLE, "sig", citation=citation, language=label)
        labelled = _with_bracketed_original(document, record)
        assert (labelled.language.lang, labelled.original.text, labelled.original.char_start) == ("ru", "Циркон", start)

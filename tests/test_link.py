"""The link stage on a small batch: which document translates which (stated, by content, in which
direction), every quote of a translation projected onto the source words it renders, quotes of other
articles searched, and English words published as spoken being their own original (issue 15)."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import numpy as np
import pytest

from pipeline.cli import main
from pipeline.core.records import (
    Alignment,
    Document,
    DocumentMeta,
    LanguageLabel,
    Original,
    ProvenanceRecord,
    Quote,
    QuoteKind,
    Status,
)
from pipeline.link import corpus as corpus_module
from pipeline.link import encoder, linking
from pipeline.link.corpus import build_corpus
from pipeline.link.locate import Location, SourceIndex
from tests.conftest import read_jsonl
from tests.link_fixtures import ENGLISH, QUOTING, RUSSIAN, article

SOURCE_URL = "https://www.samara.example.ru/news/4711"


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("link")
    corpus = folder / "corpus"
    corpus.mkdir()
    russian = list(RUSSIAN)
    russian[5] = "Городской транспорт будет направлен в объезд через мост «Кировский»."
    (corpus / "ru.txt").write_text(article(tuple(russian), {"url": SOURCE_URL, "outlet": "Samara News",
                                                            "date": "2021-05-03"}), encoding="utf-8")
    english = list(ENGLISH)
    english[5] = "City transport will be diverted via the \u201cKirovsky\u201d bridge."
    english[8] = "Experts warn of \u201cserious consequences\u201d for traffic at rush hour."
    (corpus / "en.txt").write_text(article(tuple(english), {"date": "2021-05-04"}), encoding="utf-8")
    (corpus / "quoting.txt").write_text(article(QUOTING), encoding="utf-8")
    rewrite = ("Мост через Волгу закроют на четыре месяца", RUSSIAN[1], RUSSIAN[4], RUSSIAN[6])
    (corpus / "rewrite.txt").write_text(article(rewrite, {"outlet": "Volga Daily"}), encoding="utf-8")
    credit = ("Original article by Anna Orlova. Translated by Mark Rowe.",
              "[1] Source: Samara closes a bridge [Самара закрывает мост], Samara Times, May 3, 2021, "
              "https://www.samaratimes.example.ru/2021/05/03/most")
    (corpus / "absent.txt").write_text(article(ENGLISH[:5], tail=credit), encoding="utf-8")
    (corpus / "us.txt").write_text(
        "US officials comment on sanctions\n\nThe State Department spokesperson Ned Price addressed the question "
        "at a briefing. \u201cDecisions about these projects belong to the government of Ukraine alone,\u201d "
        "Price said.\n\nA Russian diplomat, for his part, told RIA Novosti that \u201cthe republics are free "
        "to choose their partners.\u201d\n", encoding="utf-8")
    out = folder / "out"
    code = main(["run", str(corpus), "--out", str(out), "--quiet", "--jobs", "1"])
    assert code == 0
    documents = {d["path"].rsplit("/", 1)[1]: d for d in read_jsonl(out / "documents.jsonl")}
    records = read_jsonl(out / "records.jsonl")
    return documents, records, out


def _records_of(run, name):
    documents, records, _ = run
    return {r["quote"]["text"]: r for r in records if r["quote"]["document"] == documents[name]["id"]}


def _quotes_after_run(cli, corpus, out, name: str) -> tuple[dict, dict]:
    """CORPUS run into OUT: the quotes of the file NAME by their text, and the documents by file name."""
    code, _, err = cli("run", corpus, "--out", out, "--quiet", "--jobs", "1")
    assert code == 0, err
    documents = {d["path"].rsplit("/", 1)[1]: d for d in read_jsonl(out / "documents.jsonl")}
    return _records_of((documents, read_jsonl(out / "records.jsonl"), out), name), documents


def _quotes_of_articles(cli, tmp_path, articles: dict[str, str], name: str) -> tuple[dict, dict]:
    """ARTICLES (file name -> text) written into a corpus and run: as `_quotes_after_run`."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for file_name, text in articles.items():
        (corpus / file_name).write_text(text, encoding="utf-8")
    return _quotes_after_run(cli, corpus, tmp_path / "out", name)


def test_a_translation_is_paired_with_its_source_by_content(run):
    documents, _, _ = run
    link = documents["en.txt"]["translation_of"]
    assert link["document"] == documents["ru.txt"]["id"]
    assert link["method"] == "content" and link["score"] >= 0.5
    assert link["url"] == SOURCE_URL
    beads = [b for b in link["alignment"] if b["source_start"] is not None and b["translation_start"] is not None]
    assert len(beads) >= 8


def test_articles_that_only_quote_or_rewrite_are_not_translations(run):
    documents, _, _ = run
    assert documents["quoting.txt"]["translation_of"] is None
    assert documents["rewrite.txt"]["translation_of"] is None
    assert documents["ru.txt"]["translation_of"] is None  # the English one is the later, and the translation


def test_a_stated_source_missing_from_the_batch_is_recorded(run):
    documents, _, _ = run
    link = documents["absent.txt"]["translation_of"]
    assert (link["method"], link["document"], link["score"]) == ("stated", None, None)
    assert link["url"] == "https://www.samaratimes.example.ru/2021/05/03/most"
    assert link["title"] == "Самара закрывает мост" and link["outlet"] == "Samara Times"
    assert link["evidence"].startswith("[1] Source: Samara closes a bridge")


def test_a_quote_of_a_translation_is_projected_onto_the_words_it_renders(run):
    documents, _, _ = run
    records = _records_of(run, "en.txt")
    quote = next(r for text, r in records.items() if text.startswith("We understand"))
    original = quote["original"]
    assert original["document"] == documents["ru.txt"]["id"]
    assert original["text"].startswith("Мы понимаем") and original["lang"] == "ru"
    assert quote["alignment"]["method"] == "alignment-projection"
    text = documents["ru.txt"]["text"]
    assert text[original["char_start"] : original["char_end"]] == original["text"]
    scare = records["serious consequences"]["original"]
    assert "серьезных последствиях" in scare["text"] and len(scare["text"].split()) <= 4


def test_a_name_in_quotation_marks_is_projected_though_its_words_name_no_language(run):
    documents, _, _ = run
    name = _records_of(run, "en.txt")["Kirovsky"]
    assert name["language"]["lang"] is None  # one capitalised word: a name, in no language of its own
    assert name["original"]["text"] == "Кировский" and name["original"]["document"] == documents["ru.txt"]["id"]
    assert name["alignment"]["method"] == "alignment-projection"
    own = _records_of(run, "ru.txt")["Кировский"]  # in the Russian source: its own words, in its language
    assert (own["original"]["text"], own["original"]["lang"]) == ("Кировский", "ru")
    assert own["alignment"]["method"] == "original-language-quote"


def test_a_quote_in_an_article_that_translates_nothing_is_searched_in_the_batch(run):
    documents, _, _ = run
    records = _records_of(run, "quoting.txt")
    quote = next(r for text, r in records.items() if text.startswith("Experts warn"))
    assert quote["original"]["document"] == documents["ru.txt"]["id"]
    assert quote["original"]["text"].startswith("Эксперты предупреждают")
    assert quote["alignment"]["method"] == "usem3-locate:index-ru"


def test_english_words_published_as_spoken_are_their_own_original(run):
    records = _records_of(run, "us.txt")
    price = next(r for text, r in records.items() if text.startswith("Decisions about"))
    assert price["original"]["lang"] == "en" and price["original"]["text"] == price["quote"]["text"]
    assert price["alignment"]["method"] == "published-in-original-language"
    assert price["status"] == "verified"
    diplomat = next(r for text, r in records.items() if text.startswith("the republics"))
    assert diplomat["original"] is None  # spoken in Russian, to a Russian outlet: not its own original


def test_the_report_shows_each_translation_beside_its_source(run):
    documents, records, out = run
    page = (out / "report.html").read_text(encoding="utf-8")
    section = page[page.index('<section id="translations">') :]
    assert "Translated articles (1)" in section and "translates" in section
    assert "Мы понимаем, что это создаст неудобства" in section  # the source side, aligned
    assert section.count('<mark class="quote">') >= 4  # quotes and their originals, linked to their panels


def test_the_pair_reaches_prov_and_the_store(run):
    documents, _, out = run
    graph = json.loads((out / "provenance.jsonld").read_text())["@graph"]
    nodes = {n["@id"]: n for n in graph}
    english = nodes["urn:provenance:document:" + documents["en.txt"]["id"]]
    assert english["wasDerivedFrom"] == "urn:provenance:document:" + documents["ru.txt"]["id"]
    activity = nodes[english["wasGeneratedBy"]]
    assert "pv:Translation" in activity["@type"] and activity["used"] == english["wasDerivedFrom"]
    absent = nodes["urn:provenance:document:" + documents["absent.txt"]["id"]]
    assert nodes[absent["wasDerivedFrom"]]["url"] == "https://www.samaratimes.example.ru/2021/05/03/most"


def test_a_reverse_translation_is_found_by_its_dates(cli, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "en.txt").write_text(article(ENGLISH, {"date": "2021-05-01"}), encoding="utf-8")
    (corpus / "ru.txt").write_text(article(RUSSIAN, {"date": "2021-05-02"}), encoding="utf-8")
    code, _, _ = cli("run", corpus, "--out", tmp_path / "out", "--quiet", "--jobs", "1")
    assert code == 0
    documents = {d["path"].rsplit("/", 1)[1]: d for d in read_jsonl(tmp_path / "out" / "documents.jsonl")}
    assert documents["ru.txt"]["translation_of"]["document"] == documents["en.txt"]["id"]
    assert documents["en.txt"]["translation_of"] is None
    # The original's quote is rendered word for word in its translation, which is still not its source.
    quote = next(r for r in read_jsonl(tmp_path / "out" / "records.jsonl")
                 if r["quote"]["document"] == documents["en.txt"]["id"]
                 and r["quote"]["text"].startswith("We understand"))
    assert (quote["original"] or {}).get("document") != documents["ru.txt"]["id"]


def test_a_quote_that_spells_a_russian_word_in_latin_letters_is_projected_onto_it(cli, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    russian, english = list(RUSSIAN), list(ENGLISH)
    russian[9] = "Водители уже называют предстоящий объезд одним словом: мучение."
    english[9] = "Drivers already have one word for the coming detour: \u201cmuchenie\u201d (torment)."
    (corpus / "ru.txt").write_text(article(tuple(russian), {"date": "2021-05-03"}), encoding="utf-8")
    (corpus / "en.txt").write_text(article(tuple(english), {"date": "2021-05-04"}), encoding="utf-8")
    code, _, _ = cli("run", corpus, "--out", tmp_path / "out", "--quiet", "--jobs", "1")
    assert code == 0
    documents = {d["path"].rsplit("/", 1)[1]: d for d in read_jsonl(tmp_path / "out" / "documents.jsonl")}
    (record,) = [r for r in read_jsonl(tmp_path / "out" / "records.jsonl") if r["quote"]["text"] == "muchenie"]
    assert record["original"]["text"] == "мучение" and record["original"]["document"] == documents["ru.txt"]["id"]
    assert record["alignment"]["method"] == "alignment-projection:transliteration"


def test_spelled_words_are_the_closest_run_of_as_many_words():
    from pipeline.link.quote_text import spelled_words

    text = "Довольствоваться, удовольствие - родственные слова. Так называемые силовики пришли."

    def spelled(quote: str) -> str | None:
        found = spelled_words(quote, text, 0, len(text))
        return text[found[0] : found[1]] if found else None

    assert {q: spelled(q) for q in ("udovolstvie", "siloviki", "pleasure", "do")} == {
        "udovolstvie": "удовольствие", "siloviki": "силовики", "pleasure": None, "do": None}


def test_spelled_words_read_a_bounded_number_of_source_words(monkeypatch):
    from pipeline.link import quote_text

    text = "Первое слово. " * 50 + "Так называемые силовики пришли."
    assert quote_text.spelled_words("siloviki", text, 0, len(text)) is not None
    monkeypatch.setattr(quote_text, "MAX_SPELLED_WORDS", 100)
    assert quote_text.spelled_words("siloviki", text, 0, len(text)) is None


def test_a_translation_of_an_english_article_is_nobody_s_original(cli, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "en.txt").write_text(article(ENGLISH, {"date": "2021-05-01"}), encoding="utf-8")
    (corpus / "ru.txt").write_text(article(RUSSIAN, {"date": "2021-05-02"}), encoding="utf-8")
    (corpus / "quoting.txt").write_text(article(QUOTING), encoding="utf-8")
    code, _, _ = cli("run", corpus, "--out", tmp_path / "out", "--quiet", "--jobs", "1")
    assert code == 0
    documents = {d["path"].rsplit("/", 1)[1]: d for d in read_jsonl(tmp_path / "out" / "documents.jsonl")}
    assert documents["ru.txt"]["translation_of"]["document"] == documents["en.txt"]["id"]
    # The quoted words are English first: the Russian rendering of the English article is not their source.
    quote = next(r for r in read_jsonl(tmp_path / "out" / "records.jsonl")
                 if r["quote"]["document"] == documents["quoting.txt"]["id"])
    assert quote["quote"]["text"].startswith("Experts warn")
    assert (quote["original"] or {}).get("document") != documents["ru.txt"]["id"]


def test_a_report_that_retells_its_source_and_quotes_the_outlet_is_no_translation(cli, tmp_path):
    # Every line of the report renders a line of the Kommersant story, as a translation's would; but it
    # gives the outlet's words as the outlet's: a report on the article, whose quotes still have their
    # originals there.
    russian = list(RUSSIAN)
    russian[5] = "Городской транспорт будет направлен в объезд через мост «Кировский»."
    report = (ENGLISH[0], ENGLISH[1], ENGLISH[4],
              "City transport will be diverted via the \u201cKirovsky\u201d bridge.", ENGLISH[6], ENGLISH[7],
              "\u201cExperts warn of serious consequences for traffic at rush hour,\u201d Kommersant reported.")
    quotes, documents = _quotes_of_articles(cli, tmp_path, {
        "ru.txt": article(tuple(russian), {"outlet": "Kommersant", "url": "https://www.kommersant.ru/doc/4711"}),
        "report.txt": article(report)}, "report.txt")
    assert documents["report.txt"]["translation_of"] is None
    assert documents["ru.txt"]["translation_of"] is None
    name = quotes["Kirovsky"]
    assert name["original"]["text"] == "Кировский" and name["original"]["document"] == documents["ru.txt"]["id"]
    assert name["alignment"]["method"] == "alignment-projection:reported-source"
    said = quotes["Experts warn of serious consequences for traffic at rush hour,"]
    assert said["speaker"] == "Kommersant"
    assert said["original"]["text"].startswith("Эксперты предупреждают")


def test_a_report_that_credits_its_source_s_words_to_an_unnamed_newspaper_is_no_translation(cli, tmp_path):
    # Every line renders a line of the story, in order, as a translation's would; but it gives words of
    # the story to "the newspaper", which no translation does to its own source: a report on it.
    report = (*ENGLISH[:7],
              "\u201cExperts warn of serious consequences for traffic at rush hour,\u201d the newspaper reported.")
    quotes, documents = _quotes_of_articles(cli, tmp_path, {"ru.txt": article(RUSSIAN), "report.txt": article(report)},
                                            "report.txt")
    assert documents["report.txt"]["translation_of"] is None
    assert documents["ru.txt"]["translation_of"] is None
    said = quotes["Experts warn of serious consequences for traffic at rush hour,"]
    assert said["original"]["text"].startswith("Эксперты предупреждают")
    assert said["original"]["document"] == documents["ru.txt"]["id"]


def test_words_a_report_credits_to_an_unnamed_newspaper_are_never_published_as_spoken(cli, tmp_path):
    # The report is on a Russian article, and "the newspaper" is that article's: words of it that the
    # article renders nowhere keep the best find there with its low score, as a foreign outlet's words
    # would, never an English original of their own.
    report = (*ENGLISH[:7], "\u201cThe city will pay the contractor a bonus for every week saved,\u201d the "
              "newspaper reported.")
    quotes, documents = _quotes_of_articles(cli, tmp_path, {"ru.txt": article(RUSSIAN), "report.txt": article(report)},
                                            "report.txt")
    assert documents["report.txt"]["translation_of"] is None
    said = quotes["The city will pay the contractor a bonus for every week saved,"]
    assert said["alignment"]["method"] != "published-in-original-language"
    assert said["original"]["document"] == documents["ru.txt"]["id"] and said["alignment"]["score"] < 0.5


def test_a_translation_whose_source_credits_a_publication_stays_a_translation(cli, tmp_path):
    # The source itself gives the words to a local publication, so its translation does too: that credit
    # renders the source's, and the article is still its translation.
    russian = (*RUSSIAN[:8], "«Эксперты предупреждают о серьезных последствиях для движения в часы пик», — "
               "сообщает местное издание.")
    english = (*ENGLISH[:8], "\u201cExperts warn of serious consequences for traffic at rush hour,\u201d a local "
               "publication reports.")
    _, documents = _quotes_of_articles(cli, tmp_path, {"ru.txt": article(russian), "en.txt": article(english)},
                                       "en.txt")
    assert documents["en.txt"]["translation_of"]["document"] == documents["ru.txt"]["id"]


def test_a_report_that_retells_its_source_without_naming_it_is_no_translation(cli, tmp_path):
    # Half of the story retold in order, with the reporter's own lines and a quote credited to nobody by
    # name: no translation (too little of the source), but a report on it (pairing.RETOLD), so its
    # quotes are projected onto the words they render.
    russian = list(RUSSIAN)
    russian[5] = "Городской транспорт будет направлен в объезд через мост «Кировский»."
    report = (ENGLISH[0], ENGLISH[1], "City transport will be diverted via the \u201cKirovsky\u201d bridge.",
              "Local drivers say the city has put off the work for years.", ENGLISH[7],
              "\u201cExperts warn of serious consequences for traffic at rush hour,\u201d the newspaper reported.")
    quotes, documents = _quotes_of_articles(cli, tmp_path, {"ru.txt": article(tuple(russian)),
                                                            "report.txt": article(report)}, "report.txt")
    assert documents["report.txt"]["translation_of"] is None
    name = quotes["Kirovsky"]
    assert name["original"]["text"] == "Кировский" and name["original"]["document"] == documents["ru.txt"]["id"]
    assert name["alignment"]["method"] == "alignment-projection:reported-source"
    said = quotes["Experts warn of serious consequences for traffic at rush hour,"]
    assert said["original"]["text"].startswith("Эксперты предупреждают")
    assert said["alignment"]["method"] == "alignment-projection:reported-source"


def test_a_retelling_s_quote_that_no_outlet_carried_is_looked_for_first_in_the_article_it_retells(cli, tmp_path):
    # The quote up front repeats a sentence the report retells later, so it is not projected; credited to
    # no outlet, in a report that retells the article without naming it, it is looked for there first.
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "ru.txt").write_text(article(RUSSIAN), encoding="utf-8")
    said = "\u201cExperts warn of serious consequences for traffic at rush hour,\u201d the newspaper reported."
    report = (ENGLISH[0], said, ENGLISH[1], "Local drivers say the city has put off the work for years.", ENGLISH[7],
              ENGLISH[8])
    (corpus / "report.txt").write_text(article(report), encoding="utf-8")
    quotes, documents = _quotes_after_run(cli, corpus, tmp_path / "out", "report.txt")
    assert documents["report.txt"]["translation_of"] is None
    found = quotes["Experts warn of serious consequences for traffic at rush hour,"]
    assert found["alignment"]["method"] == "usem3-locate:cited-document"
    assert found["original"]["document"] == documents["ru.txt"]["id"]
    assert found["original"]["text"].startswith("Эксперты предупреждают")


KAZAN = (
    "В Казани открыли новый стадион",
    "Стадион вмещает сорок пять тысяч зрителей.",
    "Строительство заняло три года и обошлось в двенадцать миллиардов рублей.",
    "Первый матч на новой арене пройдет в сентябре.",
)


def _report_run(cli, tmp_path, report: tuple[str, ...]) -> tuple[dict, dict]:
    """The report's records by quote text after a run beside two Kommersant articles (the Samara story
    it retells, and another story); and the documents by file name."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "ru.txt").write_text(article(RUSSIAN, {"outlet": "Kommersant", "url": "https://www.kommersant.ru/doc/4711"}),
                                   encoding="utf-8")
    (corpus / "kazan.txt").write_text(article(KAZAN, {"outlet": "Kommersant", "url": "https://www.kommersant.ru/doc/815"}),
                                      encoding="utf-8")
    (corpus / "report.txt").write_text(article(report), encoding="utf-8")
    return _quotes_after_run(cli, corpus, tmp_path / "out", "report.txt")


def test_a_report_s_quote_retold_out_of_the_source_s_order_is_projected_onto_the_sentence_it_retells(cli, tmp_path):
    # The quote comes first, though its sentence ends the source: the monotone alignment sets no
    # confident bead on it, but the two sentences are each other's nearest, so it is projected there.
    said = "\u201cExperts warn of serious consequences for traffic at rush hour,\u201d Kommersant reported."
    quotes, documents = _report_run(cli, tmp_path, (ENGLISH[0], said, *ENGLISH[1:3], *ENGLISH[4:8]))
    found = quotes["Experts warn of serious consequences for traffic at rush hour,"]
    assert found["alignment"]["method"] == "alignment-projection:reported-source"
    assert found["original"]["document"] == documents["ru.txt"]["id"]
    assert found["original"]["text"].startswith("Эксперты предупреждают")


def test_a_report_s_quote_that_retells_nothing_is_looked_for_in_the_reported_article(cli, tmp_path):
    # The report retells the source's last sentence in order and quotes it again up front: that
    # sentence's nearest in the report is the retelling, so the quote is not projected; the outlet
    # that carried it is the reported article's, and the article is where it is looked for.
    said = "\u201cExperts warn of serious consequences for traffic at rush hour,\u201d Kommersant reported."
    quotes, documents = _report_run(cli, tmp_path, (ENGLISH[0], said, *ENGLISH[1:3], *ENGLISH[4:9]))
    found = quotes["Experts warn of serious consequences for traffic at rush hour,"]
    assert found["alignment"]["method"] == "usem3-locate:cited-document"
    assert found["original"]["document"] == documents["ru.txt"]["id"]
    assert found["original"]["text"].startswith("Эксперты предупреждают")


def test_a_report_s_quote_retold_beside_another_sentence_is_found_where_the_article_says_it(cli, tmp_path):
    # A report retells out of order: the quote of the source's last sentence stands in the sentence that
    # renders its sixth, so the alignment sets it against the sixth; the whole article has a closer
    # rendering, which SEARCH_ACCEPT takes.
    retold = ("City transport will be diverted via the Kirovsky Bridge, and \u201cthe bridge was last repaired "
              "in 2009,\u201d Kommersant reported.")
    quotes, documents = _report_run(cli, tmp_path, (*ENGLISH[:5], retold, *ENGLISH[6:9]))
    found = quotes["the bridge was last repaired in 2009,"]
    assert found["original"]["document"] == documents["ru.txt"]["id"]
    assert "2009" in found["original"]["text"]
    assert found["alignment"]["method"] == "usem3-locate:paired-document:reported-source"


def test_a_report_s_quote_not_in_the_reported_article_is_looked_for_in_the_batch(cli, tmp_path):
    said = "\u201cConstruction took three years and cost twelve billion rubles,\u201d Kommersant reported."
    quotes, documents = _report_run(cli, tmp_path, (ENGLISH[0], said, *ENGLISH[1:3], *ENGLISH[4:8]))
    found = quotes["Construction took three years and cost twelve billion rubles,"]
    assert found["original"]["document"] == documents["kazan.txt"]["id"]
    assert found["original"]["text"].startswith("Строительство заняло три года")


def test_a_report_s_quote_found_nowhere_keeps_no_original(cli, tmp_path):
    said = "\u201cThe mayor will step down before the end of the year,\u201d Kommersant reported."
    quotes, _ = _report_run(cli, tmp_path, (ENGLISH[0], said, *ENGLISH[1:3], *ENGLISH[4:8]))
    assert quotes["The mayor will step down before the end of the year,"]["original"] is None


OFF_TOPIC = (
    "Senate votes on the farm bill",
    "The Senate passed the farm bill on Thursday after weeks of debate over crop insurance and food aid.",
    "Supporters said the bill protects family farms from falling prices.",
    "Critics argued that subsidies mostly reach the largest agricultural companies.",
    "The House is expected to take up the measure next month.",
)


RT_RUSSIAN = {"outlet": "RT", "url": "https://russian.rt.com/russia/news/1"}


def _found_in_russian_story(cli, tmp_path, channel: str, russian_meta: dict) -> bool:
    """Whether an off-topic English article's quote credited to CHANNEL, words that read like a sentence
    of the batch's one Russian story (published with RUSSIAN_META), is linked to that story."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "ru.txt").write_text(article(RUSSIAN, russian_meta), encoding="utf-8")
    said = f"\u201cExperts warn of serious consequences for traffic at rush hour,\u201d {channel}."
    (corpus / "farm.txt").write_text(article((*OFF_TOPIC[:3], said, *OFF_TOPIC[3:])), encoding="utf-8")
    code, _, _ = cli("run", corpus, "--out", tmp_path / "out", "--quiet", "--jobs", "1")
    assert code == 0
    documents = {d["path"].rsplit("/", 1)[1]: d for d in read_jsonl(tmp_path / "out" / "documents.jsonl")}
    (quote,) = [r for r in read_jsonl(tmp_path / "out" / "records.jsonl")
                if r["quote"]["document"] == documents["farm.txt"]["id"]]
    return quote["original"] is not None and quote["original"]["document"] == documents["ru.txt"]["id"]


@pytest.mark.parametrize(("channel", "linked"), [
    ("one official said", False),
    ("Russian media reported", True),
    ("RT reported", True),  # the registry's "RT" is English, but here RT published the story in Russian
    ("Reuters reported", False),
])
def test_a_quote_in_an_article_on_another_story_is_found_only_through_a_foreign_channel(cli, tmp_path, channel,
                                                                                        linked):
    # Spoken in English unless a channel in another language carried them.
    assert _found_in_russian_story(cli, tmp_path, channel, RT_RUSSIAN) is linked


@pytest.mark.parametrize(("russian_meta", "linked"), [
    (RT_RUSSIAN, True),  # RT publishes in Russian too: its own words
    ({"outlet": "InoSMI", "url": "https://inosmi.ru/20210101/1.html"}, False),  # it publishes translations
    ({"outlet": "CNN", "url": "https://edition.cnn.com/2021/01/01/1"}, False),  # it writes in English only
])
def test_a_russian_article_that_renders_english_is_no_quote_s_original(cli, tmp_path, russian_meta, linked):
    # Carried by a Russian channel, and never found in a rendering of English words (whose original is
    # not in the batch).
    assert _found_in_russian_story(cli, tmp_path, "Russian media reported", russian_meta) is linked


def test_a_find_counts_only_when_it_reads_like_the_quote():
    quote = ENGLISH[8]
    rendering = Location(0, len(RUSSIAN[8]), RUSSIAN[8], 0.99, "window")
    unrelated = Location(0, len(RUSSIAN[9]), RUSSIAN[9], 0.99, "window")
    same, other, none = linking.rendering_cosines([quote, quote, quote], [rendering, unrelated, None])
    assert same >= linking.RENDERING_FLOOR > other
    assert none == 0.0


def test_a_short_phrase_found_elsewhere_is_not_its_original(cli, tmp_path):
    # One word's rendering reads alike in many articles: with its source in the batch, a one-word
    # quote's find was right 149 times in 962 on the fit stories, so it is never taken; a sentence is.
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "ru.txt").write_text(article(RUSSIAN, {"date": "2021-05-03"}), encoding="utf-8")
    lines = (*QUOTING[:4], "Critics called the Kazan plans \u201cinconvenient\u201d and the delays \u201crepairs\u201d "
             "in name only.", *QUOTING[4:])
    (corpus / "roads.txt").write_text(article(lines), encoding="utf-8")
    quotes, documents = _quotes_after_run(cli, corpus, tmp_path / "out", "roads.txt")
    assert quotes["Experts warn of serious consequences for traffic at rush hour,"]["original"]["document"] == \
        documents["ru.txt"]["id"]
    for word in ("repairs", "inconvenient"):  # their own words, as for any English quote with no source
        assert quotes[word]["original"]["document"] == documents["roads.txt"]["id"]


@pytest.mark.parametrize(("quote", "cosine", "score", "credible"), [
    ("actions", 0.95, 0.999, False),  # one word: never
    ("serious consequences", 0.80, 0.9, False),
    ("serious consequences", 0.95, 0.99, True),
    ("the work will last at least four months", 0.60, 0.9, True),
    ("the work will last at least four months", 0.60, 0.1, False),  # a doubtful span
    ("the work will last at least four months", 0.50, 0.999, False),  # under RENDERING_FLOOR
])
def test_a_find_is_credible_by_its_length_rendering_and_score(quote, cosine, score, credible):
    assert linking._credible(quote, cosine, score) is credible


def test_a_find_anywhere_in_the_batch_needs_more_than_one_where_the_source_is_said_to_be():
    """The batch-wide search reads mostly quotes with no original in the batch (BATCH_ACCEPT); a
    quote's credit or its report's alignment says the source is in the article searched (SEARCH_ACCEPT)."""
    assert linking._acceptance_odds(2, 0.95, 0.9, linking.SEARCH_ACCEPT) >= 0.0
    assert linking._acceptance_odds(2, 0.95, 0.9, linking.BATCH_ACCEPT) < 0.0
    assert not linking._credible("serious consequences", 0.95, 0.9)


def test_a_quote_near_no_sentence_costs_one_vector_product():
    index = SourceIndex()
    index.add("ru", "\n\n".join(RUSSIAN), "ru")
    assert index.search_many(["Mix the flour and the sugar, then bake for twenty minutes."], "en", k=1) == [[]]
    assert not np.any(index._word_encoded)  # no document word was encoded
    hits = index.search_many(["the work will last at least four months"], "en", k=1)[0]
    assert hits and "четырех месяцев" in hits[0][1].text


def test_a_quote_too_short_for_a_credible_find_is_not_searched():
    # SEARCH_ACCEPT never takes a one-word find, whatever it reads like: searching for one is wasted
    assert not linking._may_be_credible("actions")
    assert linking._may_be_credible("serious consequences")


def test_the_longer_the_quote_the_nearer_a_sentence_must_come_to_be_read():
    def gate(words: int) -> float:
        return linking._gate(linking.SEARCH_GATES, " ".join(["word"] * words))

    first = linking.SEARCH_GATES[0][0]
    assert gate(first - 1) == 0.0  # shorter quotes: locate's own gate
    for start, value in linking.SEARCH_GATES:
        assert gate(start) == value
    assert [gate(n) for n in range(first, 60)] == sorted(gate(n) for n in range(first, 60))


def test_the_shortlist_gates_cover_every_searched_length_in_bands():
    def gate(words: int) -> float:
        return linking._gate(linking.SHORTLIST_GATES, " ".join(["word"] * words))

    starts = [start for start, _ in linking.SHORTLIST_GATES]
    assert starts == sorted(starts) and gate(starts[0] - 1) == 0.0
    for (start, value), end in zip(linking.SHORTLIST_GATES, [*starts[1:], 80], strict=True):
        assert {gate(n) for n in range(start, end)} == {value}


def test_a_caller_can_raise_the_shortlist_gate_per_quote():
    index = SourceIndex()
    index.add("ru", "\n\n".join(RUSSIAN), "ru")
    quote = "the work will last at least four months"
    best = index.shortlist_best([quote], "en")[0]
    assert index.search_many([quote], "en", k=1, shortlist_gates=[best + 0.01]) == [[]]
    assert not index._span_memo._memo  # turned away before any span was encoded
    hits = index.search_many([quote], "en", k=1, shortlist_gates=[best - 0.01])[0]
    assert hits and "четырех месяцев" in hits[0][1].text
    assert index._span_memo._memo


def test_a_caller_can_raise_the_gate_per_quote():
    index = SourceIndex()
    index.add("ru", "\n\n".join(RUSSIAN), "ru")
    quote = "the work will last at least four months"
    assert index.search_many([quote], "en", k=1, cosine_gates=[0.99]) == [[]]
    assert not np.any(index._word_encoded)  # turned away before any word was read
    hits = index.search_many([quote], "en", k=1, cosine_gates=[0.0])[0]
    assert hits and "четырех месяцев" in hits[0][1].text
    assert index.nearest([quote], "en")[0] < 0.99


REPORT = ("Authorities named the price of the \u201cgolden parachute\u201d in Voronezh\n\n"
          "The deputy governor left with a \u201cgolden parachute\u201d of 23 salaries, the press service said. "
          "The \u201cjoke\u201d went on.\n")
SOURCE = ("Власти назвали сумму «золотого парашюта» воронежского замгубернатора\n\n"
          "Заместитель губернатора ушел с «золотым парашютом» в 23 оклада, сообщила пресс-служба.\n")


def _repeat_batch():
    return build_corpus([Document(name, f"{name}.txt", text, "text", "utf-8", DocumentMeta(), LanguageLabel(lang, 1.0))
                         for name, text, lang in (("report", REPORT, "en"), ("source", SOURCE, "ru"))])


def _quoted(phrase: str, nth: int = 0, said: str | None = None, score: float = 0.0,
            method: str = "alignment-projection:reported-source"):
    """The NTH quote of PHRASE in the report, with the words SAID in the source as its original."""
    start = [m.start() + 1 for m in re.finditer(f"\u201c{phrase}\u201d", REPORT)][nth]
    found = None
    if said is not None:
        found = Original(said, "ru", 1.0, "source", SOURCE.index(said), SOURCE.index(said) + len(said))
    return ProvenanceRecord(
        id=f"q{start}", quote=Quote(phrase, QuoteKind.SCARE, "report", start, start + len(phrase)),
        status=Status.ORIGINAL_UNAVAILABLE, signature="", original=found,
        alignment=Alignment(score, method) if found else None)


def test_a_phrase_quoted_again_takes_its_words_where_the_source_says_them_in_the_sentence_it_renders():
    # Only the body's "golden parachute" was placed; the headline's takes the same words, as the
    # source's headline says them.
    records = [_quoted("golden parachute"), _quoted("golden parachute", 1, "золотым парашютом", 0.93),
               _quoted("joke")]
    linked = linking._repeats_linked(records, _repeat_batch())
    assert linked[0].original.text == "золотого парашюта"
    assert SOURCE[linked[0].original.char_start : linked[0].original.char_end] == "золотого парашюта"
    assert linked[0].alignment == Alignment(0.93, "repeated-quote:alignment-projection:reported-source")
    assert linked[1:] == records[1:]  # a placed quote keeps its own; a phrase quoted once has none to take


def test_a_phrase_repeated_from_its_own_document_is_not_an_original():
    # Words published as spoken are their own original: they say nothing of where a repetition came from.
    own = _quoted("golden parachute", 1, "золотым парашютом", 1.0, "published-in-original-language")
    own = replace(own, original=replace(own.original, text="golden parachute", lang="en", document="report",
                                        char_start=own.quote.char_start, char_end=own.quote.char_end))
    records = [_quoted("golden parachute"), own]
    assert linking._repeats_linked(records, _repeat_batch()) == records


@pytest.mark.parametrize(("word", "form", "same"), [
    ("парашютом", "парашюта", True), ("Сириус", "Сириуса", True), ("смертельный", "смертельном", True),
    ("а", "а", True), ("а", "агент", False), ("парашют", "парашютистами", False),
])
def test_a_word_is_matched_in_its_other_inflections_only(word, form, same):
    assert bool(re.fullmatch(linking._inflected(word), form, re.IGNORECASE)) is same


def _story_corpus(cosines: dict[str, tuple[str, float]]):
    """A batch whose documents read as alike as given to the English article "us" (name: (language,
    document cosine))."""
    from types import SimpleNamespace

    order = ["us", *cosines]
    vectors = np.array([[1.0, 0.0]] + [[c, np.sqrt(1.0 - c * c)] for _, c in cosines.values()], dtype=np.float32)
    langs = {"us": "en"} | {name: lang for name, (lang, _) in cosines.items()}
    return SimpleNamespace(order=order, doc_vectors=vectors, doc_vector=lambda name: vectors[order.index(name)],
                           documents={name: SimpleNamespace(lang=lang) for name, lang in langs.items()})


def test_a_quote_that_names_no_foreign_outlet_is_looked_for_only_in_the_few_documents_nearest_its_article():
    above = linking.STORY_FLOOR + 0.01
    russian = {f"ru{n}": ("ru", round(0.95 - 0.05 * n, 2)) for n in range(linking.STORY_DOCUMENTS + 2)}
    corpus = _story_corpus({**russian, "translation": ("ru", 0.99), "english": ("en", 0.98),
                            "far": ("ru", above - 0.02), "last": ("ru", above)})
    searched = set(corpus.order) - linking._other_stories("us", corpus, never=frozenset({"translation"}))
    assert searched == {f"ru{n}" for n in range(linking.STORY_DOCUMENTS)}  # nearest of those it may be searched in
    few = _story_corpus({"ru0": ("ru", 0.6), "far": ("ru", above - 0.02)})
    assert set(few.order) - linking._other_stories("us", few, never=frozenset()) == {"ru0"}  # none under the floor


def test_words_found_across_a_quotation_mark_are_no_rendering():
    from pipeline.link.linking import _across_a_mark
    from pipeline.link.locate import Location

    marked = Location(30, 45, "нацией болванов", 1.0, "sentence")
    assert _across_a_mark(Location(10, 36, "соотечественников \"нацией", 0.9, "span"), marked)
    assert _across_a_mark(Location(40, 50, "болванов\" и", 0.9, "span"), marked)
    assert not _across_a_mark(Location(30, 36, "нацией", 0.9, "span"), marked)  # inside the marks
    assert not _across_a_mark(Location(20, 50, "…", 0.9, "span"), marked)  # holds the whole quotation
    assert not _across_a_mark(Location(0, 20, "…", 0.9, "span"), marked)  # elsewhere


def test_the_corpus_holds_each_sentences_own_vector_whatever_the_encoding_batch(monkeypatch):
    monkeypatch.setattr(corpus_module, "_ENCODE_BATCH", 2)  # the three documents' sentences in two batches
    documents = [Document(name, f"{name}.txt", text, "text", "utf-8", DocumentMeta(), LanguageLabel(lang, 1.0))
                 for name, text, lang in (("report", REPORT, "en"), ("empty", "…", "en"), ("source", SOURCE, "ru"))]
    built = build_corpus(documents)
    for name in ("report", "empty", "source"):
        texts = built.documents[name].sentence_texts()
        expected = encoder.encode(texts).astype(np.float16) if texts else np.zeros((0, encoder.DIMENSIONS))
        assert np.array_equal(built.vectors_of(name), expected.astype(np.float32))
    assert built.vectors.dtype == np.float16
    assert len(built.vectors) == sum(len(document.rows) for document in built.documents.values())

"""A whole run where the original is in the corpus: the English quote is linked to the Russian
words it renders, compared, and flagged when the translation changed a number."""

from __future__ import annotations

from tests.conftest import read_jsonl

RUSSIAN_SOURCE = """---
title: В МИД заявили о готовности к переговорам
url: https://www.kommersant.ru/doc/1234567
outlet: Коммерсантъ
date: 2022-08-18
---
Министерство иностранных дел России в четверг сделало заявление о ситуации вокруг поставок зерна.

«Мы готовы отправить 500 специалистов для восстановления инфраструктуры в течение месяца», — заявил \
директор департамента МИД Петр Ильичев журналистам.

По его словам, переговоры с партнерами продолжатся на следующей неделе в Женеве.

Ранее в ведомстве сообщили, что Россия не будет препятствовать сотрудничеству республик с КНДР.
"""

ENGLISH_ARTICLE = """Moscow Offers Specialists for Reconstruction

The director of the Russian Foreign Ministry's department, Petr Ilichev, told reporters that Moscow \
is ready to help. "We are ready to send 300 specialists to restore the infrastructure within a month," \
Ilichev said.

He added that talks would continue next week.

Original article by Victoria Kolganova. Translated by Anthony V. Rinna.

[1] Source: Foreign Ministry speaks of readiness for talks [В МИД заявили о готовности к переговорам], \
Kommersant, August 18, 2022, https://www.kommersant.ru/doc/1234567
"""


def test_an_english_quote_is_linked_to_its_russian_original_and_flagged(cli, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "original.md").write_text(RUSSIAN_SOURCE, encoding="utf-8")
    (corpus / "article.txt").write_text(ENGLISH_ARTICLE, encoding="utf-8")
    code, _, err = cli("run", corpus, "--out", tmp_path / "out", "--jobs", "1")
    assert code == 0, err
    assert "no machine-translation model present for " in err and "`provenance models pull ru-en`" in err
    documents = {d["id"]: d for d in read_jsonl(tmp_path / "out" / "documents.jsonl")}
    languages = {d["path"].rsplit("/", 1)[1]: d["language"]["lang"] for d in documents.values()}
    assert languages == {"original.md": "ru", "article.txt": "en"}
    records = {r["quote"]["text"]: r for r in read_jsonl(tmp_path / "out" / "records.jsonl")}

    english = records["We are ready to send 300 specialists to restore the infrastructure within a month,"]
    assert english["speaker"] == "Petr Ilichev"
    assert english["citation"]["url"] == "https://www.kommersant.ru/doc/1234567"
    original = english["original"]
    source_text = documents[original["document"]]["text"]
    assert source_text[original["char_start"] : original["char_end"]] == original["text"]
    assert "500 специалистов" in original["text"] and original["lang"] == "ru"
    assert english["alignment"]["method"] == "alignment-projection"  # the article translates the original
    link = documents[english["quote"]["document"]]["translation_of"]
    assert (link["document"], link["method"]) == (original["document"], "stated")
    assert english["machine_translation"] is None
    assert english["status"] == "divergent"
    number_flags = [f for f in english["comparison"]["flags"] if f["kind"] == "number"]
    assert number_flags and number_flags[0]["source_span"]["text"] == "500"

    russian = records["Мы готовы отправить 500 специалистов для восстановления инфраструктуры в течение месяца"]
    assert russian["language"]["lang"] == "ru"
    assert russian["speaker"] == "Петр Ильичев"
    assert russian["original"]["char_start"] == russian["quote"]["char_start"]
    assert russian["status"] == "verified"


RUSSIAN_LONG_QUOTE = """Министр завершил испытания ракеты

Министр обороны в пятницу заявил журналистам на брифинге в Москве: "Мы полностью завершили испытания \
новой ракеты.

Следующий этап начнется в октябре, и мы ожидаем успешных результатов уже до конца года".

Эксперты считают, что программа обойдется бюджету в несколько миллиардов рублей.
"""
ENGLISH_LONG_QUOTE = """Minister completes missile tests

The defence minister told journalists at a briefing in Moscow on Friday: "We have fully completed the \
tests of the new missile.

The next stage will begin in October, and we expect successful results before the end of the year."

Experts believe the programme will cost the budget several billion roubles.

Original article by Ivan Petrov. Translated by Jane Cole.
"""


def test_a_quote_over_two_paragraphs_takes_both_renderings_and_not_the_words_before_it(cli, tmp_path):
    """Its first sentence is one bead with the words that introduce it: the original starts where the
    quote's own words start there, and runs to the end of the second paragraph's rendering."""
    records = _run_pair(cli, tmp_path, RUSSIAN_LONG_QUOTE, ENGLISH_LONG_QUOTE)
    record = next(r for r in records if r["quote"]["text"].startswith("We have"))
    original = record["original"]["text"]
    assert original.startswith("Мы полностью завершили испытания"), original
    assert "до конца года" in original and "Министр обороны" not in original
    assert record["alignment"]["method"] == "alignment-projection"


RUSSIAN_TITLE_IN_MARKS = """Премьера исторической драмы

Фильм "Фаворитка" режиссера Йоргоса Лантимоса выйдет в американских кинотеатрах в ноябре, а российские \
зрители увидят его только в январе.

Картина уже получила несколько наград на осенних кинофестивалях в Европе.
"""
ENGLISH_TITLE_IN_MARKS = """Premiere of a historical drama

The film "The Favourite" by director Yorgos Lanthimos opens in American cinemas in November, and Russian \
audiences will only see it in January.

The picture has already won several awards at autumn film festivals in Europe.

Original article by Ivan Petrov. Translated by Jane Cole.
"""


def test_a_title_in_quotation_marks_takes_the_words_the_sources_marks_hold(cli, tmp_path):
    """The narrowing alone read «а» for "The Favourite"; the source's marks hold «Фаворитка»."""
    records = _run_pair(cli, tmp_path, RUSSIAN_TITLE_IN_MARKS, ENGLISH_TITLE_IN_MARKS)
    record = next(r for r in records if r["quote"]["text"] == "The Favourite")
    assert record["original"]["text"] == "Фаворитка"
    assert record["alignment"]["method"] == "alignment-projection"


def _run_pair(cli, tmp_path, source: str, translation: str) -> list[dict]:
    """A run over a Russian source and its credited English translation: the records."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "source.txt").write_text(source, encoding="utf-8")
    (corpus / "translation.txt").write_text(translation, encoding="utf-8")
    code, _, err = cli("run", corpus, "--out", tmp_path / "out", "--jobs", "1", "--quiet")
    assert code == 0, err
    return read_jsonl(tmp_path / "out" / "records.jsonl")

"""The outlet registry: names, declined Russian forms, domains, platforms (hand-checked)."""

from __future__ import annotations

import pickle
import re

import pytest

from pipeline.quotes.attribute import attribute_all
from pipeline.quotes.extract import extract_quotes
from pipeline.quotes.outlets import credited_to_unnamed_outlet, credits_a_publication, identities, load_registry
from tests.test_attribute import _doc


@pytest.mark.parametrize(
    "name, key",
    [
        ("RIA", "ria-novosti"),
        ("RIA Novosti", "ria-novosti"),
        ("РИА Новости", "ria-novosti"),
        ("ria.ru", "ria-novosti"),
        ("https://ria.ru/20220818/kndr.html", "ria-novosti"),
        ("Коммерсанту", "kommersant"),
        ("https://www.kommersant.ru/doc/5514964", "kommersant"),
        ("Komsomolskaya Pravda", "komsomolskaya-pravda"),
        ("https://www.bbc.com/russian/news-1", "bbc-russian"),
        ("https://www.bbc.com/news/world-1", "bbc"),
        ("Russian Embassy FB", "russian-embassy-dprk-facebook"),
        ("t.me", "telegram"),
        ("Russian state media", "russian-media"),
        ("российских СМИ", "russian-media"),
        ("nonexistent outlet", None),
    ],
)
def test_lookup(name, key):
    found = load_registry().lookup(name)
    assert (found.key if found else None) == key


def test_one_outlet_is_one_identity_by_name_or_address():
    # pairing compares the outlet a report quotes with the outlet of the article it retells
    assert identities(name="Коммерсантъ") == identities(url="https://www.kommersant.ru/doc/1") == {"kommersant"}
    assert identities(name="Kommersant", url="https://www.kommersant.ru/doc/1") == {"kommersant"}
    assert identities(name="  Samara  News ") == identities(name="samara news") == {"samara news"}
    assert identities() == identities(name=" ") == frozenset()


def test_ria_is_one_russian_outlet():
    registry = load_registry()
    assert registry.lookup("RIA") == registry.lookup("ria.ru") == registry.lookup("RIA Novosti")
    assert registry.lookup("RIA").lang == "ru" and registry.lookup("RIA").kind == "agency"


@pytest.mark.parametrize(
    "text, found",
    [
        ("в интервью «Комсомольской правде»", ["Комсомольской правде"]),
        ("сообщил «Известиям» источник", ["Известиям"]),
        ("the diplomat told RIA Novosti.", ["RIA Novosti"]),
        ("the vice president said", []),  # VICE is matched with its capitals only
        ("известия пришли поздно", []),  # one-word Cyrillic names keep their capital letter
        ("posted on Facebook and Telegram", ["Facebook", "Telegram"]),
        ("as The Hill pointed out, the vote on the hill", ["The Hill"]),  # match_case: the outlet only
        ("Salon reported; the salon was closed", ["Salon"]),
        ("Time reported it at the time", ["Time"]),  # the magazine with its capital only
        ("как пишет ИноСМИ со ссылкой на «Инопрессу»", ["ИноСМИ", "Инопрессу"]),  # a capital end is no case ending
    ],
)
def test_mentions(text, found):
    assert [text[s:e] for s, e, _ in load_registry().mentions(text)] == found


def test_every_outlet_is_well_formed():
    kinds = {"agency", "newspaper", "magazine", "broadcaster", "website", "platform", "page", "channel",
             "press"}
    for outlet in load_registry().outlets:
        assert outlet.name and outlet.kind in kinds, outlet.key
        assert outlet.lang is None or len(outlet.lang) == 2, outlet.key
        assert outlet.country is None or len(outlet.country) == 2, outlet.key


def test_only_outlets_that_publish_translations_say_so():
    translating = {outlet.key for outlet in load_registry().outlets if outlet.translates}
    assert translating == {"inosmi", "inopressa"}


def test_each_registry_remembers_its_own_answers(tmp_path):
    # by_name keeps each name's answer: asked again, the same; another registry file answers for itself
    mine = tmp_path / "outlets.toml"
    mine.write_text('[vedomosti-copy]\nname = "Ведомости"\nlang = "ru"\n', encoding="utf-8")
    shipped, other = load_registry(), load_registry(mine)
    assert shipped.by_name("Коммерсанту").key == shipped.by_name("Коммерсанту").key == "kommersant"
    assert other.by_name("Коммерсанту") is None
    assert other.by_name("Ведомостям").key == other.by_name("Ведомостям").key == "vedomosti-copy"
    assert pickle.loads(pickle.dumps(other)).by_name("Ведомостям").key == "vedomosti-copy"


@pytest.mark.parametrize(
    ("text", "credited"),
    [
        ("\u201cThe ruling is fair,\u201d the newspaper wrote.", True),
        ("\u201cThe ruling is fair,\u201d the state news agency reported.", True),
        ("The daily said: \u201cThe ruling is fair.\u201d", True),
        ("According to the paper, \u201cthe ruling is fair.\u201d", True),
        ("\u201cThe ruling is fair,\u201d Kommersant reported.", False),  # named: the outlet is the speaker
        ("\u201cThe ruling is fair,\u201d the Bloomberg news agency reported.", False),
        ("\u201cThe ruling is fair,\u201d the minister said.", False),
        ("\u201cThe ruling is fair,\u201d the paper's editor said.", False),
        ("\u201cThe launch is on schedule,\u201d the agency said.", False),  # a space agency, a ministry
        ("\u201cThe launch is on schedule,\u201d the news agency said.", True),
    ],
)
def test_words_credited_to_a_publication_the_text_does_not_name(text, credited):
    start = text.index("\u201c") + 1
    assert credited_to_unnamed_outlet(text, start, text.index("\u201d")) is credited


def test_a_russian_sentence_that_gives_words_to_a_publication():
    assert credits_a_publication("«Школа ликует», — сообщает местное издание.")
    assert credits_a_publication("Как пишет газета, мост закроют на ремонт.")
    assert credits_a_publication("По данным агентства, мост закроют на ремонт.")
    assert not credits_a_publication("Мост закроют на ремонт, заявил мэр.")


@pytest.mark.parametrize(
    "text, quote, outlet",
    [
        ("«Сделка закрыта», — пишет «Коммерсантъ».", "Сделка закрыта", "Kommersant"),  # named in quotation marks
        (  # called by its kind after it was named
            "Об этом сообщает РИА Новости. По данным агентства, министр назвал ситуацию «катастрофической».",
            "катастрофической",
            "RIA Novosti",
        ),
        (
            "The Washington Post first reported the deal on Monday. “The deal is closed,” the newspaper reported.",
            "The deal is closed,",
            "The Washington Post",
        ),
        (  # another publication, which the registry does not know, named in between
            "The New York Times covered the race. On Friday he told the New York Daily News that she was "
            "“dragging her feet.” The tabloid said he was “the dog that caught the car.”",
            "the dog that caught the car.",
            None,
        ),
        (  # an outlet of another kind
            "Reuters reported the deal on Monday. “The deal is closed,” the newspaper reported.",
            "The deal is closed,",
            None,
        ),
    ],
)
def test_an_outlet_named_in_quotation_marks_or_called_by_its_kind(text, quote, outlet):
    (attribution,) = [a for a in _attributed(text) if a.quote.text == quote]
    assert attribution.outlet == outlet


def test_an_interview_with_someone_else_does_not_go_on_with_the_outlet_before():
    text = (
        "Newt Gingrich spoke to the Chicago Tribune on Thursday.\n\n“Why would I say no to the circus?” he told "
        "the newspaper.\n\n“I regard Donald as an old friend,” Gingrich told O’Reilly."
    )
    first, second = _attributed(text)
    assert (first.outlet, second.outlet) == ("Chicago Tribune", None)


def _attributed(text: str):
    doc = _doc(text, "ru" if re.search("[а-я]", text) else "en")
    return attribute_all(doc, extract_quotes(doc))

"""Attribution over small hand-made documents: each case was checked by reading it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import settings as settings_hypothesis
from hypothesis import strategies as st

from pipeline.core.records import Document, DocumentMeta, Quote, QuoteKind, Relation
from pipeline.quotes.attribute import VERSION, Attribution, attribute, settings
from pipeline.quotes.dialogue import extract_dialogue


def _doc(text: str, lang: str = "en") -> Document:
    return Document("doc", "doc.txt", text, "text", "utf-8", DocumentMeta(lang=lang))


def _quote(doc: Document, words: str, kind: QuoteKind = QuoteKind.DIRECT, depth: int = 0) -> Quote:
    start = doc.text.index(words)
    return Quote(words, kind, doc.id, start, start + len(words), depth=depth)


def _attribute(text: str, *quoted: str, lang: str = "en") -> tuple[Attribution, ...]:
    doc = _doc(text, lang)
    return attribute(doc, [_quote(doc, words) for words in quoted])


@pytest.mark.parametrize(
    "text, quoted, speaker, verb",
    [
        ("“We will not retreat,” Maria Zakharova said.", "We will not retreat,", "Maria Zakharova", "said"),
        ("“We will not retreat,” said Maria Zakharova.", "We will not retreat,", "Maria Zakharova", "said"),
        (
            "Maria Zakharova told reporters: “We will not retreat.”",
            "We will not retreat.",
            "Maria Zakharova",
            "told",
        ),
        (
            "According to John Kirby, the talks were “very productive” this week.",
            "very productive",
            "John Kirby",
            "According to",
        ),
        (
            "“It is over,” Nikolay Parfenov, the head of the Ruza District, told journalists.",
            "It is over,",
            "Nikolay Parfenov",
            "told",
        ),
        ("“It is over,” Nääs said.", "It is over,", "Nääs", "said"),
    ],
)
def test_explicit_attribution(text, quoted, speaker, verb):
    (result,) = _attribute(text, quoted)
    assert (result.speaker, result.verb) == (speaker, verb)
    assert result.chain[0].relation == Relation.SAID_BY and result.chain[0].agent == speaker


def test_role_noun_resolves_to_the_compatible_person_across_paragraphs():
    text = (
        "The view came from Russian Ambassador to North Korea Alexander Matsegora. Later the head of "
        "the republic Denis Pushilin spoke to the press.\n\n“Details should come from Pyongyang,” "
        "the diplomat told RIA Novosti."
    )
    (result,) = _attribute(text, "Details should come from Pyongyang,")
    assert result.speaker == "Alexander Matsegora"
    assert result.role == "Russian Ambassador to North Korea"
    assert result.outlet == "RIA Novosti"
    assert [(h.relation, h.agent) for h in result.chain] == [
        (Relation.SAID_BY, "Alexander Matsegora"),
        (Relation.REPORTED_BY, "RIA Novosti"),
    ]


def test_pronoun_resolves_to_the_last_speaker():
    text = "“We are ready,” Ned Price said.\n\nHe also noted that the deal was a “win for everyone”."
    first, second = _attribute(text, "We are ready,", "win for everyone")
    assert first.speaker == second.speaker == "Ned Price"
    assert second.kind == QuoteKind.PARTIAL  # a few words of a named speaker (DESIGN.md, issue 20 item 6)


def test_surname_alone_resolves_to_the_full_name():
    text = "Ned Price, U.S. State Department spokesperson, spoke on Monday. Price added: “No comment.”"
    (result,) = _attribute(text, "No comment.")
    assert result.speaker == "Ned Price"
    assert result.role == "U.S. State Department spokesperson"


def test_no_speaker_in_the_text_means_unattributed():
    (result,) = _attribute("The banner read “Peace now” and nobody knew who wrote it.", "Peace now")
    assert result.speaker is None and result.chain == () and result.candidates == ()


def test_an_outlet_with_no_person_named_speaks_for_its_own_piece():
    """Issue 20 item 2: the outlet's own piece is said by the outlet, not left unattributed."""
    text = "A piece by the newspaper Izvestia laid out the plan, for example: “Builders will help.”"
    (result,) = _attribute(text, "Builders will help.")
    assert (result.speaker, result.role, result.outlet) == ("Izvestia", "outlet", "Izvestia")
    assert [(h.relation, h.agent) for h in result.chain] == [(Relation.SAID_BY, "Izvestia")]


def test_contradictory_attributions_keep_both_candidates():
    text = "Ivan Petrov said: “We will win,” Anna Ivanova added."
    (result,) = _attribute(text, "We will win,")
    assert result.speaker is None
    assert {c.speaker for c in result.candidates} == {"Ivan Petrov", "Anna Ivanova"}
    assert all(c.evidence for c in result.candidates)


def test_role_noun_with_no_compatible_person_stays_unattributed():
    text = "Igor Korotchenko and Denis Pushilin met.\n\n“It is fine,” the spokesperson said."
    (result,) = _attribute(text, "It is fine,")
    assert result.speaker is None


@pytest.mark.parametrize(
    "text, quoted, kind",
    [
        ("Moscow will not act as a “Cerberus” here.", "Cerberus", QuoteKind.TITLE),
        # a few words said by someone the text names are a partial quote (DESIGN.md, issue 20 item 6)
        ("According to Mr. Ivanov, Moscow will not act as a “Cerberus” here.", "Cerberus", QuoteKind.PARTIAL),
        ("Critics called it a “grave mistake” on Friday.", "grave mistake", QuoteKind.PARTIAL),
        ("The plan was a “grave mistake” from the start.", "grave mistake", QuoteKind.SCARE),
        ("“This is a grave mistake,” Ivan Ivanov said.", "This is a grave mistake,", QuoteKind.DIRECT),
        ("He read the newspaper “Pravda” every day.", "Pravda", QuoteKind.TITLE),
        ("Она читает «Коммерсантъ» каждый день.", "Коммерсантъ", QuoteKind.TITLE),
    ],
)
def test_kind(text, quoted, kind):
    lang = "ru" if any("а" <= ch <= "я" for ch in text) else "en"
    (result,) = _attribute(text, quoted, lang=lang)
    assert result.kind == kind


def test_a_name_in_quotes_has_no_speaker():
    (result,) = _attribute("«Локомотив» проиграл «Зениту», сообщил ТАСС.", "Локомотив", lang="ru")
    assert result.kind == QuoteKind.TITLE and result.speaker is None and result.chain == ()


@pytest.mark.parametrize(
    "text, quoted",
    [
        ("Тренер Карпин назвал игру «Спартака» провалом.", "Спартака"),
        ("Козак оценил посещаемость российского этапа «Формулы-1».", "Формулы-1"),
        ("Майкл Орган сообщил, что полузащитник «Теннесси Стейтс Тигерс» перенес травму.", "Теннесси Стейтс Тигерс"),
    ],
)
def test_a_russian_name_inside_a_speakers_sentence_is_a_name_not_his_words(text, quoted):
    # Russian quotes the names of clubs, races and teams; the speech verb in the sentence is not theirs
    (result,) = _attribute(text, quoted, lang="ru")
    assert result.kind == QuoteKind.TITLE and result.speaker is None


@pytest.mark.parametrize(
    "text, quoted",
    [
        ("Johnson tells MSNBC’s “Morning Joe” that the attempt was successful.", "Morning Joe"),
        ("In an interview on CBS's \"Face the Nation,\" Ryan said police treat minorities fairly.", "Face the Nation,"),
    ],
)
def test_a_title_after_an_outlets_possessive_is_its_programme_not_the_speakers_words(text, quoted):
    (result,) = _attribute(text, quoted)
    assert result.kind == QuoteKind.TITLE and result.speaker is None


@pytest.mark.parametrize(
    "text, quoted",
    [
        ("On this weekend’s broadcast of “Fox News Sunday,” Gov. Mike Pence said he was ready.", "Fox News Sunday,"),
        ("On Tuesday’s episode of “The Morning Show,” the former secretary of state said she would run.",
         "The Morning Show,"),
        ('In his 2002 book, "Make Your Kid a Millionaire," Mr. McKinley suggested saving.',
         "Make Your Kid a Millionaire,"),
        ('She sang the civil rights anthem "A Change Is Gonna Come," and she added the words.',
         "A Change Is Gonna Come,"),
    ],
)
def test_a_show_or_a_work_named_before_its_title_is_a_name_not_the_speakers_words(text, quoted):
    # an American comma inside the marks does not make a title a sentence
    (result,) = _attribute(text, quoted)
    assert result.kind == QuoteKind.TITLE and result.speaker is None


def test_a_sentence_case_quote_after_a_book_and_a_comma_is_still_speech():
    (result,) = _attribute('In his book, "We were wrong about everything," Mr. McKinley wrote.',
                           "We were wrong about everything,")
    assert result.kind == QuoteKind.DIRECT and result.speaker == "McKinley"


def test_a_sentence_after_an_outlets_possessive_is_still_speech():
    text = "Ryan told CBS's “We will not vote for this bill,” on Sunday."
    (result,) = _attribute(text, "We will not vote for this bill,")
    assert result.kind != QuoteKind.TITLE


def test_a_short_capitalised_russian_quote_with_its_attribution_after_it_is_speech():
    (result,) = _attribute("«Все нормально», — сказал Владимир Путин.", "Все нормально", lang="ru")
    assert result.kind == QuoteKind.DIRECT and result.speaker == "Владимир Путин"


@pytest.mark.parametrize(
    "text, quoted",
    [
        ("Министр сказал: «Мы готовы».", "Мы готовы"),  # a role, not a name: still someone speaking
        ("Государь улыбнулся и сказал: «Помню-помню».", "Помню-помню"),
        ('И если кто-нибудь спрашивал меня, я отвечал: "Это моя невеста".', "Это моя невеста"),
    ],
)
def test_a_short_capitalised_russian_quote_after_a_speech_verb_and_colon_is_speech(text, quoted):
    (result,) = _attribute(text, quoted, lang="ru")
    assert result.kind == QuoteKind.DIRECT


@pytest.mark.parametrize(
    "text, quoted",
    [
        ("Он назвал проект так: «Ласточка».", "Ласточка"),  # a verb of naming gives a name
        ("Премьера недели: «Война и мир».", "Война и мир"),  # no speech verb before the colon
    ],
)
def test_a_short_capitalised_russian_quote_after_a_colon_with_no_speech_verb_is_a_name(text, quoted):
    (result,) = _attribute(text, quoted, lang="ru")
    assert result.kind == QuoteKind.TITLE


@pytest.mark.parametrize(
    "text, quoted, speaker, outlet",
    [
        ("«Мы готовы», — заявил Сергей Лавров.", "Мы готовы", "Сергей Лавров", None),
        (
            "«Мы готовы», — сказал министр иностранных дел Сергей Лавров РИА Новости.",
            "Мы готовы",
            "Сергей Лавров",
            "RIA Novosti",
        ),
        (
            "Губернатор Михаил Дегтярев приехал в город.\n\n«Здесь живут хорошие люди», — сказал он.",
            "Здесь живут хорошие люди",
            "Михаил Дегтярев",
            None,
        ),
        (
            "По словам Михаила Дегтярева, это «временные трудности».",
            "временные трудности",
            "Михаил Дегтярев",
            None,
        ),
        ("«Все решено», — сообщил «Известиям» источник в правительстве.", "Все решено", None, "Izvestia"),
    ],
)
def test_russian_attribution(text, quoted, speaker, outlet):
    (result,) = _attribute(text, quoted, lang="ru")
    assert (result.speaker, result.outlet) == (speaker, outlet)


def test_russian_dash_speech_is_attributed():
    doc = _doc("Здесь живут трудолюбивые люди, - поделился Михаил Дегтярев.", "ru")
    quotes = extract_dialogue(doc)
    (result,) = attribute(doc, quotes)
    assert result.quote.text == "Здесь живут трудолюбивые люди"
    assert (result.speaker, result.verb) == ("Михаил Дегтярев", "поделился")


def test_a_quote_whose_closing_mark_comes_paragraphs_later():
    text = "“I was guarding him.\n\nMichael scored a lot.\n\nMy team won anyway,” Andrey Kirilenko added."
    doc = _doc(text)
    start = 1
    quote = Quote(
        text[start : text.index("\n")], QuoteKind.DIRECT, doc.id, start, text.index("\n"), closed=False
    )
    (result,) = attribute(doc, [quote])
    assert result.speaker == "Andrey Kirilenko"
    assert result.candidates[0].rule == "closing-mark-later"


def test_a_nested_scare_quote_is_the_outer_speakers_word():
    text = "“The landfill will ‘settle down’ soon,” Nikolay Parfenov told journalists."
    doc = _doc(text)
    outer = _quote(doc, "The landfill will ‘settle down’ soon,")
    inner = _quote(doc, "settle down", depth=1)
    first, second = attribute(doc, [outer, inner])
    assert first.speaker == second.speaker == "Nikolay Parfenov"
    assert second.kind == QuoteKind.SCARE


def test_one_attribution_per_quote_in_order_and_deterministic():
    text = "“One,” Ivan Ivanov said. “Two,” Anna Petrova said."
    doc = _doc(text)
    quotes = [_quote(doc, "One,"), _quote(doc, "Two,")]
    results = attribute(doc, quotes)
    assert [r.quote for r in results] == quotes
    assert [r.speaker for r in results] == ["Ivan Ivanov", "Anna Petrova"]
    assert attribute(doc, quotes) == results


def test_version_and_settings():
    assert isinstance(VERSION, str) and settings()["version"] == VERSION


@pytest.mark.parametrize(
    "text, quoted, speaker, lang",
    [
        (
            "“The girl was injured,” said the press service of the Ministry of Internal Affairs.",
            "The girl was injured,",
            "press service of the Ministry of Internal Affairs",
            "en",
        ),
        (
            "The Joint Forces Staff posted an update.\n\n“Preparations began,” said the announcement.",
            "Preparations began,",
            "Joint Forces Staff",
            "en",
        ),
        ("«Пострадавших нет», - говорится в заявлении МЧС.", "Пострадавших нет", "МЧС", "ru"),
        (
            "«Пострадавших нет», - сообщили в пресс-службе ГУ МВД.",
            "Пострадавших нет",
            "пресс-служба ГУ МВД",
            "ru",
        ),
    ],
)
def test_organisations_and_their_statements_speak(text, quoted, speaker, lang):
    (result,) = _attribute(text, quoted, lang=lang)
    assert result.speaker == speaker


def test_first_name_lists_are_a_registry():
    from pipeline.quotes.attribute import use_first_names
    from pipeline.quotes.names_en import FIRST_NAME_SOURCES

    assert set(FIRST_NAME_SOURCES) >= {"census", "gender-guesser"}
    with pytest.raises(ValueError, match="unknown first-name list 'nope'; available: census"):
        use_first_names("nope")
    assert settings()["first_names"] == "census"


def test_no_quotes_no_attributions():
    assert attribute(_doc("Nothing quoted here."), []) == ()


_ALPHABET = "abc XYZ Мы сказал — «»“”\"'.,:;\n" + "Ivan Petrov said Дегтярев заявил "


@settings_hypothesis(max_examples=60, deadline=None)
@given(text=st.text(alphabet=_ALPHABET, min_size=1, max_size=200), data=st.data())
def test_any_text_and_spans_give_one_attribution_each(text, data):
    bounds = st.integers(min_value=0, max_value=len(text))
    spans = data.draw(st.lists(st.tuples(bounds, bounds), max_size=4))
    doc = _doc(text, data.draw(st.sampled_from(["en", "ru"])))
    quotes = [
        Quote(text[min(a, b) : max(a, b)], QuoteKind.DIRECT, doc.id, min(a, b), max(a, b)) for a, b in spans
    ]
    results = attribute(doc, quotes)
    assert [r.quote for r in results] == quotes
    assert all(r.speaker is None or r.chain[0].agent == r.speaker for r in results)


def test_an_organisation_before_a_name_does_not_swallow_the_name():
    from pipeline.core.records import Document, DocumentMeta
    from pipeline.quotes.attribute import attribute_all
    from pipeline.quotes.extract import extract_quotes

    text = (
        "«Мы готовы», — заявил директор департамента МИД Петр Ильичев. "
        "«Да», — сказал глава МИД России Сергей Лавров."
    )
    document = Document("d", "p", text, "text", "utf-8", DocumentMeta(lang="ru"))
    found = [(a.speaker, a.role) for a in attribute_all(document, extract_quotes(document))]
    assert found == [("Петр Ильичев", "директор департамента МИД"), ("Сергей Лавров", "глава МИД")]

"""The attribution rules added in VERSION 1.2, each on hand-written sentences (no WMT text)."""

from __future__ import annotations

import pytest

from pipeline.core.records import Document, DocumentMeta, Quote, QuoteKind
from pipeline.quotes.attribute import Attribution, attribute
from pipeline.quotes.extract import extract_quotes
from pipeline.quotes.names_en import english_people
from pipeline.quotes.names_ru import russian_people
from pipeline.quotes.people import find_mentions
from tests.test_attribute import _attribute

_FILLER = "The weather stayed dry and the roads were open all week. " * 8


def test_a_statement_named_again_is_issued_by_the_same_body():
    text = (
        "“The units are ready,” said the announcement of the Northern Command Staff.\n\n"
        f"{_FILLER}Observers of the Security Council took part.\n\n"
        "This will let “the units rest,” the announcement said."
    )
    first, second = _attribute(text, "The units are ready,", "the units rest,")
    assert first.speaker == "Northern Command Staff"
    assert second.speaker == "Northern Command Staff"
    assert second.candidates[0].rule == "after-quote"


def test_a_statement_of_another_name_does_not_inherit_the_issuer():
    text = (
        "“The units are ready,” said the announcement of the Northern Command Staff.\n\n"
        f"{_FILLER}\n\n“Nothing changed,” the report said."
    )
    first, second = _attribute(text, "The units are ready,", "Nothing changed,")
    assert first.speaker == "Northern Command Staff"
    assert second.speaker != "Northern Command Staff"


@pytest.mark.parametrize(
    "text, quoted, speaker, lang",
    [
        (
            "“Nobody was hurt”, reads the statement from the Ministry of Emergency Situations.",
            "Nobody was hurt",
            "Ministry of Emergency Situations",
            "en",
        ),
        (
            "Актер рассказал о съемках.\n\n«Но мы были открыты», — подытожил Иван Петров.",
            "Но мы были открыты",
            "Иван Петров",
            "ru",
        ),
        (
            "“They should handle it,” press secretary Anett Kreitsmann earlier explained to ERR.",
            "They should handle it,",
            "Anett Kreitsmann",
            "en",
        ),
    ],
)
def test_new_speech_words(text, quoted, speaker, lang):
    (result,) = _attribute(text, quoted, lang=lang)
    assert result.speaker == speaker


@pytest.mark.parametrize(
    "text, first, second, lang",
    [
        (
            "Olga Petrova accused the producers of “telling lies”, noting that the main characters are "
            "cooks and the film itself contains “scenes of violence”.",
            "telling lies",
            "scenes of violence",
            "en",
        ),
        (
            'Ольга Петрова обвинила авторов в "пропаганде лжи", отметив, что главные героини работают '
            'поварами, а сам фильм содержит "сцены насилия".',
            "пропаганде лжи",
            "сцены насилия",
            "ru",
        ),
    ],
)
def test_a_second_quote_in_the_same_sentence_has_the_same_speaker(text, first, second, lang):
    results = _attribute(text, first, second, lang=lang)
    assert [r.speaker for r in results] == ["Olga Petrova" if lang == "en" else "Ольга Петрова"] * 2
    # in Russian "отметив" is a gerund: its subject, the sentence's, says the second quote (attribute 2.4)
    assert results[1].candidates[0].rule == ("same-sentence" if lang == "en" else "verb-before")


def test_a_quote_in_the_next_sentence_is_not_inherited():
    text = "Olga Petrova accused the producers of “telling lies”. The new film contains “scenes of violence”."
    first, second = _attribute(text, "telling lies", "scenes of violence")
    assert first.speaker == "Olga Petrova"
    assert second.speaker is None


def test_a_short_sentence_after_a_closed_quote_names_its_speaker():
    text = (
        "“Be careful what you buy!” wrote Nadezhda Orlova.\n\n"
        "“I have seen them buy herbs at the market. I do not trust them.” Larisa Smirnova agreed."
    )
    first, second = _attribute(
        text, "Be careful what you buy!", "I have seen them buy herbs at the market. I do not trust them."
    )
    assert first.speaker == "Nadezhda Orlova"
    assert second.speaker == "Larisa Smirnova"


def test_a_long_sentence_after_a_closed_quote_is_not_its_attribution():
    text = (
        "Residents complained.\n\n“The market is closed.” Larisa Smirnova said the town council would "
        "meet on Monday to discuss the future of the market and its traders."
    )
    (result,) = _attribute(text, "The market is closed.")
    assert result.speaker is None


def test_a_role_before_a_comma_after_that_and_a_stance_verb():
    text = (
        "Earlier it was reported that the public commissioner for families, Olga Petrova, sent a "
        "complaint about the series. The actor John Smith defended it.\n\n"
        "The commissioner was also upset that “the series shows too much violence” to children."
    )
    (result,) = _attribute(text, "the series shows too much violence")
    assert result.speaker == "Olga Petrova"
    assert result.verb == "upset"


def test_an_ombudsman_is_the_commissioner_named_before():
    text = (
        "Ранее общественный уполномоченный по защите семьи Ольга Петрова направила жалобу. "
        "Актер Иван Смирнов с ней не согласился.\n\n"
        'Также омбудсмена возмутило то, что "в сериале много насилия".'
    )
    (result,) = _attribute(text, "в сериале много насилия", lang="ru")
    assert result.speaker == "Ольга Петрова"


@pytest.mark.parametrize(
    "text, quoted, speaker, lang",
    [
        (
            "Psychologist reports: “Ivanov cannot forget his divorce”\n\n"
            "Psychologist Veronika Stepanova spoke about the fighter Alexander Ivanov.",
            "Ivanov cannot forget his divorce",
            "Veronika Stepanova",
            "en",
        ),
        (
            'Психолог: "Иванов до сих пор не может забыть развод с женой".\n\n'
            "Психолог Вероника Степанова рассказала о бойце Александре Иванове.",
            "Иванов до сих пор не может забыть развод с женой",
            "Вероника Степанова",
            "ru",
        ),
        (
            "A former American diplomat called Mike Brown's speech “primitive and ineffective”\n\n"
            "Former US ambassador Daniel Russel said so on Friday.",
            "primitive and ineffective",
            "Daniel Russel",
            "en",
        ),
    ],
)
def test_a_headline_role_is_the_person_named_below(text, quoted, speaker, lang):
    (result,) = _attribute(text, quoted, lang=lang)
    assert result.speaker == speaker


def test_a_headline_role_with_nobody_fitting_below_stays_unattributed():
    text = (
        "A former American diplomat called the speech “primitive and ineffective”\n\n"
        "Mike Brown gave the speech on Thursday."
    )
    (result,) = _attribute(text, "primitive and ineffective")
    assert result.speaker is None


def test_a_person_named_in_the_headline_itself_is_not_the_headline_role():
    text = (
        "Бывший американский дипломат назвал высказывания М. Помпео \"примитивными\"\n\n"
        "Об этом заявил М. Помпео."
    )
    (result,) = _attribute(text, "примитивными", lang="ru")
    assert result.speaker is None  # the diplomat is not Pompeo, whose words he judged


def test_a_label_colon_headline_names_the_speaker():
    (result,) = _attribute("Alexander Ovechkin: “We missed hockey”\n\nThe season resumes.", "We missed hockey")
    assert result.speaker == "Alexander Ovechkin"
    assert result.candidates[0].rule == "label-colon"


def test_the_text_of_a_co_authored_piece_speaks_for_its_authors():
    text = (
        "Foreign policy experts Aaron Miller and Richard Stone named the minister the worst in history.\n\n"
        "CNN published their opinion on Monday.\n\n"
        "“He has become the most partisan minister,” the text says.\n\n"
        "The experts accused the minister of having “debased the office”."
    )
    first, second = _attribute(text, "He has become the most partisan minister,", "debased the office")
    assert first.speaker == "Aaron Miller and Richard Stone"
    assert second.speaker == "Aaron Miller and Richard Stone"  # a plural role: the people named together


def test_a_plural_role_in_russian_is_the_people_named_together():
    text = (
        "Эксперты по международным делам Дэвид Миллер и Ричард Сокольский раскритиковали министра.\n\n"
        'Специалисты обвинили министра в том, что он "политизировал свою должность и унизил ведомство".'
    )
    (result,) = _attribute(text, "политизировал свою должность и унизил ведомство", lang="ru")
    assert result.speaker == "Дэвид Миллер и Ричард Сокольский"


def test_the_text_with_nobody_named_together_is_not_given_an_author():
    text = "CNN published an opinion piece on Monday.\n\n“He has become the most partisan minister,” the text says."
    (result,) = _attribute(text, "He has become the most partisan minister,")
    assert result.speaker is None


def test_a_role_noun_does_not_run_over_a_paragraph_break():
    masked = "It is over, the text says.\n\nThe expert added that the office was debased."
    mentions = find_mentions(masked, "en", english_people(masked))
    roles = [m.text for m in mentions.items if m.kind == "role"]
    assert roles == ["The expert"]
    assert [m.text for m in mentions.items if m.kind == "statement"] == ["the text"]


def test_a_piece_by_an_outlet_is_the_outlets_own_words():
    text = "A piece by the newspaper Izvestia laid out the plan: “Builders will help.”"
    (result,) = _attribute(text, "Builders will help.")
    assert (result.speaker, result.outlet) == ("Izvestia", "Izvestia")


@pytest.mark.parametrize(
    "text, quoted, lang",
    [
        (
            "The government amends the law “On procurement of goods, works and services by certain "
            "types of legal entities and by state companies”.",
            "On procurement of goods, works and services by certain types of legal entities and by state companies",
            "en",
        ),
        (
            'Правительство вносит поправки в закон "О закупках товаров, работ, услуг отдельными видами '
            'юридических лиц и государственными компаниями".',
            "О закупках товаров, работ, услуг отдельными видами юридических лиц и государственными компаниями",
            "ru",
        ),
        ("He is, 'a', my comrade and, 'b', in my party, the governor said.", "a", "en"),
    ],
)
def test_law_titles_and_list_labels_are_names(text, quoted, lang):
    (result,) = _attribute(text, quoted, lang=lang)
    assert result.kind == QuoteKind.TITLE
    assert result.speaker is None


def _attribute_nested(text: str, outer: str, inner: str, lang: str = "en") -> tuple[Attribution, ...]:
    doc = Document("doc", "doc.txt", text, "text", "utf-8", DocumentMeta(lang=lang))
    outer_start, inner_start = text.index(outer), text.index(inner)
    quotes = [
        Quote(outer, QuoteKind.DIRECT, doc.id, outer_start, outer_start + len(outer)),
        Quote(inner, QuoteKind.DIRECT, doc.id, inner_start, inner_start + len(inner), depth=1),
    ]
    return attribute(doc, quotes)


@pytest.mark.parametrize(
    "text, outer, inner, speaker, lang",
    [
        (
            "“I saw cherries at the stall. I ask her, 'Are these from your own garden?' She nods,” "
            "said Tatyana Orlova.",
            "I saw cherries at the stall. I ask her, 'Are these from your own garden?' She nods,",
            "Are these from your own garden?",
            "Tatyana Orlova",
            "en",
        ),
        (
            "«Смотрю, у бабули вишня, спрашиваю: 'Это с вашего огорода?' Она кивает», — рассказала "
            "Татьяна Орлова.",
            "Смотрю, у бабули вишня, спрашиваю: 'Это с вашего огорода?' Она кивает",
            "Это с вашего огорода?",
            "Татьяна Орлова",
            "ru",
        ),
        (
            "“At the stall a woman asks, 'Are these from your own garden?' and nobody answers,” "
            "said Tatyana Orlova.",
            "At the stall a woman asks, 'Are these from your own garden?' and nobody answers,",
            "Are these from your own garden?",
            None,
            "en",
        ),
    ],
)
def test_a_quotation_inside_a_quote_after_a_first_person_speech_verb(text, outer, inner, speaker, lang):
    outer_result, inner_result = _attribute_nested(text, outer, inner, lang)
    assert outer_result.speaker == ("Tatyana Orlova" if lang == "en" else "Татьяна Орлова")
    assert inner_result.speaker == speaker


@pytest.mark.parametrize(
    "text, quoted, speaker, lang",
    [
        (
            "Experts Aaron Miller and Richard Stone criticised the minister.\n\n"
            "According to them, the minister covers up “the blackmail of Ukraine” and more.",
            "the blackmail of Ukraine",
            "Aaron Miller and Richard Stone",
            "en",
        ),
        (
            "Эксперты Дэвид Миллер и Ричард Сокольский раскритиковали министра.\n\n"
            'По их словам, министр прикрывает "шантаж Украины" и многое другое.',
            "шантаж Украины",
            "Дэвид Миллер и Ричард Сокольский",
            "ru",
        ),
    ],
)
def test_according_to_them_is_the_people_named_together(text, quoted, speaker, lang):
    (result,) = _attribute(text, quoted, lang=lang)
    assert result.speaker == speaker


@pytest.mark.parametrize(
    "text, quoted, speaker, lang",
    [
        (
            "An Israeli army drone fell in Lebanon, the Israeli army reported.\n\n"
            "The armed forces said it crashed “during operational activity”.",
            "during operational activity",
            "Israeli army",
            "en",
        ),
        (
            "Беспилотник армии Израиля упал в Ливане.\n\n"
            'Вооруженные силы сообщили, что он рухнул "во время оперативной деятельности".',
            "во время оперативной деятельности",
            "армия Израиля",
            "ru",
        ),
        (
            "A drone fell in Lebanon.\n\nThe armed forces said it crashed “during operational activity”.",
            "during operational activity",
            "armed forces",
            "en",
        ),
    ],
)
def test_a_body_named_by_its_kind_is_the_qualified_body_nearby(text, quoted, speaker, lang):
    (result,) = _attribute(text, quoted, lang=lang)
    assert result.speaker == speaker


@pytest.mark.parametrize(
    "text, quoted, speaker",
    [
        (
            "Папа Римский Франциск приветствовал соглашение.\n\n«Я рад этому шагу к миру», — сказал понтифик.",
            "Я рад этому шагу к миру",
            "Франциск",
        ),
        (
            "На службе выступил патриарх Кирилл.\n\n«Берегите друг друга», — сказал патриарх.",
            "Берегите друг друга",
            "Кирилл",
        ),
    ],
)
def test_a_first_name_alone_after_a_title_is_a_person(text, quoted, speaker):
    (result,) = _attribute(text, quoted, lang="ru")
    assert result.speaker == speaker


def test_a_first_name_alone_without_a_title_is_not_a_person():
    text = "Вчера Франциск приветствовал соглашение.\n\n«Я рад этому шагу к миру», — сказал понтифик."
    (result,) = _attribute(text, "Я рад этому шагу к миру", lang="ru")
    assert result.speaker is None


@pytest.mark.parametrize(
    "text, speaker",
    [
        ("«Мы готовы к переговорам», — считает Петров.", "Петров"),
        ('"Мы готовы к переговорам", - говорит Новикова.', "Новикова"),
    ],
)
def test_a_lone_surname_after_the_dash_and_verb_is_the_speaker(text, speaker):
    (result,) = _attribute(text, "Мы готовы к переговорам", lang="ru")
    assert (result.speaker, result.kind) == (speaker, QuoteKind.DIRECT)


@pytest.mark.parametrize(
    "text, speaker",
    [
        ("«Мы готовы к переговорам», — сказал Шваб.", "Шваб"),  # a word the dictionary knows otherwise
        ("Вчера Роднянский говорит, что «Мы готовы к переговорам».", "Роднянский"),
        ("Утром Бекмамбетов, хитро улыбаясь, замечает: «Мы готовы к переговорам».", "Бекмамбетов"),
        ("Президент Путин осенью заявил: «Мы готовы к переговорам».", "Путин"),
        ("Вчера министр Лавров сказал: «Мы готовы к переговорам».", "Лавров"),  # not Лавр's plural
        ("По мнению Ирины, «Мы готовы к переговорам».", "Ирина"),
    ],
)
def test_a_lone_name_where_a_speech_verb_puts_its_speaker(text, speaker):
    (result,) = _attribute(text, "Мы готовы к переговорам", lang="ru")
    assert result.speaker == speaker


def test_a_sentence_opening_word_before_a_speech_verb_must_look_like_a_surname():
    (result,) = _attribute("Шваб говорит, что «Мы готовы к переговорам».", "Мы готовы к переговорам", lang="ru")
    assert result.speaker is None


def test_a_lone_word_after_the_dash_and_verb_is_a_person_only_when_it_may_be_a_surname():
    people = russian_people("«…», — говорит Москва. «…», — говорит Писеев. «…», — говорит Новикова.")
    assert [m.person.name for m in people] == ["Писеев", "Новикова"]


def test_the_name_after_a_comma_and_said_speaks_not_the_one_before():
    text = "Polls favour the senator. “It will be a challenge” for Anna Petrova, said Ivan Ivanov, a pollster."
    (result,) = _attribute(text, "It will be a challenge")
    assert result.speaker == "Ivan Ivanov"


def test_a_participle_after_the_quote_belongs_to_its_clause_subject():
    text = "“Keep your hands in sight,” Anna Petrova sings to Ivan Ivanov before asking him, “Where do we go?”"
    first, second = _attribute(text, "Keep your hands in sight,", "Where do we go?")
    assert first.speaker == "Anna Petrova"


@pytest.mark.parametrize(
    "text, quoted, speaker",
    [
        ("The ACU said the vote was “a betrayal.”", "a betrayal.", "ACU"),
        # the start of a longer name, and a word of a headline in capitals, are no bodies
        ("A former UC Global employee recalled that “the cameras were new.”", "the cameras were new.", None),
        ("HOW IT WORKS\n\n“We are ready,” the team said.", "We are ready,", None),
    ],
)
def test_an_acronym_is_a_body_only_standing_alone(text, quoted, speaker):
    (result,) = _attribute(text, quoted)
    assert result.speaker == speaker


@pytest.mark.parametrize(
    "text, quoted, speaker",
    [
        ("В Кремле заявили, что «ответ будет симметричным».", "ответ будет симметричным", "Кремль"),
        ("В пресс-службе губернатора сообщили, что «работы продолжаются».", "работы продолжаются",
         "пресс-служба губернатора"),
        ("Как заявили в Министерстве образования, «экзамены пройдут в срок».", "экзамены пройдут в срок",
         "Министерство образования"),
        # its adjectives agree with its noun, and keep the writer's е for ё
        ("«Учения прошли успешно», — сообщили в Вооруженных силах Армении.", "Учения прошли успешно",
         "Вооруженные силы Армении"),
        ("По данным пресс-службы Кремля, встреча «прошла в рабочем режиме».", "прошла в рабочем режиме",
         "пресс-служба Кремля"),
        # a capitalised adjective, and those after it, name the body with its noun; "этом" does not
        ("«Решение окончательное», — заявили в Главном следственном управлении.", "Решение окончательное",
         "Главное следственное управление"),
        ("«Решение принято», — сообщили в этом министерстве.", "Решение принято", "министерство"),
    ],
)
def test_a_russian_body_where_it_spoke_is_the_speaker_in_the_nominative(text, quoted, speaker):
    (attribution,) = _attribute(text, quoted, lang="ru")
    assert (attribution.speaker, attribution.role) == (speaker, "organisation")


def _extracted(text: str, lang: str) -> tuple[Attribution, ...]:
    doc = Document("doc", "doc.txt", text, "text", "utf-8", DocumentMeta(lang=lang))
    return attribute(doc, extract_quotes(doc))


@pytest.mark.parametrize(
    "text, speaker",
    [
        # A short capitalised quote followed by a dash and a speech verb is speech, not a title.
        ("«Мы продолжим работу», — говорится в обращении Немцова.", "Немцов"),
        # The author's words between two dashes inside the marks say who speaks.
        ("«Траншею копали сами, — говорит Апраушев, — наплевал я на запреты».", "Апраушев"),
        ("«Мы не будем, — сказал Песков журналистам, — это комментировать».", "Песков"),
        # ... and so do they where a quotation left unclosed ends with them.
        ("Матч закончился поражением.\n\n«Он вышел к боковой линии и просто рухнул там, — сказал Рид.\n\n"
         "Врачи дали ему кислород.", "Рид"),
        # An appositive of a role and a body's long name between the name and the verb.
        ("Графиня Уварова, многолетний председатель Московского археологического общества, говорила: "
         "«Археология — наука людей богатых».", "Уварова"),
    ],
)
def test_russian_speech_frames_name_their_speaker(text, speaker):
    (attribution,) = _extracted(text, "ru")
    assert (attribution.kind, attribution.speaker) == (QuoteKind.DIRECT, speaker)


@pytest.mark.parametrize(
    "text, speaker",
    [
        ("Председатель комитета Андрей Исаев считает, что «закон нужен».", "Андрей Исаев"),
        ("Директор департамента Петр Ильичев сказал: «Это важно».", "Петр Ильичев"),
    ],
)
def test_a_russian_body_noun_before_a_name_is_the_role_not_part_of_the_name(text, speaker):
    (attribution,) = _extracted(text, "ru")
    assert attribution.speaker == speaker


def test_a_russian_body_name_does_not_run_on_over_a_preposition():
    (attribution,) = _extracted("«Информации нет», — говорится в сообщении армии Израиля в Twitter.", "ru")
    assert attribution.speaker == "армия Израиля"


def test_a_russian_name_in_quotation_marks_with_no_speech_verb_stays_a_title():
    attributions = _extracted("Игроки «Спартака» вышли на поле.", "ru")
    assert [a.kind for a in attributions] == [QuoteKind.TITLE]


# --- attribute 2.4: Russian role nouns, "по его словам", subjects after their verb, foreign names ---


@pytest.mark.parametrize(
    "text, speaker",
    [
        # A role noun with no name is the one the story was just talking about, whatever role it gave.
        ("Льюис Хэмилтон пошутил.\n\nВладимир Путин засмеялся в ответ.\n\n«Все нормально», — сказал российский лидер.",
         "Владимир Путин"),
        ("Бизнесмен Илон Маск отказался от своих планов.\n\n«Я ничего не нарушил», — сказал бизнесмен.",
         "Илон Маск"),
        # The pronoun inside "по его словам" is the one whose words they are.
        ("Андрей Марочко заявил, что новобранцев не хватает.\n\nПо его словам, Киев планирует "
         "«хоть как-то доукомплектовать подразделения».", "Андрей Марочко"),
        # The subject may follow its verb, with other words before the colon that opens the quote.
        ("Об этом заявил министр Сергей Лавров, выступая в ООН: «Ситуация стала стабильнее».", "Сергей Лавров"),
        ("Как отмечает корреспондент Карлос Марласка, фильм понравился, «но жюри удивило всех».",
         "Карлос Марласка"),
        # A social-media user named by their handle.
        ("«Выше нос и иди дальше», — написала @kreszentia_f.", "@kreszentia_f"),
        # Two capitalised words the dictionary does not read as a name, where the speaker stands.
        ("«У них было преимущество», — сказал Джордан Спит.", "Джордан Спит"),
        # Imperfective speech verbs.
        ("Игорь Акинфеев провел матч.\n\n«Я готов», — отвечает он.", "Игорь Акинфеев"),
        # Where a comma closes what stands before the verb, the clause's first person is its subject.
        ("Профессор Джей Берзофски, Национальный институт рака, Вифезда, штат Мэриленд, утверждает: "
         "«Результаты обнадеживают».", "Джей Берзофски"),
        # The paragraph right after the sentence that said who spoke goes on, however long that sentence.
        ("«Пришлось переключить на детские программы», — сказал Дейв Шварц, старший вице-президент "
         "Bellator по маркетингу и коммуникациям, когда его спросили о том, почему это произошло.\n\n"
         "«Да, мультфильмы.»", "Дейв Шварц"),
        # Translated news keeps English courtesy titles.
        ("«Мы не сдадимся», — заявил г-н Боун.", "Боун"),
        ("Миссис Дэвис говорит: «Я не перестаю бояться».", "Дэвис"),
        # A quote after a colon with no speech verb before it: the sentence's subject said it.
        ("Г-н Боун отклонил предположения о том, что общественное мнение изменилось после голосования "
         "2016 года: «Идея о том, что британцы изменили свое мнение, не соответствует действительности».",
         "Боун"),
        # A known first name alone before a speech verb, opening its sentence.
        ("Мартин добавляет: «Важно не только наличие финансов».", "Мартин"),
        # A surname without its Arabic article is the same person.
        ("Министр Валид аль-Муаллем выступил в ООН.\n\nМуаллем настаивает на том, что «война почти "
         "закончена».", "Валид аль-Муаллем"),
        # A gerund's subject is the sentence's, before any quote in it.
        ("Бывший глава МИД Борис Джонсон раскритиковал план «Шашки» в рамках Брексита, заявив, что считает "
         "пошлины «абсолютно нелепыми».", "Борис Джонсон"),
    ],
)
def test_russian_speakers_of_attribute_2_4(text, speaker):
    attributions = _extracted(text, "ru")
    assert attributions[-1].speaker == speaker


@pytest.mark.parametrize(
    "text, speaker",
    [
        # "Найджел" is no vocative of Найджела: a man, so "он" can be him.
        ("Найджел Фараж поклялся бороться.\n\nЛидер партии Питер Боун выступил в Бирмингеме.\n\n"
         "Г-н Фараж сказал, что если политики собираются предать решение, их надо остановить.\n\n"
         "«Это теперь вопрос доверия», — говорит он.", "Найджел Фараж"),
        # A headline's 'Name: «…»' is speech, however short and capitalised the quote.
        ("Джек Росс: «Моя конечная цель — управлять Шотландией»\n\nБосс клуба говорит о сборной.",
         "Джек Росс"),
        # A short capitalised quote alone in the paragraph after X's quote: X goes on.
        ("«Мы должны сделать это сейчас», — говорит Тим Бернерс-Ли.\n\n«Это исторический момент».",
         "Тим Бернерс-Ли"),
        # A lord is titled like a mister.
        ("Член Лейбористской партии лорд Адонис критиковал консерваторов.\n\n«Это один сплошной фарс», "
         "— добавил он.", "Адонис"),
        # "ответственность" is no speech verb, "вспоминает" is; "г-на Фаража" is nobody's subject.
        ("Мистер Боун сказал на митинге, что хочет победить.\n\nОн предложил, чтобы г-на Фаража назначили и "
         "возложили на него ответственность за переговоры.\n\n«Если бы он был ответственным, мы бы уже вышли».",
         "Боун"),
        # The subject before the verb is not the title's oblique name before it.
        ("Андреа Дженкинс выступила на митинге.\n\nВ своем резком обращении к г-же Мей она добавила: "
         "«Премьер-министры остаются на своей работе»", "Андреа Дженкинс"),
        ("Джек Росс утверждает, что чувствует себя комфортно.\n\n«Вероятно, это был настоящий перекресток», — "
         "вспоминает он свою работу.", "Джек Росс"),
    ],
)
def test_russian_speakers_of_attribute_2_5(text, speaker):
    assert _extracted(text, "ru")[-1].speaker == speaker


def test_a_quote_ending_with_a_nested_quote_continues_like_any_other():
    text = (
        "«Это вопрос доверия», — говорит Фараж.\n\n«Они пытаются предать Brexit, чтобы сказать им: "
        "“Мы не спустим вам это с рук”»."
    )
    doc = Document("doc", "doc.txt", text, "text", "utf-8", DocumentMeta(lang="ru"))
    attributions = attribute(doc, extract_quotes(doc), rules_only=True)
    assert [(a.speaker, a.candidates[0].rule) for a in attributions if a.quote.depth == 0] == [
        ("Фараж", "after-quote"),
        ("Фараж", "continuation"),
    ]


def test_a_headline_label_does_not_make_a_quoted_name_in_a_paraphrase_speech():
    text = "Александр Овечкин: «Вашингтон» соскучился по хоккею\n\nНападающий признался, что ждет сезона."
    (result,) = _extracted(text, "ru")
    assert result.kind == QuoteKind.TITLE and result.speaker is None


def test_a_russian_plural_role_is_never_one_person():
    text = (
        "Глава ЦБ Эльвира Набиуллина выступила.\n\n"
        "Взгляд банка стал оптимистичнее, считают экономисты «Ренессанс Капитала»."
    )
    assert _extracted(text, "ru")[-1].speaker is None


@pytest.mark.parametrize(
    "text, name",
    [
        ("Илон Маск заявил, что уходит.", "Илон Маск"),  # not "Илоны Маск", Илона's plural
        ("Барбра Стрейзанд заявила, что уходит.", "Барбра Стрейзанд"),
        ("Министр Валид аль-Муаллем заявил, что уходит.", "Валид аль-Муаллем"),
        ("Урсула фон дер Ляйен заявила, что уходит.", "Урсула фон дер Ляйен"),
    ],
)
def test_a_foreign_name_keeps_its_form(text, name):
    assert [m.person.name for m in russian_people(text)] == [name]


def test_a_name_after_a_preposition_is_no_subject():
    """"с Розенштейном, она ответила": the answer is hers, though the dictionary does not know the
    surname's case and the text never writes its nominative."""
    text = (
        "Пресс-секретарь Сара Сандерс выступила в воскресенье. Встреча с заместителем генерального "
        "прокурора Робертом Розенштейном отложена.\n\nКогда ей задали вопрос о встрече с Розенштейном, "
        "она ответила: «Дата этой встречи пока не назначена»."
    )
    assert _extracted(text, "ru")[-1].speaker == "Сара Сандерс"


def test_a_sentence_opening_preposition_is_not_a_name():
    assert russian_people("По сообщениям полиции, никто не пострадал.") == []


def test_a_foreign_first_name_does_not_say_the_gender():
    (mention,) = russian_people("Уилл Уэйд заявил, что уходит.")
    assert mention.person.gender is None  # pymorphy reads "Уилл" as a woman's name in the plural


@pytest.mark.parametrize(
    "text",
    ["после инцидента", "последствия решения", "судьба страны", "судебно-медицинской экспертизы", "сотрудничество"],
)
def test_words_that_begin_like_a_russian_role_name_none(text):
    from pipeline.quotes.roles import RU_ROLE_NOUN

    assert RU_ROLE_NOUN.search(text) is None


def test_russian_roles_with_those_beginnings_are_still_roles():
    from pipeline.quotes.roles import RU_ROLE_NOUN

    roles = ["посол", "послу", "эксперт", "сотрудник", "владелец", "судья"]
    assert [m.group() for m in RU_ROLE_NOUN.finditer(", ".join(roles))] == roles



@pytest.mark.parametrize(
    ("text", "people"),
    [
        # a known first name
        ("Как сказал Donald Trump, «всё хорошо».", [("Donald Trump", "Donald Trump")]),
        # the Latin spelling of someone the text names in Cyrillic is that person
        ("Посол Терри Бранстад выступил. Китай, пишет Branstad, «удваивает травлю».",
         [("Терри Бранстад", "Терри Бранстад"), ("Branstad", "Терри Бранстад")]),
        ("Об этом сообщил Ричард Баучер (Richard Boucher).",
         [("Ричард Баучер", "Ричард Баучер"), ("Richard Boucher", "Ричард Баучер")]),
        # with no role to say it is a person, a Latin name after the verb is more often a body's
        ("«Нет», — сообщает Anadolu.", []),
    ],
)
def test_names_left_in_latin_script_in_russian_text(text, people):
    assert [(m.text, m.person.name) for m in russian_people(text)] == people


def test_a_latin_run_that_goes_on_is_part_of_a_longer_name_not_a_person():
    found = russian_people("«Да», — сказала посол Power of Nutrition Трейси Уллман.")
    assert [m.text for m in found] == ["Трейси Уллман"]


def test_a_role_between_the_dash_verb_and_a_latin_name_makes_it_the_speaker():
    (mention,) = russian_people("«Число жертв растет», — говорит представитель агентства Sutopo Purwo Nugroho.")
    assert (mention.person.name, mention.person.role) == ("Sutopo Purwo Nugroho", "представитель агентства")
    (mention,) = russian_people("«Число жертв растет», — говорит представитель агентства Брайс Уэлдон.")
    assert mention.person.name == "Брайс Уэлдон"


@pytest.mark.parametrize(
    "text, quoted, speaker, outlet",
    [
        # an outlet between the dash's verb and a name was told the words; the name said them
        ("Инцидент произошел утром. «Мы продолжим работу», — заявил ТАСС Петров.", "Мы продолжим работу",
         "Петров", "TASS"),
        ("Инцидент произошел утром. «Мы продолжим работу», — сказал агентству Reuters Иванов.",
         "Мы продолжим работу", "Иванов", "Reuters"),
        ("Инцидент произошел утром. «Ноги были в крови», — рассказал газете Guiyang Evening News Ву, его брат.",
         "Ноги были в крови", "Ву", None),
        # with no name after it, the outlet still says them
        ("Инцидент произошел утром. «Мы продолжим работу», — сообщил ТАСС.", "Мы продолжим работу", "TASS", "TASS"),
    ],
)
def test_an_outlet_told_the_words_between_the_verb_and_the_speaker(text, quoted, speaker, outlet):
    (result,) = _attribute(text, quoted, lang="ru")
    assert (result.speaker, result.outlet) == (speaker, outlet)


def test_by_information_of_a_body_names_its_source_but_leaves_a_quoted_name_a_name():
    (result,) = _attribute("Встреча может быть «перенесена на другую неделю», по информации Белого дома.",
                           "перенесена на другую неделю", lang="ru")
    assert result.speaker == "Белый дом"
    text = "По информации источника, футболист пройдет медосмотр для «Локомотива» и подпишет контракт."
    (result,) = _attribute(text, "Локомотива", lang="ru")
    assert result.kind is QuoteKind.TITLE

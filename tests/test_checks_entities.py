"""Names check, transliteration and the gazetteer: hand-checked cases (sentences written for these tests)."""

import pytest

from pipeline.checks import entities, gazetteer, names
from pipeline.checks.text import tokens
from pipeline.text.translit import same_name, skeleton, transliterate


def found(source, target):
    return [(c.source_span and c.source_span.text, c.target_span and c.target_span.text)
            for c in entities.candidates(source, target)]


@pytest.mark.parametrize(
    ("russian", "english"),
    [
        ("Дегтярева", "Degtyarev"),
        ("Хабаровского", "Khabarovsk"),
        ("Вашингтон", "Washington"),
        ("Трамп", "Trump"),
        ("Александру", "Alexander"),
        ("Джон", "John"),
        ("Руанды", "Rwanda"),
        ("Остине", "Austin"),
        ("Щукин", "Shchukin"),
        ("Цыганкова", "Tsygankov"),
    ],
)
def test_same_name_across_romanisations(russian, english):
    assert same_name(russian, english)


@pytest.mark.parametrize(
    ("russian", "english"),
    [
        ("Дегтярев", "Smirnov"),
        ("Трамп", "Biden"),
        ("Лукашенко", "Lukoil"),
        ("Москве", "Minsk"),
        ("Киев", "Kirov"),
        ("Сандерс", "Sunday"),  # two more consonants, but no case ending's
    ],
)
def test_different_names_do_not_match(russian, english):
    assert not same_name(russian, english)


def test_transliteration_and_skeleton():
    assert transliterate("Щукин Жора") == "Shchukin Zhora"
    assert skeleton("Хабаровск") == skeleton("Khabarovsk") == "hbrvsk"


def test_gazetteer_parse_and_match():
    entries = gazetteer.parse(
        ["# comment", "ДНР\tDPR|Donetsk People's Republic\torg", "москв\tMoscow\tplace", ""]
    )
    dnr, moscow = entries
    assert dnr.is_acronym and dnr.matches_russian("ДНР") and not dnr.matches_russian("ДН")
    assert moscow.matches_russian("Москвы") and moscow.matches_russian("Москве")
    assert not moscow.matches_russian("Москворецкий")
    assert dnr.found_in_english("fighters of the DPR said").group() == "DPR"
    assert dnr.found_in_english("the dpr") is None  # acronym forms are case-sensitive


def test_gazetteer_rejects_a_malformed_line():
    with pytest.raises(ValueError, match="x.tsv:1: expected"):
        gazetteer.parse(["no tab here"], "x.tsv")


def test_shipped_gazetteer_has_the_required_entries():
    for word, form in (("ДНР", "DPR"), ("КНДР", "North Korea"), ("ООН", "UN"), ("США", "United States")):
        assert any(form in entry.en for entry in gazetteer.entries_for(word)), word


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("Об этом заявил Михаил Дегтярев.", "Mikhail Degtyarev said this."),
        ("Представитель ДНР выступил в ООН.", "A DPR representative spoke at the UN."),
        ("Делегация КНДР прибыла в Москву.", "A North Korean delegation arrived in Moscow."),
        ("Об этом сообщили в МВД России.", "The Russian Interior Ministry reported this."),
        ("Посол США встретился с министром.", "The US ambassador met the minister."),
        # pairs the learned transliteration joins (no rule was written for х = x or г = h)
        ("Выборы в Техасе прошли спокойно.", "The elections in Texas went calmly."),
        ("Он учился в Гарварде.", "He studied at Harvard."),
        # a mined gazetteer entry: Китай is not a transliteration of China
        ("Власти Китая ответили.", "The authorities of China answered."),
    ],
)
def test_names_with_counterparts_raise_no_candidate(source, target):
    assert entities.candidates(source, target) == []


def test_swapped_name_is_flagged_on_both_sides():
    source = "Об этом заявил Михаил Дегтярев."
    target = "Mikhail Smirnov said this."
    (candidate,) = entities.candidates(source, target)
    (flag,) = entities.check(source, target)
    assert flag == candidate.flag()
    assert flag.kind == "entity"
    assert flag.source_span.text == "Дегтярев" == source[flag.source_span.start : flag.source_span.end]
    assert flag.target_span.text == "Smirnov" == target[flag.target_span.start : flag.target_span.end]
    assert flag.detail == "'Дегтярев' in the original, 'Smirnov' in the translation"


def test_dropped_name_is_a_candidate_on_the_source_side():
    assert found("Об этом заявил губернатор Дегтярев.", "This was said.") == [("Дегтярев", None)]


def test_russian_names_skip_sentence_initial_common_words():
    names = [t.text for t in entities.russian_names("Вчера Путин встретился с Лукашенко в ООН.")]
    assert names == ["Путин", "Лукашенко", "ООН"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Лазарев уточнил, что изменил диету.", ["Лазарев"]),  # not a common word: a name, first or not
        ("Сейнсбери планирует покорить рынок.", ["Сейнсбери"]),
        ("Несмотря на это, Гайлз заметил.", ["Гайлз"]),
        ("Локомотив намерен продать звезду.", []),  # a common word at the start: nothing says it is a name
    ],
)
def test_a_sentence_may_start_with_a_russian_name(text, expected):
    assert [t.text for t in entities.russian_names(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lazarev confirmed that he changed his diet.", ["Lazarev"]),
        ("Sainsbury's plans push into UK beauty market", ["Sainsbury", "UK"]),
        ("According to Giles, it is.", ["Giles"]),
        ("Meanwhile, Texas voted.", ["Texas"]),  # "Meanwhile" is a common word; Texas inside the sentence
        ("Thereafter it rained.", []),
    ],
)
def test_a_sentence_may_start_with_an_english_name_too_rare_to_be_a_common_word(text, expected):
    assert [t.text for t in entities.english_names(text)] == expected


def test_a_name_swapped_at_the_start_of_both_sentences_is_a_candidate():
    source = "Лазарев уточнил, что изменил диету."
    assert entities.candidates(source, "Lazarev confirmed that he changed his diet.") == []
    (pair,) = entities.candidates(source, "Smirnov confirmed that he changed his diet.")
    assert (pair.source_span.text, pair.target_span.text) == ("Лазарев", "Smirnov")


def test_a_surname_the_dictionary_spreads_over_many_readings_is_a_name():
    """pymorphy3 gives "Трамп" nine surname readings of 0.11 each (and the common noun "трамп" none of
    its own above them): together they make a name, so a swap for another name is flagged."""
    names = [t.text for t in entities.russian_names("Почему президент Трамп отказался от претензий?")]
    assert names == ["Трамп"]
    flags = entities.check("Почему президент Трамп отказался от претензий?", "Why has President Kavanaugh given up?")
    assert [(f.source_span.text if f.source_span else None) for f in flags] == ["Трамп"]


def test_a_word_beside_part_of_a_hyphenated_name_is_excused_only_when_it_could_render_the_rest():
    """"Island" beside "Long" renders Айленд of Лонг-Айленд (the learned transliteration scores the pair
    0.93, short of a match); "Montgomery" beside "Long" is no Лартин."""
    source, target = "Они поехали на Лонг-Айленд.", "They went to Long Island."
    assert [left.token.text for left in entities.unmatched(source, target)[1]] == ["Island"]
    assert entities.candidates(source, target) == []
    swapped = entities.candidates("В тюрьме Лонг-Лартин беспорядки.", "There is disorder at Long Montgomery prison.")
    assert [c.target_span.text for c in swapped if c.target_span] == ["Montgomery"]


def test_a_capitalised_word_inside_a_sentence_is_a_name_even_where_the_dictionary_knows_a_common_word():
    """"Заев" reads as a verb form (having eaten): capitalised inside the sentence, it is the surname."""
    names = [t.text for t in entities.russian_names("Премьер-министр Зоран Заев выступил в Скопье.")]
    assert "Заев" in names
    swapped = entities.candidates("Премьер-министр Зоран Заев выступил в Скопье.",
                                  "Prime Minister Zoran Graham spoke in Skopje.")
    assert ("Заев", "Graham") in [(c.source_span and c.source_span.text, c.target_span and c.target_span.text)
                                  for c in swapped]


def test_a_russian_name_is_spelled_only_by_an_english_word_written_as_a_name():
    """The consonants of "Хаммел" begin with those of "him", and "Палу" has those of "people"."""
    target = "Police told him that people had gathered."
    for name in ("Хаммел", "Палу"):
        assert names.counterpart_token(tokens(name)[0], target, tokens(target), use_gazetteer=True) is None
    target = "Police told Hammel that people had gathered in Palu."
    spelled = [names.counterpart_token(tokens(name)[0], target, tokens(target), use_gazetteer=True).text
               for name in ("Хаммел", "Палу")]
    assert spelled == ["Hammel", "Palu"]


def test_an_english_name_is_spelled_only_by_a_russian_word_that_can_render_a_name():
    """"Pravda" is spelled like "провел" (a verb): no verb renders a name. A noun or an adjective can,
    in lower case too."""

    def known(word: str, original: str) -> bool:
        return names.english_known(tokens(word)[0], tokens(original), use_gazetteer=True)

    assert not known("Pravda", "В прошлом сезоне он провел 30 матчей.")
    assert known("Pravda", "Об этом пишет газета «Правда».")
    assert known("Muscovites", "Москвичи вышли на улицы, и москвичи пели.")
    assert [left.token.text for left in entities.unmatched("В прошлом сезоне он провел 30 матчей.",
                                                            "Last season Pravda played 30 matches.")[1]] == ["Pravda"]


def test_a_capitalised_russian_adjective_inside_a_sentence_is_a_name():
    names = [t.text for t in entities.russian_names("Певец отдыхает в Тверской области, а не в столичной.")]
    assert names == ["Тверской"]


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        ("Певец отдыхает в городе Тверской области.", "The singer is on vacation in a Tver Region town.", []),
        ("Певец отдыхает в городе Тверской области.", "The singer is on vacation in a Baltic Region town.",
         [("Тверской", "Baltic")]),
    ],
)
def test_a_place_named_by_an_adjective_needs_its_counterpart(source, target, expected):
    assert found(source, target) == expected


def test_english_possessive_is_stripped():
    names = [t.text for t in entities.english_names("He praised Russia's navy.")]
    assert names == ["Russia"]


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("Об этом пишет СЭ.", "Sport-Express writes this."),
        ("Гонка серии РСКГ прошла в Казани.", "The RCRS race took place in Kazan."),
    ],
)
def test_acronyms_match_initials_or_an_english_acronym(source, target):
    assert entities.candidates(source, target) == []


@pytest.mark.xfail(strict=True, reason="known regression of the learned decision (issue 18): the injections it is "
                   "fitted on swap names but never drop one, so a dropped person scores 0.58-0.69 against the names "
                   "threshold 0.9; needs a drop-a-name injection and a refit")
def test_a_lost_place_alone_is_not_flagged_but_a_lost_person_is():
    (place,) = entities.candidates("Он вернулся в Хабаровск.", "He came back.")
    assert place.features["original_place"] == 1.0
    assert entities.check("Он вернулся в Хабаровск.", "He came back.") == ()
    flags = entities.check("Об этом сказал Анатолий Цыганков.", "This was said.")
    assert [(f.source_span.text, f.target_span) for f in flags] == [("Анатолий", None), ("Цыганков", None)]


@pytest.mark.parametrize(
    ("source", "target"),
    [
        # a person named on one side, a pronoun or a role in its place on the other
        ("Об этом сказал Анатолий Цыганков.", "He said this."),
        ("Об этом заявил Сергей Лавров.", "The minister said this."),
        # adjective forms of a gazetteer name, diminutives, romanised acronym letters
        ("Власти КНДР сообщили о первом случае.", "North Korean authorities reported the first case."),
        ("Оля встретилась с Сашей.", "Olya dated Alexander."),
        ("Его доставили в Капанский МЦ.", "He was taken to the Kapan Medical Center."),
        ("Глава государства Ким Чен Ын выступил.", "The state leader, Kim Jong-un, spoke."),
        # a word of a multi-word name whose other word is matched
        ("Минареты украсили Айя-Софию.", "Minarets grace the Hagia Sophia."),
    ],
)
def test_names_rendered_by_pronoun_role_derived_form_or_multi_word_name_raise_no_flag(source, target):
    assert entities.check(source, target) == ()


def test_a_pronoun_or_role_in_place_of_a_name_is_what_the_candidate_carries():
    (first, last) = entities.candidates("Об этом заявил Сергей Лавров.", "The minister said this.")
    assert first.features["stand_in_surplus"] == last.features["stand_in_surplus"] == 1.0


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        # a pronoun does not excuse a swapped name (a pair), nor a name put in
        ("По его словам, дожди продолжатся.", "According to Leus, the rain will go on.", [(None, "Leus")]),
        ("Он сказал, что Дегтярев уехал.", "He said Smirnov had left.", [("Дегтярев", "Smirnov")]),
        # a name next to a matched one still counts when it replaces a lost name
        ("Выступил Михаил Дегтярев.", "Mikhail Smirnov spoke.", [("Дегтярев", "Smirnov")]),
    ],
)
def test_pronouns_and_neighbours_do_not_excuse_swapped_names(source, target, expected):
    assert found(source, target) == expected
    flags = entities.check(source, target)
    assert [(f.source_span and f.source_span.text, f.target_span and f.target_span.text) for f in flags] == expected


def test_a_swapped_name_pairs_with_the_lost_name_at_the_same_place():
    source = "Дегтярев и Цыганков приехали к Лаврову."
    target = "Degtyarev and Smirnov came to see Lavrov."
    assert found(source, target) == [("Цыганков", "Smirnov")]
    source = "Цыганков приехал к Дегтяреву, а Шувалов уехал."
    target = "Tsygankov came to see Ivanov, and Peskov left."
    assert found(source, target) == [("Дегтяреву", "Ivanov"), ("Шувалов", "Peskov")]


def test_an_english_word_in_the_place_of_a_lost_word_says_so():
    source = "Премьер-министр Зоран Заев отмечает, что это цена вступления в НАТО."
    swapped = "Prime Minister Zoran Graham argues that this is the price of joining NATO."
    added = "Prime Minister Zoran Zaev of Macedonia argues that this is the price of joining NATO."
    (candidate,) = [c for c in entities.candidates(source, swapped) if c.target_span.text == "Graham"]
    assert candidate.features["translation_slot_taken"] == 1.0
    (candidate,) = [c for c in entities.candidates(source, added) if c.target_span.text == "Macedonia"]
    assert candidate.features["translation_slot_taken"] == 0.0


def test_a_name_the_translation_uses_around_the_line_says_so():
    source, target = "Он сказал, что тот уехал.", "He said Smirnov had left."
    (used,) = entities.with_nearby(entities.candidates(source, target), "Smirnov met the press on Monday.")
    (unused,) = entities.with_nearby(entities.candidates(source, target), "Degtyarev met the press on Monday.")
    assert used.source_span is None  # an English name with no lost name of the original beside it
    assert used.features["translation_named_nearby"] == 1.0 and unused.features["translation_named_nearby"] == 0.0


def test_a_name_of_the_story_in_the_place_of_a_lost_name_is_not_excused_by_the_story():
    """«Дегтярев» lost and "Smirnov" at its place: one person of the article put for another, however
    often the article names Smirnov."""
    source, target = "Он сказал, что Дегтярев уехал.", "He said Smirnov had left."
    (pair,) = entities.with_nearby(entities.candidates(source, target), "Smirnov met the press on Monday.")
    assert pair.source_span.text == "Дегтярев" and pair.target_span.text == "Smirnov"
    assert pair.features["translation_named_nearby"] == 0.0
    (lost,) = entities.with_nearby(entities.candidates("Об этом сказал Цыганков.", "This was said."), "Tsygankov")
    assert lost.features["translation_named_nearby"] == 0.0  # no English word to look for


def test_the_text_around_a_quote_leaves_the_quote_out():
    text = "a" * 1500 + "QUOTE" + "b" * 1500
    around = entities.nearby_text(text, 1500, 1505)
    assert "QUOTE" not in around and around == "a" * entities.NEARBY_CHARS + " " + "b" * entities.NEARBY_CHARS


def test_a_wrong_name_brings_the_translation_closer_to_the_original_when_left_out():
    source = "Президент Франции Эммануэль Макрон посетил Берлин в понедельник."
    right = "French President Emmanuel Macron visited Berlin on Monday."
    wrong = "French President Emmanuel Macron visited Tokyo on Monday."
    tokyo = next(t for t in tokens(wrong) if t.text == "Tokyo")
    berlin = next(t for t in tokens(right) if t.text == "Berlin")
    assert entities._gain_without(tokyo, source, wrong) > 0 > entities._gain_without(berlin, source, right)


def test_a_country_or_its_people_with_no_counterpart_says_it_names_a_place():
    """"German" for «китайскому» is a frequent word, but one the gazetteer knows as a place's; "Mark"
    and the mined "Agency" are not places."""
    source = "Было ли лучше начать с экономики, следуя китайскому образцу?"
    (german,) = entities.candidates(source, "Was it better to start with economics, in the manner of the German?")
    assert german.target_span.text == "German" and german.features["translation_place"] == 1.0
    (mark,) = entities.candidates(source, "Was it better to start with economics, in the manner of Mark?")
    assert mark.features["translation_place"] == 0.0
    assert names.english_names_a_place("Pakistani") and not names.english_names_a_place("Agency")


def test_a_person_entry_needs_a_capitalised_russian_word():
    assert found("Вчера машина уехала в город.", "Yesterday Maria drove to town.") == [(None, "Maria")]
    assert found("Вчера Маша уехала в город.", "Yesterday Maria drove to town.") == []


@pytest.mark.parametrize(
    ("word", "form_word", "same"),
    [("korean", "korea", True), ("hydrometeorology", "hydrometeorological", True), ("us", "usa", False),
     ("australia", "austria", False), ("russian", "russia", True)],
)
def test_english_word_and_gazetteer_form_share_a_stem(word, form_word, same):
    assert names._same_stem(word, form_word) is same


def test_every_word_of_a_spelled_out_acronym_is_accounted_for():
    source = "ФАС усомнилась в правомерности предложения Microsoft."
    target = "The Federal Antimonopoly Service questioned the legality of the Microsoft offer."
    assert entities.candidates(source, target) == []


def test_kommersant_hard_sign_and_covid_with_a_number_are_not_new_names():
    assert entities.english_names("The spread of COVID-19 slowed.") == []
    assert entities.candidates("Подробнее - в материале \"Ъ\".", "Read more in the Kommersant report.") == []

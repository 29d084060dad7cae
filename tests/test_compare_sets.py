"""The parallel sets the comparison is fitted and measured on (tiny stand-ins written for these tests),
and the errors the benchmark injects."""

import random

import pytest

from pipeline.checks import corpora, injections
from pipeline.checks.corpora import Corpus, Pair


def write(path, *lines):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")


@pytest.fixture
def data(tmp_path):
    write(tmp_path / "wmt19-newstest-ruen/newstest2019.ru-en.src.ru", "Один.", "Два.")
    write(tmp_path / "wmt19-newstest-ruen/newstest2019.ru-en.ref.en", "One.", "Two.")
    write(tmp_path / "ntrex128/newstest2019-ref.rus.txt", "Три.", "Четыре.")
    write(tmp_path / "ntrex128/newstest2019-src.eng.txt", "Three.", "Four.")
    write(tmp_path / "ntrex128/DOCUMENT_IDS.tsv", "bbc.1", "bbc.2")
    write(tmp_path / "jarunc-newscommentary-ruen/dev.ru", "Пять.")
    write(tmp_path / "jarunc-newscommentary-ruen/dev.en", "Five.")
    write(tmp_path / "jarunc-newscommentary-ruen/test.ru", "Шесть.")
    write(tmp_path / "jarunc-newscommentary-ruen/test.en", "Six.")
    header = "doc_id\toriglang\tseg_id\tsrc_ru\tref_A_en\tref_B_en"
    write(tmp_path / corpora.WMT21, header, "a.1\tru\t1\tСемь.\tSeven.\tSeven!", "b.2\tru\t1\tВосемь.\tEight.\tEight!")
    return tmp_path


def test_every_set_loads_with_its_documents(data):
    found = [(p.doc, p.ru, p.en) for p in corpora.load(data, "wmt19").pairs]
    assert found == [("0", "Один.", "One."), ("1", "Два.", "Two.")]
    assert [p.doc for p in corpora.load(data, "ntrex").pairs] == ["bbc.1", "bbc.2"]
    assert [p.en for p in corpora.load(data, "nc-dev").pairs] == ["Five."]
    assert [p.ru for p in corpora.load(data, "nc-test").pairs] == ["Шесть."]
    halves = {corpora.half_of("a.1"), corpora.half_of("b.2")}
    both = corpora.load(data, "wmt21-tune-B").pairs + corpora.load(data, "wmt21-report-B").pairs
    assert sorted(p.en for p in both) == ["Eight!", "Seven!"] and halves <= {"tune", "report"}
    assert corpora.load(data, "wmt21-tune-A").english == ("Seven.", "Eight.", "Seven!", "Eight!")


def test_news_commentary_documents_start_at_each_headline(data):
    english = [
        "and so it ended.",
        "The Economy of Fear",
        "Investors are in a buoyant mood.",
        "Why Pay More for Fairness?",
        "Why, then, do we follow the fundamentalists?",
        "But there are holes in this case",
    ]
    assert corpora.headline_documents(english) == ["article-0", "article-1", "article-1"] + ["article-2"] * 3
    write(data / "jarunc-newscommentary-ruen/dev.ru", "Страх.", "Пять.")
    write(data / "jarunc-newscommentary-ruen/dev.en", "Fear Itself", "Five.")
    assert [p.doc for p in corpora.load(data, "nc-dev").pairs] == ["article-1", "article-1"]


def test_fitting_and_reporting_sets_do_not_overlap():
    assert not set(corpora.FIT_SETS) & set(corpora.REPORT_SETS)
    assert all(name in corpora.ORIGIN for name in corpora.FIT_SETS + corpora.REPORT_SETS)


def test_an_unknown_set_or_uneven_files_give_a_clear_error(data):
    with pytest.raises(ValueError, match="unknown set 'xx'"):
        corpora.load(data, "xx")
    write(data / "wmt19-newstest-ruen/newstest2019.ru-en.ref.en", "One.")
    with pytest.raises(ValueError, match="wmt19: 2 Russian lines, 1 English lines"):
        corpora.load(data, "wmt19")


def test_the_text_around_a_line_stays_in_its_document():
    pool = (Pair("t", "a", 0, "ру", "A one."), Pair("t", "a", 1, "ру", "A two."), Pair("t", "b", 2, "ру", "B one."))
    nearby = corpora.nearby_english(Corpus("t", pool, pool, ()))
    assert nearby(pool[0]).split() == ["A", "two."]
    assert nearby(pool[1]).split() == ["A", "one."]
    assert nearby(pool[2]).split() == []
    # a set without documents: its neighbouring lines
    lines = tuple(Pair("t", str(i), i, "ру", text) for i, text in enumerate(["One.", "Two.", "Three."]))
    assert corpora.nearby_english(Corpus("t", lines, lines, ()))(lines[1]).split() == ["One.", "Three."]


def pairs(*texts):
    return tuple(Pair("t", doc, i, "ру", text) for i, (doc, text) in enumerate(texts))


def test_addition_injection_inserts_a_clause_of_another_document():
    rows = pairs(
        ("a", "The mayor said, after a long pause, that the plan would work."),
        ("b", "Prices rose, while the rain kept falling on the walls."),
    )
    clauses = injections.clause_pool(rows)
    assert clauses == {
        "a": ["that the plan would work"],  # "after a long pause" has 4 words, fewer than 5
        "b": ["while the rain kept falling on the walls"],
    }
    text = rows[0].en
    injected = {injections.insert_clause(text, "a", clauses, random.Random(seed)) for seed in range(20)}
    clause = "while the rain kept falling on the walls"
    assert injected == {
        f"The mayor said, {clause}, after a long pause, that the plan would work.",
        f"The mayor said, after a long pause, {clause}, that the plan would work.",
        f"The mayor said, after a long pause, that the plan would work, {clause}.",
    }
    assert injections.insert_clause("Too short here.", "a", clauses, random.Random(0)) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He did not come.", "He did come."),
        ("He didn't come.", "He did come."),
        ("They won't stay.", "They will stay."),
        ("We cannot go.", "We can go."),
    ],
)
def test_negation_injection_drops_the_negator(text, expected):
    assert injections.drop_negation(text, random.Random(0)) == expected


def test_number_injection_changes_one_digit_and_keeps_glued_digits():
    changed = injections.change_number("In 2020, COVID-19 killed 35 people.", random.Random(3))
    assert changed != "In 2020, COVID-19 killed 35 people." and "COVID-19" in changed
    assert sum(a != b for a, b in zip(changed, "In 2020, COVID-19 killed 35 people.", strict=True)) == 1


def test_name_injection_swaps_in_a_name_of_another_document():
    rows = pairs(
        ("a", "The talks in Vilnius ended."), ("b", "Officials of Gdansk agreed."), ("a", "The mayor of Minsk left.")
    )
    corpus = Corpus("t", rows, rows, tuple(p.en for p in rows))
    names, by_doc = injections.name_pool(corpus)
    assert names == {"Vilnius", "Gdansk", "Minsk"}
    assert injections.swap_name(rows[0].en, "a", names, by_doc, random.Random(0)) == "The talks in Gdansk ended."


def test_story_swap_puts_in_another_name_the_text_around_uses():
    names = {"Vilnius", "Gdansk", "Minsk", "Riga"}
    around = "Officials of Gdansk agreed. The mayor of Minsk left. Vilnius again."
    swapped = {injections.swap_name_in_story("The talks in Vilnius ended.", around, names, random.Random(s))
               for s in range(10)}
    # a name of the story, not the line's own, with another first letter; Riga is not used around
    assert swapped == {"The talks in Gdansk ended.", "The talks in Minsk ended."}
    assert injections.swap_name_in_story("The talks in Vilnius ended.", "Nothing named.", names,
                                         random.Random(0)) is None


def test_story_swaps_draw_from_the_lines_of_the_same_document():
    rows = pairs(("a", "The talks in Vilnius ended."), ("a", "Officials of Gdansk agreed."),
                 ("b", "The mayor of Minsk left."))
    corpus = Corpus("t", rows, rows, tuple(p.en for p in rows))
    found = {p.line: text for p, text in injections.story_swaps(corpus, corpora.nearby_english(corpus), 7)}
    assert found == {0: "The talks in Gdansk ended.", 1: "Officials of Vilnius agreed."}  # b's story has no other


def test_first_word_swap_replaces_a_name_that_starts_the_line():
    rows = pairs(("a", "Vilnius hosted the talks."), ("b", "Officials of Gdansk agreed."),
                 ("c", "The mayor of Vilnius left."))
    corpus = Corpus("t", rows, rows, tuple(p.en for p in rows))
    found = {p.line: text for p, text in injections.first_word_swaps(corpus, 7)}
    assert found == {0: "Gdansk hosted the talks."}  # "Officials" and "The" are no names of the set


def test_variants_skip_injections_that_do_not_apply():
    rows = pairs(
        ("a", "Short line."),
        ("b", "He did not see the 12 boats that sailed out of the harbour at dawn today."),
        ("c", "Prices rose, while the rain kept falling on the walls."),
    )
    corpus = Corpus("t", rows, rows, tuple(p.en for p in rows))
    found = dict((p.line, set(v)) for p, v in injections.variants(corpus, 7))
    assert found[0] == set()
    assert found[1] == {"number", "negation", "omission", "addition"}

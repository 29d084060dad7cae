"""The translation-direction model and where document pairing consults it: after what the texts
state and what the dates say, only for a Russian-English pair, and only when it is confident."""

from __future__ import annotations

import json

import numpy as np
import pytest

from pipeline.core.records import Document, DocumentMeta
from pipeline.link import direction, pairing
from pipeline.link.align import Bead
from pipeline.link.corpus import Corpus, CorpusDocument
from pipeline.link.sentences import sentences
from tests.link_fixtures import ENGLISH, RUSSIAN


def corpus_of(*documents: tuple[str, str, str, DocumentMeta]) -> Corpus:
    """A corpus of (id, lang, text, meta) with sentences but no vectors: pairing's direction rules
    read only the texts and their metadata."""
    corpus = Corpus()
    for doc_id, lang, text, meta in documents:
        document = Document(doc_id, doc_id, text, "text", "utf-8", meta)
        corpus.documents[doc_id] = CorpusDocument(document, lang, sentences(text, lang), range(0))
    return corpus


def russian_is_translation(corpus: Corpus) -> bool:
    statements = {doc_id: pairing.statement(doc) for doc_id, doc in corpus.documents.items()}
    forward = pairing.direction_of(corpus, statements, "ru", "en")[0]
    assert forward != pairing.direction_of(corpus, statements, "en", "ru")[0]  # one side only, either way round
    return forward


UNDATED = DocumentMeta()


def pair(en_meta: DocumentMeta = UNDATED, ru_meta: DocumentMeta = UNDATED, en_tail: str = "") -> Corpus:
    return corpus_of(("ru", "ru", " ".join(RUSSIAN), ru_meta), ("en", "en", " ".join(ENGLISH) + en_tail, en_meta))


@pytest.fixture
def confident_english_original(monkeypatch):
    """The model as sure as it can be that the English is the original."""
    monkeypatch.setattr(pairing, "_russian_original", lambda model, corpus, translation, source, aligned: 0.0)


def test_the_model_file_loads_and_its_features_are_this_codes():
    raw = json.loads(direction.MODEL_PATH.read_text(encoding="utf-8"))
    assert tuple(raw["features"]) == direction.FEATURES
    model = direction.load_model()
    scorer = model.scorer
    assert scorer.weights.shape == scorer.mean.shape == scorer.scale.shape == (len(direction.FEATURES),)
    assert 0.0 < model.english_original_below < 0.5  # only a confident reading overrules the default
    assert "fit set" in raw["fitted"]["on"] and raw["fitted"]["scores"]
    assert pairing.settings()["direction"] == model.digest


def test_a_model_file_for_other_features_is_refused(tmp_path):
    raw = json.loads(direction.MODEL_PATH.read_text(encoding="utf-8"))
    raw["features"] = raw["features"][:-1]
    path = tmp_path / "model.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(direction.DirectionModelError, match="features"):
        direction.load_model(path)


def test_features_ignore_typography_of_quotes_and_dashes():
    a = direction.features(["Он сказал: «Это так» — и ушёл."], ['He said: "It is so" - and left.'])
    b = direction.features(['Он сказал: "Это так" - и ушёл.'], ["He said: \u201cIt is so\u201d \u2014 and left."])
    assert np.array_equal(a, b)
    assert len(a) == len(direction.FEATURES)


def test_the_model_gives_a_probability_for_a_pair():
    p = direction.load_model().russian_original(list(RUSSIAN), list(ENGLISH))
    assert 0.0 < p < 1.0


def test_without_a_confident_model_the_english_side_is_the_translation(monkeypatch):
    monkeypatch.setattr(pairing, "_russian_original", lambda model, corpus, translation, source, aligned: 0.5)
    assert not russian_is_translation(pair())


def test_a_confident_model_reads_an_undated_uncredited_russian_as_the_translation(confident_english_original):
    corpus = pair()
    assert russian_is_translation(corpus)
    statements = {doc_id: pairing.statement(doc) for doc_id, doc in corpus.documents.items()}
    _, ground = pairing.direction_of(corpus, statements, "ru", "en")
    assert "direction model" in ground


def ground_of(corpus: Corpus, translation: str, source: str) -> str:
    statements = {doc_id: pairing.statement(doc) for doc_id, doc in corpus.documents.items()}
    return pairing.direction_of(corpus, statements, translation, source)[1]


def test_an_assumed_direction_says_so_in_the_evidence(monkeypatch):
    """An uncredited, undated pair that the model cannot read: the English is taken as the translation,
    and the record says that this was assumed, with the model's reading, not stated."""
    monkeypatch.setattr(pairing, "_russian_original", lambda model, corpus, translation, source, aligned: 0.5)
    ground = ground_of(pair(), "en", "ru")
    assert ground.startswith("nothing in the two texts or their dates says which came first")
    assert "probability 0.500 that the Russian is the original" in ground


def test_a_dated_direction_names_the_dates():
    corpus = pair(en_meta=DocumentMeta(date="2021-03-02"), ru_meta=DocumentMeta(date="2021-03-01"))
    assert ground_of(corpus, "en", "ru") == "the translation is dated 2021-03-02, its original 2021-03-01"


def test_a_credited_translator_is_named_as_the_ground():
    corpus = pair(en_tail="\n\nOriginal article by Anna Orlova. Translated by Mark Rowe.\n")
    assert ground_of(corpus, "en", "ru") == "its text credits a translator"


def test_dates_are_not_overruled_by_the_model(confident_english_original):
    assert not russian_is_translation(pair(en_meta=DocumentMeta(date="2021-03-02"),
                                           ru_meta=DocumentMeta(date="2021-03-01")))


@pytest.fixture
def confident_russian_original(monkeypatch):
    """The model as sure as it can be that the Russian is the original."""
    monkeypatch.setattr(pairing, "_russian_original", lambda model, corpus, translation, source, aligned: 1.0)


INOSMI = DocumentMeta(outlet="ИноСМИ", url="https://inosmi.ru/politic/20190724/245561234.html")


@pytest.mark.parametrize("ru_meta", [INOSMI, DocumentMeta(url=INOSMI.url), DocumentMeta(outlet="InoSMI")])
def test_an_article_from_an_outlet_that_publishes_translations_is_the_translation(ru_meta, confident_russian_original):
    corpus = pair(ru_meta=ru_meta)
    assert russian_is_translation(corpus)
    statements = {doc_id: pairing.statement(doc) for doc_id, doc in corpus.documents.items()}
    assert pairing.direction_of(corpus, statements, "ru", "en")[1] == "InoSMI publishes translations (outlet registry)"


def test_an_ordinary_outlet_says_nothing_about_direction(confident_russian_original):
    assert not russian_is_translation(pair(ru_meta=DocumentMeta(outlet="Kommersant", url="https://www.kommersant.ru/doc/1")))


@pytest.mark.parametrize(("ru_meta", "translated"), [
    (DocumentMeta(outlet="CNN", url="https://edition.cnn.com/2019/07/24/politics/1"), True),  # English only
    (DocumentMeta(outlet="Deutsche Welle", url="https://www.dw.com/ru/1"), False),  # it has a Russian service
    (DocumentMeta(outlet="RT", url="https://russian.rt.com/world/news/1"), False),  # its Russian site
    (DocumentMeta(outlet="BBC", url="https://www.bbc.com/news/world-1"), False),  # the World Service writes Russian
])
def test_a_russian_article_of_an_outlet_that_writes_only_english_is_the_translation(
        ru_meta, translated, confident_russian_original):
    corpus = pair(ru_meta=ru_meta, en_meta=ru_meta)
    assert russian_is_translation(corpus) is translated
    if translated:
        statements = {doc_id: pairing.statement(doc) for doc_id, doc in corpus.documents.items()}
        ground = pairing.direction_of(corpus, statements, "ru", "en")[1]
        assert ground == "CNN writes its own articles in English only (outlet registry)"


def test_dates_come_before_the_translating_outlet():
    assert not russian_is_translation(pair(en_meta=DocumentMeta(date="2019-07-25"),
                                           ru_meta=DocumentMeta(outlet="ИноСМИ", date="2019-07-24")))


def test_a_credited_translator_is_not_overruled_by_the_model(confident_english_original):
    assert not russian_is_translation(pair(en_tail="\n\nOriginal article by Anna Orlova. Translated by Mark Rowe.\n"))


def test_the_model_is_consulted_only_for_russian_and_english(monkeypatch):
    def refuse(model, corpus, translation, source, aligned):
        raise AssertionError("the direction model was consulted")

    monkeypatch.setattr(pairing, "_russian_original", refuse)
    corpus = corpus_of(("uk", "uk", "Влада Самари закрила міст.", DocumentMeta()),
                       ("en", "en", " ".join(ENGLISH), DocumentMeta()))
    statements = {doc_id: pairing.statement(doc) for doc_id, doc in corpus.documents.items()}
    assert pairing.direction_of(corpus, statements, "en", "uk")[0]


def test_the_model_reads_only_the_sentences_that_align():
    plain = pair()
    with_menu = corpus_of(("ru", "ru", " ".join(RUSSIAN) + " Читайте также: новости региона. Подписывайтесь на наш "
                           "канал, чтобы первыми узнавать о главном. Все права защищены.", UNDATED),
                          ("en", "en", " ".join(ENGLISH), UNDATED))
    n_ru, n_en = len(plain.documents["ru"].sentences), len(plain.documents["en"].sentences)
    assert len(with_menu.documents["ru"].sentences) > n_ru
    # scored["ru"]["en"]: the Russian as the translation (tgt), the English as its source (src)
    whole = pairing._Scored.of(np.zeros(5), (Bead(tuple(range(n_en)), tuple(range(n_ru)), 1.0),), (0.9,))
    model = direction.load_model()
    expected = pairing._russian_original(model, plain, "ru", "en", None)
    assert pairing._russian_original(model, with_menu, "ru", "en", whole) == pytest.approx(expected)
    fresh = corpus_of(*[(d, c.lang, c.text, UNDATED) for d, c in with_menu.documents.items()])
    assert pairing._russian_original(model, fresh, "ru", "en", None) != pytest.approx(expected)


def test_a_missing_model_file_keeps_the_default_with_a_warning(monkeypatch, caplog, confident_english_original):
    def unreadable(path=direction.MODEL_PATH):
        raise direction.DirectionModelError(f"{path}: cannot read the direction model (gone)")

    monkeypatch.setattr(direction, "load_model", unreadable)
    direction.available_model.cache_clear()
    try:
        assert pairing.settings()["direction"] == "missing"
        assert not russian_is_translation(pair())  # no model: English stays the translation
        assert "keep English as the translation" in caplog.text
    finally:
        direction.available_model.cache_clear()


def test_a_candidate_alignment_keeps_its_beads_both_ways_round():
    beads = (Bead((0,), (0, 1), 0.75), Bead((), (2,), 0.0), Bead((1, 2), (3,), 0.5), Bead((3,), (), 0.0))
    cosines = (0.91, 0.0, 0.62, 0.0)
    forward = pairing._Scored.of(np.arange(5.0), beads, cosines)
    assert forward.beads == beads and forward.cosines == cosines
    assert all(type(c) is float for c in forward.cosines)  # written to documents.jsonl as they are
    turned = pairing._reversed(forward)
    assert turned.beads == tuple(Bead(b.tgt, b.src, b.score) for b in beads) and turned.cosines == cosines
    assert not turned.first_pass and turned.indices is forward.indices  # one copy of the beads for both
    assert pairing._Scored.of(np.zeros(5), (), ()).beads == ()

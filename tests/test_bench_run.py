"""The run benchmark's corpus: stories from the WMT21 file, never its column names. Made-up rows; no
data folder."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import bench_run  # noqa: E402  (the benchmarks import one another by module name)

TSV = (
    "doc_id\toriglang\tseg_id\tsrc_ru\tref_A_en\tref_B_en\n"
    "kp.1\tru\t1\tЗаголовок\tHeadline\tA headline\n"
    "kp.1\tru\t2\tТекст.\tText.\tThe text.\n"
    "aif.2\tru\t1\tДругое\tOther\tAnother\n"
)


def test_stories_are_the_rows_not_the_column_names(tmp_path):
    folder = tmp_path / "wmt21-newstest-ruen"
    folder.mkdir()
    (folder / "newstest2021.ru-en.news.tsv").write_text(TSV, encoding="utf-8")
    stories = bench_run.load_stories(tmp_path)
    assert [(doc_id, lang) for doc_id, lang, _ in stories] == [("kp.1", "ru"), ("kp.1", "en"), ("aif.2", "ru"),
                                                                ("aif.2", "en")]
    assert stories[0][2] == "Заголовок\n\nТекст." and stories[1][2] == "Headline\n\nText."
    bench_run.build_corpus(tmp_path / "corpus", 5, stories)
    files = sorted(p.name for p in (tmp_path / "corpus").iterdir())
    assert files == ["00000_ru.txt", "00001_en.txt", "00002_ru.txt", "00003_en.txt", "00004_ru.txt"]
    assert "title: kp.1 copy 1\n" in (tmp_path / "corpus" / "00004_ru.txt").read_text(encoding="utf-8")


def test_false_links_are_news_quotes_given_another_document_s_words(tmp_path):
    import json

    documents = [{"id": "n1", "meta": {"title": "nyt_1 copy 0"}}, {"id": "r1", "meta": {"title": "kp.1 copy 0"}}]
    quote = {"document": "n1"}
    records = [
        {"quote": quote, "original": {"document": "r1"}},  # a US news quote in a Russian story: false
        {"quote": quote, "original": {"document": "n1"}},  # its own words: not a link
        {"quote": quote, "original": None},
        {"quote": {"document": "r1"}, "original": {"document": "n1"}},  # not a news article's quote
    ]
    for name, rows in (("documents.jsonl", documents), ("records.jsonl", records)):
        (tmp_path / name).write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    assert bench_run.false_links(tmp_path, {"nyt_1"}) == (1, 3)

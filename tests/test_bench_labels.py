"""The attribution-labelled sets the benchmark and the model fitting read (PolNeAR's brat files and
ADAQ's token tags), on made-up articles and sentences in the same formats: no corpus text."""

from __future__ import annotations

import csv
import importlib.util
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"


def _load(name: str):
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


polnear = _load("polnear")
adaq = _load("adaq")

ARTICLE = (
    "Budget talks stall.\n\n"
    "Sen. Ruth Calder said the plan was “dead on arrival” in the Senate.\n\n"
    "“We will not vote for it,” she said. “Not this year.\n\n"
    "“And not the next one either.”\n\n"
    "A Calder aide called it “a gimmick.” The so-called “deal” was never signed."
)


def _span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def _ann(text: str) -> str:
    """A brat file in PolNeAR's shape: Source, Cue, Content spans linked by an E line."""
    lines, events = [], []
    number = 0
    for source, cue, contents in [
        ("Sen. Ruth Calder", "said", ["the plan was “dead on arrival” in the Senate"]),
        ("she", "said", ["We will not vote for it,” she said. “Not this year.", "And not the next one either."]),
        ("A Calder aide", "called", ["it “a gimmick.”"]),
    ]:
        ids = []
        for label, words in (("Source", [source]), ("Cue", [cue]), ("Content", contents)):
            number += 1
            fragments = ";".join("{} {}".format(*_span(text, w)) for w in words)
            lines.append(f"T{number}\t{label} {fragments}\t{' '.join(words)}")
            ids.append(f"{label}:T{number}")
        events.append(" ".join(ids))
    lines += [f"E{i}\t{event}" for i, event in enumerate(events, start=1)]
    return "\n".join(lines) + "\n"


def _split(tmp_path: Path) -> Path:
    folder = tmp_path / "dev"
    (folder / "text").mkdir(parents=True)
    (folder / "attributions").mkdir()
    (folder / "text" / "made-up-article.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "attributions" / "made-up-article_ab12.ann").write_text(_ann(ARTICLE), encoding="utf-8")
    (folder / "attributions" / "made-up-article_cd34.ann").write_text("", encoding="utf-8")  # a second annotator
    return folder


def test_quotes_are_found_between_double_marks_and_run_over_reopened_paragraphs():
    spans = [ARTICLE[s:e] for s, e in polnear.quote_spans(ARTICLE)]
    assert spans == [
        "dead on arrival",
        "We will not vote for it,",
        "Not this year.\n\n“And not the next one either.",
        "a gimmick.",
        "deal",
    ]


def test_each_quote_gets_its_source_class_and_words(tmp_path):
    (text, found), = polnear.read_articles(_split(tmp_path)).values()
    quotes = {text[q.start : q.end].split("\n")[0]: q for q in polnear.labelled_quotes(text, found)}
    assert quotes["dead on arrival"].source_class == "named"
    assert quotes["dead on arrival"].source_words == {"sen", "ruth", "calder"}
    # "she" stands for the nearest earlier named source: resolved through the annotation
    assert quotes["We will not vote for it,"].source_class == "pronoun"
    assert quotes["We will not vote for it,"].source_words == {"sen", "ruth", "calder"}
    assert quotes["Not this year."].source_class == "pronoun"  # the content's second paragraph
    assert quotes["a gimmick."].source_class == "other"  # "A Calder aide" names nobody
    assert quotes["deal"].source_class == "unattributed"


def test_a_predicted_speaker_matches_by_surname_and_a_russian_case_ending():
    quote = polnear.LabelledQuote(0, 5, "named", frozenset({"sen", "ruth", "calder"}), (0, 3))
    assert polnear.speaker_matches(quote, "Ruth Calder", None)
    assert polnear.speaker_matches(quote, "Tom Weller and Ruth Calder", None)
    assert not polnear.speaker_matches(quote, "Tom Weller", None)
    assert not polnear.speaker_matches(quote, None, None)
    russian = polnear.LabelledQuote(0, 5, "named", frozenset({"сергея", "лаврова"}), (0, 3))
    assert polnear.speaker_matches(russian, "Сергей Лавров", None)
    nobody = polnear.LabelledQuote(0, 5, "unattributed", frozenset(), None)
    assert polnear.speaker_matches(nobody, None, "TASS") and not polnear.speaker_matches(nobody, "X", None)


def test_source_classes_of_descriptions_and_sentence_openers():
    text = "Officials said no. The Utah Republican said yes. Trump said maybe. officials agree."
    assert polnear._source_class(text, (_span(text, "Officials"),)) == "other"
    assert polnear._source_class(text, (_span(text, "The Utah Republican"),)) == "other"
    assert polnear._source_class(text, (_span(text, "Trump"),)) == "named"


def _tsv(path: Path, rows: list[list[str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter="\t", lineterminator="\n").writerows(rows)


def test_adaq_sentences_become_labelled_quotes(tmp_path):
    sentences = [
        ("doc.xml_1", '"Мы не уступим", - заявил Сергей Лавров.',
         [("\"", "content"), ("Мы", "content"), ("не", "content"), ("уступим", "content"), ("\"", "content"),
          (",", "None"), ("-", "None"), ("заявил", "cue"), ("Сергей", "source"), ("Лавров", "source"), (".", "None")]),
        ("doc.xml_2", '"Это конец", - сказала она.',
         [("\"", "content"), ("Это", "content"), ("конец", "content"), ("\"", "content"), (",", "None"),
          ("-", "None"), ("сказала", "cue"), ("она", "source"), (".", "None")]),
    ]
    _tsv(tmp_path / "ru_sentences.tsv", [["sentences", "sentence_id"]] + [[text, sid] for sid, text, _ in sentences])
    rows = [["lemmas", "text", "sentence_num", "index_of_token_sent", "tags"]]
    for sid, _, tokens in sentences:
        rows += [[t.lower(), t, sid, str(i), tag] for i, (t, tag) in enumerate(tokens, start=1)]
    _tsv(tmp_path / "ru_tokens.tsv", rows)
    first, second = adaq.read_sentences(tmp_path)
    (quote,) = adaq.labelled_quotes(first)
    assert first.text[quote.start : quote.end] == "Мы не уступим"
    assert (quote.source_class, quote.source_words) == ("named", {"сергей", "лавров"})
    (quote,) = adaq.labelled_quotes(second)
    assert (quote.source_class, quote.source_words) == ("pronoun", frozenset())


def test_short_spans_no_label_covers_are_not_speech():
    sys.path.insert(0, str(BENCH))  # ru_quotes reads the data sets through linkdata
    ru_quotes = _load("ru_quotes")
    from pipeline.core.records import Document, DocumentMeta

    text = (
        "«Спартак» проиграл «Зениту».\n\n"
        "«Мы сделали всё, что могли», — сказал тренер Карпин.\n\n"
        "Болельщики пели «вперёд, только вперёд, пока мы вместе и пока звучит наша песня» весь вечер."
    )
    document = Document("t", "t", text, "text", "utf-8", DocumentMeta(lang="ru"))
    speech = polnear.LabelledQuote(*_span(text, "Мы сделали всё, что могли"), "named", frozenset({"карпин"}), None)
    found = ru_quotes.unlabelled(document, [speech])
    assert [(text[q.start : q.end], q.source_class) for q in found] == [
        ("Спартак", "unlabelled"),
        ("Зениту", "unlabelled"),
    ]  # the song's line is longer than UNLABELLED_WORDS: it may be speech listed another way
    assert polnear.speaker_matches(found[0], None, None) and not polnear.speaker_matches(found[0], "Карпин", None)

"""The link benchmark's quoting articles: a quoted sentence is never set inside a quotation that the
article around it opened across lines. Made-up lines; no data folder."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import linkbatch  # noqa: E402  (the benchmarks import one another by module name)

LINES = [
    "Headline",
    "The fan said he was \"shocked.\"",
    "Then he started \"yelling, 'I got bit!",
    "I got bit!'\"",
    "Officials closed the beach.",
]


def test_a_quote_goes_where_no_quotation_is_open():
    assert linkbatch._outside_quotes(LINES, 2) == 2  # before the quotation opens
    assert linkbatch._outside_quotes(LINES, 3) == 4  # inside it: after it closes
    assert linkbatch._outside_quotes(LINES, 5) == 5


def test_a_quotation_open_to_the_end_sends_the_quote_before_it():
    cut_short = [*LINES[:3], "He kept going."]
    assert linkbatch._outside_quotes(cut_short, 3) == 2
    assert linkbatch._outside_quotes(["Headline", "“One long quote", "goes on"], 2) == 1


def _story(number: int) -> linkbatch.Story:
    ru = tuple(f"Русское предложение номер {n} истории {number} о новостях дня." for n in range(8))
    en = tuple(f"English sentence number {n} of story {number} tells the news of the day." for n in range(8))
    return linkbatch.Story(f"wmt19:{number:03d}", "ru", ru, en)


def test_a_report_on_a_story_credits_its_outlet_or_only_what_it_is_told(tmp_path):
    stories = [_story(n) for n in range(3)]
    named = linkbatch.build_reporting_batch(tmp_path / "named", stories, 15, one_translation=True)
    unnamed = linkbatch.build_reporting_batch(tmp_path / "unnamed", stories, 15, one_translation=True,
                                              credit="the newspaper")
    assert [g.name for g in named] == [g.name for g in unnamed]  # the same draw: only the credit differs
    reports = [g for g in unnamed if g.role == "quoting"]
    assert len(reports) == 3
    for report in reports:
        text = (tmp_path / "unnamed" / report.name).read_text(encoding="utf-8")
        assert "the newspaper reported." in text
        quoted = [q["text"] for q in report.quoted if q["text"] not in report.lines]
        assert quoted and all(f"“{q},” the newspaper reported." in text for q in quoted)
    named_text = (tmp_path / "named" / reports[0].name).read_text(encoding="utf-8")
    assert "the newspaper" not in named_text and " reported." in named_text


def test_a_right_original_of_a_quote_over_two_lines_counts_whether_it_reaches_both():
    import linkscore

    spans = {"source.txt": [(0, 40), (42, 90), (92, 120)]}
    hits = [("source.txt", 0), ("source.txt", 1)]
    scores = linkscore.Scores()
    for start, end in ((10, 80), (10, 38)):
        record = {"quote": {"text": "…"}, "original": {"char_start": start, "char_end": end, "text": "…"}}
        linkscore._score_lines(record, "en-translation-quote", hits, spans, scores)
    linkscore._score_lines(record, "en-translation-quote", hits[:1], spans, scores)  # one line: not counted
    assert scores.multi_line == {"en-translation-quote:every-line": 1, "en-translation-quote:some-lines": 1}
    assert len(scores.misses) == 1


def test_an_unrelated_batch_may_hold_translations_without_their_originals(tmp_path):
    news = tmp_path / "news.txt"
    news.write_text("Senate passes the farm bill\n\n\u201cA good day,\u201d the senator said.\n", encoding="utf-8")
    english_original = linkbatch.Story("ntrex:cnn.1", "en", _story(9).ru, _story(9).en)
    gold = linkbatch.build_unrelated_batch(tmp_path / "batch", [_story(1)], [news], 15, [english_original])
    assert [(g.role, g.lang, g.translation_of) for g in gold] == [
        ("original", "ru", None), ("standalone", "en", None), ("translation", "ru", None)]
    translation = (tmp_path / "batch" / gold[2].name).read_text(encoding="utf-8")
    assert 'outlet: "Обзор мировой прессы"' in translation and _story(9).ru[0] in translation
    assert not any("English sentence" in (tmp_path / "batch" / g.name).read_text(encoding="utf-8") for g in gold)

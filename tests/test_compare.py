"""The compare stage API and the `compare` and `diff` verbs (sentences written for these tests)."""

import json

import pytest

from pipeline import cli
from pipeline.checks.compare import VERSION, chrf, compare, settings
from pipeline.core.jsonl import dumps
from pipeline.core.records import (
    Comparison,
    Document,
    MachineTranslation,
    Original,
    ProvenanceRecord,
    Quote,
    QuoteKind,
    Status,
    from_data,
    to_data,
)
from pipeline.stages.comparison import compare_records

ORIGINAL = "Михаил Дегтярев не будет демонизировать 3 тыс. жителей Хабаровска."
GOOD = "Mikhail Degtyarev will not demonize 3,000 residents of Khabarovsk."
BAD = "Mikhail Smirnov will demonize 300 residents of Khabarovsk."


def test_faithful_translation_has_no_flags_and_no_chrf():
    assert compare(ORIGINAL, GOOD) == Comparison(chrf=None, flags=(), diff="")


def test_divergent_translation_flags_number_name_and_negation_with_exact_spans():
    result = compare(ORIGINAL, BAD)
    assert [f.kind for f in result.flags] == ["number", "entity", "negation"]
    for flag in result.flags:
        if flag.source_span:
            assert ORIGINAL[flag.source_span.start : flag.source_span.end] == flag.source_span.text
        if flag.target_span:
            assert BAD[flag.target_span.start : flag.target_span.end] == flag.target_span.text
    assert [f.source_span.text for f in result.flags] == ["3 тыс.", "Дегтярев", "не"]


def test_second_translation_gives_chrf_and_diff():
    result = compare(ORIGINAL, BAD, second=GOOD)
    assert result.chrf == chrf(GOOD, BAD)
    assert 0 < result.chrf < 100
    assert result.diff == (
        "Mikhail [-Smirnov-]{+Degtyarev+} will {+not+} demonize [-300-]{+3,000+} residents of Khabarovsk."
    )


def test_chrf_of_identical_texts_is_100():
    assert chrf(GOOD, GOOD) == 100.0


def test_comparison_round_trips_through_json():
    result = compare(ORIGINAL, BAD, second=GOOD)
    assert from_data(Comparison, json.loads(dumps(to_data(result)))) == result


def test_the_compare_stage_reads_the_article_around_the_quote():
    """A name the article uses a sentence away belongs to its story: the learned decision weighs it so
    for a name that renders a role ("министр"), not for one put in the place of another person's."""

    def entity_flags(source: str, quoted: str, article: str) -> list[str]:
        start = article.index(quoted)
        quote = Quote(quoted, QuoteKind.DIRECT, "doc1", start, start + len(quoted))
        record = ProvenanceRecord("abc123def456", quote, Status.VERIFIED, "test",
                                  original=Original(source, "ru", 0.99, "src", 0, len(source)))
        document = Document("doc1", "doc1.txt", article, "text", "utf-8")
        (compared,) = compare_records(document, (record,))
        return [f.target_span.text for f in compared.comparison.flags if f.kind == "entity"]

    quoted = "The talks will continue, Smirnov said."
    elsewhere, in_story = f"The talks ended on Monday. {quoted} The rest stayed.", f"Smirnov met us. {quoted} No more."
    role, other_person = "Переговоры продолжатся, заявил министр.", "Переговоры продолжатся, заявил Дегтярев."
    assert entity_flags(role, quoted, elsewhere) == ["Smirnov"]
    assert entity_flags(role, quoted, in_story) == []
    assert entity_flags(other_person, quoted, elsewhere) == entity_flags(other_person, quoted, in_story) == ["Smirnov"]


def test_unsupported_pair_runs_only_the_language_independent_check():
    assert compare("Der Hund schläft.", "The dog sleeps.", src_lang="de", tgt_lang="en").flags == ()


def test_version_and_settings_are_plain_data():
    assert isinstance(VERSION, str)
    data = settings()
    assert json.loads(json.dumps(data)) == data
    assert data["checks"] == ["entity", "negation", "number", "omission"]


# --- CLI: compare ------------------------------------------------------------------------------


@pytest.fixture
def files(tmp_path):
    def write(name, *lines):
        path = tmp_path / name
        path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
        return str(path)

    return write


def test_compare_verb_writes_one_object_per_line(files, capsys):
    original = files("o.txt", ORIGINAL, "В 2020 году.")
    first = files("a.txt", BAD, "In 2020.")
    second = files("b.txt", GOOD, "In 2020.")
    assert cli.main(["compare", original, first, second, "--from", "ru", "--to", "en", "-q"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [row["line"] for row in rows] == [0, 1]
    assert [f["kind"] for f in rows[0]["flags"]] == ["number", "entity", "negation"]
    assert rows[0]["flags"][0]["source_span"] == {"start": 40, "end": 46, "text": "3 тыс."}
    assert rows[1] == {"line": 1, "chrf": 100.0, "flags": [], "diff": "In 2020."}


def test_compare_verb_reads_the_translations_other_lines_as_its_article(files, capsys):
    original = files("o.txt", "Переговоры закончились.", "Переговоры продолжатся, заявил министр.")
    for first_line, expected in (("The talks ended.", ["entity"]), ("Smirnov ended the talks.", [])):
        translation = files("a.txt", first_line, "The talks will continue, Smirnov said.")
        assert cli.main(["compare", original, translation, "-q"]) == 0
        rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
        assert [f["kind"] for f in rows[1]["flags"]] == expected


def test_compare_verb_without_second_leaves_out_chrf_and_diff(files, capsys):
    """chrF and the diff measure TRANSLATION against SECOND: without SECOND there is nothing to show."""
    original, first = files("o.txt", ORIGINAL, ORIGINAL), files("a.txt", GOOD, BAD)
    assert cli.main(["compare", original, first, "-q"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows[0] == {"line": 0, "flags": []}
    assert set(rows[1]) == {"line", "flags"} and [f["kind"] for f in rows[1]["flags"]] == [
        "number", "entity", "negation"]


def test_compare_verb_rejects_files_that_are_not_line_parallel(files, capsys):
    original, first = files("o.txt", "один", "два"), files("a.txt", "one")
    assert cli.main(["compare", original, first]) == 2
    assert capsys.readouterr().err == (
        "provenance compare: error: files are not line-parallel: "
        f"{original} has 2 lines, {first} has 1 line\n"
    )


def test_compare_verb_reports_a_missing_file(files, capsys, tmp_path):
    first = files("a.txt", "one")
    missing = str(tmp_path / "nope.txt")
    assert cli.main(["compare", missing, first]) == 2
    assert capsys.readouterr().err == (
        f"provenance compare: error: {missing}: cannot read (No such file or directory)\n"
    )


# --- CLI: diff ---------------------------------------------------------------------------------


def test_diff_of_two_files_is_plain_when_not_a_tty(files, capsys, monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    first, second = files("a.txt", BAD), files("b.txt", GOOD)
    original = files("o.txt", ORIGINAL)
    assert cli.main(["diff", first, second, "--original", original, "--width", "120"]) == 0
    out = capsys.readouterr().out
    assert "\x1b[" not in out
    assert out.startswith(f"line 0  chrF {chrf(GOOD, BAD):.1f}\n")
    assert "[-Smirnov-]" in out and "{+Degtyarev+}" in out
    assert "  A number: «3 тыс.» → «300»: 3000 in the original, 300 in the translation" in out
    assert "  B " not in out  # the good translation raises nothing


def test_diff_rejects_files_that_are_not_line_parallel(files, capsys):
    first, second = files("a.txt", "x", "y"), files("b.txt", "x")
    assert cli.main(["diff", first, second]) == 2
    assert "files are not line-parallel" in capsys.readouterr().err


def record(original: Original | None, comparison: Comparison | None = None) -> ProvenanceRecord:
    quote = Quote(text=BAD, kind=QuoteKind.DIRECT, document="doc1", char_start=10, char_end=10 + len(BAD))
    return ProvenanceRecord(
        id="abc123def456",
        quote=quote,
        status=Status.DIVERGENT if original else Status.ORIGINAL_UNAVAILABLE,
        signature="test",
        original=original,
        comparison=comparison,
        machine_translation=MachineTranslation(GOOD, "opus-mt-ru-en") if original else None,
    )


def write_run(tmp_path, *records):
    run = tmp_path / "run"
    run.mkdir()
    (run / "records.jsonl").write_text("".join(dumps(to_data(r)) + "\n" for r in records), encoding="utf-8")
    return str(run)


def test_diff_of_a_run_record_shows_original_quote_and_the_records_flags(tmp_path, capsys):
    original = Original(ORIGINAL, "ru", 0.99, "src", 0, len(ORIGINAL))
    run = write_run(tmp_path, record(original, compare(ORIGINAL, BAD, second=GOOD)))
    assert cli.main(["diff", run, "abc123", "--width", "140"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("quote abc123def456  status divergent\noriginal (ru): " + ORIGINAL + "\n")
    assert "machine translation (opus-mt-ru-en)" in out
    assert f"chrF {chrf(GOOD, BAD):.1f}\n" in out
    assert "  entity: «Дегтярев» → «Smirnov»: 'Дегтярев' in the original, 'Smirnov' in the translation" in out


def test_diff_shows_what_the_record_says_and_computes_nothing(tmp_path, capsys):
    """A record the run did not compare (comparison null) is shown as not compared: the flags a
    comparison here would raise are in no other output, so the diff does not show them either."""
    original = Original(ORIGINAL, "ru", 0.99, "src", 0, len(ORIGINAL))
    run = write_run(tmp_path, record(original, None))
    assert cli.main(["diff", run, "abc123", "--width", "140"]) == 0
    out = capsys.readouterr().out
    assert "  not compared: the record's comparison is null" in out
    assert "entity" not in out and "chrF" not in out


def test_diff_of_a_record_without_original_says_so_in_one_line(tmp_path, capsys):
    run = write_run(tmp_path, record(None))
    assert cli.main(["diff", run, "abc123def456"]) == 0
    assert capsys.readouterr().out == (
        "quote abc123def456 has no original (status: original-unavailable); nothing to compare\n"
    )


def test_diff_of_an_unknown_quote_id(tmp_path, capsys):
    run = write_run(tmp_path, record(None))
    assert cli.main(["diff", run, "ffff"]) == 2  # a usage error, as the README reserves 2 for
    assert capsys.readouterr().err == (
        f"provenance diff: error: {run}/records.jsonl: no record with id ffff (`provenance audit {run}` lists them)\n")


def test_diff_of_a_folder_without_records(tmp_path, capsys):
    assert cli.main(["diff", str(tmp_path), "ffff"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"provenance diff: error: {tmp_path}/records.jsonl: no such file")


class FakeTerminal:
    def isatty(self):
        return True


def test_colour_only_on_a_terminal_and_never_with_no_color(monkeypatch):
    from pipeline.commands.diff import use_colour

    monkeypatch.delenv("NO_COLOR", raising=False)
    assert use_colour(FakeTerminal())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_colour(FakeTerminal())

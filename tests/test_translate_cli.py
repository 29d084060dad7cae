"""`provenance translate`: JSON Lines out, one object per input line, one-line errors."""
# ruff: noqa: F811 (pytest fixtures imported from mt_fixtures are redefined as arguments)

from __future__ import annotations

import io
import json
import sys

import pytest
from mt_fixtures import empty_hf_cache, install, models_dir, tiny_marian  # noqa: F401

from pipeline.cli import main
from pipeline.mt.registry import DEFAULT_MODELS_DIR

pytestmark = pytest.mark.usefixtures("empty_hf_cache")
LINES = [
    "Министр заявил РИА Новости, что переговоры продолжатся.",
    "",
    "Путин said «нет» 日本語 ελληνικά 123",
    "Да. " * 2500,  # 10,000 characters
]


def translate(models_dir, tmp_path, *extra):
    return main(
        [
            "translate",
            "--from",
            "ru",
            "--to",
            "en",
            "--models-dir",
            str(models_dir),
            "--cache-dir",
            str(tmp_path / "cache"),
            "--beam-size",
            "1",
            "--threads",
            "1",
            *extra,
        ]
    )


def test_one_json_object_per_line_including_empty_and_very_long_lines(
    tiny_marian, models_dir, tmp_path, capsys
):
    install(tiny_marian, models_dir)
    source = tmp_path / "in.txt"
    source.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    assert translate(models_dir, tmp_path, str(source)) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [row["text"] for row in rows] == LINES
    assert all(set(row) == {"text", "translation", "model"} for row in rows)
    assert {row["model"] for row in rows} == {rows[0]["model"]}
    assert rows[0]["model"].startswith("Helsinki-NLP/opus-mt-ru-en@sha256:")
    assert rows[1]["translation"] == ""
    assert all(row["translation"] for row in rows if row["text"])
    assert (tmp_path / "cache" / "translations.sqlite").exists()


def test_stdin_and_no_cache(tiny_marian, models_dir, tmp_path, capsys, monkeypatch):
    install(tiny_marian, models_dir)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("Да.\n".encode())))
    assert translate(models_dir, tmp_path, "--no-cache") == 0
    [row] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert row["text"] == "Да."
    assert not (tmp_path / "cache").exists()


def test_missing_model_is_one_line_with_the_fetch_command(models_dir, tmp_path, capsys):
    assert translate(models_dir, tmp_path, str(tmp_path)) == 2  # a folder is not a readable file
    source = tmp_path / "in.txt"
    source.write_text("Да.\n", encoding="utf-8")
    capsys.readouterr()
    assert translate(models_dir, tmp_path, str(source)) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "provenance translate: error: no translation model for ru-en is present "
        "(looked for opus-mt-ru-en-ct2, "
        f"opus-mt-ru-en, nllb-200-distilled-600M, m2m100_418M in {models_dir} and the Hugging Face cache); "
        "fetch one with: provenance models pull ru-en\n"
    )


def test_unknown_pair_is_a_usage_error_listing_the_configured_pairs(models_dir, tmp_path, capsys):
    source = tmp_path / "in.txt"
    source.write_text("x\n", encoding="utf-8")
    assert main(["translate", str(source), "--from", "tlh", "--models-dir", str(models_dir)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(
        "provenance translate: error: no model is configured for tlh-en in "
        f"{DEFAULT_MODELS_DIR / 'registry.toml'}"
        "; configured pairs: ar-en, be-en, bg-en, de-en, en-ru, es-en, fr-en, mk-en, ru-en,"
    )
    assert err.count("\n") == 1


def test_corrupt_model_names_the_file(tiny_marian, models_dir, tmp_path, capsys):
    (install(tiny_marian, models_dir) / "config.json").write_text("{", encoding="utf-8")
    source = tmp_path / "in.txt"
    source.write_text("Да.\n", encoding="utf-8")
    assert translate(models_dir, tmp_path, str(source)) == 1
    err = capsys.readouterr().err
    assert err.startswith(
        f"provenance translate: error: {models_dir / 'opus-mt-ru-en' / 'config.json'}: not valid JSON"
    )
    assert err.count("\n") == 1


def test_input_that_is_not_utf8_is_refused(models_dir, tmp_path, capsys):
    source = tmp_path / "in.txt"
    source.write_bytes("Привет".encode("cp1251"))
    assert translate(models_dir, tmp_path, str(source)) == 2
    assert capsys.readouterr().err == (
        f"provenance translate: error: {source}: not valid UTF-8 (byte 0); re-save it as UTF-8\n"
    )

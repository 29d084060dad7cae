"""`provenance models list|pull|convert`, with a local folder standing in for the Hugging Face Hub."""
# ruff: noqa: F811 (pytest fixtures imported from mt_fixtures are redefined as arguments)

from __future__ import annotations

import json
import shutil

import pytest
from mt_fixtures import FAST, empty_hf_cache, install, models_dir, tiny_marian  # noqa: F401

from pipeline.cli import main
from pipeline.mt.translate import resolve_translator

pytestmark = pytest.mark.usefixtures("empty_hf_cache")


def rows(capsys):
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def hub_mirror(tiny_marian, tmp_path):
    """A folder laid out like the Hub: <root>/<org>/<name>."""
    root = tmp_path / "mirror"
    shutil.copytree(tiny_marian, root / "Helsinki-NLP" / "opus-mt-ru-en")
    return root


def test_list_shows_configured_and_present_models(tiny_marian, models_dir, capsys):
    install(tiny_marian, models_dir)
    install(tiny_marian, models_dir, "opus-mt-uk-en")
    (models_dir / "opus-mt-uk-en" / "vocab.json").write_text("{")
    install(tiny_marian, models_dir, "my-own-model")
    assert main(["models", "list", "--models-dir", str(models_dir)]) == 0
    listed = {(row["pair"], row["model"]): row for row in rows(capsys)}
    ru = listed[("ru-en", "opus-mt-ru-en")]
    assert (ru["status"], ru["rank"], ru["path"], ru["detail"]) == (
        "present",
        2,
        str(models_dir / "opus-mt-ru-en"),
        "models-dir",
    )
    assert ru["model_id"].startswith("Helsinki-NLP/opus-mt-ru-en@sha256:")
    missing = listed[("ru-en", "opus-mt-ru-en-ct2")]
    assert (missing["status"], missing["detail"]) == ("missing", "provenance models pull ru-en")
    corrupt = listed[("uk-en", "opus-mt-uk-en")]
    assert corrupt["status"] == "corrupt"
    assert corrupt["detail"].startswith(f"{models_dir / 'opus-mt-uk-en' / 'vocab.json'}: not valid JSON")
    own = listed[(None, "my-own-model")]
    assert (own["status"], own["detail"]) == ("present", "not in the registry; use it with --model")


def test_list_as_a_table(models_dir, capsys):
    assert main(["models", "list", "--format", "table", "--models-dir", str(models_dir)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["pair", "rank", "model", "backend", "status", "detail"]
    assert (
        "ru-en  2     opus-mt-ru-en            transformers  missing  provenance models pull ru-en" in lines
    )


def test_pull_copies_checks_stamps_and_converts(tiny_marian, models_dir, tmp_path, capsys):
    mirror = hub_mirror(tiny_marian, tmp_path)
    assert main(["models", "pull", "ru-en", "--source", str(mirror), "--models-dir", str(models_dir)]) == 0
    pulled = rows(capsys)
    assert [(row["path"], row["backend"]) for row in pulled] == [
        (str(models_dir / "opus-mt-ru-en"), "transformers"),
        (str(models_dir / "opus-mt-ru-en-ct2"), "ctranslate2"),
    ]
    metadata = json.loads((models_dir / "opus-mt-ru-en" / ".provenance-model.json").read_text())
    assert metadata["hub"] == "Helsinki-NLP/opus-mt-ru-en" and metadata["revision"].startswith("sha256:")
    assert pulled[1]["model_id"] == f"Helsinki-NLP/opus-mt-ru-en@{metadata['revision']}+ct2-int8"
    translator = resolve_translator("ru", "en", models_dir=models_dir, use_cache=False, mt_settings=FAST)
    assert translator.model_id == pulled[1]["model_id"]  # the converted model is preferred
    assert sorted(p.name for p in models_dir.iterdir()) == ["opus-mt-ru-en", "opus-mt-ru-en-ct2"]


def test_pull_of_a_present_model_does_not_fetch_again(tiny_marian, models_dir, tmp_path, capsys):
    install(tiny_marian, models_dir)
    empty_mirror = tmp_path / "empty"
    empty_mirror.mkdir()
    command = [
        "models",
        "pull",
        "opus-mt-ru-en",
        "--source",
        str(empty_mirror),
        "--models-dir",
        str(models_dir),
    ]
    assert main(command) == 0
    assert [row["backend"] for row in rows(capsys)] == ["transformers"]


def test_pull_without_a_network_fails_with_one_clear_line(models_dir, capsys):
    assert main(["models", "pull", "ru-en", "--models-dir", str(models_dir)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(
        "provenance models: error: cannot download Helsinki-NLP/opus-mt-ru-en from the Hugging Face Hub "
        "(OfflineModeIsEnabled: "
    )
    assert err.endswith(
        f"; without a network, copy the model directory to {models_dir / 'opus-mt-ru-en'} "
        "or pass --source DIR\n"
    )
    assert err.count("\n") == 1
    assert list(models_dir.iterdir()) == []


@pytest.mark.parametrize(
    ("target", "code", "message"),
    [
        ("tlh-en", 2, "no model is configured for tlh-en in "),
        ("be-en", 1, "cannot download facebook/nllb-200-distilled-600M from the Hugging Face Hub"),
    ],
)
def test_pull_errors(models_dir, capsys, target, code, message):
    assert main(["models", "pull", target, "--models-dir", str(models_dir)]) == code
    assert message in capsys.readouterr().err


def test_pull_from_a_source_without_the_model(models_dir, tmp_path, capsys):
    assert main(["models", "pull", "ru-en", "--source", str(tmp_path), "--models-dir", str(models_dir)]) == 1
    assert capsys.readouterr().err == (
        f"provenance models: error: {tmp_path}: has no Helsinki-NLP/opus-mt-ru-en "
        f"(looked for {tmp_path / 'Helsinki-NLP' / 'opus-mt-ru-en'})\n"
    )


def test_pull_of_a_corrupt_model_names_the_file_and_leaves_nothing(tiny_marian, models_dir, tmp_path, capsys):
    mirror = hub_mirror(tiny_marian, tmp_path)
    (mirror / "Helsinki-NLP" / "opus-mt-ru-en" / "source.spm").write_bytes(b"junk")
    assert main(["models", "pull", "ru-en", "--source", str(mirror), "--models-dir", str(models_dir)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"provenance models: error: {models_dir}/.opus-mt-ru-en.tmp-")
    assert err.endswith("/source.spm: not a valid sentencepiece model\n")
    assert list(models_dir.iterdir()) == []


def test_convert_a_registry_model_and_a_directory(tiny_marian, models_dir, tmp_path, capsys):
    install(tiny_marian, models_dir)
    assert main(["models", "convert", "opus-mt-ru-en-ct2", "--models-dir", str(models_dir)]) == 0
    [converted] = rows(capsys)
    assert converted["path"] == str(models_dir / "opus-mt-ru-en-ct2")
    assert converted["model_id"].endswith("+ct2-int8")
    elsewhere = install(tiny_marian, tmp_path, "mine")
    command = [
        "models",
        "convert",
        str(elsewhere),
        "--quantization",
        "float32",
        "--models-dir",
        str(models_dir),
    ]
    assert main(command) == 0
    [converted] = rows(capsys)
    assert (converted["path"], converted["backend"]) == (str(tmp_path / "mine-ct2"), "ctranslate2")
    assert main(["models", "convert", "opus-mt-ru-en", "--models-dir", str(models_dir)]) == 2
    assert "opus-mt-ru-en: not a CTranslate2 model with convert_from in " in capsys.readouterr().err

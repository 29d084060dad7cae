"""End to end with a tiny real Marian checkpoint: resolution, loading, generate, CTranslate2, errors."""
# ruff: noqa: F811 (pytest fixtures imported from mt_fixtures are redefined as arguments)

from __future__ import annotations

import json
import re
import shutil

import pytest
from mt_fixtures import FAST, empty_hf_cache, install, models_dir, tiny_marian  # noqa: F401

from pipeline.core.errors import UsageError
from pipeline.mt.convert import convert_to_ctranslate2
from pipeline.mt.errors import CorruptModel, ModelUnavailable, RegistryError, UnknownPair
from pipeline.mt.model_folders import inspect_dir
from pipeline.mt.registry import DEFAULT_MODELS_DIR, load_registry
from pipeline.mt.segment import plan_pieces
from pipeline.mt.translate import MissingPair, missing_pairs, resolve_translator

pytestmark = pytest.mark.usefixtures("empty_hf_cache")
SHA = re.compile(r"sha256:[0-9a-f]{16}")
TEXTS = [
    "Министр заявил РИА Новости, что переговоры продолжатся.",
    "",
    "Цены выросли.",
    "Это не так, сказал он журналистам. Главное — не торопиться с выводами.",
    "Путин said «нет» 日本語 ελληνικά",
    "Да.",
]


def resolve(models_dir, **options):
    return resolve_translator("ru", "en", models_dir=models_dir, use_cache=False, mt_settings=FAST, **options)


def test_a_model_in_models_dir_is_found_loaded_and_named(tiny_marian, models_dir):
    install(tiny_marian, models_dir)
    translator = resolve(models_dir)
    assert SHA.sub("sha256:*", translator.model_id) == "Helsinki-NLP/opus-mt-ru-en@sha256:*"
    assert translator.backend.located.origin == "models-dir"
    assert translator.backend.max_source_tokens == 38  # the tiny model's 40 positions, minus 2


def test_batched_translation_keeps_order_and_equals_one_by_one(tiny_marian, models_dir):
    install(tiny_marian, models_dir)
    translator = resolve(models_dir)
    batched = translator.translate(TEXTS)
    alone = [translator.translate([text])[0] for text in TEXTS]
    assert batched == alone
    assert batched[1] == ""
    assert len({t for t in batched if t}) >= 4  # the random model's outputs depend on the input


def test_long_input_is_split_translated_and_reassembled(tiny_marian, models_dir, caplog):
    install(tiny_marian, models_dir)
    translator = resolve(models_dir)
    text = " ".join(TEXTS * 8)
    [whole] = translator.translate([text])
    backend = translator.backend
    pieces = plan_pieces(text, "ru", backend.count_tokens, FAST.chunk_tokens, backend.max_source_tokens)
    assert len(pieces) > 10 and all(p.tokens <= backend.max_source_tokens for p in pieces)
    assert whole == " ".join(translator.translate([p.text])[0] for p in pieces)
    assert "indexing errors" not in caplog.text


def test_translation_cache_is_used_across_translators(tiny_marian, models_dir, tmp_path, monkeypatch):
    install(tiny_marian, models_dir)
    options = {"models_dir": models_dir, "cache_dir": tmp_path / "cache", "mt_settings": FAST}
    first = resolve_translator("ru", "en", **options).translate(TEXTS)
    second = resolve_translator("ru", "en", **options)
    monkeypatch.setattr(second.backend, "_generate", lambda texts: pytest.fail(f"translated again: {texts}"))
    assert second.translate(TEXTS) == first


def test_a_model_in_the_hugging_face_cache_is_found_with_its_commit(tiny_marian, models_dir, empty_hf_cache):
    commit = "0123456789abcdef0123456789abcdef01234567"
    repo = empty_hf_cache / "models--Helsinki-NLP--opus-mt-ru-en"
    shutil.copytree(tiny_marian, repo / "snapshots" / commit)
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text(commit)
    translator = resolve(models_dir)
    assert translator.model_id == f"Helsinki-NLP/opus-mt-ru-en@{commit}"
    assert translator.backend.located.origin == "hf-cache"


def test_missing_model_names_the_pair_and_the_fetch_command(models_dir):
    with pytest.raises(ModelUnavailable) as raised:
        resolve(models_dir)
    assert str(raised.value) == (
        "no translation model for ru-en is present (looked for opus-mt-ru-en-ct2, opus-mt-ru-en, "
        f"nllb-200-distilled-600M, m2m100_418M in {models_dir} and the Hugging Face cache); "
        "fetch one with: provenance models pull ru-en"
    )
    assert raised.value.fetch_command == "provenance models pull ru-en"


def test_missing_pairs_lists_each_pair_without_a_model_once(tiny_marian, models_dir):
    install(tiny_marian, models_dir)
    missing = missing_pairs([("uk", "en"), ("ru", "en"), ("uk", "en"), ("xx", "en")], models_dir=models_dir)
    assert [(m.src, m.tgt, m.fetch_command) for m in missing] == [
        ("uk", "en", "provenance models pull uk-en"),
        ("xx", "en", None),
    ]
    assert all(isinstance(m, MissingPair) and "\n" not in m.reason for m in missing)


def test_unknown_pair_lists_the_configured_pairs(models_dir):
    with pytest.raises(UnknownPair) as raised:
        resolve_translator("xx", "en", models_dir=models_dir)
    configured = sorted(load_registry(DEFAULT_MODELS_DIR / "registry.toml").pairs)
    assert str(raised.value) == (
        f"no model is configured for xx-en in {DEFAULT_MODELS_DIR / 'registry.toml'}; "
        f"configured pairs: {', '.join(configured)}"
    )
    assert isinstance(raised.value, ModelUnavailable | UsageError)


def _replace(name, data):
    return lambda model: (model / name).write_bytes(data)


def _truncate(name):
    return lambda model: (model / name).write_bytes((model / name).read_bytes()[:-100])


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (_replace("config.json", b"{not json"), "config.json: not valid JSON (Expecting property name"),
        (lambda model: (model / "config.json").unlink(), "config.json: missing"),
        (_truncate("model.safetensors"), "model.safetensors: truncated ("),
        (
            _replace("model.safetensors", b"\x00" * 4),
            "model.safetensors: truncated or not a safetensors file",
        ),
        (lambda model: (model / "model.safetensors").unlink(), ": no weights file (model.safetensors or "),
        (
            lambda model: (model / "source.spm").unlink(),
            "source.spm: missing (the marian tokenizer needs it)",
        ),
        (_replace("target.spm", b"garbage"), "target.spm: not a valid sentencepiece model"),
        (_replace("vocab.json", b"[1, 2"), "vocab.json: not valid JSON"),
        (
            _replace("config.json", b'{"model_type": "bert"}'),
            "model_type 'bert' is not a supported translation",
        ),
    ],
)
def test_corrupt_model_directory_names_the_file(tiny_marian, models_dir, damage, message):
    damage(install(tiny_marian, models_dir))
    with pytest.raises(CorruptModel) as raised:
        resolve(models_dir)
    assert message in str(raised.value)
    assert str(models_dir / "opus-mt-ru-en") in str(raised.value)
    assert "\n" not in str(raised.value)


def test_model_given_as_a_path_or_a_registry_name(tiny_marian, models_dir, tmp_path):
    elsewhere = install(tiny_marian, tmp_path, "my-model")
    translator = resolve(models_dir, model=str(elsewhere))
    assert translator.backend.located.origin == "path"
    assert translator.model_id.startswith("my-model@sha256:")
    with pytest.raises(ModelUnavailable, match=r"fetch one with: provenance models pull opus-mt-ru-en$"):
        resolve(models_dir, model="opus-mt-ru-en")
    with pytest.raises(UsageError, match=r"^--model nonsense: not a directory, a model named in "):
        resolve(models_dir, model="nonsense")
    with pytest.raises(ModelUnavailable, match=r"fetch one with: hf download someone/model"):
        resolve(models_dir, model="someone/model")


def test_ctranslate2_conversion_is_preferred_and_translates(tiny_marian, models_dir):
    source = inspect_dir(
        install(tiny_marian, models_dir), origin="models-dir", name="Helsinki-NLP/opus-mt-ru-en"
    )
    convert_to_ctranslate2(source, models_dir / "opus-mt-ru-en-ct2", "int8")
    translator = resolve(models_dir)
    assert translator.model_id == f"{source.model_id}+ct2-int8"
    assert translator.backend.located.backend == "ctranslate2"
    batched = translator.translate(TEXTS)
    assert batched == [translator.translate([text])[0] for text in TEXTS]
    assert batched[1] == "" and all(isinstance(t, str) for t in batched)


def test_ctranslate2_float32_gives_the_transformers_output(tiny_marian, models_dir):
    source = inspect_dir(install(tiny_marian, models_dir), origin="models-dir")
    converted = convert_to_ctranslate2(source, models_dir / "float32-ct2", "float32")
    reference = resolve(models_dir, model=str(source.path)).translate(TEXTS)
    assert resolve(models_dir, model=str(converted.path)).translate(TEXTS) == reference


def test_corrupt_ctranslate2_model_names_model_bin(tiny_marian, models_dir):
    source = inspect_dir(install(tiny_marian, models_dir, "plain"), origin="models-dir")
    converted = convert_to_ctranslate2(source, models_dir / "opus-mt-ru-en-ct2", "int8")
    (converted.path / "model.bin").write_bytes(b"not a model")
    with pytest.raises(CorruptModel, match=r"model\.bin: missing or not the size recorded"):
        resolve(models_dir)
    metadata = json.loads((converted.path / ".provenance-model.json").read_text())
    metadata["sizes"]["model.bin"] = len(b"not a model")
    (converted.path / ".provenance-model.json").write_text(json.dumps(metadata))
    with pytest.raises(CorruptModel, match=r"opus-mt-ru-en-ct2/model\.bin: cannot load \("):
        resolve(models_dir)


@pytest.mark.parametrize(
    ("registry", "message"),
    [
        ("[pairs\n", "not valid TOML"),
        ('[pairs]\n"ru-en" = ["ghost"]\n', "pair ru-en lists 'ghost', which has no [models.ghost] table"),
        ('[pairs]\n"ruen" = []\n', "pair 'ruen' is not of the form 'ru-en'"),
        (
            '[pairs]\n"xx-en" = ["m"]\n[models.m]\nfamily = "nllb"\n[codes.nllb]\nen = "eng_Latn"\n',
            "[codes.nllb] has no code for 'xx' (pair xx-en)",
        ),
        ('[models.m]\nfamily = "gpt"\n', "model 'm': family must be one of ['marian', 'nllb', 'm2m100']"),
        ('[models.m]\nfamily = "marian"\nsize = 3\n', "model 'm' has unknown keys ['size']"),
    ],
)
def test_malformed_registry_is_reported_with_its_path(models_dir, registry, message):
    (models_dir / "registry.toml").write_text(registry)
    with pytest.raises(RegistryError) as raised:
        resolve(models_dir)
    assert str(raised.value).startswith(f"{models_dir / 'registry.toml'}: ")
    assert message in str(raised.value)


def test_multilingual_models_get_their_own_language_codes():
    registry = load_registry(DEFAULT_MODELS_DIR / "registry.toml")
    assert [registry.lang_code(family, "ru") for family in ("nllb", "m2m100", "marian")] == [
        "rus_Cyrl",
        "ru",
        None,
    ]
    assert registry.lang_code("nllb", "en") == "eng_Latn"

"""Shared fixtures for the machine-translation tests: a tiny but real Marian checkpoint.

It is built once per test session (sentencepiece trained on the lines below, a MarianConfig with a
handful of dimensions, random weights saved with save_pretrained) and then only linked or copied,
so every test goes through the same resolution and loading code a downloaded opus-mt model does.
Its output is noise; no test looks at translation quality.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.mt.backends import Generation
from pipeline.mt.synthetic import MarianShape, build_marian
from pipeline.mt.translate import MTSettings

CORPUS = [
    "Министр иностранных дел заявил РИА Новости, что переговоры продолжатся.",
    "The foreign minister told RIA Novosti that the talks would continue.",
    "Дипломат назвал систему «Цербер» угрозой для региона.",
    "The diplomat called the Cerberus system a threat to the region.",
    "Пресс-секретарь сообщил, что встреча состоится в четверг.",
    "The spokesperson said the meeting would take place on Thursday.",
    "По данным «Коммерсанта», сделка оценивается в 2,5 млрд рублей.",
    "According to Kommersant, the deal is worth 2.5 billion roubles.",
    "Это не так, сказал он журналистам.",
    "That is not so, he told journalists.",
    "Цены выросли на 15% за год.",
    "Prices rose by 15% over the year.",
    "Москва, 18 августа. Правительство одобрило законопроект.",
    "Moscow, August 18. The government approved the bill.",
    "Мы никогда не соглашались на эти условия.",
    "We never agreed to these terms.",
    "Главное — не торопиться с выводами.",
    "The main thing is not to rush to conclusions.",
    "Представитель ведомства отказался от комментариев.",
    "A representative of the agency declined to comment.",
    "Украина, Беларусь и Болгария.",
    "Ukraine, Belarus and Bulgaria.",
    "日本語 text and ελληνικά letters.",
    "Question? Answer! Ellipsis… end.",
] * 2

TINY_SHAPE = MarianShape(max_positions=40)
# One thread: on a shared, busy machine OpenMP spin-waiting makes two threads ~15x slower than one.
FAST = MTSettings(
    chunk_tokens=24, max_batch_tokens=256, max_batch_size=4, generation=Generation(beam_size=1, threads=1)
)


@pytest.fixture(scope="session")
def tiny_marian(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The pristine tiny checkpoint; never modify it (copy it first)."""
    return built_tiny_marian(tmp_path_factory)


def built_tiny_marian(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # Built once per session even when several test modules import this fixture.
    root = tmp_path_factory.getbasetemp() / "tiny-marian"
    if not (root / "model.safetensors").exists():
        build_marian(root.with_name("tiny-marian-building"), CORPUS, spm_vocab=120, shape=TINY_SHAPE)
        root.with_name("tiny-marian-building").rename(root)
    return root


@pytest.fixture()
def models_dir(tmp_path: Path) -> Path:
    """An empty models/ folder, searched with the project's registry."""
    folder = tmp_path / "models"
    folder.mkdir()
    return folder


@pytest.fixture()
def empty_hf_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the Hugging Face cache at an empty folder and forbid the network."""
    from huggingface_hub import constants

    cache = tmp_path / "hf-cache"
    cache.mkdir()
    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(cache))
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", True)
    return cache


def install(tiny_marian: Path, models_dir: Path, name: str = "opus-mt-ru-en") -> Path:
    """Copy the tiny checkpoint into models_dir under `name` (a copy, so a test may corrupt it)."""
    target = models_dir / name
    shutil.copytree(tiny_marian, target)
    return target

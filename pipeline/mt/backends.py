"""MT backends behind one interface. Each backend overrides `_generate`; the registry imports lazily."""

from __future__ import annotations

import importlib
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pipeline.mt.errors import CorruptModel
from pipeline.mt.model_folders import TOKENIZER_SUBDIR, LocatedModel

BACKEND_CLASSES = {
    "transformers": "pipeline.mt.hf_backend.TransformersBackend",
    "ctranslate2": "pipeline.mt.ct2_backend.CTranslate2Backend",
}
LENGTH_STEP = 16


@dataclass(frozen=True)
class Generation:
    """Decoding settings; every field changes the output, so all of them key the cache."""

    beam_size: int = 4
    length_ratio: float = 2.0  # max new tokens = ratio * source tokens + 10, capped by the model
    pinned_output_tokens: int | None = None  # benchmarks only: exactly this many new tokens
    threads: int = 0  # 0: the library's default

    def signature(self) -> str:
        pinned = f"|pinned:{self.pinned_output_tokens}" if self.pinned_output_tokens else ""
        return f"beam:{self.beam_size}|ratio:{self.length_ratio}{pinned}"


@dataclass(frozen=True)
class LangCodes:
    src: str | None  # the model's code, e.g. rus_Cyrl (NLLB), ru (M2M100); None for Marian
    tgt: str | None


class Backend:
    """A loaded model. Subclasses implement `_load` and `_generate` (texts already cut to fit)."""

    def __init__(self, located: LocatedModel, codes: LangCodes, generation: Generation):
        self.located = located
        self.codes = codes
        self.generation = generation
        self.tokenizer = _load_tokenizer(located, codes)
        self._load()

    def _load(self) -> None:
        raise NotImplementedError

    def _generate(self, texts: list[str]) -> list[str]:
        raise NotImplementedError

    def generate(self, texts: Sequence[str]) -> list[str]:
        return self._generate(list(texts))

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Model tokens per text, the end-of-sentence token included."""
        if not texts:
            return []
        return [len(ids) for ids in self.tokenizer(list(texts), verbose=False)["input_ids"]]

    @property
    def max_source_tokens(self) -> int:
        return max(8, self.located.max_positions - 2)

    def max_new_tokens(self, longest_source: int) -> int:
        """The output cap for sources of this length.

        Lengths are rounded up to a multiple of LENGTH_STEP so that every source in a batch of one
        step gets the cap it would get alone: a text's translation never depends on its neighbours.
        """
        if self.generation.pinned_output_tokens:
            return self.generation.pinned_output_tokens
        rounded = math.ceil(longest_source / LENGTH_STEP) * LENGTH_STEP
        wanted = math.ceil(self.generation.length_ratio * rounded) + 10
        return min(wanted, self.located.max_positions - 1)

    @property
    def target_token(self) -> str | None:
        """The token that makes a multilingual model write the target language."""
        if self.codes.tgt is None:
            return None
        return f"__{self.codes.tgt}__" if self.located.family == "m2m100" else self.codes.tgt


def load_backend(located: LocatedModel, codes: LangCodes, generation: Generation) -> Backend:
    return _load_backend(located, codes, generation)


def release_backends() -> None:
    """Let go of the loaded translation models."""
    _load_backend.cache_clear()


@lru_cache(maxsize=4)
def _load_backend(located: LocatedModel, codes: LangCodes, generation: Generation) -> Backend:
    module_name, _, class_name = BACKEND_CLASSES[located.backend].rpartition(".")
    backend_class = getattr(importlib.import_module(module_name), class_name)
    return backend_class(located, codes, generation)


def _load_tokenizer(located: LocatedModel, codes: LangCodes) -> Any:
    from transformers import AutoTokenizer

    where = located.path / TOKENIZER_SUBDIR if located.backend == "ctranslate2" else located.path
    try:
        tokenizer = AutoTokenizer.from_pretrained(str(where), local_files_only=True)
    except Exception as exc:  # transformers raises many types for a broken directory
        raise CorruptModel(f"{where}: cannot load the tokenizer ({_first_line(exc)})") from exc
    if codes.src is not None:
        tokenizer.src_lang = codes.src
        tokenizer.tgt_lang = codes.tgt
    return tokenizer


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}"

"""The translate stage: machine translation of foreign-language spans into English.

    translator = resolve_translator("ru", "en")        # raises ModelUnavailable (a PipelineError)
    english = translator.translate(["Привет, мир."])   # order kept; cached across runs
    translator.model_id                                 # "Helsinki-NLP/opus-mt-ru-en@<revision>"

Models are found offline only (models/<dir>, a --model path, the local Hugging Face cache);
`missing_pairs` tells a run up front which pairs have no model and how to fetch one.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from pipeline.core.errors import UsageError
from pipeline.mt.backends import Backend, Generation, LangCodes, load_backend
from pipeline.mt.batching import length_batches
from pipeline.mt.cache import TranslationCache, default_cache_path
from pipeline.mt.errors import CorruptModel, ModelUnavailable, UnknownPair
from pipeline.mt.fetch import fetch_command
from pipeline.mt.model_folders import LocatedModel, hf_cache_snapshot, inspect_dir, locate
from pipeline.mt.registry import Registry, default_models_dir, load_registry, registry_path
from pipeline.mt.segment import Piece, plan_pieces, reassemble
from pipeline.text.segment import splitter_name

__all__ = [
    "VERSION",
    "CorruptModel",
    "MTSettings",
    "MissingPair",
    "ModelUnavailable",
    "Translator",
    "UnknownPair",
    "locate_model",
    "missing_pairs",
    "resolve_translator",
    "settings",
]

VERSION = "2"
log = logging.getLogger("pipeline.mt.translate")


@dataclass(frozen=True)
class MTSettings:
    chunk_tokens: int = 200  # longer texts are split into sentences packed up to this many tokens
    max_batch_tokens: int = 4096  # batch size * longest source in the batch (bounds memory)
    max_batch_size: int = 32
    generation: Generation = field(default_factory=Generation)


def settings(mt_settings: MTSettings | None = None) -> dict:
    """Everything that shapes a translation, for the stage cache key and the record signature."""
    data = asdict(mt_settings or MTSettings())
    del data["generation"]["threads"]  # speed only: the output is the same
    return {"version": VERSION, **data}


@dataclass(frozen=True)
class MissingPair:
    src: str
    tgt: str
    reason: str  # one line, e.g. "no translation model for ru-en is present (...); fetch one with: ..."
    fetch_command: str | None


class Translator:
    """A model ready to translate one language pair, with its cache."""

    def __init__(
        self, backend: Backend, src: str, tgt: str, cache: TranslationCache | None, mt_settings: MTSettings
    ):
        self.backend = backend
        self.src = src
        self.tgt = tgt
        self.cache = cache
        self.settings = mt_settings

    @property
    def model_id(self) -> str:
        return self.backend.located.model_id

    def signature(self) -> str:
        return f"{self.model_id}|{self.settings.generation.signature()}|mt:{VERSION}"

    def translate(self, texts: Sequence[str]) -> list[str]:
        """One translation per text, in order; a blank text gives ''."""
        started = time.perf_counter()
        plans = self._plan(texts)
        unique = {piece.text: piece for plan in plans for piece in plan}
        done = self._from_cache(list(unique))
        cached = len(done)
        todo = [piece for text, piece in unique.items() if text not in done]
        for sources in self._batches(todo):
            translated = list(zip(sources, self.backend.generate(sources), strict=True))
            done.update(translated)
            if self.cache is not None:
                self.cache.put_many(self.model_id, self.settings.generation.signature(), translated)
        log.info(
            "translate %s-%s: %d texts, %d pieces (%d from cache) in %.2f s with %s",
            self.src,
            self.tgt,
            len(texts),
            len(unique),
            cached,
            time.perf_counter() - started,
            self.model_id,
        )
        return [reassemble(plan, done) for plan in plans]

    def _batches(self, pieces: list[Piece]) -> Iterator[list[str]]:
        """Length-bucketed batches that never mix output caps (see Backend.max_new_tokens)."""
        groups: dict[int, list[Piece]] = {}
        for piece in pieces:
            groups.setdefault(self.backend.max_new_tokens(piece.tokens), []).append(piece)
        for cap in sorted(groups, reverse=True):
            group = groups[cap]
            lengths = [piece.tokens for piece in group]
            for batch in length_batches(
                lengths, self.settings.max_batch_tokens, self.settings.max_batch_size
            ):
                yield [group[i].text for i in batch]

    def _plan(self, texts: Sequence[str]) -> list[tuple[Piece, ...]]:
        backend = self.backend
        limit = backend.max_source_tokens
        chunk = min(self.settings.chunk_tokens, limit)
        stripped = [text.strip() for text in texts]
        nonblank = [text for text in stripped if text]
        counts = dict(zip(nonblank, backend.count_tokens(nonblank), strict=True))
        return [
            plan_pieces(text, self.src, backend.count_tokens, chunk, limit, counts.get(text))
            for text in stripped
        ]

    def _from_cache(self, texts: list[str]) -> dict[str, str]:
        if self.cache is None or not texts:
            return {}
        return self.cache.get_many(self.model_id, self.settings.generation.signature(), texts)


def resolve_translator(
    src: str,
    tgt: str,
    model: str | None = None,
    models_dir: Path | None = None,
    *,
    cache_dir: Path | None = None,
    use_cache: bool = True,
    mt_settings: MTSettings | None = None,
) -> Translator:
    """A Translator for src→tgt; raises ModelUnavailable (UnknownPair, CorruptModel) with one line."""
    mt_settings = mt_settings or MTSettings()
    models_dir = models_dir or default_models_dir()
    registry = load_registry(registry_path(models_dir))
    located = locate_model(src, tgt, model, models_dir, registry)
    codes = LangCodes(registry.lang_code(located.family, src), registry.lang_code(located.family, tgt))
    if located.family != "marian" and (codes.src is None or codes.tgt is None):
        raise ModelUnavailable(
            f"{located.path}: a {located.family} model, but {registry.path} has no "
            f"[codes.{located.family}] code for {src} or {tgt}",
            pair=f"{src}-{tgt}",
        )
    backend = load_backend(located, codes, mt_settings.generation)
    cache = TranslationCache(default_cache_path(cache_dir)) if use_cache else None
    log.debug(
        "translate %s-%s: %s from %s (%s, %s, sentences: %s)",
        src,
        tgt,
        located.model_id,
        located.path,
        located.backend,
        located.origin,
        splitter_name(src),
    )
    return Translator(backend, src, tgt, cache, mt_settings)


def locate_model(src: str, tgt: str, model: str | None, models_dir: Path, registry: Registry) -> LocatedModel:
    """The model that would serve src→tgt, found offline; nothing is loaded."""
    pair = f"{src}-{tgt}"
    if model is not None:
        return _locate_named(pair, model, models_dir, registry)
    specs = registry.models_for(src, tgt)
    for spec in specs:
        located = locate(spec, models_dir)
        if located is not None:
            return located
    raise ModelUnavailable.absent(
        pair,
        fetch_command(pair),
        [spec.name for spec in specs],
        where=f" in {models_dir} and the Hugging Face cache",
    )


def _locate_named(pair: str, model: str, models_dir: Path, registry: Registry) -> LocatedModel:
    path = Path(model).expanduser()
    if path.exists():
        return inspect_dir(path, origin="path")
    if model in registry.models:
        located = locate(registry.models[model], models_dir)
        if located is None:
            raise ModelUnavailable.absent(
                pair, fetch_command(model), [model], where=f" in {models_dir} and the Hugging Face cache"
            )
        return located
    if "/" in model:
        snapshot = hf_cache_snapshot(model)
        if snapshot is None:
            raise ModelUnavailable.absent(
                pair,
                f"hf download {model} (on a machine with a network)",
                [model],
                where=" in the Hugging Face cache",
            )
        return inspect_dir(snapshot, origin="hf-cache", name=model, revision=snapshot.name)
    raise UsageError(
        f"--model {model}: not a directory, a model named in {registry.path} "
        f"({', '.join(sorted(registry.models))}) or a Hugging Face id (org/name)"
    )


def missing_pairs(pairs: Iterable[tuple[str, str]], models_dir: Path | None = None) -> list[MissingPair]:
    """The pairs among `pairs` that no present model serves, each with the reason and the fetch command."""
    models_dir = models_dir or default_models_dir()
    registry = load_registry(registry_path(models_dir))
    missing = []
    for src, tgt in sorted(set(pairs)):
        try:
            locate_model(src, tgt, None, models_dir, registry)
        except ModelUnavailable as exc:
            missing.append(MissingPair(src, tgt, str(exc), exc.fetch_command))
    return missing

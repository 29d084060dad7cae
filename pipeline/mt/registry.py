"""The model registry (`models/registry.toml`): which model serves which pair, in preferred order."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from pipeline.mt.errors import RegistryError, UnknownPair

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_MODELS_DIR = REPO_ROOT / "models"
REGISTRY_NAME = "registry.toml"
FAMILIES = ("marian", "nllb", "m2m100")
BACKENDS = ("transformers", "ctranslate2")
MULTILINGUAL = ("nllb", "m2m100")


@dataclass(frozen=True)
class ModelSpec:
    name: str
    family: str  # marian | nllb | m2m100
    backend: str  # transformers | ctranslate2
    dir: str  # folder under models/
    hub: str | None = None  # Hugging Face repository id
    convert_from: str | None = None  # for ctranslate2: the registry model it is converted from
    quantization: str = "int8"


@dataclass(frozen=True)
class Registry:
    path: Path
    pairs: dict[str, tuple[str, ...]]
    models: dict[str, ModelSpec]
    codes: dict[str, dict[str, str]]  # family -> ISO 639-1 -> the model's code

    def models_for(self, src: str, tgt: str) -> tuple[ModelSpec, ...]:
        pair = f"{src}-{tgt}"
        if pair not in self.pairs:
            raise UnknownPair(pair, sorted(self.pairs), str(self.path))
        return tuple(self.models[name] for name in self.pairs[pair])

    def lang_code(self, family: str, lang: str) -> str | None:
        """The code a model of `family` expects for `lang`; None for marian (one model per pair)."""
        if family not in MULTILINGUAL:
            return None
        return self.codes.get(family, {}).get(lang)

    def fetchable(self, spec: ModelSpec) -> ModelSpec | None:
        """The downloadable model behind `spec`: itself, or the model it is converted from."""
        if spec.hub:
            return spec
        if spec.convert_from:
            return self.fetchable(self.models[spec.convert_from])
        return None


def default_models_dir() -> Path:
    return Path(os.environ.get("PROVENANCE_MODELS_DIR") or DEFAULT_MODELS_DIR)


def registry_path(models_dir: Path | None = None) -> Path:
    """models_dir/registry.toml when it exists, else the project's registry."""
    candidate = (models_dir or default_models_dir()) / REGISTRY_NAME
    return candidate if candidate.is_file() else DEFAULT_MODELS_DIR / REGISTRY_NAME


def load_registry(path: Path) -> Registry:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RegistryError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise RegistryError(f"{path}: not valid TOML ({exc})") from exc
    models = {name: _spec(path, name, entry) for name, entry in data.get("models", {}).items()}
    pairs = {pair: tuple(names) for pair, names in data.get("pairs", {}).items()}
    codes = {family: dict(table) for family, table in data.get("codes", {}).items()}
    registry = Registry(path=path, pairs=pairs, models=models, codes=codes)
    _check(registry)
    return registry


def _spec(path: Path, name: str, entry: dict) -> ModelSpec:
    known = {"family", "backend", "dir", "hub", "convert_from", "quantization"}
    unknown = sorted(set(entry) - known)
    if unknown:
        raise RegistryError(f"{path}: model {name!r} has unknown keys {unknown}")
    spec = ModelSpec(
        name=name,
        family=entry.get("family", ""),
        backend=entry.get("backend", "transformers"),
        dir=entry.get("dir", name),
        hub=entry.get("hub"),
        convert_from=entry.get("convert_from"),
        quantization=entry.get("quantization", "int8"),
    )
    if spec.family not in FAMILIES:
        raise RegistryError(f"{path}: model {name!r}: family must be one of {list(FAMILIES)}")
    if spec.backend not in BACKENDS:
        raise RegistryError(f"{path}: model {name!r}: backend must be one of {list(BACKENDS)}")
    return spec


def _check(registry: Registry) -> None:
    where = registry.path
    for pair, names in registry.pairs.items():
        src, sep, tgt = pair.partition("-")
        if not (src and sep and tgt):
            raise RegistryError(f"{where}: pair {pair!r} is not of the form 'ru-en'")
        for name in names:
            spec = registry.models.get(name)
            if spec is None:
                raise RegistryError(
                    f"{where}: pair {pair} lists {name!r}, which has no [models.{name}] table"
                )
            for lang in (src, tgt):
                if spec.family in MULTILINGUAL and registry.lang_code(spec.family, lang) is None:
                    raise RegistryError(
                        f"{where}: [codes.{spec.family}] has no code for {lang!r} (pair {pair})"
                    )
    for spec in registry.models.values():
        if spec.convert_from and spec.convert_from not in registry.models:
            raise RegistryError(
                f"{where}: model {spec.name!r} converts from unknown model {spec.convert_from!r}"
            )

"""`provenance models pull`: the one place that may use the network, and only when asked.

A source yields a model directory for a Hugging Face repository id: `HubSource` downloads it,
`LocalSource` copies it from a folder laid out as `<root>/<org>/<name>` (a mirror, a USB disk, a
test fixture). Either way the copy is checked with the same code that checks models at run time,
stamped with its revision, and renamed into place atomically.
"""

from __future__ import annotations

import logging
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from pipeline.mt.convert import convert_to_ctranslate2
from pipeline.mt.errors import FetchFailed, UnknownPair
from pipeline.mt.model_folders import LocatedModel, fingerprint, inspect_dir, read_metadata, write_metadata
from pipeline.mt.registry import ModelSpec, Registry

log = logging.getLogger("pipeline.models")
HUB_FILES = ["*.json", "*.spm", "*.model", "*.txt", "*.safetensors", "pytorch_model*.bin"]


def fetch_command(pair: str) -> str:
    return f"provenance models pull {pair}"


class HubSource:
    name = "the Hugging Face Hub"

    def fetch(self, repo_id: str, into: Path) -> str:
        """Download into `into`; returns the commit hash."""
        try:
            from huggingface_hub import HfApi, snapshot_download

            info = HfApi().model_info(repo_id)
            files = [sibling.rfilename for sibling in info.siblings or ()]
            ignore = ["pytorch_model*.bin"] if any(f.endswith(".safetensors") for f in files) else None
            snapshot_download(
                repo_id, revision=info.sha, local_dir=into, allow_patterns=HUB_FILES, ignore_patterns=ignore
            )
        except Exception as exc:  # no network, offline mode, 404, auth: all end the same way
            raise FetchFailed(f"cannot download {repo_id} from {self.name} ({_reason(exc)})") from exc
        shutil.rmtree(into / ".cache", ignore_errors=True)
        return str(info.sha)


@dataclass(frozen=True)
class LocalSource:
    root: Path

    @property
    def name(self) -> str:
        return str(self.root)

    def fetch(self, repo_id: str, into: Path) -> str:
        for candidate in (self.root / repo_id, self.root / repo_id.rpartition("/")[2]):
            if candidate.is_dir():
                shutil.copytree(candidate, into, dirs_exist_ok=True)
                return read_metadata(into).get("revision") or f"sha256:{fingerprint(into)}"
        raise FetchFailed(f"{self.root}: has no {repo_id} (looked for {self.root / repo_id})")


def choose_spec(target: str, registry: Registry) -> tuple[ModelSpec, list[ModelSpec]]:
    """The downloadable model for a pair ('ru-en') or a model name, and the ct2 models made from it."""
    if target in registry.models:
        spec = registry.fetchable(registry.models[target])
        candidates = [registry.models[target]]
    elif "-" in target and target in registry.pairs:
        candidates = list(registry.models_for(*target.split("-", 1)))
        spec = next((found for c in candidates if (found := registry.fetchable(c))), None)
    else:
        raise UnknownPair(target, sorted(registry.pairs), str(registry.path))
    if spec is None:
        raise FetchFailed(f"{target}: no model in {registry.path} names a Hugging Face repository to fetch")
    conversions = [c for c in candidates if c.backend == "ctranslate2" and c.convert_from == spec.name]
    return spec, conversions


def pull(
    target: str, registry: Registry, models_dir: Path, source, convert: bool = True, force: bool = False
) -> list[LocatedModel]:
    spec, conversions = choose_spec(target, registry)
    destination = models_dir / spec.dir
    if destination.exists() and not force:
        log.info("%s is already present in %s (use --force to fetch it again)", spec.name, destination)
        located = inspect_dir(destination, origin="models-dir", family=spec.family, name=spec.hub)
    else:
        located = _fetch_into(spec, destination, source)
    pulled = [located]
    for conversion in conversions if convert else ():
        out_dir = models_dir / conversion.dir
        pulled.append(convert_to_ctranslate2(located, out_dir, conversion.quantization))
    return pulled


def _fetch_into(spec: ModelSpec, destination: Path, source) -> LocatedModel:
    destination.parent.mkdir(parents=True, exist_ok=True)
    temporary = destination.with_name(f".{destination.name}.tmp-{os.getpid()}")
    shutil.rmtree(temporary, ignore_errors=True)
    try:
        try:
            revision = source.fetch(spec.hub, temporary)
        except FetchFailed as exc:
            if not isinstance(source, HubSource):
                raise
            raise FetchFailed(
                f"{exc}; without a network, copy the model directory to {destination} or pass --source DIR"
            ) from exc
        inspect_dir(temporary, origin="models-dir", family=spec.family, name=spec.hub, revision=revision)
        _write_metadata(temporary, spec, revision)
        shutil.rmtree(destination, ignore_errors=True)
        temporary.rename(destination)
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
    log.info("pulled %s@%s from %s into %s", spec.hub, revision, source.name, destination)
    return inspect_dir(destination, origin="models-dir", family=spec.family, name=spec.hub)


def _write_metadata(directory: Path, spec: ModelSpec, revision: str) -> None:
    write_metadata(directory, {"backend": spec.backend, "family": spec.family, "hub": spec.hub, "revision": revision})


def _reason(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {lines[0] if lines else 'no detail'}"

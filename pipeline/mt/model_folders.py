"""Find a model on this machine without touching the network, check it, and name its revision.

A model is found in `models/<dir>`, at a path given by the user, or in the local Hugging Face cache
(looked up with `local_files_only`, so HF_HUB_OFFLINE semantics hold even when a network exists).
A directory that is there but unusable raises `CorruptModel` naming the file.
"""

from __future__ import annotations

import hashlib
import json
import struct
import zipfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pipeline.mt.errors import CorruptModel
from pipeline.mt.registry import ModelSpec

METADATA_NAME = ".provenance-model.json"  # written by `provenance models pull/convert`
TOKENIZER_SUBDIR = "tokenizer"  # inside a CTranslate2 directory: the original tokenizer files
TOKENIZER_FILES = {
    "marian": ("source.spm", "target.spm", "vocab.json"),
    "m2m100": ("sentencepiece.bpe.model", "vocab.json"),
    "nllb": (),  # tokenizer.json or sentencepiece.bpe.model, checked apart
}
WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")
SHARD_INDEXES = ("model.safetensors.index.json", "pytorch_model.bin.index.json")


@dataclass(frozen=True)
class LocatedModel:
    path: Path
    backend: str  # transformers | ctranslate2
    family: str  # marian | nllb | m2m100
    model_id: str  # "<name>@<revision>": what records and the translation cache cite
    origin: str  # models-dir | hf-cache | path
    max_positions: int  # the longest token sequence the model accepts


def locate(spec: ModelSpec, models_dir: Path) -> LocatedModel | None:
    """The registry model `spec` if present in models_dir or the HF cache; None when absent."""
    local = models_dir / spec.dir
    if local.exists():
        return inspect_dir(local, origin="models-dir", family=spec.family, name=spec.hub or spec.name)
    if spec.hub and spec.backend == "transformers":
        snapshot = hf_cache_snapshot(spec.hub)
        if snapshot is not None:
            return inspect_dir(
                snapshot, origin="hf-cache", family=spec.family, name=spec.hub, revision=snapshot.name
            )
    return None


def hf_cache_snapshot(repo_id: str) -> Path | None:
    """The cached snapshot of `repo_id` in the local Hugging Face cache, never downloading."""
    from huggingface_hub import snapshot_download
    from huggingface_hub.errors import LocalEntryNotFoundError

    try:
        return Path(snapshot_download(repo_id, local_files_only=True))
    except (LocalEntryNotFoundError, FileNotFoundError):
        return None


def inspect_dir(
    path: Path, origin: str, family: str | None = None, name: str | None = None, revision: str | None = None
) -> LocatedModel:
    """Check a model directory and describe it; raises CorruptModel naming the unusable file."""
    if not path.is_dir():
        raise CorruptModel(f"{path}: not a model directory")
    metadata = read_metadata(path)
    if (path / "model.bin").exists():
        return _inspect_ct2(path, origin, family, name, metadata)
    config = read_json(path / "config.json")
    family = _checked_family(path, config, family or metadata.get("family"))
    check_weights(path)
    check_tokenizer(path, family)
    base = metadata.get("hub") or name or path.name
    revision = revision or metadata.get("revision") or f"sha256:{fingerprint(path)}"
    return LocatedModel(
        path=path,
        backend="transformers",
        family=family,
        model_id=f"{base}@{revision}",
        origin=origin,
        max_positions=int(config.get("max_position_embeddings") or 512),
    )


def _inspect_ct2(
    path: Path, origin: str, family: str | None, name: str | None, metadata: dict
) -> LocatedModel:
    read_json(path / "config.json")
    if not any(
        (path / vocab).exists()
        for vocab in (
            "shared_vocabulary.json",
            "shared_vocabulary.txt",
            "source_vocabulary.json",
            "source_vocabulary.txt",
        )
    ):
        raise CorruptModel(f"{path}: CTranslate2 model without a vocabulary file (shared_vocabulary.json)")
    tokenizer_dir = path / TOKENIZER_SUBDIR
    if not tokenizer_dir.is_dir():
        raise CorruptModel(
            f"{tokenizer_dir}: missing (convert with `provenance models convert` to keep the "
            "tokenizer beside the CTranslate2 model)"
        )
    config = read_json(tokenizer_dir / "config.json")
    family = _checked_family(tokenizer_dir, config, family or metadata.get("family"))
    check_tokenizer(tokenizer_dir, family)
    if "source_model_id" in metadata:
        model_id = f"{metadata['source_model_id']}+ct2-{metadata.get('quantization', 'default')}"
    else:
        model_id = f"{name or path.name}@sha256:{fingerprint(path)}"
    return LocatedModel(
        path=path,
        backend="ctranslate2",
        family=family,
        model_id=model_id,
        origin=origin,
        max_positions=int(config.get("max_position_embeddings") or 512),
    )


def read_json(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise CorruptModel(f"{path}: missing") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise CorruptModel(f"{path}: cannot read ({exc})") from exc
    except json.JSONDecodeError as exc:
        raise CorruptModel(f"{path}: not valid JSON ({exc})") from exc
    if not isinstance(data, dict):
        raise CorruptModel(f"{path}: not a JSON object")
    return data


def write_metadata(directory: Path, metadata: dict) -> None:
    """Record how a model folder was made, with every file's size so a damaged copy is noticed."""
    sizes = {
        str(p.relative_to(directory)): p.stat().st_size
        for p in sorted(directory.rglob("*"))
        if p.is_file() and p.name != METADATA_NAME
    }
    (directory / METADATA_NAME).write_text(
        json.dumps(metadata | {"sizes": sizes}, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )


def read_metadata(path: Path) -> dict:
    meta_path = path / METADATA_NAME
    if not meta_path.exists():
        return {}
    metadata = read_json(meta_path)
    for name, size in metadata.get("sizes", {}).items():
        file = path / name
        if not file.is_file() or file.stat().st_size != size:
            raise CorruptModel(f"{file}: missing or not the size recorded in {METADATA_NAME} ({size} bytes)")
    return metadata


def _checked_family(path: Path, config: dict, expected: str | None) -> str:
    found = infer_family(path, config)
    if expected and (expected == "marian") != (found == "marian"):
        raise CorruptModel(f"{path / 'config.json'}: a {found} model where a {expected} model is configured")
    return expected or found


def infer_family(path: Path, config: dict) -> str:
    model_type = config.get("model_type")
    if model_type == "marian":
        return "marian"
    if model_type == "m2m_100":
        tokenizer_config = path / "tokenizer_config.json"
        tokenizer_class = (
            read_json(tokenizer_config).get("tokenizer_class", "") if tokenizer_config.exists() else ""
        )
        return "nllb" if tokenizer_class.startswith("Nllb") or "nllb" in path.name.lower() else "m2m100"
    raise CorruptModel(
        f"{path / 'config.json'}: model_type {model_type!r} is not a supported translation "
        "model (marian, m2m_100/NLLB)"
    )


def check_weights(path: Path) -> None:
    for index_name in SHARD_INDEXES:
        if (path / index_name).exists():
            shards = sorted(set(read_json(path / index_name).get("weight_map", {}).values()))
            for shard in shards:
                _check_weight_file(path / shard)
            return
    present = [path / name for name in WEIGHT_FILES if (path / name).exists()]
    if not present:
        raise CorruptModel(f"{path}: no weights file ({' or '.join(WEIGHT_FILES)})")
    _check_weight_file(present[0])


def _check_weight_file(file: Path) -> None:
    """Cheap structural checks that catch truncated or overwritten weights before loading them."""
    if not file.is_file():
        raise CorruptModel(f"{file}: missing")
    if file.suffix == ".safetensors":
        _check_safetensors(file)
    elif not zipfile.is_zipfile(file):
        raise CorruptModel(f"{file}: not a PyTorch checkpoint (not a zip archive)")


def _check_safetensors(file: Path) -> None:
    size = file.stat().st_size
    with open(file, "rb") as handle:
        head = handle.read(8)
        header_len = struct.unpack("<Q", head)[0] if len(head) == 8 else -1
        if header_len < 2 or 8 + header_len > size:
            raise CorruptModel(f"{file}: truncated or not a safetensors file")
        try:
            header = json.loads(handle.read(header_len))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise CorruptModel(f"{file}: corrupt safetensors header") from exc
    ends = [entry["data_offsets"][1] for key, entry in header.items() if key != "__metadata__"]
    if 8 + header_len + max(ends, default=0) > size:
        raise CorruptModel(f"{file}: truncated ({size} bytes, header promises more)")


def check_tokenizer(path: Path, family: str) -> None:
    for name in TOKENIZER_FILES[family]:
        file = path / name
        if not file.is_file():
            raise CorruptModel(f"{file}: missing (the {family} tokenizer needs it)")
        if name.endswith((".spm", ".model")):
            _check_sentencepiece(file)
        elif name.endswith(".json"):
            read_json(file)
    if family == "nllb":
        if (path / "tokenizer.json").exists():
            read_json(path / "tokenizer.json")
        elif (path / "sentencepiece.bpe.model").exists():
            _check_sentencepiece(path / "sentencepiece.bpe.model")
        else:
            raise CorruptModel(f"{path}: no tokenizer.json or sentencepiece.bpe.model for NLLB")


def _check_sentencepiece(file: Path) -> None:
    import sentencepiece

    try:
        sentencepiece.SentencePieceProcessor(model_file=str(file))
    except (RuntimeError, OSError) as exc:
        raise CorruptModel(f"{file}: not a valid sentencepiece model") from exc


def fingerprint(path: Path) -> str:
    """A content hash of every file in a model directory (memoised on names, sizes and mtimes)."""
    files = sorted(p for p in path.rglob("*") if p.is_file() and p.name != METADATA_NAME)
    stamp = tuple((str(p.relative_to(path)), p.stat().st_size, p.stat().st_mtime_ns) for p in files)
    return _fingerprint(path, stamp)


@cache
def _fingerprint(path: Path, stamp: tuple) -> str:
    digest = hashlib.sha256()
    for relative, _size, _mtime in stamp:
        digest.update(relative.encode("utf-8") + b"\0" + file_sha256(path / relative).encode("ascii"))
    return digest.hexdigest()[:16]


def file_sha256(file: Path) -> str:
    digest = hashlib.sha256()
    with open(file, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()

"""Convert a transformers checkpoint to CTranslate2, keeping its tokenizer beside it."""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

from pipeline.mt.errors import CorruptModel
from pipeline.mt.model_folders import METADATA_NAME, TOKENIZER_SUBDIR, LocatedModel, inspect_dir, write_metadata

log = logging.getLogger("pipeline.models")
WEIGHT_SUFFIXES = (".safetensors", ".bin", ".h5", ".msgpack", ".ot", ".pt")
QUANTIZATIONS = ("int8", "int8_float32", "int16", "float16", "bfloat16", "float32")


def convert_to_ctranslate2(source: LocatedModel, out_dir: Path, quantization: str = "int8") -> LocatedModel:
    """Write `out_dir` (atomically) and return it as a located model."""
    from ctranslate2.converters import TransformersConverter

    if source.backend != "transformers":
        raise CorruptModel(f"{source.path}: already a CTranslate2 model; convert the transformers checkpoint")
    temporary = out_dir.with_name(f".{out_dir.name}.tmp-{os.getpid()}")
    shutil.rmtree(temporary, ignore_errors=True)
    try:
        TransformersConverter(str(source.path)).convert(str(temporary), quantization=quantization, force=True)
        tokenizer_dir = temporary / TOKENIZER_SUBDIR
        tokenizer_dir.mkdir()
        for file in sorted(source.path.iterdir()):
            if file.is_file() and not file.name.endswith(WEIGHT_SUFFIXES) and file.name != METADATA_NAME:
                shutil.copy2(file, tokenizer_dir / file.name)
        _write_metadata(temporary, source, quantization)
        shutil.rmtree(out_dir, ignore_errors=True)
        temporary.rename(out_dir)
    except Exception as exc:
        shutil.rmtree(temporary, ignore_errors=True)
        if isinstance(exc, CorruptModel):
            raise
        raise CorruptModel(
            f"{source.path}: CTranslate2 conversion failed ({type(exc).__name__}: {exc})"
        ) from exc
    log.info("converted %s to %s (%s)", source.model_id, out_dir, quantization)
    return inspect_dir(out_dir, origin="models-dir", family=source.family)


def _write_metadata(directory: Path, source: LocatedModel, quantization: str) -> None:
    write_metadata(directory, {"backend": "ctranslate2", "family": source.family,
                               "source_model_id": source.model_id, "quantization": quantization})

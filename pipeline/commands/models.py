"""`provenance models list|pull|convert`: what is configured, what is present, and how to get the rest."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from pipeline.core.errors import UsageError
from pipeline.core.jsonl import write_jsonl
from pipeline.mt.convert import QUANTIZATIONS, convert_to_ctranslate2
from pipeline.mt.errors import ModelUnavailable
from pipeline.mt.fetch import HubSource, LocalSource, fetch_command, pull
from pipeline.mt.model_folders import LocatedModel, inspect_dir, locate
from pipeline.mt.registry import Registry, default_models_dir, load_registry, registry_path

NAME = "models"
HELP = "List configured translation models and which are present; pull or convert them."
SOURCE_ENV = "PROVENANCE_MODEL_SOURCE"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--models-dir", type=Path, help="where model directories live (default: models/)")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = _action(actions, "list", "every configured (pair, model) and whether it is present")
    listing.add_argument("--format", choices=("jsonl", "table"), default="jsonl")
    fetching = _action(actions, "pull", "download a pair's model into models/ (needs a network or --source)")
    fetching.add_argument("target", help="a language pair (ru-en) or a model named in the registry")
    fetching.add_argument(
        "--source",
        type=Path,
        help=f"copy from this folder (<DIR>/<org>/<name>) instead of the Hugging Face Hub "
        f"(default: ${SOURCE_ENV} if set)",
    )
    fetching.add_argument("--no-convert", action="store_true", help="skip the CTranslate2 conversion")
    fetching.add_argument("--force", action="store_true", help="fetch again even if present")
    converting = _action(actions, "convert", "convert a transformers model to CTranslate2")
    converting.add_argument("model", help="a CTranslate2 model named in the registry, or a model directory")
    converting.add_argument(
        "--quantization", choices=QUANTIZATIONS, help="default: the registry's setting, else int8"
    )
    converting.add_argument("--out", type=Path, help="output directory (for a model directory given as path)")


def _action(actions, name: str, help_text: str) -> argparse.ArgumentParser:
    sub = actions.add_parser(name, help=help_text, description=help_text)
    # The shared flags, also accepted after the action; SUPPRESS keeps them from resetting the verb's.
    sub.add_argument("--models-dir", type=Path, default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    for flag in ("--no-cache", "--quiet", "--verbose"):
        sub.add_argument(flag, action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    return sub


def main(args: argparse.Namespace) -> int:
    models_dir = args.models_dir or default_models_dir()
    registry = load_registry(registry_path(models_dir))
    if args.action == "list":
        return _list(registry, models_dir, args.format)
    if args.action == "pull":
        source = args.source or os.environ.get(SOURCE_ENV)
        origin = LocalSource(Path(source)) if source else HubSource()
        pulled = pull(
            args.target, registry, models_dir, origin, convert=not args.no_convert, force=args.force
        )
        write_jsonl(_describe(model) for model in pulled)
        return 0
    write_jsonl([_describe(_convert(args, registry, models_dir))])
    return 0


def list_rows(registry: Registry, models_dir: Path) -> list[dict]:
    """One row per configured (pair, model), then any model directory the registry does not name."""
    rows, seen = [], set()
    for pair, names in sorted(registry.pairs.items()):
        for rank, name in enumerate(names, start=1):
            spec = registry.models[name]
            seen.add(spec.dir)
            row = {
                "pair": pair,
                "rank": rank,
                "model": name,
                "backend": spec.backend,
                "family": spec.family,
                "hub": spec.hub,
                "status": "missing",
                "path": None,
                "model_id": None,
                "detail": fetch_command(pair),
            }
            try:
                located = locate(spec, models_dir)
            except ModelUnavailable as exc:
                row.update(status="corrupt", path=str(models_dir / spec.dir), detail=str(exc))
            else:
                if located is not None:
                    row.update(
                        status="present",
                        path=str(located.path),
                        model_id=located.model_id,
                        detail=located.origin,
                    )
            rows.append(row)
    rows.extend(_unregistered(models_dir, seen))
    return rows


def _unregistered(models_dir: Path, seen: set[str]) -> list[dict]:
    rows = []
    for path in sorted(models_dir.iterdir()) if models_dir.is_dir() else ():
        if not path.is_dir() or path.name in seen or path.name.startswith("."):
            continue
        row = {
            "pair": None,
            "rank": None,
            "model": path.name,
            "backend": None,
            "family": None,
            "hub": None,
            "status": "present",
            "path": str(path),
            "model_id": None,
            "detail": "not in the registry; use it with --model",
        }
        try:
            located = inspect_dir(path, origin="models-dir")
            row.update(backend=located.backend, family=located.family, model_id=located.model_id)
        except ModelUnavailable as exc:
            row.update(status="corrupt", detail=str(exc))
        rows.append(row)
    return rows


def _list(registry: Registry, models_dir: Path, output_format: str) -> int:
    rows = list_rows(registry, models_dir)
    if output_format == "jsonl":
        write_jsonl(rows)
        return 0
    columns = ("pair", "rank", "model", "backend", "status", "detail")
    table = [[str(row[c] if row[c] is not None else "-") for c in columns] for row in rows]
    widths = [max(len(c), *(len(line[i]) for line in table)) for i, c in enumerate(columns)]
    for line in [list(columns), *table]:
        print("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip())
    return 0


def _convert(args: argparse.Namespace, registry: Registry, models_dir: Path) -> LocatedModel:
    spec = registry.models.get(args.model)
    if spec is not None:
        if spec.backend != "ctranslate2" or not spec.convert_from:
            raise UsageError(f"{args.model}: not a CTranslate2 model with convert_from in {registry.path}")
        source = locate(registry.models[spec.convert_from], models_dir)
        if source is None:
            raise ModelUnavailable.absent(
                spec.convert_from, fetch_command(spec.convert_from), [spec.convert_from]
            )
        out_dir = args.out or models_dir / spec.dir
        return convert_to_ctranslate2(source, out_dir, args.quantization or spec.quantization)
    path = Path(args.model)
    if not path.is_dir():
        raise UsageError(
            f"{args.model}: neither a model directory nor a CTranslate2 model named in {registry.path}"
        )
    quantization = args.quantization or "int8"
    out_dir = args.out or path.with_name(f"{path.name}-ct2")
    return convert_to_ctranslate2(inspect_dir(path, origin="path"), out_dir, quantization)


def _describe(model: LocatedModel) -> dict:
    return {
        "path": str(model.path),
        "backend": model.backend,
        "family": model.family,
        "model_id": model.model_id,
    }

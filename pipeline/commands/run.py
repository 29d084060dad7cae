"""`provenance run SOURCES... [--out DIR]`: the whole pipeline over files and folders."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from functools import partial
from pathlib import Path

from pipeline.core.engines import ENGINES, make_engine
from pipeline.core.errors import UsageError
from pipeline.core.files import DOCUMENTS_FILE, PROVENANCE_FILE, RECORDS_FILE, REPORT_FILE
from pipeline.core.jsonl import dumps
from pipeline.core.outdir import folder_problem
from pipeline.core.records import LanguageLabel
from pipeline.core.runfolder import claimed
from pipeline.core.runner import Runner, StageStats
from pipeline.core.safetext import for_terminal, stored_name
from pipeline.core.signals import signals_deferred
from pipeline.core.store import STORE_NAME, Store, utc_now
from pipeline.ingest.documents import DEFAULT_MAX_FILE_MB, IngestSettings, discover
from pipeline.outputs.audit import RunFiles, load_run
from pipeline.outputs.export import Written, export_run
from pipeline.outputs.prov import write_provenance
from pipeline.outputs.report import write_report
from pipeline.stages import RECORDS, all_settings, build_stages
from pipeline.stages.machine_translation import batch_languages, missing_model_warnings

NAME = "run"
HELP = "run the whole pipeline over files and folders (.txt, .md, .html); '-' reads stdin"
log = logging.getLogger("pipeline.run")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("sources", nargs="+", metavar="SOURCE", help="files or folders (recursive); '-' for stdin")
    parser.add_argument("--out", type=Path, help="output folder (default: outputs/<name of the first source>)")
    parser.add_argument("--jobs", type=int, default=min(4, os.cpu_count() or 1),
                        help="worker processes (with --engine ray and no --ray-address: CPUs of the local cluster)")
    parser.add_argument("--engine", choices=ENGINES, default="local",
                        help="local: this machine's process pool; "
                             "ray: a Ray cluster or a private local Ray (pip extra [ray])")
    parser.add_argument("--ray-address", metavar="HOST:PORT",
                        help="with --engine ray: the head node of a running Ray cluster, from a node of that cluster "
                             "(default: $RAY_ADDRESS, else a private local Ray with --jobs CPUs)")
    parser.add_argument("--max-file-mb", type=float, default=DEFAULT_MAX_FILE_MB, help="skip larger inputs")
    parser.add_argument("--encoding", help="decode every input with this encoding instead of detecting it")
    parser.add_argument("--force", action="store_true",
                        help="write into an existing folder that is not a run folder (same-named files are replaced)")


def main(args: argparse.Namespace) -> int:
    out_dir = args.out or default_out_dir(args.sources)
    problem = folder_problem(out_dir)
    if problem:
        raise UsageError(f"--out {out_dir}: {problem}")
    if args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    if args.ray_address and args.engine != "ray":
        raise UsageError("--ray-address needs --engine ray")
    paths = list(discover(args.sources))
    if not paths:
        raise UsageError(f"no .txt, .md, .html or .htm files in {' '.join(args.sources)}")
    settings = IngestSettings(max_file_mb=args.max_file_mb, encoding=args.encoding)
    stages = build_stages(settings)
    with claimed(out_dir, force=args.force):
        summary, run_files = run_into(out_dir, paths, stages, settings, args)
        write_report(out_dir, run=run_files)
    print(dumps(summary))
    if not args.quiet:
        print(format_summary(summary), file=sys.stderr)
    return 1 if summary["failed"] else 0


def run_into(out_dir: Path, paths: list[str], stages: list, settings: IngestSettings,
             args: argparse.Namespace) -> tuple[dict, RunFiles]:
    """Run the stages over PATHS into the (claimed) run folder and write its files but the report; the
    summary, and the records and documents as written (read back once, for PROV and then the report)."""
    signature = next(stage.settings["signature"] for stage in stages if stage.name == "record")
    translate_stage = next(stage for stage in stages if stage.name == "translate")
    engine = make_engine(args.engine, args.jobs, args.ray_address)  # a cluster it cannot use: nothing written
    store = Store(out_dir / STORE_NAME)
    run_id = None
    try:
        started = time.perf_counter()
        with signals_deferred():  # a signal during its COMMIT would leave the run 'running' with no id to stop
            run_id = store.start_run(sys.argv, signature)
        runner = Runner(store, stages, use_cache=not args.no_cache, ingest_settings=settings,
                        show_progress=not args.quiet, engine=engine)
        models = translate_stage.settings["models"]
        stats = runner.run(run_id, paths, partial(warn_missing_models, runner, run_id, models))
        written = export_run(runner, run_id, out_dir)
        run_files = load_run(out_dir)
        finished_at = utc_now()  # the run's times in PROV are the store's
        write_provenance(run_files.records, run_files.documents.values(), out_dir / PROVENANCE_FILE,
                         {"run": run_id, "signature": signature, "started_at": store.run_started_at(run_id),
                          "finished_at": finished_at})
        failed = store.failed_inputs(run_id)
        summary = run_summary(out_dir, run_id, len(paths), stats, written, failed, time.perf_counter() - started)
        summary["warnings"] = [{"path": path, "warning": warning} for path, warning in store.warned_inputs(run_id)]
        store.finish_run(run_id, "failed-inputs" if failed else "ok", summary | {"settings": all_settings(stages)},
                         finished_at)
    except BaseException as exc:  # Ctrl-C, SIGTERM, a full disk: the log says so (a killed run is marked by the next)
        if run_id is not None:
            store.stop_run(run_id, "interrupted" if isinstance(exc, KeyboardInterrupt) else "failed")
        if isinstance(exc, OSError) and exc.filename is None:  # a write into the run folder failed
            raise OSError(exc.errno, exc.strerror, str(out_dir)) from exc
        raise
    finally:
        store.close()
    return summary, run_files


def warn_missing_models(runner: Runner, run_id: int, present: dict[str, str | None], finished: str) -> None:
    """Once the detect stage has labelled the batch (its languages are known only then, and the long
    pair and link stages are still to come): the language pairs it needs that no MT model serves."""
    if finished != "detect":
        return
    store, documents = runner.store, [document_id for document_id, _ in runner.store.ok_documents(run_id)]
    languages = (runner.load(key, LanguageLabel) for document_id in documents
                 if (key := store.artifact_key(run_id, document_id, "language")))
    records = (record for document_id in documents
               if (key := store.artifact_key(run_id, document_id, "labelled"))
               for record in runner.load(key, RECORDS))
    for line in missing_model_warnings(batch_languages(languages, records), present):
        log.warning(line)


def default_out_dir(sources: list[str]) -> Path:
    first = sources[0]
    name = "stdin" if first == "-" else Path(first).resolve().name.split(".")[0] or "run"
    return Path("outputs") / name


def run_summary(out_dir: Path, run_id: int, inputs: int, stats: list[StageStats], written: Written,
                failed: list[tuple[str, str, str]], seconds: float) -> dict:
    return {
        "run": run_id,
        "out": stored_name(str(out_dir)),
        "inputs": inputs,
        "documents": written.documents,
        "failed": [{"path": path, "stage": stage, "error": error} for path, stage, error in failed],
        "quotes": written.records,
        "quote_kinds": dict(sorted(written.kinds.items())),
        "stages": [
            {"stage": s.name, "documents": s.documents, "cached": s.cached, "computed": s.computed,
             "failed": s.failed, "seconds": round(s.seconds, 3)}
            for s in stats
        ],
        "seconds": round(seconds, 3),
        "files": [stored_name(str(out_dir / name))
                  for name in (DOCUMENTS_FILE, RECORDS_FILE, PROVENANCE_FILE, REPORT_FILE, STORE_NAME)],
    }


def format_summary(summary: dict) -> str:
    kinds = ", ".join(f"{kind} {count}" for kind, count in summary["quote_kinds"].items()) or "none"
    lines = [
        f"run {summary['run']} -> {for_terminal(summary['out'])}  ({summary['seconds']:.2f} s)",
        f"  inputs     {summary['inputs']}   documents {summary['documents']}   failed {len(summary['failed'])}",
        f"  quotes     {summary['quotes']}   ({kinds})",
        f"  {'stage':<10}{'docs':>6}{'cached':>8}{'computed':>10}{'failed':>8}{'seconds':>10}",
    ]
    for stage in summary["stages"]:
        lines.append(
            f"  {stage['stage']:<10}{stage['documents']:>6}{stage['cached']:>8}{stage['computed']:>10}"
            f"{stage['failed']:>8}{stage['seconds']:>10.3f}"
        )
    for failure in summary["failed"]:
        lines.append(f"  failed: {for_terminal(failure['path'])}: {for_terminal(failure['error'])}")
    for warned in summary.get("warnings", []):
        lines.append(f"  warning: {for_terminal(warned['path'])}: {for_terminal(warned['warning'])}")
    lines.append("  wrote " + for_terminal(", ".join(summary["files"])))
    return "\n".join(lines)

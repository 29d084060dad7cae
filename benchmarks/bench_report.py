"""Time and size of the run's audit outputs: provenance.jsonld, report.html and `provenance audit`.

    .venv/bin/python benchmarks/bench_report.py --sizes 100 1000 [--data ../shared/data]

For each size N: a real `provenance run` over N WMT21 news stories (built as in bench_run.py),
then the outputs are timed on its records; and the same number of synthetic records with every
field filled (original, MT, flags, diff, four-hop chain), the shape the full pipeline will write.
Prints one table: records, seconds and output size per output, and rdflib's parse time of the
JSON-LD (what a consumer pays to load it).
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import sys
import tempfile
import time
from contextlib import redirect_stdout
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from bench_run import build_corpus, load_stories  # noqa: E402

from pipeline.cli import main as cli  # noqa: E402
from pipeline.outputs.audit import load_run  # noqa: E402
from pipeline.outputs.prov import write_provenance  # noqa: E402
from pipeline.outputs.report import write_report  # noqa: E402
from tests.test_report_data import full_record, full_run, write_run  # noqa: E402


def timed(function, *args):
    started = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - started, result


def measure(run_dir: Path, label: str) -> dict:
    run = load_run(run_dir)
    prov_seconds, _ = timed(
        write_provenance, run.records, run.documents.values(), run_dir / "p.jsonld", {"run": 1}
    )
    report_seconds, report = timed(write_report, run_dir)
    with redirect_stdout(io.StringIO()):
        audit_seconds, _ = timed(cli, ["audit", str(run_dir), "--quiet"])
    import rdflib

    parse_seconds, graph = timed(lambda: rdflib.Graph().parse(run_dir / "p.jsonld", format="json-ld"))
    return {
        "corpus": label,
        "records": len(run.records),
        "prov s": prov_seconds,
        "prov MB": (run_dir / "p.jsonld").stat().st_size / 1e6,
        "triples": len(graph),
        "rdflib s": parse_seconds,
        "report s": report_seconds,
        "report MB": report.stat().st_size / 1e6,
        "audit s": audit_seconds,
    }


def synthetic(folder: Path, size: int) -> Path:
    template = full_record()
    records = [
        dataclasses.replace(
            template, id=f"{index:016x}", quote=dataclasses.replace(template.quote, char_start=index % 50)
        )
        for index in range(size)
    ]
    return write_run(folder, records=records, documents=full_run()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    stories = load_stories(args.data)
    rows = []
    with tempfile.TemporaryDirectory() as temporary:
        for size in args.sizes:
            corpus, out = Path(temporary) / f"corpus{size}", Path(temporary) / f"run{size}"
            build_corpus(corpus, size, stories)
            with redirect_stdout(io.StringIO()):
                cli(["run", str(corpus), "--out", str(out), "--quiet", "--jobs", "2"])
            rows.append(measure(out, f"WMT21 x{size} docs"))
            rows.append(
                measure(synthetic(Path(temporary) / f"synthetic{size}", size), "synthetic, all fields")
            )
    columns = list(rows[0])
    print("| " + " | ".join(columns) + " |")
    print("|" + "|".join("---" if c == "corpus" else "---:" for c in columns) + "|")
    for row in rows:
        print("| " + " | ".join(f"{v:.3f}" if isinstance(v, float) else str(v) for v in row.values()) + " |")


if __name__ == "__main__":
    main()

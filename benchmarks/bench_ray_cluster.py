"""One Ray node against two on the same machine: where the Ray engine's time goes, not a speed-up.

    .venv/bin/python benchmarks/bench_ray_cluster.py --size 100 [--data ../shared/data]

Builds bench_run's corpus (N files of WMT21 news stories, Russian originals and English
translations) and runs it cold, each in a fresh output folder, three ways:

    local     --engine local --jobs 2
    1 node    --ray-address: a loopback cluster, head (no CPU) + one worker node with 2 CPUs
    2 nodes   --ray-address: the same head + two worker nodes with 1 CPU each

and prints each stage's seconds from the run's summary, then checks that records.jsonl and
documents.jsonl are identical across the three. Every node shares this machine's two cores, so
'2 nodes' has no more CPU than '1 node': the comparison shows what splitting the work over two
raylets costs (two model workers, each loading the models; results crossing object stores), and
that the output does not change. A speed-up needs nodes on separate machines (docs/scale.md).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_run import build_corpus, load_stories  # noqa: E402

from tests.ray_loopback import LoopbackCluster  # noqa: E402

OUTPUTS = ("records.jsonl", "documents.jsonl")


def run(corpus: Path, out: Path, env: dict[str, str], *engine: str) -> tuple[float, dict, str]:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "pipeline", "run", str(corpus), "--out", str(out), *engine],
                          env=env, capture_output=True, text=True, cwd=out.parent)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"run failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
    return elapsed, json.loads(done.stdout), done.stderr


def report(name: str, elapsed: float, summary: dict, stderr: str) -> None:
    stages = "  ".join(f"{s['stage']} {s['seconds']:.1f}" for s in summary["stages"])
    workers = re.search(r"Ray engine: (\d+) model worker", stderr)
    print(f"{name:<8} {elapsed:>7.1f} s  model workers {workers.group(1) if workers else '-':>2}  {stages}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=100)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="bench-ray-", dir="/tmp"))  # short: Ray's socket paths have a limit
    cluster = LoopbackCluster(root)
    try:
        corpus = root / "corpus"
        build_corpus(corpus, args.size, load_stories(args.data))
        env = cluster.environment()
        report("local", *run(corpus, root / "local", env, "--engine", "local", "--jobs", "2"))
        cluster.start_head()
        cluster.start_worker("two-cpus", cpus=2)
        ray = ("--engine", "ray", "--ray-address", cluster.address)
        report("1 node", *run(corpus, root / "one-node", env, *ray))
        cluster.kill_node("two-cpus")
        time.sleep(10)  # the head declares it dead; the next run's node check skips it either way
        cluster.start_worker("first", cpus=1)
        cluster.start_worker("second", cpus=1)
        report("2 nodes", *run(corpus, root / "two-nodes", env, *ray))
        same = all((root / "local" / name).read_bytes() == (root / folder / name).read_bytes()
                   for folder in ("one-node", "two-nodes") for name in OUTPUTS)
        print("records.jsonl and documents.jsonl identical across the three:", same)
    finally:
        cluster.stop()
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()

"""`--engine ray --ray-address` on a real two-node Ray cluster that the test starts and stops itself:
a head node (no CPU, as Ray advises for clusters) and a worker node, both bound to 127.0.0.1, with
Ray 2.60's token authentication, no usage stats, no dashboard, no metrics. The runs are separate
processes, like a user's. 2.5 to 3.5 minutes on a 2-core machine under a load of 8 to 10, mostly the
runs' own work."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest

from tests.conftest import ROOT, read_jsonl
from tests.ray_loopback import LoopbackCluster, off_loopback
from tests.test_pipeline_links import ENGLISH_ARTICLE, RUSSIAN_SOURCE

pytest.importorskip("ray")
pytestmark = [pytest.mark.cluster,
              pytest.mark.skipif(not sys.platform.startswith("linux"), reason="finds the cluster's processes in /proc")]

OUTPUTS = ("records.jsonl", "documents.jsonl")
RESUME = "everything computed so far is in the store: run the same command again to resume"


@pytest.fixture(scope="module")
def root():
    path = Path(tempfile.mkdtemp(prefix="prov-ray-", dir="/tmp"))  # short: Ray's socket paths have a limit
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="module")
def cluster(root):
    cluster = LoopbackCluster(root)
    try:
        cluster.start_head()
        cluster.start_worker("worker-1")
        yield cluster
    finally:
        cluster.stop()
        assert cluster.processes() == []


@pytest.fixture(scope="module")
def environment(cluster, root) -> dict[str, str]:
    """For every run: the cluster's token, and a models folder whose registry lists ru-en only. The
    workers on the nodes see it only if the driver's PROVENANCE_* settings reach them; if they did not,
    the node check would find the default registry's other pairs there and stop the run."""
    registry = (ROOT / "models" / "registry.toml").read_text(encoding="utf-8")
    (root / "models").mkdir()
    (root / "models" / "registry.toml").write_text(
        re.sub(r'^"(?!ru-en")[a-z]{2}-[a-z]{2}" = .*\n', "", registry, flags=re.M), encoding="utf-8")
    return cluster.environment(PROVENANCE_MODELS_DIR=str(root / "models"))


@pytest.fixture(scope="module")
def corpus(root) -> Path:
    corpus = root / "corpus"
    shutil.copytree(ROOT / "sources", corpus)
    (corpus / "original.md").write_text(RUSSIAN_SOURCE, encoding="utf-8")
    (corpus / "article.txt").write_text(ENGLISH_ARTICLE, encoding="utf-8")
    (corpus / "broken.html").write_bytes(b"\x00\x01\x02binary\xff" * 50)
    return corpus


def run_command(corpus: Path, out: Path, *engine: str) -> list[str]:
    return [sys.executable, "-m", "pipeline", "run", str(corpus), "--out", str(out), *engine]


@pytest.fixture(scope="module")
def local_outputs(environment, corpus, root) -> dict[str, bytes]:
    done = subprocess.run(run_command(corpus, root / "local", "--jobs", "1", "--quiet"), env=environment,
                          cwd=root, capture_output=True, text=True, timeout=600)
    assert done.returncode == 1, done.stderr  # the binary file fails alone
    return {name: (root / "local" / name).read_bytes() for name in OUTPUTS}


def outputs(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in OUTPUTS}


class SocketWatch:
    """Samples every socket of the cluster's processes (the driver's included) while a run goes on."""

    def __init__(self, cluster: LoopbackCluster):
        self.cluster, self.seen, self._stop = cluster, set(), threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> SocketWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        while not self._stop.wait(0.5):
            self.seen.update(self.cluster.sockets())


def test_a_run_on_the_cluster_matches_the_local_engine_and_stays_on_loopback(cluster, environment, corpus, root,
                                                                           local_outputs):
    out = root / "cluster"
    with SocketWatch(cluster) as watch:
        done = subprocess.run(run_command(corpus, out, "--engine", "ray", "--ray-address", cluster.address),
                              env=environment, cwd=root, capture_output=True, text=True, timeout=600)
    assert done.returncode == 1, done.stderr  # the binary file fails alone; the batch is written
    assert "broken.html" in done.stderr and "Traceback" not in done.stderr
    assert "Ray cluster: 2 node(s) checked, all run provenance 0.1.0" in done.stderr
    assert outputs(out) == local_outputs
    records = read_jsonl(out / "records.jsonl")
    assert any(r["original"] and "500 специалистов" in r["original"]["text"] for r in records)
    assert len(watch.seen) > 10  # listening and connected sockets of the nodes, workers and driver
    assert off_loopback(sorted(watch.seen)) == []


def test_a_run_without_the_cluster_s_token_is_one_line(cluster, environment, corpus, root):
    without = {**environment, "RAY_NUM_REDIS_GET_RETRIES": "2"}  # Ray retries for 20 s; the outcome is the same
    del without["RAY_AUTH_MODE"], without["RAY_AUTH_TOKEN"]
    command = run_command(corpus, root / "no-token", "--engine", "ray", "--ray-address", cluster.address, "--quiet")
    done = subprocess.run(command, env=without, cwd=root, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.splitlines()[-1] == (
        f"provenance run: error: --ray-address {cluster.address}: the Ray cluster requires token authentication: set "
        "RAY_AUTH_MODE=token and the cluster's token in RAY_AUTH_TOKEN or RAY_AUTH_TOKEN_PATH (`ray get-auth-token` on "
        "the head node prints it)")
    assert "Traceback" not in done.stderr and "gcs_client" not in done.stderr  # Ray's own retries are not shown
    assert not (root / "no-token").exists()


def test_a_node_with_another_provenance_stops_the_run_before_it_writes_naming_the_node(cluster, environment, corpus,
                                                                                        root):
    other = root / "other-install"
    shutil.copytree(ROOT / "pipeline", other / "pipeline", ignore=shutil.ignore_patterns("__pycache__"))
    init = other / "pipeline" / "__init__.py"
    init.write_text(init.read_text(encoding="utf-8").replace('"0.1.0"', '"0.0.9"'), encoding="utf-8")
    cluster.start_worker("old", PYTHONPATH=str(other))
    try:
        done = subprocess.run(run_command(corpus, root / "mixed", "--engine", "ray", "--ray-address", cluster.address,
                                          "--quiet"), env=environment, cwd=root, capture_output=True, text=True,
                              timeout=300)
    finally:
        cluster.kill_node("old")
    assert done.returncode == 1 and done.stdout == ""
    error = done.stderr.splitlines()[-1]
    assert re.fullmatch(r"provenance run: error: Ray engine: every node needs provenance 0\.1\.0 exactly as installed "
                        r"here \(code [0-9a-f]{12}\): node 127\.0\.0\.1 \[[0-9a-f]{8}\] differs from this machine: "
                        r"provenance 0\.0\.9 \(here 0\.1\.0\), code [0-9a-f]{12} \(here [0-9a-f]{12}\)", error), error
    assert not (root / "mixed").exists()


def test_a_worker_node_killed_mid_run_stops_it_with_one_line_and_the_same_command_resumes(
        cluster, environment, corpus, root, local_outputs):
    command = run_command(corpus, root / "killed", "--engine", "ray", "--ray-address", cluster.address)
    run = subprocess.Popen(command, env=environment, cwd=root, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True)
    lines = []
    for line in run.stderr:  # the stage lines; the model stages start after `record`, and load for seconds
        lines.append(line.rstrip("\n"))
        if line.startswith("record "):
            cluster.kill_node("worker-1")
    assert run.wait(timeout=300) == 1
    assert run.stdout.read() == ""
    assert re.fullmatch(rf"provenance run: error: Ray engine: (lost node 127\.0\.0\.1 \[[0-9a-f]{{8}}\] \(.+\) during "
                        rf"the \w+ stage|the \w+ stage failed: .+); {RESUME}", lines[-1]), lines[-1]
    assert not any("Traceback" in line for line in lines)

    cluster.start_worker("worker-2")
    resumed = subprocess.run(command, env=environment, cwd=root, capture_output=True, text=True, timeout=600)
    assert resumed.returncode == 1, resumed.stderr  # the binary file, as before
    assert re.search(r"^record +\d+ documents: (\d+) cached, 0 computed", resumed.stderr, re.M)
    assert outputs(root / "killed") == local_outputs

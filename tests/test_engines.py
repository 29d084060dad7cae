"""The Ray engine gives the local engine's results, byte for byte; a cluster it cannot use, a node that
differs or a node lost mid-run is one line that says what to check. The real multi-node cluster is in
test_ray_cluster.py; here, a private local Ray and a stand-in for Ray's API."""

from __future__ import annotations

import importlib.util
import os
import shutil
import signal
import socket
from typing import Any

import pytest

from pipeline.core import engines, ray_cluster
from pipeline.core.engines import LocalEngine, RayEngine, make_engine
from pipeline.core.errors import PipelineError, UsageError
from pipeline.core.stage import Stage, Task
from tests.conftest import ROOT, read_jsonl
from tests.test_pipeline_links import ENGLISH_ARTICLE, RUSSIAN_SOURCE

RESUME = "everything computed so far is in the store: run the same command again to resume"


@pytest.fixture(autouse=True)
def environment_restored():
    """Connecting sets Ray's environment variables in this process; each test starts from the same."""
    saved = dict(os.environ)
    yield
    os.environ.clear()
    os.environ.update(saved)


def test_an_unknown_engine_is_a_usage_error():
    with pytest.raises(UsageError, match="unknown engine 'spark': choose one of local, ray"):
        make_engine("spark")


def test_the_ray_engine_without_ray_says_how_to_install_it(monkeypatch):
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None if name == "ray" else real_find_spec(name))
    with pytest.raises(UsageError, match=r"--engine ray needs Ray: pip install 'provenance-pipeline\[ray\]'"):
        make_engine("ray")


def test_the_local_engine_holds_a_window_per_job():
    assert LocalEngine(3).window == 3 * LocalEngine(1).window


def test_ray_and_local_runs_write_identical_records(cli, tmp_path, monkeypatch):
    pytest.importorskip("ray")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "sources", corpus)
    (corpus / "original.md").write_text(RUSSIAN_SOURCE, encoding="utf-8")
    (corpus / "article.txt").write_text(ENGLISH_ARTICLE, encoding="utf-8")
    (corpus / "broken.html").write_bytes(b"\x00\x01\x02binary\xff" * 50)
    outputs = {}
    for engine in ("local", "ray"):
        out = tmp_path / engine
        code, _, err = cli("run", corpus, "--out", out, "--jobs", "2", "--engine", engine, "--quiet")
        assert code == 1, err  # the binary file fails; the rest of the batch is written
        assert "broken.html" in err
        outputs[engine] = {name: (out / name).read_bytes() for name in ("records.jsonl", "documents.jsonl")}
    assert outputs["ray"] == outputs["local"]
    records = read_jsonl(tmp_path / "ray" / "records.jsonl")
    assert any(r["original"] and "500 специалистов" in r["original"]["text"] for r in records)
    assert not (tmp_path / "home" / ".ray").exists()  # the private cluster's token stayed in its environment


def test_connecting_keeps_the_command_s_sigterm_handler():
    def the_command_s(signum, frame):
        pass

    previous = signal.signal(signal.SIGTERM, the_command_s)
    try:
        with ray_cluster.signal_handling_kept():
            signal.signal(signal.SIGTERM, lambda signum, frame: None)  # what ray.init does
        assert signal.getsignal(signal.SIGTERM) is the_command_s
    finally:
        signal.signal(signal.SIGTERM, previous)


# --- the address of a cluster ------------------------------------------------------------------------


@pytest.mark.parametrize(("address", "host", "port", "loopback"), [
    ("10.0.0.5:6379", "10.0.0.5", 6379, False),
    ("head.example.org:6380", "head.example.org", 6380, False),
    ("127.0.0.1:6380", "127.0.0.1", 6380, True),
    ("127.0.0.2:6380", "127.0.0.2", 6380, True),
    ("localhost:6379", "localhost", 6379, True),
    ("[::1]:6379", "::1", 6379, True),
])
def test_an_address_names_the_head_node(address, host, port, loopback):
    endpoint = ray_cluster.chosen_endpoint(address)
    assert (endpoint.host, endpoint.port, endpoint.loopback, endpoint.shown) == (host, port, loopback,
                                                                                 f"--ray-address {address}")


@pytest.mark.parametrize("address", ["6379", "head", "head:", "head:port", "head:70000", "http://head:8265", "a b:1"])
def test_a_malformed_address_is_a_usage_error(address):
    with pytest.raises(UsageError, match=rf"^--ray-address {address}: expected HOST:PORT, the address of the"):
        ray_cluster.chosen_endpoint(address)


def test_a_ray_client_address_is_refused_with_what_to_do_instead():
    with pytest.raises(UsageError, match=r"^--ray-address ray://head:10001: Ray Client addresses are not supported: "
                                         r"run provenance on a node of the cluster, with HOST:PORT of the head node$"):
        ray_cluster.chosen_endpoint("ray://head:10001")


def test_without_an_address_ray_address_names_the_cluster_and_local_means_a_private_one(monkeypatch):
    monkeypatch.setenv("RAY_ADDRESS", "10.0.0.5:6379")
    assert ray_cluster.chosen_endpoint(None).shown == "RAY_ADDRESS=10.0.0.5:6379"
    assert ray_cluster.chosen_endpoint("10.0.0.6:6379").host == "10.0.0.6"  # the flag wins
    monkeypatch.setenv("RAY_ADDRESS", "local")
    assert ray_cluster.chosen_endpoint(None) is None
    monkeypatch.delenv("RAY_ADDRESS")
    assert ray_cluster.chosen_endpoint(None) is None


def test_a_private_cluster_binds_to_loopback_and_keeps_its_token_out_of_the_home_folder(monkeypatch):
    for name in ("RAY_AUTH_TOKEN", "RAY_AUTH_TOKEN_PATH", "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER",
                 "RAY_USAGE_STATS_ENABLED"):
        monkeypatch.delenv(name, raising=False)
    ray_cluster.prepare_environment(None)
    assert os.environ["RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"] == "0"
    assert os.environ["RAY_USAGE_STATS_ENABLED"] == "0"
    assert len(os.environ["RAY_AUTH_TOKEN"]) == 64


def test_a_remote_cluster_gets_no_token_from_us_and_its_address_is_not_rewritten(monkeypatch):
    for name in ("RAY_AUTH_TOKEN", "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"):
        monkeypatch.delenv(name, raising=False)
    ray_cluster.prepare_environment(ray_cluster.chosen_endpoint("10.0.0.5:6379"))
    assert "RAY_AUTH_TOKEN" not in os.environ and "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER" not in os.environ


def refusing_port() -> int:
    """A port on loopback where nothing listens (bound, so nobody else takes it meanwhile)."""
    holder = socket.socket()
    holder.bind(("127.0.0.1", 0))
    refusing_port.holder = holder  # kept open for the test's duration
    return holder.getsockname()[1]


def test_an_address_where_nothing_listens_fails_at_once_with_one_line():
    port = refusing_port()
    endpoint = ray_cluster.chosen_endpoint(f"127.0.0.1:{port}")
    with pytest.raises(PipelineError, match=rf"^--ray-address 127.0.0.1:{port}: nothing answers at 127.0.0.1:{port} "
                                            r"\(Connection refused\): check the head node's address and port"):
        ray_cluster.check_reachable(endpoint)


def test_a_cluster_that_cannot_be_reached_is_one_line_and_nothing_is_written(cli, tmp_path):
    pytest.importorskip("ray")
    port = refusing_port()
    code, out, err = cli("run", ROOT / "sources", "--out", tmp_path / "out", "--engine", "ray",
                         "--ray-address", f"127.0.0.1:{port}", "--quiet")
    assert code == 1 and out == ""
    assert err.splitlines()[-1].startswith(f"provenance run: error: --ray-address 127.0.0.1:{port}: nothing answers")
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_a_ray_address_without_the_ray_engine_is_a_usage_error(cli, tmp_path):
    code, _, err = cli("run", ROOT / "sources", "--out", tmp_path, "--ray-address", "10.0.0.5:6379")
    assert code == 2
    assert err.strip().endswith("error: --ray-address needs --engine ray")


# --- what a failed connection says, from the texts Ray 2.60 gives ---------------------------------------

class AuthenticationError(Exception):
    """Stands in for ray.exceptions.AuthenticationError (the name is what the diagnosis reads)."""


def failed_connection(cause: BaseException) -> ConnectionError:
    try:
        raise ConnectionError("Failed to connect to Ray cluster at 127.0.0.1:6390") from cause
    except ConnectionError as exc:
        return exc


MISSING_TOKEN = RuntimeError(
    "Failed to connect to GCS. Last connection error: Traceback (most recent call last):\n"
    "  File \"python/ray/includes/common.pxi\", line 119, in ray._raylet.check_status\n"
    "ray.exceptions.AuthenticationError: RPC error: InvalidAuthToken: Authentication token is missing or incorrect. "
    "Note: RAY_AUTH_MODE is currently 'disabled' (not 'token').")
VERSIONS = RuntimeError(
    "Version mismatch: The cluster was started with:\n    Ray: 2.59.0\n    Python: 3.11.9\n"
    "This process on node 10.0.0.2 was started with:\n    Ray: 2.60.0\n    Python: 3.11.7\n")


@pytest.mark.parametrize(("failure", "auth_mode", "says"), [
    (failed_connection(MISSING_TOKEN), None,
     "the Ray cluster requires token authentication: set RAY_AUTH_MODE=token and the cluster's token in "
     "RAY_AUTH_TOKEN or RAY_AUTH_TOKEN_PATH (`ray get-auth-token` on the head node prints it)"),
    (failed_connection(MISSING_TOKEN), "token", "the Ray cluster refused this machine's authentication token: set"),
    (AuthenticationError("Token authentication is enabled but no authentication token was found"), "token",
     "the Ray cluster: RAY_AUTH_MODE=token but no token is set: set RAY_AUTH_MODE=token and the cluster's token"),
    (VERSIONS, None, "the Ray cluster runs Ray 2.59.0 on Python 3.11.9, this machine Ray 2.60.0 on Python 3.11.7: "
                     "install the same versions on both (the [ray] extra pins Ray 2.60.0)"),
    (failed_connection(RuntimeError("No node info found matching attributes: '' when trying to resolve node to "
                                    "connect to.")), None,
     "the Ray cluster has no node on this machine: run provenance on a node of the cluster (the head node, "
     "or `ray job submit`)"),
], ids=["no-token", "wrong-token", "token-missing-here", "versions", "driver-off-cluster"])
def test_a_failed_connection_says_what_to_check(monkeypatch, failure, auth_mode, says):
    if auth_mode is None:
        monkeypatch.delenv("RAY_AUTH_MODE", raising=False)
    else:
        monkeypatch.setenv("RAY_AUTH_MODE", auth_mode)
    problem = ray_cluster.connection_problem(ray_cluster.chosen_endpoint("127.0.0.1:6390"), failure, "")
    assert problem.startswith(f"--ray-address 127.0.0.1:6390: {says}")
    assert "\n" not in problem


def test_an_unrecognised_failure_names_what_to_check():
    pytest.importorskip("ray")
    problem = ray_cluster.connection_problem(ray_cluster.chosen_endpoint("10.0.0.5:6379"),
                                             failed_connection(RuntimeError("something else")), "")
    assert problem == ("--ray-address 10.0.0.5:6379: the Ray cluster did not accept the connection (ConnectionError: "
                       "Failed to connect to Ray cluster at 127.0.0.1:6390): check the address, that the cluster runs "
                       "Ray 2.60.0, and its authentication token (RAY_AUTH_MODE=token, RAY_AUTH_TOKEN)")


# --- every node runs the same provenance ----------------------------------------------------------------


def test_this_machine_s_fingerprint_is_stable_and_names_its_version():
    first, second = ray_cluster.node_fingerprint(), ray_cluster.node_fingerprint()
    assert first == second
    assert first["provenance"] == "0.1.0" and len(first["code"]) == 12
    assert first["libraries"]["lxml"] and "ray" in first["libraries"]
    assert "ru-en" in first["models"]


def test_a_node_that_differs_is_told_by_what_differs():
    ours = {"provenance": "0.1.0", "code": "aaaaaaaaaaaa", "python": "3.11.7",
            "libraries": {"lxml": "5.3.0", "ray": "2.60.0"}, "models": {"ru-en": "opus-mt-ru-en", "uk-en": None}}
    theirs = {**ours, "code": "bbbbbbbbbbbb", "libraries": {"lxml": "5.2.1", "ray": "2.60.0"},
              "models": {"ru-en": None}}  # its registry has no uk-en, so it cannot say it has none either
    assert ray_cluster.fingerprint_differences(ours, ours) == []
    assert ray_cluster.fingerprint_differences(ours, theirs) == [
        "code bbbbbbbbbbbb (here aaaaaaaaaaaa)", "lxml 5.2.1 (here 5.3.0)", "ru-en absent (here opus-mt-ru-en)",
        "uk-en not listed (here absent)"]


# --- a stand-in for Ray's API: failures of a running stage ----------------------------------------------


class FakeRef:
    def __init__(self, value: Any = None, error: BaseException | None = None):
        self.value, self.error = value, error


class FakeRay:
    """Runs every task at once; `error` makes each result fail, `stuck` keeps every result pending."""

    def __init__(self, nodes: list[dict[str, Any]], error: BaseException | None = None, stuck: bool = False):
        self._nodes, self.error, self.stuck = nodes, error, stuck
        self.on_wait = lambda: None

    def nodes(self) -> list[dict[str, Any]]:
        return self._nodes

    def cluster_resources(self) -> dict[str, float]:
        return {"CPU": sum(node["Resources"].get("CPU", 0) for node in self._nodes if node["Alive"])}

    def remote(self, **options: Any) -> Any:
        fake = self

        class Remote:
            def __init__(self, function):
                self.function = function

            def options(self, **more):
                return self

            def remote(self, *args):
                if isinstance(self.function, type):  # an actor
                    instance = self.function()
                    return type("Handle", (), {"compute_all": Remote(instance.compute_all)})()
                return FakeRef(error=fake.error) if fake.error else FakeRef(self.function(*args))

        return Remote

    def wait(self, refs: list[FakeRef], num_returns: int, timeout: float) -> tuple[list, list]:
        self.on_wait()
        return ([], refs) if self.stuck else (refs[:num_returns], refs[num_returns:])

    def get(self, ref: FakeRef, timeout: float | None = None) -> Any:
        if ref.error:
            raise ref.error
        return ref.value

    def shutdown(self) -> None:
        pass


def node(name: str, cpus: int = 1, alive: bool = True, reason: int = 0, message: str = "") -> dict[str, Any]:
    return {"NodeID": name * 56, "NodeManagerAddress": f"10.0.0.{len(name)}", "Alive": alive,
            "Resources": {"CPU": cpus}, "DeathReason": reason, "DeathReasonMessage": message}


def fake_engine(monkeypatch, fake: FakeRay) -> RayEngine:
    monkeypatch.setattr(ray_cluster, "connect", lambda endpoint, num_cpus: fake)
    monkeypatch.delenv("RAY_ADDRESS", raising=False)
    return RayEngine()


def upper(text: str) -> str:
    return text.upper()


STAGE = Stage("extract", "1", ("document",), "quotes", str, upper)


def tasks(count: int) -> list[Task]:
    return [Task(f"doc{i}", f"key{i}", STAGE, {"document": f"text {i}"}) for i in range(count)]


def test_a_stage_runs_in_chunks_and_keeps_the_task_order(monkeypatch):
    engine = fake_engine(monkeypatch, FakeRay([node("a", cpus=2), node("b", cpus=1)]))
    assert [output for _, output in engine.map(tasks(7))] == [f'"TEXT {i}"' for i in range(7)]
    model_stage = Stage("language", "1", ("document",), "language", str, upper, parallel=False)
    model_tasks = [Task(f"doc{i}", f"key{i}", model_stage, {"document": f"t{i}"}) for i in range(130)]
    assert [output for _, output in engine.map(model_tasks)] == [f'"T{i}"' for i in range(130)]
    assert len(engine._model_workers[False]) == 2  # one model worker per node with a CPU


def test_a_failing_ray_execution_is_one_line_naming_the_stage(monkeypatch):
    fake = FakeRay([node("a")], error=RuntimeError("ActorDiedError: the worker died\nlong traceback here"))
    engine = fake_engine(monkeypatch, fake)
    with pytest.raises(PipelineError, match=rf"^Ray engine: the extract stage failed: RuntimeError: ActorDiedError: "
                                            rf"the worker died; {RESUME}$"):
        list(engine.map(tasks(2)))


def test_a_node_lost_while_a_stage_waits_stops_the_run_naming_it(monkeypatch):
    nodes = [node("a", cpus=0), node("b")]
    fake = FakeRay(nodes, stuck=True)
    engine = fake_engine(monkeypatch, fake)

    def node_b_dies() -> None:
        nodes[1] = node("b", alive=False, reason=2, message="health check failed due to missing too many heartbeats")

    fake.on_wait = node_b_dies
    monkeypatch.setattr(engines, "WATCH_INTERVAL_S", 0.01)
    with pytest.raises(PipelineError, match=r"^Ray engine: lost node 10.0.0.1 \[bbbbbbbb\] \(health check failed due "
                                            rf"to missing too many heartbeats\) during the extract stage; {RESUME}$"):
        list(engine.map(tasks(3)))


def test_a_node_the_autoscaler_drained_while_idle_is_no_loss(monkeypatch):
    nodes = [node("a"), node("b")]
    engine = fake_engine(monkeypatch, FakeRay(nodes))
    nodes[1] = node("b", alive=False, reason=4, message="idle")
    assert len(list(engine.map(tasks(3)))) == 3

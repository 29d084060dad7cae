"""The Ray engine's link to a cluster: connecting (or starting a private local one), one-line errors
that say what to check, and every node checked to run the same provenance as this machine.

Ray 2.60 on Linux rewrites a loopback address (127.0.0.1, localhost) to this machine's network
address before connecting (ray-project/ray#59110), so a cluster bound to loopback only cannot be
reached at the address it was started with. `RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER=0` is Ray's own
switch that keeps loopback as loopback; its other effect, refusing to start a worker node, does not
concern a driver, so it is set here for loopback addresses and for the private local cluster.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import ipaddress
import logging
import os
import re
import secrets
import signal
import socket
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pipeline
from pipeline.core.errors import PipelineError, UsageError

log = logging.getLogger("pipeline.core.engines")
DISTRIBUTION = "provenance-pipeline"
CONNECT_TIMEOUT_S = 5.0
NODE_ANSWER_TIMEOUT_S = 180.0
# Ray's NodeDeathInfo.Reason values that are no failure: a node stopped on purpose, or drained while idle.
PLANNED_DEATHS = {1, 4}  # EXPECTED_TERMINATION, AUTOSCALER_DRAIN_IDLE
TOKEN_HELP = ("set RAY_AUTH_MODE=token and the cluster's token in RAY_AUTH_TOKEN or RAY_AUTH_TOKEN_PATH "
              "(`ray get-auth-token` on the head node prints it)")


@dataclass(frozen=True)
class Endpoint:
    """Where the cluster was asked for: `shown` names it as the user gave it (flag or variable)."""

    address: str
    host: str
    port: int
    shown: str

    @property
    def loopback(self) -> bool:
        if self.host == "localhost":
            return True
        try:
            return ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return False


def chosen_endpoint(address: str | None) -> Endpoint | None:
    """--ray-address, else $RAY_ADDRESS; None (or 'local') means a private local cluster."""
    shown = f"--ray-address {address}"
    if not address:
        address = os.environ.get("RAY_ADDRESS") or None
        shown = f"RAY_ADDRESS={address}"
    if address is None or address == "local":
        return None
    if address.startswith("ray://"):  # Ray Client: another protocol, and extras this package does not install
        raise UsageError(f"{shown}: Ray Client addresses are not supported: run provenance on a node of the cluster, "
                         "with HOST:PORT of the head node")
    match = re.fullmatch(r"(\[[0-9a-fA-F:.]+\]|[^:/\[\]\s]+):(\d{1,5})", address)
    if match is None or not 0 < int(match.group(2)) < 65536:
        raise UsageError(f"{shown}: expected HOST:PORT, the address of the cluster's head node "
                         "(`ray start --head --port=PORT`), e.g. 10.0.0.5:6379")
    return Endpoint(address, match.group(1).strip("[]"), int(match.group(2)), shown)


def prepare_environment(endpoint: Endpoint | None) -> None:
    """What Ray reads from the environment when it is imported and initialised."""
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # no usage reports: no network at run time
    if endpoint is None or endpoint.loopback:
        os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")
    if endpoint is None:
        os.environ.setdefault("RAY_enable_metrics_collection", "0")  # nobody reads a private cluster's metrics
    if endpoint is None and not any(name in os.environ for name in ("RAY_AUTH_TOKEN", "RAY_AUTH_TOKEN_PATH")):
        # A private cluster's token lives only in this process and its children; else ray.init
        # would write one to ~/.ray/auth_token, outside the output folder.
        os.environ["RAY_AUTH_TOKEN"] = secrets.token_hex(32)


def check_reachable(endpoint: Endpoint) -> None:
    """Ray waits minutes for an address where nothing listens; a plain TCP connect says so at once."""
    try:
        socket.create_connection((endpoint.host, endpoint.port), timeout=CONNECT_TIMEOUT_S).close()
    except socket.gaierror:
        raise PipelineError(f"{endpoint.shown}: unknown host {endpoint.host!r}: check the address") from None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise PipelineError(f"{endpoint.shown}: nothing answers at {endpoint.host}:{endpoint.port} ({reason}): "
                            "check the head node's address and port, and that the cluster is running") from None


def connect(endpoint: Endpoint | None, num_cpus: int | None) -> Any:
    """ray, initialised: connected to the cluster at `endpoint`, or a private local one."""
    prepare_environment(endpoint)
    if endpoint is not None:
        check_reachable(endpoint)
    with signal_handling_kept():
        return _initialised(endpoint, num_cpus)


@contextmanager
def signal_handling_kept() -> Iterator[None]:
    """ray.init replaces the SIGTERM handler with its own exit; the command's stays, whatever the engine."""
    previous = signal.getsignal(signal.SIGTERM)
    try:
        yield
    finally:
        if previous is not None and threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, previous)


def _initialised(endpoint: Endpoint | None, num_cpus: int | None) -> Any:
    import ray

    forwarded = forwarded_environment()
    options = {"include_dashboard": False, "log_to_driver": False, "configure_logging": False,
               "runtime_env": {"env_vars": forwarded} if forwarded else None}
    if endpoint is None:
        try:
            ray.init(address="local", num_cpus=num_cpus, **options)  # 'local': never another user's cluster
        except Exception as exc:  # no room in /tmp or /dev/shm, no free port...
            raise PipelineError(f"Ray engine: cannot start a local Ray ({exception_chain(exc)[0]})") from None
        quiet_cluster_errors()
        return ray
    failure: Exception | None = None
    with native_stderr_captured() as captured:
        try:
            ray.init(address=endpoint.address, **options)
        except Exception as exc:  # Ray raises ConnectionError, RuntimeError or its own errors here
            failure = exc
    if failure is not None:
        raise PipelineError(connection_problem(endpoint, failure, b"".join(captured).decode(errors="replace")))
    quiet_cluster_errors()
    return ray


def quiet_cluster_errors() -> None:
    """Ray prints the cluster's errors (a raylet that died, say) on stdout, where the run's summary goes;
    the engine reports what matters in its own one line. Ray's debugger silences them the same way."""
    import ray._private.worker

    ray._private.worker._worker_logs_enabled = False


def forwarded_environment() -> dict[str, str]:
    """The pipeline's own settings (models folder, translation cache) reach the workers on every node."""
    return {name: value for name, value in os.environ.items() if name.startswith("PROVENANCE_")}


def connection_problem(endpoint: Endpoint, exc: BaseException, native_log: str) -> str:
    """One line for a failed ray.init: what went wrong and what to check."""
    text = "\n".join([*exception_chain(exc), native_log])
    where = f"{endpoint.shown}: the Ray cluster"
    versions = re.search(r"started with:\s*Ray: (\S+)\s*Python: (\S+).*?started with:\s*Ray: (\S+)\s*Python: (\S+)",
                         text, re.S)
    if "Version mismatch" in text and versions:
        theirs_ray, theirs_python, ours_ray, ours_python = versions.groups()
        return (f"{where} runs Ray {theirs_ray} on Python {theirs_python}, this machine Ray {ours_ray} on Python "
                f"{ours_python}: install the same versions on both (the [ray] extra pins Ray {ours_ray})")
    if "InvalidAuthToken" in text or "AuthenticationError" in text:
        if os.environ.get("RAY_AUTH_MODE", "").lower() != "token":
            return f"{where} requires token authentication: {TOKEN_HELP}"
        if "no authentication token was found" in text:
            return f"{where}: RAY_AUTH_MODE=token but no token is set: {TOKEN_HELP}"
        return f"{where} refused this machine's authentication token: {TOKEN_HELP}"
    if "No node info found matching" in text:
        return (f"{where} has no node on this machine: run provenance on a node of the cluster (the head "
                "node, or `ray job submit`)")
    first = exception_chain(exc)[0]
    return (f"{where} did not accept the connection ({first}): check the address, that the cluster runs "
            f"Ray {_ray_version()}, and its authentication token (RAY_AUTH_MODE=token, RAY_AUTH_TOKEN)")


def exception_chain(exc: BaseException) -> list[str]:
    """First line of each exception in the chain, outermost first."""
    lines, seen = [], set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        text = str(current).strip()
        lines.append(f"{type(current).__name__}: {text.splitlines()[0]}" if text else type(current).__name__)
        lines.extend(text.splitlines()[1:])
        current = current.__cause__ or current.__context__
    return lines


@contextmanager
def native_stderr_captured() -> Iterator[list[bytes]]:
    """Ray's C++ core logs each failed connection attempt straight to file descriptor 2; while
    connecting, those lines are kept (for the diagnosis, and at debug level) instead of shown."""
    sys.stderr.flush()
    saved = os.dup(2)
    reader, writer = os.pipe()
    os.dup2(writer, 2)
    os.close(writer)
    chunks: list[bytes] = []
    drain = threading.Thread(target=_drain, args=(reader, chunks), daemon=True)
    drain.start()
    try:
        yield chunks
    finally:
        sys.stderr.flush()
        os.dup2(saved, 2)
        os.close(saved)
        drain.join(timeout=2)
        if chunks:
            log.debug("Ray while connecting: %s", b"".join(chunks).decode(errors="replace").strip())


def _drain(reader: int, chunks: list[bytes]) -> None:
    try:
        while chunk := os.read(reader, 65536):
            chunks.append(chunk)
    finally:
        os.close(reader)


def _ray_version() -> str:
    import ray

    return ray.__version__


# --- every node runs the same provenance ------------------------------------------------------------


def node_fingerprint() -> dict[str, Any]:
    """What must be equal on every node for the engines to give identical results. Runs on each node."""
    from pipeline.stages.machine_translation import present_models

    return {"provenance": pipeline.__version__, "code": code_hash(), "python": sys.version.split()[0],
            "libraries": library_versions(), "models": present_models()}


@cache
def code_hash() -> str:
    """Every file of the installed package (code and data), in path order."""
    root = Path(pipeline.__file__).parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def library_versions() -> dict[str, str | None]:
    names = [re.split(r"[\s<>=!~;\[]", requirement, maxsplit=1)[0]
             for requirement in importlib.metadata.requires(DISTRIBUTION) or () if "extra ==" not in requirement]
    return {name: _installed_version(name) for name in sorted({*names, "ray"})}


def _installed_version(name: str) -> str | None:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def fingerprint_differences(ours: dict[str, Any], theirs: dict[str, Any]) -> list[str]:
    """'what: the node's (here: this machine's)', for each thing that differs."""
    found = []
    for key in ("provenance", "code", "python"):
        if ours[key] != theirs.get(key):
            found.append(f"{key} {theirs.get(key)} (here {ours[key]})")
    for group in ("libraries", "models"):
        mine, other = ours[group], theirs.get(group, {})
        for name in sorted(set(mine) | set(other)):
            if (name in mine, mine.get(name)) != (name in other, other.get(name)):
                found.append(f"{name} {_entry(other, name)} (here {_entry(mine, name)})")
    return found


def _entry(mapping: dict[str, str | None], name: str) -> str:
    """A library's version or a pair's model; 'absent' when not installed, 'not listed' when not asked for."""
    if name not in mapping:
        return "not listed"
    return mapping[name] or "absent"


def describe(node: dict[str, Any]) -> str:
    return f"node {node['NodeManagerAddress']} [{node['NodeID'][:8]}]"


def check_new_nodes(ray: Any, checked: set[str]) -> None:
    """Each alive node not yet checked runs `node_fingerprint`; any difference stops the run, naming
    the node and what differs. A node that leaves the cluster meanwhile is no difference."""
    nodes = [node for node in ray.nodes() if node["Alive"] and node["NodeID"] not in checked]
    if not nodes:
        return
    ours = node_fingerprint()
    problems, passed = [], []
    for node, answer in zip(nodes, ask_every_node(ray, node_fingerprint, nodes), strict=True):
        try:
            theirs = ray.get(answer, timeout=NODE_ANSWER_TIMEOUT_S)
        except Exception as exc:
            if alive(ray, node["NodeID"]):
                problems.append(f"{describe(node)} cannot run provenance ({exception_chain(exc)[-1]})")
            continue
        differences = fingerprint_differences(ours, theirs)
        if differences:
            problems.append(f"{describe(node)} differs from this machine: {', '.join(differences)}")
        passed.append(node["NodeID"])
    if problems:
        raise PipelineError(f"Ray engine: every node needs provenance {pipeline.__version__} exactly as installed "
                            f"here (code {ours['code']}): " + "; ".join(problems))
    checked.update(passed)
    log.info("Ray cluster: %d node(s) checked, all run provenance %s (code %s)", len(passed), pipeline.__version__,
             ours["code"])


def ask_every_node(ray: Any, function: Any, nodes: list[dict[str, Any]]) -> list[Any]:
    """One call of `function` on each node (a task that needs no CPU, so a head node without any runs it too)."""
    remote = ray.remote(num_cpus=0, max_retries=0)(function)
    return [remote.options(scheduling_strategy=on_node(node)).remote() for node in nodes]


def on_node(node: dict[str, Any]) -> Any:
    """Ray's placement on exactly that node."""
    from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

    return NodeAffinitySchedulingStrategy(node["NodeID"], soft=False)


def alive(ray: Any, node_id: str) -> bool:
    return any(node["NodeID"] == node_id and node["Alive"] for node in ray.nodes())


def lost_nodes(ray: Any, known: set[str]) -> list[dict[str, Any]]:
    """Nodes this run has seen alive that have since died other than on purpose."""
    return [node for node in ray.nodes() if node["NodeID"] in known and not node["Alive"]
            and node.get("DeathReason") not in PLANNED_DEATHS]

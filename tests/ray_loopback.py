"""A real Ray cluster of several nodes on this machine, bound to the loopback interface only, for tests.

Each node is a `ray start` of its own (its own raylet, object store and workers) in a process group
of its own, with Ray 2.60's token authentication. Every process of the cluster carries a marker in
its environment (Ray's workers inherit it from their raylet), so a node can be killed, and the whole
cluster cleaned up, by process id even when something failed half-way.

`ray start` turns 127.0.0.1 into this machine's network address before it binds or connects
(ray-project/ray#59110, open in 2.60), and binds to every interface when the node address is not
loopback; the launcher below keeps 127.0.0.1 as given, which is all the workaround does.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

CLUSTER_MARKER = "PROVENANCE_TEST_RAY_CLUSTER"
NODE_MARKER = "PROVENANCE_TEST_RAY_NODE"
RAY_START = (
    "import sys\n"
    "import ray._private.services as services\n"
    "services.resolve_ip_for_localhost = lambda host: host\n"
    "from ray.scripts.scripts import main\n"
    "sys.argv[0] = 'ray'\n"
    "main()\n"
)
LOOPBACK_HOSTS = {"127.0.0.1", "::1", "::ffff:127.0.0.1"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class LoopbackCluster:
    """Start with `start_head()`, then `start_worker(name)`; always `stop()` (kills every process)."""

    def __init__(self, root: Path):
        self.root = root  # short: Ray's unix socket paths must stay under 108 bytes
        self.port = free_port()
        self.token = secrets.token_hex(32)
        self.logs = root / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def environment(self, **extra: str) -> dict[str, str]:
        """For the nodes and for a driver: the token, nothing reported anywhere, HOME in the temp dir."""
        env = {name: value for name, value in os.environ.items() if not name.startswith("RAY_")}
        env.update(RAY_AUTH_MODE="token", RAY_AUTH_TOKEN=self.token, RAY_USAGE_STATS_ENABLED="0",
                   RAY_enable_metrics_collection="0", RAY_enable_open_telemetry="0", HOME=str(self.root / "home"),
                   # a killed node is declared dead within seconds, not Ray's default half minute
                   RAY_health_check_period_ms="1000", RAY_health_check_failure_threshold="5")
        env[CLUSTER_MARKER] = str(self.root)
        env.update(extra)
        return env

    def start_head(self) -> None:
        # No CPU on the head, as Ray advises for clusters: all stage work runs on the worker nodes.
        self._start("head", ["--head", f"--port={self.port}", "--num-cpus=0", "--include-dashboard=false",
                             "--disable-usage-stats"])

    def start_worker(self, name: str, *, cpus: int = 1, **env: str) -> None:
        self._start(name, [f"--address={self.address}", f"--num-cpus={cpus}"], **env)

    def _start(self, name: str, args: list[str], **env: str) -> None:
        common = ["--node-ip-address=127.0.0.1", f"--temp-dir={self.root / 'ray'}", "--object-store-memory=100000000",
                  "--dashboard-agent-listen-port=0"]
        log_path = self.logs / f"{name}.log"
        with log_path.open("ab") as log:
            started = subprocess.run([sys.executable, "-c", RAY_START, "start", *args, *common],
                                     env=self.environment(**{NODE_MARKER: name}, **env), stdout=log,
                                     stderr=subprocess.STDOUT, start_new_session=True, timeout=180, check=False)
        if started.returncode != 0:
            tail = log_path.read_text(errors="replace")[-2000:]
            raise RuntimeError(f"ray start for {name} failed ({started.returncode}):\n{tail}")

    # --- processes --------------------------------------------------------------------------------

    def processes(self, node: str | None = None) -> list[int]:
        """Process ids of the cluster (or of one node), found by the marker in their environment."""
        wanted = [f"{CLUSTER_MARKER}={self.root}".encode()]
        if node is not None:
            wanted.append(f"{NODE_MARKER}={node}".encode())
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit() or int(entry.name) == os.getpid():
                continue
            try:
                variables = (entry / "environ").read_bytes().split(b"\0")
            except OSError:
                continue
            if all(marker in variables for marker in wanted):
                found.append(int(entry.name))
        return found

    def kill_node(self, node: str) -> None:
        self._kill(self.processes(node))

    def stop(self) -> None:
        self._kill(self.processes())

    def _kill(self, pids: list[int]) -> None:
        for _ in range(3):  # a raylet may fork a worker while we kill
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            time.sleep(0.2)
            pids = [pid for pid in pids if _alive(pid)]
            if not pids:
                return

    # --- the network ------------------------------------------------------------------------------

    def sockets(self) -> list[tuple[str, str, int, str, int]]:
        """(protocol:state, local host, port, remote host, port) of every TCP and UDP socket of the
        cluster's processes."""
        inodes = set()
        for pid in self.processes():
            try:
                links = [os.readlink(fd) for fd in Path(f"/proc/{pid}/fd").iterdir()]
            except OSError:
                continue
            inodes.update(link[8:-1] for link in links if link.startswith("socket:["))
        found = []
        for table in ("tcp", "tcp6", "udp", "udp6"):
            lines = Path(f"/proc/net/{table}").read_text().splitlines()[1:]
            for fields in (line.split() for line in lines):
                if fields[9] in inodes:
                    found.append((f"{table}:{fields[3]}", *_address(fields[1]), *_address(fields[2])))
        return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _address(hex_address: str) -> tuple[str, int]:
    """/proc/net's 'hex host:hex port' to (host, port); ('0.0.0.0', 0) for an unconnected remote end."""
    hex_host, hex_port = hex_address.split(":")
    host = bytes.fromhex(hex_host)
    if len(host) == 4:
        return socket.inet_ntop(socket.AF_INET, host[::-1]), int(hex_port, 16)
    words = b"".join(host[i:i + 4][::-1] for i in range(0, 16, 4))  # four little-endian 32-bit words
    return socket.inet_ntop(socket.AF_INET6, words), int(hex_port, 16)


def off_loopback(sockets: list[tuple[str, str, int, str, int]]) -> list[tuple[str, str, int, str, int]]:
    """Sockets bound to, or connected to, anything but loopback (an unconnected remote end is fine)."""
    unconnected = {"0.0.0.0", "::"}
    return [entry for entry in sockets
            if entry[1] not in LOOPBACK_HOSTS or entry[3] not in LOOPBACK_HOSTS | unconnected]

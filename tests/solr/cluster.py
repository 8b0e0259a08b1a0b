#!/usr/bin/env python3
"""A local SolrCloud on loopback for the tests and for developers: ZooKeeper plus Solr nodes.

    python tests/solr/cluster.py start      # ZooKeeper + 2 Solr 9.10.1 nodes, authentication on
    python tests/solr/cluster.py status     # what runs, where, and the credentials FILE (never the password)
    python tests/solr/cluster.py stop       # stops every process that start started
    python tests/solr/cluster.py clean      # stop, then forget the data, ports and credentials

Everything is built from Maven Central artifacts: tests/solr/pom.xml names solr-core and
solr-test-framework, ``mvn dependency:build-classpath`` resolves them (about a minute into an empty
~/.m2, then cached), and tests/solr/Launcher.java, compiled once, runs one role per process:
ZooKeeper (which writes /security.json before any node joins: BasicAuthPlugin with a generated
password, RuleBasedAuthorizationPlugin) and each Solr node (Solr's JettySolrRunner with its own solr
home).  Each is a separate JVM in its own session, so a test can SIGKILL one node.

State lives in ``$CABLES_SOLR_CLUSTER_DIR`` (default tests/solr/.cluster): state.json (pids and
ports), the credentials file ``credentials`` (``user:password``, mode 0600), ZooKeeper's data, one
solr home per node and logs/.  A second ``start`` finds the running cluster and returns it; starts
and stops are serialised by a file lock, so parallel test workers start one cluster.  Ports are
chosen free on the first start and kept with the data, so a restarted cluster finds its
collections again.

Exit status: 0 done, 1 the cluster could not start (the reason on one line, the log files named),
2 bad usage or no Java/Maven here.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import fcntl
import hashlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
STATE_DIR = Path(os.environ.get("CABLES_SOLR_CLUSTER_DIR", HERE / ".cluster"))
USER = "cables"
NODES = 2
START_TIMEOUT = float(os.environ.get("CABLES_SOLR_START_TIMEOUT", "240"))
SOLR_HEAP = os.environ.get("CABLES_SOLR_HEAP", "768m")
LOG_LEVEL = os.environ.get("CABLES_SOLR_LOG_LEVEL", "WARN")


class ClusterError(RuntimeError):
    """The cluster could not be started or reached; the message is one line and names the logs."""


@dataclass
class Process:
    role: str  # "zk", "node1", "node2" ...
    port: int
    pid: int = 0
    started: str = ""  # the process's start time in /proc (so a reused pid is never killed)

    def alive(self) -> bool:
        return bool(self.pid) and _proc_start_time(self.pid) == self.started


@dataclass
class Cluster:
    """A running (or recorded) local SolrCloud."""

    zk: Process
    nodes: list[Process]
    credentials_file: str
    state_dir: str
    log_dir: str
    extra: dict = field(default_factory=dict)

    @property
    def zk_host(self) -> str:
        return f"127.0.0.1:{self.zk.port}"

    @property
    def urls(self) -> list[str]:
        """The base URL of each Solr node: ``http://127.0.0.1:PORT/solr``."""
        return [f"http://127.0.0.1:{n.port}/solr" for n in self.nodes]

    def processes(self) -> list[Process]:
        return [self.zk, *self.nodes]

    def node(self, index: int) -> Process:
        return self.nodes[index]


# --- commands -----------------------------------------------------------------------------------


def start(nodes: int = NODES, timeout: float = START_TIMEOUT) -> tuple[Cluster, bool]:
    """The running cluster, starting it when none runs: ``(cluster, started_now)``.

    Raises :class:`ClusterError` when it cannot start (no Java or Maven, Maven Central unreachable,
    a port taken, a process that died); whatever this call started is stopped again then.
    """
    STATE_DIR.mkdir(parents=True, exist_ok=True)
    with _locked():
        cluster = _load_state()
        if cluster is not None and all(p.alive() for p in cluster.processes()):
            _wait_ready(cluster, _credentials(), time.monotonic() + timeout)
            return cluster, False
        if cluster is not None:
            _stop_processes(cluster)  # a half-dead cluster: start afresh on the same data
        try:
            return _start(nodes, time.monotonic() + timeout), True
        except BaseException:
            leftover = _load_state()
            if leftover is not None:
                _stop_processes(leftover)
                _state_file().unlink(missing_ok=True)
            raise


def stop() -> list[str]:
    """Stops every process of the recorded cluster; the roles stopped (empty when none ran)."""
    if not STATE_DIR.is_dir():
        return []
    with _locked():
        cluster = _load_state()
        if cluster is None:
            return []
        stopped = _stop_processes(cluster)
        _state_file().unlink(missing_ok=True)
        (STATE_DIR / "started-by-pytest").unlink(missing_ok=True)
        return stopped


def clean() -> None:
    """Stops the cluster and removes its data, ports and credentials (the resolved jars stay)."""
    stop()
    for name in ("zk-data", "homes", "logs", "ports.json", "credentials", "security.json"):
        path = STATE_DIR / name
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)


def running() -> Cluster | None:
    """The recorded cluster when all its processes are alive, else None."""
    cluster = _load_state()
    if cluster is None or not all(p.alive() for p in cluster.processes()):
        return None
    return cluster


def kill_node(cluster: Cluster, index: int) -> None:
    """SIGKILLs Solr node ``index`` (0-based), as a crash would: no shutdown, no goodbye to ZooKeeper."""
    node = cluster.nodes[index]
    if node.alive():
        os.kill(node.pid, signal.SIGKILL)
        _wait_gone(node, 10)


def restart_node(cluster: Cluster, index: int, timeout: float = START_TIMEOUT) -> None:
    """Starts Solr node ``index`` again (same port, same solr home) and waits until it has joined."""
    with _locked():
        node = cluster.nodes[index]
        if not node.alive():
            _spawn_node(cluster, node)
            _save_state(cluster)
        _wait_ready(cluster, _credentials(), time.monotonic() + timeout)


# --- starting -----------------------------------------------------------------------------------


def _start(count: int, deadline: float) -> Cluster:
    java, classpath = _java(), _classpath()
    classes = _compile(classpath)
    ports = _ports(count)
    user, password = _credentials(create=True)
    (STATE_DIR / "security.json").write_text(json.dumps(_security_json(user, password), indent=2))
    logs = STATE_DIR / "logs"
    logs.mkdir(exist_ok=True)
    cluster = Cluster(
        zk=Process("zk", ports["zk"]),
        nodes=[Process(f"node{i}", ports[f"node{i}"]) for i in range(1, count + 1)],
        credentials_file=str(STATE_DIR / "credentials"),
        state_dir=str(STATE_DIR),
        log_dir=str(logs),
        extra={"java": java, "classpath": f"{classes}{os.pathsep}{classpath}"},
    )
    zk_data = STATE_DIR / "zk-data"
    zk_data.mkdir(exist_ok=True)
    _spawn(cluster, cluster.zk, ["zk", str(cluster.zk.port), str(zk_data), str(STATE_DIR / "security.json")],
           ["-Xmx256m", "-Dzookeeper.admin.enableServer=false", "-Dzookeeper.4lw.commands.whitelist=ruok,srvr"])
    _save_state(cluster)
    _wait_line(cluster.zk, "READY", deadline)
    for node in cluster.nodes:
        _spawn_node(cluster, node)
    _save_state(cluster)
    _wait_ready(cluster, (user, password), deadline)
    return cluster


def _spawn_node(cluster: Cluster, node: Process) -> None:
    home = STATE_DIR / "homes" / node.role
    home.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(HERE / "solr.xml", home / "solr.xml")
    _spawn(cluster, node, ["solr", str(node.port), str(home), cluster.zk_host],
           [f"-Xmx{SOLR_HEAP}", "-XX:+UseG1GC", f"-Dsolr.log.dir={cluster.log_dir}"])


def _spawn(cluster: Cluster, process: Process, args: list[str], jvm: list[str]) -> None:
    log = Path(cluster.log_dir) / f"{process.role}.log"
    out = Path(cluster.log_dir) / f"{process.role}.out"
    command = [
        cluster.extra["java"], *jvm,
        f"-Dcables.cluster={STATE_DIR}", f"-Dcables.log.file={log}", f"-Dcables.log.level={LOG_LEVEL}",
        f"-Dlog4j2.configurationFile={HERE / 'log4j2.xml'}",
        "-cp", cluster.extra["classpath"], "Launcher", *args,
    ]  # fmt: skip
    with open(out, "w") as stdout:
        child = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=stdout, stderr=subprocess.STDOUT,
                                 start_new_session=True, cwd=STATE_DIR)  # fmt: skip
    process.pid = child.pid
    process.started = _proc_start_time(child.pid)


def _wait_line(process: Process, text: str, deadline: float) -> None:
    out = STATE_DIR / "logs" / f"{process.role}.out"
    while time.monotonic() < deadline:
        if text in out.read_text(errors="replace"):
            return
        if not process.alive():
            raise ClusterError(f"{process.role} exited while starting: see {out}")
        time.sleep(0.2)
    raise ClusterError(f"{process.role} did not start in time: see {out}")


def _wait_ready(cluster: Cluster, credentials: tuple[str, str], deadline: float) -> None:
    """Waits until every node answers with authentication and ZooKeeper lists all of them as live."""
    expected = {f"127.0.0.1:{n.port}_solr" for n in cluster.nodes}
    problem = "no answer yet"
    while time.monotonic() < deadline:
        for process in cluster.processes():
            if not process.alive():
                raise ClusterError(f"{process.role} exited while starting: see {cluster.log_dir}/{process.role}.out")
        try:
            for url in cluster.urls:
                status = _get_json(f"{url}/admin/collections?action=CLUSTERSTATUS&wt=json", credentials)
                live = set(status.get("cluster", {}).get("live_nodes", []))
                if not expected <= live:
                    raise ClusterError(f"live nodes {sorted(live)}, waiting for {sorted(expected - live)}")
            return
        except (OSError, ClusterError, ValueError) as exc:
            problem = str(exc)
        time.sleep(0.5)
    raise ClusterError(f"the Solr nodes did not become ready in time ({problem}): see {cluster.log_dir}")


def _get_json(url: str, credentials: tuple[str, str]) -> dict:
    token = base64.b64encode(":".join(credentials).encode()).decode()
    request = urllib.request.Request(url, headers={"Authorization": f"Basic {token}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


# --- pieces -------------------------------------------------------------------------------------


def _java() -> str:
    home = os.environ.get("JAVA_HOME")
    java = str(Path(home) / "bin" / "java") if home and (Path(home) / "bin" / "java").exists() else shutil.which("java")
    if not java:
        raise ClusterError("no Java here (java is not on PATH and JAVA_HOME is unset): Solr 9 needs Java 11 or later")
    return java


def _classpath() -> str:
    """The jars tests/solr/pom.xml names, resolved by Maven once and then kept (keyed by the pom)."""
    build = STATE_DIR / "build"
    build.mkdir(parents=True, exist_ok=True)
    key = hashlib.sha256((HERE / "pom.xml").read_bytes()).hexdigest()
    cached, cached_key = build / "classpath.txt", build / "classpath.key"
    if cached.exists() and cached_key.exists() and cached_key.read_text() == key:
        classpath = cached.read_text().strip()
        if all(Path(jar).exists() for jar in classpath.split(os.pathsep)):
            return classpath
    mvn = shutil.which("mvn")
    if not mvn:
        raise ClusterError("no Maven here (mvn is not on PATH): it resolves Solr from Maven Central")
    try:
        result = subprocess.run(
            [mvn, "-q", "-B", "-f", str(HERE / "pom.xml"), "dependency:build-classpath", f"-Dmdep.outputFile={cached}"],
            stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=600,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        raise ClusterError("Maven did not resolve Solr's jars in 10 minutes: is Maven Central reachable?") from None
    if result.returncode != 0 or not cached.exists():
        last = (result.stdout + result.stderr).strip().splitlines()[-1:] or ["no output"]
        raise ClusterError(f"Maven could not resolve Solr's jars from tests/solr/pom.xml: {last[0]}")
    cached_key.write_text(key)
    return cached.read_text().strip()


def _compile(classpath: str) -> Path:
    source = HERE / "Launcher.java"
    classes = STATE_DIR / "build" / "classes"
    stamp = classes / "source.sha256"
    key = hashlib.sha256(source.read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == key:
        return classes
    javac = shutil.which("javac") or str(Path(_java()).with_name("javac"))
    if classes.exists():
        shutil.rmtree(classes)
    classes.mkdir(parents=True)
    result = subprocess.run([javac, "-d", str(classes), "-cp", classpath, str(source)], capture_output=True, text=True)
    if result.returncode != 0:
        raise ClusterError(f"javac could not compile {source}: {result.stderr.strip().splitlines()[:1]}")
    stamp.write_text(key)
    return classes


def _ports(count: int) -> dict[str, int]:
    """The ports of the first start, kept with the data (the collections name their nodes by port)."""
    path = STATE_DIR / "ports.json"
    roles = ["zk", *(f"node{i}" for i in range(1, count + 1))]
    ports = json.loads(path.read_text()) if path.exists() else {}
    if set(ports) != set(roles):
        ports = {role: _free_port() for role in roles}
        path.write_text(json.dumps(ports))
    for role, port in ports.items():
        if not _port_free(port):
            raise ClusterError(f"port {port} ({role}) is taken by another program: `cluster.py clean` starts afresh")
    return ports


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _port_free(port: int) -> bool:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def _credentials(create: bool = False) -> tuple[str, str]:
    """The test credentials (``user:password`` in an owner-only file), generated on the first start."""
    path = STATE_DIR / "credentials"
    if not path.exists():
        if not create:
            raise ClusterError(f"no credentials file {path}: start the cluster first")
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(f"{USER}:{secrets.token_urlsafe(24)}\n")
    user, _, password = path.read_text().strip().partition(":")
    return user, password


def _security_json(user: str, password: str) -> dict:
    """Solr's security.json: basic authentication for every request, one admin user."""
    salt = secrets.token_bytes(32)
    # Solr's Sha256AuthenticationProvider: base64(sha256(sha256(salt + password))) base64(salt).
    digest = hashlib.sha256(hashlib.sha256(salt + password.encode()).digest()).digest()
    stored = f"{base64.b64encode(digest).decode()} {base64.b64encode(salt).decode()}"
    return {
        "authentication": {
            "class": "solr.BasicAuthPlugin",
            "blockUnknown": True,
            "forwardCredentials": False,
            "credentials": {user: stored},
        },
        "authorization": {
            "class": "solr.RuleBasedAuthorizationPlugin",
            "permissions": [{"name": "all", "role": "admin"}],
            "user-role": {user: ["admin"]},
        },
    }


# --- stopping -----------------------------------------------------------------------------------


def _stop_processes(cluster: Cluster) -> list[str]:
    """SIGTERM to the nodes then ZooKeeper (Jetty and ZooKeeper shut down cleanly), SIGKILL after 20 s."""
    stopped = []
    for process in [*cluster.nodes, cluster.zk]:
        if process.alive():
            os.kill(process.pid, signal.SIGTERM)
            stopped.append(process.role)
    for process in [*cluster.nodes, cluster.zk]:
        if not _wait_gone(process, 20) and process.alive():
            os.kill(process.pid, signal.SIGKILL)
            _wait_gone(process, 10)
    return stopped


def _wait_gone(process: Process, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not process.alive():
            return True
        time.sleep(0.1)
    return False


def _proc_start_time(pid: int) -> str:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    fields = stat.rpartition(")")[2].split()
    if fields and fields[0] == "Z":  # a zombie (our own child, not yet reaped) is gone
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)
        return ""
    return fields[19] if len(fields) > 19 else ""


# --- state --------------------------------------------------------------------------------------


def _state_file() -> Path:
    return STATE_DIR / "state.json"


def _save_state(cluster: Cluster) -> None:
    tmp = _state_file().with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(cluster), indent=2))
    tmp.replace(_state_file())


def _load_state() -> Cluster | None:
    try:
        data = json.loads(_state_file().read_text())
    except (OSError, ValueError):
        return None
    return Cluster(
        zk=Process(**data["zk"]),
        nodes=[Process(**n) for n in data["nodes"]],
        credentials_file=data["credentials_file"],
        state_dir=data["state_dir"],
        log_dir=data["log_dir"],
        extra=data.get("extra", {}),
    )


@contextlib.contextmanager
def _locked():
    STATE_DIR.mkdir(parents=True, exist_ok=True)
    with open(STATE_DIR / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


# --- command line -------------------------------------------------------------------------------


def describe(cluster: Cluster) -> str:
    lines = [f"zookeeper  {cluster.zk_host}  pid {cluster.zk.pid}"]
    for node, url in zip(cluster.nodes, cluster.urls):
        state = "running" if node.alive() else "DOWN"
        lines.append(f"{node.role:<10} {url}  pid {node.pid}  {state}")
    lines.append(f"credentials file  {cluster.credentials_file}  (user:password, owner-only)")
    lines.append(f"logs  {cluster.log_dir}")
    lines.append(f"export CABLES_SOLR_CREDENTIALS={cluster.credentials_file}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["start", "stop", "status", "clean"])
    parser.add_argument("--nodes", type=int, default=NODES, help="Solr nodes to start (default 2)")
    args = parser.parse_args(argv)
    if args.command == "start":
        began = time.monotonic()
        try:
            cluster, started = start(args.nodes)
        except (ClusterError, OSError) as exc:
            print(f"cluster.py: the local SolrCloud could not start: {exc}", file=sys.stderr)
            return 1
        verb = f"started in {time.monotonic() - began:.1f} s" if started else "already running"
        print(f"local SolrCloud {verb}\n{describe(cluster)}")
    elif args.command == "stop":
        stopped = stop()
        print(f"stopped {', '.join(stopped)}" if stopped else "no local SolrCloud was running")
    elif args.command == "clean":
        clean()
        print(f"stopped and removed the cluster's data under {STATE_DIR}")
    else:
        cluster = _load_state()
        if cluster is None:
            print("no local SolrCloud is running")
            return 3
        print(describe(cluster))
        return 0 if all(p.alive() for p in cluster.processes()) else 3
    return 0


if __name__ == "__main__":
    sys.exit(main())

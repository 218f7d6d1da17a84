#!/usr/bin/env python3
"""A real Neo4j 5 for the test suite and the benchmarks, without Docker.

    python3 scripts/neo4j_test_server.py start       # build if needed, start, wait
    python3 scripts/neo4j_test_server.py stop        # stop it by PID
    python3 scripts/neo4j_test_server.py run -- CMD  # start, run CMD with
                                                     # POWERMAP_TEST_NEO4J_URI set, stop
                                                     # (a URI already set: just CMD)

Maven fetches the pinned Neo4j Community (tools/neo4j-server/pom.xml) into
~/.m2 once; later runs build offline from that cache. The launcher serves Bolt on
127.0.0.1 at a free port (POWERMAP_TEST_NEO4J_PORT to choose one) with
authentication off and throwaway data under .neo4j-test/ (wiped at each start).
``start`` prints the Neo4j version and the URI; the URI is also written to
.neo4j-test/uri. Heap: POWERMAP_TEST_NEO4J_HEAP (default 1g); more JVM options:
POWERMAP_TEST_NEO4J_JAVA_OPTS; another state folder than .neo4j-test/ (to run a
second server, for a benchmark): POWERMAP_TEST_NEO4J_DIR.
Standard library only: it runs before the project's virtualenv matters.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAUNCHER = ROOT / "tools" / "neo4j-server"
# Another folder (POWERMAP_TEST_NEO4J_DIR) runs a second server beside the tests'.
STATE = Path(os.environ.get("POWERMAP_TEST_NEO4J_DIR") or ROOT / ".neo4j-test").resolve()
PID_FILE = STATE / "pid"
URI_FILE = STATE / "uri"
LOG_FILE = STATE / "server.log"
START_TIMEOUT = 240.0  # seconds; a cold JVM on a busy 2-core machine is slow
STOP_TIMEOUT = 60.0
MAIN_CLASS = "powermap.neo4jserver.Main"


def fail(message: str) -> None:
    print(f"neo4j-test-server: {message}", file=sys.stderr)
    raise SystemExit(1)


def build() -> str:
    """The launcher's class path, building it with Maven when missing or stale."""
    jar = LAUNCHER / "target" / "neo4j-test-server-1.jar"
    classpath_file = LAUNCHER / "target" / "classpath.txt"
    sources = [LAUNCHER / "pom.xml", *(LAUNCHER / "src").rglob("*.java")]
    fresh = (
        jar.exists()
        and classpath_file.exists()
        and all(s.stat().st_mtime <= jar.stat().st_mtime for s in sources)
        and all(Path(p).exists() for p in classpath_file.read_text().split(os.pathsep))
    )
    if not fresh:
        if shutil.which("mvn") is None or shutil.which("java") is None:
            fail(
                "Java 17 and Maven are needed to run Neo4j for the tests (apt-get install "
                "openjdk-17-jdk-headless maven)."
            )
        print(
            "neo4j-test-server: building the launcher (Maven fetches Neo4j on first use)",
            file=sys.stderr,
        )
        done = subprocess.run(
            ["mvn", "-q", "-B", "package"],
            cwd=LAUNCHER,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            fail(f"`mvn -q -B package` in {LAUNCHER} failed:\n{done.stdout[-4000:]}")
    return f"{jar}{os.pathsep}{classpath_file.read_text().strip()}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def running_pid() -> int | None:
    try:
        pid = int(PID_FILE.read_text())
    except (OSError, ValueError):
        return None
    try:
        os.kill(pid, 0)
    except OSError:
        return None
    return pid


def start() -> str:
    """Start the server (stopping one this script left running) and return its URI."""
    stop(quiet=True)
    classpath = build()
    shutil.rmtree(STATE, ignore_errors=True)
    STATE.mkdir(parents=True)
    port = int(os.environ.get("POWERMAP_TEST_NEO4J_PORT") or free_port())
    heap = os.environ.get("POWERMAP_TEST_NEO4J_HEAP", "1g")
    command = [
        "java",
        f"-Xms{heap}",
        f"-Xmx{heap}",
        "-XX:+UseG1GC",
        *os.environ.get("POWERMAP_TEST_NEO4J_JAVA_OPTS", "").split(),  # e.g. GC logging
        "-cp",
        classpath,
        MAIN_CLASS,
        str(STATE / "home"),
        str(port),
    ]
    with LOG_FILE.open("w") as log:
        process = subprocess.Popen(
            command,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # a Ctrl-C in the terminal does not skip its clean stop
        )
    PID_FILE.write_text(str(process.pid))
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            fail(
                f"Neo4j exited with code {process.returncode} while starting; its log:\n"
                f"{LOG_FILE.read_text()[-4000:]}"
            )
        for line in LOG_FILE.read_text().splitlines():
            if line.startswith("ready "):
                uri = f"bolt://127.0.0.1:{port}"
                URI_FILE.write_text(uri)
                print(
                    f"Neo4j {line.split()[1]} (Community, in-process launcher) at {uri}, "
                    f"pid {process.pid}",
                    file=sys.stderr,
                )
                return uri
        time.sleep(0.5)
    stop()
    fail(f"Neo4j did not become ready within {START_TIMEOUT:.0f} s; its log: {LOG_FILE}")
    raise AssertionError("unreachable")


def stop(*, quiet: bool = False) -> None:
    pid = running_pid()
    if pid is None:
        if not quiet:
            print("neo4j-test-server: not running", file=sys.stderr)
        return
    os.kill(pid, signal.SIGTERM)  # the launcher shuts the database down cleanly
    deadline = time.monotonic() + STOP_TIMEOUT
    while time.monotonic() < deadline and running_pid() is not None:
        time.sleep(0.2)
        with contextlib.suppress(ChildProcessError):  # reap our child (run)
            os.waitpid(pid, os.WNOHANG)
    if running_pid() is not None:
        os.kill(pid, signal.SIGKILL)
    PID_FILE.unlink(missing_ok=True)
    if not quiet:
        print(f"neo4j-test-server: stopped pid {pid}", file=sys.stderr)


def run(command: list[str]) -> int:
    if not command:
        fail("run needs a command after --")
    if os.environ.get("POWERMAP_TEST_NEO4J_URI"):
        # A server chosen by the caller (docker compose, a cluster): use it as is.
        print("neo4j-test-server: using POWERMAP_TEST_NEO4J_URI as set", file=sys.stderr)
        return subprocess.call(command)
    # make or CI ending us with SIGTERM still stops the server (finally below).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    uri = start()
    try:
        env = {**os.environ, "POWERMAP_TEST_NEO4J_URI": uri}
        return subprocess.call(command, env=env)
    finally:
        stop()


def main(argv: list[str]) -> int:
    if argv[:1] == ["start"]:
        print(start())
        return 0
    if argv[:1] == ["stop"]:
        stop()
        return 0
    if argv[:1] == ["run"]:
        rest = argv[1:]
        return run(rest[1:] if rest[:1] == ["--"] else rest)
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

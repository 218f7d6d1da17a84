"""Issue 14's read-path figures on an embedded store, with their floors.

* **start-up**: ``powermap serve`` from process start to the first 200 of
  ``/readyz``, warm-up off, with the CPU time it used and its resident memory
  (VmRSS) then; the median of :data:`STARTS` fresh servers. The project's modules
  are compiled to bytecode first, as an installed package has them (a checkout
  run with ``PYTHONDONTWRITEBYTECODE`` would compile every module at each start);
* **first answer, cold**: the largest account's coverage as the first request of
  a fresh server (the store read, the snapshot built, the answer), wall and the
  server's CPU for it;
* **its floor**: the ``SELECT`` of that account's rows alone (the statements of
  :func:`graph.embedded.reads.account_rows`, no record built), beside the typed
  read and the snapshot build;
* **warm executive paths / introducers**: p95 over repeats on the largest
  account's snapshot, in process (what a request pays once the snapshot is
  cached).

``python -m bench.readpath --store FILE`` prints the figures as JSON.
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import importlib.util
import json
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Final

from bench.load import get_once
from bench.server import LOOPBACK, Server
from bench.stats import summary
from graph.embedded import EmbeddedStore
from graph.embedded.reads import account_rows
from queries.paths import executive_paths, introducers
from queries.settings import QuerySettings
from queries.snapshot import AccountSnapshot

REPEATS: Final = 30
STARTS: Final = 3
K: Final = 5
MAX_HOPS: Final = 4
PACKAGES: Final = ("api", "graph", "ingest", "queries")


def rss_mib(pid: int) -> float | None:
    """Resident memory (VmRSS) of a running process, in MiB."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return None


def cpu_s(pid: int) -> float | None:
    """CPU seconds (user + system) a running process has used: on a busy machine
    the honest companion of a wall-clock start-up time."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    ticks = os.sysconf("SC_CLK_TCK")
    return round((int(fields[11]) + int(fields[12])) / ticks, 3)


def compile_bytecode() -> None:
    """Compile the project's packages to bytecode where Python looks for it."""
    for name in PACKAGES:
        spec = importlib.util.find_spec(name)
        for folder in (spec.submodule_search_locations or []) if spec else []:
            compileall.compile_dir(folder, quiet=1)


def _timed(fn: Callable[[], object], repeats: int) -> dict[str, Any]:
    """Wall-clock summary, with the CPU-time p50 and p95 beside it."""
    times, cpu_times = [], []
    for _ in range(repeats):
        started, cpu = time.perf_counter(), time.process_time()
        fn()
        times.append(time.perf_counter() - started)
        cpu_times.append(time.process_time() - cpu)
    figures = summary(times, cpu_times)
    figures["cpu_p95_ms"] = summary(cpu_times)["p95_ms"]
    return figures


def _median(values: Sequence[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return round(statistics.median(known), 3) if known else None


def server_figures(store: Path, largest: str, log: Path, starts: int = STARTS) -> dict[str, Any]:
    """Start-up (median of ``starts`` fresh servers) and, on the first of them,
    the largest account's coverage as its first request."""
    ready, ready_cpu, ready_rss = [], [], []
    first: dict[str, Any] = {}
    for start in range(starts):
        with Server(str(store), log, {"POWERMAP_WARM_ACCOUNTS": "0"}) as server:
            pid = server.process.pid
            ready.append(server.ready_s)
            ready_cpu.append(cpu_s(pid))
            ready_rss.append(rss_mib(pid))
            if start == 0:
                path = f"/v1/accounts/{largest}/coverage"
                seconds, status, _ = get_once(LOOPBACK, server.port, path)
                if status != 200:
                    raise RuntimeError(f"coverage of {largest} answered {status}; see {log}")
                after = cpu_s(pid)
                first = {
                    "first_answer_cold_s": round(seconds, 3),
                    "first_answer_cold_cpu_s": (
                        None
                        if after is None or ready_cpu[0] is None
                        else round(after - ready_cpu[0], 3)
                    ),
                    "rss_after_first_answer_mib": rss_mib(pid),
                }
    return {
        "starts": starts,
        "ready_s": _median(ready),
        "cpu_at_ready_s": _median(ready_cpu),
        "rss_at_ready_mib": _median(ready_rss),
        **first,
    }


def select_floor(store: Path, account_id: str) -> dict[str, Any]:
    """The account's rows, fetched and dropped: the read's floor (a fresh
    connection, as a fresh process has)."""
    conn = sqlite3.connect(f"{store.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
    try:
        started, cpu = time.perf_counter(), time.process_time()
        rows = account_rows(conn, account_id) or []
        seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
    finally:
        conn.close()
    return {
        "rows": sum(len(r) for r in rows),
        "seconds": round(seconds, 3),
        "cpu_s": round(cpu_seconds, 3),
    }


def in_process_figures(store: Path, as_of: dt.date, repeats: int) -> dict[str, Any]:
    with EmbeddedStore(store, read_only=True) as opened:
        largest = opened.largest_accounts(1)[0]
        floor = select_floor(store, largest)
        started, cpu = time.perf_counter(), time.process_time()
        data = opened.account_data(largest)
        read, read_cpu = time.perf_counter(), time.process_time()
        snapshot = AccountSnapshot.build(data, as_of, QuerySettings())
        built, built_cpu = time.perf_counter(), time.process_time()
    member = snapshot.team[0] if snapshot.team else None
    unit = snapshot.top_unit_ids[0] if snapshot.top_unit_ids else None
    figures: dict[str, Any] = {
        "largest_account": largest,
        "people": len(data.people),
        "relationships": len(data.relationships),
        "select_floor": floor,
        "account_data_s": round(read - started, 3),
        "account_data_cpu_s": round(read_cpu - cpu, 3),
        "snapshot_build_s": round(built - read, 3),
        "snapshot_build_cpu_s": round(built_cpu - read_cpu, 3),
    }
    started, cpu = time.perf_counter(), time.process_time()
    executive_paths(snapshot, k=K, max_hops=MAX_HOPS)  # the path graph and team search
    figures["first_executive_paths_s"] = round(time.perf_counter() - started, 3)
    figures["first_executive_paths_cpu_s"] = round(time.process_time() - cpu, 3)
    figures["executive_paths_warm"] = _timed(
        lambda: executive_paths(snapshot, k=K, max_hops=MAX_HOPS), repeats
    )
    if member is not None and unit is not None:
        figures["introducers_warm"] = _timed(
            lambda: introducers(snapshot, unit, member, k=K, max_hops=MAX_HOPS), repeats
        )
    return figures


def read_path(
    store: Path, as_of: dt.date, repeats: int = REPEATS, starts: int = STARTS
) -> dict[str, Any]:
    compile_bytecode()
    figures = in_process_figures(store, as_of, repeats)
    with tempfile.TemporaryDirectory(prefix="powermap-readpath-") as folder:
        figures["server"] = server_figures(
            store, figures["largest_account"], Path(folder) / "server.log", starts
        )
    return figures


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.readpath")
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date(2026, 11, 15))
    parser.add_argument("--repeats", type=int, default=REPEATS)
    parser.add_argument("--starts", type=int, default=STARTS)
    args = parser.parse_args(argv)
    print(json.dumps(read_path(args.store, args.as_of, args.repeats, args.starts), indent=2))


if __name__ == "__main__":
    main(sys.argv[1:])

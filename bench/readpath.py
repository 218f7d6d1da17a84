"""Issue 14's read-path figures on an embedded store, in one run.

* **start-up**: ``powermap serve`` from process start to the first 200 of
  ``/readyz``, warm-up off, with the CPU time it used and its resident memory
  (VmRSS) then;
* **first answer, cold**: the largest account's coverage as the first request of
  that fresh server (the store read, the snapshot built, the answer);
* **warm executive paths / introducers**: p95 over repeats on the largest
  account's snapshot, in process (what a request pays once the snapshot is
  cached), with the read and build times beside them.

``python -m bench.readpath --store FILE`` prints the figures as JSON.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

from bench.load import get_once
from bench.server import LOOPBACK, Server
from bench.stats import summary
from graph.embedded import EmbeddedStore
from queries.paths import executive_paths, introducers
from queries.settings import QuerySettings
from queries.snapshot import AccountSnapshot

REPEATS: Final = 30
K: Final = 5
MAX_HOPS: Final = 4


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


def server_figures(store: Path, largest: str, log: Path) -> dict[str, Any]:
    with Server(str(store), log, {"POWERMAP_WARM_ACCOUNTS": "0"}) as server:
        ready_rss = rss_mib(server.process.pid)
        ready_cpu = cpu_s(server.process.pid)
        first, status, _ = get_once(LOOPBACK, server.port, f"/v1/accounts/{largest}/coverage")
        if status != 200:
            raise RuntimeError(f"coverage of {largest} answered {status}; see {log}")
        return {
            "ready_s": server.ready_s,
            "cpu_at_ready_s": ready_cpu,
            "rss_at_ready_mib": ready_rss,
            "first_answer_cold_s": round(first, 3),
            "rss_after_first_answer_mib": rss_mib(server.process.pid),
        }


def in_process_figures(store: Path, as_of: dt.date, repeats: int) -> dict[str, Any]:
    with EmbeddedStore(store, read_only=True) as opened:
        largest = opened.largest_accounts(1)[0]
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


def read_path(store: Path, as_of: dt.date, repeats: int = REPEATS) -> dict[str, Any]:
    figures = in_process_figures(store, as_of, repeats)
    with tempfile.TemporaryDirectory(prefix="powermap-readpath-") as folder:
        figures["server"] = server_figures(
            store, figures["largest_account"], Path(folder) / "server.log"
        )
    return figures


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.readpath")
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date(2026, 11, 15))
    parser.add_argument("--repeats", type=int, default=REPEATS)
    args = parser.parse_args(argv)
    print(json.dumps(read_path(args.store, args.as_of, args.repeats), indent=2))


if __name__ == "__main__":
    main(sys.argv[1:])

"""The whole benchmark, in order: bundle, ingest (with its floor), cold start,
issue 14's read path (start-up, the cold first answer and its SELECT floor, warm
paths), answer latencies, the API under load (with the web page's first paint),
memory. Latencies, the read path and the load test can be left out. Returns one JSON-able
document; :mod:`bench.report` turns it into tables and target checks."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final
from urllib.parse import quote

from bench import machine
from bench.latency import MAX_HOPS, K, LatencyRun
from bench.load import get_once, run_load
from bench.readpath import read_path
from bench.server import LOOPBACK, Server
from bench.stats import load_average, summary
from bench.workload import AS_OF, Sample, choose_sample, ensure_bundle
from graph.errors import PowermapError
from graph.factory import is_neo4j_uri
from graph.store import GraphStore
from ingest.generate import Scale

WEB_WARM_REPEATS: Final = 5
CHILD_TIMEOUT_S: Final = 3600

Progress = Callable[[str], None]


class BenchError(PowermapError):
    title = "Cannot run the benchmark"


@dataclass(frozen=True, slots=True)
class BenchOptions:
    scale: Scale
    seed: int = 7
    store: str | None = None  # None: a new embedded file under ``root``
    yes_wipe: bool = False
    clients: int = 32
    duration: float = 10.0
    max_requests: int = 20_000
    root: Path = Path(".bench")
    # The long phases, each skippable so that L and XL runs fit in minutes.
    latency: bool = True  # every answer cold and warm, in process
    load_test: bool = True  # the API under concurrent clients, the web page
    read_path: bool = True  # issue 14's start-up, cold answer and SELECT floor


def _embedded_target(options: BenchOptions) -> Path:
    """The fresh embedded store file to load: ours is replaced, the user's must be new."""
    if options.store is None:
        path = options.root / f"{options.scale.value}-{options.seed}" / "graph.db"
        for leftover in path.parent.glob("graph.db*"):
            leftover.unlink()
        return path
    path = Path(options.store)
    if path.exists():
        raise BenchError(
            f"{path} already exists: the benchmark loads into a fresh store. Name a new "
            "file, or leave out --store to use one under .bench/."
        )
    return path


def _child(progress: Progress, what: str, *args: str) -> dict[str, Any]:
    progress(what)
    done = subprocess.run(
        [sys.executable, "-m", "bench.child", *args],
        capture_output=True,
        text=True,
        timeout=CHILD_TIMEOUT_S,
        check=False,
    )
    if done.returncode != 0:
        raise BenchError(f"{what} failed (exit {done.returncode}):\n{done.stderr[-4000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _open_for_queries(store: str) -> GraphStore:
    if not is_neo4j_uri(store):
        from graph.embedded import EmbeddedStore

        # The store keeps nothing between reads: every cold figure reads afresh.
        return EmbeddedStore(Path(store), read_only=True)
    from bench.child import _open

    opened: GraphStore = _open(store, wipe=False)
    return opened


def _unprepared_page(store: str, sample: Sample, log: Path) -> float:
    """The largest account's page as the first request of a server that prepares
    nothing ahead (warm-up off): graph read, snapshot, path graph, answers, render."""
    page = f"/accounts/{quote(sample.largest)}?as_of={AS_OF.isoformat()}"
    with Server(store, log, {"POWERMAP_WARM_ACCOUNTS": "0"}) as server:
        first, status, _ = get_once(LOOPBACK, server.port, page)
    if status != 200:
        raise BenchError(f"GET {page} answered {status}; see {log}")
    return first


def _api(options: BenchOptions, store: str, sample: Sample, log: Path) -> dict[str, Any]:
    day = AS_OF.isoformat()
    unprepared = _unprepared_page(store, sample, log)
    # A date the start-up warm-up did not prepare (it prepares today): the account
    # graph is ready, the snapshot for this date is not.
    other_day = AS_OF if dt.date.today() != AS_OF else AS_OF - dt.timedelta(days=1)
    with Server(store, log) as server:
        warm_up_s = server.wait_warm()
        base = f"/accounts/{quote(sample.largest)}"
        page = f"{base}?as_of={day}"
        first_page = f"{base}?as_of={other_day}"
        first, status, size = get_once(LOOPBACK, server.port, first_page)
        if status != 200:
            raise BenchError(f"GET {first_page} answered {status}; see {log}")
        today = get_once(LOOPBACK, server.port, base)[0]
        warm = [get_once(LOOPBACK, server.port, page)[0] for _ in range(WEB_WARM_REPEATS)]
        web = {
            "account": sample.largest,
            "unprepared_ms": round(unprepared * 1000, 1),
            "warm_up_s": warm_up_s,
            "other_date_ms": round(first * 1000, 1),
            "today_ms": round(today * 1000, 1),
            "warm": summary(warm),
            "bytes": size,
        }
        endpoints = {
            "coverage": [f"/v1/accounts/{quote(a)}/coverage?as_of={day}" for a in sample.accounts],
            "coverage_largest": [f"/v1/accounts/{quote(sample.largest)}/coverage?as_of={day}"],
            "executive_paths": [
                f"/v1/accounts/{quote(a)}/executive-paths?as_of={day}&k={K}&max_hops={MAX_HOPS}"
                for a in sample.accounts
            ],
        }
        results: dict[str, Any] = {}
        for name, paths in endpoints.items():
            # The first request per path pays the cold build; the load then measures
            # the server answering from its caches, as it does between writes.
            firsts = [get_once(LOOPBACK, server.port, p)[0] for p in paths]
            run = run_load(
                LOOPBACK,
                server.port,
                paths,
                clients=options.clients,
                duration=options.duration,
                cap=options.max_requests,
            )
            run["first_requests"] = summary(firsts)
            results[name] = run
        return {
            "server_ready_s": server.ready_s,
            "web_account_page": web,
            "load": results,
            "server_peak_rss_mib": server.peak_rss_mib(),
        }


def _latency(store: str, sample: Sample, options: BenchOptions, say: Progress) -> dict[str, Any]:
    opened = _open_for_queries(store)
    try:
        return LatencyRun(opened, sample, options.seed, AS_OF).run(
            lambda name: say(f"latency: {name}")
        )
    finally:
        opened.close()


def _bundle(options: BenchOptions, doc: dict[str, Any]) -> tuple[Path, Sample]:
    """The bundle (generated unless there) and the seeded sample, noted in ``doc``."""
    began = time.perf_counter()
    bundle, generated = ensure_bundle(options.root, options.scale, options.seed)
    doc["bundle"] = {
        "path": str(bundle),
        "generated_now": generated,
        "seconds": round(time.perf_counter() - began, 2),
    }
    sample = choose_sample(bundle, options.seed)
    doc["sample"] = {
        "accounts": len(sample.accounts),
        "units": len(sample.units),
        "largest": {"id": sample.largest, "people": sample.sizes[sample.largest]},
        "reference": {"id": sample.reference, "people": sample.sizes[sample.reference]},
        "people_per_account": sample.sizes,
    }
    return bundle, sample


def run_bench(options: BenchOptions, progress: Progress | None = None) -> dict[str, Any]:
    """Run every measurement of the benchmark and return the results document."""
    say: Progress = progress or (lambda _: None)
    neo4j = options.store is not None and is_neo4j_uri(options.store)
    if neo4j and not options.yes_wipe:
        raise BenchError(
            "the benchmark replaces everything in the Neo4j database it loads into; "
            "pass --yes-wipe to confirm that the database named by --store may be wiped"
        )
    started = time.perf_counter()
    doc: dict[str, Any] = {
        "scale": options.scale.value,
        "seed": options.seed,
        "as_of": AS_OF.isoformat(),
        "started_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "store_kind": "neo4j" if neo4j else "embedded",
        "machine": machine.describe(),
    }
    say("bundle")
    bundle, sample = _bundle(options, doc)
    store = str(options.store) if neo4j else str(_embedded_target(options))
    wipe = ["--wipe"] if neo4j else []
    doc["ingest"] = _child(
        say, "ingest", "ingest", "--bundle", str(bundle), "--store", store, *wipe
    )
    if neo4j:
        doc["cold_start"] = None  # a server keeps its own memory: nothing to rebuild
    else:
        doc["cold_start"] = _child(
            say,
            "cold start",
            "cold-start",
            "--store",
            store,
            "--account",
            sample.largest,
            "--as-of",
            AS_OF.isoformat(),
        )
    doc["read_path"] = None
    if options.read_path and not neo4j:
        say("read path: start-up, cold answer, floors")
        doc["read_path"] = read_path(Path(store), AS_OF)
    doc["latency"] = _latency(store, sample, options, say) if options.latency else None
    doc["api"] = None
    if options.load_test:
        say("api")
        log = options.root / f"{options.scale.value}-{options.seed}" / "server.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        doc["api"] = _api(options, store, sample, log)
    doc["peak_rss_mib"] = {
        "loader": doc["ingest"]["peak_rss_mib"],
        "server": doc["api"]["server_peak_rss_mib"] if doc["api"] else None,
        "cold_start": None if doc["cold_start"] is None else doc["cold_start"]["peak_rss_mib"],
    }
    doc["machine"]["load_average_after"] = load_average()
    doc["total_s"] = round(time.perf_counter() - started, 1)
    return doc

"""Measurements that need a process of their own, so that their clock and their
peak memory are theirs alone: loading a bundle, and opening a store cold.

Run as ``python -m bench.child ingest|cold-start ...``; prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from bench.stats import own_peak_rss_mib

STARTED = time.perf_counter()


def _open(store: str, *, wipe: bool) -> Any:
    from api.root import open_configured_store
    from api.settings import get_settings

    opened = open_configured_store(get_settings(), store)
    if wipe:
        from graph.neo4j_store import Neo4jStore

        assert isinstance(opened, Neo4jStore)
        opened.clear()
    return opened


def ingest(bundle: Path, store_name: str, wipe: bool) -> dict[str, Any]:
    """Load ``bundle`` with ``load_bundle`` (read, validate, one atomic apply)."""
    from ingest.report import IngestOptions
    from ingest.service import load_bundle
    from ingest.source import own_folder_bounds

    store = _open(store_name, wipe=wipe)
    steps: list[tuple[str, float]] = []
    try:
        started = time.perf_counter()
        cpu_started = time.process_time()
        report = load_bundle(
            bundle,
            store,
            IngestOptions(**own_folder_bounds(bundle)),
            progress=lambda s: steps.append((s, time.perf_counter())),
        )
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
    finally:
        store.close()
    rows = sum(k.read for k in report.kinds.values())
    phases: dict[str, float] = {}
    validating = next((t for s, t in steps if s == "validating"), None)
    writing = next((t for s, t in steps if s.startswith("writing")), None)
    if validating is not None and writing is not None:
        phases = {
            "read_s": round(validating - started, 3),
            "validate_s": round(writing - validating, 3),
            "apply_s": round(started + elapsed - writing, 3),
        }
    peak = own_peak_rss_mib()  # the load's, before the floor runs
    floor: dict[str, Any] | None = None
    if not wipe:  # an embedded store: the floor's scratch file goes beside it
        from bench.floor import measure_floor

        floor = measure_floor(bundle, Path(store_name).with_name("floor.db"))
        floor["ratio"] = round(elapsed / floor["seconds"], 2) if floor["seconds"] else None
        cpu_floor = floor["cpu_seconds"]
        floor["cpu_ratio"] = round(cpu / cpu_floor, 2) if cpu_floor else None
    return {
        "rows": rows,
        "seconds": round(elapsed, 3),
        "rows_per_s": round(rows / elapsed),
        "cpu_s": round(cpu, 3),
        **phases,
        "floor": floor,
        "peak_rss_mib": peak,
    }


def cold_start(store_path: Path, account_id: str, as_of: str) -> dict[str, Any]:
    """Open the embedded store and answer a first query: the coverage of
    ``account_id``."""
    import datetime as dt

    from graph.embedded import EmbeddedStore
    from queries.coverage import coverage
    from queries.settings import QuerySettings
    from queries.snapshot import AccountSnapshot

    imported = time.perf_counter()
    store = EmbeddedStore(store_path, read_only=True)
    opened = time.perf_counter()
    day = dt.date.fromisoformat(as_of)
    coverage(AccountSnapshot.build(store.account_data(account_id), day, QuerySettings()))
    answered = time.perf_counter()
    store.close()
    return {
        "imports_s": round(imported - STARTED, 3),
        "open_s": round(opened - imported, 3),
        "first_answer_s": round(answered - opened, 3),
        "ready_s": round(answered - imported, 3),
        "peak_rss_mib": own_peak_rss_mib(),
    }


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.child")
    sub = parser.add_subparsers(dest="what", required=True)
    load = sub.add_parser("ingest")
    load.add_argument("--bundle", type=Path, required=True)
    load.add_argument("--store", required=True)
    load.add_argument("--wipe", action="store_true")
    cold = sub.add_parser("cold-start")
    cold.add_argument("--store", type=Path, required=True)
    cold.add_argument("--account", required=True)
    cold.add_argument("--as-of", required=True)
    args = parser.parse_args(argv)
    if args.what == "ingest":
        result = ingest(args.bundle, args.store, args.wipe)
    else:
        result = cold_start(args.store, args.account, args.as_of)
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])

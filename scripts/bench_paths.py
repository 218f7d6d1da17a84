"""Path-search figures on the largest account of an embedded store (issue 14, the
array path search): the path graph's build and the first whole-team search after a
snapshot build, then warm p50/p95 of executive paths and introducers, in CPU time
(``time.process_time``: the machine is shared, wall time says little).

``python scripts/bench_paths.py --store FILE`` prints the figures as JSON.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from graph.embedded import EmbeddedStore
from queries.paths import executive_paths, introducers, paths_to_person
from queries.resilience import key_people
from queries.settings import QuerySettings
from queries.snapshot import AccountSnapshot

K, MAX_HOPS = 5, 4


def _cpu_ms(fn: Callable[[], object]) -> float:
    cpu = time.process_time()
    fn()
    return (time.process_time() - cpu) * 1000


def _warm(fn: Callable[[], object], repeats: int) -> dict[str, float]:
    fn()
    times = sorted(_cpu_ms(fn) for _ in range(repeats))
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return {"cpu_p50_ms": round(statistics.median(times), 2), "cpu_p95_ms": round(p95, 2)}


def figures(store: Path, as_of: dt.date, repeats: int) -> dict[str, Any]:
    with EmbeddedStore(store, read_only=True) as opened:
        largest = opened.largest_accounts(1)[0]
        data = opened.account_data(largest)

    def fresh() -> AccountSnapshot:
        return AccountSnapshot.build(data, as_of, QuerySettings())

    out: dict[str, Any] = {"account": largest, "people": len(data.people)}
    # Cold: a fresh snapshot each time, the path graph and first search timed apart.
    graph_ms, first_ms = [], []
    for _ in range(3):
        snapshot = fresh()
        graph_ms.append(_cpu_ms(lambda s=snapshot: s.path_graph))  # type: ignore[misc]
        first_ms.append(
            _cpu_ms(lambda s=snapshot: executive_paths(s, k=K, max_hops=MAX_HOPS))  # type: ignore[misc]
        )
    out["path_graph_cpu_ms"] = round(statistics.median(graph_ms), 1)
    out["first_executive_paths_cpu_ms"] = round(statistics.median(first_ms), 1)
    snapshot = fresh()
    member = snapshot.team[0]
    unit = snapshot.top_unit_ids[0]
    executive = snapshot.executives[0]
    out["executive_paths_warm"] = _warm(
        lambda: executive_paths(snapshot, k=K, max_hops=MAX_HOPS), repeats
    )
    out["executive_paths_member_warm"] = _warm(
        lambda: executive_paths(snapshot, from_team_member=member, k=K, max_hops=MAX_HOPS),
        repeats,
    )
    out["introducers_warm"] = _warm(
        lambda: introducers(snapshot, unit, member, k=K, max_hops=MAX_HOPS), repeats
    )
    out["paths_to_person_warm"] = _warm(
        lambda: paths_to_person(snapshot, executive, k=K, max_hops=MAX_HOPS), repeats
    )
    cold = fresh()  # key people on a fresh snapshot: its path graph and search included
    out["key_people_first_cpu_ms"] = round(_cpu_ms(lambda: key_people(cold)), 1)
    return out


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python scripts/bench_paths.py")
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date(2026, 11, 15))
    parser.add_argument("--repeats", type=int, default=40)
    args = parser.parse_args(argv)
    print(json.dumps(figures(args.store, args.as_of, args.repeats), indent=2))


if __name__ == "__main__":
    main(sys.argv[1:])

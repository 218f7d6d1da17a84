"""Answer latencies in process, over the seeded sample.

Each figure comes in two kinds, because the API caches prepared snapshots per
store revision:

* **cold**: the account graph read from the store (its graph cache off) plus the
  snapshot build plus the answer: what the first request about an account pays
  after a start or a write.
* **warm**: the answer computed from an already built snapshot: what every later
  request pays until the next write (the API also caches whole answers, so a
  repeated identical request costs less still; the load test measures that path).
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final

from bench.stats import summary
from bench.workload import Sample
from graph.store import GraphStore
from queries.advocates import advocates
from queries.coverage import coverage
from queries.paths import executive_paths, introducers
from queries.resilience import key_people
from queries.settings import QuerySettings
from queries.snapshot import AccountSnapshot

WARM_REPEATS: Final = 5
#: The largest account gets more warm repeats: its p95 is a target of its own.
LARGEST_REPEATS: Final = 20
K: Final = 5
MAX_HOPS: Final = 4
ADVOCATES: Final = 20  # the API's default page of advocates

#: (snapshot, unit id or None, team member id or None) -> an answer
Compute = Callable[[AccountSnapshot, str | None, str | None], object]

ACCOUNT_ANSWERS: Final[dict[str, Compute]] = {
    "coverage": lambda s, _u, _t: coverage(s),
    "executive_paths_team": lambda s, _u, _t: executive_paths(s, k=K, max_hops=MAX_HOPS),
    "executive_paths_member": lambda s, _u, t: executive_paths(
        s, from_team_member=t, k=K, max_hops=MAX_HOPS
    ),
    "key_people": lambda s, _u, _t: key_people(s),
}
UNIT_ANSWERS: Final[dict[str, Compute]] = {
    "advocates": lambda s, u, _t: advocates(s, str(u), k=ADVOCATES),
    "introducers": lambda s, u, t: introducers(s, str(u), str(t), k=K, max_hops=MAX_HOPS),
}
NEEDS_TEAM_MEMBER: Final = frozenset({"executive_paths_member", "introducers"})


@dataclass
class _Timings:
    cold: list[float] = field(default_factory=list)
    cold_cpu: list[float] = field(default_factory=list)
    warm: list[float] = field(default_factory=list)
    warm_cpu: list[float] = field(default_factory=list)

    def report(self) -> dict[str, Any]:
        return {
            "cold": summary(self.cold, self.cold_cpu),
            "warm": summary(self.warm, self.warm_cpu),
        }


def _team_member(snapshot: AccountSnapshot, seed: int, target: str) -> str | None:
    """A seeded team member of the account (the same one for cold and warm)."""
    if not snapshot.team:
        return None
    return random.Random(f"{seed}:{target}").choice(snapshot.team)


class LatencyRun:
    """Collects cold and warm timings per answer, over all targets and per group."""

    def __init__(self, store: GraphStore, sample: Sample, seed: int, as_of: dt.date) -> None:
        self.store = store
        self.sample = sample
        self.seed = seed
        self.as_of = as_of
        self.settings = QuerySettings()
        self.graph_read: dict[str, list[float]] = {"all": [], "largest": [], "reference": []}
        self.snapshot_build: dict[str, list[float]] = {"all": [], "largest": [], "reference": []}
        # answer -> group ("all", "largest", "reference") -> timings
        self.timings: dict[str, dict[str, _Timings]] = {}

    def _cold_snapshot(self, account_id: str) -> tuple[AccountSnapshot, float, float]:
        wall, cpu = time.perf_counter(), time.process_time()
        data = self.store.account_data(account_id)
        read = time.perf_counter()
        snapshot = AccountSnapshot.build(data, self.as_of, self.settings)
        built = time.perf_counter()
        groups = ["all"]
        if account_id == self.sample.largest:
            groups.append("largest")
        if account_id == self.sample.reference:
            groups.append("reference")
        for group in groups:
            self.graph_read[group].append(read - wall)
            self.snapshot_build[group].append(built - read)
        return snapshot, built - wall, time.process_time() - cpu

    def _measure(
        self,
        name: str,
        compute: Compute,
        account_id: str,
        unit_id: str | None,
        groups: list[str],
    ) -> None:
        target = unit_id or account_id
        snapshot, wall, cpu = self._cold_snapshot(account_id)
        member = _team_member(snapshot, self.seed, target) if name in NEEDS_TEAM_MEMBER else None
        if name in NEEDS_TEAM_MEMBER and member is None:
            return  # nobody on this account's team: the answer does not apply
        runs = []
        repeats = LARGEST_REPEATS if "largest" in groups else WARM_REPEATS
        for _ in range(1 + repeats):
            w, c = time.perf_counter(), time.process_time()
            compute(snapshot, unit_id, member)
            runs.append((time.perf_counter() - w, time.process_time() - c))
        per_group = self.timings.setdefault(name, {})
        for group in groups:
            t = per_group.setdefault(group, _Timings())
            t.cold.append(wall + runs[0][0])
            t.cold_cpu.append(cpu + runs[0][1])
            t.warm.extend(r[0] for r in runs[1:])
            t.warm_cpu.extend(r[1] for r in runs[1:])

    def run(self, progress: Callable[[str], None] | None = None) -> dict[str, Any]:
        sample = self.sample
        accounts = list(sample.accounts)
        if sample.reference not in accounts:
            accounts.append(sample.reference)
        for name, compute in ACCOUNT_ANSWERS.items():
            if progress is not None:
                progress(name)
            for account_id in accounts:
                groups = ["all"]
                if account_id == sample.largest:
                    groups.append("largest")
                if account_id == sample.reference:
                    groups.append("reference")
                self._measure(name, compute, account_id, None, groups)
        for name, compute in UNIT_ANSWERS.items():
            if progress is not None:
                progress(name)
            for unit_id, account_id in sample.units:
                groups = ["all", "largest"] if account_id == sample.largest else ["all"]
                self._measure(name, compute, account_id, unit_id, groups)
        return {
            "graph_read": {g: summary(v) for g, v in self.graph_read.items()},
            "snapshot_build": {g: summary(v) for g, v in self.snapshot_build.items()},
            "answers": {
                name: {group: t.report() for group, t in groups.items()}
                for name, groups in self.timings.items()
            },
        }

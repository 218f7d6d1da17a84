"""Issue 14: the embedded store reads one account at a time, so what a fresh
process holds after opening it does not depend on how much the store holds.

Each figure comes from a child process (a fresh interpreter): it opens the store,
answers the start-up reads (ping, revision, the accounts list, the largest
account) and reports its resident memory (``VmRSS``, Linux only)."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from graph.embedded import EmbeddedStore
from graph.schema import (
    AccountRecord,
    AccountTeamRecord,
    ActivityRecord,
    ActivityType,
    Batch,
    PersonRecord,
    RelationshipRecord,
    TeamMemberRecord,
    UnitKind,
    UnitRecord,
)

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/status").exists(), reason="reads VmRSS from /proc (Linux only)"
)

#: How much more a fresh process may hold for a store ten times larger: noise
#: (allocator, the SQLite page cache of a few reads), far below what a copy of
#: the larger store's rows would take (tens of MiB).
SAME_BOUND_MIB = 12
#: The issue's bound on a server's memory at ready, at any store size.
READY_BOUND_MIB = 250

_CHILD = """
import json, sys
from pathlib import Path
from graph.embedded import EmbeddedStore

def rss_mib():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")

store = EmbeddedStore(Path(sys.argv[1]), read_only=True)
store.ping()
store.revision()
accounts = store.list_accounts()
store.largest_accounts(1)
print(json.dumps({"rss_mib": rss_mib(), "accounts": len(accounts)}))
store.close()
"""


def world(accounts: int, people_per_account: int) -> Batch:
    """``accounts`` accounts of one unit and ``people_per_account`` people each, a
    team of 20 that knows every person, three activities per person."""
    batch = Batch()
    team = [f"T{i}" for i in range(20)]
    batch.team_members = [TeamMemberRecord(t, f"Member {t}") for t in team]
    day = dt.date(2025, 6, 1)
    for a in range(accounts):
        aid = f"A{a}"
        batch.accounts.append(AccountRecord(aid, f"Account {a}"))
        batch.units.append(UnitRecord(f"{aid}-U", aid, UnitKind.DIVISION, "Unit"))
        batch.account_teams.append(AccountTeamRecord(team[a % 20], aid))
        for n in range(people_per_account):
            pid = f"{aid}-P{n}"
            batch.people.append(PersonRecord(pid, aid, f"Person {n}", unit_id=f"{aid}-U"))
            tm = team[n % 20]
            batch.relationships.append(RelationshipRecord(tm, pid, 0.5, day))
            batch.activities.extend(
                ActivityRecord(f"{pid}-X{k}", tm, pid, ActivityType.CALL, day - dt.timedelta(k))
                for k in range(3)
            )
    return batch


def build(path: Path, batch: Batch) -> Path:
    with EmbeddedStore(path) as store:
        store.apply(batch)
    return path


def fresh_process_figures(path: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path)],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    figures: dict[str, float] = json.loads(done.stdout)
    return figures


def test_memory_after_open_does_not_grow_with_the_store(tmp_path: Path) -> None:
    small = build(tmp_path / "small.db", world(accounts=10, people_per_account=100))
    large = build(tmp_path / "large.db", world(accounts=100, people_per_account=100))
    assert large.stat().st_size > 5 * small.stat().st_size  # the stores do differ

    small_figures = fresh_process_figures(small)
    large_figures = fresh_process_figures(large)

    assert (small_figures["accounts"], large_figures["accounts"]) == (10, 100)
    assert large_figures["rss_mib"] - small_figures["rss_mib"] < SAME_BOUND_MIB
    assert large_figures["rss_mib"] < READY_BOUND_MIB


def _loaded(folder: Path, scale: str) -> Path:
    from ingest.generate import generate_bundle
    from ingest.report import IngestOptions
    from ingest.service import load_bundle

    generate_bundle(folder / scale, scale)
    store_path = folder / f"{scale}.db"
    with EmbeddedStore(store_path) as store:
        load_bundle(folder / scale, store, IngestOptions())
    return store_path


@pytest.mark.slow
def test_a_servers_memory_at_ready_does_not_grow_with_the_store(tmp_path: Path) -> None:
    """``powermap serve`` on the demo (5 accounts) and on scale S (20,000 people):
    the same memory at ready (warm-up off: it reads accounts on purpose)."""
    from bench.readpath import rss_mib
    from bench.server import Server

    figures = {}
    for scale in ("demo", "S"):
        store = _loaded(tmp_path, scale)
        with Server(str(store), tmp_path / f"{scale}.log", {"POWERMAP_WARM_ACCOUNTS": "0"}) as s:
            figures[scale] = rss_mib(s.process.pid)
    small, large = figures["demo"], figures["S"]
    assert small is not None
    assert large is not None
    assert large - small < 2 * SAME_BOUND_MIB
    assert large < READY_BOUND_MIB

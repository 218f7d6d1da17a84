"""Account graphs are read without the store's lock (a large one takes a few
hundred ms, and every other reader would wait): a read that overlaps a write must
still never return a mix of before and after."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

from graph.embedded import EmbeddedStore
from graph.schema import ActivityRecord, ActivityType, Batch, PersonRecord
from tests.graph._batches import large_batch
from tests.graph._graphs import account_graph

WRITES = 40
ACCOUNT = "LA"
P1, P2 = ("person", "LP1"), ("person", "LP2")
KNOWS_P1 = (("team_member", "LT1"), P1)


def _write(n: int) -> Batch:
    """Write ``n``: both people take the name ``v{n}`` and LT1 meets LP1 once more,
    all in one batch."""
    return Batch(
        people=[
            PersonRecord("LP1", ACCOUNT, f"v{n}", unit_id="LU1", manager_id="LP0"),
            PersonRecord("LP2", ACCOUNT, f"v{n}", unit_id="LU2", manager_id="LP0"),
        ],
        activities=[
            ActivityRecord(
                f"W{n}", "LT1", "LP1", ActivityType.MEETING, dt.date(2025, 2, 1) + dt.timedelta(n)
            )
        ],
    )


def _meetings_with_p1(store: EmbeddedStore) -> tuple[str, str, int]:
    g = account_graph(store, ACCOUNT)
    (attrs,) = g[KNOWS_P1[0]][KNOWS_P1[1]].values()
    return g.nodes[P1]["name"], g.nodes[P2]["name"], len(attrs["activities"])


def test_reads_during_writes_see_one_whole_write_or_the_next(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "graph.db")
    store.apply(large_batch(3000, prefix="L"))
    store.apply(_write(0))
    done = threading.Event()
    seen: list[tuple[str, str, int]] = []
    errors: list[BaseException] = []

    def read() -> None:
        try:
            while not done.is_set():
                seen.append(_meetings_with_p1(store))
        except BaseException as exc:
            errors.append(exc)

    readers = [threading.Thread(target=read) for _ in range(2)]
    for reader in readers:
        reader.start()
    try:
        for n in range(1, WRITES + 1):
            store.apply(_write(n))
    finally:
        done.set()
        for reader in readers:
            reader.join()

    assert errors == []
    assert len(seen) > 2
    for name_1, name_2, meetings in seen:
        # One write's names on both people, and exactly that write's meetings
        # (the initial one, write 0's, and one per write since).
        assert name_1 == name_2
        assert meetings == int(name_1[1:]) + 2
    # What readers cached along the way (graphs, activity timelines) is what a
    # fresh start reads.
    assert _meetings_with_p1(store) == (f"v{WRITES}", f"v{WRITES}", WRITES + 2)
    store.close()
    with EmbeddedStore(tmp_path / "graph.db") as again:
        assert _meetings_with_p1(again) == (f"v{WRITES}", f"v{WRITES}", WRITES + 2)

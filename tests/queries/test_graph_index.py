"""Snapshots of one graph share its date-independent reading (queries.graph_index):
each date must still see exactly what a snapshot built from scratch sees."""

from __future__ import annotations

import datetime as dt
import gc

import networkx as nx
import pytest

from graph.schema import ActivityType, NodeKey, Seniority
from queries.graph_index import graph_index
from queries.settings import QuerySettings
from queries.snapshot import AccountSnapshot
from tests.queries.builders import GraphBuilder

D = dt.date
DAYS = [D(2025, 1, 1), D(2025, 6, 1), D(2025, 9, 1), D(2026, 1, 1), D(2024, 1, 1)]


def _moving_world() -> nx.MultiDiGraph[NodeKey]:
    """Where people work, who manages them and how well we know them all change
    between the DAYS."""
    b = GraphBuilder("A")
    b.unit("U1")
    b.unit("U2", parent="U1")
    b.unit("U3", parent="U1")
    b.unit("U4", parent="U1")
    b.person("BOSS", "U1", seniority=Seniority.C_LEVEL, left_on=D(2025, 8, 1))
    b.person("P1", "U2", manager="BOSS")
    b.position("P1", "U3", current=True, from_date=D(2025, 5, 1))
    b.position("P1", "U4", current=False, from_date=D(2024, 6, 1), until_date=D(2025, 5, 1))
    b.person("P2", "U3", manager="P1", left_on=D(2025, 12, 1))
    b.person("P3", "U3", manager="BOSS")
    b.tie("P2", "P3", 0.6)
    b.team_member("T1")
    b.team_member("T2", on_team=False, manager="T1")
    b.knows("T1", "BOSS", strength=0.9, last_contact=D(2025, 3, 1))
    b.knows("T1", "P2", activities=((D(2025, 5, 10), ActivityType.MEETING),))
    b.knows("T2", "P3", activities=((D(2024, 12, 1), ActivityType.CALL),))
    return b.graph()


def _facts(snap: AccountSnapshot) -> tuple[object, ...]:
    return (
        snap.units,
        snap.people,
        snap.departed,
        snap.departed_edges,
        snap.team_members,
        snap.team,
        snap.relationships,
        snap.person_relationships,
        snap.unit_people,
        snap.ties,
        snap.executives,
        snap.team_managers,
        snap.path_graph,
    )


def test_every_date_matches_a_snapshot_built_from_scratch() -> None:
    shared = _moving_world()
    seen = set()
    for day in DAYS:
        snap = AccountSnapshot.build(shared, "A", day, QuerySettings())
        fresh = AccountSnapshot.build(nx.MultiDiGraph(shared), "A", day, QuerySettings())
        assert _facts(snap) == _facts(fresh), day
        seen.add((tuple(snap.people), snap.people["P1"].unit_ids if "P1" in snap.people else ()))
    # The world does move: the dates do not all look alike.
    assert len(seen) >= 3


def test_positions_and_managers_follow_the_date_through_the_shared_reading() -> None:
    g = _moving_world()
    before = AccountSnapshot.build(g, "A", D(2025, 1, 1), QuerySettings())
    after = AccountSnapshot.build(g, "A", D(2025, 9, 1), QuerySettings())
    assert before.people["P1"].unit_ids == ("U2",)
    assert before.people["P1"].manager_id == "BOSS"
    assert before.people["P1"].past_unit_ids == ("U4",)
    assert after.people["P1"].unit_ids == ("U2", "U3")  # the record's own unit first
    assert after.people["P1"].past_unit_ids == ("U4",)
    early = AccountSnapshot.build(g, "A", D(2024, 1, 1), QuerySettings())
    assert early.people["P1"].past_unit_ids == ()
    assert after.people["P1"].manager_id is None  # BOSS left on 2025-08-01
    assert "BOSS" in after.departed
    assert "BOSS" in before.people


def test_snapshots_share_one_reading_per_graph_and_what_if_ones_do_not() -> None:
    g = _moving_world()
    assert graph_index(g) is graph_index(g)
    assert graph_index(nx.MultiDiGraph(g)) is not graph_index(g)
    gone: frozenset[NodeKey] = frozenset({("person", "P3")})
    assert graph_index(g, gone) is not graph_index(g, gone)

    snap = AccountSnapshot.build(g, "A", D(2025, 9, 1), QuerySettings())
    without = snap.without(("person", "P3"))
    assert "P3" not in without.people
    assert ("T2", "P3") not in without.relationships
    # The what-if reading stays out of the shared one.
    again = AccountSnapshot.build(g, "A", D(2025, 9, 1), QuerySettings())
    assert "P3" in again.people
    assert ("T2", "P3") in again.relationships


def test_the_reading_goes_when_its_graph_goes() -> None:
    from queries import graph_index as module

    gc.collect()
    g = _moving_world()
    AccountSnapshot.build(g, "A", D(2025, 9, 1), QuerySettings())
    assert g in module._SHARED
    before = len(module._SHARED)
    del g
    gc.collect()
    assert len(module._SHARED) == before - 1


@pytest.mark.parametrize("day", DAYS)
def test_a_new_graph_object_reads_afresh(day: dt.date) -> None:
    # A write makes the store hand out a new graph: nothing of the old reading
    # may carry over (here the new graph drops P2's relationship).
    g = _moving_world()
    AccountSnapshot.build(g, "A", day, QuerySettings())
    changed: nx.MultiDiGraph[NodeKey] = nx.MultiDiGraph(g)
    changed.remove_edges_from(
        [
            (u, v, k)
            for u, v, k in changed.edges(keys=True)
            if (u, v) == (("team_member", "T1"), ("person", "P2"))
        ]
    )
    snap = AccountSnapshot.build(changed, "A", day, QuerySettings())
    assert ("T1", "P2") not in snap.relationships

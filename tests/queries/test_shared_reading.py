"""Snapshots of one AccountData object share its date-independent reading (the
data's memo): each date must still see exactly what a snapshot built from a
fresh copy of the data sees, and a what-if snapshot must not leak into it."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from graph.account_data import AccountData
from graph.schema import ActivityType, Seniority
from queries.settings import QuerySettings
from queries.snapshot import AccountSnapshot
from queries.worlds import WorldBuilder

D = dt.date
DAYS = [D(2025, 1, 1), D(2025, 6, 1), D(2025, 9, 1), D(2026, 1, 1), D(2024, 1, 1)]


def _moving_world() -> AccountData:
    """Where people work, who manages them and how well we know them all change
    between the DAYS."""
    b = WorldBuilder("A")
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
    return b.data()


def _copy(data: AccountData) -> AccountData:
    """An equal data object with a memo of its own."""
    return dataclasses.replace(data)


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
        snap = AccountSnapshot.build(shared, day, QuerySettings())
        fresh = AccountSnapshot.build(_copy(shared), day, QuerySettings())
        assert _facts(snap) == _facts(fresh), day
        seen.add((tuple(snap.people), snap.people["P1"].unit_ids if "P1" in snap.people else ()))
    # The world does move: the dates do not all look alike.
    assert len(seen) >= 3


def test_positions_and_managers_follow_the_date_through_the_shared_reading() -> None:
    data = _moving_world()
    before = AccountSnapshot.build(data, D(2025, 1, 1), QuerySettings())
    after = AccountSnapshot.build(data, D(2025, 9, 1), QuerySettings())
    assert before.people["P1"].unit_ids == ("U2",)
    assert before.people["P1"].manager_id == "BOSS"
    assert before.people["P1"].past_unit_ids == ("U4",)
    assert after.people["P1"].unit_ids == ("U2", "U3")  # the record's own unit first
    assert after.people["P1"].past_unit_ids == ("U4",)
    early = AccountSnapshot.build(data, D(2024, 1, 1), QuerySettings())
    assert early.people["P1"].past_unit_ids == ()
    assert after.people["P1"].manager_id is None  # BOSS left on 2025-08-01
    assert "BOSS" in after.departed
    assert "BOSS" in before.people


def test_what_if_snapshots_do_not_change_the_shared_reading() -> None:
    data = _moving_world()
    snap = AccountSnapshot.build(data, D(2025, 9, 1), QuerySettings())
    without = snap.without(("person", "P3"))
    assert "P3" not in without.people
    assert ("T2", "P3") not in without.relationships
    gone_team = snap.without(("team_member", "T1"))
    assert "T1" not in gone_team.team_members
    assert "T2" not in gone_team.team_managers  # their manager is gone
    again = AccountSnapshot.build(data, D(2025, 9, 1), QuerySettings())
    assert "P3" in again.people
    assert ("T2", "P3") in again.relationships
    assert again.team_managers == {"T2": ("T1",)}


def test_the_manager_of_an_excluded_person_is_no_one() -> None:
    data = _moving_world()
    snap = AccountSnapshot.build(data, D(2025, 1, 1), QuerySettings())
    assert snap.people["P3"].manager_id == "BOSS"
    assert snap.without(("person", "BOSS")).people["P3"].manager_id is None


@pytest.mark.parametrize("day", DAYS)
def test_new_data_reads_afresh(day: dt.date) -> None:
    # A write makes the store return new data: nothing of the old reading may
    # carry over (here the new data drops P2's relationship).
    data = _moving_world()
    AccountSnapshot.build(data, day, QuerySettings())
    changed = dataclasses.replace(
        data,
        relationships=tuple(
            k
            for k in data.relationships
            if (k.record.team_member_id, k.record.person_id) != ("T1", "P2")
        ),
    )
    snap = AccountSnapshot.build(changed, day, QuerySettings())
    assert ("T1", "P2") not in snap.relationships

from __future__ import annotations

import datetime as dt

import pytest

from graph.errors import NotFoundError
from graph.schema import ActivityType, UnitStatus
from queries.snapshot import AccountSnapshot
from queries.worlds import WorldBuilder
from tests.queries.conftest import AS_OF, days_ago, snap


def test_people_who_left_on_or_before_as_of_are_gone() -> None:
    b = WorldBuilder()
    b.person("GONE", left_on=AS_OF)
    b.person("LEAVING", left_on=AS_OF + dt.timedelta(days=1))
    s = snap(b)
    assert set(s.people) == {"LEAVING"}
    assert set(s.departed) == {"GONE"}
    with pytest.raises(NotFoundError, match="left"):
        s.person("GONE")


def test_nodes_of_other_accounts_are_ignored() -> None:
    b = WorldBuilder()
    b.account("B")
    b.unit("BU", account="B")
    b.person("P1")
    b.person("X", unit="BU", account="B")
    b.tie("P1", "X", 0.9)
    b.team_member("T1")
    b.knows("T1", "X", strength=0.9)
    s = snap(b)
    assert set(s.people) == {"P1"}
    assert "BU" not in s.units
    assert s.ties == {}
    assert s.relationships == {}
    assert ("person", "X") not in s.path_graph.index


def test_inactive_team_members_count_nowhere() -> None:
    b = WorldBuilder()
    b.person("P1")
    b.team_member("T1", active=False)
    b.knows("T1", "P1", strength=0.9)
    s = snap(b)
    assert s.relationships == {}
    assert s.team == ()


def test_team_is_account_team_plus_relationship_holders() -> None:
    b = WorldBuilder()
    b.person("P1")
    b.team_member("BOSS", on_team=False)
    b.team_member("T1", manager="BOSS")
    b.team_member("T2", on_team=False)
    b.knows("T2", "P1", strength=0.2)
    assert snap(b).team == ("T1", "T2")


def test_activity_only_relationship_starts_at_first_activity() -> None:
    b = WorldBuilder()
    b.person("P1")
    b.team_member("T1")
    b.knows("T1", "P1", activities=((AS_OF + dt.timedelta(days=3), ActivityType.CALL),))
    assert snap(b).relationships == {}
    later = snap(b, as_of=AS_OF + dt.timedelta(days=3))
    assert ("T1", "P1") in later.relationships


@pytest.mark.parametrize(
    ("status", "won", "close", "expected"),
    [
        (UnitStatus.CUSTOMER, False, None, UnitStatus.CUSTOMER),
        (UnitStatus.PROSPECT, True, days_ago(700), UnitStatus.CUSTOMER),
        (UnitStatus.PROSPECT, True, dt.date(2024, 1, 1), UnitStatus.CUSTOMER),
        (UnitStatus.PROSPECT, True, dt.date(2023, 12, 31), UnitStatus.PROSPECT),
        (UnitStatus.PROSPECT, True, AS_OF + dt.timedelta(days=1), UnitStatus.PROSPECT),
        (UnitStatus.PROSPECT, False, days_ago(10), UnitStatus.PROSPECT),
        (UnitStatus.FORMER_CUSTOMER, True, days_ago(10), UnitStatus.CUSTOMER),
        (UnitStatus.FORMER_CUSTOMER, False, None, UnitStatus.FORMER_CUSTOMER),
    ],
)
def test_unit_status_as_of(
    status: UnitStatus, won: bool, close: dt.date | None, expected: UnitStatus
) -> None:
    b = WorldBuilder()
    b.unit("U", status=status)
    if close is not None:
        b.opportunity("O", "U", won=won, close_date=close)
    s = snap(b)
    assert s.units["U"].status is expected
    # The account has its own status: a unit's does not make it (issue 21.6).
    assert s.account_status is UnitStatus.PROSPECT


def test_account_level_won_opportunity_makes_the_account_a_customer() -> None:
    b = WorldBuilder()
    b.unit("U")
    b.opportunity("O", None, close_date=days_ago(5))
    s = snap(b)
    assert s.account_status is UnitStatus.CUSTOMER
    assert s.account_won_recently
    assert s.units["U"].status is UnitStatus.PROSPECT


def test_positions_current_further_and_past() -> None:
    b = WorldBuilder()
    for u in ("U1", "U2", "U3", "U4"):
        b.unit(u)
    b.person("P1", unit="U1")
    b.position("P1", "U2", current=True, from_date=days_ago(30))
    b.position("P1", "U3", current=True, from_date=days_ago(300), until_date=days_ago(1))
    b.position("P1", "U4", from_date=days_ago(900), until_date=days_ago(400))
    b.position("P1", "U2", current=False, from_date=AS_OF + dt.timedelta(days=9))
    p = snap(b).people["P1"]
    assert p.unit_ids == ("U1", "U2")
    assert p.past_unit_ids == ("U3", "U4")


def test_unit_tree_depths_and_order() -> None:
    b = WorldBuilder()
    b.unit("D2", name="Zeta")
    b.unit("D1", name="Alpha")
    b.unit("B1", "D1")
    s = snap(b)
    assert s.unit_order == ("D1", "B1", "D2")
    assert s.units["B1"].depth == 2
    assert list(s.ancestors("B1")) == ["D1"]
    assert s.subtree("D1") == ["D1", "B1"]


def _edge(s: AccountSnapshot, a: tuple[str, str], b: tuple[str, str]) -> tuple[float, str]:
    g = s.path_graph
    e = g.edge(g.index[a], g.index[b])
    return round(e.strength, 6), e.relation


def test_path_graph_edges_and_parallel_edges_keep_the_strongest() -> None:
    b = WorldBuilder()
    b.person("BOSS")
    b.person("P1", manager="BOSS")
    b.person("P2", manager="BOSS")
    b.tie("P1", "BOSS", 0.4, "friend")  # weaker than the reporting line
    b.tie("P2", "BOSS", 0.95, "friend")  # stronger than the reporting line
    b.tie("P1", "P2", 0.04)  # below 0.05: dropped
    b.team_member("T1")
    b.team_member("T2")
    b.team_member("T3", on_team=False, manager="T1")
    b.team_member("T4", on_team=False)
    b.knows("T1", "P1", strength=0.7, last_contact=AS_OF)
    s = snap(b)
    person, tm = "person", "team_member"
    assert _edge(s, (person, "P1"), (person, "BOSS")) == (0.6, "reports_to")
    assert _edge(s, (person, "P2"), (person, "BOSS")) == (0.95, "tie:friend")
    assert _edge(s, (tm, "T1"), (tm, "T2")) == (0.9, "colleague")
    assert _edge(s, (tm, "T3"), (tm, "T1")) == (0.9, "reports_to")
    assert (
        s.path_graph.relation(s.path_graph.index[(tm, "T1")], s.path_graph.index[(tm, "T3")])
        == "manages"
    )
    assert _edge(s, (tm, "T1"), (person, "P1")) == (0.7, "relationship")
    g = s.path_graph
    pairs = {frozenset((g.keys[i], g.keys[j])) for i, j in g.edges}
    assert frozenset(((person, "P1"), (person, "P2"))) not in pairs
    assert not any((tm, "T4") in p for p in pairs)


def test_snapshot_without_a_person_treats_them_as_gone() -> None:
    b = WorldBuilder()
    b.person("P1")
    b.person("P2")
    s = snap(b)
    assert set(s.without(("person", "P1")).people) == {"P2"}
    assert set(s.people) == {"P1", "P2"}

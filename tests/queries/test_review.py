"""Reviews: what changed between two dates, on a hand-built world with
hand-worked numbers (DOMAIN.md, "Reviews")."""

from __future__ import annotations

import datetime as dt

import pytest

from graph.schema import ActivityType, BuyingRole, Seniority, UnitStatus
from queries.coverage import coverage_rows
from queries.errors import InvalidQueryError
from queries.models import AlertKind, CoverageStatus
from queries.review import changes, row_statuses
from queries.worlds import WorldBuilder
from tests.queries.conftest import snap

T1 = dt.date(2026, 1, 1)
T2 = dt.date(2026, 4, 1)
MEETING = ActivityType.MEETING


def world() -> WorldBuilder:
    b = WorldBuilder("A", "Acme")
    b.unit("U1", name="Gdansk Terminal", status=UnitStatus.CUSTOMER)
    b.unit("U2", name="Oslo Branch")
    b.person("P1", "U1", name="Ingrid Haugen", seniority=Seniority.C_LEVEL)
    b.person("P2", "U1", name="Tomasz Kowalczyk")
    b.person("P6", "U1", name="Ana Lima", seniority=Seniority.VP)
    b.person(
        "P3", "U2", name="Lars Berg", left_on=dt.date(2026, 2, 15), buying_role=BuyingRole.CHAMPION
    )
    b.person(
        "P4",
        "U2",
        name="Mia Dahl",
        created_on=dt.date(2026, 2, 1),
        buying_role=BuyingRole.DECISION_MAKER,
    )
    b.team_member("T1", name="Jonas Richter")
    b.team_member("T2", name="Diego Ruiz")
    # 0.8 decayed from 2025-11-01: 61 days to T1 -> 0.632 (strong); 151 days to T2 -> 0.447.
    b.knows("T1", "P1", strength=0.8, last_contact=dt.date(2025, 11, 1))
    # Two meetings in between: at T2 score 0.5^(50/180) + 0.5^(31/180) = 1.712 -> 0.820.
    b.knows(
        "T2", "P2", activities=((dt.date(2026, 2, 10), MEETING), (dt.date(2026, 3, 1), MEETING))
    )
    # At T2 score 0.5^(17/180) + 0.5^(12/180) = 1.891 -> 0.849.
    b.knows(
        "T2", "P6", activities=((dt.date(2026, 3, 15), MEETING), (dt.date(2026, 3, 20), MEETING))
    )
    b.knows("T1", "P3", strength=0.9)  # strong until P3 leaves
    return b


def test_changes_between_two_dates_match_the_hand_worked_review() -> None:
    b = world()
    found = changes(snap(b, T1), snap(b, T2))

    assert (found.from_date, found.to_date) == (T1, T2)
    units = {(u.unit.id, u.from_status, u.to_status, u.direction) for u in found.units}
    assert units == {
        ("U1", CoverageStatus.SINGLE_THREADED, CoverageStatus.COVERED, "up"),
        ("U2", CoverageStatus.SINGLE_THREADED, CoverageStatus.UNCOVERED, "down"),
    }
    u1 = next(u for u in found.units if u.unit.id == "U1")
    assert u1.unit.name == "Gdansk Terminal"
    assert u1.people_known_strongly == (1, 2)

    rels = [
        (r.team_member.id, r.person.id, r.change, r.activities_between) for r in found.relationships
    ]
    assert rels == [
        ("T1", "P1", "no_longer_strong", 0),
        ("T1", "P3", "no_longer_strong", 0),
        ("T2", "P2", "became_strong", 2),
        ("T2", "P6", "became_strong", 2),
    ]
    by_person = {r.person.id: r for r in found.relationships}
    assert by_person["P1"].from_strength == pytest.approx(0.632, abs=1e-3)
    assert by_person["P1"].to_strength == pytest.approx(0.447, abs=1e-3)
    assert by_person["P2"].from_strength is None
    assert by_person["P2"].to_strength == pytest.approx(0.820, abs=1e-3)
    assert "2 activities since 2026-01-01" in by_person["P2"].evidence
    assert by_person["P3"].to_strength is None
    assert "left" in by_person["P3"].evidence
    assert by_person["P2"].team_member.name == "Diego Ruiz"

    execs = [(e.person.id, e.change) for e in found.executives]
    assert execs == [("P6", "reached"), ("P1", "lost")]
    lost = found.executives[1]
    assert lost.known_by is not None
    assert lost.known_by.team_member_name == "Jonas Richter"
    assert "0.45" in lost.evidence

    people = [(p.person.id, p.change, p.date, p.unit.id) for p in found.people]
    assert people == [
        ("P4", "joined", dt.date(2026, 2, 1), "U2"),
        ("P3", "left", dt.date(2026, 2, 15), "U2"),
    ]

    assert [(a.kind, a.person_id, a.date) for a in found.alerts] == [
        (AlertKind.CHAMPION_LEFT, "P3", dt.date(2026, 2, 15))
    ]

    # Listed at the account, not again for U2 where the same change happened.
    seats = [(c.scope.id, c.role, c.change, [h.name for h in c.holders]) for c in found.seats]
    assert seats == [
        ("A", "decision_maker", "filled", ["Mia Dahl"]),
        ("A", "champion", "emptied", ["Lars Berg"]),
    ]


def test_a_seat_changing_in_one_unit_only_is_listed_there() -> None:
    b = WorldBuilder("A")
    b.unit("U1", name="North")
    b.unit("U2", name="South")
    b.person("C1", "U1", buying_role=BuyingRole.CHAMPION, left_on=dt.date(2026, 2, 1))
    b.person("C2", "U2", buying_role=BuyingRole.CHAMPION)
    found = changes(snap(b, T1), snap(b, T2))
    assert [(c.scope.id, c.scope.name, c.role, c.change) for c in found.seats] == [
        ("U1", "North", "champion", "emptied")
    ]


def test_the_same_state_at_both_dates_is_no_change() -> None:
    b = WorldBuilder("A")
    b.unit("U")
    b.person("P", "U")
    b.team_member("T")
    b.knows("T", "P", strength=0.9)  # no last contact: no decay
    found = changes(snap(b, T1), snap(b, T2))
    assert (found.units, found.relationships, found.executives, found.people) == ([], [], [], [])


def test_activity_on_the_first_date_is_not_between_the_dates() -> None:
    b = WorldBuilder("A")
    b.person("P")
    b.team_member("T")
    b.knows("T", "P", activities=((T1, MEETING), (T2, MEETING)))
    found = changes(snap(b, T1), snap(b, T2))
    # Strong at both dates (1.0 meeting that day -> 0.632): no relationship change,
    # but the count excludes the first date's meeting and includes the second's.
    assert found.relationships == []
    b2 = WorldBuilder("A")
    b2.person("P")
    b2.team_member("T")
    b2.knows("T", "P", strength=0.3, activities=((T1 + dt.timedelta(days=1), MEETING),))
    found2 = changes(snap(b2, T1), snap(b2, T1 + dt.timedelta(days=1)))
    assert [(r.change, r.activities_between) for r in found2.relationships] == [
        ("became_strong", 1)
    ]


@pytest.mark.parametrize("t2", [T1, T1 - dt.timedelta(days=1)])
def test_the_first_date_must_come_before_the_second(t2: dt.date) -> None:
    b = world()
    with pytest.raises(InvalidQueryError, match="must be before"):
        changes(snap(b, T1), snap(b, t2))


def test_alerts_dated_on_the_second_date_count_and_on_the_first_do_not() -> None:
    b = WorldBuilder("A")
    b.unit("U", status=UnitStatus.CUSTOMER)
    b.person("P", "U", left_on=T1)  # left on the first date: its alert is dated T1
    b.person("Q", "U", left_on=T2, name="Q")
    b.team_member("T")
    b.knows("T", "P", strength=0.9)
    b.knows("T", "Q", strength=0.9)
    found = changes(snap(b, T1), snap(b, T2))
    assert [(a.kind, a.person_id) for a in found.alerts] == [(AlertKind.CHAMPION_LEFT, "Q")]


@pytest.mark.parametrize("day", [T1, dt.date(2026, 2, 20), T2])
def test_the_reviewsrow_statuses_are_the_coverage_rows(day: dt.date) -> None:
    """The review compares statuses read straight from the snapshot: they must be
    the coverage answer's, row for row and in the same order."""
    s = snap(world(), day)
    expected = [(r.status, r.people_known_strongly) for r in coverage_rows(s)]
    assert list(row_statuses(s).values()) == expected
    assert list(row_statuses(s)) == [None, *s.unit_order]

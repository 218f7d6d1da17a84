from __future__ import annotations

import pytest

from graph.errors import NotFoundError
from graph.schema import Seniority
from queries.errors import InvalidQueryError
from queries.models import CoverageStatus
from queries.resilience import departure_impact, key_people
from queries.worlds import WorldBuilder
from tests.queries.conftest import snap

VP = Seniority.VP


def world() -> WorldBuilder:
    """T1 alone knows B1 in U (and, through B1, the VP in X); T1 and T2 both know
    C1 and C2 in V."""
    b = WorldBuilder()
    for u in ("U", "V", "X"):
        b.unit(u)
    b.person("B1", unit="U")
    b.person("VPX", unit="X", seniority=VP)
    b.person("C1", unit="V")
    b.person("C2", unit="V")
    b.team_member("T1")
    b.team_member("T2")
    b.knows("T1", "B1", strength=0.9)
    b.tie("B1", "VPX", 0.8)
    for t in ("T1", "T2"):
        for c in ("C1", "C2"):
            b.knows(t, c, strength=0.9)
    return b


def test_departure_of_a_team_member() -> None:
    impact = departure_impact(snap(world()), team_member_id="T1")
    assert impact.subject.id == "T1"
    assert impact.subject.kind == "team_member"
    changes = {c.unit.id: (c.before, c.after) for c in impact.units_falling}
    assert changes == {"U": (CoverageStatus.SINGLE_THREADED, CoverageStatus.UNCOVERED)}
    assert [e.id for e in impact.executives_lost] == ["VPX"]


def test_departure_of_a_person_weakens_or_cuts_paths() -> None:
    b = world()
    b.tie("C1", "VPX", 0.5)  # a weaker second way to the VP
    impact = departure_impact(snap(b), person_id="B1")
    assert [c.unit.id for c in impact.units_falling] == ["U"]
    assert impact.executives_lost == []
    (weaker,) = impact.executive_paths_weakened
    assert weaker.executive.id == "VPX"
    assert weaker.before == pytest.approx(0.9 * 0.8)
    assert weaker.after == pytest.approx(0.9 * 0.5)


def test_departing_executive_is_not_reported_as_lost() -> None:
    impact = departure_impact(snap(world()), person_id="VPX")
    assert impact.executives_lost == []
    assert impact.units_falling == []


def test_departure_arguments() -> None:
    s = snap(world())
    with pytest.raises(InvalidQueryError):
        departure_impact(s)
    with pytest.raises(InvalidQueryError):
        departure_impact(s, team_member_id="T1", person_id="B1")
    with pytest.raises(NotFoundError):
        departure_impact(s, person_id="NOPE")


def test_departure_does_not_change_the_snapshot() -> None:
    s = snap(world())
    departure_impact(s, team_member_id="T1")
    assert "T1" in s.team_members
    assert ("T1", "B1") in s.relationships


def test_key_people_hold_what_only_they_reach() -> None:
    result = key_people(snap(world()))
    held = {
        k.node.id: ([u.id for u in k.units], [e.id for e in k.executives])
        for k in result.key_people
    }
    # T1 alone reaches B1 (so U) and through B1 the VP (so X); B1 alone leads to
    # X, and is the only person we reach in U.
    assert held == {"T1": (["U", "X"], ["VPX"]), "B1": (["U", "X"], ["VPX"])}
    assert result.key_people[0].node.id == "T1"


def test_key_people_ignore_weak_edges_and_redundant_people() -> None:
    b = world()
    b.knows("T2", "B1", strength=0.9)  # B1 now reached twice: T1 no longer key
    b.person("W", unit="X")
    b.knows("T2", "W", strength=0.3)  # weak: gives no strong reach into X
    held = {k.node.id for k in key_people(snap(b)).key_people}
    assert held == {"B1"}


def test_lone_team_member_is_key_even_when_not_an_articulation_point() -> None:
    b = WorldBuilder()
    b.unit("U")
    b.person("P1", unit="U")
    b.person("P2", unit="U")
    b.team_member("T1")
    b.knows("T1", "P1", strength=0.9)
    b.knows("T1", "P2", strength=0.9)
    b.tie("P1", "P2", 0.9)  # a triangle: no articulation point
    held = {k.node.id: [u.id for u in k.units] for k in key_people(snap(b)).key_people}
    assert held == {"T1": ["U"]}


def test_no_relationships_no_key_people() -> None:
    b = WorldBuilder()
    b.person("P1")
    assert key_people(snap(b)).key_people == []

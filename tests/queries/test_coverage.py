from __future__ import annotations

from graph.schema import BuyingRole, Seniority, UnitStatus
from queries.coverage import coverage
from queries.models import CoverageRow, CoverageStatus
from queries.worlds import WorldBuilder
from tests.queries.conftest import days_ago, snap


def rows(b: WorldBuilder) -> dict[str, CoverageRow]:
    return {r.id: r for r in coverage(snap(b)).rows}


def test_every_status() -> None:
    b = WorldBuilder()
    for u in ("NONE", "WEAK", "SINGLE", "COVERED"):
        b.unit(u)
        b.person(f"{u}1", unit=u)
        b.person(f"{u}2", unit=u)
    b.team_member("T1")
    b.team_member("T2")
    b.knows("T1", "WEAK1", strength=0.3)
    b.knows("T1", "SINGLE1", strength=0.9)
    b.knows("T2", "SINGLE1", strength=0.8)
    b.knows("T1", "SINGLE2", strength=0.2)
    b.knows("T1", "COVERED1", strength=0.6)
    b.knows("T2", "COVERED2", strength=0.6)
    r = rows(b)
    assert r["NONE"].status is CoverageStatus.UNCOVERED
    assert r["WEAK"].status is CoverageStatus.WEAK
    assert r["SINGLE"].status is CoverageStatus.SINGLE_THREADED
    assert r["COVERED"].status is CoverageStatus.COVERED
    assert r["SINGLE"].people_known == 2
    assert r["SINGLE"].people_known_strongly == 1
    assert r["SINGLE"].strong_team_members == 2
    assert r["COVERED"].strong_team_members == 2
    assert r["WEAK"].best_strength == 0.3


def test_a_weak_relationship_counts_as_a_relationship() -> None:
    b = WorldBuilder()
    b.unit("U")
    b.person("P", unit="U")
    b.team_member("T1")
    b.knows("T1", "P", strength=0.0)
    assert rows(b)["U"].status is CoverageStatus.WEAK


def test_account_row_covers_people_at_the_account_level() -> None:
    b = WorldBuilder()
    b.unit("U")
    b.person("CEO", seniority=Seniority.C_LEVEL)
    b.team_member("T1")
    b.knows("T1", "CEO", strength=0.9)
    r = rows(b)
    assert r["A"].kind == "account"
    assert r["A"].depth == 0
    assert r["A"].parent_id is None
    assert r["A"].status is CoverageStatus.SINGLE_THREADED
    assert r["A"].executive_known_strongly
    assert r["U"].parent_id == "A"
    assert r["U"].status is CoverageStatus.UNCOVERED


def test_people_who_left_count_nowhere_in_coverage() -> None:
    b = WorldBuilder()
    b.unit("U")
    b.person("P", unit="U", left_on=days_ago(1))
    b.team_member("T1")
    b.knows("T1", "P", strength=0.9)
    r = rows(b)["U"]
    assert r.status is CoverageStatus.UNCOVERED
    assert r.active_people == 0
    assert not r.has_people


def test_activities_after_as_of_are_ignored() -> None:
    from graph.schema import ActivityType
    from tests.queries.conftest import AS_OF

    b = WorldBuilder()
    b.unit("U")
    b.person("P", unit="U")
    b.team_member("T1")
    future = AS_OF.replace(year=AS_OF.year + 1)
    b.knows("T1", "P", activities=((future, ActivityType.MEETING),))
    assert rows(b)["U"].status is CoverageStatus.UNCOVERED


def test_empty_unit_is_an_org_chart_gap() -> None:
    b = WorldBuilder()
    b.unit("U", headcount=40)
    r = rows(b)["U"]
    assert not r.has_people
    assert r.headcount == 40
    assert r.best_strength is None
    assert r.last_contact is None


def test_direct_people_only_and_subtree_rollups() -> None:
    b = WorldBuilder()
    b.unit("D")
    b.unit("B1", "D")
    b.unit("B2", "D")
    b.person("P1", unit="B1")
    b.position("P1", "B2", current=True)  # counted once in D's roll-up
    b.person("P2", unit="B2")
    b.team_member("T1")
    b.knows("T1", "P1", strength=0.9)
    r = rows(b)
    assert r["D"].status is CoverageStatus.UNCOVERED
    assert r["D"].active_people == 0
    assert r["D"].subtree.active_people == 2
    assert r["D"].subtree.people_known_strongly == 1
    assert r["D"].subtree.units == 3
    assert r["D"].subtree.statuses.single_threaded == 2
    assert r["B2"].active_people == 2
    assert r["A"].subtree.active_people == 2


def test_stale_relationships_and_last_contact() -> None:
    b = WorldBuilder()
    b.unit("U")
    b.person("P1", unit="U")
    b.person("P2", unit="U")
    b.team_member("T1")
    b.knows("T1", "P1", strength=0.9, last_contact=days_ago(200))
    b.knows("T1", "P2", strength=0.9, last_contact=days_ago(10))
    r = rows(b)["U"]
    assert r.stale_relationships == 1
    assert r.last_contact == days_ago(10)


def test_executive_fields_and_summary() -> None:
    b = WorldBuilder()
    b.unit("U")
    b.person("VP", unit="U", seniority=Seniority.VP)
    b.person("EB", unit="U", buying_role=BuyingRole.ECONOMIC_BUYER)
    b.person("DM", unit="U", buying_role=BuyingRole.DECISION_MAKER)
    b.person("CH", unit="U", buying_role=BuyingRole.CHAMPION)
    b.team_member("T1")
    b.knows("T1", "VP", strength=0.3)
    b.knows("T1", "CH", strength=0.9)
    report = coverage(snap(b))
    r = next(r for r in report.rows if r.id == "U")
    assert r.executives == 3
    assert not r.executive_known_strongly
    assert report.summary.executive_coverage.executives == 3
    assert report.summary.executive_coverage.known_strongly == 0
    assert report.summary.statuses.single_threaded == 1
    assert report.summary.statuses.uncovered == 1


def test_account_with_no_relationships_at_all() -> None:
    b = WorldBuilder()
    b.unit("U")
    b.person("P", unit="U")
    report = coverage(snap(b))
    assert {r.status for r in report.rows} == {CoverageStatus.UNCOVERED}
    assert [g.id for g in report.gaps] == ["A", "U"]  # no headcounts: by name


def test_gap_ranking() -> None:
    b = WorldBuilder()
    b.unit("D1", status=UnitStatus.CUSTOMER)
    b.person("P", unit="D1")
    b.team_member("T1")
    b.knows("T1", "P", strength=0.9)
    b.unit("D2", name="Americas", headcount=10)  # sister D1 is a customer
    b.unit("X")
    b.unit("BIG", "X", headcount=500)
    b.unit("SMALL", "X", headcount=20)
    b.unit("NOHC", "X", name="Aaa")
    b.unit("NOHC2", "X", name="Bbb")
    b.unit("CUST", "X", status=UnitStatus.CUSTOMER, headcount=1)  # itself a gap
    b.unit("C1", "CUST", headcount=5)
    b.unit("C2", "CUST", headcount=1000)
    b.person("W", unit="C2")
    b.knows("T1", "W", strength=0.1)
    gaps = coverage(snap(b)).gaps
    order = [g.id for g in gaps]
    # Customer sister first: D2 and X (sister D1), the X children but CUST (sister
    # CUST); within each group headcount, largest first, unknown last, then name.
    assert order == ["BIG", "SMALL", "D2", "NOHC", "NOHC2", "X", "C2", "C1", "CUST", "A"]
    assert gaps[0].sister_customer_ids == ["CUST"]
    assert next(g for g in gaps if g.id == "D2").sister_customer_ids == ["D1"]
    assert next(g for g in gaps if g.id == "CUST").sister_customer_ids == []
    assert next(g for g in gaps if g.id == "C2").status is CoverageStatus.WEAK
    assert "D1" not in order

from __future__ import annotations

import pytest

from graph.errors import NotFoundError
from graph.schema import Seniority, UnitStatus
from queries.models import CoverageStatus
from queries.views import account_summary, org_chart, unit_tree
from queries.worlds import WorldBuilder
from tests.queries.conftest import days_ago, snap


def world() -> WorldBuilder:
    b = WorldBuilder()
    b.unit("D", name="Europe", status=UnitStatus.CUSTOMER)
    b.unit("B2", "D", name="Lyon")
    b.unit("B1", "D", name="Paris", headcount=30)
    b.person("CEO", seniority=Seniority.C_LEVEL)
    b.person("STAFF", unit="B1", manager="BOSS")
    b.person("BOSS", unit="B1", seniority=Seniority.DIRECTOR, manager="CEO")
    b.person("GONE", unit="B1", left_on=days_ago(1))
    b.team_member("T1")
    b.team_member("T2")
    b.knows("T1", "BOSS", strength=0.4, last_contact=days_ago(300))
    b.knows("T2", "BOSS", strength=0.9, last_contact=days_ago(1))
    return b


def test_unit_tree_is_nested_by_name() -> None:
    tree = unit_tree(snap(world()))
    # The account's own status: its customer division does not make it one.
    assert (tree.id, tree.kind, tree.customer_status) == ("A", "account", UnitStatus.PROSPECT)
    (d,) = tree.children
    assert [c.name for c in d.children] == ["Lyon", "Paris"]
    assert d.children[1].headcount == 30
    assert d.children[1].depth == 2


def test_org_chart_people_contacts_and_scope() -> None:
    chart = org_chart(snap(world()))
    assert [u.id for u in chart.units] == ["A", "D", "B2", "B1"]
    b1 = chart.units[-1]
    assert b1.parent_id == "D"
    assert b1.coverage is CoverageStatus.SINGLE_THREADED
    assert [p.person.id for p in b1.people] == ["BOSS", "STAFF"]  # by seniority
    boss = b1.people[0]
    assert boss.manager_id == "CEO"
    assert [(c.team_member_id, c.strong, c.stale) for c in boss.known_by] == [
        ("T2", True, False),
        ("T1", False, True),
    ]
    scoped = org_chart(snap(world()), "B1")
    assert scoped.root_id == "B1"
    assert [u.id for u in scoped.units] == ["B1"]
    with pytest.raises(NotFoundError):
        org_chart(snap(world()), "NOPE")


def test_account_summary() -> None:
    summary = account_summary(snap(world()))
    assert summary.name == "Acme"
    assert summary.units == 3
    assert summary.active_people == 3
    assert summary.team_members == 2
    assert summary.coverage.single_threaded == 1
    assert summary.coverage.uncovered == 3
    assert summary.executive_coverage.executives == 1
    assert summary.executive_coverage.known_strongly == 0


def test_results_serialise_to_json() -> None:
    chart = org_chart(snap(world()))
    data = chart.model_dump(mode="json")
    assert data["as_of"] == "2026-01-01"
    assert data["units"][3]["people"][0]["known_by"][0]["last_contact"] == "2025-12-31"


def test_every_result_field_is_described() -> None:
    import queries.models as m

    missing = [
        f"{name}.{field}"
        for name in m.__all__
        if isinstance(cls := getattr(m, name), type) and issubclass(cls, m.Model)
        for field, info in cls.model_fields.items()
        if not info.description
    ]
    assert missing == []

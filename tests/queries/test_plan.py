"""Plan actions on hand-built worlds: what each rule suggests, with owners,
targets, due dates and stable ids; and the status of accepted actions."""

from __future__ import annotations

import dataclasses
import datetime as dt

from graph.plans import PlanDecision
from graph.schema import ActivityType, BuyingRole, Seniority, UnitStatus
from queries.models.plan import ActionKind, ActionStatus
from queries.plan import suggestions
from queries.plan_status import account_plan, done_on, record_for
from queries.worlds import WorldBuilder
from tests.queries.conftest import AS_OF, snap

DAY = dt.timedelta(days=1)


def world() -> WorldBuilder:
    b = WorldBuilder("A", "Acme")
    b.unit("U1", name="Oslo", status=UnitStatus.CUSTOMER)
    b.unit("U2", name="Bergen")  # sister of a customer, nobody known there
    b.person("P1", "U1", name="Ingrid Haugen", buying_role=BuyingRole.CHAMPION)
    b.person("P2", "U2", name="Tomasz Kowalczyk", seniority=Seniority.C_LEVEL)
    b.person("P3", "U1", name="Eva Berg", buying_role=BuyingRole.ECONOMIC_BUYER)
    b.team_member("T1", name="Jonas Richter")
    b.team_member("T2", name="Diego Ruiz")
    b.knows("T1", "P1", strength=0.9)  # strong, no decay
    b.tie("P1", "P2", 0.7)  # Ingrid knows Tomasz
    b.knows("T2", "P3", strength=0.3)  # the economic buyer, known weakly
    return b


def test_each_rule_suggests_its_action_with_owner_target_and_due_date() -> None:
    found = suggestions(snap(world()))
    by = {(a.kind, a.target.id): a for a in found}
    due = AS_OF + 30 * DAY

    intro = by[(ActionKind.INTRODUCTION, "P2")]
    assert (intro.owner.id, intro.introducer and intro.introducer.id) == ("T1", "P1")
    assert intro.title == (
        "Ask Ingrid Haugen (known by Jonas Richter) for an introduction to Tomasz Kowalczyk, Bergen"
    )
    assert intro.due == due

    advocate = by[(ActionKind.ADVOCATE, "U2")]
    assert advocate.target.kind == "unit"
    assert (advocate.owner.id, advocate.introducer and advocate.introducer.id) == ("T1", "P1")

    # The economic buyer is held but known weakly: meet her, owned by who knows her.
    meet = by[(ActionKind.MEETING, "P3")]
    assert (meet.owner.id, meet.due) == ("T2", due)
    assert "economic buyer" in meet.title
    # Nobody is the decision maker anywhere: find and meet them, at the account.
    seat = by[(ActionKind.MEETING, "A")]
    assert seat.title == "Find and meet the decision maker at Acme"
    assert seat.owner.id == "T1"  # the strongest relationship in the scope

    assert all(a.status is ActionStatus.SUGGESTED for a in found)
    assert len({a.id for a in found}) == len(found)


def test_ids_are_stable_across_dates_and_a_reached_executive_needs_no_introduction() -> None:
    b = world()
    first = {a.id for a in suggestions(snap(b))}
    later = {a.id for a in suggestions(snap(b, AS_OF + 10 * DAY))}
    assert first == later
    b.knows("T2", "P2", strength=0.8)
    kinds = {(a.kind, a.target.id) for a in suggestions(snap(b))}
    assert (ActionKind.INTRODUCTION, "P2") not in kinds
    assert (ActionKind.ADVOCATE, "U2") not in kinds  # U2 is covered now


def test_a_cooling_relationship_is_to_re_engage_the_day_before_it_cools() -> None:
    b = WorldBuilder("A")
    b.person("P")
    b.team_member("T")
    # 0.6 from 2025-12-01: below 0.5 on 2026-01-18 (log2(1.2) * 180 = 47.3 days).
    b.knows("T", "P", strength=0.6, last_contact=dt.date(2025, 12, 1))
    [re_engage] = [a for a in suggestions(snap(b)) if a.kind is ActionKind.RE_ENGAGE]
    assert (re_engage.owner.id, re_engage.target.id) == ("T", "P")
    assert re_engage.due == dt.date(2026, 1, 17)
    # Beyond the 30-day horizon nothing cools yet: no re-engagement.
    b2 = WorldBuilder("A")
    b2.person("P")
    b2.team_member("T")
    b2.knows("T", "P", strength=0.9, last_contact=AS_OF)
    assert not [a for a in suggestions(snap(b2)) if a.kind is ActionKind.RE_ENGAGE]


def test_status_done_only_after_creation_overdue_after_due_for_person_and_unit() -> None:
    b = world()
    found = {(a.kind, a.target.id): a for a in suggestions(snap(b))}
    intro = record_for(
        found[(ActionKind.INTRODUCTION, "P2")],
        created_on=AS_OF,
        created_by="t",
        decision=PlanDecision.ACCEPTED,
    )
    advocate = record_for(
        found[(ActionKind.ADVOCATE, "U2")],
        created_on=AS_OF,
        created_by="t",
        decision=PlanDecision.ACCEPTED,
    )
    due = AS_OF + 30 * DAY
    # Before anything happens: open up to the due date, overdue the day after.
    plan = account_plan(snap(b, due), [intro, advocate], [])
    assert {a.status for a in plan.actions} == {ActionStatus.OPEN}
    plan = account_plan(snap(b, due + DAY), [intro, advocate], [])
    assert {a.status for a in plan.actions} == {ActionStatus.OVERDUE}

    # A meeting on the creation day does not count; the next day's does, for both
    # the person (P2) and the unit P2 works in (U2).
    b.knows(
        "T1", "P2", activities=((AS_OF, ActivityType.MEETING), (AS_OF + DAY, ActivityType.MEETING))
    )
    later = snap(b, due + DAY)
    assert done_on(later, intro) == AS_OF + DAY
    assert done_on(later, advocate) == AS_OF + DAY
    plan = account_plan(later, [intro, advocate], [])
    assert {a.status for a in plan.actions} == {ActionStatus.DONE}
    # Dismissed actions are not in the plan, and leave the suggestions.
    gone = dataclasses.replace(intro, decision=PlanDecision.DISMISSED)
    plan = account_plan(later, [gone], list(found.values()))
    assert plan.actions == []
    assert intro.id not in {a.id for a in plan.suggestions}


def test_another_team_members_activity_does_not_complete_the_action() -> None:
    b = world()
    action = next(a for a in suggestions(snap(b)) if a.kind is ActionKind.INTRODUCTION)
    record = record_for(action, created_on=AS_OF, created_by="t", decision=PlanDecision.ACCEPTED)
    b.knows("T2", "P2", activities=((AS_OF + DAY, ActivityType.MEETING),))
    assert done_on(snap(b, AS_OF + 5 * DAY), record) is None
    # A CRM last contact after creation counts as the contact it records.
    b.knows("T1", "P2", strength=0.2, last_contact=AS_OF + 2 * DAY)
    assert done_on(snap(b, AS_OF + 5 * DAY), record) == AS_OF + 2 * DAY

"""The status of accepted plan actions, computed when read (DOMAIN.md, "Plan
actions"): **done** when an activity between the owner (or a team-member
introducer) and the target, dated after the action's creation and on or before
the as-of date, is in the data; **overdue** when the due date passed without
one; else **open**.

A target person counts through their relationships with the owner; a target
unit through the owner's relationships with anyone who works in it or below it
(the action is to reach the unit). A relationship's last contact counts as an
activity dated that day: CRM exports often carry only that.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from graph.plans import PlanActionRecord, PlanDecision
from queries.models import NamedId
from queries.models.plan import (
    AccountPlan,
    ActionIntroducer,
    ActionKind,
    ActionStatus,
    ActionTarget,
    PlanAction,
)
from queries.refs import row_ref
from queries.snapshot import AccountSnapshot


def _contact_dates(s: AccountSnapshot, team_member_id: str, person_id: str) -> list[dt.date]:
    rel = s.relationships.get((team_member_id, person_id))
    if rel is None:
        return []
    days = [a.date for a in rel.edge.activities if a.date <= s.as_of]
    last = rel.edge.last_contact
    if last is not None and last <= s.as_of:
        days.append(last)
    return days


def _target_people(s: AccountSnapshot, record: PlanActionRecord) -> list[str]:
    if record.target_kind == "person":
        return [record.target_id] if record.target_id in s.people else []
    if record.target_id == s.account_id:
        return sorted(s.people)
    if record.target_id not in s.units:
        return []
    units = set(s.subtree(record.target_id))
    return sorted(p.id for p in s.people.values() if any(u in units for u in p.unit_ids))


def done_on(s: AccountSnapshot, record: PlanActionRecord) -> dt.date | None:
    """The first day after the action's creation with a matching activity, or None."""
    actors = [record.owner_id]
    if record.introducer_kind == "team_member" and record.introducer_id is not None:
        actors.append(record.introducer_id)
    days = [
        day
        for pid in _target_people(s, record)
        for tid in actors
        for day in _contact_dates(s, tid, pid)
        if day > record.created_on
    ]
    return min(days, default=None)


def _name(s: AccountSnapshot, kind: str, id_: str) -> str:
    if kind == "team_member":
        member = s.team_members.get(id_)
        return member.name if member is not None else id_
    if kind == "person":
        person = s.people.get(id_) or s.departed.get(id_)
        return person.name if person is not None else id_
    if id_ == s.account_id or id_ in s.units:
        return row_ref(s, None if id_ == s.account_id else id_).name
    return id_


def stored_action(s: AccountSnapshot, record: PlanActionRecord) -> PlanAction:
    """An accepted action with its status as of the snapshot's date."""
    done = done_on(s, record)
    if done is not None:
        status = ActionStatus.DONE
    elif s.as_of > record.due:
        status = ActionStatus.OVERDUE
    else:
        status = ActionStatus.OPEN
    introducer = None
    if record.introducer_id is not None and record.introducer_kind in ("person", "team_member"):
        introducer = ActionIntroducer(
            id=record.introducer_id,
            kind="person" if record.introducer_kind == "person" else "team_member",
            name=_name(s, record.introducer_kind, record.introducer_id),
        )
    return PlanAction(
        id=record.id,
        account_id=record.account_id,
        kind=ActionKind(record.kind),
        owner=NamedId(id=record.owner_id, name=_name(s, "team_member", record.owner_id)),
        target=ActionTarget(
            id=record.target_id,
            kind="person" if record.target_kind == "person" else "unit",
            name=_name(s, record.target_kind, record.target_id),
        ),
        introducer=introducer,
        title=record.title,
        why="accepted into the plan",
        due=record.due,
        status=status,
        created_on=record.created_on,
        done_on=done,
    )


_ORDER = {ActionStatus.OVERDUE: 0, ActionStatus.OPEN: 1, ActionStatus.DONE: 2}


def account_plan(
    snapshot: AccountSnapshot,
    records: Iterable[PlanActionRecord],
    suggested: Sequence[PlanAction],
) -> AccountPlan:
    """The account's plan: its accepted actions with their status, and the
    suggestions nobody accepted or dismissed yet."""
    stored = list(records)
    decided = {r.id for r in stored}
    actions = [stored_action(snapshot, r) for r in stored if r.decision is PlanDecision.ACCEPTED]
    actions.sort(key=lambda a: (_ORDER[a.status], a.due, a.id))
    return AccountPlan(
        account_id=snapshot.account_id,
        as_of=snapshot.as_of,
        actions=actions,
        suggestions=[a for a in suggested if a.id not in decided],
    )


def record_for(
    action: PlanAction,
    *,
    created_on: dt.date,
    created_by: str,
    decision: PlanDecision,
    due: dt.date | None = None,
) -> PlanActionRecord:
    """What the store keeps of a suggestion accepted or dismissed on ``created_on``."""
    return PlanActionRecord(
        id=action.id,
        account_id=action.account_id,
        kind=action.kind.value,
        owner_id=action.owner.id,
        target_id=action.target.id,
        target_kind=action.target.kind,
        introducer_id=None if action.introducer is None else action.introducer.id,
        introducer_kind=None if action.introducer is None else action.introducer.kind,
        title=action.title,
        due=action.due if due is None else due,
        created_on=created_on,
        created_by=created_by,
        decision=decision,
    )

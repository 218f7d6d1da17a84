"""Plan actions suggested by the answers (DOMAIN.md, "Plan actions").

* an **empty seat** (a required buying role nobody holds in a scope) → meet
  someone there to find the holder (kind ``meeting``, target the unit);
* an **unreached seat** (holders nobody knows strongly) → meet the holder;
* an **uncovered unit with an advocate** → ask the advocate (kind ``advocate``);
* an **executive reachable through an introducer** but known strongly by nobody
  → ask for the introduction (kind ``introduction``);
* a **cooling relationship** → re-engage before the day it stops being strong
  (kind ``re_engage``, due the day before).

Every suggestion has an owner on our team, a target, a proposed due date and a
stable id (a hash of what it is, never of the date), so accepting or dismissing
it once keeps it out of later suggestions.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Final

from queries.advocates import advocates
from queries.alerts import alerts
from queries.committee import seat_gaps
from queries.coverage import coverage
from queries.models import AlertKind, CoverageStatus, NamedId
from queries.models.committee import SeatState
from queries.models.plan import (
    ActionIntroducer,
    ActionKind,
    ActionStatus,
    ActionTarget,
    PlanAction,
)
from queries.paths import executive_paths
from queries.refs import row_ref
from queries.snapshot import AccountSnapshot

#: Days from the as-of date to a suggestion's proposed due date *(default)*.
DUE_DAYS: Final = 30
#: Uncovered units looked at for advocates, most actionable first (bounds the cost).
ADVOCATE_GAPS: Final = 10


def action_id(
    account_id: str, kind: ActionKind, owner_id: str, target_id: str, introducer_id: str | None
) -> str:
    """The stable id of an action: what it is, not when it was suggested.

    >>> action_id("A", ActionKind.MEETING, "T1", "P1", None)
    'pa-2757df158c73d870a6f9'
    """
    key = "\x1f".join((account_id, kind.value, owner_id, target_id, introducer_id or ""))
    return "pa-" + hashlib.blake2b(key.encode(), digest_size=10).hexdigest()


def _action(
    s: AccountSnapshot,
    kind: ActionKind,
    owner_id: str,
    target: ActionTarget,
    introducer: ActionIntroducer | None,
    title: str,
    why: str,
    due: dt.date,
) -> PlanAction:
    return PlanAction(
        id=action_id(
            s.account_id, kind, owner_id, target.id, None if introducer is None else introducer.id
        ),
        account_id=s.account_id,
        kind=kind,
        owner=NamedId(id=owner_id, name=s.team_members[owner_id].name),
        target=target,
        introducer=introducer,
        title=title,
        why=why,
        due=due,
        status=ActionStatus.SUGGESTED,
        created_on=None,
        done_on=None,
    )


def _person_target(s: AccountSnapshot, pid: str) -> ActionTarget:
    return ActionTarget(id=pid, kind="person", name=s.people[pid].name)


def _unit_target(s: AccountSnapshot, unit_id: str | None) -> ActionTarget:
    ref = row_ref(s, unit_id)
    return ActionTarget(id=ref.id, kind="unit", name=ref.name)


def _scope_owners(s: AccountSnapshot) -> dict[str | None, str]:
    """Who should look for someone in each scope (None: the account): the team
    member with the strongest relationship with anyone in it or below it (ties by
    id). One pass over people and their units' ancestors."""
    best: dict[str | None, tuple[float, str]] = {}
    for pid, person in s.people.items():
        rel = s.best_relationship(pid)
        if rel is None:
            continue
        key = (-rel.strength, rel.team_member_id)
        scopes: set[str | None] = {None}
        for unit in person.unit_ids:
            if unit is not None:
                scopes.add(unit)
                scopes.update(s.ancestors(unit))
        for scope in scopes:
            if scope not in best or key < best[scope]:
                best[scope] = key
    return {scope: key[1] for scope, key in best.items()}


def _scope_owner(
    s: AccountSnapshot, owners: dict[str | None, str], scope: str | None
) -> str | None:
    """The scope's owner, else the first of the account team by id."""
    found = owners.get(scope)
    if found is not None:
        return found
    team = sorted(t for t, m in s.team_members.items() if m.on_team)
    return team[0] if team else None


def _words(role: str) -> str:
    return role.replace("_", " ")


def _seats(s: AccountSnapshot, due: dt.date) -> list[PlanAction]:
    out = []
    owners = _scope_owners(s)
    for gap in seat_gaps(s):
        scope = None if gap.scope.kind == "account" else gap.scope.id
        role = _words(gap.role.value)
        if gap.state is SeatState.EMPTY:
            owner = _scope_owner(s, owners, scope)
            if owner is None:
                continue
            out.append(
                _action(
                    s,
                    ActionKind.MEETING,
                    owner,
                    _unit_target(s, scope),
                    None,
                    f"Find and meet the {role} at {gap.scope.name}",
                    gap.description,
                    due,
                )
            )
            continue
        for holder in gap.holders:
            rel = s.best_relationship(holder.id)
            owner = rel.team_member_id if rel is not None else _scope_owner(s, owners, scope)
            if owner is None:
                continue
            out.append(
                _action(
                    s,
                    ActionKind.MEETING,
                    owner,
                    _person_target(s, holder.id),
                    None,
                    f"Meet {holder.name}, the {role} at {gap.scope.name}",
                    gap.description,
                    due,
                )
            )
    return out


def _advocates(s: AccountSnapshot, due: dt.date) -> list[PlanAction]:
    out = []
    gaps = [
        g for g in coverage(s).gaps if g.status is CoverageStatus.UNCOVERED and g.kind != "account"
    ]
    for gap in gaps[:ADVOCATE_GAPS]:
        found = advocates(s, gap.id, k=1).advocates
        if not found:
            continue
        adv = found[0]
        owner = adv.known_by.team_member_id
        out.append(
            _action(
                s,
                ActionKind.ADVOCATE,
                owner,
                _unit_target(s, gap.id),
                ActionIntroducer(id=adv.person.id, kind="person", name=adv.person.name),
                f"Ask {adv.person.name} (known by {adv.known_by.team_member_name}) to speak "
                f"for us at {gap.name}",
                f"nobody on our team knows anyone at {gap.name}; {adv.person.name} has a "
                f"{adv.tie.kind.value.replace('_', ' ')} tie there",
                due,
            )
        )
    return out


def _introductions(s: AccountSnapshot, due: dt.date) -> list[PlanAction]:
    out = []
    for target in executive_paths(s, k=len(s.executives) or 1).paths:
        pid = target.executive.id
        best = s.best_relationship(pid)
        if best is not None and best.strong:
            continue  # reached already
        nodes = target.nodes
        crossing = next(i for i, n in enumerate(nodes) if n.kind == "person")
        if nodes[crossing].id == pid:
            continue  # known directly, weakly: a meeting, not an introduction
        owner, via = nodes[crossing - 1], nodes[crossing]
        exec_unit = s.people[pid].unit_id
        where = row_ref(s, exec_unit).name
        out.append(
            _action(
                s,
                ActionKind.INTRODUCTION,
                owner.id,
                _person_target(s, pid),
                ActionIntroducer(id=via.id, kind="person", name=via.name),
                f"Ask {via.name} (known by {owner.name}) for an introduction to "
                f"{target.executive.name}, {where}",
                f"executive {target.executive.name} is known strongly by nobody on our team; "
                f"the best path is {target.strength:.2f}",
                due,
            )
        )
    return out


def _cooling(s: AccountSnapshot) -> list[PlanAction]:
    out = []
    for alert in alerts(s).alerts:
        if alert.kind is not AlertKind.COOLING:
            continue
        assert alert.team_member_id is not None
        assert alert.person_id is not None
        person = s.people[alert.person_id]
        out.append(
            _action(
                s,
                ActionKind.RE_ENGAGE,
                alert.team_member_id,
                _person_target(s, alert.person_id),
                None,
                f"Re-engage {person.name} before {alert.date}",
                alert.message,
                max(s.as_of, alert.date - dt.timedelta(days=1)),
            )
        )
    return out


def suggestions(snapshot: AccountSnapshot, due_days: int = DUE_DAYS) -> list[PlanAction]:
    """Every suggested action of the account as of the snapshot's date, by due date,
    then kind, then id; each id once (the first rule to suggest it wins).

    >>> from queries.worlds import WorldBuilder
    >>> from queries.settings import QuerySettings
    >>> b = WorldBuilder("A"); b.person("P1"); b.team_member("T1")
    >>> b.knows("T1", "P1", strength=0.6, last_contact=dt.date(2025, 12, 1))
    >>> snap = AccountSnapshot.build(b.data(), dt.date(2026, 1, 1), QuerySettings())
    >>> [(a.kind.value, a.due.isoformat()) for a in suggestions(snap) if a.target.id == "P1"]
    [('re_engage', '2026-01-17')]
    """
    s = snapshot
    due = s.as_of + dt.timedelta(days=due_days)
    found: dict[str, PlanAction] = {}
    for action in (*_cooling(s), *_introductions(s, due), *_advocates(s, due), *_seats(s, due)):
        found.setdefault(action.id, action)
    return sorted(found.values(), key=lambda a: (a.due, a.kind.value, a.id))

"""Alerts (DOMAIN.md, "Alerts").

Dates and severities chosen here:

* ``champion_left``: dated the day the person left; high when they were a
  champion, decision maker, economic buyer or an executive, else medium. "Known
  strongly" is judged as of the day they left.
* ``cooling``: dated the first day the relationship is no longer strong (see
  :func:`queries.strength.strong_until`), when that is within
  ``cooling_horizon_days`` of the as-of date; medium for an executive, else low.
* ``single_threaded_customer``: a current state, dated the as-of date; high.
* ``stale_executive``: dated the day the latest contact became stale
  (``last contact + stale_after_days + 1``); medium. An executive with no
  relationship at all is a coverage gap, not this alert.
"""

from __future__ import annotations

import datetime as dt
from operator import itemgetter

from graph.schema import BuyingRole, UnitStatus
from queries.coverage import coverage_status
from queries.models import Alert, AlertKind, AlertsResult, CoverageStatus, Severity
from queries.snapshot import AccountSnapshot
from queries.strength import strength_state, strong_until

CHAMPION_ROLES = frozenset(
    {BuyingRole.CHAMPION, BuyingRole.DECISION_MAKER, BuyingRole.ECONOMIC_BUYER}
)


def _champions_left(s: AccountSnapshot) -> list[Alert]:
    out = []
    settings = s.settings
    for pid, person in sorted(s.departed.items()):
        left = person.left_on
        if left is None or (s.as_of - left).days > settings.champion_left_days:
            continue
        states = [
            (tid, strength_state(edge, left, settings))
            for tid, edge in s.departed_edges.get(pid, ())
        ]
        strong = [
            tid for tid, st in states if st is not None and st.strength >= settings.strong_threshold
        ]
        role = person.buying_role in CHAMPION_ROLES
        if not role and not strong:
            continue
        why = (
            person.buying_role.value.replace("_", " ")
            if role and person.buying_role
            else "a strong contact"
        )
        holders = (
            f"; known strongly by {', '.join(s.team_members[t].name for t in strong)}"
            if strong
            else ""
        )
        out.append(
            Alert(
                kind=AlertKind.CHAMPION_LEFT,
                date=left,
                severity=Severity.HIGH if role or person.executive else Severity.MEDIUM,
                account_id=s.account_id,
                unit_id=person.unit_id,
                person_id=pid,
                team_member_id=strong[0] if strong else None,
                message=f"{person.name} ({why}) left {s.account_name} on {left}{holders}.",
            )
        )
    return out


def _cooling(s: AccountSnapshot) -> list[Alert]:
    out = []
    horizon = s.as_of + dt.timedelta(days=s.settings.cooling_horizon_days)
    # Sorting by key only, and only the strong ones: most relationships are not.
    strong = sorted(
        ((key, rel) for key, rel in s.relationships.items() if rel.strong), key=itemgetter(0)
    )
    for (tid, pid), rel in strong:
        until = strong_until(rel.edge, rel.state, s.as_of, s.settings)
        if until is None or until > horizon:
            continue
        person = s.people[pid]
        out.append(
            Alert(
                kind=AlertKind.COOLING,
                date=until,
                severity=Severity.MEDIUM if person.executive else Severity.LOW,
                account_id=s.account_id,
                unit_id=person.unit_id,
                person_id=pid,
                team_member_id=tid,
                message=(
                    f"{s.team_members[tid].name}'s relationship with {person.name} "
                    f"stops being strong on {until} without new contact."
                ),
            )
        )
    return out


def _single_threaded(s: AccountSnapshot) -> list[Alert]:
    out = []
    rels = s.person_relationships
    # A unit row's own status (as coverage gives it) from its direct people: the
    # full coverage rows, with their roll-ups, are not needed here (the review).
    for uid in s.unit_order:
        unit = s.units[uid]
        if unit.status is not UnitStatus.CUSTOMER:
            continue
        people = s.unit_people.get(uid, ())
        known = [p for p in people if rels.get(p)]
        strong = [p for p in known if rels[p][0].strong]  # best relationship first
        if coverage_status(len(known), len(strong)) is not CoverageStatus.SINGLE_THREADED:
            continue
        holder = strong[0]
        out.append(
            Alert(
                kind=AlertKind.SINGLE_THREADED_CUSTOMER,
                date=s.as_of,
                severity=Severity.HIGH,
                account_id=s.account_id,
                unit_id=uid,
                person_id=holder,
                team_member_id=None,
                message=(
                    f"Customer unit {unit.name} hangs on one strong relationship "
                    f"({s.people[holder].name})."
                ),
            )
        )
    return out


def _stale_executives(s: AccountSnapshot) -> list[Alert]:
    out = []
    for pid in s.executives:
        rels = s.person_relationships.get(pid, ())
        if not rels or not all(r.stale for r in rels):
            continue
        last = max(r.last_contact for r in rels if r.last_contact is not None)
        person = s.people[pid]
        out.append(
            Alert(
                kind=AlertKind.STALE_EXECUTIVE,
                date=last + dt.timedelta(days=s.settings.stale_after_days + 1),
                severity=Severity.MEDIUM,
                account_id=s.account_id,
                unit_id=person.unit_id,
                person_id=pid,
                team_member_id=None,
                message=f"No contact with executive {person.name} since {last}.",
            )
        )
    return out


def alerts(snapshot: AccountSnapshot) -> AlertsResult:
    """Every alert of the account as of the snapshot's date, newest first.

    >>> from queries.worlds import WorldBuilder
    >>> from queries.settings import QuerySettings
    >>> b = WorldBuilder("A"); b.person("P1"); b.team_member("T1")
    >>> b.knows("T1", "P1", strength=0.6, last_contact=dt.date(2025, 12, 1))
    >>> snap = AccountSnapshot.build(b.data(), dt.date(2026, 1, 1), QuerySettings())
    >>> [(a.kind.value, a.date.isoformat()) for a in alerts(snap).alerts]
    [('cooling', '2026-01-18')]
    """
    return _result(
        snapshot,
        [
            *_champions_left(snapshot),
            *_cooling(snapshot),
            *_single_threaded(snapshot),
            *_stale_executives(snapshot),
        ],
    )


def alerts_between(snapshot: AccountSnapshot, since: dt.date) -> AlertsResult:
    """The alerts of :func:`alerts` dated after ``since`` (and, like every alert
    but cooling, on or before the snapshot's date): what a review lists as fired
    in its window. Cooling alerts are dated the first day a relationship strong at
    the snapshot's date is no longer strong, always after that date, so they are
    not computed at all.

    >>> from queries.worlds import WorldBuilder
    >>> from queries.settings import QuerySettings
    >>> b = WorldBuilder("A"); b.person("P1"); b.team_member("T1")
    >>> b.knows("T1", "P1", strength=0.6, last_contact=dt.date(2025, 12, 1))
    >>> snap = AccountSnapshot.build(b.data(), dt.date(2026, 1, 1), QuerySettings())
    >>> alerts_between(snap, dt.date(2025, 12, 1)).alerts
    []
    """
    found = [
        a
        for a in (
            *_champions_left(snapshot),
            *_single_threaded(snapshot),
            *_stale_executives(snapshot),
        )
        if since < a.date <= snapshot.as_of
    ]
    return _result(snapshot, found)


def _result(snapshot: AccountSnapshot, found: list[Alert]) -> AlertsResult:
    """The alerts newest first, with names."""
    found.sort(
        key=lambda a: (
            -a.date.toordinal(),
            a.kind.value,
            a.unit_id or "",
            a.person_id or "",
            a.team_member_id or "",
        )
    )
    named = [_with_names(snapshot, a) for a in found]
    return AlertsResult(account_id=snapshot.account_id, as_of=snapshot.as_of, alerts=named)


def _with_names(s: AccountSnapshot, alert: Alert) -> Alert:
    """The alert with the names of its unit, person and team member beside the ids."""
    person = None
    if alert.person_id is not None:
        person = s.people.get(alert.person_id) or s.departed.get(alert.person_id)
    member = None if alert.team_member_id is None else s.team_members.get(alert.team_member_id)
    unit = None if alert.unit_id is None else s.units.get(alert.unit_id)
    return alert.model_copy(
        update={
            "unit_name": None if unit is None else unit.name,
            "person_name": None if person is None else person.name,
            "team_member_name": None if member is None else member.name,
        }
    )

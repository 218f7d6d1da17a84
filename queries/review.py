"""Reviews: what changed in an account between two as-of dates (DOMAIN.md,
"Reviews: what changed between two dates").

Both snapshots are built from the same data; every difference is therefore a
difference of dates: activities dated in between, people who joined or left,
relationships that decayed or were created. Each change names who and why.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Literal

from queries.alerts import alerts_between
from queries.coverage import coverage_status
from queries.errors import InvalidQueryError
from queries.models import CoverageStatus, NamedId
from queries.models.review import (
    AccountChanges,
    ExecutiveChange,
    PersonChange,
    RelationshipChange,
    SeatChange,
    UnitStatusChange,
)
from queries.refs import known_by, person_ref, row_ref
from queries.review_seats import seat_changes
from queries.snapshot import AccountSnapshot, Relationship

#: Seats emptied or filled (default :func:`queries.review_seats.seat_changes`).
SeatChanges = Callable[[AccountSnapshot, AccountSnapshot], list[SeatChange]]


def check_dates(t1: dt.date, t2: dt.date) -> None:
    """A review compares an earlier date with a later one.

    >>> check_dates(dt.date(2026, 1, 2), dt.date(2026, 1, 1))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    queries.errors.InvalidQueryError: the review's from date (2026-01-02) must be before ...
    """
    if t1 >= t2:
        raise InvalidQueryError(
            f"the review's from date ({t1}) must be before its to date ({t2}); give "
            "from=YYYY-MM-DD earlier than to=YYYY-MM-DD"
        )


Direction = Literal["up", "down", "new", "gone"]


def _direction(a: CoverageStatus | None, b: CoverageStatus | None) -> Direction:
    if a is None:
        return "new"
    if b is None:
        return "gone"
    return "up" if b.rank > a.rank else "down"


#: A row's status and how many of its people are known strongly.
RowStatus = tuple[CoverageStatus, int]


def row_statuses(s: AccountSnapshot) -> dict[str | None, RowStatus]:
    """Each row's (status, people known strongly), the account row (None) first, then
    the units in tree order: what a review compares, read straight from the
    snapshot (the full coverage rows, with their roll-ups, are not needed here)."""
    rels = s.person_relationships
    out: dict[str | None, RowStatus] = {}
    for key in (None, *s.unit_order):
        known = strongly = 0
        for p in s.unit_people.get(key, ()):
            found = rels.get(p)
            if found:
                known += 1
                strongly += found[0].strong  # best relationship first
        out[key] = (coverage_status(known, strongly), strongly)
    return out


def _units(s1: AccountSnapshot, s2: AccountSnapshot) -> list[UnitStatusChange]:
    rows1, rows2 = row_statuses(s1), row_statuses(s2)
    out: list[UnitStatusChange] = []

    def add(
        snap: AccountSnapshot, key: str | None, a: RowStatus | None, b: RowStatus | None
    ) -> None:
        from_status = None if a is None else a[0]
        to_status = None if b is None else b[0]
        if from_status == to_status:
            return
        out.append(
            UnitStatusChange(
                unit=row_ref(snap, key),
                from_status=from_status,
                to_status=to_status,
                direction=_direction(from_status, to_status),
                people_known_strongly=(0 if a is None else a[1], 0 if b is None else b[1]),
            )
        )

    for key, row in rows2.items():  # tree order of the later date
        add(s2, key, rows1.get(key), row)
    for key, row in rows1.items():
        if key not in rows2:
            add(s1, key, row, None)
    return out


def _activities_between(rel: Relationship, t1: dt.date, t2: dt.date) -> int:
    return sum(1 for a in rel.edge.activities if t1 < a.date <= t2)


def _relationships(s1: AccountSnapshot, s2: AccountSnapshot) -> list[RelationshipChange]:
    strong1 = {k for k, r in s1.relationships.items() if r.strong}
    strong2 = {k for k, r in s2.relationships.items() if r.strong}
    out: list[RelationshipChange] = []
    threshold = s2.settings.strong_threshold
    for key in sorted(strong1 ^ strong2):
        tid, pid = key
        before, after = s1.relationships.get(key), s2.relationships.get(key)
        became = key in strong2
        snap = s2 if became else s1
        member = snap.team_members.get(tid) or s1.team_members.get(tid) or s2.team_members[tid]
        count = 0 if after is None else _activities_between(after, s1.as_of, s2.as_of)
        to_strength = None if after is None else round(after.strength, 4)
        from_strength = None if before is None else round(before.strength, 4)
        if became:
            why = (
                f"{count} activit{'y' if count == 1 else 'ies'} since {s1.as_of}"
                if count
                else "the relationship's recorded strength"
            )
            evidence = f"strength {from_strength or 0:.2f} → {to_strength:.2f} ({why})."
        elif after is None:
            gone = pid in s2.departed
            evidence = (
                f"{'the person left' if gone else 'the relationship no longer exists'} "
                f"by {s2.as_of}."
            )
        else:
            evidence = (
                f"strength {from_strength:.2f} → {to_strength:.2f}, below {threshold:g}: "
                f"no contact since {after.last_contact or 'ever'}."
            )
        out.append(
            RelationshipChange(
                team_member=NamedId(id=tid, name=member.name),
                person=person_ref(snap if pid in snap.people else s1, pid),
                change="became_strong" if became else "no_longer_strong",
                from_strength=from_strength,
                to_strength=to_strength,
                activities_between=count,
                last_contact=None if after is None else after.last_contact,
                evidence=evidence,
            )
        )
    return out


def _strongly_known_executives(s: AccountSnapshot) -> set[str]:
    return {p for p in s.executives if (r := s.best_relationship(p)) is not None and r.strong}


def _executives(s1: AccountSnapshot, s2: AccountSnapshot) -> list[ExecutiveChange]:
    before, after = _strongly_known_executives(s1), _strongly_known_executives(s2)
    out: list[ExecutiveChange] = []
    for pid in sorted(after - before):
        who = known_by(s2, pid)
        assert who is not None
        out.append(
            ExecutiveChange(
                person=person_ref(s2, pid),
                change="reached",
                known_by=who,
                evidence=f"{who.team_member_name} knows them strongly ({who.strength:.2f}).",
            )
        )
    for pid in sorted(before - after):
        who = known_by(s1, pid)
        if pid in s2.departed:
            why = f"they left on {s2.departed[pid].left_on}"
        elif pid not in s2.people:
            why = "they are no longer in the account"
        elif pid not in s2.executives:
            why = "they are no longer an executive"
        else:
            best = s2.best_relationship(pid)
            why = (
                "nobody on our team knows them any more"
                if best is None
                else f"our best relationship fell to {best.strength:.2f}"
            )
        out.append(
            ExecutiveChange(
                person=person_ref(s1, pid),
                change="lost",
                known_by=who,
                evidence=f"Known strongly on {s1.as_of}; {why}.",
            )
        )
    return out


def _created_on(s: AccountSnapshot, person_ids: set[str]) -> dict[str, dt.date | None]:
    return {p.id: p.created_on for p in s.data.people if p.id in person_ids}


def _people(s1: AccountSnapshot, s2: AccountSnapshot) -> list[PersonChange]:
    out: list[PersonChange] = []
    joined = set(s2.people) - set(s1.people)
    created = _created_on(s2, joined)
    for pid in sorted(joined):
        out.append(
            PersonChange(
                person=person_ref(s2, pid),
                change="joined",
                date=created.get(pid),
                unit=row_ref(s2, s2.people[pid].unit_id),
            )
        )
    for pid in sorted(set(s1.people) - set(s2.people)):
        gone = s2.departed.get(pid)
        out.append(
            PersonChange(
                person=person_ref(s1, pid),
                change="left",
                date=None if gone is None else gone.left_on,
                unit=row_ref(s1, s1.people[pid].unit_id),
            )
        )
    return out


def changes(
    snapshot_t1: AccountSnapshot,
    snapshot_t2: AccountSnapshot,
    seats: SeatChanges = seat_changes,
) -> AccountChanges:
    """What changed in the account from the first snapshot's date to the second's.

    >>> from queries.worlds import WorldBuilder
    >>> from queries.settings import QuerySettings
    >>> from graph.schema import ActivityType
    >>> b = WorldBuilder("A"); b.unit("U"); b.person("P", unit="U"); b.team_member("T")
    >>> b.knows("T", "P", activities=((dt.date(2026, 2, 1), ActivityType.MEETING),))
    >>> build = lambda d: AccountSnapshot.build(b.data(), d, QuerySettings())
    >>> found = changes(build(dt.date(2026, 1, 1)), build(dt.date(2026, 2, 2)))
    >>> [(u.unit.id, u.from_status.value, u.to_status.value) for u in found.units]
    [('U', 'uncovered', 'single_threaded')]
    >>> [(r.person.id, r.change, r.activities_between) for r in found.relationships]
    [('P', 'became_strong', 1)]
    """
    s1, s2 = snapshot_t1, snapshot_t2
    if s1.account_id != s2.account_id:
        raise InvalidQueryError("a review compares one account at two dates")
    check_dates(s1.as_of, s2.as_of)
    fired = alerts_between(s2, s1.as_of).alerts
    return AccountChanges(
        account_id=s2.account_id,
        from_date=s1.as_of,
        to_date=s2.as_of,
        units=_units(s1, s2),
        relationships=_relationships(s1, s2),
        executives=_executives(s1, s2),
        people=_people(s1, s2),
        seats=seats(s1, s2),
        alerts=fired,
    )

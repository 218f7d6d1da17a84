"""Records to SQL row tuples and back.

A row is a plain tuple in the column order of :mod:`graph.sql`: what SQLite stores,
what the in-memory copy keeps, and what ``apply`` compares to tell created, updated
and unchanged records apart. Enums become their values, dates ISO strings, booleans
0/1, so a row built from a record equals the row read back from SQLite.

>>> unit_row(UnitRecord("U1", "A1", UnitKind.BRANCH, "Lyon", headcount=3))
('U1', 'A1', 'branch', 'Lyon', None, 'prospect', 3, None, None)
>>> tie_row(PersonTieRecord("P2", "P1", 0.5))
('P1', 'P2', 0.5, 'other', None)
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

from graph.schema import (
    AccountRecord,
    AccountTeamRecord,
    ActivityRecord,
    ActivityType,
    BuyingRole,
    EmploymentRecord,
    OpportunityRecord,
    PersonRecord,
    PersonTieRecord,
    RelationshipRecord,
    Seniority,
    TeamMemberRecord,
    TieKind,
    UnitKind,
    UnitRecord,
    UnitStatus,
)

Row = tuple[Any, ...]

# Unknown start date of a position: the key column cannot hold NULL.
NO_DATE: Final = ""

# Value -> member lookups: a dict get is several times cheaper than calling the enum.
UNIT_KINDS: Final = {k.value: k for k in UnitKind}
UNIT_STATUSES: Final = {s.value: s for s in UnitStatus}
SENIORITIES: Final = {s.value: s for s in Seniority}
BUYING_ROLES: Final = {r.value: r for r in BuyingRole}
ACTIVITY_TYPES: Final = {t.value: t for t in ActivityType}
TIE_KINDS: Final = {k.value: k for k in TieKind}

_from_iso = dt.date.fromisoformat


#: Dates as ISO text, shared: a load writes millions of dates but only a few
#: thousand distinct ones, so one string each saves the copies and their formatting.
_ISO: Final[dict[dt.date, str]] = {}
_ISO_LIMIT: Final = 100_000


def iso(d: dt.date | None) -> str | None:
    """
    >>> iso(dt.date(2026, 1, 2)), iso(None)
    ('2026-01-02', None)
    """
    if d is None:
        return None
    text = _ISO.get(d)
    if text is None:
        if len(_ISO) >= _ISO_LIMIT:
            _ISO.clear()
        text = _ISO[d] = d.isoformat()
    return text


def date_of(s: str | None) -> dt.date | None:
    """
    >>> date_of("2026-01-02"), date_of(None), date_of("")
    (datetime.date(2026, 1, 2), None, None)
    """
    return _from_iso(s) if s else None


def _real(x: float | None) -> float | None:
    return None if x is None else float(x)


def _opt(x: object) -> str | None:
    return None if x is None else str(x)


# --------------------------------------------------------------- record -> row


def account_row(r: AccountRecord) -> Row:
    return (r.id, r.name, r.industry, r.country, r.tier, str(r.status), iso(r.created_on))


def unit_row(r: UnitRecord) -> Row:
    return (
        r.id,
        r.account_id,
        str(r.kind),
        r.name,
        r.parent_id,
        str(r.status),
        r.headcount,
        _real(r.revenue),
        iso(r.created_on),
    )


def person_row(r: PersonRecord) -> Row:
    return (
        r.id,
        r.account_id,
        r.name,
        r.unit_id,
        r.title,
        str(r.seniority),
        _opt(r.buying_role),
        r.manager_id,
        r.email,
        iso(r.left_on),
        iso(r.created_on),
    )


def team_member_row(r: TeamMemberRecord) -> Row:
    return (
        r.id,
        r.name,
        r.email,
        r.role,
        r.manager_id,
        int(r.active),
        int(r.placeholder),
        iso(r.created_on),
    )


def account_team_row(r: AccountTeamRecord) -> Row:
    return (r.team_member_id, r.account_id, r.role)


def relationship_row(r: RelationshipRecord) -> Row:
    return (
        r.team_member_id,
        r.person_id,
        _real(r.strength),
        iso(r.last_contact),
        r.touches,
        r.source,
        iso(r.created_on),
    )


def activity_row(r: ActivityRecord) -> Row:
    return (r.id, r.team_member_id, r.person_id, str(r.type), iso(r.date))


def tie_row(r: PersonTieRecord) -> Row:
    a, b = r.person_id, r.other_person_id
    if b < a:
        a, b = b, a
    return (a, b, float(r.strength), str(r.kind), iso(r.created_on))


def employment_row(r: EmploymentRecord) -> Row:
    from_date = NO_DATE if r.from_date is None else r.from_date.isoformat()
    return (r.person_id, r.unit_id, from_date, iso(r.until_date), int(r.current), int(r.at_account))


def opportunity_row(r: OpportunityRecord) -> Row:
    return (
        r.id,
        r.account_id,
        r.unit_id,
        r.stage,
        int(r.won),
        int(r.closed),
        _real(r.amount),
        iso(r.close_date),
    )


# --------------------------------------------------------------- row -> record


def account_record(row: Row) -> AccountRecord:
    id_, name, industry, country, tier, status, created_on = row
    return AccountRecord(
        id_, name, industry, country, tier, UNIT_STATUSES[status], date_of(created_on)
    )


def unit_record(row: Row) -> UnitRecord:
    id_, account_id, kind, name, parent_id, status, headcount, revenue, created_on = row
    return UnitRecord(
        id_,
        account_id,
        UNIT_KINDS[kind],
        name,
        parent_id,
        UNIT_STATUSES[status],
        headcount,
        revenue,
        date_of(created_on),
    )


def person_record(row: Row) -> PersonRecord:
    id_, account_id, name, unit_id, title, seniority, role, manager_id, email, left_on, created = (
        row
    )
    return PersonRecord(
        id_,
        account_id,
        name,
        unit_id,
        title,
        SENIORITIES[seniority],
        BUYING_ROLES[role] if role else None,
        manager_id,
        email,
        date_of(left_on),
        date_of(created),
    )


def team_member_record(row: Row) -> TeamMemberRecord:
    id_, name, email, role, manager_id, active, placeholder, created_on = row
    return TeamMemberRecord(
        id_, name, email, role, manager_id, bool(active), bool(placeholder), date_of(created_on)
    )


def employment_record(row: Row) -> EmploymentRecord:
    person_id, unit_id, from_date, until_date, current, at_account = row
    return EmploymentRecord(
        person_id, unit_id, date_of(from_date), date_of(until_date), bool(current), bool(at_account)
    )

"""Records to SQL row tuples and back, derived from the record dataclasses.

A row is a plain tuple in the column order of :mod:`graph.sql_tables` (the
record's fields, in order): what SQLite stores and what ``apply`` compares to tell
created, updated and unchanged records apart. Enums become their values, dates ISO
strings, booleans 0/1, so a row built from a record equals the row read back from
SQLite. Each field is converted by its annotation's type, so a new field needs
nothing here.

>>> unit_row(UnitRecord("U1", "A1", UnitKind.BRANCH, "Lyon", headcount=3))
('U1', 'A1', 'branch', 'Lyon', None, 'prospect', 3, None, None)
>>> tie_row(PersonTieRecord("P2", "P1", 0.5))
('P1', 'P2', 0.5, 'other', None)
>>> employment_record(employment_row(EmploymentRecord("P1", "U1")))
EmploymentRecord(person_id='P1', unit_id='U1', from_date=None, until_date=None, \
current=False, at_account=False)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import fields
from enum import Enum
from typing import Any, Final, TypeVar, cast

from graph.fields import field_type
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
    RecordKind,
    RelationshipRecord,
    Seniority,
    TeamMemberRecord,
    TieKind,
    UnitKind,
    UnitRecord,
    UnitStatus,
)
from graph.sql_tables import RECORD_TABLES

Row = tuple[Any, ...]
R = TypeVar("R")
_Convert = Callable[[Any], Any]

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


def _key_date(d: dt.date | None) -> str:
    return NO_DATE if d is None else iso(d) or NO_DATE


def _text(x: object) -> str | None:
    return None if x is None else str(x)


def _converters(kind: RecordKind) -> tuple[list[_Convert | None], list[_Convert | None]]:
    """Per field of ``kind``'s record: to its column value and back (None: as is)."""
    table = RECORD_TABLES[kind]
    to_row: list[_Convert | None] = []
    to_field: list[_Convert | None] = []
    for f in fields(table.record):
        tp, optional = field_type(table.record, f.name)
        if issubclass(tp, bool):
            to_row.append(int)
            to_field.append(bool)
        elif issubclass(tp, float):
            to_row.append(_real)
            to_field.append(None)
        elif issubclass(tp, Enum):
            members = {m.value: m for m in tp}
            to_row.append(_text if optional else str)
            to_field.append(_member(members, optional))
        elif issubclass(tp, dt.date):
            to_row.append(_key_date if f.name in table.key else iso)
            to_field.append(date_of)
        else:
            to_row.append(None)
            to_field.append(None)
    return to_row, to_field


def _member(members: dict[Any, Any], optional: bool) -> _Convert:
    if optional:
        return lambda v: members[v] if v else None
    return members.__getitem__


def _compiled(name: str, arg: str, body: str, names: dict[str, Any]) -> Any:
    """A one-line function compiled from ``body``, as :mod:`dataclasses` builds
    ``__init__``: a row is built per record of a load (millions), and a loop over
    per-field converters costs twice the hand-written tuple. The text holds only
    field names of the record dataclasses and converter names, never input."""
    scope = dict(names)
    exec(f"def {name}({arg}):\n    return {body}\n", scope)  # noqa: S102
    return scope[name]


def row_encoder(kind: RecordKind) -> Callable[[Any], Row]:
    """The function building ``kind``'s row from its record."""
    convert = _converters(kind)[0]
    parts = [
        f"r.{n}" if c is None else f"_c{i}(r.{n})"
        for i, (n, c) in enumerate(zip(RECORD_TABLES[kind].columns, convert, strict=True))
    ]
    scope = {f"_c{i}": c for i, c in enumerate(convert) if c is not None}
    encode: Callable[[Any], Row] = _compiled(
        f"{kind.value}_row", "r", f"({', '.join(parts)},)", scope
    )
    return encode


def record_decoder(kind: RecordKind, record: type[R]) -> Callable[[Row], R]:
    """The function building ``kind``'s record (of class ``record``) from its row.

    It sets the record's slots directly instead of calling the frozen dataclass's
    ``__init__`` (which sets each field through ``object.__setattr__``): three
    times faster, and a large account's read makes tens of thousands of records
    (issue 14, the cold read). The records have no ``__post_init__``, so the
    result is the same record."""
    if RECORD_TABLES[kind].record is not record:
        raise TypeError(f"{kind.value} rows hold {RECORD_TABLES[kind].record.__name__}")
    convert = _converters(kind)[1]
    names = [f.name for f in fields(cast(Any, record))]
    scope: dict[str, Any] = {f"_c{i}": c for i, c in enumerate(convert) if c is not None}
    scope["_record"] = record
    values = [f"row[{i}]" if c is None else f"_c{i}(row[{i}])" for i, c in enumerate(convert)]
    if hasattr(record, "__post_init__") or set(getattr(record, "__slots__", ())) != set(names):
        decode: Callable[[Row], R] = _compiled(
            f"{kind.value}_record", "row", f"_record({', '.join(values)})", scope
        )
        return decode
    scope["_new"] = object.__new__
    scope.update({f"_s{i}": getattr(record, n).__set__ for i, n in enumerate(names)})
    lines = ["o = _new(_record)", *(f"_s{i}(o, {v})" for i, v in enumerate(values)), "return o"]
    text = f"def {kind.value}_record(row):\n" + "".join(f"    {line}\n" for line in lines)
    exec(text, scope)  # noqa: S102 (field names and converter names only, as _compiled)
    made: Callable[[Row], R] = scope[f"{kind.value}_record"]
    return made


# --------------------------------------------------------------- record -> row
account_row: Final = row_encoder(RecordKind.ACCOUNT)
unit_row: Final = row_encoder(RecordKind.UNIT)
person_row: Final = row_encoder(RecordKind.PERSON)
team_member_row: Final = row_encoder(RecordKind.TEAM_MEMBER)
account_team_row: Final = row_encoder(RecordKind.ACCOUNT_TEAM)
relationship_row: Final = row_encoder(RecordKind.RELATIONSHIP)
activity_row: Final = row_encoder(RecordKind.ACTIVITY)
employment_row: Final = row_encoder(RecordKind.EMPLOYMENT)
opportunity_row: Final = row_encoder(RecordKind.OPPORTUNITY)
_tie_row: Final = row_encoder(RecordKind.PERSON_TIE)


def tie_row(r: PersonTieRecord) -> Row:
    """A tie's row under its ordered pair: a tie is stored once."""
    row = _tie_row(r)
    return row if row[0] <= row[1] else (row[1], row[0], *row[2:])


# --------------------------------------------------------------- row -> record
account_record: Final = record_decoder(RecordKind.ACCOUNT, AccountRecord)
unit_record: Final = record_decoder(RecordKind.UNIT, UnitRecord)
person_record: Final = record_decoder(RecordKind.PERSON, PersonRecord)
team_member_record: Final = record_decoder(RecordKind.TEAM_MEMBER, TeamMemberRecord)
account_team_record: Final = record_decoder(RecordKind.ACCOUNT_TEAM, AccountTeamRecord)
relationship_record: Final = record_decoder(RecordKind.RELATIONSHIP, RelationshipRecord)
activity_record: Final = record_decoder(RecordKind.ACTIVITY, ActivityRecord)
tie_record: Final = record_decoder(RecordKind.PERSON_TIE, PersonTieRecord)
employment_record: Final = record_decoder(RecordKind.EMPLOYMENT, EmploymentRecord)
opportunity_record: Final = record_decoder(RecordKind.OPPORTUNITY, OpportunityRecord)

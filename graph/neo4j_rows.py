"""Records to Neo4j parameter rows and back, and query rows to one account's data.

Pure functions, no driver calls: :mod:`graph.neo4j_write` and
:mod:`graph.neo4j_store` run the statements of :mod:`graph.cypher` and hand the
rows here. A row is a dict of property values as Neo4j stores them (enums as their
values, dates as ``datetime.date``), so a row built from a record compares equal to
the properties read back — that is how ``apply`` tells created, updated and
unchanged records apart.

>>> tie_row(PersonTieRecord("P2", "P1", 1))
{'person_id': 'P1', 'other_person_id': 'P2', 'strength': 1.0, 'kind': 'other', 'created_on': None}
>>> employment_key(EmploymentRecord("P1", "U1"))
('P1', 'U1', '')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import MISSING, fields
from enum import Enum
from typing import Any, Final, TypeVar, cast

from graph.account_data import AccountData, KnownPerson
from graph.fields import field_type
from graph.schema import (
    AccountRecord,
    AccountTeamRecord,
    Activity,
    ActivityRecord,
    ActivityType,
    EmploymentRecord,
    Label,
    Namespace,
    OpportunityRecord,
    PersonRecord,
    PersonTieRecord,
    RelationshipRecord,
    RelType,
    TeamMemberRecord,
    TieKind,
    UnitRecord,
)

Props = dict[str, Any]
Record = (
    AccountRecord
    | UnitRecord
    | PersonRecord
    | TeamMemberRecord
    | AccountTeamRecord
    | RelationshipRecord
    | ActivityRecord
    | PersonTieRecord
    | EmploymentRecord
    | OpportunityRecord
)

R = TypeVar("R")

# Stored as floats whatever number the record holds, as the embedded store does.
_FLOAT_FIELDS: Final = frozenset({"revenue", "amount", "strength"})
# The label a node is known by; a unit's kind label comes with Unit.
_NAMESPACE_OF_LABEL: Final = {
    Label.ACCOUNT.value: Namespace.ACCOUNT,
    Label.UNIT.value: Namespace.UNIT,
    Label.PERSON.value: Namespace.PERSON,
    Label.TEAM_MEMBER.value: Namespace.TEAM_MEMBER,
    Label.OPPORTUNITY.value: Namespace.OPPORTUNITY,
}


def native(value: Any) -> Any:
    """A stored value as Python holds it: driver temporal types become ``datetime``.

    >>> import neo4j.time
    >>> native(neo4j.time.Date(2026, 1, 2)), native("x"), native(None)
    (datetime.date(2026, 1, 2), 'x', None)
    """
    to_native = getattr(value, "to_native", None)
    return to_native() if callable(to_native) else value


def _plain(name: str, value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if name in _FLOAT_FIELDS and value is not None:
        return float(value)
    return value


def record_row(record: Record) -> Props:
    """The properties a record stores, keyed by field name.

    >>> from graph.schema import UnitKind
    >>> record_row(UnitRecord("U1", "A1", UnitKind.BRANCH, "Lyon", headcount=3, revenue=2))
    ... # doctest: +NORMALIZE_WHITESPACE
    {'id': 'U1', 'account_id': 'A1', 'kind': 'branch', 'name': 'Lyon', 'parent_id': None,
     'status': 'prospect', 'headcount': 3, 'revenue': 2.0, 'created_on': None}
    """
    return {f.name: _plain(f.name, getattr(record, f.name)) for f in fields(record)}


def tie_row(record: PersonTieRecord) -> Props:
    """A tie's row with its two people in id order: a tie is stored once."""
    row = record_row(record)
    if row["other_person_id"] < row["person_id"]:
        row["person_id"], row["other_person_id"] = row["other_person_id"], row["person_id"]
    return row


def employment_key(record: EmploymentRecord) -> tuple[str, str, str]:
    """(person, unit or account, from-date as ISO text or ``""``): one position."""
    start = "" if record.from_date is None else record.from_date.isoformat()
    return (record.person_id, record.unit_id, start)


def employment_row(record: EmploymentRecord) -> Props:
    row = record_row(record)
    row["employment_key"] = employment_key(record)[2]
    return row


def stored_employment(
    key: Mapping[str, Any], rel_type: str, props: Mapping[str, Any], at_account: bool
) -> Props:
    """An employment row rebuilt from its stored relationship, to compare with
    :func:`employment_row`.

    >>> stored_employment({"person_id": "P1", "unit_id": "A1", "employment_key": ""},
    ...                   "WORKED_IN", {"employment_key": ""}, True)
    ... # doctest: +NORMALIZE_WHITESPACE
    {'person_id': 'P1', 'unit_id': 'A1', 'from_date': None, 'until_date': None,
     'current': False, 'at_account': True, 'employment_key': ''}
    """
    return {
        "person_id": key["person_id"],
        "unit_id": key["unit_id"],
        "from_date": native(props.get("from_date")),
        "until_date": native(props.get("until_date")),
        "current": rel_type == RelType.WORKS_IN.value,
        "at_account": bool(at_account),
        "employment_key": key["employment_key"],
    }


def unchanged(row: Props, stored: Mapping[str, Any]) -> bool:
    """Whether writing ``row`` over the ``stored`` properties would change nothing:
    driver dates read as dates, an absent property as None (how
    :class:`graph.neo4j_write.Neo4jRows` compares for :mod:`graph.plan`).

    >>> unchanged({"x": 1, "y": None}, {"x": 1}), unchanged({"x": 1}, {"x": 2})
    (True, False)
    """
    return all(native(stored.get(name)) == value for name, value in row.items())


# ------------------------------------------------------------- props -> records
def _date(props: Mapping[str, Any], name: str) -> dt.date | None:
    value = native(props.get(name))
    return value if isinstance(value, dt.date) else None


def _from_props(name: str, tp: type, default: Any) -> Callable[[Mapping[str, Any]], Any]:
    """How field ``name`` (of type ``tp``) is read from a node's properties: a
    missing property takes the field's default; a field without one is required."""
    if default is MISSING:

        def required(props: Mapping[str, Any]) -> Any:
            value = native(props[name])
            return tp(value) if issubclass(tp, Enum) else value

        return required
    if issubclass(tp, Enum):
        return lambda props: tp(v) if (v := props.get(name)) else default
    if issubclass(tp, bool):
        return lambda props: bool(props.get(name, default))
    if issubclass(tp, dt.date):
        return lambda props: _date(props, name)
    return lambda props: props.get(name, default)


def _props_reader(record: type[R]) -> Callable[[Mapping[str, Any]], R]:
    """The function building a ``record`` from a node's properties, field by field
    (derived from the dataclass: a new field needs nothing here)."""
    readers = [
        _from_props(f.name, field_type(record, f.name)[0], f.default)
        for f in fields(cast(Any, record))
    ]
    return lambda props: record(*(read(props) for read in readers))


account_record: Final = _props_reader(AccountRecord)
unit_record: Final = _props_reader(UnitRecord)
person_record: Final = _props_reader(PersonRecord)
team_member_record: Final = _props_reader(TeamMemberRecord)
opportunity_record: Final = _props_reader(OpportunityRecord)


# ------------------------------------------------------------ the account graph
def namespace_of(labels: Iterable[str]) -> Namespace | None:
    """The namespace of a node from its labels (None: not an account-graph node).

    >>> namespace_of(["Branch", "Unit"]), namespace_of(["Activity"])
    (<Namespace.UNIT: 'unit'>, None)
    """
    for label in labels:
        found = _NAMESPACE_OF_LABEL.get(label)
        if found is not None:
            return found
    return None


def _activities(found: Iterable[Mapping[str, Any]]) -> tuple[Activity, ...]:
    acts = [Activity(a["id"], native(a["date"]), ActivityType(a["type"])) for a in found]
    acts.sort(key=lambda a: (a.date, a.id))
    return tuple(acts)


def _strength(props: Mapping[str, Any]) -> float | None:
    value = props.get("strength")
    return None if value is None else float(value)


class _Nodes:
    """The account's own nodes, sorted out by kind (see :func:`account_data`)."""

    def __init__(self, rows: Iterable[Mapping[str, Any]]) -> None:
        self.account: AccountRecord | None = None
        self.units: list[UnitRecord] = []
        self.people: list[PersonRecord] = []
        self.opportunities: list[OpportunityRecord] = []
        self.members: list[TeamMemberRecord] = []
        self.team_accounts: dict[str, tuple[str, ...]] = {}
        for row in rows:
            props = row["props"]
            match namespace_of(row["labels"]):
                case Namespace.ACCOUNT:
                    self.account = account_record(props)
                case Namespace.UNIT:
                    self.units.append(unit_record(props))
                case Namespace.PERSON:
                    self.people.append(person_record(props))
                case Namespace.OPPORTUNITY:
                    self.opportunities.append(opportunity_record(props))
                case Namespace.TEAM_MEMBER:
                    member = team_member_record(props)
                    self.members.append(member)
                    accounts = row.get("team_accounts") or ()
                    if accounts:
                        self.team_accounts[member.id] = tuple(sorted(accounts))


def _employments(rows: Iterable[Mapping[str, Any]]) -> tuple[EmploymentRecord, ...]:
    found = [
        EmploymentRecord(
            r["person_id"],
            r["unit_id"],
            _date(r["props"], "from_date"),
            _date(r["props"], "until_date"),
            r["rel_type"] == RelType.WORKS_IN.value,
            bool(r["at_account"]),
        )
        for r in rows
    ]
    return tuple(sorted(found, key=lambda e: (e.person_id, e.unit_id, str(e.from_date or ""))))


def _ties(rows: Iterable[Mapping[str, Any]]) -> tuple[PersonTieRecord, ...]:
    """Each tie under its ordered pair, as the embedded store keeps it."""
    found = []
    for r in rows:
        props = r["props"]
        a, b = sorted((r["person_id"], r["other_person_id"]))
        kind = props.get("kind")
        found.append(
            PersonTieRecord(
                a,
                b,
                float(props.get("strength") or 0.0),
                TieKind(kind) if kind else TieKind.OTHER,
                _date(props, "created_on"),
            )
        )
    return tuple(sorted(found, key=lambda t: (t.person_id, t.other_person_id)))


def _known(rows: Iterable[Mapping[str, Any]]) -> tuple[KnownPerson, ...]:
    found = []
    for r in rows:
        props = r["props"]
        record = RelationshipRecord(
            r["team_member_id"],
            r["person_id"],
            _strength(props),
            _date(props, "last_contact"),
            props.get("touches"),
            props.get("source"),
            _date(props, "created_on"),
        )
        found.append(KnownPerson(record, _activities(r.get("activities") or ())))
    return tuple(sorted(found, key=lambda k: (k.record.team_member_id, k.record.person_id)))


def account_data(
    account_id: str,
    nodes: Iterable[Mapping[str, Any]],
    positions: Iterable[Mapping[str, Any]],
    ties: Iterable[Mapping[str, Any]],
    team: Iterable[Mapping[str, Any]],
    knows: Iterable[Mapping[str, Any]],
) -> AccountData | None:
    """One account's data from the rows of the ``ACCOUNT_DATA`` statements (None:
    no such account), each kind of record in id order, as the embedded store
    returns it."""
    own = _Nodes(nodes)
    if own.account is None:
        return None
    return AccountData(
        account=own.account,
        units=tuple(sorted(own.units, key=lambda u: u.id)),
        people=tuple(sorted(own.people, key=lambda p: p.id)),
        positions=_employments(positions),
        relationships=_known(knows),
        ties=_ties(ties),
        opportunities=tuple(sorted(own.opportunities, key=lambda o: o.id)),
        team=tuple(sorted(own.members, key=lambda t: t.id)),
        account_team=tuple(
            sorted(
                (AccountTeamRecord(r["team_member_id"], account_id, r["role"]) for r in team),
                key=lambda m: m.team_member_id,
            )
        ),
        team_accounts=own.team_accounts,
    )

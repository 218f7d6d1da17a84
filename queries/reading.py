"""What a snapshot reads from an account's data whatever the date, worked out
once per :class:`graph.account_data.AccountData` object and shared by the
snapshots of several dates built from it (see :mod:`queries.snapshot`)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Final, NamedTuple

from graph.account_data import AccountData
from graph.schema import (
    BuyingRole,
    Namespace,
    NodeKey,
    OpportunityRecord,
    PersonRecord,
    PersonTieRecord,
    Seniority,
    TeamMemberRecord,
    UnitRecord,
)
from queries.strength import KnowsEdge
from queries.strength_arrays import EdgeColumns

EXECUTIVE_SENIORITY = frozenset({Seniority.C_LEVEL, Seniority.VP})
EXECUTIVE_ROLES = frozenset({BuyingRole.ECONOMIC_BUYER, BuyingRole.DECISION_MAKER})

_new: Final = tuple.__new__
_PERSON = Namespace.PERSON.value
_TEAM_MEMBER = Namespace.TEAM_MEMBER.value


def is_executive(seniority: Seniority, buying_role: BuyingRole | None) -> bool:
    """
    >>> is_executive(Seniority.VP, None), is_executive(Seniority.STAFF, BuyingRole.CHAMPION)
    (True, False)
    """
    return seniority in EXECUTIVE_SENIORITY or buying_role in EXECUTIVE_ROLES


#: A position: (unit, None for the account level; from; until; current?).
Position = tuple[str | None, dt.date | None, dt.date | None, bool]


class PersonReading(NamedTuple):
    """A person as the data has them, before the as-of date decides where they
    work and whether they are still there: read once per data object."""

    id: str
    name: str
    title: str | None
    seniority: Seniority
    buying_role: BuyingRole | None
    executive: bool
    primary: str | None  # the record's own unit, when it is in the account
    positions: tuple[Position, ...]
    manager_id: str | None  # a person of the account, whatever the date
    manager_left_on: dt.date | None
    manager_created_on: dt.date | None
    left_on: dt.date | None
    created_on: dt.date | None


@dataclass(frozen=True, slots=True)
class AccountReading:
    """What a snapshot reads from an account's data whatever the date: worked out
    once per data object (the snapshots of several dates share it), or afresh when
    people or team members are excluded."""

    units: Mapping[str, UnitRecord]  # every unit of the account
    people: tuple[PersonReading, ...]
    person_records: Mapping[str, PersonRecord]
    team: tuple[TeamMemberRecord, ...]  # by id
    on_team: frozenset[str]  # this account's team
    # (team member, person, edge) by team member and person, and their strength
    # evidence as arrays in the same order (strength at a date: one pass for all).
    edges: tuple[tuple[str, str, KnowsEdge], ...]
    columns: EdgeColumns
    ties: tuple[PersonTieRecord, ...]
    won: Mapping[str | None, tuple[dt.date, ...]]  # unit (None: the account) -> won close dates

    @classmethod
    def of(cls, data: AccountData, excluded: frozenset[NodeKey]) -> AccountReading:
        if not excluded:
            return data.memo("snapshot.static", lambda: cls._read(data, excluded))
        return cls._read(data, excluded)

    @classmethod
    def _read(cls, data: AccountData, excluded: frozenset[NodeKey]) -> AccountReading:
        aid = data.account_id
        gone_people = {i for ns, i in excluded if ns == _PERSON}
        gone_team = {i for ns, i in excluded if ns == _TEAM_MEMBER}
        units = {u.id: u for u in data.units if u.account_id == aid}
        records = {p.id: p for p in data.people if p.account_id == aid and p.id not in gone_people}
        positions: dict[str, list[Position]] = defaultdict(list)
        for e in data.positions:
            if e.at_account:
                where: str | None = None
                if e.unit_id != aid:
                    continue
            elif e.unit_id in units:
                where = e.unit_id
            else:
                continue
            positions[e.person_id].append((where, e.from_date, e.until_date, e.current))
        people = tuple(
            _person(p, units, records, positions.get(p.id, ())) for p in records.values()
        )
        edges: list[tuple[str, str, KnowsEdge]] = []
        for known in data.relationships:
            r = known.record
            if r.person_id in records and r.team_member_id not in gone_team:
                strength = r.strength
                # KnowsEdge(strength, last_contact, activities, created_on), made
                # without the named tuple's Python-level __new__: one per relationship.
                edge = _new(
                    KnowsEdge,
                    (
                        None if strength is None else float(strength),
                        r.last_contact,
                        known.activities,
                        r.created_on,
                    ),
                )
                edges.append((r.team_member_id, r.person_id, edge))
        edges.sort(key=_pair)  # the data's order already: a pass to check it
        won: dict[str | None, list[dt.date]] = defaultdict(list)
        for o in data.opportunities:
            booked, target = _opportunity_target(o, aid, units)
            if booked and o.won and o.close_date is not None:
                won[target].append(o.close_date)
        return cls(
            units=units,
            people=people,
            person_records=records,
            team=tuple(sorted((t for t in data.team if t.id not in gone_team), key=_by_id)),
            on_team=frozenset(m.team_member_id for m in data.account_team if m.account_id == aid),
            edges=tuple(edges),
            columns=EdgeColumns.of([e for _, _, e in edges]),
            ties=tuple(
                t for t in data.ties if t.person_id in records and t.other_person_id in records
            ),
            won={k: tuple(v) for k, v in won.items()},
        )


def _by_id(record: TeamMemberRecord) -> str:
    return record.id


def _pair(edge: tuple[str, str, KnowsEdge]) -> tuple[str, str]:
    return edge[0], edge[1]


def _opportunity_target(
    o: OpportunityRecord, account_id: str, units: Mapping[str, UnitRecord]
) -> tuple[bool, str | None]:
    """Whether an opportunity is booked in the account, and where: a unit id, or
    None for the account itself (not booked: another account's, or on a unit of
    another account)."""
    if o.account_id != account_id:
        return False, None
    if o.unit_id is None:
        return True, None
    return o.unit_id in units, o.unit_id


def _person(
    p: PersonRecord,
    units: Mapping[str, UnitRecord],
    records: Mapping[str, PersonRecord],
    further: Collection[Position],
) -> PersonReading:
    """What the data says of a person, whatever the date."""
    unit = p.unit_id
    own: tuple[Position, ...] = ()
    if unit is None:
        own = ((None, None, None, True),)  # at the account level
    elif unit in units:
        own = ((unit, None, None, True),)
    manager = p.manager_id
    boss = None if manager is None else records.get(manager)
    # Positional and without the named tuple's Python-level __new__: one per person.
    return _new(
        PersonReading,
        (
            p.id,
            p.name or p.id,
            p.title,
            p.seniority,
            p.buying_role,
            is_executive(p.seniority, p.buying_role),
            unit if unit in units else None,
            (*own, *further) if further else own,
            None if boss is None else manager,
            None if boss is None else boss.left_on,
            None if boss is None else boss.created_on,
            p.left_on,
            p.created_on,
        ),
    )

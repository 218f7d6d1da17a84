"""The write planner's in-memory copy of the embedded store: every row, plus the
indexes that let a batch be planned without scanning. Reads never use it (they
go to SQLite, :mod:`graph.embedded.reads`); the store loads it at the first write.

Rows are the tuples of :mod:`graph.embedded.rows`, keyed per table. The copy is
loaded whole from SQLite and changed only through :meth:`Memory.put` and
:meth:`Memory.delete`, which keep every index in step.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from operator import itemgetter
from typing import Any, Final

from graph import sql
from graph.embedded.rows import Row
from graph.schema import Namespace, RelType


class Table(StrEnum):
    ACCOUNTS = "accounts"
    UNITS = "units"
    PEOPLE = "people"
    TEAM_MEMBERS = "team_members"
    ACCOUNT_TEAMS = "account_teams"
    RELATIONSHIPS = "relationships"
    ACTIVITIES = "activities"
    PERSON_TIES = "person_ties"
    EMPLOYMENTS = "employments"
    OPPORTUNITIES = "opportunities"


#: How many leading columns of each table's row form its key.
KEY_WIDTH: Final[dict[Table, int]] = {
    Table.ACCOUNTS: 1,
    Table.UNITS: 1,
    Table.PEOPLE: 1,
    Table.TEAM_MEMBERS: 1,
    Table.ACCOUNT_TEAMS: 2,
    Table.RELATIONSHIPS: 2,
    Table.ACTIVITIES: 1,
    Table.PERSON_TIES: 2,
    Table.EMPLOYMENTS: 3,
    Table.OPPORTUNITIES: 1,
}

SELECTS: Final[dict[Table, str]] = {
    Table.ACCOUNTS: sql.SELECT_ACCOUNTS,
    Table.UNITS: sql.SELECT_UNITS,
    Table.PEOPLE: sql.SELECT_PEOPLE,
    Table.TEAM_MEMBERS: sql.SELECT_TEAM_MEMBERS,
    Table.ACCOUNT_TEAMS: sql.SELECT_ACCOUNT_TEAMS,
    Table.RELATIONSHIPS: sql.SELECT_RELATIONSHIPS,
    Table.ACTIVITIES: sql.SELECT_ACTIVITIES,
    Table.PERSON_TIES: sql.SELECT_PERSON_TIES,
    Table.EMPLOYMENTS: sql.SELECT_EMPLOYMENTS,
    Table.OPPORTUNITIES: sql.SELECT_OPPORTUNITIES,
}

# Column positions the planner reads by name.
UNIT_ACCOUNT, UNIT_PARENT = 1, 4
PERSON_ACCOUNT, PERSON_UNIT, PERSON_MANAGER = 1, 3, 7
TEAM_MEMBER_MANAGER, TEAM_MEMBER_PLACEHOLDER = 4, 6
EMPLOYMENT_PLACE, EMPLOYMENT_AT_ACCOUNT = 1, 5
OPPORTUNITY_ACCOUNT, OPPORTUNITY_UNIT = 1, 2

_EMPTY: Final[frozenset[Any]] = frozenset()

Index = dict[Any, set[Any]]


def key_of(table: Table, row: Row) -> Hashable:
    """The key of ``row`` in its table's dict.

    >>> key_of(Table.PEOPLE, ("P1", "A1")), key_of(Table.PERSON_TIES, ("P1", "P2", 0.5, "x"))
    ('P1', ('P1', 'P2'))
    """
    width = KEY_WIDTH[table]
    return row[0] if width == 1 else row[:width]


def replace(row: Row, column: int, value: object) -> Row:
    """``row`` with one column changed.

    >>> replace(("P1", "A1", "U1"), 2, None)
    ('P1', 'A1', None)
    """
    return (*row[:column], value, *row[column + 1 :])


@dataclass(frozen=True, slots=True)
class _IndexSpec:
    """``index[by(row)]`` holds ``member(row)``; rows whose ``by`` is None are skipped."""

    index: Index
    by: Callable[[Row], Any]
    member: Callable[[Row], Any]


class Memory:
    """Every row of the store by key, and the indexes the store reads through."""

    def __init__(self) -> None:
        self.revision = 0
        self.rows: dict[Table, dict[Any, Row]] = {t: {} for t in Table}
        # account id -> ids of its units / people / opportunities / team members
        self.units_of: Index = {}
        self.people_of: Index = {}
        self.opportunities_of: Index = {}
        self.team_of: Index = {}
        self.teams_of_member: Index = {}  # team member -> accounts whose team they are on
        self.sub_units: Index = {}  # unit -> units directly under it
        self.people_in: Index = {}  # unit -> people whose position it is
        self.people_managed: Index = {}  # person -> direct reports
        self.reports: Index = {}  # team member -> direct reports
        self.opportunities_at: Index = {}  # unit -> opportunities
        self.pair_activities: Index = {}  # (team member, person) -> activity ids
        # A pair "knows" when it has a relationship snapshot or an activity.
        self.knowers: Index = {}  # person -> team members
        self.known_by: Index = {}  # team member -> people
        self.ties_of: Index = {}  # person -> tied people
        self.employments_of: Index = {}  # person -> employment keys
        self.employments_at: Index = {}  # (unit or account id, at_account) -> keys
        first, second, row_key = itemgetter(0), itemgetter(1), itemgetter(0)
        self._specs: dict[Table, tuple[_IndexSpec, ...]] = {
            Table.ACCOUNTS: (),
            Table.UNITS: (
                _IndexSpec(self.units_of, itemgetter(UNIT_ACCOUNT), row_key),
                _IndexSpec(self.sub_units, itemgetter(UNIT_PARENT), row_key),
            ),
            Table.PEOPLE: (
                _IndexSpec(self.people_of, itemgetter(PERSON_ACCOUNT), row_key),
                _IndexSpec(self.people_in, itemgetter(PERSON_UNIT), row_key),
                _IndexSpec(self.people_managed, itemgetter(PERSON_MANAGER), row_key),
            ),
            Table.TEAM_MEMBERS: (
                _IndexSpec(self.reports, itemgetter(TEAM_MEMBER_MANAGER), row_key),
            ),
            Table.ACCOUNT_TEAMS: (
                _IndexSpec(self.team_of, second, first),
                _IndexSpec(self.teams_of_member, first, second),
            ),
            Table.RELATIONSHIPS: (),
            Table.ACTIVITIES: (_IndexSpec(self.pair_activities, itemgetter(1, 2), row_key),),
            Table.PERSON_TIES: (
                _IndexSpec(self.ties_of, first, second),
                _IndexSpec(self.ties_of, second, first),
            ),
            Table.EMPLOYMENTS: (
                _IndexSpec(self.employments_of, first, itemgetter(0, 1, 2)),
                _IndexSpec(
                    self.employments_at,
                    itemgetter(EMPLOYMENT_PLACE, EMPLOYMENT_AT_ACCOUNT),
                    itemgetter(0, 1, 2),
                ),
            ),
            Table.OPPORTUNITIES: (
                _IndexSpec(self.opportunities_of, itemgetter(OPPORTUNITY_ACCOUNT), row_key),
                _IndexSpec(self.opportunities_at, itemgetter(OPPORTUNITY_UNIT), row_key),
            ),
        }

    # ----------------------------------------------------------------- loading
    @classmethod
    def load(cls, conn: sqlite3.Connection) -> Memory:
        """Read the whole store in one read transaction (a consistent snapshot)."""
        mem = cls()
        conn.execute(sql.BEGIN_READ)
        try:
            mem.revision = int(conn.execute(sql.SELECT_REVISION).fetchone()[0])
            for table in Table:
                rows = conn.execute(SELECTS[table]).fetchall()
                width = KEY_WIDTH[table]
                if width == 1:
                    mem.rows[table] = {r[0]: r for r in rows}
                else:
                    mem.rows[table] = {r[:width]: r for r in rows}
        finally:
            conn.execute(sql.COMMIT)
        for table in Table:
            mem._index_rows(table, mem.rows[table].keys(), mem.rows[table].values())
        return mem

    def _index_rows(self, table: Table, keys: Iterable[Any], rows: Iterable[Row]) -> None:
        for spec in self._specs[table]:
            index, by, member = spec.index, spec.by, spec.member
            for row in rows:
                k = by(row)
                if k is not None:
                    found = index.get(k)
                    if found is None:
                        index[k] = {member(row)}
                    else:
                        found.add(member(row))
        # A relationship or an activity makes its pair "know" each other.
        if table is Table.RELATIONSHIPS:
            self._know(keys)
        elif table is Table.ACTIVITIES:
            # A pair has several activities: mark each pair once.
            pairs = set(map(_pair_of_activity, rows))
            self._know(pairs)

    def _know(self, pairs: Iterable[tuple[str, str]]) -> None:
        knowers, known_by = self.knowers, self.known_by
        for tm, p in pairs:
            found = knowers.get(p)
            if found is None:
                knowers[p] = {tm}
            else:
                found.add(tm)
            found = known_by.get(tm)
            if found is None:
                known_by[tm] = {p}
            else:
                found.add(p)

    # ---------------------------------------------------------------- changing
    def put(self, table: Table, key: Any, row: Row) -> Row | None:
        """Insert or replace a row; return the row it replaced."""
        stored = self.rows[table]
        old = stored.get(key)
        if old is not None:
            self._unindex(table, old)
        stored[key] = row
        for spec in self._specs[table]:
            k = spec.by(row)
            if k is not None:
                found = spec.index.get(k)
                if found is None:
                    spec.index[k] = {spec.member(row)}
                else:
                    found.add(spec.member(row))
        if table is Table.RELATIONSHIPS:
            self._sync_pair(row[0], row[1])
        elif table is Table.ACTIVITIES:
            self._sync_pair(row[1], row[2])
        return old

    def put_many(self, table: Table, keyed: dict[Any, Row]) -> None:
        """Insert or replace many rows: :meth:`put` for each, in bulk."""
        stored = self.rows[table]
        for old in [stored[k] for k in keyed.keys() & stored.keys()]:
            self._unindex(table, old)
        stored.update(keyed)
        self._index_rows(table, keyed.keys(), keyed.values())

    def delete(self, table: Table, key: Any) -> Row | None:
        """Remove a row; return it (None when there was none)."""
        old = self.rows[table].pop(key, None)
        if old is not None:
            self._unindex(table, old)
        return old

    def _unindex(self, table: Table, row: Row) -> None:
        for spec in self._specs[table]:
            k = spec.by(row)
            if k is not None:
                _discard(spec.index, k, spec.member(row))
        if table is Table.RELATIONSHIPS:
            self._sync_pair(row[0], row[1])
        elif table is Table.ACTIVITIES:
            self._sync_pair(row[1], row[2])

    def _sync_pair(self, tm: str, person: str) -> None:
        pair = (tm, person)
        if pair in self.rows[Table.RELATIONSHIPS] or pair in self.pair_activities:
            _add(self.knowers, person, tm)
            _add(self.known_by, tm, person)
        else:
            _discard(self.knowers, person, tm)
            _discard(self.known_by, tm, person)

    # ----------------------------------------------------------------- reading
    def members(self, index: Index, key: Any) -> frozenset[Any] | set[Any]:
        return index.get(key, _EMPTY)

    def account_of_person(self, person_id: str) -> str | None:
        row = self.rows[Table.PEOPLE].get(person_id)
        return None if row is None else str(row[PERSON_ACCOUNT])

    def accounts_of_team_member(self, tm: str) -> set[str]:
        """Accounts the team member is on the team of, or knows a person of."""
        people = self.rows[Table.PEOPLE]
        found = set(self.teams_of_member.get(tm, _EMPTY))
        for p in self.known_by.get(tm, _EMPTY):
            found.add(people[p][PERSON_ACCOUNT])
        return found

    def size(self) -> int:
        """Rows held, over every table."""
        return sum(len(stored) for stored in self.rows.values())

    def counts(self) -> dict[str, int]:
        rows = self.rows
        employments = rows[Table.EMPLOYMENTS].values()
        current = sum(1 for e in employments if e[4])
        people = rows[Table.PEOPLE]
        return {
            Namespace.ACCOUNT.value: len(rows[Table.ACCOUNTS]),
            Namespace.UNIT.value: len(rows[Table.UNITS]),
            Namespace.PERSON.value: len(people),
            Namespace.TEAM_MEMBER.value: len(rows[Table.TEAM_MEMBERS]),
            Namespace.OPPORTUNITY.value: len(rows[Table.OPPORTUNITIES]),
            RelType.PART_OF.value: len(rows[Table.UNITS]),
            RelType.WORKS_IN.value: len(people) + current,
            RelType.WORKED_IN.value: len(employments) - current,
            RelType.REPORTS_TO.value: sum(len(s) for s in self.people_managed.values())
            + sum(len(s) for s in self.reports.values()),
            RelType.ON_TEAM.value: len(rows[Table.ACCOUNT_TEAMS]),
            RelType.KNOWS.value: sum(len(s) for s in self.knowers.values())
            + len(rows[Table.PERSON_TIES]),
            RelType.FOR.value: len(rows[Table.OPPORTUNITIES]),
            "activity": len(rows[Table.ACTIVITIES]),
        }


_pair_of_activity: Final = itemgetter(1, 2)


def _add(index: Index, key: Any, member: Any) -> None:
    found = index.get(key)
    if found is None:
        index[key] = {member}
    else:
        found.add(member)


def _discard(index: Index, key: Any, member: Any) -> None:
    found = index.get(key)
    if found is not None:
        found.discard(member)
        if not found:
            del index[key]

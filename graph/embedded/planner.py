"""Work out what a batch changes, on the in-memory copy, before SQLite is touched.

:func:`prepare` compares each incoming row with the stored one and checks every
reference, without changing anything; :meth:`Prepared.apply` then changes memory
(upserts, then deletions in order, with their cascades) and records every row put
or removed, which :func:`write` hands to SQLite. The store holds the write lock
throughout, so memory is the committed state the batch is compared with, and it
reloads memory from SQLite if the transaction does not commit.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any, Final

from graph import sql
from graph.embedded import rows
from graph.embedded.memory import (
    EMPLOYMENT_AT_ACCOUNT,
    KEY_WIDTH,
    PERSON_MANAGER,
    PERSON_UNIT,
    TEAM_MEMBER_MANAGER,
    TEAM_MEMBER_PLACEHOLDER,
    UNIT_PARENT,
    Memory,
    Table,
    replace,
)
from graph.embedded.rows import Row
from graph.errors import StoreWriteError
from graph.schema import (
    ApplyResult,
    Batch,
    Deletion,
    DeletionKind,
    RecordKind,
    placeholder_yields,
)


@dataclass(frozen=True, slots=True)
class _Kind:
    kind: RecordKind
    table: Table
    attr: str  # the Batch field holding the records
    to_row: Callable[[Any], Row]
    insert: str
    upsert: str
    delete: str
    label: str  # how an error message names one record


# Parents before children.
_KINDS: Final = (
    _Kind(
        RecordKind.ACCOUNT,
        Table.ACCOUNTS,
        "accounts",
        rows.account_row,
        sql.INSERT_ACCOUNT,
        sql.UPSERT_ACCOUNT,
        sql.DELETE_ACCOUNT,
        "account",
    ),
    _Kind(
        RecordKind.UNIT,
        Table.UNITS,
        "units",
        rows.unit_row,
        sql.INSERT_UNIT,
        sql.UPSERT_UNIT,
        sql.DELETE_UNIT,
        "unit",
    ),
    _Kind(
        RecordKind.PERSON,
        Table.PEOPLE,
        "people",
        rows.person_row,
        sql.INSERT_PERSON,
        sql.UPSERT_PERSON,
        sql.DELETE_PERSON,
        "person",
    ),
    _Kind(
        RecordKind.TEAM_MEMBER,
        Table.TEAM_MEMBERS,
        "team_members",
        rows.team_member_row,
        sql.INSERT_TEAM_MEMBER,
        sql.UPSERT_TEAM_MEMBER,
        sql.DELETE_TEAM_MEMBER,
        "team member",
    ),
    _Kind(
        RecordKind.ACCOUNT_TEAM,
        Table.ACCOUNT_TEAMS,
        "account_teams",
        rows.account_team_row,
        sql.INSERT_ACCOUNT_TEAM,
        sql.UPSERT_ACCOUNT_TEAM,
        sql.DELETE_ACCOUNT_TEAM,
        "account team row",
    ),
    _Kind(
        RecordKind.RELATIONSHIP,
        Table.RELATIONSHIPS,
        "relationships",
        rows.relationship_row,
        sql.INSERT_RELATIONSHIP,
        sql.UPSERT_RELATIONSHIP,
        sql.DELETE_RELATIONSHIP,
        "relationship",
    ),
    _Kind(
        RecordKind.ACTIVITY,
        Table.ACTIVITIES,
        "activities",
        rows.activity_row,
        sql.INSERT_ACTIVITY,
        sql.UPSERT_ACTIVITY,
        sql.DELETE_ACTIVITY,
        "activity",
    ),
    _Kind(
        RecordKind.PERSON_TIE,
        Table.PERSON_TIES,
        "person_ties",
        rows.tie_row,
        sql.INSERT_PERSON_TIE,
        sql.UPSERT_PERSON_TIE,
        sql.DELETE_PERSON_TIE,
        "person tie",
    ),
    _Kind(
        RecordKind.EMPLOYMENT,
        Table.EMPLOYMENTS,
        "employments",
        rows.employment_row,
        sql.INSERT_EMPLOYMENT,
        sql.UPSERT_EMPLOYMENT,
        sql.DELETE_EMPLOYMENT,
        "employment",
    ),
    _Kind(
        RecordKind.OPPORTUNITY,
        Table.OPPORTUNITIES,
        "opportunities",
        rows.opportunity_row,
        sql.INSERT_OPPORTUNITY,
        sql.UPSERT_OPPORTUNITY,
        sql.DELETE_OPPORTUNITY,
        "opportunity",
    ),
)
_BY_TABLE: Final = {k.table: k for k in _KINDS}

# (column, referenced table, column name) per table. An employment's place is
# checked apart: a unit, or an account when at_account is set.
_REFERENCES: Final[dict[Table, tuple[tuple[int, Table, str], ...]]] = {
    Table.ACCOUNTS: (),
    Table.UNITS: ((1, Table.ACCOUNTS, "account_id"), (UNIT_PARENT, Table.UNITS, "parent_id")),
    Table.PEOPLE: (
        (1, Table.ACCOUNTS, "account_id"),
        (PERSON_UNIT, Table.UNITS, "unit_id"),
        (PERSON_MANAGER, Table.PEOPLE, "manager_id"),
    ),
    Table.TEAM_MEMBERS: ((TEAM_MEMBER_MANAGER, Table.TEAM_MEMBERS, "manager_id"),),
    Table.ACCOUNT_TEAMS: (
        (0, Table.TEAM_MEMBERS, "team_member_id"),
        (1, Table.ACCOUNTS, "account_id"),
    ),
    Table.RELATIONSHIPS: (
        (0, Table.TEAM_MEMBERS, "team_member_id"),
        (1, Table.PEOPLE, "person_id"),
    ),
    Table.ACTIVITIES: ((1, Table.TEAM_MEMBERS, "team_member_id"), (2, Table.PEOPLE, "person_id")),
    Table.PERSON_TIES: ((0, Table.PEOPLE, "person_id"), (1, Table.PEOPLE, "other_person_id")),
    Table.EMPLOYMENTS: ((0, Table.PEOPLE, "person_id"),),
    Table.OPPORTUNITIES: ((1, Table.ACCOUNTS, "account_id"), (2, Table.UNITS, "unit_id")),
}

# Above this many written rows, working out which cached graphs to keep costs more
# than rebuilding them.
_PRECISE_INVALIDATION_LIMIT: Final = 2000
_MAX_PROBLEMS: Final = 10
_KEY_GETTERS: Final = {1: itemgetter(0), 2: itemgetter(0, 1), 3: itemgetter(0, 1, 2)}


@dataclass(slots=True)
class Plan:
    """What the deletions of a batch changed: rows to write and keys to remove."""

    written: dict[Table, dict[Any, Row]] = field(default_factory=lambda: {t: {} for t in Table})
    removed: dict[Table, set[Any]] = field(default_factory=lambda: {t: set() for t in Table})

    def is_empty(self) -> bool:
        return not any(self.written.values()) and not any(self.removed.values())


@dataclass(slots=True)
class Prepared:
    """A checked batch: the rows to upsert (created or changed) and the counts."""

    batch: Batch
    result: ApplyResult
    to_write: dict[Table, dict[Any, Row]]  # created or changed, by key
    created: dict[Table, list[Any]]  # the keys of to_write the store does not hold

    def has_upserts(self) -> bool:
        return any(self.to_write.values())

    def is_empty(self) -> bool:
        return not self.batch.deletions and not self.has_upserts()

    def write_upserts(self, conn: sqlite3.Connection) -> None:
        """Write the created and changed rows inside the open transaction."""
        for kind in _KINDS:
            rows_ = self.to_write[kind.table]
            created = self.created[kind.table]
            if len(created) == len(rows_):
                conn.executemany(kind.insert, rows_.values())
            else:
                conn.executemany(kind.insert, map(rows_.__getitem__, created))
                updated = rows_.keys() - set(created)
                conn.executemany(kind.upsert, map(rows_.__getitem__, updated))

    def apply_upserts(self, mem: Memory) -> set[str] | None:
        """Put the upserts into memory; return the accounts whose subgraph they may
        change (None: any)."""
        total = sum(len(r) for r in self.to_write.values())
        # Every account graph holds the whole team and each member's account teams.
        team_changed = self.to_write[Table.TEAM_MEMBERS] or self.to_write[Table.ACCOUNT_TEAMS]
        if total > _PRECISE_INVALIDATION_LIMIT or team_changed:
            for kind in _KINDS:
                mem.put_many(kind.table, self.to_write[kind.table])
            return None
        touched: set[str] = set()
        for kind in _KINDS:
            for key, row in self.to_write[kind.table].items():
                _touch(mem, touched, kind.table, mem.put(kind.table, key, row))
                _touch(mem, touched, kind.table, row)
        return touched

    def apply_deletions(self, mem: Memory) -> Plan:
        """Apply the deletions, in order, to memory (after the upserts)."""
        plan = Plan()
        deletions = _Deletions(mem, plan)
        for deletion in self.batch.deletions:
            if deletions.delete(deletion):
                self.result.of(RecordKind.DELETION).deleted += 1
                self.result.of(RecordKind(deletion.kind.value)).deleted += 1
            else:
                self.result.of(RecordKind.DELETION).unchanged += 1
        return plan


def prepare(mem: Memory, batch: Batch) -> Prepared:
    """Compare the batch with memory and check its references; change nothing.

    Raises :class:`StoreWriteError` naming the records whose references resolve
    neither in the store nor in the batch.
    """
    result = ApplyResult()
    incoming: dict[Table, dict[Any, Row]] = {}
    to_write: dict[Table, dict[Any, Row]] = {}
    created: dict[Table, list[Any]] = {}
    for kind in _KINDS:
        records = getattr(batch, kind.attr)
        width = KEY_WIDTH[kind.table]
        rows_ = list(map(kind.to_row, records))
        # Keyed by identity, the last one wins: the same record twice is written once.
        new = dict(zip(map(_KEY_GETTERS[width], rows_), rows_, strict=True))
        stored = mem.rows[kind.table]
        if kind.table is Table.TEAM_MEMBERS and stored:
            _keep_real_team_members(new, stored)
        incoming[kind.table] = new
        if stored:
            get = stored.get
            changed = {key: row for key, row in new.items() if get(key) != row}
            created[kind.table] = list(changed.keys() - stored.keys())
        else:
            changed = new
            created[kind.table] = list(new)
        to_write[kind.table] = changed
        if records:
            counts = result.of(kind.kind)
            counts.created += len(created[kind.table])
            counts.updated += len(changed) - len(created[kind.table])
            counts.unchanged += len(new) - len(changed)
    problems = _problems(mem, incoming, to_write)
    if problems:
        listed = "; ".join(problems[:_MAX_PROBLEMS])
        more = len(problems) - _MAX_PROBLEMS
        raise StoreWriteError(
            f"the batch refers to records that are neither in the store nor in the batch: "
            f"{listed}{f'; and {more} more' if more > 0 else ''}. Nothing was written; add "
            "the missing records to the batch or fix the references, then load again."
        )
    return Prepared(batch, result, to_write, created)


def _keep_real_team_members(new: dict[Any, Row], stored: dict[Any, Row]) -> None:
    """Leave stored real team members as they are where the batch brings placeholders."""
    for key, row in new.items():
        old = stored.get(key)
        if old is not None and placeholder_yields(
            bool(row[TEAM_MEMBER_PLACEHOLDER]), bool(old[TEAM_MEMBER_PLACEHOLDER])
        ):
            new[key] = old


def _problems(
    mem: Memory, incoming: dict[Table, dict[Any, Row]], to_write: dict[Table, dict[Any, Row]]
) -> list[str]:
    problems: list[str] = []
    for table, written in to_write.items():
        if not written:
            continue
        rows_ = list(written.values())
        for column, target, name in _REFERENCES[table]:
            problems += _dangling(mem, incoming, table, rows_, column, target, name)
        if table is Table.EMPLOYMENTS:
            # The place is a unit, or an account when at_account is set.
            at_account = [r for r in rows_ if r[EMPLOYMENT_AT_ACCOUNT]]
            at_unit = [r for r in rows_ if not r[EMPLOYMENT_AT_ACCOUNT]]
            problems += _dangling(mem, incoming, table, at_account, 1, Table.ACCOUNTS, "account")
            problems += _dangling(mem, incoming, table, at_unit, 1, Table.UNITS, "unit_id")
        if table is Table.PERSON_TIES:
            problems.extend(
                f"person tie {_name(table, row)!r} ties a person to themselves"
                for row in written.values()
                if row[0] == row[1]
            )
        if len(problems) >= _MAX_PROBLEMS:
            break
    return problems


def _dangling(
    mem: Memory,
    incoming: dict[Table, dict[Any, Row]],
    table: Table,
    rows_: list[Row],
    column: int,
    target: Table,
    name: str,
) -> list[str]:
    """Messages for the rows whose ``column`` names no record of ``target``."""
    referenced = set(map(itemgetter(column), rows_))
    referenced.discard(None)
    missing = referenced - incoming[target].keys() - mem.rows[target].keys()
    if not missing:
        return []
    label = _BY_TABLE[table].label
    return [
        f"{label} {_name(table, row)!r}: {name} {row[column]!r} does not exist"
        for row in rows_
        if row[column] in missing
    ][:_MAX_PROBLEMS]


def _name(table: Table, row: Row) -> str:
    width = KEY_WIDTH[table]
    return str(row[0]) if width == 1 else ":".join(str(v) for v in row[:width] if v)


def write(conn: sqlite3.Connection, plan: Plan) -> None:
    """Write what the deletions changed inside the open transaction on ``conn``."""
    for kind in _KINDS:
        written = plan.written[kind.table]
        if written:
            conn.executemany(kind.upsert, written.values())
        removed = plan.removed[kind.table]
        if removed:
            width = KEY_WIDTH[kind.table]
            keys = ((k,) for k in removed) if width == 1 else removed
            conn.executemany(kind.delete, keys)


def _touch(mem: Memory, touched: set[str], table: Table, row: Row | None) -> None:
    """Note the account whose subgraph shows ``row``."""
    if row is None:
        return
    match table:
        case Table.ACCOUNTS:
            people: tuple[str, ...] = ()
            touched.add(row[0])
        case Table.UNITS | Table.PEOPLE | Table.ACCOUNT_TEAMS | Table.OPPORTUNITIES:
            people = ()
            touched.add(row[1])
        case Table.RELATIONSHIPS:
            people = (row[1],)
        case Table.ACTIVITIES:
            people = (row[2],)
        case Table.PERSON_TIES:
            people = (row[0], row[1])
        case _:  # employments; team members never get here
            people = (row[0],)
    for person in people:
        account = mem.account_of_person(person)
        if account is not None:
            touched.add(account)


class _Changer:
    """Changes memory and records each change in the plan."""

    def __init__(self, mem: Memory, plan: Plan) -> None:
        self.mem = mem
        self.plan = plan

    def put(self, table: Table, key: Any, row: Row) -> Row | None:
        self.plan.written[table][key] = row
        self.plan.removed[table].discard(key)
        return self.mem.put(table, key, row)

    def delete(self, table: Table, key: Any) -> Row | None:
        old = self.mem.delete(table, key)
        if old is not None:
            self.plan.written[table].pop(key, None)
            self.plan.removed[table].add(key)
        return old


def id_pairs(id_: str) -> Iterator[tuple[str, str]]:
    """Every way to read ``a:b`` as two ids (ids may themselves hold colons).

    >>> list(id_pairs("T1:P:9"))
    [('T1', 'P:9'), ('T1:P', '9')]
    """
    for i, ch in enumerate(id_):
        if ch == ":":
            yield id_[:i], id_[i + 1 :]


class _Deletions:
    """The deletion semantics of :meth:`graph.store.GraphStore.apply`."""

    def __init__(self, mem: Memory, plan: Plan) -> None:
        self.mem = mem
        self.rows = mem.rows
        self.change = _Changer(mem, plan)

    def delete(self, deletion: Deletion) -> bool:
        """Apply one deletion; True when it removed something."""
        match deletion.kind:
            case DeletionKind.ACCOUNT:
                return self.account(deletion.id)
            case DeletionKind.UNIT:
                return self.dissolve_unit(deletion.id)
            case DeletionKind.PERSON:
                return self.person(deletion.id)
            case DeletionKind.TEAM_MEMBER:
                return self.team_member(deletion.id)
            case DeletionKind.RELATIONSHIP:
                return any(self.pair(tm, p) for tm, p in id_pairs(deletion.id))
            case DeletionKind.PERSON_TIE:
                return any(self.tie(a, b) for a, b in id_pairs(deletion.id))
        raise ValueError(f"unknown deletion kind {deletion.kind!r}")

    def account(self, id_: str) -> bool:
        if id_ not in self.rows[Table.ACCOUNTS]:
            return False
        mem, change = self.mem, self.change
        for person in list(mem.members(mem.people_of, id_)):
            self.person(person)
        for unit in list(mem.members(mem.units_of, id_)):
            self.drop_unit(unit)
        for opportunity in list(mem.members(mem.opportunities_of, id_)):
            change.delete(Table.OPPORTUNITIES, opportunity)
        for tm in list(mem.members(mem.team_of, id_)):
            change.delete(Table.ACCOUNT_TEAMS, (tm, id_))
        for key in list(mem.members(mem.employments_at, (id_, 1))):
            change.delete(Table.EMPLOYMENTS, key)
        change.delete(Table.ACCOUNTS, id_)
        return True

    def drop_unit(self, id_: str) -> None:
        """Delete a unit outright (its account is going); anything of another account
        that still points at it is cut loose rather than left dangling."""
        mem, change = self.mem, self.change
        units, people = self.rows[Table.UNITS], self.rows[Table.PEOPLE]
        for sub in list(mem.members(mem.sub_units, id_)):
            change.put(Table.UNITS, sub, replace(units[sub], UNIT_PARENT, None))
        for person in list(mem.members(mem.people_in, id_)):
            change.put(Table.PEOPLE, person, replace(people[person], PERSON_UNIT, None))
        for key in list(mem.members(mem.employments_at, (id_, 0))):
            change.delete(Table.EMPLOYMENTS, key)
        for opportunity in list(mem.members(mem.opportunities_at, id_)):
            change.delete(Table.OPPORTUNITIES, opportunity)
        change.delete(Table.UNITS, id_)

    def dissolve_unit(self, id_: str) -> bool:
        """Sub-units, people and positions move to the parent (or the account)."""
        unit = self.rows[Table.UNITS].get(id_)
        if unit is None:
            return False
        mem, change = self.mem, self.change
        units, people = self.rows[Table.UNITS], self.rows[Table.PEOPLE]
        account_id, parent_id = unit[1], unit[UNIT_PARENT]
        for sub in list(mem.members(mem.sub_units, id_)):
            change.put(Table.UNITS, sub, replace(units[sub], UNIT_PARENT, parent_id))
        for person in list(mem.members(mem.people_in, id_)):
            change.put(Table.PEOPLE, person, replace(people[person], PERSON_UNIT, parent_id))
        place, at_account = (account_id, 1) if parent_id is None else (parent_id, 0)
        employments = self.rows[Table.EMPLOYMENTS]
        for key in list(mem.members(mem.employments_at, (id_, 0))):
            old = change.delete(Table.EMPLOYMENTS, key)
            moved = (key[0], place, key[2])
            # A position already held at the parent from the same date is kept.
            if old is not None and moved not in employments:
                change.put(Table.EMPLOYMENTS, moved, (*moved, old[3], old[4], at_account))
        for opportunity in list(mem.members(mem.opportunities_at, id_)):
            change.delete(Table.OPPORTUNITIES, opportunity)
        change.delete(Table.UNITS, id_)
        return True

    def person(self, id_: str) -> bool:
        if id_ not in self.rows[Table.PEOPLE]:
            return False
        mem, change = self.mem, self.change
        people = self.rows[Table.PEOPLE]
        for tm in list(mem.members(mem.knowers, id_)):
            self.pair(tm, id_)
        for other in list(mem.members(mem.ties_of, id_)):
            self.tie(id_, other)
        for key in list(mem.members(mem.employments_of, id_)):
            change.delete(Table.EMPLOYMENTS, key)
        for report in list(mem.members(mem.people_managed, id_)):
            change.put(Table.PEOPLE, report, replace(people[report], PERSON_MANAGER, None))
        change.delete(Table.PEOPLE, id_)
        return True

    def team_member(self, id_: str) -> bool:
        if id_ not in self.rows[Table.TEAM_MEMBERS]:
            return False
        mem, change = self.mem, self.change
        team_members = self.rows[Table.TEAM_MEMBERS]
        for account_id in list(mem.members(mem.teams_of_member, id_)):
            change.delete(Table.ACCOUNT_TEAMS, (id_, account_id))
        for person in list(mem.members(mem.known_by, id_)):
            self.pair(id_, person)
        for report in list(mem.members(mem.reports, id_)):
            change.put(
                Table.TEAM_MEMBERS,
                report,
                replace(team_members[report], TEAM_MEMBER_MANAGER, None),
            )
        change.delete(Table.TEAM_MEMBERS, id_)
        return True

    def pair(self, tm: str, person: str) -> bool:
        """Remove a relationship: the snapshot and the pair's activities."""
        found = self.change.delete(Table.RELATIONSHIPS, (tm, person)) is not None
        for activity in list(self.mem.members(self.mem.pair_activities, (tm, person))):
            self.change.delete(Table.ACTIVITIES, activity)
            found = True
        return found

    def tie(self, a: str, b: str) -> bool:
        key = (a, b) if a < b else (b, a)
        return self.change.delete(Table.PERSON_TIES, key) is not None

"""The embedded store's record tables, derived from the record dataclasses.

Each record kind of :mod:`graph.schema` is one table whose columns are the fields
of its dataclass, in order, typed from the field's annotation (text, enums and
dates are ``TEXT``, ``bool`` and ``int`` ``INTEGER``, ``float`` ``REAL``); a field
that cannot be ``None``, or is part of the key, is ``NOT NULL``. So the DDL, the
planner's statements and the row conversions (:mod:`graph.embedded.rows`) follow
the dataclass: a new field is a new column without touching this module (a store
written before it gains the column by a migration, :meth:`RecordTable.add_column`).

Table and column names come from these definitions only, never from input; values
always travel as ``?`` parameters.

>>> RECORD_TABLES[RecordKind.ACCOUNT_TEAM].create_table.split("\\n")[1:4]
['    team_member_id TEXT NOT NULL,', '    account_id TEXT NOT NULL,', '    role TEXT,']
"""

from __future__ import annotations

import datetime as dt
from dataclasses import MISSING, Field, dataclass, fields
from enum import Enum
from typing import Any, Final

from graph.fields import field_type
from graph.schema import (
    AccountRecord,
    AccountTeamRecord,
    ActivityRecord,
    EmploymentRecord,
    OpportunityRecord,
    PersonRecord,
    PersonTieRecord,
    RecordKind,
    RelationshipRecord,
    TeamMemberRecord,
    UnitRecord,
)


def sql_type(tp: type) -> str:
    """The column type of a field type.

    >>> [sql_type(t) for t in (str, bool, int, float, dt.date)]
    ['TEXT', 'INTEGER', 'INTEGER', 'REAL', 'TEXT']
    """
    if issubclass(tp, bool | int):
        return "INTEGER"
    if issubclass(tp, float):
        return "REAL"
    if issubclass(tp, str | dt.date):  # StrEnums are str
        return "TEXT"
    raise TypeError(f"no SQLite column type for {tp!r}: add one to graph/sql_tables.py")


def _literal(value: Any) -> str:
    """A dataclass default as an SQL literal (only for DEFAULT clauses)."""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, int | float):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


@dataclass(frozen=True, slots=True)
class RecordTable:
    """One record table: its DDL and the statements the planner runs on it."""

    name: str
    record: type
    key: tuple[str, ...]
    #: Secondary indexes: (index name, indexed columns as SQL).
    indexes: tuple[tuple[str, str], ...] = ()
    #: Table constraints beyond the key.
    checks: tuple[str, ...] = ()
    #: Columns a migration added to stores of an earlier schema: a NOT NULL one
    #: takes its dataclass default, so rows written before it have a value.
    added: frozenset[str] = frozenset()

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(f.name for f in fields(self.record))

    def column_sql(self, f: Field[Any]) -> str:
        """The column definition of field ``f``."""
        tp, optional = field_type(self.record, f.name)
        text = f"{f.name} {sql_type(tp)}"
        if not optional or f.name in self.key:
            text += " NOT NULL"
            if f.name in self.added and f.default is not MISSING:
                text += f" DEFAULT {_literal(f.default)}"
        if self.key == (f.name,):
            text = text.replace(" NOT NULL", "") + " PRIMARY KEY"
        return text

    @property
    def create_table(self) -> str:
        parts = [self.column_sql(f) for f in fields(self.record)]
        if len(self.key) > 1:
            parts.append(f"PRIMARY KEY ({', '.join(self.key)})")
        parts.extend(self.checks)
        body = ",\n".join(f"    {p}" for p in parts)
        return f"CREATE TABLE IF NOT EXISTS {self.name} (\n{body}\n) WITHOUT ROWID"

    @property
    def create_indexes(self) -> tuple[str, ...]:
        return tuple(
            f"CREATE INDEX IF NOT EXISTS {name} ON {self.name} ({on})" for name, on in self.indexes
        )

    def add_column(self, name: str) -> str:
        """The migration adding field ``name`` to a store made before it."""
        (f,) = [f for f in fields(self.record) if f.name == self.column(name)]
        return f"ALTER TABLE {self.name} ADD COLUMN {self.column_sql(f)}"

    # ------------------------------------------------------------ the planner's
    @property
    def select_all(self) -> str:
        return f"SELECT {', '.join(self.columns)} FROM {self.name}"  # noqa: S608

    @property
    def select_by_keys(self) -> str:
        """Stored rows whose key is in a JSON array (one parameter) of keys (an
        array of arrays for a key of several columns)."""
        if len(self.key) == 1:
            keys = "SELECT value FROM json_each(?)"
            return f"{self.select_all} WHERE {self.key[0]} IN ({keys})"
        picked = ", ".join(f"value ->> {i}" for i in range(len(self.key)))
        return (
            f"{self.select_all} WHERE ({', '.join(self.key)}) IN "  # noqa: S608
            f"(SELECT {picked} FROM json_each(?))"
        )

    @property
    def select_ids(self) -> str:
        """Ids in a JSON array (one parameter) that the table holds."""
        return f"SELECT id FROM {self.name} WHERE id IN (SELECT value FROM json_each(?))"  # noqa: S608

    @property
    def any_row(self) -> str:
        return f"SELECT 1 FROM {self.name} LIMIT 1"  # noqa: S608

    @property
    def insert(self) -> str:
        marks = ", ".join("?" for _ in self.columns)
        return f"INSERT INTO {self.name} ({', '.join(self.columns)}) VALUES ({marks})"  # noqa: S608

    @property
    def upsert(self) -> str:
        rest = [c for c in self.columns if c not in self.key]
        updates = ", ".join(f"{c} = excluded.{c}" for c in rest)
        return f"{self.insert} ON CONFLICT ({', '.join(self.key)}) DO UPDATE SET {updates}"

    @property
    def insert_new(self) -> str:
        return f"{self.insert} ON CONFLICT ({', '.join(self.key)}) DO NOTHING"

    def column(self, name: str) -> str:
        """``name`` if it is one of this table's columns (a guard: only column
        names from the record dataclasses ever reach the statement text)."""
        if name not in self.columns:
            raise ValueError(f"the table {self.name} has no column {name!r}")
        return name

    def exists(self) -> str:
        return f"SELECT 1 FROM {self.name} WHERE id = ?"  # noqa: S608

    def ids_where(self, name: str) -> str:
        return f"SELECT id FROM {self.name} WHERE {self.column(name)} = ?"  # noqa: S608

    def rows_where(self, names: tuple[str, ...]) -> str:
        return f"{self.select_all} WHERE {self._where(names)}"

    def set_where(self, name: str) -> str:
        column = self.column(name)
        return f"UPDATE {self.name} SET {column} = ? WHERE {column} = ?"  # noqa: S608

    def delete_where(self, names: tuple[str, ...]) -> str:
        return f"DELETE FROM {self.name} WHERE {self._where(names)}"  # noqa: S608

    def _where(self, names: tuple[str, ...]) -> str:
        return " AND ".join(f"{self.column(n)} = ?" for n in names)


_CREATED: Final = "created_on"

#: Every record table, in the order the schema creates them. Version 2 added the
#: creation dates, the account's status and placeholder team members.
RECORD_TABLES: Final[dict[RecordKind, RecordTable]] = {
    RecordKind.ACCOUNT: RecordTable(
        "accounts", AccountRecord, ("id",), added=frozenset({"status", _CREATED})
    ),
    RecordKind.UNIT: RecordTable(
        "units",
        UnitRecord,
        ("id",),
        (("units_account", "account_id"), ("units_parent", "parent_id")),
        added=frozenset({_CREATED}),
    ),
    RecordKind.PERSON: RecordTable(
        "people",
        PersonRecord,
        ("id",),
        (
            ("people_account", "account_id"),
            ("people_unit", "unit_id"),
            ("people_manager", "manager_id"),
        ),
        added=frozenset({_CREATED}),
    ),
    RecordKind.TEAM_MEMBER: RecordTable(
        "team_members",
        TeamMemberRecord,
        ("id",),
        (("team_members_manager", "manager_id"),),
        added=frozenset({"placeholder", _CREATED}),
    ),
    RecordKind.ACCOUNT_TEAM: RecordTable(
        "account_teams",
        AccountTeamRecord,
        ("team_member_id", "account_id"),
        (("account_teams_account", "account_id"),),
    ),
    RecordKind.RELATIONSHIP: RecordTable(
        "relationships",
        RelationshipRecord,
        ("team_member_id", "person_id"),
        (("relationships_person", "person_id"),),
        added=frozenset({_CREATED}),
    ),
    # Covering for the read path too: a pair's timeline comes out of the index
    # grouped and sorted by (date, id).
    RecordKind.ACTIVITY: RecordTable(
        "activities",
        ActivityRecord,
        ("id",),
        (("activities_person", "person_id, team_member_id, date, id, type"),),
    ),
    # A tie is stored once, under its ordered pair (person_id < other_person_id).
    RecordKind.PERSON_TIE: RecordTable(
        "person_ties",
        PersonTieRecord,
        ("person_id", "other_person_id"),
        (("person_ties_other", "other_person_id"),),
        ("CHECK (person_id < other_person_id)",),
        added=frozenset({_CREATED}),
    ),
    # from_date '' stands for "unknown": a key column cannot be NULL. unit_id names
    # a unit, or an account when at_account is 1.
    RecordKind.EMPLOYMENT: RecordTable(
        "employments",
        EmploymentRecord,
        ("person_id", "unit_id", "from_date"),
        (("employments_place", "unit_id, at_account"),),
    ),
    RecordKind.OPPORTUNITY: RecordTable(
        "opportunities",
        OpportunityRecord,
        ("id",),
        (("opportunities_account", "account_id"), ("opportunities_unit", "unit_id")),
    ),
}


def missing_columns(present: dict[str, set[str]]) -> tuple[str, ...]:
    """The migrations adding every declared column a stored table lacks, given the
    columns each stored table has (by table name; a table not stored is skipped:
    the schema creates it whole). With it a store takes a new record field without
    a hand-written ALTER.

    >>> missing_columns({"account_teams": {"team_member_id", "account_id"}})
    ('ALTER TABLE account_teams ADD COLUMN role TEXT',)
    """
    return tuple(
        table.add_column(column)
        for table in RECORD_TABLES.values()
        if table.name in present
        for column in table.columns
        if column not in present[table.name]
    )

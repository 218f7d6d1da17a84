"""The embedded store's side of a load: what :mod:`graph.plan` and
:mod:`graph.cascade` ask of a store, answered by SQL on the connection whose
transaction the batch is applied in, for just the keys of the batch.

:class:`SqliteRows` finds the stored rows and ids the planner compares and checks
against; :func:`write_plans` writes what it planned, kind by kind; :class:`SqlitePrimitives`
runs a deletion's reads and writes, each seeing the writes before it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice
from operator import itemgetter
from typing import Any, Final

from graph import sql
from graph.cascade import Value
from graph.embedded import rows, search
from graph.embedded.rows import NO_DATE, Row
from graph.plan import Key, KindPlan
from graph.schema import EmploymentRecord, RecordKind

#: Keys asked for in one statement (one JSON parameter).
CHUNK: Final = 20_000
#: From this many rows on, a first load into a table builds its indexes afterwards.
BULK_ROWS: Final = 10_000

_ENCODERS: Final[dict[RecordKind, Callable[[Any], Row]]] = {
    RecordKind.ACCOUNT: rows.account_row,
    RecordKind.UNIT: rows.unit_row,
    RecordKind.PERSON: rows.person_row,
    RecordKind.TEAM_MEMBER: rows.team_member_row,
    RecordKind.ACCOUNT_TEAM: rows.account_team_row,
    RecordKind.RELATIONSHIP: rows.relationship_row,
    RecordKind.ACTIVITY: rows.activity_row,
    RecordKind.PERSON_TIE: rows.tie_row,
    RecordKind.EMPLOYMENT: rows.employment_row,
    RecordKind.OPPORTUNITY: rows.opportunity_row,
}
_KEY_COLUMNS: Final[dict[RecordKind, Callable[[Row], Any]]] = {
    kind: itemgetter(0) if len(table.key) == 1 else itemgetter(*range(len(table.key)))
    for kind, table in sql.RECORD_TABLES.items()
}
#: A row's key: its leading columns (one value, or a tuple of several).
_KEYS: Final[dict[RecordKind, Callable[[Row], Key]]] = dict(_KEY_COLUMNS)
_PLACEHOLDER: Final = sql.RECORD_TABLES[RecordKind.TEAM_MEMBER].columns.index("placeholder")


def _chunks(items: Sequence[Any]) -> Iterator[list[Any]]:
    it = iter(items)
    while chunk := list(islice(it, CHUNK)):
        yield chunk


class SqliteRows:
    """:class:`graph.plan.StoredRows` on a SQLite connection: rows are the tuples
    of :mod:`graph.embedded.rows`, which compare equal to what SQLite gives back."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        #: The kinds whose table held no row when the planner asked.
        self.empty: set[RecordKind] = set()

    def encoder(self, kind: RecordKind) -> Callable[[Any], Row]:
        return _ENCODERS[kind]

    def key_of(self, kind: RecordKind) -> Callable[[Row], Key]:
        return _KEYS[kind]

    def stored(self, kind: RecordKind, keys: list[Key]) -> Mapping[Key, Row]:
        table = sql.RECORD_TABLES[kind]
        conn = self._conn
        if not keys:
            return {}
        # A first load finds its tables empty: nothing to look up.
        if conn.execute(table.any_row).fetchone() is None:
            self.empty.add(kind)
            return {}
        key = _KEYS[kind]
        found: dict[Key, Row] = {}
        for chunk in _chunks(keys):
            for row in conn.execute(table.select_by_keys, (json.dumps(chunk),)):
                found[key(row)] = row
        return found

    def same(self, kind: RecordKind, new: Row, old: Row) -> bool:
        return new == old

    def placeholder(self, row: Row) -> bool:
        return bool(row[_PLACEHOLDER])

    def existing_ids(self, kind: RecordKind, ids: list[str]) -> set[str]:
        statement = sql.RECORD_TABLES[kind].select_ids
        found: set[str] = set()
        for chunk in _chunks(ids):
            found.update(r[0] for r in self._conn.execute(statement, (json.dumps(chunk),)))
        return found


def write_plans(
    conn: sqlite3.Connection, plans: Iterable[KindPlan[Row]], stored: SqliteRows
) -> bool:
    """Write each kind's plan as it comes (a streamed kind comes in several, one
    after the other) inside the open transaction; whether anything was written.

    A plain INSERT for new rows (a third cheaper than an upsert). A large first
    load into a table the planner found empty goes in key order (each row lands at
    the end of the key's B-tree, where a hashed key would land anywhere), with the
    table's other indexes and its search triggers dropped at its first plan, and
    the indexes built and the search index filled once after its last, rather than
    row by row."""
    wrote = False
    deferred: _Deferred | None = None
    for plan in plans:
        table = sql.RECORD_TABLES[plan.kind]
        if deferred is not None and deferred.table != table.name:
            deferred.finish(conn)
            deferred = None
        if not plan.rows:
            continue
        wrote = True
        bulk = plan.kind in stored.empty and plan.created is None
        if bulk and deferred is None and len(plan.rows) >= BULK_ROWS:
            deferred = _Deferred.start(conn, table.name)
        if bulk and deferred is not None:
            in_order = sorted(plan.rows.values(), key=_KEY_COLUMNS[plan.kind])
            conn.executemany(table.insert, in_order)
        else:
            _write(conn, table, plan)
    if deferred is not None:
        deferred.finish(conn)
    return wrote


def _write(conn: sqlite3.Connection, table: sql.RecordTable, plan: KindPlan[Row]) -> None:
    to_write = plan.rows
    created = plan.created
    if created is None:
        conn.executemany(table.insert, to_write.values())
        return
    conn.executemany(table.insert, (to_write[k] for k in created))
    conn.executemany(table.upsert, (r for k, r in to_write.items() if k not in created))


@dataclass(frozen=True, slots=True)
class _Deferred:
    """A table whose secondary indexes (whatever the schema gives it) and search
    triggers are dropped while a first load fills it."""

    table: str
    indexes: list[tuple[str, str]]  # (name, definition)

    @classmethod
    def start(cls, conn: sqlite3.Connection, table: str) -> _Deferred:
        found: list[tuple[str, str]] = conn.execute(sql.SELECT_INDEXES_OF, (table,)).fetchall()
        for name, _ in found:
            conn.execute(sql.drop_index(name))
        fill = search.BULK_FILL.get(table)
        for statement in () if fill is None else fill.drop:
            conn.execute(statement)
        return cls(table, found)

    def finish(self, conn: sqlite3.Connection) -> None:
        for _, definition in self.indexes:
            conn.execute(definition)
        fill = search.BULK_FILL.get(self.table)
        if fill is not None:
            for statement in (*fill.fill, *fill.create):
                conn.execute(statement)


def _param(value: Value) -> object:
    """A field value as its column holds it (see :mod:`graph.embedded.rows`)."""
    if isinstance(value, bool):
        return int(value)
    if value is None:
        return None
    return value if isinstance(value, str) else value.isoformat()


class SqlitePrimitives:
    """:class:`graph.cascade.Primitives` on a SQLite connection."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def exists(self, kind: RecordKind, id_: str) -> bool:
        table = sql.RECORD_TABLES[kind]
        return self._conn.execute(table.exists(), (id_,)).fetchone() is not None

    def ids_where(self, kind: RecordKind, name: str, value: str) -> list[str]:
        statement = sql.RECORD_TABLES[kind].ids_where(name)
        return [r[0] for r in self._conn.execute(statement, (value,))]

    def unit_place(self, id_: str) -> tuple[str, str | None] | None:
        found = self._conn.execute(sql.SELECT_UNIT_PLACE, (id_,)).fetchone()
        return None if found is None else (found[0], found[1])

    def employments_at(self, place: str, at_account: bool) -> list[EmploymentRecord]:
        table = sql.RECORD_TABLES[RecordKind.EMPLOYMENT]
        statement = table.rows_where(("unit_id", "at_account"))
        found = self._conn.execute(statement, (place, int(at_account)))
        return [rows.employment_record(r) for r in found]

    def set_where(self, kind: RecordKind, name: str, old: str, new: str | None) -> None:
        self._conn.execute(sql.RECORD_TABLES[kind].set_where(name), (new, old))

    def delete_where(self, kind: RecordKind, where: Mapping[str, Value]) -> int:
        statement = sql.RECORD_TABLES[kind].delete_where(tuple(where))
        values = [_param(v) for v in where.values()]
        if kind is RecordKind.EMPLOYMENT and "from_date" in where and where["from_date"] is None:
            values[list(where).index("from_date")] = NO_DATE
        return self._conn.execute(statement, values).rowcount

    def add_employment(self, record: EmploymentRecord) -> bool:
        table = sql.RECORD_TABLES[RecordKind.EMPLOYMENT]
        return self._conn.execute(table.insert_new, rows.employment_row(record)).rowcount > 0

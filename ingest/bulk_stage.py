"""The link rows of a native bundle (relationships, activities, person ties) staged
in a private SQLite file instead of Python objects, so a load holds one batch of
them at a time whatever the bundle's size.

The rows are checked cell by cell as they are read (:mod:`ingest.native_links`);
what needs every row at once is asked of SQLite: duplicates (:meth:`LeafStage.duplicates`),
the references the bundle does not satisfy (:meth:`LeafStage.flagged`), the
activities' ids (the occurrence of a row among its identical twins) and the
order the store writes them in (:meth:`LeafStage.chunks`). The file is SQLite's
own temporary file (``connect("")``): it lives on disk, not in memory, and is
removed when the stage is closed.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Final

from graph.schema import (
    ActivityRecord,
    ActivityType,
    PersonTieRecord,
    RecordKind,
    RelationshipRecord,
    TieKind,
)
from ingest.activity_ids import activity_id

#: Rows written to or read from the stage in one statement.
BATCH: Final = 50_000
#: Page cache of the stage connection (KiB): enough for its sorts, bounded.
CACHE_KIB: Final = 65_536


@dataclass(frozen=True, slots=True)
class _Link:
    """One staged kind: its table, columns, key and the two ids it refers by."""

    table: str
    columns: tuple[str, ...]
    key: tuple[str, ...]  # the row's identity (duplicates share it)
    refs: tuple[str, str]  # the columns naming (team member | person, person)
    order: str  # the store's key order, for writing


LINKS: Final[dict[RecordKind, _Link]] = {
    RecordKind.RELATIONSHIP: _Link(
        "rel",
        ("tm", "person", "strength", "last_contact", "touches", "source", "created_on"),
        ("tm", "person"),
        ("tm", "person"),
        "tm, person",
    ),
    RecordKind.ACTIVITY: _Link("act", ("tm", "person", "type", "date"), (), ("tm", "person"), "id"),
    RecordKind.PERSON_TIE: _Link(
        "tie",
        ("a", "b", "strength", "kind", "created_on", "lo", "hi"),
        ("lo", "hi"),
        ("a", "b"),
        "lo, hi",
    ),
}

_ACTIVITY_TYPES: Final = {t.value: t for t in ActivityType}
_TIE_KINDS: Final = {k.value: k for k in TieKind}
_date = dt.date.fromisoformat


def _day(text: str | None) -> dt.date | None:
    return None if text is None else _date(text)


class LeafStage:
    """The staging file of one load; close it when the load is done."""

    def __init__(self) -> None:
        self._conn = sqlite3.connect("", isolation_level=None)
        pragmas = ("journal_mode = OFF", "synchronous = OFF", f"cache_size = -{CACHE_KIB}")
        for pragma in pragmas:
            self._conn.execute(f"PRAGMA {pragma}")
        self._conn.create_function("activity_id", 5, activity_id, deterministic=True)
        for link in LINKS.values():
            columns = ", ".join(link.columns)
            self._conn.execute(f"CREATE TABLE {link.table} ({columns}, line INTEGER NOT NULL)")
        # One transaction for the stage's life (it is never committed: the file goes
        # when the stage is closed); outside one, each row would be a transaction.
        self._conn.execute("BEGIN")
        self._buffers: dict[RecordKind, list[tuple[Any, ...]]] = {k: [] for k in LINKS}
        #: kind -> the file its rows come from
        self.files: dict[RecordKind, str] = {}
        self.ids_loaded = False

    def close(self) -> None:
        self._conn.close()

    # ------------------------------------------------------------------ filling
    def add(self, kind: RecordKind, row: tuple[Any, ...]) -> None:
        """Stage one row: its columns (see :data:`LINKS`) and its line, last."""
        buffer = self._buffers[kind]
        buffer.append(row)
        if len(buffer) >= BATCH:
            self.flush(kind)

    def flush(self, kind: RecordKind) -> None:
        buffer = self._buffers[kind]
        if buffer:
            link = LINKS[kind]
            marks = ", ".join("?" * (len(link.columns) + 1))
            self._conn.executemany(f"INSERT INTO {link.table} VALUES ({marks})", buffer)  # noqa: S608
            buffer.clear()

    def duplicates(self, kind: RecordKind) -> Iterator[tuple[int, int, str]]:
        """Rows whose key an earlier row of the file holds: (line, first line, the
        second key column), in line order; they leave the stage."""
        link = LINKS[kind]
        self.flush(kind)
        if not link.key:
            return
        keys = ", ".join(link.key)
        on = " AND ".join(f"s.{c} = f.{c}" for c in link.key)
        self._conn.execute(f"CREATE INDEX {link.table}_key ON {link.table} ({keys}, line)")
        query = (
            f"SELECT s.rowid, s.line, f.first, s.{link.refs[1]} FROM {link.table} s "  # noqa: S608
            f"JOIN (SELECT {keys}, min(line) AS first FROM {link.table} GROUP BY {keys} "
            f"HAVING count(*) > 1) f ON {on} WHERE s.line > f.first ORDER BY s.line"
        )
        found = self._conn.execute(query).fetchall()
        self._delete(link, [r[0] for r in found])
        self._conn.execute(f"DROP INDEX {link.table}_key")
        for _, line, first, value in found:
            yield line, first, value

    def _delete(self, link: _Link, rowids: list[int]) -> None:
        for i in range(0, len(rowids), BATCH):
            chunk = [(r,) for r in rowids[i : i + BATCH]]
            self._conn.executemany(f"DELETE FROM {link.table} WHERE rowid = ?", chunk)  # noqa: S608

    # --------------------------------------------------------------- validating
    def load_ids(self, team: Iterable[str], people: Iterable[str]) -> None:
        """The team members and people the bundle carries (after their checks):
        what the staged rows' references resolve to without asking the store."""
        conn = self._conn
        for name, ids in (("ids_team", team), ("ids_person", people)):
            conn.execute(f"DROP TABLE IF EXISTS {name}")
            conn.execute(f"CREATE TABLE {name} (id TEXT PRIMARY KEY) WITHOUT ROWID")
            conn.executemany(f"INSERT OR IGNORE INTO {name} VALUES (?)", ((i,) for i in ids))  # noqa: S608
        self.ids_loaded = True

    def flagged(self, kind: RecordKind) -> Iterator[list[tuple[int, int, str, str]]]:
        """Batches of (rowid, line, first ref, second ref) of the rows a reference of
        which the bundle does not hold (the store may): to be explained in Python."""
        link = LINKS[kind]
        self.flush(kind)
        first, second = link.refs
        one = "ids_person" if kind is RecordKind.PERSON_TIE else "ids_team"
        query = (
            f"SELECT rowid, line, {first}, {second} FROM {link.table} "  # noqa: S608
            f"WHERE {first} NOT IN (SELECT id FROM {one}) "
            f"OR {second} NOT IN (SELECT id FROM ids_person) ORDER BY line"
        )
        cursor = self._conn.execute(query)
        while batch := cursor.fetchmany(BATCH):
            yield batch

    def drop(self, kind: RecordKind, rowids: list[int]) -> None:
        """Take rows out of the stage (they failed a check)."""
        self._delete(LINKS[kind], rowids)

    # ------------------------------------------------------------------ reading
    def count(self, kind: RecordKind) -> int:
        self.flush(kind)
        return int(self._conn.execute(f"SELECT count(*) FROM {LINKS[kind].table}").fetchone()[0])  # noqa: S608

    def ends(self, kind: RecordKind) -> Iterator[list[tuple[str, str]]]:
        """Batches of the two ids each staged row refers to (for a dry run's counts)."""
        first, second = LINKS[kind].refs
        cursor = self._conn.execute(f"SELECT {first}, {second} FROM {LINKS[kind].table}")  # noqa: S608
        while batch := cursor.fetchmany(BATCH):
            yield batch

    def chunks(self, kind: RecordKind) -> Iterator[list[Any]]:
        """The staged records in batches, in the order of the store's key."""
        self.flush(kind)
        link = LINKS[kind]
        if kind is RecordKind.ACTIVITY:
            # The id of an activity is stable: the row's position among its identical
            # twins (by line) is part of it, as the record path numbers them.
            query = (
                "SELECT activity_id(tm, person, type, date, row_number() OVER "
                "(PARTITION BY tm, person, type, date ORDER BY line) - 1) AS id, "
                "tm, person, type, date FROM act ORDER BY id"
            )
        else:
            query = f"SELECT {', '.join(link.columns)} FROM {link.table} ORDER BY {link.order}"  # noqa: S608
        cursor = self._conn.execute(query)
        make = _MAKERS[kind]
        while batch := cursor.fetchmany(BATCH):
            yield [make(r) for r in batch]


def _relationship(r: tuple[Any, ...]) -> RelationshipRecord:
    return RelationshipRecord(r[0], r[1], r[2], _day(r[3]), r[4], r[5], _day(r[6]))


def _activity(r: tuple[Any, ...]) -> ActivityRecord:
    return ActivityRecord(r[0], r[1], r[2], _ACTIVITY_TYPES[r[3]], _date(r[4]))


def _tie(r: tuple[Any, ...]) -> PersonTieRecord:
    return PersonTieRecord(r[0], r[1], r[2], _TIE_KINDS[r[3]], _day(r[4]))


_MAKERS: Final = {
    RecordKind.RELATIONSHIP: _relationship,
    RecordKind.ACTIVITY: _activity,
    RecordKind.PERSON_TIE: _tie,
}

"""The embedded store's tables follow the record dataclasses (graph.sql_tables):
a new store holds exactly the declared columns, types, keys and indexes, and a
field added to a record becomes a column, in a new store and by migration."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass, fields
from pathlib import Path

import pytest

from graph.embedded import EmbeddedStore
from graph.fields import field_type
from graph.schema import UnitStatus
from graph.sql_tables import RECORD_TABLES, RecordTable, missing_columns, sql_type


def _store_tables(path: Path) -> sqlite3.Connection:
    EmbeddedStore(path).close()
    return sqlite3.connect(path)


def test_a_new_store_holds_the_tables_the_records_declare(tmp_path: Path) -> None:
    conn = _store_tables(tmp_path / "s.db")
    for table in RECORD_TABLES.values():
        info = conn.execute(f"PRAGMA table_info({table.name})").fetchall()
        assert [r[1] for r in info] == [f.name for f in fields(table.record)], table.name
        for _, name, type_, notnull, _, pk in info:
            tp, optional = field_type(table.record, name)
            assert type_ == sql_type(tp), (table.name, name)
            assert bool(notnull) == (not optional or name in table.key), (table.name, name)
            assert (pk > 0) == (name in table.key), (table.name, name)
        indexes = {
            r[1]: [c[2] for c in conn.execute(f"PRAGMA index_info({r[1]})")]
            for r in conn.execute(f"PRAGMA index_list({table.name})")
            if r[3] == "c"  # made by CREATE INDEX, not by the key
        }
        declared = {name: [c.strip() for c in on.split(",")] for name, on in table.indexes}
        assert indexes == declared, table.name


def test_the_sqlite_master_of_a_new_store_is_the_declared_ddl(tmp_path: Path) -> None:
    conn = _store_tables(tmp_path / "s.db")
    stored = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL"))
    for table in RECORD_TABLES.values():
        assert stored[table.name] == table.create_table.replace(" IF NOT EXISTS", "")
        for (name, _), statement in zip(table.indexes, table.create_indexes, strict=True):
            assert stored[name] == statement.replace(" IF NOT EXISTS", "")


def test_a_tie_table_refuses_an_unordered_pair(tmp_path: Path) -> None:
    conn = _store_tables(tmp_path / "s.db")
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        conn.execute("INSERT INTO person_ties VALUES ('P2', 'P1', 0.5, 'other', NULL)")


@dataclass(frozen=True, slots=True)
class _Thing:
    id: str
    name: str
    size: int | None = None
    status: UnitStatus = UnitStatus.PROSPECT
    seen_on: dt.date | None = None  # the "new field"
    active: bool = True


def test_a_new_field_is_a_new_column() -> None:
    table = RecordTable("things", _Thing, ("id",), added=frozenset({"seen_on", "active"}))
    assert table.create_table.split("\n")[1:-1] == [
        "    id TEXT PRIMARY KEY,",
        "    name TEXT NOT NULL,",
        "    size INTEGER,",
        "    status TEXT NOT NULL,",
        "    seen_on TEXT,",
        "    active INTEGER NOT NULL DEFAULT 1",
    ]
    assert table.add_column("seen_on") == "ALTER TABLE things ADD COLUMN seen_on TEXT"
    assert "seen_on = excluded.seen_on" in table.upsert
    assert table.insert.count("?") == 6
    with pytest.raises(ValueError, match="no column 'nope'"):
        table.add_column("nope")


def test_a_field_added_later_reaches_old_rows_by_migration() -> None:
    old = RecordTable("things", _Thing, ("id",))
    conn = sqlite3.connect(":memory:")
    # The table as it was before `active` existed, with a row in it.
    conn.execute(old.create_table.replace(",\n    active INTEGER NOT NULL", ""))
    conn.execute("INSERT INTO things (id, name, status) VALUES ('T1', 'x', 'customer')")
    new = RecordTable("things", _Thing, ("id",), added=frozenset({"active"}))
    conn.execute(new.add_column("active"))
    assert conn.execute("SELECT id, active FROM things").fetchall() == [("T1", 1)]


def test_a_field_of_no_known_type_is_refused() -> None:
    with pytest.raises(TypeError, match="no SQLite column type"):
        sql_type(bytes)


def test_a_store_lacking_a_declared_column_is_given_it(tmp_path: Path) -> None:
    conn = _store_tables(tmp_path / "s.db")
    conn.execute("ALTER TABLE opportunities DROP COLUMN close_date")

    def present() -> dict[str, set[str]]:
        return {
            t.name: {r[1] for r in conn.execute(f"PRAGMA table_info({t.name})")}
            for t in RECORD_TABLES.values()
        }

    assert missing_columns(present()) == ("ALTER TABLE opportunities ADD COLUMN close_date TEXT",)
    for statement in missing_columns(present()):
        conn.execute(statement)
    assert missing_columns(present()) == ()

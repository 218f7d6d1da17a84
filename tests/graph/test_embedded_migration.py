"""A store written by the previous schema (version 1) opens in place: it gains the
creation-date, account-status and placeholder columns in one transaction, and every
row it held reads back with the new fields empty."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from graph import sql
from graph.embedded import EmbeddedStore
from graph.errors import StoreUnavailableError
from graph.schema import (
    AccountRecord,
    Batch,
    Deletion,
    DeletionKind,
    PersonRecord,
    RecordKind,
    TeamMemberRecord,
    UnitStatus,
)
from tests.graph._graphs import account_graph

# The version-1 tables the migration changes, as version 1 created them.
_V1 = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID",
    "INSERT INTO meta (key, value) VALUES ('revision', 7)",
    """CREATE TABLE accounts (id TEXT PRIMARY KEY, name TEXT NOT NULL, industry TEXT,
        country TEXT, tier TEXT) WITHOUT ROWID""",
    """CREATE TABLE units (id TEXT PRIMARY KEY, account_id TEXT NOT NULL, kind TEXT NOT NULL,
        name TEXT NOT NULL, parent_id TEXT, status TEXT NOT NULL, headcount INTEGER,
        revenue REAL) WITHOUT ROWID""",
    """CREATE TABLE people (id TEXT PRIMARY KEY, account_id TEXT NOT NULL, name TEXT NOT NULL,
        unit_id TEXT, title TEXT, seniority TEXT NOT NULL, buying_role TEXT, manager_id TEXT,
        email TEXT, left_on TEXT) WITHOUT ROWID""",
    """CREATE TABLE team_members (id TEXT PRIMARY KEY, name TEXT NOT NULL, email TEXT,
        role TEXT, manager_id TEXT, active INTEGER NOT NULL) WITHOUT ROWID""",
    """CREATE TABLE relationships (team_member_id TEXT NOT NULL, person_id TEXT NOT NULL,
        strength REAL, last_contact TEXT, touches INTEGER, source TEXT,
        PRIMARY KEY (team_member_id, person_id)) WITHOUT ROWID""",
    """CREATE TABLE person_ties (person_id TEXT NOT NULL, other_person_id TEXT NOT NULL,
        strength REAL NOT NULL, kind TEXT NOT NULL, PRIMARY KEY (person_id, other_person_id),
        CHECK (person_id < other_person_id)) WITHOUT ROWID""",
    "INSERT INTO accounts VALUES ('A1', 'Acme', NULL, 'DE', '1')",
    "INSERT INTO units VALUES ('U1', 'A1', 'division', 'Ops', NULL, 'customer', 5, NULL)",
    "INSERT INTO people VALUES ('P1', 'A1', 'Ada', 'U1', 'CEO', 'c_level', NULL, NULL, NULL, NULL)",
    "INSERT INTO people VALUES ('P2', 'A1', 'Bo', 'U1', NULL, 'staff', NULL, NULL, NULL, NULL)",
    "INSERT INTO team_members VALUES ('T1', 'Tia', NULL, NULL, NULL, 1)",
    "INSERT INTO relationships VALUES ('T1', 'P1', 0.8, '2026-01-02', NULL, NULL)",
    "INSERT INTO person_ties VALUES ('P1', 'P2', 0.5, 'friend')",
    "PRAGMA user_version=1",
)


def _v1_store(path: Path) -> None:
    conn = sqlite3.connect(path)
    for statement in _V1:
        conn.execute(statement)
    conn.commit()
    conn.close()


def test_a_version_1_store_upgrades_in_place(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _v1_store(path)
    store = EmbeddedStore(path)
    try:
        account = store.accounts(["A1"])["A1"]
        assert (account.name, account.status, account.created_on) == (
            "Acme",
            UnitStatus.PROSPECT,
            None,
        )
        assert store.units(["U1"])["U1"].status is UnitStatus.CUSTOMER
        assert store.people(["P1"])["P1"].created_on is None
        member = store.team_members(["T1"])["T1"]
        assert (member.name, member.placeholder, member.created_on) == ("Tia", False, None)
        g = account_graph(store, "A1")
        (rel,) = g.get_edge_data(("team_member", "T1"), ("person", "P1")).values()
        assert (rel["strength"], rel["created_on"]) == (0.8, None)
        # The upgraded store takes writes of the new fields.
        placeholder = TeamMemberRecord("T1", "T1", placeholder=True)
        result = store.apply(Batch(team_members=[placeholder]))
        assert result.of(RecordKind.TEAM_MEMBER).unchanged == 1
    finally:
        store.close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == sql.SCHEMA_VERSION


def test_a_store_of_an_unknown_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version=9")
    with pytest.raises(StoreUnavailableError, match="version 9"):
        EmbeddedStore(path)


def _indexes(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        found = conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
        return {name for (name,) in found if not name.startswith("sqlite_")}


def test_a_version_3_store_gains_the_write_path_indexes_in_place(tmp_path: Path) -> None:
    path = tmp_path / "v3.db"
    with EmbeddedStore(path) as store:
        store.apply(
            Batch(
                people=[
                    PersonRecord("P1", "A1", "Ada"),
                    PersonRecord("P2", "A1", "Bo", manager_id="P1"),
                ],
                accounts=[AccountRecord("A1", "Acme")],
            )
        )
    v4 = _indexes(path)
    # What version 3 was: the same tables without the indexes version 4 added.
    with sqlite3.connect(path) as conn:
        for name in ("people_manager", "units_parent", "activities_person"):
            conn.execute(f"DROP INDEX {name}")
        conn.execute("PRAGMA user_version=3")
    assert "people_manager" not in _indexes(path)
    with EmbeddedStore(path) as store:
        assert _indexes(path) == v4
        assert store.revision() == 1
        # The cascade the index serves works on the upgraded store.
        store.apply(Batch(deletions=[Deletion(DeletionKind.PERSON, "P1")]))
        assert store.people(["P2"])["P2"].manager_id is None
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 4
